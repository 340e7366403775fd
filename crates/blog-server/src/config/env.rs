//! Settings from `BLOG_*` environment variables.
//!
//! The environment is a function, so tests pass a table instead of changing
//! the process's environment. An empty variable counts as unset, as in most
//! tools: `BLOG_TITLE= blog-server` falls back to the file or the default.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{ConfigError, Layer, value};

/// What the environment gives.
pub(super) struct FromEnv {
    /// `BLOG_CONFIG`.
    pub(super) config: Option<PathBuf>,
    /// Every other setting.
    pub(super) layer: Layer,
}

/// Reads every `BLOG_*` setting through `var`.
pub(super) fn read(var: &dyn Fn(&str) -> Option<OsString>) -> Result<FromEnv, ConfigError> {
    let env = Env { var };
    Ok(FromEnv {
        config: env.path("BLOG_CONFIG"),
        layer: Layer {
            addr: env.parsed("BLOG_ADDR", value::addr)?,
            db: env.path("BLOG_DB"),
            no_demo: env.parsed("BLOG_NO_DEMO", value::boolean)?,
            title: env.parsed("BLOG_TITLE", value::text)?,
            description: env.parsed("BLOG_DESCRIPTION", value::text)?,
            base_url: env.parsed("BLOG_BASE_URL", value::base_url)?,
            per_page: env.parsed("BLOG_PER_PAGE", value::per_page)?,
            feed_items: env.parsed("BLOG_FEED_ITEMS", value::per_page)?,
            theme: env.path("BLOG_THEME"),
            cache_budget: env.parsed("BLOG_CACHE_BUDGET", value::byte_size)?,
            max_connections: env.parsed("BLOG_MAX_CONNECTIONS", value::positive)?,
            header_timeout: env.parsed("BLOG_HEADER_TIMEOUT", value::duration)?,
            request_timeout: env.parsed("BLOG_REQUEST_TIMEOUT", value::duration)?,
            shutdown_grace: env.parsed("BLOG_SHUTDOWN_GRACE", value::duration)?,
            log: env.parsed("BLOG_LOG", value::log_level)?,
        },
    })
}

struct Env<'a> {
    var: &'a dyn Fn(&str) -> Option<OsString>,
}

impl Env<'_> {
    /// The variable `name`, unless unset or empty.
    fn raw(&self, name: &str) -> Option<OsString> {
        (self.var)(name).filter(|value| !value.is_empty())
    }

    /// A path: any bytes will do.
    fn path(&self, name: &str) -> Option<PathBuf> {
        self.raw(name).map(PathBuf::from)
    }

    /// The variable `var` through `parse`.
    fn parsed<T>(
        &self,
        var: &'static str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ConfigError> {
        let Some(raw) = self.raw(var) else {
            return Ok(None);
        };
        let value = raw
            .into_string()
            .map_err(|_| ConfigError::EnvNotUnicode { var })?;
        match parse(&value) {
            Ok(parsed) => Ok(Some(parsed)),
            Err(reason) => Err(ConfigError::EnvValue { var, value, reason }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error for an environment of only `var=value`.
    fn error(var: &str, value: &str) -> String {
        let lookup = |name: &str| (name == var).then(|| OsString::from(value));
        match read(&lookup) {
            Ok(_) => panic!("{var}={value:?} was accepted"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn bad_values_name_the_variable() {
        let check = |var, value, expected: &str| assert_eq!(error(var, value), expected);
        check(
            "BLOG_PER_PAGE",
            "0",
            r#"BLOG_PER_PAGE="0": expected a whole number from 1 to 100"#,
        );
        check(
            "BLOG_CACHE_BUDGET",
            "64M",
            r#"BLOG_CACHE_BUDGET="64M": unknown unit "M"; use B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)"#,
        );
        check(
            "BLOG_HEADER_TIMEOUT",
            "10",
            r#"BLOG_HEADER_TIMEOUT="10": 10 has no unit; write, say, 10s or 10ms"#,
        );
        check(
            "BLOG_NO_DEMO",
            "please",
            r#"BLOG_NO_DEMO="please": expected true or false (or 1/0, yes/no, on/off)"#,
        );
        check(
            "BLOG_LOG",
            "loud",
            r#"BLOG_LOG="loud": expected off, error, warn, info, debug or trace"#,
        );
        check(
            "BLOG_BASE_URL",
            "example.org",
            r#"BLOG_BASE_URL="example.org": base URL "example.org" is invalid: it must start with http:// or https://"#,
        );
    }

    #[test]
    fn empty_counts_as_unset() {
        let lookup = |_: &str| Some(OsString::new());
        let from_env = read(&lookup).expect("empty values are ignored");
        assert_eq!(from_env.config, None);
        assert_eq!(from_env.layer.per_page, None);
        assert_eq!(from_env.layer.title, None);
    }

    #[cfg(unix)]
    #[test]
    fn paths_may_be_any_bytes_but_text_must_be_unicode() {
        use std::os::unix::ffi::OsStringExt as _;
        let bytes = || OsString::from_vec(vec![b'b', 0xff, b'.', b'd', b'b']);
        let lookup = |name: &str| (name == "BLOG_DB").then(bytes);
        let from_env = read(&lookup).expect("any path");
        assert_eq!(from_env.layer.db, Some(PathBuf::from(bytes())));
        let lookup = |name: &str| (name == "BLOG_TITLE").then(bytes);
        assert_eq!(
            read(&lookup).err().map(|error| error.to_string()),
            Some("BLOG_TITLE is not valid UTF-8".to_owned())
        );
    }
}
