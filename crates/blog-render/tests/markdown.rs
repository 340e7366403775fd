//! Markdown fixtures rendered to sanitised HTML, pinned by snapshots: one
//! per file in `tests/markdown/`.

use blog_core::Markdown;
use blog_render::markdown_to_html;

#[test]
fn fixtures() {
    insta::glob!("markdown/*.md", |path| {
        let source = std::fs::read_to_string(path).expect("the fixture is readable");
        insta::assert_snapshot!(markdown_to_html(&Markdown::new(source)).into_string());
    });
}
