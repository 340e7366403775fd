//! `blog list`: every stored article, newest first.

use std::io::Write;

use blog_core::{ListQuery, PerPage, Scope, Store, Visibility};
use chrono::{DateTime, Utc};

use super::slug_arg;

/// Lists articles in `state` (all when `None`), optionally in one category.
pub fn run(
    store: &dyn Store,
    state: Option<Visibility>,
    category: Option<&str>,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let category = category.map(|c| slug_arg("category", c)).transpose()?;
    if let Some(slug) = &category
        && store.category(slug)?.is_none()
    {
        anyhow::bail!("category '{slug}' does not exist (see `blog category list`)");
    }
    let mut query = ListQuery {
        scope: state.map_or(Scope::All, Scope::Only),
        category,
        per_page: PerPage::new(PerPage::MAX).unwrap_or_default(),
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
        writeln!(out, "no articles")?;
        return Ok(());
    }
    super::table(out, ["STATE", "DATE", "SLUG", "TITLE"], &rows)?;
    Ok(())
}
