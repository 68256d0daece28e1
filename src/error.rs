//! Errors and warnings that name the place in a project file where they arise.
//!
//! Owns: the `Error` enum, `Location`, and how both print.
//! Does not: decide when to stop a build; stages collect errors and return them together.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A place in a project file. `line` and `column` are 1-based; 0 means unknown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Path relative to the site root, as the editor sees it.
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: 0,
            column: 0,
        }
    }

    pub fn line(path: impl Into<PathBuf>, line: u32) -> Self {
        Location {
            path: path.into(),
            line,
            column: 0,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Location {
            path: path.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// Paths print with forward slashes on every platform, so messages are stable in tests.
pub fn display_path(path: &Path) -> String {
    let joined = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    // The root component is "/" itself: joining it would print "//tmp".
    match joined.strip_prefix("//") {
        Some(rest) if path.has_root() => format!("/{rest}"),
        _ => joined,
    }
}

/// Everything that can stop a build. Each variant from a project file carries its `Location`.
/// Cloned with the sources it was found in (`Sources::problems`): the causes are shared.
#[derive(Debug, Clone)]
pub enum Error {
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::sync::Arc<io::Error>,
    },
    /// A file is not valid UTF-8; `line` is where the first bad byte sits.
    InvalidUtf8 { at: Location },
    /// An empty file where content was expected.
    EmptyFile { at: Location },
    /// Front matter fences are missing or unclosed.
    FrontMatter { at: Location, message: String },
    /// YAML or TOML that does not parse or does not fit the expected shape.
    Syntax { at: Location, message: String },
    /// Two pages would be written to the same URL.
    DuplicateSlug {
        at: Location,
        slug: String,
        other: PathBuf,
    },
    /// A Markdown link to a file or anchor that does not exist.
    BrokenLink {
        at: Location,
        target: String,
        reason: String,
    },
    /// A reference to a partner id that `partners.yaml` does not define.
    UnknownPartner {
        at: Location,
        id: String,
        known: Vec<String>,
    },
    /// A value that parses but breaks a rule of the site (unknown category, bad URL, …).
    Invalid { at: Location, message: String },
    /// A fault in the step graph (missing target, unreachable step, no way out, …).
    StepGraph { at: Location, message: String },
    /// A fenced block (quiz, chart, …) that cannot be read.
    Block { at: Location, message: String },
    /// A template that does not compile or render; Tera's error is the source.
    Template {
        /// The template's file (the theme's, or the site's override), at the line and column
        /// Tera names when it names one.
        at: Location,
        /// What failed: "compiled" or "rendered".
        action: &'static str,
        source: std::sync::Arc<tera::Error>,
    },
    /// Two generated files at one output path (a static file's collision is `Invalid` at it).
    OutputTwice { path: String },
    /// Several independent problems, reported together.
    Many(Vec<Error>),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source: source.into(),
        }
    }

    pub fn invalid(at: Location, message: impl Into<String>) -> Self {
        Error::Invalid {
            at,
            message: message.into(),
        }
    }

    /// Flattens nested `Many` so every problem is one entry, in order.
    pub fn into_list(self) -> Vec<Error> {
        match self {
            Error::Many(errors) => errors.into_iter().flat_map(Error::into_list).collect(),
            other => vec![other],
        }
    }

    /// Builds an error from a list: `Ok` when empty, the error itself when there is one.
    pub fn from_list(mut errors: Vec<Error>) -> Result<()> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    /// What `work` makes, or every problem it reported to its list (for the `…_reporting`
    /// forms that go on past their problems).
    pub fn unless_reported<T>(work: impl FnOnce(&mut Vec<Error>) -> T) -> Result<T> {
        let mut errors = Vec::new();
        let made = work(&mut errors);
        Error::from_list(errors)?;
        Ok(made)
    }

    /// The number of problems this error stands for.
    pub fn count(&self) -> usize {
        match self {
            Error::Many(errors) => errors.iter().map(Error::count).sum(),
            _ => 1,
        }
    }

    /// The location, for sorting; errors without one sort first.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::InvalidUtf8 { at }
            | Error::EmptyFile { at }
            | Error::FrontMatter { at, .. }
            | Error::Syntax { at, .. }
            | Error::DuplicateSlug { at, .. }
            | Error::BrokenLink { at, .. }
            | Error::UnknownPartner { at, .. }
            | Error::Invalid { at, .. }
            | Error::StepGraph { at, .. }
            | Error::Block { at, .. }
            | Error::Template { at, .. } => Some(at),
            Error::Io { .. } | Error::OutputTwice { .. } | Error::Many(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", display_path(path), source),
            Error::InvalidUtf8 { at } => write!(
                f,
                "{at}: the file is not valid UTF-8; save it as UTF-8 in your editor"
            ),
            Error::EmptyFile { at } => write!(
                f,
                "{at}: the file is empty; add front matter between two \"---\" lines"
            ),
            Error::FrontMatter { at, message }
            | Error::Syntax { at, message }
            | Error::Invalid { at, message }
            | Error::StepGraph { at, message }
            | Error::Block { at, message } => write!(f, "{at}: {message}"),
            Error::DuplicateSlug { at, slug, other } => write!(
                f,
                "{at}: the slug \"{slug}\" is also used by {}; rename one of the files",
                display_path(other)
            ),
            Error::BrokenLink { at, target, reason } => {
                write!(f, "{at}: broken link \"{target}\": {reason}")
            }
            Error::UnknownPartner { at, id, known } if known.is_empty() => write!(
                f,
                "{at}: unknown partner \"{id}\"; partners.yaml lists no partners yet"
            ),
            Error::UnknownPartner { at, id, known } => write!(
                f,
                "{at}: unknown partner \"{id}\"; known: {}",
                known.join(", ")
            ),
            Error::Template { at, action, .. } => {
                write!(f, "{at}: the template cannot be {action}")
            }
            Error::OutputTwice { path } => write!(
                f,
                "the build makes {path} twice; this is a bug in leerpad or its theme"
            ),
            Error::Many(errors) => {
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source.as_ref()),
            Error::Template { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// serde's wording in the project's: "unknown field `x`, expected one of `a`, `b`" becomes
/// `unknown field "x", expected one of: a, b` (also for one or two names), other backticks quotes.
pub(crate) fn serde_wording(message: &str) -> String {
    let mut text = message.to_string();
    if let Some(cut) = text.find(", expected ") {
        if text[..cut].contains("unknown field") || text[..cut].contains("unknown variant") {
            let names: Vec<&str> = text[cut..].split('`').skip(1).step_by(2).collect();
            if !names.is_empty() {
                text = format!("{}, expected one of: {}", &text[..cut], names.join(", "));
            }
        }
    }
    text.replace('`', "\"")
}

/// A problem worth telling but not worth failing the build for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.at, self.message)
    }
}

/// Prints an error and its `source()` chain, one cause a line, as `main` and `serve` show it.
pub fn report(error: &Error) -> String {
    let mut out = String::new();
    for (i, single) in flatten(error).into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("error: ");
        out.push_str(&single.to_string());
        let mut source = std::error::Error::source(single);
        while let Some(cause) = source {
            out.push_str("\n  caused by: ");
            out.push_str(&cause.to_string().replace('\n', "\n    "));
            source = cause.source();
        }
    }
    out
}

fn flatten(error: &Error) -> Vec<&Error> {
    match error {
        Error::Many(errors) => errors.iter().flat_map(flatten).collect(),
        other => vec![other],
    }
}
