//! `blog category add|rename|describe|move|delete|list`.

use std::collections::BTreeSet;

use blog_core::{Category, CategoryCount, Change, ChangeSet, Markdown, Slug, StoreError};
use serde::Serialize;

use super::{Context, new_slug, slug_arg, slug_taken, title_arg, update};
use crate::cli::{
    CategoryAddArgs, CategoryDeleteArgs, CategoryDescribeArgs, CategoryListArgs, CategoryMoveArgs,
    CategoryRenameArgs,
};

/// Adds a category; an existing slug is an error, never an overwrite.
pub fn add(ctx: &mut Context<'_>, args: &CategoryAddArgs) -> anyhow::Result<()> {
    let name = title_arg("the category name", &args.name)?;
    let slug = new_slug(args.slug.as_deref(), &name)?;
    let parent = args
        .parent
        .as_deref()
        .map(|p| slug_arg("--parent", p))
        .transpose()?;
    let description = Markdown::new(args.description.as_deref().unwrap_or_default());
    let category = Category {
        parent,
        ..Category::new(slug.clone(), name.clone(), description)
    };
    let changes: ChangeSet = [Change::AddCategory(category)].into_iter().collect();
    match ctx.store.apply(&changes) {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(slug_taken("a category", &slug)),
        Err(StoreError::NotFound { slug: missing, .. }) => anyhow::bail!(
            "the parent category '{missing}' does not exist (see `blog category list`)"
        ),
        Err(e) => return Err(e.into()),
    }
    writeln!(ctx.out, "added category '{slug}' ({name})")?;
    Ok(())
}

/// Lists categories as a tree (children under their parent, siblings by
/// name), with their counts of published articles.
pub fn list(ctx: &mut Context<'_>, args: &CategoryListArgs) -> anyhow::Result<()> {
    let counts = ctx.store.category_counts(ctx.now)?;
    let ordered = tree_order(&counts);
    if args.json {
        let rows: Vec<JsonRow<'_>> = ordered
            .iter()
            .map(|(c, _)| JsonRow {
                slug: &c.category.slug,
                name: c.category.name.as_str(),
                parent: c.category.parent.as_ref(),
                description: c.category.description.as_str(),
                articles: c.articles,
            })
            .collect();
        return super::json(ctx.out, &rows);
    }
    if ordered.is_empty() {
        writeln!(ctx.out, "no categories")?;
        return Ok(());
    }
    let rows: Vec<[String; 4]> = ordered
        .into_iter()
        .map(|(c, depth)| {
            let description = c
                .category
                .description
                .as_str()
                .lines()
                .next()
                .unwrap_or("")
                .to_owned();
            [
                format!("{}{}", "  ".repeat(depth), c.category.slug),
                c.category.name.to_string(),
                c.articles.to_string(),
                description,
            ]
        })
        .collect();
    super::table(ctx.out, ["SLUG", "NAME", "ARTICLES", "DESCRIPTION"], &rows)?;
    Ok(())
}

/// One category as `blog category list --json` prints it.
#[derive(Debug, Serialize)]
struct JsonRow<'a> {
    slug: &'a Slug,
    name: &'a str,
    parent: Option<&'a Slug>,
    description: &'a str,
    articles: u64,
}

/// The categories depth first, each with its depth: roots (and categories
/// whose parent is missing) in the order given, children after their parent.
fn tree_order(counts: &[CategoryCount]) -> Vec<(&CategoryCount, usize)> {
    let known: BTreeSet<&Slug> = counts.iter().map(|c| &c.category.slug).collect();
    let children_of = |parent: Option<&Slug>| -> Vec<&CategoryCount> {
        counts
            .iter()
            .filter(|c| match (&c.category.parent, parent) {
                (Some(p), Some(want)) => p == want,
                (Some(p), None) => !known.contains(p),
                (None, want) => want.is_none(),
            })
            .collect()
    };
    let mut ordered = Vec::with_capacity(counts.len());
    let mut pending: Vec<(&CategoryCount, usize)> = children_of(None)
        .into_iter()
        .rev()
        .map(|c| (c, 0))
        .collect();
    let mut seen = BTreeSet::new();
    while let Some((c, depth)) = pending.pop() {
        if !seen.insert(&c.category.slug) {
            continue;
        }
        ordered.push((c, depth));
        let children = children_of(Some(&c.category.slug));
        pending.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
    }
    ordered
}

/// `blog category rename SLUG NAME`: a new display name, same slug.
pub fn rename(ctx: &mut Context<'_>, args: &CategoryRenameArgs) -> anyhow::Result<()> {
    let name = title_arg("the category name", &args.name)?;
    let category = update(ctx, &args.slug, |c: &mut Category| c.name = name)?;
    writeln!(
        ctx.out,
        "renamed category '{}' to {}",
        category.slug, category.name
    )?;
    Ok(())
}

/// `blog category describe SLUG TEXT`.
pub fn describe(ctx: &mut Context<'_>, args: &CategoryDescribeArgs) -> anyhow::Result<()> {
    let category = update(ctx, &args.slug, |c: &mut Category| {
        c.description = Markdown::new(&args.description);
    })?;
    writeln!(ctx.out, "described category '{}'", category.slug)?;
    Ok(())
}

/// `blog category move SLUG [PARENT | --root]`.
pub fn move_to(ctx: &mut Context<'_>, args: &CategoryMoveArgs) -> anyhow::Result<()> {
    // Without a parent, clap made sure --root was given.
    let parent = match &args.parent {
        Some(p) => Some(super::category_arg(ctx.store, p)?.slug),
        None => None,
    };
    let category = update(ctx, &args.slug, |c: &mut Category| c.parent = parent)?;
    match &category.parent {
        Some(p) => writeln!(ctx.out, "moved category '{}' into '{p}'", category.slug)?,
        None => writeln!(
            ctx.out,
            "moved category '{}' to the top level",
            category.slug
        )?,
    }
    Ok(())
}

/// `blog category delete SLUG`: its articles leave it, its children move up.
pub fn delete(ctx: &mut Context<'_>, args: &CategoryDeleteArgs) -> anyhow::Result<()> {
    let category = super::category_arg(ctx.store, &args.slug)?;
    let slug = &category.slug;
    let articles = super::every_article(ctx.store, ctx.now)?
        .iter()
        .filter(|a| a.in_category(slug))
        .count();
    let children = ctx
        .store
        .categories()?
        .iter()
        .filter(|c| c.parent.as_ref() == Some(slug))
        .count();
    super::confirm(
        &format!(
            "category '{slug}' ({}, {})",
            category.name,
            super::plural(articles, "article", "articles")
        ),
        args.confirm,
    )?;
    super::apply(ctx.store, Change::DeleteCategory(slug.clone()))?;
    let up = match &category.parent {
        Some(p) => format!("into '{p}'"),
        None => "to the top level".to_owned(),
    };
    let articles = super::plural(articles, "article", "articles");
    let children = super::plural(children, "category", "categories");
    writeln!(
        ctx.out,
        "deleted category '{slug}': {articles} left it, {children} moved {up}"
    )?;
    Ok(())
}
