//! The database schema and its migrations, tracked in `PRAGMA user_version`.

use blog_core::StoreError;
use rusqlite::{Connection, TransactionBehavior};

use super::error::{backend, invalid};

/// Marks a blog database (`PRAGMA application_id`): "BLOG" in ASCII.
const APPLICATION_ID: i64 = 0x424C_4F47;

/// Migration `i` takes the schema from version `i` to version `i + 1`.
/// Released steps are never edited: a change to the schema is a new step.
const MIGRATIONS: &[&str] = &[V1];

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

/// Checks, reading only, that the database `name` is empty or a blog
/// database of a schema version this code understands. Run before anything
/// that changes the file (such as `journal_mode = WAL`, which is stored in
/// it), so that another program's database is refused unharmed.
pub(super) fn check(conn: &Connection, name: &str) -> Result<(), StoreError> {
    pending_migrations(conn, name, || {
        format!("cannot open {name} as a blog database")
    })
    .map(|_| ())
}

/// Brings the database `name` up to [`VERSION`], in one transaction, after
/// checking (again, now under the write lock) that it is a blog database
/// this code understands.
pub(super) fn migrate(conn: &mut Connection, name: &str) -> Result<(), StoreError> {
    let context = || format!("cannot migrate the blog database {name}");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(backend(context()))?;
    let pending = pending_migrations(&tx, name, context)?;
    if pending.is_empty() {
        return Ok(());
    }
    for step in pending {
        tx.execute_batch(step).map_err(backend(context()))?;
    }
    tx.pragma_update(None, "user_version", VERSION as i64)
        .map_err(backend(context()))?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(backend(context()))?;
    tx.commit().map_err(backend(context()))
}

/// The migrations the database `name` still needs, read without changing
/// anything; an error if the database belongs to another program or has a
/// newer schema than this code knows.
fn pending_migrations(
    conn: &Connection,
    name: &str,
    context: impl Fn() -> String,
) -> Result<&'static [&'static str], StoreError> {
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
        .and_then(|v| MIGRATIONS.get(v..))
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
            Err("database test.db has schema version 7, newer than this blog (max 1): upgrade"),
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
