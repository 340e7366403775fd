//! Where an article slug leads, as [`blog_core::Store::lookup`] defines it.

use blog_core::{Lookup, Slug, StoreError};
use rusqlite::{Connection, OptionalExtension};

use super::error::backend;
use super::{codec, rows};

/// The article with this slug; else the one that had it before (the most
/// recently updated, then the smallest slug); else whether it was deleted.
pub(super) fn lookup(conn: &Connection, slug: &Slug) -> Result<Lookup, StoreError> {
    if let Some(article) = rows::article(conn, slug)? {
        return Ok(Lookup::Found(Box::new(article)));
    }
    if let Some(current) = moved_to(conn, slug)? {
        return Ok(Lookup::Moved(current));
    }
    Ok(if deleted(conn, slug)? {
        Lookup::Gone
    } else {
        Lookup::Unknown
    })
}

/// The slug now of the article that had `slug` before, if any.
fn moved_to(conn: &Connection, slug: &Slug) -> Result<Option<Slug>, StoreError> {
    let current: Option<String> = conn
        .prepare_cached(
            "SELECT a.slug FROM previous_slugs p JOIN articles a ON a.id = p.article \
             WHERE p.slug = ?1 ORDER BY a.updated_at DESC, a.slug ASC LIMIT 1",
        )
        .and_then(|mut stmt| stmt.query_row([slug.as_str()], |row| row.get(0)).optional())
        .map_err(backend(format!("cannot look up previous slug '{slug}'")))?;
    current.map(|s| codec::slug("article slug", &s)).transpose()
}

/// Whether an article with this slug, now or before, was deleted.
fn deleted(conn: &Connection, slug: &Slug) -> Result<bool, StoreError> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM deleted_slugs WHERE slug = ?1)")
        .and_then(|mut stmt| stmt.query_row([slug.as_str()], |row| row.get(0)))
        .map_err(backend(format!("cannot look up deleted slug '{slug}'")))
}
