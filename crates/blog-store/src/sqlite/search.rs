//! Full-text search: the FTS5 index of articles (schema v3), kept in step
//! with every article written or deleted.

use blog_core::{Article, index_text};
use rusqlite::{Connection, params};

/// Writes the index row of article `id`, replacing the one it had.
fn write_row(
    conn: &Connection,
    id: i64,
    title: &str,
    summary: Option<&str>,
    body: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO article_search (rowid, title, summary, body) \
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, title, summary, index_text(body)])?;
    Ok(())
}

/// Indexes `article`, stored as `id`, in place of what the index held for it.
/// Its slug is not indexed: renaming an article leaves its row as it is.
pub(super) fn index(conn: &Connection, id: i64, article: &Article) -> rusqlite::Result<()> {
    write_row(
        conn,
        id,
        article.title.as_str(),
        article.summary.as_deref(),
        article.body.as_str(),
    )
}

/// Removes article `id` from the index.
pub(super) fn unindex(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM article_search WHERE rowid = ?1")?
        .execute([id])?;
    Ok(())
}

/// Indexes every article anew, from the rows of `articles`: what a
/// migration that creates or changes the index runs.
pub(super) fn reindex(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM article_search", [])?;
    let mut articles = conn.prepare("SELECT id, title, summary, body FROM articles")?;
    let mut rows = articles.query([])?;
    while let Some(row) = rows.next()? {
        let title: String = row.get(1)?;
        let summary: Option<String> = row.get(2)?;
        let body: String = row.get(3)?;
        write_row(conn, row.get(0)?, &title, summary.as_deref(), &body)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use blog_core::{Change, ChangeSet, Markdown, Slug, Store, Title};
    use chrono::DateTime;

    use super::*;
    use crate::sqlite::SqliteStore;
    use crate::sqlite::error::backend;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid slug")
    }

    fn article(s: &str, body: &str) -> Article {
        Article::new(
            slug(s),
            Title::parse(s).expect("valid title"),
            Markdown::new(body),
            DateTime::UNIX_EPOCH,
        )
    }

    fn apply(store: &SqliteStore, changes: Vec<Change>) -> Result<(), blog_core::StoreError> {
        store.apply(&changes.into_iter().collect::<ChangeSet>())
    }

    /// The id and title of each row, by id.
    type Rows = Vec<(i64, String)>;

    /// The rows of `articles`, and those of the index.
    fn rows(store: &SqliteStore) -> (Rows, Rows) {
        let read = |sql: &str| {
            store.db.read(|tx| {
                tx.prepare(sql)
                    .and_then(|mut stmt| {
                        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                            .collect()
                    })
                    .map_err(backend("cannot read rows"))
            })
        };
        (
            read("SELECT id, title FROM articles ORDER BY id").expect("reads articles"),
            read("SELECT rowid, title FROM article_search ORDER BY rowid").expect("reads index"),
        )
    }

    #[test]
    fn the_index_has_one_row_per_article_whatever_the_changes() {
        let store = SqliteStore::open_in_memory().expect("opens");
        let check = |articles: usize| {
            let (articles_rows, index_rows) = rows(&store);
            assert_eq!(articles_rows.len(), articles);
            assert_eq!(index_rows, articles_rows);
        };
        apply(
            &store,
            vec![
                Change::PutArticle(article("a", "One.")),
                Change::PutArticle(article("b", "Two.")),
                Change::PutArticle(article("c", "Three.")),
            ],
        )
        .expect("applies");
        check(3);
        let replaced = Article {
            title: Title::parse("Replaced").expect("valid title"),
            ..article("a", "Uno.")
        };
        apply(
            &store,
            vec![
                Change::PutArticle(replaced),
                Change::RenameArticle {
                    from: slug("b"),
                    to: slug("d"),
                },
                Change::DeleteArticle(slug("c")),
            ],
        )
        .expect("applies");
        check(2);
        let mut broken = article("e", "Five.");
        broken.categories = vec![slug("missing")];
        let failed = apply(
            &store,
            vec![
                Change::PutArticle(article("f", "Six.")),
                Change::DeleteArticle(slug("a")),
                Change::PutArticle(broken),
            ],
        );
        assert!(failed.is_err());
        check(2);
    }
}
