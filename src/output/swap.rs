//! Putting a finished staging folder in the place of the output, and cleaning up after builds
//! that were killed.
//!
//! Owns: the names of the folders beside the output (`.NAME.leerpad-new-PID`,
//! `.NAME.leerpad-old-PID`, `.NAME.leerpad-spare`, `.NAME.leerpad-unusable`), the swap
//! (one atomic exchange where the system has one: `renameat2(RENAME_EXCHANGE)` on Linux; two
//! renames elsewhere, repaired by the next run), and removing what dead builds left.
//! Does not: write files of the site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The folders beside one output folder.
pub struct Beside {
    pub out: PathBuf,
    pub parent: PathBuf,
    pub name: String,
}

impl Beside {
    pub fn new(out: &Path) -> Beside {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        Beside {
            out: out.to_path_buf(),
            parent,
            name,
        }
    }

    fn sibling(&self, kind: &str) -> PathBuf {
        self.parent.join(format!(".{}.leerpad-{kind}", self.name))
    }

    pub fn staging(&self) -> PathBuf {
        self.sibling(&format!("new-{}", std::process::id()))
    }

    pub fn spare(&self) -> PathBuf {
        self.sibling("spare")
    }

    pub fn unusable(&self) -> PathBuf {
        self.sibling("unusable")
    }

    fn old(&self) -> PathBuf {
        self.sibling(&format!("old-{}", std::process::id()))
    }

    /// Removes the staging and old folders of builds whose process is gone (killed, power
    /// cut), and a spare that could not be used. When the output itself is missing because a
    /// build died between the two renames of a swap, the replaced output comes back first.
    pub fn clean_up_after_dead_builds(&self) {
        let prefix = format!(".{}.leerpad-", self.name);
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return;
        };
        let mut dead: Vec<(String, PathBuf)> = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = file_name.strip_prefix(&prefix) else {
                continue;
            };
            let Some((kind, pid)) = rest.split_once('-') else {
                continue;
            };
            let Ok(pid) = pid.parse::<u32>() else {
                continue;
            };
            if matches!(kind, "new" | "old") && pid != std::process::id() && !is_alive(pid) {
                dead.push((kind.to_string(), entry.path()));
            }
        }
        if !self.out.exists() {
            // The replaced output of a swap that was cut in half: a dead build's old folder,
            // else the spare (the output that a swap keeps).
            let back = dead
                .iter()
                .position(|(kind, path)| kind == "old" && path.join(super::MARKER).is_file());
            if let Some(i) = back {
                let (_, path) = dead.remove(i);
                let _ = fs::rename(path, &self.out);
            } else if self.spare().join(super::MARKER).is_file() {
                let _ = fs::rename(self.spare(), &self.out);
            }
        }
        for (_, path) in dead {
            super::remove_tree_in_parallel(&path);
        }
        if self.unusable().exists() {
            let _ = fs::remove_dir_all(self.unusable());
        }
    }

    /// Puts `staging` in the place of the output; the output it replaces becomes the spare.
    /// When a spare is still there (another build made one meanwhile), the replaced output is
    /// removed.
    pub fn swap(&self, staging: &Path) -> Result<(), Error> {
        let out = &self.out;
        if !out.exists() {
            return fs::rename(staging, out).map_err(|e| Error::io(out, e));
        }
        let spare = self.spare();
        let keep = !spare.exists();
        let previous = if keep { spare } else { self.old() };
        if !keep {
            super::remove_if_exists(&previous)?;
        }
        match exchange(staging, out) {
            // One step: `out` is the new site, `staging` holds the old one.
            Ok(true) => {
                if fs::rename(staging, &previous).is_err() {
                    // The new site is in place; the old one is only lost as a spare.
                    super::remove_tree_in_parallel(staging);
                }
            }
            Ok(false) => {
                fs::rename(out, &previous).map_err(|e| Error::io(out, e))?;
                if let Err(e) = fs::rename(staging, out) {
                    // Put the old site back: nothing is lost.
                    let _ = fs::rename(&previous, out);
                    return Err(Error::io(out, e));
                }
            }
            Err(e) => return Err(Error::io(out, e)),
        }
        if !keep {
            super::remove_tree_in_parallel(&previous);
        }
        Ok(())
    }
}

/// Exchanges two folders in one step. `Ok(false)`: the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// True while a process with this id runs (or cannot be asked: then it is left alone).
#[cfg(unix)]
fn is_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn is_alive(_: u32) -> bool {
    true
}
