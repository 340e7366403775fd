//! `blog export DIR`: every article, category and series as files.

use std::path::Path;

use super::Context;

/// Writes the whole content under `dir`.
pub fn run(ctx: &mut Context<'_>, dir: &Path) -> anyhow::Result<()> {
    let _ = ctx;
    anyhow::bail!("export to {} is not implemented yet", dir.display())
}
