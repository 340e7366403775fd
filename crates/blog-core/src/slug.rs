//! `Slug`: the stable, URL-safe identifier of articles, categories and series.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A URL-safe identifier: lowercase ASCII letters, digits and single hyphens,
/// neither starting nor ending with a hyphen, at most [`Slug::MAX_LEN`] bytes.
///
/// A `Slug` is always valid, so it can be put in a URL path segment or a file
/// name as it is. Its text is shared: a clone costs no copy, and a store
/// that reads the same category or tag on many articles can give them all
/// one string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(Arc<str>);

/// Why a string is not a valid [`Slug`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlugError {
    /// The slug is empty, or the text it was made from has no letters or digits.
    #[error("a slug cannot be empty")]
    Empty,
    /// The slug is longer than [`Slug::MAX_LEN`].
    #[error("a slug is at most {max} bytes long, this one has {len}", max = Slug::MAX_LEN)]
    TooLong {
        /// The length found.
        len: usize,
    },
    /// A character outside `a-z`, `0-9` and `-`.
    #[error("{found:?} at byte {at} is not allowed: use lowercase letters, digits and hyphens")]
    InvalidChar {
        /// The offending character.
        found: char,
        /// Its byte offset.
        at: usize,
    },
    /// A hyphen at the start or end, or two in a row.
    #[error("hyphens must separate words: none at the start or end, never two in a row")]
    MisplacedHyphen,
}

impl Slug {
    /// The longest slug accepted, in bytes.
    pub const MAX_LEN: usize = 100;

    /// Checks that `s` is already a valid slug.
    pub fn parse(s: &str) -> Result<Self, SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        if s.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong { len: s.len() });
        }
        if let Some((at, found)) = s
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        {
            return Err(SlugError::InvalidChar { found, at });
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(SlugError::MisplacedHyphen);
        }
        Ok(Self(s.into()))
    }

    /// Makes a slug from free text such as a title or a file name:
    /// transliterated to ASCII, lowercased, words joined by hyphens, and cut at
    /// a word boundary to fit [`Slug::MAX_LEN`].
    pub fn from_text(text: &str) -> Result<Self, SlugError> {
        let mut s = slug::slugify(text);
        if s.len() > Self::MAX_LEN {
            // slugify only emits ASCII, so any byte index is a char boundary.
            let cut = s[..=Self::MAX_LEN].rfind('-').unwrap_or(Self::MAX_LEN);
            s.truncate(cut);
        }
        Self::parse(s.trim_end_matches('-'))
    }

    /// The slug as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Slug {
    type Err = SlugError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> Self {
        slug.0.as_ref().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_parse(input: &str, expected: Result<&str, SlugError>) {
        assert_eq!(
            Slug::parse(input).as_ref().map(Slug::as_str),
            expected.as_ref().map(|s| *s),
            "{input:?}"
        );
    }

    #[test]
    fn parse_accepts_only_canonical_slugs() {
        check_parse("hello-world", Ok("hello-world"));
        check_parse("2024", Ok("2024"));
        check_parse("a", Ok("a"));
        check_parse("", Err(SlugError::Empty));
        check_parse("Hello", Err(SlugError::InvalidChar { found: 'H', at: 0 }));
        check_parse("a_b", Err(SlugError::InvalidChar { found: '_', at: 1 }));
        check_parse("a/b", Err(SlugError::InvalidChar { found: '/', at: 1 }));
        check_parse("..", Err(SlugError::InvalidChar { found: '.', at: 0 }));
        check_parse("é", Err(SlugError::InvalidChar { found: 'é', at: 0 }));
        check_parse("-a", Err(SlugError::MisplacedHyphen));
        check_parse("a-", Err(SlugError::MisplacedHyphen));
        check_parse("a--b", Err(SlugError::MisplacedHyphen));
        check_parse(&"a".repeat(101), Err(SlugError::TooLong { len: 101 }));
        check_parse(&"a".repeat(100), Ok(&"a".repeat(100)));
    }

    fn check_from_text(input: &str, expected: Result<&str, SlugError>) {
        assert_eq!(
            Slug::from_text(input).as_ref().map(Slug::as_str),
            expected.as_ref().map(|s| *s),
            "{input:?}"
        );
    }

    #[test]
    fn from_text_slugifies() {
        check_from_text("Hello, World!", Ok("hello-world"));
        check_from_text(
            "  Ownership & Borrowing in Rust ",
            Ok("ownership-borrowing-in-rust"),
        );
        check_from_text("Crème brûlée", Ok("creme-brulee"));
        check_from_text("snake_case_name", Ok("snake-case-name"));
        check_from_text("!!!", Err(SlugError::Empty));
        let long = "word ".repeat(40);
        let slug = Slug::from_text(&long).expect("long text still slugifies");
        assert!(slug.as_str().len() <= Slug::MAX_LEN);
        assert!(
            slug.as_str().ends_with("word"),
            "cut at a word boundary: {slug}"
        );
    }

    #[test]
    fn serde_rejects_invalid_slugs() {
        let ok: Result<Slug, _> = serde_json_like("rust");
        assert_eq!(ok.map(String::from), Ok("rust".to_owned()));
        assert!(serde_json_like("Not A Slug").is_err());
    }

    /// Deserialises through serde's value machinery without a format crate.
    fn serde_json_like(s: &str) -> Result<Slug, String> {
        use serde::de::IntoDeserializer;
        use serde::de::value::{Error, StringDeserializer};
        let de: StringDeserializer<Error> = s.to_owned().into_deserializer();
        Slug::deserialize(de).map_err(|e| e.to_string())
    }
}
