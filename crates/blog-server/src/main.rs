//! `blog-server`: serves a blog from its SQLite database.

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use blog_core::{Store as _, StoreError};
use blog_render::{HtmlRenderer, Theme};
use blog_server::config::{Args, Settings};
use blog_server::{ResponseCache, ServeOptions, State, bind, serve};
use blog_store::SqliteStore;
use clap::Parser as _;

fn main() -> ExitCode {
    let settings = match Settings::load(Args::parse()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_max_level(settings.log)
        .init();
    match run(&settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(settings: &Settings) -> anyhow::Result<()> {
    let db = settings.db.display();
    // Refuses another program's file and a newer schema, then checks every
    // page: a damaged file is never served.
    let store = SqliteStore::open(&settings.db).map_err(|e| match e {
        // The store's refusals name the file; these say it as a sentence.
        StoreError::Invalid { reason, .. } => anyhow::Error::msg(reason),
        other => other.into(),
    })?;
    store
        .check_integrity()
        .with_context(|| format!("the database {db} is damaged; restore it from a backup"))?;
    if !settings.no_demo && store.is_empty()? {
        store
            .apply(&blog_core::demo::content(chrono::Utc::now()))
            .context("cannot add the demo content")?;
        tracing::info!(db = %db, "new database: added demo content (--no-demo skips this)");
    }
    let store = Arc::new(store);
    let listener =
        bind(settings.addr).with_context(|| format!("cannot listen on {}", settings.addr))?;
    let local = listener
        .local_addr()
        .context("cannot read the bound address")?;
    let site = settings.site(local)?;
    let renderer = match &settings.theme {
        Some(dir) => {
            let theme = Theme::load(dir)
                .with_context(|| format!("cannot load the theme {}", dir.display()))?;
            HtmlRenderer::with_theme(site, &theme)
                .with_context(|| format!("the theme {} is broken", dir.display()))?
        }
        None => HtmlRenderer::new(site).context("cannot load the templates")?,
    };
    let state = State {
        feed_items: settings.feed_items,
        per_page: settings.per_page,
        cache: Arc::new(ResponseCache::new(settings.cache_budget)),
        ..State::new(Arc::clone(&store) as _, Arc::new(renderer))
    };
    let options = ServeOptions {
        header_read_timeout: settings.header_timeout,
        request_timeout: settings.request_timeout,
        max_connections: settings.max_connections,
        shutdown_grace: settings.shutdown_grace,
        ..ServeOptions::default()
    };
    println!("listening on http://{local}");
    // Pages still rendering on the blocking pools when it returns held the
    // store: they had the same grace, after which the database is closed,
    // which checkpoints its log.
    serve(listener, state, options, shutdown_signal()).context("cannot serve")?;
    match Arc::try_unwrap(store) {
        Ok(store) => store
            .close()
            .with_context(|| format!("cannot close the database {db}"))?,
        Err(_) => tracing::warn!(
            "a page was still rendering after the grace period: the database is left \
             open, and SQLite recovers its log when it is next opened"
        ),
    }
    tracing::info!("stopped");
    Ok(())
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
    tracing::info!("shutting down: no new connections, finishing requests in flight");
}
