//! What `sitemap.xml` (sitemaps.org 0.9) and `robots.txt` list.

use blog_core::{CategoryTree, Headline, PageNumber, Site, SitemapView, Slug, urls};
use serde::Serialize;

use super::{Date, revised};

/// Every page crawlers should know, as `sitemap.xml` lists it.
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

/// The latest revision among `headlines`, as a sitemap date.
fn lastmod<'a>(headlines: impl IntoIterator<Item = &'a Headline>) -> Option<String> {
    headlines
        .into_iter()
        .map(|h| revised(h.published_at, h.updated_at))
        .max()
        .map(Date::rfc3339)
}

impl Sitemap {
    /// The home page and the archive, the lists of categories and tags, every
    /// category with an article, every tag and series, then every article.
    /// A page carries the latest revision of the articles it lists (a
    /// category's include those of the categories below it); the lists of
    /// categories and tags, which show names and counts, carry none.
    pub(crate) fn new(site: &Site, view: &SitemapView<'_>) -> Self {
        let all = view.headlines;
        let mut urls = Vec::new();
        let mut add = |path: &str, lastmod: Option<String>| {
            urls.push(Url {
                loc: site.base_url.join(path),
                lastmod,
            });
        };
        add(&urls::home(PageNumber::FIRST), lastmod(all));
        add(urls::ARCHIVE, lastmod(all));
        add(urls::CATEGORIES, None);
        let tree = CategoryTree::new(view.categories.iter().map(|s| &s.category));
        for stats in view.categories.iter().filter(|s| s.articles > 0) {
            let slug = &stats.category.slug;
            let subtree = tree.subtree(slug);
            let listed = all
                .iter()
                .filter(|h| h.categories.iter().any(|c| subtree.contains(c)));
            add(&urls::category(slug, PageNumber::FIRST), lastmod(listed));
        }
        add(urls::TAGS, None);
        for count in view.tags {
            let slug = count.tag.slug();
            let tagged = all
                .iter()
                .filter(|h| h.tags.iter().any(|t| t.slug() == slug));
            add(&urls::tag(slug, PageNumber::FIRST), lastmod(tagged));
        }
        for series in view.series {
            let parts = all.iter().filter(|h| in_series(h, &series.slug));
            add(&urls::series(&series.slug), lastmod(parts));
        }
        for headline in all {
            add(
                &urls::article(&headline.slug),
                lastmod(std::iter::once(headline)),
            );
        }
        Self { urls }
    }
}

fn in_series(headline: &Headline, slug: &Slug) -> bool {
    headline.series.as_ref().is_some_and(|s| &s.series == slug)
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
