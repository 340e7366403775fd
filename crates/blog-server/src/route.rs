//! `route`: a pure function from a method and a path to a typed route.

use blog_core::{PageNumber, Slug, urls};
use hyper::Method;

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/` and `/page/{n}/`.
    Home(PageNumber),
    /// `/articles/{slug}/`.
    Article(Slug),
    /// `/categories/`.
    Categories,
    /// `/categories/{slug}/` and `/categories/{slug}/page/{n}/`.
    Category(Slug, PageNumber),
    /// `/series/{slug}/`.
    Series(Slug),
    /// A built-in asset under `/assets/`, by its full path.
    Asset(String),
    /// A non-canonical spelling of a page: permanently moved to this path.
    Redirect(String),
    /// Nothing lives at this path.
    NotFound,
    /// A method other than GET or HEAD.
    MethodNotAllowed,
}

/// Maps a request to a route. `path` is the URI's path, without the query.
pub fn route(method: &Method, path: &str) -> Route {
    if method != Method::GET && method != Method::HEAD {
        return Route::MethodNotAllowed;
    }
    if let Some(name) = path.strip_prefix("/assets/") {
        return if !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && !name.starts_with('.')
        {
            Route::Asset(path.to_owned())
        } else {
            Route::NotFound
        };
    }
    let Some(inner) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    match inner.strip_suffix('/') {
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
        ["categories"] => Route::Categories,
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
        ["series", slug] => Slug::parse(slug).map_or(Route::NotFound, Route::Series),
        _ => Route::NotFound,
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
        check("/categories/", Route::Categories);
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
            "/assets/a/b.css",
            "/assets/a%2fb.css",
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
