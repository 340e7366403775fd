//! `blog_core::Pages` over a real store: what it takes from the headlines it
//! read once (series outlines) is what the store's own listing gives, and a
//! change made after they were read is not hidden behind them.

mod support;

use blog_core::{
    Article, Change, ListQuery, Markdown, Pages, PartNumber, PerPage, Series, SeriesMembership,
    SeriesOutline, Site, Status, Store as _, Title, all_articles,
};
use blog_render::HtmlRenderer;
use blog_store::MemoryStore;
use support::{apply, day, day_10, slug};

/// Part `n` of series "ownership", published on day `published`, numbered
/// by its author when `numbered`.
fn part(n: u32, published: u32, numbered: bool) -> Article {
    let mut a = Article::new(
        slug(&format!("part-{n}")),
        Title::parse(&format!("Part {n}")).expect("valid title"),
        Markdown::new(format!("Text of part {n}.")),
        day(published),
    );
    a.series = Some(SeriesMembership {
        series: slug("ownership"),
        part: if numbered { PartNumber::new(n) } else { None },
    });
    a
}

/// A series of five parts, published out of their order, one a draft and
/// one scheduled after day 10, beside an article of no series.
fn store() -> MemoryStore {
    let store = MemoryStore::new();
    let mut draft = part(4, 3, true);
    draft.status = Status::Draft;
    apply(
        &store,
        [
            Change::PutSeries(Series {
                slug: slug("ownership"),
                title: Title::parse("Ownership").expect("valid title"),
                description: Markdown::new("Who owns what."),
            }),
            Change::PutArticle(part(1, 5, true)),
            Change::PutArticle(part(2, 2, true)),
            Change::PutArticle(part(3, 1, false)),
            Change::PutArticle(draft),
            Change::PutArticle(part(5, 15, true)),
            Change::PutArticle(Article::new(
                slug("alone"),
                Title::parse("Alone").expect("valid title"),
                Markdown::new("No series."),
                day(4),
            )),
        ],
    );
    store
}

/// The outline from every public part the store lists at day 10.
fn listed_outline(store: &MemoryStore) -> SeriesOutline {
    let query = ListQuery {
        series: Some(slug("ownership")),
        ..ListQuery::public(day_10())
    };
    let parts = all_articles(store, &query).expect("the store lists");
    let series = store
        .series(&slug("ownership"))
        .expect("the store reads")
        .expect("the series is there");
    SeriesOutline::new(series, &parts)
}

fn renderer() -> HtmlRenderer {
    HtmlRenderer::new(Site::default()).expect("templates load")
}

/// The pages of `store` at day 10.
fn pages<'a>(store: &'a MemoryStore, renderer: &'a HtmlRenderer) -> Pages<'a> {
    Pages::new(
        store,
        renderer,
        day_10(),
        PerPage::DEFAULT,
        PerPage::DEFAULT,
    )
}

/// The outline of series "ownership" as `pages` give it.
fn outline(pages: &Pages<'_>) -> SeriesOutline {
    pages
        .series_outline(&slug("ownership"))
        .expect("pages read")
        .expect("the series is there")
}

#[test]
fn an_outline_from_the_headlines_is_the_stores() {
    let store = store();
    let renderer = renderer();
    let pages = pages(&store, &renderer);
    let outline = outline(&pages);
    assert_eq!(outline, listed_outline(&store));
    let order: Vec<&str> = outline.parts.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(order, ["part-3", "part-1", "part-2"]);
    assert_eq!(
        pages.series_outline(&slug("nothing")).expect("pages read"),
        None
    );
}

#[test]
fn an_outline_after_a_change_is_not_the_headlines() {
    let store = store();
    let renderer = renderer();
    let pages = pages(&store, &renderer);
    // The headlines are read, and kept by these pages...
    let before = pages.headlines().expect("pages read");
    assert!(before.iter().any(|h| h.title.as_str() == "Part 2"));
    // ... then another writer renames a part and publishes the draft.
    let mut renamed = part(2, 2, true);
    renamed.title = Title::parse("Part two, renamed").expect("valid title");
    apply(
        &store,
        [
            Change::PutArticle(renamed),
            Change::PutArticle(part(4, 3, true)),
        ],
    );
    let outline = outline(&pages);
    assert_eq!(outline, listed_outline(&store));
    let titles: Vec<&str> = outline.parts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Part 3", "Part 1", "Part two, renamed", "Part 4"]);
}
