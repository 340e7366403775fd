//! Text printed into XML: escaped, and without the characters XML 1.0
//! forbids, which an article's text may hold and which would make a feed
//! reader reject the whole document.

use minijinja::{Error, Output, Value};

/// The name of the template engine's auto-escape mode for `.xml` templates.
pub(crate) const MODE: &str = "xml";

/// Whether XML 1.0 allows `c` in a document: tab, line feed, carriage
/// return, and everything from U+0020 except U+FFFE and U+FFFF (surrogates
/// cannot occur in a Rust string).
pub(crate) fn is_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `text` without the characters XML 1.0 forbids.
pub(crate) fn strip(text: &str) -> String {
    text.chars().filter(|&c| is_allowed(c)).collect()
}

/// `text` escaped for XML character data and quoted attribute values, with
/// the characters XML 1.0 forbids dropped. Escaping `>` also breaks any
/// `]]>`, which may not appear in character data.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c if is_allowed(c) => escaped.push(c),
            _ => {}
        }
    }
    escaped
}

/// Prints `value` into an XML template: escaped, unless a template marked it
/// safe on purpose, and in any case without forbidden characters.
pub(crate) fn write(out: &mut Output<'_>, value: &Value) -> Result<(), Error> {
    let text = value.to_string();
    let text = if value.is_safe() {
        strip(&text)
    } else {
        escape(&text)
    };
    out.write_str(&text).map_err(Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(escape(text), expected, "{text:?}");
    }

    #[test]
    fn escaping() {
        check("", "");
        check("plain /path/ text", "plain /path/ text");
        check(
            r#"<a href="x?a=1&b='2'">"#,
            "&lt;a href=&quot;x?a=1&amp;b=&apos;2&apos;&quot;&gt;",
        );
        check("&amp; stays text", "&amp;amp; stays text");
        check("<![CDATA[ x ]]>", "&lt;![CDATA[ x ]]&gt;");
        check("été — 日本語 🦀", "été — 日本語 🦀");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        check("a\u{0}b\u{1}c\u{8}d", "abcd");
        check("\u{B}\u{C}\u{E}\u{1F}", "");
        check("\u{FFFE}x\u{FFFF}", "x");
        check("tab\tline\ncr\r", "tab\tline\ncr\r");
        // Allowed, if discouraged: DEL, C1 controls, the replacement character.
        check("\u{7F}\u{85}\u{FFFD}", "\u{7F}\u{85}\u{FFFD}");
        assert_eq!(strip("<b>\u{1}</b>"), "<b></b>");
    }

    #[test]
    fn allowed_characters() {
        let allowed: Vec<u32> = (0..0x21)
            .filter(|&n| char::from_u32(n).is_some_and(is_allowed))
            .collect();
        assert_eq!(allowed, [0x9, 0xA, 0xD, 0x20]);
        assert!(is_allowed('\u{FFFD}'));
        assert!(is_allowed('\u{10FFFF}'));
    }
}
