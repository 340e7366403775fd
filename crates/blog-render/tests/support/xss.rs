//! Whether rendered HTML could run script, judged by reading it as a browser
//! does: with html5ever's tokenizer (the spec's, with character references
//! decoded), not by searching for substrings. Shared by the tests of this
//! crate: `#[path = "support/xss.rs"] mod xss;`.
//!
//! [`danger`] is meant for fragments of article HTML, which the sanitiser's
//! allow-list shapes: it rejects anything that can run or load script, change
//! how the rest of the page is parsed, or send the reader's input somewhere.
//!
//! Why a tokenizer is enough here, and a tree builder isn't needed: the
//! tokenizer reads every tag in the data state, whereas a browser switches
//! to raw text after `<script>`, `<style>`, `<textarea>`, `<title>`,
//! `<xmp>`, `<iframe>`, `<noembed>`, `<noframes>`, `<noscript>` and
//! `<plaintext>`, and reads CDATA only inside `<svg>` or `<math>`. All of
//! those are forbidden elements themselves, so on any HTML that passes, the
//! browser's tokens are the ones checked here.

#![allow(dead_code)] // Each test file uses its own part.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements that must not appear: they run script, load or embed other
/// documents or plugins, change the document's base URL, refresh or
/// encoding, submit forms, style the page, switch the parser into raw text
/// or foreign content, or stand for a whole document.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "applet",
    "audio",
    "base",
    "basefont",
    "bgsound",
    "body",
    "button",
    "embed",
    "form",
    "frame",
    "frameset",
    "head",
    "html",
    "iframe",
    "image",
    "isindex",
    "keygen",
    "link",
    "marquee",
    "math",
    "meta",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "param",
    "plaintext",
    "portal",
    "script",
    "select",
    "source",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
    "track",
    "video",
    "xmp",
];

/// Attributes that hold a URL (or, for `srcset`, several) a browser may
/// follow, load or run.
const URL_ATTRIBUTES: &[&str] = &[
    "action",
    "archive",
    "background",
    "cite",
    "classid",
    "codebase",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "icon",
    "longdesc",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "profile",
    "src",
    "srcset",
    "usemap",
    "xlink:href",
];

/// Attributes that must not appear whatever their value: styling (which can
/// load URLs and hide or fake content), a whole document in an attribute,
/// and namespace and custom-element switches.
const FORBIDDEN_ATTRIBUTES: &[&str] = &["style", "srcdoc", "xmlns", "is", "http-equiv"];

/// The only URL schemes allowed; a URL without a scheme is relative.
const SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Why a script could run from `html`, or something else the allow-list
/// forbids could happen, if it could: a forbidden element or attribute, an
/// event-handler attribute, a URL with a scheme other than `http`, `https`
/// or `mailto` (after character references are decoded and the whitespace
/// and control characters a browser ignores are removed), a comment, a
/// doctype, or a tokenizer error (markup a browser might repair in an
/// unexpected way).
pub fn danger(html: &str) -> Option<String> {
    check(html, &[])
}

/// The elements of the theme's page skeleton: allowed in a whole page, not
/// in an article's HTML.
const PAGE_ELEMENTS: &[&str] = &[
    "html", "head", "body", "title", "meta", "link", "form", "select", "button",
];

/// As [`danger`], for a whole page of the site: the theme's skeleton
/// elements and its doctype pass, and a `<script>` only as the JSON-LD data
/// block (`type="application/ld+json"`, which no browser runs).
pub fn page_danger(html: &str) -> Option<String> {
    check(html, PAGE_ELEMENTS)
}

fn check(html: &str, allowed: &[&str]) -> Option<String> {
    let page = !allowed.is_empty();
    tokens(html).into_iter().find_map(|token| match token {
        Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
            let element = tag.name.to_ascii_lowercase();
            let data_block = page
                && &*element == "script"
                && tag.attrs.len() == 1
                && &*tag.attrs[0].name.local == "type"
                && &*tag.attrs[0].value == "application/ld+json";
            if FORBIDDEN_ELEMENTS.contains(&element.as_str())
                && !allowed.contains(&element.as_str())
                && !data_block
            {
                return Some(format!("element <{element}>"));
            }
            tag.attrs.iter().find_map(|attribute| {
                let name = attribute.name.local.to_ascii_lowercase();
                let value = &*attribute.value;
                if name.starts_with("on") {
                    Some(format!("event handler {name}={value:?} on <{element}>"))
                } else if FORBIDDEN_ATTRIBUTES.contains(&name.as_str()) {
                    Some(format!("attribute {name}={value:?} on <{element}>"))
                } else if URL_ATTRIBUTES.contains(&name.as_str()) {
                    urls(&name, value)
                        .find_map(scheme)
                        .filter(|scheme| !SCHEMES.contains(&scheme.as_str()))
                        .map(|scheme| format!("{scheme}: URL in {name}={value:?} on <{element}>"))
                } else {
                    None
                }
            })
        }
        Token::CommentToken(comment) => Some(format!("comment <!--{comment}-->")),
        Token::DoctypeToken(_) if !page => Some("doctype".to_owned()),
        Token::NullCharacterToken => Some("NUL character".to_owned()),
        Token::ParseError(error) => Some(format!("parse error: {error}")),
        _ => None,
    })
}

/// Elements inside a word: `<b>wo</b>rd` is one word.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "code", "del", "em", "i", "kbd", "mark", "s", "span", "strong", "sub", "sup",
];

/// The text a reader sees in `html`, and image descriptions, as words (runs
/// of letters and digits). Both with and without a break at inline tags,
/// since `<b>wo</b>rd` is one word, but so are the parts of `Text<sup>1</sup>`.
pub fn visible_words(html: &str) -> Vec<String> {
    let (mut joined, mut split) = (String::new(), String::new());
    for token in tokens(html) {
        match token {
            Token::CharacterTokens(text) => {
                joined.push_str(&text);
                split.push_str(&text);
            }
            Token::TagToken(tag) => {
                if !INLINE_ELEMENTS.contains(&&*tag.name) {
                    joined.push(' ');
                }
                split.push(' ');
                for attribute in &tag.attrs {
                    if &*attribute.name.local == "alt" {
                        split.push_str(&attribute.value);
                        split.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    let mut all = words(&joined);
    all.extend(words(&split));
    all
}

/// The runs of letters and digits in `text`.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The values of `attribute` in the start tags of `element` in `html`.
pub fn attribute_values(html: &str, element: &str, attribute: &str) -> Vec<String> {
    tokens(html)
        .into_iter()
        .filter_map(|token| match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && &*tag.name == element => tag
                .attrs
                .iter()
                .find(|a| &*a.name.local == attribute)
                .map(|a| a.value.to_string()),
            _ => None,
        })
        .collect()
}

/// The `id` of every element of `html` that has one, with the element's
/// name, in order.
pub fn ids(html: &str) -> Vec<(String, String)> {
    tokens(html)
        .into_iter()
        .filter_map(|token| match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => tag
                .attrs
                .iter()
                .find(|a| &*a.name.local == "id")
                .map(|a| (tag.name.to_string(), a.value.to_string())),
            _ => None,
        })
        .collect()
}

/// The hostile inputs of `tests/fixtures/xss-vectors.txt`: one a line,
/// without comments (`#`) and blank lines, with `\n` read as a newline.
pub fn vectors() -> Vec<String> {
    // Relative to this file, which the end-to-end tests include too.
    include_str!("../fixtures/xss-vectors.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.replace("\\n", "\n"))
        .collect()
}

/// The URLs in the value of attribute `name`: one, or each candidate of a
/// `srcset`.
fn urls<'v>(name: &str, value: &'v str) -> Box<dyn Iterator<Item = &'v str> + 'v> {
    if name == "srcset" {
        Box::new(
            value
                .split(',')
                .map(|candidate| candidate.split_whitespace().next().unwrap_or_default()),
        )
    } else {
        Box::new(std::iter::once(value))
    }
}

/// The scheme of `url`, lowercased, as a browser reads it: whitespace and
/// control characters, which it strips or ignores, removed first.
fn scheme(url: &str) -> Option<String> {
    let url: String = url
        .chars()
        .filter(|&c| !(c.is_control() || c.is_whitespace()))
        .collect();
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// The tokens of `html`, read in the data state throughout.
fn tokens(html: &str) -> Vec<Token> {
    #[derive(Default)]
    struct Collect(RefCell<Vec<Token>>);
    impl TokenSink for Collect {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            self.0.borrow_mut().push(token);
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(
        Collect::default(),
        TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[test]
fn danger_is_detected() {
    for safe in [
        "<p>Safe, on the whole: javascript: is only text, and so is onclick=x.</p>",
        r#"<a href="https://example.org/a?b=javascript:x" rel="noopener noreferrer">x</a>"#,
        r##"<a href="#fn-1">1</a> <a href="/relative/">r</a> <a href="mailto:a@b.c">m</a>"##,
        r#"<img src="a.png" alt="onerror=x" loading="lazy"> <input type="checkbox" disabled="">"#,
        r#"<pre><code class="language-html">&lt;script&gt;</code></pre>"#,
    ] {
        assert_eq!(danger(safe), None, "{safe}");
    }
    for dangerous in [
        "<SCRIPT>alert(1)</SCRIPT>",
        "<svg><circle /></svg>",
        "<img src=x onerror=alert(1)>",
        "<img src=x OnError=alert(1)>",
        "<a href=\"JavaScript:x\">",
        "<a href=' data:text/html,x'>",
        "<a href=\"&#106;avascript:x\">",
        "<a href=\"&#x6A&#x61vascript:x\">",
        "<a href=\"&#0000106avascript:x\">",
        "<a href=\"java&#x09;script:x\">",
        "<a href=\"java\nscript:x\">",
        "<a href=\"&#1;javascript:x\">",
        "<a href=\"vbscript:x\">",
        "<a href=\"javascript&colon;x\">",
        "<a href=\"ftp://example.org\">",
        "<img src=\"a.png\" srcset=\"b.png 1x, javascript:x 2x\">",
        "<form><button formaction=\"javascript:x\">",
        "<a xlink:href=\"javascript:x\">",
        "<video poster=\"javascript:x\">",
        "<p style=\"color: red\">",
        "<iframe srcdoc=\"x\">",
        "<!-- a comment -->",
        "<![CDATA[x]]>",
        "<!DOCTYPE html>",
        "<a href=\"x\"\"y\">",
        "<meta http-equiv=\"refresh\" content=\"0\">",
    ] {
        assert!(danger(dangerous).is_some(), "{dangerous}");
    }
}

#[test]
fn schemes_are_read_as_browsers_do() {
    assert_eq!(scheme(" JavaScript:x").as_deref(), Some("javascript"));
    assert_eq!(scheme("java\tscript:x").as_deref(), Some("javascript"));
    assert_eq!(scheme("\u{1}\u{0}data:x").as_deref(), Some("data"));
    assert_eq!(scheme("/a:b"), None);
    assert_eq!(scheme("#a:b"), None);
    assert_eq!(scheme("a.png"), None);
}

#[test]
fn visible_words_include_alt_text_and_both_readings_of_tags() {
    let words = visible_words(
        "<p><b>wo</b>rd</p><table><td>a</td><td>b</td></table><p>T<sup>1</sup></p><img alt=\"x y\">",
    );
    for word in ["word", "wo", "rd", "a", "b", "T1", "T", "1", "x", "y"] {
        assert!(words.iter().any(|w| w == word), "{word} in {words:?}");
    }
    assert!(
        !words.iter().any(|w| w == "ab" || w == "wordab"),
        "{words:?}"
    );
}
