//! Cases whose expectations depend on the backend's [`Capabilities`].

use blog_core::{Article, Change, ListQuery, Scope, Store, StoreError, Value, Visibility};

use super::data::*;
use super::{Capabilities, FloatRange, TimeRange};

/// Times at the edges: those every backend keeps read back exactly, list in
/// order and tell when visibility next changes, whatever "now" is; others
/// are kept or refused as declared.
pub fn times_at_the_edges(store: &dyn Store, capabilities: Capabilities) {
    let kept = [
        ("earliest", utc(1677, 9, 21, 0, 12, 43, 145_224_193)),
        ("latest", utc(2262, 4, 11, 23, 47, 16, 854_775_807)),
        ("epoch", utc(1970, 1, 1, 0, 0, 0, 0)),
        ("before-epoch", utc(1969, 12, 31, 23, 59, 59, 999_999_999)),
        ("before-leap", utc(2016, 12, 31, 23, 59, 59, 999_999_999)),
        ("after-leap", utc(2017, 1, 1, 0, 0, 0, 0)),
    ];
    let corpus: Vec<Article> = kept
        .iter()
        .map(|&(s, t)| {
            let mut a = article(s, t);
            a.expires_at = Some(utc(2262, 4, 11, 23, 47, 16, 854_775_807));
            a
        })
        .collect();
    apply(store, corpus.iter().cloned().map(Change::PutArticle));
    for a in &corpus {
        assert_eq!(store.article(&a.slug).expect("reads").as_ref(), Some(a));
    }
    let leap_second = utc(2016, 12, 31, 23, 59, 59, 1_500_000_000);
    let nows = [
        utc(1000, 1, 1, 0, 0, 0, 0),
        utc(1677, 9, 21, 0, 12, 43, 145_224_192),
        kept[0].1,
        leap_second,
        kept[1].1,
        utc(9999, 12, 31, 23, 59, 59, 0),
    ];
    let scopes = [
        Scope::Public,
        Scope::Only(Visibility::Scheduled),
        Scope::Only(Visibility::Expired),
    ];
    for now in nows {
        for scope in scopes {
            let query = ListQuery {
                scope,
                ..ListQuery::public(now)
            };
            check_all_pages(store, &corpus, query);
        }
    }
    for now in nows {
        assert_eq!(
            store
                .next_visibility_change(now)
                .expect("reads the next change"),
            blog_core::next_visibility_change(&corpus, now),
            "at {now}"
        );
    }
    let before = contents(store);
    let far = [
        article("far-future", utc(9999, 1, 1, 0, 0, 0, 0)),
        Article {
            created_at: utc(1000, 1, 1, 0, 0, 0, 0),
            ..article("far-past", at(0))
        },
        Article {
            updated_at: leap_second,
            ..article("leap", at(0))
        },
        Article {
            expires_at: Some(utc(1677, 9, 21, 0, 12, 43, 145_224_192)),
            ..article("just-too-early", at(0))
        },
    ];
    for a in far {
        let result = store.apply(&changes([Change::PutArticle(a.clone())]));
        match capabilities.times {
            TimeRange::Any => {
                assert!(result.is_ok(), "{result:?}");
                assert_eq!(store.article(&a.slug).expect("reads"), Some(a));
            }
            TimeRange::Nanoseconds => {
                assert!(
                    matches!(result, Err(StoreError::Invalid { .. })),
                    "{result:?}"
                );
                assert_eq!(contents(store), before);
            }
        }
    }
}

/// Infinite and NaN floats in extra fields are kept or refused as declared.
pub fn non_finite_floats(store: &dyn Store, capabilities: Capabilities) {
    for (s, value) in [
        ("infinite", Value::Float(f64::INFINITY)),
        ("nested", Value::List(vec![Value::Float(f64::NEG_INFINITY)])),
        ("not-a-number", Value::Float(f64::NAN)),
    ] {
        let mut a = article(s, at(0));
        a.extra.insert("x".to_owned(), value);
        let result = store.apply(&changes([Change::PutArticle(a.clone())]));
        match capabilities.floats {
            FloatRange::Any => {
                assert!(result.is_ok(), "{result:?}");
                let stored = store.article(&a.slug).expect("reads").expect("stored");
                // NaN is not equal to itself: compare what can be compared.
                let text = |a: &Article| format!("{:?}", a.extra);
                assert_eq!(text(&stored), text(&a));
            }
            FloatRange::Finite => {
                assert!(
                    matches!(result, Err(StoreError::Invalid { field: "extra", .. })),
                    "{result:?}"
                );
                assert!(store.is_empty().expect("is_empty"));
            }
        }
    }
}
