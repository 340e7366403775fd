//! `blog show SLUG`: one article as a Markdown file with TOML front matter.

use blog_core::{Category, Status, Value};

use super::{Context, slug_arg};

/// Prints the article `slug`: front matter that `blog import` reads back,
/// then the Markdown text.
pub fn run(ctx: &mut Context<'_>, slug: &str, json: bool) -> anyhow::Result<()> {
    let _ = json;
    let (store, out) = (ctx.store, &mut ctx.out);
    let slug = slug_arg("article", slug)?;
    let Some(article) = store.article(&slug)? else {
        anyhow::bail!("no article has the slug '{slug}' (see `blog list`)");
    };
    let categories = store.categories()?;
    let mut front = toml::Table::new();
    front.insert("title".into(), article.title.to_string().into());
    front.insert("slug".into(), article.slug.to_string().into());
    let date: toml::value::Datetime = article
        .published_at
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        .parse()
        .map_err(|e| anyhow::anyhow!("cannot write the date of '{slug}': {e}"))?;
    front.insert("date".into(), toml::Value::Datetime(date));
    if article.status == Status::Draft {
        front.insert("draft".into(), true.into());
    }
    if let Some(summary) = &article.summary {
        front.insert("summary".into(), summary.clone().into());
    }
    if !article.categories.is_empty() {
        let names = article
            .categories
            .iter()
            .map(|s| Category::name_in(&categories, s).into())
            .collect();
        front.insert("categories".into(), toml::Value::Array(names));
    }
    for (key, value) in &article.extra {
        front.insert(key.clone(), toml_value(value));
    }
    write!(out, "+++\n{front}+++\n\n{}", article.body)?;
    if !article.body.as_str().ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

fn toml_value(value: &Value) -> toml::Value {
    match value {
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Integer(i) => toml::Value::Integer(*i),
        Value::Float(f) => toml::Value::Float(*f),
        Value::String(s) => toml::Value::String(s.clone()),
        Value::List(items) => toml::Value::Array(items.iter().map(toml_value).collect()),
        Value::Table(t) => {
            toml::Value::Table(t.iter().map(|(k, v)| (k.clone(), toml_value(v))).collect())
        }
    }
}
