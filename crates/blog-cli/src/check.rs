//! `blog check`'s analysis: the problems a reader would meet in the site's
//! public articles at one moment.
//!
//! [`check`] reads every public article's links and ids as its page shows
//! them ([`blog_render::body_references`]), resolves each link as a browser
//! would on the article's page ([`Link`]), names the page of the URL scheme
//! it reaches as the server's router does ([`target`]), and asks the store
//! whether that page exists for readers. A [`Finding`] names the article,
//! the link as written, and the [`Problem`]:
//!
//! - a broken link: the server would answer 404 or 410 (no such article,
//!   a deleted one, a page past the end of a listing, no such asset);
//! - a redirect (a warning): an old slug of a renamed article, or another
//!   spelling of a page (a missing trailing slash), with the URL to use;
//! - a missing anchor: `#part` on the same article or on another one whose
//!   headings and footnotes have no such id;
//! - a link to an article that is not public: a draft, a scheduled or an
//!   expired article;
//! - an unknown category, tag or series: a link to one that does not exist
//!   (a tag exists by being on a public article);
//! - an undescribed category (a warning): one that public articles name
//!   but that has no description, as an import creates for every category
//!   front matter names that `_categories.toml` and the store lack. On a
//!   blog imported from Hugo or Jekyll every category is such, so this is
//!   only a warning; it names another category whose slug is within a typo
//!   of it, if one is (`rustt` beside `rust`).
//!
//! Links to other sites are listed in [`Report::external`], each URL once
//! with the articles that use it, for the caller to check over the network.
//!
//! What is not checked: `mailto:` and other schemes; fragments on pages
//! other than articles; assets of a theme the server is not told of; the
//! JSON API and `/healthz`.

mod category;
mod judge;
mod link;
mod site;
mod target;

use std::collections::BTreeMap;
use std::fmt;

use blog_core::{Slug, StoreError, Visibility};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use link::Link;
pub use site::{Settings, Snapshot};
pub use target::{Target, target};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Readers meet it: the check fails.
    Error,
    /// Readers get there anyway, or nothing is wrong for them yet: the
    /// check fails only when asked to be strict.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

/// A category, a tag or a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    /// A category.
    Category,
    /// A tag.
    Tag,
    /// A series.
    Series,
}

impl Taxonomy {
    fn as_str(self) -> &'static str {
        match self {
            Self::Category => "category",
            Self::Tag => "tag",
            Self::Series => "series",
        }
    }
}

/// What is wrong with a link (or a category an article names).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The server would answer 404 or 410, for this reason.
    Broken(String),
    /// The server redirects to `to`, where the content is.
    Redirects {
        /// Where to link instead: a path of the site, with the fragment.
        to: String,
        /// Whether it is an old slug of a renamed article (rather than
        /// another spelling of the page's path).
        moved: bool,
    },
    /// The article at `page` has no heading or footnote with this id.
    MissingAnchor {
        /// The article's path.
        page: String,
        /// The id looked for.
        fragment: String,
    },
    /// The article exists but readers cannot see it.
    NotPublic {
        /// The article's slug (its current one).
        article: Slug,
        /// What readers see of it.
        visibility: Visibility,
        /// When it becomes public, if it is scheduled.
        from: Option<DateTime<Utc>>,
    },
    /// The category, tag or series does not exist.
    Unknown(Taxonomy, Slug),
    /// The category has no description.
    Undescribed {
        /// The category.
        category: Slug,
        /// How many public articles name it.
        articles: usize,
        /// A category whose slug is a typo away, if one is.
        near: Option<Slug>,
    },
    /// Another site's URL failed, for this reason.
    External(String),
}

impl Problem {
    /// How much it matters.
    pub fn severity(&self) -> Severity {
        match self {
            Self::Redirects { .. } | Self::Undescribed { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// A short name for the kind of problem, for JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Broken(_) => "broken-link",
            Self::Redirects { .. } => "redirect",
            Self::MissingAnchor { .. } => "missing-anchor",
            Self::NotPublic { .. } => "not-public",
            Self::Unknown(Taxonomy::Category, _) => "unknown-category",
            Self::Unknown(Taxonomy::Tag, _) => "unknown-tag",
            Self::Unknown(Taxonomy::Series, _) => "unknown-series",
            Self::Undescribed { .. } => "undescribed-category",
            Self::External(_) => "broken-external-link",
        }
    }

    /// What it says about `link`, without the article or severity.
    pub fn message(&self, link: &str) -> String {
        match self {
            Self::Broken(reason) => format!("broken link {link} ({reason})"),
            Self::Redirects { to, moved: true } => {
                format!("old link {link} (the article moved: link to {to})")
            }
            Self::Redirects { to, moved: false } => {
                format!("link {link} redirects (link to {to})")
            }
            Self::MissingAnchor { page, fragment } => format!(
                "missing anchor {link} ({page} has no heading or footnote with the id '{fragment}')"
            ),
            Self::NotPublic {
                article,
                visibility,
                from,
            } => {
                let state = match (visibility, from) {
                    (Visibility::Scheduled, Some(from)) => {
                        format!("scheduled for {}", from.format("%Y-%m-%d %H:%M UTC"))
                    }
                    (Visibility::Draft, _) => "a draft".to_owned(),
                    (visibility, _) => visibility.as_str().to_owned(),
                };
                format!(
                    "link to a non-public article {link} ('{article}' is {state}: readers get a 404)"
                )
            }
            Self::Unknown(taxonomy, slug) => {
                let reason = match taxonomy {
                    Taxonomy::Tag => format!("no public article has the tag '{slug}'"),
                    other => format!("no {} has the slug '{slug}'", other.as_str()),
                };
                format!("unknown {} {link} ({reason})", taxonomy.as_str())
            }
            Self::Undescribed {
                category,
                articles,
                near,
            } => {
                let named = if *articles == 1 {
                    "1 public article".to_owned()
                } else {
                    format!("{articles} public articles")
                };
                let hint = match near {
                    Some(near) => format!("a typo of '{near}'?"),
                    None => format!("describe it with `blog category describe {category}`"),
                };
                format!("undescribed category {link} (named by {named}, never described: {hint})")
            }
            Self::External(reason) => format!("broken external link {link} ({reason})"),
        }
    }
}

/// One problem, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The article the link is in.
    pub article: Slug,
    /// The link as written (for a category, its page).
    pub link: String,
    /// What is wrong.
    pub problem: Problem,
}

impl Finding {
    /// How much it matters.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.article,
            self.severity(),
            self.problem.message(&self.link)
        )
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Document<'a> {
            article: &'a str,
            link: &'a str,
            severity: Severity,
            kind: &'static str,
            message: String,
        }
        Document {
            article: self.article.as_str(),
            link: &self.link,
            severity: self.severity(),
            kind: self.problem.kind(),
            message: self.problem.message(&self.link),
        }
        .serialize(serializer)
    }
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every problem, by article slug, then in the order of the article.
    pub findings: Vec<Finding>,
    /// How many public articles were read.
    pub articles: usize,
    /// How many links were checked (those of [`Link::Unchecked`] aside),
    /// each distinct one once per article.
    pub links: usize,
    /// Every other site's URL that a public article links to, with those
    /// articles, by slug; not checked yet.
    pub external: BTreeMap<String, Vec<Slug>>,
}

impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Document<'a> {
            findings: &'a [Finding],
            errors: usize,
            warnings: usize,
            articles: usize,
            links: usize,
            external: usize,
        }
        Document {
            findings: &self.findings,
            errors: self.errors(),
            warnings: self.warnings(),
            articles: self.articles,
            links: self.links,
            external: self.external.len(),
        }
        .serialize(serializer)
    }
}

impl Report {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many findings are warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    }

    /// Records that other site's `url` failed for `reason`, as a finding on
    /// every article that links to it, keeping findings in article order.
    pub fn external_failed(&mut self, url: &str, reason: &str) {
        let Some(articles) = self.external.get(url) else {
            return;
        };
        for article in articles {
            let at = self.findings.partition_point(|f| &f.article <= article);
            self.findings.insert(
                at,
                Finding {
                    article: article.clone(),
                    link: url.to_owned(),
                    problem: Problem::External(reason.to_owned()),
                },
            );
        }
    }
}

/// Checks every public article of `snapshot`: its links to this site, its
/// fragments, and the categories it names. Reads the store only to look
/// up slugs that no article has now (old and deleted ones).
pub fn check(snapshot: &Snapshot<'_>) -> Result<Report, StoreError> {
    let mut report = Report {
        articles: snapshot.public().count(),
        ..Report::default()
    };
    for article in snapshot.public() {
        let mut seen = std::collections::HashSet::new();
        for url in &snapshot.references(&article.slug).urls {
            if !seen.insert(url.as_str()) {
                continue;
            }
            match judge::judge(snapshot, &article.slug, url)? {
                judge::Verdict::Unchecked => continue,
                judge::Verdict::Fine => {}
                judge::Verdict::External(external) => {
                    report
                        .external
                        .entry(external)
                        .or_default()
                        .push(article.slug.clone());
                }
                judge::Verdict::Problem(problem) => report.findings.push(Finding {
                    article: article.slug.clone(),
                    link: url.clone(),
                    problem,
                }),
            }
            report.links += 1;
        }
    }
    report.findings.extend(category::undescribed(snapshot));
    // Stable: each article's findings stay in the order of its page.
    report.findings.sort_by(|a, b| a.article.cmp(&b.article));
    Ok(report)
}

#[cfg(test)]
mod tests;
