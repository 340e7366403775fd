//! `blog series add|rename|describe|delete|list|show`.

use super::Context;

/// `blog series add`.
pub fn add(
    ctx: &mut Context<'_>,
    title: &str,
    slug: Option<&str>,
    description: &str,
) -> anyhow::Result<()> {
    let _ = (ctx, title, slug, description);
    anyhow::bail!("not implemented yet")
}

/// `blog series rename`.
pub fn rename(ctx: &mut Context<'_>, slug: &str, title: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug, title);
    anyhow::bail!("not implemented yet")
}

/// `blog series describe`.
pub fn describe(ctx: &mut Context<'_>, slug: &str, description: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug, description);
    anyhow::bail!("not implemented yet")
}

/// `blog series delete`.
pub fn delete(ctx: &mut Context<'_>, slug: &str, yes: bool) -> anyhow::Result<()> {
    let _ = (ctx, slug, yes);
    anyhow::bail!("not implemented yet")
}

/// `blog series list`.
pub fn list(ctx: &mut Context<'_>, json: bool) -> anyhow::Result<()> {
    let _ = (ctx, json);
    anyhow::bail!("not implemented yet")
}

/// `blog series show`.
pub fn show(ctx: &mut Context<'_>, slug: &str, json: bool) -> anyhow::Result<()> {
    let _ = (ctx, slug, json);
    anyhow::bail!("not implemented yet")
}
