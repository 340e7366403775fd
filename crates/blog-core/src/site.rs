//! `Site`: what the blog says about itself, and where it lives.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The blog's own metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// The blog's name.
    pub title: String,
    /// One sentence about it.
    pub description: String,
    /// Where it is served from; every absolute URL starts with it.
    pub base_url: BaseUrl,
}

impl Default for Site {
    fn default() -> Self {
        Self {
            title: "Ferrous Notes".to_owned(),
            description: "Writing about Rust, the web and the tools we build with.".to_owned(),
            base_url: BaseUrl::parse("http://127.0.0.1:3000").expect("the default URL is valid"),
        }
    }
}

/// An absolute `http` or `https` URL with no query or fragment, stored without
/// a trailing slash, that site paths are joined to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BaseUrl(String);

/// Why a string is not a valid [`BaseUrl`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("base URL {url:?} is invalid: {reason}")]
pub struct BaseUrlError {
    url: String,
    reason: &'static str,
}

impl BaseUrl {
    /// Checks `url`: `http://` or `https://`, a host, an optional path, no
    /// whitespace, query or fragment.
    pub fn parse(url: &str) -> Result<Self, BaseUrlError> {
        let fail = |reason| BaseUrlError {
            url: url.to_owned(),
            reason,
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| fail("it must start with http:// or https://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(fail("it has no host"));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(fail("it contains whitespace"));
        }
        if url.contains(['?', '#']) {
            return Err(fail("it must not have a query or fragment"));
        }
        Ok(Self(url.trim_end_matches('/').to_owned()))
    }

    /// The absolute URL of a site path such as `/articles/x/`.
    pub fn join(&self, path: &str) -> String {
        format!("{}/{}", self.0, path.trim_start_matches('/'))
    }

    /// The URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for BaseUrl {
    type Error = BaseUrlError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<BaseUrl> for String {
    fn from(url: BaseUrl) -> Self {
        url.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(
            BaseUrl::parse(input).ok().as_ref().map(BaseUrl::as_str),
            expected,
            "{input:?}"
        );
    }

    #[test]
    fn base_urls() {
        check("https://example.org", Some("https://example.org"));
        check("https://example.org/", Some("https://example.org"));
        check(
            "http://127.0.0.1:3000/blog/",
            Some("http://127.0.0.1:3000/blog"),
        );
        check("example.org", None);
        check("ftp://example.org", None);
        check("https://", None);
        check("https:///path", None);
        check("https://exa mple.org", None);
        check("https://example.org/?q=1", None);
        check("https://example.org/#top", None);
    }

    #[test]
    fn join() {
        let url = BaseUrl::parse("https://example.org/blog/").expect("valid");
        assert_eq!(
            url.join("/articles/x/"),
            "https://example.org/blog/articles/x/"
        );
        assert_eq!(url.join("/"), "https://example.org/blog/");
    }
}
