//! One module per `blog` subcommand, and what they share.

pub mod article;
pub mod backup;
pub mod build;
pub mod category;
pub mod check;
pub mod edit;
pub mod export;
pub mod import;
pub mod list;
mod progress;
pub mod series;
pub mod show;

use std::io::{BufRead as _, IsTerminal as _, Write};

use blog_core::{
    Article, Category, Change, ChangeSet, EntityKind, ListQuery, Scope, Series, Slug, Store,
    StoreError, Title,
};
use chrono::{DateTime, Utc};

use crate::cli::Confirm;

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

/// Parses a title or a name given on the command line; `what` names it in
/// the error ("the series title").
fn title_arg(what: &str, s: &str) -> anyhow::Result<Title> {
    Title::parse(s).map_err(|e| anyhow::anyhow!("{what} {e}"))
}

/// The slug of something new: the one given with `--slug`, else one made
/// from its `title`. If the title makes none, the error shows `typed` as
/// `{:?}` and asks for `--slug`.
fn new_slug(given: Option<&str>, title: &Title) -> anyhow::Result<Slug> {
    match given {
        Some(s) => slug_arg("--slug", s),
        None => Slug::from_text(title.as_str()).map_err(|e| {
            anyhow::anyhow!("cannot make a slug from \"{title}\": {e}; give one with --slug")
        }),
    }
}

/// The error for something new whose slug is in use; `what` is "an
/// article", "a category" or "a series".
fn slug_taken(what: &str, slug: &Slug) -> anyhow::Error {
    anyhow::anyhow!("{what} with the slug '{slug}' already exists: choose another with --slug")
}

/// The article `slug` (as typed), or an error saying how to find one.
fn article_arg(store: &dyn Store, slug: &str) -> anyhow::Result<Article> {
    let slug = slug_arg("article", slug)?;
    store
        .article(&slug)?
        .ok_or_else(|| anyhow::anyhow!("no article has the slug '{slug}' (see `blog list`)"))
}

/// The category `slug` (as typed), or an error saying how to find one.
fn category_arg(store: &dyn Store, slug: &str) -> anyhow::Result<Category> {
    let slug = slug_arg("category", slug)?;
    store
        .category(&slug)?
        .ok_or_else(|| not_found(EntityKind::Category, &slug))
}

/// The series `slug` (as typed), or an error saying how to find one.
fn series_arg(store: &dyn Store, slug: &str) -> anyhow::Result<Series> {
    let slug = slug_arg("series", slug)?;
    store
        .series(&slug)?
        .ok_or_else(|| not_found(EntityKind::Series, &slug))
}

/// A category or a series, as the commands that change one see it.
trait Entity: Clone {
    /// The one with the slug `slug` (as typed), or an error saying how to
    /// find one.
    fn find(store: &dyn Store, slug: &str) -> anyhow::Result<Self>;
    /// The change that stores it as it is.
    fn put(self) -> Change;
}

impl Entity for Category {
    fn find(store: &dyn Store, slug: &str) -> anyhow::Result<Self> {
        category_arg(store, slug)
    }

    fn put(self) -> Change {
        Change::PutCategory(self)
    }
}

impl Entity for Series {
    fn find(store: &dyn Store, slug: &str) -> anyhow::Result<Self> {
        series_arg(store, slug)
    }

    fn put(self) -> Change {
        Change::PutSeries(self)
    }
}

/// Changes what `edit` says about the category or series `slug`, and
/// stores it.
fn update<T: Entity>(
    ctx: &Context<'_>,
    slug: &str,
    edit: impl FnOnce(&mut T),
) -> anyhow::Result<T> {
    let mut entity = T::find(ctx.store, slug)?;
    edit(&mut entity);
    apply(ctx.store, entity.clone().put())?;
    Ok(entity)
}

/// Applies one change, turning the store's refusals into messages that say
/// what to do.
fn apply(store: &dyn Store, change: Change) -> anyhow::Result<()> {
    apply_all(store, &[change].into_iter().collect())
}

/// Applies `changes` atomically, with the refusals worded as [`apply`] does.
fn apply_all(store: &dyn Store, changes: &ChangeSet) -> anyhow::Result<()> {
    store.apply(changes).map_err(|e| match e {
        StoreError::NotFound { kind, slug } => not_found(kind, &slug),
        StoreError::Conflict { kind, slug } => anyhow::anyhow!(
            "{kind} '{slug}' already exists: choose another slug (see `blog {}`)",
            list_command(kind)
        ),
        StoreError::Invalid { reason, .. } => anyhow::Error::msg(reason),
        other => other.into(),
    })
}

/// The error for a `kind` with the slug `slug` that does not exist.
fn not_found(kind: EntityKind, slug: &Slug) -> anyhow::Error {
    anyhow::anyhow!(
        "{kind} '{slug}' does not exist (see `blog {}`)",
        list_command(kind)
    )
}

fn list_command(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Article => "list",
        EntityKind::Category => "category list",
        EntityKind::Series => "series list",
    }
}

/// Every article `query` selects, over all its pages.
fn all_articles(store: &dyn Store, query: ListQuery) -> anyhow::Result<Vec<Article>> {
    Ok(blog_core::all_articles(store, &query)?)
}

/// Every stored article, whatever its state, newest first.
fn every_article(store: &dyn Store, now: DateTime<Utc>) -> anyhow::Result<Vec<Article>> {
    all_articles(
        store,
        ListQuery {
            scope: Scope::All,
            ..ListQuery::public(now)
        },
    )
}

/// Whether to go on with deleting `what`: yes when `--yes` was given, else
/// the answer to a question on the terminal. Without a terminal to ask on,
/// refuses, so that a script never deletes by accident.
fn confirm(what: &str, given: Confirm) -> anyhow::Result<()> {
    if given.yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        anyhow::bail!("not deleting {what} without confirmation: pass --yes");
    }
    eprint!("delete {what}? [y/N] ");
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        anyhow::bail!("nothing deleted")
    }
}

/// `n` and the noun for it: `one` when `n` is 1, else `many` ("1 file",
/// "2 files").
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints `value` as pretty JSON, one document.
fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
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
