//! Cases about categories: adding, ensuring, order, lookup, counts, parents.

use blog_core::{
    Article, Category, Change, EntityKind, ListQuery, Markdown, Status, Store, StoreError,
};

use super::data::*;

/// Adding a category whose slug is taken fails, and changes nothing.
pub fn add_category_conflicts(store: &dyn Store) {
    apply(store, [Change::AddCategory(category("rust", "Rust"))]);
    let before = contents(store);
    let result = store.apply(&changes([
        Change::AddCategory(category("web", "Web")),
        Change::AddCategory(category("rust", "Another Rust")),
    ]));
    assert!(
        matches!(
            &result,
            Err(StoreError::Conflict { kind: EntityKind::Category, slug }) if slug.as_str() == "rust"
        ),
        "{result:?}"
    );
    assert_eq!(contents(store), before);
    assert_eq!(
        store.category(&slug("rust")).expect("reads"),
        Some(category("rust", "Rust"))
    );
}

/// Ensuring an existing category keeps it as it is; a new one is added.
pub fn ensure_category_keeps_existing(store: &dyn Store) {
    apply(store, [Change::AddCategory(category("rust", "Rust"))]);
    let mut other = category("rust", "Changed");
    other.description = Markdown::new("Changed.");
    apply(
        store,
        [
            Change::EnsureCategory(other),
            Change::EnsureCategory(category("web", "Web")),
        ],
    );
    assert_eq!(
        store.categories().expect("lists"),
        [category("rust", "Rust"), category("web", "Web")]
    );
}

/// Categories are ordered by name, then slug, in byte order.
pub fn categories_ordered_by_name_then_slug(store: &dyn Store) {
    let wanted = [
        category("zeta", "Alpha"),
        category("alpha", "Beta"),
        category("b", "Same"),
        category("c", "Same"),
        category("lower", "alpha"),
        category("accent", "Älpha"),
    ];
    // Added in reverse, so insertion order cannot pass for the order.
    apply(store, wanted.iter().rev().cloned().map(Change::AddCategory));
    assert_eq!(store.categories().expect("lists"), wanted);
    let counted: Vec<Category> = store
        .category_counts(at(0))
        .expect("counts")
        .into_iter()
        .map(|c| c.category)
        .collect();
    assert_eq!(counted, wanted);
}

/// A category is found by its slug, with every field; others are not.
pub fn category_lookup(store: &dyn Store) {
    let parent = category("programming", "Programming");
    let mut child = category("rust", "Rust — the language");
    child.parent = Some(parent.slug.clone());
    child.description = Markdown::new("All about *Rust*.\n\nSecond paragraph.");
    apply(
        store,
        [
            Change::AddCategory(parent.clone()),
            Change::AddCategory(child.clone()),
        ],
    );
    assert_eq!(store.category(&slug("rust")).expect("reads"), Some(child));
    assert_eq!(
        store.category(&slug("programming")).expect("reads"),
        Some(parent)
    );
    assert_eq!(store.category(&slug("go")).expect("reads"), None);
}

/// Counts include only articles public at the given time, and every
/// category, those with no article too.
pub fn category_counts_count_public_articles(store: &dyn Store) {
    let in_rust = |mut a: Article| {
        a.categories = vec![slug("rust")];
        a
    };
    let mut draft = in_rust(article("draft", at(0)));
    draft.status = Status::Draft;
    let mut expired = in_rust(article("expired", at(0)));
    expired.expires_at = Some(at(10));
    let mut both = in_rust(article("both", at(0)));
    both.categories.push(slug("web"));
    apply(
        store,
        [
            Change::AddCategory(category("rust", "Rust")),
            Change::AddCategory(category("web", "Web")),
            Change::AddCategory(category("empty", "Empty")),
            Change::PutArticle(in_rust(article("public", at(0)))),
            Change::PutArticle(in_rust(article("scheduled", at(100)))),
            Change::PutArticle(draft),
            Change::PutArticle(expired),
            Change::PutArticle(both),
            Change::PutArticle(article("uncategorised", at(0))),
        ],
    );
    assert_eq!(
        counts(store, at(-1)),
        expect(&[("empty", 0), ("rust", 0), ("web", 0)])
    );
    assert_eq!(
        counts(store, at(5)),
        expect(&[("empty", 0), ("rust", 3), ("web", 1)])
    );
    assert_eq!(
        counts(store, at(10)),
        expect(&[("empty", 0), ("rust", 2), ("web", 1)])
    );
    assert_eq!(
        counts(store, at(100)),
        expect(&[("empty", 0), ("rust", 3), ("web", 1)])
    );
}

/// A category counts its own public articles and those of the categories
/// below it, each article once, as [`blog_core::category_counts`] does.
pub fn category_counts_cover_the_tree(store: &dyn Store) {
    let in_ = |s: &str, categories: &[&str]| {
        let mut a = article(s, at(0));
        a.categories = categories.iter().map(|c| slug(c)).collect();
        a
    };
    let mut draft = in_("draft", &["async"]);
    draft.status = Status::Draft;
    let mut later = in_("later", &["async"]);
    later.published_at = at(100);
    let articles = [
        in_("tokio", &["async"]),
        in_("both", &["rust", "async"]),
        in_("gopher", &["go"]),
        in_("polyglot", &["go", "rust"]),
        in_("web-only", &["web"]),
        in_("top", &["lang"]),
        in_("uncategorised", &[]),
        draft,
        later,
    ];
    let mut setup = vec![
        Change::AddCategory(category("lang", "Languages")),
        Change::AddCategory(child_category("rust", "Rust", "lang")),
        Change::AddCategory(child_category("async", "Async", "rust")),
        Change::AddCategory(child_category("go", "Go", "lang")),
        Change::AddCategory(category("web", "Web")),
    ];
    setup.extend(articles.iter().cloned().map(Change::PutArticle));
    apply(store, setup);
    assert_eq!(
        counts(store, at(10)),
        expect(&[
            ("async", 2),
            ("go", 2),
            ("lang", 5),
            ("rust", 3),
            ("web", 1)
        ])
    );
    assert_eq!(
        counts(store, at(100)),
        expect(&[
            ("async", 3),
            ("go", 2),
            ("lang", 6),
            ("rust", 4),
            ("web", 1)
        ])
    );
    let categories = store.categories().expect("lists");
    for now in [at(-1), at(10), at(100)] {
        assert_eq!(
            store.category_counts(now).expect("counts"),
            blog_core::category_counts(&articles, &categories, now),
            "at {now}"
        );
    }
}

/// The counts of the listing corpus, a deeper tree, agree with
/// [`blog_core::category_counts`] at every time the listings are checked.
pub fn category_counts_agree_with_reference(store: &dyn Store) {
    let (setup, corpus) = corpus();
    apply(store, setup);
    let categories = store.categories().expect("lists");
    let mut seen = 0;
    for now in corpus.iter().map(|a| a.published_at).chain([at(-1)]) {
        let counts = store.category_counts(now).expect("counts");
        assert_eq!(
            counts,
            blog_core::category_counts(&corpus, &categories, now),
            "at {now}"
        );
        seen = seen.max(counts.iter().map(|c| c.articles).max().unwrap_or(0));
    }
    // The check is not vacuous: "rust" counts articles of its subtree.
    assert!(seen >= 10, "{seen}");
}

/// A category's parent must exist, in the store or earlier in the set.
pub fn category_parent_must_exist(store: &dyn Store) {
    let mut orphan = category("child", "Child");
    orphan.parent = Some(slug("missing"));
    for change in [
        Change::AddCategory(orphan.clone()),
        Change::EnsureCategory(orphan),
    ] {
        let result = store.apply(&changes([change]));
        assert!(
            matches!(
                &result,
                Err(StoreError::NotFound { kind: EntityKind::Category, slug }) if slug.as_str() == "missing"
            ),
            "{result:?}"
        );
        assert!(store.is_empty().expect("is_empty"));
    }
    let mut own = category("selfish", "Selfish");
    own.parent = Some(own.slug.clone());
    assert!(store.apply(&changes([Change::AddCategory(own)])).is_err());
    let mut child = category("child", "Child");
    child.parent = Some(slug("parent"));
    apply(
        store,
        [
            Change::AddCategory(category("parent", "Parent")),
            Change::AddCategory(child.clone()),
        ],
    );
    assert_eq!(store.category(&slug("child")).expect("reads"), Some(child));
}

/// The error of nesting category `s` in `parent`, worded as every backend
/// words it.
fn cycle_error(s: &str, parent: &str) -> String {
    format!(
        "parent is invalid: category '{s}' cannot be nested in '{parent}', \
         which is itself or below it"
    )
}

/// `PutCategory` adds a category or replaces one (name, description and
/// parent), and refuses a missing parent or one at or below the category.
pub fn put_category_updates_and_refuses_cycles(store: &dyn Store) {
    apply(
        store,
        [
            Change::AddCategory(category("lang", "Languages")),
            Change::AddCategory(child_category("rust", "Rust", "lang")),
            Change::AddCategory(child_category("async", "Async", "rust")),
            Change::AddCategory(category("web", "Web")),
        ],
    );
    let go = child_category("go", "Go", "lang");
    apply(store, [Change::PutCategory(go.clone())]);
    assert_eq!(store.category(&slug("go")).expect("reads"), Some(go));
    let mut renamed = child_category("rust", "Rust, renamed", "web");
    renamed.description = Markdown::new("Now about the web.");
    let mut in_async = article("in-async", at(0));
    in_async.categories = vec![slug("async")];
    apply(
        store,
        [
            Change::PutCategory(renamed.clone()),
            Change::PutArticle(in_async),
        ],
    );
    assert_eq!(store.category(&slug("rust")).expect("reads"), Some(renamed));
    // The categories below it moved with it.
    assert_eq!(
        store.category(&slug("async")).expect("reads"),
        Some(child_category("async", "Async", "rust"))
    );
    let counted = |c: &str| {
        let counts = store.category_counts(at(1)).expect("counts");
        counts
            .iter()
            .find(|n| n.category.slug.as_str() == c)
            .map(|n| n.articles)
    };
    assert_eq!((counted("web"), counted("lang")), (Some(1), Some(0)));
    // Back to the top level.
    apply(store, [Change::PutCategory(category("rust", "Rust"))]);
    assert_eq!(
        store.category(&slug("rust")).expect("reads"),
        Some(category("rust", "Rust"))
    );
    apply(
        store,
        [Change::PutCategory(child_category("rust", "Rust", "lang"))],
    );
    let before = contents(store);
    for (s, parent) in [
        ("rust", "rust"),
        ("rust", "async"),
        ("lang", "async"),
        ("lang", "rust"),
        ("new", "new"),
    ] {
        let result = store.apply(&changes([
            Change::PutCategory(category("other", "Other")),
            Change::PutCategory(child_category(s, "Renamed", parent)),
        ]));
        match &result {
            Err(
                e @ StoreError::Invalid {
                    field: "parent", ..
                },
            ) => {
                assert_eq!(e.to_string(), cycle_error(s, parent));
            }
            other => panic!("{s} in {parent}: {other:?}"),
        }
        assert_eq!(contents(store), before);
    }
    for s in ["rust", "brand-new"] {
        let result = store.apply(&changes([Change::PutCategory(child_category(
            s, "Lost", "missing",
        ))]));
        assert!(
            matches!(
                &result,
                Err(StoreError::NotFound { kind: EntityKind::Category, slug }) if slug.as_str() == "missing"
            ),
            "{result:?}"
        );
        assert_eq!(contents(store), before);
    }
    // Sideways and up are fine; a parent put earlier in the set counts.
    apply(
        store,
        [
            Change::PutCategory(child_category("async", "Async", "lang")),
            Change::PutCategory(category("tools", "Tools")),
            Change::PutCategory(child_category("web", "Web", "tools")),
        ],
    );
    assert_eq!(
        store.category(&slug("async")).expect("reads"),
        Some(child_category("async", "Async", "lang"))
    );
    assert_eq!(
        store.category(&slug("web")).expect("reads"),
        Some(child_category("web", "Web", "tools"))
    );
}

/// `DeleteCategory` removes a category: its articles leave it, keeping
/// their other categories in order, and the categories below it move up to
/// its parent. A missing category is `NotFound`.
pub fn delete_category_moves_children_up(store: &dyn Store) {
    let in_ = |s: &str, categories: &[&str]| {
        let mut a = article(s, at(0));
        a.categories = categories.iter().map(|c| slug(c)).collect();
        a
    };
    let many = in_("many", &["web", "rust", "async"]);
    let only_rust = in_("only-rust", &["rust"]);
    let only_async = in_("only-async", &["async"]);
    apply(
        store,
        [
            Change::AddCategory(category("lang", "Languages")),
            Change::AddCategory(child_category("rust", "Rust", "lang")),
            Change::AddCategory(child_category("async", "Async", "rust")),
            Change::AddCategory(child_category("tokio", "Tokio", "rust")),
            Change::AddCategory(category("web", "Web")),
            Change::PutArticle(many.clone()),
            Change::PutArticle(only_rust.clone()),
            Change::PutArticle(only_async.clone()),
        ],
    );
    apply(store, [Change::DeleteCategory(slug("rust"))]);
    assert_eq!(store.category(&slug("rust")).expect("reads"), None);
    assert_eq!(
        store.categories().expect("lists"),
        [
            child_category("async", "Async", "lang"),
            category("lang", "Languages"),
            child_category("tokio", "Tokio", "lang"),
            category("web", "Web"),
        ]
    );
    let categories_of = |s: &str| {
        store
            .article(&slug(s))
            .expect("reads")
            .expect("still there")
            .categories
    };
    assert_eq!(categories_of("many"), [slug("web"), slug("async")]);
    assert_eq!(categories_of("only-rust"), []);
    assert_eq!(categories_of("only-async"), [slug("async")]);
    // "lang" still lists what it listed through "rust", except what was
    // only in "rust".
    let in_lang = ListQuery {
        category: Some(slug("lang")),
        ..ListQuery::public(at(1))
    };
    assert_eq!(store.articles(&in_lang).expect("lists").total, 2);
    // A top-level category's children become top-level.
    apply(store, [Change::DeleteCategory(slug("lang"))]);
    assert_eq!(
        store.category(&slug("async")).expect("reads"),
        Some(category("async", "Async"))
    );
    // A new category with an old slug starts empty.
    apply(store, [Change::AddCategory(category("rust", "Rust"))]);
    let counts = store.category_counts(at(1)).expect("counts");
    let rust = counts.iter().find(|c| c.category.slug.as_str() == "rust");
    assert_eq!(rust.map(|c| c.articles), Some(0));
    let before = contents(store);
    for missing in ["lang", "never"] {
        let result = store.apply(&changes([Change::DeleteCategory(slug(missing))]));
        assert!(
            matches!(
                &result,
                Err(StoreError::NotFound { kind: EntityKind::Category, slug }) if slug.as_str() == missing
            ),
            "{result:?}"
        );
        assert_eq!(contents(store), before);
    }
}

/// Each category's slug and count at `now`, in the store's order.
fn counts(store: &dyn Store, now: chrono::DateTime<chrono::Utc>) -> Vec<(String, u64)> {
    store
        .category_counts(now)
        .expect("counts")
        .into_iter()
        .map(|c| (c.category.slug.to_string(), c.articles))
        .collect()
}

/// `pairs` as [`counts`] returns them.
fn expect(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|&(s, n)| (s.to_owned(), n)).collect()
}
