//! Every backend of this crate against the shared storage conformance suite.

mod memory {
    blog_store::conformance_tests!(blog_store::MemoryStore::new());
}
