//! Cases about articles: storing, replacing, reading back, references.

use blog_core::{
    Article, Change, ChangeSet, EntityKind, ListQuery, PartNumber, Scope, SeriesMembership, Status,
    Store, StoreError, Tag,
};

use super::Fixture;
use super::data::*;

/// A new store is empty: no article, category or series, one empty page.
pub fn empty_store(store: &dyn Store) {
    assert!(store.is_empty().expect("is_empty"));
    let page = store.articles(&ListQuery::public(at(0))).expect("lists");
    assert_eq!(page, blog_core::list(&[], &[], &ListQuery::public(at(0))));
    assert_eq!(page.total, 0);
    assert_eq!(page.total_pages(), 1);
    assert!(!page.is_out_of_range());
    assert_eq!(store.categories().expect("categories"), []);
    assert_eq!(store.category_counts(at(0)).expect("counts"), []);
    assert_eq!(store.all_series().expect("series"), []);
    assert_eq!(store.article(&slug("a")).expect("article"), None);
    assert_eq!(store.category(&slug("a")).expect("category"), None);
    assert_eq!(store.series(&slug("a")).expect("series"), None);
    store.apply(&ChangeSet::new()).expect("nothing to apply");
    assert!(store.is_empty().expect("is_empty"), "still empty");
}

/// Adding any one thing makes a store non-empty; deleting it makes it empty
/// again, although a deleted article's slug is remembered for lookups.
pub fn not_empty_after_adding_anything<F: Fixture>(make: impl Fn() -> F) {
    let category_gone = || Change::DeleteCategory(slug("c"));
    let series_gone = || Change::DeleteSeries(slug("s"));
    let firsts = [
        (Change::AddCategory(category("c", "C")), category_gone()),
        (Change::EnsureCategory(category("c", "C")), category_gone()),
        (Change::PutCategory(category("c", "C")), category_gone()),
        (Change::PutSeries(series("s", "S")), series_gone()),
        (Change::EnsureSeries(series("s", "S")), series_gone()),
        (
            Change::PutArticle(article("a", at(0))),
            Change::DeleteArticle(slug("a")),
        ),
    ];
    for (first, undo) in firsts {
        let fixture = make();
        let store = fixture.store();
        assert!(store.is_empty().expect("is_empty"));
        apply(store, [first.clone()]);
        assert!(!store.is_empty().expect("is_empty"), "after {first:?}");
        apply(store, [undo]);
        assert!(
            store.is_empty().expect("is_empty"),
            "after undoing {first:?}"
        );
    }
}

/// Articles read a page at a time are what `article` gives for each slug,
/// in the order asked (twice if asked twice), leaving out unknown slugs.
pub fn articles_by_slug_agrees_with_article(store: &dyn Store) {
    let (changes, _) = corpus();
    apply(store, changes);
    let (b, a, missing) = (slug("post-07"), slug("post-31"), slug("no-such-article"));
    let asked = [&b, &missing, &a, &b];
    let expected: Vec<Article> = asked
        .iter()
        .filter_map(|s| store.article(s).expect("reads"))
        .collect();
    assert_eq!(expected.len(), 3, "the corpus has both posts");
    assert_eq!(store.articles_by_slug(&asked).expect("reads"), expected);
    assert_eq!(store.articles_by_slug(&[]).expect("reads"), []);
    assert_eq!(store.articles_by_slug(&[&missing]).expect("reads"), []);
}

/// An article with every field set reads back equal, by slug and in listings.
pub fn article_round_trip(store: &dyn Store) {
    apply(store, full_article_changes());
    let expected = full_article_stored();
    assert_eq!(
        store.article(&expected.slug).expect("reads"),
        Some(expected.clone())
    );
    let page = store
        .articles(&ListQuery {
            scope: Scope::All,
            ..ListQuery::public(at(0))
        })
        .expect("lists");
    assert_eq!(page.items, std::slice::from_ref(&expected));
    // Not found under a previous slug: that is a redirect, not the article.
    assert_eq!(store.article(&slug("old-name")).expect("reads"), None);
    // A minimal article reads back equal too: no summary, no series, nothing.
    let mut minimal = article("minimal", at(0));
    minimal.status = Status::Draft;
    minimal.summary = Some(String::new());
    apply(store, [Change::PutArticle(minimal.clone())]);
    assert_eq!(store.article(&minimal.slug).expect("reads"), Some(minimal));
    assert_eq!(
        store.article(&expected.slug).expect("reads"),
        Some(expected)
    );
}

/// Putting an article again replaces all of it, its categories, tags and
/// previous slugs included: nothing of the old version is appended to.
pub fn put_article_replaces(store: &dyn Store) {
    apply(store, full_article_changes());
    apply(store, [Change::AddCategory(category("web", "Web"))]);
    let mut second = article("every-field", at(50));
    second.categories = vec![slug("web"), slug("rust")];
    second.previous_slugs = vec![slug("first-name")];
    second.tags = vec![tag("Web")];
    apply(store, [Change::PutArticle(second.clone())]);
    assert_eq!(
        store.article(&second.slug).expect("reads"),
        Some(second.clone())
    );
    let all = ListQuery {
        scope: Scope::All,
        ..ListQuery::public(at(0))
    };
    assert_eq!(store.articles(&all).expect("lists").items, [second]);
    let counts: Vec<(String, u64)> = store
        .category_counts(at(100))
        .expect("counts")
        .into_iter()
        .map(|c| (c.category.slug.to_string(), c.articles))
        .collect();
    // By name: "Äpfel" sorts after every ASCII name.
    let expected = [("databases", 0), ("rust", 1), ("web", 1), ("an-apple", 0)];
    let expected: Vec<(String, u64)> = expected.iter().map(|&(s, n)| (s.to_owned(), n)).collect();
    assert_eq!(counts, expected);
}

/// An article's categories and series must exist, in the store or earlier
/// in the same change set.
pub fn article_references_must_exist(store: &dyn Store) {
    let mut in_missing = article("a", at(0));
    in_missing.categories = vec![slug("missing")];
    let mut in_missing_series = article("b", at(0));
    in_missing_series.series = Some(SeriesMembership {
        series: slug("nowhere"),
        part: None,
    });
    for (change, kind, missing) in [
        (in_missing, EntityKind::Category, "missing"),
        (in_missing_series, EntityKind::Series, "nowhere"),
    ] {
        let result = store.apply(&changes([Change::PutArticle(change)]));
        assert!(
            matches!(&result, Err(StoreError::NotFound { kind: k, slug }) if *k == kind && slug.as_str() == missing),
            "{result:?}"
        );
        assert!(store.is_empty().expect("is_empty"));
    }
    let mut ok = article("ok", at(0));
    ok.categories = vec![slug("later-added")];
    ok.series = Some(SeriesMembership {
        series: slug("s"),
        part: PartNumber::new(1),
    });
    apply(
        store,
        [
            Change::EnsureCategory(category("later-added", "Later")),
            Change::EnsureSeries(series("s", "S")),
            Change::PutArticle(ok.clone()),
        ],
    );
    assert_eq!(store.article(&ok.slug).expect("reads"), Some(ok));
}

/// Tags read back as written and in the order written, each slug once with
/// its first spelling, by slug and in listings; the tag filter matches by
/// slug, and putting the article again replaces its tags.
pub fn tags_round_trip(store: &dyn Store) {
    apply(store, full_article_changes());
    let stored = store
        .article(&slug("every-field"))
        .expect("reads")
        .expect("stored");
    let names: Vec<&str> = stored.tags.iter().map(Tag::name).collect();
    assert_eq!(names, ["Rust", "Café Crème", "日本語 🦀"]);
    let slugs: Vec<&str> = stored.tags.iter().map(|t| t.slug().as_str()).collect();
    assert_eq!(slugs, ["rust", "cafe-creme", "ri-ben-yu-crab"]);
    let mut other = article("other", at(0));
    other.tags = vec![tag("rust"), tag("Go")];
    apply(store, [Change::PutArticle(other.clone())]);
    let tagged = |t: &str| -> Vec<String> {
        let query = ListQuery {
            scope: Scope::All,
            tag: Some(slug(t)),
            ..ListQuery::public(at(0))
        };
        let page = store.articles(&query).expect("lists");
        for a in &page.items {
            // A listing reads the tags as a single read does.
            assert_eq!(store.article(&a.slug).expect("reads").as_ref(), Some(a));
        }
        page.items.iter().map(|a| a.slug.to_string()).collect()
    };
    assert_eq!(tagged("rust"), ["every-field", "other"]);
    assert_eq!(tagged("cafe-creme"), ["every-field"]);
    assert_eq!(tagged("go"), ["other"]);
    // Names are not slugs: "Café Crème" is found by its slug only.
    assert!(tagged("cafe").is_empty());
    let mut retagged = full_article_stored();
    retagged.tags = vec![tag("日本語 🦀"), tag("GO")];
    apply(store, [Change::PutArticle(retagged.clone())]);
    assert_eq!(
        store.article(&retagged.slug).expect("reads"),
        Some(retagged)
    );
    assert!(tagged("cafe-creme").is_empty());
    assert_eq!(tagged("rust"), ["other"]);
    assert_eq!(tagged("go"), ["every-field", "other"]);
    other.tags.clear();
    apply(store, [Change::PutArticle(other.clone())]);
    assert_eq!(store.article(&other.slug).expect("reads"), Some(other));
    assert_eq!(tagged("go"), ["every-field"]);
}

/// A category named twice in one article is stored once, first place kept.
pub fn duplicate_categories_stored_once(store: &dyn Store) {
    let mut a = article("a", at(0));
    a.categories = vec![slug("y"), slug("x"), slug("y"), slug("x"), slug("z")];
    apply(
        store,
        [
            Change::AddCategory(category("x", "X")),
            Change::AddCategory(category("y", "Y")),
            Change::AddCategory(category("z", "Z")),
            Change::PutArticle(a.clone()),
        ],
    );
    let stored = store.article(&a.slug).expect("reads").expect("stored");
    assert_eq!(stored.categories, [slug("y"), slug("x"), slug("z")]);
    let counts: Vec<u64> = store
        .category_counts(at(1))
        .expect("counts")
        .iter()
        .map(|c| c.articles)
        .collect();
    assert_eq!(counts, [1, 1, 1]);
    let query = ListQuery {
        category: Some(slug("y")),
        ..ListQuery::public(at(1))
    };
    assert_eq!(store.articles(&query).expect("lists").total, 1);
}
