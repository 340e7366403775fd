//! [`ListQuery`] translated to SQL: the same articles, in the same order, as
//! [`blog_core::list`], which the conformance suite checks.

use blog_core::{Article, CategoryCount, ListQuery, Page, Scope, StoreError, Visibility};
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::codec::query_time;
use super::error::{backend, invalid};
use super::rows::{self, ARTICLE_COLUMNS, ArticleRow, CATEGORY_COLUMNS, CategoryRow};

/// Articles public at the "now" bound to both `?`s, as [`Article::visibility`]
/// defines it.
const PUBLIC: &str = "a.status = 'published' AND a.published_at <= ? \
                      AND (a.expires_at IS NULL OR a.expires_at > ?)";

/// The articles with this visibility at the "now" bound to each of its `?`s,
/// and the number of those `?`s.
fn visibility(scope: Scope) -> (&'static str, usize) {
    match scope {
        Scope::All => ("1", 0),
        Scope::Public | Scope::Only(Visibility::Public) => (PUBLIC, 2),
        Scope::Only(Visibility::Draft) => ("a.status = 'draft'", 0),
        Scope::Only(Visibility::Scheduled) => ("a.status = 'published' AND a.published_at > ?", 1),
        Scope::Only(Visibility::Expired) => (
            "a.status = 'published' AND a.published_at <= ? AND a.expires_at <= ?",
            2,
        ),
    }
}

/// Names `covered` the category bound to its `?` and every category below
/// it, as [`blog_core::CategoryTree::subtree`] defines it. `UNION` (not
/// `UNION ALL`) drops the slugs already found, so a cycle that a hand edit
/// made ends the walk instead of looping.
const COVERED: &str = "WITH RECURSIVE covered (slug) AS (\
       SELECT ? \
       UNION SELECT c.slug FROM categories c JOIN covered ON c.parent = covered.slug)";

/// The `WHERE` clause of a listing over `articles a`, with its parameters:
/// for listings, and for the other reads that select as a listing does.
pub(super) struct Filter {
    /// The condition, with a `?` for each parameter.
    pub(super) sql: String,
    /// The parameters, in order.
    pub(super) params: Vec<Value>,
}

impl Filter {
    /// The articles `query` lists, on any page.
    pub(super) fn new(query: &ListQuery) -> Self {
        let (scope, nows) = visibility(query.scope);
        let mut sql = format!("({scope})");
        let mut params = vec![Value::Integer(query_time(query.now)); nows];
        if let Some(category) = &query.category {
            // An IN list lets SQLite start from the categories' index.
            sql.push_str(&format!(
                " AND a.id IN ({COVERED} SELECT ac.article FROM article_categories ac \
                 WHERE ac.category IN (SELECT slug FROM covered))"
            ));
            params.push(Value::Text(category.as_str().to_owned()));
        }
        if let Some(tag) = &query.tag {
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM article_tags t \
                 WHERE t.slug = ? AND t.article = a.id)",
            );
            params.push(Value::Text(tag.as_str().to_owned()));
        }
        if let Some(series) = &query.series {
            sql.push_str(" AND a.series = ?");
            params.push(Value::Text(series.as_str().to_owned()));
        }
        Self { sql, params }
    }
}

/// One page of the listing `query`: one query for the page's rows, one for
/// the total, and those of [`rows::complete`], whatever the page size.
pub(super) fn articles(conn: &Connection, query: &ListQuery) -> Result<Page<Article>, StoreError> {
    let filter = Filter::new(query);
    let limit = i64::from(query.per_page.get());
    let offset = i64::try_from(query.offset()).unwrap_or(i64::MAX);
    let page_sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a WHERE {} \
         ORDER BY a.published_at DESC, a.slug ASC LIMIT ? OFFSET ?",
        filter.sql
    );
    let page_params = filter
        .params
        .iter()
        .cloned()
        .chain([Value::Integer(limit), Value::Integer(offset)]);
    let page = rows::query(
        conn,
        (&page_sql, params_from_iter(page_params)),
        ArticleRow::read,
        Ok,
        "cannot list articles",
    )?;
    let count_sql = format!("SELECT COUNT(*) FROM articles a WHERE {}", filter.sql);
    let total: i64 = conn
        .prepare_cached(&count_sql)
        .and_then(|mut stmt| stmt.query_row(params_from_iter(&filter.params), |row| row.get(0)))
        .map_err(backend("cannot count articles"))?;
    Ok(Page {
        items: rows::complete(conn, page)?,
        number: query.page,
        per_page: query.per_page,
        total: u64::try_from(total).map_err(|_| invalid("article count", total))?,
    })
}

/// Every category with the number of its articles public at `now`, each
/// counted once although it may be in several categories of the subtree,
/// as [`blog_core::category_counts`] defines it; ordered by name then slug
/// (byte order, which is Rust's `str` order).
pub(super) fn category_counts(
    conn: &Connection,
    now: DateTime<Utc>,
) -> Result<Vec<CategoryCount>, StoreError> {
    // `below` pairs each category with itself and every category below it;
    // UNION ends the walk at a cycle, as in `COVERED`.
    let sql = format!(
        "WITH RECURSIVE below (root, slug) AS ( \
           SELECT slug, slug FROM categories \
           UNION SELECT below.root, c.slug FROM categories c \
             JOIN below ON c.parent = below.slug), \
         counted (root, articles) AS ( \
           SELECT below.root, COUNT(DISTINCT a.id) FROM below \
             JOIN article_categories ac ON ac.category = below.slug \
             JOIN articles a ON a.id = ac.article \
           WHERE {PUBLIC} GROUP BY below.root) \
         SELECT {CATEGORY_COLUMNS}, COALESCE(counted.articles, 0) \
         FROM categories c LEFT JOIN counted ON counted.root = c.slug \
         ORDER BY c.name, c.slug"
    );
    let now = query_time(now);
    rows::query(
        conn,
        (&sql, [now, now]),
        |row| Ok((CategoryRow::read(row)?, row.get::<_, i64>(4)?)),
        |(row, count)| {
            Ok(CategoryCount {
                category: row.into_category()?,
                articles: u64::try_from(count).map_err(|_| invalid("article count", count))?,
            })
        },
        "cannot count the articles of each category",
    )
}
