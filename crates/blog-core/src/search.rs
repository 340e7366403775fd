//! Full-text search: what a reader's query means, which articles match it,
//! and what a hit shows.
//!
//! The matching rule is defined here once: a query is a list of terms (the
//! words of what the reader typed, lowercased); an article matches when each
//! term is a whole word of its title, its given summary or its text. Stores
//! rank the matches their own way (best first), but the set of matches is
//! the same for every backend, as the conformance suite checks.

use serde::{Deserialize, Serialize};

use crate::{
    Article, Category, CategoryTree, Headline, ListQuery, Page, PageNumber, PerPage, Scope, Slug,
};

/// The most terms a query uses; the rest of a long query is ignored.
pub const MAX_TERMS: usize = 8;

/// The words of a search query, lowercased, each once, in the order typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    /// The terms of `text`: its words (runs of letters and digits), lowercased,
    /// duplicates dropped, at most [`MAX_TERMS`].
    pub fn parse(text: &str) -> Self {
        let mut terms: Vec<String> = Vec::new();
        for word in words(text) {
            if terms.len() == MAX_TERMS {
                break;
            }
            if !terms.contains(&word) {
                terms.push(word);
            }
        }
        Self(terms)
    }

    /// The terms, in the order typed.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether the query has no term at all (then nothing matches).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `article` matches: each term is a word of its title, given
    /// summary or text (as [`index_text`] keeps it: not the names inside
    /// HTML tags or link targets). An empty query matches nothing.
    pub fn matches(&self, article: &Article) -> bool {
        if self.is_empty() {
            return false;
        }
        let mut found = vec![false; self.0.len()];
        let body = index_text(article.body.as_str());
        let fields = [
            article.title.as_str(),
            article.summary.as_deref().unwrap_or(""),
            body.as_str(),
        ];
        for word in fields.into_iter().flat_map(words) {
            if let Some(i) = self.0.iter().position(|t| *t == word) {
                found[i] = true;
            }
        }
        found.into_iter().all(|f| f)
    }

    /// Whether `word` (as [`SearchTerms::parse`] would split it) is a term.
    pub fn contains(&self, word: &str) -> bool {
        self.0.iter().any(|t| t.as_str() == word.to_lowercase())
    }
}

/// The words of `text`, lowercased: runs of alphanumeric characters.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A search: the terms, filters, and the page of results wanted. Only
/// articles public at `now` are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// What to look for.
    pub terms: SearchTerms,
    /// The moment at which visibility is judged.
    pub now: chrono::DateTime<chrono::Utc>,
    /// Only articles in this category or below it, if set.
    pub category: Option<Slug>,
    /// Only articles with this tag, if set.
    pub tag: Option<Slug>,
    /// The page wanted.
    pub page: PageNumber,
    /// Results per page.
    pub per_page: PerPage,
}

impl SearchQuery {
    /// The first page of public articles matching `text` at `now`.
    pub fn new(text: &str, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            terms: SearchTerms::parse(text),
            now,
            category: None,
            tag: None,
            page: PageNumber::FIRST,
            per_page: PerPage::DEFAULT,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The article found.
    pub headline: Headline,
    /// A short passage of it with the matching words marked.
    pub snippet: Snippet,
}

/// A passage of plain text, cut into runs that match the query or not.
/// Plain text: a renderer escapes every run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Snippet(pub Vec<Fragment>);

/// A run of a [`Snippet`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    /// The text.
    pub text: String,
    /// Whether it is a word the query asked for.
    pub matched: bool,
}

impl Snippet {
    /// The text of the snippet with each match in brackets, `a [match] b`:
    /// for tests and logs.
    pub fn bracketed(&self) -> String {
        self.0
            .iter()
            .map(|f| {
                if f.matched {
                    format!("[{}]", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect()
    }

    /// The text of the snippet, without marks.
    pub fn text(&self) -> String {
        self.0.iter().map(|f| f.text.as_str()).collect()
    }

    /// Parses text in which each match is wrapped in `open` and `close`
    /// markers, as SQLite's `snippet()` writes it.
    pub fn from_marked(marked: &str, open: char, close: char) -> Self {
        let mut fragments = Vec::new();
        let mut rest = marked;
        while !rest.is_empty() {
            match rest.find(open) {
                Some(start) => {
                    push(&mut fragments, &rest[..start], false);
                    let after = &rest[start + open.len_utf8()..];
                    let end = after.find(close).unwrap_or(after.len());
                    push(&mut fragments, &after[..end], true);
                    rest = after.get(end + close.len_utf8()..).unwrap_or("");
                }
                None => {
                    push(&mut fragments, rest, false);
                    rest = "";
                }
            }
        }
        Self(fragments)
    }

    /// A passage of `text` of about `words` words around the first word that
    /// is one of `terms`, with every such word marked; the start of `text` if
    /// none is. `…` shows where text was cut.
    pub fn around(text: &str, terms: &SearchTerms, words: usize) -> Self {
        // Word boundaries, as byte ranges of `text`.
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    spans.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        if words == 0 {
            return Self::default();
        }
        let is_term = |&(s, e): &(usize, usize)| terms.contains(&text[s..e]);
        let first = spans.iter().position(is_term).unwrap_or(0);
        let from = first.saturating_sub(words / 4);
        let to = (from + words).min(spans.len());
        let mut fragments = Vec::new();
        let Some(&(first_word, _)) = spans.get(from) else {
            return Self(fragments);
        };
        // The whole text's edges keep their punctuation; a cut is at a word.
        let begin = if from == 0 { 0 } else { first_word };
        if from > 0 {
            push(&mut fragments, "…", false);
        }
        let mut at = begin;
        for span in &spans[from..to] {
            if is_term(span) {
                push(&mut fragments, &text[at..span.0], false);
                push(&mut fragments, &text[span.0..span.1], true);
                at = span.1;
            }
        }
        let end = if to == spans.len() {
            text.len()
        } else {
            spans.get(to - 1).map_or(text.len(), |&(_, e)| e)
        };
        push(&mut fragments, &text[at..end], false);
        if to < spans.len() {
            push(&mut fragments, "…", false);
        }
        Self(fragments)
    }
}

/// Appends `text` to `fragments`, joined to the last one if it has the same
/// kind; nothing for empty text.
fn push(fragments: &mut Vec<Fragment>, text: &str, matched: bool) {
    if text.is_empty() {
        return;
    }
    match fragments.last_mut() {
        Some(last) if last.matched == matched => last.text.push_str(text),
        _ => fragments.push(Fragment {
            text: text.to_owned(),
            matched,
        }),
    }
}

/// How many words a snippet holds.
pub const SNIPPET_WORDS: usize = 24;

/// The reference search, as [`crate::Store::search`] defines it: the public
/// articles of `articles` matching `query`, ranked by a simple weight of
/// term occurrences (a word of the title counts 8, of the summary 4, of
/// the text 1), then newest first. Backends rank in their own way; the
/// matches and filters are the same.
pub fn search<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    categories: &[Category],
    query: &SearchQuery,
) -> Page<SearchHit> {
    let listing = ListQuery {
        category: query.category.clone(),
        tag: query.tag.clone(),
        scope: Scope::Public,
        ..ListQuery::public(query.now)
    };
    let covered = listing.covered(&CategoryTree::new(categories));
    let mut found: Vec<(usize, &Article)> = articles
        .into_iter()
        .filter(|a| listing.matches(a, covered.as_ref()) && query.terms.matches(a))
        .map(|a| (score(a, &query.terms), a))
        .collect();
    found.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then_with(|| crate::newest_first(a, b)));
    let hits = found
        .into_iter()
        .map(|(_, article)| SearchHit {
            headline: Headline::from(article),
            snippet: Snippet::around(
                &index_text(article.body.as_str()),
                &query.terms,
                SNIPPET_WORDS,
            ),
        })
        .collect();
    Page::from_all(hits, query.page, query.per_page)
}

/// The reference rank of `article` for `terms`.
fn score(article: &Article, terms: &SearchTerms) -> usize {
    let count = |text: &str| words(text).filter(|w| terms.contains(w)).count();
    8 * count(article.title.as_str())
        + 4 * count(article.summary.as_deref().unwrap_or(""))
        + count(&index_text(article.body.as_str()))
}

/// The text of an article's Markdown as a search index keeps it and a
/// snippet shows it: HTML tags and comments, link targets, emphasis and
/// heading marks and control characters removed, whitespace collapsed. An
/// approximation (the core parses no Markdown) that keeps every word a
/// reader sees: only a known HTML element's tag closed on its own line
/// counts as a tag, so `Vec<String>` keeps its `String`, and an unclosed
/// `<` or `](` is text.
pub fn index_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = hidden_markup(rest) {
            out.push(' ');
            rest = &rest[len..];
            continue;
        }
        match c {
            // The `!` of an image.
            '!' if rest[1..].starts_with('[') => {}
            '*' | '_' | '#' | '`' | '[' | ']' | '~' | '|' | '<' | '>' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length of the markup that `text` starts with and [`index_text`]
/// drops, if it does: an HTML tag or comment, a link target. The other
/// characters it drops or blanks (emphasis and heading marks, control
/// characters, the `!` of an image) are never part of a word: the static
/// search's tokenizer, which reads Markdown without making the text first,
/// skips only this markup and finds the same words.
pub(crate) fn hidden_markup(text: &str) -> Option<usize> {
    match text.as_bytes().first() {
        Some(b'<') => html_tag(text),
        Some(b']') => link_target(text),
        _ => None,
    }
}

/// The length of the HTML comment or tag `text` starts with, if it does: a
/// comment up to its `-->`, or `<name …>` / `</name>` where `name` is an
/// HTML element and the `>` comes before the end of the line.
fn html_tag(text: &str) -> Option<usize> {
    if let Some(body) = text.strip_prefix("<!--") {
        return body.find("-->").map(|end| 4 + end + 3);
    }
    let after = text[1..].strip_prefix('/').unwrap_or(&text[1..]);
    let name_len = after
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(after.len());
    let name = after[..name_len].to_ascii_lowercase();
    if !HTML_ELEMENTS.contains(&name.as_str()) {
        return None;
    }
    let tail = &after[name_len..];
    if !tail.starts_with(['>', '/', ' ', '\t']) {
        return None;
    }
    let line = tail.find('\n').unwrap_or(tail.len());
    let close = tail[..line].find('>')?;
    Some(text.len() - tail.len() + close + 1)
}

/// The length of the link target `text` starts with, if it does: `](`, up
/// to its closing `)` on the same line.
fn link_target(text: &str) -> Option<usize> {
    let target = text.strip_prefix("](")?;
    let mut depth = 1usize;
    for (i, c) in target.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(2 + i + 1);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// The elements of HTML, whose tags [`index_text`] removes.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::tests::article;
    use crate::{Markdown, Title};

    fn terms(text: &str) -> Vec<String> {
        SearchTerms::parse(text).as_slice().to_vec()
    }

    #[test]
    fn terms_are_lowercased_words() {
        assert_eq!(terms("Rust  async-IO, rust!"), ["rust", "async", "io"]);
        assert_eq!(terms("Ünïcode Straße"), ["ünïcode", "straße"]);
        assert!(terms("  ... !!! ").is_empty());
        assert_eq!(terms("a b c d e f g h i j").len(), MAX_TERMS);
        // SQL and FTS syntax is only punctuation here.
        assert_eq!(
            terms("\"x\" OR y* NEAR(z) ' ; --"),
            ["x", "or", "y", "near", "z"]
        );
    }

    #[test]
    fn matching_needs_every_term_as_a_whole_word() {
        let mut a = article("a", 1);
        a.title = Title::parse("Async Rust").expect("valid");
        a.summary = Some("A summary about tokio.".to_owned());
        a.body = Markdown::new("Some text on **executors** and `wakers`.");
        let check = |q: &str, expected: bool| {
            assert_eq!(SearchTerms::parse(q).matches(&a), expected, "{q:?}");
        };
        check("rust", true);
        check("RUST tokio executors wakers", true);
        check("rust python", false);
        check("exec", false);
        check("", false);
    }

    fn marked(snippet: &Snippet) -> String {
        snippet.bracketed()
    }

    #[test]
    fn snippets_from_marked_text() {
        let s = Snippet::from_marked(
            "…the \u{2}Rust\u{3} book on \u{2}async\u{3}",
            '\u{2}',
            '\u{3}',
        );
        assert_eq!(marked(&s), "…the [Rust] book on [async]");
        assert_eq!(s.text(), "…the Rust book on async");
        assert_eq!(
            marked(&Snippet::from_marked("\u{2}open", '\u{2}', '\u{3}')),
            "[open]"
        );
        assert!(Snippet::from_marked("", '\u{2}', '\u{3}').0.is_empty());
    }

    #[test]
    fn snippets_around_the_first_match() {
        let text = "one two three four five six seven eight nine ten Rust eleven twelve rust";
        let terms = SearchTerms::parse("rust");
        assert_eq!(
            marked(&Snippet::around(text, &terms, 6)),
            "…ten [Rust] eleven twelve [rust]"
        );
        assert_eq!(
            marked(&Snippet::around(text, &terms, 3)),
            "…[Rust] eleven twelve…"
        );
        assert_eq!(
            marked(&Snippet::around("no match here at all", &terms, 3)),
            "no match here…"
        );
        assert!(Snippet::around("", &terms, 3).0.is_empty());
        assert!(Snippet::around(text, &terms, 0).0.is_empty());
    }

    #[test]
    fn reference_search_ranks_filters_and_pages() {
        let mut title = article("in-title", 1);
        title.title = Title::parse("Rust lifetimes").expect("valid");
        let mut body = article("in-body", 5);
        body.body = Markdown::new("We talk about <b>rust</b> here, and lifetimes.");
        let mut both_terms_once = article("once", 3);
        both_terms_once.body = Markdown::new("Rust and nothing else.");
        let mut draft = article("draft", 2);
        draft.title = Title::parse("Rust draft").expect("valid");
        draft.status = crate::Status::Draft;
        let all = [title, body, both_terms_once, draft];
        let now = crate::article::tests::at(30);
        let found = |text: &str, page: u32, per_page: u32| -> (Vec<String>, u64) {
            let query = SearchQuery {
                page: PageNumber::new(page).expect("nonzero"),
                per_page: PerPage::new(per_page).expect("valid"),
                ..SearchQuery::new(text, now)
            };
            let page = search(&all, &[], &query);
            (
                page.items
                    .iter()
                    .map(|h| h.headline.slug.to_string())
                    .collect(),
                page.total,
            )
        };
        assert_eq!(
            found("rust", 1, 10),
            (vec!["in-title".into(), "in-body".into(), "once".into()], 3)
        );
        assert_eq!(
            found("rust lifetimes", 1, 10),
            (vec!["in-title".into(), "in-body".into()], 2)
        );
        assert_eq!(found("rust", 2, 2), (vec!["once".into()], 3));
        assert_eq!(found("", 1, 10), (vec![], 0));
        let query = SearchQuery::new("rust", now);
        let hit = &search(&all, &[], &query).items[1];
        assert_eq!(
            marked(&hit.snippet),
            "We talk about [rust] here, and lifetimes."
        );
    }

    #[test]
    fn index_text_keeps_the_words() {
        let check = |md: &str, expected: &str| assert_eq!(index_text(md), expected, "{md:?}");
        check(
            "# Title\n\nSome **bold** and _em_.",
            "Title Some bold and em .",
        );
        check(
            "A [link](https://x.example/a_(b)) and ![img](p.png).",
            "A link and img .",
        );
        check("<script>alert(1)</script> <b>x</b> 1 < 2", "alert(1) x 1 2");
        // Generic types are not tags; an unclosed tag or target is text.
        check(
            "A `Vec<String>` or Option<T>.",
            "A Vec String or Option T .",
        );
        check(
            "<div class=\"x\"\nspans lines",
            "div class=\"x\" spans lines",
        );
        check("Text <!-- hidden\nnote --> shown", "Text shown");
        check("<!-- never closed", "!-- never closed");
        check("[a](unclosed\nnext", "a (unclosed next");
        check("</DIV><Br/>x", "x");
        check("`code` ~~old~~ > quote | cell", "code old quote cell");
        check("bell\u{7}\u{2}marker\u{3}", "bell marker");
        check("", "");
    }
}
