//! `blog list`: stored articles, filtered and sorted.

use blog_core::{Article, ListQuery, Scope, Slug, Visibility};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Context, category_arg, series_arg};
use crate::cli::{ListArgs, Sort};

/// One article as `blog list --json` prints it.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    slug: &'a Slug,
    title: &'a str,
    state: Visibility,
    published_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    categories: &'a [Slug],
    tags: Vec<&'a str>,
    series: Option<&'a Slug>,
    part: Option<u32>,
}

impl<'a> Row<'a> {
    /// The row of `article` at `now`.
    pub fn new(article: &'a Article, now: DateTime<Utc>) -> Self {
        Self {
            slug: &article.slug,
            title: article.title.as_str(),
            state: article.visibility(now),
            published_at: article.published_at,
            updated_at: article.updated_at,
            categories: &article.categories,
            tags: article.tags.iter().map(|t| t.name()).collect(),
            series: article.series.as_ref().map(|m| &m.series),
            part: article
                .series
                .as_ref()
                .and_then(|m| m.part)
                .map(|p| p.get()),
        }
    }
}

/// Lists the articles `args` selects, in the order it asks for.
pub fn run(ctx: &mut Context<'_>, args: &ListArgs) -> anyhow::Result<()> {
    let (store, now) = (ctx.store, ctx.now);
    let category = match &args.category {
        Some(c) => Some(category_arg(store, c)?.slug),
        None => None,
    };
    let series = match &args.series {
        Some(s) => Some(series_arg(store, s)?.slug),
        None => None,
    };
    // A tag is typed as its slug or its name: both make the same slug.
    let tag = match &args.tag {
        Some(t) => Some(Slug::from_text(t).map_err(|e| anyhow::anyhow!("tag {t:?}: {e}"))?),
        None => None,
    };
    let query = ListQuery {
        scope: args.status.map_or(Scope::All, |s| Scope::Only(s.into())),
        category,
        tag,
        series,
        ..ListQuery::public(now)
    };
    let mut articles = super::all_articles(store, query)?;
    sort(&mut articles, args.sort);
    if args.reverse {
        articles.reverse();
    }
    if args.json {
        let rows: Vec<Row<'_>> = articles.iter().map(|a| Row::new(a, now)).collect();
        return super::json(ctx.out, &rows);
    }
    if articles.is_empty() {
        writeln!(ctx.out, "no articles")?;
        return Ok(());
    }
    let rows: Vec<[String; 4]> = articles
        .iter()
        .map(|a| {
            [
                a.visibility(now).as_str().to_owned(),
                a.published_at.format("%Y-%m-%d").to_string(),
                a.slug.to_string(),
                a.title.to_string(),
            ]
        })
        .collect();
    super::table(ctx.out, ["STATE", "DATE", "SLUG", "TITLE"], &rows)?;
    Ok(())
}

/// Puts `articles`, which come newest first, in the order `by`; ties keep
/// the listing's order.
fn sort(articles: &mut [Article], by: Sort) {
    match by {
        Sort::Date => {}
        Sort::Updated => articles.sort_by_key(|a| std::cmp::Reverse(a.updated_at)),
        Sort::Title => articles.sort_by_cached_key(|a| a.title.as_str().to_lowercase()),
        Sort::Slug => articles.sort_by(|a, b| a.slug.cmp(&b.slug)),
    }
}
