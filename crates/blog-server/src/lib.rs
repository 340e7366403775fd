//! `blog-server`: serves the blog over HTTP/1.1 with hyper.
//!
//! A request goes through three steps, each testable on its own:
//! [`route`] maps a method and a path to a typed [`Route`] (pure),
//! [`respond`] turns a route into a response using the [`State`] (the store
//! is called on a blocking thread, never on the async ones), and [`serve`]
//! runs the accept loop with timeouts and graceful shutdown.
//!
//! Non-goals: no domain rule lives here (visibility, ordering and the URL
//! scheme are `blog-core`'s), no SQL (`blog-store`), no HTML (`blog-render`).

mod api;
mod cache;
pub mod config;
mod encoding;
mod page;
mod query;
mod respond;
mod route;
mod serve;
mod stalled;
mod state;
mod timer;
mod workers;

pub use api::ApiRoute;
pub use query::SearchParams;
pub use respond::{Body, MAX_HEADERS, MAX_URI, handle, respond};
pub use route::{Feed, Route, route};
pub use serve::{ServeOptions, bind, serve};
pub use state::{DEFAULT_CACHE_BUDGET, DEFAULT_FEED_ITEMS, ResponseCache, State};
