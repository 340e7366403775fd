//! `route`: a pure function from a method and a path to a typed route.

use blog_core::urls::FeedFormat;
use blog_core::{CategorySort, PageNumber, Slug, search_index, urls};
use hyper::Method;

use crate::api::ApiRoute;

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/` and `/page/{n}/`.
    Home(PageNumber),
    /// `/articles/{slug}/`.
    Article(Slug),
    /// `/categories/`, `/categories/sort/{sort}/` and their `page/{n}/`.
    Categories(CategorySort, PageNumber),
    /// `/categories/{slug}/` and `/categories/{slug}/page/{n}/`.
    Category(Slug, PageNumber),
    /// `/tags/`.
    Tags,
    /// `/tags/{slug}/` and `/tags/{slug}/page/{n}/`.
    Tag(Slug, PageNumber),
    /// `/series/{slug}/`.
    Series(Slug),
    /// `/archive/`.
    Archive,
    /// `/search/`; the query string says what to look for.
    Search,
    /// A feed.
    Feed(Feed),
    /// `/sitemap.xml`.
    Sitemap,
    /// `/sitemap-{n}.xml`: part `n` of a sitemap split into parts (which
    /// parts there are is the page's to say).
    SitemapPart(PageNumber),
    /// `/robots.txt`.
    Robots,
    /// A file of the static search's index, by its path: `/search/index.json`
    /// and `/search/index/{stamp}/{name}.json`.
    SearchIndex(String),
    /// A built-in asset under `/assets/`, by its full path.
    Asset(String),
    /// `/healthz`: whether the server can read its store.
    Health,
    /// The JSON API under `/api/v1/`.
    Api(ApiRoute),
    /// A non-canonical spelling of a page: permanently moved to this path.
    Redirect(String),
    /// Nothing lives at this path.
    NotFound,
    /// A method other than GET or HEAD.
    MethodNotAllowed,
}

/// A feed a request asks for (the owned form of [`urls::FeedOf`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Feed {
    /// The site's feed in one of its formats.
    Site(FeedFormat),
    /// A category's Atom feed.
    Category(Slug),
    /// A tag's Atom feed.
    Tag(Slug),
    /// A series' Atom feed.
    Series(Slug),
}

impl Feed {
    /// What the feed follows.
    pub fn of(&self) -> urls::FeedOf<'_> {
        match self {
            Self::Site(_) => urls::FeedOf::Site,
            Self::Category(slug) => urls::FeedOf::Category(slug),
            Self::Tag(slug) => urls::FeedOf::Tag(slug),
            Self::Series(slug) => urls::FeedOf::Series(slug),
        }
    }

    /// Its format.
    pub fn format(&self) -> FeedFormat {
        match self {
            Self::Site(format) => *format,
            _ => FeedFormat::Atom,
        }
    }
}

/// Maps a request to a route. `path` is the URI's path, without the query.
pub fn route(method: &Method, path: &str) -> Route {
    if method != Method::GET && method != Method::HEAD {
        return Route::MethodNotAllowed;
    }
    if path == "/healthz" {
        return Route::Health;
    }
    if let Some(rest) = path.strip_prefix(crate::api::PREFIX) {
        return crate::api::route(rest);
    }
    if let Some(name) = path.strip_prefix("/assets/") {
        // One file name of letters, digits, `-` and `.`: never hidden,
        // never with a `..` in it, even where no `/` makes it a step up.
        return if !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && !name.starts_with('.')
            && !name.contains("..")
        {
            Route::Asset(path.to_owned())
        } else {
            Route::NotFound
        };
    }
    if search_index::is_index_path(path) {
        return Route::SearchIndex(path.to_owned());
    }
    let Some(inner) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    if let Some(file) = file(inner) {
        return file;
    }
    match inner.strip_suffix('/') {
        // `//`: an empty segment, as in `//articles/a/`, names no page.
        Some("") => Route::NotFound,
        Some(inner) => page(inner),
        None if inner.is_empty() => page(inner),
        // Without the trailing slash: redirect only where the slash would
        // name a page, so a redirect never leads to a 404.
        None => match page(inner) {
            done @ (Route::NotFound | Route::Redirect(_)) => done,
            _ => Route::Redirect(format!("{path}/")),
        },
    }
}

/// Routes the paths that name files, not pages: feeds and the files for
/// crawlers. `inner` is the path without its leading slash.
fn file(inner: &str) -> Option<Route> {
    let route = match inner {
        "feed.xml" => Route::Feed(Feed::Site(FeedFormat::Atom)),
        "rss.xml" => Route::Feed(Feed::Site(FeedFormat::Rss)),
        "feed.json" => Route::Feed(Feed::Site(FeedFormat::Json)),
        "sitemap.xml" => Route::Sitemap,
        "robots.txt" => Route::Robots,
        _ if let Some(n) = sitemap_part(inner) => Route::SitemapPart(n),
        _ => {
            let (folder, rest) = inner.split_once('/')?;
            let slug = Slug::parse(rest.strip_suffix("/feed.xml")?).ok()?;
            Route::Feed(match folder {
                "categories" => Feed::Category(slug),
                "tags" => Feed::Tag(slug),
                "series" => Feed::Series(slug),
                _ => return None,
            })
        }
    };
    Some(route)
}

/// The number of sitemap part `inner`, `sitemap-{n}.xml` as
/// [`urls::sitemap_part`] writes it (no leading zero).
fn sitemap_part(inner: &str) -> Option<PageNumber> {
    PageNumber::parse(inner.strip_prefix("sitemap-")?.strip_suffix(".xml")?)
}

/// Routes a page path given without its leading and trailing slashes.
fn page(inner: &str) -> Route {
    if inner.is_empty() {
        return Route::Home(PageNumber::FIRST);
    }
    let segments: Vec<&str> = inner.split('/').collect();
    match segments.as_slice() {
        ["page", n] => match PageNumber::parse(n) {
            Some(PageNumber::FIRST) => Route::Redirect(urls::home(PageNumber::FIRST)),
            Some(n) => Route::Home(n),
            None => Route::NotFound,
        },
        ["articles", slug] => Slug::parse(slug).map_or(Route::NotFound, Route::Article),
        ["categories"] => Route::Categories(CategorySort::Name, PageNumber::FIRST),
        ["categories", "page", n] => categories(CategorySort::Name, n),
        ["categories", "sort", sort] => match CategorySort::parse(sort) {
            Some(CategorySort::Name) => Route::Redirect(urls::CATEGORIES.to_owned()),
            Some(sort) => Route::Categories(sort, PageNumber::FIRST),
            None => Route::NotFound,
        },
        ["categories", "sort", sort, "page", n] => match CategorySort::parse(sort) {
            // The default order's pages have shorter paths.
            Some(CategorySort::Name) => match PageNumber::parse(n) {
                Some(n) => Route::Redirect(urls::categories(CategorySort::Name, n)),
                None => Route::NotFound,
            },
            Some(sort) => categories(sort, n),
            None => Route::NotFound,
        },
        ["categories", slug] => {
            Slug::parse(slug).map_or(Route::NotFound, |s| Route::Category(s, PageNumber::FIRST))
        }
        ["categories", slug, "page", n] => match (Slug::parse(slug), PageNumber::parse(n)) {
            (Ok(s), Some(PageNumber::FIRST)) => {
                Route::Redirect(urls::category(&s, PageNumber::FIRST))
            }
            (Ok(s), Some(n)) => Route::Category(s, n),
            _ => Route::NotFound,
        },
        ["tags"] => Route::Tags,
        ["tags", slug] => {
            Slug::parse(slug).map_or(Route::NotFound, |s| Route::Tag(s, PageNumber::FIRST))
        }
        ["tags", slug, "page", n] => match (Slug::parse(slug), PageNumber::parse(n)) {
            (Ok(s), Some(PageNumber::FIRST)) => Route::Redirect(urls::tag(&s, PageNumber::FIRST)),
            (Ok(s), Some(n)) => Route::Tag(s, n),
            _ => Route::NotFound,
        },
        ["series", slug] => Slug::parse(slug).map_or(Route::NotFound, Route::Series),
        ["archive"] => Route::Archive,
        ["search"] => Route::Search,
        _ => Route::NotFound,
    }
}

/// Page `n` of the list of categories in order `sort`; page 1 has its own
/// path.
fn categories(sort: CategorySort, n: &str) -> Route {
    match PageNumber::parse(n) {
        Some(PageNumber::FIRST) => Route::Redirect(urls::categories(sort, PageNumber::FIRST)),
        Some(n) => Route::Categories(sort, n),
        None => Route::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid test slug")
    }

    fn n(n: u32) -> PageNumber {
        PageNumber::new(n).expect("nonzero")
    }

    fn check(path: &str, expected: Route) {
        assert_eq!(route(&Method::GET, path), expected, "GET {path}");
    }

    #[test]
    fn pages() {
        check("/", Route::Home(n(1)));
        check("/page/2/", Route::Home(n(2)));
        check(
            "/articles/hello-world/",
            Route::Article(slug("hello-world")),
        );
        check("/categories/", Route::Categories(CategorySort::Name, n(1)));
        check(
            "/categories/page/2/",
            Route::Categories(CategorySort::Name, n(2)),
        );
        check(
            "/categories/sort/count/",
            Route::Categories(CategorySort::Count, n(1)),
        );
        check(
            "/categories/sort/latest/page/3/",
            Route::Categories(CategorySort::Latest, n(3)),
        );
        // A category may be called "page" or "sort": its pages stay its own.
        check("/categories/page/", Route::Category(slug("page"), n(1)));
        check("/categories/sort/", Route::Category(slug("sort"), n(1)));
        check(
            "/categories/page/page/2/",
            Route::Category(slug("page"), n(2)),
        );
        check("/tags/", Route::Tags);
        check("/tags/async/", Route::Tag(slug("async"), n(1)));
        check("/tags/async/page/2/", Route::Tag(slug("async"), n(2)));
        check("/archive/", Route::Archive);
        check("/search/", Route::Search);
        check("/categories/rust/", Route::Category(slug("rust"), n(1)));
        check(
            "/categories/rust/page/3/",
            Route::Category(slug("rust"), n(3)),
        );
        check("/series/engine/", Route::Series(slug("engine")));
        check(
            "/assets/style.css",
            Route::Asset("/assets/style.css".into()),
        );
    }

    #[test]
    fn files() {
        check("/feed.xml", Route::Feed(Feed::Site(FeedFormat::Atom)));
        check("/rss.xml", Route::Feed(Feed::Site(FeedFormat::Rss)));
        check("/feed.json", Route::Feed(Feed::Site(FeedFormat::Json)));
        check(
            "/categories/rust/feed.xml",
            Route::Feed(Feed::Category(slug("rust"))),
        );
        check(
            "/tags/async/feed.xml",
            Route::Feed(Feed::Tag(slug("async"))),
        );
        check(
            "/series/engine/feed.xml",
            Route::Feed(Feed::Series(slug("engine"))),
        );
        check("/sitemap.xml", Route::Sitemap);
        check("/sitemap-1.xml", Route::SitemapPart(n(1)));
        check("/sitemap-12.xml", Route::SitemapPart(n(12)));
        for part in [n(1), n(7), n(101)] {
            check(&urls::sitemap_part(part), Route::SitemapPart(part));
        }
        check("/robots.txt", Route::Robots);
        // Every feed path is the one the URL scheme writes.
        for feed in [
            Feed::Site(FeedFormat::Atom),
            Feed::Site(FeedFormat::Rss),
            Feed::Site(FeedFormat::Json),
            Feed::Category(slug("rust")),
            Feed::Tag(slug("async")),
            Feed::Series(slug("engine")),
        ] {
            let path = urls::feed(feed.of(), feed.format()).expect("a served feed");
            check(&path, Route::Feed(feed));
        }
    }

    #[test]
    fn static_search_files() {
        let index = |path: &str| Route::SearchIndex(path.to_owned());
        check("/search/index.json", index("/search/index.json"));
        for path in [
            "/search/index/0123456789abcdef/t0.json",
            "/search/index/0123456789abcdef/d12.json",
            "/search/index/0123456789abcdef/filters.json",
        ] {
            check(path, index(path));
        }
        // Only the shapes the index writes: anything else is no file.
        for path in [
            "/search/index/0123456789ABCDEF/t0.json",
            "/search/index/0123456789abcde/t0.json",
            "/search/index/0123456789abcdef/../t0.json",
            "/search/index/0123456789abcdef/t0.JSON",
            "/search/index/0123456789abcdef/.json",
            "/search/index/0123456789abcdef/a/b.json",
        ] {
            check(path, Route::NotFound);
        }
        // The search page keeps its path.
        check("/search/", Route::Search);
        check("/search/index/", Route::NotFound);
    }

    #[test]
    fn canonical_forms_redirect() {
        check(
            "/articles/hello-world",
            Route::Redirect("/articles/hello-world/".into()),
        );
        check("/categories", Route::Redirect("/categories/".into()));
        check(
            "/categories/rust/page/2",
            Route::Redirect("/categories/rust/page/2/".into()),
        );
        check("/series/engine", Route::Redirect("/series/engine/".into()));
        check("/page/1/", Route::Redirect("/".into()));
        check("/page/1", Route::Redirect("/".into()));
        check(
            "/categories/rust/page/1/",
            Route::Redirect("/categories/rust/".into()),
        );
        check(
            "/categories/page/1/",
            Route::Redirect("/categories/".into()),
        );
        check(
            "/categories/sort/name/",
            Route::Redirect("/categories/".into()),
        );
        check(
            "/categories/sort/name/page/2/",
            Route::Redirect("/categories/page/2/".into()),
        );
        check(
            "/categories/sort/count/page/1/",
            Route::Redirect("/categories/sort/count/".into()),
        );
        check("/tags/rust/page/1/", Route::Redirect("/tags/rust/".into()));
        check("/tags", Route::Redirect("/tags/".into()));
        check("/archive", Route::Redirect("/archive/".into()));
        check("/search", Route::Redirect("/search/".into()));
    }

    #[test]
    fn everything_else_is_not_found() {
        for path in [
            "",
            "nothing",
            "/nope/",
            "/nope",
            "/page/0/",
            "/page/01/",
            "/page/x/",
            "/page/",
            "/articles/",
            "/articles/Hello/",
            "/articles/a/b/",
            "/articles/../etc/passwd",
            "/articles/%2e%2e/",
            "//articles/a/",
            // Found by the `router` fuzz target: the home page, at a
            // second path.
            "//",
            "/articles//",
            "/categories/rust/page/",
            "/categories/rust/extra/",
            "/series/",
            "/series",
            "/series/Engine/",
            "/series/engine/page/2/",
            "/assets/",
            "/assets/../Cargo.toml",
            "/assets/.hidden",
            // Found by the `router` fuzz target: no `..` in an asset route.
            "/assets/C..",
            "/assets/style..css",
            "/assets/a/b.css",
            "/assets/a%2fb.css",
            "/feed.xml/",
            "/feed.json/",
            "/sitemap.xml/",
            "/sitemap-0.xml",
            "/sitemap-01.xml",
            "/sitemap-.xml",
            "/sitemap-x.xml",
            "/sitemap-+1.xml",
            "/sitemap-1.XML",
            "/sitemap-1.xml/",
            "/sitemap-1.xml.gz",
            "/sitemap-1",
            "/Sitemap-1.xml",
            "/articles/sitemap-1.xml",
            "/Feed.xml",
            "/categories/feed.xml",
            "/categories/Rust/feed.xml",
            "/articles/x/feed.xml",
            "/categories/rust/page/2/feed.xml",
            "/categories/sort/size/",
            "/categories/sort/count/page/0/",
            "/tags/Rust/",
            "/tags/a/b/",
            "/archive/2025/",
            "/search/x/",
        ] {
            check(path, Route::NotFound);
        }
    }

    #[test]
    fn only_get_and_head() {
        assert_eq!(route(&Method::HEAD, "/"), Route::Home(n(1)));
        for method in [
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::OPTIONS,
        ] {
            assert_eq!(route(&method, "/"), Route::MethodNotAllowed, "{method}");
        }
    }
}
