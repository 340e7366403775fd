//! `MemoryStore`: the whole content in memory, behind one lock.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use blog_core::{
    Article, Category, CategoryCount, CategoryTree, Change, ChangeSet, EntityKind, Headline,
    ListQuery, Lookup, Page, Revision, SearchHit, SearchQuery, Series, Slug, Store, StoreError,
};
use chrono::{DateTime, Utc};

use crate::poison::poisoned;
use crate::refusal::cycle;

/// A store that keeps everything in memory and forgets it when dropped.
///
/// Listings are [`blog_core::list`] itself, so this store is the reference
/// the other backends are compared with. Readers share the content; a change
/// set is applied to a copy that replaces the content only if every change
/// succeeded.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: RwLock<State>,
    /// Counts the change sets applied: the store's revision.
    applied: AtomicU64,
}

/// Everything stored, by slug.
#[derive(Debug, Clone, Default)]
struct State {
    articles: BTreeMap<Slug, Article>,
    categories: BTreeMap<Slug, Category>,
    series: BTreeMap<Slug, Series>,
    /// Slugs of deleted articles.
    deleted: BTreeSet<Slug>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn read<T>(&self, f: impl FnOnce(&State) -> T) -> Result<T, StoreError> {
        let state = self.state.read().map_err(|_| poisoned("the content"))?;
        Ok(f(&state))
    }
}

impl State {
    fn apply(&mut self, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::AddCategory(category) => {
                if self.categories.contains_key(&category.slug) {
                    return Err(StoreError::Conflict {
                        kind: EntityKind::Category,
                        slug: category.slug.clone(),
                    });
                }
                self.insert_category(category)
            }
            Change::EnsureCategory(category) => {
                if self.categories.contains_key(&category.slug) {
                    return Ok(());
                }
                self.insert_category(category)
            }
            Change::PutCategory(category) => {
                // A subtree holds its root, so this refuses a new category
                // named as its own parent too.
                if let Some(parent) = &category.parent
                    && CategoryTree::new(self.categories.values())
                        .would_cycle(&category.slug, parent)
                {
                    return Err(cycle(&category.slug, parent));
                }
                self.insert_category(category)
            }
            Change::DeleteCategory(slug) => {
                let removed = self
                    .categories
                    .remove(slug)
                    .ok_or_else(|| StoreError::NotFound {
                        kind: EntityKind::Category,
                        slug: slug.clone(),
                    })?;
                for child in self.categories.values_mut() {
                    if child.parent.as_ref() == Some(slug) {
                        child.parent = removed.parent.clone();
                    }
                }
                for article in self.articles.values_mut() {
                    article.categories.retain(|c| c != slug);
                }
                Ok(())
            }
            Change::DeleteSeries(slug) => {
                self.series
                    .remove(slug)
                    .ok_or_else(|| StoreError::NotFound {
                        kind: EntityKind::Series,
                        slug: slug.clone(),
                    })?;
                for article in self.articles.values_mut() {
                    if article.in_series(slug) {
                        article.series = None;
                    }
                }
                Ok(())
            }
            Change::RenameArticle { from, to } => {
                self.require(EntityKind::Article, from)?;
                if from == to {
                    return Ok(());
                }
                if self.articles.contains_key(to) {
                    return Err(StoreError::Conflict {
                        kind: EntityKind::Article,
                        slug: to.clone(),
                    });
                }
                let mut article =
                    self.articles
                        .remove(from)
                        .ok_or_else(|| StoreError::NotFound {
                            kind: EntityKind::Article,
                            slug: from.clone(),
                        })?;
                article.previous_slugs.retain(|s| s != to && s != from);
                article.previous_slugs.push(from.clone());
                article.slug = to.clone();
                self.articles.insert(to.clone(), article);
                Ok(())
            }
            Change::DeleteArticle(slug) => {
                let article = self
                    .articles
                    .remove(slug)
                    .ok_or_else(|| StoreError::NotFound {
                        kind: EntityKind::Article,
                        slug: slug.clone(),
                    })?;
                self.deleted.insert(article.slug);
                self.deleted.extend(article.previous_slugs);
                Ok(())
            }
            Change::PutSeries(series) => {
                self.series.insert(series.slug.clone(), series.clone());
                Ok(())
            }
            Change::EnsureSeries(series) => {
                self.series
                    .entry(series.slug.clone())
                    .or_insert_with(|| series.clone());
                Ok(())
            }
            Change::PutArticle(article) => self.put_article(article),
            // `Change` is non-exhaustive: a change this store does not know
            // must fail, never be skipped silently.
            _ => Err(StoreError::Invalid {
                field: "change",
                reason: format!("the memory store cannot apply {change:?}"),
            }),
        }
    }

    fn insert_category(&mut self, category: &Category) -> Result<(), StoreError> {
        if let Some(parent) = &category.parent {
            self.require(EntityKind::Category, parent)?;
        }
        self.categories
            .insert(category.slug.clone(), category.clone());
        Ok(())
    }

    fn put_article(&mut self, article: &Article) -> Result<(), StoreError> {
        let mut stored = article.clone();
        stored.categories.clear();
        for category in &article.categories {
            self.require(EntityKind::Category, category)?;
            if !stored.categories.contains(category) {
                stored.categories.push(category.clone());
            }
        }
        stored.tags.clear();
        for tag in &article.tags {
            if !stored.tags.iter().any(|t| t.slug() == tag.slug()) {
                stored.tags.push(tag.clone());
            }
        }
        if let Some(membership) = &article.series {
            self.require(EntityKind::Series, &membership.series)?;
        }
        self.articles.insert(stored.slug.clone(), stored);
        Ok(())
    }

    /// Fails with `NotFound` unless a `kind` with this slug exists.
    fn require(&self, kind: EntityKind, slug: &Slug) -> Result<(), StoreError> {
        let exists = match kind {
            EntityKind::Article => self.articles.contains_key(slug),
            EntityKind::Category => self.categories.contains_key(slug),
            EntityKind::Series => self.series.contains_key(slug),
        };
        if exists {
            Ok(())
        } else {
            Err(StoreError::NotFound {
                kind,
                slug: slug.clone(),
            })
        }
    }

    fn lookup(&self, slug: &Slug) -> Lookup {
        if let Some(article) = self.articles.get(slug) {
            return Lookup::Found(Box::new(article.clone()));
        }
        let moved = self
            .articles
            .values()
            .filter(|a| a.previous_slugs.contains(slug))
            // Most recently updated first, then the smallest slug.
            .min_by(|a, b| (b.updated_at, &a.slug).cmp(&(a.updated_at, &b.slug)));
        match moved {
            Some(article) => Lookup::Moved(article.slug.clone()),
            None if self.deleted.contains(slug) => Lookup::Gone,
            None => Lookup::Unknown,
        }
    }

    /// Every slug no article has now that an article had before or a
    /// deleted one had, with where it leads, ordered by slug.
    fn old_slugs(&self) -> Vec<(Slug, Lookup)> {
        let mut old: BTreeSet<&Slug> = self.deleted.iter().collect();
        old.extend(self.articles.values().flat_map(|a| &a.previous_slugs));
        old.into_iter()
            .filter(|slug| !self.articles.contains_key(*slug))
            .map(|slug| (slug.clone(), self.lookup(slug)))
            .collect()
    }

    fn sorted_categories(&self) -> Vec<&Category> {
        let mut categories: Vec<&Category> = self.categories.values().collect();
        categories.sort_by(|a, b| (&a.name, &a.slug).cmp(&(&b.name, &b.slug)));
        categories
    }
}

impl Store for MemoryStore {
    fn article(&self, slug: &Slug) -> Result<Option<Article>, StoreError> {
        self.read(|s| s.articles.get(slug).cloned())
    }

    fn lookup(&self, slug: &Slug) -> Result<Lookup, StoreError> {
        self.read(|s| s.lookup(slug))
    }

    fn old_slugs(&self) -> Result<Vec<(Slug, Lookup)>, StoreError> {
        self.read(State::old_slugs)
    }

    fn articles(&self, query: &ListQuery) -> Result<Page<Article>, StoreError> {
        self.read(|s| {
            let categories: Vec<Category> = s.categories.values().cloned().collect();
            blog_core::list(s.articles.values(), &categories, query)
        })
    }

    fn headlines(&self, now: DateTime<Utc>) -> Result<Vec<Headline>, StoreError> {
        self.read(|s| {
            let mut public: Vec<&Article> =
                s.articles.values().filter(|a| a.is_public(now)).collect();
            public.sort_by(|a, b| blog_core::newest_first(a, b));
            public.into_iter().map(Headline::from).collect()
        })
    }

    fn search(&self, query: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        self.read(|s| {
            let categories: Vec<Category> = s.categories.values().cloned().collect();
            blog_core::search(s.articles.values(), &categories, query)
        })
    }

    fn category(&self, slug: &Slug) -> Result<Option<Category>, StoreError> {
        self.read(|s| s.categories.get(slug).cloned())
    }

    fn categories(&self) -> Result<Vec<Category>, StoreError> {
        self.read(|s| s.sorted_categories().into_iter().cloned().collect())
    }

    fn category_counts(&self, now: DateTime<Utc>) -> Result<Vec<CategoryCount>, StoreError> {
        self.read(|s| {
            let categories: Vec<Category> = s.categories.values().cloned().collect();
            blog_core::category_counts(s.articles.values(), &categories, now)
        })
    }

    fn series(&self, slug: &Slug) -> Result<Option<Series>, StoreError> {
        self.read(|s| s.series.get(slug).cloned())
    }

    fn all_series(&self) -> Result<Vec<Series>, StoreError> {
        self.read(|s| {
            let mut all: Vec<Series> = s.series.values().cloned().collect();
            all.sort_by(|a, b| (&a.title, &a.slug).cmp(&(&b.title, &b.slug)));
            all
        })
    }

    fn apply(&self, changes: &ChangeSet) -> Result<(), StoreError> {
        let mut state = self.state.write().map_err(|_| poisoned("the content"))?;
        let mut next = state.clone();
        for change in changes.changes() {
            next.apply(change)?;
        }
        *state = next;
        // Under the write lock: whoever reads the new revision can read
        // the new content.
        self.applied.fetch_add(1, Ordering::Release);
        Ok(())
    }

    fn is_empty(&self) -> Result<bool, StoreError> {
        self.read(|s| s.articles.is_empty() && s.categories.is_empty() && s.series.is_empty())
    }

    fn revision(&self) -> Result<Revision, StoreError> {
        Ok(Revision::new(self.applied.load(Ordering::Acquire)))
    }

    fn next_visibility_change(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.read(|s| blog_core::next_visibility_change(s.articles.values(), now))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use blog_core::{Markdown, Title};

    use super::*;

    fn category(slug: &str) -> Category {
        Category::new(
            Slug::parse(slug).expect("valid slug"),
            Title::parse(slug).expect("valid title"),
            Markdown::default(),
        )
    }

    #[test]
    fn a_poisoned_lock_is_a_backend_error_not_a_panic() {
        let store = Arc::new(MemoryStore::new());
        let holder = Arc::clone(&store);
        let panicked = std::thread::spawn(move || {
            let _guard = holder.state.write().expect("not poisoned yet");
            panic!("poison the lock");
        })
        .join();
        assert!(panicked.is_err(), "the thread panicked as planned");
        assert!(matches!(store.is_empty(), Err(StoreError::Backend { .. })));
        let changes: ChangeSet = [Change::AddCategory(category("a"))].into_iter().collect();
        assert!(matches!(
            store.apply(&changes),
            Err(StoreError::Backend { .. })
        ));
    }
}
