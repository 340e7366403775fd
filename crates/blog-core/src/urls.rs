//! The site's URL scheme, shared by the server, the static build and every
//! link a renderer writes. Paths are absolute from the site root and end in
//! `/` for pages.

use crate::{CategorySort, PageNumber, Slug};

/// The home page, or page `n` of the newest articles.
pub fn home(page: PageNumber) -> String {
    if page == PageNumber::FIRST {
        "/".to_owned()
    } else {
        format!("/page/{page}/")
    }
}

/// An article's page.
pub fn article(slug: &Slug) -> String {
    format!("/articles/{slug}/")
}

/// The page listing every category.
pub const CATEGORIES: &str = "/categories/";

/// Page `page` of the list of categories in the order `sort`:
/// `/categories/`, `/categories/page/{n}/`, `/categories/sort/{sort}/`,
/// `/categories/sort/{sort}/page/{n}/`. None of these can be a category's
/// page, which has a single segment after `/categories/`.
pub fn categories(sort: CategorySort, page: PageNumber) -> String {
    let mut path = CATEGORIES.to_owned();
    if sort != CategorySort::default() {
        path.push_str(&format!("sort/{}/", sort.as_str()));
    }
    if page != PageNumber::FIRST {
        path.push_str(&format!("page/{page}/"));
    }
    path
}

/// Page `page` of a category's articles.
pub fn category(slug: &Slug, page: PageNumber) -> String {
    if page == PageNumber::FIRST {
        format!("/categories/{slug}/")
    } else {
        format!("/categories/{slug}/page/{page}/")
    }
}

/// A series' page.
pub fn series(slug: &Slug) -> String {
    format!("/series/{slug}/")
}

/// The page listing every tag.
pub const TAGS: &str = "/tags/";

/// Page `page` of a tag's articles.
pub fn tag(slug: &Slug, page: PageNumber) -> String {
    if page == PageNumber::FIRST {
        format!("/tags/{slug}/")
    } else {
        format!("/tags/{slug}/page/{page}/")
    }
}

/// Every article by year and month.
pub const ARCHIVE: &str = "/archive/";

/// The search page; the query goes in `?q=`.
pub const SEARCH: &str = "/search/";

/// The static search's index, which names its other files
/// ([`crate::search_index`]).
pub const SEARCH_INDEX: &str = "/search/index.json";

/// The folder of the static search's other files, one folder per build of
/// the index: `/search/index/{stamp}/{name}.json`.
pub const SEARCH_INDEX_FILES: &str = "/search/index/";

/// The sitemap for crawlers: every page, or, on a site with more pages
/// than one file lists ([`crate::pages::SITEMAP_URLS`]), the sitemap index
/// naming its parts ([`sitemap_part`]).
pub const SITEMAP: &str = "/sitemap.xml";

/// Part `n` of a sitemap split into parts: `/sitemap-{n}.xml`.
pub fn sitemap_part(n: PageNumber) -> String {
    format!("/sitemap-{n}.xml")
}

/// The rules for crawlers.
pub const ROBOTS: &str = "/robots.txt";

/// What a feed follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedOf<'a> {
    /// The whole site.
    Site,
    /// A category (and those below it).
    Category(&'a Slug),
    /// A tag.
    Tag(&'a Slug),
    /// A series.
    Series(&'a Slug),
}

/// A feed's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    /// Atom 1.0, for the site and every category, tag and series.
    Atom,
    /// RSS 2.0, for the site.
    Rss,
    /// JSON Feed 1.1, for the site.
    Json,
}

impl FeedFormat {
    /// The `Content-Type` of a feed in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Atom => "application/atom+xml; charset=utf-8",
            Self::Rss => "application/rss+xml; charset=utf-8",
            Self::Json => "application/feed+json; charset=utf-8",
        }
    }
}

/// Where the feed of `of` in `format` lives: `/feed.xml`, `/rss.xml` and
/// `/feed.json` for the site, `feed.xml` under a category's, tag's or
/// series' page for Atom. `None` for RSS and JSON below the site level,
/// which are not served.
pub fn feed(of: FeedOf<'_>, format: FeedFormat) -> Option<String> {
    match (of, format) {
        (FeedOf::Site, FeedFormat::Atom) => Some("/feed.xml".to_owned()),
        (FeedOf::Site, FeedFormat::Rss) => Some("/rss.xml".to_owned()),
        (FeedOf::Site, FeedFormat::Json) => Some("/feed.json".to_owned()),
        (FeedOf::Category(slug), FeedFormat::Atom) => Some(format!("/categories/{slug}/feed.xml")),
        (FeedOf::Tag(slug), FeedFormat::Atom) => Some(format!("/tags/{slug}/feed.xml")),
        (FeedOf::Series(slug), FeedFormat::Atom) => Some(format!("/series/{slug}/feed.xml")),
        _ => None,
    }
}

/// The page a feed follows.
pub fn feed_page(of: FeedOf<'_>) -> String {
    match of {
        FeedOf::Site => home(PageNumber::FIRST),
        FeedOf::Category(slug) => category(slug, PageNumber::FIRST),
        FeedOf::Tag(slug) => tag(slug, PageNumber::FIRST),
        FeedOf::Series(slug) => series(slug),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let slug = Slug::parse("rust").expect("valid");
        let two = PageNumber::new(2).expect("nonzero");
        assert_eq!(home(PageNumber::FIRST), "/");
        assert_eq!(home(two), "/page/2/");
        assert_eq!(article(&slug), "/articles/rust/");
        assert_eq!(category(&slug, PageNumber::FIRST), "/categories/rust/");
        assert_eq!(category(&slug, two), "/categories/rust/page/2/");
        assert_eq!(series(&slug), "/series/rust/");
        assert_eq!(tag(&slug, PageNumber::FIRST), "/tags/rust/");
        assert_eq!(tag(&slug, two), "/tags/rust/page/2/");
        assert_eq!(sitemap_part(PageNumber::FIRST), "/sitemap-1.xml");
        assert_eq!(sitemap_part(two), "/sitemap-2.xml");
    }

    #[test]
    fn category_lists() {
        let two = PageNumber::new(2).expect("nonzero");
        assert_eq!(
            categories(CategorySort::Name, PageNumber::FIRST),
            CATEGORIES
        );
        assert_eq!(categories(CategorySort::Name, two), "/categories/page/2/");
        assert_eq!(
            categories(CategorySort::Count, PageNumber::FIRST),
            "/categories/sort/count/"
        );
        assert_eq!(
            categories(CategorySort::Latest, two),
            "/categories/sort/latest/page/2/"
        );
    }

    #[test]
    fn feeds() {
        let slug = Slug::parse("rust").expect("valid");
        let check = |of, format, expected: Option<&str>| {
            assert_eq!(feed(of, format).as_deref(), expected, "{of:?} {format:?}");
        };
        check(FeedOf::Site, FeedFormat::Atom, Some("/feed.xml"));
        check(FeedOf::Site, FeedFormat::Rss, Some("/rss.xml"));
        check(FeedOf::Site, FeedFormat::Json, Some("/feed.json"));
        check(
            FeedOf::Category(&slug),
            FeedFormat::Atom,
            Some("/categories/rust/feed.xml"),
        );
        check(
            FeedOf::Tag(&slug),
            FeedFormat::Atom,
            Some("/tags/rust/feed.xml"),
        );
        check(
            FeedOf::Series(&slug),
            FeedFormat::Atom,
            Some("/series/rust/feed.xml"),
        );
        check(FeedOf::Tag(&slug), FeedFormat::Rss, None);
        check(FeedOf::Series(&slug), FeedFormat::Json, None);
        assert_eq!(feed_page(FeedOf::Tag(&slug)), "/tags/rust/");
        assert_eq!(feed_page(FeedOf::Site), "/");
    }
}
