//! The files `blog export` writes, and the readers of the two that are not
//! articles. Pure: values in, text out, and back; the command does the I/O.
//!
//! - [`article_file`]: one article as Markdown with TOML front matter, which
//!   [`crate::source::parse`] reads back to the same article; an extra field
//!   the parser would read as one of the article's own (from databases
//!   written before it knew the name) fills that field if it is empty, or
//!   is kept under `[legacy]`: never dropped.
//! - [`categories_file`] / [`parse_categories_file`]: `_categories.toml`, one
//!   `[[category]]` table per category, parents before their children.
//! - [`series_file`] / [`parse_series_file`]: `_series.toml`, one `[[series]]`
//!   table per series.
//!
//! Every writer is deterministic: the same content gives the same bytes, so
//! two exports of one database compare equal file by file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use blog_core::{Article, Category, Markdown, Series, Slug, Status, Title, Value};
use serde::Deserialize;
use toml::Spanned;

use crate::front_matter::{self, line_at};
use crate::source::{FileName, SourceError, parse, parse_slug};

/// The file of an export (and of an import's folder) that defines the
/// categories: [`categories_file`].
pub const CATEGORIES_FILE: &str = "_categories.toml";

/// The file of an export (and of an import's folder) that defines the
/// series: [`series_file`].
pub const SERIES_FILE: &str = "_series.toml";

/// The keys [`article_file`] writes before the extra fields, in order.
///
/// `title`, `slug`, `date` (publication), `created` and `updated` always;
/// then, when the article has them: `expires`, `draft = true`, `summary`,
/// `categories` (slugs), `tags` (names), `aliases` (previous slugs),
/// `series` (slug) and `series_part`. The extra fields follow in name order,
/// tables last (as TOML requires).
pub const ARTICLE_KEYS: [&str; 13] = [
    "title",
    "slug",
    "date",
    "created",
    "updated",
    "expires",
    "draft",
    "summary",
    "categories",
    "tags",
    "aliases",
    "series",
    "series_part",
];

/// Other names [`crate::source::parse`] reads into one of the article's
/// own fields (`part` only beside a series). An extra field with one of
/// these names, or of [`ARTICLE_KEYS`], may come back as something else:
/// see [`article_file`] for how it is written.
const READ_AS_OTHER: [&str; 12] = [
    "description",
    "lastmod",
    "last_modified_at",
    "expiryDate",
    "redirect_from",
    "category",
    "published",
    "publishDate",
    "publishdate",
    "pubDate",
    "pubdate",
    "part",
];

/// The entries of Zola's `[taxonomies]` table that the parser reads; the
/// table's other entries are extra fields.
const TAXONOMIES: [&str; 3] = ["categories", "tags", "series"];

/// The extra table that holds the extra fields that cannot be written
/// under their own name (see [`article_file`]); `legacy-2`, `legacy-3`...
/// if the article has an extra field of that name already.
pub const LEGACY_TABLE: &str = "legacy";

/// `article` as a Markdown file: TOML front matter between `+++` lines (keys
/// in the order of [`ARTICLE_KEYS`], then the extra fields), a blank line and
/// the body, ending with exactly one newline. Times are UTC (`Z`), to the
/// nanosecond when they have one.
///
/// Every string is written on one line, with escapes, so that no line of
/// the front matter can read as its closing `+++`.
///
/// No extra field is dropped, not even one the parser would read as one of
/// the article's own fields (those of [`ARTICLE_KEYS`], `description`,
/// `lastmod`, `category`, `publishDate`..., and `categories`, `tags` and
/// `series` under `[taxonomies]`), as databases written before the parser
/// knew them hold. Such a field is written under its own name when the
/// parser reads it back as the same extra field (`description` beside a
/// `summary`), or when the article's own field is empty and the value reads
/// back: an import then fills the field with it (`tags` of an article
/// without tags). Otherwise (the article's field is set, or the value would
/// not read back) it is written in the [`LEGACY_TABLE`] table, at the same
/// place (`[legacy.taxonomies]` for one of Zola's taxonomies), which an
/// import keeps as an extra field.
pub fn article_file(article: &Article) -> String {
    file_with(article, &writable_extra(article))
}

/// `article` as a file, with `extra` as its extra fields.
fn file_with(article: &Article, extra: &BTreeMap<String, Value>) -> String {
    let mut front = String::new();
    let texts = |items: &mut dyn Iterator<Item = &str>| {
        Value::List(items.map(|s| Value::String(s.to_owned())).collect())
    };
    let out = &mut front;
    front_matter::field(out, "title", &Value::String(article.title.to_string()));
    front_matter::field(out, "slug", &Value::String(article.slug.to_string()));
    front_matter::time_field(out, "date", article.published_at);
    front_matter::time_field(out, "created", article.created_at);
    front_matter::time_field(out, "updated", article.updated_at);
    if let Some(expires) = article.expires_at {
        front_matter::time_field(out, "expires", expires);
    }
    if article.status == Status::Draft {
        front_matter::field(out, "draft", &Value::Bool(true));
    }
    if let Some(summary) = &article.summary {
        front_matter::field(out, "summary", &Value::String(summary.clone()));
    }
    if !article.categories.is_empty() {
        let slugs = texts(&mut article.categories.iter().map(Slug::as_str));
        front_matter::field(out, "categories", &slugs);
    }
    if !article.tags.is_empty() {
        let names = texts(&mut article.tags.iter().map(|t| t.name()));
        front_matter::field(out, "tags", &names);
    }
    if !article.previous_slugs.is_empty() {
        let slugs = texts(&mut article.previous_slugs.iter().map(Slug::as_str));
        front_matter::field(out, "aliases", &slugs);
    }
    if let Some(membership) = &article.series {
        let series = Value::String(membership.series.to_string());
        front_matter::field(out, "series", &series);
        if let Some(part) = membership.part {
            front_matter::field(out, "series_part", &Value::Integer(part.get().into()));
        }
    }
    front_matter::table(out, &mut Vec::new(), extra);
    let body = article.body.as_str().trim_end_matches('\n');
    if body.is_empty() {
        format!("+++\n{front}+++\n")
    } else {
        format!("+++\n{front}+++\n\n{body}\n")
    }
}

/// The extra fields of `article` as [`article_file`] writes them.
fn writable_extra(article: &Article) -> BTreeMap<String, Value> {
    // What the file holds, and what of it reads back as extra fields.
    let mut written = BTreeMap::new();
    let mut read_back = BTreeMap::new();
    // The fields the parser would read as the article's own, to try one by
    // one: `part` last, as a series written before it makes it a part number.
    let mut reserved: Vec<(Option<&str>, &str, &Value)> = Vec::new();
    for (key, value) in &article.extra {
        match (key.as_str(), value) {
            // Entry by entry. (An empty table is not written: the parser
            // would read it as no table at all.)
            ("taxonomies", Value::Table(table)) => {
                for (k, v) in table {
                    if TAXONOMIES.contains(&k.as_str()) {
                        reserved.push((Some("taxonomies"), k, v));
                    } else {
                        insert(&mut written, Some("taxonomies"), k, v);
                        insert(&mut read_back, Some("taxonomies"), k, v);
                    }
                }
            }
            (k, _) if ARTICLE_KEYS.contains(&k) || READ_AS_OTHER.contains(&k) => {
                reserved.push((None, k, value));
            }
            _ => {
                written.insert(key.clone(), value.clone());
                read_back.insert(key.clone(), value.clone());
            }
        }
    }
    reserved.sort_by_key(|&(table, key, _)| (table.is_none() && key == "part", table, key));

    let mut legacy = BTreeMap::new();
    for (table, key, value) in reserved {
        let mut trial = written.clone();
        insert(&mut trial, table, key, value);
        let back = extra_read_back(article, &trial);
        let mut kept = read_back.clone();
        insert(&mut kept, table, key, value);
        match back {
            // Read back as the same extra field.
            Some(extra) if extra == kept => {
                written = trial;
                read_back = kept;
            }
            // Read into the article's field, which was empty.
            Some(extra) if extra == read_back && field_is_empty(article, key) => {
                written = trial;
            }
            _ => insert(&mut legacy, table, key, value),
        }
    }
    if !legacy.is_empty() {
        let name = std::iter::once(LEGACY_TABLE.to_owned())
            .chain((2..).map(|n| format!("{LEGACY_TABLE}-{n}")))
            .find(|name| !article.extra.contains_key(name))
            .expect("some name is free");
        written.insert(name, Value::Table(legacy));
    }
    written
}

/// Puts `key` in `map`, or in its table `table`.
fn insert(map: &mut BTreeMap<String, Value>, table: Option<&str>, key: &str, value: &Value) {
    match table {
        None => {
            map.insert(key.to_owned(), value.clone());
        }
        Some(table) => {
            let entry = map
                .entry(table.to_owned())
                .or_insert_with(|| Value::Table(BTreeMap::new()));
            if let Value::Table(inner) = entry {
                inner.insert(key.to_owned(), value.clone());
            }
        }
    }
}

/// The extra fields of `article`'s file with `extra` as read back, if it
/// reads back at all.
fn extra_read_back(
    article: &Article,
    extra: &BTreeMap<String, Value>,
) -> Option<BTreeMap<String, Value>> {
    let name = FileName {
        slug: None,
        date: None,
    };
    let file = file_with(article, extra);
    parse(&file, &name, article.updated_at)
        .ok()
        .map(|parsed| parsed.article.extra)
}

/// Whether the field of `article` that the parser reads `key` into is
/// empty, so that writing `key` fills it rather than changes it. The
/// title, times and status are never empty.
fn field_is_empty(article: &Article, key: &str) -> bool {
    match key {
        "expires" | "expiryDate" => article.expires_at.is_none(),
        "summary" | "description" => article.summary.is_none(),
        "categories" | "category" => article.categories.is_empty(),
        "tags" => article.tags.is_empty(),
        "aliases" | "redirect_from" => article.previous_slugs.is_empty(),
        "series" => article.series.is_none(),
        "series_part" | "part" => article.series.as_ref().is_none_or(|m| m.part.is_none()),
        _ => false,
    }
}

/// `_categories.toml`: one `[[category]]` table per category with its
/// `slug`, `name`, `description` (if any) and `parent` (if any); parents
/// before their children, otherwise by slug.
pub fn categories_file(categories: &[Category]) -> String {
    let mut out = String::from(
        "# The blog's categories, written by `blog export`: parents come before\n\
         # their children.\n",
    );
    for c in parents_first(categories.to_vec()).0 {
        out.push_str("\n[[category]]\n");
        entry(&mut out, "slug", c.slug.as_str());
        entry(&mut out, "name", c.name.as_str());
        if !c.description.as_str().is_empty() {
            entry(&mut out, "description", c.description.as_str());
        }
        if let Some(parent) = &c.parent {
            entry(&mut out, "parent", parent.as_str());
        }
    }
    out
}

/// `_series.toml`: one `[[series]]` table per series with its `slug`,
/// `title` and `description` (if any), by slug.
pub fn series_file(series: &[Series]) -> String {
    let mut out = String::from("# The blog's series, written by `blog export`.\n");
    let mut sorted: Vec<&Series> = series.iter().collect();
    sorted.sort_by(|a, b| a.slug.cmp(&b.slug));
    for s in sorted {
        out.push_str("\n[[series]]\n");
        entry(&mut out, "slug", s.slug.as_str());
        entry(&mut out, "title", s.title.as_str());
        if !s.description.as_str().is_empty() {
            entry(&mut out, "description", s.description.as_str());
        }
    }
    out
}

fn entry(out: &mut String, key: &str, value: &str) {
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{key} = {}", toml::Value::String(value.to_owned()));
}

/// Orders categories so that each comes after its parent, the ones free to
/// come next taken by slug. The second list holds those that cannot be
/// placed: they are nested in each other.
fn parents_first(categories: Vec<Category>) -> (Vec<Category>, Vec<Category>) {
    let known: BTreeSet<Slug> = categories.iter().map(|c| c.slug.clone()).collect();
    let mut children: BTreeMap<Slug, Vec<Category>> = BTreeMap::new();
    let mut ready: BTreeMap<Slug, Category> = BTreeMap::new();
    for c in categories {
        match &c.parent {
            Some(parent) if known.contains(parent) => {
                children.entry(parent.clone()).or_default().push(c);
            }
            // A parent outside the list must exist already.
            _ => {
                ready.insert(c.slug.clone(), c);
            }
        }
    }
    let mut ordered = Vec::new();
    while let Some((slug, category)) = ready.pop_first() {
        for child in children.remove(&slug).unwrap_or_default() {
            ready.insert(child.slug.clone(), child);
        }
        ordered.push(category);
    }
    let mut stuck: Vec<Category> = children.into_values().flatten().collect();
    stuck.sort_by(|a, b| a.slug.cmp(&b.slug));
    (ordered, stuck)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    #[serde(default)]
    category: Vec<CategoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    slug: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    parent: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesFile {
    #[serde(default)]
    series: Vec<SeriesEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesEntry {
    slug: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    description: String,
}

/// Reads `_categories.toml` as [`categories_file`] writes it (the
/// `description` and `parent` of a category may be left out), in an order
/// in which each category comes after its parent.
///
/// A parent that the file does not define must exist in the store.
pub fn parse_categories_file(text: &str) -> Result<Vec<Category>, SourceError> {
    let file: CategoriesFile = from_toml(text)?;
    let at = |span: std::ops::Range<usize>| Some(line_at(text, span.start, 1));
    let mut lines: BTreeMap<Slug, Option<usize>> = BTreeMap::new();
    let mut categories = Vec::new();
    for e in file.category {
        let line = at(e.slug.span());
        let slug = parse_slug("category slug", e.slug.get_ref())
            .map_err(|reason| SourceError::at(line, reason))?;
        let name = Title::parse(e.name.get_ref())
            .map_err(|err| SourceError::at(at(e.name.span()), format!("category name {err}")))?;
        let parent = match &e.parent {
            Some(p) => Some(
                parse_slug("parent", p.get_ref())
                    .map_err(|reason| SourceError::at(at(p.span()), reason))?,
            ),
            None => None,
        };
        if parent.as_ref() == Some(&slug) {
            return Err(SourceError::at(
                line,
                format!("category '{slug}' cannot be its own parent"),
            ));
        }
        if lines.insert(slug.clone(), line).is_some() {
            return Err(SourceError::at(
                line,
                format!("category '{slug}' is defined twice"),
            ));
        }
        let mut category = Category::new(slug, name, Markdown::new(e.description));
        category.parent = parent;
        categories.push(category);
    }
    let (ordered, stuck) = parents_first(categories);
    match stuck.first() {
        None => Ok(ordered),
        Some(c) => Err(SourceError::at(
            lines.get(&c.slug).copied().flatten(),
            format!(
                "categories {} are nested in each other: one of them needs another parent",
                stuck
                    .iter()
                    .map(|c| format!("'{}'", c.slug))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// Reads `_series.toml` as [`series_file`] writes it (the `description` may
/// be left out), in the file's order.
pub fn parse_series_file(text: &str) -> Result<Vec<Series>, SourceError> {
    let file: SeriesFile = from_toml(text)?;
    let at = |span: std::ops::Range<usize>| Some(line_at(text, span.start, 1));
    let mut seen = BTreeSet::new();
    let mut series = Vec::new();
    for e in file.series {
        let line = at(e.slug.span());
        let slug = parse_slug("series slug", e.slug.get_ref())
            .map_err(|reason| SourceError::at(line, reason))?;
        let title = Title::parse(e.title.get_ref())
            .map_err(|err| SourceError::at(at(e.title.span()), format!("series title {err}")))?;
        if !seen.insert(slug.clone()) {
            return Err(SourceError::at(
                line,
                format!("series '{slug}' is defined twice"),
            ));
        }
        series.push(Series {
            slug,
            title,
            description: Markdown::new(e.description),
        });
    }
    Ok(series)
}

fn from_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, SourceError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_at(text, s.start, 1));
        SourceError::at(line, format!("invalid TOML: {}", e.message().trim_end()))
    })
}

#[cfg(test)]
mod tests {
    use blog_core::{PartNumber, SeriesMembership, Tag};
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid slug")
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("valid time")
            + chrono::Duration::nanoseconds(i64::from(nanos))
    }

    fn table(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn text(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    /// An article with every field set.
    fn full() -> Article {
        let mut a = Article::new(
            slug("full-article"),
            Title::parse("Full: \"quotes\", 'apostrophes' & \\ backslashes").expect("valid"),
            Markdown::new("Intro.\n\n```rust\nfn main() {}\n```\n"),
            at(2025, 3, 10, 9, 30, 0, 0),
        );
        a.created_at = at(2025, 3, 1, 8, 0, 0, 123_456_789);
        a.updated_at = at(2025, 3, 11, 17, 45, 12, 500_000_000);
        a.expires_at = Some(at(2030, 1, 1, 0, 0, 0, 0));
        a.summary = Some("Two lines:\nthe second \"quoted\".".to_owned());
        a.categories = vec![slug("rust"), slug("web-development")];
        a.tags = ["Rust", "Async IO", "ünïcode"]
            .iter()
            .map(|t| Tag::parse(t).expect("valid tag"))
            .collect();
        a.previous_slugs = vec![slug("old-name"), slug("older-name")];
        a.series = Some(SeriesMembership {
            series: slug("building-a-blog"),
            part: PartNumber::new(2),
        });
        a.extra = table(&[
            ("author", text("Ferris")),
            ("weight", Value::Integer(-3)),
            ("ratio", Value::Float(0.1)),
            ("pinned", Value::Bool(false)),
            ("looks_like_a_date", text("2024-05-01")),
            ("key with spaces", text("ключ")),
            (
                "list",
                Value::List(vec![text("a"), Value::Integer(1), Value::List(vec![])]),
            ),
            (
                "extra",
                Value::Table(table(&[
                    ("toc", Value::Bool(true)),
                    (
                        "social",
                        Value::Table(table(&[("mastodon", text("@ferris@example.org"))])),
                    ),
                ])),
            ),
            (
                "gallery",
                Value::List(vec![
                    Value::Table(table(&[("src", text("a.png"))])),
                    Value::Table(table(&[("src", text("b.png"))])),
                ]),
            ),
            ("empty", Value::Table(BTreeMap::new())),
        ]);
        a
    }

    /// Articles covering what a file can hold.
    fn articles() -> Vec<Article> {
        let plain = |s: &str, body: &str| {
            Article::new(
                slug(s),
                Title::parse(s).expect("valid"),
                Markdown::new(body),
                at(2024, 5, 1, 0, 0, 0, 0),
            )
        };
        let mut draft = plain("a-draft", "Not yet.\n");
        draft.status = Status::Draft;
        draft.summary = Some(String::new());
        let mut unicode = plain("unicode", "Ünïcödé — 日本語, emoji 🦀.\n");
        unicode.title = Title::parse("日本語のタイトル 🦀").expect("valid");
        unicode.categories = vec![slug("ri-ben-yu")];
        let mut nanos = plain("nanos", "Text.\n");
        nanos.published_at = at(2024, 2, 29, 23, 59, 59, 999_999_999);
        nanos.created_at = at(2024, 2, 29, 23, 59, 59, 1);
        nanos.updated_at = at(2024, 3, 1, 0, 0, 0, 10_000);
        let mut series_without_part = plain("series-only", "Text.\n");
        series_without_part.series = Some(SeriesMembership {
            series: slug("s"),
            part: None,
        });
        let mut zola = plain("zola-extras", "Text.\n");
        zola.extra = table(&[(
            "taxonomies",
            Value::Table(table(&[("authors", Value::List(vec![text("me")]))])),
        )]);
        let mut only_tables = plain("only-tables", "Text.\n");
        only_tables.extra = table(&[("extra", Value::Table(table(&[("a", Value::Integer(1))])))]);
        vec![
            full(),
            draft,
            unicode,
            nanos,
            series_without_part,
            zola,
            only_tables,
            plain("empty-body", ""),
            plain("no-trailing-newline", "Last line"),
            plain("many-trailing-newlines", "Text\n\n\n"),
            plain("indented-code", "    fn main() {}\n\nText.\n"),
            plain(
                "fences-inside",
                "Before\n\n+++\nnot front matter\n+++\n---\n",
            ),
            plain("2024", "A numeric slug.\n"),
            plain(
                "shortcodes",
                "{{< youtube x >}}\n{% raw %}{{ x }}{% endraw %}\n",
            ),
        ]
    }

    fn reparse(file: &str) -> Article {
        let now = at(2099, 1, 1, 0, 0, 0, 0);
        match parse(file, &FileName::from_stem("ignored"), now) {
            Ok(parsed) => parsed.article,
            Err(e) => panic!("{e}\n{file}"),
        }
    }

    /// `a`'s file reads back to `a` (up to the body's final newlines) and
    /// writes out again byte for byte.
    fn check_reads_back(a: &Article) {
        let file = article_file(a);
        let mut back = reparse(&file);
        assert_eq!(
            back.body.as_str().trim_end_matches('\n'),
            a.body.as_str().trim_end_matches('\n'),
            "{file}"
        );
        back.body = a.body.clone();
        assert_eq!(&back, a, "{file}");
        assert_eq!(article_file(&back), file, "not stable:\n{file}");
    }

    #[test]
    fn files_read_back_to_the_same_article() {
        for a in articles() {
            let file = article_file(&a);
            assert!(file.ends_with('\n') && !file.ends_with("\n\n"), "{file}");
            check_reads_back(&a);
        }
    }

    #[test]
    fn files_with_carriage_returns_read_back() {
        // Found by the `front_matter` fuzz target: the parser left a lone CR
        // at the end of a body (or one before an LF, of a CR CR LF), which
        // the file then wrote as a CRLF, read back as an LF.
        for file in [
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\nbody ends with CR\r",
            "+++\ntitle = \"T\"\ndate = 2024-01-01\n+++\na\r\r\nb\n",
        ] {
            check_reads_back(&reparse(file));
        }
    }

    #[test]
    fn the_format() {
        let expected = r#"+++
title = "Full: \"quotes\", 'apostrophes' & \\ backslashes"
slug = "full-article"
date = 2025-03-10T09:30:00Z
created = 2025-03-01T08:00:00.123456789Z
updated = 2025-03-11T17:45:12.500Z
expires = 2030-01-01T00:00:00Z
summary = "Two lines:\nthe second \"quoted\"."
categories = ["rust", "web-development"]
tags = ["Rust", "Async IO", "ünïcode"]
aliases = ["old-name", "older-name"]
series = "building-a-blog"
series_part = 2
author = "Ferris"
gallery = [{ src = "a.png" }, { src = "b.png" }]
"key with spaces" = "ключ"
list = ["a", 1, []]
looks_like_a_date = "2024-05-01"
pinned = false
ratio = 0.1
weight = -3

[empty]

[extra]
toc = true

[extra.social]
mastodon = "@ferris@example.org"
+++

Intro.

```rust
fn main() {}
```
"#;
        assert_eq!(article_file(&full()), expected);
    }

    /// Checks the extra fields `article_file` writes for `a`: the front
    /// matter after the article's own fields is `expected`; and an import of
    /// the file, exported again, reads back to itself.
    fn check_extra(a: &Article, expected: &str) -> Article {
        let file = article_file(a);
        let own = file_with(a, &BTreeMap::new());
        let front = |f: &str| f[..f.find("\n+++\n").expect("closed") + 1].to_owned();
        let extras = front(&file)
            .strip_prefix(&front(&own))
            .unwrap_or_else(|| panic!("extras come last:\n{file}"))
            .to_owned();
        assert_eq!(extras, expected, "{file}");
        let back = reparse(&file);
        let again = article_file(&back);
        assert_eq!(
            article_file(&reparse(&again)),
            again,
            "not stable:\n{again}"
        );
        back
    }

    /// An article with no optional field set, and `extra`.
    fn with_extra(extra: &[(&str, Value)]) -> Article {
        let mut a = Article::new(
            slug("p"),
            Title::parse("P").expect("valid"),
            Markdown::new("Text.\n"),
            at(2024, 5, 1, 0, 0, 0, 0),
        );
        a.extra = table(extra);
        a
    }

    fn texts(items: &[&str]) -> Value {
        Value::List(items.iter().map(|s| text(s)).collect())
    }

    fn in_series(mut a: Article, part: Option<u32>) -> Article {
        a.series = Some(SeriesMembership {
            series: slug("s"),
            part: part.and_then(PartNumber::new),
        });
        a
    }

    #[test]
    fn extra_fields_of_older_databases_are_never_dropped() {
        let fields = [
            ("tags", texts(&["Rust"])),
            ("aliases", texts(&["/old/"])),
            ("lastmod", text("2024-01-01")),
            ("series", text("Blog Engine")),
            ("layout", text("post")),
        ];
        // The article's fields are empty: an import fills them. `updated`
        // is always set, so `lastmod` cannot be read into it.
        let empty = with_extra(&fields);
        let back = check_extra(
            &empty,
            "aliases = [\"/old/\"]\nlayout = \"post\"\nseries = \"Blog Engine\"\n\
             tags = [\"Rust\"]\n\n[legacy]\nlastmod = \"2024-01-01\"\n",
        );
        assert_eq!(back.tags, [Tag::parse("Rust").expect("valid")]);
        assert_eq!(back.previous_slugs, [slug("old")]);
        assert_eq!(back.series.map(|m| m.series), Some(slug("blog-engine")));
        assert_eq!(
            back.extra,
            table(&[
                ("layout", text("post")),
                (
                    "legacy",
                    Value::Table(table(&[("lastmod", text("2024-01-01"))]))
                ),
            ])
        );

        // The article's fields are set: the old values go in [legacy].
        let mut set = with_extra(&fields);
        set.tags = vec![Tag::parse("Go").expect("valid")];
        set.previous_slugs = vec![slug("older")];
        set = in_series(set, Some(1));
        let back = check_extra(
            &set,
            "layout = \"post\"\n\n[legacy]\naliases = [\"/old/\"]\nlastmod = \"2024-01-01\"\n\
             series = \"Blog Engine\"\ntags = [\"Rust\"]\n",
        );
        let mut expected = set.clone();
        expected.extra = table(&[
            ("layout", text("post")),
            ("legacy", Value::Table(table(&fields[..4]))),
        ]);
        assert_eq!(back, expected);
    }

    #[test]
    fn where_reserved_extra_fields_go() {
        let mut summarised = with_extra(&[("description", text("D"))]);
        summarised.summary = Some("S".to_owned());
        // Beside a summary, `description` reads back as itself.
        assert_eq!(
            check_extra(&summarised, "description = \"D\"\n"),
            summarised
        );
        // Alone, it becomes the summary.
        let back = check_extra(
            &with_extra(&[("description", text("D"))]),
            "description = \"D\"\n",
        );
        assert_eq!(back.summary.as_deref(), Some("D"));

        // `part`: a part number beside a series without one, else itself.
        let back = check_extra(
            &in_series(with_extra(&[("part", Value::Integer(3))]), None),
            "part = 3\n",
        );
        assert_eq!(back.series.and_then(|m| m.part), PartNumber::new(3));
        let a = in_series(with_extra(&[("part", text("b"))]), Some(1));
        assert_eq!(check_extra(&a, "part = \"b\"\n"), a);
        let a = with_extra(&[("part", Value::Integer(4))]);
        assert_eq!(check_extra(&a, "part = 4\n"), a);
        let back = check_extra(
            &with_extra(&[("part", Value::Integer(2)), ("series", text("S"))]),
            "part = 2\nseries = \"S\"\n",
        );
        assert_eq!(back.series.and_then(|m| m.part), PartNumber::new(2));
        check_extra(
            &with_extra(&[("series_part", Value::Integer(2))]),
            "\n[legacy]\nseries_part = 2\n",
        );

        // Fields that are never empty.
        check_extra(
            &with_extra(&[
                ("title", text("shadow")),
                ("slug", text("other")),
                ("date", text("2020-01-01")),
                ("created", text("2020-01-01")),
                ("updated", text("2020-01-01")),
                ("draft", Value::Bool(true)),
                ("published", Value::Bool(false)),
                ("publishDate", text("2020-01-01")),
                ("pubDate", text("2020-01-01")),
            ]),
            "\n[legacy]\ncreated = \"2020-01-01\"\ndate = \"2020-01-01\"\ndraft = true\n\
             pubDate = \"2020-01-01\"\npublishDate = \"2020-01-01\"\npublished = false\n\
             slug = \"other\"\ntitle = \"shadow\"\nupdated = \"2020-01-01\"\n",
        );
        // Values that would not read back, though the field is empty.
        check_extra(
            &with_extra(&[("tags", Value::Integer(3)), ("expires", text("soon"))]),
            "\n[legacy]\nexpires = \"soon\"\ntags = 3\n",
        );
        // Two names of one field: the second would be refused.
        let back = check_extra(
            &with_extra(&[
                ("aliases", texts(&["/a/"])),
                ("redirect_from", texts(&["/b/"])),
            ]),
            "aliases = [\"/a/\"]\n\n[legacy]\nredirect_from = [\"/b/\"]\n",
        );
        assert_eq!(back.previous_slugs, [slug("a")]);
        // Jekyll's `category` joins no categories the article has.
        let back = check_extra(
            &with_extra(&[
                ("category", text("Web Dev")),
                ("expiryDate", text("2030-01-01")),
            ]),
            "category = \"Web Dev\"\nexpiryDate = \"2030-01-01\"\n",
        );
        assert_eq!(back.categories, [slug("web-dev")]);
        assert_eq!(back.expires_at, Some(at(2030, 1, 1, 0, 0, 0, 0)));
        let mut categorised = with_extra(&[("category", text("Web Dev"))]);
        categorised.categories = vec![slug("rust")];
        check_extra(&categorised, "\n[legacy]\ncategory = \"Web Dev\"\n");

        // Zola's taxonomies, at the same place in [legacy].
        let zola = [(
            "taxonomies",
            Value::Table(table(&[
                ("tags", texts(&["t"])),
                ("authors", texts(&["me"])),
            ])),
        )];
        let back = check_extra(
            &with_extra(&zola),
            "\n[taxonomies]\nauthors = [\"me\"]\ntags = [\"t\"]\n",
        );
        assert_eq!(back.tags, [Tag::parse("t").expect("valid")]);
        let mut tagged = with_extra(&zola);
        tagged.tags = vec![Tag::parse("x").expect("valid")];
        check_extra(
            &tagged,
            "\n[legacy.taxonomies]\ntags = [\"t\"]\n\n[taxonomies]\nauthors = [\"me\"]\n",
        );

        // An extra `legacy` of the article's own stays as it is.
        check_extra(
            &with_extra(&[("legacy", Value::Integer(1)), ("title", text("shadow"))]),
            "legacy = 1\n\n[legacy-2]\ntitle = \"shadow\"\n",
        );
    }

    #[test]
    fn every_reserved_name_is_read_by_the_parser() {
        let value = |key: &str| match key {
            "title" | "summary" | "description" | "series" | "category" => text("T"),
            "slug" => text("s"),
            "draft" | "published" => Value::Bool(true),
            "categories" | "tags" | "aliases" | "redirect_from" => texts(&["a"]),
            "series_part" | "part" => Value::Integer(1),
            _ => text("2024-01-01"),
        };
        for key in ARTICLE_KEYS.iter().chain(&READ_AS_OTHER) {
            let mut front = String::from("+++\n");
            front_matter::field(&mut front, key, &value(key));
            // What the file needs besides; `series` for `part`.
            for other in ["title", "date", "series"] {
                if other != *key {
                    front_matter::field(&mut front, other, &value(other));
                }
            }
            front.push_str("+++\n");
            let parsed = parse(
                &front,
                &FileName::from_stem("x"),
                at(2024, 1, 1, 0, 0, 0, 0),
            )
            .unwrap_or_else(|e| panic!("{key}: {e}\n{front}"));
            assert!(
                !parsed.article.extra.contains_key(*key),
                "{key} stays extra:\n{front}"
            );
        }
    }

    fn category(s: &str, parent: Option<&str>, description: &str) -> Category {
        let mut c = Category::new(
            slug(s),
            Title::parse(&s.to_uppercase()).expect("valid"),
            Markdown::new(description),
        );
        c.parent = parent.map(slug);
        c
    }

    #[test]
    fn categories_round_trip_parents_first() {
        let categories = vec![
            category("web", None, ""),
            category("async", Some("rust"), "Futures.\n\n*Two* paragraphs."),
            category("rust", Some("lang"), "The \"Rust\" language."),
            category("lang", None, ""),
            category("go", Some("lang"), ""),
        ];
        let file = categories_file(&categories);
        let order: Vec<&str> = file
            .lines()
            .filter_map(|l| l.strip_prefix("slug = "))
            .collect();
        assert_eq!(
            order,
            ["\"lang\"", "\"go\"", "\"rust\"", "\"async\"", "\"web\""]
        );
        let back = parse_categories_file(&file).expect("parses");
        assert_eq!(back.len(), categories.len());
        for c in &categories {
            assert!(back.contains(c), "{c:?} lost");
        }
        assert_eq!(categories_file(&back), file);
        assert_eq!(
            parse_categories_file(&categories_file(&[])).expect("parses"),
            []
        );
    }

    #[test]
    fn series_round_trip() {
        let series = vec![
            Series {
                slug: slug("zeta"),
                title: Title::parse("Zeta").expect("valid"),
                description: Markdown::default(),
            },
            Series {
                slug: slug("alpha"),
                title: Title::parse("Älpha: a \"series\"").expect("valid"),
                description: Markdown::new("Line one.\nLine two.\n"),
            },
        ];
        let file = series_file(&series);
        assert!(
            file.find("alpha").expect("written") < file.find("zeta").expect("written"),
            "by slug: {file}"
        );
        let back = parse_series_file(&file).expect("parses");
        assert_eq!(back, [series[1].clone(), series[0].clone()]);
        assert_eq!(series_file(&back), file);
    }

    fn check_err(
        result: Result<impl std::fmt::Debug, SourceError>,
        line: Option<usize>,
        reason: &str,
    ) {
        match result {
            Ok(v) => panic!("expected an error, got {v:?}"),
            Err(e) => {
                assert_eq!(e.line, line, "{e}");
                assert!(e.reason.contains(reason), "{e:?} lacks {reason:?}");
                crate::source::tests::assert_no_debug_form(&e.reason);
            }
        }
    }

    #[test]
    fn definition_file_errors() {
        let c = parse_categories_file;
        check_err(
            c("[[category]]\nslug = \"a\"\n"),
            Some(1),
            "missing field `name`",
        );
        check_err(
            c("[[category]]\nslug = \"a\"\nname = \"A\"\ncolour = 1\n"),
            Some(4),
            "unknown field `colour`",
        );
        check_err(
            c("\n[[category]]\nslug = \"Not A Slug\"\nname = \"A\"\n"),
            Some(3),
            "try \"not-a-slug\"",
        );
        check_err(
            c("[[category]]\nslug = \"a\"\nname = \"\"\n"),
            Some(3),
            "category name cannot be empty",
        );
        check_err(
            c("[[category]]\nslug = \"a\"\nname = \"A\"\nparent = \"a\"\n"),
            Some(2),
            "its own parent",
        );
        check_err(
            c(
                "[[category]]\nslug = \"a\"\nname = \"A\"\n\n[[category]]\nslug = \"a\"\nname = \"B\"\n",
            ),
            Some(6),
            "defined twice",
        );
        check_err(
            c(
                "[[category]]\nslug = \"a\"\nname = \"A\"\nparent = \"b\"\n\n[[category]]\nslug = \"b\"\nname = \"B\"\nparent = \"a\"\n",
            ),
            Some(2),
            "'a', 'b' are nested in each other",
        );
        check_err(c("[[category]\n"), Some(1), "invalid TOML");
        let s = parse_series_file;
        check_err(
            s("[[series]]\nslug = \"s\"\n"),
            Some(1),
            "missing field `title`",
        );
        check_err(
            s("[[series]]\nslug = \"s\"\ntitle = \"S\"\n[[series]]\nslug = \"s\"\ntitle = \"T\"\n"),
            Some(5),
            "defined twice",
        );
        check_err(
            s("[[series]]\nslug = \"s\"\ntitle = \"a\\nb\"\n"),
            Some(3),
            "single line",
        );
        // A parent defined elsewhere (in the store) is fine.
        let only = c("[[category]]\nslug = \"a\"\nname = \"A\"\nparent = \"elsewhere\"\n")
            .expect("parses");
        assert_eq!(only[0].parent, Some(slug("elsewhere")));
    }

    /// A small deterministic generator (an LCG), so that the property test
    /// below covers many articles without a dependency.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.next(items.len())]
        }

        fn text(&mut self, parts: usize) -> String {
            const PIECES: [&str; 17] = [
                "word", " ", "\"", "'", "'''", "\"\"\"", "\\", "é", "日本", "🦀", "\n", "\r\n",
                "\r", "\t", "+++", "---", "\u{feff}",
            ];
            (0..=self.next(parts)).map(|_| self.pick(&PIECES)).collect()
        }

        fn time(&mut self) -> DateTime<Utc> {
            let nanos = [0, 1, 500_000_000, 999_999_999, 123_456_789][self.next(5)];
            at(
                1900 + self.next(300) as i32,
                1 + self.next(12) as u32,
                1 + self.next(28) as u32,
                self.next(24) as u32,
                self.next(60) as u32,
                self.next(60) as u32,
                nanos,
            )
        }

        fn value(&mut self, depth: usize) -> Value {
            match self.next(if depth == 0 { 4 } else { 6 }) {
                0 => Value::Bool(self.next(2) == 1),
                1 => Value::Integer(self.next(2000) as i64 - 1000),
                2 => Value::Float((self.next(2000) as f64 - 1000.0) / 7.0),
                3 => Value::String(self.text(6)),
                4 => Value::List((0..self.next(3)).map(|_| self.value(depth - 1)).collect()),
                _ => Value::Table(
                    (0..self.next(3))
                        .map(|_| (self.text(2), self.value(depth - 1)))
                        .collect(),
                ),
            }
        }

        fn line(&mut self, parts: usize) -> String {
            self.text(parts).replace(['\n', '\r', '\t'], " ")
        }

        fn article(&mut self, i: usize) -> Article {
            let title = loop {
                if let Ok(t) = Title::parse(&self.line(8)) {
                    break t;
                }
            };
            // Bodies as the parser leaves them: no leading blank line, no
            // CRLF (nor a lone CR, which the final newline would make one).
            let body = match self.next(4) {
                0 => String::new(),
                1 => format!("    indented {}", self.text(8)),
                _ => format!("{}{}", self.pick(&["Text", "# H", "- item"]), self.text(30)),
            };
            let mut a = Article::new(
                slug(&format!("article-{i}")),
                title,
                Markdown::new(body.replace('\r', "")),
                self.time(),
            );
            a.created_at = self.time();
            a.updated_at = self.time();
            if self.next(3) == 0 {
                a.expires_at = Some(self.time());
            }
            if self.next(3) == 0 {
                a.status = Status::Draft;
            }
            if self.next(2) == 0 {
                a.summary = Some(self.text(10));
            }
            for _ in 0..self.next(3) {
                let c = slug(self.pick(&["rust", "web", "go", "2024"]));
                if !a.categories.contains(&c) {
                    a.categories.push(c);
                }
            }
            for _ in 0..self.next(4) {
                if let Ok(tag) = Tag::parse(&self.line(3))
                    && !a.tags.iter().any(|t| t.slug() == tag.slug())
                {
                    a.tags.push(tag);
                }
            }
            for _ in 0..self.next(3) {
                let old = slug(&format!("old-{}", self.next(5)));
                if !a.previous_slugs.contains(&old) {
                    a.previous_slugs.push(old);
                }
            }
            if self.next(2) == 0 {
                a.series = Some(SeriesMembership {
                    series: slug(self.pick(&["engine", "tips"])),
                    part: PartNumber::new(self.next(4) as u32),
                });
            }
            for _ in 0..self.next(4) {
                let key = self.pick(&["author", "weight", "extra", "images", "x y", "ключ"]);
                let value = self.value(3);
                a.extra.insert(key.to_owned(), value);
            }
            a
        }
    }

    #[test]
    fn many_generated_articles_read_back() {
        let mut generator = Gen(42);
        for i in 0..500 {
            let a = generator.article(i);
            check_reads_back(&a);
        }
    }

    /// Extra fields named as the parser's own, as older databases hold:
    /// every export reads back, and exporting what it reads gives a file
    /// that reads back to itself.
    #[test]
    fn generated_articles_with_reserved_extra_fields_read_back() {
        let mut generator = Gen(7);
        let names: Vec<&str> = ARTICLE_KEYS
            .iter()
            .chain(&READ_AS_OTHER)
            .chain(&["taxonomies", "legacy"])
            .copied()
            .collect();
        for i in 0..300 {
            let mut a = generator.article(i);
            for _ in 0..=generator.next(4) {
                let key = generator.pick(&names);
                let value = match generator.next(4) {
                    0 => Value::String("2024-01-01".to_owned()),
                    1 => Value::List(vec![Value::String(generator.line(2))]),
                    2 if key == "taxonomies" => Value::Table(
                        [("tags", Value::String(generator.line(2)))]
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect(),
                    ),
                    _ => generator.value(2),
                };
                a.extra.insert(key.to_owned(), value);
            }
            let file = article_file(&a);
            let back = reparse(&file);
            let again = article_file(&back);
            assert_eq!(article_file(&reparse(&again)), again, "not stable:\n{file}");
        }
    }
}
