//! The one place where SQLite's errors become [`StoreError`]s, and where the
//! failures an administrator can mend (a full database, a read-only file or
//! folder, a folder that is missing or closed to us) are said in words that
//! name the file and what stands in the way.

use std::fmt;
use std::path::Path;

use blog_core::StoreError;
use rusqlite::{ErrorCode, ffi};

/// Turns a rusqlite error into [`StoreError::Backend`], saying what the store
/// was doing, and, if another connection held the database for longer than
/// the busy timeout, that trying again will do. Use as
/// `.map_err(backend("reading article"))`.
pub(super) fn backend(context: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |source| {
        let mut context = context.into();
        if is_busy(&source) {
            context.push_str(
                ": the database is busy: another program is writing to it; \
                 try again when it is done",
            );
        }
        StoreError::Backend {
            context,
            source: Box::new(Cause::from(source)),
        }
    }
}

/// Whether SQLite gave up waiting for another connection's lock.
fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// A value read from the database that breaks a rule of the model.
pub(super) fn invalid(field: &'static str, reason: impl ToString) -> StoreError {
    StoreError::Invalid {
        field,
        reason: reason.to_string(),
    }
}

/// Whether SQLite found the file damaged, or no database at all, rather
/// than failing for a reason that may pass (a lock, I/O).
pub(super) fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// Why the backend failed, said once. A rusqlite error shows SQLite's
/// message, then again, as its source, with its number ("attempt to write a
/// readonly database: Error code 8: attempt to write a readonly database");
/// this keeps the message and the number apart.
#[derive(Debug)]
pub(super) struct Cause {
    message: String,
    /// SQLite's extended result code, when SQLite failed.
    code: Option<i32>,
}

impl Cause {
    /// A cause in our own words.
    pub(super) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: None,
        }
    }
}

impl From<rusqlite::Error> for Cause {
    fn from(error: rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::SqliteFailure(failure, message) => Self {
                message: message
                    .unwrap_or_else(|| ffi::code_to_str(failure.extended_code).to_owned()),
                code: Some(failure.extended_code),
            },
            other => Self::new(other.to_string()),
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Cause {}

/// What a failure of the database file is said with: its name and the
/// size limit it was opened with.
#[derive(Debug, Clone, Copy)]
pub(super) struct File<'a> {
    /// The path, or `:memory:`, for messages.
    pub(super) name: &'a str,
    /// The most bytes the file may hold, if limited.
    pub(super) max_size: Option<u64>,
}

impl File<'_> {
    /// `error`, reworded when it is a failure the administrator can mend:
    /// the database is full, or cannot be written. What the store was
    /// doing (storing which article) matters less then than what is in
    /// the way, so the message is about the file. Other errors are
    /// returned as they are.
    pub(super) fn explain(self, error: StoreError) -> StoreError {
        let StoreError::Backend { context, source } = error else {
            return error;
        };
        let code = source.downcast_ref::<Cause>().and_then(|cause| cause.code);
        let name = self.name;
        let (context, reason) = match code.map(|code| code & 0xff) {
            Some(ffi::SQLITE_FULL) => (format!("the database {name} is full"), self.full()),
            Some(ffi::SQLITE_READONLY) => (
                format!("cannot write the database {name}"),
                self.read_only(code == Some(ffi::SQLITE_READONLY_DIRECTORY)),
            ),
            _ => return StoreError::Backend { context, source },
        };
        StoreError::Backend {
            context,
            source: Box::new(Cause::new(reason)),
        }
    }

    fn full(self) -> String {
        match self.max_size {
            Some(limit) => format!(
                "it may hold at most {limit} bytes, the size limit it was opened with, \
                 or its disk has no room left"
            ),
            None => "its disk has no room left".to_owned(),
        }
    }

    fn read_only(self, folder: bool) -> String {
        if folder {
            format!(
                "the folder {} is read-only, and SQLite keeps its write-ahead log there, \
                 beside the database",
                folder_of(Path::new(self.name)).display()
            )
        } else {
            format!(
                "it, its folder, or the {0}-wal or {0}-shm file beside it is read-only",
                self.name
            )
        }
    }
}

/// The error for the database file `name`, which the store opens for
/// reading and writing even to read: it is read-only.
pub(super) fn read_only_file(name: &str) -> StoreError {
    StoreError::Backend {
        context: format!("cannot open {name} as a blog database"),
        source: Box::new(Cause::new(
            "the file is read-only, and the blog writes to it (and to the -wal and -shm \
             files beside it) even to read it",
        )),
    }
}

/// The error for the database file `path` that SQLite could not open
/// (`error`), saying what is in the way: a missing folder, a folder or file
/// we may not read, a folder where the file should be. SQLite only says it
/// is "unable to open database file", so this asks the file system again:
/// only what SQLite could not open is opened here, so no connection of
/// this process loses its locks when it is closed.
pub(super) fn cannot_open(path: &Path, error: rusqlite::Error) -> StoreError {
    let context = format!("cannot open {} as a blog database", path.display());
    if error.sqlite_error_code() != Some(ErrorCode::CannotOpen) {
        return backend(context)(error);
    }
    let reason = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Some("it is a folder".to_owned()),
        Ok(_) => std::fs::File::open(path)
            .err()
            .map(|e| format!("cannot read it: {e}")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing_file(path),
        Err(e) => Some(format!(
            "cannot look inside the folder {} (or one above it): {e}",
            folder_of(path).display()
        )),
    };
    match reason {
        Some(reason) => StoreError::Backend {
            context,
            source: Box::new(Cause::new(reason)),
        },
        None => backend(context)(error),
    }
}

/// Why the missing file `path` could not be created, if the file system
/// says.
fn missing_file(path: &Path) -> Option<String> {
    let folder = folder_of(path);
    match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Some(format!("{} is not a folder", folder.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(format!("the folder {} does not exist", folder.display()));
        }
        Err(e) => return Some(format!("cannot reach the folder {}: {e}", folder.display())),
    }
    // The folder is there: creating the file is what failed. Asking for
    // the same gives the reason (a read-only folder, say); should it work
    // now, the empty file goes again and SQLite's word stands.
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Err(e) => Some(format!(
            "cannot create it in the folder {}: {e}",
            folder.display()
        )),
        Ok(_) => {
            let _ = std::fs::remove_file(path);
            None
        }
    }
}

/// The folder that holds `path`: `.` for a bare file name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> StoreError {
        let error = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        backend("cannot store article 'x'")(error)
    }

    fn check(file: File<'_>, error: StoreError, expected: &str) {
        let explained = file.explain(error);
        let mut message = explained.to_string();
        let mut source = std::error::Error::source(&explained);
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        assert_eq!(message, expected);
    }

    #[test]
    fn failures_of_the_file_are_said_once_and_name_it() {
        let file = File {
            name: "data/blog.db",
            max_size: None,
        };
        let limited = File {
            max_size: Some(1 << 20),
            ..file
        };
        check(
            file,
            failure(ffi::SQLITE_FULL),
            "the database data/blog.db is full: its disk has no room left",
        );
        check(
            limited,
            failure(ffi::SQLITE_FULL),
            "the database data/blog.db is full: it may hold at most 1048576 bytes, \
             the size limit it was opened with, or its disk has no room left",
        );
        check(
            file,
            failure(ffi::SQLITE_READONLY_DIRECTORY),
            "cannot write the database data/blog.db: the folder data is read-only, \
             and SQLite keeps its write-ahead log there, beside the database",
        );
        check(
            file,
            failure(ffi::SQLITE_READONLY),
            "cannot write the database data/blog.db: it, its folder, or the \
             data/blog.db-wal or data/blog.db-shm file beside it is read-only",
        );
        // Others keep their context, and SQLite's message comes once.
        check(
            file,
            failure(ffi::SQLITE_IOERR),
            "cannot store article 'x': disk I/O error",
        );
        check(file, invalid("slug", "bad"), "slug is invalid: bad");
    }

    #[test]
    fn what_stands_in_the_way_of_opening() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let unable = || {
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(ffi::SQLITE_CANTOPEN), None)
        };
        let check = |path: &Path, expected: &str| {
            let message = cannot_open(path, unable());
            let StoreError::Backend { context, source } = message else {
                panic!("{message:?}");
            };
            let shown = dir.path().display().to_string();
            let got = format!("{context}: {source}").replace(&shown, "DIR");
            assert_eq!(got, expected);
        };
        check(
            &dir.path().join("missing/blog.db"),
            "cannot open DIR/missing/blog.db as a blog database: \
             the folder DIR/missing does not exist",
        );
        check(
            dir.path(),
            "cannot open DIR as a blog database: it is a folder",
        );
        let file = dir.path().join("file");
        std::fs::write(&file, "x").expect("writes");
        check(
            &file.join("blog.db"),
            "cannot open DIR/file/blog.db as a blog database: \
             cannot look inside the folder DIR/file (or one above it): \
             Not a directory (os error 20)",
        );
        // When the file system finds nothing wrong, SQLite's word stands.
        check(
            &dir.path().join("blog.db"),
            "cannot open DIR/blog.db as a blog database: unable to open database file",
        );
        assert!(!dir.path().join("blog.db").exists(), "the probe is gone");
    }
}
