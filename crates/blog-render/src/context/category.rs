//! The categories page, a tree, and the page of one category.

use std::collections::HashSet;

use blog_core::{CategoriesView, CategoryCount, CategoryView, PageNumber, Site, Slug, urls};
use serde::Serialize;

use super::{Document, Head, Label, Listing, Markup, Nav};
use crate::markdown::plain_text;

#[derive(Debug, Serialize)]
pub(crate) struct CategoriesPage {
    categories: Vec<CategoryEntry>,
}

/// A category in the tree of the categories page, with those below it.
#[derive(Debug, Serialize)]
struct CategoryEntry {
    name: String,
    url: String,
    description: Option<Markup>,
    count: String,
    /// The level of its heading: 2 at the top, one more per level down, at
    /// most 6.
    level: usize,
    children: Vec<CategoryEntry>,
}

impl CategoryEntry {
    /// The tree of `counts`, each level in the order of `counts`.
    ///
    /// A category whose parent is not in `counts` stands at the top. So do
    /// the categories of a cycle, which stores refuse to create: shown, not
    /// lost, each once.
    fn tree(counts: &[CategoryCount]) -> Vec<Self> {
        let known: HashSet<&Slug> = counts.iter().map(|c| &c.category.slug).collect();
        let mut placed: HashSet<&Slug> = HashSet::new();
        let mut top: Vec<Self> = Vec::new();
        let roots = counts.iter().filter(|c| {
            c.category
                .parent
                .as_ref()
                .is_none_or(|parent| !known.contains(parent))
        });
        for count in roots.chain(counts) {
            if !placed.contains(&count.category.slug) {
                top.push(Self::below(count, counts, 0, &mut placed));
            }
        }
        top
    }

    /// The entry of `count` at `depth`, with every category of `all` below
    /// it that is not `placed` yet.
    fn below<'a>(
        count: &'a CategoryCount,
        all: &'a [CategoryCount],
        depth: usize,
        placed: &mut HashSet<&'a Slug>,
    ) -> Self {
        let slug = &count.category.slug;
        placed.insert(slug);
        let mut children = Vec::new();
        for child in all
            .iter()
            .filter(|c| c.category.parent.as_ref() == Some(slug))
        {
            if !placed.contains(&child.category.slug) {
                children.push(Self::below(child, all, depth + 1, placed));
            }
        }
        Self {
            name: count.category.name.to_string(),
            url: urls::category(slug, PageNumber::FIRST),
            description: Markup::of(&count.category.description),
            count: article_count(count.articles),
            level: (depth + 2).min(6),
            children,
        }
    }
}

/// "1 article", "3 articles".
fn article_count(n: u64) -> String {
    if n == 1 {
        "1 article".to_owned()
    } else {
        format!("{n} articles")
    }
}

/// `View::Categories`: every category, to browse by.
pub(crate) fn categories(site: &Site, view: &CategoriesView<'_>) -> Document<CategoriesPage> {
    Document {
        head: Head::new(site, Some("Categories"), site.description.clone()),
        nav: Nav {
            categories: Some("page"),
            ..Nav::default()
        },
        page: CategoriesPage {
            // PLACEHOLDER until the sortable, paginated list lands.
            categories: CategoryEntry::tree(
                &view
                    .categories
                    .items
                    .iter()
                    .map(|s| CategoryCount {
                        category: s.category.clone(),
                        articles: s.articles,
                    })
                    .collect::<Vec<_>>(),
            ),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CategoryPage {
    name: String,
    /// The categories above it, the top-level one first.
    ancestors: Vec<Label>,
    /// The categories right below it.
    children: Vec<Label>,
    description: Option<Markup>,
    listing: Listing,
}

/// `View::Category`: one category's articles.
pub(crate) fn category(site: &Site, view: &CategoryView<'_>) -> Document<CategoryPage> {
    let category = view.category;
    let name = category.name.as_str();
    let number = view.listing.articles.number;
    let title = if number == PageNumber::FIRST {
        name.to_owned()
    } else {
        format!("{name}, page {number}")
    };
    let description = match plain_text(category.description.as_str()) {
        text if text.is_empty() => site.description.clone(),
        text => text,
    };
    Document {
        head: Head::new(site, Some(&title), description),
        nav: Nav {
            categories: Some("true"),
            ..Nav::default()
        },
        page: CategoryPage {
            name: name.to_owned(),
            ancestors: view.ancestors.iter().map(Label::of).collect(),
            children: view.children.iter().map(Label::of).collect(),
            description: Markup::of(&category.description),
            listing: Listing::of(&view.listing, |n| urls::category(&category.slug, n)),
        },
    }
}

#[cfg(test)]
mod tests {
    use blog_core::{Category, Markdown, Title};

    use super::*;

    #[test]
    fn counts() {
        assert_eq!(article_count(0), "0 articles");
        assert_eq!(article_count(1), "1 article");
        assert_eq!(article_count(3), "3 articles");
    }

    /// The tree of categories given as `slug` or `slug>parent`, written as
    /// `name:level(children) ...`.
    fn check_tree(categories: &[&str], expected: &str) {
        let counts: Vec<CategoryCount> = categories
            .iter()
            .map(|spec| {
                let (slug, parent) = match spec.split_once('>') {
                    Some((slug, parent)) => (slug, Some(parent)),
                    None => (*spec, None),
                };
                let mut category = Category::new(
                    Slug::parse(slug).expect("valid slug"),
                    Title::parse(slug).expect("valid title"),
                    Markdown::default(),
                );
                category.parent = parent.map(|p| Slug::parse(p).expect("valid slug"));
                CategoryCount {
                    category,
                    articles: 0,
                }
            })
            .collect();
        fn outline(entries: &[CategoryEntry]) -> String {
            entries
                .iter()
                .map(|e| {
                    let mut text = format!("{}:{}", e.name, e.level);
                    if !e.children.is_empty() {
                        text.push_str(&format!("({})", outline(&e.children)));
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
        assert_eq!(
            outline(&CategoryEntry::tree(&counts)),
            expected,
            "{categories:?}"
        );
    }

    #[test]
    fn category_tree() {
        check_tree(&[], "");
        check_tree(&["a", "b"], "a:2 b:2");
        // Children under their parent, in the order given, whatever comes first.
        check_tree(
            &["async>rust", "lang", "go>lang", "rust>lang", "web"],
            "lang:2(go:3 rust:3(async:4)) web:2",
        );
        // Headings stop at h6.
        check_tree(
            &["a", "b>a", "c>b", "d>c", "e>d", "f>e"],
            "a:2(b:3(c:4(d:5(e:6(f:6)))))",
        );
        // An unknown parent puts a category at the top.
        check_tree(&["orphan>gone", "a"], "orphan:2 a:2");
        // A cycle is shown from its first category, each one once.
        check_tree(&["x>y", "y>x", "top"], "top:2 x:2(y:3)");
    }
}
