//! What an article's body links to, and the ids a link can point to in it,
//! read from the HTML its page shows: for a link checker.
//!
//! Reading the rendered, sanitised HTML rather than the Markdown gives
//! exactly what a reader's browser gets: links written as raw HTML count,
//! links the sanitiser removed (`javascript:`) don't, and the ids are the
//! ones [`crate::render_markdown`] generated (headings and footnotes), the
//! only ones the sanitiser keeps. (It renders without heading anchors and
//! highlighting, which hold no link or id and take most of the time.)

use blog_core::Markdown;

use crate::markdown::markdown_links_html;

/// The links of an article's body and the ids in it; see
/// [`body_references`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyReferences {
    /// Every link's `href` and image's `src`, in the order of the page, as
    /// written (entities decoded), except each heading's link to itself.
    pub urls: Vec<String>,
    /// The ids of the body's headings and footnotes, in the order of the
    /// page: what `#fragment` links can point to.
    pub ids: Vec<String>,
}

/// The links and ids of `source` as its article's page has them.
pub fn body_references(source: &Markdown) -> BodyReferences {
    let html = markdown_links_html(source);
    let mut found = BodyReferences::default();
    let mut rest = html.as_str();
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = tag_end(rest);
        read_tag(&rest[..end], &mut found);
        rest = &rest[end..];
    }
    found
}

/// Adds the URLs and ids of one tag (`<a href="…">`, or a closing tag,
/// which has none) to `found`.
fn read_tag(tag: &str, found: &mut BodyReferences) {
    let name = tag
        .trim_start_matches('<')
        .split([' ', '>', '/'])
        .next()
        .unwrap_or_default();
    let url = match name {
        "a" => attribute(tag, "href"),
        "img" => attribute(tag, "src"),
        _ => None,
    };
    found.urls.extend(url);
    found.ids.extend(attribute(tag, "id"));
}

/// The value of attribute `name` in `tag`, entities decoded.
///
/// The sanitiser's output is html5ever's serialisation: attribute values are
/// always double-quoted, with `&`, `"` and U+00A0 written as entities.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let (_, after) = tag.split_once(needle.as_str())?;
    let (value, _) = after.split_once('"')?;
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&nbsp;", "\u{a0}")
            .replace("&amp;", "&"),
    )
}

/// The length of the tag `html` starts with: up to its first `>` outside a
/// double-quoted attribute value (all of `html` if it never ends).
fn tag_end(html: &str) -> usize {
    let mut quoted = false;
    for (i, c) in html.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return i + 1,
            _ => {}
        }
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(markdown: &str, urls: &[&str], ids: &[&str]) {
        let found = body_references(&Markdown::new(markdown));
        assert_eq!(found.urls, urls, "urls of {markdown:?}");
        assert_eq!(found.ids, ids, "ids of {markdown:?}");
    }

    #[test]
    fn links_and_images_in_page_order() {
        check(
            "[a](/articles/a/) ![i](/img.png \"t\") [b][b] <https://x.example/>\n\n[b]: ../b/#part",
            &[
                "/articles/a/",
                "/img.png",
                "../b/#part",
                "https://x.example/",
            ],
            &[],
        );
    }

    #[test]
    fn raw_html_links_count_and_removed_ones_do_not() {
        check(
            "<a href=\"/raw/?a=1&amp;b=2\">r</a> <a href=\"javascript:alert(1)\">x</a> <img src=\"/p.png\">",
            &["/raw/?a=1&b=2", "/p.png"],
            &[],
        );
        // Markdown escapes a quote in a URL; it comes back as written.
        check("[q](/a\"b/)", &["/a%22b/"], &[]);
    }

    #[test]
    fn ids_are_the_generated_ones() {
        check(
            "## Intro\n\nSee [below](#notes)[^n].\n\n## Notes\n\n<div id=\"mine\">x</div>\n\n[^n]: A note.",
            &["#notes", "#fn-1"],
            &["intro", "notes", "fn-1"],
        );
    }

    #[test]
    fn code_is_not_a_link() {
        check(
            "`<a href=\"/x/\">` and\n\n```html\n<a href=\"/y/\" id=\"z\">\n```",
            &[],
            &[],
        );
    }

    /// The links and ids of `markdown`'s page HTML, read as the tags of
    /// [`markdown_to_html`]'s output, anchors aside.
    fn from_page(markdown: &str) -> BodyReferences {
        let html = crate::markdown_to_html(&Markdown::new(markdown));
        let mut found = BodyReferences::default();
        let mut rest = html.as_str();
        while let Some(start) = rest.find('<') {
            rest = &rest[start..];
            let end = tag_end(rest);
            if !rest[..end].contains(" class=\"anchor\"") {
                read_tag(&rest[..end], &mut found);
            }
            rest = &rest[end..];
        }
        found
    }

    #[test]
    fn the_same_as_the_pages_own_html() {
        for markdown in [
            "## A\n\n[x](#a) ![i](/i.png)\n\n```rust\nlet a = \"<a href='/x/'>\";\n```\n\n## A",
            "Text[^n] <a href=\"/raw/\">r</a>\n\n| [t](/t/) |\n|---|\n| c |\n\n[^n]: [note](/n/)",
            "# Main\n## Top\n### fn\n- [ ] [task](../task/)",
        ] {
            assert_eq!(
                body_references(&Markdown::new(markdown)),
                from_page(markdown),
                "{markdown:?}"
            );
        }
    }

    #[test]
    fn nothing_in_nothing() {
        check("", &[], &[]);
        check("Just text, with a > and a \" in it.", &[], &[]);
    }
}
