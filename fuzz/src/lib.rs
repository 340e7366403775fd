//! What the fuzz targets share: a fixed "now", the reading of raw input as
//! text, and blog-render's XSS checker.
//!
//! The targets (`fuzz_targets/`), each run by `scripts/fuzz`:
//!
//! - `front_matter`: one source file's text through `blog_cli::source`,
//!   and what parses back through `blog_cli::export`.
//! - `markdown`: an author's Markdown through blog-render, for the site,
//!   for a feed, and as a whole article page.
//! - `router`: a request's path and query through `blog_server::route` and
//!   `SearchParams::parse`.
//! - `import`: one file parsed, applied to both stores, read back, and
//!   rendered.

use std::borrow::Cow;

use chrono::{DateTime, TimeZone, Utc};

/// The checker blog-render's tests judge sanitised HTML with: html5ever's
/// tokenizer reads the HTML as a browser does, and `danger` names anything
/// that could run script. Shared rather than copied, so that a new rule
/// there holds here too.
#[path = "../../crates/blog-render/tests/support/xss.rs"]
pub mod xss;

/// The moment every target takes as "now" (as the crates' tests do), so
/// that a crash found once reproduces.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
        .single()
        .expect("a valid date")
}

/// The input as text, as a file read from disk would be: invalid UTF-8
/// becomes U+FFFD, so that no input is wasted.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Fails with `input` and `html` when `html` could run script or breaks
/// another rule of the XSS checker.
pub fn assert_safe(what: &str, input: &str, html: &str) {
    if let Some(danger) = xss::danger(html) {
        panic!("{what}: {danger}\ninput: {input:?}\nhtml: {html}");
    }
}

/// The ids the built-in templates give elements of an article's page, as
/// blog-render's `markdown.rs` lists them (`PAGE_IDS`).
const PAGE_IDS: &[&str] = &[
    "main",
    "toc",
    "toc-title",
    "top",
    "content",
    "series-title",
    "related-title",
    "results-title",
    "search-q",
    "search-category",
    "search-tag",
];

/// Fails when an element of `html` shares an `id` with another, or has an
/// id the page itself uses ([`PAGE_IDS`]), which the renderer promises
/// never to generate or keep.
pub fn assert_ids_unique(what: &str, input: &str, html: &str) {
    let ids = xss::ids(html);
    for (i, (element, id)) in ids.iter().enumerate() {
        assert!(
            !PAGE_IDS.contains(&id.as_str()),
            "{what}: <{element} id={id:?}> is one of the page's ids\ninput: {input:?}\nhtml: {html}"
        );
        assert!(
            !ids[..i].iter().any(|(_, other)| other == id),
            "{what}: id {id:?} twice\ninput: {input:?}\nhtml: {html}"
        );
    }
}
