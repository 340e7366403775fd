//! Where a path of the site is written in the output folder, and the small
//! page written at an old article URL.

use blog_core::BaseUrl;
use blog_render::html_escape;

/// The file that serves site path `path` on a static host, relative to the
/// output folder, with `/` between folders: a page's `/foo/` is
/// `foo/index.html`, `/` is `index.html`, a file's `/feed.xml` itself.
/// `None` for a path that could climb out of the folder or name a hidden
/// file (an empty, `.` or `..` segment, a backslash or a NUL), which no
/// path of the URL scheme has.
pub fn file_of(path: &str) -> Option<String> {
    let inner = path.strip_prefix('/')?;
    if inner.is_empty() {
        return Some("index.html".to_owned());
    }
    let safe = |segment: &str| {
        !segment.is_empty() && !segment.starts_with('.') && !segment.contains(['\\', '\0'])
    };
    let folders = inner.strip_suffix('/').unwrap_or(inner);
    if !folders.split('/').all(safe) {
        return None;
    }
    Some(if inner.ends_with('/') {
        format!("{inner}index.html")
    } else {
        inner.to_owned()
    })
}

/// The page written at an old article URL whose article is now at `to`, a
/// path of the site: what the server's permanent redirect says, for a host
/// that serves only files. Browsers follow its refresh at once; crawlers
/// read its canonical link; a reader without either has a link to follow.
pub fn redirect_page(base_url: &BaseUrl, to: &str) -> String {
    let canonical = html_escape(&format!("{}{to}", base_url.as_str()));
    let to = html_escape(to);
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"en\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <title>Moved</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n\
         </head>\n\
         <body>\n\
         <p>This article has moved to <a href=\"{to}\">{canonical}</a>.</p>\n\
         </body>\n\
         </html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_paths() {
        let check = |path: &str, expected: Option<&str>| {
            assert_eq!(file_of(path).as_deref(), expected, "{path}");
        };
        check("/", Some("index.html"));
        check("/page/2/", Some("page/2/index.html"));
        check("/articles/rust/", Some("articles/rust/index.html"));
        check("/feed.xml", Some("feed.xml"));
        check("/tags/rust/feed.xml", Some("tags/rust/feed.xml"));
        check(
            "/assets/style.0123456789abcdef.css",
            Some("assets/style.0123456789abcdef.css"),
        );
        check("/404.html", Some("404.html"));
        check("/search/index.json", Some("search/index.json"));
        for bad in [
            "", "feed.xml", "//", "/a//b/", "/../x", "/a/../b", "/./x", "/.hidden", "/a/.b/",
            "/a\\b", "/a\0b",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn a_redirect_page_names_where_to_go_three_ways() {
        let base = BaseUrl::parse("https://blog.example/").expect("valid");
        let page = redirect_page(&base, "/articles/new-name/");
        insta::assert_snapshot!(page);
        let escaped = redirect_page(&base, "/a\"<b>/");
        assert!(!escaped.contains("\"<b>"), "{escaped}");
        assert!(escaped.contains("/a&quot;&lt;b&gt;/"), "{escaped}");
    }
}
