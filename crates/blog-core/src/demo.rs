//! Demo content for a new, empty blog: a few articles in several categories
//! and one three-part series, so that a first start shows a real site.

use chrono::{DateTime, Duration, Timelike as _, Utc};

use crate::{
    Article, Category, Change, ChangeSet, Markdown, PartNumber, Series, SeriesMembership, Slug,
    Status, Tag, Title,
};

struct DemoArticle {
    slug: &'static str,
    title: &'static str,
    summary: Option<&'static str>,
    body: &'static str,
    days_ago: i64,
    categories: &'static [&'static str],
    tags: &'static [&'static str],
    part: Option<u32>,
    draft: bool,
}

const SERIES_SLUG: &str = "building-a-blog-engine";

const CATEGORIES: &[(&str, &str, &str)] = &[
    (
        "rust",
        "Rust",
        "The language, its idioms, and the crates that make it productive.",
    ),
    (
        "web",
        "Web",
        "HTTP, servers, caching, and the craft of serving pages fast.",
    ),
    (
        "databases",
        "Databases",
        "Storage engines, SQL, and keeping data safe.",
    ),
    (
        "tooling",
        "Tooling",
        "Build systems, editors and the tools around the code.",
    ),
];

const ARTICLES: &[DemoArticle] = &[
    DemoArticle {
        slug: "building-a-blog-engine-the-domain",
        title: "Building a Blog Engine in Rust #01: The Domain",
        summary: None,
        body: include_str!("demo/engine-1-the-domain.md"),
        days_ago: 20,
        categories: &["rust"],
        tags: &["architecture", "domain design"],
        part: Some(1),
        draft: false,
    },
    DemoArticle {
        slug: "building-a-blog-engine-storage",
        title: "Building a Blog Engine in Rust #02: Storage",
        summary: Some(
            "One storage trait, two backends, and one conformance suite that keeps them honest.",
        ),
        body: include_str!("demo/engine-2-storage.md"),
        days_ago: 13,
        categories: &["rust", "databases"],
        tags: &["architecture", "SQLite"],
        part: Some(2),
        draft: false,
    },
    DemoArticle {
        slug: "building-a-blog-engine-serving",
        title: "Building a Blog Engine in Rust #03: Serving",
        summary: None,
        body: include_str!("demo/engine-3-serving.md"),
        days_ago: 6,
        categories: &["rust", "web"],
        tags: &["architecture", "hyper"],
        part: Some(3),
        draft: false,
    },
    DemoArticle {
        slug: "ownership-explained",
        title: "Ownership, Explained in Five Minutes",
        summary: None,
        body: include_str!("demo/ownership.md"),
        days_ago: 27,
        categories: &["rust"],
        tags: &["ownership", "borrow checker"],
        part: None,
        draft: false,
    },
    DemoArticle {
        slug: "http-caching-for-dynamic-sites",
        title: "HTTP Caching for Dynamic Sites",
        summary: None,
        body: include_str!("demo/http-caching.md"),
        days_ago: 9,
        categories: &["web"],
        tags: &["HTTP", "performance"],
        part: None,
        draft: false,
    },
    DemoArticle {
        slug: "sqlite-in-wal-mode",
        title: "SQLite in WAL Mode",
        summary: None,
        body: include_str!("demo/sqlite-wal.md"),
        days_ago: 16,
        categories: &["databases"],
        tags: &["SQLite", "performance"],
        part: None,
        draft: false,
    },
    DemoArticle {
        slug: "cargo-workspaces",
        title: "Cargo Workspaces Without the Pain",
        summary: None,
        body: include_str!("demo/cargo-workspaces.md"),
        days_ago: 2,
        categories: &["tooling", "rust"],
        tags: &["cargo"],
        part: None,
        draft: false,
    },
    DemoArticle {
        slug: "async-functions-in-traits",
        title: "Async Functions in Traits",
        summary: None,
        body: include_str!("demo/draft-async-traits.md"),
        days_ago: 1,
        categories: &["rust"],
        tags: &["async", "traits"],
        part: None,
        draft: true,
    },
];

fn slug(s: &str) -> Slug {
    Slug::parse(s).expect("demo slugs are valid")
}

fn title(s: &str) -> Title {
    Title::parse(s).expect("demo titles are valid")
}

/// The demo content, dated relative to `now` so that it looks recent: create
/// the categories and the series, then add the articles.
pub fn content(now: DateTime<Utc>) -> ChangeSet {
    // Whole seconds: tidier dates in pages and exports.
    let now = now.with_nanosecond(0).unwrap_or(now);
    let mut changes = ChangeSet::new();
    for (s, name, description) in CATEGORIES {
        changes.push(Change::EnsureCategory(Category::new(
            slug(s),
            title(name),
            Markdown::new(*description),
        )));
    }
    changes.push(Change::EnsureSeries(Series {
        slug: slug(SERIES_SLUG),
        title: title("Building a Blog Engine in Rust"),
        description: Markdown::new(
            "A blog engine from an empty folder to a production server, one crate at a time.",
        ),
    }));
    for demo in ARTICLES {
        let published_at = now - Duration::days(demo.days_ago);
        let mut article = Article::new(
            slug(demo.slug),
            title(demo.title),
            Markdown::new(demo.body),
            published_at,
        );
        article.summary = demo.summary.map(str::to_owned);
        article.categories = demo.categories.iter().copied().map(slug).collect();
        article.tags = demo
            .tags
            .iter()
            .map(|t| Tag::parse(t).expect("the demo tags are valid"))
            .collect();
        article.series = demo.part.map(|n| SeriesMembership {
            series: slug(SERIES_SLUG),
            part: PartNumber::new(n),
        });
        if demo.draft {
            article.status = Status::Draft;
        }
        changes.push(Change::PutArticle(article));
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ListQuery, SeriesOutline, list};

    #[test]
    fn demo_content_is_consistent() {
        let now = DateTime::UNIX_EPOCH + Duration::days(20_000);
        let changes = content(now);
        let categories: Vec<&Slug> = changes
            .changes()
            .iter()
            .filter_map(|c| match c {
                Change::EnsureCategory(c) => Some(&c.slug),
                _ => None,
            })
            .collect();
        let articles: Vec<Article> = changes
            .changes()
            .iter()
            .filter_map(|c| match c {
                Change::PutArticle(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
        assert!(categories.len() >= 3, "several categories");
        for a in &articles {
            for c in &a.categories {
                assert!(
                    categories.contains(&c),
                    "{} names unknown category {c}",
                    a.slug
                );
            }
            assert!(!a.body.is_blank());
        }
        let public = list(
            &articles,
            &[],
            &ListQuery {
                per_page: crate::PerPage::new(100).expect("valid"),
                ..ListQuery::public(now)
            },
        );
        assert_eq!(
            public.total as usize,
            articles.len() - 1,
            "one draft stays hidden"
        );
        let outline = SeriesOutline::new(
            Series {
                slug: slug(SERIES_SLUG),
                title: title("S"),
                description: Markdown::default(),
            },
            &articles,
        );
        assert_eq!(outline.parts.len(), 3, "a three-part series");
    }
}
