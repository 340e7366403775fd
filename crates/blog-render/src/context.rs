//! What the templates see: plain serialisable values built from a [`View`].
//!
//! Every string here is plain text, which the templates escape, except
//! [`Markup`]: HTML that only [`markdown_to_html`] produces, passed to the
//! templates already marked safe. Every URL comes from [`blog_core::urls`].
//!
//! [`View`]: blog_core::View

use blog_core::{
    Article, Category, Html, ListingView, Markdown, NotFoundView, Page, PageNumber, Site, Slug,
    urls,
};
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use crate::assets;
use crate::markdown::{markdown_to_html, summary_text};

mod article;
mod category;
mod series;

pub(crate) use article::article;
pub(crate) use category::{categories, category};
pub(crate) use series::series;

/// The site's own values, the same on every page.
#[derive(Debug, Serialize)]
pub(crate) struct SiteContext {
    title: String,
    description: String,
    home: String,
    categories: &'static str,
    stylesheet: &'static str,
}

impl SiteContext {
    pub(crate) fn new(site: &Site) -> Self {
        Self {
            title: site.title.clone(),
            description: site.description.clone(),
            home: urls::home(PageNumber::FIRST),
            categories: urls::CATEGORIES,
            stylesheet: assets::STYLESHEET,
        }
    }
}

/// One page: its `<head>` values, which navigation link is current, and
/// what the page itself shows.
#[derive(Debug, Serialize)]
pub(crate) struct Document<T> {
    head: Head,
    nav: Nav,
    page: T,
}

#[derive(Debug, Serialize)]
struct Head {
    title: String,
    description: String,
}

impl Head {
    /// "{page} · {site}", or the site's title alone for the front page.
    fn new(site: &Site, page: Option<&str>, description: String) -> Self {
        let title = match page {
            Some(page) => format!("{page} · {}", site.title),
            None => site.title.clone(),
        };
        Self { title, description }
    }
}

/// The `aria-current` value of each navigation link, if the page is in its
/// section: `page` on the section's own page, `true` below it.
#[derive(Debug, Default, Serialize)]
struct Nav {
    articles: Option<&'static str>,
    categories: Option<&'static str>,
}

/// HTML rendered from Markdown, marked safe for the templates.
#[derive(Debug)]
pub(crate) struct Markup(Html);

impl Markup {
    fn of(markdown: &Markdown) -> Option<Self> {
        (!markdown.is_blank()).then(|| Self(markdown_to_html(markdown)))
    }
}

impl Serialize for Markup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        minijinja::Value::from_safe_string(self.0.as_str().to_owned()).serialize(serializer)
    }
}

#[derive(Debug, Serialize)]
struct Date {
    /// RFC 3339, for `<time datetime>`.
    iso: String,
    /// "31 January 2025".
    human: String,
}

impl Date {
    fn of(time: DateTime<Utc>) -> Self {
        Self {
            iso: time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            human: time.format("%-d %B %Y").to_string(),
        }
    }
}

/// A category label: its name, linking to its page.
#[derive(Debug, Serialize)]
struct Label {
    name: String,
    url: String,
}

impl Label {
    /// The label of `category`.
    fn of(category: &Category) -> Self {
        Self {
            name: category.name.to_string(),
            url: urls::category(&category.slug, PageNumber::FIRST),
        }
    }
}

/// The labels of `slugs`, named from `categories`; a slug that names no
/// category shows as itself.
fn labels(slugs: &[Slug], categories: &[Category]) -> Vec<Label> {
    slugs
        .iter()
        .map(|slug| Label {
            name: Category::name_in(categories, slug).to_owned(),
            url: urls::category(slug, PageNumber::FIRST),
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct Card {
    title: String,
    url: String,
    summary: String,
    date: Date,
    categories: Vec<Label>,
    tags: Vec<String>,
}

/// The names of an article's tags, as the author wrote them. Plain text:
/// tags have no pages to link to yet.
fn tag_names(article: &Article) -> Vec<String> {
    article.tags.iter().map(|t| t.name().to_owned()).collect()
}

impl Card {
    fn of(article: &Article, categories: &[Category]) -> Self {
        Self {
            title: article.title.to_string(),
            url: urls::article(&article.slug),
            summary: summary_text(article.summary()),
            date: Date::of(article.published_at),
            categories: labels(&article.categories, categories),
            tags: tag_names(article),
        }
    }
}

/// Links to the newer and older pages of a listing, when there are any.
#[derive(Debug, Serialize)]
struct Pager {
    number: u32,
    total: u32,
    newer: Option<String>,
    older: Option<String>,
}

impl Pager {
    fn of(page: &Page<Article>, url: impl Fn(PageNumber) -> String) -> Option<Self> {
        let newer = page.prev().map(&url);
        let older = page.next().map(&url);
        (newer.is_some() || older.is_some()).then(|| Self {
            number: page.number.get(),
            total: page.total_pages(),
            newer,
            older,
        })
    }
}

/// A page of cards.
#[derive(Debug, Serialize)]
pub(crate) struct Listing {
    cards: Vec<Card>,
    pager: Option<Pager>,
}

impl Listing {
    fn of(view: &ListingView<'_>, url: impl Fn(PageNumber) -> String) -> Self {
        Self {
            cards: view
                .articles
                .items
                .iter()
                .map(|a| Card::of(a, view.categories))
                .collect(),
            pager: Pager::of(view.articles, url),
        }
    }
}

/// `View::Home`: the newest articles.
pub(crate) fn home(site: &Site, view: &ListingView<'_>) -> Document<Listing> {
    let number = view.articles.number;
    let title = (number != PageNumber::FIRST).then(|| format!("Articles, page {number}"));
    Document {
        head: Head::new(site, title.as_deref(), site.description.clone()),
        nav: Nav {
            articles: Some(if title.is_none() { "page" } else { "true" }),
            ..Nav::default()
        },
        page: Listing::of(view, urls::home),
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct NotFoundPage {
    path: String,
}

/// `View::NotFound`.
pub(crate) fn not_found(site: &Site, view: &NotFoundView<'_>) -> Document<NotFoundPage> {
    Document {
        head: Head::new(site, Some("Page not found"), site.description.clone()),
        nav: Nav::default(),
        page: NotFoundPage {
            path: view.path.to_owned(),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct GonePage {
    path: String,
}

/// `View::Gone`: an article that was deleted.
pub(crate) fn gone(site: &Site, path: &str) -> Document<GonePage> {
    Document {
        head: Head::new(site, Some("Article removed"), site.description.clone()),
        nav: Nav::default(),
        page: GonePage {
            path: path.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn dates() {
        let date = Date::of(
            Utc.with_ymd_and_hms(2025, 1, 31, 12, 0, 0)
                .single()
                .expect("valid date"),
        );
        assert_eq!(date.iso, "2025-01-31T12:00:00Z");
        assert_eq!(date.human, "31 January 2025");
        let date = Date::of(
            Utc.with_ymd_and_hms(2025, 3, 5, 0, 0, 0)
                .single()
                .expect("valid date"),
        );
        assert_eq!(date.human, "5 March 2025");
    }

    #[test]
    fn unknown_categories_show_their_slug() {
        let slug = |s: &str| Slug::parse(s).expect("valid slug");
        let rust = Category::new(
            slug("rust"),
            blog_core::Title::parse("Rust").expect("valid title"),
            Markdown::default(),
        );
        let got: Vec<(String, String)> = labels(&[slug("rust"), slug("gone")], &[rust])
            .into_iter()
            .map(|l| (l.name, l.url))
            .collect();
        assert_eq!(
            got,
            [
                ("Rust".to_owned(), "/categories/rust/".to_owned()),
                ("gone".to_owned(), "/categories/gone/".to_owned()),
            ]
        );
    }
}
