//! The site's settings for a build, read as `blog-server` reads them, so
//! that a build and a server given the same flags, `BLOG_*` variables and
//! `blog.toml` draw the same site, byte for byte.
//!
//! Only the settings that change what pages hold are the build's: title,
//! description, base URL, page sizes and theme. A `blog.toml` written for
//! the server holds its other keys too (`addr`, `cache_budget`, …): they
//! are accepted and left to the server, while an unknown key is an error,
//! as the server says. The value rules are the server's (its
//! `config/value.rs`): a page size is a whole number from 1 to 100, a base
//! URL what [`BaseUrl::parse`] takes, relative paths in the file are
//! relative to its folder. Flags and variables are read by clap; this
//! module reads the file and merges: flag, else variable, else file, else
//! default.
//!
//! The server keeps its own reader: its settings are one clap struct of all
//! its keys, and moving the site's part here would split it over two
//! crates for five keys. The key list and value rules are small and tested
//! against the server's README example.

use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};

use blog_core::{BaseUrl, PerPage, Site};
use toml::de::{DeTable, DeValue};

/// The config file read when none is named, if the working folder has one.
pub const DEFAULT_CONFIG_FILE: &str = "blog.toml";

/// Every key of `blog.toml`, as the server lists them.
pub const KEYS: &[&str] = &[
    "addr",
    "db",
    "no_demo",
    "title",
    "description",
    "base_url",
    "per_page",
    "feed_items",
    "theme",
    "cache_budget",
    "max_connections",
    "header_timeout",
    "request_timeout",
    "shutdown_grace",
    "log",
];

/// The site's settings from one source; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSettings {
    /// The site's title.
    pub title: Option<String>,
    /// One sentence about the site.
    pub description: Option<String>,
    /// Where the site will be served from.
    pub base_url: Option<BaseUrl>,
    /// Articles per page of a listing.
    pub per_page: Option<PerPage>,
    /// Articles per feed.
    pub feed_items: Option<PerPage>,
    /// A theme folder.
    pub theme: Option<PathBuf>,
    /// The database a config file names (the server's; `blog` commands take
    /// `--db`), for a hint when the build's is missing.
    pub db: Option<PathBuf>,
}

/// The settings of a build, resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Title, description and base URL.
    pub site: Site,
    /// Articles per page of a listing.
    pub per_page: PerPage,
    /// Articles per feed.
    pub feed_items: PerPage,
    /// A theme folder, if any.
    pub theme: Option<PathBuf>,
}

/// Why the settings cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// The config file is not valid TOML.
    #[error("{}: invalid TOML: {message}", location(path, *line))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Where, from 1, when known.
        line: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// The config file has a key that is no setting.
    #[error("{}:{line}: unknown key `{key}`; the keys are {}", path.display(), KEYS.join(", "))]
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// Where, from 1.
        line: usize,
        /// The key.
        key: String,
    },
    /// A key's value has the wrong type.
    #[error("{}:{line}: `{key}` must be {expected}", path.display())]
    WrongType {
        /// The file.
        path: PathBuf,
        /// Where, from 1.
        line: usize,
        /// The key.
        key: &'static str,
        /// What it must be.
        expected: &'static str,
    },
    /// A key's value is no valid setting.
    #[error("{}:{line}: `{key} = {value}`: {reason}", path.display())]
    Value {
        /// The file.
        path: PathBuf,
        /// Where, from 1.
        line: usize,
        /// The key.
        key: &'static str,
        /// The value as written.
        value: String,
        /// Why it is wrong.
        reason: String,
    },
    /// An environment variable holds no valid setting.
    #[error("{var}={value:?}: {reason}")]
    EnvValue {
        /// The variable, such as `BLOG_PER_PAGE`.
        var: &'static str,
        /// Its value.
        value: String,
        /// Why it is wrong.
        reason: String,
    },
    /// An environment variable that holds text is not UTF-8.
    #[error("{var} is not valid UTF-8")]
    EnvNotUnicode {
        /// The variable.
        var: &'static str,
    },
    /// No base URL anywhere.
    #[error(
        "a static site needs its base URL (feeds, the sitemap and canonical links are \
         absolute): pass --base-url https://example.org, or set BLOG_BASE_URL or \
         `base_url` in blog.toml"
    )]
    NoBaseUrl,
}

/// `path:line`, or `path` when the line is unknown.
fn location(path: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

/// A page size: a whole number from 1 to [`PerPage::MAX`] (the server's
/// rule, and its message).
pub fn per_page(text: &str) -> Result<PerPage, String> {
    let out_of_range = || format!("expected a whole number from 1 to {}", PerPage::MAX);
    let n: u32 = text.trim().parse().map_err(|_| out_of_range())?;
    PerPage::new(n).ok_or_else(out_of_range)
}

/// An absolute `http` or `https` URL, as [`BaseUrl`] checks it.
pub fn base_url(text: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(text.trim()).map_err(|error| error.to_string())
}

/// A file or folder path: any non-empty text.
pub fn path(text: &str) -> Result<PathBuf, String> {
    if text.is_empty() {
        return Err("the path is empty".to_owned());
    }
    Ok(PathBuf::from(text))
}

impl SiteSettings {
    /// Each setting from `self`, else from `lower`.
    pub fn or(self, lower: SiteSettings) -> SiteSettings {
        SiteSettings {
            title: self.title.or(lower.title),
            description: self.description.or(lower.description),
            base_url: self.base_url.or(lower.base_url),
            per_page: self.per_page.or(lower.per_page),
            feed_items: self.feed_items.or(lower.feed_items),
            theme: self.theme.or(lower.theme),
            db: self.db.or(lower.db),
        }
    }

    /// The settings, with the defaults for those not given: the server's
    /// (its title and description, 10 articles a page, 20 a feed), except
    /// the base URL, which a build must be given.
    pub fn resolve(self) -> Result<Resolved, SettingsError> {
        let default = Site::default();
        Ok(Resolved {
            site: Site {
                title: self.title.unwrap_or(default.title),
                description: self.description.unwrap_or(default.description),
                base_url: self.base_url.ok_or(SettingsError::NoBaseUrl)?,
            },
            per_page: self.per_page.unwrap_or(PerPage::DEFAULT),
            feed_items: self
                .feed_items
                .unwrap_or(blog_core::pages::DEFAULT_FEED_ITEMS),
            theme: self.theme,
        })
    }

    /// The settings of the `BLOG_*` variables that `var` reads (the
    /// process's environment, or a table in tests), and `BLOG_CONFIG`. An
    /// empty variable counts as unset, as for the server.
    pub fn from_env(
        var: &dyn Fn(&str) -> Option<OsString>,
    ) -> Result<(SiteSettings, Option<PathBuf>), SettingsError> {
        let raw = |name: &str| var(name).filter(|value| !value.is_empty());
        let text = |name| env_value(var, name, |t| Ok(t.to_owned()));
        let settings = SiteSettings {
            title: text("BLOG_TITLE")?,
            description: text("BLOG_DESCRIPTION")?,
            base_url: env_value(var, "BLOG_BASE_URL", base_url)?,
            per_page: env_value(var, "BLOG_PER_PAGE", per_page)?,
            feed_items: env_value(var, "BLOG_FEED_ITEMS", per_page)?,
            theme: raw("BLOG_THEME").map(PathBuf::from),
            db: None,
        };
        Ok((settings, raw("BLOG_CONFIG").map(PathBuf::from)))
    }

    /// The settings of `text`, the config file at `path`. Keys of the
    /// server's own settings are accepted and not read.
    pub fn from_file(path: &Path, text: &str) -> Result<SiteSettings, SettingsError> {
        let document = DeTable::parse(text).map_err(|error| SettingsError::Syntax {
            path: path.to_owned(),
            line: error.span().map(|span| line_of(text, &span)),
            message: error.message().trim_end().to_owned(),
        })?;
        let folder = path.parent().unwrap_or(Path::new(""));
        // The first problem in the file is the one reported.
        let mut entries: Vec<_> = document.get_ref().iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let mut settings = SiteSettings::default();
        for (key, value) in entries {
            let line = line_of(text, &key.span());
            let entry = |key| Entry {
                path,
                line,
                key,
                value: value.get_ref(),
            };
            match key.get_ref().as_ref() {
                "title" => settings.title = Some(entry("title").string(|t| Ok(t.to_owned()))?),
                "description" => {
                    settings.description = Some(entry("description").string(|t| Ok(t.to_owned()))?);
                }
                "base_url" => settings.base_url = Some(entry("base_url").string(base_url)?),
                "per_page" => settings.per_page = Some(entry("per_page").integer(per_page)?),
                "feed_items" => settings.feed_items = Some(entry("feed_items").integer(per_page)?),
                "theme" => settings.theme = Some(folder.join(entry("theme").string(self::path)?)),
                "db" => settings.db = Some(folder.join(entry("db").string(self::path)?)),
                // The server's: it checks them.
                other if KEYS.contains(&other) => {}
                unknown => {
                    return Err(SettingsError::UnknownKey {
                        path: path.to_owned(),
                        line,
                        key: unknown.to_owned(),
                    });
                }
            }
        }
        Ok(settings)
    }
}

/// The variable `name` through `parse`; `None` when unset or empty.
fn env_value<T>(
    var: &dyn Fn(&str) -> Option<OsString>,
    name: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, SettingsError> {
    let Some(raw) = var(name).filter(|value| !value.is_empty()) else {
        return Ok(None);
    };
    let value = raw
        .into_string()
        .map_err(|_| SettingsError::EnvNotUnicode { var: name })?;
    match parse(&value) {
        Ok(parsed) => Ok(Some(parsed)),
        Err(reason) => Err(SettingsError::EnvValue {
            var: name,
            value,
            reason,
        }),
    }
}

/// The line, from 1, of the byte at `span.start`.
fn line_of(text: &str, span: &Range<usize>) -> usize {
    1 + text
        .bytes()
        .take(span.start)
        .filter(|&b| b == b'\n')
        .count()
}

/// One `key = value` of the file.
struct Entry<'a> {
    path: &'a Path,
    line: usize,
    key: &'static str,
    value: &'a DeValue<'a>,
}

impl Entry<'_> {
    fn string<T>(&self, parse: fn(&str) -> Result<T, String>) -> Result<T, SettingsError> {
        match self.value {
            DeValue::String(text) => self.parsed(parse, text, format!("{text:?}")),
            _ => Err(self.wrong_type("a string")),
        }
    }

    fn integer<T>(&self, parse: fn(&str) -> Result<T, String>) -> Result<T, SettingsError> {
        let DeValue::Integer(integer) = self.value else {
            return Err(self.wrong_type("an integer"));
        };
        let written = integer.to_string();
        let n = i64::from_str_radix(integer.as_str(), integer.radix())
            .map(|n| n.to_string())
            .unwrap_or_else(|_| written.clone());
        self.parsed(parse, &n, written)
    }

    fn parsed<T>(
        &self,
        parse: fn(&str) -> Result<T, String>,
        text: &str,
        written: String,
    ) -> Result<T, SettingsError> {
        parse(text).map_err(|reason| SettingsError::Value {
            path: self.path.to_owned(),
            line: self.line,
            key: self.key,
            value: written,
            reason,
        })
    }

    fn wrong_type(&self, expected: &'static str) -> SettingsError {
        SettingsError::WrongType {
            path: self.path.to_owned(),
            line: self.line,
            key: self.key,
            expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteSettings, String> {
        SiteSettings::from_file(Path::new("conf/blog.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn the_site_keys() {
        let settings = parse(
            "title = \"T\"\ndescription = \"D.\"\nbase_url = \"https://blog.example/\"\n\
             per_page = 5\nfeed_items = 0x10\ntheme = \"themes/plain\"\ndb = \"data/blog.db\"\n",
        )
        .expect("valid");
        assert_eq!(
            settings,
            SiteSettings {
                title: Some("T".to_owned()),
                description: Some("D.".to_owned()),
                base_url: BaseUrl::parse("https://blog.example").ok(),
                per_page: PerPage::new(5),
                feed_items: PerPage::new(16),
                theme: Some(PathBuf::from("conf/themes/plain")),
                db: Some(PathBuf::from("conf/data/blog.db")),
            }
        );
    }

    /// The server's example file is a build's too.
    #[test]
    fn the_readme_example_loads() {
        let readme = include_str!("../../../../README.md");
        let example = readme
            .split_once("An example `blog.toml`")
            .and_then(|(_, rest)| rest.split_once("```toml\n"))
            .and_then(|(_, rest)| rest.split_once("```"))
            .map(|(example, _)| example)
            .expect("the README has an example blog.toml");
        let settings = parse(example).expect("the example is valid");
        assert_eq!(settings.db, Some(PathBuf::from("conf/data/blog.db")));
    }

    #[test]
    fn every_server_key_is_accepted() {
        let text: String = KEYS
            .iter()
            .filter(|key| {
                ![
                    "title",
                    "description",
                    "base_url",
                    "per_page",
                    "feed_items",
                    "theme",
                    "db",
                ]
                .contains(key)
            })
            .map(|key| format!("{key} = \"anything, the server checks it\"\n"))
            .collect();
        assert_eq!(parse(&text), Ok(SiteSettings::default()));
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let check = |text: &str, expected: &str| {
            assert_eq!(parse(text).err().as_deref(), Some(expected), "{text}");
        };
        check(
            "title = \"x\"\n\nport = 3000\n",
            "conf/blog.toml:3: unknown key `port`; the keys are addr, db, no_demo, title, \
             description, base_url, per_page, feed_items, theme, cache_budget, \
             max_connections, header_timeout, request_timeout, shutdown_grace, log",
        );
        check(
            "\nper_page = 500",
            "conf/blog.toml:2: `per_page = 500`: expected a whole number from 1 to 100",
        );
        check(
            "per_page = \"10\"",
            "conf/blog.toml:1: `per_page` must be an integer",
        );
        check(
            "base_url = \"example.org\"",
            "conf/blog.toml:1: `base_url = \"example.org\"`: base URL \"example.org\" is \
             invalid: it must start with http:// or https://",
        );
        check(
            "theme = \"\"",
            "conf/blog.toml:1: `theme = \"\"`: the path is empty",
        );
        check(
            "title = \"x\"\ntitle = \"y\"\n",
            "conf/blog.toml:2: invalid TOML: duplicate key",
        );
    }

    /// The settings of an environment of exactly `vars`.
    fn env(vars: &[(&str, &str)]) -> Result<(SiteSettings, Option<PathBuf>), String> {
        let var = |name: &str| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        };
        SiteSettings::from_env(&var).map_err(|e| e.to_string())
    }

    #[test]
    fn variables() {
        let (settings, config) = env(&[
            ("BLOG_TITLE", "Env"),
            ("BLOG_BASE_URL", "https://env.example/"),
            ("BLOG_PER_PAGE", "7"),
            ("BLOG_THEME", "theme"),
            ("BLOG_CONFIG", "site.toml"),
            ("BLOG_DB", "ignored.db"),
        ])
        .expect("valid");
        assert_eq!(settings.title.as_deref(), Some("Env"));
        assert_eq!(
            settings.base_url.as_ref().map(BaseUrl::as_str),
            Some("https://env.example")
        );
        assert_eq!(settings.per_page, PerPage::new(7));
        assert_eq!(settings.feed_items, None);
        assert_eq!(settings.theme, Some(PathBuf::from("theme")));
        assert_eq!(config, Some(PathBuf::from("site.toml")));
        // Empty is unset, as for the server.
        assert_eq!(
            env(&[
                ("BLOG_TITLE", ""),
                ("BLOG_PER_PAGE", ""),
                ("BLOG_CONFIG", "")
            ]),
            Ok((SiteSettings::default(), None))
        );
        assert_eq!(
            env(&[("BLOG_FEED_ITEMS", "many")]),
            Err("BLOG_FEED_ITEMS=\"many\": expected a whole number from 1 to 100".to_owned())
        );
    }

    #[test]
    fn flags_over_variables_over_the_file_over_defaults() {
        let file = SiteSettings {
            title: Some("File".to_owned()),
            per_page: PerPage::new(3),
            base_url: BaseUrl::parse("https://file.example").ok(),
            ..SiteSettings::default()
        };
        let given = SiteSettings {
            title: Some("Flag".to_owned()),
            ..SiteSettings::default()
        };
        let resolved = given.or(file).resolve().expect("a base URL");
        assert_eq!(resolved.site.title, "Flag");
        assert_eq!(resolved.site.description, Site::default().description);
        assert_eq!(resolved.site.base_url.as_str(), "https://file.example");
        assert_eq!(resolved.per_page.get(), 3);
        assert_eq!(resolved.feed_items.get(), 20);
        assert!(matches!(
            SiteSettings::default().resolve(),
            Err(SettingsError::NoBaseUrl)
        ));
    }
}
