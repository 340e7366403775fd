//! A request's target through `blog_server::route` and, for its query,
//! `blog_server::SearchParams::parse`, as the server reads them.
//!
//! The input is a request target, `path?query`. Properties, beyond "never
//! panics":
//! - GET and HEAD route alike; any other method is refused;
//! - a redirect leads to a path on this site (one `/`, never `//` or `/\`,
//!   which browsers read as another host), never to the same path, and to
//!   a page: not to another redirect, nor to a "not found";
//! - an asset route is the path itself, one file name under `/assets/`,
//!   with no `..`, `/`, `\` or `%` in the name;
//! - every page, feed, file and API route is reached only at its canonical
//!   path, the one `blog_core::urls` writes (one URL per page);
//! - a path hyper accepts gives a redirect hyper can send as a `Location`;
//! - the search text is trimmed at the start and at most 200 characters,
//!   and what the search page writes back into its links reads back the
//!   same.
#![no_main]

use blog_core::urls;
use blog_fuzz::text;
use blog_server::{ApiRoute, Route, SearchParams, route};
use hyper::header::HeaderValue;
use hyper::{Method, Uri};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let target = text(data);
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target.as_ref(), None),
    };
    check_route(path);
    // `route` takes any text, though hyper hands it only paths.
    check_route(&target);
    if let Ok(uri) = target.parse::<Uri>() {
        if let Route::Redirect(location) = route(&Method::GET, uri.path()) {
            let location = match uri.query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            assert!(
                HeaderValue::from_str(&location).is_ok(),
                "{target:?} redirects to {location:?}, no header value"
            );
        }
        check_query(uri.query());
    }
    check_query(query);
});

fn check_route(path: &str) {
    let get = route(&Method::GET, path);
    assert_eq!(route(&Method::HEAD, path), get, "HEAD {path:?}");
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::OPTIONS] {
        assert_eq!(
            route(&method, path),
            Route::MethodNotAllowed,
            "{method} {path:?}"
        );
    }
    match &get {
        Route::Redirect(location) => {
            assert!(
                location.starts_with('/')
                    && !location.starts_with("//")
                    && !location.starts_with("/\\"),
                "{path:?} redirects off the site, to {location:?}"
            );
            assert_ne!(location, path, "{path:?} redirects to itself");
            let next = route(&Method::GET, location);
            assert!(
                !matches!(
                    next,
                    Route::Redirect(_) | Route::NotFound | Route::Api(ApiRoute::NotFound)
                ),
                "{path:?} redirects to {location:?}, which routes to {next:?}"
            );
        }
        Route::Asset(asset) => {
            assert_eq!(asset, path);
            let name = asset.strip_prefix("/assets/").unwrap_or_else(|| {
                panic!("asset {asset:?} outside /assets/");
            });
            assert!(
                !name.is_empty()
                    && !name.contains("..")
                    && !name.contains(['/', '\\', '%'])
                    && !name.starts_with('.'),
                "asset name {name:?} from {path:?}"
            );
        }
        other => {
            if let Some(canonical) = canonical(other) {
                assert_eq!(path, canonical, "{other:?} at a second path");
            }
        }
    }
}

/// The one path of a route that names something, as the site writes it.
fn canonical(route: &Route) -> Option<String> {
    let path = match route {
        Route::Home(n) => urls::home(*n),
        Route::Article(slug) => urls::article(slug),
        Route::Categories(sort, n) => urls::categories(*sort, *n),
        Route::Category(slug, n) => urls::category(slug, *n),
        Route::Tags => urls::TAGS.to_owned(),
        Route::Tag(slug, n) => urls::tag(slug, *n),
        Route::Series(slug) => urls::series(slug),
        Route::Archive => urls::ARCHIVE.to_owned(),
        Route::Search => urls::SEARCH.to_owned(),
        Route::Feed(feed) => urls::feed(feed.of(), feed.format())?,
        Route::Sitemap => urls::SITEMAP.to_owned(),
        Route::SitemapPart(n) => urls::sitemap_part(*n),
        Route::Robots => urls::ROBOTS.to_owned(),
        Route::Health => "/healthz".to_owned(),
        Route::Api(api) => match api {
            ApiRoute::Articles => "/api/v1/articles".to_owned(),
            ApiRoute::Article(slug) => format!("/api/v1/articles/{slug}"),
            ApiRoute::Categories => "/api/v1/categories".to_owned(),
            ApiRoute::AllSeries => "/api/v1/series".to_owned(),
            ApiRoute::Series(slug) => format!("/api/v1/series/{slug}"),
            _ => return None,
        },
        _ => return None,
    };
    Some(path)
}

fn check_query(query: Option<&str>) {
    let params = SearchParams::parse(query);
    assert!(
        params.text.chars().count() <= 200,
        "{} characters kept of {query:?}",
        params.text.chars().count()
    );
    assert!(
        !params.text.starts_with(char::is_whitespace),
        "untrimmed {:?} from {query:?}",
        params.text
    );
    // The search page writes its links from what it read: they read back
    // to the same search.
    let written = written(&params);
    let again = SearchParams::parse(Some(&written));
    assert_eq!(again, params, "{query:?} written back as {written:?}");
}

/// `params` as a query string: every byte of every value percent-encoded.
fn written(params: &SearchParams) -> String {
    let encode = |text: &str| -> String { text.bytes().map(|b| format!("%{b:02X}")).collect() };
    let mut pairs = vec![format!("q={}", encode(&params.text))];
    if let Some(category) = &params.category {
        pairs.push(format!("category={}", encode(category.as_str())));
    }
    if let Some(tag) = &params.tag {
        pairs.push(format!("tag={}", encode(tag.as_str())));
    }
    pairs.push(match params.page {
        Some(n) => format!("page={n}"),
        None => "page=0".to_owned(),
    });
    pairs.join("&")
}
