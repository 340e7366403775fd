//! Cases about series: adding, replacing, order.

use blog_core::{
    Change, EntityKind, ListQuery, Markdown, PartNumber, SeriesMembership, Store, StoreError,
};

use super::data::*;

/// `PutSeries` adds or replaces; `EnsureSeries` only adds.
pub fn series_ensure_and_put(store: &dyn Store) {
    let first = series("engine", "Building an engine");
    apply(store, [Change::EnsureSeries(first.clone())]);
    assert_eq!(
        store.series(&first.slug).expect("reads"),
        Some(first.clone())
    );
    apply(store, [Change::EnsureSeries(series("engine", "Ignored"))]);
    assert_eq!(store.series(&first.slug).expect("reads"), Some(first));
    let mut replaced = series("engine", "Building an engine, again");
    replaced.description = Markdown::new("Ünïcödé description.");
    apply(store, [Change::PutSeries(replaced.clone())]);
    assert_eq!(
        store.series(&replaced.slug).expect("reads"),
        Some(replaced.clone())
    );
    assert_eq!(store.series(&slug("other")).expect("reads"), None);
    assert_eq!(store.all_series().expect("lists"), [replaced]);
}

/// Series are ordered by title, then slug, in byte order.
pub fn all_series_ordered_by_title_then_slug(store: &dyn Store) {
    let wanted = [
        series("z", "A"),
        series("b", "Same"),
        series("c", "Same"),
        series("a", "a"),
        series("e", "Émile"),
    ];
    apply(store, wanted.iter().rev().cloned().map(Change::PutSeries));
    assert_eq!(store.all_series().expect("lists"), wanted);
}

/// `DeleteSeries` removes a series; its articles stay, in no series and with
/// no part number. A missing series is `NotFound`.
pub fn delete_series_frees_its_articles(store: &dyn Store) {
    let part_of = |s: &str, series: &str, part: Option<u32>| {
        let mut a = article(s, at(0));
        a.series = Some(SeriesMembership {
            series: slug(series),
            part: part.and_then(PartNumber::new),
        });
        a
    };
    let numbered = part_of("numbered", "doomed", Some(2));
    let unnumbered = part_of("unnumbered", "doomed", None);
    let elsewhere = part_of("elsewhere", "kept", Some(1));
    apply(
        store,
        [
            Change::PutSeries(series("doomed", "Doomed")),
            Change::PutSeries(series("kept", "Kept")),
            Change::PutArticle(numbered.clone()),
            Change::PutArticle(unnumbered.clone()),
            Change::PutArticle(elsewhere.clone()),
        ],
    );
    apply(store, [Change::DeleteSeries(slug("doomed"))]);
    assert_eq!(store.series(&slug("doomed")).expect("reads"), None);
    assert_eq!(store.all_series().expect("lists"), [series("kept", "Kept")]);
    for mut a in [numbered, unnumbered] {
        a.series = None;
        assert_eq!(store.article(&a.slug).expect("reads"), Some(a));
    }
    assert_eq!(
        store.article(&elsewhere.slug).expect("reads"),
        Some(elsewhere)
    );
    // A new series with the old slug starts empty.
    apply(store, [Change::PutSeries(series("doomed", "Reborn"))]);
    let in_doomed = ListQuery {
        series: Some(slug("doomed")),
        ..ListQuery::public(at(1))
    };
    assert_eq!(store.articles(&in_doomed).expect("lists").total, 0);
    apply(store, [Change::DeleteSeries(slug("doomed"))]);
    let before = contents(store);
    for missing in ["doomed", "never"] {
        let result = store.apply(&changes([Change::DeleteSeries(slug(missing))]));
        assert!(
            matches!(
                &result,
                Err(StoreError::NotFound { kind: EntityKind::Series, slug }) if slug.as_str() == missing
            ),
            "{result:?}"
        );
        assert_eq!(contents(store), before);
    }
}
