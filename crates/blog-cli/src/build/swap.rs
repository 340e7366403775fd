//! Exchanging two folders in one step, where the system can.

use std::io;
use std::path::Path;

/// Exchanges the folders at `a` and `b` atomically: every reader sees one
/// or the other, never neither. `Ok(false)` when this system or filesystem
/// cannot, and nothing was done.
#[cfg(target_os = "linux")]
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // An old kernel (ENOSYS) or a filesystem without it (EINVAL).
        Err(Errno::NOSYS | Errno::INVAL | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Exchanges two folders atomically: no system call for it here, so
/// always `Ok(false)`.
#[cfg(not(target_os = "linux"))]
pub(crate) fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_folders_trade_places() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        for (folder, file) in [(&a, "in-a"), (&b, "in-b")] {
            std::fs::create_dir(folder).expect("creates");
            std::fs::write(folder.join(file), file).expect("writes");
        }
        if exchange(&a, &b).expect("no error") {
            assert!(a.join("in-b").is_file() && b.join("in-a").is_file());
            assert!(!a.join("in-a").exists() && !b.join("in-b").exists());
        } else {
            assert!(a.join("in-a").is_file() && b.join("in-b").is_file());
        }
        // A missing folder is an error, not "unsupported".
        assert!(exchange(&a, &dir.path().join("missing")).is_err());
    }
}
