//! Syntax highlighting of fenced code, as CSS classes.
//!
//! A small lexer per kind of language (code, configuration, JSON, markup,
//! patches, Markdown; the languages and their words are in
//! `highlight/languages.rs`) splits a code block into comments, strings,
//! numbers, keywords, names of functions and types, tags and attributes,
//! and gives each the class in [`CLASSES`] that `assets/highlight.css`
//! colours; runs of one class share one `<span>`. Classes rather than inline
//! styles, so that a Content-Security-Policy without `'unsafe-inline'`
//! styles works and the colours follow the reader's light or dark
//! preference.
//!
//! Not syntect: its grammars are thorough, but they ran at ~100 µs a line
//! (6.8 ms for an article with 60 lines of code, against 0.6 ms for all the
//! rest of its rendering), which made highlighting nearly the whole cost of
//! a build. This reads each byte once. What it gives up is depth (no nested
//! languages, no inference from context), which the few colours of a blog
//! never showed.
//!
//! Tokens only ever start and end at ASCII bytes, so text is never cut
//! inside a character. The markup is text escaped (`&`, `<`, `>`) and
//! `<span class>` only, so the article's render holds it out of the
//! sanitiser and puts it back after (`sanitize::Held`); where it cannot, it
//! is sanitised with the rest of the article, whose allow-list accepts
//! exactly these classes on `<span>`.

mod languages;

use languages::{Code, Grammar};

/// Every class [`highlight`] writes.
const CLASSES: &[&str] = &[
    COMMENT, STRING, CONSTANT, KEYWORD, FUNCTION, TYPE, TAG, ATTRIBUTE, HEADING, INSERTED, DELETED,
];

const COMMENT: &str = "hl-comment";
const STRING: &str = "hl-string";
const CONSTANT: &str = "hl-constant";
const KEYWORD: &str = "hl-keyword";
const FUNCTION: &str = "hl-function";
const TYPE: &str = "hl-type";
const TAG: &str = "hl-tag";
const ATTRIBUTE: &str = "hl-attribute";
const HEADING: &str = "hl-heading";
const INSERTED: &str = "hl-inserted";
const DELETED: &str = "hl-deleted";

/// Whether [`highlight`] writes `class`: for the sanitiser's allow-list.
pub(crate) fn is_class(class: &str) -> bool {
    CLASSES.contains(&class)
}

/// `code` highlighted as `language`, as HTML to put inside `<pre><code>`;
/// `None` when the language is unknown (or is plain text), and the code is
/// best shown as it is.
///
/// `language` is the first word of a fence's info string; anything after a
/// comma is an attribute for other tools (`rust,ignore`).
pub(crate) fn highlight(code: &str, language: &str) -> Option<String> {
    let grammar = languages::grammar(language)?;
    let mut html = Spans::with_capacity(code.len() * 3 / 2);
    match grammar {
        Grammar::Code(spec) => Lexer::new(code, &mut html).code(spec),
        Grammar::Config { colon } => Lexer::new(code, &mut html).config(colon),
        Grammar::Json => Lexer::new(code, &mut html).json(),
        Grammar::Markup => Lexer::new(code, &mut html).markup(),
        Grammar::Diff => lines(code, &mut html, diff_line),
        Grammar::Markdown => lines(code, &mut html, markdown_line),
    }
    Some(html.finish())
}

/// Highlights `code` a whole line at a time, each with the class `of` gives.
fn lines(code: &str, html: &mut Spans, of: fn(&str) -> Option<&'static str>) {
    for line in code.split_inclusive('\n') {
        html.push(of(line), line);
    }
}

fn diff_line(line: &str) -> Option<&'static str> {
    if line.starts_with("+++") || line.starts_with("---") || line.starts_with('@') {
        return Some(HEADING);
    }
    match line.as_bytes().first() {
        Some(b'+') => Some(INSERTED),
        Some(b'-') => Some(DELETED),
        _ => None,
    }
}

fn markdown_line(line: &str) -> Option<&'static str> {
    line.starts_with('#').then_some(HEADING)
}

/// Whether `byte` may be part of a word: ASCII letters, digits, `_`, and
/// any byte of a non-ASCII character (so that words never split one).
fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

/// Whether `word` is in the sorted list `words`: as it is or, with
/// `any_case`, lowercased.
fn listed(words: &[&str], word: &str, any_case: bool) -> bool {
    if any_case && word.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower = word.to_ascii_lowercase();
        return words.binary_search(&lower.as_str()).is_ok();
    }
    words.binary_search(&word).is_ok()
}

/// A pass over one code block, writing as it goes.
struct Lexer<'a, 'h> {
    code: &'a str,
    bytes: &'a [u8],
    /// Where the next token starts.
    at: usize,
    /// Where the plain text not yet written starts.
    plain: usize,
    html: &'h mut Spans,
}

impl<'a, 'h> Lexer<'a, 'h> {
    fn new(code: &'a str, html: &'h mut Spans) -> Self {
        Self {
            code,
            bytes: code.as_bytes(),
            at: 0,
            plain: 0,
            html,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn starts_with(&self, text: &str) -> bool {
        self.bytes[self.at..].starts_with(text.as_bytes())
    }

    /// Writes the plain text before `at`, then the token from `at` to `end`
    /// with `class`, and moves past it.
    fn token(&mut self, end: usize, class: Option<&'static str>) {
        let end = end.min(self.bytes.len());
        self.html.push(None, &self.code[self.plain..self.at]);
        self.html.push(class, &self.code[self.at..end]);
        self.at = end;
        self.plain = end;
    }

    /// Writes the plain text left.
    fn finish(self) {
        self.html.push(None, &self.code[self.plain..]);
    }

    /// The end of the line `at` is in, before its newline.
    fn line_end(&self) -> usize {
        self.bytes[self.at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |n| self.at + n)
    }

    /// The end of the run of bytes from `from` that `keep` accepts.
    fn run_end(&self, from: usize, keep: impl Fn(u8) -> bool) -> usize {
        self.bytes[from..]
            .iter()
            .position(|&b| !keep(b))
            .map_or(self.bytes.len(), |n| from + n)
    }

    /// The first byte from `from` that is not a space or a tab.
    fn after_blanks(&self, from: usize) -> Option<u8> {
        self.byte(self.run_end(from, |b| b == b' ' || b == b'\t'))
    }

    /// A string starting at `at` whose text starts at `open`: up to and
    /// with its closing `quote`, or to the end of the line (of the code, if
    /// `multiline`) if none closes it. With `escapes`, a backslash escapes
    /// the next character, and escapes are written as constants.
    fn string(&mut self, open: usize, quote: &[u8], escapes: bool, multiline: bool) {
        self.html.push(None, &self.code[self.plain..self.at]);
        let mut i = open;
        let mut run = self.at;
        let end = loop {
            match self.byte(i) {
                None => break i,
                Some(b'\n') if !multiline => break i,
                Some(b'\\') if escapes => match self.byte(i + 1) {
                    Some(next) if next.is_ascii_graphic() => {
                        self.html.push(Some(STRING), &self.code[run..i]);
                        self.html.push(Some(CONSTANT), &self.code[i..i + 2]);
                        i += 2;
                        run = i;
                    }
                    // Before a space, a newline or a non-ASCII character: a
                    // backslash is text (a cut would split the character).
                    _ => i += 1,
                },
                Some(_) if self.bytes[i..].starts_with(quote) => break i + quote.len(),
                Some(_) => i += 1,
            }
        };
        self.html.push(Some(STRING), &self.code[run..end]);
        self.at = end;
        self.plain = end;
    }

    /// A number starting at `at`: digits and letters (`0x1f`, `10u8`,
    /// `1e9`), and a point followed by a digit.
    fn number(&mut self) {
        let mut end = self.at;
        while let Some(b) = self.byte(end) {
            let point = b == b'.' && self.byte(end + 1).is_some_and(|n| n.is_ascii_digit());
            if !(b.is_ascii_alphanumeric() || b == b'_' || point) {
                break;
            }
            end += 1;
        }
        self.token(end, Some(CONSTANT));
    }

    /// Code: comments, strings, numbers, words.
    fn code(mut self, spec: &Code) {
        // The class a definer (`fn`, `struct`) gives the next word.
        let mut defined: Option<&'static str> = None;
        // Whether the next word starts a command, for a shell.
        let mut command = spec.commands;
        while self.at < self.bytes.len() {
            let b = self.bytes[self.at];
            if spec.commands && matches!(b, b'\n' | b'|' | b';' | b'&' | b'(' | b'`') {
                command = true;
            }
            let after = self.at.checked_sub(1).map(|before| self.bytes[before]);
            let word_start = after.is_none_or(|before| !is_word(before));
            if self.line_comment(spec, after) {
                continue;
            }
            if let Some((open, close)) = spec.block_comment
                && self.starts_with(open)
            {
                let from = self.at + open.len();
                let end = self.code[from..]
                    .find(close)
                    .map_or(self.bytes.len(), |n| from + n + close.len());
                self.token(end, Some(COMMENT));
                continue;
            }
            if spec.quotes.contains(&b) {
                self.quoted(spec, b);
                continue;
            }
            if b.is_ascii_digit() && word_start {
                self.number();
                continue;
            }
            if is_word(b) && word_start {
                let end = self.run_end(self.at, is_word);
                let word = &self.code[self.at..end];
                if self.prefixed_string(spec, word, end) {
                    continue;
                }
                let mut class = self.word_class(spec, word, end, defined.take());
                if std::mem::take(&mut command) && class.is_none() {
                    class = Some(FUNCTION);
                }
                // After `if`, `then` or `do`, a command follows.
                command = spec.commands && class == Some(KEYWORD);
                if listed(spec.function_definers, word, spec.any_case) {
                    defined = Some(FUNCTION);
                } else if listed(spec.type_definers, word, spec.any_case) {
                    defined = Some(TYPE);
                }
                // A macro's `!` is part of its name.
                let end = if spec.macros && class == Some(FUNCTION) && self.byte(end) == Some(b'!')
                {
                    end + 1
                } else {
                    end
                };
                self.token(end, class);
                continue;
            }
            self.at += 1;
        }
        self.finish();
    }

    /// At `at`, a comment to the end of the line, if one starts there;
    /// `after` is the byte before.
    fn line_comment(&mut self, spec: &Code, after: Option<u8>) -> bool {
        if !spec.line_comments.iter().any(|c| self.starts_with(c)) {
            return false;
        }
        let starts_word = after.is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b';' | b'('));
        if spec.comment_starts_word && !starts_word {
            return false;
        }
        let end = self.line_end();
        self.token(end, Some(COMMENT));
        true
    }

    /// At a quote `b`: a string, a triple-quoted one, or a Rust lifetime.
    fn quoted(&mut self, spec: &Code, b: u8) {
        if spec.triple_quotes && (self.starts_with("\"\"\"") || self.starts_with("'''")) {
            let quote: &[u8] = if b == b'"' { b"\"\"\"" } else { b"'''" };
            self.string(self.at + 3, quote, true, true);
        } else if b == b'\'' && spec.lifetimes && self.is_lifetime() {
            let end = self.run_end(self.at + 1, is_word);
            self.token(end, Some(KEYWORD));
        } else {
            // Template literals and Go's raw strings span lines.
            self.string(self.at + 1, &[b], b != b'`', b == b'`');
        }
    }

    /// Whether the `'` at `at` starts a lifetime or label (`'a`, `'static`):
    /// a letter follows, and no quote closes a character right after it.
    fn is_lifetime(&self) -> bool {
        let first = self.byte(self.at + 1);
        first.is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
            && self.byte(self.at + 2) != Some(b'\'')
    }

    /// A string with a prefix (`r"…"`, `b"…"`, `f"…"`) at `at`, where
    /// `word`, ending at `end`, may be that prefix.
    fn prefixed_string(&mut self, spec: &Code, word: &str, end: usize) -> bool {
        let Some(quote) = self.byte(end).filter(|q| spec.quotes.contains(q)) else {
            return false;
        };
        let prefix = word.len() <= 2 && word.bytes().all(|c| b"rbfuRBFU".contains(&c));
        if !prefix || (quote == b'\'' && spec.lifetimes) {
            return false;
        }
        let raw = word.contains(['r', 'R']);
        self.string(end + 1, &[quote], !raw, false);
        true
    }

    /// The class of `word` (ending at `end`) in code; `defined` is the
    /// class a definer before it gives it.
    fn word_class(
        &self,
        spec: &Code,
        word: &str,
        end: usize,
        defined: Option<&'static str>,
    ) -> Option<&'static str> {
        if listed(spec.keywords, word, spec.any_case) {
            return Some(KEYWORD);
        }
        if defined.is_some() {
            return defined;
        }
        if listed(spec.constants, word, spec.any_case) {
            return Some(CONSTANT);
        }
        if listed(spec.types, word, spec.any_case) {
            return Some(TYPE);
        }
        if spec.macros && self.byte(end) == Some(b'!') && self.byte(end + 1) != Some(b'=') {
            return Some(FUNCTION);
        }
        if listed(spec.builtins, word, spec.any_case) || self.after_blanks(end) == Some(b'(') {
            return Some(FUNCTION);
        }
        if spec.capitalised_types && word.as_bytes()[0].is_ascii_uppercase() {
            // ALL_CAPS is a constant, Capitalised a type.
            let constant = word.len() > 1
                && word
                    .bytes()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_');
            return Some(if constant { CONSTANT } else { TYPE });
        }
        None
    }

    /// TOML, INI and YAML: `#` comments, `[sections]`, keys, strings,
    /// numbers and constants.
    fn config(mut self, colon: bool) {
        let mut line_start = true;
        let mut in_value = false;
        while self.at < self.bytes.len() {
            let b = self.bytes[self.at];
            if b == b'\n' {
                line_start = true;
                in_value = false;
                self.at += 1;
                continue;
            }
            if b == b' ' || b == b'\t' {
                self.at += 1;
                continue;
            }
            let first = std::mem::replace(&mut line_start, false);
            if b == b'#' || (b == b';' && first && !colon) {
                let end = self.line_end();
                self.token(end, Some(COMMENT));
            } else if b == b'[' && first && !colon {
                let end = self.line_end();
                self.token(end, Some(TYPE));
            } else if b == b'"' || b == b'\'' {
                self.string(self.at + 1, &[b], b == b'"', false);
            } else if b == b'-' && colon && first {
                // A YAML list item.
                self.at += 1;
                line_start = true;
            } else if is_word(b)
                && !in_value
                && let Some(end) = self.key_end(colon)
            {
                self.token(end, Some(ATTRIBUTE));
                in_value = true;
            } else if b == b'=' || b == b':' {
                in_value = true;
                self.at += 1;
            } else if is_word(b) || b == b'-' || b == b'+' {
                self.value_word();
            } else {
                self.at += 1;
            }
        }
        self.finish();
    }

    /// The end of a key starting at `at`, if `=` (or, with `colon`, a `:`
    /// then a blank or the line's end) follows it on its line.
    fn key_end(&self, colon: bool) -> Option<usize> {
        let end = self.run_end(self.at, |b| is_word(b) || matches!(b, b'-' | b'.' | b'/'));
        let after = self.run_end(end, |b| b == b' ' || b == b'\t');
        let ends_key = if colon {
            self.byte(after) == Some(b':')
                && matches!(
                    self.byte(after + 1),
                    None | Some(b' ' | b'\t' | b'\n' | b'\r')
                )
        } else {
            self.byte(after) == Some(b'=')
        };
        ends_key.then_some(end)
    }

    /// A bare word in a value: a number, a date or a constant, or text.
    fn value_word(&mut self) {
        let end = self.run_end(self.at + 1, |b| {
            is_word(b) || matches!(b, b'.' | b'-' | b'+' | b':')
        });
        let word = &self.code[self.at..end];
        let constant = word.as_bytes()[0].is_ascii_digit()
            || (word.len() > 1 && word.as_bytes()[1].is_ascii_digit())
            || matches!(
                word,
                "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "inf" | "nan"
            );
        if constant {
            self.token(end, Some(CONSTANT));
        } else {
            self.at = end;
        }
    }

    /// JSON: strings (keys as attributes), numbers, `true`, `false`, `null`.
    fn json(mut self) {
        while self.at < self.bytes.len() {
            let b = self.bytes[self.at];
            if b == b'"' {
                let close = self.json_string_end();
                if self.after_blanks(close) == Some(b':') {
                    self.token(close, Some(ATTRIBUTE));
                } else {
                    self.string(self.at + 1, b"\"", true, false);
                }
            } else if (b == b'-' || b.is_ascii_digit())
                && self
                    .at
                    .checked_sub(1)
                    .is_none_or(|i| !is_word(self.bytes[i]))
            {
                let end = self.run_end(self.at + 1, |c| {
                    c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
                });
                self.token(end, Some(CONSTANT));
            } else if b.is_ascii_alphabetic() {
                let end = self.run_end(self.at, is_word);
                let word = &self.code[self.at..end];
                let class = matches!(word, "true" | "false" | "null").then_some(CONSTANT);
                self.token(end, class);
            } else if self.starts_with("//") {
                let end = self.line_end();
                self.token(end, Some(COMMENT));
            } else {
                self.at += 1;
            }
        }
        self.finish();
    }

    /// The end of the JSON string at `at`, after its closing quote.
    fn json_string_end(&self) -> usize {
        let mut i = self.at + 1;
        while let Some(b) = self.byte(i) {
            match b {
                b'\\' => i += 2,
                b'"' => return i + 1,
                b'\n' => return i,
                _ => i += 1,
            }
        }
        self.bytes.len()
    }

    /// HTML and XML: comments, tags with their attributes and values, and
    /// entities in text.
    fn markup(mut self) {
        while self.at < self.bytes.len() {
            let b = self.bytes[self.at];
            if self.starts_with("<!--") {
                let from = self.at + 4;
                let end = self.code[from..]
                    .find("-->")
                    .map_or(self.bytes.len(), |n| from + n + 3);
                self.token(end, Some(COMMENT));
            } else if b == b'<'
                && self
                    .byte(self.at + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
            {
                self.tag();
            } else if b == b'&' {
                let end = self.run_end(self.at + 1, |c| c.is_ascii_alphanumeric() || c == b'#');
                if self.byte(end) == Some(b';') && end > self.at + 1 {
                    self.token(end + 1, Some(CONSTANT));
                } else {
                    self.at += 1;
                }
            } else {
                self.at += 1;
            }
        }
        self.finish();
    }

    /// A tag from its `<` to its `>`: its name, attributes and values.
    fn tag(&mut self) {
        self.at = self.run_end(self.at + 1, |c| matches!(c, b'/' | b'!' | b'?'));
        let end = self.run_end(self.at, is_name);
        self.token(end, Some(TAG));
        while let Some(b) = self.byte(self.at) {
            if b == b'>' {
                self.at += 1;
                return;
            }
            if b == b'"' || b == b'\'' {
                self.string(self.at + 1, &[b], false, true);
            } else if b.is_ascii_alphabetic() {
                let end = self.run_end(self.at, is_name);
                self.token(end, Some(ATTRIBUTE));
            } else {
                self.at += 1;
            }
        }
    }
}

/// Whether `byte` may be part of a tag's or an attribute's name.
fn is_name(byte: u8) -> bool {
    is_word(byte) || matches!(byte, b'-' | b':' | b'.')
}

/// Highlighted HTML being written: escaped text, a span for each run of
/// one class.
struct Spans {
    html: String,
    open: Option<&'static str>,
}

impl Spans {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            html: String::with_capacity(capacity),
            open: None,
        }
    }

    fn push(&mut self, class: Option<&'static str>, text: &str) {
        if text.is_empty() {
            return;
        }
        if class != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(class) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        for c in text.chars() {
            match c {
                '&' => self.html.push_str("&amp;"),
                '<' => self.html.push_str("&lt;"),
                '>' => self.html.push_str("&gt;"),
                c => self.html.push(c),
            }
        }
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(language: &str, code: &str, expected: &str) {
        assert_eq!(
            highlight(code, language).as_deref(),
            Some(expected),
            "{language}: {code:?}"
        );
    }

    /// `html` with its tags removed and its three escapes undone.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn rust_tokens_get_their_classes() {
        check(
            "rust",
            "// hi\nfn main() { let n = 1; }\n",
            "<span class=\"hl-comment\">// hi</span>\n\
             <span class=\"hl-keyword\">fn</span> <span class=\"hl-function\">main</span>() { \
             <span class=\"hl-keyword\">let</span> n = <span class=\"hl-constant\">1</span>; }\n",
        );
        // The escape inside a string is a constant; the text is escaped.
        check(
            "rs",
            "\"<b>&\\n\"",
            "<span class=\"hl-string\">\"&lt;b&gt;&amp;</span>\
             <span class=\"hl-constant\">\\n</span><span class=\"hl-string\">\"</span>",
        );
        check(
            "rust",
            "struct Cache<'a> { v: Vec<u8> } println!(\"{x}\"); 'c'",
            "<span class=\"hl-keyword\">struct</span> <span class=\"hl-type\">Cache</span>&lt;\
             <span class=\"hl-keyword\">'a</span>&gt; { v: <span class=\"hl-type\">Vec</span>&lt;\
             <span class=\"hl-type\">u8</span>&gt; } <span class=\"hl-function\">println!</span>(\
             <span class=\"hl-string\">\"{x}\"</span>); <span class=\"hl-string\">'c'</span>",
        );
        check(
            "rust",
            "r\"C:\\dir\" MAX_LEN a!=b",
            "<span class=\"hl-string\">r\"C:\\dir\"</span> <span class=\"hl-constant\">MAX_LEN</span> a!=b",
        );
    }

    #[test]
    fn other_languages_get_their_classes() {
        check(
            "python",
            "def f(x):\n    \"\"\"Doc\n    more\"\"\"  # c\n    return None\n",
            "<span class=\"hl-keyword\">def</span> <span class=\"hl-function\">f</span>(x):\n    \
             <span class=\"hl-string\">\"\"\"Doc\n    more\"\"\"</span>  \
             <span class=\"hl-comment\"># c</span>\n    <span class=\"hl-keyword\">return</span> \
             <span class=\"hl-constant\">None</span>\n",
        );
        check(
            "sh",
            "echo $# # done\nif x; then cargo test | wc -l; fi\n",
            "<span class=\"hl-function\">echo</span> $# <span class=\"hl-comment\"># done</span>\n\
             <span class=\"hl-keyword\">if</span> <span class=\"hl-function\">x</span>; \
             <span class=\"hl-keyword\">then</span> <span class=\"hl-function\">cargo</span> test | \
             <span class=\"hl-function\">wc</span> -l; <span class=\"hl-keyword\">fi</span>\n",
        );
        check(
            "SQL",
            "SELECT id FROM t -- all\n",
            "<span class=\"hl-keyword\">SELECT</span> id <span class=\"hl-keyword\">FROM</span> t \
             <span class=\"hl-comment\">-- all</span>\n",
        );
        check(
            "toml",
            "[package]\nname = \"blog\" # c\nv = 1.5\n",
            "<span class=\"hl-type\">[package]</span>\n<span class=\"hl-attribute\">name</span> = \
             <span class=\"hl-string\">\"blog\"</span> <span class=\"hl-comment\"># c</span>\n\
             <span class=\"hl-attribute\">v</span> = <span class=\"hl-constant\">1.5</span>\n",
        );
        check(
            "yaml",
            "- name: x\n  on: true\n",
            "- <span class=\"hl-attribute\">name</span>: x\n  <span class=\"hl-attribute\">on</span>: \
             <span class=\"hl-constant\">true</span>\n",
        );
        check(
            "json",
            "{\"a\": [1, -2.5e3, null]}",
            "{<span class=\"hl-attribute\">\"a\"</span>: [<span class=\"hl-constant\">1</span>, \
             <span class=\"hl-constant\">-2.5e3</span>, <span class=\"hl-constant\">null</span>]}",
        );
        check(
            "html",
            "<a href=\"/x\">&amp;</a><!-- c -->",
            "&lt;<span class=\"hl-tag\">a</span> <span class=\"hl-attribute\">href</span>=\
             <span class=\"hl-string\">\"/x\"</span>&gt;<span class=\"hl-constant\">&amp;amp;</span>\
             &lt;/<span class=\"hl-tag\">a</span>&gt;<span class=\"hl-comment\">&lt;!-- c --&gt;</span>",
        );
        check(
            "diff",
            "@@ -1 +1 @@\n-old\n+new\n",
            "<span class=\"hl-heading\">@@ -1 +1 @@\n</span><span class=\"hl-deleted\">-old\n</span>\
             <span class=\"hl-inserted\">+new\n</span>",
        );
    }

    #[test]
    fn languages_are_found_by_name_or_extension_in_any_case() {
        for language in [
            "rust",
            "Rust",
            "rs",
            "rust,ignore",
            "python",
            "py",
            "sh",
            "bash",
            "js",
            "ts",
            "go",
            "html",
            "c++",
            "json",
            "yaml",
            "toml",
            "sql",
            "diff",
        ] {
            assert!(languages::grammar(language).is_some(), "{language}");
        }
    }

    #[test]
    fn unknown_languages_are_left_alone() {
        for language in [
            "",
            "klingon",
            "text",
            "txt",
            ",rust",
            "\"><script>",
            "rust ignore",
        ] {
            assert_eq!(highlight("x\n", language), None, "{language:?}");
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for spec in languages::ALL {
            for list in [spec.keywords, spec.constants, spec.types, spec.builtins] {
                assert!(list.is_sorted(), "{list:?}");
                if spec.any_case {
                    assert!(list.iter().all(|w| *w == w.to_lowercase()), "{list:?}");
                }
            }
        }
    }

    /// Awkward input in every language: unclosed strings and comments,
    /// backslashes at the end, characters of several bytes next to every
    /// token kind.
    const AWKWARD: &[&str] = &[
        "\"unclosed",
        "'",
        "/* open",
        "<!--",
        "<a b=\"",
        "\\",
        "\"\\",
        "é'é\"é\\é",
        "r\"é",
        "'é",
        "#é\n[é\n-é: é\n",
        "0é 1.é é1 &é; &#;",
        "\u{1F600}<\u{1F600} \u{1F600}=\u{1F600}",
        "`${x}\nmore`",
        "\"\"\"",
        "--[[ x",
    ];

    #[test]
    fn no_input_breaks_a_language_and_the_text_is_kept() {
        let names = [
            "rust",
            "c",
            "cpp",
            "go",
            "java",
            "cs",
            "js",
            "python",
            "ruby",
            "sh",
            "dockerfile",
            "sql",
            "lua",
            "php",
            "css",
            "toml",
            "yaml",
            "json",
            "html",
            "diff",
            "md",
        ];
        for name in names {
            for code in AWKWARD {
                let html = highlight(code, name).expect("a known language");
                assert_eq!(text_of(&html), *code, "{name}: {code:?} gave {html}");
            }
        }
    }

    #[test]
    fn only_listed_classes_are_written() {
        let html = highlight(
            "<p class=\"x\">&amp;</p>\n<!-- c -->\n<script>let s = `${a}`;</script>\n",
            "html",
        )
        .expect("HTML is known");
        for (at, _) in html.match_indices("class=\"") {
            let class: String = html[at + 7..].chars().take_while(|&c| c != '"').collect();
            assert!(is_class(&class), "{class} in {html}");
        }
    }

    /// The stylesheet's `color` for each class, in the light theme and in
    /// the dark one (inside `@media (prefers-color-scheme: dark)`).
    fn stylesheet_colours() -> [Vec<(&'static str, &'static str)>; 2] {
        let css = include_str!("../assets/highlight.css");
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .expect("the stylesheet has a dark theme");
        [light, dark].map(|theme| {
            theme
                .lines()
                .filter_map(|line| {
                    let (class, rule) = line.trim().strip_prefix('.')?.split_once(" { ")?;
                    let colour = rule.strip_prefix("color: ")?.split(';').next()?;
                    Some((class, colour))
                })
                .collect()
        })
    }

    /// The relative luminance of `#rrggbb`, as WCAG defines it.
    fn luminance(colour: &str) -> f64 {
        let hex = colour.strip_prefix('#').expect("a #rrggbb colour");
        let channel = |at: usize| {
            let c =
                f64::from(u8::from_str_radix(&hex[at..at + 2], 16).expect("hex digits")) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn contrast_is_computed_as_wcag_does() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
    }

    #[test]
    fn the_stylesheet_colours_every_class_readably() {
        let mut written: Vec<&str> = CLASSES.to_vec();
        written.sort_unstable();
        written.dedup();
        for (colours, background) in stylesheet_colours().into_iter().zip(["#f6f8fa", "#161b22"]) {
            let mut styled: Vec<&str> = colours.iter().map(|&(class, _)| class).collect();
            styled.sort_unstable();
            assert_eq!(styled, written, "on {background}");
            for (class, colour) in colours {
                let ratio = contrast(colour, background);
                assert!(
                    ratio >= 4.5,
                    "{class} {colour} on {background}: {ratio:.2}:1"
                );
            }
        }
    }
}
