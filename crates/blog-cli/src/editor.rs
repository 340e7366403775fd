//! Running the user's editor on a text: `$VISUAL`, else `$EDITOR`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;

/// A text being edited in a file that outlives a failed edit, so that the
/// writer's work is never lost.
#[derive(Debug)]
pub struct Draft {
    path: PathBuf,
}

impl Draft {
    /// Writes `text` to a new file named after `name` in the temporary
    /// folder: created anew (never through a planted link) and readable by
    /// its owner only, since drafts are private.
    pub fn create(name: &str, text: &str) -> anyhow::Result<Self> {
        let folder = std::env::temp_dir();
        let cannot = || format!("cannot write a file in {}", folder.display());
        let mut file = tempfile::Builder::new()
            .prefix(&format!("blog-{name}-"))
            .suffix(".md")
            .tempfile_in(&folder)
            .with_context(cannot)?;
        file.write_all(text.as_bytes()).with_context(cannot)?;
        let (_, path) = file.keep().with_context(cannot)?;
        Ok(Self { path })
    }

    /// Where the text is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens the file in `editor` (a shell command line such as `code --wait`)
    /// and returns the text saved when it exits.
    pub fn edit(&self, editor: &str) -> anyhow::Result<String> {
        // Through the shell, as git does, so that EDITOR may hold arguments.
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("sh")
            .arg(&self.path)
            .status()
            .with_context(|| format!("cannot start the editor {editor:?}"))?;
        if !status.success() {
            anyhow::bail!(
                "the editor {editor:?} failed ({status}); nothing was stored, your text is in {}",
                self.path.display()
            );
        }
        std::fs::read_to_string(&self.path)
            .with_context(|| format!("cannot read back {}", self.path.display()))
    }

    /// Removes the file, once its text is stored.
    pub fn discard(self) {
        // Only a leftover temporary file is at stake.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The editor to use: `$VISUAL`, else `$EDITOR`, if set and not blank.
pub fn configured() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(|var| std::env::var(var).ok())
        .find(|e| !e.trim().is_empty())
}
