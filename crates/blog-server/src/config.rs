//! The server's settings: flags, then `BLOG_*` environment variables, then
//! an optional `blog.toml`, then defaults.
//!
//! [`Args`] are the flags; [`Settings::load`] merges them with the
//! environment and the file. Each source is read into the same partial
//! `Layer` with the same value parsers (`value.rs`), so a setting means the
//! same thing wherever it is written; `env.rs` and `file.rs` only know where
//! values come from and how to name that place in an error. Defaults are
//! applied once, after merging, which is why every flag is an `Option` and
//! `--help` states the defaults in its text.
//!
//! Every source must be valid, even where a higher one overrides it: a bad
//! `BLOG_PER_PAGE` is an error whether or not `--per-page` is given.

mod env;
mod file;
mod value;

use std::ffi::OsString;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use blog_core::{BaseUrl, PerPage, Site};
use clap::Parser;
use tracing::level_filters::LevelFilter;

use crate::DEFAULT_FEED_ITEMS;

/// The config file read when neither `--config` nor `BLOG_CONFIG` names one,
/// if it exists in the working folder.
pub const DEFAULT_CONFIG_FILE: &str = "blog.toml";

/// Serve the blog over HTTP.
///
/// Opens (or creates) the SQLite database, fills a new, empty one with demo
/// content unless --no-demo is given, and serves the site until SIGINT or
/// SIGTERM.
///
/// Each setting comes from its flag, else its BLOG_* environment variable,
/// else the config file (see --config), else its default.
///
/// Example: blog-server --db blog.db --addr 127.0.0.1:3000
#[derive(Debug, Parser)]
#[command(name = "blog-server", version, about, long_about)]
pub struct Args {
    /// A TOML file of settings.
    ///
    /// Its keys are the flags' names with underscores (`per_page = 20`); relative paths in it are
    /// relative to its folder. A file named here must exist.
    ///
    /// [env: BLOG_CONFIG] [default: blog.toml, if the working folder has one]
    #[arg(long, value_name = "PATH", value_parser = value::path)]
    config: Option<PathBuf>,
    #[command(flatten)]
    flags: Layer,
}

/// Some settings, as one source (flags, environment or file) gives them.
///
/// The doc comments are the flags' help: a summary for `-h`, then for
/// `--help` the variable and the default, which the tests check against
/// what `env.rs` reads and what [`Settings::default`] holds.
#[derive(Debug, Default, Clone, clap::Args)]
struct Layer {
    /// The address to listen on; port 0 picks a free port.
    ///
    /// [env: BLOG_ADDR] [default: 127.0.0.1:3000]
    #[arg(long, value_name = "IP:PORT", value_parser = value::addr)]
    addr: Option<SocketAddr>,
    /// The blog's database file, shared with the `blog` command.
    ///
    /// [env: BLOG_DB] [default: blog.db]
    #[arg(long, value_name = "PATH", value_parser = value::path)]
    db: Option<PathBuf>,
    /// Leave a new, empty database empty instead of adding demo articles.
    ///
    /// [env: BLOG_NO_DEMO=true|false] [default: false]
    #[arg(long, num_args = 0, default_missing_value = "true")]
    no_demo: Option<bool>,
    /// The site's title.
    ///
    /// [env: BLOG_TITLE] [default: Ferrous Notes]
    #[arg(long, value_name = "TEXT", value_parser = value::text)]
    title: Option<String>,
    /// One sentence about the site, for feeds and search engines.
    ///
    /// [env: BLOG_DESCRIPTION] [default: Writing about Rust, the web and the tools we build with.]
    #[arg(long, value_name = "TEXT", value_parser = value::text)]
    description: Option<String>,
    /// The public URL of the site.
    ///
    /// Every absolute link (canonical links, feeds, sitemap, Open Graph) starts with it, never with
    /// what a request's headers say.
    ///
    /// [env: BLOG_BASE_URL] [default: http://ADDR, the bound address]
    #[arg(long, value_name = "URL", value_parser = value::base_url)]
    base_url: Option<BaseUrl>,
    /// Articles per page of a listing, 1 to 100.
    ///
    /// [env: BLOG_PER_PAGE] [default: 10]
    #[arg(long, value_name = "N", value_parser = value::per_page)]
    per_page: Option<PerPage>,
    /// Articles per feed, the newest ones, 1 to 100.
    ///
    /// [env: BLOG_FEED_ITEMS] [default: 20]
    #[arg(long, value_name = "N", value_parser = value::per_page)]
    feed_items: Option<PerPage>,
    /// A theme folder, checked at start.
    ///
    /// Its `templates/` and `assets/` override the built-in ones of the same name, and may add
    /// their own.
    ///
    /// [env: BLOG_THEME] [default: none, the built-in theme]
    #[arg(long, value_name = "DIR", value_parser = value::path)]
    theme: Option<PathBuf>,
    /// The most memory the response cache takes; 0 turns it off.
    ///
    /// Bytes, or a whole number and a unit: KiB, MiB, GiB (powers of 1024) or KB, MB, GB (powers
    /// of 1000).
    ///
    /// [env: BLOG_CACHE_BUDGET] [default: 64MiB]
    #[arg(long, value_name = "SIZE", value_parser = value::byte_size)]
    cache_budget: Option<u64>,
    /// The most connections served at once; more wait to be accepted.
    ///
    /// [env: BLOG_MAX_CONNECTIONS] [default: 1024]
    #[arg(long, value_name = "N", value_parser = value::positive)]
    max_connections: Option<usize>,
    /// How long a client may take to send a request's headers.
    ///
    /// Also how long a kept-alive connection may stay idle. Durations are a whole number and a
    /// unit, ms, s, m or h, from 1ms to 24h.
    ///
    /// [env: BLOG_HEADER_TIMEOUT] [default: 10s]
    #[arg(long, value_name = "DURATION", value_parser = value::duration)]
    header_timeout: Option<Duration>,
    /// How long the server may take to answer a request once its headers are in (then 503).
    ///
    /// [env: BLOG_REQUEST_TIMEOUT] [default: 30s]
    #[arg(long, value_name = "DURATION", value_parser = value::duration)]
    request_timeout: Option<Duration>,
    /// How long requests in flight may take to finish after SIGINT or SIGTERM.
    ///
    /// [env: BLOG_SHUTDOWN_GRACE] [default: 10s]
    #[arg(long, value_name = "DURATION", value_parser = value::duration)]
    shutdown_grace: Option<Duration>,
    /// The least severe log lines written to stderr.
    ///
    /// One of off, error, warn, info (one line per request), debug or trace.
    ///
    /// [env: BLOG_LOG] [default: info]
    #[arg(long, value_name = "LEVEL", value_parser = value::log_level)]
    log: Option<LevelFilter>,
}

impl Layer {
    /// Each setting from `self`, else from `lower`.
    fn or(self, lower: Layer) -> Layer {
        Layer {
            addr: self.addr.or(lower.addr),
            db: self.db.or(lower.db),
            no_demo: self.no_demo.or(lower.no_demo),
            title: self.title.or(lower.title),
            description: self.description.or(lower.description),
            base_url: self.base_url.or(lower.base_url),
            per_page: self.per_page.or(lower.per_page),
            feed_items: self.feed_items.or(lower.feed_items),
            theme: self.theme.or(lower.theme),
            cache_budget: self.cache_budget.or(lower.cache_budget),
            max_connections: self.max_connections.or(lower.max_connections),
            header_timeout: self.header_timeout.or(lower.header_timeout),
            request_timeout: self.request_timeout.or(lower.request_timeout),
            shutdown_grace: self.shutdown_grace.or(lower.shutdown_grace),
            log: self.log.or(lower.log),
        }
    }
}

/// Why the settings cannot be loaded. Each message names where the bad value
/// is: the file and line and key, or the environment variable. (A bad flag
/// never gets here: clap rejects it while parsing [`Args`], naming the flag.)
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// `--config` or `BLOG_CONFIG` names a file that does not exist.
    #[error("the config file {} (from {origin}) does not exist", path.display())]
    MissingFile {
        /// The file.
        path: PathBuf,
        /// `--config` or `BLOG_CONFIG`.
        origin: &'static str,
    },
    /// The config file exists but cannot be read (or is not UTF-8).
    #[error("cannot read the config file {}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The config file is not valid TOML.
    #[error("{}: invalid TOML: {message}", file::location(path, *line))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Where, from 1, when the parser knows.
        line: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// The config file has a key that is no setting.
    #[error(
        "{}:{line}: unknown key `{key}`; the keys are {}",
        path.display(),
        file::KEYS.join(", ")
    )]
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// Where, from 1.
        line: usize,
        /// The key.
        key: String,
    },
    /// A key of the config file has a value of the wrong type.
    #[error("{}:{line}: `{key}` must be {expected}, not {found}", path.display())]
    WrongType {
        /// The file.
        path: PathBuf,
        /// Where, from 1.
        line: usize,
        /// The key.
        key: &'static str,
        /// What it must be, such as "an integer".
        expected: &'static str,
        /// What it is, such as "string".
        found: &'static str,
    },
    /// A key of the config file has a value of the right type that is no
    /// valid setting.
    #[error("{}:{line}: `{key} = {value}`: {reason}", path.display())]
    FileValue {
        /// The file.
        path: PathBuf,
        /// Where, from 1.
        line: usize,
        /// The key.
        key: &'static str,
        /// The value as written (a string in TOML quotes).
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
    /// An environment variable is not UTF-8 (and names no path).
    #[error("{var} is not valid UTF-8")]
    EnvNotUnicode {
        /// The variable.
        var: &'static str,
    },
}

/// Every setting of a running server, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The database file.
    pub db: PathBuf,
    /// Whether to leave a new, empty database empty.
    pub no_demo: bool,
    /// Title, description and base URL; the base URL is `None` when not set,
    /// and then `http://ADDR` once the listener is bound.
    pub title: Option<String>,
    /// One sentence about the site.
    pub description: Option<String>,
    /// The public URL of the site, already checked by [`BaseUrl::parse`].
    pub base_url: Option<String>,
    /// Articles per page of a listing.
    pub per_page: PerPage,
    /// Articles per feed.
    pub feed_items: PerPage,
    /// A theme folder.
    pub theme: Option<PathBuf>,
    /// The most bytes the response cache keeps; 0 turns it off.
    pub cache_budget: u64,
    /// The most connections served at once; others wait to be accepted.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers, and how long
    /// a kept-alive connection may stay idle.
    pub header_timeout: Duration,
    /// How long the server may take to answer a request once its headers
    /// are in; a client reading the answer slowly is bounded by the header
    /// timeout, which limits any wait for it to read.
    pub request_timeout: Duration,
    /// How long in-flight requests may take to finish after SIGINT/SIGTERM.
    pub shutdown_grace: Duration,
    /// The least severe log lines written (one per request at `info`).
    pub log: LevelFilter,
    /// The config file the settings were read from, if any (for a log line
    /// at start).
    pub config_file: Option<PathBuf>,
}

impl Default for Settings {
    /// The defaults, as `--help` and the README state them.
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 3000)),
            db: PathBuf::from("blog.db"),
            no_demo: false,
            title: None,
            description: None,
            base_url: None,
            per_page: PerPage::DEFAULT,
            feed_items: DEFAULT_FEED_ITEMS,
            theme: None,
            cache_budget: 64 << 20,
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
            log: LevelFilter::INFO,
            config_file: None,
        }
    }
}

impl Settings {
    /// The settings from `args`, else the `BLOG_*` environment variables,
    /// else the config file (`--config`, else `BLOG_CONFIG`, else
    /// `blog.toml` in the working folder if there is one), else the defaults.
    pub fn load(args: Args) -> Result<Settings, ConfigError> {
        Self::resolve(args, &|name| std::env::var_os(name), Path::new(""))
    }

    /// [`Settings::load`] with the environment as a function, and relative
    /// config paths taken from `workdir` (`""` for the working folder), so
    /// that tests need not change the process's environment or folder.
    fn resolve(
        args: Args,
        var: &dyn Fn(&str) -> Option<OsString>,
        workdir: &Path,
    ) -> Result<Settings, ConfigError> {
        let from_env = env::read(var)?;
        let (config, origin) = match (args.config, from_env.config) {
            (Some(path), _) => (path, Some("--config")),
            (None, Some(path)) => (path, Some("BLOG_CONFIG")),
            (None, None) => (PathBuf::from(DEFAULT_CONFIG_FILE), None),
        };
        let config = workdir.join(config);
        let (from_file, config_file) = match std::fs::read_to_string(&config) {
            Ok(text) => (file::parse(&config, &text)?, Some(config)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => match origin {
                Some(origin) => {
                    return Err(ConfigError::MissingFile {
                        path: config,
                        origin,
                    });
                }
                None => (Layer::default(), None),
            },
            Err(source) => {
                return Err(ConfigError::ReadFile {
                    path: config,
                    source,
                });
            }
        };
        let layer = args.flags.or(from_env.layer).or(from_file);
        Ok(Settings::with_defaults(layer, config_file))
    }

    /// The settings `layer` gives, and the defaults for the others.
    fn with_defaults(layer: Layer, config_file: Option<PathBuf>) -> Settings {
        let default = Settings::default();
        Settings {
            addr: layer.addr.unwrap_or(default.addr),
            db: layer.db.unwrap_or(default.db),
            no_demo: layer.no_demo.unwrap_or(default.no_demo),
            title: layer.title,
            description: layer.description,
            base_url: layer.base_url.map(String::from),
            per_page: layer.per_page.unwrap_or(default.per_page),
            feed_items: layer.feed_items.unwrap_or(default.feed_items),
            theme: layer.theme,
            cache_budget: layer.cache_budget.unwrap_or(default.cache_budget),
            max_connections: layer.max_connections.unwrap_or(default.max_connections),
            header_timeout: layer.header_timeout.unwrap_or(default.header_timeout),
            request_timeout: layer.request_timeout.unwrap_or(default.request_timeout),
            shutdown_grace: layer.shutdown_grace.unwrap_or(default.shutdown_grace),
            log: layer.log.unwrap_or(default.log),
            config_file,
        }
    }

    /// The site that `title`, `description` and `base_url` describe, for a
    /// server bound to `local`: what is not set is [`Site::default`]'s, and
    /// the base URL is `http://{local}`.
    pub fn site(&self, local: SocketAddr) -> Result<Site, blog_core::BaseUrlError> {
        let default = Site::default();
        let base_url = match &self.base_url {
            Some(url) => BaseUrl::parse(url)?,
            None => BaseUrl::parse(&format!("http://{local}"))?,
        };
        Ok(Site {
            title: self.title.clone().unwrap_or(default.title),
            description: self.description.clone().unwrap_or(default.description),
            base_url,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    use clap::CommandFactory as _;

    use super::*;

    /// An environment of exactly `vars`.
    fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        }
    }

    /// The settings from `flags`, `vars` and the files under `workdir`.
    fn load(flags: &[&str], vars: &[(&str, &str)], workdir: &Path) -> Result<Settings, String> {
        let args =
            Args::try_parse_from(std::iter::once("blog-server").chain(flags.iter().copied()))
                .map_err(|error| error.to_string())?;
        Settings::resolve(args, &env_of(vars), workdir).map_err(|error| error.to_string())
    }

    /// The error from [`load`], if any.
    fn error(flags: &[&str], vars: &[(&str, &str)], workdir: &Path) -> Option<String> {
        load(flags, vars, workdir).err()
    }

    fn folder() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    fn write(path: &Path, text: &str) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the folder");
        }
        std::fs::write(path, text).expect("write the file");
    }

    /// One setting in every source: the file sets it to one value, the
    /// environment to a second, the flag to a third.
    struct Case {
        flag: &'static [&'static str],
        var: (&'static str, &'static str),
        toml: &'static str,
        /// The setting as `show` prints it: by default, from the file
        /// (`{dir}` stands for the file's folder), from the environment, from
        /// the flag.
        expected: [&'static str; 4],
        show: fn(&Settings) -> String,
    }

    const CASES: &[Case] = &[
        Case {
            flag: &["--addr", "127.0.0.3:3"],
            var: ("BLOG_ADDR", "127.0.0.2:2"),
            toml: "addr = \"127.0.0.1:1\"",
            expected: [
                "127.0.0.1:3000",
                "127.0.0.1:1",
                "127.0.0.2:2",
                "127.0.0.3:3",
            ],
            show: |s| s.addr.to_string(),
        },
        Case {
            flag: &["--db", "flag.db"],
            var: ("BLOG_DB", "env.db"),
            toml: "db = \"file.db\"",
            expected: ["blog.db", "{dir}/file.db", "env.db", "flag.db"],
            show: |s| s.db.display().to_string(),
        },
        Case {
            flag: &["--no-demo"],
            var: ("BLOG_NO_DEMO", "false"),
            toml: "no_demo = true",
            expected: ["false", "true", "false", "true"],
            show: |s| s.no_demo.to_string(),
        },
        Case {
            flag: &["--title", "Flag"],
            var: ("BLOG_TITLE", "Env"),
            toml: "title = \"File\"",
            expected: ["None", "Some(\"File\")", "Some(\"Env\")", "Some(\"Flag\")"],
            show: |s| format!("{:?}", s.title),
        },
        Case {
            flag: &["--description", "Flag."],
            var: ("BLOG_DESCRIPTION", "Env."),
            toml: "description = \"File.\"",
            expected: [
                "None",
                "Some(\"File.\")",
                "Some(\"Env.\")",
                "Some(\"Flag.\")",
            ],
            show: |s| format!("{:?}", s.description),
        },
        Case {
            flag: &["--base-url", "https://flag.example/"],
            var: ("BLOG_BASE_URL", "https://env.example"),
            toml: "base_url = \"https://file.example\"",
            expected: [
                "None",
                "Some(\"https://file.example\")",
                "Some(\"https://env.example\")",
                "Some(\"https://flag.example\")",
            ],
            show: |s| format!("{:?}", s.base_url),
        },
        Case {
            flag: &["--per-page", "3"],
            var: ("BLOG_PER_PAGE", "2"),
            toml: "per_page = 1",
            expected: ["10", "1", "2", "3"],
            show: |s| s.per_page.get().to_string(),
        },
        Case {
            flag: &["--feed-items", "3"],
            var: ("BLOG_FEED_ITEMS", "2"),
            toml: "feed_items = 1",
            expected: ["20", "1", "2", "3"],
            show: |s| s.feed_items.get().to_string(),
        },
        Case {
            flag: &["--theme", "flag-theme"],
            var: ("BLOG_THEME", "env-theme"),
            toml: "theme = \"file-theme\"",
            expected: [
                "None",
                "Some(\"{dir}/file-theme\")",
                "Some(\"env-theme\")",
                "Some(\"flag-theme\")",
            ],
            show: |s| format!("{:?}", s.theme),
        },
        Case {
            flag: &["--cache-budget", "3KB"],
            var: ("BLOG_CACHE_BUDGET", "2KiB"),
            toml: "cache_budget = 0",
            expected: ["67108864", "0", "2048", "3000"],
            show: |s| s.cache_budget.to_string(),
        },
        Case {
            flag: &["--max-connections", "3"],
            var: ("BLOG_MAX_CONNECTIONS", "2"),
            toml: "max_connections = 1",
            expected: ["1024", "1", "2", "3"],
            show: |s| s.max_connections.to_string(),
        },
        Case {
            flag: &["--header-timeout", "3s"],
            var: ("BLOG_HEADER_TIMEOUT", "2m"),
            toml: "header_timeout = \"1ms\"",
            expected: ["10s", "1ms", "120s", "3s"],
            show: |s| format!("{:?}", s.header_timeout),
        },
        Case {
            flag: &["--request-timeout", "3s"],
            var: ("BLOG_REQUEST_TIMEOUT", "2h"),
            toml: "request_timeout = \"1ms\"",
            expected: ["30s", "1ms", "7200s", "3s"],
            show: |s| format!("{:?}", s.request_timeout),
        },
        Case {
            flag: &["--shutdown-grace", "3s"],
            var: ("BLOG_SHUTDOWN_GRACE", "2s"),
            toml: "shutdown_grace = \"1s\"",
            expected: ["10s", "1s", "2s", "3s"],
            show: |s| format!("{:?}", s.shutdown_grace),
        },
        Case {
            flag: &["--log", "trace"],
            var: ("BLOG_LOG", "off"),
            toml: "log = \"warn\"",
            expected: ["info", "warn", "off", "trace"],
            show: |s| s.log.to_string().to_lowercase(),
        },
    ];

    #[test]
    fn flag_over_env_over_file_over_default() {
        for case in CASES {
            let dir = folder();
            let workdir = dir.path();
            let show = |flags: &[&str], vars: &[(&str, &str)]| {
                let settings = load(flags, vars, workdir).expect("valid settings");
                (case.show)(&settings)
            };
            let expected = case
                .expected
                .map(|text| text.replace("{dir}", &workdir.display().to_string()));
            assert_eq!(show(&[], &[]), expected[0], "default of {}", case.toml);
            write(&workdir.join("blog.toml"), case.toml);
            assert_eq!(show(&[], &[]), expected[1], "{}", case.toml);
            assert_eq!(show(&[], &[case.var]), expected[2], "{:?}", case.var);
            assert_eq!(show(case.flag, &[case.var]), expected[3], "{:?}", case.flag);
        }
    }

    #[test]
    fn the_precedence_cases_cover_every_setting() {
        let keys: BTreeSet<_> = CASES
            .iter()
            .filter_map(|case| case.toml.split(' ').next())
            .collect();
        assert_eq!(keys, file::KEYS.iter().copied().collect());
    }

    #[test]
    fn sources_merge_setting_by_setting() {
        let dir = folder();
        write(
            &dir.path().join("blog.toml"),
            "title = \"File\"\nper_page = 5\nlog = \"debug\"\n",
        );
        let settings =
            load(&["--per-page", "7"], &[("BLOG_TITLE", "Env")], dir.path()).expect("valid");
        assert_eq!(settings.title.as_deref(), Some("Env"));
        assert_eq!(settings.per_page.get(), 7);
        assert_eq!(settings.log, LevelFilter::DEBUG);
        assert_eq!(settings.addr, Settings::default().addr);
        assert_eq!(settings.config_file, Some(dir.path().join("blog.toml")));
    }

    #[test]
    fn without_a_file_everything_is_default() {
        let dir = folder();
        let settings = load(&[], &[], dir.path()).expect("valid");
        assert_eq!(
            format!("{settings:?}"),
            format!("{:?}", Settings::default())
        );
    }

    #[test]
    fn the_readme_example_loads() {
        let readme = include_str!("../../../README.md");
        let example = readme
            .split_once("An example `blog.toml`")
            .and_then(|(_, rest)| rest.split_once("```toml\n"))
            .and_then(|(_, rest)| rest.split_once("```"))
            .map(|(example, _)| example)
            .expect("the README has an example blog.toml");
        let dir = folder();
        write(&dir.path().join("blog.toml"), example);
        let settings = load(&[], &[], dir.path()).expect("the example is valid");
        assert_eq!(settings.db, dir.path().join("data/blog.db"));
        assert_eq!(settings.cache_budget, 128 << 20);
        assert_eq!(settings.header_timeout, Duration::from_secs(5));
        assert!(settings.no_demo);
    }

    #[test]
    fn a_named_file_must_exist() {
        let dir = folder();
        let workdir = dir.path();
        let missing = workdir.join("missing.toml");
        assert_eq!(
            error(&["--config", "missing.toml"], &[], workdir),
            Some(format!(
                "the config file {} (from --config) does not exist",
                missing.display()
            ))
        );
        assert_eq!(
            error(&[], &[("BLOG_CONFIG", "missing.toml")], workdir),
            Some(format!(
                "the config file {} (from BLOG_CONFIG) does not exist",
                missing.display()
            ))
        );
        // Naming a file turns the default one off.
        write(&workdir.join("blog.toml"), "title = \"Default file\"");
        assert!(load(&["--config", "missing.toml"], &[], workdir).is_err());
        // A folder is no file.
        std::fs::create_dir(workdir.join("folder.toml")).expect("create a folder");
        assert_eq!(
            error(&["--config", "folder.toml"], &[], workdir),
            Some(format!(
                "cannot read the config file {}",
                workdir.join("folder.toml").display()
            ))
        );
    }

    #[test]
    fn the_flag_names_the_file_before_the_variable() {
        let dir = folder();
        let workdir = dir.path();
        write(&workdir.join("conf/a.toml"), "title = \"A\"\ndb = \"a.db\"");
        write(&workdir.join("b.toml"), "title = \"B\"");
        write(&workdir.join("blog.toml"), "title = \"Default\"");
        let settings = load(
            &["--config", "conf/a.toml"],
            &[("BLOG_CONFIG", "b.toml")],
            workdir,
        )
        .expect("valid");
        assert_eq!(settings.title.as_deref(), Some("A"));
        assert_eq!(settings.db, workdir.join("conf/a.db"));
        assert_eq!(settings.config_file, Some(workdir.join("conf/a.toml")));
        let settings = load(&[], &[("BLOG_CONFIG", "b.toml")], workdir).expect("valid");
        assert_eq!(settings.title.as_deref(), Some("B"));
    }

    #[test]
    fn errors_name_where_the_value_is() {
        let dir = folder();
        let workdir = dir.path();
        write(
            &workdir.join("blog.toml"),
            "title = \"x\"\n\nper_page = 500\n",
        );
        assert_eq!(
            error(&[], &[], workdir),
            Some(format!(
                "{}:3: `per_page = 500`: expected a whole number from 1 to 100",
                workdir.join("blog.toml").display()
            ))
        );
        // Every source must be valid, even one that a higher one overrides.
        assert_eq!(
            error(
                &["--per-page", "5"],
                &[("BLOG_PER_PAGE", "many")],
                folder().path()
            ),
            Some("BLOG_PER_PAGE=\"many\": expected a whole number from 1 to 100".to_owned())
        );
    }

    #[test]
    fn clap_rejects_bad_flags_naming_them() {
        let check = |flags: &[&str], expected: &str| {
            let error = load(flags, &[], folder().path()).expect_err("a bad flag");
            let first_line = error.lines().next().unwrap_or_default();
            assert_eq!(first_line, expected, "{flags:?}");
        };
        check(
            &["--per-page", "0"],
            "error: invalid value '0' for '--per-page <N>': expected a whole number from 1 to 100",
        );
        check(
            &["--cache-budget", "-1"],
            "error: unexpected argument '-1' found",
        );
        check(
            &["--cache-budget=-1"],
            "error: invalid value '-1' for '--cache-budget <SIZE>': the value is negative",
        );
        check(
            &["--shutdown-grace", "0ms"],
            "error: invalid value '0ms' for '--shutdown-grace <DURATION>': must be more than zero",
        );
        check(
            &["--log", "loud"],
            "error: invalid value 'loud' for '--log <LEVEL>': expected off, error, warn, info, debug or trace",
        );
        check(
            &["--no-demo=false"],
            "error: unexpected value 'false' for '--no-demo' found; no more were expected",
        );
        check(
            &["--port", "3000"],
            "error: unexpected argument '--port' found",
        );
    }

    #[test]
    fn site() {
        let local = SocketAddr::from((Ipv4Addr::LOCALHOST, 4321));
        let site = Settings::default().site(local).expect("a valid site");
        assert_eq!(site.title, Site::default().title);
        assert_eq!(site.description, Site::default().description);
        assert_eq!(site.base_url.as_str(), "http://127.0.0.1:4321");
        let v6 = SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 80));
        let site = Settings::default().site(v6).expect("a valid site");
        assert_eq!(site.base_url.as_str(), "http://[::1]:80");
        let settings = Settings {
            title: Some("Mine".to_owned()),
            description: Some("About it.".to_owned()),
            base_url: Some("https://blog.example.org/notes".to_owned()),
            ..Settings::default()
        };
        let site = settings.site(local).expect("a valid site");
        assert_eq!(site.title, "Mine");
        assert_eq!(site.description, "About it.");
        assert_eq!(site.base_url.as_str(), "https://blog.example.org/notes");
    }

    #[test]
    fn help() {
        Args::command().debug_assert();
        let help = Args::command()
            .term_width(80)
            .render_long_help()
            .to_string();
        // clap indents the blank lines between paragraphs too.
        let help: Vec<_> = help.lines().map(str::trim_end).collect();
        insta::assert_snapshot!(help.join("\n"));
    }

    /// The text between `[{label}: ` and the next `]` in a flag's help.
    fn bracket<'a>(help: &'a str, label: &str) -> Option<&'a str> {
        let start = help.find(&format!("[{label}: "))? + label.len() + 3;
        let end = help[start..].find(']')? + start;
        Some(&help[start..end])
    }

    #[test]
    fn help_names_the_variables_that_are_read() {
        let read = RefCell::new(BTreeSet::new());
        let record = |name: &str| {
            read.borrow_mut().insert(name.to_owned());
            None
        };
        env::read(&record).expect("an empty environment");
        let mut named = BTreeSet::new();
        for arg in Args::command().get_arguments() {
            let help = arg
                .get_long_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            let Some(long) = arg
                .get_long()
                .filter(|long| !matches!(*long, "help" | "version"))
            else {
                continue;
            };
            let var = bracket(&help, "env").map(|env| env.split('=').next().unwrap_or(env));
            let expected = format!("BLOG_{}", long.replace('-', "_").to_uppercase());
            assert_eq!(var, Some(expected.as_str()), "--{long}");
            named.insert(expected);
        }
        assert_eq!(named, read.into_inner());
    }

    #[test]
    fn help_states_the_real_defaults() {
        let default = format!("{:?}", Settings::default());
        for arg in Args::command().get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            let help = arg
                .get_long_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            let Some(stated) = bracket(&help, "default") else {
                assert!(
                    matches!(long, "help" | "version"),
                    "--{long} states no default"
                );
                continue;
            };
            match long {
                "title" => assert_eq!(stated, Site::default().title),
                "description" => assert_eq!(stated, Site::default().description),
                "no-demo" => assert_eq!(stated, "false"),
                // Prose: checked by the tests of `load` and `site`.
                "config" | "base-url" | "theme" => {}
                _ => {
                    let flag = format!("--{long}={stated}");
                    let settings = load(&[&flag], &[], folder().path()).expect("a valid flag");
                    assert_eq!(format!("{settings:?}"), default, "{flag}");
                }
            }
        }
    }
}
