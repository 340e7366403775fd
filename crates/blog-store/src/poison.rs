//! A poisoned lock, reported as a backend failure instead of a panic.

use blog_core::StoreError;

/// A thread panicked while it held one of the store's locks.
#[derive(Debug, thiserror::Error)]
#[error("another thread panicked while holding the lock")]
struct Poisoned;

/// The error for a poisoned lock on `what` (for example "the articles").
pub(crate) fn poisoned(what: &str) -> StoreError {
    StoreError::Backend {
        context: format!("cannot lock {what}"),
        source: Box::new(Poisoned),
    }
}
