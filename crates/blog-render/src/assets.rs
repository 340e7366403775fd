//! The static files the built-in templates link to, compiled in.

/// A built-in static file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: &'static [u8],
}

/// Where the stylesheet is served, under the site root.
pub(crate) const STYLESHEET: &str = "/assets/style.css";

/// Every asset by its path under the site root.
const ASSETS: &[(&str, Asset)] = &[(
    STYLESHEET,
    Asset {
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/style.css"),
    },
)];

/// The asset served at `path`, such as `/assets/style.css`.
pub(crate) fn asset(path: &str) -> Option<Asset> {
    ASSETS
        .iter()
        .find(|(at, _)| *at == path)
        .map(|&(_, asset)| asset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, expected: Option<&str>) {
        assert_eq!(asset(path).map(|a| a.content_type), expected, "{path:?}");
    }

    #[test]
    fn lookup() {
        check("/assets/style.css", Some("text/css; charset=utf-8"));
        check("assets/style.css", None);
        check("/assets/style.css/", None);
        check("/assets/STYLE.CSS", None);
        check("/assets/../Cargo.toml", None);
        check("", None);
    }

    #[test]
    fn stylesheet_is_not_empty() {
        assert!(asset(STYLESHEET).is_some_and(|a| a.body.len() > 1000));
    }
}
