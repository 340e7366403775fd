//! The renderer trait: domain values in, HTML out.

use std::sync::Arc;

use crate::urls::{FeedFormat, FeedOf};
use crate::{
    Article, Category, CategorySort, CategoryStats, Headline, Html, Neighbours, Page, SearchHit,
    SearchQuery, Series, SeriesOutline, Site, SitemapFile, Tag, TagCount,
};

/// Turns the content of a page into HTML.
///
/// A renderer never reads storage: the caller gathers every value a page
/// shows into a [`View`].
pub trait Renderer: Send + Sync {
    /// The site it draws: its title, description and base URL.
    fn site(&self) -> &Site;

    /// Renders one page.
    fn render(&self, view: &View<'_>) -> Result<Html, RenderError>;

    /// Renders a feed in `format`.
    fn feed(&self, view: &FeedView<'_>, format: FeedFormat) -> Result<String, RenderError>;

    /// Renders file `view.file` of the sitemap: `sitemap.xml` (every page,
    /// or the sitemap index naming the parts of one split into parts), or
    /// one of its parts.
    fn sitemap(&self, view: &SitemapView<'_>) -> Result<String, RenderError>;

    /// Renders `robots.txt`.
    fn robots(&self) -> Result<String, RenderError>;
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
    /// `/tags/`: every tag with its count.
    Tags(TagsView<'a>),
    /// `/tags/{slug}/`: one tag's articles.
    Tag(TagView<'a>),
    /// `/archive/`: every article by year and month.
    Archive(ArchiveView<'a>),
    /// `/search/?q=`: the search form and, for a query, its results.
    Search(SearchView<'a>),
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
    /// Articles related to it, most related first ([`crate::related`]).
    pub related: &'a [&'a Headline],
    /// The articles published before and after it.
    pub neighbours: Neighbours<'a>,
}

/// A page of the list of categories.
#[derive(Debug, Clone, Copy)]
pub struct CategoriesView<'a> {
    /// The categories on this page, with their statistics.
    pub categories: &'a Page<CategoryStats>,
    /// The order they are listed in.
    pub sort: CategorySort,
}

/// The list of tags.
#[derive(Debug, Clone, Copy)]
pub struct TagsView<'a> {
    /// Every tag of a public article, with its count.
    pub tags: &'a [TagCount],
}

/// One tag's articles.
#[derive(Debug, Clone, Copy)]
pub struct TagView<'a> {
    /// The tag.
    pub tag: &'a Tag,
    /// Its articles on this page.
    pub listing: ListingView<'a>,
}

/// Every public article, to list by year and month.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveView<'a> {
    /// The articles, newest first. Shared, so that a renderer can keep them
    /// while it draws a page of every article one entry at a time, rather
    /// than copy every title first.
    pub headlines: &'a Arc<Vec<Headline>>,
}

/// The search page.
#[derive(Debug, Clone, Copy)]
pub struct SearchView<'a> {
    /// The query as the reader typed it ("" before any search).
    pub text: &'a str,
    /// The query it was read as.
    pub query: &'a SearchQuery,
    /// The results on this page; `None` before any search.
    pub results: Option<&'a Page<SearchHit>>,
    /// Every category, to filter by and to name labels.
    pub categories: &'a [Category],
    /// Every tag, to filter by.
    pub tags: &'a [TagCount],
}

/// A feed: the newest articles of the site, a category, a tag or a series.
#[derive(Debug, Clone, Copy)]
pub struct FeedView<'a> {
    /// What the feed follows.
    pub of: FeedOf<'a>,
    /// What it is called: the name of the category, tag or series (the
    /// site's title for the site's feed).
    pub title: &'a str,
    /// Its articles, newest first, at most the configured number.
    pub articles: &'a [Article],
    /// Every category, to name the articles' categories.
    pub categories: &'a [Category],
}

/// Everything the sitemap lists, and which of its files to render
/// ([`crate::SitemapContent`] makes it for a site).
#[derive(Debug, Clone, Copy)]
pub struct SitemapView<'a> {
    /// Every public article, newest first.
    pub headlines: &'a [Headline],
    /// Every category with its statistics (those with no article are left out).
    pub categories: &'a [CategoryStats],
    /// Every tag of a public article.
    pub tags: &'a [TagCount],
    /// Every series.
    pub series: &'a [Series],
    /// The most pages one file lists ([`crate::pages::SITEMAP_URLS`] on a
    /// site): more are split into parts of this many.
    pub per_file: usize,
    /// The file to render.
    pub file: SitemapFile,
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
