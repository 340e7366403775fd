//! What an import changes: the files compared with the store.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use blog_cli::source::Parsed;
use blog_core::{
    Article, Category, CategoryTree, Change, ChangeSet, Lookup, Markdown, Series, Slug, Store,
    Title,
};
use chrono::{DateTime, Utc};

use super::Rejection;
use crate::command::plural;

/// What an import reads: the definitions files' categories and series, and
/// the parsed articles with their files.
#[derive(Debug, Default)]
pub(super) struct Incoming {
    /// `_categories.toml`'s path, and its categories, parents first.
    pub(super) categories: Option<(PathBuf, Vec<Category>)>,
    /// The series `_series.toml` defines.
    pub(super) series: Vec<Series>,
    /// Each parsed article file.
    pub(super) articles: Vec<(PathBuf, Parsed)>,
}

/// What an import will change, and its report.
pub(super) struct Plan {
    pub(super) changes: ChangeSet,
    pub(super) report: Report,
}

impl Plan {
    /// Compares what the files say with the store. Returns the plan and the
    /// files it refuses: a file whose article another file already imports,
    /// and a `_categories.toml` whose tree the store cannot take.
    pub(super) fn new(
        store: &dyn Store,
        now: DateTime<Utc>,
        incoming: Incoming,
    ) -> anyhow::Result<(Self, Vec<Rejection>)> {
        let mut rejections = Vec::new();
        // The stored (or new) article each file imports, and its file.
        let mut claimed: BTreeMap<Slug, (PathBuf, Slug)> = BTreeMap::new();
        let mut accepted = Vec::new();
        for (path, parsed) in incoming.articles {
            let slug = &parsed.article.slug;
            let (target, stored) = resolve(store, &parsed)?;
            if let Some((first, first_slug)) = claimed.get(&target) {
                let first = first.display();
                let reason = if slug != &target {
                    format!(
                        "'{slug}' was renamed '{target}' in the database, which {first} imports too"
                    )
                } else if first_slug != &target {
                    format!(
                        "slug '{slug}' is already used by {first}, \
                         whose '{first_slug}' was renamed '{target}' in the database"
                    )
                } else {
                    format!("slug '{slug}' is already used by {first}")
                };
                rejections.push(Rejection {
                    path,
                    line: None,
                    reason,
                });
                continue;
            }
            claimed.insert(target, (path, slug.clone()));
            accepted.push((parsed, stored));
        }

        let mut changes = ChangeSet::new();
        let mut report = Report::default();
        let categories = match incoming.categories {
            Some((path, categories)) => match tree_problem(store, &categories)? {
                Some(reason) => {
                    rejections.push(Rejection {
                        path,
                        line: None,
                        reason,
                    });
                    Vec::new()
                }
                None => categories,
            },
            None => Vec::new(),
        };
        // Parents come first in `categories`, as the store needs them.
        for category in &categories {
            match store.category(&category.slug)? {
                None => report.new_categories += 1,
                Some(stored) if stored == *category => continue,
                Some(_) => report.changed_definitions += 1,
            }
            changes.push(Change::PutCategory(category.clone()));
        }
        for s in &incoming.series {
            match store.series(&s.slug)? {
                None => report.new_series += 1,
                Some(stored) if stored == *s => continue,
                Some(_) => report.changed_definitions += 1,
            }
            changes.push(Change::PutSeries(s.clone()));
        }
        let defined = Defined {
            categories: categories.iter().map(|c| c.slug.clone()).collect(),
            series: incoming.series.iter().map(|s| s.slug.clone()).collect(),
        };
        ensure_named(
            store,
            accepted.iter().map(|(p, _)| p),
            &defined,
            &mut changes,
            &mut report,
        )?;

        for (parsed, stored) in accepted {
            match merge(parsed, stored, now) {
                Merged::Unchanged => report.unchanged += 1,
                Merged::Updated(article) => {
                    report.updated += 1;
                    changes.push(Change::PutArticle(article));
                }
                Merged::Added(article) => {
                    report.added += 1;
                    changes.push(Change::PutArticle(article));
                }
            }
        }
        Ok((Self { changes, report }, rejections))
    }
}

/// The categories and series the definitions files provide.
#[derive(Debug, Default)]
pub(super) struct Defined {
    categories: BTreeSet<Slug>,
    series: BTreeSet<Slug>,
}

/// Adds to `changes` the categories and series that the `parsed` files name
/// and that neither the store nor `defined` has, each with the first display
/// name that says more than its slug.
pub(super) fn ensure_named<'a>(
    store: &dyn Store,
    parsed: impl Iterator<Item = &'a Parsed> + Clone,
    defined: &Defined,
    changes: &mut ChangeSet,
    report: &mut Report,
) -> anyhow::Result<()> {
    for (slug, name) in first_names(parsed.clone().flat_map(|p| &p.categories)) {
        if !defined.categories.contains(&slug) && store.category(&slug)?.is_none() {
            report.new_categories += 1;
            let category = Category::new(slug, name, Markdown::default());
            changes.push(Change::EnsureCategory(category));
        }
    }
    for (slug, title) in first_names(parsed.flat_map(|p| &p.series)) {
        if !defined.series.contains(&slug) && store.series(&slug)?.is_none() {
            report.new_series += 1;
            changes.push(Change::EnsureSeries(Series {
                slug,
                title,
                description: Markdown::default(),
            }));
        }
    }
    Ok(())
}

/// Why the store cannot take the `defined` categories over its own, if it
/// cannot: a parent that exists nowhere, or a category nested below itself.
fn tree_problem(store: &dyn Store, defined: &[Category]) -> anyhow::Result<Option<String>> {
    let mut all: BTreeMap<Slug, Category> = store
        .categories()?
        .into_iter()
        .map(|c| (c.slug.clone(), c))
        .collect();
    for c in defined {
        all.insert(c.slug.clone(), c.clone());
    }
    let tree = CategoryTree::new(all.values());
    for c in defined {
        let Some(parent) = &c.parent else { continue };
        if !all.contains_key(parent) {
            return Ok(Some(format!(
                "category '{}' is nested in '{parent}', which is defined nowhere: \
                 add it to the file, or remove the `parent`",
                c.slug
            )));
        }
        if tree.would_cycle(&c.slug, parent) {
            return Ok(Some(format!(
                "category '{}' would be nested below itself through '{parent}': \
                 fix its `parent`",
                c.slug
            )));
        }
    }
    Ok(None)
}

/// The stored article a file updates: the one with the file's slug, or,
/// for an exported file whose article was renamed in the database since
/// (its `created` time proves it is that article), the renamed one, whose
/// new slug it keeps. Any other file with an old slug is a new article: an
/// unrelated file must never overwrite an article that once had its slug.
fn resolve(store: &dyn Store, parsed: &Parsed) -> anyhow::Result<(Slug, Option<Article>)> {
    let slug = &parsed.article.slug;
    Ok(match store.lookup(slug)? {
        Lookup::Found(article) => (slug.clone(), Some(*article)),
        Lookup::Moved(to) => match store.article(&to)? {
            Some(article) if parsed.created == Some(article.created_at) => (to, Some(article)),
            _ => (slug.clone(), None),
        },
        Lookup::Gone | Lookup::Unknown => (slug.clone(), None),
    })
}

/// What importing a file does to its article.
#[derive(Debug, PartialEq)]
enum Merged {
    /// A new article.
    Added(Article),
    /// The stored article, changed.
    Updated(Article),
    /// Nothing: the file says what the store holds.
    Unchanged,
}

/// The article to store for `parsed`, given the `stored` one it updates.
///
/// The file decides the content. The creation time is the file's `created`,
/// else the stored one; the update time is the file's `updated`, else "now"
/// if anything changed. The previous slugs are the file's aliases, then the
/// stored ones the file does not list. A draft without a date keeps its
/// stored date.
fn merge(parsed: Parsed, stored: Option<Article>, now: DateTime<Utc>) -> Merged {
    let mut article = parsed.article;
    let Some(stored) = stored else {
        return Merged::Added(article);
    };
    article.slug = stored.slug.clone();
    if !parsed.dated {
        article.published_at = stored.published_at;
    }
    article.created_at = parsed.created.unwrap_or(stored.created_at);
    article.updated_at = parsed.updated.unwrap_or(stored.updated_at);
    for slug in &stored.previous_slugs {
        if !article.previous_slugs.contains(slug) {
            article.previous_slugs.push(slug.clone());
        }
    }
    article.previous_slugs.retain(|s| *s != stored.slug);
    if article == stored {
        return Merged::Unchanged;
    }
    if parsed.updated.is_none() {
        article.updated_at = now;
    }
    Merged::Updated(article)
}

/// Each slug the files name, with one display name: the first spelling
/// that says more than the slug ("Web" over "web").
fn first_names<'a>(named: impl Iterator<Item = &'a (Slug, Title)>) -> BTreeMap<Slug, Title> {
    let mut names: BTreeMap<Slug, Title> = BTreeMap::new();
    for (slug, name) in named {
        match names.get(slug) {
            Some(kept) if kept.as_str() != slug.as_str() => {}
            _ => {
                names.insert(slug.clone(), name.clone());
            }
        }
    }
    names
}

/// How many articles, categories and series an import adds or changes.
#[derive(Debug, Default)]
pub(super) struct Report {
    added: usize,
    updated: usize,
    unchanged: usize,
    new_categories: usize,
    new_series: usize,
    changed_definitions: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            added,
            updated,
            unchanged,
            new_categories,
            new_series,
            changed_definitions,
        } = self;
        let new_categories = plural(*new_categories, "new category", "new categories");
        write!(
            f,
            "{added} added, {updated} updated, {unchanged} unchanged; \
             {new_categories}, {new_series} new series"
        )?;
        if *changed_definitions > 0 {
            let changed = plural(
                *changed_definitions,
                "changed category or series",
                "changed categories and series",
            );
            write!(f, ", {changed}")?;
        }
        Ok(())
    }
}
