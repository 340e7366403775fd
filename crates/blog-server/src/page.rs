//! Builds a page for a route from the store and the renderer: synchronous
//! code that runs on a blocking thread.

use std::sync::Arc;

use blog_core::urls;
use blog_core::{
    ArchiveView, ArticleView, CategoriesView, Category, CategorySort, CategoryTree, CategoryView,
    FeedView, Headline, Html, ListQuery, ListingView, Lookup, NotFoundView, Page, PageNumber,
    PerPage, RenderError, Renderer as _, Scope, SearchQuery, SearchTerms, SearchView,
    SeriesOutline, SitemapView, Slug, Store, StoreError, TagView, TagsView, View,
};
use blog_render::Asset;
use chrono::{DateTime, Utc};
use hyper::StatusCode;

use crate::cache::Generation;
use crate::query::SearchParams;
use crate::route::Feed;
use crate::{Route, State};

/// How many related articles an article page shows.
const RELATED: usize = 5;

/// How many categories a page of the list of categories shows.
const CATEGORIES_PER_PAGE: PerPage = PerPage::DEFAULT;

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

/// Why a page could not be built.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PageError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("render: {0}")]
    Render(#[from] RenderError),
}

/// What a builder found: a reply, or nothing at this path (a 404).
type Found = Result<Option<Reply>, PageError>;

/// The request's values every builder shares.
pub(crate) struct Request<'a> {
    pub(crate) state: &'a State,
    pub(crate) store: &'a dyn Store,
    /// The moment that decides which articles are public.
    pub(crate) now: DateTime<Utc>,
    /// The cache generation the request belongs to, which keeps what every
    /// page of it may read (the headlines); `None` without a cache.
    pub(crate) generation: Option<&'a Generation>,
}

impl Request<'_> {
    /// Every public article's headline, read once per cache generation.
    pub(crate) fn headlines(&self) -> Result<Arc<Vec<Headline>>, StoreError> {
        let read = || self.store.headlines(self.now);
        match self.generation {
            Some(generation) => generation.headlines(read),
            None => read().map(Arc::new),
        }
    }

    fn page(&self, view: View<'_>) -> Found {
        Ok(Some(Reply::Page(self.state.renderer.render(&view)?)))
    }

    /// The first page of public articles at this request's "now", as many
    /// as a listing shows.
    pub(crate) fn public(&self) -> ListQuery {
        ListQuery {
            per_page: self.state.per_page,
            ..ListQuery::public(self.now)
        }
    }

    /// The page of public articles `query` selects, at this request's "now".
    pub(crate) fn listing(&self, query: ListQuery) -> Result<Page<blog_core::Article>, StoreError> {
        self.store.articles(&ListQuery {
            now: self.now,
            scope: Scope::Public,
            ..query
        })
    }
}

/// Builds the reply for a content route; `path` is what was asked for,
/// `query` the query string.
pub(crate) fn build(
    request: &Request<'_>,
    route: &Route,
    path: &str,
    query: Option<&str>,
) -> Result<Reply, PageError> {
    let state = request.state;
    let found = match route {
        Route::Home(page) => home(request, *page)?,
        Route::Article(slug) => article(request, slug, path)?,
        Route::Categories(sort, page) => categories(request, *sort, *page)?,
        Route::Category(slug, page) => category(request, slug, *page)?,
        Route::Tags => tags(request)?,
        Route::Tag(slug, page) => tag(request, slug, *page)?,
        Route::Series(slug) => match series_outline(request, slug)? {
            Some(outline) => request.page(View::Series { outline: &outline })?,
            None => None,
        },
        Route::Archive => {
            let headlines = request.headlines()?;
            request.page(View::Archive(ArchiveView {
                headlines: &headlines,
            }))?
        }
        Route::Search => search(request, &SearchParams::parse(query))?,
        Route::Feed(feed) => self::feed(request, feed)?,
        Route::Sitemap => sitemap(request)?,
        Route::Robots => Some(Reply::File {
            content_type: "text/plain; charset=utf-8",
            body: state.renderer.robots()?,
        }),
        Route::Asset(asset_path) => state.renderer.asset(asset_path).map(Reply::Asset),
        Route::Api(api) => Some(crate::api::build(request, api, query)?),
        Route::Health | Route::NotFound | Route::Redirect(_) | Route::MethodNotAllowed => None,
    };
    match found {
        Some(reply) => Ok(reply),
        None => Ok(Reply::NotFound(
            state
                .renderer
                .render(&View::NotFound(NotFoundView { path }))?,
        )),
    }
}

fn home(request: &Request<'_>, page: PageNumber) -> Found {
    let articles = request.listing(ListQuery {
        page,
        ..request.public()
    })?;
    if articles.is_out_of_range() {
        return Ok(None);
    }
    let categories = request.store.categories()?;
    request.page(View::Home(ListingView {
        articles: &articles,
        categories: &categories,
    }))
}

fn article(request: &Request<'_>, slug: &Slug, path: &str) -> Found {
    let store = request.store;
    match store.lookup(slug)? {
        Lookup::Found(article) if article.is_public(request.now) => {
            let categories = store.categories()?;
            let outline = match &article.series {
                Some(membership) => series_outline(request, &membership.series)?,
                None => None,
            };
            let headlines = request.headlines()?;
            let related = blog_core::related(&article, &headlines, RELATED);
            request.page(View::Article(ArticleView {
                article: &article,
                categories: &categories,
                series: outline.as_ref(),
                related: &related,
                neighbours: blog_core::neighbours(&headlines, &article.slug),
            }))
        }
        // The old URL answers only what the new one would: a draft or a
        // scheduled article's new slug stays unknown until it is public.
        Lookup::Moved(to) => Ok(match store.article(&to)? {
            Some(article) if article.is_public(request.now) => {
                Some(Reply::Moved(urls::article(&article.slug)))
            }
            _ => None,
        }),
        Lookup::Gone => Ok(Some(Reply::Gone(
            request.state.renderer.render(&View::Gone { path })?,
        ))),
        Lookup::Found(_) | Lookup::Unknown => Ok(None),
    }
}

fn categories(request: &Request<'_>, sort: CategorySort, page: PageNumber) -> Found {
    let headlines = request.headlines()?;
    let stats = blog_core::category_stats(&request.store.categories()?, &headlines, sort);
    let page = Page::from_all(stats, page, CATEGORIES_PER_PAGE);
    if page.is_out_of_range() {
        return Ok(None);
    }
    request.page(View::Categories(CategoriesView {
        categories: &page,
        sort,
    }))
}

fn category(request: &Request<'_>, slug: &Slug, page: PageNumber) -> Found {
    let Some(category) = request.store.category(slug)? else {
        return Ok(None);
    };
    let articles = request.listing(ListQuery {
        category: Some(slug.clone()),
        page,
        ..request.public()
    })?;
    if articles.is_out_of_range() {
        return Ok(None);
    }
    let categories = request.store.categories()?;
    let (ancestors, children) = family(&categories, slug);
    request.page(View::Category(CategoryView {
        category: &category,
        ancestors: &ancestors,
        children: &children,
        listing: ListingView {
            articles: &articles,
            categories: &categories,
        },
    }))
}

fn tags(request: &Request<'_>) -> Found {
    let tags = blog_core::tag_counts(&request.headlines()?);
    request.page(View::Tags(TagsView { tags: &tags }))
}

fn tag(request: &Request<'_>, slug: &Slug, page: PageNumber) -> Found {
    let articles = request.listing(ListQuery {
        tag: Some(slug.clone()),
        page,
        ..request.public()
    })?;
    // A tag exists by being on a public article; name it as on the newest.
    let Some(tag) = tag_named(&articles, slug) else {
        return Ok(None);
    };
    let categories = request.store.categories()?;
    request.page(View::Tag(TagView {
        tag: &tag,
        listing: ListingView {
            articles: &articles,
            categories: &categories,
        },
    }))
}

/// Tag `slug` as an article of `articles` spells it; `None` on an empty or
/// out-of-range page.
fn tag_named(articles: &Page<blog_core::Article>, slug: &Slug) -> Option<blog_core::Tag> {
    articles
        .items
        .iter()
        .flat_map(|a| &a.tags)
        .find(|t| t.slug() == slug)
        .cloned()
}

fn search(request: &Request<'_>, params: &SearchParams) -> Found {
    let Some(page) = params.page else {
        return Ok(None);
    };
    let query = SearchQuery {
        terms: SearchTerms::parse(&params.text),
        now: request.now,
        category: params.category.clone(),
        tag: params.tag.clone(),
        page,
        per_page: request.state.per_page,
    };
    let results = if params.text.is_empty() {
        None
    } else {
        let results = request.store.search(&query)?;
        if results.is_out_of_range() {
            return Ok(None);
        }
        Some(results)
    };
    let categories = request.store.categories()?;
    let tags = blog_core::tag_counts(&request.headlines()?);
    request.page(View::Search(SearchView {
        text: &params.text,
        query: &query,
        results: results.as_ref(),
        categories: &categories,
        tags: &tags,
    }))
}

fn feed(request: &Request<'_>, feed: &Feed) -> Found {
    let store = request.store;
    let all = ListQuery::public(request.now);
    // What the feed is called (if it exists) and which articles it holds.
    let (title, filter) = match feed {
        Feed::Site(_) => (Some(request.state.renderer.site().title.clone()), all),
        Feed::Category(slug) => (
            store.category(slug)?.map(|c| c.name.to_string()),
            ListQuery {
                category: Some(slug.clone()),
                ..all
            },
        ),
        // A tag exists by being on a public article.
        Feed::Tag(slug) => (
            None,
            ListQuery {
                tag: Some(slug.clone()),
                ..all
            },
        ),
        Feed::Series(slug) => (
            store.series(slug)?.map(|s| s.title.to_string()),
            ListQuery {
                series: Some(slug.clone()),
                ..all
            },
        ),
    };
    let articles = request.listing(ListQuery {
        per_page: request.state.feed_items,
        ..filter
    })?;
    let title = match feed {
        Feed::Tag(slug) => tag_named(&articles, slug).map(|t| t.name().to_owned()),
        _ => title,
    };
    let Some(title) = title else {
        return Ok(None);
    };
    let categories = store.categories()?;
    let format = feed.format();
    let body = request.state.renderer.feed(
        &FeedView {
            of: feed.of(),
            title: &title,
            articles: &articles.items,
            categories: &categories,
        },
        format,
    )?;
    Ok(Some(Reply::File {
        content_type: format.content_type(),
        body,
    }))
}

fn sitemap(request: &Request<'_>) -> Found {
    let store = request.store;
    let headlines = request.headlines()?;
    let mut categories =
        blog_core::category_stats(&store.categories()?, &headlines, CategorySort::Name);
    categories.retain(|c| c.articles > 0);
    // A series without a public part shows nothing yet: not for crawlers.
    let mut series = store.all_series()?;
    series.retain(|s| {
        headlines
            .iter()
            .any(|h| h.series.as_ref().is_some_and(|m| m.series == s.slug))
    });
    let body = request.state.renderer.sitemap(&SitemapView {
        headlines: &headlines,
        categories: &categories,
        tags: &blog_core::tag_counts(&headlines),
        series: &series,
    })?;
    Ok(Some(Reply::File {
        content_type: "application/xml; charset=utf-8",
        body,
    }))
}

/// The categories above category `slug`, the top-level one first, and those
/// right below it, in the order of `categories`.
fn family(categories: &[Category], slug: &Slug) -> (Vec<Category>, Vec<Category>) {
    let find = |s: &Slug| categories.iter().find(|c| &c.slug == s).cloned();
    let mut ancestors: Vec<Category> = CategoryTree::new(categories)
        .ancestors(slug)
        .iter()
        .filter_map(find)
        .collect();
    ancestors.reverse();
    let children = categories
        .iter()
        .filter(|c| c.parent.as_ref() == Some(slug))
        .cloned()
        .collect();
    (ancestors, children)
}

/// The public parts of series `slug` in reading order.
pub(crate) fn series_outline(
    request: &Request<'_>,
    slug: &Slug,
) -> Result<Option<SeriesOutline>, StoreError> {
    let Some(series) = request.store.series(slug)? else {
        return Ok(None);
    };
    // Every page of them: a long series must not lose its first parts.
    let parts = blog_core::all_articles(
        request.store,
        &ListQuery {
            series: Some(slug.clone()),
            ..ListQuery::public(request.now)
        },
    )?;
    Ok(Some(SeriesOutline::new(series, &parts)))
}
