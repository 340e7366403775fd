//! Where the blog's content lives: implementations of [`blog_core::Store`].
//!
//! - [`MemoryStore`] keeps everything in memory and runs the listing rules of
//!   [`blog_core::list`] as they are. It is always compiled: tests, previews,
//!   and the reference the other backends are held to.
//! - [`SqliteStore`] (feature `sqlite`, on by default) keeps everything in one
//!   SQLite file, created and migrated on open, translates listings to SQL
//!   and searches a full-text (FTS5) index.
//!   It serves many readers at once and writes each change set in one
//!   transaction. [`SqliteOptions`] can cap the file's size;
//!   [`SqliteStore::backup`] copies the database while it is in use.
//! - [`conformance`] (feature `conformance`) is the shared suite every backend
//!   passes, expanded into one test per case by [`conformance_tests!`].
//!
//! Non-goals: no caching (callers cache rendered pages), no async API (async
//! callers use a blocking thread), no domain rule of its own (ordering,
//! visibility and pagination are `blog-core`'s). Types of the database
//! library never appear in this crate's API.

mod memory;
mod poison;
mod refusal;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "conformance")]
pub mod conformance;

pub use memory::MemoryStore;
#[cfg(feature = "sqlite")]
pub use sqlite::{BackupReport, ExistingFile, SqliteOptions, SqliteStore};
