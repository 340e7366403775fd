//! The static files pages link to: the built-in ones, compiled in, and
//! those a [`Theme`](crate::Theme) adds or replaces.
//!
//! Each asset is served at two paths: its plain one, `/assets/style.css`,
//! for themes and old links, and a fingerprinted one that names its bytes,
//! `/assets/style.0123456789abcdef.css`, which pages link to and which may
//! be cached for good. The fingerprint is xxh3-64, whose output the xxHash
//! specification fixes: the same bytes get the same name on every build and
//! every Rust version.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use xxhash_rust::xxh3::xxh3_64;

/// A static file, as served under `/assets/`.
#[derive(Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its `Content-Type`, from its extension.
    pub content_type: &'static str,
    /// Its bytes, shared: cloning an asset copies no bytes.
    pub body: Arc<[u8]>,
    /// Whether it is served at its fingerprinted path, which names its
    /// bytes (`/assets/style.0123456789abcdef.css`): what is served there
    /// never changes, so it may be cached as immutable, for a year. False
    /// at its plain path (`/assets/style.css`), whose bytes change with the
    /// theme or a new version.
    pub immutable: bool,
}

impl fmt::Debug for Asset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Asset")
            .field("content_type", &self.content_type)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .field("immutable", &self.immutable)
            .finish()
    }
}

/// Where assets are served, under the site root.
const PREFIX: &str = "/assets/";

/// The name of the stylesheet.
pub(crate) const STYLESHEET: &str = "style.css";

/// The name of the stylesheet of highlighted code.
pub(crate) const HIGHLIGHT: &str = "highlight.css";

/// The name of the static search's script, which the bare search page runs.
pub(crate) const SEARCH_SCRIPT: &str = "search.js";

/// The built-in assets by name.
const BUILT_IN: &[(&str, &[u8])] = &[
    (STYLESHEET, include_bytes!("../assets/style.css")),
    (HIGHLIGHT, include_bytes!("../assets/highlight.css")),
    (SEARCH_SCRIPT, include_bytes!("../assets/search.js")),
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

/// `name` with the fingerprint of `body`, 16 lowercase hex digits, before
/// its last extension: `style.css` becomes `style.0123456789abcdef.css`, and
/// a name without extension, `LICENSE`, becomes `LICENSE.0123456789abcdef`.
/// A valid name stays valid (see [`is_valid_name`]).
pub(crate) fn fingerprinted(name: &str, body: &[u8]) -> String {
    let hash = xxh3_64(body);
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hash:016x}.{extension}"),
        None => format!("{name}.{hash:016x}"),
    }
}

/// Every asset a renderer serves, by path under the site root.
#[derive(Debug, Clone)]
pub(crate) struct Assets {
    /// Every asset by the paths it is served at, plain and fingerprinted.
    served: BTreeMap<String, Asset>,
    /// The fingerprinted path of each asset, by name (`style.css`).
    urls: BTreeMap<String, String>,
}

impl Assets {
    /// The built-in assets, then a theme's, by name (`style.css`), which
    /// replace built-in ones of the same name; each served at its plain and
    /// its fingerprinted path.
    ///
    /// Should a theme asset's own name be another's fingerprinted one
    /// (`style.0123456789abcdef.css` beside `style.css`), the fingerprinted
    /// path serves the bytes it names, which is what pages link to.
    pub(crate) fn new<'a>(themed: impl IntoIterator<Item = (&'a str, &'a Arc<[u8]>)>) -> Self {
        let mut bodies: BTreeMap<&str, Arc<[u8]>> = BUILT_IN
            .iter()
            .map(|&(name, body)| (name, Arc::from(body)))
            .collect();
        for (name, body) in themed {
            bodies.insert(name, Arc::clone(body));
        }
        let mut served = BTreeMap::new();
        let mut urls = BTreeMap::new();
        let mut immutable = Vec::with_capacity(bodies.len());
        for (name, body) in bodies {
            let asset = Asset {
                content_type: content_type(name),
                body,
                immutable: false,
            };
            let url = format!("{PREFIX}{}", fingerprinted(name, &asset.body));
            immutable.push((
                url.clone(),
                Asset {
                    immutable: true,
                    ..asset.clone()
                },
            ));
            served.insert(format!("{PREFIX}{name}"), asset);
            urls.insert(name.to_owned(), url);
        }
        served.extend(immutable);
        Self { served, urls }
    }

    /// The asset served at `path`, such as `/assets/style.css` or
    /// `/assets/style.0123456789abcdef.css`.
    pub(crate) fn get(&self, path: &str) -> Option<Asset> {
        self.served.get(path).cloned()
    }

    /// The fingerprinted path of the asset named `name`, such as
    /// `/assets/style.0123456789abcdef.css` for `style.css`.
    pub(crate) fn url(&self, name: &str) -> Option<&str> {
        self.urls.get(name).map(String::as_str)
    }

    /// Every asset with a path it is served at, sorted by path; each asset
    /// comes twice, at its plain and at its fingerprinted path.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Asset)> {
        self.served
            .iter()
            .map(|(path, asset)| (path.as_str(), asset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> Assets {
        Assets::new([])
    }

    /// The assets with `themed` ones, by name, over the built-in ones.
    fn themed(themed: &[(&str, &[u8])]) -> Assets {
        let bodies: Vec<(&str, Arc<[u8]>)> = themed
            .iter()
            .map(|&(name, body)| (name, Arc::from(body)))
            .collect();
        Assets::new(bodies.iter().map(|(name, body)| (*name, body)))
    }

    /// The fingerprinted path of `name`.
    fn url(assets: &Assets, name: &str) -> String {
        assets.url(name).expect("an asset of that name").to_owned()
    }

    fn check(path: &str, expected: Option<&str>) {
        let assets = built_in();
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
        check("/assets/search.js", Some("text/javascript; charset=utf-8"));
        check("assets/style.css", None);
        check("/assets/style.css/", None);
        check("/assets/STYLE.CSS", None);
        check("/assets/../Cargo.toml", None);
        check("", None);
        let assets = built_in();
        check(&url(&assets, "style.css"), Some("text/css; charset=utf-8"));
        check(
            &url(&assets, "highlight.css"),
            Some("text/css; charset=utf-8"),
        );
        check("/assets/style.0000000000000000.css", None);
        assert_eq!(assets.url("missing.css"), None);
        assert_eq!(assets.url("/assets/style.css"), None);
    }

    #[test]
    fn stylesheet_is_not_empty() {
        let assets = built_in();
        let path = format!("{PREFIX}{STYLESHEET}");
        assert!(assets.get(&path).is_some_and(|a| a.body.len() > 1000));
    }

    #[test]
    fn built_in_names_are_valid() {
        for (name, body) in BUILT_IN {
            assert!(is_valid_name(name), "{name}");
            assert!(is_valid_name(&fingerprinted(name, body)), "{name}");
        }
    }

    fn check_fingerprinted(name: &str, body: &[u8], expected: &str) {
        assert_eq!(fingerprinted(name, body), expected, "{name} {body:?}");
        assert!(is_valid_name(expected), "{expected}");
    }

    #[test]
    fn fingerprints() {
        // Pinned, and the same as the reference C library's XXH3_64bits
        // gives: should these change, every static export and every cache
        // would hold names that no longer match their bytes.
        check_fingerprinted("style.css", b"", "style.2d06800538d394c2.css");
        check_fingerprinted(
            "style.css",
            b"body { color: red }",
            "style.c01639b343b743fe.css",
        );
        // Before the last extension; a name without one gets it at its end.
        check_fingerprinted("font.v2.woff2", b"", "font.v2.2d06800538d394c2.woff2");
        check_fingerprinted("LICENSE", b"", "LICENSE.2d06800538d394c2");
        check_fingerprinted("a-b", b"", "a-b.2d06800538d394c2");
    }

    #[test]
    fn a_fingerprint_changes_with_the_bytes_and_only_with_them() {
        let a = fingerprinted("style.css", b"body { color: red }");
        assert_eq!(a, fingerprinted("style.css", b"body { color: red }"));
        assert_ne!(a, fingerprinted("style.css", b"body { color: red}"));
        assert_ne!(a, fingerprinted("style.css", b"body { color: blue }"));
        assert_eq!(built_in().urls, built_in().urls);
    }

    #[test]
    fn both_paths_serve_the_same_bytes_and_only_one_is_immutable() {
        let assets = themed(&[("logo.svg", b"<svg/>"), ("LICENSE", b"MIT")]);
        for name in [
            "style.css",
            "highlight.css",
            "search.js",
            "logo.svg",
            "LICENSE",
        ] {
            let plain = assets.get(&format!("{PREFIX}{name}")).expect("served");
            let fingerprinted = assets.get(&url(&assets, name)).expect("served");
            assert!(!plain.immutable, "{name}");
            assert!(fingerprinted.immutable, "{name}");
            assert_eq!(plain.body, fingerprinted.body, "{name}");
            assert_eq!(plain.content_type, fingerprinted.content_type, "{name}");
        }
        assert_eq!(
            url(&assets, "logo.svg"),
            format!("/assets/{}", fingerprinted("logo.svg", b"<svg/>"))
        );
    }

    #[test]
    fn every_asset_is_listed_twice_sorted_by_path() {
        let assets = themed(&[("logo.svg", b"<svg/>")]);
        let paths: Vec<&str> = assets.iter().map(|(path, _)| path).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        assert_eq!(paths, sorted);
        assert_eq!(paths.len(), 8, "{paths:?}");
        for (path, asset) in assets.iter() {
            assert_eq!(assets.get(path).as_ref(), Some(asset), "{path}");
            let name = path.strip_prefix(PREFIX).expect("under /assets/");
            assert!(is_valid_name(name), "{path}");
            assert_eq!(asset.immutable, assets.url(name).is_none(), "{path}");
        }
    }

    #[test]
    fn a_theme_asset_over_a_built_in_one_changes_its_fingerprinted_path() {
        let built_in = built_in();
        let old = url(&built_in, "style.css");
        let assets = themed(&[("style.css", b"body { color: red }")]);
        let new = url(&assets, "style.css");
        assert_ne!(new, old);
        assert_eq!(new, "/assets/style.c01639b343b743fe.css");
        let served = assets.get(&new).expect("served");
        assert_eq!(&*served.body, b"body { color: red }");
        assert!(served.immutable);
        // The old name would promise bytes no longer served.
        assert_eq!(assets.get(&old), None);
        // The highlight stylesheet, not overridden, keeps its name.
        assert_eq!(
            url(&assets, "highlight.css"),
            url(&built_in, "highlight.css")
        );
    }

    #[test]
    fn a_fingerprinted_path_serves_the_bytes_it_names() {
        // A theme file whose own name is another asset's fingerprinted one.
        let taken = fingerprinted("style.css", b"body { color: red }");
        let assets = themed(&[
            ("style.css", b"body { color: red }"),
            (taken.as_str(), b"something else"),
        ]);
        let served = assets.get(&format!("{PREFIX}{taken}")).expect("served");
        assert_eq!(&*served.body, b"body { color: red }");
        assert!(served.immutable);
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
