//! Cases about change sets as a whole: atomic, and seen whole by readers.

use std::sync::atomic::{AtomicBool, Ordering};

use blog_core::{Change, EntityKind, ListQuery, PerPage, Store, StoreError};

use super::data::*;

/// A change set that fails on its last change stores nothing at all.
pub fn apply_is_atomic(store: &dyn Store) {
    apply(store, [Change::AddCategory(category("kept", "Kept"))]);
    let before = contents(store);
    let mut last = article("last", at(0));
    last.categories = vec![slug("kept"), slug("missing")];
    let mut replaced = article("first", at(5));
    replaced.categories = vec![slug("kept")];
    let result = store.apply(&changes([
        Change::AddCategory(category("new", "New")),
        Change::PutSeries(series("new-series", "New")),
        Change::PutArticle(article("first", at(1))),
        Change::PutArticle(replaced),
        Change::PutArticle(last),
    ]));
    assert!(
        matches!(
            &result,
            Err(StoreError::NotFound { kind: EntityKind::Category, slug }) if slug.as_str() == "missing"
        ),
        "{result:?}"
    );
    assert_eq!(contents(store), before);
    assert_eq!(store.article(&slug("first")).expect("reads"), None);
    assert_eq!(store.category(&slug("new")).expect("reads"), None);
    assert_eq!(store.series(&slug("new-series")).expect("reads"), None);
    // The store still works after the failure.
    apply(store, [Change::PutArticle(article("first", at(1)))]);
    assert!(store.article(&slug("first")).expect("reads").is_some());
}

/// Readers running while change sets are applied see each set whole or not
/// at all: each set adds two articles, so every count read is even.
pub fn readers_see_whole_change_sets(store: &dyn Store) {
    const SETS: u64 = 15;
    apply(store, [Change::AddCategory(category("c", "C"))]);
    let query = ListQuery {
        category: Some(slug("c")),
        per_page: PerPage::new(PerPage::MAX).expect("in range"),
        ..ListQuery::public(at(0))
    };
    let writing = AtomicBool::new(true);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // Stops the readers even if a write fails and panics.
            let _stop = StopOnDrop(&writing);
            for i in 0..SETS {
                let pair = [format!("a{i}"), format!("b{i}")].map(|s| {
                    let mut a = article(&s, at(0));
                    a.categories = vec![slug("c")];
                    Change::PutArticle(a)
                });
                apply(store, pair);
            }
        });
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let last_round = !writing.load(Ordering::SeqCst);
                    let page = store.articles(&query).expect("lists");
                    assert_eq!(page.total % 2, 0, "half a change set seen");
                    assert_eq!(page.items.len() as u64, page.total);
                    let counts = store.category_counts(at(0)).expect("counts");
                    assert_eq!(counts[0].articles % 2, 0, "half a change set counted");
                    if last_round {
                        break;
                    }
                }
            });
        }
    });
    assert_eq!(store.articles(&query).expect("lists").total, 2 * SETS);
}

/// Clears a flag when dropped, panicking or not.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}
