//! What each page of the site shows: the store's content at one moment,
//! drawn by a renderer. The server answers a request with it and the static
//! build writes a file with it, so that both give the same bytes for a path.
//!
//! [`Pages`] holds what every page of one moment shares (the store, the
//! renderer, "now", page sizes and the public headlines, read once);
//! [`Pages::build`] turns a [`Target`] into an [`Output`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

use crate::search_index::{self, IndexSource, Layout, SearchIndex};
use crate::urls::{FeedFormat, FeedOf};
use crate::{
    ArchiveView, Article, ArticleView, CategoriesView, Category, CategorySort, CategoryTree,
    CategoryView, FeedView, Headline, Html, ListQuery, ListingView, Lookup, NotFoundView, Page,
    PageNumber, PerPage, Related, RenderError, Renderer, Revision, Scope, SearchQuery, SearchTerms,
    SearchView, SeriesOutline, SitemapContent, SitemapFile, Slug, Store, StoreError, Tag, TagView,
    TagsView, View, urls,
};

pub use crate::sitemap::SITEMAP_URLS;

/// How many related articles an article page shows.
pub const RELATED: usize = 5;

/// How many times at most an article's page is read when it comes out
/// missing while the store changed (see `Pages::article`).
const ARTICLE_READS: usize = 3;

/// How many categories a page of the list of categories shows.
pub const CATEGORIES_PER_PAGE: PerPage = PerPage::DEFAULT;

/// How many articles a feed holds unless configured.
pub const DEFAULT_FEED_ITEMS: PerPage = match PerPage::new(20) {
    Some(n) => n,
    None => panic!("20 is a valid page size"),
};

/// The content type of `sitemap.xml`.
pub const SITEMAP_TYPE: &str = "application/xml; charset=utf-8";

/// The content type of `robots.txt`.
pub const ROBOTS_TYPE: &str = "text/plain; charset=utf-8";

/// A page, feed or file of the site, as the URL scheme names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// `/`, `/page/{n}/`.
    Home(PageNumber),
    /// `/articles/{slug}/`.
    Article(&'a Slug),
    /// `/categories/` (and its other sort orders), one page of them.
    Categories(CategorySort, PageNumber),
    /// `/categories/{slug}/`, one page of its articles.
    Category(&'a Slug, PageNumber),
    /// `/tags/`.
    Tags,
    /// `/tags/{slug}/`, one page of its articles.
    Tag(&'a Slug, PageNumber),
    /// `/series/{slug}/`.
    Series(&'a Slug),
    /// `/archive/`.
    Archive,
    /// `/search/` with what was asked.
    Search(SearchRequest<'a>),
    /// A feed.
    Feed(FeedOf<'a>, FeedFormat),
    /// `/sitemap.xml`: every page, or the index of the sitemap's parts.
    Sitemap,
    /// `/sitemap-{n}.xml`: part `n` of a sitemap split into parts.
    SitemapPart(PageNumber),
    /// `/robots.txt`.
    Robots,
    /// A file of the static search's index, by its path
    /// ([`crate::search_index`]).
    SearchIndex(&'a str),
}

/// What a reader asked the search page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchRequest<'a> {
    /// The text typed, as typed ("" for the bare search page).
    pub text: &'a str,
    /// A category to search in.
    pub category: Option<&'a Slug>,
    /// A tag to search in.
    pub tag: Option<&'a Slug>,
    /// The page of results.
    pub page: PageNumber,
}

impl SearchRequest<'_> {
    /// The bare search page: the form, and nothing searched.
    pub const EMPTY: SearchRequest<'static> = SearchRequest {
        text: "",
        category: None,
        tag: None,
        page: PageNumber::FIRST,
    };
}

/// What a target turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A page.
    Page(Html),
    /// A feed, the sitemap or robots.txt, with its content type.
    File {
        /// Its media type, with the charset.
        content_type: &'static str,
        /// Its text.
        body: String,
    },
    /// Nothing is there: the "not found" page.
    NotFound(Html),
    /// The page of an article that was deleted.
    Gone(Html),
    /// A permanent redirect to this path on the site (an old slug).
    Moved(String),
}

/// Why a page could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// The renderer failed.
    #[error("render: {0}")]
    Render(#[from] RenderError),
}

/// What a builder found: an output, or nothing at this target (a 404).
type Found = Result<Option<Output>, PageError>;

/// Reads every public headline for [`Pages`]: a server shares one read
/// among all the requests of one version of the content.
pub type ReadHeadlines<'a> = dyn Fn() -> Result<Arc<Vec<Headline>>, StoreError> + Send + Sync + 'a;

/// Keeps the static search's index for the pages of one version of the
/// content: given what builds it, the index kept, else the one it builds.
/// Every file of the index is named by a hash of them all, so that a
/// request for any one of them costs a whole build without it.
pub type KeepSearchIndex<'a> = dyn Fn(&dyn Fn() -> Result<SearchIndex, StoreError>) -> Result<Arc<SearchIndex>, StoreError>
    + Send
    + Sync
    + 'a;

/// Keeps what the sitemap lists for the pages of one version of the
/// content: given what makes it, the content kept, else the one it makes.
/// Every part of a large sitemap needs all of it, and making it costs a few
/// passes over every headline.
pub type KeepSitemap<'a> = dyn Fn(&dyn Fn() -> Result<SitemapContent, StoreError>) -> Result<Arc<SitemapContent>, StoreError>
    + Send
    + Sync
    + 'a;

/// The pages of the site at one moment.
pub struct Pages<'a> {
    store: &'a dyn Store,
    renderer: &'a dyn Renderer,
    now: DateTime<Utc>,
    per_page: PerPage,
    feed_items: PerPage,
    headlines: Headlines<'a>,
    keep_search_index: Option<&'a KeepSearchIndex<'a>>,
    keep_sitemap: Option<&'a KeepSitemap<'a>>,
    /// What the sitemap lists.
    sitemap: OfHeadlines<SitemapContent>,
    /// The related-articles index.
    related: OfHeadlines<Related>,
    /// The headlines each listing filter selects, with the headlines they
    /// were selected from.
    selections: Mutex<Option<SelectionsOf>>,
    /// Every category, read once: nearly every page shows them.
    categories: Mutex<Option<Arc<Vec<Category>>>>,
}

/// The headlines each listing filter selects, with the headlines they were
/// selected from.
type SelectionsOf = (Arc<Vec<Headline>>, HashMap<Filter, Arc<Vec<usize>>>);

/// A listing's filter: category, tag, series.
type Filter = (Option<Slug>, Option<Slug>, Option<Slug>);

/// Something made of the headlines, kept with the headlines it was made
/// of: made once for all the pages that read the same headlines.
struct OfHeadlines<T>(Mutex<Option<Made<T>>>);

/// What [`OfHeadlines`] keeps: the headlines, and what was made of them.
type Made<T> = (Arc<Vec<Headline>>, Arc<T>);

impl<T> OfHeadlines<T> {
    fn new() -> Self {
        Self(Mutex::new(None))
    }

    /// What was made of `headlines`, else what `make` makes of them (out
    /// of the lock: two first callers may both make it), kept.
    fn get_or_make<E>(
        &self,
        headlines: &Arc<Vec<Headline>>,
        make: impl FnOnce() -> Result<Arc<T>, E>,
    ) -> Result<Arc<T>, E> {
        if let Some((of, made)) = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            && Arc::ptr_eq(of, headlines)
        {
            return Ok(Arc::clone(made));
        }
        let made = make()?;
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Arc::clone(headlines), Arc::clone(&made)));
        Ok(made)
    }
}

/// Where [`Pages`] gets its headlines.
enum Headlines<'a> {
    /// Read once, at first need, and kept.
    Own(Mutex<Option<(Arc<Vec<Headline>>, Revision)>>),
    /// Asked of someone who keeps them.
    Shared(&'a ReadHeadlines<'a>, Revision),
}

impl<'a> Pages<'a> {
    /// The pages of `store`'s content public at `now`, drawn by `renderer`,
    /// with `per_page` articles per page of a listing and `feed_items` per
    /// feed.
    pub fn new(
        store: &'a dyn Store,
        renderer: &'a dyn Renderer,
        now: DateTime<Utc>,
        per_page: PerPage,
        feed_items: PerPage,
    ) -> Self {
        Self {
            store,
            renderer,
            now,
            per_page,
            feed_items,
            headlines: Headlines::Own(Mutex::new(None)),
            keep_search_index: None,
            keep_sitemap: None,
            sitemap: OfHeadlines::new(),
            related: OfHeadlines::new(),
            selections: Mutex::new(None),
            categories: Mutex::new(None),
        }
    }

    /// The same pages, with the static search's index kept by `keep`
    /// (for others too) instead of built for each of its files.
    pub fn with_search_index(self, keep: &'a KeepSearchIndex<'a>) -> Self {
        Self {
            keep_search_index: Some(keep),
            ..self
        }
    }

    /// The same pages, with what the sitemap lists kept by `keep` (for
    /// others too) instead of made for each of its files.
    pub fn with_sitemap(self, keep: &'a KeepSitemap<'a>) -> Self {
        Self {
            keep_sitemap: Some(keep),
            ..self
        }
    }

    /// The same pages, with headlines read by `read` (which may keep them
    /// for others) instead of once by these pages.
    ///
    /// `revision` is the store's revision the shared headlines stand for:
    /// a listing is cut from them only while the store is still there.
    pub fn with_headlines(self, read: &'a ReadHeadlines<'a>, revision: Revision) -> Self {
        Self {
            headlines: Headlines::Shared(read, revision),
            ..self
        }
    }

    /// The store pages are read from.
    pub fn store(&self) -> &'a dyn Store {
        self.store
    }

    /// The moment that decides which articles are public.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// How many articles a page of a listing shows.
    pub fn per_page(&self) -> PerPage {
        self.per_page
    }

    /// Every public article's headline, newest first, read once.
    pub fn headlines(&self) -> Result<Arc<Vec<Headline>>, StoreError> {
        self.headlines_at().map(|(headlines, _)| headlines)
    }

    /// The headlines, with the store revision they were read at (or
    /// before: a change in between makes the revision older, never newer).
    fn headlines_at(&self) -> Result<(Arc<Vec<Headline>>, Revision), StoreError> {
        match &self.headlines {
            Headlines::Shared(read, revision) => Ok((read()?, *revision)),
            Headlines::Own(kept) => {
                if let Some((headlines, revision)) =
                    kept.lock().unwrap_or_else(PoisonError::into_inner).as_ref()
                {
                    return Ok((Arc::clone(headlines), *revision));
                }
                // Read without the lock held: two first readers may both
                // read, and the second keeps its own copy with its revision.
                let revision = self.store.revision()?;
                let headlines = Arc::new(self.store.headlines(self.now)?);
                *kept.lock().unwrap_or_else(PoisonError::into_inner) =
                    Some((Arc::clone(&headlines), revision));
                Ok((headlines, revision))
            }
        }
    }

    /// The positions in `headlines` of those a listing's filter `key`
    /// selects, found by `select` once per filter for the headlines these
    /// pages read: a site's listing pages then cost what they show.
    fn selected(
        &self,
        headlines: &Arc<Vec<Headline>>,
        key: Filter,
        select: impl FnOnce() -> Result<Vec<usize>, StoreError>,
    ) -> Result<Arc<Vec<usize>>, StoreError> {
        {
            let kept = self
                .selections
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some((of, selections)) = kept.as_ref()
                && Arc::ptr_eq(of, headlines)
                && let Some(selected) = selections.get(&key)
            {
                return Ok(Arc::clone(selected));
            }
        }
        let selected = Arc::new(select()?);
        let mut kept = self
            .selections
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match kept.as_mut() {
            Some((of, selections)) if Arc::ptr_eq(of, headlines) => {
                selections.insert(key, Arc::clone(&selected));
            }
            _ => {
                let selections = HashMap::from([(key, Arc::clone(&selected))]);
                *kept = Some((Arc::clone(headlines), selections));
            }
        }
        Ok(selected)
    }

    /// The positions in `headlines` of those `query`'s filter selects
    /// (its page and moment aside), worked out once per filter.
    fn selection(
        &self,
        headlines: &Arc<Vec<Headline>>,
        query: &ListQuery,
    ) -> Result<Arc<Vec<usize>>, StoreError> {
        let key = (
            query.category.clone(),
            query.tag.clone(),
            query.series.clone(),
        );
        self.selected(headlines, key, || {
            let covered = match &query.category {
                Some(_) => query.covered(&CategoryTree::new(self.categories()?.as_slice())),
                None => None,
            };
            Ok(headlines
                .iter()
                .enumerate()
                .filter(|(_, h)| {
                    query.selects(&h.categories, &h.tags, h.series.as_ref(), covered.as_ref())
                })
                .map(|(at, _)| at)
                .collect())
        })
    }

    /// The related-articles index of `headlines`, made once for the
    /// headlines these pages read: all of a site's article pages share it.
    fn related_index(&self, headlines: &Arc<Vec<Headline>>) -> Result<Arc<Related>, StoreError> {
        self.related
            .get_or_make(headlines, || Ok(Arc::new(Related::new(headlines))))
    }

    /// Every category, read once.
    pub fn categories(&self) -> Result<Arc<Vec<Category>>, StoreError> {
        let mut kept = self
            .categories
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(categories) = kept.as_ref() {
            return Ok(Arc::clone(categories));
        }
        let categories = Arc::new(self.store.categories()?);
        *kept = Some(Arc::clone(&categories));
        Ok(categories)
    }

    /// The first page of public articles at this moment, as many as a
    /// listing shows.
    pub fn public(&self) -> ListQuery {
        ListQuery {
            per_page: self.per_page,
            ..ListQuery::public(self.now)
        }
    }

    /// The page of public articles `query` selects, at this moment.
    ///
    /// Cut from the headlines (the public articles, newest first, which
    /// every page reads anyway), so that a listing's last page costs what
    /// its first does; only the page's own articles are read. Should the
    /// store have changed since the headlines were read (an article gone
    /// or no longer public), the store's own listing answers instead.
    pub fn listing(&self, query: ListQuery) -> Result<Page<Article>, StoreError> {
        let query = ListQuery {
            now: self.now,
            scope: Scope::Public,
            ..query
        };
        let (headlines, revision) = self.headlines_at()?;
        let selected = self.selection(&headlines, &query)?;
        let offset = usize::try_from(query.offset()).unwrap_or(usize::MAX);
        let per_page = usize::try_from(query.per_page.get()).unwrap_or(usize::MAX);
        let total = u64::try_from(selected.len()).unwrap_or(u64::MAX);
        let slugs: Vec<&Slug> = selected
            .iter()
            .skip(offset)
            .take(per_page)
            .filter_map(|&at| headlines.get(at))
            .map(|h| &h.slug)
            .collect();
        let items = self.store.articles_by_slug(&slugs)?;
        // Nothing stored since the headlines were read: the page's articles
        // are those the headlines list, as they were then.
        let current = self.store.revision()? == revision
            && items.len() == slugs.len()
            && items
                .iter()
                .zip(&slugs)
                .all(|(a, &slug)| &a.slug == slug && a.is_public(self.now));
        if !current {
            return self.store.articles(&query);
        }
        Ok(Page {
            items,
            number: query.page,
            per_page: query.per_page,
            total,
        })
    }

    /// The public parts of series `slug` in reading order; `None` if there
    /// is no such series.
    ///
    /// Taken from the headlines, which hold all an outline shows, while the
    /// store is still as they were read: an article page's outline is then
    /// of the same moment as the article read before it. Otherwise the
    /// store's listing answers.
    pub fn series_outline(&self, slug: &Slug) -> Result<Option<SeriesOutline>, StoreError> {
        let Some(series) = self.store.series(slug)? else {
            return Ok(None);
        };
        let query = ListQuery {
            series: Some(slug.clone()),
            ..ListQuery::public(self.now)
        };
        let (headlines, revision) = self.headlines_at()?;
        if self.store.revision()? == revision {
            let selected = self.selection(&headlines, &query)?;
            let parts = selected.iter().filter_map(|&at| headlines.get(at));
            return Ok(Some(SeriesOutline::new(series, parts)));
        }
        // Every page of them: a long series must not lose its first parts.
        let parts = crate::all_articles(self.store, &query)?;
        Ok(Some(SeriesOutline::new(series, &parts)))
    }

    /// The output for `target`, asked for at `path` (which the "not found"
    /// and "gone" pages name).
    pub fn build(&self, target: &Target<'_>, path: &str) -> Result<Output, PageError> {
        let found = match *target {
            Target::Home(page) => self.home(page)?,
            Target::Article(slug) => self.article(slug, path)?,
            Target::Categories(sort, page) => self.categories_page(sort, page)?,
            Target::Category(slug, page) => self.category(slug, page)?,
            Target::Tags => self.tags()?,
            Target::Tag(slug, page) => self.tag(slug, page)?,
            Target::Series(slug) => match self.series_outline(slug)? {
                Some(outline) => self.page(View::Series { outline: &outline })?,
                None => None,
            },
            Target::Archive => {
                let headlines = self.headlines()?;
                self.page(View::Archive(ArchiveView {
                    headlines: &headlines,
                }))?
            }
            Target::Search(request) => self.search(&request)?,
            Target::Feed(of, format) => self.feed(of, format)?,
            Target::Sitemap => self.sitemap(SitemapFile::Main)?,
            Target::SitemapPart(n) => self.sitemap(SitemapFile::Part(n))?,
            Target::Robots => Some(Output::File {
                content_type: ROBOTS_TYPE,
                body: self.renderer.robots()?,
            }),
            Target::SearchIndex(path) => self.search_index_file(path)?,
        };
        match found {
            Some(output) => Ok(output),
            None => Ok(Output::NotFound(self.not_found(path)?)),
        }
    }

    /// The files of the static search (path on the site, content type,
    /// body), which let a browser search without the server: the index of
    /// the articles public at this moment ([`SearchIndex`]).
    pub fn search_index(&self) -> Result<Vec<(String, &'static str, String)>, PageError> {
        Ok(self
            .index()?
            .into_files()
            .into_iter()
            .map(|file| (file.path, search_index::CONTENT_TYPE, file.body))
            .collect())
    }

    /// The static search's index, built from every article the store
    /// holds (bm25's statistics count drafts too).
    fn index(&self) -> Result<SearchIndex, StoreError> {
        let articles = crate::all_articles(
            self.store,
            &ListQuery {
                scope: Scope::All,
                ..ListQuery::public(self.now)
            },
        )?;
        let categories = self.categories()?;
        Ok(SearchIndex::build(&IndexSource {
            articles: &articles,
            categories: &categories,
            now: self.now,
            per_page: self.per_page,
            layout: Layout::DEFAULT,
        }))
    }

    /// The file of the static search at `path`, from the whole index
    /// (kept, if these pages have a keeper).
    fn search_index_file(&self, path: &str) -> Found {
        if !search_index::is_index_path(path) {
            return Ok(None);
        }
        let build = || self.index();
        let index = match self.keep_search_index {
            Some(keep) => keep(&build)?,
            None => Arc::new(build()?),
        };
        Ok(index.file(path).map(|file| Output::File {
            content_type: search_index::CONTENT_TYPE,
            body: file.body.clone(),
        }))
    }

    /// The "not found" page for `path`.
    pub fn not_found(&self, path: &str) -> Result<Html, RenderError> {
        self.renderer.render(&View::NotFound(NotFoundView { path }))
    }

    fn page(&self, view: View<'_>) -> Found {
        Ok(Some(Output::Page(self.renderer.render(&view)?)))
    }

    fn home(&self, page: PageNumber) -> Found {
        let articles = self.listing(ListQuery {
            page,
            ..self.public()
        })?;
        if articles.is_out_of_range() {
            return Ok(None);
        }
        let categories = self.categories()?;
        self.page(View::Home(ListingView {
            articles: &articles,
            categories: &categories,
        }))
    }

    fn article(&self, slug: &Slug, path: &str) -> Found {
        // An old slug names the article's slug at the moment of the
        // lookup; a rename committed before that article is read leaves it
        // nowhere. So a page found missing while the store moved is read
        // again, from the start.
        for _ in 1..ARTICLE_READS {
            let revision = self.store.revision()?;
            match self.article_once(slug, path)? {
                None if self.store.revision()? != revision => continue,
                found => return Ok(found),
            }
        }
        self.article_once(slug, path)
    }

    fn article_once(&self, slug: &Slug, path: &str) -> Found {
        let store = self.store;
        match store.lookup(slug)? {
            Lookup::Found(article) if article.is_public(self.now) => {
                let categories = self.categories()?;
                let outline = match &article.series {
                    Some(membership) => self.series_outline(&membership.series)?,
                    None => None,
                };
                let headlines = self.headlines()?;
                let related = self
                    .related_index(&headlines)?
                    .of(&article, &headlines, RELATED);
                self.page(View::Article(ArticleView {
                    article: &article,
                    categories: &categories,
                    series: outline.as_ref(),
                    related: &related,
                    neighbours: crate::neighbours(&headlines, &article.slug),
                }))
            }
            // The old URL answers only what the new one would: a draft or a
            // scheduled article's new slug stays unknown until it is public.
            Lookup::Moved(to) => Ok(match store.article(&to)? {
                Some(article) if article.is_public(self.now) => {
                    Some(Output::Moved(urls::article(&article.slug)))
                }
                _ => None,
            }),
            Lookup::Gone => Ok(Some(Output::Gone(
                self.renderer.render(&View::Gone { path })?,
            ))),
            Lookup::Found(_) | Lookup::Unknown => Ok(None),
        }
    }

    fn categories_page(&self, sort: CategorySort, page: PageNumber) -> Found {
        let headlines = self.headlines()?;
        let stats = crate::category_stats(&self.categories()?, &headlines, sort);
        let page = Page::from_all(stats, page, CATEGORIES_PER_PAGE);
        if page.is_out_of_range() {
            return Ok(None);
        }
        self.page(View::Categories(CategoriesView {
            categories: &page,
            sort,
        }))
    }

    fn category(&self, slug: &Slug, page: PageNumber) -> Found {
        let Some(category) = self.store.category(slug)? else {
            return Ok(None);
        };
        let articles = self.listing(ListQuery {
            category: Some(slug.clone()),
            page,
            ..self.public()
        })?;
        if articles.is_out_of_range() {
            return Ok(None);
        }
        let categories = self.categories()?;
        let (ancestors, children) = family(&categories, slug);
        self.page(View::Category(CategoryView {
            category: &category,
            ancestors: &ancestors,
            children: &children,
            listing: ListingView {
                articles: &articles,
                categories: &categories,
            },
        }))
    }

    fn tags(&self) -> Found {
        let tags = crate::tag_counts(&self.headlines()?);
        self.page(View::Tags(TagsView { tags: &tags }))
    }

    fn tag(&self, slug: &Slug, page: PageNumber) -> Found {
        let articles = self.listing(ListQuery {
            tag: Some(slug.clone()),
            page,
            ..self.public()
        })?;
        // A tag exists by being on a public article; name it as on the newest.
        let Some(tag) = tag_named(&articles, slug) else {
            return Ok(None);
        };
        let categories = self.categories()?;
        self.page(View::Tag(TagView {
            tag: &tag,
            listing: ListingView {
                articles: &articles,
                categories: &categories,
            },
        }))
    }

    fn search(&self, request: &SearchRequest<'_>) -> Found {
        let query = SearchQuery {
            terms: SearchTerms::parse(request.text),
            now: self.now,
            category: request.category.cloned(),
            tag: request.tag.cloned(),
            page: request.page,
            per_page: self.per_page,
        };
        let results = if request.text.is_empty() {
            None
        } else {
            let results = self.store.search(&query)?;
            if results.is_out_of_range() {
                return Ok(None);
            }
            Some(results)
        };
        let categories = self.categories()?;
        let tags = crate::tag_counts(&self.headlines()?);
        self.page(View::Search(SearchView {
            text: request.text,
            query: &query,
            results: results.as_ref(),
            categories: &categories,
            tags: &tags,
        }))
    }

    fn feed(&self, of: FeedOf<'_>, format: FeedFormat) -> Found {
        let store = self.store;
        let all = ListQuery::public(self.now);
        // What the feed is called (if it exists) and which articles it holds.
        let (title, filter) = match of {
            FeedOf::Site => (Some(self.renderer.site().title.clone()), all),
            FeedOf::Category(slug) => (
                store.category(slug)?.map(|c| c.name.to_string()),
                ListQuery {
                    category: Some(slug.clone()),
                    ..all
                },
            ),
            // A tag exists by being on a public article.
            FeedOf::Tag(slug) => (
                None,
                ListQuery {
                    tag: Some(slug.clone()),
                    ..all
                },
            ),
            FeedOf::Series(slug) => (
                store.series(slug)?.map(|s| s.title.to_string()),
                ListQuery {
                    series: Some(slug.clone()),
                    ..all
                },
            ),
        };
        let articles = self.listing(ListQuery {
            per_page: self.feed_items,
            ..filter
        })?;
        let title = match of {
            FeedOf::Tag(slug) => tag_named(&articles, slug).map(|t| t.name().to_owned()),
            _ => title,
        };
        let Some(title) = title else {
            return Ok(None);
        };
        let categories = self.categories()?;
        let body = self.renderer.feed(
            &FeedView {
                of,
                title: &title,
                articles: &articles.items,
                categories: &categories,
            },
            format,
        )?;
        Ok(Some(Output::File {
            content_type: format.content_type(),
            body,
        }))
    }

    /// What the sitemap lists at this moment, with the headlines it lists:
    /// made once for these pages (and kept by their keeper, if they have
    /// one), since every part of a large sitemap needs all of it.
    fn sitemap_content(&self) -> Result<(Arc<Vec<Headline>>, Arc<SitemapContent>), StoreError> {
        let headlines = self.headlines()?;
        let content = self.sitemap.get_or_make(&headlines, || {
            let make = || {
                Ok(SitemapContent::new(
                    &headlines,
                    &self.categories()?,
                    self.store.all_series()?,
                ))
            };
            match self.keep_sitemap {
                Some(keep) => keep(&make),
                None => make().map(Arc::new),
            }
        })?;
        Ok((headlines, content))
    }

    /// How many parts the sitemap is split into at this moment: none when
    /// `/sitemap.xml` lists every page itself.
    pub fn sitemap_parts(&self) -> Result<u32, StoreError> {
        let (headlines, content) = self.sitemap_content()?;
        Ok(content.view(&headlines, SitemapFile::Main).parts())
    }

    /// File `file` of the sitemap; a part renders only the pages it lists.
    fn sitemap(&self, file: SitemapFile) -> Found {
        let (headlines, content) = self.sitemap_content()?;
        let view = content.view(&headlines, file);
        if let SitemapFile::Part(n) = file
            && view.part(n).is_none()
        {
            return Ok(None);
        }
        Ok(Some(Output::File {
            content_type: SITEMAP_TYPE,
            body: self.renderer.sitemap(&view)?,
        }))
    }
}

/// Tag `slug` as an article of `articles` spells it; `None` on an empty or
/// out-of-range page.
fn tag_named(articles: &Page<Article>, slug: &Slug) -> Option<Tag> {
    articles
        .items
        .iter()
        .flat_map(|a| &a.tags)
        .find(|t| t.slug() == slug)
        .cloned()
}

/// The categories above category `slug`, the top-level one first, and those
/// right below it, in the order of `categories`.
fn family(categories: &[Category], slug: &Slug) -> (Vec<Category>, Vec<Category>) {
    let find = |s: &Slug| categories.iter().find(|c| &c.slug == s).cloned();
    let mut ancestors: Vec<Category> = CategoryTree::new(categories)
        .ancestors(slug)
        .iter()
        .filter_map(find)
        .collect();
    ancestors.reverse();
    let children = categories
        .iter()
        .filter(|c| c.parent.as_ref() == Some(slug))
        .cloned()
        .collect();
    (ancestors, children)
}
