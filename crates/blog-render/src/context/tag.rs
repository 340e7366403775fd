//! The list of tags, and the page of one tag.

use blog_core::urls::{FeedFormat, FeedOf};
use blog_core::{Site, TagView, TagsView, urls};
use serde::Serialize;

use super::head::Head;
use super::listing::Listing;
use super::{Document, Label, Nav, Section, count, paged};

#[derive(Debug, Serialize)]
pub(crate) struct TagsPage {
    count: String,
    tags: Vec<TagEntry>,
}

/// A tag with the number of its articles.
#[derive(Debug, Serialize)]
struct TagEntry {
    name: String,
    url: String,
    count: String,
}

/// `View::Tags`: every tag, with its count.
pub(crate) fn tags(site: &Site, view: &TagsView<'_>) -> Document<TagsPage> {
    Document {
        head: Head::new(
            site,
            Some("Tags"),
            format!("Every tag of {}, with its articles.", site.title),
            urls::TAGS,
        ),
        nav: Nav::page(Section::Tags),
        page: TagsPage {
            count: count(view.tags.len() as u64, "tag"),
            tags: view
                .tags
                .iter()
                .map(|t| {
                    let label = Label::tag(&t.tag);
                    TagEntry {
                        name: label.name,
                        url: label.url,
                        count: count(t.articles, "article"),
                    }
                })
                .collect(),
        },
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct TagPage {
    name: String,
    count: String,
    /// Its Atom feed.
    feed: Option<String>,
    listing: Listing,
}

/// `View::Tag`: one tag's articles.
pub(crate) fn tag(site: &Site, view: &TagView<'_>) -> Document<TagPage> {
    let tag = view.tag;
    let slug = tag.slug();
    let number = view.listing.articles.number;
    let listing = Listing::of(&view.listing, |n| urls::tag(slug, n));
    let of = FeedOf::Tag(slug);
    let title = format!("Tagged “{}”", tag.name());
    Document {
        head: Head::new(
            site,
            Some(&paged(&title, number)),
            format!("Articles of {} tagged “{}”.", site.title, tag.name()),
            &urls::tag(slug, number),
        )
        .pager(listing.pager())
        .feed(site, of, tag.name()),
        nav: Nav::within(Section::Tags),
        page: TagPage {
            name: tag.name().to_owned(),
            count: count(view.listing.articles.total, "article"),
            feed: urls::feed(of, FeedFormat::Atom),
            listing,
        },
    }
}
