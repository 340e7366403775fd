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

/// Listing order, newest first, ties by slug, for the articles `a`.
const NEWEST_FIRST: &str = "a.published_at DESC, a.slug ASC";

/// Listing order backwards: the same index, walked from its other end.
const OLDEST_FIRST: &str = "a.published_at ASC, a.slug DESC";

/// The rows of a page of a listing, counted from the end of the listing
/// that is nearer. `LIMIT ? OFFSET ?` walks the listing's index past every
/// row before the page: from the newest end, a blog's last page would walk
/// all of it, as long as counting the listing (which every page does)
/// takes; from the oldest, a few rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    /// Rows to skip, from the end `oldest_first` names.
    offset: u64,
    /// Rows to take.
    limit: u64,
    /// Whether `offset` counts from the oldest article.
    oldest_first: bool,
}

impl Window {
    /// The rows `offset..offset + limit` (newest first) of a listing of
    /// `total`, or `None` if the page is past its end.
    fn new(total: u64, offset: u64, limit: u64) -> Option<Self> {
        let limit = limit.min(total.checked_sub(offset).filter(|&left| left > 0)?);
        let from_oldest = total - offset - limit;
        Some(if from_oldest < offset {
            Self {
                offset: from_oldest,
                limit,
                oldest_first: true,
            }
        } else {
            Self {
                offset,
                limit,
                oldest_first: false,
            }
        })
    }
}

/// The ids of a window's articles, picked from the listing's index alone,
/// in the order `order` (a `?` for the limit, then one for the offset,
/// after the filter's).
fn page_ids(filter: &Filter, order: &str) -> String {
    format!(
        "SELECT a.id FROM articles a WHERE {} ORDER BY {order} LIMIT ? OFFSET ?",
        filter.sql
    )
}

/// A window's articles in listing order: their ids first, from the
/// listing's index ([`page_ids`]), then only their rows (a deferred join),
/// so that no row before the page is read.
fn page_rows(filter: &Filter, order: &str) -> String {
    format!(
        "SELECT {ARTICLE_COLUMNS} FROM ({}) page \
         CROSS JOIN articles a ON a.id = page.id ORDER BY {NEWEST_FIRST}",
        page_ids(filter, order)
    )
}

/// The number of articles `filter` selects.
fn count(conn: &Connection, filter: &Filter) -> Result<u64, StoreError> {
    let sql = format!("SELECT COUNT(*) FROM articles a WHERE {}", filter.sql);
    let total: i64 = conn
        .prepare_cached(&sql)
        .and_then(|mut stmt| stmt.query_row(params_from_iter(&filter.params), |row| row.get(0)))
        .map_err(backend("cannot count articles"))?;
    u64::try_from(total).map_err(|_| invalid("article count", total))
}

/// One page of the listing `query`: one query for the total, one for the
/// page's rows (none past the end), and those of [`rows::complete`],
/// whatever the page size. The page is read from the nearer end of the
/// listing ([`Window`]), so the last page costs what the first does.
pub(super) fn articles(conn: &Connection, query: &ListQuery) -> Result<Page<Article>, StoreError> {
    let filter = Filter::new(query);
    let total = count(conn, &filter)?;
    let limit = u64::from(query.per_page.get());
    let page = match Window::new(total, query.offset(), limit) {
        None => Vec::new(),
        Some(window) => {
            let order = if window.oldest_first {
                OLDEST_FIRST
            } else {
                NEWEST_FIRST
            };
            let bound = |n: u64| Value::Integer(i64::try_from(n).unwrap_or(i64::MAX));
            let params = filter
                .params
                .iter()
                .cloned()
                .chain([bound(window.limit), bound(window.offset)]);
            rows::query(
                conn,
                (&page_rows(&filter, order), params_from_iter(params)),
                ArticleRow::read,
                Ok,
                "cannot list articles",
            )?
        }
    };
    Ok(Page {
        items: rows::complete(conn, page)?,
        number: query.page,
        per_page: query.per_page,
        total,
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

#[cfg(test)]
mod tests {
    use blog_core::Slug;

    use super::*;
    use crate::sqlite::SqliteStore;
    use crate::sqlite::search::tests::plan;

    /// The window for rows `offset..offset + limit` of `total`, as
    /// (offset, limit, from the oldest end), or `None`.
    fn check(total: u64, offset: u64, limit: u64, expected: Option<(u64, u64, bool)>) {
        let got = Window::new(total, offset, limit).map(|w| (w.offset, w.limit, w.oldest_first));
        assert_eq!(got, expected, "rows {offset}.. (+{limit}) of {total}");
    }

    #[test]
    fn pages_are_counted_from_the_nearer_end() {
        check(0, 0, 10, None);
        check(25, 0, 10, Some((0, 10, false)));
        check(25, 10, 10, Some((5, 10, true)));
        // The last page: its rows, from the oldest one on.
        check(25, 20, 10, Some((0, 5, true)));
        check(25, 25, 10, None);
        check(25, 30, 10, None);
        // The middle: either end is as near; the newest is the natural one.
        check(30, 10, 10, Some((10, 10, false)));
        check(31, 10, 10, Some((10, 10, false)));
        check(29, 10, 10, Some((9, 10, true)));
        check(1, 0, 10, Some((0, 1, false)));
        check(u64::MAX, u64::MAX - 1, 100, Some((0, 1, true)));
    }

    /// A page's ids come from one of the listing's indexes alone, walked
    /// either way, never from the rows or a sort of every article the
    /// listing selects.
    #[test]
    fn page_ids_walk_an_index_either_way() {
        let store = SqliteStore::open_in_memory().expect("opens");
        let slug = |s: &str| Slug::parse(s).expect("valid slug");
        let public = ListQuery::public(DateTime::UNIX_EPOCH);
        let queries = [
            public.clone(),
            ListQuery {
                scope: Scope::All,
                ..public.clone()
            },
            ListQuery {
                scope: Scope::Only(Visibility::Expired),
                ..public.clone()
            },
            ListQuery {
                series: Some(slug("s")),
                ..public.clone()
            },
            ListQuery {
                category: Some(slug("c")),
                tag: Some(slug("t")),
                ..public
            },
        ];
        for query in queries {
            for order in [NEWEST_FIRST, OLDEST_FIRST] {
                let steps = plan(&store, &page_ids(&Filter::new(&query), order));
                // SEARCH for a range of the index, SCAN for all of it.
                assert!(
                    steps[0].starts_with("SEARCH a USING COVERING INDEX ")
                        || steps[0].starts_with("SCAN a USING COVERING INDEX "),
                    "{query:?} {order}: {steps:#?}"
                );
                assert!(
                    !steps.iter().any(|s| s.contains("TEMP B-TREE")),
                    "{query:?} {order}: {steps:#?}"
                );
            }
        }
    }
}
