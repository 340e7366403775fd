//! The one place where SQLite's errors become [`StoreError`]s.

use blog_core::StoreError;
use rusqlite::ErrorCode;

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
            source: Box::new(source),
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
