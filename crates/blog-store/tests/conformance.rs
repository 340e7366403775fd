//! Every backend of this crate against the shared storage conformance suite.

mod memory {
    blog_store::conformance_tests!(blog_store::MemoryStore::new());
}

#[cfg(feature = "sqlite")]
mod sqlite_file {
    use blog_core::Store;
    use blog_store::SqliteStore;
    use blog_store::conformance::{Capabilities, Fixture, FloatRange, TimeRange};

    /// What SQLite cannot keep: times outside nanoseconds in an `i64`, and
    /// non-finite floats, which JSON cannot write.
    pub(crate) const CAPABILITIES: Capabilities = Capabilities {
        times: TimeRange::Nanoseconds,
        floats: FloatRange::Finite,
    };

    /// A store in a fresh file, and the directory that holds it for as long
    /// as the test runs.
    pub(crate) struct TempSqlite {
        store: SqliteStore,
        _dir: tempfile::TempDir,
    }

    impl Fixture for TempSqlite {
        fn store(&self) -> &dyn Store {
            &self.store
        }
    }

    pub(crate) fn temp_sqlite() -> TempSqlite {
        let dir = tempfile::tempdir().expect("temporary directory");
        let store = SqliteStore::open(&dir.path().join("blog.db")).expect("opens");
        TempSqlite { store, _dir: dir }
    }

    blog_store::conformance_tests!(temp_sqlite(), CAPABILITIES);
}

#[cfg(feature = "sqlite")]
mod sqlite_memory {
    blog_store::conformance_tests!(
        blog_store::SqliteStore::open_in_memory().expect("opens"),
        super::sqlite_file::CAPABILITIES
    );
}
