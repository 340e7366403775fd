//! The commands on one article's life: `new`, `publish`, `unpublish`,
//! `schedule`, `rename`, `delete` (`edit` has its own module).

use blog_core::{
    Article, Change, Markdown, PartNumber, SeriesMembership, Status, Tag, Visibility, urls,
};
use chrono::{DateTime, SecondsFormat, Utc};

use super::edit::Writing;
use super::{
    Context, article_arg, category_arg, new_slug, series_arg, slug_arg, slug_taken, title_arg,
};
use crate::cli::{ArticleArgs, DeleteArgs, NewArgs, RenameArgs, ScheduleArgs};
use crate::editor;

/// `blog new TITLE`: a draft dated now, written in $EDITOR when set.
pub fn new(ctx: &mut Context<'_>, args: &NewArgs) -> anyhow::Result<()> {
    let title = title_arg("the title", &args.title)?;
    let slug = new_slug(args.slug.as_deref(), &title)?;
    if ctx.store.article(&slug)?.is_some() {
        return Err(slug_taken("an article", &slug));
    }
    let mut article = Article::new(slug, title, Markdown::default(), ctx.now);
    article.status = Status::Draft;
    for c in &args.category {
        let category = category_arg(ctx.store, c)?.slug;
        if !article.categories.contains(&category) {
            article.categories.push(category);
        }
    }
    for t in &args.tag {
        let tag = Tag::parse(t).map_err(|e| anyhow::anyhow!("{e}"))?;
        if !article.has_tag(tag.slug()) {
            article.tags.push(tag);
        }
    }
    if let Some(s) = &args.series {
        let part = match args.part {
            Some(n) => Some(
                PartNumber::new(n)
                    .ok_or_else(|| anyhow::anyhow!("--part counts from 1, not {n}"))?,
            ),
            None => None,
        };
        article.series = Some(SeriesMembership {
            series: series_arg(ctx.store, s)?.slug,
            part,
        });
    }
    let Some(editor) = editor::configured() else {
        super::apply(ctx.store, Change::PutArticle(article.clone()))?;
        let slug = &article.slug;
        writeln!(
            ctx.out,
            "created draft '{slug}': write it with `blog edit {slug}`, then `blog publish {slug}`"
        )?;
        return Ok(());
    };
    let stored = super::edit::in_editor(ctx, &editor, Writing::New(&article))?;
    let slug = &stored.slug;
    writeln!(
        ctx.out,
        "created draft '{slug}': publish it with `blog publish {slug}`"
    )?;
    Ok(())
}

/// Stores `article` as `change` left it, stamped as updated now.
fn store_changed(ctx: &Context<'_>, mut article: Article) -> anyhow::Result<Article> {
    article.updated_at = ctx.now;
    super::apply(ctx.store, Change::PutArticle(article.clone()))?;
    Ok(article)
}

/// `blog publish SLUG`: public now.
pub fn publish(ctx: &mut Context<'_>, args: &ArticleArgs) -> anyhow::Result<()> {
    let mut article = article_arg(ctx.store, &args.slug)?;
    let slug = article.slug.clone();
    let mut note = String::new();
    match article.visibility(ctx.now) {
        Visibility::Public => {
            writeln!(
                ctx.out,
                "'{slug}' is already public, since {}",
                time(article.published_at)
            )?;
            return Ok(());
        }
        Visibility::Draft | Visibility::Scheduled => {
            article.status = Status::Published;
            article.published_at = ctx.now;
        }
        Visibility::Expired => {}
    }
    // An expiry already past would hide it again at once.
    if let Some(end) = article.expires_at.filter(|&end| end <= ctx.now) {
        article.expires_at = None;
        note = format!(" (its expiry on {} is removed)", time(end));
    }
    store_changed(ctx, article)?;
    writeln!(
        ctx.out,
        "published '{slug}': public now at {}{note}",
        urls::article(&slug)
    )?;
    Ok(())
}

/// `blog unpublish SLUG`: back to a draft, keeping its date.
pub fn unpublish(ctx: &mut Context<'_>, args: &ArticleArgs) -> anyhow::Result<()> {
    let mut article = article_arg(ctx.store, &args.slug)?;
    if article.status == Status::Draft {
        writeln!(ctx.out, "'{}' is already a draft", article.slug)?;
        return Ok(());
    }
    article.status = Status::Draft;
    let article = store_changed(ctx, article)?;
    writeln!(
        ctx.out,
        "unpublished '{}': it is a draft, hidden from readers",
        article.slug
    )?;
    Ok(())
}

/// `blog schedule SLUG --at TIME`: public from a future moment on.
pub fn schedule(ctx: &mut Context<'_>, args: &ScheduleArgs) -> anyhow::Result<()> {
    let mut article = article_arg(ctx.store, &args.slug)?;
    let at = args.at;
    let slug = article.slug.clone();
    if at <= ctx.now {
        anyhow::bail!(
            "{} is not in the future: to publish now, run `blog publish {slug}`",
            time(at)
        );
    }
    if let Some(end) = article.expires_at
        && end <= at
    {
        anyhow::bail!(
            "'{slug}' expires on {}, before {}: it would never be public; \
             change its `expires` with `blog edit {slug}`",
            time(end),
            time(at)
        );
    }
    article.status = Status::Published;
    article.published_at = at;
    store_changed(ctx, article)?;
    writeln!(ctx.out, "scheduled '{slug}': public from {} on", time(at))?;
    Ok(())
}

/// `blog rename SLUG NEW_SLUG`: the old URL redirects to the new one.
pub fn rename(ctx: &mut Context<'_>, args: &RenameArgs) -> anyhow::Result<()> {
    let article = article_arg(ctx.store, &args.slug)?;
    let to = slug_arg("new slug", &args.new_slug)?;
    if to == article.slug {
        writeln!(ctx.out, "'{to}' already has that slug")?;
        return Ok(());
    }
    super::apply(
        ctx.store,
        Change::RenameArticle {
            from: article.slug.clone(),
            to: to.clone(),
        },
    )?;
    writeln!(
        ctx.out,
        "renamed '{}' to '{to}': {} now redirects to {}",
        article.slug,
        urls::article(&article.slug),
        urls::article(&to)
    )?;
    Ok(())
}

/// `blog delete SLUG`: gone for good; its URLs answer "410 Gone".
pub fn delete(ctx: &mut Context<'_>, args: &DeleteArgs) -> anyhow::Result<()> {
    let article = article_arg(ctx.store, &args.slug)?;
    let slug = &article.slug;
    super::confirm(
        &format!("article '{slug}' ({})", article.title),
        args.confirm,
    )?;
    super::apply(ctx.store, Change::DeleteArticle(slug.clone()))?;
    writeln!(
        ctx.out,
        "deleted '{slug}': {} now answers 410 Gone",
        urls::article(slug)
    )?;
    Ok(())
}

/// A time as the CLI shows it: RFC 3339 in UTC, to the second.
fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
