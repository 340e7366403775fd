//! The static export: every page, feed and file the server answers at one
//! moment, written into a folder that any static host can serve.
//!
//! [`build`] lists what to write from the store ([`Pages`] and
//! [`blog_core::Store::old_slugs`]), then builds each with
//! [`Pages::build`], the very code the server answers with, so a file holds
//! the bytes the server sends for its path. `/foo/` is written as
//! `foo/index.html` ([`file_of`]); an old article slug gets a small
//! redirect page ([`redirect_page`]), a deleted article's the "gone" page,
//! and `404.html` is the "not found" page the server answers at
//! `/404.html`. Assets and the static search's files are written as they
//! are served.
//!
//! Pages are built on every core: each thread takes the next job of the
//! list (an atomic index) and writes the file at once, so no more pages are
//! held in memory than there are threads. Writing is incremental and
//! atomic (see `folder.rs`): a file equal to the output folder's is not
//! written; if anything differs, the new site is put together in a staging
//! folder beside it, hard-linking the unchanged files, and swapped in, so a
//! failed or interrupted build leaves the folder as it was.
//!
//! [`settings`] reads the site's settings from the same keys, variables and
//! `blog.toml` as the server, so that both draw the same site.

mod files;
mod folder;
mod plan;
pub mod settings;
mod swap;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use blog_core::{Output, PageError, Pages, StoreError};
use blog_render::HtmlRenderer;

pub use files::{file_of, redirect_page};

use folder::{Folder, Put};
use plan::Job;

/// The path whose answer `404.html` holds: the server answers it with the
/// "not found" page, naming it.
pub const NOT_FOUND_PATH: &str = "/404.html";

/// Why a build failed. The output folder is as it was, unless the error
/// came after the swap (none does: see [`Summary::left_behind`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The store could not be read.
    #[error("cannot read the content")]
    Store(#[from] StoreError),
    /// A page could not be built.
    #[error("cannot build {path}")]
    Page {
        /// Its path on the site.
        path: String,
        /// Why.
        #[source]
        source: PageError,
    },
    /// A file or folder could not be read or written.
    #[error("cannot {action} {}", path.display())]
    Io {
        /// What was being done: "write", "create", …
        action: &'static str,
        /// To what.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The output folder cannot be one.
    #[error("cannot build into {}: {reason}", path.display())]
    NotAnOutput {
        /// The folder.
        path: PathBuf,
        /// Why not.
        reason: &'static str,
    },
    /// A path of the site that names no file inside the folder.
    #[error("{path:?} is no path for a file of the site")]
    BadPath {
        /// The path.
        path: String,
    },
    /// Two things of the site at the same file.
    #[error("two files of the site at {file}")]
    Clash {
        /// The file, relative to the folder.
        file: String,
    },
    /// Stopped on request (a signal), before the folder was replaced.
    #[error("interrupted; the output folder is as it was")]
    Interrupted,
}

/// Told how a build goes, from the threads that build.
pub trait Progress: Sync {
    /// `jobs` things are to be built.
    fn planned(&self, jobs: u64);
    /// One more was built.
    fn built(&self);
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Progress for Quiet {
    fn planned(&self, _: u64) {}
    fn built(&self) {}
}

/// How to build, besides the pages.
pub struct Options<'a> {
    /// The folder to write; created if missing, else replaced whole.
    pub out: &'a Path,
    /// How many threads build pages (at least one).
    pub threads: usize,
    /// Files that must not be inside the output folder, which the build
    /// replaces: the database, say.
    pub protected: Vec<PathBuf>,
    /// Set (by a signal handler, say) to stop the build, which then fails
    /// with [`BuildError::Interrupted`] and leaves the folder as it was.
    pub cancel: &'a AtomicBool,
    /// Told of each page built.
    pub progress: &'a dyn Progress,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Summary {
    /// The output folder, as an absolute path.
    pub out: PathBuf,
    /// Files of the site: everything below.
    pub files: u64,
    /// Of which HTML pages (with redirect pages and `404.html`).
    pub pages: u64,
    /// Of which assets.
    pub assets: u64,
    /// The site's size.
    pub bytes: u64,
    /// Files written, because they were new or differed.
    pub written: u64,
    /// Bytes written.
    pub written_bytes: u64,
    /// Files the folder had already, as they were.
    pub unchanged: u64,
    /// Files of the folder that the site no longer has.
    pub removed: u64,
    /// Whether the folder was replaced (false: nothing differed, and
    /// nothing at all was written).
    pub replaced: bool,
    /// The old tree, if it could not be removed after the new one took its
    /// place, and why: the build succeeded, but the space is not freed.
    pub left_behind: Option<(PathBuf, io::Error)>,
}

/// What one thread built.
#[derive(Default)]
struct Tally {
    /// Every file written or found unchanged.
    files: Vec<String>,
    /// Those found unchanged.
    unchanged: Vec<String>,
    pages: u64,
    assets: u64,
    bytes: u64,
    written: u64,
    written_bytes: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.files.extend(other.files);
        self.unchanged.extend(other.unchanged);
        self.pages += other.pages;
        self.assets += other.assets;
        self.bytes += other.bytes;
        self.written += other.written;
        self.written_bytes += other.written_bytes;
    }
}

/// What kind of file a job made.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    Asset,
    Other,
}

/// What every thread of one build shares.
struct Build<'a> {
    pages: &'a Pages<'a>,
    renderer: &'a HtmlRenderer,
    assets: Vec<(&'a str, &'a [u8])>,
    search: Vec<(String, &'static str, String)>,
    folder: Folder,
}

/// Writes the site of `pages` (drawn by `renderer`, whose assets it
/// writes too) into `options.out`: see the module's documentation.
pub fn build(
    pages: &Pages<'_>,
    renderer: &HtmlRenderer,
    options: &Options<'_>,
) -> Result<Summary, BuildError> {
    let folder = Folder::open(options.out, &options.protected)?;
    let mut jobs = plan::site(pages)?;
    let assets: Vec<(&str, &[u8])> = renderer
        .assets()
        .map(|(path, asset)| (path, &*asset.body))
        .collect();
    jobs.extend((0..assets.len()).map(Job::Asset));
    options.progress.planned(jobs.len() as u64);
    let mut build = Build {
        pages,
        renderer,
        assets,
        search: Vec::new(),
        folder,
    };
    // The search index reads every article once: it is made on a thread of
    // its own while the pages are built, then its files are written.
    let (search, tally) = std::thread::scope(|scope| {
        let search = scope.spawn(|| pages.search_index());
        let tally = build.run(&jobs, options);
        // Building does not panic; if it did, say so.
        let search = search
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (search, tally)
    });
    let mut tally = tally?;
    build.search = search.map_err(|source| BuildError::Page {
        path: "the search index".to_owned(),
        source,
    })?;
    let search_jobs: Vec<Job> = (0..build.search.len()).map(Job::SearchFile).collect();
    options
        .progress
        .planned((jobs.len() + search_jobs.len()) as u64);
    tally.add(build.run(&search_jobs, options)?);
    let mut files = HashSet::with_capacity(tally.files.len());
    for file in &tally.files {
        if !files.insert(file.as_str()) {
            return Err(BuildError::Clash { file: file.clone() });
        }
    }
    let unchanged: Vec<&str> = tally.unchanged.iter().map(String::as_str).collect();
    let go_on = || !options.cancel.load(Ordering::Relaxed);
    let finished = build.folder.finish(&files, &unchanged, &go_on)?;
    Ok(Summary {
        out: build.folder.path().to_owned(),
        files: tally.files.len() as u64,
        pages: tally.pages,
        assets: tally.assets,
        bytes: tally.bytes,
        written: tally.written,
        written_bytes: tally.written_bytes,
        unchanged: tally.unchanged.len() as u64,
        removed: finished.removed,
        replaced: finished.replaced,
        left_behind: finished.left_behind,
    })
}

impl Build<'_> {
    /// Runs `jobs` on `options.threads` threads, each taking the next job
    /// until none is left, one fails, or the build is cancelled.
    fn run(&self, jobs: &[Job], options: &Options<'_>) -> Result<Tally, BuildError> {
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let stop = || failed.load(Ordering::Relaxed) || options.cancel.load(Ordering::Relaxed);
        let work = || -> Result<Tally, BuildError> {
            let mut tally = Tally::default();
            while !stop() {
                let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    break;
                };
                if let Err(e) = self.write(job, &mut tally) {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                options.progress.built();
            }
            Ok(tally)
        };
        let results: Vec<_> = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..options.threads.max(1))
                .map(|_| scope.spawn(work))
                .collect();
            threads
                .into_iter()
                // Building does not panic; if it did, say so.
                .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut all = Tally::default();
        for result in results {
            all.add(result?);
        }
        if options.cancel.load(Ordering::Relaxed) {
            return Err(BuildError::Interrupted);
        }
        Ok(all)
    }

    /// Builds `job` and writes its file, if it has one, counting it.
    fn write(&self, job: &Job, tally: &mut Tally) -> Result<(), BuildError> {
        let Some((path, bytes, kind)) = self.make(job)? else {
            return Ok(());
        };
        let file = file_of(&path).ok_or_else(|| BuildError::BadPath { path: path.clone() })?;
        let bytes: &[u8] = &bytes;
        match self.folder.put(&file, bytes)? {
            Put::Unchanged => tally.unchanged.push(file.clone()),
            Put::Written => {
                tally.written += 1;
                tally.written_bytes += bytes.len() as u64;
            }
        }
        tally.files.push(file);
        tally.bytes += bytes.len() as u64;
        match kind {
            Kind::Page => tally.pages += 1,
            Kind::Asset => tally.assets += 1,
            Kind::Other => {}
        }
        Ok(())
    }

    /// What `job` makes: its path on the site, its bytes and its kind;
    /// `None` for a path that answers "not found" (an old slug of an
    /// article no longer public), which has no file.
    fn make(&self, job: &Job) -> Result<Option<(String, Bytes<'_>, Kind)>, BuildError> {
        let page = |path: &str, html: blog_core::Html| {
            Some((
                path.to_owned(),
                Bytes::Owned(html.into_string()),
                Kind::Page,
            ))
        };
        Ok(match job {
            Job::Site(site_path) => {
                let path = site_path.path();
                let output = self
                    .pages
                    .build(&site_path.target(), &path)
                    .map_err(|source| BuildError::Page {
                        path: path.clone(),
                        source,
                    })?;
                match output {
                    Output::Page(html) | Output::Gone(html) => page(&path, html),
                    Output::File { body, .. } => Some((path, Bytes::Owned(body), Kind::Other)),
                    Output::Moved(to) => {
                        let html = redirect_page(&self.renderer.site().base_url, &to);
                        Some((path, Bytes::Owned(html), Kind::Page))
                    }
                    Output::NotFound(_) => None,
                }
            }
            Job::NotFound => {
                let html = self
                    .pages
                    .not_found(NOT_FOUND_PATH)
                    .map_err(|e| BuildError::Page {
                        path: NOT_FOUND_PATH.to_owned(),
                        source: e.into(),
                    })?;
                page(NOT_FOUND_PATH, html)
            }
            Job::Asset(i) => self
                .assets
                .get(*i)
                .map(|&(path, body)| (path.to_owned(), Bytes::Shared(body), Kind::Asset)),
            Job::SearchFile(i) => self
                .search
                .get(*i)
                .map(|(path, _, body)| (path.clone(), Bytes::Shared(body.as_bytes()), Kind::Other)),
        })
    }
}

/// A file's bytes, built for it or kept by the build.
enum Bytes<'a> {
    Owned(String),
    Shared(&'a [u8]),
}

impl std::ops::Deref for Bytes<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Self::Owned(text) => text.as_bytes(),
            Self::Shared(bytes) => bytes,
        }
    }
}
