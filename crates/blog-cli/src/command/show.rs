//! `blog show SLUG`: one article as a Markdown file with TOML front matter,
//! or as JSON.

use blog_cli::export::article_file;
use blog_core::{Article, ReadingTime, Summary, Visibility, urls, word_count};
use serde::Serialize;

use super::{Context, article_arg};
use crate::cli::ShowArgs;

/// Prints the article `slug` as `blog export` writes it: front matter that
/// `blog import` reads back, then the Markdown text; or with `json`, every
/// field and what the site computes from them.
pub fn run(ctx: &mut Context<'_>, args: &ShowArgs) -> anyhow::Result<()> {
    let article = article_arg(ctx.store, &args.slug)?;
    if args.json {
        return self::json(ctx, &article);
    }
    write!(ctx.out, "{}", article_file(&article))?;
    Ok(())
}

/// One article as `blog show --json` prints it: every stored field, and
/// what the site computes from them.
#[derive(Debug, Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    article: &'a Article,
    state: Visibility,
    url: String,
    /// The summary cards show, as Markdown (or the text the author gave).
    summary_shown: &'a str,
    words: usize,
    reading_minutes: u32,
}

/// Prints the article as JSON.
fn json(ctx: &mut Context<'_>, article: &Article) -> anyhow::Result<()> {
    let words = word_count(article.body.as_str());
    let shown = Shown {
        article,
        state: article.visibility(ctx.now),
        url: urls::article(&article.slug),
        summary_shown: match article.summary() {
            Summary::Given(s) | Summary::Excerpt(s) => s,
        },
        words,
        reading_minutes: ReadingTime::of_words(words).minutes(),
    };
    super::json(ctx.out, &shown)
}
