//! Where an article slug leads, as [`blog_core::Store::lookup`] defines it,
//! and every old slug with where it leads ([`blog_core::Store::old_slugs`]).

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

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

/// Every slug no article has now that was an article's before (leading to
/// it, by the rule of [`moved_to`]) or a deleted article's, ordered by slug.
pub(super) fn old_slugs(conn: &Connection) -> Result<Vec<(Slug, Lookup)>, StoreError> {
    let error = || backend("cannot list old article slugs".to_owned());
    let mut found = BTreeMap::new();
    // Per old slug, the article it leads to comes first.
    let mut moved = conn
        .prepare_cached(
            "SELECT p.slug, a.slug FROM previous_slugs p JOIN articles a ON a.id = p.article \
             WHERE NOT EXISTS (SELECT 1 FROM articles c WHERE c.slug = p.slug) \
             ORDER BY p.slug, a.updated_at DESC, a.slug ASC",
        )
        .map_err(error())?;
    let rows = moved
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(error())?;
    for row in rows {
        let (old, to) = row.map_err(error())?;
        let old = codec::slug("previous slug", &old)?;
        if let Entry::Vacant(entry) = found.entry(old) {
            entry.insert(Lookup::Moved(codec::slug("article slug", &to)?));
        }
    }
    let mut gone = conn
        .prepare_cached(
            "SELECT d.slug FROM deleted_slugs d \
             WHERE NOT EXISTS (SELECT 1 FROM articles c WHERE c.slug = d.slug) \
             AND NOT EXISTS (SELECT 1 FROM previous_slugs p WHERE p.slug = d.slug)",
        )
        .map_err(error())?;
    let rows = gone
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(error())?;
    for row in rows {
        let slug = codec::slug("deleted slug", &row.map_err(error())?)?;
        found.insert(slug, Lookup::Gone);
    }
    Ok(found.into_iter().collect())
}
