//! Listing semantics, defined once: which articles a listing shows, in which
//! order, and how it is cut into pages. The in-memory store runs [`list`]; other
//! stores translate [`ListQuery`] to their own query language, and the storage
//! conformance suite proves they agree.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt;
use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Article, Category, CategoryTree, SeriesMembership, Slug, Tag, Visibility};

/// A page number, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PageNumber(NonZeroU32);

impl PageNumber {
    /// The first page.
    pub const FIRST: Self = Self(NonZeroU32::MIN);

    /// Page `n`, or `None` for zero.
    pub fn new(n: u32) -> Option<Self> {
        NonZeroU32::new(n).map(Self)
    }

    /// Parses a page number as written in a URL: decimal digits only, no sign,
    /// no leading zero, not zero.
    pub fn parse(s: &str) -> Option<Self> {
        if s.is_empty() || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().and_then(Self::new)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0.get()
    }

    /// The page before this one, if any.
    pub fn prev(self) -> Option<Self> {
        Self::new(self.get() - 1)
    }

    /// The page after this one.
    pub fn next(self) -> Option<Self> {
        self.0.checked_add(1).map(Self)
    }
}

impl fmt::Display for PageNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How many items a page holds: from 1 to [`PerPage::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PerPage(NonZeroU32);

impl PerPage {
    /// The most items a page may hold.
    pub const MAX: u32 = 100;
    /// The default page size.
    pub const DEFAULT: Self = Self(NonZeroU32::new(10).expect("10 is not zero"));
    /// The largest page size, [`PerPage::MAX`].
    pub const LARGEST: Self = Self(NonZeroU32::new(Self::MAX).expect("MAX is not zero"));

    /// A page size of `n`, or `None` outside `1..=MAX`.
    pub const fn new(n: u32) -> Option<Self> {
        if n > Self::MAX {
            return None;
        }
        match NonZeroU32::new(n) {
            Some(n) => Some(Self(n)),
            None => None,
        }
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0.get()
    }
}

impl Default for PerPage {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Which articles a listing includes, by their visibility at the query's "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// What readers see: public articles only.
    Public,
    /// Every article, whatever its state: for administrators.
    All,
    /// Articles in exactly this state.
    Only(Visibility),
}

/// A request for one page of articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// The moment at which visibility is judged.
    pub now: DateTime<Utc>,
    /// Which articles to include.
    pub scope: Scope,
    /// Only articles in this category or any category below it, if set.
    pub category: Option<Slug>,
    /// Only articles with this tag (a tag slug), if set.
    pub tag: Option<Slug>,
    /// Only articles in this series, if set.
    pub series: Option<Slug>,
    /// The page wanted.
    pub page: PageNumber,
    /// Items per page.
    pub per_page: PerPage,
}

impl ListQuery {
    /// The first page of public articles at `now`, at the default page size.
    pub fn public(now: DateTime<Utc>) -> Self {
        Self {
            now,
            scope: Scope::Public,
            category: None,
            tag: None,
            series: None,
            page: PageNumber::FIRST,
            per_page: PerPage::DEFAULT,
        }
    }

    /// Whether `article` belongs in this listing (on any page), given the
    /// categories the listing's category filter covers (see [`Self::covered`]).
    pub fn matches(&self, article: &Article, covered: Option<&BTreeSet<Slug>>) -> bool {
        let visible = match self.scope {
            Scope::All => true,
            Scope::Public => article.is_public(self.now),
            Scope::Only(v) => article.visibility(self.now) == v,
        };
        visible
            && self.selects(
                &article.categories,
                &article.tags,
                article.series.as_ref(),
                covered,
            )
    }

    /// Whether an article in `categories`, with `tags`, in `series` passes
    /// the category (as `covered` by it), tag and series filters, whatever
    /// its visibility: for articles and their headlines alike.
    pub fn selects(
        &self,
        categories: &[Slug],
        tags: &[Tag],
        series: Option<&SeriesMembership>,
        covered: Option<&BTreeSet<Slug>>,
    ) -> bool {
        covered.is_none_or(|set| categories.iter().any(|c| set.contains(c)))
            && self
                .tag
                .as_ref()
                .is_none_or(|t| tags.iter().any(|tag| tag.slug() == t))
            && self
                .series
                .as_ref()
                .is_none_or(|s| series.is_some_and(|m| &m.series == s))
    }

    /// The categories the category filter covers in `tree`: the category
    /// and every one below it; `None` without a filter.
    pub fn covered(&self, tree: &CategoryTree) -> Option<BTreeSet<Slug>> {
        self.category.as_ref().map(|c| tree.subtree(c))
    }

    /// How many items to skip to reach this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.get() - 1) * u64::from(self.per_page.get())
    }
}

/// The order of every listing: newest publication first, ties broken by slug
/// (ascending), so that pages are stable.
pub fn newest_first(a: &Article, b: &Article) -> Ordering {
    b.published_at
        .cmp(&a.published_at)
        .then_with(|| a.slug.cmp(&b.slug))
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items on this page, in listing order.
    pub items: Vec<T>,
    /// Which page this is.
    pub number: PageNumber,
    /// The page size the listing was cut with.
    pub per_page: PerPage,
    /// How many items the whole listing holds, over all pages.
    pub total: u64,
}

impl<T> Page<T> {
    /// How many pages the listing has; an empty listing has one (empty) page.
    pub fn total_pages(&self) -> u32 {
        let pages = self.total.div_ceil(u64::from(self.per_page.get())).max(1);
        u32::try_from(pages).unwrap_or(u32::MAX)
    }

    /// The previous page, if this is not the first.
    pub fn prev(&self) -> Option<PageNumber> {
        self.number.prev()
    }

    /// The next page, if this is not the last.
    pub fn next(&self) -> Option<PageNumber> {
        self.number.next().filter(|n| n.get() <= self.total_pages())
    }

    /// Whether this page lies past the end of a non-empty listing, or is a
    /// page other than the first of an empty one: a "not found".
    pub fn is_out_of_range(&self) -> bool {
        self.number.get() > self.total_pages()
    }

    /// Page `number` of `all`, cut `per_page` at a time: for listings built
    /// in memory, such as the list of categories.
    pub fn from_all(all: Vec<T>, number: PageNumber, per_page: PerPage) -> Self {
        let total = all.len() as u64;
        let skip = (number.get() as usize - 1).saturating_mul(per_page.get() as usize);
        Self {
            items: all
                .into_iter()
                .skip(skip)
                .take(per_page.get() as usize)
                .collect(),
            number,
            per_page,
            total,
        }
    }

    /// The same page with each item transformed.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            number: self.number,
            per_page: self.per_page,
            total: self.total,
        }
    }
}

/// The reference implementation of a listing: filters `articles` by `query`
/// (a category filter covering the categories below it in `categories`),
/// sorts them [`newest_first`], and cuts out the requested page.
pub fn list<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    categories: &[Category],
    query: &ListQuery,
) -> Page<Article> {
    let covered = query.covered(&CategoryTree::new(categories));
    let mut matching: Vec<&Article> = articles
        .into_iter()
        .filter(|a| query.matches(a, covered.as_ref()))
        .collect();
    matching.sort_by(|a, b| newest_first(a, b));
    let total = matching.len() as u64;
    let items = matching
        .into_iter()
        .skip(usize::try_from(query.offset()).unwrap_or(usize::MAX))
        .take(query.per_page.get() as usize)
        .cloned()
        .collect();
    Page {
        items,
        number: query.page,
        per_page: query.per_page,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;
    use crate::article::tests::{article, at};

    fn slugs(page: &Page<Article>) -> Vec<&str> {
        page.items.iter().map(|a| a.slug.as_str()).collect()
    }

    fn corpus() -> Vec<Article> {
        let mut draft = article("draft", 2);
        draft.status = Status::Draft;
        let scheduled = article("scheduled", 20);
        let mut expired = article("expired", 1);
        expired.expires_at = Some(at(5));
        let mut rust = article("rust", 3);
        rust.categories = vec![Slug::parse("rust").expect("valid")];
        vec![
            article("b-same-day", 4),
            draft,
            scheduled,
            expired,
            rust,
            article("a-same-day", 4),
            article("old", 1),
        ]
    }

    #[test]
    fn public_listing_is_newest_first_with_slug_tie_break() {
        let all = corpus();
        let page = list(&all, &[], &ListQuery::public(at(10)));
        assert_eq!(slugs(&page), ["a-same-day", "b-same-day", "rust", "old"]);
        assert_eq!(page.total, 4);
        assert_eq!(page.total_pages(), 1);
    }

    #[test]
    fn scheduled_articles_appear_at_their_time() {
        let all = corpus();
        let before = list(&all, &[], &ListQuery::public(at(19)));
        assert!(!slugs(&before).contains(&"scheduled"));
        let after = list(&all, &[], &ListQuery::public(at(20)));
        assert_eq!(slugs(&after)[0], "scheduled");
    }

    #[test]
    fn scopes() {
        let all = corpus();
        let query = |scope| ListQuery {
            scope,
            ..ListQuery::public(at(10))
        };
        assert_eq!(list(&all, &[], &query(Scope::All)).total, 7);
        assert_eq!(
            slugs(&list(&all, &[], &query(Scope::Only(Visibility::Draft)))),
            ["draft"]
        );
        assert_eq!(
            slugs(&list(&all, &[], &query(Scope::Only(Visibility::Scheduled)))),
            ["scheduled"]
        );
        assert_eq!(
            slugs(&list(&all, &[], &query(Scope::Only(Visibility::Expired)))),
            ["expired"]
        );
    }

    #[test]
    fn category_filter() {
        let all = corpus();
        let q = ListQuery {
            category: Some(Slug::parse("rust").expect("valid")),
            ..ListQuery::public(at(10))
        };
        assert_eq!(slugs(&list(&all, &[], &q)), ["rust"]);
    }

    #[test]
    fn a_category_covers_the_ones_below_it() {
        use crate::{Markdown, Title};
        let slug = |s: &str| Slug::parse(s).expect("valid");
        let category = |s: &str, parent: Option<&str>| Category {
            parent: parent.map(slug),
            ..Category::new(
                slug(s),
                Title::parse(s).expect("valid"),
                Markdown::default(),
            )
        };
        let tree = [
            category("lang", None),
            category("rust", Some("lang")),
            category("other", None),
        ];
        let all = corpus();
        let q = |c: &str| ListQuery {
            category: Some(slug(c)),
            ..ListQuery::public(at(10))
        };
        assert_eq!(slugs(&list(&all, &tree, &q("lang"))), ["rust"]);
        assert_eq!(slugs(&list(&all, &tree, &q("rust"))), ["rust"]);
        assert!(list(&all, &tree, &q("other")).items.is_empty());
        // Without the tree, "lang" holds nothing of its own.
        assert!(list(&all, &[], &q("lang")).items.is_empty());
    }

    #[test]
    fn tag_filter_matches_by_slug() {
        let mut all = corpus();
        all[0].tags = vec![crate::Tag::parse("Async Rust").expect("valid")];
        let q = ListQuery {
            tag: Some(Slug::parse("async-rust").expect("valid")),
            ..ListQuery::public(at(10))
        };
        assert_eq!(slugs(&list(&all, &[], &q)), ["b-same-day"]);
    }

    #[test]
    fn pagination() {
        let all: Vec<Article> = (1..=25).map(|d| article(&format!("a{d:02}"), d)).collect();
        let page = |n| {
            list(
                &all,
                &[],
                &ListQuery {
                    page: PageNumber::new(n).expect("nonzero"),
                    ..ListQuery::public(at(31))
                },
            )
        };
        let first = page(1);
        assert_eq!(first.items.len(), 10);
        assert_eq!(slugs(&first)[0], "a25");
        assert_eq!(
            (first.prev(), first.next().map(PageNumber::get)),
            (None, Some(2))
        );
        let last = page(3);
        assert_eq!(slugs(&last), ["a05", "a04", "a03", "a02", "a01"]);
        assert_eq!(last.next(), None);
        assert_eq!(last.total_pages(), 3);
        assert!(!last.is_out_of_range());
        let beyond = page(4);
        assert!(beyond.items.is_empty());
        assert!(beyond.is_out_of_range());
    }

    #[test]
    fn empty_listing_has_one_page() {
        let page = list(&[], &[], &ListQuery::public(at(1)));
        assert_eq!(page.total_pages(), 1);
        assert!(!page.is_out_of_range());
    }

    #[test]
    fn page_numbers_parse_strictly() {
        let check = |s: &str, expected: Option<u32>| {
            assert_eq!(PageNumber::parse(s).map(PageNumber::get), expected, "{s:?}");
        };
        check("1", Some(1));
        check("42", Some(42));
        check("0", None);
        check("01", None);
        check("-1", None);
        check("+1", None);
        check("", None);
        check("1e3", None);
        check("99999999999", None);
    }

    #[test]
    fn per_page_bounds() {
        assert_eq!(PerPage::new(0), None);
        assert_eq!(PerPage::new(101), None);
        assert_eq!(PerPage::new(100).map(PerPage::get), Some(100));
        assert_eq!(PerPage::LARGEST.get(), PerPage::MAX);
    }
}
