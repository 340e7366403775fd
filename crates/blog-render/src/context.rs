//! What the templates see: plain serialisable values built from a [`View`].
//!
//! Every string here is plain text, which the templates escape, except
//! [`Markup`] (HTML that only the Markdown renderer produces) and the
//! JSON-LD of [`head`], both passed to the templates already marked safe.
//! Every URL comes from [`blog_core::urls`]; absolute ones are joined to the
//! site's base URL.
//!
//! One file per kind of page, plus the pieces they share: [`head`] (the
//! `<head>` of every page: canonical URL, Open Graph, feeds, JSON-LD),
//! [`pager`] (the pagination of every paginated page).
//!
//! [`View`]: blog_core::View

use blog_core::{Category, CategoryTree, Html, Markdown, PageNumber, Site, Slug, Tag, urls};
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use crate::assets::{self, Assets};
use crate::markdown::{markdown_fragment_html, markdown_to_html};

mod archive;
mod article;
mod category;
mod error;
mod head;
mod json_ld;
mod listing;
mod pager;
mod search;
mod series;
mod tag;
mod toc;

pub(crate) use archive::archive;
pub(crate) use article::article;
pub(crate) use category::{categories, category};
pub(crate) use error::{gone, not_found};
pub(crate) use listing::home;
pub(crate) use search::search;
pub(crate) use series::series;
pub(crate) use tag::{tag, tags};

use head::Head;

/// The site's own values, the same on every page.
#[derive(Debug, Serialize)]
pub(crate) struct SiteContext {
    title: String,
    description: String,
    home: String,
    categories: &'static str,
    tags: &'static str,
    archive: &'static str,
    search: &'static str,
    /// The stylesheet's fingerprinted path.
    stylesheet: String,
    /// The fingerprinted path of the syntax highlighting stylesheet; linked
    /// after the main stylesheet so that it can refine code blocks.
    highlight: String,
    feeds: head::SiteFeeds,
}

impl SiteContext {
    /// The values of `site`, linking to `assets`.
    pub(crate) fn new(site: &Site, assets: &Assets) -> Self {
        let url = |name| {
            assets
                .url(name)
                .expect("the built-in assets are always served")
                .to_owned()
        };
        Self {
            title: site.title.clone(),
            description: site.description.clone(),
            home: urls::home(PageNumber::FIRST),
            categories: urls::CATEGORIES,
            tags: urls::TAGS,
            archive: urls::ARCHIVE,
            search: urls::SEARCH,
            stylesheet: url(assets::STYLESHEET),
            highlight: url(assets::HIGHLIGHT),
            feeds: head::SiteFeeds::new(),
        }
    }
}

/// One page: its `<head>` values, which navigation link is current, and
/// what the page itself shows.
#[derive(Debug, Serialize)]
pub(crate) struct Document<T> {
    head: Head,
    nav: Nav,
    page: T,
}

/// The sections of the site's navigation.
#[derive(Debug, Clone, Copy)]
enum Section {
    Articles,
    Categories,
    Tags,
    Archive,
    Search,
}

/// The `aria-current` value of each navigation link, if the page is in its
/// section: `page` on the section's own page, `true` below it.
#[derive(Debug, Default, Serialize)]
struct Nav {
    articles: Option<&'static str>,
    categories: Option<&'static str>,
    tags: Option<&'static str>,
    archive: Option<&'static str>,
    search: Option<&'static str>,
}

impl Nav {
    /// On the page of `section` itself.
    fn page(section: Section) -> Self {
        Self::at(section, "page")
    }

    /// On a page below `section`.
    fn within(section: Section) -> Self {
        Self::at(section, "true")
    }

    fn at(section: Section, current: &'static str) -> Self {
        let mut nav = Self::default();
        let field = match section {
            Section::Articles => &mut nav.articles,
            Section::Categories => &mut nav.categories,
            Section::Tags => &mut nav.tags,
            Section::Archive => &mut nav.archive,
            Section::Search => &mut nav.search,
        };
        *field = Some(current);
        nav
    }
}

/// HTML rendered from Markdown, marked safe for the templates.
#[derive(Debug)]
pub(crate) struct Markup(Html);

impl Markup {
    fn of(markdown: &Markdown) -> Option<Self> {
        (!markdown.is_blank()).then(|| Self(markdown_to_html(markdown)))
    }

    /// Markdown shown among others on one page: without ids, so that two
    /// never clash (see [`markdown_fragment_html`]).
    fn fragment(markdown: &Markdown) -> Option<Self> {
        (!markdown.is_blank()).then(|| Self(markdown_fragment_html(markdown)))
    }
}

impl Serialize for Markup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        minijinja::Value::from_safe_string(self.0.as_str().to_owned()).serialize(serializer)
    }
}

#[derive(Debug, Serialize)]
struct Date {
    /// RFC 3339, for `<time datetime>`.
    iso: String,
    /// "31 January 2025".
    human: String,
}

impl Date {
    fn of(time: DateTime<Utc>) -> Self {
        Self::formatted(time, "%-d %B %Y")
    }

    /// The date shown as `format` (a chrono format string).
    fn formatted(time: DateTime<Utc>, format: &str) -> Self {
        Self {
            iso: iso(time),
            human: time.format(format).to_string(),
        }
    }
}

/// RFC 3339 to the second, in UTC: `2025-01-31T12:00:00Z`.
fn iso(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A link with its text: a category or tag label, a breadcrumb.
#[derive(Debug, Clone, Serialize)]
struct Label {
    name: String,
    url: String,
}

impl Label {
    /// The label of `category`.
    fn of(category: &Category) -> Self {
        Self {
            name: category.name.to_string(),
            url: urls::category(&category.slug, PageNumber::FIRST),
        }
    }

    /// The label of `tag`, linking to its page.
    fn tag(tag: &Tag) -> Self {
        Self {
            name: tag.name().to_owned(),
            url: urls::tag(tag.slug(), PageNumber::FIRST),
        }
    }
}

/// The labels of `slugs`, named from `categories`; a slug that names no
/// category shows as itself.
fn labels(slugs: &[Slug], categories: &[Category]) -> Vec<Label> {
    slugs
        .iter()
        .map(|slug| Label {
            name: Category::name_in(categories, slug).to_owned(),
            url: urls::category(slug, PageNumber::FIRST),
        })
        .collect()
}

/// The labels of `tags`, each linking to its tag's page.
fn tag_labels(tags: &[Tag]) -> Vec<Label> {
    tags.iter().map(Label::tag).collect()
}

/// Category `slug` with the categories above it, the top-level one first;
/// empty if `categories` does not hold `slug`. An ancestor missing from
/// `categories` ends the trail there.
fn trail<'a>(slug: &Slug, categories: &'a [Category]) -> Vec<&'a Category> {
    let find = |s: &Slug| categories.iter().find(|c| &c.slug == s);
    let Some(category) = find(slug) else {
        return Vec::new();
    };
    let mut trail: Vec<&Category> = CategoryTree::new(categories)
        .ancestors(slug)
        .iter()
        .map_while(find)
        .collect();
    trail.reverse();
    trail.push(category);
    trail
}

/// "1 article", "3 articles"; any noun that takes an "s".
fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "{title}" on a first page, "{title}, page {n}" after it.
fn paged(title: &str, number: PageNumber) -> String {
    if number == PageNumber::FIRST {
        title.to_owned()
    } else {
        format!("{title}, page {number}")
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid slug")
    }

    fn category(s: &str, parent: Option<&str>) -> Category {
        let mut c = Category::new(
            slug(s),
            blog_core::Title::parse(&s.to_uppercase()).expect("valid title"),
            Markdown::default(),
        );
        c.parent = parent.map(slug);
        c
    }

    #[test]
    fn dates() {
        let date = Date::of(
            Utc.with_ymd_and_hms(2025, 1, 31, 12, 0, 0)
                .single()
                .expect("valid date"),
        );
        assert_eq!(date.iso, "2025-01-31T12:00:00Z");
        assert_eq!(date.human, "31 January 2025");
        let date = Date::of(
            Utc.with_ymd_and_hms(2025, 3, 5, 0, 0, 0)
                .single()
                .expect("valid date"),
        );
        assert_eq!(date.human, "5 March 2025");
    }

    #[test]
    fn counts() {
        assert_eq!(count(0, "article"), "0 articles");
        assert_eq!(count(1, "article"), "1 article");
        assert_eq!(count(3, "result"), "3 results");
    }

    #[test]
    fn unknown_categories_show_their_slug() {
        let rust = category("rust", None);
        let got: Vec<(String, String)> = labels(&[slug("rust"), slug("gone")], &[rust])
            .into_iter()
            .map(|l| (l.name, l.url))
            .collect();
        assert_eq!(
            got,
            [
                ("RUST".to_owned(), "/categories/rust/".to_owned()),
                ("gone".to_owned(), "/categories/gone/".to_owned()),
            ]
        );
    }

    fn check_trail(slug_: &str, categories: &[Category], expected: &[&str]) {
        let got: Vec<&str> = trail(&slug(slug_), categories)
            .iter()
            .map(|c| c.slug.as_str())
            .collect();
        assert_eq!(got, expected, "{slug_}");
    }

    #[test]
    fn trails_run_from_the_top() {
        let all = [
            category("async", Some("rust")),
            category("lang", None),
            category("rust", Some("lang")),
            category("orphan", Some("missing")),
        ];
        check_trail("async", &all, &["lang", "rust", "async"]);
        check_trail("lang", &all, &["lang"]);
        check_trail("orphan", &all, &["orphan"]);
        check_trail("unknown", &all, &[]);
        // A cycle, which stores refuse, still ends.
        let cycle = [category("x", Some("y")), category("y", Some("x"))];
        check_trail("x", &cycle, &["y", "x"]);
    }
}
