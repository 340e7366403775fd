//! `Category`: a named group of articles that readers browse by.

use std::collections::{BTreeMap, BTreeSet};

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

/// The categories as a tree, built from their `parent` links.
///
/// A parent's page lists its children's articles too, so "in category X"
/// means "in X or in any category below it": [`CategoryTree::subtree`].
#[derive(Debug, Clone, Default)]
pub struct CategoryTree {
    parents: BTreeMap<Slug, Slug>,
    children: BTreeMap<Slug, Vec<Slug>>,
}

impl CategoryTree {
    /// The tree of `categories`. Links to unknown parents are kept as they
    /// are; a cycle, which stores refuse to create, ends every walk that
    /// reaches it instead of looping.
    pub fn new<'a>(categories: impl IntoIterator<Item = &'a Category>) -> Self {
        let mut tree = Self::default();
        for c in categories {
            if let Some(parent) = &c.parent {
                tree.parents.insert(c.slug.clone(), parent.clone());
                tree.children
                    .entry(parent.clone())
                    .or_default()
                    .push(c.slug.clone());
            }
        }
        tree
    }

    /// `slug` and every category below it, at any depth.
    pub fn subtree(&self, slug: &Slug) -> BTreeSet<Slug> {
        let mut found = BTreeSet::from([slug.clone()]);
        let mut pending = vec![slug];
        while let Some(next) = pending.pop() {
            for child in self.children.get(next).into_iter().flatten() {
                if found.insert(child.clone()) {
                    pending.push(child);
                }
            }
        }
        found
    }

    /// The categories above `slug`, its parent first, the root last.
    pub fn ancestors(&self, slug: &Slug) -> Vec<Slug> {
        let mut found: Vec<Slug> = Vec::new();
        let mut at = slug;
        while let Some(parent) = self.parents.get(at) {
            if parent == slug || found.contains(parent) {
                break;
            }
            found.push(parent.clone());
            at = parent;
        }
        found
    }

    /// Whether giving `slug` the parent `parent` would put it below itself.
    pub fn would_cycle(&self, slug: &Slug, parent: &Slug) -> bool {
        self.subtree(slug).contains(parent)
    }
}

/// A category with the number of its public articles, for browsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    /// The category.
    pub category: Category,
    /// How many public articles it lists: its own and those of the
    /// categories below it, each article once.
    pub articles: u64,
}

/// The reference count of every category in `categories` (ordered by name,
/// then slug) over the `articles` public at `now`, as
/// [`crate::Store::category_counts`] defines it.
pub fn category_counts<'a>(
    articles: impl IntoIterator<Item = &'a crate::Article>,
    categories: &[Category],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<CategoryCount> {
    let tree = CategoryTree::new(categories);
    let public: Vec<&crate::Article> = articles.into_iter().filter(|a| a.is_public(now)).collect();
    let mut sorted: Vec<&Category> = categories.iter().collect();
    sorted.sort_by(|a, b| (&a.name, &a.slug).cmp(&(&b.name, &b.slug)));
    sorted
        .into_iter()
        .map(|c| {
            let subtree = tree.subtree(&c.slug);
            let articles = public
                .iter()
                .filter(|a| a.categories.iter().any(|s| subtree.contains(s)))
                .count() as u64;
            CategoryCount {
                category: c.clone(),
                articles,
            }
        })
        .collect()
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

    fn child(s: &str, parent: Option<&str>) -> Category {
        let mut c = Category::new(
            Slug::parse(s).expect("valid"),
            Title::parse(s).expect("valid"),
            Markdown::default(),
        );
        c.parent = parent.map(|p| Slug::parse(p).expect("valid"));
        c
    }

    #[test]
    fn tree_walks() {
        let slug = |s: &str| Slug::parse(s).expect("valid");
        let all = [
            child("lang", None),
            child("rust", Some("lang")),
            child("async", Some("rust")),
            child("go", Some("lang")),
            child("web", None),
        ];
        let tree = CategoryTree::new(&all);
        let names =
            |set: BTreeSet<Slug>| set.into_iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            names(tree.subtree(&slug("lang"))),
            ["async", "go", "lang", "rust"]
        );
        assert_eq!(names(tree.subtree(&slug("web"))), ["web"]);
        assert_eq!(tree.ancestors(&slug("async")), [slug("rust"), slug("lang")]);
        assert!(tree.ancestors(&slug("web")).is_empty());
        assert!(tree.would_cycle(&slug("lang"), &slug("async")));
        assert!(tree.would_cycle(&slug("rust"), &slug("rust")));
        assert!(!tree.would_cycle(&slug("async"), &slug("go")));
    }

    #[test]
    fn a_cycle_ends_the_walk() {
        let all = [child("a", Some("b")), child("b", Some("a"))];
        let tree = CategoryTree::new(&all);
        let a = Slug::parse("a").expect("valid");
        assert_eq!(tree.subtree(&a).len(), 2);
        assert_eq!(tree.ancestors(&a), [Slug::parse("b").expect("valid")]);
    }
}
