//! Cases about categories: adding, ensuring, order, lookup, counts, parents.

use blog_core::{Article, Category, Change, EntityKind, Markdown, Status, Store, StoreError};

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
    let counts = |now| -> Vec<(String, u64)> {
        store
            .category_counts(now)
            .expect("counts")
            .into_iter()
            .map(|c| (c.category.slug.to_string(), c.articles))
            .collect()
    };
    let expect = |pairs: [(&str, u64); 3]| -> Vec<(String, u64)> {
        pairs.iter().map(|&(s, n)| (s.to_owned(), n)).collect()
    };
    assert_eq!(
        counts(at(-1)),
        expect([("empty", 0), ("rust", 0), ("web", 0)])
    );
    assert_eq!(
        counts(at(5)),
        expect([("empty", 0), ("rust", 3), ("web", 1)])
    );
    assert_eq!(
        counts(at(10)),
        expect([("empty", 0), ("rust", 2), ("web", 1)])
    );
    assert_eq!(
        counts(at(100)),
        expect([("empty", 0), ("rust", 3), ("web", 1)])
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
    let counts = |now| -> Vec<(String, u64)> {
        store
            .category_counts(now)
            .expect("counts")
            .into_iter()
            .map(|c| (c.category.slug.to_string(), c.articles))
            .collect()
    };
    let expect = |pairs: [(&str, u64); 5]| -> Vec<(String, u64)> {
        pairs.iter().map(|&(s, n)| (s.to_owned(), n)).collect()
    };
    assert_eq!(
        counts(at(10)),
        expect([
            ("async", 2),
            ("go", 2),
            ("lang", 5),
            ("rust", 3),
            ("web", 1)
        ])
    );
    assert_eq!(
        counts(at(100)),
        expect([
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
