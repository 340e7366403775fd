//! The command-line interface: one `enum Command`, one module per command.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use blog_core::Visibility;
use blog_store::SqliteStore;
use clap::{Parser, Subcommand, ValueEnum};

use crate::command::{self, Context};

/// Administer a blog: import Markdown, list and show articles, manage categories.
///
/// Every command works on one SQLite database file, created on first use.
#[derive(Debug, Parser)]
#[command(name = "blog", version)]
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

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The `blog` subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a folder of Markdown files with front matter.
    ///
    /// Reads every `.md` and `.markdown` file under DIR, with TOML front
    /// matter between `+++` lines (Zola) or YAML between `---` lines (Hugo,
    /// Jekyll). If any file is rejected, nothing is stored and each rejected
    /// file is listed with its line and the reason.
    ///
    /// Example: blog import content/posts
    Import {
        /// The folder to read, searched recursively.
        dir: PathBuf,
    },
    /// List stored articles, newest first, whatever their status.
    ///
    /// Example: blog list --status draft
    List {
        /// Only articles in this state.
        #[arg(long, value_enum)]
        status: Option<StatusFilter>,
        /// Only articles in this category (a category slug).
        #[arg(long, value_name = "SLUG")]
        category: Option<String>,
    },
    /// Print one article as a Markdown file with TOML front matter.
    ///
    /// Example: blog show hello-world
    Show {
        /// The article's slug.
        slug: String,
    },
    /// Manage categories.
    #[command(subcommand)]
    Category(CategoryCommand),
}

/// The `blog category` subcommands.
#[derive(Debug, Subcommand)]
pub enum CategoryCommand {
    /// Add a category.
    ///
    /// Example: blog category add "Web Development" --description "Servers and browsers."
    Add {
        /// The name readers see.
        name: String,
        /// The slug used in its URL; made from the name when not given.
        #[arg(long)]
        slug: Option<String>,
        /// What the category is about, in Markdown.
        #[arg(long)]
        description: Option<String>,
        /// The slug of the category it is nested in.
        #[arg(long, value_name = "SLUG")]
        parent: Option<String>,
    },
    /// List categories with their number of published articles.
    ///
    /// Example: blog category list
    List,
}

/// An article state to filter `blog list` by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    /// Not released.
    Draft,
    /// Released, with a publication time still to come.
    Scheduled,
    /// Released and public now.
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

/// Runs one command against the database `cli.db`, writing its report to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = SqliteStore::open(&cli.db)
        .with_context(|| format!("cannot open the database {}", cli.db.display()))?;
    let mut ctx = Context {
        store: &store,
        now: chrono::Utc::now(),
        out,
    };
    match cli.command {
        Command::Import { dir } => command::import::run(&mut ctx, &dir),
        Command::List { status, category } => command::list::run(
            &mut ctx,
            command::list::Filter {
                state: status.map(Visibility::from),
                category: category.as_deref(),
            },
        ),
        Command::Show { slug } => command::show::run(&mut ctx, &slug),
        Command::Category(CategoryCommand::Add {
            name,
            slug,
            description,
            parent,
        }) => command::category::add(
            &mut ctx,
            command::category::NewCategory {
                name: &name,
                slug: slug.as_deref(),
                description: description.as_deref().unwrap_or_default(),
                parent: parent.as_deref(),
            },
        ),
        Command::Category(CategoryCommand::List) => command::category::list(&mut ctx),
    }
}
