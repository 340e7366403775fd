//! `Tag`: a flat label on articles, the second taxonomy beside categories.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Slug, SlugError, Title, TitleError};

/// A tag as the author wrote it ("Rust Async"), with the slug its URL and
/// filters use (`rust-async`). Tags that make the same slug are the same tag.
///
/// Unlike categories, tags are not stored on their own: they exist by being
/// on articles, so there is nothing to create before using one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag {
    // Field order makes the derived order "by slug, then name".
    slug: Slug,
    name: Title,
}

/// Why a string is not a valid [`Tag`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TagError {
    /// The name is not a valid title.
    #[error("tag {0}")]
    Name(#[from] TitleError),
    /// The name has nothing to make a slug from, or too much.
    #[error("tag {name:?} makes no valid slug: {source}")]
    Slug {
        /// The name given.
        name: String,
        /// Why no slug could be made.
        source: SlugError,
    },
}

impl Tag {
    /// A tag named `name` (trimmed), its slug made from the name.
    pub fn parse(name: &str) -> Result<Self, TagError> {
        let name = Title::parse(name)?;
        let slug = Slug::from_text(name.as_str()).map_err(|source| TagError::Slug {
            name: name.to_string(),
            source,
        })?;
        Ok(Self { slug, name })
    }

    /// The slug, used in URLs and filters.
    pub fn slug(&self) -> &Slug {
        &self.slug
    }

    /// The name as the author wrote it.
    pub fn name(&self) -> &str {
        self.name.as_str()
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl TryFrom<String> for Tag {
    type Error = TagError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Tag> for String {
    fn from(tag: Tag) -> Self {
        tag.name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slug_comes_from_the_name() {
        let tag = Tag::parse("  Rust Async ").expect("valid");
        assert_eq!(tag.name(), "Rust Async");
        assert_eq!(tag.slug().as_str(), "rust-async");
        assert_eq!(
            Tag::parse("rust").expect("valid").slug(),
            Tag::parse("Rust").expect("valid").slug()
        );
    }

    #[test]
    fn refusals() {
        assert!(matches!(Tag::parse(" "), Err(TagError::Name(_))));
        assert!(matches!(Tag::parse("a\nb"), Err(TagError::Name(_))));
        assert!(matches!(Tag::parse("+++"), Err(TagError::Slug { .. })));
    }
}
