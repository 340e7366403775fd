//! What the benches share: a store of realistic articles in a temporary
//! folder, and the fixed clock that shows them all.

use std::path::Path;

use blog_core::{Article, Category, Change, ChangeSet, Markdown, Slug, Status, Store, Title};
use chrono::{DateTime, Utc};

/// Categories, each article in one of them.
pub const CATEGORIES: usize = 20;

/// How many articles to fill a store with: `BENCH_ARTICLES`, else 1,000.
pub fn article_count() -> usize {
    std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

/// A temporary folder in `/dev/shm` where there is one (a database there
/// is not timed against a disk), deleted when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temporary directory")
}

pub fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid slug")
}

/// The fixed moment the clock reads: after every article.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_900_000_000, 0).expect("valid time")
}

/// Article `i`: a few sections of prose, a list and a code block, so that
/// its page is about the size of a real one.
fn article(i: usize) -> Article {
    let hours = i64::try_from(i).expect("few articles");
    let at = DateTime::from_timestamp(1_500_000_000 + hours * 3600, 0).expect("valid time");
    let section = format!(
        "## Part {i}\n\nReaders come for the words, stay for the code, and leave with an \
         idea or two about how to build the next thing. {}\n\n- one point\n- another \
         point, with `code`\n\n```rust\nfn main() {{\n    println!(\"{i}\");\n}}\n```\n\n",
        "Ownership and borrowing, explained once more. ".repeat(8)
    );
    let mut a = Article::new(
        slug(&format!("article-{i}")),
        Title::parse(&format!("Article number {i}")).expect("valid title"),
        Markdown::new(section.repeat(6)),
        at,
    );
    a.status = Status::Published;
    a.categories = vec![slug(&format!("category-{}", i % CATEGORIES))];
    a
}

/// Adds the categories and `n` articles to `store`.
pub fn fill(store: &dyn Store, n: usize) {
    let mut changes: ChangeSet = (0..CATEGORIES)
        .map(|c| {
            Change::AddCategory(Category::new(
                slug(&format!("category-{c}")),
                Title::parse(&format!("Category {c}")).expect("valid title"),
                Markdown::new("What this category is about."),
            ))
        })
        .collect();
    changes.extend((0..n).map(|i| Change::PutArticle(article(i))));
    store.apply(&changes).expect("stores the articles");
}
