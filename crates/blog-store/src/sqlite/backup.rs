//! A copy of the database, made while it is in use: SQLite's online backup
//! (see [`SqliteStore::backup`](super::SqliteStore::backup)).

use std::path::Path;
use std::time::{Duration, Instant};

use blog_core::StoreError;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::connections::{BUSY_TIMEOUT, Connections};
use super::error::{Cause, backend};
use super::integrity;

/// What [`SqliteStore::backup`](super::SqliteStore::backup) does when the
/// file it is to write exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingFile {
    /// Fail, and leave it as it is.
    Refuse,
    /// Replace it by the copy, once the copy is complete and checked: at
    /// no moment does the file hold part of a copy.
    Replace,
}

/// What a backup wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BackupReport {
    /// The pages of the copy.
    pub pages: u64,
    /// The size of the copy's file, in bytes.
    pub bytes: u64,
}

/// The start of the name of the temporary file a backup writes beside its
/// destination, before it takes the destination's name.
const TEMPORARY: &str = ".blog-backup-";

/// How long to wait between tries when the source is busy.
const RETRY: Duration = Duration::from_millis(20);

/// Copies the database of `db` to the file `to`: see
/// [`SqliteStore::backup`](super::SqliteStore::backup).
pub(super) fn backup(
    db: &Connections,
    to: &Path,
    existing: ExistingFile,
) -> Result<BackupReport, StoreError> {
    let context = || format!("cannot back up {} to {}", db.name(), to.display());
    let refuse = |reason: String| StoreError::Backend {
        context: context(),
        source: Box::new(Cause::new(reason)),
    };
    refuse_target(db, to, existing).map_err(refuse)?;
    let folder = match to.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY).suffix(".tmp");
    #[cfg(unix)]
    if let Some(mode) = source_mode(db) {
        // Readable by whom the database is (as the umask allows), and
        // always writable by us, so that SQLite can write the copy.
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode | 0o600));
    }
    // The temporary file is closed at once: SQLite opens it on its own,
    // and closing another descriptor of a file would drop SQLite's locks.
    // Dropped on any failure below, it is deleted.
    // The error of `tempfile` names the temporary file too: only its kind
    // is kept, and the folder named.
    let temp = builder
        .tempfile_in(folder)
        .map_err(|e| match std::fs::metadata(folder) {
            Err(missing) if missing.kind() == std::io::ErrorKind::NotFound => {
                refuse(format!("the folder {} does not exist", folder.display()))
            }
            _ => refuse(format!(
                "cannot create a file in the folder {}: {}",
                folder.display(),
                e.kind()
            )),
        })?
        .into_temp_path();
    let pages = write_copy(db, &temp).map_err(|e| match e {
        StoreError::Backend { source, .. } => StoreError::Backend {
            context: context(),
            source,
        },
        other => other,
    })?;
    let bytes = std::fs::metadata(&temp)
        .map(|meta| meta.len())
        .map_err(|e| refuse(format!("cannot read the copy: {e}")))?;
    let persisted = match existing {
        ExistingFile::Refuse => temp.persist_noclobber(to),
        ExistingFile::Replace => temp.persist(to),
    };
    persisted.map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => refuse(format!("{} exists already", to.display())),
        _ => refuse(format!(
            "cannot name the copy {}: {}",
            to.display(),
            e.error
        )),
    })?;
    // The new name on disk too, before saying the copy is there.
    #[cfg(unix)]
    std::fs::File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(|e| refuse(format!("cannot sync the folder {}: {e}", folder.display())))?;
    Ok(BackupReport { pages, bytes })
}

/// Why the copy must not be written to `to`, if it must not: it exists (and
/// may not be replaced), is a folder, or is the database itself.
fn refuse_target(db: &Connections, to: &Path, existing: ExistingFile) -> Result<(), String> {
    let Ok(meta) = std::fs::metadata(to) else {
        return Ok(());
    };
    if meta.is_dir() {
        return Err(format!(
            "{} is a folder: name the file to write",
            to.display()
        ));
    }
    let itself = db
        .path()
        .zip(std::fs::canonicalize(to).ok())
        .is_some_and(|(db, to)| db == to);
    if itself {
        return Err("that is the database itself".to_owned());
    }
    match existing {
        ExistingFile::Refuse => Err(format!("{} exists already", to.display())),
        ExistingFile::Replace => Ok(()),
    }
}

/// The permission bits of the database file, if it has one.
#[cfg(unix)]
fn source_mode(db: &Connections) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::metadata(db.path()?).ok()?;
    Some(meta.permissions().mode() & 0o777)
}

/// Copies every page of the database into the empty file `temp`, makes the
/// copy one self-contained file (rollback journal, no `-wal` to go with it),
/// checks it, and closes it: its number of pages.
fn write_copy(db: &Connections, temp: &Path) -> Result<u64, StoreError> {
    let context = "cannot write the copy";
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut copy = Connection::open_with_flags(temp, flags).map_err(backend(context))?;
    db.with_fresh_connection(|source| copy_pages(source, &mut copy))?;
    copy.pragma_update(None, "journal_mode", "DELETE")
        .map_err(backend(context))?;
    integrity::check(&copy, &format!("the copy of {}", db.name()))?;
    let pages: i64 = copy
        .pragma_query_value(None, "page_count", |row| row.get(0))
        .map_err(backend(context))?;
    copy.close().map_err(|(_, e)| backend(context)(e))?;
    Ok(pages.cast_unsigned())
}

/// Copies every page of `source` into `copy` in one step, hence in one read
/// transaction: the copy is the database as one moment left it. In WAL
/// mode, writers go on meanwhile; they only keep the log from being
/// emptied until the copy is done. A copy in several steps would start
/// again whenever another connection wrote between two of them, and might
/// never end under a steady flow of writes.
fn copy_pages(source: &Connection, copy: &mut Connection) -> Result<(), StoreError> {
    let context = "cannot copy the pages";
    let backup = Backup::new(source, copy).map_err(backend(context))?;
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match backup.step(-1).map_err(backend(context))? {
            StepResult::Done => return Ok(()),
            // Busy or locked: another connection holds what the copy needs.
            _ if Instant::now() < deadline => std::thread::sleep(RETRY),
            _ => {
                return Err(StoreError::Backend {
                    context: context.to_owned(),
                    source: Box::new(Cause::new(format!(
                        "the database stayed busy for {} s",
                        BUSY_TIMEOUT.as_secs()
                    ))),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use blog_core::{Article, Change, ChangeSet, ListQuery, Markdown, Scope, Slug, Store, Title};
    use chrono::DateTime;

    use super::*;
    use crate::SqliteStore;

    /// A change set of `n` articles, `first` onwards.
    fn articles(first: usize, n: usize) -> ChangeSet {
        (first..first + n)
            .map(|i| {
                let at = DateTime::from_timestamp(1_700_000_000 + i as i64, 0).expect("a time");
                Change::PutArticle(Article::new(
                    Slug::parse(&format!("article-{i:05}")).expect("a slug"),
                    Title::parse("An article").expect("a title"),
                    Markdown::new("Some text, to fill a page or two. ".repeat(40)),
                    at,
                ))
            })
            .collect()
    }

    fn all(store: &dyn Store) -> Vec<Article> {
        let query = ListQuery {
            scope: Scope::All,
            ..ListQuery::public(DateTime::UNIX_EPOCH)
        };
        blog_core::all_articles(store, &query).expect("lists")
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("reads the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    fn message(error: &StoreError) -> String {
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        message
    }

    #[test]
    fn a_backup_is_a_sound_database_with_the_same_content() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = SqliteStore::open(&dir.path().join("blog.db")).expect("opens");
        store.apply(&articles(0, 50)).expect("stores");
        let to = dir.path().join("copy.db");
        let report = store.backup(&to, ExistingFile::Refuse).expect("backs up");
        assert_eq!(report.bytes, std::fs::metadata(&to).expect("exists").len());
        assert_eq!(report.bytes, report.pages * 4096);
        assert!(report.pages > 20, "{report:?}");
        // One file, with no temporary file, log or journal left beside it.
        assert_eq!(
            names(dir.path()),
            ["blog.db", "blog.db-shm", "blog.db-wal", "copy.db"]
        );
        let copy = SqliteStore::open(&to).expect("the copy opens");
        copy.check_integrity().expect("the copy is sound");
        assert_eq!(all(&copy), all(&store));
        assert_eq!(all(&copy).len(), 50);
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_asked() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("blog.db");
        let store = SqliteStore::open(&path).expect("opens");
        store.apply(&articles(0, 3)).expect("stores");
        let to = dir.path().join("copy.db");
        std::fs::write(&to, "an older copy").expect("writes");
        let refused = store
            .backup(&to, ExistingFile::Refuse)
            .expect_err("refused");
        let shown = dir.path().display().to_string();
        assert_eq!(
            message(&refused).replace(&shown, "DIR"),
            "cannot back up DIR/blog.db to DIR/copy.db: DIR/copy.db exists already"
        );
        assert_eq!(std::fs::read(&to).expect("reads"), b"an older copy");

        store.backup(&to, ExistingFile::Replace).expect("replaces");
        assert_eq!(all(&SqliteStore::open(&to).expect("opens")).len(), 3);

        // Never over the database itself, nor into a folder.
        for (target, reason) in [
            (path.clone(), "that is the database itself"),
            (
                dir.path().to_owned(),
                "DIR is a folder: name the file to write",
            ),
        ] {
            let refused = store
                .backup(&target, ExistingFile::Replace)
                .expect_err("refused");
            let expected = format!(
                "cannot back up DIR/blog.db to {}: {reason}",
                target.display()
            );
            assert_eq!(
                message(&refused).replace(&shown, "DIR"),
                expected.replace(&shown, "DIR")
            );
        }
        assert_eq!(all(&store).len(), 3);
        assert_eq!(
            names(dir.path()),
            ["blog.db", "blog.db-shm", "blog.db-wal", "copy.db"]
        );
    }

    #[test]
    fn a_backup_to_a_missing_folder_names_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = SqliteStore::open_in_memory().expect("opens");
        let to = dir.path().join("missing/copy.db");
        let refused = store
            .backup(&to, ExistingFile::Refuse)
            .expect_err("refused");
        assert_eq!(
            message(&refused).replace(&dir.path().display().to_string(), "DIR"),
            "cannot back up :memory: to DIR/missing/copy.db: the folder DIR/missing \
             does not exist"
        );
    }

    #[test]
    fn an_in_memory_store_backs_up_to_a_file() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = SqliteStore::open_in_memory().expect("opens");
        store.apply(&articles(0, 5)).expect("stores");
        let to = dir.path().join("copy.db");
        store.backup(&to, ExistingFile::Refuse).expect("backs up");
        let copy = SqliteStore::open(&to).expect("opens");
        copy.check_integrity().expect("the copy is sound");
        assert_eq!(all(&copy), all(&store));
    }

    /// Backups taken while another store (another process, as far as
    /// SQLite knows) writes change sets of ten articles each: each copy
    /// holds whole change sets, and is sound.
    #[test]
    fn each_backup_is_one_moment_of_a_database_being_written() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("blog.db");
        let writer = SqliteStore::open(&path).expect("opens");
        writer.apply(&articles(0, 10)).expect("stores");
        let store = SqliteStore::open(&path).expect("opens again");
        let done = Arc::new(AtomicBool::new(false));
        let writing = {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut sets = 1;
                while !done.load(Ordering::Relaxed) && sets < 200 {
                    writer.apply(&articles(sets * 10, 10)).expect("stores");
                    sets += 1;
                }
                sets
            })
        };
        let mut counts = Vec::new();
        for i in 0..8 {
            let to = dir.path().join(format!("copy-{i}.db"));
            store.backup(&to, ExistingFile::Refuse).expect("backs up");
            let copy = SqliteStore::open(&to).expect("opens");
            copy.check_integrity().expect("the copy is sound");
            counts.push(all(&copy).len());
        }
        done.store(true, Ordering::Relaxed);
        let sets = writing.join().expect("the writer finishes");
        assert!(counts.iter().all(|n| n % 10 == 0 && *n >= 10), "{counts:?}");
        assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
        assert_eq!(all(&store).len(), sets * 10);
    }
}
