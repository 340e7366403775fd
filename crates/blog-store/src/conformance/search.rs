//! Cases about full-text search: the same matches as [`blog_core::search`],
//! filters, pages, rank, snippets, hostile queries, and an index that
//! follows every change.

use blog_core::{
    Article, Category, Change, Headline, Markdown, PageNumber, PerPage, SearchHit, SearchQuery,
    SearchTerms, Snippet, Status, Store, index_text, words,
};
use chrono::{DateTime, Duration, Utc};

use super::data::*;
use super::search_corpus::{now, search_corpus};

/// The first page of `text` at `now`, as large as pages go.
fn query(text: &str, now: DateTime<Utc>) -> SearchQuery {
    SearchQuery {
        per_page: PerPage::LARGEST,
        ..SearchQuery::new(text, now)
    }
}

/// The slugs of a page's hits, in the store's order.
fn slugs(hits: &[SearchHit]) -> Vec<String> {
    hits.iter().map(|h| h.headline.slug.to_string()).collect()
}

/// The slugs `store` finds for `query`, sorted: the set, not the rank.
fn found(store: &dyn Store, query: &SearchQuery) -> Vec<String> {
    let mut found = slugs(&store.search(query).expect("searches").items);
    found.sort();
    found
}

/// A snippet written with its matches in brackets.
fn marked(snippet: &Snippet) -> String {
    snippet
        .0
        .iter()
        .map(|f| {
            if f.matched {
                format!("[{}]", f.text)
            } else {
                f.text.clone()
            }
        })
        .collect()
}

/// Checks that `store` finds for `query` (a whole result on one page) the
/// articles [`blog_core::search`] finds in `corpus`, with the same total and
/// headlines, and [`check_snippet`]s every hit. Returns the hits' slugs in
/// the store's order.
fn check(
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
const QUERIES: &[&str] = &[
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

/// Pages of a search are cut from one ranking: disjoint, together the
/// whole result in the same order, each with the total; past the end, empty.
pub fn search_pages_cut_one_ranking(store: &dyn Store) {
    let (setup, _) = search_corpus();
    apply(store, setup);
    let whole = store.search(&query("the", now())).expect("searches");
    assert!(whole.total >= 4, "enough hits to cut: {}", whole.total);
    assert_eq!(whole.items.len() as u64, whole.total);
    for per_page in [1, 2, 3] {
        let mut seen = Vec::new();
        let pages = u32::try_from(whole.total)
            .expect("small")
            .div_ceil(per_page);
        for n in 1..=pages + 1 {
            let page = store
                .search(&SearchQuery {
                    page: PageNumber::new(n).expect("not zero"),
                    per_page: PerPage::new(per_page).expect("in range"),
                    ..query("the", now())
                })
                .expect("searches");
            assert_eq!(page.total, whole.total, "page {n} of {per_page}");
            assert_eq!(page.number.get(), n);
            let expected = if n <= pages {
                (whole.total - seen.len() as u64).min(u64::from(per_page))
            } else {
                0
            };
            assert_eq!(page.items.len() as u64, expected, "page {n} of {per_page}");
            seen.extend(page.items);
        }
        assert_eq!(seen, whole.items, "pages of {per_page}");
    }
}

/// A word in the title ranks an article above one that has it in its
/// summary, which ranks above one that has it only in its body, however
/// new; equal matches are newest first, then by slug.
pub fn search_ranks_title_hits_first_then_newest(store: &dyn Store) {
    let written = |s: &str, published: i64, t: &str, summary: &str, body: &str| {
        let mut a = article(s, at(published));
        a.title = title(t);
        a.summary = Some(summary.to_owned());
        a.body = Markdown::new(body);
        Change::PutArticle(a)
    };
    apply(
        store,
        [
            written(
                "in-body",
                30,
                "Memory notes",
                "Cheap allocation.",
                "Arenas help.",
            ),
            written(
                "in-summary",
                20,
                "Memory notes",
                "Arenas help.",
                "Cheap allocation.",
            ),
            written(
                "in-title",
                10,
                "Arenas help",
                "Memory notes.",
                "Cheap allocation.",
            ),
            written("same-b", 5, "Pools", "Memory.", "Pools of memory."),
            written("same-a", 5, "Pools", "Memory.", "Pools of memory."),
            written("same-c", 6, "Pools", "Memory.", "Pools of memory."),
            written("other", 40, "Unrelated", "Nothing here.", "Nothing at all."),
        ],
    );
    let order = |text: &str| slugs(&store.search(&query(text, at(100))).expect("searches").items);
    assert_eq!(order("arenas"), ["in-title", "in-summary", "in-body"]);
    assert_eq!(order("ARENAS help"), ["in-title", "in-summary", "in-body"]);
    assert_eq!(order("pools"), ["same-c", "same-a", "same-b"]);
    assert_eq!(order("pools memory"), ["same-c", "same-a", "same-b"]);
}

/// Snippets show the text around the terms, marked; a long text is cut
/// around a match, a text without any term shows its start.
pub fn search_snippets_mark_the_terms(store: &dyn Store) {
    let (setup, corpus) = search_corpus();
    apply(store, setup);
    let categories = store.categories().expect("lists categories");
    for text in QUERIES {
        check(store, &corpus, &categories, &query(text, now()));
    }
    let hit = |text: &str, s: &str| -> SearchHit {
        let page = store.search(&query(text, now())).expect("searches");
        page.items
            .into_iter()
            .find(|h| h.headline.slug.as_str() == s)
            .expect("found")
    };
    assert_eq!(
        marked(&hit("owner", "ownership").snippet),
        "Every value has one [owner] . When the [owner] goes out of scope, the value is dropped."
    );
    // Markup is not shown; the words around it are.
    let markup = marked(&hit("details", "web-caching").snippet);
    assert!(
        markup.ends_with("See the RFC for [details] , and this guide ."),
        "{markup}"
    );
    // A long text, cut around its one match.
    let wal = hit("tokio", "sqlite-wal").snippet;
    assert!(wal.text().starts_with('…'), "{}", marked(&wal));
    let matched: Vec<&str> = wal
        .0
        .iter()
        .filter(|f| f.matched)
        .map(|f| f.text.as_str())
        .collect();
    assert_eq!(matched, ["Tokio"]);
    // Found by its title only: the start of the text, nothing marked.
    let start = hit("databases sqlite", "sqlite-wal").snippet;
    assert!(
        start.0.iter().any(|f| f.matched),
        "'databases' is in the text"
    );
    let title_only = hit("wal", "sqlite-wal").snippet;
    assert!(title_only.0.iter().all(|f| !f.matched));
    assert!(title_only.text().starts_with("Databases keep data safe"));
    assert!(title_only.text().ends_with('…'));
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

/// The index follows every change: a replaced article is found by its new
/// words only, a renamed one under its new slug, a deleted one no more, and
/// a change set that fails changes nothing a search sees.
pub fn search_follows_changes(store: &dyn Store) {
    let written = |s: &str, t: &str, body: &str| {
        let mut a = article(s, at(0));
        a.title = title(t);
        a.body = Markdown::new(body);
        a
    };
    let now = at(3600);
    let find = |text: &str| slugs(&store.search(&query(text, now)).expect("searches").items);
    let none: Vec<String> = Vec::new();
    apply(
        store,
        [
            Change::PutArticle(written("a", "Alpha", "A zebra crossing.")),
            Change::PutArticle(written("b", "Beta", "Yak shaving.")),
        ],
    );
    assert_eq!(find("zebra"), ["a"]);
    assert_eq!(find("yak"), ["b"]);
    apply(
        store,
        [Change::PutArticle(written("a", "Gamma", "An okapi."))],
    );
    assert_eq!(find("zebra"), none);
    assert_eq!(find("alpha"), none);
    assert_eq!(find("okapi gamma"), ["a"]);
    apply(
        store,
        [Change::RenameArticle {
            from: slug("a"),
            to: slug("renamed"),
        }],
    );
    let hits = store.search(&query("okapi", now)).expect("searches").items;
    assert_eq!(slugs(&hits), ["renamed"]);
    assert_eq!(hits[0].headline.title.as_str(), "Gamma");
    apply(store, [Change::DeleteArticle(slug("b"))]);
    assert_eq!(find("yak"), none);
    let mut hidden = written("renamed", "Gamma", "An okapi, unpublished.");
    hidden.status = Status::Draft;
    apply(store, [Change::PutArticle(hidden)]);
    assert_eq!(find("okapi"), none);
    apply(
        store,
        [Change::PutArticle(written("renamed", "Gamma", "An okapi."))],
    );
    // A set that would change every word, then fails: nothing changed.
    let mut broken = written("broken", "Zebra", "A zebra.");
    broken.categories = vec![slug("missing")];
    let result = store.apply(&changes([
        Change::PutArticle(written("c", "Zebra", "Yak and zebra.")),
        Change::PutArticle(written("renamed", "Zebra", "A zebra.")),
        Change::RenameArticle {
            from: slug("renamed"),
            to: slug("again"),
        },
        Change::DeleteArticle(slug("again")),
        Change::PutArticle(written("b", "Beta", "Yak shaving.")),
        Change::PutArticle(broken),
    ]));
    assert!(result.is_err(), "{result:?}");
    assert_eq!(find("zebra"), none);
    assert_eq!(find("yak"), none);
    assert_eq!(find("okapi"), ["renamed"]);
    // The store indexes as before after the failure; a slug deleted once
    // can be used again.
    apply(
        store,
        [
            Change::PutArticle(written("b", "Beta", "Yak shaving again.")),
            Change::PutArticle(written("c", "Zebra", "Zebra.")),
        ],
    );
    assert_eq!(find("yak"), ["b"]);
    assert_eq!(find("zebra"), ["c"]);
    assert_eq!(
        store
            .search(&query("zebra", now - Duration::hours(2)))
            .expect("searches")
            .total,
        0
    );
}
