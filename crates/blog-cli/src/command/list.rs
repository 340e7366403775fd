//! `blog list`: every stored article, newest first.

use blog_core::{ListQuery, PerPage, Scope, Visibility};

use super::{Context, slug_arg};
use crate::cli::ListArgs;

struct Filter<'a> {
    state: Option<Visibility>,
    category: Option<&'a str>,
}

/// Lists the articles `args` selects, in the order it asks for.
pub fn run(ctx: &mut Context<'_>, args: &ListArgs) -> anyhow::Result<()> {
    let filter = Filter {
        state: args.status.map(Visibility::from),
        category: args.category.as_deref(),
    };
    let (store, now) = (ctx.store, ctx.now);
    let category = filter
        .category
        .map(|c| slug_arg("category", c))
        .transpose()?;
    if let Some(slug) = &category
        && store.category(slug)?.is_none()
    {
        anyhow::bail!("category '{slug}' does not exist (see `blog category list`)");
    }
    let mut query = ListQuery {
        scope: filter.state.map_or(Scope::All, Scope::Only),
        category,
        per_page: PerPage::LARGEST,
        ..ListQuery::public(now)
    };
    let mut rows = Vec::new();
    loop {
        let page = store.articles(&query)?;
        let next = page.next();
        for a in page.items {
            rows.push([
                a.visibility(now).as_str().to_owned(),
                a.published_at.format("%Y-%m-%d").to_string(),
                a.slug.to_string(),
                a.title.to_string(),
            ]);
        }
        match next {
            Some(n) => query.page = n,
            None => break,
        }
    }
    if rows.is_empty() {
        writeln!(ctx.out, "no articles")?;
        return Ok(());
    }
    super::table(ctx.out, ["STATE", "DATE", "SLUG", "TITLE"], &rows)?;
    Ok(())
}
