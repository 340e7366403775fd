//! Markdown rendered to sanitised HTML: the fixtures in `tests/markdown/`,
//! each pinned by a snapshot of its HTML and table of contents, and the
//! hostile inputs of `tests/fixtures/xss-vectors.txt`, each checked in every
//! form the renderer produces.

#[path = "support/xss.rs"]
mod xss;

use std::fmt::Write as _;

use blog_core::{Markdown, Summary};
use blog_render::{markdown_to_feed_html, render_markdown, summary_text};

use xss::{attribute_values, danger, ids, vectors, visible_words, words};

const PAGE_URL: &str = "https://blog.example.org/articles/hello/";

#[test]
fn fixtures() {
    insta::glob!("markdown/*.md", |path| {
        let source = std::fs::read_to_string(path).expect("the fixture is readable");
        let rendered = render_markdown(&Markdown::new(source));
        let mut snapshot = rendered.html.into_string();
        if !rendered.toc.is_empty() {
            snapshot.push_str("\n---- table of contents ----\n");
            for entry in &rendered.toc {
                let indent = "  ".repeat(usize::from(entry.level.saturating_sub(2)));
                let line = format!("{indent}#{} {}", entry.id, entry.text);
                writeln!(snapshot, "{}", line.trim_end()).expect("writes to a String");
            }
        }
        insta::assert_snapshot!(snapshot);
    });
}

#[test]
fn there_are_enough_vectors() {
    let vectors = vectors();
    assert!(vectors.len() >= 40, "{} vectors", vectors.len());
    for vector in &vectors {
        assert_eq!(vector.trim_end(), vector, "trailing blanks in {vector:?}");
    }
}

#[test]
fn hostile_html_is_neutralised() {
    for vector in vectors() {
        let source = Markdown::new(vector.as_str());
        let rendered = render_markdown(&source);
        let html = rendered.html.as_str();
        assert_eq!(danger(html), None, "{vector:?} rendered as {html:?}");
        let seen = visible_words(html);

        // Ids: unique, none of the page's, footnotes' only on footnotes.
        let ids = ids(html);
        for (at, (element, id)) in ids.iter().enumerate() {
            assert!(
                !ids[..at].iter().any(|(_, earlier)| earlier == id),
                "{id:?} twice in {html:?} from {vector:?}"
            );
            assert!(
                !matches!(id.as_str(), "main" | "toc" | "top" | "content"),
                "{id:?} in {html:?} from {vector:?}"
            );
            assert_eq!(
                is_footnote_id(id),
                element == "div",
                "{id:?} on <{element}> in {html:?} from {vector:?}"
            );
        }

        // The table of contents: plain text the page shows elsewhere, and
        // the ids of its headings.
        for entry in &rendered.toc {
            check_plain_text(&entry.text, &seen, &vector);
            let heading = format!("h{}", entry.level);
            assert!(
                ids.contains(&(heading, entry.id.clone())),
                "{entry:?} not in {html:?} from {vector:?}"
            );
            assert!(
                entry
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{entry:?} from {vector:?}"
            );
        }

        let feed = markdown_to_feed_html(&source, PAGE_URL);
        let feed = feed.as_str();
        assert_eq!(danger(feed), None, "{vector:?} in a feed as {feed:?}");
        for url in [
            attribute_values(feed, "a", "href"),
            attribute_values(feed, "img", "src"),
        ]
        .concat()
        {
            assert!(
                url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:"),
                "relative {url:?} in a feed from {vector:?}"
            );
        }

        let excerpt = summary_text(Summary::Excerpt(&vector));
        check_plain_text(&excerpt, &seen, &vector);
    }
}

fn is_footnote_id(id: &str) -> bool {
    id.strip_prefix("fn-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Plain text made from `vector` (it is escaped where it is printed): tidy,
/// and made only of words a reader sees in its HTML (`seen`), so nothing the
/// sanitiser drops, a script's body, say, turns up in a summary or a table
/// of contents instead.
fn check_plain_text(text: &str, seen: &[String], vector: &str) {
    assert!(
        !text.chars().any(char::is_control) && text.trim() == text && !text.contains("  "),
        "untidy {text:?} from {vector:?}"
    );
    for word in words(text) {
        assert!(
            seen.contains(&word),
            "{word:?} of {text:?} is not shown, from {vector:?}"
        );
    }
}

/// What every vector becomes, for review: a change in the sanitiser shows
/// up here in full.
#[test]
fn hostile_html_renders_as() {
    let mut snapshot = String::new();
    for vector in vectors() {
        let html = render_markdown(&Markdown::new(vector.as_str())).html;
        writeln!(snapshot, "{vector:?}\n  {:?}", html.as_str()).expect("writes to a String");
    }
    insta::assert_snapshot!(snapshot);
}
