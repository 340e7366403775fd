//! The server's settings: flags, then `BLOG_*` environment variables, then
//! an optional `blog.toml`, then defaults.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use blog_core::{PerPage, Site};

/// Every setting of a running server, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The database file.
    pub db: PathBuf,
    /// Whether to leave a new, empty database empty.
    pub no_demo: bool,
    /// Title, description and base URL; the base URL is `None` when not set,
    /// and then `http://ADDR` once the listener is bound.
    pub title: Option<String>,
    /// One sentence about the site.
    pub description: Option<String>,
    /// The public URL of the site.
    pub base_url: Option<String>,
    /// Articles per page of a listing.
    pub per_page: PerPage,
    /// Articles per feed.
    pub feed_items: PerPage,
    /// A theme folder.
    pub theme: Option<PathBuf>,
    /// The most bytes the response cache keeps; 0 turns it off.
    pub cache_budget: u64,
    /// The most connections served at once; others wait to be accepted.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers, and how long
    /// a kept-alive connection may stay idle.
    pub header_timeout: Duration,
    /// How long a request may take from its headers to the last byte of its
    /// response.
    pub request_timeout: Duration,
    /// How long in-flight requests may take to finish after SIGINT/SIGTERM.
    pub shutdown_grace: Duration,
    /// The least severe log lines written (one per request at `info`).
    pub log: tracing::level_filters::LevelFilter,
}

impl Settings {
    /// The site that `title`, `description` and `base_url` describe, for a
    /// server bound to `local`.
    pub fn site(&self, local: SocketAddr) -> Result<Site, blog_core::BaseUrlError> {
        // PLACEHOLDER: the config helper writes this.
        let _ = local;
        Ok(Site::default())
    }
}
