//! A themed renderer's check: every page type, feed and crawler file
//! rendered once from sample content, so that an override that fails at
//! run time (an undefined variable, a macro called wrongly) fails when the
//! program starts, naming the template and line, and never in front of a
//! reader. Branches the sample content does not take are not checked.

use blog_core::urls::{FeedFormat, FeedOf};
use blog_core::{
    ArchiveView, Article, ArticleView, CategoriesView, Category, CategorySort, CategoryView,
    Change, FeedView, Headline, ListingView, NotFoundView, Page, PageNumber, PerPage, Renderer,
    SITEMAP_URLS, SearchHit, SearchQuery, SearchView, Series, SeriesOutline, SitemapFile,
    SitemapView, Snippet, Tag, TagView, TagsView, View, category_stats, demo, neighbours, related,
    tag_counts,
};
use blog_core::{RenderError, Site};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::HtmlRenderer;

/// Renders every sample with `themed`. A sample that fails is the theme's
/// fault only if the built-in templates render it, which tells a broken
/// override from a page type this renderer does not render at all.
pub(crate) fn check(themed: &HtmlRenderer, site: &Site) -> Result<(), RenderError> {
    let content = Content::demo();
    let mut built_in = None;
    for sample in SAMPLES {
        let Err(err) = sample.render(themed, &content) else {
            continue;
        };
        let built_in = match &mut built_in {
            Some(renderer) => renderer,
            None => built_in.insert(HtmlRenderer::new(site.clone())?),
        };
        if sample.render(built_in, &content).is_ok() {
            return Err(match err {
                RenderError::Template { name, line, reason } => RenderError::Template {
                    name,
                    line,
                    reason: format!("{reason} (checking the theme with {})", sample.what()),
                },
                other => other,
            });
        }
    }
    Ok(())
}

/// The demo content, public at a fixed moment, with tags added.
struct Content {
    categories: Vec<Category>,
    series: Vec<Series>,
    /// Public articles, newest first.
    articles: Vec<Article>,
    headlines: Arc<Vec<Headline>>,
    now: DateTime<Utc>,
}

impl Content {
    fn demo() -> Self {
        // 2025-01-01: any fixed moment will do.
        let now = DateTime::from_timestamp(1_735_689_600, 0).unwrap_or(DateTime::UNIX_EPOCH);
        let (mut categories, mut series, mut articles) = (Vec::new(), Vec::new(), Vec::new());
        for change in demo::content(now).changes() {
            match change {
                Change::EnsureCategory(c) | Change::AddCategory(c) | Change::PutCategory(c) => {
                    categories.push(c.clone());
                }
                Change::EnsureSeries(s) | Change::PutSeries(s) => series.push(s.clone()),
                Change::PutArticle(a) if a.is_public(now) => articles.push(a.clone()),
                _ => {}
            }
        }
        let tags: Vec<Tag> = ["Sample", "Theme check"]
            .into_iter()
            .filter_map(|t| Tag::parse(t).ok())
            .collect();
        for article in articles.iter_mut().take(2) {
            article.tags.clone_from(&tags);
        }
        articles.sort_by(blog_core::newest_first);
        let headlines = Arc::new(articles.iter().map(Headline::from).collect());
        Self {
            categories,
            series,
            articles,
            headlines,
            now,
        }
    }

    fn page<T: Clone>(items: &[T], per_page: u32) -> Page<T> {
        let per_page = PerPage::new(per_page).unwrap_or(PerPage::DEFAULT);
        Page::from_all(items.to_vec(), PageNumber::FIRST, per_page)
    }

    /// Renders `file` of the sample site's sitemap, split `per_file` pages
    /// to a file.
    fn sitemap(
        &self,
        renderer: &HtmlRenderer,
        per_file: usize,
        file: SitemapFile,
    ) -> Result<(), RenderError> {
        let stats = category_stats(&self.categories, &self.headlines, CategorySort::Name);
        let tags = tag_counts(&self.headlines);
        renderer
            .sitemap(&SitemapView {
                headlines: &self.headlines,
                categories: &stats,
                tags: &tags,
                series: &self.series,
                per_file,
                file,
            })
            .map(drop)
    }

    fn outline(&self) -> Option<SeriesOutline> {
        let series = self.series.first()?;
        Some(SeriesOutline::new(series.clone(), &self.articles))
    }
}

#[derive(Debug, Clone, Copy)]
enum Sample {
    Page(PageSample),
    Feed(FeedSample, FeedFormat),
    Sitemap,
    SitemapIndex,
    Robots,
}

#[derive(Debug, Clone, Copy)]
enum PageSample {
    Home,
    HomeEmpty,
    Article,
    ArticleInSeries,
    Categories,
    Category,
    Tags,
    Tag,
    Archive,
    SearchForm,
    SearchResults,
    Series,
    NotFound,
    Gone,
}

#[derive(Debug, Clone, Copy)]
enum FeedSample {
    Site,
    SiteEmpty,
    Category,
    Tag,
    Series,
}

const SAMPLES: &[Sample] = &[
    Sample::Page(PageSample::Home),
    Sample::Page(PageSample::HomeEmpty),
    Sample::Page(PageSample::Article),
    Sample::Page(PageSample::ArticleInSeries),
    Sample::Page(PageSample::Categories),
    Sample::Page(PageSample::Category),
    Sample::Page(PageSample::Tags),
    Sample::Page(PageSample::Tag),
    Sample::Page(PageSample::Archive),
    Sample::Page(PageSample::SearchForm),
    Sample::Page(PageSample::SearchResults),
    Sample::Page(PageSample::Series),
    Sample::Page(PageSample::NotFound),
    Sample::Page(PageSample::Gone),
    Sample::Feed(FeedSample::Site, FeedFormat::Atom),
    Sample::Feed(FeedSample::Site, FeedFormat::Rss),
    Sample::Feed(FeedSample::SiteEmpty, FeedFormat::Atom),
    Sample::Feed(FeedSample::SiteEmpty, FeedFormat::Rss),
    Sample::Feed(FeedSample::Category, FeedFormat::Atom),
    Sample::Feed(FeedSample::Tag, FeedFormat::Atom),
    Sample::Feed(FeedSample::Series, FeedFormat::Atom),
    Sample::Sitemap,
    Sample::SitemapIndex,
    Sample::Robots,
];

impl Sample {
    /// What it is, for an error message.
    fn what(self) -> String {
        match self {
            Self::Page(page) => format!("a sample page ({page:?})"),
            Self::Feed(feed, format) => format!("a sample feed ({feed:?}, {format:?})"),
            Self::Sitemap => "a sample sitemap".to_owned(),
            Self::SitemapIndex => "a sample sitemap index".to_owned(),
            Self::Robots => "robots.txt".to_owned(),
        }
    }

    fn render(self, renderer: &HtmlRenderer, content: &Content) -> Result<(), RenderError> {
        match self {
            Self::Page(page) => page.render(renderer, content),
            Self::Feed(feed, format) => feed.render(renderer, content, format),
            Self::Sitemap => content.sitemap(renderer, SITEMAP_URLS, SitemapFile::Main),
            // Two pages to a file: the sample site's sitemap is an index,
            // and its first part a `<urlset>` as well.
            Self::SitemapIndex => content
                .sitemap(renderer, 2, SitemapFile::Main)
                .and_then(|()| content.sitemap(renderer, 2, SitemapFile::Part(PageNumber::FIRST))),
            Self::Robots => renderer.robots().map(drop),
        }
    }
}

impl PageSample {
    fn render(self, renderer: &HtmlRenderer, c: &Content) -> Result<(), RenderError> {
        let articles = Content::page(&c.articles, 2);
        let listing = ListingView {
            articles: &articles,
            categories: &c.categories,
        };
        let outline = c.outline();
        let tags = tag_counts(&c.headlines);
        let first_tag = tags.first().map(|t| t.tag.clone());
        let stats = category_stats(&c.categories, &c.headlines, CategorySort::Name);
        let stats = Content::page(&stats, 100);
        let query = SearchQuery::new("rust", c.now);
        let hits: Vec<SearchHit> = c
            .headlines
            .iter()
            .map(|h| SearchHit {
                headline: h.clone(),
                snippet: Snippet::around(h.title.as_str(), &query.terms, 20),
            })
            .collect();
        let hits = Content::page(&hits, 2);
        let empty = Content::page::<Article>(&[], 10);
        let article_view = |article: &Article, series| {
            let related = related(article, &c.headlines, 3);
            let view = View::Article(ArticleView {
                article,
                categories: &c.categories,
                series,
                related: &related,
                neighbours: neighbours(&c.headlines, &article.slug),
            });
            renderer.render(&view).map(drop)
        };
        let view = match self {
            Self::Home => View::Home(listing),
            Self::HomeEmpty => View::Home(ListingView {
                articles: &empty,
                categories: &c.categories,
            }),
            Self::Article => {
                let alone = c.articles.iter().find(|a| a.series.is_none());
                return alone.map_or(Ok(()), |a| article_view(a, None));
            }
            Self::ArticleInSeries => {
                let part = c.articles.iter().find(|a| a.series.is_some());
                return match (part, &outline) {
                    (Some(a), Some(outline)) => article_view(a, Some(outline)),
                    _ => Ok(()),
                };
            }
            Self::Categories => View::Categories(CategoriesView {
                categories: &stats,
                sort: CategorySort::Name,
            }),
            Self::Category => {
                let Some(category) = c.categories.first() else {
                    return Ok(());
                };
                View::Category(CategoryView {
                    category,
                    ancestors: &[],
                    children: &c.categories[1..],
                    listing,
                })
            }
            Self::Tags => View::Tags(TagsView { tags: &tags }),
            Self::Tag => {
                let Some(tag) = &first_tag else {
                    return Ok(());
                };
                View::Tag(TagView { tag, listing })
            }
            Self::Archive => View::Archive(ArchiveView {
                headlines: &c.headlines,
            }),
            Self::SearchForm | Self::SearchResults => View::Search(SearchView {
                text: if matches!(self, Self::SearchForm) {
                    ""
                } else {
                    "rust"
                },
                query: &query,
                results: matches!(self, Self::SearchResults).then_some(&hits),
                categories: &c.categories,
                tags: &tags,
            }),
            Self::Series => match &outline {
                Some(outline) => View::Series { outline },
                None => return Ok(()),
            },
            Self::NotFound => View::NotFound(NotFoundView {
                path: "/no/such/page/",
            }),
            Self::Gone => View::Gone {
                path: "/articles/gone/",
            },
        };
        renderer.render(&view).map(drop)
    }
}

impl FeedSample {
    fn render(
        self,
        renderer: &HtmlRenderer,
        c: &Content,
        format: FeedFormat,
    ) -> Result<(), RenderError> {
        let tags = tag_counts(&c.headlines);
        let (of, title, articles) = match self {
            Self::Site => (FeedOf::Site, "Sample", &c.articles[..]),
            Self::SiteEmpty => (FeedOf::Site, "Sample", &[][..]),
            Self::Category => match c.categories.first() {
                Some(category) => (
                    FeedOf::Category(&category.slug),
                    category.name.as_str(),
                    &c.articles[..],
                ),
                None => return Ok(()),
            },
            Self::Tag => match tags.first() {
                Some(t) => (FeedOf::Tag(t.tag.slug()), t.tag.name(), &c.articles[..]),
                None => return Ok(()),
            },
            Self::Series => match c.series.first() {
                Some(s) => (FeedOf::Series(&s.slug), s.title.as_str(), &c.articles[..]),
                None => return Ok(()),
            },
        };
        let view = FeedView {
            of,
            title,
            articles,
            categories: &c.categories,
        };
        renderer.feed(&view, format).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_content_has_what_every_sample_needs() {
        let c = Content::demo();
        assert!(c.articles.len() >= 3);
        assert!(c.categories.len() >= 2);
        assert!(c.outline().is_some_and(|o| o.parts.len() >= 2));
        assert!(c.articles.iter().any(|a| a.series.is_none()));
        assert!(!tag_counts(&c.headlines).is_empty());
    }

    #[test]
    fn built_in_templates_render_every_sample_they_serve() {
        let renderer = HtmlRenderer::new(Site::default()).expect("built-ins load");
        let content = Content::demo();
        for sample in SAMPLES {
            match sample.render(&renderer, &content) {
                Ok(()) => {}
                // Page types whose templates another change brings.
                Err(RenderError::Template { name, .. }) if name == "(none)" => {}
                Err(err) => panic!("{}: {err}", sample.what()),
            }
        }
    }
}
