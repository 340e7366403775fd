//! The API's documents: what each endpoint answers, as structs whose field
//! order is the order of the JSON. They are made from domain values the
//! store gave; none reads the store itself.
//!
//! URLs are absolute (the site's base URL and [`blog_core::urls`]' path),
//! times RFC 3339 in UTC to the second, and HTML is what `blog-render`'s
//! Markdown functions made and sanitised.

use blog_core::urls::{self, FeedFormat, FeedOf};
use blog_core::{
    Article, Category, CategoryStats, Markdown, Page, PageNumber, ReadingTime, Series,
    SeriesOutline, Site, Summary, word_count,
};
use blog_render::{markdown_to_html, summary_text};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

/// A list of values with nothing else to say about it.
#[derive(Debug, Serialize)]
pub(super) struct Items<T> {
    pub(super) items: Vec<T>,
}

/// A page of articles.
#[derive(Debug, Serialize)]
pub(super) struct Listing {
    page: u32,
    per_page: u32,
    total_items: u64,
    total_pages: u32,
    items: Vec<ArticleSummary>,
}

impl Listing {
    /// `page` with its articles summarised as `items`.
    pub(super) fn new(page: &Page<Article>, items: Vec<ArticleSummary>) -> Self {
        Self {
            page: page.number.get(),
            per_page: page.per_page.get(),
            total_items: page.total,
            total_pages: page.total_pages(),
            items,
        }
    }
}

/// An article as a card shows it, with what a program needs to link it.
#[derive(Debug, Serialize)]
pub(super) struct ArticleSummary {
    slug: String,
    title: String,
    url: String,
    published: String,
    /// When it last changed, never before its publication (as its page says).
    updated: String,
    categories: Vec<Label>,
    tags: Vec<Label>,
    series: Option<SeriesPlace>,
    /// The summary as plain text, as cards and meta descriptions show it.
    summary: String,
    summary_html: String,
    reading_minutes: u32,
    word_count: usize,
}

/// A category or tag on an article.
#[derive(Debug, Serialize)]
struct Label {
    slug: String,
    name: String,
}

/// Where an article stands in its series: its number among the series'
/// public parts, as the series page numbers them.
#[derive(Debug, Serialize)]
struct SeriesPlace {
    slug: String,
    title: String,
    url: String,
    part: u32,
    part_count: usize,
}

impl ArticleSummary {
    /// The summary of `article`; `categories` name its categories, and
    /// `outline` is its series' outline, if it is in one.
    pub(super) fn new(
        site: &Site,
        article: &Article,
        categories: &[Category],
        outline: Option<&SeriesOutline>,
    ) -> Self {
        let series = outline.and_then(|outline| {
            let part = outline.part(&article.slug)?;
            Some(SeriesPlace {
                slug: outline.series.slug.to_string(),
                title: outline.series.title.to_string(),
                url: site.base_url.join(&urls::series(&outline.series.slug)),
                part: part.number,
                part_count: outline.parts.len(),
            })
        });
        let words = word_count(article.body.as_str());
        Self {
            slug: article.slug.to_string(),
            title: article.title.to_string(),
            url: site.base_url.join(&urls::article(&article.slug)),
            published: time(article.published_at),
            updated: time(article.updated_at.max(article.published_at)),
            categories: article
                .categories
                .iter()
                .map(|slug| Label {
                    slug: slug.to_string(),
                    name: Category::name_in(categories, slug).to_owned(),
                })
                .collect(),
            tags: article
                .tags
                .iter()
                .map(|tag| Label {
                    slug: tag.slug().to_string(),
                    name: tag.name().to_owned(),
                })
                .collect(),
            series,
            summary: summary_text(article.summary()),
            summary_html: summary_html(article.summary()),
            reading_minutes: ReadingTime::of_words(words).minutes(),
            word_count: words,
        }
    }
}

/// A whole article: its summary, then its text as the article page shows it.
#[derive(Debug, Serialize)]
pub(super) struct ArticleDocument {
    #[serde(flatten)]
    summary: ArticleSummary,
    html: String,
}

impl ArticleDocument {
    /// `article` with its `summary`.
    pub(super) fn new(summary: ArticleSummary, article: &Article) -> Self {
        Self {
            summary,
            html: markdown_to_html(&article.body).into_string(),
        }
    }
}

/// A category in the list of categories.
#[derive(Debug, Serialize)]
pub(super) struct CategoryEntry {
    slug: String,
    name: String,
    parent: Option<String>,
    description_html: Option<String>,
    /// Its public articles, those of the categories below it included.
    article_count: u64,
    /// When the newest of them was published.
    latest: Option<String>,
    url: String,
    feed_url: Option<String>,
}

impl CategoryEntry {
    pub(super) fn new(site: &Site, stats: &CategoryStats) -> Self {
        let category = &stats.category;
        Self {
            slug: category.slug.to_string(),
            name: category.name.to_string(),
            parent: category.parent.as_ref().map(ToString::to_string),
            description_html: html(&category.description),
            article_count: stats.articles,
            latest: stats.latest.map(time),
            url: site
                .base_url
                .join(&urls::category(&category.slug, PageNumber::FIRST)),
            feed_url: feed(site, FeedOf::Category(&category.slug)),
        }
    }
}

/// A series in the list of series.
#[derive(Debug, Serialize)]
pub(super) struct SeriesEntry {
    slug: String,
    title: String,
    description_html: Option<String>,
    /// Its public parts.
    part_count: usize,
    url: String,
    feed_url: Option<String>,
}

impl SeriesEntry {
    /// `series` with `part_count` public parts.
    pub(super) fn new(site: &Site, series: &Series, part_count: usize) -> Self {
        Self {
            slug: series.slug.to_string(),
            title: series.title.to_string(),
            description_html: html(&series.description),
            part_count,
            url: site.base_url.join(&urls::series(&series.slug)),
            feed_url: feed(site, FeedOf::Series(&series.slug)),
        }
    }
}

/// A series with its public parts in reading order.
#[derive(Debug, Serialize)]
pub(super) struct SeriesDocument {
    #[serde(flatten)]
    entry: SeriesEntry,
    parts: Vec<Part>,
}

/// A part of a series.
#[derive(Debug, Serialize)]
struct Part {
    part: u32,
    slug: String,
    title: String,
    url: String,
    published: String,
}

impl SeriesDocument {
    pub(super) fn new(site: &Site, outline: &SeriesOutline) -> Self {
        Self {
            entry: SeriesEntry::new(site, &outline.series, outline.parts.len()),
            parts: outline
                .parts
                .iter()
                .map(|part| Part {
                    part: part.number,
                    slug: part.slug.to_string(),
                    title: part.title.to_string(),
                    url: site.base_url.join(&urls::article(&part.slug)),
                    published: time(part.published_at),
                })
                .collect(),
        }
    }
}

/// A moment as the API writes it: `2025-06-05T12:00:00Z`.
fn time(moment: DateTime<Utc>) -> String {
    moment.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A description as HTML, or none if it is blank (as the pages show it).
fn html(markdown: &Markdown) -> Option<String> {
    (!markdown.is_blank()).then(|| markdown_to_html(markdown).into_string())
}

/// The absolute URL of the Atom feed of `of`.
fn feed(site: &Site, of: FeedOf<'_>) -> Option<String> {
    urls::feed(of, FeedFormat::Atom).map(|path| site.base_url.join(&path))
}

/// A summary as HTML: an excerpt is the author's Markdown, rendered and
/// sanitised as the article's text is; a given summary is plain text, so
/// it becomes one escaped paragraph; no summary at all is "".
fn summary_html(summary: Summary<'_>) -> String {
    match summary {
        Summary::Excerpt(markdown) => markdown_to_html(&Markdown::new(markdown)).into_string(),
        Summary::Given(text) => format!("<p>{}</p>\n", blog_render::html_escape(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(summary: Summary<'_>, expected: &str) {
        assert_eq!(summary_html(summary), expected, "{summary:?}");
    }

    #[test]
    fn summaries_as_html() {
        check(
            Summary::Excerpt("Some *Markdown*."),
            "<p>Some <em>Markdown</em>.</p>\n",
        );
        check(
            Summary::Excerpt("Raw <script>alert(1)</script> HTML."),
            "<p>Raw  HTML.</p>\n",
        );
        check(Summary::Excerpt(""), "");
        check(
            Summary::Given("Plain <b>text</b> & *stars*."),
            "<p>Plain &lt;b&gt;text&lt;/b&gt; &amp; *stars*.</p>\n",
        );
    }
}
