//! Applying one [`Change`] inside the write transaction of its change set.

use blog_core::{Article, Category, Change, EntityKind, Series, Slug, StoreError};
use rusqlite::{Connection, OptionalExtension, Params, params};

use super::error::{backend, invalid};
use super::{codec, search};
use crate::refusal;

/// What a category's put does to the category with the same slug.
const REPLACE_CATEGORY: &str = "DO UPDATE SET name = excluded.name, \
     description = excluded.description, parent = excluded.parent";

/// Applies `change`; the caller commits the transaction only if every change
/// of the set succeeded.
pub(super) fn apply(conn: &Connection, change: &Change) -> Result<(), StoreError> {
    match change {
        Change::AddCategory(category) => {
            if exists(conn, EntityKind::Category, &category.slug)? {
                return Err(StoreError::Conflict {
                    kind: EntityKind::Category,
                    slug: category.slug.clone(),
                });
            }
            store_category(conn, category, "DO NOTHING")
        }
        Change::EnsureCategory(category) => {
            if exists(conn, EntityKind::Category, &category.slug)? {
                return Ok(());
            }
            store_category(conn, category, "DO NOTHING")
        }
        Change::PutCategory(category) => put_category(conn, category),
        Change::DeleteCategory(slug) => delete_category(conn, slug),
        Change::PutSeries(series) => put_series(
            conn,
            series,
            "DO UPDATE SET title = excluded.title, description = excluded.description",
        ),
        Change::EnsureSeries(series) => put_series(conn, series, "DO NOTHING"),
        Change::DeleteSeries(slug) => delete_series(conn, slug),
        Change::PutArticle(article) => put_article(conn, article),
        Change::RenameArticle { from, to } => rename_article(conn, from, to),
        Change::DeleteArticle(slug) => delete_article(conn, slug),
        // `Change` is non-exhaustive: a change this store does not know must
        // fail, never be skipped silently.
        _ => Err(invalid(
            "change",
            format!("the SQLite store cannot apply {change:?}"),
        )),
    }
}

/// Whether a `kind` with this slug exists.
fn exists(conn: &Connection, kind: EntityKind, slug: &Slug) -> Result<bool, StoreError> {
    let sql = match kind {
        EntityKind::Article => "SELECT EXISTS (SELECT 1 FROM articles WHERE slug = ?1)",
        EntityKind::Category => "SELECT EXISTS (SELECT 1 FROM categories WHERE slug = ?1)",
        EntityKind::Series => "SELECT EXISTS (SELECT 1 FROM series WHERE slug = ?1)",
    };
    conn.prepare_cached(sql)
        .and_then(|mut stmt| stmt.query_row([slug.as_str()], |row| row.get(0)))
        .map_err(backend(format!("cannot look up {kind} '{slug}'")))
}

/// Fails with [`StoreError::NotFound`] unless a `kind` with this slug exists.
fn require(conn: &Connection, kind: EntityKind, slug: &Slug) -> Result<(), StoreError> {
    if exists(conn, kind, slug)? {
        Ok(())
    } else {
        Err(StoreError::NotFound {
            kind,
            slug: slug.clone(),
        })
    }
}

/// Runs the statement `sql` with `params`, saying `context` if it fails.
fn run(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    context: impl FnOnce() -> String,
) -> Result<(), StoreError> {
    match conn
        .prepare_cached(sql)
        .and_then(|mut stmt| stmt.execute(params))
    {
        Ok(_) => Ok(()),
        Err(e) => Err(backend(context())(e)),
    }
}

/// Inserts `category`, whose parent must exist, or on a taken slug does
/// `on_conflict`.
fn store_category(
    conn: &Connection,
    category: &Category,
    on_conflict: &str,
) -> Result<(), StoreError> {
    if let Some(parent) = &category.parent {
        require(conn, EntityKind::Category, parent)?;
    }
    run(
        conn,
        &format!(
            "INSERT INTO categories (slug, name, description, parent) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (slug) {on_conflict}"
        ),
        params![
            category.slug.as_str(),
            category.name.as_str(),
            category.description.as_str(),
            category.parent.as_ref().map(Slug::as_str),
        ],
        || format!("cannot store category '{}'", category.slug),
    )
}

/// Adds or replaces `category`, unless its parent is itself or below it.
fn put_category(conn: &Connection, category: &Category) -> Result<(), StoreError> {
    if let Some(parent) = &category.parent
        && is_within(conn, parent, &category.slug)?
    {
        return Err(refusal::cycle(&category.slug, parent));
    }
    store_category(conn, category, REPLACE_CATEGORY)
}

/// Whether category `slug` is `root` or below it, walking up from `slug`.
/// UNION ends the walk at a cycle that a hand edit made.
fn is_within(conn: &Connection, slug: &Slug, root: &Slug) -> Result<bool, StoreError> {
    conn.prepare_cached(
        "WITH RECURSIVE above (slug) AS (\
           SELECT ?1 \
           UNION SELECT c.parent FROM categories c JOIN above ON c.slug = above.slug \
             WHERE c.parent IS NOT NULL) \
         SELECT EXISTS (SELECT 1 FROM above WHERE slug = ?2)",
    )
    .and_then(|mut stmt| stmt.query_row([slug.as_str(), root.as_str()], |row| row.get(0)))
    .map_err(backend(format!("cannot walk up from category '{slug}'")))
}

/// Deletes category `slug`: its articles leave it, the categories below it
/// move up to its parent.
fn delete_category(conn: &Connection, slug: &Slug) -> Result<(), StoreError> {
    require(conn, EntityKind::Category, slug)?;
    let context = || format!("cannot delete category '{slug}'");
    for sql in [
        "UPDATE categories SET parent = (SELECT parent FROM categories WHERE slug = ?1) \
         WHERE parent = ?1",
        "DELETE FROM article_categories WHERE category = ?1",
        "DELETE FROM categories WHERE slug = ?1",
    ] {
        run(conn, sql, [slug.as_str()], context)?;
    }
    Ok(())
}

/// Inserts `series`, or on a taken slug does `on_conflict`.
fn put_series(conn: &Connection, series: &Series, on_conflict: &str) -> Result<(), StoreError> {
    conn.prepare_cached(&format!(
        "INSERT INTO series (slug, title, description) VALUES (?1, ?2, ?3) \
         ON CONFLICT (slug) {on_conflict}"
    ))
    .and_then(|mut stmt| {
        stmt.execute(params![
            series.slug.as_str(),
            series.title.as_str(),
            series.description.as_str(),
        ])
    })
    .map_err(backend(format!("cannot store series '{}'", series.slug)))?;
    Ok(())
}

/// Deletes series `slug`; its articles stay, outside any series.
fn delete_series(conn: &Connection, slug: &Slug) -> Result<(), StoreError> {
    require(conn, EntityKind::Series, slug)?;
    let context = || format!("cannot delete series '{slug}'");
    for sql in [
        "UPDATE articles SET series = NULL, series_part = NULL WHERE series = ?1",
        "DELETE FROM series WHERE slug = ?1",
    ] {
        run(conn, sql, [slug.as_str()], context)?;
    }
    Ok(())
}

/// The internal id of article `slug`; [`StoreError::NotFound`] if there is
/// no such article.
fn article_id(conn: &Connection, slug: &Slug) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT id FROM articles WHERE slug = ?1")
        .and_then(|mut stmt| stmt.query_row([slug.as_str()], |row| row.get(0)).optional())
        .map_err(backend(format!("cannot look up article '{slug}'")))?
        .ok_or_else(|| StoreError::NotFound {
            kind: EntityKind::Article,
            slug: slug.clone(),
        })
}

/// Gives article `from` the slug `to`; `from` moves to the end of its
/// previous slugs, and `to` leaves them.
fn rename_article(conn: &Connection, from: &Slug, to: &Slug) -> Result<(), StoreError> {
    let id = article_id(conn, from)?;
    if from == to {
        return Ok(());
    }
    if exists(conn, EntityKind::Article, to)? {
        return Err(StoreError::Conflict {
            kind: EntityKind::Article,
            slug: to.clone(),
        });
    }
    // The search index is keyed by the article's id and holds no slug:
    // nothing to change there.
    let context = || format!("cannot rename article '{from}' to '{to}'");
    run(
        conn,
        "DELETE FROM previous_slugs WHERE article = ?1 AND slug IN (?2, ?3)",
        params![id, from.as_str(), to.as_str()],
        context,
    )?;
    run(
        conn,
        "INSERT INTO previous_slugs (article, position, slug) \
         SELECT ?1, COALESCE(MAX(position), -1) + 1, ?2 FROM previous_slugs WHERE article = ?1",
        params![id, from.as_str()],
        context,
    )?;
    run(
        conn,
        "UPDATE articles SET slug = ?2 WHERE id = ?1",
        params![id, to.as_str()],
        context,
    )
}

/// Deletes article `slug`, remembering its slug and previous slugs as
/// deleted. Its categories, tags and previous slugs go with it (ON DELETE
/// CASCADE; every connection turns `foreign_keys` on), and its index row.
fn delete_article(conn: &Connection, slug: &Slug) -> Result<(), StoreError> {
    let id = article_id(conn, slug)?;
    let context = || format!("cannot delete article '{slug}'");
    run(
        conn,
        "INSERT INTO deleted_slugs (slug) VALUES (?1) ON CONFLICT DO NOTHING",
        [slug.as_str()],
        context,
    )?;
    run(
        conn,
        "INSERT INTO deleted_slugs (slug) SELECT slug FROM previous_slugs WHERE article = ?1 \
         ON CONFLICT DO NOTHING",
        [id],
        context,
    )?;
    search::unindex(conn, id).map_err(backend(context()))?;
    run(conn, "DELETE FROM articles WHERE id = ?1", [id], context)
}

/// Stores `article`, replacing the one with the same slug, categories, tags,
/// previous slugs and search index row included.
fn put_article(conn: &Connection, article: &Article) -> Result<(), StoreError> {
    let published_at = codec::time_to_sql("published_at", article.published_at)?;
    let expires_at = article
        .expires_at
        .map(|t| codec::time_to_sql("expires_at", t))
        .transpose()?;
    let created_at = codec::time_to_sql("created_at", article.created_at)?;
    let updated_at = codec::time_to_sql("updated_at", article.updated_at)?;
    let extra = codec::extra_to_sql(&article.extra)?;
    for category in &article.categories {
        require(conn, EntityKind::Category, category)?;
    }
    if let Some(membership) = &article.series {
        require(conn, EntityKind::Series, &membership.series)?;
    }
    let context = || format!("cannot store article '{}'", article.slug);
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO articles (slug, title, summary, body, status, published_at, expires_at, \
               created_at, updated_at, series, series_part, extra) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
             ON CONFLICT (slug) DO UPDATE SET title = excluded.title, \
               summary = excluded.summary, body = excluded.body, status = excluded.status, \
               published_at = excluded.published_at, expires_at = excluded.expires_at, \
               created_at = excluded.created_at, updated_at = excluded.updated_at, \
               series = excluded.series, series_part = excluded.series_part, \
               extra = excluded.extra \
             RETURNING id",
        )
        .and_then(|mut stmt| {
            stmt.query_row(
                params![
                    article.slug.as_str(),
                    article.title.as_str(),
                    article.summary.as_deref(),
                    article.body.as_str(),
                    article.status.as_str(),
                    published_at,
                    expires_at,
                    created_at,
                    updated_at,
                    article.series.as_ref().map(|m| m.series.as_str()),
                    article
                        .series
                        .as_ref()
                        .and_then(|m| m.part)
                        .map(|p| i64::from(p.get())),
                    extra,
                ],
                |row| row.get(0),
            )
        })
        .map_err(backend(context()))?;
    replace_children(conn, id, article)
        .and_then(|()| search::index(conn, id, article))
        .map_err(backend(context()))
}

/// Replaces the categories (each once, first occurrence first), tags (each
/// slug once, first occurrence first) and previous slugs of article `id`.
fn replace_children(conn: &Connection, id: i64, article: &Article) -> rusqlite::Result<()> {
    for table in ["article_categories", "article_tags", "previous_slugs"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE article = ?1"))?
            .execute([id])?;
    }
    // A category or tag slug met again conflicts with the first one, which
    // stays.
    let mut category = conn.prepare_cached(
        "INSERT INTO article_categories (article, category, position) VALUES (?1, ?2, ?3) \
         ON CONFLICT DO NOTHING",
    )?;
    for (position, slug) in (0_i64..).zip(&article.categories) {
        category.execute(params![id, slug.as_str(), position])?;
    }
    let mut tag = conn.prepare_cached(
        "INSERT INTO article_tags (article, position, slug, name) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT DO NOTHING",
    )?;
    for (position, t) in (0_i64..).zip(&article.tags) {
        tag.execute(params![id, position, t.slug().as_str(), t.name()])?;
    }
    let mut previous = conn.prepare_cached(
        "INSERT INTO previous_slugs (article, position, slug) VALUES (?1, ?2, ?3)",
    )?;
    for (position, slug) in (0_i64..).zip(&article.previous_slugs) {
        previous.execute(params![id, position, slug.as_str()])?;
    }
    Ok(())
}
