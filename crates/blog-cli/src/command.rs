//! One module per `blog` subcommand.

pub mod article;
pub mod category;
pub mod export;
pub mod import;
pub mod list;
pub mod series;
pub mod show;

use std::io::Write;

use blog_core::{Slug, Store};
use chrono::{DateTime, Utc};

/// What every command works with.
pub struct Context<'a> {
    /// The blog's content.
    pub store: &'a dyn Store,
    /// The moment the command runs, read once.
    pub now: DateTime<Utc>,
    /// Where the command's report goes.
    pub out: &'a mut dyn Write,
}

/// Parses a slug given on the command line, with a hint when it is not one.
fn slug_arg(what: &str, s: &str) -> anyhow::Result<Slug> {
    blog_cli::source::parse_slug(what, s).map_err(anyhow::Error::msg)
}

/// Writes rows under a header in aligned columns; the last column is not
/// padded.
fn table<const N: usize>(
    out: &mut dyn std::io::Write,
    header: [&str; N],
    rows: &[[String; N]],
) -> std::io::Result<()> {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut line = |cells: [&str; N]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < N {
                let pad = widths[i] - cell.chars().count() + 2;
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(header)?;
    for row in rows {
        line(std::array::from_fn(|i| row[i].as_str()))?;
    }
    Ok(())
}
