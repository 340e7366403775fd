//! Cases about article slugs over time: lookup, renaming, deleting.

use blog_core::{Article, Change, Lookup, Store};

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
