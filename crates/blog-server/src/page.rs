//! Builds a page for a route from the store and the renderer: synchronous
//! code that runs on a blocking thread.

use blog_core::{
    ArticleView, CategoriesView, Category, CategoryTree, CategoryView, Html, ListQuery,
    ListingView, Lookup, NotFoundView, PageNumber, RenderError, Renderer as _, Scope,
    SeriesOutline, Slug, StoreError, View, urls,
};
use blog_render::Asset;

use crate::{Route, State};

/// What a route resolved to, before it becomes an HTTP response.
#[derive(Debug)]
pub(crate) enum Reply {
    /// A rendered page.
    Page(Html),
    /// The "not found" page.
    NotFound(Html),
    /// The page for an article that was deleted.
    Gone(Html),
    /// A permanent redirect to this path on the site.
    Moved(String),
    /// A built-in asset.
    Asset(Asset),
}

/// Why a page could not be built.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PageError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("render: {0}")]
    Render(#[from] RenderError),
}

/// Builds the reply for a content route; `path` is what was asked for.
pub(crate) fn build(state: &State, route: &Route, path: &str) -> Result<Reply, PageError> {
    let now = (state.clock)();
    let store = state.store.as_ref();
    let render = |view: View<'_>| state.renderer.render(&view);
    let listing = |category: Option<&Slug>, page: PageNumber| {
        store.articles(&ListQuery {
            category: category.cloned(),
            page,
            ..ListQuery::public(now)
        })
    };
    let found = match route {
        Route::Home(page) => {
            let articles = listing(None, *page)?;
            let categories = store.categories()?;
            (!articles.is_out_of_range()).then(|| {
                render(View::Home(ListingView {
                    articles: &articles,
                    categories: &categories,
                }))
            })
        }
        Route::Article(slug) => match store.lookup(slug)? {
            Lookup::Found(article) if article.is_public(now) => {
                let categories = store.categories()?;
                let outline = match &article.series {
                    Some(membership) => series_outline(state, &membership.series, now)?,
                    None => None,
                };
                Some(render(View::Article(ArticleView {
                    article: &article,
                    categories: &categories,
                    series: outline.as_ref(),
                    related: &[],
                    neighbours: blog_core::Neighbours::default(),
                })))
            }
            // The old URL answers only what the new one would: a draft or a
            // scheduled article's new slug stays unknown until it is public.
            Lookup::Moved(to) => match store.article(&to)? {
                Some(article) if article.is_public(now) => {
                    return Ok(Reply::Moved(urls::article(&article.slug)));
                }
                _ => None,
            },
            Lookup::Gone => return Ok(Reply::Gone(render(View::Gone { path })?)),
            Lookup::Found(_) | Lookup::Unknown => None,
        },
        Route::Categories => {
            let headlines = store.headlines(now)?;
            let stats = blog_core::category_stats(
                &store.categories()?,
                &headlines,
                blog_core::CategorySort::Name,
            );
            let page =
                blog_core::Page::from_all(stats, PageNumber::FIRST, blog_core::PerPage::LARGEST);
            Some(render(View::Categories(CategoriesView {
                categories: &page,
                sort: blog_core::CategorySort::Name,
            })))
        }
        Route::Category(slug, page) => match store.category(slug)? {
            Some(category) => {
                let articles = listing(Some(slug), *page)?;
                let categories = store.categories()?;
                let (ancestors, children) = family(&categories, slug);
                (!articles.is_out_of_range()).then(|| {
                    render(View::Category(CategoryView {
                        category: &category,
                        ancestors: &ancestors,
                        children: &children,
                        listing: ListingView {
                            articles: &articles,
                            categories: &categories,
                        },
                    }))
                })
            }
            None => None,
        },
        Route::Series(slug) => series_outline(state, slug, now)?
            .map(|outline| render(View::Series { outline: &outline })),
        Route::Asset(asset_path) => {
            if let Some(asset) = state.renderer.asset(asset_path) {
                return Ok(Reply::Asset(asset));
            }
            None
        }
        Route::NotFound | Route::Redirect(_) | Route::MethodNotAllowed => None,
    };
    match found {
        Some(html) => Ok(Reply::Page(html?)),
        None => Ok(Reply::NotFound(render(View::NotFound(NotFoundView {
            path,
        }))?)),
    }
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
fn series_outline(
    state: &State,
    slug: &Slug,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<SeriesOutline>, StoreError> {
    let Some(series) = state.store.series(slug)? else {
        return Ok(None);
    };
    // Every page of them: a long series must not lose its first parts.
    let parts = blog_core::all_articles(
        state.store.as_ref(),
        &ListQuery {
            scope: Scope::Public,
            series: Some(slug.clone()),
            ..ListQuery::public(now)
        },
    )?;
    Ok(Some(SeriesOutline::new(series, &parts)))
}
