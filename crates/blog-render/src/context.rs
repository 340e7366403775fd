//! What the templates see: plain serialisable values built from a [`View`].
//!
//! Every string here is plain text, which the templates escape, except
//! [`Markup`]: HTML that only [`markdown_to_html`] produces, passed to the
//! templates already marked safe. Every URL comes from [`blog_core::urls`].
//!
//! [`View`]: blog_core::View

use std::collections::HashSet;

use blog_core::{
    Article, ArticleView, CategoriesView, Category, CategoryCount, CategoryView, Html, ListingView,
    Markdown, NotFoundView, Page, PageNumber, PartEntry, ReadingTime, SeriesOutline, Site, Slug,
    urls, word_count,
};
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use crate::assets;
use crate::markdown::{markdown_to_html, plain_text, summary_text};

/// The site's own values, the same on every page.
#[derive(Debug, Serialize)]
pub(crate) struct SiteContext {
    title: String,
    description: String,
    home: String,
    categories: &'static str,
    stylesheet: &'static str,
}

impl SiteContext {
    pub(crate) fn new(site: &Site) -> Self {
        Self {
            title: site.title.clone(),
            description: site.description.clone(),
            home: urls::home(PageNumber::FIRST),
            categories: urls::CATEGORIES,
            stylesheet: assets::STYLESHEET,
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

#[derive(Debug, Serialize)]
struct Head {
    title: String,
    description: String,
}

impl Head {
    /// "{page} · {site}", or the site's title alone for the front page.
    fn new(site: &Site, page: Option<&str>, description: String) -> Self {
        let title = match page {
            Some(page) => format!("{page} · {}", site.title),
            None => site.title.clone(),
        };
        Self { title, description }
    }
}

/// The `aria-current` value of each navigation link, if the page is in its
/// section: `page` on the section's own page, `true` below it.
#[derive(Debug, Default, Serialize)]
struct Nav {
    articles: Option<&'static str>,
    categories: Option<&'static str>,
}

/// HTML rendered from Markdown, marked safe for the templates.
#[derive(Debug)]
pub(crate) struct Markup(Html);

impl Markup {
    fn of(markdown: &Markdown) -> Option<Self> {
        (!markdown.is_blank()).then(|| Self(markdown_to_html(markdown)))
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
        Self {
            iso: time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            human: time.format("%-d %B %Y").to_string(),
        }
    }
}

/// A category label: its name, linking to its page.
#[derive(Debug, Serialize)]
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

#[derive(Debug, Serialize)]
struct Card {
    title: String,
    url: String,
    summary: String,
    date: Date,
    categories: Vec<Label>,
    tags: Vec<String>,
}

/// The names of an article's tags, as the author wrote them. Plain text:
/// tags have no pages to link to yet.
fn tag_names(article: &Article) -> Vec<String> {
    article.tags.iter().map(|t| t.name().to_owned()).collect()
}

impl Card {
    fn of(article: &Article, categories: &[Category]) -> Self {
        Self {
            title: article.title.to_string(),
            url: urls::article(&article.slug),
            summary: summary_text(article.summary()),
            date: Date::of(article.published_at),
            categories: labels(&article.categories, categories),
            tags: tag_names(article),
        }
    }
}

/// Links to the newer and older pages of a listing, when there are any.
#[derive(Debug, Serialize)]
struct Pager {
    number: u32,
    total: u32,
    newer: Option<String>,
    older: Option<String>,
}

impl Pager {
    fn of(page: &Page<Article>, url: impl Fn(PageNumber) -> String) -> Option<Self> {
        let newer = page.prev().map(&url);
        let older = page.next().map(&url);
        (newer.is_some() || older.is_some()).then(|| Self {
            number: page.number.get(),
            total: page.total_pages(),
            newer,
            older,
        })
    }
}

/// A page of cards.
#[derive(Debug, Serialize)]
pub(crate) struct Listing {
    cards: Vec<Card>,
    pager: Option<Pager>,
}

impl Listing {
    fn of(view: &ListingView<'_>, url: impl Fn(PageNumber) -> String) -> Self {
        Self {
            cards: view
                .articles
                .items
                .iter()
                .map(|a| Card::of(a, view.categories))
                .collect(),
            pager: Pager::of(view.articles, url),
        }
    }
}

/// `View::Home`: the newest articles.
pub(crate) fn home(site: &Site, view: &ListingView<'_>) -> Document<Listing> {
    let number = view.articles.number;
    let title = (number != PageNumber::FIRST).then(|| format!("Articles, page {number}"));
    Document {
        head: Head::new(site, title.as_deref(), site.description.clone()),
        nav: Nav {
            articles: Some(if title.is_none() { "page" } else { "true" }),
            ..Nav::default()
        },
        page: Listing::of(view, urls::home),
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ArticlePage {
    title: String,
    date: Date,
    reading_minutes: u32,
    categories: Vec<Label>,
    tags: Vec<String>,
    body: Markup,
    series: Option<SeriesBox>,
}

/// Where an article stands in its series.
#[derive(Debug, Serialize)]
struct SeriesBox {
    title: String,
    url: String,
    part: u32,
    total: usize,
    parts: Vec<Part>,
    previous: Option<Part>,
    next: Option<Part>,
}

#[derive(Debug, Serialize)]
struct Part {
    number: u32,
    title: String,
    url: String,
    current: bool,
}

impl Part {
    fn of(entry: &PartEntry, current: &Slug) -> Self {
        Self {
            number: entry.number,
            title: entry.title.to_string(),
            url: urls::article(&entry.slug),
            current: &entry.slug == current,
        }
    }
}

impl SeriesBox {
    /// The box for article `slug`; none if the outline does not list it.
    fn of(outline: &SeriesOutline, slug: &Slug) -> Option<Self> {
        let current = outline.part(slug)?;
        let (previous, next) = outline.neighbours(slug);
        Some(Self {
            title: outline.series.title.to_string(),
            url: urls::series(&outline.series.slug),
            part: current.number,
            total: outline.parts.len(),
            parts: outline.parts.iter().map(|p| Part::of(p, slug)).collect(),
            previous: previous.map(|p| Part::of(p, slug)),
            next: next.map(|p| Part::of(p, slug)),
        })
    }
}

/// `View::Article`: one article.
pub(crate) fn article(site: &Site, view: &ArticleView<'_>) -> Document<ArticlePage> {
    let article = view.article;
    let words = word_count(article.body.as_str());
    Document {
        head: Head::new(
            site,
            Some(article.title.as_str()),
            summary_text(article.summary()),
        ),
        nav: Nav {
            articles: Some("true"),
            ..Nav::default()
        },
        page: ArticlePage {
            title: article.title.to_string(),
            date: Date::of(article.published_at),
            reading_minutes: ReadingTime::of_words(words).minutes(),
            categories: labels(&article.categories, view.categories),
            tags: tag_names(article),
            body: Markup(markdown_to_html(&article.body)),
            series: view
                .series
                .and_then(|outline| SeriesBox::of(outline, &article.slug)),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct SeriesPage {
    title: String,
    description: Option<Markup>,
    count: String,
    parts: Vec<SeriesPart>,
}

/// One part on a series' page.
#[derive(Debug, Serialize)]
struct SeriesPart {
    number: u32,
    title: String,
    url: String,
    date: Date,
}

/// "1 part", "3 parts".
fn part_count(n: usize) -> String {
    if n == 1 {
        "1 part".to_owned()
    } else {
        format!("{n} parts")
    }
}

/// `View::Series`: one series in reading order.
pub(crate) fn series(site: &Site, outline: &SeriesOutline) -> Document<SeriesPage> {
    let series = &outline.series;
    let description = match plain_text(series.description.as_str()) {
        text if text.is_empty() => site.description.clone(),
        text => text,
    };
    Document {
        head: Head::new(site, Some(series.title.as_str()), description),
        nav: Nav::default(),
        page: SeriesPage {
            title: series.title.to_string(),
            description: Markup::of(&series.description),
            count: part_count(outline.parts.len()),
            parts: outline
                .parts
                .iter()
                .map(|p| SeriesPart {
                    number: p.number,
                    title: p.title.to_string(),
                    url: urls::article(&p.slug),
                    date: Date::of(p.published_at),
                })
                .collect(),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CategoriesPage {
    categories: Vec<CategoryEntry>,
}

/// A category in the tree of the categories page, with those below it.
#[derive(Debug, Serialize)]
struct CategoryEntry {
    name: String,
    url: String,
    description: Option<Markup>,
    count: String,
    /// The level of its heading: 2 at the top, one more per level down, at
    /// most 6.
    level: usize,
    children: Vec<CategoryEntry>,
}

impl CategoryEntry {
    /// The tree of `counts`, each level in the order of `counts`.
    ///
    /// A category whose parent is not in `counts` stands at the top. So do
    /// the categories of a cycle, which stores refuse to create: shown, not
    /// lost, each once.
    fn tree(counts: &[CategoryCount]) -> Vec<Self> {
        let known: HashSet<&Slug> = counts.iter().map(|c| &c.category.slug).collect();
        let mut placed: HashSet<&Slug> = HashSet::new();
        let mut top: Vec<Self> = Vec::new();
        let roots = counts.iter().filter(|c| {
            c.category
                .parent
                .as_ref()
                .is_none_or(|parent| !known.contains(parent))
        });
        for count in roots.chain(counts) {
            if !placed.contains(&count.category.slug) {
                top.push(Self::below(count, counts, 0, &mut placed));
            }
        }
        top
    }

    /// The entry of `count` at `depth`, with every category of `all` below
    /// it that is not `placed` yet.
    fn below<'a>(
        count: &'a CategoryCount,
        all: &'a [CategoryCount],
        depth: usize,
        placed: &mut HashSet<&'a Slug>,
    ) -> Self {
        let slug = &count.category.slug;
        placed.insert(slug);
        let mut children = Vec::new();
        for child in all
            .iter()
            .filter(|c| c.category.parent.as_ref() == Some(slug))
        {
            if !placed.contains(&child.category.slug) {
                children.push(Self::below(child, all, depth + 1, placed));
            }
        }
        Self {
            name: count.category.name.to_string(),
            url: urls::category(slug, PageNumber::FIRST),
            description: Markup::of(&count.category.description),
            count: article_count(count.articles),
            level: (depth + 2).min(6),
            children,
        }
    }
}

/// "1 article", "3 articles".
fn article_count(n: u64) -> String {
    if n == 1 {
        "1 article".to_owned()
    } else {
        format!("{n} articles")
    }
}

/// `View::Categories`: every category, to browse by.
pub(crate) fn categories(site: &Site, view: &CategoriesView<'_>) -> Document<CategoriesPage> {
    Document {
        head: Head::new(site, Some("Categories"), site.description.clone()),
        nav: Nav {
            categories: Some("page"),
            ..Nav::default()
        },
        page: CategoriesPage {
            categories: CategoryEntry::tree(view.categories),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CategoryPage {
    name: String,
    /// The categories above it, the top-level one first.
    ancestors: Vec<Label>,
    /// The categories right below it.
    children: Vec<Label>,
    description: Option<Markup>,
    listing: Listing,
}

/// `View::Category`: one category's articles.
pub(crate) fn category(site: &Site, view: &CategoryView<'_>) -> Document<CategoryPage> {
    let category = view.category;
    let name = category.name.as_str();
    let number = view.listing.articles.number;
    let title = if number == PageNumber::FIRST {
        name.to_owned()
    } else {
        format!("{name}, page {number}")
    };
    let description = match plain_text(category.description.as_str()) {
        text if text.is_empty() => site.description.clone(),
        text => text,
    };
    Document {
        head: Head::new(site, Some(&title), description),
        nav: Nav {
            categories: Some("true"),
            ..Nav::default()
        },
        page: CategoryPage {
            name: name.to_owned(),
            ancestors: view.ancestors.iter().map(Label::of).collect(),
            children: view.children.iter().map(Label::of).collect(),
            description: Markup::of(&category.description),
            listing: Listing::of(&view.listing, |n| urls::category(&category.slug, n)),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct NotFoundPage {
    path: String,
}

/// `View::NotFound`.
pub(crate) fn not_found(site: &Site, view: &NotFoundView<'_>) -> Document<NotFoundPage> {
    Document {
        head: Head::new(site, Some("Page not found"), site.description.clone()),
        nav: Nav::default(),
        page: NotFoundPage {
            path: view.path.to_owned(),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct GonePage {
    path: String,
}

/// `View::Gone`: an article that was deleted.
pub(crate) fn gone(site: &Site, path: &str) -> Document<GonePage> {
    Document {
        head: Head::new(site, Some("Article removed"), site.description.clone()),
        nav: Nav::default(),
        page: GonePage {
            path: path.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn counts() {
        assert_eq!(article_count(0), "0 articles");
        assert_eq!(article_count(1), "1 article");
        assert_eq!(article_count(3), "3 articles");
        assert_eq!(part_count(0), "0 parts");
        assert_eq!(part_count(1), "1 part");
        assert_eq!(part_count(5), "5 parts");
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

    /// The tree of categories given as `slug` or `slug>parent`, written as
    /// `name:level(children) ...`.
    fn check_tree(categories: &[&str], expected: &str) {
        let counts: Vec<CategoryCount> = categories
            .iter()
            .map(|spec| {
                let (slug, parent) = match spec.split_once('>') {
                    Some((slug, parent)) => (slug, Some(parent)),
                    None => (*spec, None),
                };
                let mut category = Category::new(
                    Slug::parse(slug).expect("valid slug"),
                    blog_core::Title::parse(slug).expect("valid title"),
                    Markdown::default(),
                );
                category.parent = parent.map(|p| Slug::parse(p).expect("valid slug"));
                CategoryCount {
                    category,
                    articles: 0,
                }
            })
            .collect();
        fn outline(entries: &[CategoryEntry]) -> String {
            entries
                .iter()
                .map(|e| {
                    let mut text = format!("{}:{}", e.name, e.level);
                    if !e.children.is_empty() {
                        text.push_str(&format!("({})", outline(&e.children)));
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
        assert_eq!(
            outline(&CategoryEntry::tree(&counts)),
            expected,
            "{categories:?}"
        );
    }

    #[test]
    fn category_tree() {
        check_tree(&[], "");
        check_tree(&["a", "b"], "a:2 b:2");
        // Children under their parent, in the order given, whatever comes first.
        check_tree(
            &["async>rust", "lang", "go>lang", "rust>lang", "web"],
            "lang:2(go:3 rust:3(async:4)) web:2",
        );
        // Headings stop at h6.
        check_tree(
            &["a", "b>a", "c>b", "d>c", "e>d", "f>e"],
            "a:2(b:3(c:4(d:5(e:6(f:6)))))",
        );
        // An unknown parent puts a category at the top.
        check_tree(&["orphan>gone", "a"], "orphan:2 a:2");
        // A cycle is shown from its first category, each one once.
        check_tree(&["x>y", "y>x", "top"], "top:2 x:2(y:3)");
    }

    #[test]
    fn unknown_categories_show_their_slug() {
        let slug = |s: &str| Slug::parse(s).expect("valid slug");
        let rust = Category::new(
            slug("rust"),
            blog_core::Title::parse("Rust").expect("valid title"),
            Markdown::default(),
        );
        let got: Vec<(String, String)> = labels(&[slug("rust"), slug("gone")], &[rust])
            .into_iter()
            .map(|l| (l.name, l.url))
            .collect();
        assert_eq!(
            got,
            [
                ("Rust".to_owned(), "/categories/rust/".to_owned()),
                ("gone".to_owned(), "/categories/gone/".to_owned()),
            ]
        );
    }
}
