//! The one door to the site's files on disk: every input file and folder is read through here.
//!
//! Owns: keeping reads inside the site's inputs (a symbolic link may point into an input
//! folder or file of the site, never outside the root, and never to the root itself, the output
//! folder or anything else of the site that is not an input), refusing anything that is not a regular file or folder (named pipes,
//! devices, sockets are never opened, so they cannot hang a build), the largest file leerpad
//! reads, and the sorted walk of a folder.
//! Does not: know what the files mean, or write anything (see `output`).

use std::cell::RefCell;
use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, Location};

/// The largest file leerpad reads. A lesson is a few pages of text; a file this big is a
/// mistake (a pasted export, a wrong file), and refusing it keeps a build fast.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The folders a build reads. Links may lead into them (and to `INPUT_FILES`), nowhere else:
/// a link to the output folder would publish the last build inside the next one, a link to the
/// root would read the whole site (its output, `.git`) as lessons or static files.
pub const INPUT_FOLDERS: &[&str] = &[
    crate::content::CONTENT_DIR,
    crate::theme::SITE_I18N_DIR,
    "static",
    "templates",
    "themes",
];

/// The files a build reads at the top of the site.
pub const INPUT_FILES: &[&str] = &[
    crate::config::CONFIG_FILE,
    crate::partners::PARTNERS_FILE,
    crate::places::PLACES_FILE,
];

/// The site's folder: the path as given (for reading) and as resolved (to check links against),
/// and the resolved inputs inside it that a link may lead to.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    given: PathBuf,
    real: PathBuf,
    inputs: Vec<PathBuf>,
}

/// A file found by `walk`, with its path relative to the root.
#[derive(Debug, Clone)]
pub struct Found {
    pub relative: PathBuf,
    pub is_dir: bool,
}

/// A file's size and times (and on Unix its inode), links followed: when all are the same,
/// `serve` takes the file as unchanged without reading it (see `content::ReadCache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// The last change of the file or its metadata (Unix; else the modification time).
    changed: Option<std::time::SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            let changed = u64::try_from(meta.ctime()).ok().and_then(|secs| {
                let nanos = u32::try_from(meta.ctime_nsec()).ok()?;
                std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(secs, nanos))
            });
            (changed, meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (meta.modified().ok(), 0);
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
            inode,
        }
    }

    /// True when the file was last changed well before `moment`. File times tick coarsely
    /// (a few ms, or seconds on some file systems): a file changed shortly before it was read
    /// may change again within the same tick, and only a file that had settled by then can be
    /// told unchanged by its stamp (git's "racily clean" files).
    pub fn settled_before(&self, moment: std::time::SystemTime) -> bool {
        let margin = std::time::Duration::from_secs(3);
        let settled = |t: Option<std::time::SystemTime>| t.is_some_and(|t| t + margin < moment);
        settled(self.modified) && settled(self.changed)
    }
}

impl SiteRoot {
    pub fn new(root: &Path) -> SiteRoot {
        let real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        // An input that is itself a link counts where it leads, unless that is the root or
        // above it (then everything would count as input).
        let inputs = INPUT_FOLDERS
            .iter()
            .chain(INPUT_FILES)
            .map(|name| {
                let joined = root.join(name);
                joined.canonicalize().unwrap_or(joined)
            })
            .filter(|input| !real.starts_with(input))
            .collect();
        SiteRoot {
            given: root.to_path_buf(),
            real,
            inputs,
        }
    }

    pub fn path(&self) -> &Path {
        &self.given
    }

    /// The `Stamp` of the file at `relative` (links followed), for a file `walk` found.
    pub fn stamp(&self, relative: &Path) -> Option<Stamp> {
        fs::metadata(self.given.join(relative))
            .ok()
            .map(|meta| Stamp::of(&meta))
    }

    /// What `relative` is once links are followed: `Ok(None)` when nothing is there, a located
    /// error when it leads outside the root or to something that is not a file or folder.
    pub fn kind(&self, relative: &Path) -> Result<Option<bool>, Error> {
        let full = self.given.join(relative);
        match fs::symlink_metadata(&full) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(relative, e)),
            Ok(_) => {}
        }
        let real = self.confine(relative, &full)?;
        let meta = fs::metadata(&real).map_err(|e| Error::io(relative, e))?;
        check_type(relative, meta.file_type())?;
        Ok(Some(meta.is_dir()))
    }

    /// Reads the file at `relative`, or `Ok(None)` when there is none.
    pub fn read_optional(&self, relative: &Path) -> Result<Option<Vec<u8>>, Error> {
        match self.kind(relative)? {
            None => Ok(None),
            Some(true) => Err(Error::invalid(
                Location::file(relative),
                "this is a folder, but it must be a file",
            )),
            Some(false) => self.read(relative).map(Some),
        }
    }

    /// Reads the regular file at `relative` (inside the root, at most `MAX_FILE_BYTES`).
    pub fn read(&self, relative: &Path) -> Result<Vec<u8>, Error> {
        let full = self.given.join(relative);
        let real = self.confine(relative, &full)?;
        let file = open_without_blocking(&real).map_err(|e| Error::io(relative, e))?;
        let meta = file.metadata().map_err(|e| Error::io(relative, e))?;
        check_type(relative, meta.file_type())?;
        if meta.is_dir() {
            return Err(Error::invalid(
                Location::file(relative),
                "this is a folder, but it must be a file",
            ));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large(relative, meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        // The file may grow while it is read: never read more than the bound.
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(relative, e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(relative, bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// Every file and folder under `dir` (relative to the root), sorted by name, links inside
    /// the root followed. Entries for which `skip` is true are left out with all they hold.
    /// Problems (links out of the root, special files, loops) are returned, not fatal.
    pub fn walk(&self, dir: &Path, skip: impl Fn(&std::ffi::OsStr) -> bool) -> Walked {
        let mut walked = Walked::default();
        match self.kind(dir) {
            Ok(Some(true)) => {}
            Ok(_) => return walked,
            Err(error) => {
                walked.errors.push(error);
                return walked;
            }
        }
        let full = self.given.join(dir);
        let errors = RefCell::new(Vec::new());
        let links = std::cell::Cell::new(false);
        let iter = WalkDir::new(&full)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() > 0 && skip(entry.file_name()) {
                    return false;
                }
                let relative = self.relative(entry.path());
                let checked = if entry.path_is_symlink() {
                    links.set(true);
                    self.confine(&relative, entry.path())
                        .and_then(|real| refuse_loop(&relative, entry.path(), &real))
                } else {
                    Ok(())
                }
                .and_then(|()| check_type(&relative, entry.file_type()));
                checked.map_err(|e| errors.borrow_mut().push(e)).is_ok()
            });
        for entry in iter {
            match entry {
                Ok(entry) if entry.depth() > 0 => walked.found.push(Found {
                    relative: self.relative(entry.path()),
                    is_dir: entry.file_type().is_dir(),
                }),
                Ok(_) => {}
                Err(error) => errors.borrow_mut().push(walk_error(&self.given, error)),
            }
        }
        walked.errors = errors.into_inner();
        walked.links = links.get();
        walked
    }

    fn relative(&self, full: &Path) -> PathBuf {
        full.strip_prefix(&self.given).unwrap_or(full).to_path_buf()
    }

    /// The real path of `full`, which must lie inside one of the site's inputs.
    fn confine(&self, relative: &Path, full: &Path) -> Result<PathBuf, Error> {
        let real = full
            .canonicalize()
            .map_err(|e| dangling(relative, full).unwrap_or_else(|| Error::io(relative, e)))?;
        if !real.starts_with(&self.real) {
            return Err(Error::invalid(
                Location::file(relative),
                "this leads outside the site folder (a symbolic link or \"..\"); leerpad reads \
                 nothing outside it: copy the file into the site instead",
            ));
        }
        if self.inputs.iter().any(|input| real.starts_with(input)) {
            return Ok(real);
        }
        let target = real.strip_prefix(&self.real).unwrap_or(&real);
        let target = match crate::error::display_path(target) {
            t if t.is_empty() => "the site folder itself".to_string(),
            t => format!("\"{t}\""),
        };
        Err(Error::invalid(
            Location::file(relative),
            format!(
                "this symbolic link leads to {target}, which is not an input of the site; links \
                 may lead only into {}/ or to {}: copy the file there instead",
                INPUT_FOLDERS.join("/, "),
                INPUT_FILES.join(", ")
            ),
        ))
    }
}

/// A link to a folder that holds it would be walked without end: an error at the link itself,
/// before anything below it is read.
fn refuse_loop(relative: &Path, link: &Path, real: &Path) -> Result<(), Error> {
    let holder = link.parent().and_then(|p| p.canonicalize().ok());
    if real.is_dir() && holder.is_some_and(|holder| holder.starts_with(real)) {
        return Err(Error::invalid(
            Location::file(relative),
            "this symbolic link points back into a folder above it (a loop); remove the link",
        ));
    }
    Ok(())
}

/// The error for a symbolic link whose target is not there, or `None` if `full` is no link.
fn dangling(relative: &Path, full: &Path) -> Option<Error> {
    let target = fs::read_link(full).ok()?;
    if fs::metadata(full).is_ok() {
        return None;
    }
    Some(Error::invalid(
        Location::file(relative),
        format!(
            "this symbolic link points to \"{}\", which is not there; fix the link or remove it",
            target.display()
        ),
    ))
}

/// The result of `SiteRoot::walk`.
#[derive(Debug, Default)]
pub struct Walked {
    pub found: Vec<Found>,
    pub errors: Vec<Error>,
    /// Whether some entry was a symbolic link (a change to what it leads to is no change
    /// under its own path).
    pub links: bool,
}

/// The error for a file over `MAX_FILE_BYTES`.
pub fn too_large(path: &Path, bytes: u64) -> Error {
    Error::invalid(
        Location::file(path),
        format!(
            "the file is {:.1} MB, more than the {} MB leerpad reads; split it, or remove what \
             does not belong",
            bytes as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Only regular files and folders are inputs.
fn check_type(relative: &Path, kind: FileType) -> Result<(), Error> {
    if kind.is_file() || kind.is_dir() {
        return Ok(());
    }
    let what = special_kind(kind);
    Err(Error::invalid(
        Location::file(relative),
        format!("this is {what}, not a file or folder; leerpad reads only files: remove it"),
    ))
}

#[cfg(unix)]
fn special_kind(kind: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: FileType) -> &'static str {
    "a special file"
}

/// Opens a file for reading without waiting: a named pipe put in place after the check opens
/// at once (and then fails the type check) instead of hanging until a writer comes.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~')
}

/// Turns a walkdir failure (unreadable folder, symlink loop) into a located error.
fn walk_error(root: &Path, error: walkdir::Error) -> Error {
    let full = error.path().map(Path::to_path_buf).unwrap_or_default();
    let path = full.strip_prefix(root).unwrap_or(&full).to_path_buf();
    if let Some(dangling) = dangling(&path, &full) {
        return dangling;
    }
    if error.loop_ancestor().is_some() {
        return Error::invalid(
            Location::file(path),
            "this symbolic link points back into a folder above it (a loop); remove the link",
        );
    }
    match error.into_io_error() {
        Some(source) => Error::io(path, source),
        None => Error::invalid(Location::file(path), "cannot be read"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, tempfile::TempDir) {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("static/sub")).unwrap();
        fs::write(root.path().join("static/sub/a.txt"), "a").unwrap();
        fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        (root, outside)
    }

    #[test]
    fn links_inside_the_root_are_followed_and_links_out_are_errors() {
        let (root, outside) = site();
        let static_dir = root.path().join("static");
        symlink("sub/a.txt", static_dir.join("inside.txt")).unwrap();
        symlink("sub", static_dir.join("linked")).unwrap();
        symlink(
            outside.path().join("secret.txt"),
            static_dir.join("out.txt"),
        )
        .unwrap();
        symlink(outside.path(), static_dir.join("outdir")).unwrap();
        let walked = SiteRoot::new(root.path()).walk(Path::new("static"), is_hidden);
        let names: Vec<String> = walked
            .found
            .iter()
            .filter(|f| !f.is_dir)
            .map(|f| crate::error::display_path(&f.relative))
            .collect();
        assert_eq!(
            names,
            [
                "static/inside.txt",
                "static/linked/a.txt",
                "static/sub/a.txt"
            ]
        );
        let errors: Vec<String> = walked.errors.iter().map(|e| e.to_string()).collect();
        let message = "this leads outside the site folder (a symbolic link or \"..\"); leerpad \
                       reads nothing outside it: copy the file into the site instead";
        assert_eq!(
            errors,
            [
                format!("static/out.txt: {message}"),
                format!("static/outdir: {message}")
            ]
        );
    }

    #[test]
    fn a_named_pipe_is_refused_without_being_opened() {
        let (root, _outside) = site();
        let pipe = root.path().join("static/pipe");
        let c = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let site = SiteRoot::new(root.path());
        let walked = site.walk(Path::new("static"), is_hidden);
        assert_eq!(
            walked.errors[0].to_string(),
            "static/pipe: this is a named pipe (FIFO), not a file or folder; leerpad reads only \
             files: remove it"
        );
        // Reading it directly does not hang either.
        assert!(site.read(Path::new("static/pipe")).is_err());
        symlink("/dev/zero", root.path().join("zero")).unwrap();
        assert!(site.read_optional(Path::new("zero")).is_err());
    }
}
