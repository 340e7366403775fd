//! Markdown source and rendered HTML are different types, so text that was
//! never rendered and sanitised cannot pass for safe markup.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Markdown source as an author wrote it. It may hold raw HTML: it is never
/// safe to send to a browser as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Markdown(String);

impl Markdown {
    /// Wraps Markdown source.
    pub fn new(source: impl Into<String>) -> Self {
        Self(source.into())
    }

    /// The source text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the source is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Display for Markdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// HTML produced by a [`Renderer`](crate::Renderer): escaped and sanitised,
/// ready to send to a browser.
///
/// Only renderers create values of this type, through [`Html::from_trusted`];
/// nothing converts a plain `String` into it implicitly.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Html(String);

impl Html {
    /// Wraps markup that the caller guarantees is escaped and sanitised.
    pub fn from_trusted(markup: String) -> Self {
        Self(markup)
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}
