//! `blog import DIR`: all of a folder's Markdown files, or nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use blog_core::{Article, Category, Change, ChangeSet, Markdown, Slug, Title};
use chrono::{DateTime, Utc};

use blog_cli::source::{self, FileName};

use super::Context;

/// A file the import refused, and why.
#[derive(Debug)]
struct Rejection {
    path: PathBuf,
    line: Option<usize>,
    reason: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// The error of an import in which some files were rejected.
#[derive(Debug)]
struct Rejected {
    rejections: Vec<Rejection>,
    files: usize,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "nothing was imported: {} of {} files rejected",
            self.rejections.len(),
            self.files
        )?;
        for r in &self.rejections {
            write!(f, "\n  {r}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

/// How `blog import` treats rejected files and the store.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Store the valid files even when some are rejected.
    pub keep_going: bool,
    /// Store nothing; report what would change.
    pub dry_run: bool,
}

/// Imports every Markdown file under `dir` in one transaction.
pub fn run(ctx: &mut Context<'_>, dir: &Path, options: Options) -> anyhow::Result<()> {
    let Options {
        keep_going: _,
        dry_run: _,
    } = options;
    let (store, now) = (ctx.store, ctx.now);
    let files = markdown_files(dir)?;
    if files.is_empty() {
        anyhow::bail!("{} holds no .md or .markdown file", dir.display());
    }
    let mut rejections = Vec::new();
    let mut articles: BTreeMap<Slug, (PathBuf, source::Parsed)> = BTreeMap::new();
    for path in &files {
        match read(path, now) {
            Ok(parsed) => {
                let slug = parsed.article.slug.clone();
                if let Some((first, _)) = articles.get(&slug) {
                    rejections.push(Rejection {
                        path: path.clone(),
                        line: None,
                        reason: format!("slug '{slug}' is already used by {}", first.display()),
                    });
                } else {
                    articles.insert(slug, (path.clone(), parsed));
                }
            }
            Err(rejection) => rejections.push(rejection),
        }
    }
    if !rejections.is_empty() {
        return Err(Rejected {
            rejections,
            files: files.len(),
        }
        .into());
    }

    let mut changes = ChangeSet::new();
    let mut report = Report::default();
    for (slug, name) in category_names(articles.values().map(|(_, p)| p)) {
        if store.category(&slug)?.is_none() {
            report.new_categories += 1;
        }
        changes.push(Change::EnsureCategory(Category::new(
            slug,
            name,
            Markdown::default(),
        )));
    }
    for (_, parsed) in articles.into_values() {
        let mut article = parsed.article;
        let stored = store.article(&article.slug)?;
        if let Some(stored) = &stored
            && !parsed.dated
        {
            // A draft without a date keeps the one it was first given.
            article.published_at = stored.published_at;
        }
        match stored {
            Some(stored) if same_content(&stored, &article) => {
                report.unchanged += 1;
                continue;
            }
            Some(stored) => {
                article.created_at = stored.created_at;
                article.previous_slugs = stored.previous_slugs;
                report.updated += 1;
            }
            None => report.added += 1,
        }
        changes.push(Change::PutArticle(article));
    }
    store
        .apply(&changes)
        .with_context(|| format!("cannot store the import of {}", dir.display()))?;
    writeln!(
        ctx.out,
        "imported {} from {}: {report}",
        plural(files.len(), "file"),
        dir.display()
    )?;
    Ok(())
}

/// The categories the files name, each with one display name: the first
/// spelling that says more than the slug ("Web" over "web").
fn category_names<'a>(parsed: impl Iterator<Item = &'a source::Parsed>) -> BTreeMap<Slug, Title> {
    let mut names: BTreeMap<Slug, Title> = BTreeMap::new();
    for (slug, name) in parsed.flat_map(|p| &p.categories) {
        match names.get(slug) {
            Some(kept) if kept.as_str() != slug.as_str() => {}
            _ => {
                names.insert(slug.clone(), name.clone());
            }
        }
    }
    names
}

#[derive(Debug, Default)]
struct Report {
    added: usize,
    updated: usize,
    unchanged: usize,
    new_categories: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            added,
            updated,
            unchanged,
            new_categories,
        } = self;
        let noun = if *new_categories == 1 {
            "category"
        } else {
            "categories"
        };
        write!(
            f,
            "{added} added, {updated} updated, {unchanged} unchanged; {new_categories} new {noun}"
        )
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Whether re-importing `new` over `stored` would change anything a reader or
/// an administrator can see; the bookkeeping times do not count.
fn same_content(stored: &Article, new: &Article) -> bool {
    let comparable = Article {
        created_at: stored.created_at,
        updated_at: stored.updated_at,
        previous_slugs: stored.previous_slugs.clone(),
        ..new.clone()
    };
    &comparable == stored
}

fn read(path: &Path, now: DateTime<Utc>) -> Result<source::Parsed, Rejection> {
    let reject = |line, reason| Rejection {
        path: path.to_owned(),
        line,
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| reject(None, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        reject(Some(line), format!("not valid UTF-8 (byte {at})"))
    })?;
    let name = file_name(path);
    source::parse(&text, &name, now).map_err(|e| reject(e.line, e.reason))
}

/// The slug and date a path gives: a file's stem, or for a page bundle's
/// `index.md` (Hugo), its folder's name.
fn file_name(path: &Path) -> FileName {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let stem = if stem == "index" {
        path.parent()
            .and_then(Path::file_name)
            .and_then(|s| s.to_str())
            .unwrap_or(stem)
    } else {
        stem
    };
    FileName::from_stem(stem)
}

/// Every Markdown file under `dir`, sorted, skipping hidden entries and
/// section index files (`_index.md`), which describe folders, not articles.
fn markdown_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read the folder {}", folder.display()))?;
        for entry in entries {
            let entry =
                entry.with_context(|| format!("cannot read the folder {}", folder.display()))?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with("_index.") {
                continue;
            }
            let kind = entry
                .file_type()
                .with_context(|| format!("cannot read {}", path.display()))?;
            if kind.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
