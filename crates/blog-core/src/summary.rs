//! The summary rule, word counts and reading time.

/// An article's summary, before rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summary<'a> {
    /// Plain text the author gave in front matter.
    Given(&'a str),
    /// Markdown taken from the article's text: everything before the
    /// `<!-- more -->` marker, else the first paragraph. May be empty.
    Excerpt(&'a str),
}

/// The marker that ends an article's summary.
pub const MORE_MARKER: &str = "<!-- more -->";

/// The part of `body` that summarises it: the text before the first
/// `<!-- more -->` marker, else the first paragraph (skipping headings, code,
/// HTML blocks, lists, tables and rules), else the empty string.
pub fn excerpt(body: &str) -> &str {
    if let Some(end) = find_marker(body) {
        return body[..end].trim();
    }
    first_paragraph(body).unwrap_or("")
}

/// Where the first `<!-- more -->` in `body` starts. Cards show the summary
/// of every article they list, so this is a jump from `<` to `<` (memchr),
/// many times faster than a substring search over the whole text.
fn find_marker(body: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = body.get(from..)?.find('<') {
        let at = from + at;
        if body[at..].starts_with(MORE_MARKER) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn first_paragraph(body: &str) -> Option<&str> {
    let mut fence: Option<&str> = None;
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if let Some(begin) = start {
            // Before `starts_block`: a `---` under text underlines a heading,
            // it is not a thematic break.
            if is_setext_underline(trimmed) {
                // The "paragraph" was a heading: look further.
                start = None;
                continue;
            }
            if trimmed.is_empty() || starts_block(line) {
                return Some(body[begin..end].trim());
            }
            end = line_start + line.len();
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        if starts_block(line) || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        start = Some(line_start);
        end = line_start + line.len();
    }
    start.map(|begin| body[begin..end].trim())
}

/// Whether `line` starts a block that is not a paragraph.
fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#')
        || t.starts_with('<')
        || t.starts_with('|')
        || t.starts_with("```")
        || t.starts_with("~~~")
        || t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("+ ")
        || is_thematic_break(t.trim_end())
        || is_ordered_item(t)
}

fn is_thematic_break(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| !c.is_whitespace());
    match chars.next() {
        Some(c @ ('-' | '*' | '_')) => chars.clone().all(|x| x == c) && chars.count() >= 2,
        _ => false,
    }
}

fn is_setext_underline(t: &str) -> bool {
    !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

fn is_ordered_item(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&t.as_bytes()[digits..], [b'.' | b')', b' ', ..])
}

/// Counts the words of a text: runs of letters or digits, except that each
/// CJK character counts as a word of its own, as readers of those scripts
/// count them.
pub fn word_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    // ASCII a byte at a time; other characters decoded one by one.
    while let Some(&byte) = bytes.get(at) {
        let (letter, cjk, joiner) = if byte.is_ascii() {
            at += 1;
            let joiner = matches!(byte, b'\'' | b'-' | b'_');
            (byte.is_ascii_alphanumeric(), false, joiner)
        } else {
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            at += c.len_utf8();
            (c.is_alphanumeric(), is_cjk(c), c == '’')
        };
        if cjk {
            count += 1;
            in_word = false;
        } else if letter {
            count += usize::from(!in_word);
            in_word = true;
        } else if !(in_word && joiner) {
            in_word = false;
        }
    }
    count
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F)
}

/// Minutes needed to read a text, at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReadingTime {
    minutes: u32,
}

impl ReadingTime {
    /// Words read per minute.
    pub const WORDS_PER_MINUTE: usize = 220;

    /// The reading time of `words` words, rounded up, at least one minute.
    pub fn of_words(words: usize) -> Self {
        let minutes = words.div_ceil(Self::WORDS_PER_MINUTE).max(1);
        Self {
            minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
        }
    }

    /// The minutes.
    pub fn minutes(self) -> u32 {
        self.minutes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: &str, expected: &str) {
        assert_eq!(excerpt(body), expected, "{body:?}");
    }

    #[test]
    fn excerpt_rule() {
        check("Intro.\n\nMore.", "Intro.");
        check(
            "One\nparagraph\non lines.\n\nNext.",
            "One\nparagraph\non lines.",
        );
        check(
            "Before\n\nstill before\n<!-- more -->\nafter",
            "Before\n\nstill before",
        );
        check("# Title\n\nFirst.\n\nSecond.", "First.");
        check("Heading\n=======\n\nFirst.", "First.");
        check("Heading\n-------\n\nFirst.", "First.");
        check("Two-line\nheading\n---\nFirst.", "First.");
        check(
            "```rust\nfn main() {}\n\nlet x = 1;\n```\n\nAfter code.",
            "After code.",
        );
        check("~~~\ncode\n~~~\nText.", "Text.");
        check("- a list\n- items\n\nThe paragraph.", "The paragraph.");
        check("1. one\n2. two\n\nPara.", "Para.");
        check("<div>html</div>\n\nPara.", "Para.");
        check("| a | b |\n|---|---|\n\nPara.", "Para.");
        check("---\n\nPara.", "Para.");
        check("    indented code\n\nPara.", "Para.");
        check("Para ends at a list\n- item", "Para ends at a list");
        check("", "");
        check("# Only a heading", "");
        check("\r\nCRLF text.\r\n\r\nNext.", "CRLF text.");
        // Other `<` before the marker, or right before it.
        check(
            "a < b <br> <!-- c --> d\n<!-- more -->\ne",
            "a < b <br> <!-- c --> d",
        );
        check("x <<!-- more --> y", "x <");
        check("<!-- more -->", "");
        check("Ends with <!-- more", "Ends with <!-- more");
    }

    /// The word rule, a character at a time: what [`word_count`] must give.
    fn reference_word_count(text: &str) -> usize {
        let mut count = 0;
        let mut in_word = false;
        for c in text.chars() {
            if is_cjk(c) {
                count += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    count += 1;
                }
                in_word = true;
            } else if !(in_word && matches!(c, '\'' | '’' | '-' | '_')) {
                in_word = false;
            }
        }
        count
    }

    #[test]
    fn word_count_is_the_rule_for_any_text() {
        let pieces = [
            "a", "Z", "9", " ", "'", "’", "-", "_", "\n", ".", "é", "ß", "日", "語", "テ", "한",
            "٣", "\u{301}", "😀", "\u{a0}", "x'", "'s", "--",
        ];
        // Every text of up to four pieces, and longer ones from a simple
        // generator, counted both ways.
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        let mut state = 0x2545_f491_u64;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            texts.push(text);
        }
        for text in &texts {
            assert_eq!(word_count(text), reference_word_count(text), "{text:?}");
        }
    }

    fn check_words(text: &str, expected: usize) {
        assert_eq!(word_count(text), expected, "{text:?}");
    }

    #[test]
    fn words() {
        check_words("", 0);
        check_words("Hello, world!", 2);
        check_words("don't re-use snake_case", 3);
        check_words("## Heading\n\n- item one\n- item two", 5);
        check_words("日本語のテキスト", 8);
        check_words("Rust と 日本", 4);
        check_words("2024 年", 2);
    }

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(ReadingTime::of_words(0).minutes(), 1);
        assert_eq!(ReadingTime::of_words(220).minutes(), 1);
        assert_eq!(ReadingTime::of_words(221).minutes(), 2);
        assert_eq!(ReadingTime::of_words(2200).minutes(), 10);
    }
}
