//! Renders the blog: Markdown to sanitised HTML, and the site's pages from
//! built-in templates.
//!
//! - [`markdown_to_html`] turns an author's Markdown into [`Html`](blog_core::Html)
//!   that is safe to send to a browser; [`summary_text`] turns a summary into
//!   plain text for cards and meta descriptions.
//!
//! Non-goals: this crate reads no storage and does no I/O; it takes domain
//! values and returns markup.

mod markdown;
mod sanitize;

pub use markdown::{markdown_to_html, summary_text};
