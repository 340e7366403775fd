//! The command-line interface: one `enum Command`, one module per command.

use std::io::Write;
use std::path::PathBuf;

use blog_core::{BaseUrl, PerPage, StoreError, Visibility};
use blog_store::{SqliteOptions, SqliteStore};
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::command::{self, Context};

/// Administer a blog: write, publish and organise articles, import and export
/// Markdown.
///
/// Every command works on one SQLite database file, created on first use; the
/// server reads the same file, and sees every change on its next request.
/// Read commands take --json to print JSON for scripts.
#[derive(Debug, Parser)]
#[command(name = "blog", version, max_term_width = 100)]
pub struct Cli {
    /// The blog's database file; the server uses the same one.
    #[arg(
        long,
        global = true,
        env = "BLOG_DB",
        default_value = "blog.db",
        value_name = "PATH"
    )]
    pub db: PathBuf,

    /// Keep the database file within SIZE (512MiB, 2GB): a change that
    /// needs more room fails, saying the database is full, and stores
    /// nothing.
    #[arg(
        long,
        global = true,
        env = "BLOG_MAX_DB_SIZE",
        value_name = "SIZE",
        value_parser = parse_size
    )]
    pub max_db_size: Option<u64>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The `blog` subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a new article, as a draft.
    ///
    /// With $EDITOR set, opens it on the new article's Markdown file (front
    /// matter and text) and stores what you save; without, stores an empty
    /// draft to fill in later with `blog edit`.
    ///
    /// Example: blog new "Parsing JSON without allocating" --category rust
    New(NewArgs),
    /// Edit an article in $EDITOR: its front matter and its text.
    ///
    /// The article opens as a Markdown file with TOML front matter, as `blog
    /// show` prints it. Saving stores it; a change of `slug` renames it. If
    /// the file no longer parses, nothing is stored and the file is kept.
    ///
    /// Example: blog edit parsing-json
    Edit(ArticleArgs),
    /// Publish an article now.
    ///
    /// A draft or a scheduled article becomes public at once, dated now; an
    /// article already public is left as it is.
    ///
    /// Example: blog publish parsing-json
    Publish(ArticleArgs),
    /// Turn an article back into a draft, hidden from readers.
    ///
    /// Example: blog unpublish parsing-json
    Unpublish(ArticleArgs),
    /// Publish an article at a future time.
    ///
    /// It stays invisible until then and appears everywhere at that moment,
    /// with nothing to run.
    ///
    /// Example: blog schedule parsing-json --at 2026-12-01T09:00:00+01:00
    Schedule(ScheduleArgs),
    /// Give an article a new slug; its old URL redirects to the new one.
    ///
    /// Example: blog rename parsing-json zero-copy-json
    Rename(RenameArgs),
    /// Delete an article; its URL answers "410 Gone" from then on.
    ///
    /// Asks for confirmation on a terminal; pass --yes in scripts.
    ///
    /// Example: blog delete parsing-json --yes
    Delete(DeleteArgs),
    /// List articles, newest first, whatever their status.
    ///
    /// Example: blog list --status draft --category rust
    List(ListArgs),
    /// Print one article as a Markdown file with TOML front matter.
    ///
    /// The output can be imported again with `blog import`.
    ///
    /// Example: blog show parsing-json
    Show(ShowArgs),
    /// Import a folder of Markdown files with front matter.
    ///
    /// Reads every `.md` and `.markdown` file under DIR, with TOML front
    /// matter between `+++` lines (Zola) or YAML between `---` lines (Hugo,
    /// Jekyll), in one transaction. If any file is rejected, nothing is
    /// stored and each rejected file is listed with its line and the reason.
    /// A file may be at most 1 MiB. Re-importing a folder changes only what
    /// changed.
    ///
    /// Example: blog import content/posts
    Import(ImportArgs),
    /// Export every article, category and series as Markdown files.
    ///
    /// Writes one `SLUG.md` per article with complete front matter, plus
    /// `_categories.toml` and `_series.toml`. Importing the folder into an
    /// empty database gives back the same content.
    ///
    /// Example: blog export backup/
    Export(ExportArgs),
    /// Check the site for what readers would trip on: broken links.
    ///
    /// Reads every public article as readers see it now and reports, one
    /// line each with the article's slug: links to this site's pages that
    /// answer 404 or 410, links to old slugs (warnings: they redirect),
    /// `#anchors` that no heading or footnote has, links to drafts and to
    /// scheduled or expired articles, links to categories, tags or series
    /// that do not exist, and categories that no one described (warnings:
    /// an import makes one for every name in front matter; perhaps a typo).
    /// With --external, also asks every other site linked to, over HTTP.
    ///
    /// Exits with 0 when nothing is wrong, 1 when it found an error (or a
    /// warning, with --strict), and 2 when it could not check.
    ///
    /// Example: blog check --external --timeout 5
    Check(CheckArgs),
    /// Copy the database to FILE while the server and other commands go on.
    ///
    /// The copy is the content at one moment: a change made meanwhile is in
    /// it whole or not at all. It is written beside FILE, checked, and only
    /// then named FILE, so FILE never holds part of a copy. To restore,
    /// stop the server and copy FILE back over the database file (removing
    /// its -wal and -shm files, if any are left).
    ///
    /// Example: blog backup backups/blog-2026-01-31.db
    Backup(command::backup::BackupArgs),
    /// Write the whole site as static files, for any static host.
    ///
    /// Every page, feed and file the server answers, at the same paths
    /// (`/foo/` as `foo/index.html`), with the same bytes: assets,
    /// `404.html`, and for an old article URL a redirect page. Settings are
    /// the server's (flags, BLOG_* variables, blog.toml); a base URL is
    /// required. Only changed files are written; OUT is replaced in one step
    /// when anything changed, and left as it was when a build fails.
    ///
    /// Example: blog build public --base-url https://blog.example.org
    Build(command::build::BuildArgs),
    /// Manage categories: a tree of topics readers browse by.
    #[command(subcommand)]
    Category(CategoryCommand),
    /// Manage series: articles meant to be read in order.
    #[command(subcommand)]
    Series(SeriesCommand),
    /// Print a shell completion script.
    ///
    /// Example: blog completions bash > ~/.local/share/bash-completion/completions/blog
    Completions(CompletionsArgs),
}

/// What `blog new` takes.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The article's title.
    pub title: String,
    /// The slug used in its URL; made from the title when not given.
    #[arg(long)]
    pub slug: Option<String>,
    /// A category it belongs to (a category slug); repeat for several.
    #[arg(long, value_name = "SLUG")]
    pub category: Vec<String>,
    /// A tag; repeat for several.
    #[arg(long)]
    pub tag: Vec<String>,
    /// The series it is a part of (a series slug).
    #[arg(long, value_name = "SLUG")]
    pub series: Option<String>,
    /// Its part number in the series; publication order decides without one.
    #[arg(long, requires = "series", value_name = "N")]
    pub part: Option<u32>,
}

/// What `blog edit`, `blog publish` and `blog unpublish` take: one article.
#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The article's slug.
    pub slug: String,
}

/// What `blog schedule` takes.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The article's slug.
    pub slug: String,
    /// When it becomes public, as RFC 3339 (2026-12-01T09:00:00Z).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: DateTime<Utc>,
}

/// What `blog rename` takes.
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The article's slug now.
    pub slug: String,
    /// Its new slug.
    pub new_slug: String,
}

/// What `blog delete` takes.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The article's slug.
    pub slug: String,
    /// Whether it was confirmed already.
    #[command(flatten)]
    pub confirm: Confirm,
}

/// What `blog list` takes.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only articles in this state.
    #[arg(long, value_enum)]
    pub status: Option<StatusFilter>,
    /// Only articles in this category or one below it (a category slug).
    #[arg(long, value_name = "SLUG")]
    pub category: Option<String>,
    /// Only articles with this tag (a tag slug or name).
    #[arg(long)]
    pub tag: Option<String>,
    /// Only articles in this series (a series slug).
    #[arg(long, value_name = "SLUG")]
    pub series: Option<String>,
    /// The order of the list.
    #[arg(long, value_enum, default_value_t = Sort::Date)]
    pub sort: Sort,
    /// Reverse the order.
    #[arg(long)]
    pub reverse: bool,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// What `blog show` takes.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's slug.
    pub slug: String,
    /// Print JSON instead: every field, with the computed summary,
    /// word count and reading time.
    #[arg(long)]
    pub json: bool,
}

/// What `blog import` takes.
#[derive(Debug, Default, Args)]
pub struct ImportArgs {
    /// The folder to read, searched recursively.
    pub dir: PathBuf,
    /// Store every valid file (still in one transaction) and list the
    /// rejected ones, instead of storing nothing.
    #[arg(long)]
    pub keep_going: bool,
    /// Report what would change, and store nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What `blog export` takes.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder to write; created if missing.
    pub dir: PathBuf,
}

/// What `blog check` takes.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's address, as the server is told: absolute links under it
    /// are checked as the site's own.
    #[arg(long, env = "BLOG_BASE_URL", value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<BaseUrl>,
    /// How many articles a listing page shows, as the server is told:
    /// links past a listing's last page are broken.
    #[arg(
        long,
        env = "BLOG_PER_PAGE",
        value_name = "N",
        default_value = "10",
        value_parser = parse_per_page
    )]
    pub per_page: PerPage,
    /// The server's theme folder, whose assets exist too.
    #[arg(long, env = "BLOG_THEME", value_name = "DIR")]
    pub theme: Option<PathBuf>,
    /// Also ask every other site linked to, over HTTP(S).
    #[arg(long)]
    pub external: bool,
    /// With --external: how many requests at once.
    #[arg(
        long,
        value_name = "N",
        default_value_t = 8,
        value_parser = clap::value_parser!(u16).range(1..=256)
    )]
    pub concurrency: u16,
    /// With --external: how long one address may take, redirects included.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub timeout: u64,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What `blog completions` takes.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// The confirmation a deletion needs: `--yes`, or else a question asked on
/// the terminal.
#[derive(Debug, Clone, Copy, Args)]
pub struct Confirm {
    /// Delete without asking.
    #[arg(long, short)]
    pub yes: bool,
}

/// The `blog category` subcommands.
#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    /// Add a category.
    ///
    /// Example: blog category add "Web Development" --description "Servers and browsers."
    Add(CategoryAddArgs),
    /// Change the name readers see; the slug and URL stay.
    ///
    /// Example: blog category rename web "Web & Networking"
    Rename(CategoryRenameArgs),
    /// Set a category's description, in Markdown.
    ///
    /// Example: blog category describe web "Servers, browsers and what lies between."
    Describe(CategoryDescribeArgs),
    /// Nest a category in another, or make it top-level with --root.
    ///
    /// Its articles then also show on the new parent's page.
    ///
    /// Example: blog category move async rust
    Move(CategoryMoveArgs),
    /// Delete a category: its articles leave it, its children move up.
    ///
    /// Asks for confirmation on a terminal; pass --yes in scripts.
    ///
    /// Example: blog category delete misc --yes
    Delete(CategoryDeleteArgs),
    /// List categories as a tree, with their numbers of published articles
    /// (a parent counts its children's).
    ///
    /// Example: blog category list
    List(CategoryListArgs),
}

/// What `blog category add` takes.
#[derive(Debug, Args)]
pub struct CategoryAddArgs {
    /// The name readers see.
    pub name: String,
    /// The slug used in its URL; made from the name when not given.
    #[arg(long)]
    pub slug: Option<String>,
    /// What the category is about, in Markdown.
    #[arg(long)]
    pub description: Option<String>,
    /// The slug of the category it is nested in.
    #[arg(long, value_name = "SLUG")]
    pub parent: Option<String>,
}

/// What `blog category rename` takes.
#[derive(Debug, Args)]
pub struct CategoryRenameArgs {
    /// The category's slug.
    pub slug: String,
    /// Its new name.
    pub name: String,
}

/// What `blog category describe` takes.
#[derive(Debug, Args)]
pub struct CategoryDescribeArgs {
    /// The category's slug.
    pub slug: String,
    /// The description; an empty string removes it.
    pub description: String,
}

/// What `blog category move` takes.
#[derive(Debug, Args)]
pub struct CategoryMoveArgs {
    /// The category's slug.
    pub slug: String,
    /// The slug of its new parent.
    #[arg(required_unless_present = "root", conflicts_with = "root")]
    pub parent: Option<String>,
    /// Make it a top-level category.
    #[arg(long)]
    pub root: bool,
}

/// What `blog category delete` takes.
#[derive(Debug, Args)]
pub struct CategoryDeleteArgs {
    /// The category's slug.
    pub slug: String,
    /// Whether it was confirmed already.
    #[command(flatten)]
    pub confirm: Confirm,
}

/// What `blog category list` takes.
#[derive(Debug, Args)]
pub struct CategoryListArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The `blog series` subcommands.
#[derive(Debug, Subcommand)]
pub enum SeriesCommand {
    /// Add a series.
    ///
    /// Articles join it with `blog new --series SLUG`, or `series` in their
    /// front matter.
    ///
    /// Example: blog series add "Building a blog engine" --description "From zero to served."
    Add(SeriesAddArgs),
    /// Change a series' title; the slug and URL stay.
    ///
    /// Example: blog series rename engine "Writing a blog engine"
    Rename(SeriesRenameArgs),
    /// Set a series' description, in Markdown.
    ///
    /// Example: blog series describe engine "Seven parts, from an empty folder to production."
    Describe(SeriesDescribeArgs),
    /// Delete a series; its articles stay, outside any series.
    ///
    /// Asks for confirmation on a terminal; pass --yes in scripts.
    ///
    /// Example: blog series delete engine --yes
    Delete(SeriesDeleteArgs),
    /// List series with their numbers of parts.
    ///
    /// Example: blog series list
    List(SeriesListArgs),
    /// Show a series' parts in reading order, whatever their status.
    ///
    /// Parts are numbered among all of them, so a draft shows where it will
    /// go; the site numbers only the parts public at the time.
    ///
    /// Example: blog series show engine
    Show(SeriesShowArgs),
}

/// What `blog series add` takes.
#[derive(Debug, Args)]
pub struct SeriesAddArgs {
    /// The title readers see.
    pub title: String,
    /// The slug used in its URL; made from the title when not given.
    #[arg(long)]
    pub slug: Option<String>,
    /// What the series is about, in Markdown.
    #[arg(long)]
    pub description: Option<String>,
}

/// What `blog series rename` takes.
#[derive(Debug, Args)]
pub struct SeriesRenameArgs {
    /// The series' slug.
    pub slug: String,
    /// Its new title.
    pub title: String,
}

/// What `blog series describe` takes.
#[derive(Debug, Args)]
pub struct SeriesDescribeArgs {
    /// The series' slug.
    pub slug: String,
    /// The description; an empty string removes it.
    pub description: String,
}

/// What `blog series delete` takes.
#[derive(Debug, Args)]
pub struct SeriesDeleteArgs {
    /// The series' slug.
    pub slug: String,
    /// Whether it was confirmed already.
    #[command(flatten)]
    pub confirm: Confirm,
}

/// What `blog series list` takes.
#[derive(Debug, Args)]
pub struct SeriesListArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// What `blog series show` takes.
#[derive(Debug, Args)]
pub struct SeriesShowArgs {
    /// The series' slug.
    pub slug: String,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// An article state to filter `blog list` by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// Not released.
    Draft,
    /// Released, with a publication time still to come.
    Scheduled,
    /// Released and public now (also spelled `public`, as `blog list` shows it).
    #[value(alias = "public")]
    Published,
    /// Released, but past its expiry time.
    Expired,
}

impl From<StatusFilter> for Visibility {
    fn from(filter: StatusFilter) -> Self {
        match filter {
            StatusFilter::Draft => Self::Draft,
            StatusFilter::Scheduled => Self::Scheduled,
            StatusFilter::Published => Self::Public,
            StatusFilter::Expired => Self::Expired,
        }
    }
}

/// The orders `blog list` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    /// Newest publication first.
    Date,
    /// Most recently changed first.
    Updated,
    /// By title, A to Z.
    Title,
    /// By slug, A to Z.
    Slug,
}

/// Parses a time given as RFC 3339, within the times an import accepts (so
/// that an export of what this sets can be imported again).
fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    let time = DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}: write RFC 3339, such as 2026-12-01T09:00:00Z"))?;
    blog_cli::source::check_time(time)?;
    Ok(time)
}

/// Parses a base URL, as the server does.
fn parse_base_url(s: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(s.trim()).map_err(|e| e.to_string())
}

/// Parses a page size, as the server does.
fn parse_per_page(s: &str) -> Result<PerPage, String> {
    s.trim()
        .parse::<u32>()
        .ok()
        .and_then(PerPage::new)
        .ok_or_else(|| format!("expected a whole number from 1 to {}", PerPage::MAX))
}

impl Command {
    /// The exit status of a failure to run: 2 for `check`, whose 1 means
    /// "problems found", else 1.
    pub fn failure_status(&self) -> u8 {
        match self {
            Self::Check(_) => 2,
            _ => 1,
        }
    }
}

/// Parses a number of bytes: `65536`, `512KiB`, `64MiB`, `2GB`; `B`, `KB`,
/// `MB`, `GB`, `TB` count in powers of 1000, `KiB`, `MiB`, `GiB`, `TiB` in
/// powers of 1024 (as the server's sizes do); more than zero.
fn parse_size(text: &str) -> Result<u64, String> {
    const UNITS: &str = "B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)";
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .ok()
        .filter(|_| !unit.starts_with(['.', ',']))
        .ok_or_else(|| "expected a whole number and a unit, such as 512MiB or 2GB".to_owned())?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "mb" => 1000_u64.pow(2),
        "gb" => 1000_u64.pow(3),
        "tb" => 1000_u64.pow(4),
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        _ => return Err(format!("unknown unit {:?}; use {UNITS}", unit.trim())),
    };
    match number.checked_mul(scale) {
        Some(0) => Err("must be more than zero".to_owned()),
        Some(bytes) => Ok(bytes),
        None => Err(format!("{text} is more bytes than fit in 64 bits")),
    }
}

/// The store's refusal to open the database, which names the file: a file
/// of another program or of a newer blog is said as it is.
fn open_error(error: StoreError) -> anyhow::Error {
    match error {
        StoreError::Invalid { reason, .. } => anyhow::Error::msg(reason),
        other => other.into(),
    }
}

/// Runs one command against the database `cli.db`, writing its report to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Command::Completions(args) = &cli.command {
        let mut command = <Cli as clap::CommandFactory>::command();
        clap_complete::generate(args.shell, &mut command, "blog", out);
        return Ok(());
    }
    if let Command::Build(args) = &cli.command {
        return command::build::run(&cli.db, args, out);
    }
    let options = match cli.max_db_size {
        Some(bytes) => SqliteOptions::new().with_max_size(bytes),
        None => SqliteOptions::new(),
    };
    let store = SqliteStore::open_with(&cli.db, options).map_err(open_error)?;
    let mut ctx = Context {
        store: &store,
        now: Utc::now(),
        out,
    };
    let ctx = &mut ctx;
    use command::{article, category, series};
    match &cli.command {
        Command::New(args) => article::new(ctx, args),
        Command::Edit(args) => command::edit::run(ctx, args),
        Command::Publish(args) => article::publish(ctx, args),
        Command::Unpublish(args) => article::unpublish(ctx, args),
        Command::Schedule(args) => article::schedule(ctx, args),
        Command::Rename(args) => article::rename(ctx, args),
        Command::Delete(args) => article::delete(ctx, args),
        Command::List(args) => command::list::run(ctx, args),
        Command::Show(args) => command::show::run(ctx, args),
        Command::Import(args) => command::import::run(ctx, args),
        Command::Export(args) => command::export::run(ctx, args),
        Command::Check(args) => command::check::run(ctx, args),
        Command::Backup(args) => command::backup::run(&store, ctx.out, args),
        Command::Category(c) => match c {
            CategoryCommand::Add(args) => category::add(ctx, args),
            CategoryCommand::Rename(args) => category::rename(ctx, args),
            CategoryCommand::Describe(args) => category::describe(ctx, args),
            CategoryCommand::Move(args) => category::move_to(ctx, args),
            CategoryCommand::Delete(args) => category::delete(ctx, args),
            CategoryCommand::List(args) => category::list(ctx, args),
        },
        Command::Series(s) => match s {
            SeriesCommand::Add(args) => series::add(ctx, args),
            SeriesCommand::Rename(args) => series::rename(ctx, args),
            SeriesCommand::Describe(args) => series::describe(ctx, args),
            SeriesCommand::Delete(args) => series::delete(ctx, args),
            SeriesCommand::List(args) => series::list(ctx, args),
            SeriesCommand::Show(args) => series::show(ctx, args),
        },
        Command::Completions(_) | Command::Build(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<u64, &str>) {
        assert_eq!(
            parse_size(input),
            expected.map_err(str::to_owned),
            "input {input:?}"
        );
    }

    #[test]
    fn sizes_read_as_the_server_reads_them() {
        check("65536", Ok(65536));
        check("512KiB", Ok(512 << 10));
        check("64 MiB", Ok(64 << 20));
        check(" 2GB ", Ok(2_000_000_000));
        check("3kb", Ok(3000));
        check("1TiB", Ok(1 << 40));
        check("0", Err("must be more than zero"));
        check("0MiB", Err("must be more than zero"));
        check(
            "64M",
            Err(
                "unknown unit \"M\"; use B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, \
                 GiB, TiB (powers of 1024)",
            ),
        );
        check(
            "MiB",
            Err("expected a whole number and a unit, such as 512MiB or 2GB"),
        );
        check(
            "1.5GiB",
            Err("expected a whole number and a unit, such as 512MiB or 2GB"),
        );
        check(
            "16777216TiB",
            Err("16777216TiB is more bytes than fit in 64 bits"),
        );
    }
}
