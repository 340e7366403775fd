//! `Snapshot`: what readers see of the site at one moment, read once from
//! the store, with the links and ids of every public article.

use std::collections::{BTreeMap, BTreeSet};

use blog_core::{
    Article, BaseUrl, Category, CategorySort, Headline, ListQuery, Lookup, PerPage, Scope,
    SitemapContent, SitemapFile, Slug, Store, StoreError,
};
use blog_render::{BodyReferences, body_references};
use chrono::{DateTime, Utc};

/// What the server the site is checked for is told: what decides which
/// links are the site's and which pages exist.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site's base URL: absolute links under it are the site's own.
    /// Without one, every absolute URL is another site's.
    pub base_url: Option<BaseUrl>,
    /// How many articles a listing page shows (the server's `--per-page`),
    /// which decides how many pages a listing has.
    pub per_page: PerPage,
    /// Every path an asset is served at (`HtmlRenderer::assets`).
    pub assets: BTreeSet<String>,
}

/// The site at one moment, as the check needs it.
pub struct Snapshot<'s> {
    store: &'s dyn Store,
    now: DateTime<Utc>,
    settings: Settings,
    /// Every article, whatever its state, by slug.
    articles: BTreeMap<Slug, Article>,
    /// The links and ids of each public article.
    references: BTreeMap<Slug, BodyReferences>,
    categories: BTreeMap<Slug, Category>,
    /// How many public articles each category lists, those of the
    /// categories below it included.
    listed: BTreeMap<Slug, u64>,
    series: BTreeSet<Slug>,
    /// How many public articles carry each tag.
    tags: BTreeMap<Slug, u64>,
    /// How many parts the sitemap is split into (none: one file).
    sitemap_parts: u32,
}

impl<'s> Snapshot<'s> {
    /// Reads the site at `now` from `store`, and the links and ids of every
    /// public article (on every core). Later checks look up only slugs no
    /// article has now.
    pub fn load(
        store: &'s dyn Store,
        now: DateTime<Utc>,
        settings: Settings,
    ) -> Result<Self, StoreError> {
        let every = ListQuery {
            scope: Scope::All,
            ..ListQuery::public(now)
        };
        let articles: BTreeMap<Slug, Article> = blog_core::all_articles(store, &every)?
            .into_iter()
            .map(|a| (a.slug.clone(), a))
            .collect();
        let public: Vec<&Article> = articles.values().filter(|a| a.is_public(now)).collect();
        let mut headlines: Vec<Headline> = public.iter().map(|a| Headline::from(*a)).collect();
        headlines.sort_by(Headline::newest_first);
        let categories = store.categories()?;
        let listed = blog_core::category_stats(&categories, &headlines, CategorySort::Name)
            .into_iter()
            .map(|s| (s.category.slug, s.articles))
            .collect();
        let tags = blog_core::tag_counts(&headlines)
            .into_iter()
            .map(|t| (t.tag.slug().clone(), t.articles))
            .collect();
        let all_series = store.all_series()?;
        let sitemap_parts = SitemapContent::new(&headlines, &categories, all_series.clone())
            .view(&headlines, SitemapFile::Main)
            .parts();
        let series = all_series.into_iter().map(|s| s.slug).collect();
        let references = read_references(&public);
        Ok(Self {
            store,
            now,
            settings,
            references,
            categories: categories
                .into_iter()
                .map(|c| (c.slug.clone(), c))
                .collect(),
            listed,
            series,
            tags,
            sitemap_parts,
            articles,
        })
    }

    /// Every public article, by slug.
    pub fn public(&self) -> impl Iterator<Item = &Article> {
        self.articles.values().filter(|a| a.is_public(self.now))
    }

    /// The links and ids of public article `slug` (none for another).
    pub fn references(&self, slug: &Slug) -> &BodyReferences {
        static NONE: BodyReferences = BodyReferences {
            urls: Vec::new(),
            ids: Vec::new(),
        };
        self.references.get(slug).unwrap_or(&NONE)
    }

    /// The moment the site is seen at.
    pub(super) fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub(super) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The article whose slug is `slug` now, whatever its state.
    pub(super) fn article(&self, slug: &Slug) -> Option<&Article> {
        self.articles.get(slug)
    }

    /// What the article URL with slug `slug` leads to, for a slug no
    /// article has now: an old slug, a deleted one, or nothing.
    pub(super) fn lookup(&self, slug: &Slug) -> Result<Lookup, StoreError> {
        self.store.lookup(slug)
    }

    /// Every category, by slug.
    pub(super) fn categories(&self) -> &BTreeMap<Slug, Category> {
        &self.categories
    }

    /// How many parts the sitemap is split into: none when `/sitemap.xml`
    /// lists every page itself.
    pub(super) fn sitemap_parts(&self) -> u32 {
        self.sitemap_parts
    }

    /// How many public articles category `slug` lists (with those below
    /// it), if it exists.
    pub(super) fn listed(&self, slug: &Slug) -> Option<u64> {
        self.categories
            .contains_key(slug)
            .then(|| self.listed.get(slug).copied().unwrap_or(0))
    }

    /// How many public articles carry tag `slug`: a tag exists by that.
    pub(super) fn tagged(&self, slug: &Slug) -> Option<u64> {
        self.tags.get(slug).copied()
    }

    /// Whether series `slug` exists.
    pub(super) fn has_series(&self, slug: &Slug) -> bool {
        self.series.contains(slug)
    }

    /// How many articles are public.
    pub(super) fn public_count(&self) -> u64 {
        self.references.len() as u64
    }
}

/// The links and ids of each of `articles`, read on every core: rendering
/// is most of a check's time.
fn read_references(articles: &[&Article]) -> BTreeMap<Slug, BodyReferences> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = articles.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|a| (a.slug.clone(), body_references(&a.body)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            // Rendering does not panic on any input; if it did, that bug
            // goes on as a panic here.
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    })
}
