//! What the sitemap (sitemaps.org 0.9) and `robots.txt` list: a
//! `<urlset>` of pages (the whole sitemap, or one part of it) and the
//! sitemap index naming the parts.

use std::collections::HashMap;
use std::ops::Range;

use blog_core::{CategoryTree, Headline, PageNumber, Site, SitemapPage, SitemapView, Slug, urls};
use serde::Serialize;

use super::{Date, revised};

/// The pages crawlers should know, as a `<urlset>` lists them.
#[derive(Debug, Serialize)]
pub(crate) struct Sitemap {
    urls: Vec<Url>,
}

/// One page: its absolute URL and, where it is known, when what it shows
/// last changed (a W3C datetime).
#[derive(Debug, Serialize)]
struct Url {
    loc: String,
    lastmod: Option<String>,
}

impl Sitemap {
    /// The pages of `view` at positions `range` of [`SitemapView::pages`].
    /// A page carries the latest revision of the articles it lists (a
    /// category's include those of the categories below it); the lists of
    /// categories and tags, which show names and counts, carry none.
    pub(crate) fn new(site: &Site, view: &SitemapView<'_>, range: Range<usize>) -> Self {
        let pages = || view.pages().skip(range.start).take(range.len());
        let latest = Latest::new(view, pages());
        let urls = pages()
            .map(|page| {
                let (path, lastmod) = latest.of(page);
                Url {
                    loc: site.base_url.join(&path),
                    lastmod: lastmod.map(Date::rfc3339),
                }
            })
            .collect();
        Self { urls }
    }
}

/// The latest revision of the articles each page of a sitemap lists, found
/// in one pass over the articles (a page per series, tag or category must
/// not cost a pass each), and only for the kinds of page a file lists: the
/// parts of a large sitemap that list only articles need none.
struct Latest<'a> {
    /// Of every article.
    all: Option<Date>,
    /// Of the articles in each category itself (not those below it).
    by_category: HashMap<&'a Slug, Date>,
    by_tag: HashMap<&'a Slug, Date>,
    by_series: HashMap<&'a Slug, Date>,
    tree: CategoryTree,
}

impl<'a> Latest<'a> {
    /// The dates `pages` of `view` need.
    fn new<'p>(view: &SitemapView<'a>, pages: impl Iterator<Item = SitemapPage<'p>>) -> Self {
        let (mut all, mut categories, mut tags, mut series) = (false, false, false, false);
        for page in pages {
            match page {
                SitemapPage::Home | SitemapPage::Archive => all = true,
                SitemapPage::Category(_) => categories = true,
                SitemapPage::Tag(_) => tags = true,
                SitemapPage::Series(_) => series = true,
                SitemapPage::Categories | SitemapPage::Tags | SitemapPage::Article(_) => {}
            }
        }
        let mut latest = Self {
            all: None,
            by_category: HashMap::new(),
            by_tag: HashMap::new(),
            by_series: HashMap::new(),
            tree: CategoryTree::new(view.categories.iter().map(|s| &s.category)),
        };
        if !(all || categories || tags || series) {
            return latest;
        }
        let later = |kept: &mut Date, date: Date| *kept = (*kept).max(date);
        for headline in view.headlines {
            let date = revision(headline);
            if all {
                latest.all = latest.all.max(Some(date));
            }
            for category in headline.categories.iter().filter(|_| categories) {
                later(latest.by_category.entry(category).or_insert(date), date);
            }
            for tag in headline.tags.iter().filter(|_| tags) {
                later(latest.by_tag.entry(tag.slug()).or_insert(date), date);
            }
            if let Some(membership) = headline.series.as_ref().filter(|_| series) {
                later(
                    latest.by_series.entry(&membership.series).or_insert(date),
                    date,
                );
            }
        }
        latest
    }

    /// The path of `page` and the latest revision of what it lists.
    fn of(&self, page: SitemapPage<'_>) -> (String, Option<Date>) {
        match page {
            SitemapPage::Home => (urls::home(PageNumber::FIRST), self.all),
            SitemapPage::Archive => (urls::ARCHIVE.to_owned(), self.all),
            SitemapPage::Categories => (urls::CATEGORIES.to_owned(), None),
            SitemapPage::Category(stats) => {
                let slug = &stats.category.slug;
                let latest = self
                    .tree
                    .subtree(slug)
                    .iter()
                    .filter_map(|c| self.by_category.get(c).copied())
                    .max();
                (urls::category(slug, PageNumber::FIRST), latest)
            }
            SitemapPage::Tags => (urls::TAGS.to_owned(), None),
            SitemapPage::Tag(count) => {
                let slug = count.tag.slug();
                (
                    urls::tag(slug, PageNumber::FIRST),
                    self.by_tag.get(slug).copied(),
                )
            }
            SitemapPage::Series(series) => (
                urls::series(&series.slug),
                self.by_series.get(&series.slug).copied(),
            ),
            SitemapPage::Article(headline) => {
                (urls::article(&headline.slug), Some(revision(headline)))
            }
        }
    }
}

/// When `headline`'s article last changed as a reader sees it.
fn revision(headline: &Headline) -> Date {
    revised(headline.published_at, headline.updated_at)
}

/// A sitemap index, as its template sees it: where each part is.
#[derive(Debug, Serialize)]
pub(crate) struct SitemapIndex {
    parts: Vec<Part>,
}

/// One part of a sitemap split into parts. It carries no `<lastmod>`: the
/// articles are listed newest first, so a new article moves one into every
/// part after its own, and no date short of the newest change would say
/// truly when a part last changed.
#[derive(Debug, Serialize)]
struct Part {
    loc: String,
}

impl SitemapIndex {
    /// The index of the `parts` parts of a sitemap.
    pub(crate) fn new(site: &Site, parts: u32) -> Self {
        let parts = (1..=parts)
            .filter_map(PageNumber::new)
            .map(|n| Part {
                loc: site.base_url.join(&urls::sitemap_part(n)),
            })
            .collect();
        Self { parts }
    }
}

/// What `robots.txt` says: crawl everything but the paths listed, and where
/// the sitemap is.
#[derive(Debug, Serialize)]
pub(crate) struct Robots {
    disallow: [String; 1],
    sitemap: String,
}

impl Robots {
    /// Search results are endless and duplicate the articles: crawlers skip
    /// them.
    pub(crate) fn new(site: &Site) -> Self {
        Self {
            disallow: [server_path(&site.base_url.join(urls::SEARCH))],
            sitemap: site.base_url.join(urls::SITEMAP),
        }
    }
}

/// The path of absolute URL `url` on its server, as robots.txt rules need
/// it: `/blog/search/` for a site at `https://example.org/blog`.
fn server_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(at) => after_scheme[at..].to_owned(),
        None => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, expected: &str) {
        assert_eq!(server_path(url), expected, "{url}");
    }

    #[test]
    fn server_paths() {
        check("https://example.org/search/", "/search/");
        check("http://127.0.0.1:3000/blog/search/", "/blog/search/");
        check("https://example.org", "/");
    }
}
