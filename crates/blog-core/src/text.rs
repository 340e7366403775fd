//! `Title`: validated human-readable names.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A human-readable title or name: one line of text, not blank, at most
/// [`Title::MAX_CHARS`] characters, with surrounding whitespace removed.
///
/// Titles are plain text, never markup: renderers escape them. The text is
/// shared: a clone costs no copy (a tag's name on many articles).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Title(Arc<str>);

/// Why a string is not a valid [`Title`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TitleError {
    /// Nothing but whitespace.
    #[error("cannot be empty")]
    Empty,
    /// More than [`Title::MAX_CHARS`] characters.
    #[error("is {chars} characters long, at most {max} are allowed", max = Title::MAX_CHARS)]
    TooLong {
        /// The length found, in characters.
        chars: usize,
    },
    /// A line break or another control character.
    #[error("must be a single line without control characters")]
    ControlChar,
}

impl Title {
    /// The longest title accepted, in characters.
    pub const MAX_CHARS: usize = 300;

    /// Validates `s`, trimming surrounding whitespace.
    pub fn parse(s: &str) -> Result<Self, TitleError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(TitleError::Empty);
        }
        if s.chars().any(char::is_control) {
            return Err(TitleError::ControlChar);
        }
        let chars = s.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(TitleError::TooLong { chars });
        }
        Ok(Self(s.into()))
    }

    /// The title as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Title {
    type Error = TitleError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Title> for String {
    fn from(title: Title) -> Self {
        title.0.as_ref().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, TitleError>) {
        assert_eq!(
            Title::parse(input).as_ref().map(Title::as_str),
            expected.as_ref().map(|s| *s),
            "{input:?}"
        );
    }

    #[test]
    fn titles() {
        check("  Ownership in Rust ", Ok("Ownership in Rust"));
        check("<script>alert(1)</script>", Ok("<script>alert(1)</script>"));
        check("", Err(TitleError::Empty));
        check(" \t ", Err(TitleError::Empty));
        check("two\nlines", Err(TitleError::ControlChar));
        check(&"x".repeat(301), Err(TitleError::TooLong { chars: 301 }));
        check(&"é".repeat(300), Ok(&"é".repeat(300)));
    }
}
