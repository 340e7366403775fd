//! Markdown to sanitised HTML, and Markdown to plain text.

use std::collections::HashMap;

use blog_core::{Html, Markdown, Summary};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::sanitize;

/// The Markdown extensions authors can use.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to HTML that is safe to send to a browser.
///
/// CommonMark with tables, footnotes, strikethrough and task lists. Raw HTML
/// in the source is kept only as far as an allow-list permits: no script,
/// style, frame or form survives, nor any event-handler attribute or
/// `javascript:`, `vbscript:` or `data:` URL. Links get
/// `rel="noopener noreferrer"`.
pub fn markdown_to_html(source: &Markdown) -> Html {
    let events = numbered_footnotes(Parser::new_ext(source.as_str(), options()));
    let mut raw = String::with_capacity(source.as_str().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events);
    Html::from_trusted(sanitize::clean(&raw))
}

/// A heading of an article, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`, ...
    pub level: u8,
    /// The heading's `id`, which its anchor link and the table of contents
    /// point to.
    pub id: String,
    /// Its text, without markup.
    pub text: String,
}

/// An article's body rendered, with the headings found in it.
#[derive(Debug, Clone)]
pub struct RenderedMarkdown {
    /// The sanitised HTML.
    pub html: Html,
    /// Its headings of level 2 and 3, in order.
    pub toc: Vec<TocEntry>,
}

/// Renders an article's body as [`markdown_to_html`] does, and lists its
/// headings for a table of contents.
// PLACEHOLDER: heading ids and the table of contents come with the Markdown work.
pub fn render_markdown(source: &Markdown) -> RenderedMarkdown {
    RenderedMarkdown {
        html: markdown_to_html(source),
        toc: Vec::new(),
    }
}

/// Renders Markdown for a feed: as [`markdown_to_html`], with every relative
/// URL made absolute against `page_url`, the absolute URL of the page the
/// text belongs to, since feed readers show it away from the site.
// PLACEHOLDER: absolute URLs come with the Markdown work.
pub fn markdown_to_feed_html(source: &Markdown, page_url: &str) -> Html {
    let _ = page_url;
    markdown_to_html(source)
}

/// Writes footnotes with ids of our own, `fn-1`, `fn-2`, ... in order of
/// first appearance, instead of the author's labels: a label such as `main`
/// would otherwise clash with the page's own ids.
fn numbered_footnotes<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    let mut numbers: HashMap<CowStr<'a>, usize> = HashMap::new();
    let mut number = move |label: CowStr<'a>| {
        let next = numbers.len() + 1;
        *numbers.entry(label).or_insert(next)
    };
    events.map(move |event| match event {
        Event::FootnoteReference(label) => {
            let n = number(label);
            Event::InlineHtml(
                format!(r##"<sup class="footnote-reference"><a href="#fn-{n}">{n}</a></sup>"##)
                    .into(),
            )
        }
        Event::Start(Tag::FootnoteDefinition(label)) => {
            let n = number(label);
            Event::Html(
                format!(
                    r#"<div class="footnote-definition" id="fn-{n}"><sup class="footnote-definition-label">{n}</sup>"#
                )
                .into(),
            )
        }
        Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
        other => other,
    })
}

/// The plain text of a summary, for cards and meta descriptions: a given
/// summary as it is, an excerpt with its Markdown and HTML removed.
pub fn summary_text(summary: Summary<'_>) -> String {
    match summary {
        Summary::Given(text) => text.to_owned(),
        Summary::Excerpt(markdown) => plain_text(markdown),
    }
}

/// The text of Markdown without markup: text and inline code joined, blocks
/// and line breaks turned into spaces, HTML dropped, whitespace collapsed.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    // Inside inline `<script>`, `<style>` and the like: their text is code,
    // which the sanitiser drops from HTML too.
    let mut inside: Option<&str> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::InlineHtml(tag) => match inside {
                Some(element) => {
                    if closes(&tag, element) {
                        inside = None;
                    }
                }
                None => inside = sanitize::dropped_with_content(&tag),
            },
            _ if inside.is_some() => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            Event::End(end) if ends_block(end) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the HTML `tag` is the end tag of `element`.
fn closes(tag: &str, element: &str) -> bool {
    tag.strip_prefix("</")
        .and_then(|rest| rest.get(..element.len()))
        .is_some_and(|name| name.eq_ignore_ascii_case(element))
}

/// Whether `end` closes a block, whose text must not run into the next one.
fn ends_block(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(input: &str) -> String {
        markdown_to_html(&Markdown::new(input)).into_string()
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(render(input), expected, "{input:?}");
    }

    #[test]
    fn commonmark() {
        check("Hello *world*.", "<p>Hello <em>world</em>.</p>\n");
        check("## Part", "<h2>Part</h2>\n");
        check(
            "1. one\n2. two",
            "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n",
        );
        check("3. three", "<ol start=\"3\">\n<li>three</li>\n</ol>\n");
        check("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n");
        check("a  \nb", "<p>a<br>\nb</p>\n");
        check("---", "<hr>\n");
        check(
            "[link](https://example.org \"Title\") ![alt](/img.png \"Pic\")",
            "<p><a href=\"https://example.org\" title=\"Title\" rel=\"noopener noreferrer\">link</a> \
             <img src=\"/img.png\" alt=\"alt\" title=\"Pic\"></p>\n",
        );
        check(
            "<https://example.org> and <mailto:a@b.c>",
            "<p><a href=\"https://example.org\" rel=\"noopener noreferrer\">https://example.org</a> and \
             <a href=\"mailto:a@b.c\" rel=\"noopener noreferrer\">mailto:a@b.c</a></p>\n",
        );
        check("Fish & chips <3", "<p>Fish &amp; chips &lt;3</p>\n");
        check("", "");
    }

    #[test]
    fn tables_keep_their_alignment() {
        check(
            "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |",
            "<table><thead><tr>\
             <th style=\"text-align: left\">a</th>\
             <th style=\"text-align: center\">b</th>\
             <th style=\"text-align: right\">c</th>\
             <th>d</th>\
             </tr></thead><tbody>\n<tr>\
             <td style=\"text-align: left\">1</td>\
             <td style=\"text-align: center\">2</td>\
             <td style=\"text-align: right\">3</td>\
             <td>4</td>\
             </tr>\n</tbody></table>\n",
        );
    }

    #[test]
    fn footnotes_are_numbered_in_order_of_appearance() {
        check(
            "Text[^b] and again[^a].\n\n[^a]: First defined.\n[^b]: Second defined.",
            "<p>Text<sup class=\"footnote-reference\"><a href=\"#fn-1\" rel=\"noopener noreferrer\">1</a></sup> \
             and again<sup class=\"footnote-reference\"><a href=\"#fn-2\" rel=\"noopener noreferrer\">2</a></sup>.</p>\n\
             <div class=\"footnote-definition\" id=\"fn-2\"><sup class=\"footnote-definition-label\">2</sup>\n\
             <p>First defined.</p>\n</div>\n\
             <div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>\n\
             <p>Second defined.</p>\n</div>\n",
        );
        // The author's label never becomes an id: `main` is the page's own.
        check(
            "Ref[^main].\n\n[^main]: Note.",
            "<p>Ref<sup class=\"footnote-reference\"><a href=\"#fn-1\" rel=\"noopener noreferrer\">1</a></sup>.</p>\n\
             <div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup>\n\
             <p>Note.</p>\n</div>\n",
        );
    }

    #[test]
    fn strikethrough() {
        check("~~old~~ new", "<p><del>old</del> new</p>\n");
    }

    #[test]
    fn task_lists() {
        check(
            "- [x] done\n- [ ] todo",
            "<ul>\n<li><input disabled=\"\" checked=\"\" type=\"checkbox\">\ndone</li>\n\
             <li><input disabled=\"\" type=\"checkbox\">\ntodo</li>\n</ul>\n",
        );
    }

    #[test]
    fn code_blocks_name_their_language() {
        check(
            "```rust\nfn main() {}\n```",
            "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n",
        );
        check(
            "```c++ extra words\nint x;\n```",
            "<pre><code class=\"language-c++\">int x;\n</code></pre>\n",
        );
        check("```\nplain\n```", "<pre><code>plain\n</code></pre>\n");
        check("    indented", "<pre><code>indented</code></pre>\n");
        check(
            "```html\n<script>alert(1)</script>\n```",
            "<pre><code class=\"language-html\">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n",
        );
        check(
            "Inline `<b>` code.",
            "<p>Inline <code>&lt;b&gt;</code> code.</p>\n",
        );
    }

    /// Hostile input, and what is left of it.
    const XSS: &[(&str, &str)] = &[
        ("<script>alert(1)</script>", ""),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ""),
        ("<img src=x onerror=alert(1)>", "<img src=\"x\">"),
        (
            "<a href=\"javascript:alert(1)\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "<a href=\"&#x6A;&#x61;vascript&#58;alert(1)\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "<a href=\" javascript:alert(1)\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        ("<svg onload=alert(1)><circle r=1 /></svg>", "<p></p>\n"),
        ("<iframe src=\"https://evil.example\"></iframe>", ""),
        (
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
            "<img>",
        ),
        (
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        ("<style>body { display: none }</style>", ""),
        ("<object data=\"x.swf\"></object>", "<p></p>\n"),
        ("<embed src=\"x.swf\">", ""),
        (
            "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">Go</button></form>",
            "Go",
        ),
        (
            "[x](javascript:alert(1))",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "[x](JAVASCRIPT:alert(1))",
            "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
        ),
        (
            "[x]: javascript:alert(1)\n\n[click][x]",
            "<p><a rel=\"noopener noreferrer\">click</a></p>\n",
        ),
        ("![x](javascript:alert(1))", "<p><img alt=\"x\"></p>\n"),
        (
            "<javascript:alert(1)>",
            "<p><a rel=\"noopener noreferrer\">javascript:alert(1)</a></p>\n",
        ),
        (
            "<p onclick=\"alert(1)\" onmouseover=\"alert(1)\">hi</p>",
            "<p>hi</p>",
        ),
        (
            "<details open ontoggle=alert(1)>x</details>",
            "<details open=\"\">x</details>",
        ),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<p></p>",
        ),
        ("<base href=\"javascript:/\">", ""),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "",
        ),
        (
            "<link rel=stylesheet href=\"https://evil.example/x.css\">",
            "",
        ),
        (
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<div>x</div>",
        ),
        (
            "<a href=\"https://example.org\" target=\"_blank\" onfocus=\"alert(1)\" autofocus>ok</a>",
            "<p><a href=\"https://example.org\" rel=\"noopener noreferrer\">ok</a></p>\n",
        ),
        ("<scr<script>ipt>alert(1)</script>", "<p>&lt;scr</p>\n"),
        ("<!-- <script>alert(1)</script> -->", ""),
    ];

    /// Why a script could run from `html`, if it could: a script or another
    /// dangerous element, an event-handler attribute, or a URL attribute with
    /// a `javascript:`, `vbscript:` or `data:` scheme. Case-insensitive.
    fn danger(html: &str) -> Option<String> {
        let lower = html.to_ascii_lowercase();
        for element in [
            "<script", "<style", "<iframe", "<object", "<embed", "<form", "<svg", "<math", "<base",
            "<meta", "<link",
        ] {
            if lower.contains(element) {
                return Some(format!("element {element}"));
            }
        }
        for (at, _) in lower.match_indices(" on") {
            let name: String = lower[at + 1..]
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            if lower[at + 1 + name.len()..].starts_with('=') {
                return Some(format!("event handler {name}"));
            }
        }
        for attribute in ["href=", "src=", "action=", "formaction="] {
            for (at, _) in lower.match_indices(attribute) {
                let value = lower[at + attribute.len()..].trim_start_matches(['"', '\'', ' ']);
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    if value.starts_with(scheme) {
                        return Some(format!("{attribute}{scheme}"));
                    }
                }
            }
        }
        None
    }

    #[test]
    fn danger_is_detected() {
        assert_eq!(danger("<p>Safe, on the whole.</p>"), None);
        assert!(danger("<SCRIPT>").is_some());
        assert!(danger("<img src=x onerror=alert(1)>").is_some());
        assert!(danger("<a href=\"JavaScript:x\">").is_some());
        assert!(danger("<a href=' data:text/html,x'>").is_some());
    }

    #[test]
    fn hostile_html_is_neutralised() {
        assert!(XSS.len() >= 15);
        for &(input, expected) in XSS {
            let html = render(input);
            assert_eq!(danger(&html), None, "{html:?} from {input:?}");
            assert_eq!(html, expected, "{input:?}");
        }
    }

    fn check_text(markdown: &str, expected: &str) {
        assert_eq!(
            summary_text(Summary::Excerpt(markdown)),
            expected,
            "{markdown:?}"
        );
    }

    #[test]
    fn excerpts_become_plain_text() {
        check_text("Plain.", "Plain.");
        check_text(
            "Some *emphasis* and **strong**.",
            "Some emphasis and strong.",
        );
        check_text("Use `Vec<T>` here.", "Use Vec<T> here.");
        check_text("One\nline\r\nat a time.", "One line at a time.");
        check_text("First.\n\nSecond.", "First. Second.");
        check_text(
            "A [link](https://x.example) and ![img](a.png).",
            "A link and img.",
        );
        check_text(
            "Inline <b>html</b> <script>x</script> gone.",
            "Inline html gone.",
        );
        check_text(
            "A <STYLE>p {}</Style> b <svg><text>t</text></svg> c.",
            "A b c.",
        );
        check_text("Unclosed <script>x and the rest.", "Unclosed");
        check_text("<div>\nblock html\n</div>\n\nText.", "Text.");
        check_text("~~old~~ new", "old new");
        check_text("Fish &amp; chips &lt;3", "Fish & chips <3");
        check_text("  spaced \t out  ", "spaced out");
        check_text("- one\n- two", "one two");
        check_text("Note[^1].\n\n[^1]: Footnote.", "Note. Footnote.");
        check_text("", "");
    }

    #[test]
    fn given_summaries_stay_as_written() {
        for given in ["As *written*, <b>tags</b> & all.", "  padded  ", ""] {
            assert_eq!(summary_text(Summary::Given(given)), given);
        }
    }
}
