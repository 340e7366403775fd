//! Settings from a TOML file such as `blog.toml`.
//!
//! The file is read through the toml crate's spanned document (`DeTable`)
//! rather than a `#[serde(deny_unknown_fields)]` struct: serde's type errors
//! carry a span but not the key (the toml error keeps its key path private),
//! and every error here names the file, the line and the key. Keys are the
//! flags' names with underscores; relative paths are relative to the file's
//! folder, so a config file works from wherever the server is started.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{ConfigError, Layer, value};

/// Every key a config file may have, in the order the README lists them.
pub(super) const KEYS: &[&str] = &[
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

/// `path:line`, or `path` when the line is unknown.
pub(super) fn location(path: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

/// The settings in `text`, the contents of the file at `path`.
pub(super) fn parse(path: &Path, text: &str) -> Result<Layer, ConfigError> {
    let document = DeTable::parse(text).map_err(|error| {
        let span = error.span();
        let mut message = error.message().trim_end().to_owned();
        // The text the parser points at, when that is a short piece of one
        // line (a duplicate key, a stray character).
        let at = span.as_ref().and_then(|span| text.get(span.clone()));
        if let Some(at) = at.filter(|at| (1..=40).contains(&at.len()) && !at.contains('\n')) {
            message.push_str(&format!(" (at `{at}`)"));
        }
        ConfigError::Syntax {
            path: path.to_owned(),
            line: span.map(|span| line_of(text, &span)),
            message,
        }
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    // The first problem in the file is the one reported, whatever the
    // table's own (alphabetical) order.
    let mut entries: Vec<_> = document.get_ref().iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut layer = Layer::default();
    for (key, value) in entries {
        let line = line_of(text, &key.span());
        let entry = |key| Entry {
            path,
            line,
            key,
            value,
        };
        match key.get_ref().as_ref() {
            "addr" => layer.addr = Some(entry("addr").string(value::addr)?),
            "db" => layer.db = Some(folder.join(entry("db").string(value::path)?)),
            "no_demo" => layer.no_demo = Some(entry("no_demo").boolean()?),
            "title" => layer.title = Some(entry("title").string(value::text)?),
            "description" => {
                layer.description = Some(entry("description").string(value::text)?);
            }
            "base_url" => layer.base_url = Some(entry("base_url").string(value::base_url)?),
            "per_page" => layer.per_page = Some(entry("per_page").integer(value::per_page)?),
            "feed_items" => {
                layer.feed_items = Some(entry("feed_items").integer(value::per_page)?);
            }
            "theme" => layer.theme = Some(folder.join(entry("theme").string(value::path)?)),
            "cache_budget" => {
                layer.cache_budget = Some(entry("cache_budget").size(value::byte_size)?);
            }
            "max_connections" => {
                layer.max_connections = Some(entry("max_connections").integer(value::positive)?);
            }
            "header_timeout" => {
                layer.header_timeout = Some(entry("header_timeout").duration()?);
            }
            "request_timeout" => {
                layer.request_timeout = Some(entry("request_timeout").duration()?);
            }
            "shutdown_grace" => {
                layer.shutdown_grace = Some(entry("shutdown_grace").duration()?);
            }
            "log" => layer.log = Some(entry("log").string(value::log_level)?),
            unknown => {
                return Err(ConfigError::UnknownKey {
                    path: path.to_owned(),
                    line,
                    key: unknown.to_owned(),
                });
            }
        }
    }
    Ok(layer)
}

/// The line, from 1, of the byte at `span.start`.
fn line_of(text: &str, span: &Range<usize>) -> usize {
    let newlines = text
        .bytes()
        .take(span.start)
        .filter(|&b| b == b'\n')
        .count();
    newlines + 1
}

/// One `key = value` of the file.
struct Entry<'a> {
    path: &'a Path,
    /// The key's line: a value's own span can start on a later line (a
    /// `[table]` header, a multi-line string), but the key is what a reader
    /// looks for.
    line: usize,
    key: &'static str,
    value: &'a Spanned<DeValue<'a>>,
}

impl Entry<'_> {
    fn string<T>(&self, parse: fn(&str) -> Result<T, String>) -> Result<T, ConfigError> {
        self.string_or("a string", parse)
    }

    fn duration(&self) -> Result<std::time::Duration, ConfigError> {
        self.string_or("a string such as \"10s\" or \"500ms\"", value::duration)
    }

    fn string_or<T>(
        &self,
        expected: &'static str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        match self.value.get_ref() {
            DeValue::String(text) => self.parsed(parse, text, format!("{text:?}")),
            _ => Err(self.wrong_type(expected)),
        }
    }

    fn integer<T>(&self, parse: fn(&str) -> Result<T, String>) -> Result<T, ConfigError> {
        match self.value.get_ref() {
            DeValue::Integer(_) => {
                let n = self.integer_text()?;
                self.parsed(parse, &n, n.clone())
            }
            _ => Err(self.wrong_type("an integer")),
        }
    }

    /// A byte size: an integer (bytes) or a string with a unit.
    fn size<T>(&self, parse: fn(&str) -> Result<T, String>) -> Result<T, ConfigError> {
        match self.value.get_ref() {
            DeValue::Integer(_) => {
                let n = self.integer_text()?;
                self.parsed(parse, &n, n.clone())
            }
            DeValue::String(text) => self.parsed(parse, text, format!("{text:?}")),
            _ => Err(self.wrong_type("an integer or a string such as \"64MiB\"")),
        }
    }

    fn boolean(&self) -> Result<bool, ConfigError> {
        match self.value.get_ref() {
            DeValue::Boolean(b) => Ok(*b),
            _ => Err(self.wrong_type("true or false")),
        }
    }

    /// The integer in decimal, whatever base the file writes it in.
    fn integer_text(&self) -> Result<String, ConfigError> {
        let DeValue::Integer(integer) = self.value.get_ref() else {
            return Err(self.wrong_type("an integer"));
        };
        i64::from_str_radix(integer.as_str(), integer.radix())
            .map(|n| n.to_string())
            .map_err(|_| ConfigError::FileValue {
                path: self.path.to_owned(),
                line: self.line,
                key: self.key,
                value: integer.to_string(),
                reason: "too large for a 64-bit integer".to_owned(),
            })
    }

    fn parsed<T>(
        &self,
        parse: fn(&str) -> Result<T, String>,
        text: &str,
        written: String,
    ) -> Result<T, ConfigError> {
        parse(text).map_err(|reason| ConfigError::FileValue {
            path: self.path.to_owned(),
            line: self.line,
            key: self.key,
            value: written,
            reason,
        })
    }

    fn wrong_type(&self, expected: &'static str) -> ConfigError {
        ConfigError::WrongType {
            path: self.path.to_owned(),
            line: self.line,
            key: self.key,
            expected,
            found: match self.value.get_ref() {
                DeValue::String(_) => "a string",
                DeValue::Integer(_) => "an integer",
                DeValue::Float(_) => "a float",
                DeValue::Boolean(_) => "a boolean",
                DeValue::Datetime(_) => "a date",
                DeValue::Array(_) => "an array",
                DeValue::Table(_) => "a table",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::path::PathBuf;
    use std::time::Duration;

    use blog_core::PerPage;
    use tracing::level_filters::LevelFilter;

    use super::*;

    fn parse_at(path: &str, text: &str) -> Result<Layer, String> {
        parse(Path::new(path), text).map_err(|error| error.to_string())
    }

    /// The error for `text` as `conf/blog.toml`.
    fn check_error(text: &str, expected: &str) {
        match parse_at("conf/blog.toml", text) {
            Ok(layer) => panic!("accepted {text:?} as {layer:?}"),
            Err(error) => assert_eq!(error, expected, "for {text:?}"),
        }
    }

    #[test]
    fn every_key() {
        let text = r#"
            addr = "0.0.0.0:8080"
            db = "data/blog.db"
            no_demo = true
            title = "A title"
            description = "A sentence."
            base_url = "https://blog.example.org/"
            per_page = 25
            feed_items = 0x10
            theme = "themes/plain"
            cache_budget = "512KiB"
            max_connections = 1_000
            header_timeout = "500ms"
            request_timeout = "2m"
            shutdown_grace = "1h"
            log = "debug"
        "#;
        let layer = parse_at("conf/blog.toml", text).expect("valid");
        assert_eq!(layer.addr, Some(SocketAddr::from(([0, 0, 0, 0], 8080))));
        assert_eq!(layer.db, Some(PathBuf::from("conf/data/blog.db")));
        assert_eq!(layer.no_demo, Some(true));
        assert_eq!(layer.title.as_deref(), Some("A title"));
        assert_eq!(layer.description.as_deref(), Some("A sentence."));
        assert_eq!(
            layer.base_url.as_ref().map(|url| url.as_str()),
            Some("https://blog.example.org")
        );
        assert_eq!(layer.per_page, PerPage::new(25));
        assert_eq!(layer.feed_items, PerPage::new(16));
        assert_eq!(layer.theme, Some(PathBuf::from("conf/themes/plain")));
        assert_eq!(layer.cache_budget, Some(512 * 1024));
        assert_eq!(layer.max_connections, Some(1000));
        assert_eq!(layer.header_timeout, Some(Duration::from_millis(500)));
        assert_eq!(layer.request_timeout, Some(Duration::from_secs(120)));
        assert_eq!(layer.shutdown_grace, Some(Duration::from_secs(3600)));
        assert_eq!(layer.log, Some(LevelFilter::DEBUG));
        // Every key the error message lists is one the file takes.
        for key in KEYS {
            assert!(text.contains(&format!("{key} =")), "{key} untested");
        }
    }

    #[test]
    fn empty_file() {
        let layer = parse_at("blog.toml", "# nothing yet\n").expect("valid");
        assert!(layer.addr.is_none() && layer.db.is_none() && layer.log.is_none());
    }

    #[test]
    fn relative_paths_are_relative_to_the_file() {
        let paths = |path, text| {
            let layer = parse_at(path, text).expect("valid");
            (layer.db, layer.theme)
        };
        let text = "db = \"blog.db\"\ntheme = \"../theme\"";
        assert_eq!(
            paths("blog.toml", text),
            (Some("blog.db".into()), Some("../theme".into()))
        );
        assert_eq!(
            paths("/etc/blog/blog.toml", text),
            (
                Some("/etc/blog/blog.db".into()),
                Some("/etc/blog/../theme".into())
            )
        );
        assert_eq!(
            paths("/etc/blog/blog.toml", "db = \"/var/lib/blog.db\""),
            (Some("/var/lib/blog.db".into()), None)
        );
    }

    #[test]
    fn a_size_is_an_integer_or_a_string() {
        let size = |text| parse_at("blog.toml", text).map(|layer| layer.cache_budget);
        assert_eq!(size("cache_budget = 0"), Ok(Some(0)));
        assert_eq!(size("cache_budget = 65536"), Ok(Some(65536)));
        assert_eq!(size("cache_budget = \"64MiB\""), Ok(Some(64 << 20)));
        assert_eq!(size("cache_budget = \"1GB\""), Ok(Some(1_000_000_000)));
    }

    #[test]
    fn unknown_keys() {
        check_error(
            "addr = \"127.0.0.1:3000\"\n\nport = 3000\n",
            "conf/blog.toml:3: unknown key `port`; the keys are addr, db, no_demo, title, \
             description, base_url, per_page, feed_items, theme, cache_budget, \
             max_connections, header_timeout, request_timeout, shutdown_grace, log",
        );
        // Sections are unknown keys too: the file is flat.
        check_error(
            "title = \"x\"\n[server]\naddr = \"127.0.0.1:3000\"\n",
            "conf/blog.toml:2: unknown key `server`; the keys are addr, db, no_demo, title, \
             description, base_url, per_page, feed_items, theme, cache_budget, \
             max_connections, header_timeout, request_timeout, shutdown_grace, log",
        );
        // The first problem in the file is reported, not the first in
        // alphabetical order.
        check_error(
            "zzz = 1\naaa = 2\n",
            "conf/blog.toml:1: unknown key `zzz`; the keys are addr, db, no_demo, title, \
             description, base_url, per_page, feed_items, theme, cache_budget, \
             max_connections, header_timeout, request_timeout, shutdown_grace, log",
        );
    }

    #[test]
    fn wrong_types() {
        check_error(
            "\n\nper_page = \"10\"",
            "conf/blog.toml:3: `per_page` must be an integer, not a string",
        );
        check_error(
            "no_demo = \"yes\"",
            "conf/blog.toml:1: `no_demo` must be true or false, not a string",
        );
        check_error(
            "header_timeout = 10",
            "conf/blog.toml:1: `header_timeout` must be a string such as \"10s\" or \"500ms\", not an integer",
        );
        check_error(
            "cache_budget = 1.5",
            "conf/blog.toml:1: `cache_budget` must be an integer or a string such as \"64MiB\", not a float",
        );
        check_error(
            "title = [\"a\", \"b\"]",
            "conf/blog.toml:1: `title` must be a string, not an array",
        );
        check_error(
            "title = \"ok\"\n[addr]\nip = \"::1\"",
            "conf/blog.toml:2: `addr` must be a string, not a table",
        );
        check_error(
            "db = 1979-05-27",
            "conf/blog.toml:1: `db` must be a string, not a date",
        );
    }

    #[test]
    fn bad_values() {
        check_error(
            "title = \"x\"\nper_page = 0",
            "conf/blog.toml:2: `per_page = 0`: expected a whole number from 1 to 100",
        );
        check_error(
            "feed_items = 101",
            "conf/blog.toml:1: `feed_items = 101`: expected a whole number from 1 to 100",
        );
        check_error(
            "max_connections = -1",
            "conf/blog.toml:1: `max_connections = -1`: expected a whole number, at least 1",
        );
        check_error(
            "cache_budget = -1",
            "conf/blog.toml:1: `cache_budget = -1`: the value is negative",
        );
        check_error(
            "cache_budget = \"64 megs\"",
            "conf/blog.toml:1: `cache_budget = \"64 megs\"`: unknown unit \"megs\"; use B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)",
        );
        check_error(
            "shutdown_grace = \"0s\"",
            "conf/blog.toml:1: `shutdown_grace = \"0s\"`: must be more than zero",
        );
        check_error(
            "request_timeout = \"\"",
            "conf/blog.toml:1: `request_timeout = \"\"`: the value is empty; expected, say, 10s",
        );
        check_error(
            "addr = \"localhost\"",
            "conf/blog.toml:1: `addr = \"localhost\"`: expected IP:PORT, such as 127.0.0.1:3000 or [::1]:3000",
        );
        check_error(
            "base_url = \"example.org\"",
            "conf/blog.toml:1: `base_url = \"example.org\"`: base URL \"example.org\" is invalid: it must start with http:// or https://",
        );
        check_error(
            "log = \"chatty\"",
            "conf/blog.toml:1: `log = \"chatty\"`: expected off, error, warn, info, debug or trace",
        );
        check_error(
            "db = \"\"",
            "conf/blog.toml:1: `db = \"\"`: the path is empty",
        );
        check_error(
            "\nper_page = 99999999999999999999",
            "conf/blog.toml:2: `per_page = 99999999999999999999`: too large for a 64-bit integer",
        );
    }

    #[test]
    fn syntax_errors() {
        check_error(
            "title = \"x\"\nper_page = \n",
            "conf/blog.toml:2: invalid TOML: string values must be quoted, expected literal string",
        );
        check_error(
            "title = \"x\"\ntitle = \"y\"\n",
            "conf/blog.toml:2: invalid TOML: duplicate key (at `title`)",
        );
        check_error(
            "a = 1\n\n[t]\nb = 2\n[t]\n",
            "conf/blog.toml:5: invalid TOML: duplicate key (at `t`)",
        );
        check_error(
            "title = \"x",
            "conf/blog.toml:1: invalid TOML: invalid basic string, expected `\"`",
        );
        // A byte-order mark is fine, and does not shift the lines.
        check_error(
            "\u{feff}title = 'x'\n\n= 3",
            "conf/blog.toml:3: invalid TOML: unquoted keys cannot be empty, expected letters, numbers, `-`, `_`",
        );
    }
}
