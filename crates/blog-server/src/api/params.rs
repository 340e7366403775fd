//! The query string of an API request, read strictly: a program wrote it,
//! so a value that does not parse, a parameter given twice or one the
//! endpoint does not take is a 400 that names it, never silently ignored
//! (the search page, which people type into, reads leniently instead).

use blog_core::{PageNumber, PerPage, Slug};

use super::error::ApiError;
use crate::query::decode;

/// What `GET /api/v1/articles` accepts:
/// `?page=N&per_page=M&category=SLUG&tag=SLUG&series=SLUG`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ListParams {
    /// The page asked for; page 1 when absent.
    pub(super) page: PageNumber,
    /// How many articles a page holds; the server's page size when absent.
    pub(super) per_page: Option<PerPage>,
    /// Only articles in this category or one below it.
    pub(super) category: Option<Slug>,
    /// Only articles with this tag.
    pub(super) tag: Option<Slug>,
    /// Only parts of this series.
    pub(super) series: Option<Slug>,
}

/// The parameters of the list, as its errors name them.
const LIST_PARAMETERS: &str = "page, per_page, category, tag and series";

impl ListParams {
    /// Reads a query string (without the `?`); `None` or `""` asks for the
    /// first page of every public article.
    pub(super) fn parse(query: Option<&str>) -> Result<Self, ApiError> {
        let mut params = Self {
            page: PageNumber::FIRST,
            per_page: None,
            category: None,
            tag: None,
            series: None,
        };
        for (key, value) in pairs(query)? {
            match key.as_str() {
                "page" => {
                    params.page = PageNumber::parse(&value).ok_or_else(|| {
                        invalid(
                            "page",
                            "must be a whole number from 1, without leading zeros",
                        )
                    })?;
                }
                "per_page" => {
                    // A page number's syntax, with its own bounds.
                    let per_page = PageNumber::parse(&value).and_then(|n| PerPage::new(n.get()));
                    params.per_page = Some(per_page.ok_or_else(|| {
                        invalid(
                            "per_page",
                            &format!("must be a whole number from 1 to {}", PerPage::MAX),
                        )
                    })?);
                }
                "category" => params.category = Some(slug("category", &value)?),
                "tag" => params.tag = Some(slug("tag", &value)?),
                "series" => params.series = Some(slug("series", &value)?),
                _ => {
                    return Err(unknown(
                        &key,
                        &format!("this endpoint takes {LIST_PARAMETERS}"),
                    ));
                }
            }
        }
        Ok(params)
    }
}

/// Checks that a query string holds no parameter, for the endpoints that
/// take none.
pub(super) fn none(query: Option<&str>) -> Result<(), ApiError> {
    match pairs(query)?.first() {
        Some((key, _)) => Err(unknown(key, "this endpoint takes no parameters")),
        None => Ok(()),
    }
}

/// The decoded `key=value` pairs of a query string, in order; empty pairs
/// (`&&`, a lone `?`) are skipped, and a key without `=` has the value "".
fn pairs(query: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(key);
        if pairs.iter().any(|(seen, _)| *seen == key) {
            return Err(ApiError::bad_request(format!(
                "parameter {} is given more than once",
                quoted(&key)
            )));
        }
        pairs.push((key, decode(value)));
    }
    Ok(pairs)
}

fn slug(name: &str, value: &str) -> Result<Slug, ApiError> {
    Slug::parse(value).map_err(|error| invalid(name, &format!("is not a slug: {error}")))
}

fn invalid(name: &str, why: &str) -> ApiError {
    ApiError::bad_request(format!("parameter \"{name}\" {why}"))
}

fn unknown(key: &str, takes: &str) -> ApiError {
    ApiError::bad_request(format!("unknown parameter {}: {takes}", quoted(key)))
}

/// The longest part of a client's parameter name an error repeats.
const MAX_QUOTED: usize = 40;

/// `key` in quotes, escaped as Rust escapes strings, cut to [`MAX_QUOTED`]
/// characters: the error names it without echoing a long text back.
fn quoted(key: &str) -> String {
    let cut: String = key.chars().take(MAX_QUOTED).collect();
    if cut.len() < key.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).expect("valid test slug")
    }

    fn check(query: &str, expected: Result<ListParams, &str>) {
        match (ListParams::parse(Some(query)), expected) {
            (Ok(parsed), Ok(expected)) => assert_eq!(parsed, expected, "{query:?}"),
            (Err(error), Err(message)) => {
                assert!(error.message().contains(message), "{query:?}: {error:?}");
                assert_eq!(error.status(), hyper::StatusCode::BAD_REQUEST, "{query:?}");
            }
            (parsed, expected) => panic!("{query:?}: {parsed:?}, expected {expected:?}"),
        }
    }

    fn first() -> ListParams {
        ListParams {
            page: PageNumber::FIRST,
            per_page: None,
            category: None,
            tag: None,
            series: None,
        }
    }

    #[test]
    fn valid_queries() {
        check("", Ok(first()));
        check("&&", Ok(first()));
        check(
            "page=3&per_page=100&category=rust&tag=async&series=engine",
            Ok(ListParams {
                page: PageNumber::new(3).expect("nonzero"),
                per_page: PerPage::new(100),
                category: Some(slug("rust")),
                tag: Some(slug("async")),
                series: Some(slug("engine")),
            }),
        );
        check(
            "per_page=1&category=r%75st",
            Ok(ListParams {
                per_page: PerPage::new(1),
                category: Some(slug("rust")),
                ..first()
            }),
        );
        assert_eq!(ListParams::parse(None), Ok(first()));
    }

    #[test]
    fn invalid_values_name_the_parameter() {
        let page = r#"parameter "page" must be a whole number from 1, without leading zeros"#;
        for query in [
            "page=0",
            "page=01",
            "page=-1",
            "page=+1",
            "page=",
            "page",
            "page=99999999999",
        ] {
            check(query, Err(page));
        }
        let per_page = r#"parameter "per_page" must be a whole number from 1 to 100"#;
        for query in ["per_page=0", "per_page=101", "per_page=500", "per_page=ten"] {
            check(query, Err(per_page));
        }
        check(
            "category=NOT+A+SLUG",
            Err(r#"parameter "category" is not a slug: 'N' at byte 0 is not allowed"#),
        );
        check(
            "category=",
            Err(r#"parameter "category" is not a slug: a slug cannot be empty"#),
        );
        check("tag=a--b", Err(r#"parameter "tag" is not a slug: hyphens"#));
        check("series=%20", Err(r#"parameter "series" is not a slug"#));
    }

    #[test]
    fn unknown_and_repeated_parameters() {
        check(
            "q=rust",
            Err(
                r#"unknown parameter "q": this endpoint takes page, per_page, category, tag and series"#,
            ),
        );
        check("Page=2", Err(r#"unknown parameter "Page""#));
        check(
            "page=1&page=2",
            Err(r#"parameter "page" is given more than once"#),
        );
        check(
            &format!("{}=1", "x".repeat(1000)),
            Err(&format!(
                r#"unknown parameter "{}"…:"#,
                "x".repeat(MAX_QUOTED)
            )),
        );
        check("a%0Ab=1", Err(r#"unknown parameter "a\nb""#));
        assert_eq!(none(None), Ok(()));
        assert_eq!(none(Some("")), Ok(()));
        assert_eq!(
            none(Some("page=1")),
            Err(ApiError::bad_request(
                r#"unknown parameter "page": this endpoint takes no parameters"#.into()
            ))
        );
    }
}
