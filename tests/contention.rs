//! Contention: two imports of different folders and a rename, started
//! together round after round, while reader threads load every kind of page
//! over keep-alive connections.
//!
//! Writers wait their turn (`BEGIN IMMEDIATE` and a busy timeout) or fail
//! with a clear message and store nothing; readers never get an error or a
//! broken response, and never see half of a change: every article page
//! shows its first and last paragraphs from one version, and every listing
//! shows each folder's articles at one version (an import is one
//! transaction). At the end, the server's start-up integrity check passes
//! and the content is exactly what the writers that succeeded stored.
//!
//! Run with `--nocapture` to see the figures: rounds, requests, outcomes.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Conn, Reply, Server, blog, blog_bin, stderr, stdout};

/// Rounds of two imports and a rename.
const ROUNDS: usize = 6;
/// Reader threads, each on its own keep-alive connection.
const READERS: usize = 4;
/// Articles in each imported folder (at most 60: their minutes differ).
const ARTICLES: usize = 40;
/// Paragraphs between each article's first and last.
const PARAGRAPHS: usize = 30;
/// The most failures kept, so that a broken server does not flood the report.
const MAX_FAILURES: usize = 40;

/// One of the two folders imported at once.
#[derive(Clone, Copy)]
struct Folder {
    /// Its folder name, and its articles' category.
    name: &'static str,
    /// The first word of its articles' titles.
    title: &'static str,
    /// Its articles' slugs are `{prefix}-00`, `{prefix}-01`, ...
    prefix: &'static str,
    /// The month its articles are dated in.
    month: u32,
}

const FOLDERS: [Folder; 2] = [
    Folder {
        name: "alpha",
        title: "Alpha",
        prefix: "a",
        month: 1,
    },
    Folder {
        name: "beta",
        title: "Beta",
        prefix: "b",
        month: 2,
    },
];

impl Folder {
    fn slug(self, i: usize) -> String {
        format!("{}-{i:02}", self.prefix)
    }

    /// Writes its files at `version` into `root/{name}`.
    fn write(self, root: &Path, version: usize) -> PathBuf {
        let dir = root.join(self.name);
        std::fs::create_dir_all(&dir).expect("creates the folder");
        let filler = "Words that make the article long enough to take a while to store. ";
        for i in 0..ARTICLES {
            let slug = self.slug(i);
            let mut text = format!(
                "+++\ntitle = \"{} {i:02} (v{version})\"\ndate = 2024-{:02}-01T00:{i:02}:00Z\n\
                 categories = [\"{}\"]\ntags = [\"contention\"]\n+++\n\n\
                 FIRST {slug} v{version}.\n\n",
                self.title, self.month, self.title
            );
            for p in 0..PARAGRAPHS {
                text.push_str(&format!("Paragraph {p}. {}\n\n", filler.repeat(4)));
            }
            text.push_str(&format!("LAST {slug} v{version}.\n"));
            std::fs::write(dir.join(format!("{slug}.md")), text).expect("writes a file");
        }
        dir
    }
}

/// The slug of the article that `blog rename` moves each round.
fn moving(n: usize) -> String {
    format!("moving-{n}")
}

/// Content imported before the readers start: an article to rename.
fn write_base(root: &Path) -> PathBuf {
    let dir = root.join("base");
    std::fs::create_dir_all(&dir).expect("creates the folder");
    std::fs::write(
        dir.join(format!("{}.md", moving(0))),
        "+++\ntitle = \"Moving\"\ndate = 2023-12-01\n+++\n\nMOVING FIRST.\n\nMOVING LAST.\n",
    )
    .expect("writes a file");
    dir
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// What the readers found wrong, and how much they read.
#[derive(Default)]
struct Tally {
    failures: Mutex<Vec<String>>,
    requests: AtomicUsize,
}

impl Tally {
    fn fail(&self, what: String) {
        let mut failures = self.failures.lock().expect("no reader panics");
        if failures.len() < MAX_FAILURES {
            failures.push(what);
        }
    }
}

/// The versions that `text` shows after each `marker` (`marker` then `v`,
/// digits): `FIRST a-07 v` or `Alpha 07 (v`.
fn versions_after(text: &str, marker: &str) -> Vec<usize> {
    text.match_indices(marker)
        .filter_map(|(at, _)| {
            let digits: String = text[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// The one version of `slug` that `body` shows, if its first and last
/// paragraphs are both there and agree.
fn whole_article(body: &str, slug: &str) -> Result<usize, String> {
    let first = versions_after(body, &format!("FIRST {slug} v"));
    let last = versions_after(body, &format!("LAST {slug} v"));
    let all: BTreeSet<usize> = first.iter().chain(&last).copied().collect();
    match (first.is_empty(), last.is_empty(), all.len()) {
        (false, false, 1) => Ok(*first.first().unwrap_or(&0)),
        _ => Err(format!(
            "{slug}: first paragraph at {first:?}, last at {last:?}"
        )),
    }
}

/// Checks that every title of `folder` in a listing shows one version, and
/// that there are `expected` of them if given.
fn one_version(body: &str, folder: Folder, expected: Option<usize>) -> Result<(), String> {
    let marker = format!("{} ", folder.title);
    let mut articles = BTreeSet::new();
    let mut versions = BTreeSet::new();
    for (at, _) in body.match_indices(&marker) {
        let rest = &body[at + marker.len()..];
        let (Some(number), Some(version)) = (
            rest.get(..2),
            rest.get(2..).and_then(|r| r.strip_prefix(" (v")),
        ) else {
            continue;
        };
        let digits: String = version.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(number), Ok(version)) = (number.parse::<usize>(), digits.parse::<usize>()) {
            articles.insert(number);
            versions.insert(version);
        }
    }
    if versions.len() > 1 {
        return Err(format!("{} at versions {versions:?}", folder.title));
    }
    match expected {
        Some(n) if articles.len() != n => Err(format!(
            "{} articles of {}, not {n}",
            articles.len(),
            folder.title
        )),
        _ => Ok(()),
    }
}

/// One reader: a keep-alive connection that asks for every kind of page in
/// turn until `stop`, checking each answer.
fn read_pages(addr: &str, reader: usize, stop: &AtomicBool, tally: &Tally) {
    let mut conn = Conn::open(addr);
    // The newest version of each article this reader has seen: a page
    // never goes back to an older one.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut turn = reader;
    while !stop.load(Ordering::Relaxed) {
        turn += 1;
        let folder = FOLDERS[turn % 2];
        let slug = folder.slug(turn % ARTICLES);
        let result = match turn % 8 {
            0 => get(&mut conn, "/", tally).and_then(|r| {
                FOLDERS
                    .iter()
                    .try_for_each(|f| one_version(&r.body, *f, Some(ARTICLES)))
            }),
            1 | 5 => get(&mut conn, &format!("/articles/{slug}/"), tally).and_then(|r| {
                let version = whole_article(&r.body, &slug)?;
                let newest = seen.entry(slug.clone()).or_default();
                if version < *newest {
                    return Err(format!("{slug}: v{version} after v{newest}"));
                }
                *newest = version;
                Ok(())
            }),
            2 => get(&mut conn, &format!("/categories/{}/", folder.name), tally)
                .and_then(|r| one_version(&r.body, folder, Some(ARTICLES))),
            3 => get(&mut conn, "/feed.xml", tally).and_then(|r| {
                if !r.body.trim_end().ends_with("</feed>") {
                    return Err("/feed.xml: cut short".to_owned());
                }
                FOLDERS
                    .iter()
                    .try_for_each(|f| one_version(&r.body, *f, None))
            }),
            4 => get(&mut conn, "/search/?q=paragraph+words", tally).map(|_| ()),
            6 => get(&mut conn, &format!("/api/v1/articles/{slug}"), tally).and_then(|r| {
                serde_json::from_str::<serde_json::Value>(&r.body)
                    .map_err(|e| format!("{slug}: the API's JSON: {e}"))?;
                whole_article(&r.body, &slug).map(|_| ())
            }),
            _ => follow(&mut conn, &format!("/articles/{}/", moving(0)), tally).and_then(|r| {
                if r.body.contains("MOVING FIRST.") && r.body.contains("MOVING LAST.") {
                    Ok(())
                } else {
                    Err("the moving article: a paragraph is missing".to_owned())
                }
            }),
        };
        if let Err(why) = result {
            tally.fail(format!("reader {reader}: {why}"));
            // A broken connection is a failure, not the end of reading.
            conn = Conn::open(addr);
        }
    }
}

/// `GET path` on `conn`: a whole 200 response, or what went wrong.
fn get(conn: &mut Conn, path: &str, tally: &Tally) -> Result<Reply, String> {
    let reply = fetch(conn, path, tally)?;
    if reply.status != 200 {
        return Err(format!("{path}: status {}", reply.status));
    }
    Ok(reply)
}

/// `GET path` on `conn`, following redirects (a rename moves the article).
fn follow(conn: &mut Conn, path: &str, tally: &Tally) -> Result<Reply, String> {
    let mut path = path.to_owned();
    for _ in 0..4 {
        let reply = fetch(conn, &path, tally)?;
        match reply.status {
            200 => return Ok(reply),
            301 => {
                path = reply
                    .header("location")
                    .ok_or_else(|| format!("{path}: 301 without Location"))?
                    .to_owned();
            }
            status => return Err(format!("{path}: status {status}")),
        }
    }
    Err(format!("{path}: redirected too often"))
}

/// `GET path` on `conn`: any whole response, never a 5xx.
fn fetch(conn: &mut Conn, path: &str, tally: &Tally) -> Result<Reply, String> {
    conn.send_request("GET", path, &[("Host", "contention.example")])
        .map_err(|e| format!("{path}: cannot send: {e}"))?;
    let reply = conn
        .read_reply("GET", Duration::from_secs(60))
        .map_err(|cut| format!("{path}: no whole response: {cut:?}"))?;
    tally.requests.fetch_add(1, Ordering::Relaxed);
    if reply.status >= 500 {
        return Err(format!("{path}: status {}: {}", reply.status, reply.body));
    }
    Ok(reply)
}

/// The writers of a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Writer {
    Import(&'static str),
    Rename,
}

/// How a writer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ending {
    Stored,
    /// Refused because another program held the database.
    Busy,
}

/// How `output` of `writer` ended: stored, or refused with a clear "busy"
/// message; anything else is an error.
fn ending(writer: Writer, output: &Output) -> Result<Ending, String> {
    let err = stderr(output);
    if err.contains("panicked") {
        return Err(format!("{writer:?} panicked: {err}"));
    }
    if output.status.success() {
        return Ok(Ending::Stored);
    }
    if output.status.code() == Some(1) && err.contains("the database is busy") {
        return Ok(Ending::Busy);
    }
    Err(format!(
        "{writer:?} failed without a clear reason ({:?}): {}{err}",
        output.status,
        stdout(output)
    ))
}

/// Waits for every child: its output, and how long it ran from now.
fn wait_all(children: Vec<(Writer, Child)>) -> Vec<(Writer, (Output, Duration))> {
    let started = Instant::now();
    let waiting: Vec<_> = children
        .into_iter()
        .map(|(writer, child)| {
            std::thread::spawn(move || {
                let output = child.wait_with_output().expect("blog ends");
                (writer, (output, started.elapsed()))
            })
        })
        .collect();
    waiting
        .into_iter()
        .map(|thread| thread.join().expect("a waiting thread ends"))
        .collect()
}

/// Starts `blog` with `args` against `db`, its output piped.
fn spawn_blog(db: &Path, args: &[&str]) -> Child {
    Command::new(blog_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BLOG_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("blog starts")
}

#[test]
fn two_imports_and_a_rename_at_once_never_show_readers_half_a_change() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let db = root.path().join("blog.db");
    let base = write_base(root.path());
    for dir in [base]
        .into_iter()
        .chain(FOLDERS.map(|f| f.write(root.path(), 0)))
    {
        let import = blog(&db, &["import", path_str(&dir)]);
        assert!(import.status.success(), "{}", stderr(&import));
    }

    let server = Server::start(
        &[
            "--db",
            path_str(&db),
            "--no-demo",
            "--per-page",
            "100",
            "--log",
            "warn",
        ],
        &[],
    );
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let readers: Vec<_> = (0..READERS)
        .map(|reader| {
            let (addr, stop, tally) = (server.addr.clone(), Arc::clone(&stop), Arc::clone(&tally));
            std::thread::spawn(move || read_pages(&addr, reader, &stop, &tally))
        })
        .collect();

    // The version of each folder and the slug of the moving article that
    // the store holds, as the writers that succeeded left it.
    let mut stored: BTreeMap<&str, usize> = FOLDERS.iter().map(|f| (f.name, 0)).collect();
    let mut moved = 0;
    let mut outcomes: BTreeMap<(Writer, Ending), usize> = BTreeMap::new();
    let mut writer_errors = Vec::new();
    // The writers' time added up, against the rounds' time: more means
    // they ran at once.
    let mut writers_time = Duration::ZERO;
    let started = Instant::now();
    for round in 1..=ROUNDS {
        let dirs = FOLDERS.map(|f| f.write(root.path(), round));
        let (from, to) = (moving(moved), moving(round));
        let mut children: Vec<(Writer, Child)> = FOLDERS
            .iter()
            .zip(&dirs)
            .map(|(f, dir)| {
                (
                    Writer::Import(f.name),
                    spawn_blog(&db, &["import", path_str(dir)]),
                )
            })
            .collect();
        children.push((Writer::Rename, spawn_blog(&db, &["rename", &from, &to])));
        for (writer, (output, took)) in wait_all(children) {
            writers_time += took;
            match ending(writer, &output) {
                Ok(end) => {
                    *outcomes.entry((writer, end)).or_default() += 1;
                    if end == Ending::Stored {
                        match writer {
                            Writer::Import(name) => {
                                stored.insert(name, round);
                            }
                            Writer::Rename => moved = round,
                        }
                    }
                }
                Err(why) => writer_errors.push(format!("round {round}: {why}")),
            }
        }
    }
    let writing = started.elapsed();
    // Readers keep reading a little after the last change.
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.join().expect("a reader thread ends");
    }
    let requests = tally.requests.load(Ordering::Relaxed);
    eprintln!(
        "contention: {ROUNDS} rounds in {writing:.1?} ({writers_time:.1?} of writers at once), \
         {READERS} readers, {requests} requests served; writers: {outcomes:?}"
    );
    let failures = tally.failures.lock().expect("no reader panics").clone();
    assert!(
        failures.is_empty(),
        "readers saw {} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(writer_errors.is_empty(), "{}", writer_errors.join("\n"));
    assert!(requests >= READERS * 10, "only {requests} requests served");
    drop(server);

    // The content is exactly what the writers that succeeded stored.
    let export = root.path().join("export");
    let output = blog(&db, &["export", path_str(&export)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut expected: BTreeSet<String> = FOLDERS
        .iter()
        .flat_map(|f| (0..ARTICLES).map(move |i| f.slug(i)))
        .collect();
    expected.insert(moving(moved));
    let exported: BTreeSet<String> = std::fs::read_dir(&export)
        .expect("lists the export")
        .filter_map(|entry| {
            let name = entry.expect("reads the export").file_name();
            name.to_str()?.strip_suffix(".md").map(str::to_owned)
        })
        .collect();
    assert_eq!(exported, expected);
    for folder in FOLDERS {
        for i in 0..ARTICLES {
            let slug = folder.slug(i);
            let text = std::fs::read_to_string(export.join(format!("{slug}.md")))
                .expect("reads an exported article");
            assert_eq!(
                whole_article(&text, &slug),
                Ok(stored[folder.name]),
                "{slug}"
            );
        }
    }
    // The server checks the whole file (SQLite's quick_check) before it
    // serves anything, and refuses a damaged one.
    let server = Server::start(&["--db", path_str(&db), "--no-demo", "--log", "warn"], &[]);
    let health = server.get("/healthz");
    assert_eq!(health.status, 200, "{}", health.body);
}

/// Another program's write transaction on the database `db`, held until
/// dropped: Python's own SQLite, so that no code of this project holds it.
struct Lock(Child);

impl Lock {
    /// The lock, held by Python; `None` (with a note) when there is no
    /// `python3` and CI is not set (CI installs it for feedparser).
    fn take(db: &Path) -> Option<Lock> {
        let script = "import sqlite3, sys\n\
                      db = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
                      db.execute('BEGIN IMMEDIATE')\n\
                      print('locked', flush=True)\n\
                      sys.stdin.read()\n\
                      db.execute('ROLLBACK')\n";
        let spawned = Command::new("python3")
            .args(["-c", script])
            .arg(db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                let hint = format!("python3 does not run ({e}): the busy-writer test needs it");
                assert!(std::env::var_os("CI").is_none(), "{hint}");
                eprintln!("skipped: {hint}");
                return None;
            }
        };
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().expect("piped")),
            &mut line,
        )
        .expect("reads python's output");
        assert_eq!(line.trim(), "locked", "python could not lock the database");
        Some(Lock(child))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Closing its stdin ends the script, which rolls back.
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

#[test]
fn a_writer_kept_waiting_too_long_fails_clearly_and_changes_nothing() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let db = root.path().join("blog.db");
    let alpha = FOLDERS[0];
    let dir = alpha.write(root.path(), 0);
    let import = blog(&db, &["import", path_str(&dir)]);
    assert!(import.status.success(), "{}", stderr(&import));
    let slug = alpha.slug(0);

    let Some(lock) = Lock::take(&db) else {
        return;
    };
    let started = Instant::now();
    alpha.write(root.path(), 1);
    let writers = [
        (
            Writer::Import(alpha.name),
            spawn_blog(&db, &["import", path_str(&dir)]),
        ),
        (
            Writer::Rename,
            spawn_blog(&db, &["rename", &slug, "renamed"]),
        ),
    ];
    // Meanwhile, reading never waits: the command line, a server starting
    // (it checks the whole file first), and its pages.
    let list = blog(&db, &["list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "blog list waited"
    );
    let server = Server::start(&["--db", path_str(&db), "--no-demo", "--log", "warn"], &[]);
    let page = server.get(&format!("/articles/{slug}/"));
    assert_eq!(page.status, 200);
    assert_eq!(whole_article(&page.body, &slug), Ok(0));
    for (writer, child) in writers {
        let output = child.wait_with_output().expect("blog ends");
        assert_eq!(ending(writer, &output), Ok(Ending::Busy), "{writer:?}");
        let err = stderr(&output);
        assert!(err.contains(path_str(&db)), "names the database: {err}");
        assert!(err.contains("try again when it is done"), "{err}");
    }
    // Five seconds of patience (the busy timeout), then the refusal.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(4), "gave up after {waited:?}");

    // Nothing changed; once the lock is gone, both go through.
    let page = server.get(&format!("/articles/{slug}/"));
    assert_eq!(whole_article(&page.body, &slug), Ok(0));
    drop(lock);
    let import = blog(&db, &["import", path_str(&dir)]);
    assert!(import.status.success(), "{}", stderr(&import));
    let rename = blog(&db, &["rename", &slug, "renamed"]);
    assert!(rename.status.success(), "{}", stderr(&rename));
    let page = server.get("/articles/renamed/");
    assert_eq!(whole_article(&page.body, &slug), Ok(1));
}

#[test]
fn the_checks_see_half_a_change() {
    let page = "<p>FIRST a-01 v2.</p><p>LAST a-01 v2.</p>";
    assert_eq!(whole_article(page, "a-01"), Ok(2));
    assert!(whole_article("<p>FIRST a-01 v2.</p><p>LAST a-01 v3.</p>", "a-01").is_err());
    assert!(whole_article("<p>FIRST a-01 v2.</p>", "a-01").is_err());
    assert!(whole_article(page, "a-02").is_err());
    let alpha = FOLDERS[0];
    let listing = "<a>Alpha 00 (v3)</a> <a>Alpha</a> <a>Alpha 01 (v3)</a>";
    assert_eq!(one_version(listing, alpha, Some(2)), Ok(()));
    assert!(one_version(listing, alpha, Some(3)).is_err());
    let mixed = "<a>Alpha 00 (v3)</a><a>Alpha 01 (v4)</a>";
    assert!(one_version(mixed, alpha, None).is_err());
}
