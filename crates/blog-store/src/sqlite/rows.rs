//! Reading articles, categories and series out of rows.

use std::collections::HashMap;

use blog_core::{Article, Category, Markdown, Series, SeriesMembership, Slug, StoreError, Tag};
use rusqlite::{Connection, OptionalExtension, Params, Row};

use super::codec;
use super::error::{backend, invalid};

/// The columns [`ArticleRow::read`] expects, in order, from `articles a`.
pub(super) const ARTICLE_COLUMNS: &str = "a.id, a.slug, a.title, a.summary, a.body, a.status, \
     a.published_at, a.expires_at, a.created_at, a.updated_at, a.series, a.series_part, a.extra";

/// An article's own row, before it is checked and completed with its
/// categories, tags and previous slugs.
pub(super) struct ArticleRow {
    id: i64,
    slug: String,
    title: String,
    summary: Option<String>,
    body: String,
    status: String,
    published_at: i64,
    expires_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    series: Option<String>,
    series_part: Option<i64>,
    extra: String,
}

impl ArticleRow {
    /// Reads the [`ARTICLE_COLUMNS`] of a row.
    pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            slug: row.get(1)?,
            title: row.get(2)?,
            summary: row.get(3)?,
            body: row.get(4)?,
            status: row.get(5)?,
            published_at: row.get(6)?,
            expires_at: row.get(7)?,
            created_at: row.get(8)?,
            updated_at: row.get(9)?,
            series: row.get(10)?,
            series_part: row.get(11)?,
            extra: row.get(12)?,
        })
    }

    fn into_article(self) -> Result<Article, StoreError> {
        let series = membership(&self.slug, self.series, self.series_part)?;
        Ok(Article {
            slug: codec::slug("article slug", &self.slug)?,
            title: codec::title("article title", &self.title)?,
            summary: self.summary,
            body: Markdown::new(self.body),
            status: codec::status_from_sql(&self.status)?,
            published_at: codec::time_from_sql(self.published_at),
            expires_at: self.expires_at.map(codec::time_from_sql),
            created_at: codec::time_from_sql(self.created_at),
            updated_at: codec::time_from_sql(self.updated_at),
            categories: Vec::new(),
            tags: Vec::new(),
            series,
            previous_slugs: Vec::new(),
            extra: codec::extra_from_sql(&self.extra)?,
        })
    }
}

/// Re-validates the series and part number stored for article `slug`.
pub(super) fn membership(
    slug: &str,
    series: Option<String>,
    part: Option<i64>,
) -> Result<Option<SeriesMembership>, StoreError> {
    match (series, part) {
        (None, None) => Ok(None),
        (Some(series), part) => Ok(Some(SeriesMembership {
            series: codec::slug("article series", &series)?,
            part: part.map(codec::part).transpose()?,
        })),
        (None, Some(_)) => Err(invalid(
            "series part",
            format!("article '{slug}' has a part number but no series"),
        )),
    }
}

/// The article with this slug, complete.
pub(super) fn article(conn: &Connection, slug: &Slug) -> Result<Option<Article>, StoreError> {
    let context = "cannot read an article";
    let row = conn
        .prepare_cached(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.slug = ?1"
        ))
        .and_then(|mut stmt| stmt.query_row([slug.as_str()], ArticleRow::read).optional())
        .map_err(backend(context))?;
    Ok(complete(conn, row.into_iter().collect())?.pop())
}

/// The articles with these slugs, complete, in the order given; a slug no
/// article has is left out. Four queries, however many slugs.
pub(super) fn articles_by_slug(
    conn: &Connection,
    slugs: &[&Slug],
) -> Result<Vec<Article>, StoreError> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let list = serde_json::to_string(&slugs.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        .map_err(|e| StoreError::Backend {
            context: "cannot list slugs".to_owned(),
            source: Box::new(e),
        })?;
    let found = query(
        conn,
        (
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a \
                 WHERE a.slug IN (SELECT value FROM json_each(?1))"
            ),
            [list],
        ),
        ArticleRow::read,
        Ok,
        "cannot read articles",
    )?;
    let by_slug: HashMap<String, Article> = complete(conn, found)?
        .into_iter()
        .map(|a| (a.slug.as_str().to_owned(), a))
        .collect();
    Ok(slugs
        .iter()
        .filter_map(|s| by_slug.get(s.as_str()).cloned())
        .collect())
}

/// Turns rows into articles, with their categories, tags and previous
/// slugs: one query for each of the three, however many rows there are.
pub(super) fn complete(
    conn: &Connection,
    rows: Vec<ArticleRow>,
) -> Result<Vec<Article>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(rows.iter().map(|row| row.id));
    let mut categories = categories(conn, &ids)?;
    let mut tags = tags(conn, &ids)?;
    let context = "cannot read the previous slugs of articles";
    let mut previous = children(
        conn,
        "SELECT article, slug FROM previous_slugs \
         WHERE article IN (SELECT value FROM json_each(?1)) ORDER BY article, position",
        &ids,
        |row| codec::slug("previous slug", text(row, 1, context)?),
        context,
    )?;
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            let mut article = row.into_article()?;
            article.categories = categories.remove(&id).unwrap_or_default();
            article.tags = tags.remove(&id).unwrap_or_default();
            article.previous_slugs = previous.remove(&id).unwrap_or_default();
            Ok(article)
        })
        .collect()
}

/// Article ids as the JSON array that [`categories`], [`tags`] and the
/// other queries of children take: one parameter, however many ids.
pub(super) fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let ids: Vec<String> = ids.map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(","))
}

/// The categories of the articles in the JSON array `ids`, by article, in
/// the author's order. A category on many articles is checked once, and
/// they share its slug's text.
pub(super) fn categories(
    conn: &Connection,
    ids: &str,
) -> Result<HashMap<i64, Vec<Slug>>, StoreError> {
    let context = "cannot read the categories of articles";
    let mut known: HashMap<String, Slug> = HashMap::new();
    children(
        conn,
        "SELECT article, category FROM article_categories \
         WHERE article IN (SELECT value FROM json_each(?1)) ORDER BY article, position",
        ids,
        |row| {
            let stored = text(row, 1, context)?;
            if let Some(slug) = known.get(stored) {
                return Ok(slug.clone());
            }
            let slug = codec::slug("article category", stored)?;
            known.insert(stored.to_owned(), slug.clone());
            Ok(slug)
        },
        context,
    )
}

/// The tags of the articles in the JSON array `ids`, by article, in the
/// author's order. A tag on many articles is checked once, and they share
/// its name's and slug's text.
pub(super) fn tags(conn: &Connection, ids: &str) -> Result<HashMap<i64, Vec<Tag>>, StoreError> {
    let context = "cannot read the tags of articles";
    // By name, which makes the slug.
    let mut known: HashMap<String, Tag> = HashMap::new();
    children(
        conn,
        "SELECT article, name, slug FROM article_tags \
         WHERE article IN (SELECT value FROM json_each(?1)) ORDER BY article, position",
        ids,
        |row| {
            let (name, slug) = (text(row, 1, context)?, text(row, 2, context)?);
            if let Some(tag) = known.get(name)
                && tag.slug().as_str() == slug
            {
                return Ok(tag.clone());
            }
            let tag = codec::tag(name, slug)?;
            known.insert(name.to_owned(), tag.clone());
            Ok(tag)
        },
        context,
    )
}

/// Column `at` of `row` as text, borrowed from the row.
fn text<'r>(row: &'r Row<'_>, at: usize, context: &'static str) -> Result<&'r str, StoreError> {
    row.get_ref(at)
        .and_then(|value| {
            value.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(at, value.data_type(), Box::new(e))
            })
        })
        .map_err(backend(context))
}

/// Runs `sql`, which yields the article id in column 0 for the articles in
/// the JSON array `ids`, reads the rest of each row with `read` (which
/// checks it), and groups the values by article, in order. Rows are read
/// one at a time: none is kept but as the value it makes.
fn children<T>(
    conn: &Connection,
    sql: &str,
    ids: &str,
    mut read: impl FnMut(&Row<'_>) -> Result<T, StoreError>,
    context: &'static str,
) -> Result<HashMap<i64, Vec<T>>, StoreError> {
    let mut statement = conn.prepare_cached(sql).map_err(backend(context))?;
    let mut rows = statement.query([ids]).map_err(backend(context))?;
    let mut grouped: HashMap<i64, Vec<T>> = HashMap::new();
    while let Some(row) = rows.next().map_err(backend(context))? {
        let id: i64 = row.get(0).map_err(backend(context))?;
        grouped.entry(id).or_default().push(read(row)?);
    }
    Ok(grouped)
}

/// Runs `sql` with `params`, reads each row with `read`, then checks it with
/// `check`: SQLite's failures are [`StoreError::Backend`], the model's are
/// [`StoreError::Invalid`].
pub(super) fn query<R, T>(
    conn: &Connection,
    (sql, params): (&str, impl Params),
    read: fn(&Row<'_>) -> rusqlite::Result<R>,
    check: fn(R) -> Result<T, StoreError>,
    context: &'static str,
) -> Result<Vec<T>, StoreError> {
    let rows: Vec<R> = conn
        .prepare_cached(sql)
        .and_then(|mut stmt| stmt.query_map(params, read)?.collect())
        .map_err(backend(context))?;
    rows.into_iter().map(check).collect()
}

/// The columns [`CategoryRow::read`] expects, in order, from `categories c`.
pub(super) const CATEGORY_COLUMNS: &str = "c.slug, c.name, c.description, c.parent";

/// A category's row, before it is checked.
pub(super) struct CategoryRow {
    slug: String,
    name: String,
    description: String,
    parent: Option<String>,
}

impl CategoryRow {
    /// Reads the [`CATEGORY_COLUMNS`] of a row.
    pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            slug: row.get(0)?,
            name: row.get(1)?,
            description: row.get(2)?,
            parent: row.get(3)?,
        })
    }

    /// Checks the row against the model.
    pub(super) fn into_category(self) -> Result<Category, StoreError> {
        Ok(Category {
            slug: codec::slug("category slug", &self.slug)?,
            name: codec::title("category name", &self.name)?,
            description: Markdown::new(self.description),
            parent: self
                .parent
                .map(|p| codec::slug("category parent", &p))
                .transpose()?,
        })
    }
}

/// The columns [`SeriesRow::read`] expects, in order, from `series s`.
pub(super) const SERIES_COLUMNS: &str = "s.slug, s.title, s.description";

/// A series' row, before it is checked.
pub(super) struct SeriesRow {
    slug: String,
    title: String,
    description: String,
}

impl SeriesRow {
    /// Reads the [`SERIES_COLUMNS`] of a row.
    pub(super) fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            slug: row.get(0)?,
            title: row.get(1)?,
            description: row.get(2)?,
        })
    }

    /// Checks the row against the model.
    pub(super) fn into_series(self) -> Result<Series, StoreError> {
        Ok(Series {
            slug: codec::slug("series slug", &self.slug)?,
            title: codec::title("series title", &self.title)?,
            description: Markdown::new(self.description),
        })
    }
}
