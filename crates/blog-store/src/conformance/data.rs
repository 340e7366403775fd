//! The values the cases store: small constructors, a full article, a corpus.

use std::collections::BTreeMap;

use blog_core::{
    Article, Category, Change, ChangeSet, ListQuery, Markdown, Page, PageNumber, PartNumber,
    PerPage, Scope, Series, SeriesMembership, Slug, Status, Store, Tag, Title, Value,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

pub(super) fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid test slug")
}

pub(super) fn title(s: &str) -> Title {
    Title::parse(s).expect("valid test title")
}

/// 2025-03-01T00:00:00Z plus `seconds`.
pub(super) fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0)
        .single()
        .expect("valid test date")
        + Duration::seconds(seconds)
}

pub(super) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|date| date.and_hms_nano_opt(h, mi, s, nano))
        .map(|t| Utc.from_utc_datetime(&t))
        .expect("valid test time")
}

pub(super) fn tag(name: &str) -> Tag {
    Tag::parse(name).expect("valid test tag")
}

pub(super) fn category(s: &str, name: &str) -> Category {
    Category::new(
        slug(s),
        title(name),
        Markdown::new(format!("About {name}.")),
    )
}

/// A category nested in `parent`.
pub(super) fn child_category(s: &str, name: &str, parent: &str) -> Category {
    Category {
        parent: Some(slug(parent)),
        ..category(s, name)
    }
}

pub(super) fn series(s: &str, t: &str) -> Series {
    Series {
        slug: slug(s),
        title: title(t),
        description: Markdown::new(format!("The {t} series.")),
    }
}

pub(super) fn article(s: &str, published_at: DateTime<Utc>) -> Article {
    Article::new(slug(s), title(s), Markdown::new("Body."), published_at)
}

pub(super) fn changes(changes: impl IntoIterator<Item = Change>) -> ChangeSet {
    changes.into_iter().collect()
}

pub(super) fn apply(store: &dyn Store, set: impl IntoIterator<Item = Change>) {
    store.apply(&changes(set)).expect("change set applies");
}

/// Every article (at most 100), category and series, to compare a store
/// with itself before and after a failed change.
pub(super) fn contents(store: &dyn Store) -> (Page<Article>, Vec<Category>, Vec<Series>) {
    let query = ListQuery {
        scope: Scope::All,
        per_page: PerPage::new(PerPage::MAX).expect("in range"),
        ..ListQuery::public(at(0))
    };
    (
        store.articles(&query).expect("lists"),
        store.categories().expect("lists categories"),
        store.all_series().expect("lists series"),
    )
}

/// An article with every field set, Unicode and sub-second times included,
/// and tags whose slugs repeat: see [`full_article_stored`].
pub(super) fn full_article() -> Article {
    let nested = Value::Table(BTreeMap::from([
        ("empty list".to_owned(), Value::List(Vec::new())),
        ("empty table".to_owned(), Value::Table(BTreeMap::new())),
        (
            "deeper".to_owned(),
            Value::List(vec![
                Value::Integer(1),
                Value::Table(BTreeMap::from([("ü".to_owned(), Value::Bool(false))])),
            ]),
        ),
    ]));
    let extra = BTreeMap::from([
        ("bool".to_owned(), Value::Bool(true)),
        ("min".to_owned(), Value::Integer(i64::MIN)),
        ("max".to_owned(), Value::Integer(i64::MAX)),
        ("zero".to_owned(), Value::Integer(0)),
        ("float".to_owned(), Value::Float(0.1)),
        ("whole float".to_owned(), Value::Float(3.0)),
        ("tiny".to_owned(), Value::Float(5e-324)),
        ("huge".to_owned(), Value::Float(-f64::MAX)),
        ("third".to_owned(), Value::Float(1.0 / 3.0)),
        (
            "text".to_owned(),
            Value::String("naïve café — 日本語 🦀".to_owned()),
        ),
        ("number text".to_owned(), Value::String("42".to_owned())),
        (
            "list".to_owned(),
            Value::List(vec![Value::String("a".into()), nested.clone()]),
        ),
        ("table".to_owned(), nested),
    ]);
    Article {
        slug: slug("every-field"),
        title: title("Ünïcödé «title» & <markup>"),
        summary: Some("A summary — with ‘quotes’.".to_owned()),
        body: Markdown::new("# Heading\n\nText with `code`, émoji 🎉 and <b>raw</b> HTML.\n"),
        status: Status::Published,
        published_at: at(3600) + Duration::nanoseconds(123_456_789),
        expires_at: Some(at(86_400 * 30) + Duration::nanoseconds(1)),
        created_at: at(-86_400) + Duration::nanoseconds(999_999_999),
        updated_at: at(7200) + Duration::nanoseconds(500),
        categories: vec![slug("rust"), slug("databases"), slug("an-apple")],
        tags: vec![
            tag("Rust"),
            tag("Café Crème"),
            tag("rust"),
            tag("日本語 🦀"),
            tag("CAFE creme"),
        ],
        series: Some(SeriesMembership {
            series: slug("engine"),
            part: PartNumber::new(2),
        }),
        previous_slugs: vec![slug("old-name"), slug("older-name"), slug("old-name")],
        extra,
    }
}

/// [`full_article`] as a store gives it back: each tag slug once, the first
/// spelling kept, in the order written.
pub(super) fn full_article_stored() -> Article {
    Article {
        tags: vec![tag("Rust"), tag("Café Crème"), tag("日本語 🦀")],
        ..full_article()
    }
}

/// The categories and series [`full_article`] refers to, and the article.
pub(super) fn full_article_changes() -> Vec<Change> {
    vec![
        Change::AddCategory(category("rust", "Rust")),
        Change::AddCategory(category("databases", "Databases")),
        Change::AddCategory(category("an-apple", "Äpfel")),
        Change::PutSeries(series("engine", "Building an engine")),
        Change::PutArticle(full_article()),
    ]
}

/// A deterministic corpus: 40 articles with equal-date ties, sub-second
/// times, drafts, expiring articles, 0 to 2 categories of a tree (rust >
/// async > tokio, web, ops), some only below "rust", 0 to 2 tags, two series.
pub(super) fn corpus() -> (Vec<Change>, Vec<Article>) {
    let mut setup = vec![
        Change::AddCategory(category("rust", "Rust")),
        Change::AddCategory(category("web", "Web")),
        Change::AddCategory(category("ops", "Operations")),
        Change::AddCategory(child_category("async", "Async", "rust")),
        Change::AddCategory(child_category("tokio", "Tokio", "async")),
        Change::PutSeries(series("s1", "First")),
        Change::PutSeries(series("s2", "Second")),
    ];
    let mut articles = Vec::new();
    for i in 0..40_i64 {
        // Slugs out of date order, so the tie-break by slug matters.
        let mut a = article(
            &format!("post-{:02}", (i * 17) % 40),
            at(7 * 3600 * (i / 2)),
        );
        if (i / 2) % 2 == 0 {
            a.published_at += Duration::nanoseconds(123_456_789);
        }
        if i % 9 == 4 {
            a.status = Status::Draft;
        }
        if i % 7 == 3 {
            a.expires_at = Some(a.published_at + Duration::hours(30));
        }
        a.categories = match i % 8 {
            0 => vec![],
            1 => vec![slug("rust")],
            2 => vec![slug("web")],
            3 => vec![slug("rust"), slug("ops")],
            4 => vec![slug("async")],
            5 => vec![slug("async"), slug("rust")],
            6 => vec![slug("ops"), slug("tokio")],
            _ => vec![slug("web"), slug("async")],
        };
        a.tags = match i % 3 {
            0 => vec![],
            1 => vec![tag("Async Rust")],
            _ => vec![tag("Café"), tag("async rust")],
        };
        a.series = match i % 5 {
            0 => Some(SeriesMembership {
                series: slug("s1"),
                part: PartNumber::new(u32::try_from(i / 5 + 1).expect("small")),
            }),
            2 => Some(SeriesMembership {
                series: slug("s2"),
                part: None,
            }),
            _ => None,
        };
        setup.push(Change::PutArticle(a.clone()));
        articles.push(a);
    }
    (setup, articles)
}

/// Checks every page of `query`'s listing, and the one past its end.
pub(super) fn check_all_pages(store: &dyn Store, corpus: &[Article], query: ListQuery) {
    let categories = store.categories().expect("lists categories");
    let pages = blog_core::list(corpus, &categories, &query).total_pages();
    for n in 1..=pages + 1 {
        let query = ListQuery {
            page: PageNumber::new(n).expect("not zero"),
            ..query.clone()
        };
        let got = store.articles(&query).expect("lists");
        assert_eq!(
            got,
            blog_core::list(corpus, &categories, &query),
            "{query:?}"
        );
    }
}
