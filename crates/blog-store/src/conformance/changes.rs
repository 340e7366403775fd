//! Cases about change sets as a whole: atomic, and seen whole by readers.

use std::sync::atomic::{AtomicBool, Ordering};

use blog_core::{
    Change, EntityKind, ListQuery, Lookup, PartNumber, PerPage, SeriesMembership, Store, StoreError,
};

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

/// What every slug of [`failed_change_sets_change_nothing`] leads to.
fn lookups(store: &dyn Store) -> Vec<(&'static str, Lookup)> {
    [
        "a", "a-old", "b", "b-old", "gone", "gone-old", "renamed", "other", "never",
    ]
    .into_iter()
    .map(|s| (s, store.lookup(&slug(s)).expect("looks up")))
    .collect()
}

/// A change set whose last change fails leaves everything as it was, the
/// effects of the changes before it included: contents, and what every
/// slug leads to.
pub fn failed_change_sets_change_nothing(store: &dyn Store) {
    let mut a = article("a", at(0));
    a.categories = vec![slug("rust")];
    a.tags = vec![tag("Rust")];
    a.previous_slugs = vec![slug("a-old")];
    a.series = Some(SeriesMembership {
        series: slug("s"),
        part: PartNumber::new(1),
    });
    let mut b = article("b", at(1));
    b.previous_slugs = vec![slug("b-old")];
    let mut gone = article("gone", at(2));
    gone.previous_slugs = vec![slug("gone-old")];
    apply(
        store,
        [
            Change::AddCategory(category("lang", "Languages")),
            Change::AddCategory(child_category("rust", "Rust", "lang")),
            Change::AddCategory(category("web", "Web")),
            Change::PutSeries(series("s", "S")),
            Change::PutArticle(a),
            Change::PutArticle(b),
            Change::PutArticle(gone),
            Change::DeleteArticle(slug("gone")),
        ],
    );
    let before = (contents(store), lookups(store));
    assert_eq!(before.1[0].0, "a");
    assert!(matches!(before.1[0].1, Lookup::Found(_)));
    assert_eq!(before.1[5], ("gone-old", Lookup::Gone));
    let everything_then = |last: Change| {
        vec![
            Change::PutCategory(category("new", "New")),
            Change::PutCategory(child_category("rust", "Rust", "web")),
            Change::DeleteCategory(slug("lang")),
            Change::DeleteSeries(slug("s")),
            Change::RenameArticle {
                from: slug("a"),
                to: slug("renamed"),
            },
            Change::DeleteArticle(slug("b")),
            Change::PutArticle(article("other", at(3))),
            last,
        ]
    };
    let failing = [
        (
            everything_then(Change::RenameArticle {
                from: slug("renamed"),
                to: slug("other"),
            }),
            "article 'other' already exists",
        ),
        (
            everything_then(Change::DeleteCategory(slug("lang"))),
            "category 'lang' does not exist",
        ),
        (
            everything_then(Change::DeleteSeries(slug("s"))),
            "series 's' does not exist",
        ),
        (
            everything_then(Change::DeleteArticle(slug("b"))),
            "article 'b' does not exist",
        ),
        (
            // Renamed earlier in the set: the old slug is no article now.
            everything_then(Change::RenameArticle {
                from: slug("a"),
                to: slug("again"),
            }),
            "article 'a' does not exist",
        ),
        (
            everything_then(Change::PutCategory(child_category("web", "Web", "rust"))),
            "parent is invalid: category 'web' cannot be nested in 'rust', \
             which is itself or below it",
        ),
    ];
    for (set, message) in failing {
        let result = store.apply(&changes(set));
        assert_eq!(
            result.as_ref().map_err(ToString::to_string),
            Err(message.to_owned())
        );
        assert_eq!((contents(store), lookups(store)), before, "after {message}");
    }
    // The same changes without the failing one do apply.
    let mut set = everything_then(Change::DeleteArticle(slug("other")));
    set.pop();
    apply(store, set);
    assert_eq!(
        store.lookup(&slug("a")).expect("looks up"),
        Lookup::Moved(slug("renamed"))
    );
    assert_eq!(store.lookup(&slug("b")).expect("looks up"), Lookup::Gone);
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
