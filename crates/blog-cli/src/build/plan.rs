//! What a build writes: every path of the URL scheme that answers with a
//! page or a file at one moment, listed from the store before any is built.

use blog_core::pages::{CATEGORIES_PER_PAGE, Target};
use blog_core::urls::{self, FeedFormat, FeedOf};
use blog_core::{CategorySort, PageNumber, Pages, PerPage, Slug, StoreError};

/// One thing to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    /// A page, feed or file of the URL scheme, built by [`Pages::build`].
    Site(SitePath),
    /// `404.html`: what the server answers at `/404.html`.
    NotFound,
    /// An asset, by its index in the build's list.
    Asset(usize),
    /// A file of the static search, by its index in the build's list.
    SearchFile(usize),
}

/// A target of the URL scheme, owning its slugs (a [`Target`] borrows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SitePath {
    /// `/`, `/page/{n}/`.
    Home(PageNumber),
    /// `/articles/{slug}/`: an article, or an old slug (a redirect, or the
    /// page of a deleted article).
    Article(Slug),
    /// `/categories/` in one order, one page.
    Categories(CategorySort, PageNumber),
    /// One page of a category's articles.
    Category(Slug, PageNumber),
    /// `/tags/`.
    Tags,
    /// One page of a tag's articles.
    Tag(Slug, PageNumber),
    /// A series.
    Series(Slug),
    /// `/archive/`.
    Archive,
    /// `/search/`, the bare page.
    Search,
    /// A feed.
    Feed(Subject, FeedFormat),
    /// `/sitemap.xml`.
    Sitemap,
    /// `/sitemap-{n}.xml`, a part of a sitemap split into parts.
    SitemapPart(PageNumber),
    /// `/robots.txt`.
    Robots,
}

/// What a feed follows (the owned form of [`FeedOf`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subject {
    Site,
    Category(Slug),
    Tag(Slug),
    Series(Slug),
}

impl Subject {
    fn of(&self) -> FeedOf<'_> {
        match self {
            Self::Site => FeedOf::Site,
            Self::Category(slug) => FeedOf::Category(slug),
            Self::Tag(slug) => FeedOf::Tag(slug),
            Self::Series(slug) => FeedOf::Series(slug),
        }
    }
}

impl SitePath {
    /// The target [`Pages::build`] takes.
    pub(crate) fn target(&self) -> Target<'_> {
        match self {
            Self::Home(page) => Target::Home(*page),
            Self::Article(slug) => Target::Article(slug),
            Self::Categories(sort, page) => Target::Categories(*sort, *page),
            Self::Category(slug, page) => Target::Category(slug, *page),
            Self::Tags => Target::Tags,
            Self::Tag(slug, page) => Target::Tag(slug, *page),
            Self::Series(slug) => Target::Series(slug),
            Self::Archive => Target::Archive,
            Self::Search => Target::Search(blog_core::SearchRequest::EMPTY),
            Self::Feed(subject, format) => Target::Feed(subject.of(), *format),
            Self::Sitemap => Target::Sitemap,
            Self::SitemapPart(n) => Target::SitemapPart(*n),
            Self::Robots => Target::Robots,
        }
    }

    /// Its path on the site, as the server routes it.
    pub(crate) fn path(&self) -> String {
        match self {
            Self::Home(page) => urls::home(*page),
            Self::Article(slug) => urls::article(slug),
            Self::Categories(sort, page) => urls::categories(*sort, *page),
            Self::Category(slug, page) => urls::category(slug, *page),
            Self::Tags => urls::TAGS.to_owned(),
            Self::Tag(slug, page) => urls::tag(slug, *page),
            Self::Series(slug) => urls::series(slug),
            Self::Archive => urls::ARCHIVE.to_owned(),
            Self::Search => urls::SEARCH.to_owned(),
            // Only formats that have a path are planned.
            Self::Feed(subject, format) => urls::feed(subject.of(), *format).unwrap_or_default(),
            Self::Sitemap => urls::SITEMAP.to_owned(),
            Self::SitemapPart(n) => urls::sitemap_part(*n),
            Self::Robots => urls::ROBOTS.to_owned(),
        }
    }
}

/// How many pages a listing of `items` shows, `per_page` at a time: at
/// least one, which shows that there is nothing yet.
fn page_count(items: u64, per_page: PerPage) -> u32 {
    let pages = items.div_ceil(u64::from(per_page.get())).max(1);
    u32::try_from(pages).unwrap_or(u32::MAX)
}

/// Pages 1 to `count`.
fn numbers(count: u32) -> impl Iterator<Item = PageNumber> {
    (1..=count).filter_map(PageNumber::new)
}

/// Every page and file of the site at `pages`' moment, the articles first
/// (the most work), then listings, feeds and files, then `404.html`. Old
/// article slugs are planned too: [`Pages::build`] tells a redirect from a
/// deleted article, and from an old slug of an article no longer public,
/// which has no page.
pub(crate) fn site(pages: &Pages<'_>) -> Result<Vec<Job>, StoreError> {
    let store = pages.store();
    let per_page = pages.per_page();
    let headlines = pages.headlines()?;
    let categories = store.categories()?;
    let stats = blog_core::category_stats(&categories, &headlines, CategorySort::Name);
    let tags = blog_core::tag_counts(&headlines);
    let series = store.all_series()?;
    let mut plan: Vec<SitePath> = Vec::new();
    plan.extend(headlines.iter().map(|h| SitePath::Article(h.slug.clone())));
    plan.extend(
        store
            .old_slugs()?
            .into_iter()
            .map(|(slug, _)| SitePath::Article(slug)),
    );
    plan.extend(numbers(page_count(headlines.len() as u64, per_page)).map(SitePath::Home));
    let category_pages = page_count(categories.len() as u64, CATEGORIES_PER_PAGE);
    for sort in CategorySort::ALL {
        plan.extend(numbers(category_pages).map(|n| SitePath::Categories(sort, n)));
    }
    for stat in &stats {
        let slug = &stat.category.slug;
        plan.extend(
            numbers(page_count(stat.articles, per_page))
                .map(|n| SitePath::Category(slug.clone(), n)),
        );
        plan.push(SitePath::Feed(
            Subject::Category(slug.clone()),
            FeedFormat::Atom,
        ));
    }
    plan.push(SitePath::Tags);
    for count in &tags {
        let slug = count.tag.slug();
        plan.extend(
            numbers(page_count(count.articles, per_page)).map(|n| SitePath::Tag(slug.clone(), n)),
        );
        plan.push(SitePath::Feed(Subject::Tag(slug.clone()), FeedFormat::Atom));
    }
    for s in &series {
        plan.push(SitePath::Series(s.slug.clone()));
        plan.push(SitePath::Feed(
            Subject::Series(s.slug.clone()),
            FeedFormat::Atom,
        ));
    }
    plan.extend([
        SitePath::Archive,
        SitePath::Search,
        SitePath::Feed(Subject::Site, FeedFormat::Atom),
        SitePath::Feed(Subject::Site, FeedFormat::Rss),
        SitePath::Feed(Subject::Site, FeedFormat::Json),
        SitePath::Sitemap,
        SitePath::Robots,
    ]);
    plan.extend(numbers(pages.sitemap_parts()?).map(SitePath::SitemapPart));
    let mut jobs: Vec<Job> = plan.into_iter().map(Job::Site).collect();
    jobs.push(Job::NotFound);
    Ok(jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_counts() {
        let ten = PerPage::new(10).expect("valid");
        let check = |items, expected| assert_eq!(page_count(items, ten), expected, "{items}");
        check(0, 1);
        check(1, 1);
        check(10, 1);
        check(11, 2);
        check(100, 10);
        check(101, 11);
        assert_eq!(
            numbers(3).map(PageNumber::get).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn paths_are_the_url_scheme() {
        let slug = Slug::parse("rust").expect("valid");
        let two = PageNumber::new(2).expect("nonzero");
        let check = |path: SitePath, expected: &str| assert_eq!(path.path(), expected);
        check(SitePath::Home(PageNumber::FIRST), "/");
        check(SitePath::Home(two), "/page/2/");
        check(SitePath::Article(slug.clone()), "/articles/rust/");
        check(
            SitePath::Categories(CategorySort::Count, two),
            "/categories/sort/count/page/2/",
        );
        check(
            SitePath::Category(slug.clone(), two),
            "/categories/rust/page/2/",
        );
        check(
            SitePath::Tag(slug.clone(), PageNumber::FIRST),
            "/tags/rust/",
        );
        check(SitePath::Series(slug.clone()), "/series/rust/");
        check(
            SitePath::Feed(Subject::Series(slug.clone()), FeedFormat::Atom),
            "/series/rust/feed.xml",
        );
        check(
            SitePath::Feed(Subject::Site, FeedFormat::Json),
            "/feed.json",
        );
        check(SitePath::Search, "/search/");
        check(SitePath::Robots, "/robots.txt");
        check(SitePath::SitemapPart(two), "/sitemap-2.xml");
    }
}
