//! Full-text search: the FTS5 index of articles (schema v3), kept in step
//! with every article written or deleted, and [`SearchQuery`] translated to
//! an FTS5 query under the listing's filters.
//!
//! The index holds what readers see of an article ([`index_text`] of its
//! body), where [`blog_core::search`] matches the raw Markdown: a word that
//! only appears inside an HTML tag or a link target is not found here.

use blog_core::{
    Article, ListQuery, Page, SNIPPET_WORDS, Scope, SearchHit, SearchQuery, SearchTerms, Snippet,
    StoreError, index_text,
};
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};

use super::error::{backend, invalid};
use super::headline::{self, HEADLINE_COLUMNS, HeadlineRow};
use super::listing::Filter;
use super::rows;

/// How much a match weighs in the title, the summary and the body (bm25's
/// column weights, in the index's column order): the reference's weights.
const WEIGHTS: &str = "8.0, 4.0, 1.0";

/// The index column snippets are cut from: the body.
const BODY_COLUMN: usize = 2;

/// What `snippet()` puts around a match: control characters, which
/// [`index_text`] removes from the body, so they mark nothing else.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// The FTS5 query that requires every one of `terms`: each a string in
/// double quotes (a quote in it doubled), joined by `AND`. Inside quotes
/// FTS5 sees no syntax at all (no `OR`, `NEAR`, `*`, `^`, `-` or column
/// filter), only text that its tokenizer splits as it split the articles.
pub(super) fn match_expression(terms: &SearchTerms) -> String {
    let quoted: Vec<String> = terms
        .as_slice()
        .iter()
        .map(|term| format!("\"{}\"", term.replace('"', "\"\"")))
        .collect();
    quoted.join(" AND ")
}

/// One page of the public articles matching `query`, best first (bm25 with
/// [`WEIGHTS`]; ties newest first, then by slug), each with a snippet of its
/// body: a query for the page, one for the total, and those of
/// [`headline::complete`], whatever the page size.
pub(super) fn search(
    conn: &Connection,
    query: &SearchQuery,
) -> Result<Page<SearchHit>, StoreError> {
    let listing = ListQuery {
        category: query.category.clone(),
        tag: query.tag.clone(),
        scope: Scope::Public,
        page: query.page,
        per_page: query.per_page,
        ..ListQuery::public(query.now)
    };
    let mut page = Page {
        items: Vec::new(),
        number: query.page,
        per_page: query.per_page,
        total: 0,
    };
    if query.terms.is_empty() {
        return Ok(page);
    }
    let filter = Filter::new(&listing);
    let statements = Statements::new(&filter);
    let terms = Value::Text(match_expression(&query.terms));
    let limit = Value::Integer(i64::from(query.per_page.get()));
    let offset = Value::Integer(i64::try_from(listing.offset()).unwrap_or(i64::MAX));
    let hits_params = || std::iter::once(terms.clone()).chain(filter.params.iter().cloned());
    let page_params = hits_params().chain([limit, offset, terms.clone()]);
    let found = rows::query(
        conn,
        (&statements.page, params_from_iter(page_params)),
        // The snippet follows the seven headline columns.
        |row| Ok((HeadlineRow::read(row)?, row.get::<_, Option<String>>(7)?)),
        Ok,
        "cannot search articles",
    )?;
    let total: i64 = conn
        .prepare_cached(&statements.count)
        .and_then(|mut stmt| stmt.query_row(params_from_iter(hits_params()), |row| row.get(0)))
        .map_err(backend("cannot count the articles found"))?;
    let (found, snippets): (Vec<HeadlineRow>, Vec<Option<String>>) = found.into_iter().unzip();
    page.items = headline::complete(conn, found)?
        .into_iter()
        .zip(snippets)
        .map(|(headline, snippet)| SearchHit {
            headline,
            snippet: Snippet::from_marked(&snippet.unwrap_or_default(), OPEN, CLOSE),
        })
        .collect();
    page.total = u64::try_from(total).map_err(|_| invalid("article count", total))?;
    Ok(page)
}

/// The SQL of a search under a listing's filter.
struct Statements {
    /// The page's hits, [`HEADLINE_COLUMNS`] then the snippet. Parameters:
    /// the terms, the filter's, the limit and offset, the terms again.
    page: String,
    /// How many hits there are. Parameters: the terms, the filter's.
    count: String,
}

impl Statements {
    fn new(filter: &Filter) -> Self {
        // CROSS JOIN starts from the full-text index: SQLite would otherwise
        // start from the public articles and probe the index once for each.
        // Hits are read from the index made for them, never from the rows.
        let hits = format!(
            "FROM article_search CROSS JOIN articles a INDEXED BY articles_search_hits \
               ON a.id = article_search.rowid \
             WHERE article_search MATCH ? AND {}",
            filter.sql
        );
        // The page is ranked first, and only its own hits then get a snippet
        // (a second MATCH, for their ids only): cut while ranking, a snippet
        // would be cut for every hit that enters the best `offset + limit`
        // on the way. FTS5 cuts snippets of at most 64 tokens.
        let page = format!(
            "WITH page AS MATERIALIZED ( \
               SELECT a.id AS id, bm25(article_search, {WEIGHTS}) AS score, \
                 a.published_at AS published_at, a.slug AS slug {hits} \
               ORDER BY score, a.published_at DESC, a.slug LIMIT ? OFFSET ?) \
             SELECT {HEADLINE_COLUMNS}, snippet(article_search, {BODY_COLUMN}, \
               char({open}), char({close}), '…', {tokens}) \
             FROM page CROSS JOIN article_search ON article_search.rowid = page.id \
               CROSS JOIN articles a INDEXED BY articles_search_hits ON a.id = page.id \
             WHERE article_search MATCH ? \
             ORDER BY page.score, page.published_at DESC, page.slug",
            open = u32::from(OPEN),
            close = u32::from(CLOSE),
            tokens = SNIPPET_WORDS.min(64),
        );
        Self {
            page,
            count: format!("SELECT COUNT(*) {hits}"),
        }
    }
}

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
pub(super) mod tests {
    use blog_core::{Change, ChangeSet, Markdown, Slug, Store, Title};
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::sqlite::SqliteStore;
    use crate::sqlite::error::backend;
    use crate::sqlite::headline;

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

    fn check(terms: &str, expected: &str) {
        let terms: SearchTerms = serde_json::from_str(terms).expect("valid terms");
        assert_eq!(match_expression(&terms), expected, "{terms:?}");
    }

    #[test]
    fn terms_are_quoted_and_all_required() {
        check(r#"["rust"]"#, r#""rust""#);
        check(
            r#"["rust", "async", "ünï"]"#,
            r#""rust" AND "async" AND "ünï""#,
        );
        // `SearchTerms::parse` makes words only, but deserialized terms may
        // hold anything: it stays inside its quotes.
        check(r#"["a\"b"]"#, r#""a""b""#);
        check(
            r#"["\" OR \"x", "NEAR(a b)", "col:x", "*", "^"]"#,
            r#"""" OR ""x" AND "NEAR(a b)" AND "col:x" AND "*" AND "^""#,
        );
    }

    fn search(store: &SqliteStore, query: &SearchQuery) -> Vec<String> {
        let page = store.search(query).expect("searches");
        page.items
            .iter()
            .map(|h| h.headline.slug.to_string())
            .collect()
    }

    #[test]
    fn terms_holding_query_syntax_are_only_text() {
        let store = SqliteStore::open_in_memory().expect("opens");
        apply(
            &store,
            vec![Change::PutArticle(article("a", "A b OR x col."))],
        )
        .expect("applies");
        let now = DateTime::<Utc>::MAX_UTC;
        let found = |terms: &str| {
            let terms: SearchTerms = serde_json::from_str(terms).expect("valid terms");
            search(
                &store,
                &SearchQuery {
                    terms,
                    ..SearchQuery::new("", now)
                },
            )
            .len()
        };
        // Each term is a phrase of the words FTS5 finds in it.
        assert_eq!(found(r#"["a\"b"]"#), 1, "the phrase 'a b'");
        assert_eq!(found(r#"["\" OR \"x"]"#), 1, "the phrase 'or x'");
        assert_eq!(found(r#"["x", "NEAR(a b)"]"#), 0);
        assert_eq!(found(r#"["col:x"]"#), 0, "no phrase 'col x'");
        assert_eq!(found(r#"["a", "*"]"#), 0, "an empty phrase matches nothing");
        assert_eq!(found(r#"["a", "OR"]"#), 1);
    }

    #[test]
    fn words_readers_do_not_see_are_not_found() {
        let store = SqliteStore::open_in_memory().expect("opens");
        let body = "See [the docs](https://hidden.example/path) and \
                    <span class=\"secret\">shown</span>.";
        let a = article("a", body);
        apply(&store, vec![Change::PutArticle(a.clone())]).expect("applies");
        let now = DateTime::<Utc>::MAX_UTC;
        let found = |text: &str| search(&store, &SearchQuery::new(text, now));
        for seen in ["docs", "shown", "see the docs and shown"] {
            assert_eq!(found(seen), ["a"], "{seen}");
        }
        for unseen in ["hidden", "example", "https", "secret", "span", "class"] {
            assert_eq!(found(unseen), Vec::<String>::new(), "{unseen}");
        }
        // The reference reads the same text: the two agree.
        let reference = blog_core::search([&a], &[], &SearchQuery::new("hidden", now));
        assert_eq!(reference.total, 0);
    }

    /// What SQLite plans for `sql`, one line per step.
    pub(in crate::sqlite) fn plan(store: &SqliteStore, sql: &str) -> Vec<String> {
        store
            .db
            .read(|tx| {
                tx.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .and_then(|mut stmt| {
                        let unbound = vec![Value::Null; stmt.parameter_count()];
                        stmt.query_map(params_from_iter(unbound), |row| row.get(3))?
                            .collect()
                    })
                    .map_err(backend("cannot explain"))
            })
            .expect("explains")
    }

    #[test]
    fn headlines_and_hits_are_read_from_indexes_not_rows() {
        let store = SqliteStore::open_in_memory().expect("opens");
        let filter = |category: Option<&str>, tag: Option<&str>| {
            Filter::new(&ListQuery {
                category: category.map(slug),
                tag: tag.map(slug),
                ..ListQuery::public(DateTime::UNIX_EPOCH)
            })
        };
        // Reading a row means reading its text too: the columns after it
        // are on its overflow pages.
        let reads_rows = |steps: &[String]| {
            steps
                .iter()
                .any(|s| s == "SCAN a" || s.starts_with("SCAN a ") || s.contains("PRIMARY KEY"))
        };
        let headlines = plan(&store, &headline::statement(&filter(None, None)));
        assert_eq!(
            headlines,
            ["SEARCH a USING COVERING INDEX articles_by_status_date (status=? AND published_at<?)"]
        );
        for (category, tag) in [(None, None), (Some("c"), Some("t"))] {
            let statements = Statements::new(&filter(category, tag));
            for sql in [&statements.page, &statements.count] {
                let steps = plan(&store, sql);
                assert!(!reads_rows(&steps), "{steps:#?}");
                let first = steps
                    .iter()
                    .find(|s| s.contains(" a ") || s.contains("article_search"))
                    .expect("a step over a table");
                assert!(
                    first.contains("SCAN article_search VIRTUAL TABLE"),
                    "{steps:#?}"
                );
                assert!(
                    steps
                        .iter()
                        .any(|s| s.contains("COVERING INDEX articles_search_hits")),
                    "{steps:#?}"
                );
            }
        }
    }
}
