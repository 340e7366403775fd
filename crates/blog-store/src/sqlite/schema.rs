//! The database schema and its migrations, tracked in `PRAGMA user_version`.

use blog_core::StoreError;
use rusqlite::{Connection, TransactionBehavior};

use super::error::{backend, invalid};
use super::search;

/// Marks a blog database (`PRAGMA application_id`): "BLOG" in ASCII.
const APPLICATION_ID: i64 = 0x424C_4F47;

/// One step from a schema version to the next: SQL, then, for a step that
/// adds rows computed in Rust, what fills them in from the rows already there.
struct Migration {
    sql: &'static str,
    fill: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

/// Migration `i` takes the schema from version `i` to version `i + 1`.
/// Released steps are never edited: a change to the schema is a new step.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: V1,
        fill: None,
    },
    Migration {
        sql: V2,
        fill: None,
    },
    Migration {
        sql: V3,
        fill: Some(search::reindex),
    },
    Migration {
        sql: V4,
        fill: None,
    },
];

/// The schema version this code writes and understands.
pub(super) const VERSION: usize = MIGRATIONS.len();

/// Times are INTEGER nanoseconds since the Unix epoch (see `codec`), so SQL
/// order is time order. Articles have an internal integer key; the API only
/// ever speaks of slugs.
const V1: &str = "
CREATE TABLE categories (
    slug TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    parent TEXT REFERENCES categories (slug)
) STRICT, WITHOUT ROWID;

CREATE TABLE series (
    slug TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at INTEGER NOT NULL,
    expires_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    series TEXT REFERENCES series (slug),
    series_part INTEGER CHECK (series_part IS NULL OR (series IS NOT NULL AND series_part >= 1)),
    extra TEXT NOT NULL
) STRICT;

-- Listings filter by status and sort newest first, ties by slug.
CREATE INDEX articles_by_status_date ON articles (status, published_at DESC, slug);
CREATE INDEX articles_by_date ON articles (published_at DESC, slug);
CREATE INDEX articles_by_series ON articles (series, published_at DESC, slug);

CREATE TABLE article_categories (
    article INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    category TEXT NOT NULL REFERENCES categories (slug),
    position INTEGER NOT NULL,
    PRIMARY KEY (article, category)
) STRICT, WITHOUT ROWID;

CREATE INDEX article_categories_by_category ON article_categories (category, article);

CREATE TABLE previous_slugs (
    article INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    slug TEXT NOT NULL,
    PRIMARY KEY (article, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX previous_slugs_by_slug ON previous_slugs (slug);
";

/// Tags, kept by their name as written and the slug made from it; each slug
/// once per article, which the unique index enforces. And the slugs of
/// deleted articles, so that their URLs answer "gone" rather than "unknown".
const V2: &str = "
CREATE TABLE article_tags (
    article INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (article, position)
) STRICT, WITHOUT ROWID;

-- Tag filters start from the tag; one article has each tag slug once.
CREATE UNIQUE INDEX article_tags_by_slug ON article_tags (slug, article);

CREATE TABLE deleted_slugs (
    slug TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;
";

/// Full-text search over the articles: one row per article, whose rowid is
/// its id, with its title, its given summary and its text as readers see it
/// (`blog_core::index_text`, computed in Rust: the store writes the row with
/// every article, and the step fills it in for the articles already there).
/// `unicode61` folds case as `blog_core::words` lowercases; unlike its
/// default, it keeps diacritics, as the core does ("café" is not "cafe").
///
/// And two indexes that hold every column of a headline, so that headlines
/// and search hits are read without touching the articles' rows: the
/// columns after `body` are only reached through its overflow pages.
const V3: &str = "
CREATE VIRTUAL TABLE article_search USING fts5 (
    title, summary, body,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Headlines: public articles, newest first. It starts as the index it
-- replaces, which listings keep using.
DROP INDEX articles_by_status_date;
CREATE INDEX articles_by_status_date ON articles (status, published_at DESC, slug,
    expires_at, title, updated_at, series, series_part);

-- Search hits: the articles the full-text index found, by id.
CREATE INDEX articles_search_hits ON articles (id, status, published_at, expires_at,
    slug, title, updated_at, series, series_part);
";

/// Expiries, for when visibility next changes (the first expiry after "now"
/// of a published article): by status, then expiry, so that the answer is
/// the first entry of one range; only articles that can expire are in it.
/// Status comes first because SQLite, with no statistics, prefers an index
/// whose first column is compared with `=`: with the expiry alone, it walked
/// every published article in `articles_by_status_date` instead.
const V4: &str = "
CREATE INDEX articles_by_expiry ON articles (status, expires_at)
    WHERE expires_at IS NOT NULL;
";

/// Checks, reading only, that the database `name` is empty or a blog
/// database of a schema version this code understands. Run before anything
/// that changes the file (such as `journal_mode = WAL`, which is stored in
/// it), so that another program's database is refused unharmed.
pub(super) fn check(conn: &Connection, name: &str) -> Result<(), StoreError> {
    version(conn, name, || {
        format!("cannot open {name} as a blog database")
    })
    .map(|_| ())
}

/// Brings the database `name` up to [`VERSION`], in one transaction, after
/// checking (again, now under the write lock) that it is a blog database
/// this code understands.
pub(super) fn migrate(conn: &mut Connection, name: &str) -> Result<(), StoreError> {
    migrate_to(conn, name, VERSION)
}

/// Brings the database `name` up to version `target` (at most [`VERSION`]),
/// as [`migrate`] does; a database at `target` or later is left as it is.
/// Only tests stop short of [`VERSION`], to build the databases that older
/// releases left behind.
pub(super) fn migrate_to(
    conn: &mut Connection,
    name: &str,
    target: usize,
) -> Result<(), StoreError> {
    let context = || format!("cannot migrate the blog database {name}");
    // Up to date, as nearly always: no write lock is taken, so that opening
    // the database never waits for another program's write (a long import).
    if version(conn, name, context)? >= target {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend(context()))?;
    let from = version(&tx, name, context)?;
    let steps = MIGRATIONS.get(from..target).unwrap_or_default();
    if steps.is_empty() {
        return Ok(());
    }
    for step in steps {
        tx.execute_batch(step.sql).map_err(backend(context()))?;
        if let Some(fill) = step.fill {
            fill(&tx).map_err(backend(context()))?;
        }
    }
    let target = i64::try_from(target).map_err(|_| invalid("schema version", target))?;
    tx.pragma_update(None, "user_version", target)
        .map_err(backend(context()))?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(backend(context()))?;
    tx.commit().map_err(backend(context()))
}

/// The schema version of the database `name`, read without changing
/// anything; an error if the database belongs to another program or has a
/// newer schema than this code knows.
fn version(
    conn: &Connection,
    name: &str,
    context: impl Fn() -> String,
) -> Result<usize, StoreError> {
    let pragma = |pragma: &str| -> Result<i64, StoreError> {
        conn.pragma_query_value(None, pragma, |row| row.get(0))
            .map_err(backend(context()))
    };
    let version = pragma("user_version")?;
    let application_id = pragma("application_id")?;
    let tables: i64 = conn
        .query_row("SELECT COUNT(*) FROM sqlite_schema", [], |row| row.get(0))
        .map_err(backend(context()))?;
    let foreign = if version < 0 {
        true
    } else if version == 0 {
        application_id != 0 || tables != 0
    } else {
        application_id != APPLICATION_ID
    };
    if foreign {
        return Err(invalid(
            "application id",
            format!("database {name} is not a blog database: it belongs to another program"),
        ));
    }
    usize::try_from(version)
        .ok()
        .filter(|&v| v <= VERSION)
        .ok_or_else(|| {
            invalid(
                "schema version",
                format!(
                    "database {name} has schema version {version}, newer than this blog \
                     (max {VERSION}): upgrade the blog"
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        migrate(&mut conn, ":memory:").expect("migrates");
        conn
    }

    fn pragma(conn: &Connection, name: &str) -> i64 {
        conn.pragma_query_value(None, name, |row| row.get(0))
            .expect("readable pragma")
    }

    #[test]
    fn migrating_sets_version_and_is_idempotent() {
        let mut conn = fresh();
        assert_eq!(pragma(&conn, "user_version"), VERSION as i64);
        assert_eq!(pragma(&conn, "application_id"), APPLICATION_ID);
        migrate(&mut conn, ":memory:").expect("a second migration does nothing");
        assert_eq!(pragma(&conn, "user_version"), VERSION as i64);
    }

    fn tables(conn: &Connection) -> Vec<String> {
        conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
            .expect("lists tables")
    }

    #[test]
    fn a_version_1_database_takes_only_the_steps_after_it() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        migrate_to(&mut conn, ":memory:", 1).expect("migrates to version 1");
        assert_eq!(pragma(&conn, "user_version"), 1);
        assert!(!tables(&conn).contains(&"article_tags".to_owned()));
        // Running V1 again would fail on its existing tables: only the
        // later steps run.
        migrate(&mut conn, ":memory:").expect("migrates to the latest version");
        assert_eq!(pragma(&conn, "user_version"), VERSION as i64);
        assert_eq!(
            tables(&conn),
            [
                "article_categories",
                "article_search",
                "article_search_config",
                "article_search_content",
                "article_search_data",
                "article_search_docsize",
                "article_search_idx",
                "article_tags",
                "articles",
                "categories",
                "deleted_slugs",
                "previous_slugs",
                "series",
            ]
        );
        // An older target leaves a newer database as it is.
        migrate_to(&mut conn, ":memory:", 1).expect("nothing to do");
        assert_eq!(pragma(&conn, "user_version"), VERSION as i64);
    }

    #[test]
    fn the_bundled_sqlite_has_fts5() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        let fts5: bool = conn
            .query_row(
                "SELECT sqlite_compileoption_used('ENABLE_FTS5')",
                [],
                |row| row.get(0),
            )
            .expect("reads the compile options");
        assert!(fts5);
    }

    /// Articles as a version 2 database holds them: one with Markdown and
    /// HTML in its text and a summary, one without a summary.
    const V2_ARTICLES: &str = "
        INSERT INTO articles (id, slug, title, summary, body, status, published_at,
            expires_at, created_at, updated_at, series, series_part, extra)
        VALUES
            (3, 'marked', 'Marked Up', 'A summary.', '# Head\n\nSome **bold** <b>café</b> \
             and [a link](https://x.example/hidden).', 'published', 0, NULL, 0, 0, NULL, NULL, '{}'),
            (5, 'plain', 'Plain', NULL, 'Body.', 'draft', 0, NULL, 0, 0, NULL, NULL, '{}');
    ";

    #[test]
    fn version_3_indexes_the_articles_already_there() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        migrate_to(&mut conn, ":memory:", 2).expect("migrates to version 2");
        conn.execute_batch(V2_ARTICLES)
            .expect("stores version 2 articles");
        migrate(&mut conn, ":memory:").expect("migrates to the latest version");
        let rows: Vec<(i64, String, Option<String>, String)> = conn
            .prepare("SELECT rowid, title, summary, body FROM article_search ORDER BY rowid")
            .and_then(|mut stmt| {
                stmt.query_map([], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })?
                .collect()
            })
            .expect("reads the index");
        let row = |id, title: &str, summary: Option<&str>, body: &str| {
            (
                id,
                title.to_owned(),
                summary.map(str::to_owned),
                body.to_owned(),
            )
        };
        assert_eq!(
            rows,
            [
                row(
                    3,
                    "Marked Up",
                    Some("A summary."),
                    "Head Some bold café and a link ."
                ),
                row(5, "Plain", None, "Body."),
            ]
        );
        let found: i64 = conn
            .query_row(
                "SELECT rowid FROM article_search WHERE article_search MATCH '\"CAFÉ\"'",
                [],
                |row| row.get(0),
            )
            .expect("finds the article");
        assert_eq!(found, 3);
    }

    fn check(setup: &str, expected: Result<(), &str>) {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(setup).expect("setup runs");
        let got = migrate(&mut conn, "test.db").map_err(|e| e.to_string());
        match (got, expected) {
            (Ok(()), Ok(())) => {}
            (Err(got), Err(want)) => assert!(got.contains(want), "{got:?} lacks {want:?}"),
            (got, want) => panic!("{setup:?}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        check("", Ok(()));
        check(
            "PRAGMA user_version = 7; PRAGMA application_id = 1112297287;",
            Err("database test.db has schema version 7, newer than this blog (max 4): upgrade"),
        );
        check(
            "PRAGMA application_id = 42;",
            Err("database test.db is not a blog database"),
        );
        check(
            "CREATE TABLE notes (text TEXT);",
            Err("database test.db is not a blog database"),
        );
        check(
            "PRAGMA user_version = 1; PRAGMA application_id = 5;",
            Err("is not a blog database"),
        );
        check(
            "PRAGMA user_version = -1; PRAGMA application_id = 1112297287;",
            Err("is not a blog database"),
        );
    }
}
