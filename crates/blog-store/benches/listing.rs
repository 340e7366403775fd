//! How long the SQLite store takes to list deep pages, compared with the
//! first, over a blog of many articles: the home listing's page 1 and page
//! 1000 (10 per page), one category's first and deepest page, all the
//! headlines, when visibility next changes, and the revision the server asks
//! on every request. Also one run of the integrity check.
//!
//! `BENCH_ARTICLES=100000 cargo bench -p blog-store --bench listing`
//! (default 10,000 articles). The database is written to a temporary folder
//! in `/dev/shm` where there is one, so that the disk does not take part,
//! and deleted at the end. A plain timing loop rather than criterion, as in
//! blog-render's bench: a few numbers to watch, and no dependency for every
//! test build to compile.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use blog_core::{
    Article, Category, Change, ChangeSet, ListQuery, Markdown, PageNumber, PerPage, Slug, Status,
    Store, Tag, Title,
};
use blog_store::SqliteStore;
use chrono::{DateTime, Utc};

/// Categories, each article in one or two of them.
const CATEGORIES: usize = 20;

/// Articles stored per change set while filling.
const BATCH: usize = 1000;

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

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid slug")
}

/// Article `i` of `n`: published an hour after article `i - 1`, so that the
/// newest is the last; every 50th a draft, every 40th expiring a month after
/// publication; in one or two of the categories, with two of ten tags.
fn article(i: usize, paragraph: &str) -> Article {
    let hours = i64::try_from(i).expect("few articles");
    let at = DateTime::from_timestamp(1_500_000_000 + hours * 3600, 0).expect("valid time");
    let mut a = Article::new(
        slug(&format!("article-{i}")),
        Title::parse(&format!("Article number {i}")).expect("valid title"),
        Markdown::new(format!(
            "{paragraph}\n\nThis is article {i}.\n\n{paragraph}"
        )),
        at,
    );
    if i % 50 == 7 {
        a.status = Status::Draft;
    }
    if i % 40 == 3 {
        a.expires_at = Some(at + chrono::Duration::days(30));
    }
    a.categories = vec![slug(&format!("category-{}", i % CATEGORIES))];
    if i.is_multiple_of(3) {
        a.categories
            .push(slug(&format!("category-{}", (i / 3 + 1) % CATEGORIES)));
        a.categories.dedup();
    }
    a.tags = [i % 10, (i / 10) % 10]
        .iter()
        .map(|t| Tag::parse(&format!("Tag {t}")).expect("valid tag"))
        .collect();
    a.tags.dedup();
    a
}

fn fill(store: &SqliteStore, n: usize) {
    let categories: ChangeSet = (0..CATEGORIES)
        .map(|c| {
            Change::AddCategory(Category::new(
                slug(&format!("category-{c}")),
                Title::parse(&format!("Category {c}")).expect("valid title"),
                Markdown::new("What this category is about."),
            ))
        })
        .collect();
    store.apply(&categories).expect("stores the categories");
    let paragraph = "Readers come for the words, stay for the code, and leave with an \
                     idea or two about how to build the next thing. "
        .repeat(4);
    for start in (0..n).step_by(BATCH) {
        let batch: ChangeSet = (start..(start + BATCH).min(n))
            .map(|i| Change::PutArticle(article(i, &paragraph)))
            .collect();
        store.apply(&batch).expect("stores the articles");
    }
}

/// A page of a listing, ten per page.
fn page(now: DateTime<Utc>, category: Option<&str>, n: u32) -> ListQuery {
    ListQuery {
        category: category.map(slug),
        page: PageNumber::new(n).expect("not zero"),
        per_page: PerPage::new(10).expect("in range"),
        ..ListQuery::public(now)
    }
}

/// Page 1000 of `query`'s listing, or its last page if it has fewer; and
/// its middle page, the farthest from both ends.
fn deep(store: &SqliteStore, query: &ListQuery) -> (ListQuery, ListQuery) {
    let pages = store.articles(query).expect("lists").total_pages();
    let at = |n: u32| ListQuery {
        page: PageNumber::new(n.max(1)).expect("not zero"),
        ..query.clone()
    };
    (at(pages.min(1000)), at(pages.div_ceil(2)))
}

fn report(what: &str, (fastest, median): (Duration, Duration)) -> Duration {
    println!("{what:<40} median {median:>12.3?}  fastest {fastest:>12.3?}");
    median
}

fn main() {
    let n: usize = std::env::var("BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("temporary directory");
    let path = dir.path().join("blog.db");
    let store = SqliteStore::open(&path).expect("opens");

    let filling = Instant::now();
    fill(&store, n);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "{n} articles stored in {:.1?} ({} MB in {})",
        filling.elapsed(),
        size / 1_000_000,
        dir.path().display()
    );

    let now = DateTime::from_timestamp(1_500_000_000 + 3600 * i64::try_from(n).expect("few"), 0)
        .expect("valid time");
    let budget = Duration::from_secs(2);
    let run = |what: &str, query: &ListQuery| {
        report(
            &format!("articles: {what} (page {})", query.page.get()),
            time(budget, || {
                black_box(store.articles(black_box(query)).expect("lists"));
            }),
        )
    };
    let home = page(now, None, 1);
    let (home_deep, home_middle) = deep(&store, &home);
    let first = run("home", &home);
    let deepest = run("home", &home_deep);
    let middle = run("home, middle", &home_middle);
    let category = page(now, Some("category-4"), 1);
    let (category_deep, category_middle) = deep(&store, &category);
    let category_first = run("category", &category);
    let category_deepest = run("category", &category_deep);
    let category_mid = run("category, middle", &category_middle);
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "page {} / page 1: home {:.2}x (middle {:.2}x); category page {} / page 1: {:.2}x (middle {:.2}x)",
        home_deep.page.get(),
        ratio(deepest, first),
        ratio(middle, first),
        category_deep.page.get(),
        ratio(category_deepest, category_first),
        ratio(category_mid, category_first),
    );

    report(
        "headlines",
        time(budget, || {
            black_box(store.headlines(now).expect("reads headlines"));
        }),
    );
    report(
        "next_visibility_change",
        time(budget, || {
            black_box(store.next_visibility_change(now).expect("reads"));
        }),
    );
    // Revisions are a few microseconds: time a thousand at once.
    let (fastest, median) = time(budget, || {
        for _ in 0..1000 {
            black_box(store.revision().expect("reads the revision"));
        }
    });
    report("revision (per call)", (fastest / 1000, median / 1000));

    let check = Instant::now();
    store.check_integrity().expect("sound");
    println!(
        "check_integrity (quick_check), one run: {:.1?}",
        check.elapsed()
    );
    let conn = rusqlite::Connection::open(&path).expect("opens by hand");
    let full = Instant::now();
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("checks");
    println!(
        "PRAGMA integrity_check (full), one run: {:.1?} ({result})",
        full.elapsed()
    );
    drop(conn);
    store.close().expect("closes");
}
