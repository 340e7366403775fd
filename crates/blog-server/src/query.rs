//! The query string of a search: `?q=…&category=…&tag=…&page=…`.

use blog_core::{PageNumber, Slug};

/// What a search request asks for, read leniently: a reader typed it, or
/// followed a link the search page wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    /// The text typed, as typed ("" if none).
    pub text: String,
    /// A category to search in; an invalid slug is no filter.
    pub category: Option<Slug>,
    /// A tag to search in; an invalid slug is no filter.
    pub tag: Option<Slug>,
    /// The page of results; `None` when the `page` parameter is not a page
    /// number (a "not found"), page 1 when absent.
    pub page: Option<PageNumber>,
}

/// The longest query text kept, in characters; the rest is cut off.
const MAX_TEXT: usize = 200;

impl SearchParams {
    /// Reads a query string (without the `?`). Unknown parameters are
    /// ignored; of a repeated one, the first counts.
    pub fn parse(query: Option<&str>) -> Self {
        let mut params = Self {
            page: Some(PageNumber::FIRST),
            ..Self::default()
        };
        let mut seen: Vec<String> = Vec::new();
        for pair in query.unwrap_or("").split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key);
            if seen.contains(&key) {
                continue;
            }
            let value = decode(value);
            match key.as_str() {
                "q" => params.text = text(&value),
                "category" => params.category = Slug::parse(&value).ok(),
                "tag" => params.tag = Slug::parse(&value).ok(),
                "page" if !value.is_empty() => params.page = PageNumber::parse(&value),
                _ => {}
            }
            seen.push(key);
        }
        params
    }
}

/// The search text of a decoded `q`: trimmed, and cut to [`MAX_TEXT`]
/// characters (trimmed again where the cut falls after a space, so that
/// the text the search page writes into its links reads back the same).
fn text(value: &str) -> String {
    let cut: String = value.trim().chars().take(MAX_TEXT).collect();
    cut.trim_end().to_owned()
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` is a
/// space, `%XX` a byte; a malformed escape stays as written, and bytes that
/// are not UTF-8 become U+FFFD.
pub(crate) fn decode(component: &str) -> String {
    let bytes = component.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                // Two hex digits exactly (`from_str_radix` would take a sign).
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_decode(input: &str, expected: &str) {
        assert_eq!(decode(input), expected, "{input:?}");
    }

    #[test]
    fn decoding() {
        check_decode("plain", "plain");
        check_decode("two+words", "two words");
        check_decode("a%20b%2Bc", "a b+c");
        check_decode("caf%C3%A9", "café");
        check_decode("%", "%");
        check_decode("%4", "%4");
        check_decode("%zz", "%zz");
        check_decode("%+A", "% A");
        check_decode("%-1", "%-1");
        check_decode("%FF", "\u{FFFD}");
        check_decode("%00", "\0");
        check_decode("%3Cscript%3E", "<script>");
    }

    fn params(query: &str) -> SearchParams {
        SearchParams::parse(Some(query))
    }

    #[test]
    fn parsing() {
        let slug = |s: &str| Slug::parse(s).expect("valid");
        assert_eq!(
            params("q=async+rust&category=rust&tag=io&page=2"),
            SearchParams {
                text: "async rust".into(),
                category: Some(slug("rust")),
                tag: Some(slug("io")),
                page: PageNumber::new(2),
            }
        );
        assert_eq!(SearchParams::parse(None).page, Some(PageNumber::FIRST));
        assert_eq!(params("q=").text, "");
        assert_eq!(params("q=%20%20x%20").text, "x");
        assert_eq!(params("q=first&q=second").text, "first");
        assert_eq!(params("category=Not%20A%20Slug").category, None);
        assert_eq!(params("category=").category, None);
        assert_eq!(params("page=0").page, None);
        assert_eq!(params("page=x").page, None);
        assert_eq!(params("page=").page, Some(PageNumber::FIRST));
        assert_eq!(params("unknown=1&&=&q").text, "");
        assert_eq!(
            params(&format!("q={}", "a".repeat(1000))).text.len(),
            MAX_TEXT
        );
        // Found by the `router` fuzz target: cut after a space, the text
        // ended with it, and read back without it from the page's links.
        let cut_at_a_space = format!("q={}+b", "a".repeat(MAX_TEXT - 1));
        assert_eq!(params(&cut_at_a_space).text, "a".repeat(MAX_TEXT - 1));
    }
}
