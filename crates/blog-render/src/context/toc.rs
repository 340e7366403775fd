//! An article's table of contents, from the headings of its body.

use serde::Serialize;

use crate::markdown::TocEntry;

/// The fewest headings that make a table of contents worth showing.
const MIN_HEADINGS: usize = 2;

/// A heading in the table of contents, with the headings below it.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub(crate) struct TocItem {
    id: String,
    text: String,
    children: Vec<TocItem>,
}

/// The table of contents of `entries`, nested two levels deep: the
/// shallowest headings at the top, every deeper one under the heading
/// before it (at the top if none comes before it). None with fewer than
/// [`MIN_HEADINGS`] headings.
pub(crate) fn toc(entries: &[TocEntry]) -> Option<Vec<TocItem>> {
    if entries.len() < MIN_HEADINGS {
        return None;
    }
    let top_level = entries.iter().map(|e| e.level).min()?;
    let mut items: Vec<TocItem> = Vec::new();
    for entry in entries {
        let item = TocItem {
            id: entry.id.clone(),
            text: entry.text.clone(),
            children: Vec::new(),
        };
        match items.last_mut() {
            Some(parent) if entry.level > top_level => parent.children.push(item),
            _ => items.push(item),
        }
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `headings` as `level:id`; `expected` as `id(children) ...`.
    fn check(headings: &[&str], expected: Option<&str>) {
        let entries: Vec<TocEntry> = headings
            .iter()
            .map(|h| {
                let (level, id) = h.split_once(':').expect("level:id");
                TocEntry {
                    level: level.parse().expect("a level"),
                    id: id.to_owned(),
                    text: id.to_uppercase(),
                }
            })
            .collect();
        fn outline(items: &[TocItem]) -> String {
            items
                .iter()
                .map(|i| {
                    assert_eq!(i.text, i.id.to_uppercase());
                    if i.children.is_empty() {
                        i.id.clone()
                    } else {
                        format!("{}({})", i.id, outline(&i.children))
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
        assert_eq!(
            toc(&entries).as_deref().map(outline).as_deref(),
            expected,
            "{headings:?}"
        );
    }

    #[test]
    fn tables_of_contents() {
        check(&[], None);
        check(&["2:only"], None);
        check(&["2:a", "2:b"], Some("a b"));
        check(
            &["2:a", "3:a1", "3:a2", "2:b", "3:b1"],
            Some("a(a1 a2) b(b1)"),
        );
        // A subheading before any heading stands at the top.
        check(&["3:intro", "2:a", "3:a1"], Some("intro a(a1)"));
        // Only subheadings: all at the top.
        check(&["3:x", "3:y"], Some("x y"));
        // Deeper levels fold into two.
        check(&["2:a", "3:b", "4:c"], Some("a(b c)"));
    }
}
