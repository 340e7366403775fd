//! `blog edit SLUG`, and writing any article in the user's editor: the
//! article as its Markdown file, stored as importing that file would store it.

use std::path::Path;

use blog_cli::export::article_file;
use blog_cli::source::{self, FileName};
use blog_core::{Article, Change, ChangeSet, Slug, urls};

use super::{Context, article_arg};
use crate::cli::ArticleArgs;
use crate::editor::{self, Draft};

/// `blog edit SLUG`: the article's file in $EDITOR, stored when saved.
pub fn run(ctx: &mut Context<'_>, args: &ArticleArgs) -> anyhow::Result<()> {
    let article = article_arg(ctx.store, &args.slug)?;
    let Some(editor) = editor::configured() else {
        anyhow::bail!(
            "no editor: set EDITOR (for example `export EDITOR=nano`), or write the article \
             to a file with `blog show {slug} > {slug}.md`, change it, and `blog import` its folder",
            slug = article.slug
        );
    };
    let stored = in_editor(ctx, &editor, Writing::Stored(&article))?;
    if stored == article {
        writeln!(ctx.out, "no change to '{}'", article.slug)?;
    } else if stored.slug != article.slug {
        writeln!(
            ctx.out,
            "saved '{}', renamed from '{}': {} now redirects to {}",
            stored.slug,
            article.slug,
            urls::article(&article.slug),
            urls::article(&stored.slug)
        )?;
    } else {
        writeln!(ctx.out, "saved '{}'", stored.slug)?;
    }
    Ok(())
}

/// The article being written.
#[derive(Debug, Clone, Copy)]
pub enum Writing<'a> {
    /// A new article, not stored yet: its file must not take a slug in use.
    New(&'a Article),
    /// A stored article: a new `slug` in its file renames it.
    Stored(&'a Article),
}

impl<'a> Writing<'a> {
    fn article(self) -> &'a Article {
        match self {
            Self::New(a) | Self::Stored(a) => a,
        }
    }
}

/// Opens the article's file in `editor` and stores what is saved: its
/// content, new categories and series it names, a rename. Returns the
/// article as stored.
///
/// If anything goes wrong before the store took the change, nothing is
/// stored and the text stays in its file, which the error names: an edit is
/// never lost.
pub fn in_editor(
    ctx: &mut Context<'_>,
    editor: &str,
    writing: Writing<'_>,
) -> anyhow::Result<Article> {
    let original = writing.article();
    let text = article_file(original);
    let draft = Draft::create(original.slug.as_str(), &text)?;
    let saved = draft.edit(editor)?;
    if matches!(writing, Writing::Stored(_)) && saved == text {
        draft.discard();
        return Ok(original.clone());
    }
    let planned = plan(ctx, &saved, writing, draft.path());
    let stored = planned.and_then(|(changes, slug)| {
        super::apply_all(ctx.store, &changes)?;
        Ok(slug)
    });
    let slug = match stored {
        Ok(slug) => slug,
        Err(e) => return Err(kept(&e, &draft)),
    };
    draft.discard();
    ctx.store
        .article(&slug)?
        .ok_or_else(|| anyhow::anyhow!("'{slug}' was stored, but reading it back failed"))
}

/// `error`, saying that nothing was stored and where the text is.
fn kept(error: &anyhow::Error, draft: &Draft) -> anyhow::Error {
    anyhow::anyhow!(
        "{error:#}\nnothing was stored; your text is kept in {}",
        draft.path().display()
    )
}

/// The changes that store the `saved` text of the article's file at `path`,
/// and the slug it is stored under.
///
/// The file decides the content, aliases included. For a stored article the
/// creation time is kept unless the file changes it, and the update time is
/// now unless the file changes it. A stored article that changed since the
/// editor opened is not overwritten.
fn plan(
    ctx: &Context<'_>,
    saved: &str,
    writing: Writing<'_>,
    path: &Path,
) -> anyhow::Result<(ChangeSet, Slug)> {
    let original = writing.article();
    let name = FileName {
        slug: Some(original.slug.clone()),
        date: None,
    };
    let parsed = source::parse(saved, &name, ctx.now).map_err(|e| {
        let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
        anyhow::anyhow!("{}{line}: {}", path.display(), e.reason)
    })?;
    let mut article = parsed.article.clone();
    let to = article.slug.clone();
    let taken = |slug: &Slug| -> anyhow::Result<()> {
        if ctx.store.article(slug)?.is_some() {
            anyhow::bail!(
                "an article with the slug '{slug}' exists: choose another `slug` in the file"
            );
        }
        Ok(())
    };
    let mut changes = ChangeSet::new();
    match writing {
        Writing::New(_) => taken(&to)?,
        Writing::Stored(original) => {
            if ctx.store.article(&original.slug)?.as_ref() != Some(original) {
                anyhow::bail!(
                    "'{}' changed while you were editing it (another command stored it): \
                     run `blog edit {}` again and bring your changes over from the kept file",
                    original.slug,
                    original.slug
                );
            }
            article.created_at = parsed.created.unwrap_or(original.created_at);
            article.updated_at = match parsed.updated {
                Some(t) if t != original.updated_at => t,
                _ => ctx.now,
            };
            if to != original.slug {
                taken(&to)?;
                changes.push(Change::RenameArticle {
                    from: original.slug.clone(),
                    to: to.clone(),
                });
                let history = &mut article.previous_slugs;
                history.retain(|s| *s != original.slug && *s != to);
                history.push(original.slug.clone());
            }
        }
    }
    changes.extend(
        super::import::changes_for(ctx.store, &parsed, article)?
            .changes()
            .iter()
            .cloned(),
    );
    Ok((changes, to))
}
