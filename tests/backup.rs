//! `blog backup FILE`: a copy taken while the server serves requests and
//! another process imports is the content at one moment, before that
//! import or after it, never part of it: exporting the copy gives, byte for
//! byte, the export of the original before the import or after it. And
//! restoring is copying the file back.
//!
//! Exports sync every file they write, which costs seconds on a busy disk:
//! the folders are kept small, and each copy is also compared with the
//! original through the store, which is cheap.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::corpus::{Content, same_files, write_long_articles};
use support::{Server, blog, blog_bin, stderr, stdout};

/// Articles in each import, and their paragraphs: few files (an export
/// syncs each one), long enough that the import's transaction, some 10 MB,
/// spills into the log long before it commits, and a backup or two are
/// taken meanwhile.
const ARTICLES: usize = 300;
const PARAGRAPHS: usize = 100;

/// The most backups taken while the import runs.
const MAX_BACKUPS: usize = 3;

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Runs `blog --db DB args...`, asserting that it succeeded; its stdout.
fn ok(db: &Path, args: &[&str]) -> String {
    let output = blog(db, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

/// The files beside `db` that SQLite keeps while it is open.
fn sides(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut side = db.as_os_str().to_owned();
        side.push(suffix);
        PathBuf::from(side)
    })
}

/// One backup, and whether it began while the import was writing (its
/// uncommitted pages in the log). It may end after the import committed:
/// on a loaded machine one backup can outlast the whole import, and the
/// copy must then still be one moment, before or after.
struct Taken {
    file: PathBuf,
    during_import: bool,
}

/// The size of `db`'s write-ahead log: it grows as the import writes its
/// transaction.
fn log_size(db: &Path) -> u64 {
    std::fs::metadata(&sides(db)[0]).map_or(0, |m| m.len())
}

/// Backs `db` up to `file` with the real binary, checking its report
/// against the file it wrote.
fn back_up(db: &Path, file: &Path) {
    let out = ok(db, &["backup", arg(file)]);
    let bytes = std::fs::metadata(file).expect("the backup exists").len();
    assert_eq!(
        out,
        format!(
            "backed up the database to {}: {} pages, {bytes} bytes\n",
            file.display(),
            bytes / 4096
        )
    );
    for side in sides(file) {
        assert!(!side.exists(), "{} beside the backup", side.display());
    }
}

#[test]
fn a_backup_during_an_import_is_the_content_before_or_after_it() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = |name: &str| tmp.path().join(name);
    write_long_articles(&path("first"), ARTICLES, 1, PARAGRAPHS);
    write_long_articles(&path("second"), ARTICLES, 2, PARAGRAPHS);
    let db = path("blog.db");
    ok(&db, &["import", arg(&path("first"))]);
    ok(&db, &["export", arg(&path("before"))]);
    let before = Content::checked(&db);

    let server = Server::start(&["--db", arg(&db), "--no-demo"], &[]);
    let stop = AtomicBool::new(false);
    let served = AtomicUsize::new(0);
    let taken = std::thread::scope(|scope| {
        // Readers all along: every page answers, whatever is being written.
        scope.spawn(|| {
            let pages = [
                "/",
                "/articles/post-00007/",
                "/feed.xml",
                "/search/?q=cache",
            ];
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let page = pages[i % pages.len()];
                let reply = server.get(page);
                assert_eq!(reply.status, 200, "{page}: {}", reply.body);
                served.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        });
        let mut import = Command::new(blog_bin())
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(path("second"))
            .env_remove("BLOG_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("blog starts");
        // The backups start once the import writes: its uncommitted pages
        // are in the log then, which a copy of the file would take in.
        let idle = log_size(&db);
        let deadline = Instant::now() + Duration::from_secs(30);
        while log_size(&db) == idle && Instant::now() < deadline {
            if import.try_wait().expect("can wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let mut taken = Vec::new();
        while taken.len() < MAX_BACKUPS {
            let before = import.try_wait().expect("can wait").is_none();
            let file = path(&format!("backup-{}.db", taken.len()));
            back_up(&db, &file);
            let after = import.try_wait().expect("can wait").is_none();
            taken.push(Taken {
                file,
                during_import: before,
            });
            if !after {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let imported = import.wait_with_output().expect("blog ends");
        assert!(imported.status.success(), "{}", stderr(&imported));
        // And one once the import is in.
        let file = path("backup-last.db");
        back_up(&db, &file);
        taken.push(Taken {
            file,
            during_import: false,
        });
        stop.store(true, Ordering::Relaxed);
        taken
    });
    drop(server);
    ok(&db, &["export", arg(&path("after"))]);
    let after = Content::checked(&db);
    assert!(same_files(&path("before"), &path("after")).is_err());

    let mut moments = Vec::new();
    for (i, backup) in taken.iter().enumerate() {
        let copy = Content::checked(&backup.file);
        let moment = if copy == before {
            "before"
        } else if copy == after {
            "after"
        } else {
            panic!(
                "{} holds neither the content before the import ({}) nor after it ({}): {}",
                backup.file.display(),
                before.summary(),
                after.summary(),
                copy.summary()
            );
        };
        // The last copy is exported once restored, below.
        if i + 1 < taken.len() {
            let out = path(&format!("export-{i}"));
            ok(&backup.file, &["export", arg(&out)]);
            assert_eq!(
                same_files(&out, &path(moment)),
                Ok(()),
                "{}",
                backup.file.display()
            );
        }
        moments.push((backup.during_import, moment));
    }
    let during = moments.iter().filter(|(during, _)| *during).count();
    println!(
        "{} backups ({during} begun while the import wrote), content {:?}; {} requests \
         served meanwhile; {:.1?} in all",
        moments.len(),
        moments.iter().map(|(_, m)| *m).collect::<Vec<_>>(),
        served.load(Ordering::Relaxed),
        started.elapsed()
    );
    assert!(during > 0, "no backup began while the import wrote");
    assert_eq!(moments.last().map(|m| m.1), Some("after"));
    assert!(served.load(Ordering::Relaxed) > 0);

    // Restoring: over a database that has moved on since, with the server
    // stopped, copy the last backup back.
    ok(&db, &["category", "add", "Later"]);
    for side in sides(&db) {
        let _ = std::fs::remove_file(side);
    }
    let last = &taken[taken.len() - 1].file;
    std::fs::copy(last, &db).expect("copies the backup back");
    let restored = path("restored");
    ok(&db, &["export", arg(&restored)]);
    assert_eq!(same_files(&restored, &path("after")), Ok(()));
}

#[test]
fn a_backup_never_replaces_a_file_unless_forced() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let db = tmp.path().join("blog.db");
    ok(&db, &["category", "add", "Rust"]);
    let target = tmp.path().join("copy.db");
    std::fs::write(&target, "an older copy").expect("writes");
    let shown = |output: &std::process::Output| {
        let dir = tmp.path().display().to_string();
        (
            output.status.code(),
            stderr(output).replace(&dir, "DIR"),
            stdout(output),
        )
    };

    let refused = blog(&db, &["backup", arg(&target)]);
    assert_eq!(
        shown(&refused),
        (
            Some(1),
            "error: DIR/copy.db exists already: pass --force to replace it\n".to_owned(),
            String::new()
        )
    );
    assert_eq!(std::fs::read(&target).expect("reads"), b"an older copy");

    ok(&db, &["backup", arg(&target), "--force"]);
    let listed = ok(&target, &["category", "list"]);
    assert!(listed.contains("rust  Rust"), "{listed}");

    let missing = tmp.path().join("missing/copy.db");
    assert_eq!(
        shown(&blog(&db, &["backup", arg(&missing)])),
        (
            Some(1),
            "error: cannot back up DIR/blog.db to DIR/missing/copy.db: the folder \
             DIR/missing does not exist\n"
                .to_owned(),
            String::new()
        )
    );
    assert_eq!(
        shown(&blog(&db, &["backup", arg(&db), "--force"])),
        (
            Some(1),
            "error: cannot back up DIR/blog.db to DIR/blog.db: that is the database itself\n"
                .to_owned(),
            String::new()
        )
    );
    // Nothing was left beside the files: no temporary copy.
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("reads the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names, ["blog.db", "copy.db"]);
}
