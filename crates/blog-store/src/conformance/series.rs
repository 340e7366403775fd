//! Cases about series: adding, replacing, order.

use blog_core::{Change, Markdown, Store};

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
