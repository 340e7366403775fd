//! Cases about full-text search: the same matches as [`blog_core::search`],
//! with every filter, whatever a reader types; and the checks the other
//! search cases share.

use blog_core::{
    Article, Category, Headline, PerPage, SearchHit, SearchQuery, SearchTerms, Snippet, Store,
    index_text, words,
};
use chrono::{DateTime, Utc};

use super::data::*;
use super::search_corpus::{now, search_corpus};

/// The first page of `text` at `now`, as large as pages go.
pub(super) fn query(text: &str, now: DateTime<Utc>) -> SearchQuery {
    SearchQuery {
        per_page: PerPage::LARGEST,
        ..SearchQuery::new(text, now)
    }
}

/// The slugs of a page's hits, in the store's order.
pub(super) fn slugs(hits: &[SearchHit]) -> Vec<String> {
    hits.iter().map(|h| h.headline.slug.to_string()).collect()
}

/// The slugs `store` finds for `query`, sorted: the set, not the rank.
pub(super) fn found(store: &dyn Store, query: &SearchQuery) -> Vec<String> {
    let mut found = slugs(&store.search(query).expect("searches").items);
    found.sort();
    found
}

/// A snippet written with its matches in brackets.
pub(super) fn marked(snippet: &Snippet) -> String {
    snippet.bracketed()
}

/// Checks that `store` finds for `query` (a whole result on one page) the
/// articles [`blog_core::search`] finds in `corpus`, with the same total and
/// headlines, and [`check_snippet`]s every hit. Returns the hits' slugs in
/// the store's order.
pub(super) fn check(
    store: &dyn Store,
    corpus: &[Article],
    categories: &[Category],
    query: &SearchQuery,
) -> Vec<String> {
    let got = store.search(query).expect("searches");
    let expected = blog_core::search(corpus, categories, query);
    assert!(
        expected.total <= u64::from(query.per_page.get()),
        "one page"
    );
    assert_eq!(got.total, expected.total, "{query:?}");
    assert_eq!((got.number, got.per_page), (query.page, query.per_page));
    let by_slug = |hits: &[SearchHit]| {
        let mut headlines: Vec<Headline> = hits.iter().map(|h| h.headline.clone()).collect();
        headlines.sort_by(|a, b| a.slug.cmp(&b.slug));
        headlines
    };
    assert_eq!(by_slug(&got.items), by_slug(&expected.items), "{query:?}");
    for hit in &got.items {
        let reference = expected
            .items
            .iter()
            .find(|h| h.headline.slug == hit.headline.slug)
            .expect("found by both");
        let article = corpus
            .iter()
            .find(|a| a.slug == hit.headline.slug)
            .expect("from the corpus");
        check_snippet(hit, reference, article, &query.terms);
    }
    slugs(&got.items)
}

/// A snippet is a passage of the article's text as the index keeps it
/// ([`index_text`]), `…` where it is cut, whose marked runs are query terms,
/// at least one if the text holds a term. A text without any term shows its
/// first [`blog_core::SNIPPET_WORDS`] words, as the reference does. (Where a passage
/// around a match starts is the backend's choice.)
fn check_snippet(hit: &SearchHit, reference: &SearchHit, article: &Article, terms: &SearchTerms) {
    let snippet = &hit.snippet;
    let slug = &hit.headline.slug;
    for fragment in snippet.0.iter().filter(|f| f.matched) {
        assert!(terms.contains(&fragment.text), "{slug}: {fragment:?}");
    }
    let text = index_text(article.body.as_str());
    let shown = snippet.text();
    assert!(
        text.contains(shown.trim_start_matches('…').trim_end_matches('…')),
        "{slug}: {shown:?} is not a passage of {text:?}"
    );
    let has_term = words(&text).any(|w| terms.contains(&w));
    if has_term {
        assert!(snippet.0.iter().any(|f| f.matched), "{slug}: {shown:?}");
    } else {
        assert_eq!(marked(snippet), marked(&reference.snippet), "{slug}");
    }
}

/// Queries for [`search_finds_what_the_reference_finds`]: case differences,
/// several terms, words only in a title, only in a summary or only in a
/// body, Unicode, words beside markup, words nothing holds, no words.
pub(super) const QUERIES: &[&str] = &[
    "rust",
    "RUST",
    "Rust ownership",
    "owner",
    "borrow checker",
    "tokio",
    "tokio future",
    "future",
    "futures",
    "caching",
    "revalidates",
    "zig",
    "Comptime ZIG",
    "nothing",
    "the",
    "details guide RFC",
    "ünïcode",
    "ÜNÏCODE straße",
    "ΟΔΟΣ",
    "日本語",
    "café",
    "CAFÉ folding",
    "cafe",
    "42 x86",
    "databases",
    "python",
    "rust python",
    "",
    "?!",
];

/// Category and tag filters for the same case.
const FILTERS: &[(Option<&str>, Option<&str>)] = &[
    (None, None),
    (Some("rust"), None),
    (Some("async"), None),
    (Some("tokio"), None),
    (Some("web"), None),
    (Some("unknown"), None),
    (None, Some("rust")),
    (None, Some("async-rust")),
    (None, Some("unknown")),
    (Some("rust"), Some("async-rust")),
];

/// A search finds the public articles [`blog_core::search`] finds, with the
/// same filters (a category covers the categories below it), at several
/// times: drafts never, scheduled articles from their time on, expired ones
/// until they expire.
pub fn search_finds_what_the_reference_finds(store: &dyn Store) {
    let (setup, corpus) = search_corpus();
    apply(store, setup);
    let categories = store.categories().expect("lists categories");
    let nows = [at(9 * 3600), at(11 * 3600), now(), at(41 * 86_400)];
    for now in nows {
        for text in QUERIES {
            for (category, tag) in FILTERS {
                let query = SearchQuery {
                    category: category.map(slug),
                    tag: tag.map(slug),
                    ..query(text, now)
                };
                check(store, &corpus, &categories, &query);
            }
        }
    }
    // What that agreement means, spelled out.
    let at_now = |text: &str| found(store, &query(text, now()));
    assert_eq!(at_now("caching"), ["web-caching"], "title only");
    assert_eq!(at_now("zig"), ["summary-only"], "summary only");
    assert_eq!(at_now("revalidates"), ["web-caching"], "body only");
    assert_eq!(at_now("Comptime ZIG"), ["summary-only"]);
    assert_eq!(at_now("RUST"), ["async-intro", "borrowing", "ownership"]);
    assert_eq!(at_now("owner"), ["borrowing", "ownership"]);
    assert_eq!(at_now("ownership"), ["ownership"]);
    assert_eq!(at_now("tokio future"), ["async-intro", "tokio-tasks"]);
    assert_eq!(at_now("futures"), ["async-intro"]);
    assert_eq!(at_now("details guide RFC"), ["web-caching"]);
    for unicode in ["ÜNÏCODE straße", "ΟΔΟΣ", "日本語", "CAFÉ folding", "42 x86"] {
        assert_eq!(at_now(unicode), ["unicode"], "{unicode}");
    }
    assert_eq!(at_now("cafe"), Vec::<String>::new(), "no accent folding");
    assert_eq!(at_now("rust python"), Vec::<String>::new());
    let empty = store.search(&query("?!", now())).expect("searches");
    assert_eq!((empty.items.len(), empty.total), (0, 0));
    let filtered = |text: &str, category: Option<&str>, tag: Option<&str>| {
        let query = SearchQuery {
            category: category.map(slug),
            tag: tag.map(slug),
            ..query(text, now())
        };
        found(store, &query)
    };
    assert_eq!(
        at_now("tokio"),
        ["async-intro", "sqlite-wal", "tokio-tasks"]
    );
    assert_eq!(
        filtered("tokio", Some("rust"), None),
        ["async-intro", "tokio-tasks"]
    );
    assert_eq!(filtered("tokio", Some("tokio"), None), ["tokio-tasks"]);
    assert_eq!(filtered("tokio", Some("web"), None), ["tokio-tasks"]);
    assert_eq!(
        filtered("owner", None, Some("borrow-checker")),
        ["borrowing"]
    );
    let later = |text: &str, hours: i64| found(store, &query(text, at(hours * 3600)));
    assert_eq!(later("ownership", 9), ["ownership"]);
    assert_eq!(later("ownership", 11), ["expired", "ownership"]);
    assert_eq!(later("ownership", 41 * 24), ["ownership", "scheduled"]);
}

/// Whatever a reader types, a search answers as the reference does: query
/// syntax of any kind is only punctuation between words. The store works
/// as before afterwards.
pub fn search_survives_hostile_queries(store: &dyn Store) {
    let (setup, corpus) = search_corpus();
    apply(store, setup);
    let categories = store.categories().expect("lists categories");
    let long_word = "x".repeat(500);
    let hostile = [
        "\"",
        "\"\"",
        "\"rust",
        "rust\"",
        "\"rust\" \"owner",
        "*",
        "rust*",
        "NEAR(rust owner)",
        "NEAR(rust owner, 2)",
        "NEAR",
        "rust OR python",
        "OR",
        "AND",
        "NOT",
        "AND rust",
        "rust AND",
        "rust NOT owner",
        "-rust",
        "rust -owner",
        "title:rust",
        "col:x",
        "body : owner",
        "{title body}: rust",
        "^rust",
        "rust^",
        "+rust",
        "(rust",
        "rust)",
        "((",
        "'; DROP TABLE articles; --",
        "%",
        "_",
        "\\",
        ":",
        ".",
        "\u{0}rust",
        "\u{2}rust\u{3}",
        "日本語 ünïcode ΟΔΟΣ",
        "🦀 rust",
        "a b c d e f g h i j k",
        "the owner of rust borrow checker value lifetimes tokio",
        "rust rust RUST",
        &long_word,
    ];
    for text in hostile {
        check(store, &corpus, &categories, &query(text, now()));
    }
    // Operators are words like any other: `-` excludes nothing, `OR` is
    // a word that no article holds.
    let rust = found(store, &query("rust", now()));
    for same in ["-rust", "rust*", "^rust", "\"rust", "(rust"] {
        assert_eq!(found(store, &query(same, now())), rust, "{same}");
    }
    assert_eq!(
        found(store, &query("rust -owner", now())),
        ["borrowing", "ownership"]
    );
    assert_eq!(
        found(store, &query("rust OR python", now())),
        Vec::<String>::new()
    );
    assert_eq!(store.headlines(now()).expect("reads").len(), 8);
    assert_eq!(
        found(store, &query("owner", now())),
        ["borrowing", "ownership"]
    );
}
