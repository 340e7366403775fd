//! Syntax highlighting of fenced code, as CSS classes.
//!
//! syntect's grammars (the ones it bundles) split a code block into tokens,
//! each with a stack of scopes such as `source.rust meta.function.rust
//! storage.type.function.rust`. Each token gets the class of the innermost
//! scope found in [`CLASSES`], a short list (`hl-keyword`, `hl-string`,
//! `hl-comment`, …) that `assets/highlight.css` colours, and runs of tokens
//! with the same class share one `<span>`. Classes rather than inline styles,
//! so that a Content-Security-Policy without `'unsafe-inline'` styles works
//! and the colours follow the reader's light or dark preference.
//!
//! Not syntect's `ClassedHTMLGenerator`: it writes one nested span per scope,
//! every atom a class, which made a 15 KB article's HTML 64 KB and took the
//! sanitiser as long again to read; this writes a class only where the
//! stylesheet has a colour for it.
//!
//! The grammars are loaded once, on the first code block that names a
//! language. The markup is sanitised with the rest of the article, whose
//! allow-list accepts exactly these classes on `<span>`.

use std::sync::LazyLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Scopes, and the class of a token whose innermost listed scope starts
/// with them (`None`: no class, whatever the outer scopes say). The order
/// only matters between a scope and its own prefix: the longer comes first.
const CLASSES: &[(&str, Option<&str>)] = &[
    ("comment", Some("hl-comment")),
    ("string", Some("hl-string")),
    ("constant", Some("hl-constant")),
    ("variable.language", Some("hl-constant")),
    // `=`, `+`, `&&`: as plain text, or code turns to confetti.
    ("keyword.operator", None),
    ("keyword", Some("hl-keyword")),
    ("storage", Some("hl-keyword")),
    ("entity.name.function", Some("hl-function")),
    ("support.function", Some("hl-function")),
    ("support.macro", Some("hl-function")),
    ("variable.function", Some("hl-function")),
    ("entity.name.tag", Some("hl-tag")),
    ("entity.other.attribute-name", Some("hl-attribute")),
    ("entity.name", Some("hl-type")),
    ("entity.other.inherited-class", Some("hl-type")),
    ("support.type", Some("hl-type")),
    ("support.class", Some("hl-type")),
    ("markup.heading", Some("hl-heading")),
    ("markup.inserted", Some("hl-inserted")),
    ("markup.deleted", Some("hl-deleted")),
    ("invalid", Some("hl-invalid")),
];

/// Every class [`highlight`] writes, for the sanitiser and the stylesheet.
pub(crate) fn is_class(class: &str) -> bool {
    CLASSES.iter().any(|&(_, listed)| listed == Some(class))
}

static SCOPES: LazyLock<Vec<(Scope, Option<&'static str>)>> = LazyLock::new(|| {
    CLASSES
        .iter()
        .map(|&(scope, class)| (Scope::new(scope).expect("a listed scope is valid"), class))
        .collect()
});

/// `code` highlighted as `language`, as HTML to put inside `<pre><code>`;
/// `None` when the language is unknown (or is plain text), or if its grammar
/// fails on this input, and the code is best shown as it is.
///
/// `language` is the first word of a fence's info string; anything after a
/// comma is an attribute for other tools (`rust,ignore`).
pub(crate) fn highlight(code: &str, language: &str) -> Option<String> {
    let syntax = syntax(language)?;
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = Spans::with_capacity(code.len() * 3 / 2);
    for line in LinesWithEndings::from(code) {
        let mut start = 0;
        for (at, op) in state.parse_line(line, &SYNTAXES).ok()? {
            // A grammar may point inside a character; the text waits for the
            // next boundary, with the class of its first part.
            if at > start && line.is_char_boundary(at) {
                html.push(class(&scopes), &line[start..at]);
                start = at;
            }
            scopes.apply(&op).ok()?;
        }
        html.push(class(&scopes), &line[start..]);
    }
    Some(html.finish())
}

/// The syntax for a fence's language: by name or file extension, in any
/// case.
fn syntax(language: &str) -> Option<&'static SyntaxReference> {
    let token = language.split(',').next().unwrap_or_default();
    if token.is_empty() {
        return None;
    }
    SYNTAXES
        .find_syntax_by_token(token)
        .filter(|syntax| syntax.name != "Plain Text")
}

/// The class of a token in `scopes`: that of its innermost listed scope.
fn class(scopes: &ScopeStack) -> Option<&'static str> {
    scopes.as_slice().iter().rev().find_map(|&scope| {
        SCOPES
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(scope))
            .map(|&(_, class)| class)
    })?
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

    #[test]
    fn tokens_get_the_class_of_their_innermost_listed_scope() {
        check(
            "rust",
            "// hi\nfn main() { let n = 1; }\n",
            "<span class=\"hl-comment\">// hi\n</span>\
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
            "html",
            "c++",
            "json",
            "yaml",
        ] {
            assert!(syntax(language).is_some(), "{language}");
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
    fn only_listed_classes_are_written() {
        let html = highlight(
            "<p class=\"x\">&amp;</p>\n<!-- c -->\n<script>let s = `${a}`;</script>\n",
            "html",
        )
        .expect("HTML is bundled");
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
        let mut written: Vec<&str> = CLASSES.iter().filter_map(|&(_, class)| class).collect();
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
