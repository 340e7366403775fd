//! Cases about headlines: the public articles without their text.

use blog_core::{
    Article, Change, Headline, ListQuery, PartNumber, SeriesMembership, Status, Store, all_articles,
};
use chrono::{DateTime, Duration, Utc};

use super::data::*;

/// The headlines of `corpus` at `now`, as the trait defines them: the public
/// articles, newest first, ties by slug.
fn expected(corpus: &[Article], now: DateTime<Utc>) -> Vec<Headline> {
    let mut public: Vec<&Article> = corpus.iter().filter(|a| a.is_public(now)).collect();
    public.sort_by(|a, b| blog_core::newest_first(a, b));
    public.into_iter().map(Headline::from).collect()
}

fn slugs(headlines: &[Headline]) -> Vec<String> {
    headlines.iter().map(|h| h.slug.to_string()).collect()
}

/// Headlines are the public listing mapped to [`Headline`], in the same
/// order, categories, tags and series included, at every time: before
/// anything is public, while some articles are scheduled or expired, and
/// long after.
pub fn headlines_are_the_public_listing(store: &dyn Store) {
    let (setup, corpus) = corpus();
    apply(store, setup);
    let expiry = corpus
        .iter()
        .find_map(|a| a.expires_at)
        .expect("the corpus has an expiring article");
    for now in [
        at(-3600),
        corpus[20].published_at,
        expiry,
        expiry - Duration::nanoseconds(1),
        at(70 * 3600) + Duration::milliseconds(500),
        at(30 * 86_400),
    ] {
        let got = store.headlines(now).expect("reads headlines");
        let listed = all_articles(store, &ListQuery::public(now)).expect("lists");
        let listed: Vec<Headline> = listed.iter().map(Headline::from).collect();
        assert_eq!(got, listed, "at {now}");
        assert_eq!(got, expected(&corpus, now), "at {now}");
    }
    assert_eq!(store.headlines(at(-3600)).expect("reads"), []);
    let all = store.headlines(at(30 * 86_400)).expect("reads");
    assert!(all.iter().any(|h| !h.categories.is_empty()));
    assert!(all.iter().any(|h| h.tags.len() == 2));
    assert!(
        all.iter()
            .any(|h| h.series.as_ref().is_some_and(|s| s.part.is_some()))
    );
}

/// Drafts, scheduled and expired articles have no headline; a headline
/// carries the article's slug, title, times, categories, tags and series,
/// and follows it when it is replaced, renamed or deleted.
pub fn headlines_leave_out_hidden_articles_and_follow_changes(store: &dyn Store) {
    let now = at(3600);
    let mut public = article("public", at(0));
    public.title = title("A public article");
    public.updated_at = at(60);
    public.categories = vec![slug("c")];
    public.tags = vec![tag("Rust"), tag("Web")];
    public.series = Some(SeriesMembership {
        series: slug("s"),
        part: PartNumber::new(2),
    });
    public.summary = Some("Not in a headline.".to_owned());
    let mut draft = article("draft", at(0));
    draft.status = Status::Draft;
    let scheduled = article("scheduled", now + Duration::nanoseconds(1));
    let mut expired = article("expired", at(0));
    expired.expires_at = Some(now);
    let mut expiring = article("expiring", at(10));
    expiring.expires_at = Some(now + Duration::nanoseconds(1));
    let just_now = article("just-now", now);
    apply(
        store,
        [
            Change::AddCategory(category("c", "C")),
            Change::PutSeries(series("s", "S")),
            Change::PutArticle(public.clone()),
            Change::PutArticle(draft),
            Change::PutArticle(scheduled),
            Change::PutArticle(expired),
            Change::PutArticle(expiring),
            Change::PutArticle(just_now),
        ],
    );
    let headlines = || store.headlines(now).expect("reads headlines");
    assert_eq!(slugs(&headlines()), ["just-now", "expiring", "public"]);
    assert_eq!(headlines()[2], Headline::from(&public));
    // Replaced: the new title, tags and time, and so a new place.
    let mut replaced = public.clone();
    replaced.title = title("Replaced");
    replaced.published_at = at(20);
    replaced.tags = vec![tag("Go")];
    replaced.series = None;
    apply(store, [Change::PutArticle(replaced.clone())]);
    assert_eq!(slugs(&headlines()), ["just-now", "public", "expiring"]);
    assert_eq!(headlines()[1], Headline::from(&replaced));
    // Renamed: the same headline under its new slug.
    apply(
        store,
        [Change::RenameArticle {
            from: slug("public"),
            to: slug("renamed"),
        }],
    );
    let renamed = Headline {
        slug: slug("renamed"),
        ..Headline::from(&replaced)
    };
    assert_eq!(slugs(&headlines()), ["just-now", "renamed", "expiring"]);
    assert_eq!(headlines()[1], renamed);
    // Deleted: gone. Hidden articles stay hidden whatever happens nearby.
    apply(
        store,
        [
            Change::DeleteArticle(slug("renamed")),
            Change::DeleteArticle(slug("expiring")),
        ],
    );
    assert_eq!(slugs(&headlines()), ["just-now"]);
    assert_eq!(
        slugs(&store.headlines(now + Duration::hours(1)).expect("reads")),
        ["scheduled", "just-now"]
    );
}
