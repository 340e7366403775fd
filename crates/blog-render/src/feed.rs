//! Feeds (Atom, RSS, JSON Feed), the sitemap and `robots.txt`: what the
//! templates of feeds and crawler files see, built from a
//! [`FeedView`] or a [`SitemapView`](blog_core::SitemapView).
//!
//! Every absolute URL is `site.base_url` joined to a path of
//! [`blog_core::urls`]. Text is cleaned of the characters XML 1.0 forbids
//! when it is gathered here, so every format gets the same values; the XML
//! templates escape what they print ([`xml`]).

use blog_core::urls::{self, FeedFormat, FeedOf};
use blog_core::{Article, Category, FeedView, Site};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::markdown::{markdown_to_feed_html, summary_text};

mod json;
mod sitemap;
pub(crate) mod xml;

pub(crate) use json::json;
pub(crate) use sitemap::{Robots, Sitemap, SitemapIndex};

/// The template of Atom feeds.
pub(crate) const ATOM: &str = "feed.atom.xml";
/// The template of the RSS feed.
pub(crate) const RSS: &str = "feed.rss.xml";
/// The template of `sitemap.xml` and of each part of a sitemap split into
/// parts: a `<urlset>`.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The template of `sitemap.xml` when the sitemap is split into parts: a
/// `<sitemapindex>`.
pub(crate) const SITEMAP_INDEX: &str = "sitemap_index.xml";
/// The template of `robots.txt`.
pub(crate) const ROBOTS: &str = "robots.txt";

/// The built-in templates of feeds and crawler files, by name. `.xml`
/// templates escape what they print for XML; `robots.txt` prints only URLs.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (ATOM, include_str!("../templates/feed.atom.xml")),
    (RSS, include_str!("../templates/feed.rss.xml")),
    (SITEMAP, include_str!("../templates/sitemap.xml")),
    (
        SITEMAP_INDEX,
        include_str!("../templates/sitemap_index.xml"),
    ),
    (ROBOTS, include_str!("../templates/robots.txt")),
];

/// An instant in the formats feeds use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(DateTime<Utc>);

impl Date {
    /// RFC 3339 in UTC to the second, `2025-01-31T12:00:00Z`: Atom, JSON
    /// Feed, and the W3C datetime of sitemaps.
    pub(crate) fn rfc3339(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// RFC 2822, `Fri, 31 Jan 2025 12:00:00 +0000`: RSS.
    pub(crate) fn rfc2822(self) -> String {
        self.0.to_rfc2822()
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Formats {
            rfc3339: String,
            rfc2822: String,
        }
        Formats {
            rfc3339: self.rfc3339(),
            rfc2822: self.rfc2822(),
        }
        .serialize(serializer)
    }
}

/// When an article last changed as a reader sees it: its update, or its
/// publication if that is later (a scheduled article is written, hence
/// updated, before it appears).
pub(crate) fn revised(published_at: DateTime<Utc>, updated_at: DateTime<Utc>) -> Date {
    Date(published_at.max(updated_at))
}

/// The site's name for a feed's title and author: its title, or its URL if
/// the title is blank (Atom requires a name).
fn site_name(site: &Site) -> String {
    match site.title.trim() {
        "" => site.base_url.to_string(),
        title => xml::strip(title),
    }
}

/// A feed as its templates see it.
#[derive(Debug, Serialize)]
pub(crate) struct Feed {
    /// The site's name, or "{site} — {name}" below the site level.
    title: String,
    /// The site's description (its name if it has none).
    description: String,
    /// The feed's own absolute URL, which is also its Atom id.
    self_url: String,
    /// The absolute URL of the page it follows.
    page_url: String,
    /// The latest `updated` of its entries; the Unix epoch for a feed with
    /// no entry (Atom requires a date, and the empty feed has had no change
    /// that a reader could miss; the renderer reads no clock).
    updated: Date,
    author: Author,
    entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
struct Author {
    name: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct Entry {
    /// The article's absolute URL, which is also its id.
    url: String,
    title: String,
    /// The summary as plain text ("" if there is none).
    summary: String,
    /// The summary as HTML (the text escaped), for RSS' `<description>`,
    /// which readers take as HTML.
    summary_html: String,
    /// The whole article as HTML, with absolute URLs.
    content_html: String,
    published: Date,
    updated: Date,
    /// Its categories' names, then its tags' names.
    categories: Vec<Term>,
}

/// A category or tag of an entry: its name, and the absolute URL of the
/// list it belongs to (`/categories/` or `/tags/`) as its scheme.
#[derive(Debug, Serialize)]
struct Term {
    term: String,
    scheme: String,
}

/// Why a feed cannot be made: RSS and JSON Feed exist for the site only.
#[derive(Debug)]
pub(crate) struct NotServed;

impl Feed {
    /// The feed of `view` in `format`.
    pub(crate) fn new(
        site: &Site,
        view: &FeedView<'_>,
        format: FeedFormat,
    ) -> Result<Self, NotServed> {
        let self_path = urls::feed(view.of, format).ok_or(NotServed)?;
        let name = site_name(site);
        let title = match view.of {
            FeedOf::Site => name.clone(),
            _ => format!("{name} — {}", xml::strip(view.title)),
        };
        let description = match site.description.trim() {
            "" => name.clone(),
            description => xml::strip(description),
        };
        let entries: Vec<Entry> = view
            .articles
            .iter()
            .map(|article| Entry::of(site, article, view.categories))
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(Date(DateTime::UNIX_EPOCH));
        Ok(Self {
            title,
            description,
            self_url: site.base_url.join(&self_path),
            page_url: site.base_url.join(&urls::feed_page(view.of)),
            updated,
            author: Author {
                name,
                url: site
                    .base_url
                    .join(&urls::home(blog_core::PageNumber::FIRST)),
            },
            entries,
        })
    }
}

impl Entry {
    fn of(site: &Site, article: &Article, categories: &[Category]) -> Self {
        let url = site.base_url.join(&urls::article(&article.slug));
        let summary = xml::strip(&summary_text(article.summary()));
        let category_scheme = site.base_url.join(urls::CATEGORIES);
        let tag_scheme = site.base_url.join(urls::TAGS);
        let terms = article
            .categories
            .iter()
            .map(|slug| Term {
                term: xml::strip(Category::name_in(categories, slug)),
                scheme: category_scheme.clone(),
            })
            .chain(article.tags.iter().map(|tag| Term {
                term: xml::strip(tag.name()),
                scheme: tag_scheme.clone(),
            }))
            .collect();
        Self {
            content_html: xml::strip(markdown_to_feed_html(&article.body, &url).as_str()),
            summary_html: html_escape(&summary),
            summary,
            title: xml::strip(article.title.as_str()),
            published: Date(article.published_at),
            updated: revised(article.published_at, article.updated_at),
            categories: terms,
            url,
        }
    }
}

/// Plain text as HTML: `&`, `<`, `>` and quotes escaped.
pub fn html_escape(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("valid date")
    }

    fn check(time: DateTime<Utc>, rfc3339: &str, rfc2822: &str) {
        assert_eq!(Date(time).rfc3339(), rfc3339);
        assert_eq!(Date(time).rfc2822(), rfc2822);
    }

    #[test]
    fn date_formats() {
        check(
            at(2025, 1, 31, 12, 0, 0),
            "2025-01-31T12:00:00Z",
            "Fri, 31 Jan 2025 12:00:00 +0000",
        );
        check(
            at(2024, 2, 29, 23, 59, 59),
            "2024-02-29T23:59:59Z",
            "Thu, 29 Feb 2024 23:59:59 +0000",
        );
        check(
            DateTime::UNIX_EPOCH,
            "1970-01-01T00:00:00Z",
            "Thu, 1 Jan 1970 00:00:00 +0000",
        );
        // Fractions of a second are dropped, not rounded into the next one.
        check(
            at(2025, 3, 5, 8, 7, 6) + chrono::Duration::milliseconds(999),
            "2025-03-05T08:07:06Z",
            "Wed, 5 Mar 2025 08:07:06 +0000",
        );
    }

    #[test]
    fn revised_is_the_later_of_publication_and_update() {
        let early = at(2025, 1, 1, 0, 0, 0);
        let late = at(2025, 2, 1, 0, 0, 0);
        assert_eq!(revised(early, late), Date(late));
        assert_eq!(revised(late, early), Date(late));
    }

    #[test]
    fn summaries_become_html_text() {
        assert_eq!(
            html_escape(r#"a < b & "c" 'd'"#),
            "a &lt; b &amp; &quot;c&quot; &#39;d&#39;"
        );
    }

    #[test]
    fn templates_never_mark_text_safe() {
        for (name, source) in TEMPLATES {
            assert!(!source.contains("safe"), "{name} uses |safe");
            assert!(!source.contains("autoescape"), "{name} turns escaping off");
        }
    }
}
