//! Cases about listings: agreement with `blog_core::list`, and time.

use blog_core::{Change, ListQuery, PageNumber, PerPage, Scope, Store, Visibility};
use chrono::{DateTime, Duration, Utc};

use super::data::*;

/// Every listing equals [`blog_core::list`] over the same articles, at
/// several times: each scope with each filter (category, covering the
/// categories below it; tag; series; and some together), whole on one page;
/// and cut into pages of 1, 3 and 10, every page checked, for a few scopes
/// and filters. (All of them crossed took three times as long on SQLite.)
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
    let query = |now, scope, (category, tag, series): Filter, per_page| ListQuery {
        now,
        scope,
        category: category.map(slug),
        tag: tag.map(slug),
        series: series.map(slug),
        page: PageNumber::FIRST,
        per_page: PerPage::new(per_page).expect("in range"),
    };
    for now in nows {
        for scope in scopes {
            for filter in filters() {
                check_all_pages(store, &corpus, query(now, scope, filter, PerPage::MAX));
            }
        }
        // Pages are cut the same way whatever the filter and scope: a few
        // of each suffice, the long listings of "all" and "public" among them.
        for scope in [Scope::All, Scope::Public, Scope::Only(Visibility::Expired)] {
            for filter in [
                (None, None, None),
                (Some("rust"), None, None),
                (None, Some("async-rust"), None),
                (None, None, Some("s2")),
                (Some("rust"), Some("cafe"), Some("s1")),
            ] {
                for per_page in [1, 3, 10] {
                    check_all_pages(store, &corpus, query(now, scope, filter, per_page));
                }
            }
        }
    }
}

/// A listing's category, tag and series filters.
type Filter = (
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// The filters of [`listing_agrees_with_reference`]: each category with
/// each series and with each tag, a few with all three, and each unknown
/// slug on its own (whatever it is combined with lists nothing).
fn filters() -> Vec<Filter> {
    let categories = [
        None,
        Some("rust"),
        Some("async"),
        Some("tokio"),
        Some("web"),
        Some("ops"),
    ];
    let tags = [Some("async-rust"), Some("cafe")];
    let all_series = [None, Some("s1"), Some("s2")];
    let mut filters = Vec::new();
    for category in categories {
        filters.extend(all_series.map(|series| (category, None, series)));
        filters.extend(tags.map(|tag| (category, tag, None)));
    }
    filters.extend([
        (Some("rust"), Some("async-rust"), Some("s1")),
        (Some("async"), Some("cafe"), Some("s2")),
        (None, Some("cafe"), Some("s1")),
        (Some("unknown"), None, None),
        (None, Some("unknown"), None),
        (None, None, Some("unknown")),
    ]);
    filters
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
