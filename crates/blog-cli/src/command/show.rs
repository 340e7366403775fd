//! `blog show SLUG`: one article as a Markdown file with TOML front matter.

use blog_cli::export::article_file;

use super::{Context, slug_arg};

/// Prints the article `slug` as `blog export` writes it: front matter that
/// `blog import` reads back, then the Markdown text.
pub fn run(ctx: &mut Context<'_>, slug: &str, json: bool) -> anyhow::Result<()> {
    let (store, out) = (ctx.store, &mut ctx.out);
    let slug = slug_arg("article", slug)?;
    let Some(article) = store.article(&slug)? else {
        anyhow::bail!("no article has the slug '{slug}' (see `blog list`)");
    };
    if json {
        // JSON output is being written elsewhere; until then, the file.
    }
    write!(out, "{}", article_file(&article))?;
    Ok(())
}
