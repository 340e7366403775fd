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

    /// The name shown for category `slug`: the name of the category with
    /// that slug in `categories`, else the slug itself.
    pub fn name_in<'a>(categories: &'a [Category], slug: &'a Slug) -> &'a str {
        categories
            .iter()
            .find(|c| &c.slug == slug)
            .map_or(slug.as_str(), |c| c.name.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fall_back_to_the_slug() {
        let slug = |s: &str| Slug::parse(s).expect("valid");
        let all = [Category::new(
            slug("rust"),
            Title::parse("Rust").expect("valid"),
            Markdown::default(),
        )];
        assert_eq!(Category::name_in(&all, &slug("rust")), "Rust");
        assert_eq!(Category::name_in(&all, &slug("gone")), "gone");
        assert_eq!(Category::name_in(&[], &slug("rust")), "rust");
    }
}
