//! Hostile input, as tables: files given to `blog import`, and bytes sent
//! to `blog-server` over a raw socket, each row with the outcome it must
//! have. One loop per kind runs its table; a failure names its row, and
//! every failing row of a table is listed at once.
//!
//! Limits these rows pin (see README):
//! - a file of more than 1 MiB is refused before it is read;
//! - YAML front matter may hold at most 256 `[` and `{`;
//! - Markdown nested past 32 levels renders without the deeper tags, raw
//!   HTML estimated past 64 levels shows as text, so every page renders in
//!   time proportional to its length;
//! - a request head is at most 8 KiB and 64 headers (431), its target at
//!   most 4096 bytes (414); a request must not carry a body (413, and the
//!   connection closes: nothing after it is read as a request).

mod support;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::{Server, blog, stderr, stdout};

/// How long a page, however hostile its article, may take to answer, in a
/// debug build on a busy machine (before the nesting bounds, 100,000 `>`
/// took ten minutes).
const PAGE_LIMIT: Duration = Duration::from_secs(30);

/// How long a refused import may take: it reads nothing it refuses.
const REFUSAL_LIMIT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------
// `blog import`

/// What one file of a row is.
#[derive(Clone, Copy)]
enum File {
    /// UTF-8 text, as written.
    Text(&'static str),
    /// Bytes, as written (invalid UTF-8, a byte-order mark).
    Bytes(&'static [u8]),
    /// Made when the row runs: too big to write out here.
    Made(fn() -> Vec<u8>),
    /// A symbolic link to this target.
    Link(&'static str),
    /// A named pipe, which no writer ever opens.
    Fifo,
}

/// A page of the site after an import, and what it must answer.
struct Page {
    path: &'static str,
    status: u16,
    /// Text its body holds.
    holds: &'static [&'static str],
    /// Text its body must not hold.
    lacks: &'static [&'static str],
}

/// What must come of an import.
enum Outcome {
    /// Refused: exit status 1, stderr holds each text, nothing panicked,
    /// and the database holds what it held before, exported byte for byte.
    Refused(&'static [&'static str]),
    /// Stored: exit status 0, and then each page answers as it says, within
    /// [`PAGE_LIMIT`].
    Stored(&'static [Page]),
}

/// One row: files imported together, and the outcome.
struct ImportRow {
    name: &'static str,
    files: &'static [(&'static str, File)],
    outcome: Outcome,
}

use File::{Bytes, Fifo, Link, Made, Text};
use Outcome::{Refused, Stored};

/// The article page of slug `a` (from the file name `a.md`).
const fn page_a(holds: &'static [&'static str], lacks: &'static [&'static str]) -> Page {
    Page {
        path: "/articles/a/",
        status: 200,
        holds,
        lacks,
    }
}

const IMPORTS: &[ImportRow] = &[
    // Malformed front matter.
    ImportRow {
        name: "TOML front matter never closed",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nbody\n"))],
        outcome: Refused(&[
            "a.md:1: the front matter opened with `+++` is never closed: end it with a `+++` line",
        ]),
    },
    ImportRow {
        name: "YAML front matter never closed",
        files: &[("a.md", Text("---\ntitle: A\n"))],
        outcome: Refused(&["a.md:1: the front matter opened with `---` is never closed"]),
    },
    ImportRow {
        name: "bad TOML",
        files: &[("a.md", Text("+++\ntitle = \n+++\nbody\n"))],
        outcome: Refused(&["a.md:2: invalid TOML front matter: string values must be quoted"]),
    },
    ImportRow {
        name: "bad YAML",
        files: &[("a.md", Text("---\ntitle: [unclosed\n---\nbody\n"))],
        outcome: Refused(&["a.md", "invalid YAML front matter"]),
    },
    ImportRow {
        name: "YAML that is a list, not a mapping",
        files: &[("a.md", Text("---\n- a\n- b\n---\nbody\n"))],
        outcome: Refused(&[
            "a.md:2: the YAML front matter must be a mapping of `key: value` lines",
        ]),
    },
    ImportRow {
        name: "a title that is a number",
        files: &[("a.md", Text("+++\ntitle = 5\ndate = 2024-01-01\n+++\n"))],
        outcome: Refused(&["a.md:2: `title` must be text, found an integer"]),
    },
    ImportRow {
        name: "draft as text in YAML",
        files: &[("a.md", Text("---\ntitle: A\ndate: 2024-01-01\ndraft: \"yes\"\n---\n"))],
        outcome: Refused(&["a.md:4: `draft` must be true or false, found text"]),
    },
    ImportRow {
        name: "tags as a number",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\ntags = 5\n+++\n"))],
        outcome: Refused(&["a.md:4: `tags` must be a list of names, found an integer"]),
    },
    ImportRow {
        name: "a negative series part",
        files: &[(
            "a.md",
            Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nseries = \"S\"\nseries_part = -1\n+++\n"),
        )],
        outcome: Refused(&["a.md:5: `series_part` must be a whole number from 1", "found -1"]),
    },
    ImportRow {
        name: "an empty category name",
        files: &[(
            "a.md",
            Text("+++\ntitle = \"A\"\ndate = 2024-01-01\ncategories = [\"\"]\n+++\n"),
        )],
        outcome: Refused(&["a.md:4: category name \"\" cannot be empty"]),
    },
    // Enormous front matter.
    ImportRow {
        name: "a 5 MB title",
        files: &[("a.md", Made(five_megabyte_title))],
        outcome: Refused(&[
            "a.md: is 5000042 bytes long; a file may be at most 1048576 bytes (1 MiB)",
        ]),
    },
    ImportRow {
        name: "a 400-character title",
        files: &[("a.md", Made(long_title))],
        outcome: Refused(&["a.md:2: `title` is 400 characters long, at most 300 are allowed"]),
    },
    ImportRow {
        name: "60,000 YAML keys (kept as extra fields)",
        files: &[("a.md", Made(many_keys))],
        outcome: Stored(&[page_a(&["<h1>Many Keys</h1>"], &[])]),
    },
    ImportRow {
        name: "TOML nested 100,000 deep",
        files: &[("a.md", Made(deep_toml))],
        outcome: Refused(&["a.md:4: invalid TOML front matter: cannot recurse further"]),
    },
    ImportRow {
        name: "YAML nested 100,000 deep",
        files: &[("a.md", Made(deep_yaml))],
        outcome: Refused(&["a.md:4: YAML front matter may hold at most 256 `[` and `{`"]),
    },
    ImportRow {
        name: "YAML aliases that expand a billion times",
        files: &[("a.md", Made(billion_laughs))],
        outcome: Refused(&["a.md", "invalid YAML front matter: repetition limit exceeded"]),
    },
    // Invalid dates.
    ImportRow {
        name: "February 30 as a TOML date",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = 2024-02-30\n+++\n"))],
        outcome: Refused(&["a.md:3: invalid TOML front matter: invalid date"]),
    },
    ImportRow {
        name: "February 30 as text",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = \"2024-02-30\"\n+++\n"))],
        outcome: Refused(&["a.md:3: `date` \"2024-02-30\" is not a date: write 2024-05-01"]),
    },
    ImportRow {
        name: "February 29 of a common year, in YAML",
        files: &[("a.md", Text("---\ntitle: A\ndate: 2023-02-29\n---\n"))],
        outcome: Refused(&["a.md:3: `date` \"2023-02-29\" is not a date"]),
    },
    ImportRow {
        name: "the year 99999",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = \"99999-01-01\"\n+++\n"))],
        outcome: Refused(&["a.md:3: `date` \"99999-01-01\" is not a date"]),
    },
    ImportRow {
        name: "the year 1800",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = 1800-01-01\n+++\n"))],
        outcome: Refused(&[
            "a.md:3: the date 1800-01-01 is out of range: dates from 1900 to 2200 are accepted",
        ]),
    },
    ImportRow {
        name: "an offset of 25 hours",
        files: &[(
            "a.md",
            Text("+++\ntitle = \"A\"\ndate = \"2024-01-01T00:00:00+25:00\"\n+++\n"),
        )],
        outcome: Refused(&["a.md:3: `date` \"2024-01-01T00:00:00+25:00\" is not a date"]),
    },
    ImportRow {
        name: "a leap second",
        files: &[(
            "a.md",
            Text("+++\ntitle = \"A\"\ndate = \"2016-12-31T23:59:60Z\"\n+++\n"),
        )],
        outcome: Refused(&["a.md:3: 2016-12-31T23:59:60Z is a leap second"]),
    },
    ImportRow {
        name: "month 13 in the file name",
        files: &[("2024-13-01-a.md", Text("+++\ntitle = \"A\"\n+++\n"))],
        outcome: Refused(&["2024-13-01-a.md:1: no date"]),
    },
    // Files too big, or no files at all.
    ImportRow {
        name: "a 50 MB file",
        files: &[("a.md", Made(fifty_megabytes))],
        outcome: Refused(&["a.md: is 50000", "bytes long; a file may be at most 1048576 bytes"]),
    },
    ImportRow {
        name: "a link to /dev/zero",
        files: &[("a.md", Link("/dev/zero"))],
        outcome: Refused(&["a.md: is not a regular file"]),
    },
    ImportRow {
        name: "a named pipe",
        files: &[("a.md", Fifo)],
        outcome: Refused(&["a.md: is not a regular file"]),
    },
    ImportRow {
        name: "a link to itself",
        files: &[("a.md", Link("a.md"))],
        outcome: Refused(&["a.md: cannot read: Too many levels of symbolic links"]),
    },
    // Bytes that are not text.
    ImportRow {
        name: "NUL in the body",
        files: &[(
            "a.md",
            Text("+++\ntitle = \"Nul\"\ndate = 2024-01-01\n+++\nbefore\0after\n"),
        )],
        outcome: Stored(&[
            page_a(&["before", "after"], &["\0"]),
            Page {
                path: "/feed.xml",
                status: 200,
                holds: &["before"],
                lacks: &["\0"],
            },
        ]),
    },
    ImportRow {
        name: "NUL in the title, escaped in TOML",
        files: &[("a.md", Text("+++\ntitle = \"a\\u0000b\"\ndate = 2024-01-01\n+++\n"))],
        outcome: Refused(&["a.md:2: `title` must be a single line without control characters"]),
    },
    ImportRow {
        name: "invalid UTF-8",
        files: &[("a.md", Bytes(b"+++\ntitle = \"x\xff\"\ndate = 2024-01-01\n+++\n"))],
        outcome: Refused(&["a.md:2: not valid UTF-8 (byte 14)"]),
    },
    ImportRow {
        name: "UTF-16 with its byte-order mark",
        files: &[("a.md", Bytes(b"\xff\xfe+\0+\0+\0\n\0"))],
        outcome: Refused(&["a.md:1: not valid UTF-8 (byte 0)"]),
    },
    ImportRow {
        name: "a UTF-8 byte-order mark and CRLF line ends",
        files: &[(
            "a.md",
            Bytes(b"\xef\xbb\xbf+++\r\ntitle = \"Crlf\"\r\ndate = 2024-01-01\r\n+++\r\nBody text.\r\n"),
        )],
        outcome: Stored(&[page_a(&["<h1>Crlf</h1>", "<p>Body text.</p>"], &["\r"])]),
    },
    ImportRow {
        name: "YAML with CRLF line ends",
        files: &[("a.md", Text("---\r\ntitle: Yaml Crlf\r\ndate: 2024-01-01\r\n---\r\nBody.\r\n"))],
        outcome: Stored(&[page_a(&["<h1>Yaml Crlf</h1>"], &[])]),
    },
    // Deeply nested Markdown: rendered in bounded time, text kept.
    ImportRow {
        name: "100,000 `>`",
        files: &[("a.md", Made(deep_quotes))],
        outcome: Stored(&[
            page_a(&["<blockquote>", "Deep down."], &[]),
            Page {
                path: "/feed.xml",
                status: 200,
                holds: &["Deep down."],
                lacks: &[],
            },
        ]),
    },
    ImportRow {
        name: "100,000 `[`",
        files: &[("a.md", Made(deep_brackets))],
        outcome: Stored(&[page_a(&["[[[[Deep down.]]]]"], &[])]),
    },
    ImportRow {
        name: "100,000 raw `<div>`",
        files: &[("a.md", Made(deep_divs))],
        outcome: Stored(&[page_a(&["&lt;div&gt;&lt;div&gt;", "Deep down."], &[])]),
    },
    ImportRow {
        name: "a list nested 700 deep",
        files: &[("a.md", Made(deep_list))],
        outcome: Stored(&[page_a(&["<ul>", "Deep down."], &[])]),
    },
    ImportRow {
        name: "50,000 nested `*_` emphasis",
        files: &[("a.md", Made(deep_emphasis))],
        outcome: Stored(&[page_a(&["<em>", "Deep down."], &[])]),
    },
    // Slugs.
    ImportRow {
        name: "two files with one slug",
        files: &[
            ("a.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nslug = \"same\"\n+++\n")),
            ("b.md", Text("+++\ntitle = \"B\"\ndate = 2024-01-01\nslug = \"same\"\n+++\n")),
        ],
        outcome: Refused(&["b.md: slug 'same' is already used by", "a.md"]),
    },
    ImportRow {
        name: "file names differing only in case",
        files: &[
            ("Hello.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n")),
            ("hello.md", Text("+++\ntitle = \"B\"\ndate = 2024-01-01\n+++\n")),
        ],
        outcome: Refused(&["hello.md: slug 'hello' is already used by", "Hello.md"]),
    },
    ImportRow {
        name: "file names in NFC and NFD",
        files: &[
            ("caf\u{e9}.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n")),
            ("cafe\u{301}.md", Text("+++\ntitle = \"B\"\ndate = 2024-01-01\n+++\n")),
        ],
        outcome: Refused(&["slug 'cafe' is already used by"]),
    },
    ImportRow {
        name: "category names in NFC and NFD are one category",
        files: &[
            (
                "a.md",
                Text("+++\ntitle = \"First\"\ndate = 2024-01-01\ncategories = [\"Caf\u{e9}\"]\n+++\n"),
            ),
            (
                "b.md",
                Text("+++\ntitle = \"Second\"\ndate = 2024-01-02\ncategories = [\"Cafe\u{301}\"]\n+++\n"),
            ),
        ],
        outcome: Stored(&[Page {
            path: "/categories/cafe/",
            status: 200,
            holds: &["First", "Second"],
            lacks: &[],
        }]),
    },
    ImportRow {
        name: "a slug with capitals",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nslug = \"Hello\"\n+++\n"))],
        outcome: Refused(&["a.md:4: `slug` \"Hello\" is not a valid slug", "(try \"hello\")"]),
    },
    ImportRow {
        name: "a slug with an accent",
        files: &[(
            "a.md",
            Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nslug = \"caf\u{e9}\"\n+++\n"),
        )],
        outcome: Refused(&["a.md:4: `slug` \"caf\u{e9}\" is not a valid slug", "(try \"cafe\")"]),
    },
    ImportRow {
        name: "the slug ../x",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nslug = \"../x\"\n+++\n"))],
        outcome: Refused(&["a.md:4: `slug` \"../x\" is not a valid slug: '.' at byte 0"]),
    },
    ImportRow {
        name: "the slug a/b",
        files: &[("a.md", Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nslug = \"a/b\"\n+++\n"))],
        outcome: Refused(&["a.md:4: `slug` \"a/b\" is not a valid slug: '/' at byte 1"]),
    },
    ImportRow {
        name: "the slug %2e%2e",
        files: &[(
            "a.md",
            Text("+++\ntitle = \"A\"\ndate = 2024-01-01\nslug = \"%2e%2e\"\n+++\n"),
        )],
        outcome: Refused(&["a.md:4: `slug` \"%2e%2e\" is not a valid slug: '%' at byte 0"]),
    },
    ImportRow {
        name: "a 101-byte slug",
        files: &[("a.md", Made(long_slug))],
        outcome: Refused(&["a slug is at most 100 bytes long, this one has 101"]),
    },
    // Next to nothing.
    ImportRow {
        name: "an empty file",
        files: &[("a.md", Text(""))],
        outcome: Refused(&["a.md: no title: add `title` to the front matter"]),
    },
    ImportRow {
        name: "empty front matter",
        files: &[("a.md", Text("+++\n+++\n"))],
        outcome: Refused(&["a.md:1: no title"]),
    },
    ImportRow {
        name: "front matter after a blank line is text",
        files: &[("a.md", Text("\n+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n"))],
        outcome: Refused(&["a.md: no title"]),
    },
    ImportRow {
        name: "only front matter",
        files: &[("a.md", Text("+++\ntitle = \"Only Front Matter\"\ndate = 2024-01-01\n+++\n"))],
        outcome: Stored(&[page_a(&["<h1>Only Front Matter</h1>"], &[])]),
    },
    ImportRow {
        name: "a good file beside a bad one stores neither",
        files: &[
            ("good.md", Text("+++\ntitle = \"Good\"\ndate = 2024-01-01\n+++\n")),
            ("bad.md", Text("+++\ntitle = \"Bad\"\ndate = \"never\"\n+++\n")),
        ],
        outcome: Refused(&["nothing was imported: 1 of 2 files rejected", "bad.md:3"]),
    },
];

fn five_megabyte_title() -> Vec<u8> {
    front("x".repeat(5_000_000).as_str(), "body\n")
}

fn long_title() -> Vec<u8> {
    front("x".repeat(400).as_str(), "")
}

fn many_keys() -> Vec<u8> {
    let keys: String = (0..60_000).map(|i| format!("k{i}: {i}\n")).collect();
    format!("---\ntitle: Many Keys\ndate: 2024-01-01\n{keys}---\nBody.\n").into_bytes()
}

fn deep_toml() -> Vec<u8> {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    format!("+++\ntitle = \"A\"\ndate = 2024-01-01\nx = {deep}\n+++\n").into_bytes()
}

fn deep_yaml() -> Vec<u8> {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    format!("---\ntitle: A\ndate: 2024-01-01\nx: {deep}\n---\n").into_bytes()
}

fn billion_laughs() -> Vec<u8> {
    let mut yaml = String::from(
        "---\ntitle: A\ndate: 2024-01-01\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (previous, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    yaml.push_str("---\nbody\n");
    yaml.into_bytes()
}

fn fifty_megabytes() -> Vec<u8> {
    let mut text = front("Fifty Megabytes", "");
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\n";
    while text.len() < 50_000_000 {
        text.extend_from_slice(paragraph.as_bytes());
    }
    text
}

fn deep_quotes() -> Vec<u8> {
    front("Quotes", &(">".repeat(100_000) + " Deep down.\n"))
}

fn deep_brackets() -> Vec<u8> {
    let body = "[".repeat(100_000) + "Deep down." + &"]".repeat(100_000) + "\n";
    front("Brackets", &body)
}

fn deep_divs() -> Vec<u8> {
    front("Divs", &("<div>".repeat(100_000) + "Deep down.\n"))
}

fn deep_list() -> Vec<u8> {
    let body: String = (0..700).map(|i| "  ".repeat(i) + "- level\n").collect();
    front("List", &(body + &"  ".repeat(700) + "- Deep down.\n"))
}

fn deep_emphasis() -> Vec<u8> {
    let body = "*_".repeat(50_000) + "Deep down." + &"_*".repeat(50_000) + "\n";
    front("Emphasis", &body)
}

fn long_slug() -> Vec<u8> {
    let slug = "a".repeat(101);
    format!("+++\ntitle = \"A\"\ndate = 2024-01-01\nslug = \"{slug}\"\n+++\n").into_bytes()
}

/// A file with TOML front matter: `title`, a date, then `body`.
fn front(title: &str, body: &str) -> Vec<u8> {
    format!("+++\ntitle = \"{title}\"\ndate = 2024-01-01\n+++\n{body}").into_bytes()
}

/// A database holding one article, `existing`, and a category, made once;
/// each row imports into a copy of it.
fn base_database(root: &Path) -> PathBuf {
    let dir = root.join("base-content");
    std::fs::create_dir_all(&dir).expect("creates a folder");
    std::fs::write(
        dir.join("existing.md"),
        "+++\ntitle = \"Existing\"\ndate = 2023-06-01\ncategories = [\"Old\"]\n+++\n\
         Written before any hostile file.\n",
    )
    .expect("writes");
    let db = root.join("base.db");
    let import = blog(&db, &["import", path_str(&dir)]);
    assert!(import.status.success(), "{}", stderr(&import));
    db
}

/// Every file `blog export` writes of `db`, by name.
fn export(db: &Path, into: &Path) -> BTreeMap<String, Vec<u8>> {
    let output = blog(db, &["export", path_str(into)]);
    assert!(output.status.success(), "export: {}", stderr(&output));
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(into).expect("lists the export") {
        let path = entry.expect("reads the export").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        files.insert(name, std::fs::read(&path).expect("reads an exported file"));
    }
    std::fs::remove_dir_all(into).expect("removes the export");
    files
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Writes a row's files into `dir`.
fn write_files(dir: &Path, files: &[(&str, File)]) {
    std::fs::create_dir_all(dir).expect("creates a folder");
    for (name, file) in files {
        let path = dir.join(name);
        match file {
            Text(text) => std::fs::write(&path, text),
            Bytes(bytes) => std::fs::write(&path, bytes),
            Made(make) => std::fs::write(&path, make()),
            Link(target) => std::os::unix::fs::symlink(target, &path),
            Fifo => {
                let status = Command::new("mkfifo").arg(&path).status();
                assert!(
                    status.is_ok_and(|s| s.success()),
                    "mkfifo {}",
                    path.display()
                );
                Ok(())
            }
        }
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

/// Runs `row` in `root`; what went wrong, if anything.
fn import_row(root: &Path, base: &Path, row: &ImportRow) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|e| format!("cannot create a folder: {e}"))?;
    let db = root.join("blog.db");
    std::fs::copy(base, &db).map_err(|e| format!("cannot copy the base database: {e}"))?;
    let before = export(&db, &root.join("before"));
    let dir = root.join("content");
    write_files(&dir, row.files);
    let started = Instant::now();
    let import = blog(&db, &["import", path_str(&dir)]);
    let took = started.elapsed();
    let (out, err) = (stdout(&import), stderr(&import));
    if err.contains("panicked") {
        return Err(format!("panicked: {err}"));
    }
    match &row.outcome {
        Refused(texts) => {
            if import.status.code() != Some(1) {
                return Err(format!("exit {:?}, not 1: {out}{err}", import.status));
            }
            if let Some(missing) = texts.iter().find(|t| !err.contains(*t)) {
                return Err(format!("stderr lacks {missing:?}: {err}"));
            }
            if took > REFUSAL_LIMIT {
                return Err(format!("took {took:?} to refuse"));
            }
            if export(&db, &root.join("after")) != before {
                return Err("the database changed".to_owned());
            }
            Ok(())
        }
        Stored(pages) => {
            if !import.status.success() {
                return Err(format!("refused: {err}"));
            }
            let server = Server::start(&["--db", path_str(&db), "--no-demo", "--log", "warn"], &[]);
            pages.iter().try_for_each(|page| check_page(&server, page))
        }
    }
}

/// Fetches `page` on a connection of its own; what is wrong with it.
fn check_page(server: &Server, page: &Page) -> Result<(), String> {
    let mut conn = server.connect();
    conn.send_request("GET", page.path, &[("Host", "test.example")])
        .map_err(|e| format!("{}: cannot send: {e}", page.path))?;
    let started = Instant::now();
    let reply = conn
        .read_reply("GET", PAGE_LIMIT)
        .map_err(|cut| format!("{}: no whole answer: {cut:?}", page.path))?;
    let took = started.elapsed();
    let body = &reply.body;
    if reply.status != page.status {
        return Err(format!("{}: status {}", page.path, reply.status));
    }
    if let Some(missing) = page.holds.iter().find(|t| !body.contains(*t)) {
        return Err(format!("{}: lacks {missing:?} (in {took:?})", page.path));
    }
    if let Some(found) = page.lacks.iter().find(|t| body.contains(*t)) {
        return Err(format!("{}: holds {found:?}", page.path));
    }
    Ok(())
}

#[test]
fn every_hostile_import_is_refused_clearly_or_stored_and_rendered_in_time() {
    assert!(IMPORTS.len() >= 40, "{} rows", IMPORTS.len());
    let root = tempfile::tempdir().expect("a temporary folder");
    let base = base_database(root.path());
    let mut failures = Vec::new();
    for (i, row) in IMPORTS.iter().enumerate() {
        let dir = root.path().join(format!("row-{i}"));
        if let Err(why) = import_row(&dir, &base, row) {
            failures.push(format!("{}: {why}", row.name));
        }
        // The 50 MB file and its like go at once.
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        IMPORTS.len(),
        failures.join("\n")
    );
}

#[test]
fn a_page_slower_than_the_header_timeout_still_gets_its_answer() {
    // The header timeout bounds a client's silence; hyper keeps reading
    // while a page is built, and that read once counted as silence: a
    // page slower than the header timeout had its connection cut.
    let root = tempfile::tempdir().expect("a temporary folder");
    let dir = root.path().join("content");
    let paragraph = "Lorem *ipsum* dolor [sit](https://example.org/) amet. ";
    let body = format!("{}\n\n", paragraph.repeat(4)).repeat(4_000);
    std::fs::create_dir_all(&dir).expect("creates a folder");
    std::fs::write(dir.join("a.md"), front("Long", &body)).expect("writes");
    let db = root.path().join("blog.db");
    let import = blog(&db, &["import", path_str(&dir)]);
    assert!(import.status.success(), "{}", stderr(&import));
    let server = Server::start(
        &[
            "--db",
            path_str(&db),
            "--no-demo",
            "--header-timeout",
            "100ms",
            "--log",
            "warn",
        ],
        &[],
    );
    let started = Instant::now();
    let page = Page {
        path: "/articles/a/",
        status: 200,
        holds: &["<h1>Long</h1>", "</html>"],
        lacks: &[],
    };
    check_page(&server, &page).unwrap_or_else(|why| panic!("{why}"));
    // Slower than the header timeout, or the test proves nothing.
    assert!(
        started.elapsed() > Duration::from_millis(100),
        "built in {:?}",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// The server, over a raw socket

/// What the connection does after the responses of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    /// The server closes it.
    Closed,
    /// It stays open for another request.
    Open,
}

/// One row: bytes sent on a new connection, the responses they get (status
/// and a text the body holds), and then nothing more: no response beyond
/// these ever arrives.
struct WireRow {
    name: &'static str,
    send: Wire,
    replies: &'static [(u16, &'static str)],
    then: Then,
}

/// The bytes of a row.
#[derive(Clone, Copy)]
enum Wire {
    /// Sent as they are.
    Raw(&'static [u8]),
    /// Made when the row runs.
    Made(fn() -> Vec<u8>),
}

/// A request for `/robots.txt`: pipelined after a hostile one, a response to
/// it would be a request smuggled through.
macro_rules! then_robots {
    ($head:literal) => {
        Wire::Raw(concat!($head, "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
    };
}

const ROBOTS: &str = "Sitemap:";
const NOT_FOUND: &str = "Page not found";
const BAD_HOST: &str = "a request needs one Host header";
const METHOD: &str = "405 Method Not Allowed";
const TOO_LARGE: &str = "413 Content Too Large";

const WIRE: &[WireRow] = &[
    // Over-long targets and heads.
    WireRow {
        name: "a 5,000-byte path",
        send: Wire::Made(|| request_line(&format!("/{}", "a".repeat(5_000)))),
        replies: &[(414, "414 URI Too Long")],
        then: Then::Open,
    },
    WireRow {
        name: "a query making the target 4,100 bytes",
        send: Wire::Made(|| request_line(&format!("/search/?q={}", "a".repeat(4_090)))),
        replies: &[(414, "414 URI Too Long")],
        then: Then::Open,
    },
    WireRow {
        name: "a 414 does not swallow the request after it",
        send: Wire::Made(|| {
            let mut bytes = request_line(&format!("/{}", "a".repeat(5_000)));
            bytes.extend_from_slice(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            bytes
        }),
        replies: &[(414, "414 URI Too Long"), (200, ROBOTS)],
        then: Then::Open,
    },
    WireRow {
        name: "a 9,000-byte path, past the head limit",
        send: Wire::Made(|| request_line(&format!("/{}", "a".repeat(9_000)))),
        replies: &[(431, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a 9,000-byte header",
        send: Wire::Made(|| {
            format!("GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\n\r\n", "a".repeat(9_000))
                .into_bytes()
        }),
        replies: &[(431, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "65 headers",
        send: Wire::Made(|| headers(64)),
        replies: &[(431, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "64 headers are fine",
        send: Wire::Made(|| headers(63)),
        replies: &[(200, ROBOTS)],
        then: Then::Open,
    },
    // Paths.
    WireRow {
        name: "bad percent-encoding",
        send: Wire::Raw(b"GET /articles/%zz/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(404, NOT_FOUND)],
        then: Then::Open,
    },
    WireRow {
        name: "encoded traversal out of the assets",
        send: Wire::Raw(b"GET /assets/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(404, NOT_FOUND)],
        then: Then::Open,
    },
    WireRow {
        name: "plain traversal out of the assets",
        send: Wire::Raw(b"GET /assets/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(404, NOT_FOUND)],
        then: Then::Open,
    },
    WireRow {
        name: "backslash traversal",
        send: Wire::Raw(b"GET /assets/..\\..\\Cargo.toml HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(404, NOT_FOUND)],
        then: Then::Open,
    },
    WireRow {
        name: "an encoded slash in a slug",
        send: Wire::Raw(b"GET /articles/a%2fb/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(404, NOT_FOUND)],
        then: Then::Open,
    },
    WireRow {
        name: "an encoded NUL in a slug",
        send: Wire::Raw(b"GET /articles/%00/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(404, NOT_FOUND)],
        then: Then::Open,
    },
    WireRow {
        name: "a NUL in the path",
        send: Wire::Raw(b"GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a control character in the path",
        send: Wire::Raw(b"GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "raw UTF-8 in the path",
        send: Wire::Raw("GET /articles/caf\u{e9}/ HTTP/1.1\r\nHost: x\r\n\r\n".as_bytes()),
        replies: &[(404, NOT_FOUND)],
        then: Then::Open,
    },
    WireRow {
        name: "a space in the path",
        send: Wire::Raw(b"GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    // Request smuggling: every ambiguous body is refused and the
    // connection closed, so the request hidden after it is never answered.
    WireRow {
        name: "Content-Length and Transfer-Encoding both",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        ),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    WireRow {
        name: "two different Content-Lengths",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n"
        ),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "two equal Content-Lengths of 0 frame one request each",
        send: then_robots!(
            "GET /robots.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n"
        ),
        replies: &[(200, ROBOTS), (200, ROBOTS)],
        then: Then::Open,
    },
    WireRow {
        name: "a negative Content-Length",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "Content-Length: +0",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: +0\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a 23-digit Content-Length",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n"
        ),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a space before the colon of Content-Length",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a space before the colon of Transfer-Encoding",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"
        ),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "an obs-fold header continuation",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a chunk size that is not hex",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
        ),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    WireRow {
        name: "a chunk size past 64 bits",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n"
        ),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    WireRow {
        name: "chunks with bare LF line ends",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n"
        ),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    WireRow {
        name: "Transfer-Encoding: chunked, identity",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"
        ),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "Transfer-Encoding: identity",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "Transfer-Encoding: xchunked",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "Transfer-Encoding: CHUNKED",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n"
        ),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    WireRow {
        name: "Transfer-Encoding: chunked, twice",
        send: then_robots!(
            "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        ),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    WireRow {
        name: "chunked in HTTP/1.0",
        send: then_robots!("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a GET whose body is a request",
        send: Wire::Raw(
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 38\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n",
        ),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    WireRow {
        name: "a request pipelined after a body we refuse",
        send: then_robots!("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"),
        replies: &[(405, METHOD)],
        then: Then::Closed,
    },
    WireRow {
        name: "a body longer than its Content-Length says",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhello"),
        replies: &[(413, TOO_LARGE)],
        then: Then::Closed,
    },
    // Malformed heads.
    WireRow {
        name: "a header line without a colon",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nGarbage\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a NUL in a header value",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a tab in a header name",
        send: then_robots!("GET / HTTP/1.1\r\nHost: x\r\nX\tA: 1\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "a bare CR in the request line",
        send: then_robots!("GET /robots.txt HTTP/1.1\rHost: x\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "two spaces after the method",
        send: then_robots!("GET  / HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "an HTTP/0.9 request line",
        send: Wire::Raw(b"GET /robots.txt\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "HTTP/2.0 in an HTTP/1 request line",
        send: Wire::Raw(b"GET /robots.txt HTTP/2.0\r\nHost: x\r\n\r\n"),
        replies: &[(400, "")],
        then: Then::Closed,
    },
    WireRow {
        name: "the HTTP/2 preface",
        send: Wire::Raw(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        replies: &[],
        then: Then::Closed,
    },
    // Hosts and versions.
    WireRow {
        name: "an absolute-form target names another host",
        send: Wire::Raw(b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(200, "</html>")],
        then: Then::Open,
    },
    WireRow {
        name: "no Host in HTTP/1.1",
        send: then_robots!("GET /robots.txt HTTP/1.1\r\n\r\n"),
        replies: &[(400, BAD_HOST), (200, ROBOTS)],
        then: Then::Open,
    },
    WireRow {
        name: "two Hosts",
        send: Wire::Raw(b"GET /robots.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        replies: &[(400, BAD_HOST)],
        then: Then::Open,
    },
    WireRow {
        name: "HTTP/1.0 without Host",
        send: Wire::Raw(b"GET /robots.txt HTTP/1.0\r\n\r\n"),
        replies: &[(200, ROBOTS)],
        then: Then::Closed,
    },
    WireRow {
        name: "LF line ends alone",
        send: Wire::Raw(b"GET /robots.txt HTTP/1.1\nHost: x\n\n"),
        replies: &[(200, ROBOTS)],
        then: Then::Open,
    },
    // Methods.
    WireRow {
        name: "CONNECT",
        send: Wire::Raw(b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n"),
        replies: &[(405, METHOD)],
        then: Then::Open,
    },
    WireRow {
        name: "TRACE",
        send: Wire::Raw(b"TRACE / HTTP/1.1\r\nHost: x\r\nX-Secret: 1\r\n\r\n"),
        replies: &[(405, METHOD)],
        then: Then::Open,
    },
    WireRow {
        name: "OPTIONS *",
        send: Wire::Raw(b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(405, METHOD)],
        then: Then::Open,
    },
    WireRow {
        name: "a lowercase get",
        send: Wire::Raw(b"get / HTTP/1.1\r\nHost: x\r\n\r\n"),
        replies: &[(405, METHOD)],
        then: Then::Open,
    },
    WireRow {
        name: "a 100-letter method",
        send: Wire::Made(|| {
            format!("{} / HTTP/1.1\r\nHost: x\r\n\r\n", "A".repeat(100)).into_bytes()
        }),
        replies: &[(405, METHOD)],
        then: Then::Open,
    },
];

/// `GET target` with a `Host`.
fn request_line(target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").into_bytes()
}

/// `GET /robots.txt` with a `Host` and `extra` more headers.
fn headers(extra: usize) -> Vec<u8> {
    let mut head = String::from("GET /robots.txt HTTP/1.1\r\nHost: x\r\n");
    for i in 0..extra {
        head.push_str(&format!("X-Header-{i}: {i}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// How long an open connection is watched for a response that must not come.
const QUIET: Duration = Duration::from_millis(500);

/// Sends `row` on a new connection to `server`; what went wrong, if anything.
fn wire_row(server: &Server, row: &WireRow) -> Result<(), String> {
    let mut conn = server.connect();
    let bytes = match row.send {
        Wire::Raw(bytes) => bytes.to_vec(),
        Wire::Made(make) => make(),
    };
    // A server that answers and closes before reading everything may reset
    // the rest of the send: what it answered still counts.
    let _ = conn.send(&bytes);
    for (i, (status, holds)) in row.replies.iter().enumerate() {
        let reply = conn
            .read_reply("GET", Duration::from_secs(10))
            .map_err(|cut| format!("response {}: none: {cut:?}", i + 1))?;
        if reply.status != *status {
            return Err(format!(
                "response {}: status {}, not {status}: {}",
                i + 1,
                reply.status,
                reply.body
            ));
        }
        if !reply.body.contains(holds) {
            return Err(format!("response {}: body lacks {holds:?}", i + 1));
        }
        for (name, value) in &reply.headers {
            if value.contains("evil.example") {
                return Err(format!("header {name} names the request's host: {value}"));
            }
        }
        if reply.body.contains("evil.example") {
            return Err("the body names the request's host".to_owned());
        }
    }
    let limit = match row.then {
        Then::Closed => Duration::from_secs(10),
        Then::Open => QUIET,
    };
    let (more, end) = conn.read_until_closed(limit);
    if !more.is_empty() {
        return Err(format!(
            "more than {} responses: {:?}",
            row.replies.len(),
            String::from_utf8_lossy(&more)
        ));
    }
    let closed = matches!(
        end,
        io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset
    );
    match (row.then, closed) {
        (Then::Closed, false) => Err(format!("not closed: {end:?}")),
        (Then::Open, true) => Err("closed".to_owned()),
        _ => Ok(()),
    }
}

#[test]
fn every_hostile_request_is_refused_and_nothing_is_smuggled_through() {
    assert!(WIRE.len() >= 40, "{} rows", WIRE.len());
    let root = tempfile::tempdir().expect("a temporary folder");
    let db = base_database(root.path());
    let server = Server::start(&["--db", path_str(&db), "--no-demo", "--log", "warn"], &[]);
    let failures: Vec<String> = WIRE
        .iter()
        .filter_map(|row| {
            wire_row(&server, row)
                .err()
                .map(|why| format!("{}: {why}", row.name))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        WIRE.len(),
        failures.join("\n")
    );
    // None of it hurt the server.
    let mut conn = server.connect();
    let home = conn.fetch("GET", "/articles/existing/", &[]);
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Written before any hostile file."));
}
