//! An author's Markdown through blog-render: as an article page shows it
//! (`render_markdown`, with its table of contents), as a feed carries it
//! (`markdown_to_feed_html`, URLs made absolute), and as a card's summary
//! (`summary_text` of the excerpt).
//!
//! Properties, beyond "never panics":
//! - neither HTML could run script, by blog-render's own XSS checker
//!   (html5ever's tokenizer: no `<script>` or other forbidden element, no
//!   `on*` attribute, no URL but `http`, `https`, `mailto` or relative, no
//!   comment, no parse error);
//! - no two elements share an id, and none has one of the page's own ids;
//! - every table-of-contents entry is a level 2 or 3 heading whose id is in
//!   the HTML, once;
//! - in a feed, every link and image URL is absolute (has a scheme);
//! - `markdown_to_html` is `render_markdown`'s HTML;
//! - holding highlighted code out of the sanitiser changes nothing:
//!   `render_markdown` gives what `render_markdown_sanitising_all` does.
#![no_main]

use blog_core::{Markdown, Summary, excerpt};
use blog_fuzz::{assert_ids_unique, assert_safe, text, xss};
use blog_render::{
    markdown_to_feed_html, markdown_to_html, render_markdown, render_markdown_sanitising_all,
    summary_text,
};
use libfuzzer_sys::fuzz_target;

/// The absolute URL of the page a feed entry belongs to.
const PAGE_URL: &str = "https://blog.example/articles/fuzzed/";

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let markdown = Markdown::new(input.as_ref());

    let rendered = render_markdown(&markdown);
    let html = rendered.html.as_str();
    assert_safe("page", &input, html);
    assert_ids_unique("page", &input, html);
    let ids = xss::ids(html);
    for entry in &rendered.toc {
        assert!(
            matches!(entry.level, 2 | 3),
            "level {} in the contents\ninput: {input:?}",
            entry.level
        );
        let found = ids.iter().filter(|(_, id)| *id == entry.id).count();
        assert_eq!(
            found, 1,
            "the contents link to #{}, which the HTML has {found} times\ninput: {input:?}\nhtml: {html}",
            entry.id
        );
    }
    assert_eq!(markdown_to_html(&markdown).as_str(), html, "{input:?}");
    let whole = render_markdown_sanitising_all(&markdown);
    assert_eq!(
        whole.html.as_str(),
        html,
        "held code came back otherwise\ninput: {input:?}"
    );
    assert_eq!(whole.toc, rendered.toc, "{input:?}");

    let feed = markdown_to_feed_html(&markdown, PAGE_URL);
    let feed = feed.as_str();
    assert_safe("feed", &input, feed);
    assert_ids_unique("feed", &input, feed);
    for (element, attribute) in [("a", "href"), ("img", "src")] {
        for url in xss::attribute_values(feed, element, attribute) {
            // The XSS checker allows no scheme but these; here one must be
            // there.
            let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
            assert!(
                matches!(scheme.as_deref(), Some("http" | "https" | "mailto")),
                "a relative URL in a feed: <{element} {attribute}={url:?}>\ninput: {input:?}\nhtml: {feed}"
            );
        }
    }

    let _ = summary_text(Summary::Excerpt(excerpt(&input)));
    let _ = summary_text(Summary::Given(&input));
});
