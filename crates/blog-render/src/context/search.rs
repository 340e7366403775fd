//! The search page: a form that works without JavaScript and, for a query,
//! its results with the matching words marked. The bare page also runs the
//! static search's script, for a copy of the site served as plain files.

use blog_core::{Category, PageNumber, SearchHit, SearchView, Site, Slug, TagCount, urls};
use serde::Serialize;

use super::head::Head;
use super::pager::{Labels, Pager};
use super::{Date, Document, Label, Nav, Section, count, labels, paged, tag_labels, trail};

#[derive(Debug, Serialize)]
pub(crate) struct SearchPage {
    /// The query as typed, to fill the form in again.
    text: String,
    categories: Vec<Choice>,
    tags: Vec<Choice>,
    results: Option<Results>,
    /// Where the static search's index is, for its script (on the bare
    /// page, which a static copy of the site answers to every search).
    index: &'static str,
}

/// An option of a filter.
#[derive(Debug, Serialize)]
struct Choice {
    value: String,
    name: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct Results {
    /// "3 results for “words” in Rust, tagged async".
    summary: String,
    /// Whether a category or tag narrowed the search.
    filtered: bool,
    hits: Vec<Hit>,
    pager: Option<Pager>,
}

#[derive(Debug, Serialize)]
struct Hit {
    title: String,
    url: String,
    date: Date,
    snippet: Vec<Fragment>,
    categories: Vec<Label>,
    tags: Vec<Label>,
}

/// A run of a snippet: plain text, marked when it matched.
#[derive(Debug, Serialize)]
struct Fragment {
    text: String,
    matched: bool,
}

impl Hit {
    fn of(hit: &SearchHit, categories: &[Category]) -> Self {
        let headline = &hit.headline;
        Self {
            title: headline.title.to_string(),
            url: urls::article(&headline.slug),
            date: Date::of(headline.published_at),
            snippet: hit
                .snippet
                .0
                .iter()
                .map(|f| Fragment {
                    text: f.text.clone(),
                    matched: f.matched,
                })
                .collect(),
            categories: labels(&headline.categories, categories),
            tags: tag_labels(&headline.tags),
        }
    }
}

/// The search for `text` narrowed to `category` and `tag`: what a link to
/// another page of its results keeps.
struct Search<'a> {
    text: &'a str,
    category: Option<&'a Slug>,
    tag: Option<&'a Slug>,
}

impl Search<'_> {
    /// The URL of page `page` of the results.
    fn url(&self, page: PageNumber) -> String {
        let page = page.to_string();
        let mut pairs = vec![("q", self.text)];
        pairs.extend(self.category.map(|c| ("category", c.as_str())));
        pairs.extend(self.tag.map(|t| ("tag", t.as_str())));
        if page != "1" {
            pairs.push(("page", &page));
        }
        format!("{}?{}", urls::SEARCH, query_string(&pairs))
    }
}

/// `pairs` as a URL query string, every name and value percent-encoded.
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `text` with every byte but the unreserved characters of RFC 3986
/// (letters, digits, `-`, `.`, `_`, `~`) written as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The categories to filter by, each named with the categories above it,
/// in the order of those names.
fn category_choices(categories: &[Category], selected: Option<&Slug>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = categories
        .iter()
        .map(|c| Choice {
            value: c.slug.to_string(),
            name: trail(&c.slug, categories)
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(" › "),
            selected: selected == Some(&c.slug),
        })
        .collect();
    choices.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.value.cmp(&b.value)));
    choices
}

fn tag_choices(tags: &[TagCount], selected: Option<&Slug>) -> Vec<Choice> {
    tags.iter()
        .map(|t| Choice {
            value: t.tag.slug().to_string(),
            name: t.tag.name().to_owned(),
            selected: selected == Some(t.tag.slug()),
        })
        .collect()
}

/// "3 results for “words”", then the filters: " in Rust, tagged async".
fn summary(view: &SearchView<'_>, total: u64) -> String {
    let query = &view.query;
    let mut text = match total {
        0 => "No results".to_owned(),
        n => count(n, "result"),
    };
    if !view.text.trim().is_empty() {
        text.push_str(&format!(" for “{}”", view.text.trim()));
    }
    if let Some(slug) = &query.category {
        text.push_str(&format!(" in {}", Category::name_in(view.categories, slug)));
    }
    if let Some(slug) = &query.tag {
        let name = view
            .tags
            .iter()
            .find(|t| t.tag.slug() == slug)
            .map_or(slug.as_str(), |t| t.tag.name());
        let join = if query.category.is_some() { "," } else { "" };
        text.push_str(&format!("{join} tagged {name}"));
    }
    text
}

/// `View::Search`: the form and, for a query, its results.
pub(crate) fn search(site: &Site, view: &SearchView<'_>) -> Document<SearchPage> {
    let query = view.query;
    let search = Search {
        text: view.text,
        category: query.category.as_ref(),
        tag: query.tag.as_ref(),
    };
    let results = view.results.map(|page| Results {
        summary: summary(view, page.total),
        filtered: query.category.is_some() || query.tag.is_some(),
        hits: page
            .items
            .iter()
            .map(|h| Hit::of(h, view.categories))
            .collect(),
        pager: Pager::of(page, Labels::PAGES, |n| search.url(n)),
    });
    let title = match view.text.trim() {
        "" => "Search".to_owned(),
        text => paged(&format!("Search: {text}"), query.page),
    };
    let pager = results.as_ref().and_then(|r| r.pager.as_ref());
    let head = Head::new(
        site,
        Some(&title),
        format!("Search the articles of {}.", site.title),
        urls::SEARCH,
    )
    .noindex()
    .pager(pager);
    Document {
        head,
        nav: Nav::page(Section::Search),
        page: SearchPage {
            text: view.text.to_owned(),
            categories: category_choices(view.categories, query.category.as_ref()),
            tags: tag_choices(view.tags, query.tag.as_ref()),
            results,
            index: urls::SEARCH_INDEX,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(percent_encode(text), expected, "{text:?}");
    }

    #[test]
    fn percent_encoding() {
        check("", "");
        check("rust-async_1.0~", "rust-async_1.0~");
        check("a b+c", "a%20b%2Bc");
        check("&q=x#frag?/", "%26q%3Dx%23frag%3F%2F");
        check("\"<é>\"", "%22%3C%C3%A9%3E%22");
        check("100%", "100%25");
    }

    #[test]
    fn result_pages_keep_the_query_and_filters() {
        let rust = Slug::parse("rust").expect("valid slug");
        let search = Search {
            text: "borrow & move",
            category: Some(&rust),
            tag: None,
        };
        assert_eq!(
            search.url(PageNumber::FIRST),
            "/search/?q=borrow%20%26%20move&category=rust"
        );
        let search = Search {
            tag: Some(&rust),
            ..search
        };
        assert_eq!(
            search.url(PageNumber::new(3).expect("nonzero")),
            "/search/?q=borrow%20%26%20move&category=rust&tag=rust&page=3"
        );
    }
}
