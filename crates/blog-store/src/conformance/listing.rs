//! Cases about listings: agreement with `blog_core::list`, and time.

use blog_core::{Change, ListQuery, PageNumber, PerPage, Scope, Store, Visibility};
use chrono::{DateTime, Duration, Utc};

use super::data::*;

/// Every listing equals [`blog_core::list`] over the same articles: each
/// scope, category and series filter, page size and page, at several times.
pub fn listing_agrees_with_reference(store: &dyn Store) {
    let (setup, corpus) = corpus();
    apply(store, setup);
    let expiry = corpus
        .iter()
        .find_map(|a| a.expires_at)
        .expect("the corpus has an expiring article");
    let nows = [
        at(-3600),
        corpus[20].published_at,
        expiry,
        at(70 * 3600) + Duration::milliseconds(500),
        at(30 * 86_400),
    ];
    let scopes = [
        Scope::All,
        Scope::Public,
        Scope::Only(Visibility::Draft),
        Scope::Only(Visibility::Scheduled),
        Scope::Only(Visibility::Public),
        Scope::Only(Visibility::Expired),
    ];
    let categories = [
        None,
        Some("rust"),
        Some("web"),
        Some("ops"),
        Some("unknown"),
    ];
    let all_series = [None, Some("s1"), Some("s2"), Some("unknown")];
    for now in nows {
        for scope in scopes {
            for category in categories {
                for series in all_series {
                    for per_page in [1, 3, 10, 100] {
                        let query = ListQuery {
                            now,
                            scope,
                            category: category.map(slug),
                            tag: None,
                            series: series.map(slug),
                            page: PageNumber::FIRST,
                            per_page: PerPage::new(per_page).expect("in range"),
                        };
                        check_all_pages(store, &corpus, query);
                    }
                }
            }
        }
    }
}

/// A scheduled article turns public at its time, with no write in between.
pub fn scheduled_article_appears_at_its_time(store: &dyn Store) {
    let time = at(86_400) + Duration::nanoseconds(250);
    let mut scheduled = article("scheduled", time);
    scheduled.categories = vec![slug("c")];
    apply(
        store,
        [
            Change::AddCategory(category("c", "C")),
            Change::PutArticle(article("already", at(0))),
            Change::PutArticle(scheduled),
        ],
    );
    let public = |now: DateTime<Utc>| -> Vec<String> {
        let page = store.articles(&ListQuery::public(now)).expect("lists");
        page.items.iter().map(|a| a.slug.to_string()).collect()
    };
    let scheduled = |now| {
        let query = ListQuery {
            scope: Scope::Only(Visibility::Scheduled),
            ..ListQuery::public(now)
        };
        store.articles(&query).expect("lists").total
    };
    let counted = |now| store.category_counts(now).expect("counts")[0].articles;
    for before in [time - Duration::seconds(1), time - Duration::nanoseconds(1)] {
        assert_eq!(public(before), ["already"], "at {before}");
        assert_eq!(scheduled(before), 1, "at {before}");
        assert_eq!(counted(before), 0, "at {before}");
    }
    assert_eq!(public(time), ["scheduled", "already"]);
    assert_eq!(scheduled(time), 0);
    assert_eq!(counted(time), 1);
}
