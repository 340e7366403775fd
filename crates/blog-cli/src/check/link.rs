//! What a URL written in an article points at: a path on this site, a
//! fragment of the article itself, another site, or nothing to check.

use blog_core::BaseUrl;

/// A URL of an article, resolved as a reader's browser would resolve it on
/// the article's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A path on this site: absolute, without dot segments, query or
    /// fragment (the server routes the path alone), and the fragment if
    /// one was given.
    Site {
        /// The path, such as `/articles/rust/`, percent-encoding kept as
        /// written (the server routes the path as the browser sends it).
        path: String,
        /// The part after `#`, percent-decoded, if not empty.
        fragment: Option<String>,
    },
    /// A fragment of the page the link is on (`#part`).
    Here {
        /// The part after `#`, percent-decoded.
        fragment: String,
    },
    /// An `http` or `https` URL on another site.
    External(String),
    /// Nothing a checker can judge: `mailto:` and other schemes, or an
    /// empty URL (the page itself).
    Unchecked,
}

impl Link {
    /// Resolves `url`, written on the page at `page` (a site path such as
    /// `/articles/rust/`). An absolute URL under `base` is a path on the
    /// site; scheme and host are compared without case, and `http` and
    /// `https` count as the same site.
    pub fn resolve(url: &str, page: &str, base: Option<&BaseUrl>) -> Self {
        let url = url.trim();
        if url.is_empty() {
            return Self::Unchecked;
        }
        if let Some(fragment) = url.strip_prefix('#') {
            return match decode(fragment) {
                fragment if fragment.is_empty() => Self::Unchecked,
                fragment => Self::Here { fragment },
            };
        }
        let absolute = match scheme(url) {
            Some(scheme) if scheme.eq_ignore_ascii_case("http") => Some(url),
            Some(scheme) if scheme.eq_ignore_ascii_case("https") => Some(url),
            Some(_) => return Self::Unchecked,
            None => None,
        };
        // `//host/path` takes the page's scheme: the same host check.
        let absolute = absolute
            .map(str::to_owned)
            .or_else(|| url.starts_with("//").then(|| format!("https:{url}")));
        let reference = match &absolute {
            Some(absolute) => match base.and_then(|base| site_path(absolute, base)) {
                Some(path) => path,
                None => return Self::External(absolute.clone()),
            },
            None => url,
        };
        let (rest, fragment) = match reference.split_once('#') {
            Some((rest, fragment)) => (rest, Some(decode(fragment))),
            None => (reference, None),
        };
        let path = rest.split_once('?').map_or(rest, |(path, _)| path);
        let joined = if path.is_empty() {
            page.to_owned()
        } else if path.starts_with('/') {
            path.to_owned()
        } else {
            // The page's folder: everything up to its last `/`.
            let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
            format!("{folder}{path}")
        };
        Self::Site {
            path: without_dot_segments(&joined),
            fragment: fragment.filter(|f| !f.is_empty()),
        }
    }
}

/// The scheme of `url`, if it starts with one (`https:`, `mailto:`):
/// a letter, then letters, digits, `+`, `-` or `.`, then `:`.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    .then_some(scheme)
}

/// The rest of the absolute `url` after `base`, as a site reference
/// (`/articles/a/#x`), if `url` is on the site `base` names.
fn site_path<'u>(url: &'u str, base: &BaseUrl) -> Option<&'u str> {
    let (_, url_rest) = url.split_once("://")?;
    let (_, base_rest) = base.as_str().split_once("://")?;
    let (base_host, base_path) = base_rest
        .find('/')
        .map_or((base_rest, ""), |i| base_rest.split_at(i));
    let host_end = url_rest.find(['/', '?', '#']).unwrap_or(url_rest.len());
    let (host, rest) = url_rest.split_at(host_end);
    if !host.eq_ignore_ascii_case(base_host) {
        return None;
    }
    let rest = rest.strip_prefix(base_path)?;
    match rest.chars().next() {
        None => Some("/"),
        Some('/') => Some(rest),
        // `?q` or `#f` right after the base: its root page.
        Some('?' | '#') if base_path.is_empty() => Some(rest),
        _ => None,
    }
}

/// `path` with `.` and `..` segments applied, as RFC 3986 does: a `..`
/// never climbs above the root.
fn without_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." {
                    out.pop();
                }
                // A final dot segment names a folder: keep its slash.
                if i == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}", out.join("/"))
}

/// `text` with `%XX` escapes decoded (as a browser matches a fragment to
/// an id); invalid UTF-8 is replaced, and a `%` not followed by two hex
/// digits kept.
fn decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "/articles/rust/";

    fn site(path: &str, fragment: Option<&str>) -> Link {
        Link::Site {
            path: path.to_owned(),
            fragment: fragment.map(str::to_owned),
        }
    }

    fn check(url: &str, base: Option<&str>, expected: Link) {
        let base = base.map(|b| BaseUrl::parse(b).expect("valid base"));
        assert_eq!(
            Link::resolve(url, PAGE, base.as_ref()),
            expected,
            "{url:?} under {base:?}"
        );
    }

    #[test]
    fn paths_resolve_against_the_page() {
        check("/articles/a/", None, site("/articles/a/", None));
        check("../a/", None, site("/articles/a/", None));
        check("../../tags/x/", None, site("/tags/x/", None));
        check("../../../../x/", None, site("/x/", None));
        check("sub/", None, site("/articles/rust/sub/", None));
        check(".", None, site("/articles/rust/", None));
        check("..", None, site("/articles/", None));
        check("./../b/./c/../", None, site("/articles/b/", None));
        check("/a//b/", None, site("/a//b/", None));
        check("?q=1", None, site("/articles/rust/", None));
        check("/search/?q=a#x", None, site("/search/", Some("x")));
        check("../a/#", None, site("/articles/a/", None));
        check(
            "/articles/a/#part%20two",
            None,
            site("/articles/a/", Some("part two")),
        );
    }

    #[test]
    fn fragments_alone_are_the_page_itself() {
        check(
            "#notes",
            None,
            Link::Here {
                fragment: "notes".into(),
            },
        );
        check(
            "#caf%C3%A9",
            None,
            Link::Here {
                fragment: "café".into(),
            },
        );
        check("#", None, Link::Unchecked);
        check("", None, Link::Unchecked);
        check("  ", None, Link::Unchecked);
    }

    #[test]
    fn absolute_urls_under_the_base_are_the_site() {
        let base = Some("https://blog.example.org");
        check(
            "https://blog.example.org/articles/a/",
            base,
            site("/articles/a/", None),
        );
        check(
            "HTTP://Blog.Example.org/articles/a/#x",
            base,
            site("/articles/a/", Some("x")),
        );
        check("https://blog.example.org", base, site("/", None));
        check("//blog.example.org/tags/", base, site("/tags/", None));
        check(
            "https://blog.example.org.evil/x/",
            base,
            Link::External("https://blog.example.org.evil/x/".into()),
        );
        check(
            "https://other.example/x/",
            base,
            Link::External("https://other.example/x/".into()),
        );
        // Without a base URL every absolute URL is another site's.
        check(
            "https://blog.example.org/articles/a/",
            None,
            Link::External("https://blog.example.org/articles/a/".into()),
        );
        check(
            "//cdn.example/x.png",
            None,
            Link::External("https://cdn.example/x.png".into()),
        );
    }

    #[test]
    fn a_base_with_a_path_owns_only_that_path() {
        let base = Some("https://example.org/blog/");
        check(
            "https://example.org/blog/articles/a/",
            base,
            site("/articles/a/", None),
        );
        check("https://example.org/blog", base, site("/", None));
        check(
            "https://example.org/blogroll/",
            base,
            Link::External("https://example.org/blogroll/".into()),
        );
        check(
            "https://example.org/",
            base,
            Link::External("https://example.org/".into()),
        );
    }

    #[test]
    fn other_schemes_are_not_checked() {
        for url in [
            "mailto:me@example.org",
            "tel:+123",
            "ftp://example.org/",
            "data:text/plain,x",
        ] {
            check(url, None, Link::Unchecked);
        }
        // Not a scheme: a relative path with a colon later on.
        check("a/b:c", None, site("/articles/rust/a/b:c", None));
        check("1a:b", None, site("/articles/rust/1a:b", None));
    }
}
