//! The response cache: every page, feed and asset the server renders is
//! kept, compressed once, and served from memory until the content changes.
//!
//! The content "changes" when the store's [`Revision`] does (any write, by
//! this process or the `blog` command in another one) or when the clock
//! passes the next moment an article's visibility changes (a scheduled
//! article going public, or one expiring). Both start a new
//! [`Generation`]: everything cached is dropped at once, so a page never
//! shows content older than another one served after it.
//!
//! Memory is bounded by a byte budget over the bodies kept (every coding
//! of them) plus a fixed cost per entry; the least recently used entries go
//! first.

use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use blog_core::search_index::SearchIndex;
use blog_core::{Headline, Revision, SitemapContent};
use chrono::{DateTime, Utc};
use hyper::header::HeaderValue;
use lru::LruCache;

use crate::Route;

/// What a cached response is looked up by: the route and, for the routes
/// that read it (search, the API), the query string as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pub(crate) route: Route,
    pub(crate) query: Option<String>,
}

/// Bytes counted for an entry besides its bodies: the key, headers and the
/// map's own bookkeeping, roughly.
const ENTRY_OVERHEAD: u64 = 256;

/// The content as of one store revision and one stretch of time in which no
/// article changes visibility.
#[derive(Debug)]
pub(crate) struct Generation {
    revision: Revision,
    /// When it began: the moment visibility is judged from.
    started: DateTime<Utc>,
    /// `Last-Modified` of everything rendered in it: when it began (no page
    /// changed after that).
    pub(crate) modified: Modified,
    /// The next visibility change after `started`, once a builder asked the
    /// store (`None` inside: nothing scheduled).
    until: OnceLock<Option<DateTime<Utc>>>,
    /// Every public article's headline, once a page needed them: read once
    /// per generation rather than once per article page. [`Kept`], a lock
    /// rather than a `OnceLock`, so that builders arriving together wait for
    /// one read instead of each holding a copy of every headline.
    headlines: Kept<Vec<Headline>>,
    /// The static search's index, once one of its files was asked for:
    /// each is named by a hash of them all, so any one costs a whole build.
    search_index: Kept<SearchIndex>,
    /// What the sitemap lists, once a file of it was asked for: every part
    /// of a large sitemap needs all of it.
    sitemap: Kept<SitemapContent>,
}

/// A value made once per generation, by the first builder that needs it:
/// those arriving meanwhile wait for it (builders run on blocking threads:
/// waiting is what they are for). A poisoned lock only loses the sharing.
#[derive(Debug)]
struct Kept<T>(Mutex<Option<Arc<T>>>);

impl<T> Kept<T> {
    fn new() -> Self {
        Self(Mutex::new(None))
    }

    /// The value, made by `make` the first time.
    fn get<E>(&self, make: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E> {
        let Ok(mut kept) = self.0.lock() else {
            return make().map(Arc::new);
        };
        if let Some(value) = kept.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(make()?);
        *kept = Some(Arc::clone(&value));
        Ok(value)
    }
}

impl Generation {
    /// The store revision this generation's content is.
    pub(crate) fn revision(&self) -> Revision {
        self.revision
    }

    /// A generation beginning at `started`, after `previous`: its
    /// `Last-Modified` is later than the previous one's even when both
    /// began within the same second, so `If-Modified-Since` always sees the
    /// change (at worst a second ahead of the clock).
    fn new(revision: Revision, started: DateTime<Utc>, previous: Option<&Self>) -> Self {
        let mut modified = Modified::at(started);
        if let Some(previous) = previous
            && modified.secs <= previous.modified.secs
        {
            let next = previous.modified.secs + 1;
            let next = i64::try_from(next)
                .ok()
                .and_then(|secs| DateTime::from_timestamp(secs, 0))
                .unwrap_or(started);
            modified = Modified::at(next);
        }
        Self {
            revision,
            started,
            modified,
            until: OnceLock::new(),
            headlines: Kept::new(),
            search_index: Kept::new(),
            sitemap: Kept::new(),
        }
    }

    /// When it began.
    #[cfg(test)]
    fn started(&self) -> DateTime<Utc> {
        self.started
    }

    /// Whether the clock reading `now` is still inside it, as far as known.
    fn covers(&self, now: DateTime<Utc>) -> bool {
        match self.until.get() {
            Some(Some(until)) => now < *until,
            Some(None) | None => true,
        }
    }

    /// The next visibility change, computed by `next` the first time.
    pub(crate) fn until<E>(
        &self,
        next: impl FnOnce(DateTime<Utc>) -> Result<Option<DateTime<Utc>>, E>,
    ) -> Result<Option<DateTime<Utc>>, E> {
        if let Some(until) = self.until.get() {
            return Ok(*until);
        }
        let until = next(self.started)?;
        Ok(*self.until.get_or_init(|| until))
    }

    /// The headlines, read by `read` the first time.
    pub(crate) fn headlines<E>(
        &self,
        read: impl FnOnce() -> Result<Vec<Headline>, E>,
    ) -> Result<Arc<Vec<Headline>>, E> {
        self.headlines.get(|| read().map(compact))
    }

    /// The static search's index, built by `build` the first time (by one
    /// builder: those arriving meanwhile wait for it).
    pub(crate) fn search_index<E>(
        &self,
        build: impl FnOnce() -> Result<SearchIndex, E>,
    ) -> Result<Arc<SearchIndex>, E> {
        self.search_index.get(build)
    }

    /// What the sitemap lists, made by `make` the first time (by one
    /// builder: those arriving meanwhile wait for it).
    pub(crate) fn sitemap<E>(
        &self,
        make: impl FnOnce() -> Result<SitemapContent, E>,
    ) -> Result<Arc<SitemapContent>, E> {
        self.sitemap.get(make)
    }
}

/// `headlines` without the room their lists grew into while they were read,
/// since they are kept for a whole generation: a tenth less memory with
/// 100,000 articles.
fn compact(mut headlines: Vec<Headline>) -> Vec<Headline> {
    headlines.shrink_to_fit();
    for headline in &mut headlines {
        headline.categories.shrink_to_fit();
        headline.tags.shrink_to_fit();
    }
    headlines
}

/// A `Last-Modified` time, as the header and as the whole seconds since
/// 1970 that `If-Modified-Since` is compared with.
#[derive(Debug, Clone)]
pub(crate) struct Modified {
    pub(crate) header: HeaderValue,
    pub(crate) secs: u64,
}

impl Modified {
    /// `time`, to the second.
    pub(crate) fn at(time: DateTime<Utc>) -> Self {
        let time = SystemTime::from(time);
        Self {
            header: HeaderValue::from_str(&httpdate::fmt_http_date(time))
                .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT")),
            secs: time
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        }
    }
}

/// A response kept in the cache.
pub(crate) trait Weighed {
    /// The bytes it holds.
    fn weight(&self) -> u64;
}

/// The cache itself: cheap to share, one short lock per request.
pub(crate) struct Cache<V> {
    /// The most bytes kept; 0 keeps nothing.
    budget: u64,
    inner: Mutex<Inner<V>>,
}

struct Inner<V> {
    generation: Option<Arc<Generation>>,
    entries: LruCache<Key, Arc<V>>,
    bytes: u64,
}

/// What a lookup found.
pub(crate) struct Lookup<V> {
    /// The generation the request belongs to.
    pub(crate) generation: Arc<Generation>,
    /// The cached response, if any.
    pub(crate) hit: Option<Arc<V>>,
}

impl<V: Weighed> Cache<V> {
    /// An empty cache that keeps at most `budget` bytes.
    pub(crate) fn new(budget: u64) -> Self {
        Self {
            budget,
            inner: Mutex::new(Inner {
                generation: None,
                entries: LruCache::unbounded(),
                bytes: 0,
            }),
        }
    }

    /// The most bytes kept.
    pub(crate) fn budget(&self) -> u64 {
        self.budget
    }

    /// The bytes kept now.
    #[cfg(test)]
    fn bytes(&self) -> u64 {
        self.inner.lock().map_or(0, |inner| inner.bytes)
    }

    /// Looks `key` up for a request that saw the store at `revision` at
    /// `now`, starting a new generation (and dropping every entry) if the
    /// content changed since the current one began.
    pub(crate) fn lookup(&self, revision: Revision, now: DateTime<Utc>, key: &Key) -> Lookup<V> {
        let Ok(mut inner) = self.inner.lock() else {
            // A panic while holding the lock: serve without the cache.
            return Lookup {
                generation: Arc::new(Generation::new(revision, now, None)),
                hit: None,
            };
        };
        let current = inner
            .generation
            .as_ref()
            .filter(|g| g.revision == revision && g.covers(now))
            .map(Arc::clone);
        let generation = match current {
            Some(generation) => generation,
            None => {
                let generation =
                    Arc::new(Generation::new(revision, now, inner.generation.as_deref()));
                inner.generation = Some(Arc::clone(&generation));
                inner.entries.clear();
                inner.bytes = 0;
                generation
            }
        };
        let hit = inner.entries.get(key).map(Arc::clone);
        Lookup { generation, hit }
    }

    /// Keeps `value` for `key` if `generation` is still the current one and
    /// it fits the budget, dropping the least recently used entries to make
    /// room.
    pub(crate) fn insert(&self, generation: &Arc<Generation>, key: Key, value: Arc<V>) {
        let weight = value.weight() + ENTRY_OVERHEAD;
        if weight > self.budget {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let inner = &mut *inner;
        if !inner
            .generation
            .as_ref()
            .is_some_and(|g| Arc::ptr_eq(g, generation))
        {
            return;
        }
        if let Some(old) = inner.entries.put(key, value) {
            inner.bytes -= old.weight() + ENTRY_OVERHEAD;
        }
        inner.bytes += weight;
        while inner.bytes > self.budget {
            match inner.entries.pop_lru() {
                Some((_, old)) => inner.bytes -= old.weight() + ENTRY_OVERHEAD,
                None => break,
            }
        }
    }

    /// How many entries are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().map_or(0, |inner| inner.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use blog_core::{PageNumber, Slug};
    use chrono::TimeZone as _;

    use super::*;

    struct Body(u64);

    impl Weighed for Body {
        fn weight(&self) -> u64 {
            self.0
        }
    }

    fn key(n: u32) -> Key {
        Key {
            route: Route::Home(PageNumber::new(n).expect("valid page")),
            query: None,
        }
    }

    fn at(second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, second)
            .single()
            .expect("valid time")
    }

    const R1: Revision = Revision::new(1);
    const R2: Revision = Revision::new(2);

    fn fill(cache: &Cache<Body>, n: u32, weight: u64) -> Arc<Generation> {
        let generation = cache.lookup(R1, at(0), &key(n)).generation;
        cache.insert(&generation, key(n), Arc::new(Body(weight)));
        generation
    }

    #[test]
    fn a_hit_needs_the_same_revision() {
        let cache = Cache::new(10_000);
        fill(&cache, 1, 100);
        assert!(cache.lookup(R1, at(1), &key(1)).hit.is_some());
        assert!(cache.lookup(R1, at(1), &key(2)).hit.is_none());
        // Another revision drops everything, and going back does not
        // bring it back.
        assert!(cache.lookup(R2, at(2), &key(1)).hit.is_none());
        assert_eq!(cache.len(), 0);
        assert_eq!(cache.bytes(), 0);
        assert!(cache.lookup(R1, at(3), &key(1)).hit.is_none());
    }

    #[test]
    fn the_next_visibility_change_ends_a_generation() {
        let cache = Cache::new(10_000);
        let generation = fill(&cache, 1, 100);
        let until = generation.until(|started| {
            assert_eq!(started, at(0));
            Ok::<_, ()>(Some(at(30)))
        });
        assert_eq!(until, Ok(Some(at(30))));
        // Asked once: the second call does not run the closure.
        assert_eq!(generation.until(|_| Err(())), Ok(Some(at(30))));
        assert!(cache.lookup(R1, at(29), &key(1)).hit.is_some());
        let later = cache.lookup(R1, at(30), &key(1));
        assert!(later.hit.is_none());
        assert!(!Arc::ptr_eq(&later.generation, &generation));
        assert_eq!(later.generation.started(), at(30));
    }

    #[test]
    fn an_entry_from_an_old_generation_is_not_kept() {
        let cache = Cache::new(10_000);
        let old = cache.lookup(R1, at(0), &key(1)).generation;
        cache.lookup(R2, at(1), &key(1));
        cache.insert(&old, key(1), Arc::new(Body(100)));
        assert!(cache.lookup(R2, at(2), &key(1)).hit.is_none());
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn the_least_recently_used_go_first_and_the_budget_holds() {
        let entry = 1_000;
        let budget = 3 * (entry + ENTRY_OVERHEAD);
        let cache = Cache::new(budget);
        for n in 1..=3 {
            fill(&cache, n, entry);
        }
        assert_eq!(cache.len(), 3);
        // Page 1 is used again, so page 2 is now the least recent.
        assert!(cache.lookup(R1, at(1), &key(1)).hit.is_some());
        fill(&cache, 4, entry);
        assert_eq!(cache.len(), 3);
        assert!(cache.bytes() <= budget);
        let hits: Vec<bool> = (1..=4)
            .map(|n| cache.lookup(R1, at(1), &key(n)).hit.is_some())
            .collect();
        assert_eq!(hits, [true, false, true, true]);
        // Replacing an entry counts its bytes once.
        fill(&cache, 4, entry);
        assert_eq!(cache.bytes(), budget);
    }

    #[test]
    fn what_is_bigger_than_the_budget_is_not_kept() {
        let cache = Cache::new(1_000);
        fill(&cache, 1, 100);
        fill(&cache, 2, 5_000);
        assert_eq!(cache.len(), 1);
        let off = Cache::new(0);
        fill(&off, 1, 1);
        assert_eq!(off.len(), 0);
    }

    #[test]
    fn each_generation_is_dated_after_the_one_before() {
        let cache: Cache<Body> = Cache::new(0);
        let first = cache.lookup(R1, at(5), &key(1)).generation;
        let second = cache.lookup(R2, at(5), &key(1)).generation;
        assert_eq!(second.modified.secs, first.modified.secs + 1);
        let third = cache.lookup(R1, at(9), &key(1)).generation;
        assert_eq!(third.modified.header, "Thu, 01 Jan 2026 00:00:09 GMT");
    }

    #[test]
    fn headlines_are_read_once_per_generation() {
        let cache: Cache<Body> = Cache::new(0);
        let generation = cache.lookup(R1, at(0), &key(1)).generation;
        let first = generation.headlines(|| Ok::<_, ()>(Vec::new()));
        assert_eq!(first.map(|h| h.len()), Ok(0));
        assert!(generation.headlines(|| Err(())).is_ok());
        let next = cache.lookup(R2, at(1), &key(1)).generation;
        assert!(next.headlines(|| Err(())).is_err());
    }

    #[test]
    fn the_search_index_is_built_once_per_generation() {
        let cache: Cache<Body> = Cache::new(0);
        let generation = cache.lookup(R1, at(0), &key(1)).generation;
        let empty = || {
            Ok::<_, ()>(SearchIndex::build(&blog_core::search_index::IndexSource {
                articles: &[],
                categories: &[],
                now: at(0),
                per_page: blog_core::PerPage::DEFAULT,
                layout: blog_core::search_index::Layout::DEFAULT,
            }))
        };
        let first = generation.search_index(empty).expect("built");
        let again = generation.search_index(|| Err(())).expect("kept");
        assert!(Arc::ptr_eq(&first, &again));
        let next = cache.lookup(R2, at(1), &key(1)).generation;
        assert!(next.search_index(|| Err(())).is_err());
    }

    #[test]
    fn what_the_sitemap_lists_is_made_once_per_generation() {
        let cache: Cache<Body> = Cache::new(0);
        let generation = cache.lookup(R1, at(0), &key(1)).generation;
        let empty = || Ok::<_, ()>(SitemapContent::new(&[], &[], Vec::new()));
        let first = generation.sitemap(empty).expect("made");
        let again = generation.sitemap(|| Err(())).expect("kept");
        assert!(Arc::ptr_eq(&first, &again));
        let next = cache.lookup(R2, at(1), &key(1)).generation;
        assert!(next.sitemap(|| Err(())).is_err());
    }

    #[test]
    fn last_modified_is_the_start_of_the_generation() {
        let generation = Generation::new(R1, at(5), None);
        assert_eq!(generation.modified.header, "Thu, 01 Jan 2026 00:00:05 GMT");
        assert_eq!(
            generation.modified.secs,
            u64::try_from(at(5).timestamp()).expect("after 1970")
        );
        let slug = Slug::parse("a").expect("valid");
        assert_ne!(
            Key {
                route: Route::Article(slug.clone()),
                query: None
            },
            Key {
                route: Route::Article(slug),
                query: Some(String::new())
            }
        );
    }
}
