//! How long `render_markdown` takes on a realistic article: about 15 KB of
//! prose with headings, a table, footnotes, an image and four fenced code
//! blocks (Rust twice, shell, YAML).
//!
//! `cargo bench -p blog-render --bench render`. A plain timing loop rather
//! than criterion: one number to watch, and no dependency for every test
//! build to compile.

use std::hint::black_box;
use std::time::{Duration, Instant};

use blog_core::Markdown;
use blog_render::{markdown_to_feed_html, render_markdown};

const ARTICLE: &str = include_str!("article.md");

/// Runs `f` for about `budget` after one warm-up call, and returns the
/// fastest and the median time of a call.
fn time(budget: Duration, mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || times.len() < 10 {
        let call = Instant::now();
        f();
        times.push(call.elapsed());
    }
    times.sort();
    (times[0], times[times.len() / 2])
}

fn main() {
    let source = Markdown::new(ARTICLE);

    let first = Instant::now();
    let rendered = render_markdown(&source);
    println!("first call, loading the syntaxes: {:?}", first.elapsed());
    println!(
        "article: {} bytes of Markdown, {} bytes of HTML, {} entries in the table of contents",
        ARTICLE.len(),
        rendered.html.as_str().len(),
        rendered.toc.len()
    );

    let budget = Duration::from_secs(3);
    let (fastest, median) = time(budget, || {
        black_box(render_markdown(black_box(&source)));
    });
    println!("render_markdown: median {median:?}, fastest {fastest:?}");

    let (fastest, median) = time(budget, || {
        black_box(markdown_to_feed_html(
            black_box(&source),
            "https://blog.example.org/articles/hello/",
        ));
    });
    println!("markdown_to_feed_html: median {median:?}, fastest {fastest:?}");
}
