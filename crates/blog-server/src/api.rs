//! The read-only JSON API under `/api/v1/`: the same store queries as the
//! HTML pages, as JSON documents.
//!
//! [`route`] maps a path below [`PREFIX`] to an [`ApiRoute`] (canonical
//! paths have no trailing slash); [`build`] reads the query string strictly
//! ([`params`]), asks the store what the matching HTML page asks it, and
//! writes the answer as one of the documents of [`document`], or as an
//! [`ApiError`]. Every answer is JSON, errors included, except a failing
//! store, which is the server's usual 500.
//!
//! Documents are pretty-printed, their fields in the order their structs
//! declare, so the same content always gives the same bytes.

mod document;
mod error;
mod params;

use std::collections::BTreeMap;

use blog_core::{Article, Category, CategorySort, ListQuery, Lookup, SeriesOutline, Slug};
use hyper::StatusCode;
use serde::Serialize;

use self::document::{
    ArticleDocument, ArticleSummary, CategoryEntry, Items, Listing, SeriesDocument, SeriesEntry,
};
use self::error::ApiError;
use self::params::ListParams;
use crate::Route;
use crate::page::{PageError, Reply, Request};

/// Where the API lives; every API path starts with it.
pub(crate) const PREFIX: &str = "/api/v1";

/// What an API request asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApiRoute {
    /// `/api/v1/articles`: a page of public articles, filtered by the query
    /// string.
    Articles,
    /// `/api/v1/articles/{slug}`: one public article.
    Article(Slug),
    /// `/api/v1/categories`.
    Categories,
    /// `/api/v1/series`.
    AllSeries,
    /// `/api/v1/series/{slug}`: one series and its public parts.
    Series(Slug),
    /// Nothing lives at this API path: a 404 in JSON, as a program expects
    /// from an API, rather than the site's HTML page.
    NotFound,
}

/// Routes `rest`, an API path after [`PREFIX`].
///
/// Only `/api/v1` itself and the paths below `/api/v1/` are the API's:
/// `/api/v1x` is an ordinary unknown page. A trailing slash redirects to
/// the path without it, where that path is an endpoint.
pub(crate) fn route(rest: &str) -> Route {
    if rest.is_empty() {
        return Route::Api(ApiRoute::NotFound);
    }
    let Some(inner) = rest.strip_prefix('/') else {
        return Route::NotFound;
    };
    match inner.strip_suffix('/') {
        None => Route::Api(endpoint(inner)),
        Some(inner) => match endpoint(inner) {
            ApiRoute::NotFound => Route::Api(ApiRoute::NotFound),
            _ => Route::Redirect(format!("{PREFIX}/{inner}")),
        },
    }
}

/// The endpoint at `inner`, an API path without [`PREFIX`], its slash, or
/// a trailing slash.
fn endpoint(inner: &str) -> ApiRoute {
    let segments: Vec<&str> = inner.split('/').collect();
    match segments.as_slice() {
        ["articles"] => ApiRoute::Articles,
        ["articles", slug] => Slug::parse(slug).map_or(ApiRoute::NotFound, ApiRoute::Article),
        ["categories"] => ApiRoute::Categories,
        ["series"] => ApiRoute::AllSeries,
        ["series", slug] => Slug::parse(slug).map_or(ApiRoute::NotFound, ApiRoute::Series),
        _ => ApiRoute::NotFound,
    }
}

/// The API path of an article, where an old slug redirects.
fn article_path(slug: &Slug) -> String {
    format!("{PREFIX}/articles/{slug}")
}

/// Builds the JSON reply for `route`; `query` is the query string.
pub(crate) fn build(
    request: &Request<'_>,
    route: &ApiRoute,
    query: Option<&str>,
) -> Result<Reply, PageError> {
    let answer = match route {
        ApiRoute::Articles => articles(request, query),
        ApiRoute::Article(slug) => params::none(query)
            .map_err(Failure::from)
            .and_then(|()| article(request, slug)),
        ApiRoute::Categories => params::none(query)
            .map_err(Failure::from)
            .and_then(|()| categories(request)),
        ApiRoute::AllSeries => params::none(query)
            .map_err(Failure::from)
            .and_then(|()| all_series(request)),
        ApiRoute::Series(slug) => params::none(query)
            .map_err(Failure::from)
            .and_then(|()| series(request, slug)),
        ApiRoute::NotFound => {
            Err(ApiError::not_found("no API endpoint at this path".to_owned()).into())
        }
    };
    match answer {
        Ok(reply) => Ok(reply),
        Err(Failure::Refused(error)) => Ok(error.reply()),
        Err(Failure::Broken(error)) => Err(error),
    }
}

/// Why an endpoint gives no document: the request asks for something that
/// is not there or is not a valid request (a JSON error), or the store
/// failed (the server's 500).
enum Failure {
    Refused(ApiError),
    Broken(PageError),
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Self::Refused(error)
    }
}

impl From<blog_core::StoreError> for Failure {
    fn from(error: blog_core::StoreError) -> Self {
        Self::Broken(error.into())
    }
}

/// A JSON reply of `document` with `status`.
fn json<T: Serialize>(status: StatusCode, document: &T) -> Reply {
    match serde_json::to_string_pretty(document) {
        Ok(mut body) => {
            body.push('\n');
            Reply::Json { status, body }
        }
        // The documents are structs of strings and numbers, which always
        // serialize; should one not, say so in JSON all the same.
        Err(error) => {
            tracing::error!(%error, "cannot write a JSON document");
            Reply::Json {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                body: "{\"error\":{\"status\":500,\"message\":\"internal server error\"}}\n"
                    .to_owned(),
            }
        }
    }
}

/// A 200 reply of `document`.
fn ok<T: Serialize>(document: &T) -> Result<Reply, Failure> {
    Ok(json(StatusCode::OK, document))
}

/// `GET /api/v1/articles`: the home page's query, with the filters and page
/// the query string asks for.
fn articles(request: &Request<'_>, query: Option<&str>) -> Result<Reply, Failure> {
    let params = ListParams::parse(query)?;
    // A category or series that does not exist is a 404, as its page is;
    // a tag exists only by being on articles, so an unknown one is a filter
    // that matches nothing.
    if let Some(slug) = &params.category
        && request.pages.store().category(slug)?.is_none()
    {
        return Err(ApiError::not_found(format!("no category \"{slug}\"")).into());
    }
    if let Some(slug) = &params.series
        && request.pages.store().series(slug)?.is_none()
    {
        return Err(ApiError::not_found(format!("no series \"{slug}\"")).into());
    }
    let articles = request.pages.listing(ListQuery {
        category: params.category,
        tag: params.tag,
        series: params.series,
        page: params.page,
        per_page: params.per_page.unwrap_or(request.pages.per_page()),
        ..request.pages.public()
    })?;
    if articles.is_out_of_range() {
        return Err(ApiError::not_found(format!(
            "page {} is past the last page, {}",
            articles.number,
            articles.total_pages()
        ))
        .into());
    }
    let mut summaries = Summaries::new(request)?;
    let items = articles
        .items
        .iter()
        .map(|article| summaries.summary(article))
        .collect::<Result<Vec<_>, _>>()?;
    ok(&Listing::new(&articles, items))
}

/// `GET /api/v1/articles/{slug}`: what the article page answers, as JSON.
fn article(request: &Request<'_>, slug: &Slug) -> Result<Reply, Failure> {
    let store = request.pages.store();
    let not_found = || ApiError::not_found(format!("no article \"{slug}\"")).into();
    match store.lookup(slug)? {
        Lookup::Found(article) if article.is_public(request.pages.now()) => {
            let summary = Summaries::new(request)?.summary(&article)?;
            ok(&ArticleDocument::new(summary, &article))
        }
        // As on the site: the old slug answers only what the new one would.
        Lookup::Moved(to) => match store.article(&to)? {
            Some(article) if article.is_public(request.pages.now()) => {
                Ok(Reply::Moved(article_path(&article.slug)))
            }
            _ => Err(not_found()),
        },
        Lookup::Gone => Err(ApiError::gone(format!("article \"{slug}\" was deleted")).into()),
        Lookup::Found(_) | Lookup::Unknown => Err(not_found()),
    }
}

/// `GET /api/v1/categories`: the list of categories in its default order,
/// counted as its page counts them.
fn categories(request: &Request<'_>) -> Result<Reply, Failure> {
    let store = request.pages.store();
    let headlines = request.pages.headlines()?;
    let stats = blog_core::category_stats(&store.categories()?, &headlines, CategorySort::Name);
    let site = request.state.renderer.site();
    ok(&Items {
        items: stats.iter().map(|s| CategoryEntry::new(site, s)).collect(),
    })
}

/// `GET /api/v1/series`: every series, with its public parts counted.
fn all_series(request: &Request<'_>) -> Result<Reply, Failure> {
    let store = request.pages.store();
    let headlines = request.pages.headlines()?;
    let site = request.state.renderer.site();
    let items = store
        .all_series()?
        .iter()
        .map(|series| {
            let parts = headlines
                .iter()
                .filter(|h| h.series.as_ref().is_some_and(|m| m.series == series.slug))
                .count();
            SeriesEntry::new(site, series, parts)
        })
        .collect();
    ok(&Items { items })
}

/// `GET /api/v1/series/{slug}`: the series page's outline.
fn series(request: &Request<'_>, slug: &Slug) -> Result<Reply, Failure> {
    match request.pages.series_outline(slug)? {
        Some(outline) => ok(&SeriesDocument::new(
            request.state.renderer.site(),
            &outline,
        )),
        None => Err(ApiError::not_found(format!("no series \"{slug}\"")).into()),
    }
}

/// What summaries of articles need besides the articles: the categories'
/// names, and the outline of each series they belong to, read once each.
struct Summaries<'r, 'a> {
    request: &'r Request<'a>,
    categories: Vec<Category>,
    outlines: BTreeMap<Slug, Option<SeriesOutline>>,
}

impl<'r, 'a> Summaries<'r, 'a> {
    fn new(request: &'r Request<'a>) -> Result<Self, blog_core::StoreError> {
        Ok(Self {
            request,
            categories: request.pages.store().categories()?,
            outlines: BTreeMap::new(),
        })
    }

    /// The summary of `article`, a public article.
    fn summary(&mut self, article: &Article) -> Result<ArticleSummary, blog_core::StoreError> {
        let outline = match &article.series {
            Some(membership) => {
                let slug = &membership.series;
                if !self.outlines.contains_key(slug) {
                    let outline = self.request.pages.series_outline(slug)?;
                    self.outlines.insert(slug.clone(), outline);
                }
                self.outlines.get(slug).and_then(Option::as_ref)
            }
            None => None,
        };
        Ok(ArticleSummary::new(
            self.request.state.renderer.site(),
            article,
            &self.categories,
            outline,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid test slug")
    }

    fn check(rest: &str, expected: Route) {
        assert_eq!(route(rest), expected, "{PREFIX}{rest}");
    }

    #[test]
    fn endpoints() {
        check("/articles", Route::Api(ApiRoute::Articles));
        check(
            "/articles/hello-world",
            Route::Api(ApiRoute::Article(slug("hello-world"))),
        );
        check("/categories", Route::Api(ApiRoute::Categories));
        check("/series", Route::Api(ApiRoute::AllSeries));
        check(
            "/series/engine",
            Route::Api(ApiRoute::Series(slug("engine"))),
        );
    }

    #[test]
    fn a_trailing_slash_redirects_to_an_endpoint() {
        check("/articles/", Route::Redirect("/api/v1/articles".into()));
        check(
            "/articles/hello/",
            Route::Redirect("/api/v1/articles/hello".into()),
        );
        check("/categories/", Route::Redirect("/api/v1/categories".into()));
        check("/series/", Route::Redirect("/api/v1/series".into()));
        check(
            "/series/engine/",
            Route::Redirect("/api/v1/series/engine".into()),
        );
    }

    #[test]
    fn everything_else_under_the_prefix_is_a_json_not_found() {
        for rest in [
            "",
            "/",
            "//",
            "/nope",
            "/nope/",
            "/articles//",
            "/articles/Hello",
            "/articles/a/b",
            "/articles/%2e%2e",
            "/articles/../categories",
            "/categories/rust",
            "/series/Engine",
            "/series/engine/parts",
            "/tags",
            "/Articles",
        ] {
            check(rest, Route::Api(ApiRoute::NotFound));
        }
    }

    #[test]
    fn paths_that_only_start_like_the_prefix_are_pages() {
        for rest in ["x", "0/articles", ".json"] {
            check(rest, Route::NotFound);
        }
    }
}
