//! Resource faults: a full database, a read-only file or folder, a missing
//! or unreadable folder, a file that is not a database, a database of a
//! newer blog. Each gives one message that names the file and what is in
//! the way, a non-zero exit, and leaves the content as it was.
//!
//! The size limit (`--max-db-size`, `BLOG_MAX_DB_SIZE`) stands in for a
//! full disk: SQLite fails the same way for both. Permissions do not stop
//! root, so the cases built on them are skipped, saying so, when the tests
//! run as root.

mod support;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::corpus::{Content, Rng, write_articles, write_long_articles};
use support::{Server, blog, blog_bin, stderr, stdout};

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A temporary folder, and messages with its path written `DIR`.
struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().expect("a temporary folder"))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    /// The exit code and stderr of `output`, with paths under this folder
    /// written `DIR/...`.
    fn said(&self, output: &Output) -> (Option<i32>, String) {
        let dir = self.0.path().display().to_string();
        (output.status.code(), stderr(output).replace(&dir, "DIR"))
    }

    /// Runs `blog --db DB args...`, and what it said.
    fn blog(&self, db: &Path, args: &[&str]) -> (Option<i32>, String) {
        self.said(&blog(db, args))
    }

    /// Starts `blog-server` on `db`, which must refuse to start: what it said.
    fn server(&self, db: &Path) -> (Option<i32>, String) {
        let mut command = Server::command(&["--db", arg(db), "--no-demo"]);
        command.stdout(Stdio::null()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("blog-server starts");
        let deadline = Instant::now() + Duration::from_secs(30);
        while child.try_wait().expect("can wait").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("blog-server started on {}", db.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.said(&child.wait_with_output().expect("blog-server ends"))
    }
}

/// A refusal: exit status 1 and the one line `message`.
fn refused(message: &str) -> (Option<i32>, String) {
    (Some(1), format!("error: {message}\n"))
}

/// Runs `blog --db DB args...`, asserting that it succeeded.
fn ok(db: &Path, args: &[&str]) -> String {
    let output = blog(db, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// A database at `db` holding twenty articles, closed; and what it holds.
fn database(dir: &Dir, db: &Path) -> Content {
    let content = dir.path("content");
    if !content.exists() {
        write_articles(&content, 20, 1);
    }
    ok(db, &["import", arg(&content)]);
    Content::checked(db)
}

/// The files SQLite keeps beside `db` while it is open.
fn sides(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut side = db.as_os_str().to_owned();
            side.push(suffix);
            PathBuf::from(side)
        })
        .collect()
}

fn assert_no_sides(db: &Path) {
    for side in sides(db) {
        assert!(!side.exists(), "{} was left", side.display());
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Whether file permissions stop this process, which they do not for root:
/// a read-only file is opened for writing to find out.
fn permissions_apply(dir: &Dir, case: &str) -> bool {
    let probe = dir.path("probe");
    std::fs::write(&probe, "x").expect("writes");
    chmod(&probe, 0o444);
    let writable = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    std::fs::remove_file(&probe).expect("removes");
    if writable {
        println!("skipped {case}: a read-only file can be written here (running as root?)");
    }
    !writable
}

#[test]
fn a_full_database_stores_nothing_of_the_import() {
    let dir = Dir::new();
    let db = dir.path("blog.db");
    let before = database(&dir, &db);
    let size = std::fs::metadata(&db).expect("exists").len();
    let limit = size + 32 * 1024;
    let big = dir.path("big");
    write_long_articles(&big, 40, 2, 40);

    let message = format!(
        "cannot store the import of DIR/big: the database DIR/blog.db is full: it may hold \
         at most {limit} bytes, the size limit it was opened with, or its disk has no room \
         left"
    );
    let flag = format!("--max-db-size={limit}");
    assert_eq!(
        dir.blog(&db, &[&flag, "import", arg(&big)]),
        refused(&message)
    );
    assert!(Content::checked(&db) == before, "nothing was stored");

    let by_variable = Command::new(blog_bin())
        .arg("--db")
        .arg(&db)
        .args(["import", arg(&big)])
        .env_remove("BLOG_DB")
        .env("BLOG_MAX_DB_SIZE", format!("{}KiB", limit / 1024))
        .output()
        .expect("blog runs");
    assert_eq!(dir.said(&by_variable), refused(&message));
    assert!(Content::checked(&db) == before, "nothing was stored");

    // The limit was all that stood in the way.
    let imported = ok(&db, &["import", arg(&big)]);
    assert!(imported.contains("20 added, 20 updated"), "{imported}");
    assert!(std::fs::metadata(&db).expect("exists").len() > limit);
}

#[test]
fn a_read_only_database_file_is_refused_untouched() {
    let dir = Dir::new();
    if !permissions_apply(&dir, "the read-only file") {
        return;
    }
    let db = dir.path("blog.db");
    let before = database(&dir, &db);
    let bytes = std::fs::read(&db).expect("reads");
    chmod(&db, 0o444);

    let message = refused(
        "cannot open DIR/blog.db as a blog database: the file is read-only, and the blog \
         writes to it (and to the -wal and -shm files beside it) even to read it",
    );
    assert_eq!(dir.blog(&db, &["category", "add", "Go"]), message);
    assert_eq!(
        dir.blog(&db, &["import", arg(&dir.path("content"))]),
        message
    );
    assert_eq!(dir.server(&db), message);
    assert_eq!(std::fs::read(&db).expect("reads"), bytes);
    // Nothing read-only was left beside it to outlive a chmod.
    assert_no_sides(&db);

    chmod(&db, 0o644);
    assert!(Content::checked(&db) == before, "the content is intact");
    ok(&db, &["category", "add", "Go"]);
}

#[test]
fn a_read_only_folder_is_refused_untouched() {
    let dir = Dir::new();
    if !permissions_apply(&dir, "the read-only folder") {
        return;
    }
    let folder = dir.path("ro");
    std::fs::create_dir(&folder).expect("creates");
    let db = folder.join("blog.db");
    let before = database(&dir, &db);
    chmod(&folder, 0o555);

    let message = refused(
        "cannot write the database DIR/ro/blog.db: the folder DIR/ro is read-only, and \
         SQLite keeps its write-ahead log there, beside the database",
    );
    assert_eq!(dir.blog(&db, &["category", "add", "Go"]), message);
    assert_eq!(dir.server(&db), message);
    assert_eq!(
        dir.blog(&folder.join("new.db"), &["list"]),
        refused(
            "cannot open DIR/ro/new.db as a blog database: cannot create it in the folder \
             DIR/ro: Permission denied (os error 13)"
        )
    );

    chmod(&folder, 0o755);
    assert!(Content::checked(&db) == before, "the content is intact");
}

#[test]
fn a_missing_folder_is_named() {
    let dir = Dir::new();
    let db = dir.path("blog.db");
    let before = database(&dir, &db);

    let missing = dir.path("missing/blog.db");
    let message = refused(
        "cannot open DIR/missing/blog.db as a blog database: the folder DIR/missing does \
         not exist",
    );
    assert_eq!(dir.blog(&missing, &["list"]), message);
    assert_eq!(dir.blog(&missing, &["category", "add", "Go"]), message);
    assert_eq!(dir.server(&missing), message);
    assert!(!dir.path("missing").exists(), "no folder was made");

    assert_eq!(
        dir.blog(&db, &["import", arg(&dir.path("nowhere"))]),
        refused("cannot read the folder DIR/nowhere: No such file or directory (os error 2)")
    );
    assert!(Content::checked(&db) == before, "the content is intact");
}

#[test]
fn an_unreadable_folder_is_named() {
    let dir = Dir::new();
    if !permissions_apply(&dir, "the unreadable folder") {
        return;
    }
    let folder = dir.path("closed");
    std::fs::create_dir(&folder).expect("creates");
    let db = folder.join("blog.db");
    let before = database(&dir, &db);
    chmod(&folder, 0o000);
    assert_eq!(
        dir.blog(&db, &["list"]),
        refused(
            "cannot open DIR/closed/blog.db as a blog database: cannot look inside the \
             folder DIR/closed (or one above it): Permission denied (os error 13)"
        )
    );
    chmod(&folder, 0o755);

    let content = dir.path("content");
    chmod(&content, 0o000);
    let result = dir.blog(&db, &["import", arg(&content)]);
    chmod(&content, 0o755);
    assert_eq!(
        result,
        refused("cannot read the folder DIR/content: Permission denied (os error 13)")
    );
    assert!(Content::checked(&db) == before, "the content is intact");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = Dir::new();
    let seed = Rng::seed_from_env("FAULTS_SEED");
    println!("seed {seed} (FAULTS_SEED={seed} replays this run)");
    let mut rng = Rng::new(seed);
    let files = [
        (
            "notes.txt",
            b"Shopping: milk, eggs, a new disk.\n".repeat(200),
        ),
        ("noise.db", rng.bytes(2 * 4096)),
    ];
    for (name, bytes) in files {
        let path = dir.path(name);
        std::fs::write(&path, &bytes).expect("writes");
        let message = refused(&format!(
            "cannot open DIR/{name} as a blog database: file is not a database"
        ));
        assert_eq!(dir.blog(&path, &["list"]), message);
        assert_eq!(dir.blog(&path, &["category", "add", "Go"]), message);
        assert_eq!(dir.server(&path), message);
        assert!(
            std::fs::read(&path).expect("reads") == bytes,
            "{name} is untouched"
        );
        assert_no_sides(&path);
    }
}

#[test]
fn a_database_of_a_newer_blog_is_refused_untouched() {
    let dir = Dir::new();
    let db = dir.path("blog.db");
    let before = database(&dir, &db);
    // The schema version is `PRAGMA user_version`: four bytes, big-endian,
    // at offset 60 of the file's header.
    let set_version = |version: u32| {
        let mut bytes = std::fs::read(&db).expect("reads");
        bytes[60..64].copy_from_slice(&version.to_be_bytes());
        std::fs::write(&db, &bytes).expect("writes");
        bytes
    };
    let bytes = set_version(1000);

    let message = refused(
        "database DIR/blog.db has schema version 1000, newer than this blog (max 4): \
         upgrade the blog",
    );
    assert_eq!(dir.blog(&db, &["list"]), message);
    assert_eq!(dir.blog(&db, &["category", "add", "Go"]), message);
    assert_eq!(dir.server(&db), message);
    assert!(std::fs::read(&db).expect("reads") == bytes, "untouched");
    assert_no_sides(&db);

    set_version(4);
    assert!(Content::checked(&db) == before, "the content is intact");
}
