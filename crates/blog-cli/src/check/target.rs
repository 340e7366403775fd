//! Which page of the URL scheme a site path names: the server's routing
//! rules (`blog_server::route`), restated without HTTP so that the CLI
//! needs no server to check links. `tests/check.rs` holds the two to the
//! same answers over a table of paths.

use blog_core::{CategorySort, PageNumber, Slug, urls};

/// What a path of the site names, before asking whether it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
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
    /// `/search/`.
    Search,
    /// The site's feeds (`/feed.xml`, `/rss.xml`, `/feed.json`), the
    /// sitemap and robots.txt: always there.
    SiteFile,
    /// `/sitemap-{n}.xml`: a part of a sitemap split into parts.
    SitemapPart(PageNumber),
    /// `/categories/{slug}/feed.xml`.
    CategoryFeed(Slug),
    /// `/tags/{slug}/feed.xml`.
    TagFeed(Slug),
    /// `/series/{slug}/feed.xml`.
    SeriesFeed(Slug),
    /// A file under `/assets/`, by its whole path.
    Asset(String),
    /// `/healthz` and the endpoints of the JSON API under `/api/v1/`,
    /// which are not pages for readers: not checked further.
    Service,
    /// A spelling of a page that the server redirects to this path.
    Redirect(String),
    /// Nothing lives at this path.
    NotFound,
}

/// Where the JSON API lives.
const API: &str = "/api/v1";

/// The target of `path`, a site path without query or fragment.
pub fn target(path: &str) -> Target {
    if path == "/healthz" {
        return Target::Service;
    }
    if let Some(rest) = path.strip_prefix(API) {
        return api(rest);
    }
    if let Some(name) = path.strip_prefix("/assets/") {
        let plain = !name.is_empty()
            && !name.starts_with('.')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        return if plain {
            Target::Asset(path.to_owned())
        } else {
            Target::NotFound
        };
    }
    let Some(inner) = path.strip_prefix('/') else {
        return Target::NotFound;
    };
    if let Some(file) = file(inner) {
        return file;
    }
    match inner.strip_suffix('/') {
        Some(inner) => page(inner),
        None if inner.is_empty() => page(inner),
        // The server adds the slash only where it names a page.
        None => match page(inner) {
            done @ (Target::NotFound | Target::Redirect(_)) => done,
            _ => Target::Redirect(format!("{path}/")),
        },
    }
}

/// A path of the JSON API, `rest` after [`API`]: its endpoints' shapes
/// (whether an article or series it names exists is not checked). Its
/// canonical paths have no trailing slash.
fn api(rest: &str) -> Target {
    let Some(inner) = rest.strip_prefix('/') else {
        return Target::NotFound;
    };
    let endpoint = |inner: &str| {
        let segments: Vec<&str> = inner.split('/').collect();
        match segments.as_slice() {
            ["articles" | "categories" | "series"] => true,
            ["articles" | "series", slug] => Slug::parse(slug).is_ok(),
            _ => false,
        }
    };
    match inner.strip_suffix('/') {
        None if endpoint(inner) => Target::Service,
        Some(bare) if endpoint(bare) => Target::Redirect(format!("{API}/{bare}")),
        _ => Target::NotFound,
    }
}

/// The paths that name files rather than pages; `inner` is the path
/// without its leading slash.
fn file(inner: &str) -> Option<Target> {
    match inner {
        "feed.xml" | "rss.xml" | "feed.json" | "sitemap.xml" | "robots.txt" => {
            Some(Target::SiteFile)
        }
        _ if let Some(n) = inner
            .strip_prefix("sitemap-")
            .and_then(|rest| rest.strip_suffix(".xml"))
            .and_then(PageNumber::parse) =>
        {
            Some(Target::SitemapPart(n))
        }
        _ => {
            let (folder, rest) = inner.split_once('/')?;
            let slug = Slug::parse(rest.strip_suffix("/feed.xml")?).ok()?;
            match folder {
                "categories" => Some(Target::CategoryFeed(slug)),
                "tags" => Some(Target::TagFeed(slug)),
                "series" => Some(Target::SeriesFeed(slug)),
                _ => None,
            }
        }
    }
}

/// A page path without its leading and trailing slashes.
fn page(inner: &str) -> Target {
    if inner.is_empty() {
        return Target::Home(PageNumber::FIRST);
    }
    let segments: Vec<&str> = inner.split('/').collect();
    let slug = |s: &str| Slug::parse(s).ok();
    match segments.as_slice() {
        ["page", n] => match PageNumber::parse(n) {
            Some(PageNumber::FIRST) => Target::Redirect(urls::home(PageNumber::FIRST)),
            Some(n) => Target::Home(n),
            None => Target::NotFound,
        },
        ["articles", s] => slug(s).map_or(Target::NotFound, Target::Article),
        ["categories"] => Target::Categories(CategorySort::Name, PageNumber::FIRST),
        ["categories", "page", n] => categories(CategorySort::Name, n),
        ["categories", "sort", sort] => match CategorySort::parse(sort) {
            Some(CategorySort::Name) => Target::Redirect(urls::CATEGORIES.to_owned()),
            Some(sort) => Target::Categories(sort, PageNumber::FIRST),
            None => Target::NotFound,
        },
        ["categories", "sort", sort, "page", n] => match CategorySort::parse(sort) {
            Some(CategorySort::Name) => PageNumber::parse(n).map_or(Target::NotFound, |n| {
                Target::Redirect(urls::categories(CategorySort::Name, n))
            }),
            Some(sort) => categories(sort, n),
            None => Target::NotFound,
        },
        ["categories", s] => {
            slug(s).map_or(Target::NotFound, |s| Target::Category(s, PageNumber::FIRST))
        }
        ["categories", s, "page", n] => match (slug(s), PageNumber::parse(n)) {
            (Some(s), Some(PageNumber::FIRST)) => {
                Target::Redirect(urls::category(&s, PageNumber::FIRST))
            }
            (Some(s), Some(n)) => Target::Category(s, n),
            _ => Target::NotFound,
        },
        ["tags"] => Target::Tags,
        ["tags", s] => slug(s).map_or(Target::NotFound, |s| Target::Tag(s, PageNumber::FIRST)),
        ["tags", s, "page", n] => match (slug(s), PageNumber::parse(n)) {
            (Some(s), Some(PageNumber::FIRST)) => {
                Target::Redirect(urls::tag(&s, PageNumber::FIRST))
            }
            (Some(s), Some(n)) => Target::Tag(s, n),
            _ => Target::NotFound,
        },
        ["series", s] => slug(s).map_or(Target::NotFound, Target::Series),
        ["archive"] => Target::Archive,
        ["search"] => Target::Search,
        _ => Target::NotFound,
    }
}

/// Page `n` of the list of categories in order `sort`; page 1 has its own
/// path.
fn categories(sort: CategorySort, n: &str) -> Target {
    match PageNumber::parse(n) {
        Some(PageNumber::FIRST) => Target::Redirect(urls::categories(sort, PageNumber::FIRST)),
        Some(n) => Target::Categories(sort, n),
        None => Target::NotFound,
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

    fn check(path: &str, expected: Target) {
        assert_eq!(target(path), expected, "{path}");
    }

    #[test]
    fn pages() {
        check("/", Target::Home(n(1)));
        check("/page/3/", Target::Home(n(3)));
        check("/articles/a/", Target::Article(slug("a")));
        check("/categories/", Target::Categories(CategorySort::Name, n(1)));
        check(
            "/categories/sort/count/page/2/",
            Target::Categories(CategorySort::Count, n(2)),
        );
        check("/categories/rust/", Target::Category(slug("rust"), n(1)));
        check("/categories/page/", Target::Category(slug("page"), n(1)));
        check("/tags/x/page/2/", Target::Tag(slug("x"), n(2)));
        check("/series/s/", Target::Series(slug("s")));
        check("/archive/", Target::Archive);
        check("/search/", Target::Search);
    }

    #[test]
    fn files_and_services() {
        for path in [
            "/feed.xml",
            "/rss.xml",
            "/feed.json",
            "/sitemap.xml",
            "/robots.txt",
        ] {
            check(path, Target::SiteFile);
        }
        check("/sitemap-2.xml", Target::SitemapPart(n(2)));
        check("/categories/c/feed.xml", Target::CategoryFeed(slug("c")));
        check("/tags/t/feed.xml", Target::TagFeed(slug("t")));
        check("/series/s/feed.xml", Target::SeriesFeed(slug("s")));
        check(
            "/assets/style.css",
            Target::Asset("/assets/style.css".into()),
        );
        check("/api/v1/articles", Target::Service);
        check("/healthz", Target::Service);
        check("/api/v1x", Target::NotFound);
        check("/api/v1", Target::NotFound);
        check("/api/v1/nope", Target::NotFound);
        check("/api/v1/series/s", Target::Service);
        check(
            "/api/v1/articles/",
            Target::Redirect("/api/v1/articles".into()),
        );
    }

    #[test]
    fn other_spellings_redirect() {
        check("/articles/a", Target::Redirect("/articles/a/".into()));
        check("/page/1/", Target::Redirect("/".into()));
        check(
            "/categories/sort/name/page/2/",
            Target::Redirect("/categories/page/2/".into()),
        );
        check("/tags/x/page/1/", Target::Redirect("/tags/x/".into()));
    }

    #[test]
    fn everything_else_is_not_found() {
        for path in [
            "",
            "/nope/",
            "/nope",
            "/articles/",
            "/articles/Upper/",
            "/articles/a/b/",
            "/page/0/",
            "/series/",
            "/assets/.x",
            "/assets/a/b.css",
            "/archive/2025/",
            "/images/x.png",
            "/sitemap-0.xml",
            "/sitemap-01.xml",
        ] {
            check(path, Target::NotFound);
        }
    }
}
