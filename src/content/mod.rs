//! Reads `content/`: a sorted walk, then each file classified and its front matter typed.
//!
//! Owns: where each kind of page lives, file names → slug and order, reading bytes as UTF-8.
//! Does not: render Markdown (see `markdown`) or check references between pages (see `site`).

pub mod blocks;
pub mod front_matter;
pub mod markdown;

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Location};
use front_matter::{LessonMeta, ModuleMeta, PageMeta, StepMeta};

pub const CONTENT_DIR: &str = "content";
pub use crate::disk::{too_large, MAX_FILE_BYTES};

/// A file read from disk (or made in memory by a test), with its path relative to the root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// One Markdown file with typed front matter.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    pub path: PathBuf,
    pub slug: String,
    pub order: u32,
    pub meta: M,
    /// The whole file: the source bytes, kept without a copy.
    pub text: String,
    front_matter: Range<usize>,
    body: Range<usize>,
    pub body_line: u32,
}

impl<M> Doc<M> {
    /// The front matter as written, to find the line of a value that breaks a rule.
    pub fn front_matter(&self) -> &str {
        &self.text[self.front_matter.clone()]
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// The lines in the file of the front-matter keys or list items at each of `paths`, from
    /// the parser's positions (the first key's line for a path the text lacks).
    pub fn lines_at(&self, paths: &[&[crate::yaml::Step]]) -> Vec<u32> {
        let tree = crate::yaml::tree(self.front_matter());
        paths
            .iter()
            .map(|path| {
                let line = tree.as_ref().map_or(1, |t| t.nearest(path).key_line.max(1));
                line + 1
            })
            .collect()
    }
}

/// A module folder: its `_module.md` and its lessons in order.
#[derive(Debug, Clone)]
pub struct Module {
    pub dir: PathBuf,
    pub slug: String,
    pub order: u32,
    pub doc: Doc<ModuleMeta>,
    pub lessons: Vec<Doc<LessonMeta>>,
}

/// Everything under `content/`, typed and in order.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub home: Option<Doc<PageMeta>>,
    pub pages: Vec<Doc<PageMeta>>,
    pub modules: Vec<Module>,
    pub steps_index: Option<Doc<PageMeta>>,
    pub steps: Vec<Doc<StepMeta>>,
}

/// Reads every file under `root/content`, sorted by name. Folders named `*.md`, non-Markdown
/// files, links out of the root, special files and unreadable entries are errors; hidden files
/// are skipped.
pub fn read_sources(root: &Path) -> Result<Vec<SourceFile>, Error> {
    let site = crate::disk::SiteRoot::new(root);
    if !matches!(site.kind(Path::new(CONTENT_DIR)), Ok(Some(true))) {
        return Err(site.kind(Path::new(CONTENT_DIR)).err().unwrap_or_else(|| {
            Error::invalid(
                Location::file(CONTENT_DIR),
                "there is no content/ folder; create it with at least content/_index.md",
            )
        }));
    }
    let walked = site.walk(Path::new(CONTENT_DIR), crate::disk::is_hidden);
    let mut errors = walked.errors;
    let mut paths = Vec::new();
    for found in walked.found {
        let is_md = found.relative.extension().is_some_and(|e| e == "md");
        if found.is_dir {
            if is_md {
                errors.push(Error::invalid(
                    Location::file(&found.relative),
                    "this is a folder, but its name ends in .md; rename it or make it a file",
                ));
            }
            continue;
        }
        if !is_md {
            errors.push(Error::invalid(
                Location::file(&found.relative),
                "only Markdown (.md) files belong in content/; put images and downloads in static/",
            ));
            continue;
        }
        paths.push(found.relative);
    }
    let read: Vec<Result<SourceFile, Error>> = paths
        .into_par_iter()
        .map(|path| site.read(&path).map(|bytes| SourceFile { path, bytes }))
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    crate::site::sort_errors(&mut errors);
    Error::from_list(errors)?;
    Ok(files)
}

/// Where the kinds of page live: under `content/` of a one-language site (or `content/LANG/` of
/// each language of a multilingual one), steps in a folder and modules in a folder named by
/// the site's `Folders` (`stappen/`, `modules/`).
#[derive(Debug, Clone, Copy)]
pub struct Layout<'a> {
    pub root: &'a Path,
    pub steps: &'a str,
    pub modules: &'a str,
}

impl Layout<'_> {
    /// The path of the home page, for messages.
    pub fn home(&self) -> PathBuf {
        self.root.join("_index.md")
    }
}

/// Where a file sits, which decides its kind.
enum Place {
    Home,
    Page,
    StepsIndex,
    Step,
    Module { dir: PathBuf },
    Lesson { dir: PathBuf },
}

fn place_of(path: &Path, layout: &Layout<'_>) -> Option<Place> {
    let within = path.strip_prefix(layout.root).ok()?;
    let parts: Vec<&str> = within.iter().map(|p| p.to_str().unwrap_or("")).collect();
    let (steps, modules) = (layout.steps, layout.modules);
    let module_dir = |dir: &str| layout.root.join(modules).join(dir);
    match parts.as_slice() {
        ["_index.md"] => Some(Place::Home),
        [name] if !name.starts_with('_') => Some(Place::Page),
        [dir, "_index.md"] if *dir == steps => Some(Place::StepsIndex),
        [dir, name] if *dir == steps && !name.starts_with('_') => Some(Place::Step),
        [top, dir, "_module.md"] if *top == modules => Some(Place::Module {
            dir: module_dir(dir),
        }),
        [top, dir, name] if *top == modules && !name.starts_with('_') => Some(Place::Lesson {
            dir: module_dir(dir),
        }),
        _ => None,
    }
}

/// `05-herstel-de-veiligheid` → (5, `herstel-de-veiligheid`); a name without a number sorts last.
pub fn order_and_slug(stem: &str) -> (u32, &str) {
    let digits = stem.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && stem[digits..].starts_with('-') && stem.len() > digits + 1 {
        let order = stem[..digits].parse().unwrap_or(u32::MAX);
        (order, &stem[digits + 1..])
    } else {
        (u32::MAX, stem)
    }
}

fn check_slug(slug: &str, at: &Path) -> Result<(), Error> {
    if !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Ok(())
    } else {
        Err(Error::invalid(
            Location::file(at),
            format!(
                "the name \"{slug}\" cannot be part of a web address; use lower-case letters \
                 a-z, digits and -"
            ),
        ))
    }
}

enum Parsed {
    Home(Doc<PageMeta>),
    Page(Doc<PageMeta>),
    StepsIndex(Doc<PageMeta>),
    Step(Doc<StepMeta>),
    Module(PathBuf, Doc<ModuleMeta>),
    Lesson(PathBuf, Doc<LessonMeta>),
}

/// Types every file's front matter, in parallel, and groups the pages. All errors together.
/// Each page keeps its file's bytes as its text, so the sources are not held twice.
pub fn parse(files: Vec<SourceFile>, layout: &Layout<'_>) -> Result<Content, Error> {
    let results: Vec<Result<Parsed, Error>> = files
        .into_par_iter()
        .map(|file| parse_file(file, layout))
        .collect();
    let mut errors = Vec::new();
    let mut content = Content::default();
    let mut module_docs = Vec::new();
    let mut lessons: Vec<(PathBuf, Doc<LessonMeta>)> = Vec::new();
    for result in results {
        match result {
            Ok(Parsed::Home(doc)) => content.home = Some(doc),
            Ok(Parsed::Page(doc)) => content.pages.push(doc),
            Ok(Parsed::StepsIndex(doc)) => content.steps_index = Some(doc),
            Ok(Parsed::Step(doc)) => content.steps.push(doc),
            Ok(Parsed::Module(dir, doc)) => module_docs.push((dir, doc)),
            Ok(Parsed::Lesson(dir, doc)) => lessons.push((dir, doc)),
            Err(error) => errors.push(error),
        }
    }
    for (dir, doc) in module_docs {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let (order, slug) = order_and_slug(name);
        if let Err(e) = check_slug(slug, &dir) {
            errors.push(e);
            continue;
        }
        content.modules.push(Module {
            slug: slug.to_string(),
            order,
            doc,
            lessons: Vec::new(),
            dir,
        });
    }
    let by_dir: std::collections::BTreeMap<PathBuf, usize> = content
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.dir.clone(), i))
        .collect();
    for (dir, lesson) in lessons {
        match by_dir.get(&dir) {
            Some(&i) => content.modules[i].lessons.push(lesson),
            None => errors.push(Error::invalid(
                Location::file(&lesson.path),
                format!(
                    "this lesson has no module: add {}/_module.md with a title",
                    crate::error::display_path(&dir)
                ),
            )),
        }
    }
    content
        .pages
        .sort_by(|a, b| (a.order, &a.path).cmp(&(b.order, &b.path)));
    content
        .steps
        .sort_by(|a, b| (a.order, &a.path).cmp(&(b.order, &b.path)));
    content
        .modules
        .sort_by(|a, b| (a.order, &a.dir).cmp(&(b.order, &b.dir)));
    for module in &mut content.modules {
        module
            .lessons
            .sort_by(|a, b| (a.order, &a.path).cmp(&(b.order, &b.path)));
    }
    if content.home.is_none() && errors.is_empty() {
        errors.push(missing_home(layout));
    }
    Error::from_list(errors)?;
    Ok(content)
}

/// The error of a content folder without its home page.
pub fn missing_home(layout: &Layout<'_>) -> Error {
    let home = layout.home();
    Error::invalid(
        Location::file(&home),
        format!(
            "the home page is missing; create {} with a title",
            crate::error::display_path(&home)
        ),
    )
}

fn parse_file(file: SourceFile, layout: &Layout<'_>) -> Result<Parsed, Error> {
    let SourceFile { path, bytes } = file;
    let path = path.as_path();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32
            + 1;
        Error::InvalidUtf8 {
            at: Location::line(path, line),
        }
    })?;
    let place = place_of(path, layout).ok_or_else(|| {
        let root = crate::error::display_path(layout.root);
        Error::invalid(
            Location::file(path),
            format!(
                "leerpad does not know this place: lessons go in {root}/{}/NN-name/, steps in \
                 {root}/{}/, other pages directly in {root}/",
                layout.modules, layout.steps
            ),
        )
    })?;
    let split = front_matter::split(&text, path)?;
    let ranges = Ranges {
        front_matter: within(&text, split.front_matter),
        front_matter_line: split.front_matter_line,
        body: within(&text, split.body),
        body_line: split.body_line,
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let (order, slug) = order_and_slug(stem);
    let is_index = matches!(
        place,
        Place::Home | Place::StepsIndex | Place::Module { .. }
    );
    if !is_index {
        check_slug(slug, path)?;
    }
    Ok(match place {
        Place::Home => Parsed::Home(typed(text, &ranges, path, order, slug)?),
        Place::Page => Parsed::Page(typed(text, &ranges, path, order, slug)?),
        Place::StepsIndex => Parsed::StepsIndex(typed(text, &ranges, path, order, slug)?),
        Place::Step => Parsed::Step(typed(text, &ranges, path, order, slug)?),
        Place::Module { dir } => Parsed::Module(dir, typed(text, &ranges, path, order, slug)?),
        Place::Lesson { dir } => Parsed::Lesson(dir, typed(text, &ranges, path, order, slug)?),
    })
}

/// Where the parts of a file are, in bytes of its text, and their first lines.
struct Ranges {
    front_matter: Range<usize>,
    front_matter_line: u32,
    body: Range<usize>,
    body_line: u32,
}

/// The bytes of `part`, a slice of `text`, as a range of `text`.
fn within(text: &str, part: &str) -> Range<usize> {
    let start = part.as_ptr() as usize - text.as_ptr() as usize;
    start..start + part.len()
}

/// A page with its front matter typed as `M`; it keeps `text` itself.
fn typed<M: serde::de::DeserializeOwned>(
    text: String,
    ranges: &Ranges,
    path: &Path,
    order: u32,
    slug: &str,
) -> Result<Doc<M>, Error> {
    let split = front_matter::Split {
        front_matter: &text[ranges.front_matter.clone()],
        front_matter_line: ranges.front_matter_line,
        body: &text[ranges.body.clone()],
        body_line: ranges.body_line,
    };
    let meta = front_matter::parse(&split, path)?;
    Ok(Doc {
        path: path.to_path_buf(),
        slug: slug.to_string(),
        order,
        meta,
        front_matter: ranges.front_matter.clone(),
        body: ranges.body.clone(),
        text,
        body_line: ranges.body_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn layout() -> Layout<'static> {
        Layout {
            root: Path::new(CONTENT_DIR),
            steps: "stappen",
            modules: "modules",
        }
    }

    #[test]
    fn numbers_set_the_order_and_drop_from_the_slug() {
        assert_eq!(order_and_slug("05-herstel"), (5, "herstel"));
        assert_eq!(order_and_slug("over"), (u32::MAX, "over"));
    }

    #[test]
    fn modules_collect_their_lessons_in_order() {
        let content = parse(
            vec![
                file("content/_index.md", "---\ntitle: Home\n---\n"),
                file("content/modules/01-a/02-y.md", "---\ntitle: Y\n---\n"),
                file("content/modules/01-a/01-x.md", "---\ntitle: X\n---\n"),
                file("content/modules/01-a/_module.md", "---\ntitle: A\n---\n"),
            ],
            &layout(),
        )
        .unwrap();
        let slugs: Vec<_> = content.modules[0]
            .lessons
            .iter()
            .map(|l| l.slug.as_str())
            .collect();
        assert_eq!(slugs, ["x", "y"]);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_parsed() {
        let mut f = file("content/_index.md", "---\ntitle: A\n---\n");
        f.bytes.resize(MAX_FILE_BYTES as usize + 1, b'a');
        let err = parse(vec![f], &layout()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/_index.md: the file is 10.0 MB, more than the 10 MB leerpad reads; split it, \
             or remove what does not belong"
        );
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let mut f = file("content/_index.md", "---\ntitle: A\n---\n");
        f.bytes.extend_from_slice(b"ok\n\xff\n");
        let err = parse(vec![f], &layout()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/_index.md:5: the file is not valid UTF-8; save it as UTF-8 in your editor"
        );
    }
}
