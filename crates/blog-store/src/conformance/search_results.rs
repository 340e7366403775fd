//! Cases about search results: pages cut from one ranking, the rank
//! itself, snippets, and results that follow every change.

use blog_core::{Change, Markdown, PageNumber, PerPage, SearchHit, SearchQuery, Status, Store};
use chrono::Duration;

use super::data::*;
use super::search::{QUERIES, check, found, marked, query, slugs};
use super::search_corpus::{now, search_corpus};

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

/// Search finds the words a reader sees and not the markup around them:
/// not an HTML tag's name or attributes, nor a link's target, but every word
/// of code such as `Vec<String>`, and the text after an unclosed `<`.
pub fn search_finds_what_readers_see(store: &dyn Store) {
    let mut a = article("markup", at(1));
    a.body = Markdown::new(
        "See [the docs](https://hidden.example/path) and <span class=\"secret\">shown</span>.\n\n\
         Return a `Vec<String>` or an Option<Widget>; 1 <unclosed tag\n\nThe end.",
    );
    apply(store, [Change::PutArticle(a)]);
    for seen in [
        "docs",
        "shown",
        "vec string",
        "widget",
        "unclosed tag",
        "end",
    ] {
        assert_eq!(found(store, &query(seen, now())), ["markup"], "{seen}");
    }
    for unseen in [
        "hidden", "example", "https", "path", "span", "class", "secret",
    ] {
        assert!(found(store, &query(unseen, now())).is_empty(), "{unseen}");
    }
}
