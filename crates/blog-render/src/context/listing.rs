//! Pages of article cards, and the home page.

use blog_core::{Article, ListingView, PageNumber, Site, urls};
use serde::Serialize;

use super::head::Head;
use super::json_ld::{self, JsonLd};
use super::pager::{Labels, Pager};
use super::{Date, Document, Label, Nav, Section, labels, paged, tag_labels};
use crate::markdown::summary_text;

/// An article's card: what a listing shows of it.
#[derive(Debug, Serialize)]
struct Card {
    title: String,
    url: String,
    summary: String,
    date: Date,
    categories: Vec<Label>,
    tags: Vec<Label>,
}

impl Card {
    fn of(article: &Article, listing: &ListingView<'_>) -> Self {
        Self {
            title: article.title.to_string(),
            url: urls::article(&article.slug),
            summary: summary_text(article.summary()),
            date: Date::of(article.published_at),
            categories: labels(&article.categories, listing.categories),
            tags: tag_labels(&article.tags),
        }
    }
}

/// A page of cards, with the links to the other pages.
#[derive(Debug, Serialize)]
pub(crate) struct Listing {
    cards: Vec<Card>,
    pager: Option<Pager>,
}

impl Listing {
    /// The cards of `view`, whose page `n` is at `url(n)`.
    pub(crate) fn of(view: &ListingView<'_>, url: impl Fn(PageNumber) -> String) -> Self {
        Self {
            cards: view
                .articles
                .items
                .iter()
                .map(|a| Card::of(a, view))
                .collect(),
            pager: Pager::of(view.articles, Labels::ARTICLES, url),
        }
    }

    /// Its pager, for the `<head>` links.
    pub(crate) fn pager(&self) -> Option<&Pager> {
        self.pager.as_ref()
    }
}

/// `View::Home`: the newest articles.
pub(crate) fn home(site: &Site, view: &ListingView<'_>) -> Document<Listing> {
    let number = view.articles.number;
    let first = number == PageNumber::FIRST;
    let listing = Listing::of(view, urls::home);
    let title = (!first).then(|| paged("Articles", number));
    let mut head = Head::new(
        site,
        title.as_deref(),
        site.description.clone(),
        &urls::home(number),
    )
    .pager(listing.pager());
    if first {
        head = head.json_ld(JsonLd::of(json_ld::home(site)));
    }
    Document {
        head,
        nav: if first {
            Nav::page(Section::Articles)
        } else {
            Nav::within(Section::Articles)
        },
        page: listing,
    }
}
