//! The output folder: what a build compares its files with, the staging
//! folder it writes into beside it when anything differs, and the swap that
//! puts the staging folder in its place.
//!
//! Nothing is ever written inside the output folder itself. A file equal
//! to the one already there is only noted; the first file that differs
//! creates the staging folder (a sibling, so on the same filesystem) and
//! is written there, as is every later one that differs. At the end, files
//! of the folder that the build did not produce are stale; if nothing
//! differed and nothing is stale, the build leaves no trace. Otherwise the
//! unchanged files are hard-linked from the output folder into the staging
//! folder (the same inodes: nothing rewritten), and the two folders are
//! exchanged in one `renameat2(RENAME_EXCHANGE)` on Linux, or two renames
//! elsewhere; then the old tree is removed. Until the swap, a failure (or
//! a drop) removes the staging folder and leaves the output folder as it
//! was.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use super::BuildError;

/// The files a non-empty output folder must hold to be replaced: those
/// every build writes, so that `blog build .` or a folder of other files is
/// refused rather than replaced.
pub(crate) const EARLIER_BUILD: [&str; 2] = ["404.html", "sitemap.xml"];

/// What writing one file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Put {
    /// The output folder has the same bytes at that path.
    Unchanged,
    /// It differed, or was missing: written into the staging folder.
    Written,
}

/// How the build ended for the folder.
#[derive(Debug, Default)]
pub(crate) struct Finished {
    /// Files of the old folder that the build did not produce, removed
    /// with it (folders not counted).
    pub(crate) removed: u64,
    /// Whether the output folder was replaced (false: nothing differed).
    pub(crate) replaced: bool,
    /// The old tree, if it could not be removed after the swap, and why.
    pub(crate) left_behind: Option<(PathBuf, io::Error)>,
}

/// The output folder of one build.
pub(crate) struct Folder {
    /// The output folder, as an absolute path.
    out: PathBuf,
    /// Whether it existed when the build started.
    existed: bool,
    /// Where the staging folder goes: beside `out`, named after it.
    staging: PathBuf,
    /// Set once the staging folder exists.
    created: OnceLock<()>,
    /// Held while the staging folder is being created.
    creating: Mutex<()>,
    /// Set once the staging folder took the output folder's place.
    swapped: OnceLock<()>,
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> BuildError {
    let path = path.to_owned();
    move |source| BuildError::Io {
        action,
        path,
        source,
    }
}

impl Folder {
    /// The output folder `out`, which may not exist yet. Refuses a path
    /// that is not a folder, a non-empty folder that holds no earlier
    /// build, and a folder that holds one of `protected` (the database,
    /// say), which replacing it would delete.
    pub(crate) fn open(out: &Path, protected: &[PathBuf]) -> Result<Folder, BuildError> {
        let mut out = std::path::absolute(out).map_err(io_error("find", out))?;
        // A symbolic link to the site (`public -> /srv/www/blog`): the folder
        // it names is the one replaced, the link stays.
        if fs::symlink_metadata(&out).is_ok_and(|meta| meta.file_type().is_symlink()) {
            out = fs::canonicalize(&out).map_err(io_error("follow", &out))?;
        }
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(BuildError::NotAnOutput {
                path: out,
                reason: "it is the root of the filesystem",
            });
        };
        let existed = match fs::metadata(&out) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => {
                return Err(BuildError::NotAnOutput {
                    path: out,
                    reason: "it is not a folder",
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(io_error("read", &out)(e)),
        };
        if existed {
            let mut entries = fs::read_dir(&out).map_err(io_error("read", &out))?;
            let empty = entries.next().is_none();
            if !empty && !EARLIER_BUILD.iter().all(|f| out.join(f).is_file()) {
                return Err(BuildError::NotAnOutput {
                    path: out,
                    reason: "it is not empty and holds no earlier build (no 404.html and \
                             sitemap.xml), so replacing it could delete other files; \
                             remove it or choose another folder",
                });
            }
            let real = fs::canonicalize(&out).map_err(io_error("find", &out))?;
            for kept in protected {
                if fs::canonicalize(kept).is_ok_and(|kept| kept.starts_with(&real)) {
                    return Err(BuildError::NotAnOutput {
                        path: out,
                        reason: "it holds the database, which replacing it would delete",
                    });
                }
            }
        }
        let mut staging_name = std::ffi::OsString::from(".");
        staging_name.push(name);
        staging_name.push(format!(".building-{}", std::process::id()));
        Ok(Folder {
            staging: parent.join(staging_name),
            out,
            existed,
            created: OnceLock::new(),
            creating: Mutex::new(()),
            swapped: OnceLock::new(),
        })
    }

    /// The output folder.
    pub(crate) fn path(&self) -> &Path {
        &self.out
    }

    /// Writes `bytes` at `file` (relative, `/`-separated), unless the
    /// output folder has them there already. Called from many threads.
    pub(crate) fn put(&self, file: &str, bytes: &[u8]) -> Result<Put, BuildError> {
        if self.existed {
            let old = self.out.join(file);
            if same(&old, bytes).map_err(io_error("read", &old))? {
                return Ok(Put::Unchanged);
            }
        }
        let staging = self.staging()?;
        let path = staging.join(file);
        create_parent(&path)?;
        fs::write(&path, bytes).map_err(io_error("write", &path))?;
        Ok(Put::Written)
    }

    /// The staging folder, created at the first call, with the output
    /// folder's permissions (or the umask's, for a new one).
    fn staging(&self) -> Result<&Path, BuildError> {
        if self.created.get().is_some() {
            return Ok(&self.staging);
        }
        let _creating = self.creating.lock().unwrap_or_else(PoisonError::into_inner);
        if self.created.get().is_some() {
            return Ok(&self.staging);
        }
        let create = |path: &Path| fs::DirBuilder::new().create(path);
        match create(&self.staging) {
            // A build of this process id that was killed left it.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                fs::remove_dir_all(&self.staging)
                    .and_then(|()| create(&self.staging))
                    .map_err(io_error("create the staging folder", &self.staging))?;
            }
            other => other.map_err(io_error("create the staging folder", &self.staging))?,
        }
        // From here on, dropping the folder removes the staging folder.
        let _ = self.created.set(());
        if self.existed {
            let permissions = fs::metadata(&self.out)
                .map_err(io_error("read", &self.out))?
                .permissions();
            fs::set_permissions(&self.staging, permissions)
                .map_err(io_error("set the permissions of", &self.staging))?;
        }
        Ok(&self.staging)
    }

    /// Ends the build that produced `files` (each once), of which
    /// `unchanged` were already in the output folder: if anything differs,
    /// links the unchanged files into the staging folder and swaps it in.
    /// `go_on` is asked before anything irreversible; false stops the
    /// build with [`BuildError::Interrupted`].
    pub(crate) fn finish(
        &self,
        files: &HashSet<&str>,
        unchanged: &[&str],
        go_on: &dyn Fn() -> bool,
    ) -> Result<Finished, BuildError> {
        let stale = if self.existed {
            stale(&self.out, files)?
        } else {
            Stale::default()
        };
        let differs = self.created.get().is_some() || !self.existed || stale.any;
        if !differs {
            return Ok(Finished::default());
        }
        let staging = self.staging()?.to_owned();
        for file in unchanged {
            if !go_on() {
                return Err(BuildError::Interrupted);
            }
            let (from, to) = (self.out.join(file), staging.join(file));
            create_parent(&to)?;
            // Hard links keep the inodes; a filesystem without them gets
            // copies.
            if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to).map_err(io_error("copy", &from))?;
            }
        }
        if !go_on() {
            return Err(BuildError::Interrupted);
        }
        let left_behind = self.swap()?;
        Ok(Finished {
            removed: stale.files,
            replaced: true,
            left_behind,
        })
    }

    /// Puts the staging folder in the output folder's place, then removes
    /// the old tree; returns the old tree if it could not be removed.
    fn swap(&self) -> Result<Option<(PathBuf, io::Error)>, BuildError> {
        let swap_error = io_error("replace", &self.out);
        if !self.existed {
            fs::rename(&self.staging, &self.out).map_err(swap_error)?;
            let _ = self.swapped.set(());
            return Ok(None);
        }
        let old = if super::swap::exchange(&self.staging, &self.out).map_err(swap_error)? {
            // The old tree is where the staging folder was.
            self.staging.clone()
        } else {
            let mut name = self.staging.clone().into_os_string();
            name.push(".old");
            let old = PathBuf::from(name);
            fs::rename(&self.out, &old).map_err(io_error("move away", &self.out))?;
            if let Err(e) = fs::rename(&self.staging, &self.out) {
                // Put the old site back before reporting.
                let _ = fs::rename(&old, &self.out);
                return Err(io_error("replace", &self.out)(e));
            }
            old
        };
        let _ = self.swapped.set(());
        Ok(fs::remove_dir_all(&old).err().map(|e| (old, e)))
    }
}

impl Drop for Folder {
    /// Removes the staging folder of a build that did not swap it in.
    fn drop(&mut self) {
        if self.created.get().is_some() && self.swapped.get().is_none() {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Whether the regular file at `path` holds exactly `bytes`; false if there
/// is none (or something else is there).
fn same(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {}
        Ok(_) => return Ok(false),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(false);
        }
        Err(e) => return Err(e),
    }
    Ok(fs::read(path)? == bytes)
}

fn create_parent(path: &Path) -> Result<(), BuildError> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent).map_err(io_error("create", parent)),
        None => Ok(()),
    }
}

/// What the output folder holds that a build did not produce.
#[derive(Debug, Default)]
struct Stale {
    /// Whether there is anything: a file, or a folder with no file the
    /// build produced.
    any: bool,
    /// How many files (anything but a folder).
    files: u64,
}

/// What `out` holds besides `files` and their folders.
fn stale(out: &Path, files: &HashSet<&str>) -> Result<Stale, BuildError> {
    let mut folders: HashSet<&str> = HashSet::new();
    for file in files {
        let mut rest = *file;
        while let Some((folder, _)) = rest.rsplit_once('/') {
            if !folders.insert(folder) {
                break;
            }
            rest = folder;
        }
    }
    let mut found = Stale::default();
    let mut pending = vec![(out.to_owned(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(io_error("read", &dir))? {
            let entry = entry.map_err(io_error("read", &dir))?;
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let is_dir = entry
                .file_type()
                .map_err(io_error("read", &entry.path()))?
                .is_dir();
            match (
                is_dir,
                folders.contains(rel.as_str()),
                files.contains(rel.as_str()),
            ) {
                (true, true, _) => pending.push((entry.path(), format!("{rel}/"))),
                (false, _, true) => {}
                (true, false, _) => {
                    found.any = true;
                    found.files += count_files(&entry.path())?;
                }
                (false, _, false) => {
                    found.any = true;
                    found.files += 1;
                }
            }
        }
    }
    Ok(found)
}

/// How many entries other than folders are under `dir`.
fn count_files(dir: &Path) -> Result<u64, BuildError> {
    let mut count = 0;
    for entry in fs::read_dir(dir).map_err(io_error("read", dir))? {
        let entry = entry.map_err(io_error("read", dir))?;
        if entry
            .file_type()
            .map_err(io_error("read", &entry.path()))?
            .is_dir()
        {
            count += count_files(&entry.path())?;
        } else {
            count += 1;
        }
    }
    Ok(count)
}

// Inodes and symbolic links: Unix.
#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A temporary folder; the output folder is `public` in it.
    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        (dir, out)
    }

    /// What `dir` holds besides the output folder (a staging folder left
    /// behind, say).
    fn strays(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("reads")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name != "public")
            .collect();
        names.sort();
        names
    }

    /// A build of `files` into `out`: what each put did, and how it ended.
    fn build(
        out: &Path,
        files: &[(&str, &str)],
        go_on: bool,
    ) -> Result<(Vec<Put>, Finished), BuildError> {
        let folder = Folder::open(out, &[])?;
        let mut puts = Vec::new();
        let mut unchanged = Vec::new();
        for (file, text) in files {
            let put = folder.put(file, text.as_bytes())?;
            if put == Put::Unchanged {
                unchanged.push(*file);
            }
            puts.push(put);
        }
        let all: HashSet<&str> = files.iter().map(|(file, _)| *file).collect();
        let finished = folder.finish(&all, &unchanged, &|| go_on)?;
        Ok((puts, finished))
    }

    const SITE: &[(&str, &str)] = &[
        ("index.html", "home"),
        ("404.html", "not found"),
        ("sitemap.xml", "<urlset/>"),
        ("articles/a/index.html", "a"),
        ("articles/b/index.html", "b"),
    ];

    fn read(out: &Path, file: &str) -> String {
        fs::read_to_string(out.join(file)).expect("reads")
    }

    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt as _;
        fs::metadata(path).expect("metadata").ino()
    }

    #[test]
    fn a_new_folder_then_no_change_then_one() {
        let (dir, out) = setup();
        let (puts, finished) = build(&out, SITE, true).expect("builds");
        assert!(puts.iter().all(|&p| p == Put::Written));
        assert!(finished.replaced);
        assert_eq!(read(&out, "articles/b/index.html"), "b");
        assert_eq!(strays(dir.path()), Vec::<String>::new());

        let folder_inode = inode(&out);
        let (puts, finished) = build(&out, SITE, true).expect("builds");
        assert!(puts.iter().all(|&p| p == Put::Unchanged));
        assert!(!finished.replaced);
        assert_eq!(inode(&out), folder_inode, "the folder was not replaced");
        assert_eq!(strays(dir.path()), Vec::<String>::new());

        let a = inode(&out.join("articles/a/index.html"));
        let mut changed = SITE.to_vec();
        changed[4] = ("articles/b/index.html", "b, again");
        let (_, finished) = build(&out, &changed, true).expect("builds");
        assert!(finished.replaced && finished.removed == 0);
        assert_ne!(inode(&out), folder_inode);
        assert_eq!(read(&out, "articles/b/index.html"), "b, again");
        assert_eq!(inode(&out.join("articles/a/index.html")), a, "hard-linked");
        assert_eq!(strays(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn stale_files_and_folders_are_removed() {
        let (dir, out) = setup();
        build(&out, SITE, true).expect("builds");
        fs::write(out.join("articles/stray.txt"), "x").expect("writes");
        fs::create_dir_all(out.join("old/empty")).expect("creates");
        fs::write(out.join("old/gone.html"), "x").expect("writes");
        let (_, finished) = build(&out, SITE, true).expect("builds");
        assert_eq!(finished.removed, 2);
        assert!(!out.join("old").exists() && !out.join("articles/stray.txt").exists());
        // An empty folder alone differs too.
        fs::create_dir(out.join("empty")).expect("creates");
        let (_, finished) = build(&out, SITE, true).expect("builds");
        assert!(finished.replaced);
        assert!(!out.join("empty").exists());
        assert_eq!(strays(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn a_build_that_stops_leaves_the_folder_as_it_was() {
        let (dir, out) = setup();
        build(&out, SITE, true).expect("builds");
        let mut changed = SITE.to_vec();
        changed[0] = ("index.html", "new home");
        assert!(matches!(
            build(&out, &changed, false),
            Err(BuildError::Interrupted)
        ));
        assert_eq!(read(&out, "index.html"), "home");
        assert_eq!(strays(dir.path()), Vec::<String>::new());
        // Dropped after writing, without finishing (an error elsewhere).
        let folder = Folder::open(&out, &[]).expect("opens");
        assert_eq!(
            folder.put("index.html", b"other").expect("puts"),
            Put::Written
        );
        assert_eq!(strays(dir.path()).len(), 1, "a staging folder");
        drop(folder);
        assert_eq!(read(&out, "index.html"), "home");
        assert_eq!(strays(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn what_cannot_be_an_output_folder() {
        let (dir, out) = setup();
        let refused = |path: &Path, protected: &[PathBuf]| match Folder::open(path, protected) {
            Err(BuildError::NotAnOutput { reason, .. }) => reason,
            other => panic!(
                "{path:?} accepted: {:?}",
                other.map(|f| f.path().to_owned())
            ),
        };
        fs::write(&out, "a file").expect("writes");
        assert_eq!(refused(&out, &[]), "it is not a folder");
        fs::remove_file(&out).expect("removes");
        fs::create_dir(&out).expect("creates");
        fs::write(out.join("notes.txt"), "mine").expect("writes");
        assert!(refused(&out, &[]).contains("holds no earlier build"));
        build(&dir.path().join("site"), SITE, true).expect("builds");
        let db = dir.path().join("site/blog.db");
        fs::write(&db, "").expect("writes");
        assert!(refused(&dir.path().join("site"), &[db]).contains("holds the database"));
        assert_eq!(
            refused(Path::new("/"), &[]),
            "it is the root of the filesystem"
        );
        // Empty, or missing: fine.
        fs::remove_file(out.join("notes.txt")).expect("removes");
        assert!(Folder::open(&out, &[]).is_ok());
        assert!(Folder::open(&dir.path().join("missing"), &[]).is_ok());
    }

    #[test]
    fn a_link_to_the_folder_stays_a_link() {
        let (dir, out) = setup();
        let real = dir.path().join("real");
        build(&real, SITE, true).expect("builds");
        std::os::unix::fs::symlink(&real, &out).expect("links");
        let mut changed = SITE.to_vec();
        changed[0] = ("index.html", "new home");
        build(&out, &changed, true).expect("builds");
        assert!(
            fs::symlink_metadata(&out)
                .expect("exists")
                .file_type()
                .is_symlink()
        );
        assert_eq!(read(&real, "index.html"), "new home");
        assert_eq!(strays(dir.path()), ["real"]);
    }
}
