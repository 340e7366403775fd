//! `SqliteStore`: the content in one SQLite file.

mod backup;
mod codec;
mod connections;
mod error;
mod headline;
mod integrity;
mod listing;
mod lookup;
mod rows;
mod schema;
mod search;
mod visibility;
mod wal_index;
mod write;

use std::fmt;
use std::path::Path;

use blog_core::{
    Article, Category, CategoryCount, ChangeSet, Headline, ListQuery, Lookup, Page, Revision,
    SearchHit, SearchQuery, Series, Slug, Store, StoreError,
};
use chrono::{DateTime, Utc};

pub use self::backup::{BackupReport, ExistingFile};
use self::connections::Connections;
use self::error::backend;
use self::rows::{CATEGORY_COLUMNS, CategoryRow, SERIES_COLUMNS, SeriesRow};

/// A store in a SQLite database file: the blog's default, embedded backend.
///
/// Opening creates the file if it is missing and migrates its schema. The
/// file is in WAL mode: many readers (threads of this process, and other
/// processes such as the command line) work at once, next to one writer.
/// Every [`Store::apply`] is one transaction. Listings, headlines and
/// searches run in SQL, with a fixed number of queries per page whatever
/// its size. Searches use an FTS5 index of each article's title, given
/// summary and the text readers see ([`blog_core::index_text`]), which
/// every write keeps in step.
///
/// Times are kept as nanoseconds since 1970, so only times from 1677-09-21
/// to 2262-04-11, outside leap seconds, can be stored; others are refused
/// with [`StoreError::Invalid`]. So are extra fields holding infinite or NaN
/// floats, which JSON cannot write.
pub struct SqliteStore {
    db: Connections,
}

/// How [`SqliteStore::open_with`] opens a database file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SqliteOptions {
    /// The most bytes the database file may hold, set with
    /// [`SqliteOptions::with_max_size`]; `None` (the default): as many as
    /// the disk has room for.
    pub max_size: Option<u64>,
}

impl SqliteOptions {
    /// The options [`SqliteStore::open`] uses: no limit but the disk's.
    pub fn new() -> Self {
        Self::default()
    }

    /// Limits the database file to `bytes`, rounded down to whole pages
    /// (4 KiB) and at least one page.
    ///
    /// A change that would make the file larger fails as on a full disk:
    /// [`Store::apply`] returns [`StoreError::Backend`] saying that the
    /// database is full (and the limit), and stores nothing of the change
    /// set. So does
    /// opening, if creating or migrating the file needs more room. A file
    /// already larger opens and reads as usual, and changes that need no
    /// new page still work.
    ///
    /// The limit is kept by this store's writing connection (SQLite's
    /// `max_page_count`, which holds per connection), not by the file: a
    /// store or program that opens the file without it is not held to it.
    /// The write-ahead log beside the file is not counted.
    pub fn with_max_size(mut self, bytes: u64) -> Self {
        self.max_size = Some(bytes);
        self
    }
}

impl SqliteStore {
    /// Opens the database at `path`, creating the file if it is missing and
    /// bringing its schema up to date.
    ///
    /// Fails, naming `path` (with [`StoreError::Invalid`] for the last
    /// two), if the file or its folder cannot be read and written, if the
    /// file is not a SQLite database, belongs to another program, or was
    /// written by a newer version of the blog. A read-only file is refused
    /// before SQLite reads it: the store writes to it, and to the `-wal` and
    /// `-shm` files beside it, even to read.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, SqliteOptions::new())
    }

    /// Opens the database at `path` as [`SqliteStore::open`] does, with
    /// `options`.
    pub fn open_with(path: &Path, options: SqliteOptions) -> Result<Self, StoreError> {
        Ok(Self {
            db: Connections::open(path, options.max_size)?,
        })
    }

    /// Writes a copy of the database to the file `to`, while other
    /// connections and processes go on reading and writing it: SQLite's
    /// online backup, in one read transaction, so that the copy holds the
    /// content as one moment left it (whole change sets, never part of
    /// one). Restoring is copying the file back, with nothing else open on
    /// it.
    ///
    /// The copy is written to a temporary file in `to`'s folder, made one
    /// self-contained file (no write-ahead log to go with it), checked as
    /// [`SqliteStore::check_integrity`] checks, and only then given the
    /// name `to`: a failure, or a crash, never leaves part of a copy there
    /// (a crash can leave a hidden `.blog-backup-*` file beside it). The
    /// copy has the database file's permissions, as the umask allows.
    ///
    /// Fails with [`StoreError::Backend`], naming both files, if `to` is a
    /// folder or the database itself, if it exists and `existing` is
    /// [`ExistingFile::Refuse`], or if the copy cannot be written; with
    /// [`StoreError::Corrupt`] if the copy is damaged (which a damaged
    /// database gives).
    pub fn backup(&self, to: &Path, existing: ExistingFile) -> Result<BackupReport, StoreError> {
        backup::backup(&self.db, to, existing)
    }

    /// Checks that the database is not damaged, with SQLite's
    /// `PRAGMA quick_check`: every page is read once, and the structure of
    /// each table and index, the free pages, each row's format and
    /// constraints (`NOT NULL`, `CHECK`) and the full-text index's checksums
    /// are checked. What damages a file (a torn write, a bad copy, bytes
    /// overwritten) breaks that structure.
    ///
    /// Quick, not full (`integrity_check`): the full check also looks up
    /// every entry of every index in its table, which costs a search per
    /// entry (N log N, where the quick check is linear): 1.3 times as long
    /// at 100,000 articles (`benches/listing.rs`), and more as a blog grows.
    /// What only it finds, an index out of step with a table whose pages
    /// are sound, `REINDEX` mends; a backup is not needed.
    ///
    /// It runs in a read transaction, which writers do not wait for, on a
    /// connection of its own: FTS5's part of the check trusts what a
    /// connection remembers of the full-text index, and one that read the
    /// index before another connection wrote it reports a checksum mismatch
    /// that is not there.
    ///
    /// Fails with [`StoreError::Corrupt`], naming the file and the first
    /// problems SQLite found, or with [`StoreError::Backend`] if it cannot
    /// check at all.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        self.db
            .read_afresh(|tx| integrity::check(tx, self.db.name()))
    }

    /// Closes the database: every connection, the writer last. When no
    /// other store or process has the file open, SQLite then copies the
    /// write-ahead log into the file and deletes the `-wal` and `-shm` files
    /// beside it, leaving one file to copy or back up.
    ///
    /// Dropping the store does the same but cannot say what failed: this
    /// fails with [`StoreError::Backend`], naming the file, for the first
    /// connection that could not be closed (the others are closed anyway).
    pub fn close(self) -> Result<(), StoreError> {
        self.db.close()
    }

    /// A new, empty database in memory, private to this store and gone when
    /// it is dropped: for tests. Reads take turns with writes on its single
    /// connection.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Ok(Self {
            db: Connections::in_memory()?,
        })
    }
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.db.name())
            .finish_non_exhaustive()
    }
}

impl Store for SqliteStore {
    fn article(&self, slug: &Slug) -> Result<Option<Article>, StoreError> {
        self.db.read(|tx| rows::article(tx, slug))
    }

    fn articles_by_slug(&self, slugs: &[&Slug]) -> Result<Vec<Article>, StoreError> {
        self.db.read(|tx| rows::articles_by_slug(tx, slugs))
    }

    fn lookup(&self, slug: &Slug) -> Result<Lookup, StoreError> {
        self.db.read(|tx| lookup::lookup(tx, slug))
    }

    fn old_slugs(&self) -> Result<Vec<(Slug, Lookup)>, StoreError> {
        self.db.read(|tx| lookup::old_slugs(tx))
    }

    fn articles(&self, query: &ListQuery) -> Result<Page<Article>, StoreError> {
        self.db.read(|tx| listing::articles(tx, query))
    }

    fn headlines(&self, now: DateTime<Utc>) -> Result<Vec<Headline>, StoreError> {
        self.db.read(|tx| headline::headlines(tx, now))
    }

    fn search(&self, query: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        self.db.read(|tx| search::search(tx, query))
    }

    fn category(&self, slug: &Slug) -> Result<Option<Category>, StoreError> {
        let sql = format!("SELECT {CATEGORY_COLUMNS} FROM categories c WHERE c.slug = ?1");
        self.db.read(|tx| {
            let found = rows::query(
                tx,
                (&sql, [slug.as_str()]),
                CategoryRow::read,
                CategoryRow::into_category,
                "cannot read a category",
            )?;
            Ok(found.into_iter().next())
        })
    }

    fn categories(&self) -> Result<Vec<Category>, StoreError> {
        let sql = format!("SELECT {CATEGORY_COLUMNS} FROM categories c ORDER BY c.name, c.slug");
        self.db.read(|tx| {
            rows::query(
                tx,
                (&sql, []),
                CategoryRow::read,
                CategoryRow::into_category,
                "cannot list categories",
            )
        })
    }

    fn category_counts(&self, now: DateTime<Utc>) -> Result<Vec<CategoryCount>, StoreError> {
        self.db.read(|tx| listing::category_counts(tx, now))
    }

    fn series(&self, slug: &Slug) -> Result<Option<Series>, StoreError> {
        let sql = format!("SELECT {SERIES_COLUMNS} FROM series s WHERE s.slug = ?1");
        self.db.read(|tx| {
            let found = rows::query(
                tx,
                (&sql, [slug.as_str()]),
                SeriesRow::read,
                SeriesRow::into_series,
                "cannot read a series",
            )?;
            Ok(found.into_iter().next())
        })
    }

    fn all_series(&self) -> Result<Vec<Series>, StoreError> {
        let sql = format!("SELECT {SERIES_COLUMNS} FROM series s ORDER BY s.title, s.slug");
        self.db.read(|tx| {
            rows::query(
                tx,
                (&sql, []),
                SeriesRow::read,
                SeriesRow::into_series,
                "cannot list series",
            )
        })
    }

    fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        self.db.write(|tx| {
            changes
                .changes()
                .iter()
                .try_for_each(|change| write::apply(tx, change))
        })
    }

    fn is_empty(&self) -> Result<bool, StoreError> {
        self.db.read(|tx| {
            tx.query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM articles) \
                   AND NOT EXISTS (SELECT 1 FROM categories) \
                   AND NOT EXISTS (SELECT 1 FROM series)",
                [],
                |row| row.get(0),
            )
            .map_err(backend("cannot tell whether the store is empty"))
        })
    }

    fn revision(&self) -> Result<Revision, StoreError> {
        self.db.revision()
    }

    fn next_visibility_change(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.db.read(|tx| visibility::next_change(tx, now))
    }
}

#[cfg(test)]
mod tests {
    use blog_core::{Change, Markdown, PerPage, Scope, Tag, Title};

    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid slug")
    }

    /// 60 articles, each in two categories, with two tags and with two
    /// previous slugs.
    fn filled(store: &SqliteStore) {
        let mut changes = ChangeSet::new();
        for c in ["a", "b"] {
            changes.push(Change::AddCategory(Category::new(
                slug(c),
                Title::parse(c).expect("valid title"),
                Markdown::default(),
            )));
        }
        for i in 0..60 {
            let at = DateTime::from_timestamp(1_700_000_000 + i * 60, 0).expect("valid time");
            let mut article = Article::new(
                slug(&format!("article-{i}")),
                Title::parse("Title").expect("valid title"),
                Markdown::new("Body."),
                at,
            );
            article.categories = vec![slug("a"), slug("b")];
            article.tags = vec![
                Tag::parse("First").expect("valid tag"),
                Tag::parse(&format!("Tag {i}")).expect("valid tag"),
            ];
            article.previous_slugs = vec![slug(&format!("old-{i}")), slug(&format!("older-{i}"))];
            changes.push(Change::PutArticle(article));
        }
        store.apply(&changes).expect("applies");
    }

    /// The statements one listing of `per_page` articles runs, counted by
    /// SQLite's own trace hook on every connection of the store.
    fn statements_for_page(store: &SqliteStore, per_page: u32) -> usize {
        let query = ListQuery {
            scope: Scope::All,
            per_page: PerPage::new(per_page).expect("in range"),
            ..ListQuery::public(DateTime::UNIX_EPOCH)
        };
        store.db.statements.take();
        let page = store.articles(&query).expect("lists");
        let statements = store.db.statements.take();
        assert_eq!(page.items.len(), per_page as usize);
        assert!(page.items.iter().all(|a| a.categories.len() == 2));
        assert!(page.items.iter().all(|a| a.tags.len() == 2));
        assert!(page.items.iter().all(|a| a.previous_slugs.len() == 2));
        statements
    }

    fn check_bounded(store: &SqliteStore) {
        filled(store);
        // Warm up: the first read may open a reader connection.
        statements_for_page(store, 1);
        let small = statements_for_page(store, 5);
        let large = statements_for_page(store, 50);
        assert_eq!(small, large, "a page's cost must not grow with its size");
        // BEGIN, the count, the page, its categories, its tags, its previous
        // slugs, COMMIT.
        assert_eq!(small, 7);
    }

    #[test]
    fn a_page_costs_the_same_statements_whatever_its_size() {
        let dir = tempfile::tempdir().expect("temporary directory");
        check_bounded(&SqliteStore::open(&dir.path().join("blog.db")).expect("opens"));
        check_bounded(&SqliteStore::open_in_memory().expect("opens"));
    }

    #[test]
    fn headlines_cost_the_same_statements_however_many() {
        let store = SqliteStore::open_in_memory().expect("opens");
        filled(&store);
        store.db.statements.take();
        let headlines = store.headlines(DateTime::<Utc>::MAX_UTC).expect("reads");
        // BEGIN, the headlines, their categories, their tags, COMMIT.
        assert_eq!(store.db.statements.take(), 5);
        assert_eq!(headlines.len(), 60);
        assert!(headlines.iter().all(|h| h.categories.len() == 2));
        assert!(headlines.iter().all(|h| h.tags.len() == 2));
    }

    #[test]
    fn a_category_or_tag_on_many_articles_is_read_into_one_string() {
        let store = SqliteStore::open_in_memory().expect("opens");
        filled(&store);
        let headlines = store.headlines(DateTime::<Utc>::MAX_UTC).expect("reads");
        let (first, rest) = headlines.split_first().expect("headlines");
        let same = |a: &str, b: &str| std::ptr::eq(a.as_ptr(), b.as_ptr());
        for other in rest {
            for (a, b) in first.categories.iter().zip(&other.categories) {
                assert!(same(a.as_str(), b.as_str()), "category {a}");
            }
            // Every article's first tag is "First"; the second is its own.
            let (a, b) = (&first.tags[0], &other.tags[0]);
            assert_eq!(a, b);
            assert!(same(a.name(), b.name()) && same(a.slug().as_str(), b.slug().as_str()));
            assert_ne!(first.tags[1], other.tags[1]);
        }
    }

    #[test]
    fn a_search_page_costs_the_same_statements_whatever_its_size() {
        let store = SqliteStore::open_in_memory().expect("opens");
        filled(&store);
        let mut statements = Vec::new();
        for per_page in [5, 50] {
            let query = SearchQuery {
                per_page: PerPage::new(per_page).expect("in range"),
                ..SearchQuery::new("title body", DateTime::<Utc>::MAX_UTC)
            };
            store.db.statements.take();
            let page = store.search(&query).expect("searches");
            statements.push(store.db.statements.take());
            assert_eq!(page.items.len(), per_page as usize);
            assert_eq!(page.total, 60);
            assert!(page.items.iter().all(|h| h.headline.tags.len() == 2));
        }
        // BEGIN, the page, the count, its categories, its tags, COMMIT.
        assert_eq!(statements, [6, 6]);
    }

    #[test]
    fn the_counter_sees_every_statement() {
        // The proof above is only as good as the counter: one read of an
        // article runs BEGIN, its row, its categories, its tags, its previous
        // slugs, COMMIT.
        let store = SqliteStore::open_in_memory().expect("opens");
        filled(&store);
        store.db.statements.take();
        assert!(store.article(&slug("article-3")).expect("reads").is_some());
        assert_eq!(store.db.statements.take(), 6);
    }

    /// An article as release 1 (schema version 1, before tags) stored it.
    const V1_ARTICLE: &str = "
        INSERT INTO categories VALUES ('rust', 'Rust', '', NULL);
        INSERT INTO articles (id, slug, title, summary, body, status, published_at,
            expires_at, created_at, updated_at, series, series_part, extra)
        VALUES (7, 'kept', 'Kept', NULL, 'Body.', 'published', 1700000000000000000,
            NULL, 1700000000000000000, 1700000000000000000, NULL, NULL, '{}');
        INSERT INTO article_categories VALUES (7, 'rust', 0);
        INSERT INTO previous_slugs VALUES (7, 0, 'old');
    ";

    #[test]
    fn a_version_1_database_opens_with_its_articles() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("blog.db");
        let mut old = rusqlite::Connection::open(&path).expect("creates");
        schema::migrate_to(&mut old, "blog.db", 1).expect("migrates to version 1");
        old.execute_batch(V1_ARTICLE)
            .expect("stores a version 1 article");
        drop(old);
        let store = SqliteStore::open(&path).expect("opens and migrates");
        let mut expected = Article::new(
            slug("kept"),
            Title::parse("Kept").expect("valid title"),
            Markdown::new("Body."),
            DateTime::from_timestamp(1_700_000_000, 0).expect("valid time"),
        );
        expected.categories = vec![slug("rust")];
        expected.previous_slugs = vec![slug("old")];
        // No tags: version 1 had none to keep.
        assert_eq!(
            store.article(&slug("kept")).expect("reads"),
            Some(expected.clone())
        );
        assert_eq!(
            store.lookup(&slug("old")).expect("looks up"),
            Lookup::Moved(slug("kept"))
        );
        assert_eq!(
            store.lookup(&slug("never")).expect("looks up"),
            Lookup::Unknown
        );
        // Version 3 indexed it for search.
        let query = SearchQuery::new("kept body", DateTime::<Utc>::MAX_UTC);
        let found = store.search(&query).expect("searches");
        assert_eq!(found.total, 1);
        assert_eq!(
            found.items[0].headline,
            blog_core::Headline::from(&expected)
        );
        let version: i64 = store
            .db
            .read(|tx| {
                tx.pragma_query_value(None, "user_version", |row| row.get(0))
                    .map_err(backend("reads the version"))
            })
            .expect("reads");
        assert_eq!(version, schema::VERSION as i64);
    }

    /// The rows of each table that hangs off articles.
    fn child_rows(store: &SqliteStore) -> Vec<i64> {
        store
            .db
            .read(|tx| {
                ["article_categories", "article_tags", "previous_slugs"]
                    .iter()
                    .map(|table| {
                        tx.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
                            row.get(0)
                        })
                        .map_err(backend("cannot count rows"))
                    })
                    .collect()
            })
            .expect("counts")
    }

    fn check_cascade(store: &SqliteStore) {
        filled(store);
        assert_eq!(child_rows(store), [120, 120, 120]);
        let gone: ChangeSet = [Change::DeleteArticle(slug("article-7"))]
            .into_iter()
            .collect();
        store.apply(&gone).expect("deletes");
        // ON DELETE CASCADE needs foreign_keys on, on the writer.
        assert_eq!(child_rows(store), [118, 118, 118]);
    }

    #[test]
    fn deleting_an_article_deletes_its_rows() {
        let dir = tempfile::tempdir().expect("temporary directory");
        check_cascade(&SqliteStore::open(&dir.path().join("blog.db")).expect("opens"));
        check_cascade(&SqliteStore::open_in_memory().expect("opens"));
    }

    /// Lists the categories on another thread, failing instead of hanging if
    /// that read has to wait for the caller.
    fn categories_elsewhere(store: &std::sync::Arc<SqliteStore>) -> Vec<Category> {
        let (send, receive) = std::sync::mpsc::channel();
        let store = std::sync::Arc::clone(store);
        std::thread::spawn(move || send.send(store.categories()));
        receive
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the read did not wait")
            .expect("reads")
    }

    fn category(s: &str) -> Change {
        Change::AddCategory(Category::new(
            slug(s),
            Title::parse(s).expect("valid title"),
            Markdown::default(),
        ))
    }

    #[test]
    fn opening_waits_for_no_writer_and_a_writer_kept_waiting_says_so() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("blog.db");
        let store = SqliteStore::open(&path).expect("opens");
        store
            .db
            .write(|_| {
                // Another program opens the database while this one writes:
                // it needs no lock to see that the schema is current.
                let started = std::time::Instant::now();
                let other = SqliteStore::open(&path).expect("opens at once");
                assert!(started.elapsed() < std::time::Duration::from_secs(2));
                assert!(other.categories().expect("reads").is_empty());
                // Its write waits for the busy timeout, then says why.
                let error = other
                    .apply(&[category("new")].into_iter().collect())
                    .expect_err("the database is busy");
                let message = error.to_string();
                assert!(message.contains(&path.display().to_string()), "{message}");
                assert!(message.contains("the database is busy"), "{message}");
                Ok(())
            })
            .expect("writes");
    }

    #[test]
    fn reads_wait_neither_for_the_writer_nor_for_each_other() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("blog.db");
        let store = std::sync::Arc::new(SqliteStore::open(&path).expect("opens"));
        store
            .apply(&[category("old")].into_iter().collect())
            .expect("applies");
        store
            .db
            .write(|tx| {
                write::apply(tx, &category("new"))?;
                // Not committed yet: another reader sees the last commit.
                assert_eq!(categories_elsewhere(&store).len(), 1);
                Ok(())
            })
            .expect("writes");
        store
            .db
            .read(|_| {
                assert_eq!(categories_elsewhere(&store).len(), 2);
                Ok(())
            })
            .expect("reads");
    }
}
