//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>), written with
//! serde_json from the same values as the XML feeds.

use serde::Serialize;

use super::Feed;

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: &'a str,
    authors: [Author<'a>; 1],
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    date_published: String,
    date_modified: String,
    /// Category and tag names, each once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
}

/// `feed` as a JSON Feed document.
pub(crate) fn json(feed: &Feed) -> Result<String, serde_json::Error> {
    let items = feed
        .entries
        .iter()
        .map(|entry| {
            let mut tags: Vec<&str> = Vec::with_capacity(entry.categories.len());
            for term in &entry.categories {
                if !tags.contains(&term.term.as_str()) {
                    tags.push(&term.term);
                }
            }
            Item {
                id: &entry.url,
                url: &entry.url,
                title: &entry.title,
                content_html: &entry.content_html,
                summary: &entry.summary,
                date_published: entry.published.rfc3339(),
                date_modified: entry.updated.rfc3339(),
                tags,
            }
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: &feed.page_url,
        feed_url: &feed.self_url,
        description: &feed.description,
        authors: [Author {
            name: &feed.author.name,
            url: &feed.author.url,
        }],
        items,
    })?;
    json.push('\n');
    Ok(json)
}
