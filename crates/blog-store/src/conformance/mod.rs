//! The storage conformance suite: what every [`Store`] must do, written once.
//!
//! Each case is a plain function over a fresh, empty store. A backend runs
//! them all with [`conformance_tests!`](crate::conformance_tests), which
//! expands to one `#[test]` per case:
//!
//! ```
//! mod memory {
//!     blog_store::conformance_tests!(blog_store::MemoryStore::new());
//! }
//! # fn main() {}
//! ```
//!
//! Listings are checked against [`blog_core::list`], the reference, and
//! searches against [`blog_core::search`]: the same articles found (in the
//! words readers see, [`blog_core::index_text`]), ranked in the backend's
//! own way. What a
//! backend cannot keep is declared in [`Capabilities`] and turns into a
//! different expectation of the same case, never into a skipped case.

mod articles;
mod categories;
mod changes;
mod data;
mod freshness;
mod headlines;
mod limits;
mod listing;
mod search;
mod search_corpus;
mod search_results;
mod series;
mod slugs;

pub use articles::{
    article_references_must_exist, article_round_trip, articles_by_slug_agrees_with_article,
    duplicate_categories_stored_once, empty_store, not_empty_after_adding_anything,
    put_article_replaces, tags_round_trip,
};
pub use categories::{
    add_category_conflicts, categories_ordered_by_name_then_slug,
    category_counts_agree_with_reference, category_counts_count_public_articles,
    category_counts_cover_the_tree, category_lookup, category_parent_must_exist,
    delete_category_moves_children_up, ensure_category_keeps_existing,
    put_category_updates_and_refuses_cycles,
};
pub use changes::{
    apply_is_atomic, failed_change_sets_change_nothing, readers_see_whole_change_sets,
};
pub use freshness::{
    a_revision_names_one_content, every_apply_changes_the_revision,
    next_visibility_change_agrees_with_reference, revision_holds_across_reads,
};
pub use headlines::{
    headlines_are_the_public_listing, headlines_leave_out_hidden_articles_and_follow_changes,
};
pub use limits::{non_finite_floats, times_at_the_edges};
pub use listing::{listing_agrees_with_reference, scheduled_article_appears_at_its_time};
pub use search::{search_finds_what_the_reference_finds, search_survives_hostile_queries};
pub use search_results::{
    search_finds_what_readers_see, search_follows_changes, search_pages_cut_one_ranking,
    search_ranks_title_hits_first_then_newest, search_snippets_mark_the_terms,
};
pub use series::{
    all_series_ordered_by_title_then_slug, delete_series_frees_its_articles, series_ensure_and_put,
};
pub use slugs::{
    delete_article_remembers_its_slugs, lookup_follows_previous_slugs,
    old_slugs_are_what_lookup_says, rename_article_redirects,
};

use blog_core::Store;

/// Something that holds a store for one test, and whatever must live as
/// long as it (a temporary directory, say).
pub trait Fixture {
    /// The store under test.
    fn store(&self) -> &dyn Store;
}

impl<S: Store> Fixture for S {
    fn store(&self) -> &dyn Store {
        self
    }
}

/// What a backend can keep, for the cases whose expectations depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Which times articles may carry.
    pub times: TimeRange,
    /// Which floats extra fields may hold.
    pub floats: FloatRange,
}

impl Capabilities {
    /// Keeps every value of the model.
    pub const ALL: Self = Self {
        times: TimeRange::Any,
        floats: FloatRange::Any,
    };
}

/// Which times a backend keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeRange {
    /// Every `DateTime<Utc>`.
    Any,
    /// Times that are a whole number of nanoseconds since 1970 in an `i64`
    /// (1677-09-21 to 2262-04-11), outside leap seconds; others are refused
    /// with [`StoreError::Invalid`](blog_core::StoreError::Invalid).
    Nanoseconds,
}

/// Which floats a backend keeps in extra fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatRange {
    /// Every `f64`.
    Any,
    /// Finite floats; infinities and NaN are refused with
    /// [`StoreError::Invalid`](blog_core::StoreError::Invalid).
    Finite,
}

/// Expands to one `#[test]` per conformance case, each calling `$make` for
/// a fresh, empty store (any [`Fixture`]).
///
/// `conformance_tests!(make)` expects every [`Capabilities`];
/// `conformance_tests!(make, capabilities)` declares what the backend lacks.
/// Invoke it once per backend, each in its own module.
#[macro_export]
macro_rules! conformance_tests {
    (@store $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let fixture = $make;
                $crate::conformance::$case($crate::conformance::Fixture::store(&fixture));
            }
        )*
    };
    (@capable $make:expr, $capabilities:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let fixture = $make;
                $crate::conformance::$case(
                    $crate::conformance::Fixture::store(&fixture),
                    $capabilities,
                );
            }
        )*
    };
    (@fresh $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                $crate::conformance::$case(|| $make);
            }
        )*
    };
    ($make:expr) => {
        $crate::conformance_tests!($make, $crate::conformance::Capabilities::ALL);
    };
    ($make:expr, $capabilities:expr) => {
        $crate::conformance_tests!(@store $make;
            empty_store,
            article_round_trip,
            articles_by_slug_agrees_with_article,
            put_article_replaces,
            listing_agrees_with_reference,
            scheduled_article_appears_at_its_time,
            add_category_conflicts,
            ensure_category_keeps_existing,
            categories_ordered_by_name_then_slug,
            category_lookup,
            category_counts_count_public_articles,
            category_counts_cover_the_tree,
            category_counts_agree_with_reference,
            category_parent_must_exist,
            put_category_updates_and_refuses_cycles,
            delete_category_moves_children_up,
            series_ensure_and_put,
            all_series_ordered_by_title_then_slug,
            delete_series_frees_its_articles,
            article_references_must_exist,
            apply_is_atomic,
            failed_change_sets_change_nothing,
            duplicate_categories_stored_once,
            tags_round_trip,
            lookup_follows_previous_slugs,
            rename_article_redirects,
            delete_article_remembers_its_slugs,
            old_slugs_are_what_lookup_says,
            readers_see_whole_change_sets,
            headlines_are_the_public_listing,
            headlines_leave_out_hidden_articles_and_follow_changes,
            search_finds_what_the_reference_finds,
            search_pages_cut_one_ranking,
            search_ranks_title_hits_first_then_newest,
            search_snippets_mark_the_terms,
            search_survives_hostile_queries,
            search_follows_changes,
            search_finds_what_readers_see,
            revision_holds_across_reads,
            every_apply_changes_the_revision,
            a_revision_names_one_content,
            next_visibility_change_agrees_with_reference,
        );
        $crate::conformance_tests!(@capable $make, $capabilities;
            times_at_the_edges,
            non_finite_floats,
        );
        $crate::conformance_tests!(@fresh $make;
            not_empty_after_adding_anything,
        );
    };
}
