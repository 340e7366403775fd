//! The `blog` command: administers a blog's content from the command line.
//!
//! The binary is a thin `main` over [`run`]; commands write their output to a
//! writer they are given, so they can be tested in-process. [`source`] parses
//! Markdown files with front matter, as Zola, Hugo and Jekyll write them.
//!
//! Non-goals: this crate holds no domain rule (those are in `blog-core`) and
//! no SQL (that is `blog-store`).

mod cli;
mod command;
pub mod source;

pub use cli::{CategoryCommand, Cli, Command, run};
