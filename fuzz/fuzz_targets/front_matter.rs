//! One source file's text through `blog_cli::source::parse_at`: the front
//! matter (TOML `+++` or YAML `---`), then every field's spellings.
//!
//! Properties, beyond "never panics":
//! - a rejection names a line of the file, if it names one;
//! - an accepted file gives an article whose times all pass `check_time`,
//!   whose categories and series agree with the names it lists, and which
//!   is a draft when the file is in a drafts folder;
//! - `blog_cli::export::article_file` writes that article as a file that
//!   parses back to the same article, and writes that one out byte for byte.
//!
//! Each input is read twice: named `2024-05-01-from-name.md` (a date and a
//! slug from the name), and nameless in a Jekyll `_drafts` folder.
#![no_main]

use blog_cli::export::article_file;
use blog_cli::source::{FileName, Parsed, SourcePath, check_time, parse, parse_at};
use blog_core::{Article, Status};
use blog_fuzz::{now, text};
use chrono::TimeDelta;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text(data);
    let paths = [
        SourcePath {
            name: FileName::from_stem("2024-05-01-from-name"),
            in_drafts: false,
        },
        SourcePath {
            name: FileName {
                slug: None,
                date: None,
            },
            in_drafts: true,
        },
    ];
    for path in &paths {
        match parse_at(&text, path, now()) {
            Ok(parsed) => check_accepted(&text, path, &parsed),
            Err(error) => {
                // The lines of the file: ended by LF, CRLF or a lone CR, a
                // last line without an end included.
                let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1;
                if let Some(line) = error.line {
                    assert!(
                        (1..=lines).contains(&line),
                        "line {line} of {lines}: {error}\n{text:?}"
                    );
                }
                assert!(!error.reason.is_empty(), "no reason\n{text:?}");
            }
        }
    }
});

fn check_accepted(text: &str, path: &SourcePath, parsed: &Parsed) {
    let a = &parsed.article;
    let times = [Some(a.published_at), Some(a.created_at), Some(a.updated_at)];
    for time in times.into_iter().chain([a.expires_at]).flatten() {
        assert_eq!(check_time(time), Ok(()), "{text:?}");
    }
    let named: Vec<_> = parsed.categories.iter().map(|(s, _)| s.clone()).collect();
    assert_eq!(a.categories, named, "{text:?}");
    assert_eq!(
        a.series.as_ref().map(|m| &m.series),
        parsed.series.as_ref().map(|(s, _)| s),
        "{text:?}"
    );
    if path.in_drafts {
        assert_eq!(a.status, Status::Draft, "{text:?}");
    }
    check_reads_back(a);
}

/// `a`'s exported file reads back to `a` (up to the body's final newlines,
/// which the file format ends with exactly one of) and writes out again
/// byte for byte, whatever "now" the second reading has.
fn check_reads_back(a: &Article) {
    let file = article_file(a);
    let nameless = FileName {
        slug: None,
        date: None,
    };
    let later = now() + TimeDelta::days(1);
    let mut back = match parse(&file, &nameless, later) {
        Ok(parsed) => parsed.article,
        Err(e) => panic!("the export does not read back: {e}\n{file}\nfrom {a:#?}"),
    };
    assert_eq!(
        back.body.as_str().trim_end_matches('\n'),
        a.body.as_str().trim_end_matches('\n'),
        "{file}"
    );
    back.body = a.body.clone();
    assert_eq!(
        &back, a,
        "the export reads back to another article:\n{file}"
    );
    assert_eq!(article_file(&back), file, "the export is not stable");
}
