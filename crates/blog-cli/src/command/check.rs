//! `blog check`: the problems readers would meet in the site, one line
//! each, and an exit status that says whether there are any.

mod external;

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use anyhow::Context as _;
use blog_cli::check::{self, Report, Settings, Snapshot};
use blog_core::Site;
use blog_render::{HtmlRenderer, Theme};

use super::{Context, plural};
use crate::cli::CheckArgs;

/// How many redirects an outside link may go through.
const MAX_REDIRECTS: u32 = 5;

/// The error `blog check` ends with when it found problems: the report is
/// printed already, and `main` exits with status 1 (a failure to run at
/// all exits with 2).
#[derive(Debug)]
pub struct Problems {
    errors: usize,
    warnings: usize,
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the check found {} and {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings")
        )
    }
}

impl std::error::Error for Problems {}

/// Checks the site as readers see it now, and prints what is wrong.
pub fn run(ctx: &mut Context<'_>, args: &CheckArgs) -> anyhow::Result<()> {
    let settings = Settings {
        base_url: args.base_url.clone(),
        per_page: args.per_page,
        assets: assets(args)?,
    };
    let snapshot = Snapshot::load(ctx.store, ctx.now, settings)?;
    let mut report = check::check(&snapshot)?;
    if args.external {
        check_external(&mut report, args);
    }
    if args.json {
        super::json(ctx.out, &report)?;
    } else {
        print(ctx, &report, args)?;
    }
    let failed = report.errors() > 0 || (args.strict && report.warnings() > 0);
    if failed {
        return Err(Problems {
            errors: report.errors(),
            warnings: report.warnings(),
        }
        .into());
    }
    Ok(())
}

/// Every path the server serves an asset at: the built-in ones, and the
/// theme's if one is given.
fn assets(args: &CheckArgs) -> anyhow::Result<BTreeSet<String>> {
    let renderer = match &args.theme {
        Some(dir) => {
            let theme = Theme::load(dir)
                .with_context(|| format!("cannot load the theme {}", dir.display()))?;
            HtmlRenderer::with_theme(Site::default(), &theme)
        }
        None => HtmlRenderer::new(Site::default()),
    }
    .context("cannot set up the renderer")?;
    Ok(renderer.assets().map(|(path, _)| path.to_owned()).collect())
}

/// Asks every other site's URL of `report`, and adds the failures to it.
fn check_external(report: &mut Report, args: &CheckArgs) {
    let urls: Vec<String> = report.external.keys().cloned().collect();
    let progress = super::progress::bar(urls.len(), "checking");
    let options = external::Options {
        concurrency: usize::from(args.concurrency),
        timeout: Duration::from_secs(args.timeout),
        max_redirects: MAX_REDIRECTS,
    };
    let failures = external::check(&urls, options, &progress);
    progress.finish_and_clear();
    for (url, reason) in failures {
        report.external_failed(&url, &reason);
    }
}

/// Prints each finding on a line, then what was checked and found.
fn print(ctx: &mut Context<'_>, report: &Report, args: &CheckArgs) -> anyhow::Result<()> {
    for finding in &report.findings {
        writeln!(ctx.out, "{finding}")?;
    }
    let others = plural(report.external.len(), "address", "addresses");
    let external = match (report.external.is_empty(), args.external) {
        (true, _) => String::new(),
        (false, true) => format!(" and {others} of other sites"),
        (false, false) => format!(" (not the {others} of other sites: pass --external)"),
    };
    writeln!(
        ctx.out,
        "checked {} in {}{external}: {}, {}",
        plural(report.links, "link", "links"),
        plural(report.articles, "public article", "public articles"),
        plural(report.errors(), "error", "errors"),
        plural(report.warnings(), "warning", "warnings"),
    )?;
    Ok(())
}
