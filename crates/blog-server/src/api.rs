//! The read-only JSON API under `/api/v1/`: the same store queries as the
//! HTML pages, as JSON documents.

use blog_core::Slug;
use hyper::StatusCode;

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
}

/// Routes `rest`, an API path after [`PREFIX`].
pub(crate) fn route(rest: &str) -> Route {
    // PLACEHOLDER: the API helper writes the routes.
    let _ = rest;
    Route::NotFound
}

/// Builds the JSON reply for `route`; `query` is the query string.
pub(crate) fn build(
    request: &Request<'_>,
    route: &ApiRoute,
    query: Option<&str>,
) -> Result<Reply, PageError> {
    // PLACEHOLDER: the API helper writes the documents.
    let _ = (request, route, query);
    Ok(Reply::Json {
        status: StatusCode::NOT_FOUND,
        body: "{\"error\":\"not found\"}".to_owned(),
    })
}
