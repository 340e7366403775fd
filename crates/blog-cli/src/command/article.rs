//! The commands on one article: `new`, `edit`, `publish`, `unpublish`,
//! `schedule`, `rename`, `delete`.

use chrono::{DateTime, Utc};

use super::Context;
use crate::cli::NewArgs;

/// `blog new`.
pub fn new(ctx: &mut Context<'_>, args: &NewArgs) -> anyhow::Result<()> {
    let _ = (ctx, args);
    anyhow::bail!("not implemented yet")
}

/// `blog edit`.
pub fn edit(ctx: &mut Context<'_>, slug: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug);
    anyhow::bail!("not implemented yet")
}

/// `blog publish`.
pub fn publish(ctx: &mut Context<'_>, slug: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug);
    anyhow::bail!("not implemented yet")
}

/// `blog unpublish`.
pub fn unpublish(ctx: &mut Context<'_>, slug: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug);
    anyhow::bail!("not implemented yet")
}

/// `blog schedule`.
pub fn schedule(ctx: &mut Context<'_>, slug: &str, at: DateTime<Utc>) -> anyhow::Result<()> {
    let _ = (ctx, slug, at);
    anyhow::bail!("not implemented yet")
}

/// `blog rename`.
pub fn rename(ctx: &mut Context<'_>, slug: &str, new_slug: &str) -> anyhow::Result<()> {
    let _ = (ctx, slug, new_slug);
    anyhow::bail!("not implemented yet")
}

/// `blog delete`.
pub fn delete(ctx: &mut Context<'_>, slug: &str, yes: bool) -> anyhow::Result<()> {
    let _ = (ctx, slug, yes);
    anyhow::bail!("not implemented yet")
}
