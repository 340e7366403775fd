//! The page of a series.

use blog_core::urls::{FeedFormat, FeedOf};
use blog_core::{SeriesOutline, Site, urls};
use serde::Serialize;

use super::head::Head;
use super::{Date, Document, Markup, Nav, count};
use crate::markdown::plain_text;

#[derive(Debug, Serialize)]
pub(crate) struct SeriesPage {
    title: String,
    description: Option<Markup>,
    count: String,
    /// Its Atom feed.
    feed: Option<String>,
    parts: Vec<SeriesPart>,
}

/// One part on a series' page.
#[derive(Debug, Serialize)]
struct SeriesPart {
    number: u32,
    title: String,
    url: String,
    date: Date,
}

/// `View::Series`: one series in reading order.
pub(crate) fn series(site: &Site, outline: &SeriesOutline) -> Document<SeriesPage> {
    let series = &outline.series;
    let description = match plain_text(series.description.as_str()) {
        text if text.is_empty() => site.description.clone(),
        text => text,
    };
    let of = FeedOf::Series(&series.slug);
    Document {
        head: Head::new(
            site,
            Some(series.title.as_str()),
            description,
            &urls::series(&series.slug),
        )
        .feed(site, of, series.title.as_str()),
        nav: Nav::default(),
        page: SeriesPage {
            title: series.title.to_string(),
            description: Markup::of(&series.description),
            count: count(outline.parts.len() as u64, "part"),
            feed: urls::feed(of, FeedFormat::Atom),
            parts: outline
                .parts
                .iter()
                .map(|p| SeriesPart {
                    number: p.number,
                    title: p.title.to_string(),
                    url: urls::article(&p.slug),
                    date: Date::of(p.published_at),
                })
                .collect(),
        },
    }
}
