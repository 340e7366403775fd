//! `respond`: a request in, an HTTP response out, through the cache.

use std::sync::{Arc, OnceLock};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};

use crate::cache::{Generation, Key, Lookup, Modified, Weighed};
use crate::encoding::{Accepted, Coding, compress, compressible};
use crate::page::{self, Reply};
use crate::{Route, State, route};
use blog_core::search_index::SearchIndex;
use blog_core::{Pages, SitemapContent, StoreError};

/// The response body type of every response.
pub type Body = Full<Bytes>;

/// The longest request target (path and query) served; longer ones get 414.
pub const MAX_URI: usize = 4096;

/// The most header fields a request may have; more get 431, and the
/// connection is closed. (Past 100, hyper refuses the head itself: a
/// smaller limit of its own would cost every request a 64-slot table set
/// up before parsing, where counting the headers parsed costs nothing.)
pub const MAX_HEADERS: usize = 64;

/// Sent with every response. No script or style may come from anywhere but
/// the site's own files (the pages have no inline script or style; the
/// JSON-LD block is data, which browsers do not run), no page may frame
/// the site, and forms only post here.
const SECURITY_HEADERS: [(HeaderName, &str); 5] = [
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; \
         img-src 'self' https: http:; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// How long browsers and proxies may keep a response (`Cache-Control`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Policy {
    /// Pages, search results and API documents: kept, but checked with the
    /// server (a cheap 304) before each use, so a change shows at once.
    Revalidate,
    /// Feeds, the sitemap and robots.txt: five minutes; readers poll them.
    Feed,
    /// An asset under its fingerprinted name, whose bytes never change.
    Immutable,
    /// Deleted articles and moved slugs: an hour.
    Hour,
    /// Errors and health checks.
    NoStore,
}

impl Policy {
    fn header(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::Revalidate => "public, no-cache",
            Self::Feed => "public, max-age=300",
            Self::Immutable => "public, max-age=31536000, immutable",
            Self::Hour => "public, max-age=3600",
            Self::NoStore => "no-store",
        })
    }
}

/// A response as the cache keeps it: the body in every coding worth
/// sending, and what its headers are made of.
#[derive(Debug)]
pub(crate) struct Stored {
    status: StatusCode,
    content_type: HeaderValue,
    policy: Policy,
    location: Option<HeaderValue>,
    /// Whether its content type is worth compressing, so that its coding
    /// depends on `Accept-Encoding` (`Vary`), decided once.
    compressible: bool,
    /// Its entity tags, one per coding (identity, gzip, Brotli), made once:
    /// the hash of the identity body and the coding.
    etags: [HeaderValue; 3],
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// The headers of a whole response in each coding (in [`Coding`]
    /// order), security headers included, made the first time one is sent
    /// and cloned after: a clone costs a fraction of a dozen inserts. With
    /// the `Last-Modified` seconds they were made for.
    heads: [OnceLock<(u64, HeaderMap)>; 3],
}

/// Bytes counted for the headers a stored response keeps per coding sent.
const HEADS_WEIGHT: u64 = 1536;

impl Weighed for Stored {
    fn weight(&self) -> u64 {
        let len = |b: &Option<Bytes>| b.as_ref().map_or(0, Bytes::len);
        let codings = 1 + u64::from(self.gzip.is_some()) + u64::from(self.brotli.is_some());
        (self.identity.len() + len(&self.gzip) + len(&self.brotli)) as u64 + codings * HEADS_WEIGHT
    }
}

/// The entity tags of a body whose hash is `hash`, in [`Coding`] order.
fn etags(hash: u64) -> [HeaderValue; 3] {
    [Coding::Identity, Coding::Gzip, Coding::Brotli].map(|coding| {
        let etag = format!("\"{hash:016x}{}\"", coding.etag_suffix());
        // Hex digits, a dash and letters: always a valid header value.
        HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))
    })
}

/// Which compressed forms to make of a new response.
#[derive(Debug, Clone, Copy)]
enum Compress {
    /// Both: the response is kept, for clients that accept either.
    All,
    /// Only what this request prefers: the response is not kept.
    For(Accepted),
}

impl Stored {
    fn new(
        status: StatusCode,
        content_type: HeaderValue,
        policy: Policy,
        body: Bytes,
        compress_for: Compress,
    ) -> Self {
        let wanted = |coding| match compress_for {
            Compress::All => true,
            Compress::For(accepted) => accepted.choose(true, true) == coding,
        };
        let compressible = content_type.to_str().is_ok_and(compressible);
        let squeeze = |coding| {
            let worth = compressible && wanted(coding);
            worth.then(|| compress(&body, coding)).flatten()
        };
        Self {
            status,
            policy,
            location: None,
            compressible,
            etags: etags(xxhash_rust::xxh3::xxh3_64(&body)),
            gzip: squeeze(Coding::Gzip),
            brotli: squeeze(Coding::Brotli),
            identity: body,
            content_type,
            heads: Default::default(),
        }
    }

    /// The response for `reply`.
    fn from_reply(reply: Reply, query: Option<&str>, compress_for: Compress) -> Self {
        const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");
        let html = |status, policy, html: blog_core::Html| {
            Self::new(
                status,
                HTML,
                policy,
                exact(html.into_string().into_bytes()),
                compress_for,
            )
        };
        match reply {
            Reply::Page(page) => html(StatusCode::OK, Policy::Revalidate, page),
            Reply::NotFound(page) => html(StatusCode::NOT_FOUND, Policy::NoStore, page),
            Reply::Gone(page) => html(StatusCode::GONE, Policy::Hour, page),
            Reply::File { content_type, body } => Self::new(
                StatusCode::OK,
                HeaderValue::from_static(content_type),
                Policy::Feed,
                exact(body.into()),
                compress_for,
            ),
            Reply::Asset(asset) => {
                let policy = if asset.immutable {
                    Policy::Immutable
                } else {
                    Policy::Revalidate
                };
                Self::new(
                    StatusCode::OK,
                    HeaderValue::from_static(asset.content_type),
                    policy,
                    Bytes::from_owner(asset.body),
                    compress_for,
                )
            }
            Reply::Json { status, body } => Self::new(
                status,
                HeaderValue::from_static("application/json"),
                if status.is_client_error() {
                    Policy::NoStore
                } else {
                    Policy::Revalidate
                },
                exact(body.into()),
                compress_for,
            ),
            Reply::Moved(location) => {
                let mut moved = Self::new(
                    StatusCode::MOVED_PERMANENTLY,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                    Policy::Hour,
                    Bytes::from_static(b"301 Moved Permanently\n"),
                    compress_for,
                );
                moved.location = Some(location_header(&location, query));
                moved
            }
        }
    }

    /// Whether it may be kept: successes, moves and deletions. A 404 is
    /// not: anyone can ask for endless different missing paths.
    fn keep(&self) -> bool {
        matches!(
            self.status,
            StatusCode::OK | StatusCode::MOVED_PERMANENTLY | StatusCode::GONE
        )
    }

    /// The response to a request with `conditions`, as of `generation`.
    fn respond(&self, conditions: &Conditions, modified: &Modified) -> Response<Body> {
        let coding = conditions
            .accepted
            .choose(self.brotli.is_some(), self.gzip.is_some());
        let validated = self.status == StatusCode::OK;
        if validated && conditions.not_modified(&self.etags[coding as usize], modified.secs) {
            let mut response = Response::new(Body::default());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            *response.headers_mut() = self.headers(coding, modified, false);
            return response;
        }
        let body = match coding {
            Coding::Identity => self.identity.clone(),
            Coding::Gzip => self.gzip.clone().unwrap_or_else(|| self.identity.clone()),
            Coding::Brotli => self.brotli.clone().unwrap_or_else(|| self.identity.clone()),
        };
        let heads = &self.heads[coding as usize];
        let headers = match heads.get() {
            Some((secs, headers)) if *secs == modified.secs => headers.clone(),
            _ => {
                let headers = self.headers(coding, modified, true);
                // The first to finish keeps its copy; a stored response is
                // only ever sent as of its own generation.
                let _ = heads.set((modified.secs, headers.clone()));
                headers
            }
        };
        let mut response = Response::new(Full::new(body));
        *response.status_mut() = self.status;
        *response.headers_mut() = headers;
        response
    }

    /// The headers of its response in `coding`: with the body's own
    /// (`Content-Encoding`, `Content-Type`) when `whole`, without for a 304.
    fn headers(&self, coding: Coding, modified: &Modified, whole: bool) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(16);
        headers.insert(header::CACHE_CONTROL, self.policy.header());
        if self.compressible {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if let Some(location) = &self.location {
            headers.insert(header::LOCATION, location.clone());
        }
        if self.status == StatusCode::OK {
            headers.insert(header::ETAG, self.etags[coding as usize].clone());
            headers.insert(header::LAST_MODIFIED, modified.header.clone());
        }
        if whole {
            if let Some(token) = coding.token() {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
            }
            headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        }
        secure(&mut headers);
        headers
    }
}

/// What a request says about the response it wants: codings, and the
/// validators of a copy it holds.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    accepted: Accepted,
    if_none_match: Option<String>,
    if_modified_since: Option<u64>,
}

impl Conditions {
    /// Reads `Accept-Encoding`, `If-None-Match` and `If-Modified-Since`.
    fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        Self {
            accepted: text(header::ACCEPT_ENCODING)
                .map(Accepted::parse)
                .unwrap_or_default(),
            if_none_match: text(header::IF_NONE_MATCH).map(str::to_owned),
            if_modified_since: text(header::IF_MODIFIED_SINCE)
                .and_then(|date| httpdate::parse_http_date(date).ok())
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|since| since.as_secs()),
        }
    }

    /// Whether the client's copy is current (RFC 9110, 13.1.2 and 13.1.3):
    /// `If-None-Match` lists `etag` (weak comparison) or is `*`; without
    /// it, `If-Modified-Since` is no earlier than `modified`.
    fn not_modified(&self, etag: &HeaderValue, modified: u64) -> bool {
        match &self.if_none_match {
            Some(tags) => {
                let etag = etag.as_bytes();
                tags.split(',').map(str::trim).any(|tag| {
                    tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == etag
                })
            }
            None => self
                .if_modified_since
                .is_some_and(|since| modified <= since),
        }
    }
}

/// Answers `request`: every response the server sends goes through here.
pub async fn handle<B: hyper::body::Body>(state: &State, request: &Request<B>) -> Response<Body> {
    let mut response = answer(state, request).await;
    let headers = response.headers_mut();
    if !request.body().is_end_stream() {
        // Nothing here reads a body (a 413, or a 405 for a POST): the
        // connection cannot carry another request after it.
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    secure(headers);
    response
}

async fn answer<B: hyper::body::Body>(state: &State, request: &Request<B>) -> Response<Body> {
    if request.headers().len() > MAX_HEADERS {
        // As hyper answers a head over its limits.
        let mut r = plain(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "431 Request Header Fields Too Large\n",
        );
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    if !one_host(request) {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 Bad Request: a request needs one Host header\n",
        );
    }
    let uri = request.uri();
    let path = uri.path();
    let route = route(request.method(), path);
    if route == Route::MethodNotAllowed {
        return method_not_allowed();
    }
    if !request.body().is_end_stream() {
        // Nothing here reads a body; refuse it rather than let it be sent
        // (`handle` closes the connection rather than read past it).
        return plain(StatusCode::PAYLOAD_TOO_LARGE, "413 Content Too Large\n");
    }
    if uri.path_and_query().map_or(0, |pq| pq.as_str().len()) > MAX_URI {
        return plain(StatusCode::URI_TOO_LONG, "414 URI Too Long\n");
    }
    // HEAD is answered as GET: hyper sends the headers, including the
    // length, and leaves the body out.
    let conditions = Conditions::from_headers(request.headers());
    content(state, route, path, uri.query(), &conditions).await
}

/// Whether `request` names its host as HTTP/1.1 requires (RFC 9112, 3.2):
/// in one `Host` header, never two; an HTTP/1.0 request may leave it out.
fn one_host<B>(request: &Request<B>) -> bool {
    match request.headers().get_all(header::HOST).iter().count() {
        0 => request.version() < hyper::Version::HTTP_11,
        1 => true,
        _ => false,
    }
}

/// Answers `route` to a plain GET (no conditions, identity coding), with
/// every header a real request gets: for tests that skip the socket.
/// `path` is the request's path, shown on the 404 page, and `query` its
/// query string.
pub async fn respond(
    state: &State,
    route: Route,
    path: &str,
    query: Option<&str>,
) -> Response<Body> {
    let mut response = match route {
        Route::MethodNotAllowed => method_not_allowed(),
        route => content(state, route, path, query, &Conditions::default()).await,
    };
    secure(response.headers_mut());
    response
}

/// Answers a route that is not refused outright.
async fn content(
    state: &State,
    route: Route,
    path: &str,
    query: Option<&str>,
    conditions: &Conditions,
) -> Response<Body> {
    match route {
        Route::Redirect(location) => {
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "301 Moved Permanently\n");
            r.headers_mut()
                .insert(header::LOCATION, location_header(&location, query));
            r.headers_mut()
                .insert(header::CACHE_CONTROL, Policy::Hour.header());
            r
        }
        Route::Health => match state.store.revision() {
            Ok(_) => plain(StatusCode::OK, "ok\n"),
            Err(error) => {
                tracing::error!(%error, "health check: cannot read the store");
                plain(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable\n")
            }
        },
        route => cached(state, route, path, query, conditions).await,
    }
}

/// Serves a page from the cache, or builds it (on tokio's blocking pool, so
/// a slow disk never stalls the async threads) and keeps it.
async fn cached(
    state: &State,
    route: Route,
    path: &str,
    query: Option<&str>,
    conditions: &Conditions,
) -> Response<Body> {
    let reads_query = matches!(route, Route::Search | Route::Api(_));
    let key = Key {
        route,
        query: query.filter(|_| reads_query).map(str::to_owned),
    };
    let now = (state.clock)();
    // A store that cannot say where it stands is served without the cache.
    let lookup = match state.store.revision() {
        Ok(revision) => Some(state.cache.0.lookup(revision, now, &key)),
        Err(error) => {
            tracing::warn!(%error, "cannot read the store's revision; not caching");
            None
        }
    };
    if let Some(Lookup {
        generation,
        hit: Some(stored),
    }) = &lookup
    {
        return stored.respond(conditions, &generation.modified);
    }
    let generation = lookup.map(|l| l.generation);
    let state = state.clone();
    let path = path.to_owned();
    let accepted = conditions.accepted;
    let built =
        tokio::task::spawn_blocking(move || build(&state, generation, key, &path, now, accepted))
            .await;
    match built {
        Ok(Ok((stored, modified))) => stored.respond(conditions, &modified),
        Ok(Err(error)) => internal_error(&error),
        Err(error) => internal_error(&error),
    }
}

/// Builds the response for `key`, keeping it if its generation still holds.
/// Only the query the key holds is read, so that what is kept never
/// depends on anything else.
fn build(
    state: &State,
    generation: Option<Arc<Generation>>,
    key: Key,
    path: &str,
    now: chrono::DateTime<chrono::Utc>,
    accepted: Accepted,
) -> Result<(Arc<Stored>, Modified), page::PageError> {
    let store = state.store.as_ref();
    // Keep the response only if nothing changes visibility between the
    // generation's start and now: the page is then the same at both.
    // Asked whether or not anything is kept: the generation's end also
    // dates Last-Modified.
    let keep_in = match &generation {
        Some(generation) => {
            let until = generation.until(|start| store.next_visibility_change(start))?;
            let current = until.is_none_or(|until| now < until);
            (current && state.cache.0.budget() > 0).then_some(generation)
        }
        None => None,
    };
    let read_shared = generation.as_deref().map(|generation| {
        let read = move || generation.headlines(|| store.headlines(now));
        (read, generation.revision())
    });
    let mut pages = Pages::new(
        store,
        state.renderer.as_ref(),
        now,
        state.per_page,
        state.feed_items,
    );
    if let Some((read, revision)) = &read_shared {
        pages = pages.with_headlines(read, *revision);
    }
    let keep_index = generation.as_deref().map(|generation| {
        move |build: &dyn Fn() -> Result<SearchIndex, StoreError>| generation.search_index(build)
    });
    if let Some(keep) = &keep_index {
        pages = pages.with_search_index(keep);
    }
    let keep_sitemap = generation.as_deref().map(|generation| {
        move |make: &dyn Fn() -> Result<SitemapContent, StoreError>| generation.sitemap(make)
    });
    if let Some(keep) = &keep_sitemap {
        pages = pages.with_sitemap(keep);
    }
    let request = page::Request { state, pages };
    let query = key.query.as_deref();
    let reply = page::build(&request, &key.route, path, query)?;
    let compress_for = if keep_in.is_some() {
        Compress::All
    } else {
        Compress::For(accepted)
    };
    let stored = Arc::new(Stored::from_reply(reply, query, compress_for));
    let modified = match &generation {
        Some(generation) => generation.modified.clone(),
        None => Modified::at(now),
    };
    if let Some(generation) = keep_in
        && stored.keep()
    {
        state.cache.0.insert(generation, key, Arc::clone(&stored));
    }
    Ok((stored, modified))
}

/// `body` as kept: a rendered page's buffer grew by doubling, so it can
/// hold twice its length; the cache counts (and should hold) the length.
fn exact(mut body: Vec<u8>) -> Bytes {
    body.shrink_to_fit();
    Bytes::from(body)
}

/// Adds the headers every response carries, unless they are there already
/// (a stored response's headers are made with them).
pub(crate) fn secure(headers: &mut HeaderMap) {
    if headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        return;
    }
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// 405, naming the methods every route takes.
fn method_not_allowed() -> Response<Body> {
    let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
    r.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    r
}

/// Logs `error` and answers 500 without telling the client anything of it.
fn internal_error(error: &dyn std::fmt::Display) -> Response<Body> {
    tracing::error!(%error, "cannot build the page");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "500 Internal Server Error\n",
    )
}

/// A short plain-text response that no one keeps.
pub(crate) fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    let headers = r.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, Policy::NoStore.header());
    r
}

/// `Location` for a permanent redirect to `location`, a path on this site,
/// keeping the request's query string (a search survives its missing
/// slash).
fn location_header(location: &str, query: Option<&str>) -> HeaderValue {
    let location = match query {
        Some(query) => format!("{location}?{query}"),
        None => location.to_owned(),
    };
    // Redirects only lead to paths built by `blog_core::urls` from valid
    // slugs and numbers, and a query hyper accepted, which are valid header
    // values; fall back to the home page.
    HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/"))
}

#[cfg(test)]
mod tests {
    use hyper::body::Body as _;

    use super::*;

    fn conditions(headers: &[(HeaderName, &'static str)]) -> Conditions {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(name, HeaderValue::from_static(value));
        }
        Conditions::from_headers(&map)
    }

    #[test]
    fn a_request_names_one_host_or_none_before_http_1_1() {
        let check = |version, hosts: &[&'static str], expected: bool| {
            let mut request = Request::new(());
            *request.version_mut() = version;
            for host in hosts {
                request
                    .headers_mut()
                    .append(header::HOST, HeaderValue::from_static(host));
            }
            assert_eq!(one_host(&request), expected, "{version:?} {hosts:?}");
        };
        use hyper::Version;
        check(Version::HTTP_11, &["a"], true);
        check(Version::HTTP_11, &[], false);
        check(Version::HTTP_11, &["a", "a"], false);
        check(Version::HTTP_11, &["a", "b"], false);
        check(Version::HTTP_10, &[], true);
        check(Version::HTTP_10, &["a"], true);
        check(Version::HTTP_10, &["a", "b"], false);
    }

    const TAG: HeaderValue = HeaderValue::from_static("\"00000000000000ab-gz\"");
    /// Sat, 21 Nov 2026 10:00:00 GMT
    const MODIFIED: u64 = 1_795_255_200;

    #[test]
    fn if_none_match_compares_tags_weakly_and_wins_over_dates() {
        let fresh = [
            "\"00000000000000ab-gz\"",
            "W/\"00000000000000ab-gz\"",
            "\"x\", \"00000000000000ab-gz\"",
            "*",
        ];
        for tag in fresh {
            let c = conditions(&[(header::IF_NONE_MATCH, tag)]);
            assert!(c.not_modified(&TAG, MODIFIED), "{tag}");
        }
        for tag in ["\"00000000000000ab\"", "\"00000000000000ab-br\"", "", "x"] {
            let c = conditions(&[(header::IF_NONE_MATCH, tag)]);
            assert!(!c.not_modified(&TAG, MODIFIED), "{tag}");
        }
        // A stale tag is not rescued by a recent date.
        let c = conditions(&[
            (header::IF_NONE_MATCH, "\"old\""),
            (header::IF_MODIFIED_SINCE, "Sat, 21 Nov 2026 11:00:00 GMT"),
        ]);
        assert!(!c.not_modified(&TAG, MODIFIED));
    }

    #[test]
    fn if_modified_since_is_compared_to_the_second() {
        let at = |date| conditions(&[(header::IF_MODIFIED_SINCE, date)]);
        assert!(at("Sat, 21 Nov 2026 10:00:00 GMT").not_modified(&TAG, MODIFIED));
        assert!(at("Sat, 21 Nov 2026 10:00:01 GMT").not_modified(&TAG, MODIFIED));
        assert!(!at("Sat, 21 Nov 2026 09:59:59 GMT").not_modified(&TAG, MODIFIED));
        assert!(!at("yesterday").not_modified(&TAG, MODIFIED));
        assert!(!conditions(&[]).not_modified(&TAG, MODIFIED));
    }

    #[test]
    fn stored_responses_carry_validators_only_when_successful() {
        let page = Stored::new(
            StatusCode::OK,
            HeaderValue::from_static("text/html; charset=utf-8"),
            Policy::Revalidate,
            Bytes::from("<p>a page</p>".repeat(100)),
            Compress::All,
        );
        assert!(page.gzip.is_some() && page.brotli.is_some());
        let modified = Modified::at(chrono::DateTime::UNIX_EPOCH);
        let response = page.respond(&conditions(&[(header::ACCEPT_ENCODING, "gzip")]), &modified);
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
        assert_eq!(headers[header::VARY], "accept-encoding");
        let etag = headers[header::ETAG].to_str().expect("ASCII").to_owned();
        assert!(etag.ends_with("-gz\""), "{etag}");
        let again = page.respond(
            &conditions(&[(header::ACCEPT_ENCODING, "gzip")]).with_tag(etag.clone()),
            &modified,
        );
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.body().size_hint().exact(), Some(0));
        assert_eq!(again.headers()[header::ETAG], etag.as_str());
        assert!(again.headers().get(header::CONTENT_TYPE).is_none());
        assert!(again.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(again.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        // The headers made for the first response are the next one's too,
        // security headers included; another Last-Modified gets its own.
        let gzip = conditions(&[(header::ACCEPT_ENCODING, "gzip")]);
        assert_eq!(page.respond(&gzip, &modified).headers(), headers);
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
        let later = Modified::at(chrono::DateTime::UNIX_EPOCH + chrono::Duration::days(1));
        let response = page.respond(&gzip, &later);
        assert_eq!(
            response.headers()[header::LAST_MODIFIED],
            "Fri, 02 Jan 1970 00:00:00 GMT"
        );
        let identity = page.respond(&conditions(&[]), &modified);
        assert!(identity.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(identity.headers()[header::VARY], "accept-encoding");
        let gone = Stored::new(
            StatusCode::GONE,
            HeaderValue::from_static("text/html; charset=utf-8"),
            Policy::Hour,
            Bytes::from_static(b"gone"),
            Compress::All,
        );
        let response = gone.respond(&conditions(&[(header::IF_NONE_MATCH, "*")]), &modified);
        assert_eq!(response.status(), StatusCode::GONE);
        assert!(response.headers().get(header::ETAG).is_none());
        // Not kept, so compressed only for the client that asked.
        let once = Stored::new(
            StatusCode::OK,
            HeaderValue::from_static("text/css"),
            Policy::Revalidate,
            Bytes::from("a { color: red }\n".repeat(100)),
            Compress::For(Accepted::parse("br")),
        );
        assert!(once.gzip.is_none() && once.brotli.is_some());
    }

    impl Conditions {
        fn with_tag(self, tag: String) -> Self {
            Self {
                if_none_match: Some(tag),
                ..self
            }
        }
    }
}
