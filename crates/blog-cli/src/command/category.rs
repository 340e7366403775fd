//! `blog category add|list`.

use blog_core::{Category, Change, ChangeSet, Markdown, Slug, StoreError, Title};

use super::{Context, slug_arg};

/// What `blog category add` was given.
#[derive(Debug, Clone, Copy)]
pub struct NewCategory<'a> {
    /// The display name.
    pub name: &'a str,
    /// The slug, if given.
    pub slug: Option<&'a str>,
    /// The Markdown description.
    pub description: &'a str,
    /// The parent's slug, if any.
    pub parent: Option<&'a str>,
}

/// Adds a category; an existing slug is an error, never an overwrite.
pub fn add(ctx: &mut Context<'_>, new: NewCategory<'_>) -> anyhow::Result<()> {
    let name = Title::parse(new.name).map_err(|e| anyhow::anyhow!("the category name {e}"))?;
    let slug = match new.slug {
        Some(s) => slug_arg("--slug", s)?,
        None => Slug::from_text(name.as_str()).map_err(|e| {
            anyhow::anyhow!(
                "cannot make a slug from {:?}: {e}; give one with --slug",
                new.name
            )
        })?,
    };
    let parent = new.parent.map(|p| slug_arg("--parent", p)).transpose()?;
    let category = Category {
        parent,
        ..Category::new(slug.clone(), name.clone(), Markdown::new(new.description))
    };
    let changes: ChangeSet = [Change::AddCategory(category)].into_iter().collect();
    match ctx.store.apply(&changes) {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => anyhow::bail!(
            "a category with the slug '{slug}' already exists: choose another with --slug"
        ),
        Err(StoreError::NotFound { slug: missing, .. }) => anyhow::bail!(
            "the parent category '{missing}' does not exist (see `blog category list`)"
        ),
        Err(e) => return Err(e.into()),
    }
    writeln!(ctx.out, "added category '{slug}' ({name})")?;
    Ok(())
}

/// Lists categories with their counts of published articles.
pub fn list(ctx: &mut Context<'_>, json: bool) -> anyhow::Result<()> {
    let _ = json;
    let counts = ctx.store.category_counts(ctx.now)?;
    if counts.is_empty() {
        writeln!(ctx.out, "no categories")?;
        return Ok(());
    }
    let rows: Vec<[String; 4]> = counts
        .into_iter()
        .map(|c| {
            let description = c
                .category
                .description
                .as_str()
                .lines()
                .next()
                .unwrap_or("")
                .to_owned();
            [
                c.category.slug.to_string(),
                c.category.name.to_string(),
                c.articles.to_string(),
                description,
            ]
        })
        .collect();
    super::table(ctx.out, ["SLUG", "NAME", "ARTICLES", "DESCRIPTION"], &rows)?;
    Ok(())
}

/// `blog category rename`.
pub fn rename(ctx: &mut Context<'_>, slug: &str, name: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug, name);
    anyhow::bail!("not implemented yet")
}

/// `blog category describe`.
pub fn describe(ctx: &mut Context<'_>, slug: &str, description: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug, description);
    anyhow::bail!("not implemented yet")
}

/// `blog category move`.
pub fn move_to(ctx: &mut Context<'_>, slug: &str, parent: Option<&str>) -> anyhow::Result<()> {
    let _ = (ctx, slug, parent);
    anyhow::bail!("not implemented yet")
}

/// `blog category delete`.
pub fn delete(ctx: &mut Context<'_>, slug: &str, yes: bool) -> anyhow::Result<()> {
    let _ = (ctx, slug, yes);
    anyhow::bail!("not implemented yet")
}
