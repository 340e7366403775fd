//! Reading blog content from Markdown files, for the `blog` command.
//!
//! [`source::parse`] turns one Markdown file with front matter, as Zola, Hugo
//! and Jekyll write it (TOML between `+++` lines, YAML between `---` lines),
//! into an [`Article`](blog_core::Article) and the categories it names, or a
//! [`source::SourceError`] with the line and the reason.
//!
//! The `blog` binary itself (argument parsing, one module per command) lives
//! in `main.rs` and its modules; this library holds only what other code,
//! such as tests and fuzzers, may call.
//!
//! Non-goals: no domain rule (those are `blog-core`'s), no storage, no I/O.

mod front_matter;
pub mod source;
