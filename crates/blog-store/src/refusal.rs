//! Refusals that every backend words the same way, so that a caller (the
//! command line, say) shows the same message whichever store it writes to.

use blog_core::{Slug, StoreError};

/// The error of nesting `category` in `parent`, which is the category itself
/// or one below it.
pub(crate) fn cycle(category: &Slug, parent: &Slug) -> StoreError {
    StoreError::Invalid {
        field: "parent",
        reason: format!(
            "category '{category}' cannot be nested in '{parent}', which is itself or below it"
        ),
    }
}
