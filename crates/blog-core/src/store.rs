//! The storage trait that every backend implements, and its error.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::{
    Article, Category, CategoryCount, Headline, ListQuery, Page, SearchHit, SearchQuery, Series,
    Slug, Status,
};

/// Where the blog's content lives.
///
/// Implementations are synchronous and thread-safe; async callers run them on
/// a blocking thread. Reads see a consistent snapshot; [`Store::apply`] is
/// atomic: all of a [`ChangeSet`] is stored, or none of it.
///
/// Listing semantics are those of [`crate::list`], which the storage
/// conformance suite holds every backend to.
pub trait Store: Send + Sync {
    /// The article with this slug, whatever its visibility.
    fn article(&self, slug: &Slug) -> Result<Option<Article>, StoreError>;

    /// The articles with these slugs, whatever their visibility, in the
    /// order given; a slug no article has is left out. What
    /// [`Store::article`] gives for each, read at one moment: a backend
    /// reads a page of them at once.
    fn articles_by_slug(&self, slugs: &[&Slug]) -> Result<Vec<Article>, StoreError> {
        let mut articles = Vec::with_capacity(slugs.len());
        for slug in slugs {
            articles.extend(self.article(slug)?);
        }
        Ok(articles)
    }

    /// What the article URL with this slug leads to: the article whose slug
    /// it is; else the article that had it before (the most recently updated
    /// one, then the smallest slug, if several did); else whether an article
    /// with that slug was deleted.
    fn lookup(&self, slug: &Slug) -> Result<Lookup, StoreError>;

    /// Every slug that no article has now but that an article URL still
    /// answers for, ordered by slug, each with what [`Store::lookup`] says
    /// of it: [`Lookup::Moved`] for a previous slug, [`Lookup::Gone`] for a
    /// deleted article's. Nothing else: a slug `lookup` calls `Moved` or
    /// `Gone` is listed, and only those. For a static copy of the site,
    /// which must write a page at every such URL.
    fn old_slugs(&self) -> Result<Vec<(Slug, Lookup)>, StoreError>;

    /// One page of articles, as [`crate::list`] defines it.
    fn articles(&self, query: &ListQuery) -> Result<Page<Article>, StoreError>;

    /// Every article public at `now`, newest first ([`crate::newest_first`]),
    /// without its text: for the archive, the sitemap, related and
    /// neighbouring articles, and tag statistics.
    fn headlines(&self, now: DateTime<Utc>) -> Result<Vec<Headline>, StoreError>;

    /// One page of the articles public at `query.now` that match its terms
    /// ([`crate::SearchTerms::matches`]) and filters, best match first, each
    /// with a snippet that marks the terms. An empty query finds nothing.
    fn search(&self, query: &SearchQuery) -> Result<Page<SearchHit>, StoreError>;

    /// The category with this slug.
    fn category(&self, slug: &Slug) -> Result<Option<Category>, StoreError>;

    /// Every category, ordered by name, then slug.
    fn categories(&self) -> Result<Vec<Category>, StoreError>;

    /// Every category with the number of its articles public at `now`,
    /// ordered as [`Store::categories`].
    fn category_counts(&self, now: DateTime<Utc>) -> Result<Vec<CategoryCount>, StoreError>;

    /// The series with this slug.
    fn series(&self, slug: &Slug) -> Result<Option<Series>, StoreError>;

    /// Every series, ordered by title, then slug.
    fn all_series(&self) -> Result<Vec<Series>, StoreError>;

    /// Applies every change of `changes`, in order, atomically.
    fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError>;

    /// Whether the store holds no article, category or series at all.
    fn is_empty(&self) -> Result<bool, StoreError>;

    /// Where the content stands now. Two equal revisions read from the same
    /// store mean nothing was stored in between, by this process or another
    /// one; a different revision means something may have been. Cheap enough
    /// to ask on every request: a cache keeps what it rendered while the
    /// revision stays the same.
    fn revision(&self) -> Result<Revision, StoreError>;

    /// The first moment after `now` at which what readers see changes
    /// without anything being stored: a scheduled article becomes public, or
    /// a public one expires ([`next_visibility_change`]).
    fn next_visibility_change(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError>;
}

/// An opaque mark of a store's content at one moment: see
/// [`Store::revision`]. Only equality means anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Revision(u64);

impl Revision {
    /// The revision a backend calls `n`.
    pub const fn new(n: u64) -> Self {
        Self(n)
    }
}

/// The first moment after `now` at which one of `articles` changes
/// visibility: a published article's publication time or expiry after
/// `now`. Drafts never change on their own. The reference that backends'
/// [`Store::next_visibility_change`] is held to.
pub fn next_visibility_change<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    articles
        .into_iter()
        .filter(|a| a.status == Status::Published)
        .flat_map(|a| [Some(a.published_at), a.expires_at])
        .flatten()
        .filter(|&t| t > now)
        .min()
}

/// Every article `query` selects, over all its pages, in listing order; the
/// query's `page` and `per_page` are ignored. For callers that need a whole
/// listing (a series outline, an export), never for a page a reader asked for.
pub fn all_articles(store: &dyn Store, query: &ListQuery) -> Result<Vec<Article>, StoreError> {
    let mut query = ListQuery {
        page: crate::PageNumber::FIRST,
        per_page: crate::PerPage::LARGEST,
        ..query.clone()
    };
    let mut found = Vec::new();
    loop {
        let page = store.articles(&query)?;
        let next = page.next();
        found.extend(page.items);
        match next {
            Some(n) => query.page = n,
            None => return Ok(found),
        }
    }
}

/// One change to the content.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Change {
    /// Adds a category; fails with [`StoreError::Conflict`] if its slug is taken.
    AddCategory(Category),
    /// Adds a category if its slug is free, and leaves an existing one as it is.
    EnsureCategory(Category),
    /// Adds a category, or replaces the one with the same slug (its name,
    /// description and parent). The parent must exist, else
    /// [`StoreError::NotFound`], and must not be the category itself or one
    /// below it, else [`StoreError::Invalid`].
    PutCategory(Category),
    /// Deletes a category: its articles leave it, and the categories below
    /// it move up to its parent. [`StoreError::NotFound`] if it does not exist.
    DeleteCategory(Slug),
    /// Adds or replaces a series.
    PutSeries(Series),
    /// Adds a series if its slug is free, and leaves an existing one as it is.
    EnsureSeries(Series),
    /// Deletes a series: its articles stay, outside any series.
    /// [`StoreError::NotFound`] if it does not exist.
    DeleteSeries(Slug),
    /// Adds an article, or replaces the one with the same slug. Its categories
    /// and series must exist, in the store or earlier in the same change set,
    /// else it fails with [`StoreError::NotFound`].
    PutArticle(Article),
    /// Gives the article `from` the slug `to`, and adds `from` to the end of
    /// its previous slugs (removing `to` from them), so that the old URL
    /// redirects. [`StoreError::NotFound`] if `from` does not exist,
    /// [`StoreError::Conflict`] if another article has the slug `to`.
    /// Renaming an article to its own slug changes nothing.
    RenameArticle {
        /// The article's slug now.
        from: Slug,
        /// Its new slug.
        to: Slug,
    },
    /// Deletes an article; its slug and previous slugs are remembered as
    /// deleted, so that [`Store::lookup`] says [`Lookup::Gone`] for them.
    /// [`StoreError::NotFound`] if it does not exist.
    DeleteArticle(Slug),
}

/// What an article slug leads to; see [`Store::lookup`].
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// The article with this slug.
    Found(Box<Article>),
    /// No article has this slug now; the one that had it before is here.
    Moved(Slug),
    /// The article with this slug was deleted.
    Gone,
    /// No article has, had or lost this slug.
    Unknown,
}

/// Changes applied together: all of them, or none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSet {
    changes: Vec<Change>,
}

impl ChangeSet {
    /// An empty change set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a change.
    pub fn push(&mut self, change: Change) -> &mut Self {
        self.changes.push(change);
        self
    }

    /// The changes, in order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes there are.
    pub fn len(&self) -> usize {
        self.changes.len()
    }
}

impl FromIterator<Change> for ChangeSet {
    fn from_iter<I: IntoIterator<Item = Change>>(iter: I) -> Self {
        Self {
            changes: iter.into_iter().collect(),
        }
    }
}

impl Extend<Change> for ChangeSet {
    fn extend<I: IntoIterator<Item = Change>>(&mut self, iter: I) {
        self.changes.extend(iter);
    }
}

/// The kinds of stored things, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// An [`Article`].
    Article,
    /// A [`Category`].
    Category,
    /// A [`Series`].
    Series,
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Article => "article",
            Self::Category => "category",
            Self::Series => "series",
        })
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A thing that the operation needs does not exist.
    #[error("{kind} '{slug}' does not exist")]
    NotFound {
        /// What kind of thing.
        kind: EntityKind,
        /// Its slug.
        slug: Slug,
    },
    /// A thing with this slug exists already.
    #[error("{kind} '{slug}' already exists")]
    Conflict {
        /// What kind of thing.
        kind: EntityKind,
        /// Its slug.
        slug: Slug,
    },
    /// A value breaks a rule: stored data that a corrupt or hand-edited store
    /// holds, or a value given to a write that the backend cannot keep.
    #[error("{field} is invalid: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The stored data is damaged: the backend's own check of its storage
    /// (such as `SqliteStore::check_integrity`) found problems. Unlike
    /// [`StoreError::Backend`], trying again will not help: restore a backup.
    #[error("{store} is damaged: {}", problems.join("; "))]
    Corrupt {
        /// Which store: its file, say.
        store: String,
        /// The first problems found, in the backend's own words.
        problems: Vec<String>,
    },
    /// The backend itself failed: I/O, a locked or unreadable database.
    #[error("{context}")]
    Backend {
        /// What the store was doing.
        context: String,
        /// The backend's own error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::Visibility;
    use crate::article::tests::{article, at};

    /// An article published on `day`, expiring on `expires` if given.
    fn published(slug: &str, day: u32, expires: Option<u32>) -> Article {
        Article {
            expires_at: expires.map(at),
            ..article(slug, day)
        }
    }

    /// A draft that would be published on `day` and expire on `expires`.
    fn draft(slug: &str, day: u32, expires: Option<u32>) -> Article {
        Article {
            status: Status::Draft,
            ..published(slug, day, expires)
        }
    }

    fn check(articles: &[Article], now: u32, expected: Option<u32>) {
        assert_eq!(
            next_visibility_change(articles, at(now)),
            expected.map(at),
            "now day {now}, articles {:?}",
            articles
                .iter()
                .map(|a| (a.slug.as_str(), a.status, a.published_at, a.expires_at))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn nothing_to_change_is_none() {
        check(&[], 10, None);
        // Public for good, or expired already.
        check(
            &[published("a", 1, None), published("b", 1, Some(5))],
            10,
            None,
        );
    }

    #[test]
    fn drafts_never_change_on_their_own() {
        check(&[draft("a", 20, None)], 10, None);
        check(&[draft("a", 5, Some(15))], 10, None);
        check(
            &[draft("a", 20, None), published("b", 25, None)],
            10,
            Some(25),
        );
    }

    #[test]
    fn a_scheduled_article_changes_when_published() {
        check(&[published("a", 20, None)], 10, Some(20));
        // Then when it expires, then never.
        check(&[published("a", 20, Some(25))], 10, Some(20));
        check(&[published("a", 20, Some(25))], 20, Some(25));
        check(&[published("a", 20, Some(25))], 25, None);
    }

    #[test]
    fn a_public_article_changes_when_it_expires() {
        check(&[published("a", 1, Some(15))], 10, Some(15));
        check(&[published("a", 1, Some(15))], 14, Some(15));
    }

    #[test]
    fn a_time_equal_to_now_is_past() {
        check(&[published("a", 10, None)], 10, None);
        check(&[published("a", 1, Some(10))], 10, None);
        check(&[published("a", 10, Some(12))], 10, Some(12));
        check(
            &[published("a", 10, None), published("b", 1, Some(10))],
            10,
            None,
        );
    }

    #[test]
    fn the_earliest_change_of_all_articles_wins() {
        let articles = [
            published("old", 1, None),
            published("expiring", 2, Some(18)),
            published("scheduled", 16, None),
            draft("draft", 12, Some(13)),
            published("later", 22, Some(28)),
        ];
        check(&articles, 10, Some(16));
        check(&articles, 16, Some(18));
        check(&articles, 18, Some(22));
        check(&articles, 22, Some(28));
        check(&articles, 28, None);
        // A nanosecond before the moment still names it.
        let before = at(16) - Duration::nanoseconds(1);
        assert_eq!(next_visibility_change(&articles, before), Some(at(16)));
    }

    /// What the reference promises, hour by hour over a month: nothing
    /// readers see changes before the moment it names, and something does
    /// at that moment.
    #[test]
    fn visibility_holds_until_the_named_moment() {
        let articles = [
            published("old", 1, None),
            published("expiring", 2, Some(18)),
            published("scheduled", 16, None),
            draft("draft", 12, Some(13)),
            published("later", 22, Some(28)),
            published("short", 5, Some(6)),
        ];
        let seen = |t: DateTime<Utc>| -> Vec<Visibility> {
            articles.iter().map(|a| a.visibility(t)).collect()
        };
        let mut now = at(1) - Duration::hours(12);
        while now < at(30) {
            let next = next_visibility_change(&articles, now);
            let mut t = now + Duration::hours(1);
            while next.is_none_or(|next| t < next) && t < at(31) {
                assert_eq!(seen(t), seen(now), "from {now} to {t}, next {next:?}");
                t += Duration::hours(1);
            }
            if let Some(next) = next {
                assert_ne!(seen(next), seen(now), "at {next}, from {now}");
            }
            now += Duration::hours(1);
        }
    }
}
