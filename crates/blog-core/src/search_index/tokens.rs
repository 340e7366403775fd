//! The static search's tokenizer: the words of text and of Markdown as
//! SQLite's full-text index finds them.

/// The tokens of `text`, as FTS5's `unicode61` tokenizer with
/// `remove_diacritics 0` finds them (`fts5UnicodeTokenize`): a token starts
/// at a letter, a digit or a private-use character and runs on over those
/// and over the combining diacritics SQLite knows (some of U+0300 to
/// U+0331, which therefore stay inside a word: `e` + U+0301 is one token);
/// each character is folded on its own ([`fold`]: a final `Σ` is `σ`, as
/// is `ς`).
///
/// Letters and digits are Rust's (`char::is_alphanumeric`) where SQLite's
/// are the general categories L and N of its own, older, Unicode tables.
/// The same for ASCII, accented Latin (composed or not), Greek, Cyrillic,
/// and CJK runs (one token each: neither segments them). They differ for
/// the marks and symbols Unicode counts as alphabetic (Devanagari vowel
/// signs, circled letters: inside a word here, separators for SQLite), and
/// for letters newer than SQLite's tables. Those articles may rank a little
/// differently in the static search, or match where the server's search
/// does not.
pub fn tokens(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    each_token(text, Text::Plain, |token| found.push(token.to_owned()));
    found
}

/// The tokens of Markdown `markdown` as the full-text index holds them: the
/// tokens of [`crate::index_text`]`(markdown)`, found without making that text.
pub fn markdown_tokens(markdown: &str) -> Vec<String> {
    let mut found = Vec::new();
    each_token(markdown, Text::Markdown, |token| {
        found.push(token.to_owned())
    });
    found
}

/// What [`each_token`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Text {
    /// Text, every character of it.
    Plain,
    /// Markdown, whose markup [`crate::index_text`] drops is skipped
    /// ([`crate::search::hidden_markup`]): what else it drops or blanks is
    /// never part of a word, so the words are the same.
    Markdown,
}

/// Calls `found` with each token of `text` ([`tokens`] says which).
pub(super) fn each_token(text: &str, kind: Text, mut found: impl FnMut(&str)) {
    // The token being read, when it is not a plain slice of `text`.
    let mut token = String::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii_alphanumeric() {
            // A run of ASCII letters and digits: most words are one, whole
            // and in lowercase already, and are passed as they are.
            let start = at;
            while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                at += 1;
            }
            let run = text.get(start..at).unwrap_or_default();
            let goes_on = bytes.get(at).is_some_and(|b| !b.is_ascii());
            if token.is_empty() && !goes_on && !run.bytes().any(|b| b.is_ascii_uppercase()) {
                found(run);
            } else {
                token.extend(run.chars().map(|c| c.to_ascii_lowercase()));
            }
            continue;
        }
        if byte.is_ascii() {
            end(&mut token, &mut found);
            let skip = match kind {
                Text::Markdown => text.get(at..).and_then(crate::search::hidden_markup),
                Text::Plain => None,
            };
            at += skip.unwrap_or(1);
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        if c.is_alphanumeric() || is_private_use(c) || (!token.is_empty() && is_diacritic(c)) {
            token.push(fold(c));
        } else {
            end(&mut token, &mut found);
        }
    }
    end(&mut token, &mut found);
}

/// Passes `token` to `found` and empties it, if it holds a token.
fn end(token: &mut String, found: &mut impl FnMut(&str)) {
    if !token.is_empty() {
        found(token);
        token.clear();
    }
}

/// `c` as `unicode61` folds it (`sqlite3Fts5UnicodeFold`): Unicode's simple
/// case folding, as SQLite's tables know it. That is its lowercase, but
/// for the letters whose folding is another lowercase letter (`ς` is `σ`,
/// `ſ` is `s`, `µ` is `μ`, …), for `İ`, whose lowercase is two characters
/// and which does not fold, and for the uppercase letters of case pairs
/// newer than those tables (Cherokee, Georgian Mtavruli, some Latin and
/// Cyrillic additions, and scripts beyond the first plane), which stay.
pub fn fold(c: char) -> char {
    match c {
        'µ' => 'μ',
        'ſ' => 's',
        'ς' => 'σ',
        'ϐ' => 'β',
        'ϑ' => 'θ',
        'ϕ' => 'φ',
        'ϖ' => 'π',
        'ϰ' => 'κ',
        'ϱ' => 'ρ',
        'ϵ' => 'ε',
        'ẛ' => 'ṡ',
        '\u{1FBE}' => 'ι',
        'İ'
        | '\u{37F}'
        | '\u{528}'..='\u{52E}'
        | '\u{13A0}'..='\u{1CBF}'
        | '\u{2C2F}'
        | '\u{A698}'..='\u{A69A}'
        | '\u{A796}'..='\u{A79E}'
        | '\u{A7AB}'..='\u{A7F5}'
        | '\u{104B0}'..='\u{1E921}' => c,
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        }
    }
}

/// Whether `c` is a private-use character (general category Co), which
/// `unicode61` counts as part of words.
fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// Whether `c` is one of the combining diacritics that `unicode61` keeps
/// inside a word (`sqlite3Fts5UnicodeIsdiacritic`: some of U+0300 to U+0331).
fn is_diacritic(c: char) -> bool {
    const LOW: u32 = 0x0802_9FDF;
    const HIGH: u32 = 0x0003_61F8;
    let c = u32::from(c);
    match c {
        768..=799 => LOW & (1 << (c - 768)) != 0,
        800..=817 => HIGH & (1 << (c - 800)) != 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index_text;

    fn check_tokens(text: &str, expected: &[&str]) {
        assert_eq!(tokens(text), expected, "{text:?}");
    }

    #[test]
    fn tokens_are_those_of_unicode61() {
        check_tokens("", &[]);
        check_tokens("--- !! _", &[]);
        check_tokens(
            "Hello, World! x86_64 v2.0",
            &["hello", "world", "x86", "64", "v2", "0"],
        );
        check_tokens(
            "Café NAÏVE École straße",
            &["café", "naïve", "école", "straße"],
        );
        // A decomposed accent stays in its word, but starts none.
        check_tokens("cafe\u{301} \u{301}x", &["cafe\u{301}", "x"]);
        // CJK runs are one token each: neither tokenizer segments them.
        check_tokens("東京タワーに行く、日本語", &["東京タワーに行く", "日本語"]);
        check_tokens("Москва МОСКВА", &["москва", "москва"]);
        // SQLite folds: a final sigma is a sigma; `İ` stays.
        check_tokens("ΟΔΟΣ σοφος ς", &["οδοσ", "σοφοσ", "σ"]);
        check_tokens("İstanbul ſ µs ϐ", &["İstanbul", "s", "μs", "β"]);
        // Private use is part of words; case pairs newer than SQLite's
        // tables are not folded.
        check_tokens("\u{E000}x", &["\u{E000}x"]);
        check_tokens("ᲡᲐ ᏣᎳᎩ ꮳꮃꭹ", &["ᲡᲐ", "ᏣᎳᎩ", "ꮳꮃꭹ"]);
    }

    #[test]
    fn markdown_tokens_are_those_of_the_index_text() {
        for markdown in [
            "See [the docs](https://hidden.example/path) and <span class=\"x\">shown</span>.",
            "`Vec<String>` is <b>bold</b> and a < b > c, </em>",
            "![alt text](image.png) **strong** _em_ ~~gone~~\n# heading",
            "<!-- a comment -->after<!-- unclosed",
            "](( unclosed [x](a(b)c) tail ](\nnext",
            "cafe\u{301}]( x) <a href=x\n>y",
            "日本語<br>テキスト|table|\u{1}control!",
            "<div\nclass=\"x\">text</div>",
        ] {
            assert_eq!(
                markdown_tokens(markdown),
                tokens(&index_text(markdown)),
                "{markdown:?}"
            );
        }
    }
}
