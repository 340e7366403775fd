//! Cases about article slugs over time: lookup, renaming, deleting.

use blog_core::{Article, Change, EntityKind, ListQuery, Lookup, Scope, Store, StoreError};

use super::data::*;

fn found(article: &Article) -> Lookup {
    Lookup::Found(Box::new(article.clone()))
}

fn moved(to: &str) -> Lookup {
    Lookup::Moved(slug(to))
}

fn lookup(store: &dyn Store, s: &str) -> Lookup {
    store.lookup(&slug(s)).expect("looks up")
}

/// A slug leads to the article that has it; else to the one that had it,
/// the most recently updated first, then the smallest slug; else nowhere.
pub fn lookup_follows_previous_slugs(store: &dyn Store) {
    let with = |s: &str, previous: &[&str], updated: i64| {
        let mut a = article(s, at(0));
        a.previous_slugs = previous.iter().map(|p| slug(p)).collect();
        a.updated_at = at(updated);
        a
    };
    let mut first = with("first", &["shared", "only-first"], 10);
    let second = with("second", &["shared", "first", "only-first-too"], 20);
    let tie_z = with("z-tie", &["tied"], 5);
    let tie_b = with("b-tie", &["tied"], 5);
    let tie_m = with("m-tie", &["tied"], 5);
    apply(
        store,
        [&first, &second, &tie_z, &tie_b, &tie_m].map(|a| Change::PutArticle(a.clone())),
    );
    // A slug some article has now is that article, whoever had it before.
    assert_eq!(lookup(store, "first"), found(&first));
    assert_eq!(lookup(store, "only-first"), moved("first"));
    assert_eq!(lookup(store, "only-first-too"), moved("second"));
    assert_eq!(lookup(store, "shared"), moved("second"));
    assert_eq!(lookup(store, "tied"), moved("b-tie"));
    assert_eq!(lookup(store, "never-used"), Lookup::Unknown);
    // The order follows updates, not the order articles were stored in.
    first.updated_at = at(20) + chrono::Duration::nanoseconds(1);
    apply(store, [Change::PutArticle(first.clone())]);
    assert_eq!(lookup(store, "shared"), moved("first"));
    assert_eq!(lookup(store, "first"), found(&first));
}

/// `article` renamed to `to`, with the history `previous`.
fn renamed(article: &Article, to: &str, previous: &[&str]) -> Article {
    Article {
        slug: slug(to),
        previous_slugs: previous.iter().map(|p| slug(p)).collect(),
        ..article.clone()
    }
}

fn rename(from: &str, to: &str) -> Change {
    Change::RenameArticle {
        from: slug(from),
        to: slug(to),
    }
}

/// `RenameArticle` moves an article to a new slug, everything else kept,
/// and its old slug to the end of its previous slugs, so that it redirects.
/// Renaming back takes the slug out of the history; renaming to a slug in
/// use is a `Conflict`, from a missing one `NotFound`, to itself nothing.
pub fn rename_article_redirects(store: &dyn Store) {
    let mut original = article("first-title", at(0));
    original.previous_slugs = vec![slug("ancient")];
    original.tags = vec![tag("Rust")];
    original.categories = vec![slug("c")];
    apply(
        store,
        [
            Change::AddCategory(category("c", "C")),
            Change::PutArticle(original.clone()),
            Change::PutArticle(article("taken", at(1))),
        ],
    );
    apply(store, [rename("first-title", "second-title")]);
    let second = renamed(&original, "second-title", &["ancient", "first-title"]);
    assert_eq!(store.article(&slug("first-title")).expect("reads"), None);
    assert_eq!(
        store.article(&slug("second-title")).expect("reads"),
        Some(second.clone())
    );
    assert_eq!(lookup(store, "second-title"), found(&second));
    assert_eq!(lookup(store, "first-title"), moved("second-title"));
    assert_eq!(lookup(store, "ancient"), moved("second-title"));
    let all = ListQuery {
        scope: Scope::All,
        ..ListQuery::public(at(0))
    };
    let slugs = || -> Vec<String> {
        let page = store.articles(&all).expect("lists");
        page.items.iter().map(|a| a.slug.to_string()).collect()
    };
    assert_eq!(slugs(), ["taken", "second-title"]);
    // Back again: the slug in use leaves the history.
    apply(store, [rename("second-title", "first-title")]);
    let back = renamed(&original, "first-title", &["ancient", "second-title"]);
    assert_eq!(lookup(store, "first-title"), found(&back));
    assert_eq!(lookup(store, "second-title"), moved("first-title"));
    // To a slug of its own history: it moves to the end as the slug left.
    apply(store, [rename("first-title", "ancient")]);
    let oldest = renamed(&original, "ancient", &["second-title", "first-title"]);
    assert_eq!(lookup(store, "ancient"), found(&oldest));
    let before = contents(store);
    // To itself: nothing changes.
    apply(store, [rename("ancient", "ancient")]);
    assert_eq!(contents(store), before);
    let refusals = [
        (rename("ancient", "taken"), "taken", true),
        (rename("missing", "free"), "missing", false),
        (rename("missing", "missing"), "missing", false),
        (rename("first-title", "free"), "first-title", false),
    ];
    for (change, named, conflict) in refusals {
        let result = store.apply(&changes([change.clone()]));
        let ok = match &result {
            Err(StoreError::Conflict {
                kind: EntityKind::Article,
                slug,
            }) => conflict && slug.as_str() == named,
            Err(StoreError::NotFound {
                kind: EntityKind::Article,
                slug,
            }) => !conflict && slug.as_str() == named,
            _ => false,
        };
        assert!(ok, "{change:?}: {result:?}");
        assert_eq!(contents(store), before);
    }
}

/// `DeleteArticle` removes an article and remembers its slug and previous
/// slugs as gone, unless another article had the slug before; slugs never
/// used stay unknown. A deleted article leaves the store as empty as before
/// it was added. A missing article is `NotFound`.
pub fn delete_article_remembers_its_slugs(store: &dyn Store) {
    let mut doomed = article("doomed", at(0));
    doomed.previous_slugs = vec![slug("doomed-draft"), slug("shared")];
    doomed.tags = vec![tag("Gone Soon")];
    let mut survivor = article("survivor", at(1));
    survivor.previous_slugs = vec![slug("shared")];
    apply(
        store,
        [
            Change::PutArticle(doomed.clone()),
            Change::PutArticle(survivor.clone()),
        ],
    );
    apply(store, [Change::DeleteArticle(slug("doomed"))]);
    assert_eq!(store.article(&slug("doomed")).expect("reads"), None);
    assert_eq!(lookup(store, "doomed"), Lookup::Gone);
    assert_eq!(lookup(store, "doomed-draft"), Lookup::Gone);
    // Another article had it before: a redirect beats "gone".
    assert_eq!(lookup(store, "shared"), moved("survivor"));
    assert_eq!(lookup(store, "never-used"), Lookup::Unknown);
    let tagged = ListQuery {
        scope: Scope::All,
        tag: Some(slug("gone-soon")),
        ..ListQuery::public(at(0))
    };
    assert_eq!(store.articles(&tagged).expect("lists").total, 0);
    let result = store.apply(&changes([Change::DeleteArticle(slug("doomed"))]));
    assert!(
        matches!(
            &result,
            Err(StoreError::NotFound { kind: EntityKind::Article, slug }) if slug.as_str() == "doomed"
        ),
        "{result:?}"
    );
    // A renamed article, deleted, takes its history with it.
    apply(
        store,
        [
            rename("survivor", "renamed"),
            Change::DeleteArticle(slug("renamed")),
        ],
    );
    for s in ["renamed", "survivor", "shared", "doomed"] {
        assert_eq!(lookup(store, s), Lookup::Gone, "{s}");
    }
    // Remembered slugs are not content.
    assert!(store.is_empty().expect("is_empty"));
    // A deleted slug can be used again.
    apply(store, [Change::PutArticle(doomed.clone())]);
    assert_eq!(lookup(store, "doomed"), found(&doomed));
    assert_eq!(lookup(store, "survivor"), Lookup::Gone);
}

/// `old_slugs` lists every slug that no article has now but that an
/// article URL answers for, ordered by slug, each with what `lookup` says
/// of it: previous slugs (the redirect rule's article), deleted articles'
/// slugs, and nothing else.
pub fn old_slugs_are_what_lookup_says(store: &dyn Store) {
    let check = |expected: &[(&str, Lookup)]| {
        let listed = store.old_slugs().expect("lists old slugs");
        let expected: Vec<_> = expected
            .iter()
            .map(|(s, to)| (slug(s), to.clone()))
            .collect();
        assert_eq!(listed, expected);
        for (old, to) in &listed {
            assert_eq!(&store.lookup(old).expect("looks up"), to, "{old}");
        }
    };
    check(&[]);
    let with = |s: &str, previous: &[&str], updated: i64| {
        let mut a = article(s, at(0));
        a.previous_slugs = previous.iter().map(|p| slug(p)).collect();
        a.updated_at = at(updated);
        a
    };
    apply(
        store,
        [
            // "shared" leads to the most recently updated of two.
            Change::PutArticle(with("one", &["shared", "zeta"], 10)),
            Change::PutArticle(with("two", &["shared", "alpha"], 20)),
            // A previous slug that another article has now is that article.
            Change::PutArticle(with("three", &["one"], 5)),
            // A draft's history counts too: lookup says where it went.
            Change::PutArticle(Article {
                status: blog_core::Status::Draft,
                ..with("hidden", &["hidden-before"], 1)
            }),
            Change::PutArticle(with("doomed", &["doomed-before", "zeta"], 1)),
        ],
    );
    check(&[
        ("alpha", moved("two")),
        ("doomed-before", moved("doomed")),
        ("hidden-before", moved("hidden")),
        ("shared", moved("two")),
        ("zeta", moved("one")),
    ]);
    apply(
        store,
        [
            Change::DeleteArticle(slug("doomed")),
            rename("three", "four"),
            Change::DeleteArticle(slug("two")),
        ],
    );
    check(&[
        ("alpha", Lookup::Gone),
        ("doomed", Lookup::Gone),
        ("doomed-before", Lookup::Gone),
        ("hidden-before", moved("hidden")),
        // Deleted with "two", but "one" had it too: a redirect beats gone.
        ("shared", moved("one")),
        ("three", moved("four")),
        ("two", Lookup::Gone),
        ("zeta", moved("one")),
    ]);
    // A slug in use again is no old slug, whatever it was.
    apply(
        store,
        [
            Change::PutArticle(article("doomed", at(2))),
            Change::PutArticle(article("three", at(3))),
        ],
    );
    check(&[
        ("alpha", Lookup::Gone),
        ("doomed-before", Lookup::Gone),
        ("hidden-before", moved("hidden")),
        ("shared", moved("one")),
        ("two", Lookup::Gone),
        ("zeta", moved("one")),
    ]);
}
