//! JSON-LD (schema.org) that tells search engines what a page is: a
//! `BlogPosting`, a `BreadcrumbList`, the `Blog` and `WebSite` themselves.
//!
//! The JSON goes inside `<script type="application/ld+json">`, where HTML
//! escaping does not apply and `</script>` in a title would end the element.
//! [`JsonLd`] writes `<`, `>` and `&` (and U+2028, U+2029, which some JSON
//! readers take for line ends, and the characters HTML forbids) as `\u`
//! escapes, so that no text can close the element or be read as markup, and
//! the JSON means the same.

use blog_core::{PageNumber, Site, urls};
use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use super::Label;

/// JSON-LD ready to print inside a `<script type="application/ld+json">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonLd(String);

impl JsonLd {
    /// The document of `nodes`: the node itself when there is one, else an
    /// `@graph` of them.
    pub(crate) fn of(nodes: Vec<Value>) -> Self {
        let mut document = match <[Value; 1]>::try_from(nodes) {
            Ok([node]) => node,
            Err(nodes) => json!({ "@graph": nodes }),
        };
        if let Value::Object(fields) = &mut document {
            fields.insert("@context".to_owned(), json!("https://schema.org"));
        }
        Self(script_safe(&document.to_string()))
    }

    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for JsonLd {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        minijinja::Value::from_safe_string(self.0.clone()).serialize(serializer)
    }
}

/// `json` with every character that could end a `<script>` element or be
/// read as markup written as a `\u` escape. Outside strings, JSON has none
/// of these characters, so the escapes only ever land inside strings, where
/// they mean the same character.
fn script_safe(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            // What HTML forbids (C1 controls, noncharacters), which pages
            // leave out of text, is escaped here, to mean the same.
            c if !crate::sanitize::is_html_char(c) => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    safe.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => safe.push(c),
        }
    }
    safe
}

/// The site as the author and publisher of its articles.
fn organization(site: &Site) -> Value {
    json!({
        "@type": "Organization",
        "name": site.title,
        "url": site.base_url.join(&urls::home(PageNumber::FIRST)),
    })
}

/// The front page: the blog, and the web site with its search.
pub(crate) fn home(site: &Site) -> Vec<Value> {
    let url = site.base_url.join(&urls::home(PageNumber::FIRST));
    let search = format!("{}?q={{query}}", site.base_url.join(urls::SEARCH));
    vec![
        json!({
            "@type": "Blog",
            "name": site.title,
            "description": site.description,
            "url": url,
            "publisher": organization(site),
        }),
        json!({
            "@type": "WebSite",
            "name": site.title,
            "description": site.description,
            "url": url,
            "potentialAction": {
                "@type": "SearchAction",
                "target": search,
                "query-input": "required name=query",
            },
        }),
    ]
}

/// The trail from the top of the site to a page, each step linked.
pub(crate) fn breadcrumbs(site: &Site, steps: &[Label]) -> Value {
    let items: Vec<Value> = steps
        .iter()
        .zip(1u32..)
        .map(|(step, position)| {
            json!({
                "@type": "ListItem",
                "position": position,
                "name": step.name,
                "item": site.base_url.join(&step.url),
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// What [`posting`] describes.
#[derive(Debug)]
pub(crate) struct Posting<'a> {
    pub(crate) headline: &'a str,
    pub(crate) description: &'a str,
    /// RFC 3339.
    pub(crate) published: &'a str,
    pub(crate) modified: &'a str,
    /// The article's path.
    pub(crate) path: &'a str,
    /// Its tags.
    pub(crate) keywords: Vec<&'a str>,
    /// Its categories' names.
    pub(crate) sections: Vec<&'a str>,
    pub(crate) series: Option<SeriesPart<'a>>,
}

/// The series an article is part of, and where.
#[derive(Debug)]
pub(crate) struct SeriesPart<'a> {
    pub(crate) name: &'a str,
    pub(crate) path: &'a str,
    pub(crate) position: u32,
}

/// An article as a `BlogPosting`.
pub(crate) fn posting(site: &Site, posting: &Posting<'_>) -> Value {
    let url = site.base_url.join(posting.path);
    let mut node = json!({
        "@type": "BlogPosting",
        "headline": posting.headline,
        "description": posting.description,
        "datePublished": posting.published,
        "dateModified": posting.modified,
        "url": url,
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "author": organization(site),
        "publisher": organization(site),
    });
    if let Value::Object(fields) = &mut node {
        if !posting.keywords.is_empty() {
            fields.insert("keywords".to_owned(), json!(posting.keywords));
        }
        if !posting.sections.is_empty() {
            fields.insert("articleSection".to_owned(), json!(posting.sections));
        }
        if let Some(series) = &posting.series {
            fields.insert(
                "isPartOf".to_owned(),
                json!({
                    "@type": "CreativeWorkSeries",
                    "name": series.name,
                    "url": site.base_url.join(series.path),
                }),
            );
            fields.insert("position".to_owned(), json!(series.position));
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str, expected: &str) {
        assert_eq!(script_safe(json), expected, "{json:?}");
    }

    #[test]
    fn nothing_can_close_the_script_element() {
        check(r#"{"a":"b"}"#, r#"{"a":"b"}"#);
        check(
            r#"{"t":"</script><script>alert(1)</script>"}"#,
            r#"{"t":"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"}"#,
        );
        check(r#"{"t":"<!-- a & b"}"#, r#"{"t":"\u003c!-- a \u0026 b"}"#);
        check(
            "{\"t\":\"a\u{2028}b\u{2029}\"}",
            r#"{"t":"a\u2028b\u2029"}"#,
        );
    }

    #[test]
    fn characters_html_forbids_are_escaped() {
        // Found by the `import` fuzz target: a C1 control in an article's
        // summary reached the page inside its JSON-LD, where every other
        // text leaves it out.
        let text = "a\u{88}b\u{fdd0}\u{ffff}\u{1fffe}\u{7f}é";
        let json_ld = JsonLd::of(vec![json!({ "@type": "Thing", "name": text })]);
        assert_eq!(
            json_ld.as_str(),
            r#"{"@context":"https://schema.org","@type":"Thing","name":"a\u0088b\ufdd0\uffff\ud83f\udffe\u007fé"}"#
        );
        let parsed: Value = serde_json::from_str(json_ld.as_str()).expect("still JSON");
        assert_eq!(parsed["name"], text);
    }

    #[test]
    fn hostile_titles_mean_the_same_once_escaped() {
        let hostile = "</script><script>alert(1)</script> & \u{2028}";
        let json_ld = JsonLd::of(vec![json!({ "@type": "Thing", "name": hostile })]);
        let text = json_ld.as_str();
        assert!(!text.contains(['<', '>', '&', '\u{2028}']), "{text}");
        let parsed: Value = serde_json::from_str(text).expect("still JSON");
        assert_eq!(parsed["name"], hostile);
        assert_eq!(parsed["@context"], "https://schema.org");
    }

    #[test]
    fn several_nodes_make_a_graph() {
        let json_ld = JsonLd::of(vec![json!({ "@type": "A" }), json!({ "@type": "B" })]);
        let parsed: Value = serde_json::from_str(json_ld.as_str()).expect("JSON");
        assert_eq!(parsed["@graph"][1]["@type"], "B");
        assert_eq!(parsed["@context"], "https://schema.org");
    }

    #[test]
    fn postings_name_their_series_and_position() {
        let site = Site::default();
        let node = posting(
            &site,
            &Posting {
                headline: "Part two",
                description: "d",
                published: "2025-01-01T00:00:00Z",
                modified: "2025-01-02T00:00:00Z",
                path: "/articles/two/",
                keywords: vec!["rust"],
                sections: vec![],
                series: Some(SeriesPart {
                    name: "Engine",
                    path: "/series/engine/",
                    position: 2,
                }),
            },
        );
        assert_eq!(node["url"], "http://127.0.0.1:3000/articles/two/");
        assert_eq!(node["mainEntityOfPage"]["@id"], node["url"]);
        assert_eq!(
            node["isPartOf"]["url"],
            "http://127.0.0.1:3000/series/engine/"
        );
        assert_eq!(node["position"], 2);
        assert_eq!(node["keywords"], json!(["rust"]));
        assert!(node.get("articleSection").is_none());
    }
}
