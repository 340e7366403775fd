//! Every known XSS vector of `crates/blog-render/tests/fixtures/xss-vectors.txt`,
//! imported as an article's text and summary through the real `blog`
//! command, then read through the real server as a reader would meet it: on
//! the article's page, on the home page's cards, in the Atom, RSS and JSON
//! feeds, and in the search results' snippets. Nothing in any of them may
//! run script.

mod support;

#[path = "../crates/blog-render/tests/support/xss.rs"]
mod xss;

use support::{Server, blog, stderr};

/// The word every hostile article holds, to find them all by search.
const WORD: &str = "quagga";

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes one article per vector into `dir`: the vector is its summary and
/// the middle of its text. Half carry the tag `xss-a`, half `xss-b`, so two
/// tag feeds hold them all.
fn write_articles(dir: &std::path::Path, vectors: &[String]) {
    for (i, vector) in vectors.iter().enumerate() {
        let tag = if i % 2 == 0 { "xss-a" } else { "xss-b" };
        let file = format!(
            "+++\ntitle = \"Vector {i:03}\"\ndate = 2025-01-01T00:{:02}:{:02}Z\n\
             description = {}\ntags = [\"{tag}\"]\n+++\n\nThe {WORD} says:\n\n{vector}\n\nThe end.\n",
            i / 60,
            i % 60,
            toml_string(vector),
        );
        std::fs::write(dir.join(format!("vector-{i:03}.md")), file).expect("writes the article");
    }
}

fn assert_safe(what: &str, html: &str, danger: fn(&str) -> Option<String>) {
    if let Some(found) = danger(html) {
        panic!("{what}: {found}\n{html}");
    }
}

#[test]
fn no_vector_runs_script_anywhere_a_reader_meets_it() {
    let vectors = xss::vectors();
    assert!(vectors.len() >= 30, "only {} vectors", vectors.len());
    let dir = tempfile::tempdir().expect("a temporary folder");
    let content = dir.path().join("content");
    std::fs::create_dir(&content).expect("creates the content folder");
    write_articles(&content, &vectors);
    let db = dir.path().join("blog.db");
    let import = blog(&db, &["import", content.to_str().expect("utf-8 path")]);
    assert!(import.status.success(), "import: {}", stderr(&import));
    let server = Server::start(
        &[
            "--db",
            db.to_str().expect("utf-8 path"),
            "--no-demo",
            "--feed-items",
            "100",
        ],
        &[],
    );

    // Each article's page, whole: the theme's skeleton around it is allowed,
    // nothing else that could run.
    for (i, vector) in vectors.iter().enumerate() {
        let reply = server.get(&format!("/articles/vector-{i:03}/"));
        assert_eq!(reply.status, 200, "vector {i}: {vector:?}");
        assert_safe(
            &format!("article page of {vector:?}"),
            &reply.body,
            xss::page_danger,
        );
    }
    // The cards, which show the summaries.
    for n in 1..=vectors.len().div_ceil(10) {
        let path = if n == 1 {
            "/".to_owned()
        } else {
            format!("/page/{n}/")
        };
        let reply = server.get(&path);
        assert_eq!(reply.status, 200, "{path}");
        assert_safe(&path, &reply.body, xss::page_danger);
    }

    // The feeds: every entry's content and summary, as a feed reader would
    // put them into its own page. The two tag feeds hold every vector.
    let mut entries = 0;
    for path in [
        "/tags/xss-a/feed.xml",
        "/tags/xss-b/feed.xml",
        "/feed.xml",
        "/rss.xml",
        "/feed.json",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        let feed = feed_rs::parser::parse(reply.body.as_bytes())
            .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        for entry in &feed.entries {
            let content = entry.content.as_ref().and_then(|c| c.body.as_deref());
            // A plain-text summary is shown as text, whatever it holds.
            let summary = entry
                .summary
                .as_ref()
                .filter(|s| s.content_type.essence().to_string() == "text/html")
                .map(|s| s.content.as_str());
            for html in content.into_iter().chain(summary) {
                assert_safe(&format!("{path}, entry {:?}", entry.id), html, xss::danger);
            }
            if path.starts_with("/tags/") {
                entries += 1;
            }
        }
    }
    assert_eq!(entries, vectors.len(), "the tag feeds hold every vector");

    // The search results: every snippet, on every page of results.
    let pages = vectors.len().div_ceil(10);
    for n in 1..=pages {
        let reply = server.get(&format!("/search/?q={WORD}&page={n}"));
        assert_eq!(reply.status, 200, "search page {n}");
        assert_safe(&format!("search page {n}"), &reply.body, xss::page_danger);
        assert!(
            reply.body.contains(&format!("<mark>{WORD}</mark>")),
            "page {n}"
        );
    }
    assert_eq!(
        server
            .get(&format!("/search/?q={WORD}&page={}", pages + 1))
            .status,
        404
    );
}
