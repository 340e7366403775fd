//! `blog-server`: serves a blog from its SQLite database.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use blog_core::{BaseUrl, PerPage, Site, Store as _};
use blog_render::{HtmlRenderer, Theme};
use blog_server::{DEFAULT_FEED_ITEMS, ServeOptions, State, serve};
use blog_store::SqliteStore;
use clap::Parser;

/// Serve the blog over HTTP.
///
/// Opens (or creates) the SQLite database, fills a new, empty one with demo
/// content unless --no-demo is given, and serves the site until SIGINT or
/// SIGTERM.
///
/// Example: blog-server --db blog.db --addr 127.0.0.1:3000
#[derive(Debug, Parser)]
#[command(name = "blog-server", version, about, long_about)]
struct Args {
    /// The address to listen on; port 0 picks a free port.
    #[arg(long, env = "BLOG_ADDR", default_value = "127.0.0.1:3000")]
    addr: String,
    /// The blog's database file, shared with the `blog` command.
    #[arg(long, env = "BLOG_DB", default_value = "blog.db", value_name = "PATH")]
    db: PathBuf,
    /// Leave a new, empty database empty instead of adding demo articles.
    #[arg(long)]
    no_demo: bool,
    /// The public URL of the site, used in absolute links [default: http://ADDR]
    #[arg(long, env = "BLOG_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    /// The site's title.
    #[arg(long, env = "BLOG_TITLE")]
    title: Option<String>,
    /// A theme folder whose `templates/` and `assets/` override the built-in
    /// ones of the same name (and may add their own); checked at start.
    #[arg(long, env = "BLOG_THEME", value_name = "DIR")]
    theme: Option<PathBuf>,
    /// How many of the newest articles each feed holds (1 to 100).
    #[arg(long, env = "BLOG_FEED_ITEMS", value_name = "N", default_value_t = DEFAULT_FEED_ITEMS.get(), value_parser = clap::value_parser!(u32).range(1..=i64::from(PerPage::MAX)))]
    feed_items: u32,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    let store = SqliteStore::open(&args.db)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
    if !args.no_demo && store.is_empty()? {
        store
            .apply(&blog_core::demo::content(chrono::Utc::now()))
            .context("cannot add the demo content")?;
        tracing::info!(db = %args.db.display(), "new database: added demo content (--no-demo skips this)");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener
            .local_addr()
            .context("cannot read the bound address")?;
        let mut site = Site {
            base_url: BaseUrl::parse(&format!("http://{local}"))?,
            ..Site::default()
        };
        if let Some(url) = &args.base_url {
            site.base_url = BaseUrl::parse(url)?;
        }
        if let Some(title) = args.title {
            site.title = title;
        }
        let renderer = match &args.theme {
            Some(dir) => {
                let theme = Theme::load(dir)
                    .with_context(|| format!("cannot load the theme {}", dir.display()))?;
                HtmlRenderer::with_theme(site, &theme)
                    .with_context(|| format!("the theme {} is broken", dir.display()))?
            }
            None => HtmlRenderer::new(site).context("cannot load the templates")?,
        };
        let state = State {
            feed_items: PerPage::new(args.feed_items).context("the feed size is out of range")?,
            ..State::new(Arc::new(store), Arc::new(renderer))
        };
        println!("listening on http://{local}");
        serve(listener, state, ServeOptions::default(), shutdown_signal()).await;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGTERM");
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
    tracing::info!("shutting down");
}
