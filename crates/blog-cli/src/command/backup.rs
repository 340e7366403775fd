//! `blog backup FILE`: a copy of the database, made while it is in use.

use std::io::Write;
use std::path::PathBuf;

use blog_store::{ExistingFile, SqliteStore};
use clap::Args;

/// What `blog backup` takes.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write the copy to, in a folder that exists.
    pub file: PathBuf,
    /// Replace FILE if it exists (once the copy is complete and checked).
    #[arg(long)]
    pub force: bool,
}

/// Copies the database of `store` to `args.file`, and says how much it
/// copied.
pub fn run(store: &SqliteStore, out: &mut dyn Write, args: &BackupArgs) -> anyhow::Result<()> {
    let file = args.file.as_path();
    let existing = if args.force {
        ExistingFile::Replace
    } else {
        ExistingFile::Refuse
    };
    // Said before copying, with the way out; the store refuses too, should
    // the file appear while it copies.
    if existing == ExistingFile::Refuse && file.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        anyhow::bail!(
            "{} exists already: pass --force to replace it",
            file.display()
        );
    }
    let report = store.backup(file, existing)?;
    writeln!(
        out,
        "backed up the database to {}: {} pages, {} bytes",
        file.display(),
        report.pages,
        report.bytes
    )?;
    Ok(())
}
