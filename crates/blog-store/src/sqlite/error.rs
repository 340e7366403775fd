//! The one place where SQLite's errors become [`StoreError`]s.

use blog_core::StoreError;
use rusqlite::ErrorCode;

/// Turns a rusqlite error into [`StoreError::Backend`], saying what the store
/// was doing. Use as `.map_err(backend("reading article"))`.
pub(super) fn backend(context: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> StoreError {
    move |source| StoreError::Backend {
        context: context.into(),
        source: Box::new(source),
    }
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
