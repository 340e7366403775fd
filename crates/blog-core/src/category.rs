//! `Category`: a named group of articles that readers browse by.

use serde::{Deserialize, Serialize};

use crate::{Markdown, Slug, Title};

/// A category of articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Its identifier, used in its URL.
    pub slug: Slug,
    /// The name shown to readers.
    pub name: Title,
    /// What the category is about, in Markdown.
    pub description: Markdown,
    /// The category it is nested in, if any.
    pub parent: Option<Slug>,
}

impl Category {
    /// A top-level category.
    pub fn new(slug: Slug, name: Title, description: Markdown) -> Self {
        Self {
            slug,
            name,
            description,
            parent: None,
        }
    }
}

/// A category with the number of its public articles, for browsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    /// The category.
    pub category: Category,
    /// How many public articles it has.
    pub articles: u64,
}
