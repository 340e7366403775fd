//! Markdown rendered to sanitised HTML: the fixtures in `tests/markdown/`,
//! each pinned by a snapshot of its HTML and table of contents, and the
//! hostile inputs of `tests/fixtures/xss-vectors.txt`, each checked in every
//! form the renderer produces.

#[path = "support/xss.rs"]
mod xss;

use std::fmt::Write as _;

use blog_core::{Markdown, Summary};
use blog_render::{
    markdown_to_feed_html, render_markdown, render_markdown_sanitising_all, summary_text,
};

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

/// Markdown that puts highlighted code where an author's raw HTML would make
/// the sanitiser's parser move or swallow it, with the characters its
/// serialiser writes differently (`&`, `<`, `>`, no-break spaces, line
/// breaks as CR LF or CR).
fn code_in_odd_places() -> Vec<String> {
    let code = "```rust\r\nfn main() { let a = 1 < 2 && 3 > 2; }\r// \u{a0}nbsp \"q\" 'a' é\t\nlet s = \"\\\" onclick=\\\"alert(1)\";\n```\n";
    let empty = "```rust\n```\n";
    let contexts = [
        "",
        "<b>unclosed bold\n\n",
        "<i><b>two</i> misnested\n\n",
        "<table><tr><td>\n\n",
        "<table>\n\n",
        "<textarea>\n\n",
        "text <textarea> inline\n\n",
        "<a href=\"/x\">open link\n\n",
        "<pre>\n\n",
        "<noscript>\n\n",
        "<div>\n\n",
        "<ul><li>\n\n",
        "<template>\n\n",
        "<select>\n\n",
        "<svg>\n\n",
        "<code>\n\n",
        "> quoted\n>\n",
        "- item\n\n  ",
        "1. item\n\n   ",
        "[^1]\n\n[^1]: note\n\n    ",
        "| a |\n|---|\n| b |\n\n",
        "<!-- unclosed comment\n\n",
        "<p title=\"\n\n",
        // The code inside an attribute value, where its text would escape
        // the quotes: it must not come back there. (An HTML block passes
        // an unfinished tag on to the sanitiser; a paragraph escapes it.)
        "<div>\n<a href=\"/x\" title=\"\n\n",
        "<div>\n<abbr title=\"\n\n",
        "<div>\n<img src=\"/a.png\" alt=\"\n\n",
        "<div>\n<abbr title='\n\n",
        "<div>\n<abbr title=\n\n",
        "<div>\n<abbr\n\n",
        // Elements whose content the parser reads as text, tags and all.
        "<div>\n<plaintext>\n\n",
        "<plaintext><\n\n",
        "text <xmp> inline\n\n",
        "<div>\n<noembed>\n\n",
        "<div>\n<noframes>\n\n",
        "<div>\n<title>\n\n",
        "<div>\n<listing>\n\n",
    ];
    let mut inputs = Vec::new();
    for context in contexts {
        inputs.push(format!("{context}{code}"));
        // Quotes after the code end what an unfinished tag began.
        inputs.push(format!("{context}{code}\nafter ' and \" quotes\n"));
        inputs.push(format!("{context}{code}\nbetween\n\n{empty}\n{code}"));
        inputs.push(format!("{code}\n{context}{code}"));
    }
    inputs
}

/// Every Markdown the tests and the fuzzer's seeds hold.
fn every_input() -> Vec<String> {
    let mut inputs = vectors();
    inputs.extend(code_in_odd_places());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["tests/markdown", "../../fuzz/corpus/markdown"] {
        let entries = std::fs::read_dir(root.join(folder)).expect("the folder is there");
        for entry in entries {
            let bytes = std::fs::read(entry.expect("listed").path()).expect("readable");
            inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    inputs
}

#[test]
fn held_code_comes_back_as_the_sanitiser_would_write_it() {
    let inputs = every_input();
    assert!(inputs.len() > 300, "{} inputs", inputs.len());
    for input in &inputs {
        let source = Markdown::new(input.as_str());
        let held = render_markdown(&source);
        let whole = render_markdown_sanitising_all(&source);
        assert_eq!(held.html.as_str(), whole.html.as_str(), "{input:?}");
        assert_eq!(held.toc, whole.toc, "{input:?}");
    }
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
