//! Crash safety: `blog import` killed with SIGKILL at random moments leaves
//! the database sound (SQLite's integrity check passes) and holding exactly
//! what it held before the import, or exactly what the whole import gives;
//! never part of it.
//!
//! A database holding a first import of [`ARTICLES`] generated articles
//! takes a second import that changes every one of them: one transaction
//! of a few megabytes, long enough to be killed in any of its phases
//! (reading and parsing the files, comparing them with the store, writing,
//! committing). The kill moments are drawn from a seeded generator over the
//! length of an uninterrupted run; `CRASH_SEED=<n>` replays a run.

mod support;

use std::os::unix::process::ExitStatusExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::corpus::{Content, Rng, write_articles};
use support::{blog, blog_bin, stderr, stdout};

/// Articles in each import: enough for the import to last one to two
/// seconds in a debug build on a busy machine (half a second on an idle
/// one), and the whole test well under a minute.
const ARTICLES: usize = 1500;

/// The kills to survive, at least.
const KILLS: usize = 24;

/// Copies the database `from` (one closed file) to `to`, removing what a
/// killed run left beside `to`.
fn reset(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut side = to.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(Path::new(&side));
    }
    std::fs::copy(from, to).expect("copies the database");
}

/// The size of `db`'s write-ahead log, if it has one: more than zero once
/// the import has begun writing its transaction.
fn log_size(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(Path::new(&wal)).map_or(0, |m| m.len())
}

/// How one run ended.
#[derive(Debug, Default)]
struct Tally {
    killed: usize,
    /// Kills after which the database held the state before the import.
    before: usize,
    /// Kills after which it held the whole import (killed after commit,
    /// as the process was closing the database).
    after: usize,
    /// Kills that came while the transaction was being written.
    while_writing: usize,
    /// Runs that ended on their own before their kill moment.
    finished: usize,
}

#[test]
fn a_killed_import_leaves_the_state_before_or_after_it() {
    let started = Instant::now();
    let seed = Rng::seed_from_env("CRASH_SEED");
    println!("seed {seed} (CRASH_SEED={seed} replays this run)");
    let mut rng = Rng::new(seed);

    let tmp = tempfile::tempdir().expect("a temporary folder");
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    write_articles(&first, ARTICLES, 1);
    write_articles(&second, ARTICLES, 2);
    let base = tmp.path().join("base.db");
    let imported = blog(&base, &["import", first.to_str().expect("utf-8 path")]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let before = Content::checked(&base);
    assert_eq!(before.articles.len(), ARTICLES);

    // An uninterrupted run: how long the import lasts, and what it gives.
    let db = tmp.path().join("run.db");
    reset(&base, &db);
    let import = |db: &Path| {
        let mut command = Command::new(blog_bin());
        command
            .arg("--db")
            .arg(db)
            .arg("import")
            .arg(&second)
            .env_remove("BLOG_DB")
            .env_remove("BLOG_MAX_DB_SIZE")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    let clock = Instant::now();
    let whole = import(&db).output().expect("blog runs");
    let duration = clock.elapsed();
    assert!(whole.status.success(), "{}", stderr(&whole));
    assert!(
        stdout(&whole).is_empty(),
        "stdout was not captured: {}",
        stdout(&whole)
    );
    let after = Content::checked(&db);
    assert_eq!(after.articles.len(), ARTICLES);
    assert_ne!(before, after, "the second import changes every article");
    println!("an uninterrupted import of {ARTICLES} changed articles takes {duration:.2?}");

    // Kill moments spread over the run: one drawn at random in each of
    // KILLS equal slices of it. A run may end before its moment (a slow
    // start of the previous one, say): more moments are drawn until KILLS
    // runs were killed.
    let mut tally = Tally::default();
    let mut attempt = 0;
    while tally.killed < KILLS {
        assert!(attempt < 3 * KILLS, "too few runs were killed: {tally:?}");
        let slice = (attempt % KILLS) as f64;
        let at = duration.mul_f64((slice + rng.unit()) / KILLS as f64);
        attempt += 1;
        reset(&base, &db);
        let mut child = import(&db).spawn().expect("blog starts");
        std::thread::sleep(at);
        let ended_first = child.try_wait().expect("can wait").is_some();
        if !ended_first {
            child.kill().expect("SIGKILL");
        }
        let status = child.wait().expect("blog ends");
        let writing = log_size(&db) > 0;
        let now = Content::checked(&db);
        if status.signal().is_none() {
            assert!(
                status.success(),
                "an import that was not killed failed: {status}"
            );
            assert!(now == after, "a finished import: {}", now.summary());
            tally.finished += 1;
            continue;
        }
        tally.killed += 1;
        tally.while_writing += usize::from(writing);
        if now == before {
            tally.before += 1;
        } else if now == after {
            tally.after += 1;
        } else {
            panic!(
                "killed at {at:.2?} (seed {seed}): the database holds neither the state \
                 before the import ({}) nor after it ({}): {}",
                before.summary(),
                after.summary(),
                now.summary()
            );
        }
    }
    println!(
        "{} kills survived: {} left the state before the import, {} the state after it; \
         {} came while the transaction was being written; runs that ended before their \
         moment: {}; {:.1?} in all",
        tally.killed,
        tally.before,
        tally.after,
        tally.while_writing,
        tally.finished,
        started.elapsed()
    );
    assert!(
        tally.while_writing > 0,
        "no kill came while the import was writing: {tally:?}"
    );
}

/// After the kills, the real binary still works on a database it was
/// killed over: a re-import completes and a second one changes nothing.
#[test]
fn a_database_killed_over_takes_the_import_again() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let content = tmp.path().join("content");
    write_articles(&content, 300, 1);
    let db = tmp.path().join("blog.db");
    let mut child = Command::new(blog_bin())
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&content)
        .env_remove("BLOG_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("blog starts");
    // Let it write for a while, then kill it, whatever it is doing.
    let deadline = Instant::now() + Duration::from_secs(10);
    while log_size(&db) == 0 && Instant::now() < deadline {
        if child.try_wait().expect("can wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill();
    child.wait().expect("blog ends");
    let dir = content.to_str().expect("utf-8 path");
    let again = blog(&db, &["import", dir]);
    assert!(again.status.success(), "{}", stderr(&again));
    let twice = blog(&db, &["import", dir]);
    assert!(
        stdout(&twice).contains("0 added, 0 updated, 300 unchanged"),
        "{}",
        stdout(&twice)
    );
    assert_eq!(Content::checked(&db).articles.len(), 300);
}
