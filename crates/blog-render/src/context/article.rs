//! The article page and its series box.

use blog_core::{ArticleView, PartEntry, ReadingTime, SeriesOutline, Site, Slug, urls, word_count};
use serde::Serialize;

use super::{Date, Document, Head, Label, Markup, Nav, labels, tag_names};
use crate::markdown::{markdown_to_html, summary_text};

#[derive(Debug, Serialize)]
pub(crate) struct ArticlePage {
    title: String,
    date: Date,
    reading_minutes: u32,
    categories: Vec<Label>,
    tags: Vec<String>,
    body: Markup,
    series: Option<SeriesBox>,
}

/// Where an article stands in its series.
#[derive(Debug, Serialize)]
struct SeriesBox {
    title: String,
    url: String,
    part: u32,
    total: usize,
    parts: Vec<Part>,
    previous: Option<Part>,
    next: Option<Part>,
}

#[derive(Debug, Serialize)]
struct Part {
    number: u32,
    title: String,
    url: String,
    current: bool,
}

impl Part {
    fn of(entry: &PartEntry, current: &Slug) -> Self {
        Self {
            number: entry.number,
            title: entry.title.to_string(),
            url: urls::article(&entry.slug),
            current: &entry.slug == current,
        }
    }
}

impl SeriesBox {
    /// The box for article `slug`; none if the outline does not list it.
    fn of(outline: &SeriesOutline, slug: &Slug) -> Option<Self> {
        let current = outline.part(slug)?;
        let (previous, next) = outline.neighbours(slug);
        Some(Self {
            title: outline.series.title.to_string(),
            url: urls::series(&outline.series.slug),
            part: current.number,
            total: outline.parts.len(),
            parts: outline.parts.iter().map(|p| Part::of(p, slug)).collect(),
            previous: previous.map(|p| Part::of(p, slug)),
            next: next.map(|p| Part::of(p, slug)),
        })
    }
}

/// `View::Article`: one article.
pub(crate) fn article(site: &Site, view: &ArticleView<'_>) -> Document<ArticlePage> {
    let article = view.article;
    let words = word_count(article.body.as_str());
    Document {
        head: Head::new(
            site,
            Some(article.title.as_str()),
            summary_text(article.summary()),
        ),
        nav: Nav {
            articles: Some("true"),
            ..Nav::default()
        },
        page: ArticlePage {
            title: article.title.to_string(),
            date: Date::of(article.published_at),
            reading_minutes: ReadingTime::of_words(words).minutes(),
            categories: labels(&article.categories, view.categories),
            tags: tag_names(article),
            body: Markup(markdown_to_html(&article.body)),
            series: view
                .series
                .and_then(|outline| SeriesBox::of(outline, &article.slug)),
        },
    }
}
