//! `State`: what every connection shares, passed explicitly.

use std::sync::Arc;

use blog_core::{PerPage, Store};
use blog_render::HtmlRenderer;
use chrono::{DateTime, Utc};

use crate::cache::Cache;
use crate::respond::Stored;

/// The server's shared state: cheap to clone, a struct of `Arc`s.
#[derive(Clone)]
pub struct State {
    /// Where content comes from.
    pub store: Arc<dyn Store>,
    /// How pages are drawn.
    pub renderer: Arc<HtmlRenderer>,
    /// The clock that decides which articles are public; a parameter so that
    /// tests can fix it.
    pub clock: fn() -> DateTime<Utc>,
    /// How many articles a feed holds.
    pub feed_items: PerPage,
    /// How many articles a page of a listing shows.
    pub per_page: PerPage,
    /// What was rendered, until the content changes.
    pub cache: Arc<ResponseCache>,
}

/// The responses a server keeps: see [`ResponseCache::new`].
pub struct ResponseCache(pub(crate) Cache<Stored>);

impl ResponseCache {
    /// An empty cache that keeps at most `budget` bytes of responses, the
    /// least recently used dropped first; 0 keeps nothing.
    pub fn new(budget: u64) -> Self {
        Self(Cache::new(budget))
    }
}

/// The response cache's budget unless configured: 64 MiB.
pub const DEFAULT_CACHE_BUDGET: u64 = 64 << 20;

/// How many articles a feed holds unless configured.
pub const DEFAULT_FEED_ITEMS: PerPage = blog_core::pages::DEFAULT_FEED_ITEMS;

impl State {
    /// State over `store` and `renderer` with the system clock.
    pub fn new(store: Arc<dyn Store>, renderer: Arc<HtmlRenderer>) -> Self {
        Self {
            store,
            renderer,
            clock: Utc::now,
            feed_items: DEFAULT_FEED_ITEMS,
            per_page: PerPage::DEFAULT,
            cache: Arc::new(ResponseCache::new(DEFAULT_CACHE_BUDGET)),
        }
    }
}
