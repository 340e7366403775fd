//! The allow-list that rendered Markdown passes through before it reaches a
//! browser.
//!
//! Authors may write raw HTML in Markdown. Everything pulldown-cmark
//! produces is kept; everything else is dropped: no script, style, frame,
//! form or embedded object, no event-handler attribute, and no URL whose
//! scheme is not `http`, `https` or `mailto` (relative URLs pass). Attribute
//! values that pulldown-cmark writes from a fixed set (`class`, `id`,
//! `style`) are checked one by one in [`attribute`].

use std::borrow::Cow;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};

/// Elements kept, with their content.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements dropped together with everything inside them: their content is
/// code, styling or a fallback for something removed, never reading text.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "embed", "iframe", "math", "noscript", "object", "script", "select", "style", "svg",
    "template", "textarea",
];

/// Attributes kept, per element. Links also get `rel="noopener noreferrer"`.
const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("abbr", &["title"]),
    ("code", &["class"]),
    ("details", &["open"]),
    ("div", &["class", "id"]),
    ("img", &["src", "alt", "title"]),
    ("input", &["checked", "disabled"]),
    ("ol", &["start"]),
    ("sup", &["class"]),
    ("td", &["style"]),
    ("th", &["style"]),
];

/// URL schemes allowed in `href` and `src`.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(Default::default())
        .tag_attributes(
            ATTRIBUTES
                .iter()
                .map(|&(tag, attributes)| (tag, attributes.iter().copied().collect()))
                .collect(),
        )
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        // Whatever an author wrote, an `<input>` can only be a checkbox, as
        // in a task list. (One forced attribute only: ammonia adds forced
        // attributes in hash order, and the output must not vary.)
        .set_tag_attribute_value("input", "type", "checkbox")
        .attribute_filter(attribute);
    builder
});

/// If the HTML `tag` opens an element that is dropped with its content,
/// that element's name.
pub(crate) fn dropped_with_content(tag: &str) -> Option<&'static str> {
    let name: String = tag
        .strip_prefix('<')?
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    DROPPED_WITH_CONTENT
        .iter()
        .copied()
        .find(|element| element.eq_ignore_ascii_case(&name))
}

/// Sanitises an HTML fragment.
pub(crate) fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// Checks the values of the attributes pulldown-cmark writes from a fixed
/// set; other attributes were already allowed by name (and URLs by scheme).
fn attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let keep = match (element, attribute) {
        ("code", "class") => value
            .strip_prefix("language-")
            .is_some_and(is_language_name),
        ("div", "class") => value == "footnote-definition",
        ("div", "id") => value
            .strip_prefix("fn-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        ("sup", "class") => matches!(value, "footnote-reference" | "footnote-definition-label"),
        ("td" | "th", "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        _ => true,
    };
    keep.then_some(Cow::Borrowed(value))
}

/// A fenced code block's language as a class name: `rust`, `c++`, `c#`,
/// `objective-c`, `rust,ignore`.
fn is_language_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'#' | b'.' | b',')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(clean(input), expected, "{input:?}");
    }

    #[test]
    fn fixed_attribute_values() {
        check(
            r#"<code class="language-rust">x</code>"#,
            r#"<code class="language-rust">x</code>"#,
        );
        check(r#"<code class="evil">x</code>"#, "<code>x</code>");
        check(r#"<code class="language-a b">x</code>"#, "<code>x</code>");
        check(r#"<div id="fn-12">x</div>"#, r#"<div id="fn-12">x</div>"#);
        check(r#"<div id="main">x</div>"#, "<div>x</div>");
        check(r#"<div id="fn-">x</div>"#, "<div>x</div>");
        check(
            r#"<table><tr><th style="text-align: right">x</th></tr></table>"#,
            r#"<table><tbody><tr><th style="text-align: right">x</th></tr></tbody></table>"#,
        );
        check(r#"<p style="color: red">x</p>"#, "<p>x</p>");
        check(
            r#"<table><tr><td style="background: url(javascript:alert(1))">x</td></tr></table>"#,
            "<table><tbody><tr><td>x</td></tr></tbody></table>",
        );
    }

    #[test]
    fn inputs_are_checkboxes() {
        check(
            r#"<input type="text" name="password">"#,
            r#"<input type="checkbox">"#,
        );
        check(
            r#"<input checked="" onclick="x()">"#,
            r#"<input checked="" type="checkbox">"#,
        );
        check(
            r#"<input disabled="" type="checkbox" checked=""/>"#,
            r#"<input disabled="" checked="" type="checkbox">"#,
        );
    }
}
