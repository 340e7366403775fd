//! Renders the blog: Markdown to sanitised HTML, the site's pages, its feeds
//! and the files crawlers read, from built-in templates or a theme's.
//!
//! - [`HtmlRenderer`] implements [`blog_core::Renderer`]: it turns a
//!   [`View`](blog_core::View) into a full HTML page, with what crawlers,
//!   feed readers and link previews read in its head (canonical URL, Open
//!   Graph, feed links, JSON-LD), a [`FeedView`](blog_core::FeedView) into
//!   an Atom, RSS 2.0 or JSON Feed 1.1 document, and a
//!   [`SitemapView`](blog_core::SitemapView) into `sitemap.xml`; it writes
//!   `robots.txt`, and serves the static files the pages link to as
//!   [`Asset`]s, each at its plain path (`/assets/style.css`) and at a
//!   fingerprinted one that names its bytes
//!   (`/assets/style.0123456789abcdef.css`, [`Asset::immutable`]), which
//!   pages link to; [`HtmlRenderer::assets`] lists them all.
//! - [`Theme`] is a folder of templates and assets that replace the built-in
//!   ones or add to them, read by [`Theme::load`] (errors: [`ThemeError`])
//!   and used by [`HtmlRenderer::with_theme`], which renders sample content
//!   once to catch a broken template before any reader does.
//! - [`markdown_to_html`] turns an author's Markdown into
//!   [`Html`](blog_core::Html) that is safe to send to a browser, with
//!   heading ids and anchors and highlighted code (coloured by
//!   `assets/highlight.css`); [`render_markdown`] also returns the headings
//!   for a table of contents, and [`markdown_to_feed_html`] makes the same
//!   HTML for a feed, with absolute URLs. [`summary_text`] turns a summary
//!   into plain text for cards and meta descriptions.
//! - [`body_references`] lists the links of an article's body and the ids
//!   its headings and footnotes have on its page, for a link checker.
//!
//! Every value a template prints is escaped, for HTML or for XML by the
//! template's extension; the only markup that reaches a page unescaped is
//! what the Markdown functions produced and sanitised, and each page's
//! JSON-LD, in which `<`, `>` and `&` are written as `\u` escapes so that no
//! text can end its script element. XML output never holds a character that
//! XML 1.0 forbids, whatever an article contains.
//!
//! Non-goals: this crate reads no storage; its only I/O is
//! [`Theme::load`] reading a theme folder, once, when a program starts. It
//! takes domain values and returns markup. The template engine, the
//! Markdown parser and the sanitiser stay private: none of their types is
//! part of the API.

mod assets;
mod context;
mod feed;
mod highlight;
mod markdown;
mod nesting;
mod references;
mod renderer;
mod sanitize;
mod theme;

pub use assets::Asset;
pub use feed::html_escape;
#[doc(hidden)]
pub use markdown::render_markdown_sanitising_all;
pub use markdown::{
    RenderedMarkdown, TocEntry, markdown_to_feed_html, markdown_to_html, render_markdown,
    summary_text,
};
pub use references::{BodyReferences, body_references};
pub use renderer::HtmlRenderer;
pub use theme::{Theme, ThemeError};
