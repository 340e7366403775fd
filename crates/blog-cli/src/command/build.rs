//! `blog build`: the site as static files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use blog_cli::build::settings::{self, DEFAULT_CONFIG_FILE, SiteSettings};
use blog_cli::build::{self, Options, Progress, Summary};
use blog_core::{BaseUrl, Pages, PerPage, Site, Store as _};
use blog_render::{HtmlRenderer, Theme};
use blog_store::SqliteStore;
use chrono::{DateTime, Utc};
use indicatif::ProgressBar;

use crate::command::{plural, progress};

/// What `blog build` takes.
///
/// The site's settings are the server's: each comes from its flag, else its
/// `BLOG_*` variable (empty counts as unset), else the config file, else the
/// server's default. The variables are read here rather than by clap, which
/// would take an empty one as a value.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The folder to write the site into: created if missing, else
    /// replaced as a whole (it must hold an earlier build, or nothing).
    pub out: PathBuf,
    /// A TOML file of settings, the server's: its site keys are read
    /// (title, description, base_url, per_page, feed_items, theme), the
    /// others accepted.
    ///
    /// [env: BLOG_CONFIG] [default: blog.toml, if the working folder has one]
    #[arg(long, value_name = "PATH", value_parser = settings::path)]
    pub config: Option<PathBuf>,
    /// The site's title.
    ///
    /// [env: BLOG_TITLE] [default: Ferrous Notes]
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// One sentence about the site, for feeds and search engines.
    ///
    /// [env: BLOG_DESCRIPTION] [default: the server's]
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    /// The public URL the site will be served from; required: feeds, the
    /// sitemap and canonical links are absolute.
    ///
    /// [env: BLOG_BASE_URL]
    #[arg(long, value_name = "URL", value_parser = settings::base_url)]
    pub base_url: Option<BaseUrl>,
    /// Articles per page of a listing, 1 to 100.
    ///
    /// [env: BLOG_PER_PAGE] [default: 10]
    #[arg(long, value_name = "N", value_parser = settings::per_page)]
    pub per_page: Option<PerPage>,
    /// Articles per feed, the newest ones, 1 to 100.
    ///
    /// [env: BLOG_FEED_ITEMS] [default: 20]
    #[arg(long, value_name = "N", value_parser = settings::per_page)]
    pub feed_items: Option<PerPage>,
    /// A theme folder, as the server's --theme.
    ///
    /// [env: BLOG_THEME] [default: none, the built-in theme]
    #[arg(long, value_name = "DIR", value_parser = settings::path)]
    pub theme: Option<PathBuf>,
}

impl BuildArgs {
    /// The settings given as flags or variables.
    fn given(&self) -> SiteSettings {
        SiteSettings {
            title: self.title.clone(),
            description: self.description.clone(),
            base_url: self.base_url.clone(),
            per_page: self.per_page,
            feed_items: self.feed_items,
            theme: self.theme.clone(),
            db: None,
        }
    }

    /// The settings of the config file: `--config`, else `config` (from
    /// `BLOG_CONFIG`), which must exist, else `blog.toml` if there is one.
    fn config_file(&self, config: Option<PathBuf>) -> anyhow::Result<SiteSettings> {
        let (path, named) = match self.config.clone().or(config) {
            Some(path) => (path, true),
            None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(SiteSettings::from_file(&path, &text)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
                Ok(SiteSettings::default())
            }
            Err(e) => {
                Err(e).with_context(|| format!("cannot read the config file {}", path.display()))
            }
        }
    }
}

/// Builds the site of the database `db` into `args.out`, writing the
/// summary to `out`. Opens the database itself: unlike other commands, a
/// build never creates one.
pub fn run(db: &Path, args: &BuildArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let started = Instant::now();
    let (from_env, config) = SiteSettings::from_env(&|name| std::env::var_os(name))?;
    let settings = args.given().or(from_env).or(args.config_file(config)?);
    let hint = settings.db.clone();
    let resolved = settings.resolve()?;
    if !db.exists() {
        let hint = match hint {
            Some(named) if named != db => format!(" (the config file names {})", named.display()),
            _ => String::new(),
        };
        anyhow::bail!(
            "the database {} does not exist{hint}; pass --db",
            db.display()
        );
    }
    let store = SqliteStore::open(db)
        .with_context(|| format!("cannot open the database {}", db.display()))?;
    let renderer = renderer(resolved.site, resolved.theme.as_deref())?;
    let now = Utc::now();
    let pages = Pages::new(
        &store,
        &renderer,
        now,
        resolved.per_page,
        resolved.feed_items,
    );
    let cancel = stop_on_signals()?;
    let bar = Bar(progress::bar(0, "building"));
    let summary = build::build(
        &pages,
        &renderer,
        &Options {
            out: &args.out,
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            protected: vec![db.to_owned()],
            cancel: &cancel,
            progress: &bar,
        },
    );
    bar.0.finish_and_clear();
    let summary = summary?;
    report(out, &args.out, &summary, started.elapsed())?;
    if let Some(at) = store.next_visibility_change(now)? {
        writeln!(out, "{}", next_change(at))?;
    }
    if let Some((path, error)) = &summary.left_behind {
        eprintln!(
            "warning: cannot remove the old site at {}: {error}; remove it by hand",
            path.display()
        );
    }
    Ok(())
}

/// The renderer of `site`, with the theme in `theme` if given, checked.
fn renderer(site: Site, theme: Option<&Path>) -> anyhow::Result<HtmlRenderer> {
    let Some(dir) = theme else {
        return HtmlRenderer::new(site).context("cannot load the templates");
    };
    let theme =
        Theme::load(dir).with_context(|| format!("cannot load the theme {}", dir.display()))?;
    HtmlRenderer::with_theme(site, &theme)
        .with_context(|| format!("the theme {} is broken", dir.display()))
}

/// A flag that the first SIGINT or SIGTERM sets, which stops the build
/// cleanly; a second one, should cleaning up hang, ends the process at once
/// (exit status 130).
fn stop_on_signals() -> anyhow::Result<Arc<AtomicBool>> {
    let cancel = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&cancel))
            .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&cancel)))
            .context("cannot listen for interruptions")?;
    }
    Ok(cancel)
}

/// The progress bar, told how many pages there are once they are planned.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn planned(&self, jobs: u64) {
        self.0.set_length(jobs);
    }

    fn built(&self) {
        self.0.inc(1);
    }
}

/// Prints what the build did: what the site holds, then what changed.
fn report(
    out: &mut dyn Write,
    dir: &Path,
    summary: &Summary,
    took: Duration,
) -> anyhow::Result<()> {
    let others = summary.files - summary.pages - summary.assets;
    writeln!(
        out,
        "built {} in {:.2}s: {}, {}, {}; {}",
        dir.display(),
        took.as_secs_f64(),
        plural(summary.pages as usize, "page", "pages"),
        plural(
            others as usize,
            "feed or other file",
            "feeds and other files"
        ),
        plural(summary.assets as usize, "asset", "assets"),
        size(summary.bytes),
    )?;
    let outcome = if summary.replaced {
        "folder replaced"
    } else {
        "nothing to write"
    };
    writeln!(
        out,
        "{} written ({}), {} unchanged, {} removed: {outcome}",
        summary.written,
        size(summary.written_bytes),
        summary.unchanged,
        summary.removed,
    )?;
    Ok(())
}

/// The line that says when the site changes without anything stored.
fn next_change(at: DateTime<Utc>) -> String {
    format!(
        "what readers see changes at {} (a scheduled article, or one that expires): \
         build again then",
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )
}

/// `bytes` for a reader: `512 B`, `12.3 KiB`, `4.0 MiB`.
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let check = |bytes, expected: &str| assert_eq!(size(bytes), expected, "{bytes}");
        check(0, "0 B");
        check(1023, "1023 B");
        check(1024, "1.0 KiB");
        check(12_595, "12.3 KiB");
        check(5 << 20, "5.0 MiB");
        check(3 << 30, "3.0 GiB");
    }
}
