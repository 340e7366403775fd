//! Markdown fixtures rendered to sanitised HTML, pinned by snapshots of the
//! HTML and the table of contents: one per file in `tests/markdown/`.

use std::fmt::Write as _;

use blog_core::Markdown;
use blog_render::render_markdown;

#[test]
fn fixtures() {
    insta::glob!("markdown/*.md", |path| {
        let source = std::fs::read_to_string(path).expect("the fixture is readable");
        let rendered = render_markdown(&Markdown::new(source));
        let mut snapshot = rendered.html.into_string();
        if !rendered.toc.is_empty() {
            snapshot.push_str("\n---- table of contents ----\n");
            for entry in &rendered.toc {
                let indent = "  ".repeat(usize::from(entry.level.saturating_sub(2)));
                let line = format!("{indent}#{} {}", entry.id, entry.text);
                writeln!(snapshot, "{}", line.trim_end()).expect("writes to a String");
            }
        }
        insta::assert_snapshot!(snapshot);
    });
}
