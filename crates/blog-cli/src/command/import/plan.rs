//! What an import changes: the files compared with the store.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

use blog_cli::source::Parsed;
use blog_core::{
    Article, Category, Change, ChangeSet, Lookup, Markdown, Series, Slug, Store, Title,
};
use chrono::{DateTime, Utc};

use super::Rejection;
use crate::command::plural;

/// What an import will change, and its report.
pub(super) struct Plan {
    pub(super) changes: ChangeSet,
    pub(super) report: Report,
}

impl Plan {
    /// Compares the defined categories and series and the parsed articles
    /// with the store. A file whose article another file already imports
    /// joins `rejections`.
    pub(super) fn new(
        store: &dyn Store,
        now: DateTime<Utc>,
        categories: Vec<Category>,
        series: Vec<Series>,
        articles: Vec<(PathBuf, Parsed)>,
        rejections: &mut Vec<Rejection>,
    ) -> anyhow::Result<Self> {
        // The stored (or new) article each file imports, and its file.
        let mut claimed: BTreeMap<Slug, (PathBuf, Slug)> = BTreeMap::new();
        let mut accepted = Vec::new();
        for (path, parsed) in articles {
            let slug = &parsed.article.slug;
            let (target, stored) = resolve(store, slug)?;
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
        let defined: BTreeSet<Slug> = categories.iter().map(|c| c.slug.clone()).collect();
        // Parents come first in `categories`, as the store needs them.
        for category in categories {
            match store.category(&category.slug)? {
                // Adding, the two changes are one; the SQLite store knows
                // EnsureCategory already.
                None => {
                    report.new_categories += 1;
                    changes.push(Change::EnsureCategory(category));
                }
                Some(stored) if stored == category => {}
                Some(_) => {
                    changes.push(Change::PutCategory(category));
                }
            }
        }
        let named = first_names(accepted.iter().flat_map(|(p, _)| &p.categories));
        for (slug, name) in named {
            if !defined.contains(&slug) && store.category(&slug)?.is_none() {
                report.new_categories += 1;
                let category = Category::new(slug, name, Markdown::default());
                changes.push(Change::EnsureCategory(category));
            }
        }

        let defined: BTreeSet<Slug> = series.iter().map(|s| s.slug.clone()).collect();
        for s in series {
            match store.series(&s.slug)? {
                None => {
                    report.new_series += 1;
                    changes.push(Change::PutSeries(s));
                }
                Some(stored) if stored == s => {}
                Some(_) => {
                    changes.push(Change::PutSeries(s));
                }
            }
        }
        let named = first_names(accepted.iter().flat_map(|(p, _)| &p.series));
        for (slug, title) in named {
            if !defined.contains(&slug) && store.series(&slug)?.is_none() {
                report.new_series += 1;
                changes.push(Change::EnsureSeries(Series {
                    slug,
                    title,
                    description: Markdown::default(),
                }));
            }
        }

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
        Ok(Self { changes, report })
    }
}

/// The stored article a file with article slug `slug` updates: the one with
/// that slug, or the one renamed from it (whose new slug it keeps, so that a
/// rename done in the database survives re-importing an old file).
fn resolve(store: &dyn Store, slug: &Slug) -> anyhow::Result<(Slug, Option<Article>)> {
    Ok(match store.lookup(slug)? {
        Lookup::Found(article) => (slug.clone(), Some(*article)),
        Lookup::Moved(to) => match store.article(&to)? {
            Some(article) => (to, Some(article)),
            None => (slug.clone(), None),
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
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            added,
            updated,
            unchanged,
            new_categories,
            new_series,
        } = self;
        let new_categories = plural(*new_categories, "new category", "new categories");
        write!(
            f,
            "{added} added, {updated} updated, {unchanged} unchanged; \
             {new_categories}, {new_series} new series"
        )
    }
}
