//! The progress bar of the long commands, `import` and `export`.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on standard error when it is a terminal; otherwise a
/// hidden one, so that scripts and logs get only the report lines.
pub(super) fn bar(len: usize, what: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    // ASCII only: indicatif is built without its unicode-width feature.
    if let Ok(style) = ProgressStyle::with_template("{msg:9} [{wide_bar}] {pos}/{len}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what);
    bar
}
