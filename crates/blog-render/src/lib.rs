//! Renders the blog: Markdown to sanitised HTML, and the site's pages from
//! built-in templates.
//!
//! - [`HtmlRenderer`] implements [`blog_core::Renderer`]: it turns a
//!   [`View`](blog_core::View) into a full HTML page, from templates compiled
//!   into the crate, and serves the stylesheet they link to as an [`Asset`].
//! - [`markdown_to_html`] turns an author's Markdown into
//!   [`Html`](blog_core::Html) that is safe to send to a browser, with
//!   heading ids and anchors and highlighted code (coloured by
//!   `assets/highlight.css`); [`render_markdown`] also returns the headings
//!   for a table of contents, and [`markdown_to_feed_html`] makes the same
//!   HTML for a feed, with absolute URLs. [`summary_text`] turns a summary
//!   into plain text for cards and meta descriptions.
//!
//! Every value a template prints is escaped; the only markup that reaches a
//! page unescaped is what the Markdown functions produced and sanitised.
//!
//! Non-goals: this crate reads no storage and does no I/O; it takes domain
//! values and returns markup. The template engine, the Markdown parser and
//! the sanitiser stay private: none of their types is part of the API.

mod assets;
mod context;
mod highlight;
mod markdown;
mod renderer;
mod sanitize;

pub use assets::Asset;
pub use markdown::{
    RenderedMarkdown, TocEntry, markdown_to_feed_html, markdown_to_html, render_markdown,
    summary_text,
};
pub use renderer::HtmlRenderer;
