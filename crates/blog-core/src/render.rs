//! The renderer trait: domain values in, HTML out.

use crate::{Article, Category, CategoryCount, Html, Page, SeriesOutline};

/// Turns the content of a page into HTML.
///
/// A renderer never reads storage: the caller gathers every value a page
/// shows into a [`View`].
pub trait Renderer: Send + Sync {
    /// Renders one page.
    fn render(&self, view: &View<'_>) -> Result<Html, RenderError>;
}

/// A page of the site with everything it shows.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum View<'a> {
    /// `/` and `/page/{n}/`: the newest articles as cards.
    Home(ListingView<'a>),
    /// `/articles/{slug}/`: one article.
    Article(ArticleView<'a>),
    /// `/categories/`: every category, to browse by.
    Categories(CategoriesView<'a>),
    /// `/categories/{slug}/`: one category's articles.
    Category(CategoryView<'a>),
    /// `/series/{slug}/`: one series, its parts in reading order.
    Series {
        /// The series with the parts to show (usually the public ones).
        outline: &'a SeriesOutline,
    },
    /// Any path that names nothing.
    NotFound(NotFoundView<'a>),
    /// `/articles/{slug}/` for an article that was deleted: it existed, and
    /// will not come back (the server answers 410 Gone).
    Gone {
        /// The path that was asked for.
        path: &'a str,
    },
}

/// A page of article cards.
#[derive(Debug, Clone, Copy)]
pub struct ListingView<'a> {
    /// The articles on this page.
    pub articles: &'a Page<Article>,
    /// Every category, to name the cards' category labels.
    pub categories: &'a [Category],
}

/// One article.
#[derive(Debug, Clone, Copy)]
pub struct ArticleView<'a> {
    /// The article.
    pub article: &'a Article,
    /// Every category, to name its labels.
    pub categories: &'a [Category],
    /// Its series in reading order, if it is part of one.
    pub series: Option<&'a SeriesOutline>,
}

/// The list of categories.
#[derive(Debug, Clone, Copy)]
pub struct CategoriesView<'a> {
    /// Each category with its count of public articles.
    pub categories: &'a [CategoryCount],
}

/// One category's articles.
#[derive(Debug, Clone, Copy)]
pub struct CategoryView<'a> {
    /// The category.
    pub category: &'a Category,
    /// The categories above it, the top-level one first, its parent last.
    pub ancestors: &'a [Category],
    /// The categories right below it.
    pub children: &'a [Category],
    /// Its articles on this page.
    pub listing: ListingView<'a>,
}

/// The "not found" page.
#[derive(Debug, Clone, Copy)]
pub struct NotFoundView<'a> {
    /// The path that was asked for.
    pub path: &'a str,
}

/// Why a page could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A template failed to load or to render.
    #[error("template {name}{}: {reason}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    Template {
        /// The template's name.
        name: String,
        /// The line in the template, when known.
        line: Option<usize>,
        /// What went wrong.
        reason: String,
    },
}
