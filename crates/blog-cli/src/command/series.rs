//! `blog series add|rename|describe|delete|list|show`.

use blog_core::{
    Article, Change, ListQuery, Markdown, Scope, Series, SeriesOutline, Slug, Visibility,
};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Context, new_slug, series_arg, slug_taken, title_arg, update};
use crate::cli::{
    SeriesAddArgs, SeriesDeleteArgs, SeriesDescribeArgs, SeriesListArgs, SeriesRenameArgs,
    SeriesShowArgs,
};

/// `blog series add TITLE`: an existing slug is an error, never an overwrite.
pub fn add(ctx: &mut Context<'_>, args: &SeriesAddArgs) -> anyhow::Result<()> {
    let title = title_arg("the series title", &args.title)?;
    let slug = new_slug(args.slug.as_deref(), &title)?;
    if ctx.store.series(&slug)?.is_some() {
        return Err(slug_taken("a series", &slug));
    }
    let series = Series {
        slug: slug.clone(),
        title: title.clone(),
        description: Markdown::new(args.description.as_deref().unwrap_or_default()),
    };
    super::apply(ctx.store, Change::PutSeries(series))?;
    writeln!(ctx.out, "added series '{slug}' ({title})")?;
    Ok(())
}

/// `blog series rename SLUG TITLE`: a new title, same slug.
pub fn rename(ctx: &mut Context<'_>, args: &SeriesRenameArgs) -> anyhow::Result<()> {
    let title = title_arg("the series title", &args.title)?;
    let series = update(ctx, &args.slug, |s: &mut Series| s.title = title)?;
    writeln!(
        ctx.out,
        "renamed series '{}' to {}",
        series.slug, series.title
    )?;
    Ok(())
}

/// `blog series describe SLUG TEXT`.
pub fn describe(ctx: &mut Context<'_>, args: &SeriesDescribeArgs) -> anyhow::Result<()> {
    let series = update(ctx, &args.slug, |s: &mut Series| {
        s.description = Markdown::new(&args.description);
    })?;
    writeln!(ctx.out, "described series '{}'", series.slug)?;
    Ok(())
}

/// `blog series delete SLUG`: its articles stay, outside any series.
pub fn delete(ctx: &mut Context<'_>, args: &SeriesDeleteArgs) -> anyhow::Result<()> {
    let series = series_arg(ctx.store, &args.slug)?;
    let parts = parts(ctx, &series.slug)?.len();
    super::confirm(
        &format!(
            "series '{}' ({}, {})",
            series.slug,
            series.title,
            super::plural(parts, "part", "parts")
        ),
        args.confirm,
    )?;
    super::apply(ctx.store, Change::DeleteSeries(series.slug.clone()))?;
    writeln!(
        ctx.out,
        "deleted series '{}': {} kept, outside any series",
        series.slug,
        super::plural(parts, "article is", "articles are")
    )?;
    Ok(())
}

/// Every article of series `slug`, whatever its state.
fn parts(ctx: &Context<'_>, slug: &Slug) -> anyhow::Result<Vec<Article>> {
    super::all_articles(
        ctx.store,
        ListQuery {
            scope: Scope::All,
            series: Some(slug.clone()),
            ..ListQuery::public(ctx.now)
        },
    )
}

/// One series as `blog series list --json` prints it.
#[derive(Debug, Serialize)]
struct ListRow<'a> {
    slug: &'a Slug,
    title: &'a str,
    description: &'a str,
    parts: usize,
    published: usize,
}

/// `blog series list`: every series with its numbers of parts.
pub fn list(ctx: &mut Context<'_>, args: &SeriesListArgs) -> anyhow::Result<()> {
    let all = ctx.store.all_series()?;
    let mut counts = Vec::with_capacity(all.len());
    for series in &all {
        let parts = parts(ctx, &series.slug)?;
        let published = parts.iter().filter(|a| a.is_public(ctx.now)).count();
        counts.push((parts.len(), published));
    }
    if args.json {
        let rows: Vec<ListRow<'_>> = all
            .iter()
            .zip(&counts)
            .map(|(s, &(parts, published))| ListRow {
                slug: &s.slug,
                title: s.title.as_str(),
                description: s.description.as_str(),
                parts,
                published,
            })
            .collect();
        return super::json(ctx.out, &rows);
    }
    if all.is_empty() {
        writeln!(ctx.out, "no series")?;
        return Ok(());
    }
    let rows: Vec<[String; 4]> = all
        .iter()
        .zip(&counts)
        .map(|(s, (parts, published))| {
            [
                s.slug.to_string(),
                s.title.to_string(),
                parts.to_string(),
                published.to_string(),
            ]
        })
        .collect();
    super::table(ctx.out, ["SLUG", "TITLE", "PARTS", "PUBLISHED"], &rows)?;
    Ok(())
}

/// One series as `blog series show --json` prints it.
#[derive(Debug, Serialize)]
struct Outline<'a> {
    slug: &'a Slug,
    title: &'a str,
    description: &'a str,
    parts: Vec<Part<'a>>,
}

/// One part of a series, for `blog series show --json`.
#[derive(Debug, Serialize)]
struct Part<'a> {
    number: u32,
    slug: &'a Slug,
    title: &'a str,
    state: Visibility,
    published_at: DateTime<Utc>,
}

/// `blog series show SLUG`: the parts in reading order, whatever their state
/// (numbered among all of them, so drafts show where they will go).
pub fn show(ctx: &mut Context<'_>, args: &SeriesShowArgs) -> anyhow::Result<()> {
    let series = series_arg(ctx.store, &args.slug)?;
    let articles = parts(ctx, &series.slug)?;
    let outline = SeriesOutline::new(series.clone(), &articles);
    let state = |slug: &Slug| {
        articles
            .iter()
            .find(|a| &a.slug == slug)
            .map_or(Visibility::Draft, |a| a.visibility(ctx.now))
    };
    let parts: Vec<Part<'_>> = outline
        .parts
        .iter()
        .map(|p| Part {
            number: p.number,
            slug: &p.slug,
            title: p.title.as_str(),
            state: state(&p.slug),
            published_at: p.published_at,
        })
        .collect();
    if args.json {
        return super::json(
            ctx.out,
            &Outline {
                slug: &series.slug,
                title: series.title.as_str(),
                description: series.description.as_str(),
                parts,
            },
        );
    }
    writeln!(ctx.out, "{} ({})", series.title, series.slug)?;
    if !series.description.is_blank() {
        writeln!(ctx.out, "{}", series.description.as_str().trim_end())?;
    }
    writeln!(ctx.out)?;
    if parts.is_empty() {
        writeln!(
            ctx.out,
            "no parts yet: add one with `blog new TITLE --series {}`",
            series.slug
        )?;
        return Ok(());
    }
    let rows: Vec<[String; 5]> = parts
        .iter()
        .map(|p| {
            [
                format!("#{:02}", p.number),
                p.state.as_str().to_owned(),
                p.published_at.format("%Y-%m-%d").to_string(),
                p.slug.to_string(),
                p.title.to_owned(),
            ]
        })
        .collect();
    super::table(ctx.out, ["PART", "STATE", "DATE", "SLUG", "TITLE"], &rows)?;
    Ok(())
}
