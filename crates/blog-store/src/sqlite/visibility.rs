//! When what readers see next changes on its own: the first publication
//! time or expiry of a published article after "now", read from indexes.

use blog_core::StoreError;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::codec;
use super::error::backend;

/// The first publication or expiry of a published article after the "now"
/// bound to `?1`, as [`blog_core::next_visibility_change`] defines it. Each
/// half is a `min()` that SQLite answers from the first entry of an index
/// range: `articles_by_status_date` for publications, `articles_by_expiry`
/// (schema v4) for expiries, so the cost does not grow with the articles.
pub(super) const NEXT_CHANGE: &str = "SELECT min(t) FROM ( \
       SELECT min(published_at) AS t FROM articles \
        WHERE status = 'published' AND published_at > ?1 \
       UNION ALL \
       SELECT min(expires_at) FROM articles \
        WHERE status = 'published' AND expires_at > ?1)";

/// The first moment after `now` at which a published article becomes
/// public or expires.
pub(super) fn next_change(
    conn: &Connection,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    // Any "now" is a question with an answer, even one no article can
    // carry (before 1678, after 2262, in a leap second).
    let now = codec::query_time(now);
    let next: Option<i64> = conn
        .prepare_cached(NEXT_CHANGE)
        .and_then(|mut stmt| stmt.query_row([now], |row| row.get(0)))
        .map_err(backend("cannot read when visibility next changes"))?;
    Ok(next.map(codec::time_from_sql))
}

#[cfg(test)]
mod tests {
    use blog_core::{Article, Change, ChangeSet, Markdown, Slug, Status, Store, Title};
    use rusqlite::StatementStatus;

    use super::*;
    use crate::sqlite::SqliteStore;
    use crate::sqlite::search::tests::plan;

    #[test]
    fn the_next_change_is_read_from_indexes() {
        let store = SqliteStore::open_in_memory().expect("opens");
        let steps = plan(&store, NEXT_CHANGE);
        let tables: Vec<&String> = steps.iter().filter(|s| s.contains("articles")).collect();
        assert_eq!(
            tables,
            [
                "SEARCH articles USING COVERING INDEX articles_by_status_date \
                 (status=? AND published_at>?)",
                "SEARCH articles USING COVERING INDEX articles_by_expiry (status=? AND expires_at>?)",
            ],
            "{steps:#?}"
        );
    }

    /// `n` published articles, each public from an hour after the last and
    /// expiring a day later, and as many drafts.
    fn filled(n: i64) -> (SqliteStore, Vec<Article>) {
        let store = SqliteStore::open_in_memory().expect("opens");
        let articles: Vec<Article> = (0..2 * n)
            .map(|i| {
                let at = DateTime::from_timestamp(1_700_000_000 + i * 3600, 0).expect("valid time");
                let mut a = Article::new(
                    Slug::parse(&format!("a-{i}")).expect("valid slug"),
                    Title::parse("A").expect("valid title"),
                    Markdown::new("Body."),
                    at,
                );
                a.expires_at = Some(at + chrono::Duration::days(1));
                if i % 2 == 1 {
                    a.status = Status::Draft;
                }
                a
            })
            .collect();
        let changes: ChangeSet = articles.iter().cloned().map(Change::PutArticle).collect();
        store.apply(&changes).expect("applies");
        (store, articles)
    }

    /// The virtual machine steps the query takes at `now`, and its answer.
    fn steps(store: &SqliteStore, now: DateTime<Utc>) -> (i32, Option<DateTime<Utc>>) {
        store
            .db
            .read(|tx| {
                let next = next_change(tx, now)?;
                let stmt = tx
                    .prepare_cached(NEXT_CHANGE)
                    .map_err(backend("prepares"))?;
                let steps = stmt.get_status(StatementStatus::VmStep);
                stmt.reset_status(StatementStatus::VmStep);
                Ok((steps, next))
            })
            .expect("reads")
    }

    /// However many articles there are, and whichever part of them "now"
    /// falls in, the answer takes a few dozen steps: the first entry of two
    /// index ranges. A walk through one range of 400 articles took 2,844.
    #[test]
    fn the_next_change_costs_the_same_however_many_articles() {
        let (small, _) = filled(20);
        let (large, articles) = filled(400);
        for hours in [-5, 3, 10, 40, 1000] {
            let now =
                DateTime::from_timestamp(1_700_000_000 + hours * 3600 + 1, 0).expect("valid time");
            let (few, _) = steps(&small, now);
            let (many, next) = steps(&large, now);
            assert_eq!(next, blog_core::next_visibility_change(&articles, now));
            assert!(
                few < 100 && many < 100,
                "{few} and {many} steps at {hours} hours"
            );
        }
    }
}
