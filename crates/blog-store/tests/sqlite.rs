//! What only the SQLite store has: a file on disk, its schema version, and
//! files it must refuse without harming them.
#![cfg(feature = "sqlite")]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use blog_core::{
    Article, Category, Change, ChangeSet, ListQuery, Markdown, Scope, SearchQuery, Slug, Store,
    StoreError, Tag, Title,
};
use blog_store::SqliteStore;
use chrono::DateTime;
use rusqlite::Connection;

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid slug")
}

fn article(s: &str) -> Article {
    let at = DateTime::from_timestamp(1_700_000_000, 123_456_789).expect("valid time");
    let mut a = Article::new(
        slug(s),
        Title::parse(s).expect("valid title"),
        Markdown::new("Body."),
        at,
    );
    a.categories = vec![slug("rust")];
    a.tags = vec![Tag::parse("Rust").expect("valid tag")];
    a.previous_slugs = vec![slug("old")];
    a
}

fn fill(store: &SqliteStore) {
    let changes: ChangeSet = [
        Change::AddCategory(Category::new(
            slug("rust"),
            Title::parse("Rust").expect("valid title"),
            Markdown::default(),
        )),
        Change::PutArticle(article("kept")),
    ]
    .into_iter()
    .collect();
    store.apply(&changes).expect("applies");
}

/// Runs SQL on the file behind the store's back, as a person with the
/// `sqlite3` shell would.
fn by_hand(path: &Path, sql: &str) {
    let conn = Connection::open(path).expect("opens by hand");
    conn.execute_batch(sql).expect("hand edit runs");
}

fn pragma(path: &Path, name: &str) -> String {
    let conn = Connection::open(path).expect("opens by hand");
    conn.pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
        .map(|v| format!("{v:?}"))
        .expect("pragma reads")
}

/// Checks that a refused open left the file at `path` byte for byte as it
/// was, with no WAL or shared-memory file beside it.
fn assert_unharmed(path: &Path, before: &[u8]) {
    let after = std::fs::read(path).expect("reads");
    assert!(after == before, "{} was modified", path.display());
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        assert!(
            !Path::new(&side).exists(),
            "{} was created",
            Path::new(&side).display()
        );
    }
}

fn open_error(path: &Path) -> String {
    match SqliteStore::open(path) {
        Ok(store) => panic!("{} opened as {store:?}", path.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn content_persists_across_reopening() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    fill(&SqliteStore::open(&path).expect("creates"));
    let store = SqliteStore::open(&path).expect("reopens");
    assert_eq!(
        store.article(&slug("kept")).expect("reads"),
        Some(article("kept"))
    );
    assert!(!store.is_empty().expect("is_empty"));
}

#[test]
fn schema_version_wal_and_application_id_are_set() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    drop(SqliteStore::open(&path).expect("creates"));
    assert_eq!(pragma(&path, "user_version"), "Integer(4)");
    assert_eq!(pragma(&path, "journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma(&path, "application_id"), "Integer(1112297287)");
}

#[test]
fn a_newer_schema_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    fill(&SqliteStore::open(&path).expect("creates"));
    // A newer blog may well choose another journal mode: ours must not
    // switch it back to WAL before refusing the file.
    by_hand(
        &path,
        "PRAGMA journal_mode = DELETE; PRAGMA user_version = 7;",
    );
    let before = std::fs::read(&path).expect("reads");
    let message = open_error(&path);
    assert_unharmed(&path, &before);
    assert_eq!(
        message,
        format!(
            "schema version is invalid: database {} has schema version 7, \
             newer than this blog (max 4): upgrade the blog",
            path.display()
        )
    );
    assert_eq!(
        pragma(&path, "user_version"),
        "Integer(7)",
        "left as it was"
    );
    assert_eq!(pragma(&path, "journal_mode"), "Text(\"delete\")");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_unharmed() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("notes.txt");
    let text = "These are my notes, not a database.\n".repeat(50);
    std::fs::write(&path, &text).expect("writes");
    let message = open_error(&path);
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), text);
}

#[test]
fn another_programs_database_is_refused_unharmed() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("other.db");
    by_hand(
        &path,
        "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');",
    );
    assert_eq!(pragma(&path, "journal_mode"), "Text(\"delete\")");
    let before = std::fs::read(&path).expect("reads");
    let message = open_error(&path);
    assert_unharmed(&path, &before);
    assert!(message.contains("is not a blog database"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert_eq!(pragma(&path, "user_version"), "Integer(0)");
    // `journal_mode = WAL` is stored in the file: a refused open must not
    // have switched it.
    assert_eq!(pragma(&path, "journal_mode"), "Text(\"delete\")");
    let conn = Connection::open(&path).expect("opens by hand");
    let notes: String = conn
        .query_row("SELECT group_concat(text) FROM notes", [], |row| row.get(0))
        .expect("reads the notes");
    assert_eq!(notes, "mine");
}

#[test]
fn a_missing_directory_is_named() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("missing").join("blog.db");
    let message = open_error(&path);
    assert!(message.contains(&path.display().to_string()), "{message}");
}

/// Edits by hand that break the model are reported as invalid data, by
/// every read that meets them, never with a panic.
#[test]
fn hand_edited_rows_are_invalid_not_panics() {
    let check = |edit: &str, field: &str| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("blog.db");
        let store = SqliteStore::open(&path).expect("creates");
        fill(&store);
        by_hand(&path, edit);
        let all = ListQuery {
            scope: Scope::All,
            ..ListQuery::public(DateTime::UNIX_EPOCH)
        };
        let results = [
            store.article(&slug("kept")).map(|_| ()),
            store.articles(&all).map(|_| ()),
        ];
        for result in results {
            match result {
                Err(StoreError::Invalid { field: f, .. }) if f == field => {}
                other => panic!("{edit}: expected invalid {field}, got {other:?}"),
            }
        }
    };
    check("UPDATE articles SET title = '  '", "article title");
    check(
        "PRAGMA ignore_check_constraints = ON; UPDATE articles SET status = 'gone'",
        "status",
    );
    check("UPDATE articles SET extra = '{\"x\": null}'", "extra");
    check(
        "PRAGMA foreign_keys = OFF; UPDATE article_categories SET category = 'Not A Slug'",
        "article category",
    );
    check(
        "UPDATE previous_slugs SET slug = 'Not Valid'",
        "previous slug",
    );
    // A tag whose name no longer makes its slug, is padded, or makes none.
    check("UPDATE article_tags SET name = 'Go'", "article tag");
    check("UPDATE article_tags SET name = ' Rust'", "article tag");
    check(
        "UPDATE article_tags SET name = '+++', slug = ''",
        "article tag",
    );
    // A copy whose slug was broken by hand, indexed for search by hand too:
    // the listing, headlines and search meet it.
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let store = SqliteStore::open(&path).expect("creates");
    fill(&store);
    by_hand(
        &path,
        "INSERT INTO articles SELECT 99, 'Not-Valid', title, summary, body, status, \
           published_at, expires_at, created_at, updated_at, series, series_part, extra \
         FROM articles; \
         INSERT INTO article_search (rowid, title, summary, body) \
         SELECT 99, title, summary, body FROM article_search",
    );
    let result = store.articles(&ListQuery {
        scope: Scope::All,
        ..ListQuery::public(DateTime::UNIX_EPOCH)
    });
    assert!(
        matches!(
            result,
            Err(StoreError::Invalid {
                field: "article slug",
                ..
            })
        ),
        "{result:?}"
    );
    let now = DateTime::<chrono::Utc>::MAX_UTC;
    let results = [
        store.headlines(now).map(|_| ()),
        store.search(&SearchQuery::new("body", now)).map(|_| ()),
    ];
    for result in results {
        assert!(
            matches!(
                result,
                Err(StoreError::Invalid {
                    field: "article slug",
                    ..
                })
            ),
            "{result:?}"
        );
    }
}

#[test]
fn hand_edited_categories_are_invalid_not_panics() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let store = SqliteStore::open(&path).expect("creates");
    fill(&store);
    by_hand(&path, "UPDATE categories SET name = ''");
    assert!(matches!(
        store.categories(),
        Err(StoreError::Invalid {
            field: "category name",
            ..
        })
    ));
    assert!(matches!(
        store.category_counts(DateTime::UNIX_EPOCH),
        Err(StoreError::Invalid { .. })
    ));
}

/// Two stores on one file, as the server and the command line are: what one
/// writes, the other reads at once.
#[test]
fn two_stores_share_one_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let server = SqliteStore::open(&path).expect("opens");
    let cli = SqliteStore::open(&path).expect("opens again");
    assert!(server.is_empty().expect("is_empty"));
    fill(&cli);
    assert_eq!(
        server.article(&slug("kept")).expect("reads"),
        Some(article("kept"))
    );
}

/// A cycle of categories, which the store refuses to make but a hand edit
/// can, ends the walk below a category instead of looping: listings and
/// counts finish, and agree with blog-core, which walks a cycle the same way.
#[test]
fn a_category_cycle_made_by_hand_ends_the_walk() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let store = SqliteStore::open(&path).expect("creates");
    let category = |s: &str, parent: Option<&str>| Category {
        parent: parent.map(slug),
        ..Category::new(
            slug(s),
            Title::parse(s).expect("valid title"),
            Markdown::default(),
        )
    };
    let mut in_b = article("in-b");
    in_b.categories = vec![slug("b")];
    let mut in_a = article("in-a");
    in_a.categories = vec![slug("a")];
    let changes: ChangeSet = [
        Change::AddCategory(category("a", None)),
        Change::AddCategory(category("b", Some("a"))),
        Change::PutArticle(in_b.clone()),
        Change::PutArticle(in_a.clone()),
    ]
    .into_iter()
    .collect();
    store.apply(&changes).expect("applies");
    by_hand(&path, "UPDATE categories SET parent = 'b' WHERE slug = 'a'");
    let categories = store.categories().expect("lists");
    assert_eq!(categories[0].parent, Some(slug("b")), "the cycle is there");
    let articles = [in_b, in_a];
    for c in ["a", "b"] {
        let query = ListQuery {
            scope: Scope::All,
            category: Some(slug(c)),
            ..ListQuery::public(DateTime::UNIX_EPOCH)
        };
        let page = store.articles(&query).expect("lists");
        assert_eq!(page.total, 2, "category {c}");
        assert_eq!(page, blog_core::list(&articles, &categories, &query));
    }
    let now = DateTime::from_timestamp(2_000_000_000, 0).expect("valid time");
    let counts = store.category_counts(now).expect("counts");
    assert_eq!(
        counts.iter().map(|c| c.articles).collect::<Vec<_>>(),
        [2, 2]
    );
    assert_eq!(
        counts,
        blog_core::category_counts(&articles, &categories, now)
    );
}

/// A commit by another store on the same file (the command line, in another
/// process) changes the revision; reads by either do not.
#[test]
fn a_commit_by_another_store_changes_the_revision() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let server = SqliteStore::open(&path).expect("opens");
    let cli = SqliteStore::open(&path).expect("opens again");
    let empty = server.revision().expect("reads the revision");
    assert!(cli.is_empty().expect("is_empty"));
    assert_eq!(server.revision().expect("reads the revision"), empty);
    fill(&cli);
    let filled = server.revision().expect("reads the revision");
    assert_ne!(filled, empty);
    assert!(cli.article(&slug("kept")).expect("reads").is_some());
    assert!(server.article(&slug("kept")).expect("reads").is_some());
    assert_eq!(server.revision().expect("reads the revision"), filled);
    // And so does an edit by hand, with the `sqlite3` shell say.
    by_hand(&path, "UPDATE articles SET title = 'Edited'");
    let edited = server.revision().expect("reads the revision");
    assert_ne!(edited, filled);
    assert_ne!(edited, empty);
}

/// Runs `f` on another thread and gives its result, or `None` if it takes
/// longer than two seconds (a lock wait takes five).
fn promptly<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(f()));
    receive.recv_timeout(Duration::from_secs(2)).ok()
}

/// Another connection writing, not yet committed, does not hold up the
/// revision: it comes at once and has not changed; the commit changes it.
#[test]
fn the_revision_does_not_wait_for_a_writer() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let store = Arc::new(SqliteStore::open(&path).expect("opens"));
    fill(&store);
    let before = store.revision().expect("reads the revision");
    let writer = Connection::open(&path).expect("opens by hand");
    writer
        .execute_batch(
            "BEGIN IMMEDIATE; \
             INSERT INTO categories VALUES ('pending', 'Pending', '', NULL);",
        )
        .expect("writes without committing");
    let waiting = Arc::clone(&store);
    let during = promptly(move || waiting.revision()).expect("the revision did not wait");
    assert_eq!(during.expect("reads the revision"), before);
    writer.execute_batch("COMMIT").expect("commits");
    assert_ne!(store.revision().expect("reads the revision"), before);
}

/// The revision is read from the WAL index while nothing is committed: it
/// must still see every commit on the very next call, however many come in
/// a row, across checkpoints that empty the WAL and a WAL index that
/// another connection rebuilds.
#[test]
fn every_commit_shows_in_the_next_revision() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let store = SqliteStore::open(&path).expect("opens");
    fill(&store);
    let other = Connection::open(&path).expect("opens by hand");
    let mut seen = vec![store.revision().expect("reads the revision")];
    for i in 0..300 {
        other
            .execute(
                "UPDATE articles SET title = ?1 WHERE slug = 'kept'",
                [format!("Title {i}")],
            )
            .expect("commits");
        let revision = store.revision().expect("reads the revision");
        assert!(!seen.contains(&revision), "commit {i}: {revision:?} again");
        assert_eq!(store.revision().expect("reads it again"), revision);
        seen.push(revision);
        if i % 7 == 0 {
            // Checkpoints change no content, and the next commit starts the
            // WAL over.
            other
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
                .expect("checkpoints");
            let after = store.revision().expect("reads the revision");
            assert_eq!(
                store
                    .article(&slug("kept"))
                    .expect("reads")
                    .map(|a| a.title.as_str().to_owned()),
                Some(format!("Title {i}"))
            );
            assert!(after == revision || !seen.contains(&after));
            seen.push(after);
        }
    }
}

/// A sound database passes, empty or not, in memory or in a file, and
/// however its connections were used before: searches read the full-text
/// index into a connection's memory, which another store's write then makes
/// stale.
#[test]
fn a_sound_database_passes_the_integrity_check() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let server = SqliteStore::open(&path).expect("opens");
    server
        .check_integrity()
        .expect("an empty database is sound");
    fill(&server);
    server
        .check_integrity()
        .expect("a filled database is sound");
    let cli = SqliteStore::open(&path).expect("opens again");
    let now = DateTime::<chrono::Utc>::MAX_UTC;
    for store in [&server, &cli] {
        assert_eq!(
            store
                .search(&SearchQuery::new("body", now))
                .expect("searches")
                .total,
            1
        );
    }
    fill_many(&cli, 20);
    server
        .check_integrity()
        .expect("sound after another store wrote");
    cli.check_integrity().expect("sound after this store wrote");
    let memory = SqliteStore::open_in_memory().expect("opens");
    fill(&memory);
    memory
        .search(&SearchQuery::new("body", now))
        .expect("searches");
    fill_many(&memory, 20);
    memory
        .check_integrity()
        .expect("an in-memory database is sound");
}

/// `n` articles of a few paragraphs each, in a dozen categories, with tags.
fn fill_many(store: &SqliteStore, n: usize) {
    let mut changes: ChangeSet = (0..12)
        .map(|c| {
            Change::AddCategory(Category::new(
                slug(&format!("category-{c}")),
                Title::parse(&format!("Category {c}")).expect("valid title"),
                Markdown::new("A category."),
            ))
        })
        .collect();
    let paragraph = "Words that readers read, over and over, to fill a page. ".repeat(20);
    for i in 0..n {
        let mut a = article(&format!("article-{i}"));
        a.body = Markdown::new(format!("{paragraph}\n\n{i}\n\n{paragraph}"));
        a.categories = vec![slug(&format!("category-{}", i % 12))];
        a.tags = vec![Tag::parse(&format!("Tag {}", i % 7)).expect("valid tag")];
        a.previous_slugs = Vec::new();
        changes.push(Change::PutArticle(a));
    }
    store.apply(&changes).expect("applies");
}

/// Overwrites `count` pages of the file at `path` with garbage, starting a
/// third of the way in: past the header and the schema, inside the tables.
fn damage(path: &Path, count: usize) {
    let mut bytes = std::fs::read(path).expect("reads");
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        size => usize::from(size),
    };
    let pages = bytes.len() / page_size;
    assert!(pages > 3 * count, "only {pages} pages");
    let start = pages / 3 * page_size;
    // A fixed pseudo-random sequence (xorshift): the same damage every run.
    let mut state: u32 = 0x9E37_79B9;
    for byte in &mut bytes[start..start + count * page_size] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *byte = state.to_le_bytes()[0];
    }
    std::fs::write(path, bytes).expect("writes");
}

/// A file damaged in the middle fails to open or fails its check, with an
/// error that names the file, and reads of it fail or answer: none panics.
#[test]
fn a_damaged_file_is_named_not_a_panic() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let store = SqliteStore::open(&path).expect("opens");
    fill_many(&store, 300);
    drop(store);
    damage(&path, 4);
    let error = match SqliteStore::open(&path) {
        Err(e) => e,
        Ok(store) => {
            let all = ListQuery {
                scope: Scope::All,
                ..ListQuery::public(DateTime::UNIX_EPOCH)
            };
            let _ = store.articles(&all);
            let _ = store.search(&SearchQuery::new("words", DateTime::<chrono::Utc>::MAX_UTC));
            store.check_integrity().expect_err("the damage is found")
        }
    };
    let message = error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    if let StoreError::Corrupt { store, problems } = &error {
        assert_eq!(store, &path.display().to_string());
        assert!((1..=5).contains(&problems.len()), "{problems:#?}");
        assert!(
            problems.iter().all(|p| !p.is_empty() && !p.contains('\n')),
            "{problems:#?}"
        );
    }
}

/// `path` with `suffix` added to its name: the `-wal` and `-shm` files.
fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    side.into()
}

/// Closing the last store on a file folds the write-ahead log into it and
/// deletes the `-wal` and `-shm` files; closing one of two leaves them to
/// the other. The content stays.
#[test]
fn closing_the_last_store_leaves_one_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("blog.db");
    let server = SqliteStore::open(&path).expect("opens");
    let cli = SqliteStore::open(&path).expect("opens again");
    fill(&cli);
    // Read on several connections at once, so that idle readers are left.
    let now = DateTime::<chrono::Utc>::MAX_UTC;
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| server.headlines(now).expect("reads"));
        }
    });
    server.revision().expect("reads the revision");
    let wal = beside(&path, "-wal");
    let shm = beside(&path, "-shm");
    assert!(wal.exists() && shm.exists(), "WAL mode while open");
    cli.close().expect("closes");
    assert!(wal.exists(), "the server still has the file open");
    server.close().expect("closes");
    assert!(!wal.exists(), "{} is left", wal.display());
    assert!(!shm.exists(), "{} is left", shm.display());
    let reopened = SqliteStore::open(&path).expect("reopens");
    assert_eq!(
        reopened.article(&slug("kept")).expect("reads"),
        Some(article("kept"))
    );
    reopened.close().expect("closes");
}

#[test]
fn an_in_memory_store_closes() {
    let store = SqliteStore::open_in_memory().expect("opens");
    fill(&store);
    store.close().expect("closes");
}
