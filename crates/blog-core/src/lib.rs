//! The blog's domain, with no I/O.
//!
//! `blog-core` holds the content model ([`Article`], [`Category`], [`Series`] and
//! the validated values they are made of: [`Slug`], [`Title`], [`Markdown`]), the
//! rules every part of the blog shares (visibility of drafts and scheduled
//! articles, newest-first ordering, pagination, series order, summaries and
//! reading time, the URL scheme), and the two traits the other crates implement:
//! [`Store`] for storage and [`Renderer`] for output.
//!
//! Non-goals: this crate does no I/O, has no async code, and knows nothing of
//! SQL, HTML or HTTP. "Now" is always a parameter, never read from a clock.

mod article;
mod category;
pub mod demo;
mod headline;
mod listing;
mod markdown;
pub mod pages;
mod render;
mod search;
pub mod search_index;
mod series;
mod site;
mod sitemap;
mod slug;
mod store;
mod summary;
mod tag;
mod text;
pub mod urls;
mod value;

pub use article::{Article, PartNumber, SeriesMembership, Status, Visibility};
pub use category::{Category, CategoryCount, CategoryTree, category_counts};
pub use headline::{
    CategorySort, CategoryStats, Headline, Neighbours, Related, TagCount, category_stats,
    neighbours, related, tag_counts,
};
pub use listing::{ListQuery, Page, PageNumber, PerPage, Scope, list, newest_first};
pub use markdown::{Html, Markdown};
pub use pages::{Output, PageError, Pages, SearchRequest, Target};
pub use render::{
    ArchiveView, ArticleView, CategoriesView, CategoryView, FeedView, ListingView, NotFoundView,
    RenderError, Renderer, SearchView, SitemapView, TagView, TagsView, View,
};
pub use search::{
    Fragment, MAX_TERMS, SNIPPET_WORDS, SearchHit, SearchQuery, SearchTerms, Snippet, index_text,
    search, words,
};
pub use series::{PartEntry, Series, SeriesOutline, SeriesPart};
pub use site::{BaseUrl, BaseUrlError, Site};
pub use sitemap::{SITEMAP_URLS, SitemapContent, SitemapFile, SitemapPage};
pub use slug::{Slug, SlugError};
pub use store::{
    Change, ChangeSet, EntityKind, Lookup, Revision, Store, StoreError, all_articles,
    next_visibility_change,
};
pub use summary::{ReadingTime, Summary, excerpt, word_count};
pub use tag::{Tag, TagError};
pub use text::{Title, TitleError};
pub use value::{Extra, Value};
