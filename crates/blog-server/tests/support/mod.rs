//! What the in-process server tests share: fixed days, slugs, applying a
//! fixture, and GET or any method through `route` and `respond`.

#![allow(dead_code)] // Each test file uses a different part.

use blog_core::{Change, Slug, Store as _};
use blog_server::{State, respond, route};
use blog_store::MemoryStore;
use chrono::{DateTime, TimeZone, Utc};
use http_body_util::BodyExt as _;
use hyper::{HeaderMap, Method, StatusCode};

/// Noon on day `d` of June 2025.
pub fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, d, 12, 0, 0)
        .single()
        .expect("valid date")
}

/// A clock stopped on day 10.
pub fn day_10() -> DateTime<Utc> {
    day(10)
}

/// A clock stopped on day 20.
pub fn day_20() -> DateTime<Utc> {
    day(20)
}

pub fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("valid slug")
}

/// Applies `changes` to `store`, which must accept them.
pub fn apply(store: &MemoryStore, changes: impl IntoIterator<Item = Change>) {
    store
        .apply(&changes.into_iter().collect())
        .expect("the changes apply");
}

/// GETs `path` (with its query string, if any).
pub async fn get(state: &State, path: &str) -> (StatusCode, HeaderMap, String) {
    request(state, Method::GET, path).await
}

/// Sends `method` for `path` (with its query string, if any); the status,
/// headers and body as text.
pub async fn request(state: &State, method: Method, path: &str) -> (StatusCode, HeaderMap, String) {
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    let response = respond(state, route(&method, path), path, query).await;
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("a full body").to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}
