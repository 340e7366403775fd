//! The static files pages link to: the built-in ones, compiled in, and
//! those a [`Theme`] adds or replaces.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::theme::Theme;

/// A static file, as served under `/assets/`.
#[derive(Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its `Content-Type`, from its extension.
    pub content_type: &'static str,
    /// Its bytes, shared: cloning an asset copies no bytes.
    pub body: Arc<[u8]>,
}

impl fmt::Debug for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Asset")
            .field("content_type", &self.content_type)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// Where assets are served, under the site root.
const PREFIX: &str = "/assets/";

/// Where the stylesheet is served, under the site root.
pub(crate) const STYLESHEET: &str = "/assets/style.css";

/// Where the stylesheet of highlighted code is served, under the site root.
pub(crate) const HIGHLIGHT: &str = "/assets/highlight.css";

/// The built-in assets by their path under the site root.
const BUILT_IN: &[(&str, &[u8])] = &[
    (STYLESHEET, include_bytes!("../assets/style.css")),
    (HIGHLIGHT, include_bytes!("../assets/highlight.css")),
];

/// Whether `name` can be an asset's name: what the server routes to
/// `/assets/NAME`, ASCII letters, digits, `.` and `-`, not starting with a
/// dot. No separator, so no `..` can climb out of the folder.
pub(crate) fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

/// The `Content-Type` of a file named `name`, from its extension.
pub(crate) fn content_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Every asset a renderer serves, by path under the site root.
#[derive(Debug, Clone)]
pub(crate) struct Assets(BTreeMap<String, Asset>);

impl Assets {
    /// The built-in assets, then those of `theme`, which replace built-in
    /// ones of the same name.
    pub(crate) fn new(theme: &Theme) -> Self {
        let built_in = BUILT_IN.iter().map(|&(path, body)| {
            let asset = Asset {
                content_type: content_type(path),
                body: Arc::from(body),
            };
            (path.to_owned(), asset)
        });
        let themed = theme.assets().map(|(name, body)| {
            let asset = Asset {
                content_type: content_type(name),
                body: Arc::clone(body),
            };
            (format!("{PREFIX}{name}"), asset)
        });
        Self(built_in.chain(themed).collect())
    }

    /// The asset served at `path`, such as `/assets/style.css`.
    pub(crate) fn get(&self, path: &str) -> Option<Asset> {
        self.0.get(path).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, expected: Option<&str>) {
        let assets = Assets::new(&Theme::default());
        assert_eq!(
            assets.get(path).map(|a| a.content_type),
            expected,
            "{path:?}"
        );
    }

    #[test]
    fn lookup() {
        check("/assets/style.css", Some("text/css; charset=utf-8"));
        check("/assets/highlight.css", Some("text/css; charset=utf-8"));
        check("assets/style.css", None);
        check("/assets/style.css/", None);
        check("/assets/STYLE.CSS", None);
        check("/assets/../Cargo.toml", None);
        check("", None);
    }

    #[test]
    fn stylesheet_is_not_empty() {
        let assets = Assets::new(&Theme::default());
        assert!(assets.get(STYLESHEET).is_some_and(|a| a.body.len() > 1000));
    }

    #[test]
    fn built_in_names_are_valid() {
        for (path, _) in BUILT_IN {
            let name = path.strip_prefix(PREFIX).expect("under /assets/");
            assert!(is_valid_name(name), "{path}");
        }
    }

    #[test]
    fn names() {
        for good in ["style.css", "a", "logo-2x.png", "font.v2.woff2"] {
            assert!(is_valid_name(good), "{good}");
        }
        for bad in [
            "", ".hidden", "..", "../x", "a/b.css", "a\\b", "a_b.css", "é.css", "a b",
        ] {
            assert!(!is_valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        let check = |name: &str, expected: &str| assert_eq!(content_type(name), expected, "{name}");
        check("style.css", "text/css; charset=utf-8");
        check("app.js", "text/javascript; charset=utf-8");
        check("logo.SVG", "image/svg+xml");
        check("photo.jpeg", "image/jpeg");
        check("photo.JPG", "image/jpeg");
        check("favicon.ico", "image/x-icon");
        check("font.woff2", "font/woff2");
        check("notes.txt", "text/plain; charset=utf-8");
        check("data.json", "application/json");
        check("feed.xml", "application/xml");
        check("image.webp", "image/webp");
        check("archive.tar.gz", "application/octet-stream");
        check("README", "application/octet-stream");
    }
}
