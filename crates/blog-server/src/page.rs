//! Builds the reply for a route: the site's pages come from blog-core's
//! [`Pages`], the same code the static build writes files with; assets and
//! the JSON API are the server's own. Synchronous code that runs on a
//! blocking thread.

use blog_core::pages::{Output, SearchRequest, Target};
use blog_core::{Html, Pages};
use blog_render::Asset;
use hyper::StatusCode;

use crate::query::SearchParams;
use crate::route::Feed;
use crate::{Route, State};

pub(crate) use blog_core::PageError;

/// What a route resolved to, before it becomes an HTTP response.
#[derive(Debug)]
pub(crate) enum Reply {
    /// A rendered page.
    Page(Html),
    /// A feed, the sitemap or robots.txt, with its content type.
    File {
        content_type: &'static str,
        body: String,
    },
    /// The "not found" page.
    NotFound(Html),
    /// The page for an article that was deleted.
    Gone(Html),
    /// A permanent redirect to this path on the site.
    Moved(String),
    /// A built-in asset.
    Asset(Asset),
    /// A JSON document of the API, with its status.
    Json { status: StatusCode, body: String },
}

impl From<Output> for Reply {
    fn from(output: Output) -> Self {
        match output {
            Output::Page(html) => Self::Page(html),
            Output::File { content_type, body } => Self::File { content_type, body },
            Output::NotFound(html) => Self::NotFound(html),
            Output::Gone(html) => Self::Gone(html),
            Output::Moved(to) => Self::Moved(to),
        }
    }
}

/// The request's values every builder shares: the server's state and the
/// site's pages at the request's "now".
pub(crate) struct Request<'a> {
    pub(crate) state: &'a State,
    pub(crate) pages: Pages<'a>,
}

/// Builds the reply for a content route; `path` is what was asked for,
/// `query` the query string.
pub(crate) fn build(
    request: &Request<'_>,
    route: &Route,
    path: &str,
    query: Option<&str>,
) -> Result<Reply, PageError> {
    let pages = &request.pages;
    let target = match route {
        Route::Home(page) => Target::Home(*page),
        Route::Article(slug) => Target::Article(slug),
        Route::Categories(sort, page) => Target::Categories(*sort, *page),
        Route::Category(slug, page) => Target::Category(slug, *page),
        Route::Tags => Target::Tags,
        Route::Tag(slug, page) => Target::Tag(slug, *page),
        Route::Series(slug) => Target::Series(slug),
        Route::Archive => Target::Archive,
        Route::Search => {
            let params = SearchParams::parse(query);
            return match params.page {
                Some(page) => {
                    let search = SearchRequest {
                        text: &params.text,
                        category: params.category.as_ref(),
                        tag: params.tag.as_ref(),
                        page,
                    };
                    Ok(pages.build(&Target::Search(search), path)?.into())
                }
                None => not_found(pages, path),
            };
        }
        Route::Feed(feed) => return Ok(pages.build(&feed_target(feed), path)?.into()),
        Route::Sitemap => Target::Sitemap,
        Route::SitemapPart(n) => Target::SitemapPart(*n),
        Route::Robots => Target::Robots,
        Route::SearchIndex(path) => Target::SearchIndex(path),
        Route::Asset(asset_path) => {
            return match request.state.renderer.asset(asset_path) {
                Some(asset) => Ok(Reply::Asset(asset)),
                None => not_found(pages, path),
            };
        }
        Route::Api(api) => return crate::api::build(request, api, query),
        Route::Health | Route::NotFound | Route::Redirect(_) | Route::MethodNotAllowed => {
            return not_found(pages, path);
        }
    };
    Ok(pages.build(&target, path)?.into())
}

/// The target of a feed route.
fn feed_target(feed: &Feed) -> Target<'_> {
    Target::Feed(feed.of(), feed.format())
}

fn not_found(pages: &Pages<'_>, path: &str) -> Result<Reply, PageError> {
    Ok(Reply::NotFound(pages.not_found(path)?))
}
