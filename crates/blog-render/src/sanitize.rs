//! The allow-list that rendered Markdown passes through before it reaches a
//! browser.
//!
//! Authors may write raw HTML in Markdown. Everything pulldown-cmark and this
//! crate produce is kept; everything else is dropped: no script, style,
//! frame, form or embedded object, no event-handler or `style` attribute
//! (table alignment is a class, so a Content-Security-Policy can forbid
//! inline styles), and no URL whose scheme is not `http`, `https` or
//! `mailto`, nor would be without its whitespace and control characters
//! (relative URLs pass, or are made absolute for a feed). No character HTML
//! forbids survives, not even from a character reference: a URL holding one
//! goes. Links get `rel="noopener noreferrer"`, images `loading="lazy"`.
//! Attribute values that this crate writes from a fixed set (`class`,
//! `aria-label`) or that must have a form (an image's size in pixels) are
//! checked one by one in [`attribute`].
//!
//! Ids are the one attribute whose values are open-ended, and the page has
//! ids of its own (`main`, `toc`, `top`, `content`, the footnotes' `fn-N`)
//! that an author's `<div id="main">` must not duplicate. So no author can set
//! an id: an `id` survives only if the render itself generated that value for
//! a heading or footnote ([`GeneratedIds`]), and each value only once. The
//! generator never makes one of the page's ids, so none can appear twice. An
//! author who copies a generated id onto an element of their own, placed
//! before the heading it belongs to, moves that heading's anchor to their
//! element: their own article's links, and still no clash with the page.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Mutex;

use ammonia::{Builder, Url, UrlRelative};

use crate::highlight;

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
    "span",
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

/// Attributes kept, per element. Links also get `rel="noopener noreferrer"`,
/// and images `loading="lazy"`.
const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "title", "class", "aria-label"]),
    ("abbr", &["title"]),
    ("code", &["class"]),
    ("details", &["open"]),
    ("div", &["class", "id"]),
    ("h1", &["id"]),
    ("h2", &["id"]),
    ("h3", &["id"]),
    ("h4", &["id"]),
    ("h5", &["id"]),
    ("h6", &["id"]),
    ("img", &["src", "alt", "title", "width", "height"]),
    ("input", &["checked", "disabled"]),
    ("ol", &["start"]),
    ("span", &["class"]),
    ("sup", &["class"]),
    ("td", &["class"]),
    ("th", &["class"]),
];

/// URL schemes allowed in `href` and `src`.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// The accessible name of a heading's link to itself.
pub(crate) const ANCHOR_LABEL: &str = "Link to this section";

/// The ids a render generated, which are the only ones it may keep.
#[derive(Debug, Default)]
pub(crate) struct GeneratedIds(HashSet<String>);

impl GeneratedIds {
    /// Records `id` as generated.
    pub(crate) fn insert(&mut self, id: String) {
        self.0.insert(id);
    }

    /// Whether `id` was generated.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.0.contains(id)
    }
}

/// What becomes of relative URLs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Links<'a> {
    /// Kept as written, for the site's own pages.
    AsWritten,
    /// Resolved against this absolute URL, for a feed read away from the site.
    /// (Kept as written if it is not an absolute URL.)
    AbsoluteAgainst(&'a str),
}

/// Whether `c` may appear in an HTML document: not a control character
/// other than ASCII whitespace, not a noncharacter (U+FDD0–U+FDEF, U+xFFFE,
/// U+xFFFF). Text holding others is dropped from pages, as browsers and
/// the Nu HTML Checker treat them as errors.
pub(crate) fn is_html_char(c: char) -> bool {
    let noncharacter = matches!(c, '\u{FDD0}'..='\u{FDEF}') || (u32::from(c) & 0xFFFE) == 0xFFFE;
    !noncharacter && (!c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0C'))
}

/// Whether every character of `text` is one [`is_html_char`] allows:
/// ASCII a byte at a time, as every article's source and page is read so.
fn all_html_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            let control = byte < 0x20 || byte == 0x7F;
            if control && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0C) {
                return false;
            }
            at += 1;
        } else {
            match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_html_char(c) => at += c.len_utf8(),
                _ => return false,
            }
        }
    }
    true
}

/// `text` without the characters [`is_html_char`] refuses.
pub(crate) fn html_chars(text: &str) -> std::borrow::Cow<'_, str> {
    if all_html_chars(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|&c| is_html_char(c)).collect())
    }
}

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

/// Sanitises an HTML fragment, keeping only the `ids` it generated.
///
/// The allow-list is built for each call, as the ids and the base URL
/// differ; that costs a few microseconds against the parse and serialisation.
pub(crate) fn clean(html: &str, ids: GeneratedIds, links: Links<'_>) -> String {
    let url_relative = match links {
        Links::AsWritten => UrlRelative::PassThrough,
        Links::AbsoluteAgainst(base) => match Url::parse(base) {
            Ok(base) => UrlRelative::RewriteWithBase(base),
            Err(_) => UrlRelative::PassThrough,
        },
    };
    // Each generated id is handed out once; the filter is shared, hence the
    // lock (never contended: one render, one thread).
    let unclaimed = Mutex::new(ids);
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
        .url_relative(url_relative)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        // Whatever an author wrote, an `<input>` can only be a checkbox, as
        // in a task list, and images load when they are scrolled to. (One
        // forced attribute per element: ammonia adds an element's forced
        // attributes in hash order, and the output must not vary.)
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("img", "loading", "lazy")
        .attribute_filter(move |element, name, value| {
            if name == "id" {
                let claimed = unclaimed
                    .lock()
                    .is_ok_and(|mut unclaimed| unclaimed.0.remove(value));
                claimed.then_some(Cow::Borrowed(value))
            } else if !value.chars().all(is_html_char) {
                // A character HTML forbids, from a character reference
                // (`&#5;`), which the output leaves out below. Out of a URL
                // it could leave another URL (`java&#5;script:` was a
                // relative one), so the URL goes; other values lose it.
                if matches!(name, "href" | "src") {
                    None
                } else {
                    let allowed = html_chars(value);
                    attribute(element, name, &allowed).map(|kept| Cow::Owned(kept.into_owned()))
                }
            } else {
                attribute(element, name, value)
            }
        });
    let html = without_orphans(&builder.clean(html).to_string());
    // The source was rid of the characters HTML forbids, but a character
    // reference (`&#6;`) can still bring one into the text (attribute values
    // are rid of them above).
    match html_chars(&html) {
        Cow::Borrowed(_) => html,
        Cow::Owned(allowed) => allowed,
    }
}

/// Markup this crate wrote itself (highlighted code), held out of the
/// sanitiser and put back into its output.
///
/// Highlighted code is most of an article's tags (two thirds in the
/// benchmark's corpus), all `<span class="hl-…">` around escaped text, and
/// parsing and serialising them again was most of a render. So the pass
/// writes a placeholder in their place: text no author can write, as it
/// holds a random nonce drawn for each render. The sanitiser treats that
/// text where the code would be (inside `<code>`, inside `<pre>`), and
/// [`Held::put_back`] swaps the markup in, written as the sanitiser would
/// have written it ([`as_serialised`]). Should any placeholder not come
/// back exactly once and in order (an author's `<textarea>` swallowing a
/// code block, say), the caller sanitises the whole markup instead.
#[derive(Debug)]
pub(crate) struct Held {
    nonce: String,
    pieces: Vec<String>,
}

impl Held {
    /// Nothing held yet, under a new nonce.
    pub(crate) fn new() -> Self {
        use std::hash::{BuildHasher, RandomState};
        // Each `RandomState` has keys drawn from the system's randomness.
        let draw = || RandomState::new().hash_one(0u8);
        Self {
            nonce: format!("{:016x}{:016x}", draw(), draw()),
            pieces: Vec::new(),
        }
    }

    /// Holds `markup` (escaped text and `<span class>`es, from
    /// [`crate::highlight`]), and gives the text to write in its place.
    pub(crate) fn hold(&mut self, markup: &str) -> String {
        let number = self.pieces.len();
        self.pieces.push(as_serialised(markup).into_owned());
        self.placeholder(number)
    }

    /// `cleaned`, the sanitiser's output, with every piece back in place
    /// of its placeholder; `None` unless each placeholder is there once, in
    /// order, and as all the text of a `<code>` element, where the render
    /// wrote it. Anywhere else the sanitiser's parser read it otherwise
    /// than it would have read the piece: in an attribute value (an
    /// author's unfinished `<abbr title='` took it there), as text after an
    /// author's `<plaintext>` (where the piece's tags would be text too), or
    /// inside formatting elements it reopened (`<code><b>`).
    pub(crate) fn put_back(&self, cleaned: String) -> Option<String> {
        if self.pieces.is_empty() {
            return Some(cleaned);
        }
        let length = cleaned.len() + self.pieces.iter().map(String::len).sum::<usize>();
        let mut out = String::with_capacity(length);
        let mut pieces = self.pieces.iter().enumerate();
        // Text up to a tag, then the tag, as `without_orphans` reads them.
        let mut rest = cleaned.as_str();
        let mut previous_tag = "";
        while !rest.is_empty() {
            let (text, tag_and_rest) = rest.split_at(rest.find('<').unwrap_or(rest.len()));
            let (tag, after) = tag_and_rest.split_at(tag_end(tag_and_rest));
            if text.contains(&self.nonce) {
                let (number, piece) = pieces.next()?;
                let in_code = (previous_tag == "<code>" || previous_tag.starts_with("<code "))
                    && tag == "</code>";
                if !in_code || text != self.placeholder(number) {
                    return None;
                }
                out.push_str(piece);
            } else {
                out.push_str(text);
            }
            if tag.contains(&self.nonce) {
                return None;
            }
            out.push_str(tag);
            previous_tag = tag;
            rest = after;
        }
        pieces.next().is_none().then_some(out)
    }

    /// The text standing for piece `number`.
    fn placeholder(&self, number: usize) -> String {
        format!("{}{number:08x}", self.nonce)
    }
}

/// Text-and-`<span>` markup as the sanitiser's serialiser writes it: its
/// parser reads every line break as `\n` and its serialiser writes a
/// no-break space as `&nbsp;`; `&`, `<` and `>` are escaped already, and
/// nothing else in text is.
fn as_serialised(markup: &str) -> Cow<'_, str> {
    if !markup.contains(['\r', '\u{a0}']) {
        return Cow::Borrowed(markup);
    }
    Cow::Owned(
        markup
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\u{a0}', "&nbsp;"),
    )
}

/// The ids of the elements of `html`, the sanitiser's output, in which
/// every `<` starts a tag and no attribute value holds a `"`.
pub(crate) fn ids(html: &str) -> HashSet<&str> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = tag_end(rest);
        let id = rest[..end]
            .split_once(" id=\"")
            .and_then(|(_, value)| value.split_once('"'));
        if let Some((id, _)) = id {
            ids.insert(id);
        }
        rest = &rest[end..];
    }
    ids
}

/// The sanitiser's output without what invalid markup it leaves when it
/// removes a URL: the `rel` of a link whose `href` it removed (`rel` needs
/// an `href`), and an image whose `src` it removed, which becomes its
/// description as text.
///
/// The output is html5ever's serialisation: every `<` in it starts a tag,
/// attribute values are double-quoted with `"` escaped, so a tag ends at the
/// first `>` outside quotes.
fn without_orphans(html: &str) -> String {
    const REL: &str = " rel=\"noopener noreferrer\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        let is = |name: &str| {
            tag[1..].starts_with(name) && tag[1 + name.len()..].starts_with([' ', '>', '/'])
        };
        if is("img") && !tag.contains(" src=\"") {
            // The value is escaped for an attribute, which suits text once
            // any `<` and `>` are escaped too.
            let alt = tag
                .split_once(" alt=\"")
                .and_then(|(_, value)| value.split_once('"'))
                .map_or("", |(alt, _)| alt);
            out.push_str(&alt.replace('<', "&lt;").replace('>', "&gt;"));
        } else if is("a") && !tag.contains(" href=\"") {
            out.push_str(&tag.replacen(REL, "", 1));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag `html` starts with: up to its first `>` outside a
/// double-quoted attribute value (all of `html` if it never ends).
fn tag_end(html: &str) -> usize {
    // Both are ASCII, so bytes will do: no byte of another character is
    // either.
    let mut quoted = false;
    for (i, byte) in html.bytes().enumerate() {
        match byte {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Checks the values of the attributes this crate and pulldown-cmark write
/// from a fixed set; other attributes were already allowed by name (and URLs
/// by scheme).
fn attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let keep = match (element, attribute) {
        ("a", "class") => value == "anchor",
        ("a", "aria-label") => value == ANCHOR_LABEL,
        ("code", "class") => value
            .strip_prefix("language-")
            .is_some_and(is_language_name),
        ("div", "class") => value == "footnote-definition",
        // Pixels, so a lazy image keeps its place before it loads.
        ("img", "width" | "height") => {
            (1..=5).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
        }
        ("span", "class") => highlight::is_class(value),
        ("sup", "class") => matches!(value, "footnote-reference" | "footnote-definition-label"),
        ("td" | "th", "class") => matches!(value, "align-left" | "align-center" | "align-right"),
        // ammonia allowed the URL by the scheme the URL standard reads, so
        // `java script:` passed as a relative URL (as browsers read it
        // today); a scheme that whitespace or control characters split
        // goes too.
        ("a", "href") | ("img", "src") => {
            if !hidden_scheme(value).is_none_or(|scheme| URL_SCHEMES.contains(&scheme.as_str())) {
                return None;
            }
            // The URL standard reads a URL without its tabs and line breaks
            // (`http\ns://x` is `https://x`): say it as it is read, so that
            // a feed reader that does not drop them finds the same URL.
            if value.contains(['\t', '\n', '\r']) {
                return Some(Cow::Owned(value.replace(['\t', '\n', '\r'], "")));
            }
            true
        }
        _ => true,
    };
    keep.then_some(Cow::Borrowed(value))
}

/// The scheme `url` would have without its whitespace and control
/// characters, lowercased, if it would have one.
fn hidden_scheme(url: &str) -> Option<String> {
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

    fn clean_with(input: &str, ids: &[&str], links: Links<'_>) -> String {
        let mut generated = GeneratedIds::default();
        for id in ids {
            generated.insert((*id).to_owned());
        }
        clean(input, generated, links)
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(
            clean_with(input, &[], Links::AsWritten),
            expected,
            "{input:?}"
        );
    }

    #[test]
    fn fixed_attribute_values() {
        check(
            r#"<code class="language-rust">x</code>"#,
            r#"<code class="language-rust">x</code>"#,
        );
        check(r#"<code class="evil">x</code>"#, "<code>x</code>");
        check(r#"<code class="language-a b">x</code>"#, "<code>x</code>");
        check(
            r#"<table><tr><th class="align-right">x</th><td class="align-center">y</td></tr></table>"#,
            r#"<table><tbody><tr><th class="align-right">x</th><td class="align-center">y</td></tr></tbody></table>"#,
        );
        check(
            r#"<table><tr><td class="hidden">x</td></tr></table>"#,
            "<table><tbody><tr><td>x</td></tr></tbody></table>",
        );
        check(
            r##"<a class="anchor" href="#x" aria-label="Link to this section">#</a>"##,
            r##"<a class="anchor" href="#x" aria-label="Link to this section" rel="noopener noreferrer">#</a>"##,
        );
        check(
            r#"<a class="button" aria-label="Pay now">x</a>"#,
            r#"<a>x</a>"#,
        );
    }

    #[test]
    fn no_style_attributes() {
        check(r#"<p style="color: red">x</p>"#, "<p>x</p>");
        check(
            r#"<table><tr><td style="text-align: right">x</td></tr></table>"#,
            "<table><tbody><tr><td>x</td></tr></tbody></table>",
        );
        check(
            r#"<table><tr><td style="background: url(javascript:alert(1))">x</td></tr></table>"#,
            "<table><tbody><tr><td>x</td></tr></tbody></table>",
        );
    }

    #[test]
    fn highlight_classes() {
        check(
            r#"<span class="hl-keyword">x</span>"#,
            r#"<span class="hl-keyword">x</span>"#,
        );
        for class in [
            "",
            "keyword",
            "hl-",
            "hl-keyword hl-string",
            "hl-source",
            "hidden",
        ] {
            let input = format!("<span class='{class}'>x</span>");
            check(&input, "<span>x</span>");
        }
    }

    #[test]
    fn only_generated_ids_survive_and_only_once() {
        let clean = |input: &str| clean_with(input, &["intro", "fn-1"], Links::AsWritten);
        assert_eq!(
            clean(r#"<h2 id="intro">a</h2><h2 id="intro">b</h2>"#),
            r#"<h2 id="intro">a</h2><h2>b</h2>"#
        );
        assert_eq!(
            clean(r#"<div id="fn-1">x</div><div id="fn-2">x</div>"#),
            r#"<div id="fn-1">x</div><div>x</div>"#
        );
        for id in ["main", "toc", "top", "content", "fn-2", "Intro", "intro "] {
            assert_eq!(
                clean(&format!(r#"<h3 id="{id}">x</h3><div id="{id}">y</div>"#)),
                "<h3>x</h3><div>y</div>",
                "{id}"
            );
        }
        // Only headings and footnotes carry ids.
        assert_eq!(
            clean(r#"<p id="intro">x</p><a id="intro" name="intro">y</a>"#),
            r#"<p>x</p><a>y</a>"#
        );
    }

    #[test]
    fn images_load_lazily_and_keep_their_size() {
        check(
            r#"<img src="a.png" alt="A" loading="eager" width="640" height="480">"#,
            r#"<img src="a.png" alt="A" width="640" height="480" loading="lazy">"#,
        );
        check(
            r#"<img width="100%" height="1e3" src="b.png">"#,
            r#"<img src="b.png" loading="lazy">"#,
        );
        // An image without its source shows nothing, and is invalid: dropped.
        check(
            r#"<p><img width="1" alt="a &quot;b&quot; &lt;c&gt;"> text</p>"#,
            "<p>a &quot;b&quot; &lt;c&gt; text</p>",
        );
        // A link without a target keeps no `rel`, which needs one; a quoted
        // `>` does not end a tag early.
        check(
            r#"<a title="a > b">x</a> <abbr title="t">y</abbr>"#,
            r#"<a title="a &gt; b">x</a> <abbr title="t">y</abbr>"#,
        );
        check(
            r#"<img width="" height="123456" src="c.png">"#,
            r#"<img src="c.png" loading="lazy">"#,
        );
    }

    #[test]
    fn ids_are_read_from_tags_only() {
        let html = clean_with(
            r#"<h2 id="intro">a</h2><p title='id="t"'>id="text" &lt;b id="escaped"&gt;</p>"#,
            &["intro"],
            Links::AsWritten,
        );
        assert_eq!(ids(&html), HashSet::from(["intro"]), "{html}");
    }

    #[test]
    fn no_scheme_hides_behind_whitespace() {
        // Found by the `markdown` fuzz target: a relative URL to ammonia
        // and to browsers today, a `javascript:` URL once the space goes.
        check(
            r#"<a href="javascript :alert(0)">x</a><img src="java script:x" alt="y">"#,
            "<a>x</a>y",
        );
        check(
            r#"<a href="https ://example.org/">x</a> <a href="/a b:c">y</a>"#,
            r#"<a href="https ://example.org/" rel="noopener noreferrer">x</a> <a href="/a b:c" rel="noopener noreferrer">y</a>"#,
        );
    }

    #[test]
    fn urls_lose_their_tabs_and_line_breaks() {
        // Found by the `markdown` fuzz target: to ammonia (as to browsers)
        // `http\ns://` is `https://`, an absolute URL a feed kept as written.
        check(
            "<img src=\"http\ns://example.org/a.jpg\" alt=\"a\"><a href=\"/x\ty\r\n\">b</a>",
            r#"<img src="https://example.org/a.jpg" alt="a" loading="lazy"><a href="/xy" rel="noopener noreferrer">b</a>"#,
        );
        let feed = clean_with(
            "<img src=\"http\ns://example.org/a.jpg\">",
            &[],
            Links::AbsoluteAgainst("https://blog.example.org/articles/hello/"),
        );
        assert_eq!(
            feed,
            r#"<img src="https://example.org/a.jpg" loading="lazy">"#
        );
    }

    #[test]
    fn feeds_get_absolute_urls() {
        let feed = |input: &str| {
            clean_with(
                input,
                &[],
                Links::AbsoluteAgainst("https://blog.example.org/articles/hello/"),
            )
        };
        assert_eq!(
            feed(r##"<a href="#part">x</a> <a href="../other/">y</a> <img src="/a.png">"##),
            "<a href=\"https://blog.example.org/articles/hello/#part\" rel=\"noopener noreferrer\">x</a> \
             <a href=\"https://blog.example.org/articles/other/\" rel=\"noopener noreferrer\">y</a> \
             <img src=\"https://blog.example.org/a.png\" loading=\"lazy\">"
        );
        assert_eq!(
            feed(r#"<a href="https://example.org/x">x</a><a href="mailto:a@b.c">y</a>"#),
            r#"<a href="https://example.org/x" rel="noopener noreferrer">x</a><a href="mailto:a@b.c" rel="noopener noreferrer">y</a>"#
        );
        assert_eq!(
            feed(r#"<a href="//evil.example/x">x</a>"#),
            r#"<a href="https://evil.example/x" rel="noopener noreferrer">x</a>"#
        );
        // Not an absolute URL: nothing to resolve against.
        assert_eq!(
            clean_with(
                r#"<a href="/x">x</a>"#,
                &[],
                Links::AbsoluteAgainst("/relative/")
            ),
            r#"<a href="/x" rel="noopener noreferrer">x</a>"#
        );
    }

    #[test]
    fn html_chars_are_read_as_the_character_rule_says() {
        let mut chars: Vec<char> = (0u8..=0x7F).map(char::from).collect();
        chars.extend([
            '\u{80}',
            '\u{9F}',
            '\u{A0}',
            'é',
            '\u{FDD0}',
            '\u{FDEF}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{1FFFE}',
            '\u{10FFFF}',
            '日',
            '😀',
            '\u{200B}',
            '\u{FEFF}',
        ]);
        for &c in &chars {
            for text in [
                format!("{c}"),
                format!("ab{c}"),
                format!("é{c}x"),
                format!("{c}日"),
            ] {
                assert_eq!(
                    all_html_chars(&text),
                    text.chars().all(is_html_char),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn held_pieces_come_back_once_each_in_order_and_only_in_code() {
        let mut held = Held::new();
        let first = held.hold("<span class=\"hl-keyword\">fn</span>");
        let second = held.hold("a\r\nb\u{a0}");
        let page = |text: &str| format!("<pre><code>{text}</code></pre>");
        assert_eq!(
            held.put_back(page(&format!("{first}</code><code>{second}"))),
            Some(page(
                "<span class=\"hl-keyword\">fn</span></code><code>a\nb&nbsp;"
            ))
        );
        for wrong in [
            first.clone(),
            format!("{second}{first}"),
            format!("{first}{first}{second}"),
            format!("{first}{second}{second}"),
            format!("{first}</code><code><abbr title=\"{second}\">x</abbr>"),
            format!("<abbr title=\"{first}\">{second}</abbr>"),
            format!("<b>{first}</b></code><code>{second}"),
            format!("{first}</code>&lt;code&gt;{second}&lt;/code&gt;<code>"),
            format!("{first} </code><code>{second}"),
            format!("{first}</code><code>x{second}"),
        ] {
            assert_eq!(held.put_back(page(&wrong)), None, "{wrong}");
        }
        // Nothing held: nothing to find.
        assert_eq!(Held::new().put_back(page("x")), Some(page("x")));
        // Each render draws its own nonce.
        assert_ne!(Held::new().hold("x"), Held::new().hold("x"));
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
