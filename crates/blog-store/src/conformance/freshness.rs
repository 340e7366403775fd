//! Cases about what tells a cache that its pages are still fresh: the
//! store's revision, and the next moment visibility changes on its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use blog_core::{
    Article, Change, ListQuery, Revision, Scope, SearchQuery, Status, Store, Visibility,
};
use chrono::{DateTime, Duration, Utc};

use super::data::*;

/// The revision, read every way a store can be read, stays the same while
/// nothing is stored: reads, a revision itself and an empty store included.
pub fn revision_holds_across_reads(store: &dyn Store) {
    let empty = store.revision().expect("reads the revision");
    read_everything(store);
    assert_eq!(store.revision().expect("reads the revision"), empty);

    let (setup, _) = corpus();
    apply(store, setup);
    let filled = store.revision().expect("reads the revision");
    for _ in 0..3 {
        read_everything(store);
        assert_eq!(store.revision().expect("reads the revision"), filled);
    }
}

/// Every read of the trait, with results thrown away.
fn read_everything(store: &dyn Store) {
    let now = at(30 * 86_400);
    let some = slug("post-03");
    store.article(&some).expect("reads an article");
    store.lookup(&some).expect("looks up");
    for scope in [Scope::All, Scope::Public, Scope::Only(Visibility::Draft)] {
        let query = ListQuery {
            scope,
            category: Some(slug("rust")),
            ..ListQuery::public(now)
        };
        store.articles(&query).expect("lists");
    }
    store.articles(&ListQuery::public(now)).expect("lists");
    store.headlines(now).expect("reads headlines");
    store
        .search(&SearchQuery::new("body", now))
        .expect("searches");
    store.category(&slug("rust")).expect("reads a category");
    store.categories().expect("lists categories");
    store.category_counts(now).expect("counts");
    store.series(&slug("s1")).expect("reads a series");
    store.all_series().expect("lists series");
    store.is_empty().expect("is_empty");
    store
        .next_visibility_change(at(0))
        .expect("reads the next change");
}

/// Every change set that stores something gives a revision unlike every
/// one before it, whatever it changes; a failed change set in between does
/// not make a later revision repeat an earlier one.
pub fn every_apply_changes_the_revision(store: &dyn Store) {
    let mut renamed = article("renamed", at(5));
    renamed.categories = vec![slug("web")];
    let sets = vec![
        vec![Change::AddCategory(category("rust", "Rust"))],
        vec![Change::EnsureCategory(category("web", "Web"))],
        vec![Change::PutCategory(child_category("web", "Web", "rust"))],
        vec![Change::PutSeries(series("s", "S"))],
        vec![Change::EnsureSeries(series("t", "T"))],
        vec![Change::PutArticle(article("a", at(0)))],
        vec![Change::PutArticle(Article {
            title: title("A new title"),
            ..article("a", at(0))
        })],
        vec![Change::PutArticle(Article {
            status: Status::Draft,
            ..article("a", at(0))
        })],
        vec![
            Change::PutArticle(renamed),
            Change::RenameArticle {
                from: slug("renamed"),
                to: slug("moved"),
            },
        ],
        vec![Change::DeleteArticle(slug("moved"))],
        vec![Change::DeleteSeries(slug("t"))],
        vec![Change::DeleteCategory(slug("rust"))],
    ];
    let mut seen: Vec<Revision> = vec![store.revision().expect("reads the revision")];
    let mut check = |what: &str| {
        let revision = store.revision().expect("reads the revision");
        assert!(
            !seen.contains(&revision),
            "{revision:?} after {what} was seen before: {seen:?}"
        );
        seen.push(revision);
    };
    for set in sets {
        let what = format!("{set:?}");
        apply(store, set);
        check(&what);
    }
    let failed = store.apply(&changes([Change::DeleteArticle(slug("missing"))]));
    assert!(failed.is_err(), "{failed:?}");
    apply(store, [Change::PutArticle(article("after", at(0)))]);
    check("a change set after a failed one");
}

/// A revision names one content: whatever is read between two reads of the
/// same revision is what that revision holds, while change sets are applied
/// next to the readers. (A revision that moved before or after the content
/// it names would pair one revision with two contents.)
pub fn a_revision_names_one_content(store: &dyn Store) {
    const SETS: u64 = 30;
    let writing = AtomicBool::new(true);
    let seen = std::thread::scope(|scope| {
        scope.spawn(|| {
            // Stops the readers even if a write fails and panics.
            let _stop = StopOnDrop(&writing);
            for i in 0..SETS {
                apply(
                    store,
                    [Change::PutArticle(article(&format!("a{i}"), at(0)))],
                );
            }
        });
        let readers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut seen = Vec::new();
                    loop {
                        let last_round = !writing.load(Ordering::SeqCst);
                        let before = store.revision().expect("reads the revision");
                        let total = store
                            .articles(&ListQuery::public(at(0)))
                            .expect("lists")
                            .total;
                        let after = store.revision().expect("reads the revision");
                        if before == after {
                            seen.push((before, total));
                        }
                        if last_round {
                            return seen;
                        }
                    }
                })
            })
            .collect();
        readers
            .into_iter()
            .flat_map(|reader| reader.join().expect("the reader finished"))
            .collect::<Vec<_>>()
    });
    let mut named: HashMap<Revision, u64> = HashMap::new();
    for (revision, total) in seen {
        let first = *named.entry(revision).or_insert(total);
        assert_eq!(first, total, "{revision:?} named two contents");
    }
    // Once the writer is done, the last revision names all its articles.
    let last = store.revision().expect("reads the revision");
    let total = store
        .articles(&ListQuery::public(at(0)))
        .expect("lists")
        .total;
    assert_eq!(total, SETS);
    assert_eq!(named.get(&last).copied().unwrap_or(total), SETS);
}

/// Clears a flag when dropped, panicking or not.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Articles that change visibility in every way: public for good, expiring,
/// expired, scheduled, scheduled and expiring, drafts with times of their
/// own, one that expires before it is published (so never public), and two
/// that change at the same nanosecond.
fn visibility_fixture() -> Vec<Article> {
    let ns = Duration::nanoseconds;
    let with = |s: &str, published: DateTime<Utc>, expires: Option<DateTime<Utc>>| Article {
        expires_at: expires,
        ..article(s, published)
    };
    let draft = |s: &str, published: DateTime<Utc>, expires: Option<DateTime<Utc>>| Article {
        status: Status::Draft,
        ..with(s, published, expires)
    };
    vec![
        with("public", at(-86_400), None),
        with("expiring", at(0), Some(at(5000) + ns(1))),
        with("expired", at(-10_000), Some(at(-100))),
        with("scheduled", at(3000) + ns(123), None),
        with("same-moment", at(3000) + ns(123), Some(at(12_000))),
        with("scheduled-expiring", at(7000), Some(at(9000) - ns(1))),
        with("backwards", at(8000), Some(at(6000))),
        draft("draft", at(1000), Some(at(2000))),
        draft("draft-later", at(4000), None),
        draft("draft-past", at(-5000), Some(at(-4000))),
    ]
}

/// Checks the store against [`blog_core::next_visibility_change`] over
/// `articles` at each time any of them mentions, a nanosecond either side of
/// it, long before and long after.
fn check_next_changes(store: &dyn Store, articles: &[Article]) {
    let mut nows = vec![at(-100 * 86_400), at(100 * 86_400)];
    for a in articles {
        for t in [Some(a.published_at), a.expires_at].into_iter().flatten() {
            let ns = Duration::nanoseconds(1);
            nows.extend([t - ns, t, t + ns]);
        }
    }
    for now in nows {
        assert_eq!(
            store
                .next_visibility_change(now)
                .expect("reads the next change"),
            blog_core::next_visibility_change(articles, now),
            "at {now}"
        );
    }
}

/// When visibility next changes agrees with
/// [`blog_core::next_visibility_change`] at every moment that matters, over
/// articles with drafts, scheduled, expiring and expired ones among them,
/// and follows changes to them.
pub fn next_visibility_change_agrees_with_reference(store: &dyn Store) {
    assert_eq!(
        store
            .next_visibility_change(at(0))
            .expect("reads the next change"),
        None,
        "an empty store"
    );
    let mut articles = visibility_fixture();
    apply(store, articles.iter().cloned().map(Change::PutArticle));
    check_next_changes(store, &articles);
    // Along with the corpus of the other cases.
    let (setup, corpus) = corpus();
    apply(store, setup);
    articles.extend(corpus);
    check_next_changes(store, &articles);
    // Unpublished, deleted, rescheduled: the next change follows.
    let unpublished = Article {
        status: Status::Draft,
        ..articles[3].clone()
    };
    let rescheduled = Article {
        published_at: at(3500),
        ..articles[4].clone()
    };
    apply(
        store,
        [
            Change::PutArticle(unpublished.clone()),
            Change::PutArticle(rescheduled.clone()),
            Change::DeleteArticle(articles[1].slug.clone()),
        ],
    );
    articles[3] = unpublished;
    articles[4] = rescheduled;
    articles.remove(1);
    check_next_changes(store, &articles);
}
