//! Headlines: articles without their summary and text, read in a fixed
//! number of statements however many there are.

use blog_core::{Headline, ListQuery, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params_from_iter};

use super::codec;
use super::listing::Filter;
use super::rows;

/// The columns [`HeadlineRow::read`] expects, in order, from `articles a`.
pub(super) const HEADLINE_COLUMNS: &str =
    "a.id, a.slug, a.title, a.published_at, a.updated_at, a.series, a.series_part";

/// A headline's row, before it is checked and given its categories and tags.
pub(super) struct HeadlineRow {
    id: i64,
    slug: String,
    title: String,
    published_at: i64,
    updated_at: i64,
    series: Option<String>,
    series_part: Option<i64>,
}

impl HeadlineRow {
    /// Reads the [`HEADLINE_COLUMNS`] of a row.
    pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            slug: row.get(1)?,
            title: row.get(2)?,
            published_at: row.get(3)?,
            updated_at: row.get(4)?,
            series: row.get(5)?,
            series_part: row.get(6)?,
        })
    }
}

/// Every article public at `now`, newest first, ties by slug: one query for
/// the rows and those of [`complete`].
pub(super) fn headlines(
    conn: &Connection,
    now: DateTime<Utc>,
) -> Result<Vec<Headline>, StoreError> {
    let filter = Filter::new(&ListQuery::public(now));
    let found = rows::query(
        conn,
        (&statement(&filter), params_from_iter(&filter.params)),
        HeadlineRow::read,
        Ok,
        "cannot list headlines",
    )?;
    complete(conn, found)
}

/// The headlines `filter` selects, in listing order. SQLite reads them
/// from the `articles_by_status_date` index alone, never from the rows.
pub(super) fn statement(filter: &Filter) -> String {
    format!(
        "SELECT {HEADLINE_COLUMNS} FROM articles a WHERE {} \
         ORDER BY a.published_at DESC, a.slug ASC",
        filter.sql
    )
}

/// Turns rows into headlines, in the same order, with their categories and
/// tags: one query for each, however many rows there are.
pub(super) fn complete(
    conn: &Connection,
    found: Vec<HeadlineRow>,
) -> Result<Vec<Headline>, StoreError> {
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids = rows::id_list(found.iter().map(|row| row.id));
    let mut categories = rows::categories(conn, &ids)?;
    let mut tags = rows::tags(conn, &ids)?;
    found
        .into_iter()
        .map(|row| {
            Ok(Headline {
                series: rows::membership(&row.slug, row.series, row.series_part)?,
                slug: codec::slug("article slug", &row.slug)?,
                title: codec::title("article title", &row.title)?,
                published_at: codec::time_from_sql(row.published_at),
                updated_at: codec::time_from_sql(row.updated_at),
                categories: categories.remove(&row.id).unwrap_or_default(),
                tags: tags.remove(&row.id).unwrap_or_default(),
            })
        })
        .collect()
}
