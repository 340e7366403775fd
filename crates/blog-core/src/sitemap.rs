//! What the sitemap lists, in which order, and how a large one is split.
//!
//! `/sitemap.xml` lists every page crawlers should know, unless there are
//! more than [`SITEMAP_URLS`] of them: then it is a sitemap index naming
//! parts, `/sitemap-1.xml`, `/sitemap-2.xml`..., each listing
//! [`SITEMAP_URLS`] of the pages in order (the last one the rest). No file
//! then breaks the protocol's limit (sitemaps.org: 50,000 URLs), and each
//! is rendered alone, from its own pages only.

use std::collections::HashSet;
use std::ops::Range;

use crate::{
    Category, CategorySort, CategoryStats, Headline, PageNumber, Series, SitemapView, Slug,
    TagCount, category_stats, tag_counts,
};

/// The most pages one sitemap file lists. A thousand URLs make a part of
/// about 150 kB, rendered in a few milliseconds and with a few hundred
/// kilobytes of memory, however large the site; 100,000 articles make an
/// index of 101 parts (the protocol allows 50,000 in an index).
pub const SITEMAP_URLS: usize = 1_000;

/// One file of the sitemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapFile {
    /// `/sitemap.xml`: every page, or, when they do not fit in one file, the
    /// sitemap index naming the parts.
    Main,
    /// `/sitemap-{n}.xml`: part `n` of a sitemap split into parts.
    Part(PageNumber),
}

/// A page the sitemap lists.
#[derive(Debug, Clone, Copy)]
pub enum SitemapPage<'a> {
    /// The home page.
    Home,
    /// The archive.
    Archive,
    /// The list of categories.
    Categories,
    /// A category's first page.
    Category(&'a CategoryStats),
    /// The list of tags.
    Tags,
    /// A tag's first page.
    Tag(&'a TagCount),
    /// A series.
    Series(&'a Series),
    /// An article.
    Article(&'a Headline),
}

impl<'a> SitemapView<'a> {
    /// How many pages the whole sitemap lists (every file of it).
    pub fn page_count(&self) -> usize {
        3 + self.listed_categories().count()
            + 1
            + self.tags.len()
            + self.series.len()
            + self.headlines.len()
    }

    /// Every page the sitemap lists, in order: the home page and the
    /// archive, the list of categories and every category with an article,
    /// the list of tags and every tag, every series, then every article.
    pub fn pages(&self) -> impl Iterator<Item = SitemapPage<'a>> + use<'a> {
        let view = *self;
        [
            SitemapPage::Home,
            SitemapPage::Archive,
            SitemapPage::Categories,
        ]
        .into_iter()
        .chain(view.listed_categories().map(SitemapPage::Category))
        .chain(std::iter::once(SitemapPage::Tags))
        .chain(view.tags.iter().map(SitemapPage::Tag))
        .chain(view.series.iter().map(SitemapPage::Series))
        .chain(view.headlines.iter().map(SitemapPage::Article))
    }

    /// How many parts the sitemap is split into: none when every page fits
    /// in `/sitemap.xml`.
    pub fn parts(&self) -> u32 {
        parts(self.page_count(), self.per_file)
    }

    /// Which of [`pages`](Self::pages) part `n` lists; `None` if there is no
    /// such part (a sitemap in one file has none).
    pub fn part(&self, n: PageNumber) -> Option<Range<usize>> {
        part(self.page_count(), self.per_file, n)
    }

    fn listed_categories(&self) -> impl Iterator<Item = &'a CategoryStats> + use<'a> {
        self.categories.iter().filter(|s| s.articles > 0)
    }
}

/// How many parts `count` pages make, `per_file` to a part: none when they
/// fit in one file. A `per_file` of 0 counts as 1.
fn parts(count: usize, per_file: usize) -> u32 {
    let per_file = per_file.max(1);
    if count <= per_file {
        return 0;
    }
    u32::try_from(count.div_ceil(per_file)).unwrap_or(u32::MAX)
}

/// The positions of the pages part `n` lists, of `count` split `per_file`
/// to a part; `None` if there is no such part.
fn part(count: usize, per_file: usize, n: PageNumber) -> Option<Range<usize>> {
    if n.get() > parts(count, per_file) {
        return None;
    }
    let per_file = per_file.max(1);
    let start = usize::try_from(n.get() - 1).ok()?.checked_mul(per_file)?;
    Some(start..count.min(start.saturating_add(per_file)))
}

/// What the sitemap lists besides the articles: the categories with a
/// public article (with their statistics), the tags of public articles,
/// and the series with a public part. A series with none shows nothing
/// yet: not for crawlers.
#[derive(Debug, Clone)]
pub struct SitemapContent {
    categories: Vec<CategoryStats>,
    tags: Vec<TagCount>,
    series: Vec<Series>,
}

impl SitemapContent {
    /// The content for `headlines` (every public article, newest first),
    /// from every category and every series.
    pub fn new(headlines: &[Headline], categories: &[Category], mut series: Vec<Series>) -> Self {
        let mut categories = category_stats(categories, headlines, CategorySort::Name);
        categories.retain(|c| c.articles > 0);
        let with_parts: HashSet<&Slug> = headlines
            .iter()
            .filter_map(|h| h.series.as_ref().map(|m| &m.series))
            .collect();
        series.retain(|s| with_parts.contains(&s.slug));
        Self {
            categories,
            tags: tag_counts(headlines),
            series,
        }
    }

    /// The view of `file` of the sitemap of `headlines` (those this content
    /// was made from), split [`SITEMAP_URLS`] pages to a file.
    pub fn view<'a>(&'a self, headlines: &'a [Headline], file: SitemapFile) -> SitemapView<'a> {
        SitemapView {
            headlines,
            categories: &self.categories,
            tags: &self.tags,
            series: &self.series,
            per_file: SITEMAP_URLS,
            file,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(n: u32) -> PageNumber {
        PageNumber::new(n).expect("nonzero")
    }

    /// The parts of `count` pages, 10 to a file, as ranges.
    fn check(count: usize, expected: &[Range<usize>]) {
        let got: Vec<Range<usize>> = (1..=parts(count, 10))
            .map(|i| part(count, 10, n(i)).expect("a listed part"))
            .collect();
        assert_eq!(got, expected, "{count} pages");
        let after = n(parts(count, 10) + 1);
        assert_eq!(part(count, 10, after), None, "{count} pages");
    }

    #[test]
    fn a_sitemap_is_split_only_past_one_file() {
        check(1, &[]);
        check(9, &[]);
        // Exactly one file's worth: still one file, no index.
        check(10, &[]);
        // One more: an index of two parts, the second holding the rest.
        check(11, &[0..10, 10..11]);
        check(20, &[0..10, 10..20]);
        check(21, &[0..10, 10..20, 20..21]);
        assert_eq!(parts(10_000, SITEMAP_URLS), 10);
        assert_eq!(parts(SITEMAP_URLS, SITEMAP_URLS), 0);
        assert_eq!(parts(SITEMAP_URLS + 1, SITEMAP_URLS), 2);
        // A file size of 0 would make no progress: it counts as 1.
        assert_eq!(parts(2, 0), 2);
        assert_eq!(part(2, 0, n(2)), Some(1..2));
    }
}
