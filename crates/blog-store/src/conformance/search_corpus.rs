//! The articles the search cases look through.
//!
//! What readers see of a body is what a search finds: a word that only
//! appears inside an HTML tag or a link target (`href`, `https`) is left out
//! of the index of some backends, so no case asks for one, while the words
//! around such markup are searched for. Text is in composed form (NFC), and
//! no word relies on case mappings that change its length (Turkish `İ`):
//! backends fold case with their own tables.

use blog_core::{Article, Change, Markdown, Status};
use chrono::{DateTime, Duration, Utc};

use super::data::*;

/// The moment most search cases look at the corpus.
pub(super) fn now() -> DateTime<Utc> {
    at(30 * 86_400)
}

/// An article published `hours` after the start of the test calendar, with
/// this title, given summary and body.
fn written(s: &str, hours: i64, (t, summary, body): (&str, Option<&str>, &str)) -> Article {
    let mut a = article(s, at(hours * 3600));
    a.title = title(t);
    a.summary = summary.map(str::to_owned);
    a.body = Markdown::new(body);
    a
}

/// Long enough that a snippet is a passage, not the whole text: "tokio"
/// comes after the first snippet's worth of words.
const LONG_BODY: &str = "Databases keep data safe across crashes. A write-ahead log \
     records each change before the pages change, so a crash in the middle of a \
     write can be undone or finished when the file is opened again. Readers see \
     the last committed state; the writer appends to the log, and a checkpoint \
     copies the log back into the main file from time to time. In an async \
     server, run such calls on a blocking thread, never on a Tokio worker, \
     because they may wait for the disk.";

/// The search corpus: categories rust > async > tokio, web and ops; articles
/// with words only in their title, only in their summary or only in their
/// body, Unicode, Markdown and HTML markup, a long body; and a draft, a
/// scheduled and an expired article that mention everything.
pub(super) fn search_corpus() -> (Vec<Change>, Vec<Article>) {
    let mut setup = vec![
        Change::AddCategory(category("rust", "Rust")),
        Change::AddCategory(child_category("async", "Async", "rust")),
        Change::AddCategory(child_category("tokio", "Tokio", "async")),
        Change::AddCategory(category("web", "Web")),
        Change::AddCategory(category("ops", "Operations")),
    ];
    let mut ownership = written(
        "ownership",
        1,
        (
            "Ownership in Rust",
            Some("Who frees memory, and when."),
            "Every value has one **owner**. When the owner goes out of scope, \
             the value is dropped.",
        ),
    );
    ownership.categories = vec![slug("rust")];
    ownership.tags = vec![tag("Rust")];
    let mut borrowing = written(
        "borrowing",
        2,
        (
            "Borrowing and lifetimes",
            None,
            "References _borrow_ a value. The borrow checker of Rust enforces \
             lifetimes, so that no reference outlives its owner.",
        ),
    );
    borrowing.categories = vec![slug("rust")];
    borrowing.tags = vec![tag("Rust"), tag("Borrow Checker")];
    let mut async_intro = written(
        "async-intro",
        3,
        (
            "An introduction to async Rust",
            Some("Futures, executors and wakers."),
            "A future does nothing until it is polled. An executor such as \
             Tokio polls it when its waker says so.",
        ),
    );
    async_intro.categories = vec![slug("async")];
    async_intro.tags = vec![tag("Async Rust")];
    let mut tasks = written(
        "tokio-tasks",
        4,
        (
            "Tokio tasks",
            Some(""),
            "Spawning tasks on the Tokio runtime: each task is a future that \
             the runtime polls.",
        ),
    );
    tasks.categories = vec![slug("tokio"), slug("web")];
    tasks.tags = vec![tag("Async Rust"), tag("Tokio")];
    let mut caching = written(
        "web-caching",
        5,
        (
            "HTTP caching",
            Some("ETags and Cache-Control."),
            "A server sends an ETag; the client revalidates. See \
             [the RFC](https://www.rfc-editor.org/rfc/rfc9111) for <em>details</em>, \
             and <a href=\"https://example.com/guide\">this guide</a>.",
        ),
    );
    caching.categories = vec![slug("web")];
    caching.tags = vec![tag("HTTP")];
    let mut wal = written("sqlite-wal", 6, ("SQLite in WAL mode", None, LONG_BODY));
    wal.categories = vec![slug("ops")];
    wal.tags = vec![tag("SQLite")];
    let unicode = written(
        "unicode",
        7,
        (
            "Ünïcode and Straße",
            Some("Ελληνικά: ΟΔΟΣ, and 日本語."),
            "Case folding: CAFÉ, café and Café are one word. Numbers like 42 \
             and x86 are words too.",
        ),
    );
    let zig = written(
        "summary-only",
        8,
        (
            "Notes",
            Some("Thoughts on Zig comptime."),
            "Nothing else to see.",
        ),
    );
    // Hidden at `now`, though they mention every word searched for.
    let everything = "Rust ownership owner borrow tokio future caching revalidates zig \
                      comptime Ünïcode ΟΔΟΣ 日本語 café details databases the";
    let mut draft = written("draft", 9, ("Rust draft", None, everything));
    draft.status = Status::Draft;
    draft.categories = vec![slug("tokio")];
    draft.tags = vec![tag("Rust")];
    let mut scheduled = written("scheduled", 24 * 40, ("Rust tomorrow", None, everything));
    scheduled.categories = vec![slug("rust")];
    scheduled.tags = vec![tag("Rust")];
    let mut expired = written("expired", 10, ("Rust yesterday", None, everything));
    expired.expires_at = Some(at(10 * 3600) + Duration::days(2));
    expired.categories = vec![slug("async")];
    let articles = vec![
        ownership,
        borrowing,
        async_intro,
        tasks,
        caching,
        wal,
        unicode,
        zig,
        draft,
        scheduled,
        expired,
    ];
    setup.extend(articles.iter().cloned().map(Change::PutArticle));
    (setup, articles)
}
