//! Bounds on how deeply an article's HTML nests, so that rendering it takes
//! time in proportion to its length.
//!
//! The sanitiser's HTML parser (html5ever, inside ammonia) looks down the
//! stack of open elements at most tags, so its work grows with the length
//! of the text times the depth of the tree: 100,000 `>` in a row (100,000
//! nested block quotes) took minutes. Browsers cap nesting too (at 512).
//! Two bounds keep the tree shallow:
//!
//! - Markdown's own nesting (block quotes, lists, emphasis, links, ...)
//!   is exact: pulldown-cmark's events say it. Past [`MAX_DEPTH`], start
//!   and end tags are dropped and their content kept, so the text still
//!   shows, one level up.
//! - An author's raw HTML nests as far as its tags say, which only an HTML
//!   parser knows for sure. A cheap scan estimates it (start tags push, end
//!   tags pop to their element, void elements and comments count for
//!   nothing, an `li`, `p`, `td` ... closes the one before it); once the
//!   estimate passes [`MAX_RAW_DEPTH`], that raw HTML and all that follows
//!   it is shown as text instead, which the author sees at once. HTML
//!   written to defeat the estimate (end tags the parser ignores) can still
//!   nest deeper; the size of an imported file bounds it.

use pulldown_cmark::Event;

/// The deepest Markdown elements nest inside each other.
pub(crate) const MAX_DEPTH: usize = 32;

/// The deepest an author's raw HTML elements nest, as estimated.
pub(crate) const MAX_RAW_DEPTH: usize = 64;

/// Elements that have no content and no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose start tag closes an open element of the same group just
/// before it (their end tags are optional).
const SIBLINGS: &[&[&str]] = &[
    &["li"],
    &["p"],
    &["dt", "dd"],
    &["td", "th"],
    &["tr"],
    &["option"],
];

/// Applies both bounds to pulldown-cmark's events, one at a time.
#[derive(Debug, Default)]
pub(crate) struct Bounds {
    /// How many Markdown elements are open, dropped ones included.
    depth: usize,
    /// The names of the raw HTML elements open, as estimated.
    raw: Vec<String>,
    /// Whether raw HTML went too deep: from then on it is text.
    raw_as_text: bool,
}

impl Bounds {
    /// `event`, changed as the bounds require, or `None` to drop it.
    pub(crate) fn admit<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                (self.depth <= MAX_DEPTH).then_some(event)
            }
            Event::End(_) => {
                // Events come balanced: an end has the depth of its start.
                let keep = self.depth <= MAX_DEPTH;
                self.depth = self.depth.saturating_sub(1);
                keep.then_some(event)
            }
            Event::Html(html) | Event::InlineHtml(html) if self.too_deep(&html) => {
                Some(Event::Text(html))
            }
            other => Some(other),
        }
    }

    /// Reads the raw HTML `html`; whether it, or raw HTML before it, nests
    /// past [`MAX_RAW_DEPTH`].
    fn too_deep(&mut self, html: &str) -> bool {
        if !self.raw_as_text {
            self.raw_as_text = self.scan(html).is_err();
        }
        self.raw_as_text
    }

    /// Follows the tags of `html`; an error once they nest too deep.
    fn scan(&mut self, html: &str) -> Result<(), ()> {
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                rest = comment_end(comment);
            } else if let Some(end) = rest.strip_prefix('/') {
                self.close(&tag_name(end));
            } else {
                let name = tag_name(rest);
                if !name.is_empty() {
                    self.open(name)?;
                }
            }
        }
        Ok(())
    }

    fn open(&mut self, name: String) -> Result<(), ()> {
        if VOID.contains(&name.as_str()) {
            return Ok(());
        }
        let group = SIBLINGS.iter().find(|group| group.contains(&name.as_str()));
        if let (Some(group), Some(top)) = (group, self.raw.last())
            && group.contains(&top.as_str())
        {
            self.raw.pop();
        }
        if self.raw.len() >= MAX_RAW_DEPTH {
            return Err(());
        }
        self.raw.push(name);
        Ok(())
    }

    fn close(&mut self, name: &str) {
        if let Some(at) = self.raw.iter().rposition(|open| open == name) {
            self.raw.truncate(at);
        }
    }
}

/// The lowercase name of the tag that `rest` (what follows `<` or `</`)
/// starts with; empty if it starts with no letter.
fn tag_name(rest: &str) -> String {
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return String::new();
    }
    rest.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What follows a comment whose text starts `comment` (after `<!--`).
fn comment_end(comment: &str) -> &str {
    // `<!-->` and `<!--->` end at once.
    if let Some(rest) = comment.strip_prefix('>').or(comment.strip_prefix("->")) {
        return rest;
    }
    let end = ["-->", "--!>"]
        .iter()
        .filter_map(|end| comment.find(end).map(|at| at + end.len()))
        .min();
    end.map_or("", |at| &comment[at..])
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{CowStr, Parser, Tag, TagEnd};

    use super::*;

    /// The depth of the raw HTML `html` as estimated, or `None` if too deep.
    fn raw_depth(html: &str) -> Option<usize> {
        let mut bounds = Bounds::default();
        (!bounds.too_deep(html)).then_some(bounds.raw.len())
    }

    #[test]
    fn raw_html_depth_is_estimated_from_its_tags() {
        let check = |html: &str, expected: Option<usize>| {
            assert_eq!(raw_depth(html), expected, "{html:?}");
        };
        check("<div><p>a</p></div>", Some(0));
        check("<DIV><span>", Some(2));
        check("<div><span></div>", Some(0));
        check("<ul><li>a<li>b<li>c", Some(2));
        check("<table><tr><td>a<td>b<tr><td>c</table>", Some(0));
        check("<dl><dt>a<dd>b<dt>c</dl>", Some(0));
        check("<p>a<p>b<p>c", Some(1));
        check("<br><img src=x><hr><input>", Some(0));
        check("<!-- <div><div> --><div>", Some(1));
        check("<!--><div>-->", Some(1));
        check("<!---><div>", Some(1));
        check("<!-- never closed <div>", Some(0));
        check("a < b, 3 <4, </ >, <>", Some(0));
        check("<custom-element>", Some(1));
        check(&"<div>".repeat(MAX_RAW_DEPTH), Some(MAX_RAW_DEPTH));
        check(&"<div>".repeat(MAX_RAW_DEPTH + 1), None);
        check(&"<div></div>".repeat(10_000), Some(0));
    }

    #[test]
    fn markdown_past_the_limit_keeps_its_text_not_its_tags() {
        let mut bounds = Bounds::default();
        let quotes = ">".repeat(MAX_DEPTH * 2) + " deep";
        let events: Vec<_> = Parser::new(&quotes)
            .filter_map(|e| bounds.admit(e))
            .collect();
        let starts = events
            .iter()
            .filter(|e| matches!(e, Event::Start(_)))
            .count();
        let ends = events.iter().filter(|e| matches!(e, Event::End(_))).count();
        assert_eq!((starts, ends), (MAX_DEPTH, MAX_DEPTH));
        assert!(events.contains(&Event::Text("deep".into())));
        assert!(matches!(events[0], Event::Start(Tag::BlockQuote(_))));
        assert!(matches!(
            events.last(),
            Some(Event::End(TagEnd::BlockQuote(_)))
        ));
    }

    #[test]
    fn raw_html_past_the_limit_becomes_text_and_so_does_all_after_it() {
        let mut bounds = Bounds::default();
        let html = |s: &str| Event::Html(CowStr::from(s.to_owned()));
        assert_eq!(bounds.admit(html("<b>")), Some(html("<b>")));
        let deep = "<div>".repeat(MAX_RAW_DEPTH);
        assert_eq!(
            bounds.admit(html(&deep)),
            Some(Event::Text(deep.clone().into()))
        );
        assert_eq!(
            bounds.admit(Event::InlineHtml("</b>".into())),
            Some(Event::Text("</b>".into()))
        );
    }
}
