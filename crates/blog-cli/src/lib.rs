//! Reading and writing blog content as Markdown files, for the `blog` command.
//!
//! - [`source::parse`] turns one Markdown file with front matter, as Zola,
//!   Hugo and Jekyll write it (TOML between `+++` lines, YAML between `---`
//!   lines), into an [`Article`](blog_core::Article) and the categories and
//!   series it names, or a [`source::SourceError`] with the line and the
//!   reason. [`source::check_time`] is the one rule for every time the
//!   blog accepts, imported or typed.
//! - [`export::article_file`] writes an article back as such a file, which
//!   `source::parse` reads to the same article; [`export`] also writes and
//!   reads the `_categories.toml` and `_series.toml` files of an export.
//! - [`check`] finds the problems a reader would meet in the site's
//!   articles: broken links to the site's own pages, missing anchors, links
//!   to drafts, unknown categories; it lists links to other sites for the
//!   caller to check over the network.
//!
//! - [`build`] writes the whole site as static files, incrementally and
//!   atomically, with the pages the server answers; [`build::settings`]
//!   reads the site's settings as the server does.
//!
//! The `blog` binary itself (argument parsing, one module per command) lives
//! in `main.rs` and its modules; this library holds only what other code,
//! such as tests and fuzzers, may call.
//!
//! Non-goals: no domain rule (those are `blog-core`'s), no storage of its
//! own (`check` reads a [`Store`](blog_core::Store) it is given); no I/O
//! but the static build's output folder.

pub mod build;
pub mod check;
pub mod export;
mod front_matter;
pub mod source;
