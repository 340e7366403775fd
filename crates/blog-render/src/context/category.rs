//! The list of categories, sortable and paginated, and the page of one
//! category.

use blog_core::urls::FeedOf;
use blog_core::{
    CategoriesView, CategorySort, CategoryStats, CategoryView, PageNumber, Site, urls,
};
use serde::Serialize;

use super::head::Head;
use super::json_ld::{self, JsonLd};
use super::listing::Listing;
use super::pager::{Labels, Pager};
use super::{Date, Document, Label, Markup, Nav, Section, count, paged};
use crate::markdown::plain_text;

#[derive(Debug, Serialize)]
pub(crate) struct CategoriesPage {
    sorts: Vec<SortLink>,
    categories: Vec<CategoryEntry>,
    pager: Option<Pager>,
}

/// A link to the list in another order; the current order is marked.
#[derive(Debug, Serialize)]
struct SortLink {
    name: &'static str,
    url: String,
    /// `aria-current`: `page` on the first page of the current order,
    /// `true` on its later pages (the link leads back to the first).
    current: Option<&'static str>,
}

/// A category in the list, with the categories above it.
#[derive(Debug, Serialize)]
struct CategoryEntry {
    name: String,
    url: String,
    /// The categories above it, top-level first.
    ancestors: Vec<Label>,
    description: Option<Markup>,
    count: String,
    latest: Option<Date>,
}

impl CategoryEntry {
    fn of(stats: &CategoryStats) -> Self {
        Self {
            name: stats.category.name.to_string(),
            url: urls::category(&stats.category.slug, PageNumber::FIRST),
            ancestors: stats.ancestors.iter().map(Label::of).collect(),
            description: Markup::fragment(&stats.category.description),
            count: count(stats.articles, "article"),
            latest: stats.latest.map(Date::of),
        }
    }
}

/// What a sort is called, in its link and in the page's title.
fn sort_name(sort: CategorySort) -> &'static str {
    match sort {
        CategorySort::Name => "Name",
        CategorySort::Count => "Count",
        CategorySort::Latest => "Latest",
    }
}

/// How the title says the list is sorted; nothing for the default.
fn sort_title(sort: CategorySort) -> Option<&'static str> {
    match sort {
        CategorySort::Name => None,
        CategorySort::Count => Some("by number of articles"),
        CategorySort::Latest => Some("by latest article"),
    }
}

/// `View::Categories`: a page of the list of categories, in one order.
pub(crate) fn categories(site: &Site, view: &CategoriesView<'_>) -> Document<CategoriesPage> {
    let sort = view.sort;
    let number = view.categories.number;
    let url = |n| urls::categories(sort, n);
    let pager = Pager::of(view.categories, Labels::PAGES, url);
    let title = match sort_title(sort) {
        Some(by) => format!("Categories {by}"),
        None => "Categories".to_owned(),
    };
    let first = number == PageNumber::FIRST;
    let head = Head::new(
        site,
        Some(&paged(&title, number)),
        site.description.clone(),
        &url(number),
    )
    .pager(pager.as_ref());
    // The other orders list the same categories: for readers, not crawlers.
    let head = if sort == CategorySort::default() {
        head
    } else {
        head.noindex()
    };
    Document {
        head,
        nav: if first && sort == CategorySort::default() {
            Nav::page(Section::Categories)
        } else {
            Nav::within(Section::Categories)
        },
        page: CategoriesPage {
            sorts: CategorySort::ALL
                .into_iter()
                .map(|s| SortLink {
                    name: sort_name(s),
                    url: urls::categories(s, PageNumber::FIRST),
                    current: (s == sort).then_some(if first { "page" } else { "true" }),
                })
                .collect(),
            categories: view
                .categories
                .items
                .iter()
                .map(CategoryEntry::of)
                .collect(),
            pager,
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
    count: String,
    /// Its Atom feed.
    feed: Option<String>,
    listing: Listing,
}

/// `View::Category`: one category's articles.
pub(crate) fn category(site: &Site, view: &CategoryView<'_>) -> Document<CategoryPage> {
    let category = view.category;
    let name = category.name.as_str();
    let number = view.listing.articles.number;
    let description = match plain_text(category.description.as_str()) {
        text if text.is_empty() => site.description.clone(),
        text => text,
    };
    let listing = Listing::of(&view.listing, |n| urls::category(&category.slug, n));
    let ancestors: Vec<Label> = view.ancestors.iter().map(Label::of).collect();
    let mut steps = vec![Label {
        name: "Categories".to_owned(),
        url: urls::CATEGORIES.to_owned(),
    }];
    steps.extend(ancestors.iter().cloned());
    steps.push(Label::of(category));
    let of = FeedOf::Category(&category.slug);
    let head = Head::new(
        site,
        Some(&paged(name, number)),
        description,
        &urls::category(&category.slug, number),
    )
    .pager(listing.pager())
    .feed(site, of, name)
    .json_ld(JsonLd::of(vec![json_ld::breadcrumbs(site, &steps)]));
    Document {
        head,
        nav: Nav::within(Section::Categories),
        page: CategoryPage {
            name: name.to_owned(),
            ancestors,
            children: view.children.iter().map(Label::of).collect(),
            description: Markup::of(&category.description),
            count: count(view.listing.articles.total, "article"),
            feed: urls::feed(of, blog_core::urls::FeedFormat::Atom),
            listing,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sort_has_a_name() {
        let names: Vec<&str> = CategorySort::ALL.into_iter().map(sort_name).collect();
        assert_eq!(names, ["Name", "Count", "Latest"]);
        assert_eq!(sort_title(CategorySort::default()), None);
    }
}
