//! Whether the database file is damaged: SQLite's own quick check.

use blog_core::StoreError;
use rusqlite::Connection;

use super::error::{backend, is_damage};

/// How many of SQLite's findings an error names: enough to tell one bad page
/// from widespread damage, few enough to read.
const PROBLEMS: usize = 5;

/// Runs `PRAGMA quick_check` on the database `name` (see
/// [`SqliteStore::check_integrity`](super::SqliteStore::check_integrity)):
/// [`StoreError::Corrupt`] with the first [`PROBLEMS`] findings, or with
/// SQLite's error if the damage stops the check itself.
pub(super) fn check(conn: &Connection, name: &str) -> Result<(), StoreError> {
    let found: rusqlite::Result<Vec<String>> = conn
        .prepare(&format!("PRAGMA quick_check({PROBLEMS})"))
        .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect());
    let problems = match found {
        Ok(findings) if findings == ["ok"] => return Ok(()),
        // The first finding starts with a line that names the schema
        // ("*** in database main ***"); some hold several lines.
        Ok(findings) => findings
            .iter()
            .flat_map(|finding| finding.lines())
            .filter(|line| !line.starts_with("*** in database"))
            .take(PROBLEMS)
            .map(str::to_owned)
            .collect(),
        Err(e) if is_damage(&e) => vec![e.to_string()],
        Err(e) => return Err(backend(format!("cannot check the integrity of {name}"))(e)),
    };
    Err(StoreError::Corrupt {
        store: name.to_owned(),
        problems,
    })
}
