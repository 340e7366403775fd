//! A cheap first look at whether anything was committed: the header of the
//! database's WAL index, which every commit rewrites.
//!
//! In WAL mode, SQLite's unix and Windows VFSes keep the WAL index in a file
//! beside the database, `<db>-shm`, that every connection to it maps into
//! memory. The file starts with the WAL-index header, 48 bytes written
//! twice (at offsets 0 and 48), whose change counter every transaction
//! increments; a writer rewrites both copies before its commit returns
//! (<https://www.sqlite.org/walformat.html>, "The WAL-Index Header").
//!
//! So when one read of those 96 bytes finds the same header as an earlier
//! read, nothing was committed in between, by any process, and the revision
//! SQLite gave then still holds: one `pread` instead of a read transaction
//! (two file locks, a stat and a statement) on every request. Whatever else
//! it finds (the two copies differing while a commit writes them, a header
//! not initialised, an unreadable file) only means "ask SQLite".
//!
//! The file stays open for as long as the store's connections are: on
//! POSIX systems, closing any descriptor of a file releases every lock the
//! process holds on it, and SQLite's connections lock this file.

use std::fs::File;
use std::path::Path;
use std::sync::Mutex;

use blog_core::{Revision, StoreError};

/// Bytes in one copy of the WAL-index header.
const HEADER: usize = 48;

/// Offset of `isInit` in the header: non-zero once a connection wrote it.
const IS_INIT: usize = 12;

type Header = [u8; HEADER];

/// The WAL index of one database, opened for reading.
pub(super) struct WalIndex {
    file: File,
    /// The last header read and the revision SQLite gave while it held.
    known: Mutex<Option<(Header, Revision)>>,
}

impl WalIndex {
    /// The WAL index of the database at `db`, which some connection has
    /// open in WAL mode; `None` if there is none to read.
    pub(super) fn open(db: &Path) -> Option<Self> {
        let mut name = db.as_os_str().to_owned();
        name.push("-shm");
        let file = File::open(name).ok()?;
        Some(Self {
            file,
            known: Mutex::new(None),
        })
    }

    /// The header now, if both copies agree and it was initialised.
    fn header(&self) -> Option<Header> {
        let mut both = [0; 2 * HEADER];
        read_at(&self.file, &mut both)?;
        let (first, second) = both.split_at(HEADER);
        if first != second || first[IS_INIT] == 0 {
            return None;
        }
        first.try_into().ok()
    }

    /// The revision: the one `ask` gave last time if the header has not
    /// changed since, else `ask`'s answer now.
    pub(super) fn revision(
        &self,
        ask: impl FnOnce() -> Result<Revision, StoreError>,
    ) -> Result<Revision, StoreError> {
        let Some(before) = self.header() else {
            return ask();
        };
        // A poisoned lock only loses the shortcut.
        if let Ok(known) = self.known.lock()
            && let Some((header, revision)) = *known
            && header == before
        {
            return Ok(revision);
        }
        let revision = ask()?;
        // The pair is kept only if nothing was committed while SQLite was
        // asked: then the revision is the one of that header.
        if self.header() == Some(before)
            && let Ok(mut known) = self.known.lock()
        {
            *known = Some((before, revision));
        }
        Ok(revision)
    }
}

/// Reads all of `buf` from the start of `file`, in one call.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8]) -> Option<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, 0).ok()
}

/// Elsewhere SQLite is always asked.
#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8]) -> Option<()> {
    None
}
