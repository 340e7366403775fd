//! The connections to one database: a single writer, and a pool of readers
//! so that reads run in parallel with each other and with the writer (WAL).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use blog_core::{Revision, StoreError};
use rusqlite::{Connection, MAIN_DB, OpenFlags, Transaction, TransactionBehavior};

use super::error::{File, backend, cannot_open, read_only_file};
use super::schema;
use super::wal_index::WalIndex;
use crate::poison::poisoned;

/// How long a connection waits for another one (maybe in another process)
/// to release a lock before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Reader connections kept open between reads; more are opened when needed.
const MAX_IDLE_READERS: usize = 8;

/// Prepared statements kept per connection: listings have a few dozen shapes.
const STATEMENT_CACHE: usize = 64;

/// A database and the connections to it.
pub(super) struct Connections {
    /// The path, or `:memory:`, for messages.
    name: String,
    /// The most bytes the writer may make the file hold, if limited.
    max_size: Option<u64>,
    writer: Mutex<Connection>,
    /// `None` for an in-memory database, which only its one connection can
    /// see: reads then take the writer's turn.
    readers: Option<Readers>,
    /// A connection that only ever asks `PRAGMA data_version`, which
    /// changes whenever another connection (the writer, or another process)
    /// commits; `None` in memory, where the writer is the only connection.
    watch: Option<Mutex<Connection>>,
    /// The file's WAL index, read before asking the watch: an unchanged
    /// header means an unchanged revision. `None` in memory, or if it
    /// cannot be read. After the connections, so that it is dropped after
    /// them (see [`WalIndex`]).
    wal_index: Option<WalIndex>,
    /// Commits by the writer: the revision of an in-memory database.
    commits: AtomicU64,
    /// Counts the statements every connection runs, in tests.
    pub(super) statements: StatementCounter,
}

struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Connections {
    /// Opens the database file at `path`, creating and migrating it as
    /// needed; the writer may make it hold at most `max_size` bytes.
    pub(super) fn open(path: &Path, max_size: Option<u64>) -> Result<Self, StoreError> {
        let name = path.display().to_string();
        let file = File {
            name: &name,
            max_size,
        };
        Self::open_file(path, name.clone(), max_size).map_err(|e| file.explain(e))
    }

    fn open_file(path: &Path, name: String, max_size: Option<u64>) -> Result<Self, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let context = || format!("cannot open {name} as a blog database");
        let mut writer =
            Connection::open_with_flags(path, flags).map_err(|e| cannot_open(path, e))?;
        // SQLite opens a file it may not write read-only, without a word,
        // and would then leave read-only -wal and -shm files beside it that
        // outlive a `chmod` of the file: refuse it before reading a page.
        if writer.is_readonly(MAIN_DB).map_err(backend(context()))? {
            return Err(read_only_file(&name));
        }
        configure(&writer).map_err(backend(context()))?;
        // Refuse another program's database, or a newer schema, before
        // touching the file: `journal_mode = WAL` is stored in it for good.
        schema::check(&writer, &name)?;
        if let Some(bytes) = max_size {
            limit_size(&writer, bytes).map_err(backend(context()))?;
        }
        writer
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(backend(context()))?;
        schema::migrate(&mut writer, &name)?;
        // Readers open the same file even if the working directory changes.
        let readers = Readers {
            path: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
            idle: Mutex::new(Vec::new()),
        };
        let mut db = Self::new(name, writer, Some(readers))?;
        db.max_size = max_size;
        let watch = db.open_reader(path)?;
        // The watch never waits: a busy database is an error the caller
        // can treat as "maybe changed", never a stalled request.
        watch
            .busy_timeout(Duration::ZERO)
            .map_err(backend(format!("cannot open {} for reading", db.name)))?;
        db.watch = Some(Mutex::new(watch));
        db.wal_index = WalIndex::open(path);
        Ok(db)
    }

    /// A new, private in-memory database.
    pub(super) fn in_memory() -> Result<Self, StoreError> {
        let name = ":memory:".to_owned();
        let mut writer = Connection::open_in_memory()
            .and_then(|conn| configure(&conn).map(|()| conn))
            .map_err(backend("cannot open an in-memory database"))?;
        schema::migrate(&mut writer, &name)?;
        Self::new(name, writer, None)
    }

    fn new(
        name: String,
        mut writer: Connection,
        readers: Option<Readers>,
    ) -> Result<Self, StoreError> {
        let statements = StatementCounter::default();
        statements.attach(&mut writer)?;
        Ok(Self {
            name,
            max_size: None,
            writer: Mutex::new(writer),
            readers,
            watch: None,
            wal_index: None,
            commits: AtomicU64::new(0),
            statements,
        })
    }

    /// Where the content stands: the watch connection's data version, which
    /// every commit by another connection changes, asked only when the WAL
    /// index shows a commit since it was last asked; in memory, the number
    /// of the writer's commits.
    pub(super) fn revision(&self) -> Result<Revision, StoreError> {
        let Some(watch) = &self.watch else {
            return Ok(Revision::new(self.commits.load(Ordering::Acquire)));
        };
        match &self.wal_index {
            Some(index) => index.revision(|| self.data_version(watch)),
            None => self.data_version(watch),
        }
    }

    /// The watch connection's `PRAGMA data_version`.
    fn data_version(&self, watch: &Mutex<Connection>) -> Result<Revision, StoreError> {
        let conn = watch.lock().map_err(|_| poisoned("the database watch"))?;
        let version: i64 = conn
            .pragma_query_value(None, "data_version", |row| row.get(0))
            .map_err(backend(format!(
                "cannot read the data version of {}",
                self.name
            )))?;
        Ok(Revision::new(version.cast_unsigned()))
    }

    /// Closes every connection: the idle readers, the watch, then the
    /// writer. As the last connection to the file closes, SQLite
    /// checkpoints the WAL into the database file and deletes it and the
    /// shared-memory file (if no other process has the database open).
    /// Every connection is closed, whatever fails; the first failure is
    /// returned.
    pub(super) fn close(self) -> Result<(), StoreError> {
        // A lock poisoned by a panic still holds a connection to close.
        let Self {
            name,
            writer,
            readers,
            watch,
            wal_index,
            ..
        } = self;
        let mut all: Vec<Connection> = readers
            .map(|r| r.idle.into_inner().unwrap_or_else(PoisonError::into_inner))
            .unwrap_or_default();
        all.extend(watch.map(|w| w.into_inner().unwrap_or_else(PoisonError::into_inner)));
        all.push(writer.into_inner().unwrap_or_else(PoisonError::into_inner));
        let mut first = None;
        for conn in all {
            // A connection that fails to close is dropped, which tries again.
            if let Err((_, e)) = conn.close() {
                first.get_or_insert(e);
            }
        }
        // Only now: closing any descriptor of a file drops every POSIX lock
        // this process holds on it, SQLite's own among them.
        drop(wal_index);
        match first {
            None => Ok(()),
            Some(e) => Err(backend(format!("cannot close {name}"))(e)),
        }
    }

    /// The path, or `:memory:`.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// The database file's full path; `None` in memory.
    pub(super) fn path(&self) -> Option<&Path> {
        self.readers.as_ref().map(|r| r.path.as_path())
    }

    /// The file, as failures name it.
    pub(super) fn file(&self) -> File<'_> {
        File {
            name: &self.name,
            max_size: self.max_size,
        }
    }

    /// Runs `f` in a read transaction: every query in it sees the same
    /// snapshot of the database.
    pub(super) fn read<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Some(readers) = &self.readers else {
            let mut conn = self.writer.lock().map_err(|_| poisoned("the database"))?;
            return in_transaction(&mut conn, &self.name, TransactionBehavior::Deferred, f)
                .map_err(|e| self.file().explain(e));
        };
        let idle = readers
            .idle
            .lock()
            .map_err(|_| poisoned("the database readers"))?
            .pop();
        let mut conn = match idle {
            Some(conn) => conn,
            None => self
                .open_reader(&readers.path)
                .map_err(|e| self.file().explain(e))?,
        };
        let result = in_transaction(&mut conn, &self.name, TransactionBehavior::Deferred, f)
            .map_err(|e| self.file().explain(e));
        // A poisoned pool only loses this connection: the result stands.
        if let Ok(mut idle) = readers.idle.lock()
            && idle.len() < MAX_IDLE_READERS
        {
            idle.push(conn);
        }
        result
    }

    /// Runs `f` in a read transaction, as [`Connections::read`] does, but on
    /// a connection opened for it and closed after, which has nothing cached
    /// from earlier reads; in memory, on the one connection, whose own writes
    /// keep its caches current.
    pub(super) fn read_afresh<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.with_fresh_connection(|conn| {
            in_transaction(conn, &self.name, TransactionBehavior::Deferred, f)
                .map_err(|e| self.file().explain(e))
        })
    }

    /// Runs `f` on a reader connection opened for it and closed after; in
    /// memory, on the one connection. What `f` fails with is its own: it
    /// is not said as a failure of this database.
    pub(super) fn with_fresh_connection<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Some(readers) = &self.readers else {
            let mut conn = self.writer.lock().map_err(|_| poisoned("the database"))?;
            return f(&mut conn);
        };
        let mut conn = self
            .open_reader(&readers.path)
            .map_err(|e| self.file().explain(e))?;
        f(&mut conn)
    }

    /// Runs `f` in a write transaction, taken at once (`BEGIN IMMEDIATE`):
    /// all of it is committed, or none of it.
    pub(super) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.writer.lock().map_err(|_| poisoned("the database"))?;
        let value = in_transaction(&mut conn, &self.name, TransactionBehavior::Immediate, f)
            .map_err(|e| self.file().explain(e))?;
        self.commits.fetch_add(1, Ordering::Release);
        Ok(value)
    }

    fn open_reader(&self, path: &Path) -> Result<Connection, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)
            .and_then(|conn| {
                configure(&conn)?;
                conn.pragma_update(None, "query_only", true)?;
                Ok(conn)
            })
            .map_err(backend(format!("cannot open {} for reading", self.name)))?;
        self.statements.attach(&mut conn)?;
        Ok(conn)
    }
}

/// Keeps the writer `conn` from making the database hold more than `bytes`
/// (rounded down to whole pages, at least one): SQLite's `max_page_count`,
/// which holds for this connection only. A write that needs another page
/// then fails with `SQLITE_FULL`, as on a full disk, and its transaction is
/// rolled back. A file already larger stays readable, and writes that need
/// no new page still work.
fn limit_size(conn: &Connection, bytes: u64) -> rusqlite::Result<()> {
    let page_size: i64 = conn.pragma_query_value(None, "page_size", |row| row.get(0))?;
    let pages = bytes / page_size.max(1).cast_unsigned();
    conn.pragma_update(
        None,
        "max_page_count",
        i64::try_from(pages.max(1)).unwrap_or(i64::MAX),
    )
}

/// Settings every connection needs; they are not stored in the file.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(())
}

/// Runs `f` in a transaction of `behavior` on `conn`, a connection to the
/// database `name`.
fn in_transaction<T>(
    conn: &mut Connection,
    name: &str,
    behavior: TransactionBehavior,
    f: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let tx = conn
        .transaction_with_behavior(behavior)
        .map_err(backend(format!("cannot begin a transaction on {name}")))?;
    // On error `tx` is dropped, which rolls it back.
    let value = f(&tx)?;
    tx.commit()
        .map_err(backend(format!("cannot commit a transaction on {name}")))?;
    Ok(value)
}

/// Counts the statements that connections run, for the test that proves a
/// listing page costs the same number of queries whatever its size. Outside
/// that test it does nothing.
///
/// Only the statements the store runs count: those SQLite runs on behalf of
/// one of them, such as FTS5's reads of its own tables, which the trace
/// shows as comments (`-- SELECT ...`), are part of that one's cost.
#[derive(Default)]
pub(super) struct StatementCounter {
    #[cfg(all(test, feature = "statement-trace"))]
    count: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl StatementCounter {
    /// Counts the statements `conn` runs from now on.
    fn attach(&self, conn: &mut Connection) -> Result<(), StoreError> {
        #[cfg(all(test, feature = "statement-trace"))]
        {
            use rusqlite::trace::{TraceEvent, TraceEventCodes};
            let count = std::sync::Arc::clone(&self.count);
            conn.trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |event: TraceEvent<'_>| {
                    if let TraceEvent::Stmt(_, sql) = event
                        && !sql.starts_with("--")
                    {
                        count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }),
            )
            .map_err(backend("cannot trace statements"))?;
        }
        let _ = conn;
        Ok(())
    }

    /// The statements run since the last call.
    #[cfg(all(test, feature = "statement-trace"))]
    pub(super) fn take(&self) -> usize {
        self.count.swap(0, std::sync::atomic::Ordering::SeqCst)
    }
}
