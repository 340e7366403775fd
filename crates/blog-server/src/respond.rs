//! `respond`: a route in, an HTTP response out.

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Response, StatusCode};

use crate::page::{self, Reply};
use crate::{Route, State};

/// The response body type of every response.
pub type Body = Full<Bytes>;

const HTML: &str = "text/html; charset=utf-8";

/// Answers `route`; `path` is the request's path, shown on the 404 page, and
/// `query` its query string, read by the search page.
///
/// Store and renderer work runs on tokio's blocking pool, so a slow disk never
/// stalls the async threads.
pub async fn respond(
    state: &State,
    route: Route,
    path: &str,
    query: Option<&str>,
) -> Response<Body> {
    let mut response = match route {
        Route::MethodNotAllowed => {
            let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            r
        }
        Route::Redirect(location) => redirect(&location, query),
        route => {
            let state = state.clone();
            let path = path.to_owned();
            let owned_query = query.map(str::to_owned);
            let built = tokio::task::spawn_blocking(move || {
                page::build(&state, &route, &path, owned_query.as_deref())
            })
            .await;
            match built {
                Ok(Ok(Reply::Page(html))) => html_response(StatusCode::OK, html.into_string()),
                Ok(Ok(Reply::File { content_type, body })) => {
                    let mut r = Response::new(Full::new(Bytes::from(body)));
                    r.headers_mut()
                        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                    r
                }
                Ok(Ok(Reply::NotFound(html))) => {
                    html_response(StatusCode::NOT_FOUND, html.into_string())
                }
                Ok(Ok(Reply::Gone(html))) => html_response(StatusCode::GONE, html.into_string()),
                Ok(Ok(Reply::Moved(location))) => redirect(&location, query),
                Ok(Ok(Reply::Asset(asset))) => {
                    let mut r = Response::new(Full::new(Bytes::from_owner(asset.body)));
                    r.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static(asset.content_type),
                    );
                    r.headers_mut().insert(
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("public, max-age=3600"),
                    );
                    r
                }
                Ok(Ok(Reply::Json { status, body })) => {
                    let mut r = Response::new(Full::new(Bytes::from(body)));
                    *r.status_mut() = status;
                    r.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    );
                    r
                }
                Ok(Err(error)) => internal_error(&error),
                Err(error) => internal_error(&error),
            }
        }
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

/// Logs `error` and answers 500 without telling the client anything of it.
fn internal_error(error: &dyn std::fmt::Display) -> Response<Body> {
    tracing::error!(%error, "cannot build the page");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "500 Internal Server Error\n",
    )
}

fn html_response(status: StatusCode, body: String) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(HTML));
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// A permanent redirect to `location`, a path on this site, keeping the
/// request's query string (a search survives its missing slash).
fn redirect(location: &str, query: Option<&str>) -> Response<Body> {
    let mut r = plain(StatusCode::MOVED_PERMANENTLY, "301 Moved Permanently\n");
    let location = match query {
        Some(query) => format!("{location}?{query}"),
        None => location.to_owned(),
    };
    // Redirects only lead to paths built by `blog_core::urls` from valid
    // slugs and numbers, and a query hyper accepted, which are valid header
    // values; fall back to the home page.
    let value = HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/"));
    r.headers_mut().insert(header::LOCATION, value);
    r
}
