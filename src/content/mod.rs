//! Reads `content/`: a sorted walk, then each file classified and its front matter typed.
//!
//! A `Doc` is a file as read (its text, its kind and where its parts are); a `site::Page` is
//! what the site makes of it (its URL, its rendered body): the one is kept to render the other.
//! Both lists are in the site's order, so a `Module` (its intro and its lessons as places in
//! that order) is the same for both.
//!
//! Owns: where each kind of page lives, file names → slug and order, reading bytes as UTF-8.
//! Does not: render Markdown (see `markdown`) or check references between pages (see `site`).

pub mod blocks;
pub mod front_matter;
pub mod markdown;
mod read;
mod reuse;

use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Location};
use front_matter::Kind;
pub use read::read_sources_kept;
pub use reuse::{ParseCache, ReadCache};

pub const CONTENT_DIR: &str = "content";
pub use crate::disk::{too_large, MAX_FILE_BYTES};

/// A file read from disk (or made in memory by a test), with its path relative to the root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// One Markdown file with its kind and typed front matter.
#[derive(Debug, Clone)]
pub struct Doc {
    pub path: PathBuf,
    pub slug: String,
    pub order: u32,
    pub kind: Kind,
    /// The whole file: the source bytes, kept without a copy.
    pub text: String,
    front_matter: Range<usize>,
    body: Range<usize>,
    pub body_line: u32,
}

impl Doc {
    /// This doc with `text` as its text (the same bytes it was parsed from, or none).
    fn with_text(&self, text: String) -> Doc {
        Doc {
            path: self.path.clone(),
            slug: self.slug.clone(),
            order: self.order,
            kind: self.kind.clone(),
            text,
            front_matter: self.front_matter.clone(),
            body: self.body.clone(),
            body_line: self.body_line,
        }
    }

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

/// A module folder: the places of its `_module.md` and of its lessons (in order) in the list
/// of docs, which are also their places in the list of the site's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    pub slug: String,
    pub intro: usize,
    pub lessons: Range<usize>,
}

/// Where the pages of the kinds that come in groups sit in the site's order, the same in
/// `Content::docs` and `Site::pages`; the home page is the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    pub steps_index: Option<usize>,
    pub free_pages: Range<usize>,
    pub steps: Range<usize>,
}

/// Everything under `content/`, typed, in the site's order: the home page, the steps index,
/// the free pages, the steps, then each module's intro followed by its lessons.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub docs: Vec<Doc>,
    pub places: Places,
    pub modules: Vec<Module>,
}

impl Content {
    /// The free pages directly in `content/`.
    pub fn free_pages(&self) -> &[Doc] {
        &self.docs[self.places.free_pages.clone()]
    }

    pub fn steps(&self) -> &[Doc] {
        &self.docs[self.places.steps.clone()]
    }

    pub fn lessons(&self, module: &Module) -> &[Doc] {
        &self.docs[module.lessons.clone()]
    }
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
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let problem = if !slug.chars().any(|c| c != '-') || !slug.chars().all(allowed) {
        format!(
            "the name \"{slug}\" cannot be part of a web address; use lower-case letters \
             a-z, digits and -"
        )
    } else if slug.contains("--") || slug.starts_with('-') || slug.ends_with('-') {
        // A print page joins a lesson's name and its ids with "--" (`markdown::ids`): a name
        // that holds it, or ends in a dash, could give two lessons the same id there.
        let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
        format!(
            "the name \"{slug}\" has a dash at its start or end or two dashes in a row; put \
             one dash between words, as in \"{}\"",
            words.join("-")
        )
    } else {
        return Ok(());
    };
    Err(Error::invalid(Location::file(at), problem))
}

/// A typed file, with its module's folder for a module intro or a lesson.
type Parsed = (Option<PathBuf>, Doc);

/// Docs by kind while they are sorted into the site's order.
#[derive(Default)]
struct Groups {
    home: Option<Doc>,
    steps_index: Option<Doc>,
    pages: Vec<Doc>,
    steps: Vec<Doc>,
    /// Module folders, their intros and their lessons.
    modules: Vec<(PathBuf, Doc, Vec<Doc>)>,
}

/// Types every file's front matter, in parallel, and groups the pages. All errors together.
/// Each page keeps its file's bytes as its text, so the sources are not held twice.
pub fn parse(files: Vec<SourceFile>, layout: &Layout<'_>) -> Result<Content, Error> {
    parse_kept(files, layout, None)
}

/// `parse`, taking again the parse `kept` holds of each file with the same bytes and place,
/// and keeping this one's in it.
pub fn parse_kept(
    files: Vec<SourceFile>,
    layout: &Layout<'_>,
    kept: Option<&ParseCache>,
) -> Result<Content, Error> {
    let results: Vec<Result<Parsed, Error>> = match kept {
        None => files
            .into_par_iter()
            .map(|file| parse_file(file, layout))
            .collect(),
        Some(cache) => reuse::parse_all(files, layout, cache),
    };
    let mut errors = Vec::new();
    let mut groups = Groups::default();
    let mut lessons: Vec<(PathBuf, Doc)> = Vec::new();
    for result in results {
        match result {
            Ok((dir, doc)) => match (&doc.kind, dir) {
                (Kind::Home(_), _) => groups.home = Some(doc),
                (Kind::StepsIndex(_), _) => groups.steps_index = Some(doc),
                (Kind::Page(_), _) => groups.pages.push(doc),
                (Kind::Step(_), _) => groups.steps.push(doc),
                (Kind::Lesson(_), Some(dir)) => lessons.push((dir, doc)),
                (Kind::ModuleIntro(_), Some(dir)) => module_of(dir, doc, &mut groups, &mut errors),
                // `parse_file` gives every module intro and lesson its folder.
                (Kind::ModuleIntro(_) | Kind::Lesson(_), None) => {}
            },
            Err(error) => errors.push(error),
        }
    }
    let by_dir: std::collections::BTreeMap<PathBuf, usize> = groups
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.0.clone(), i))
        .collect();
    for (dir, lesson) in lessons {
        match by_dir.get(&dir) {
            Some(&i) => groups.modules[i].2.push(lesson),
            None => errors.push(Error::invalid(
                Location::file(&lesson.path),
                format!(
                    "this lesson has no module: add {}/_module.md with a title",
                    crate::error::display_path(&dir)
                ),
            )),
        }
    }
    if groups.home.is_none() && errors.is_empty() {
        errors.push(missing_home(layout));
    }
    Error::from_list(errors)?;
    Ok(in_site_order(groups))
}

/// A module intro joins the modules when its folder's name can be part of a web address.
fn module_of(dir: PathBuf, doc: Doc, groups: &mut Groups, errors: &mut Vec<Error>) {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let (_, slug) = order_and_slug(name);
    match check_slug(slug, &dir) {
        Ok(()) => groups.modules.push((dir, doc, Vec::new())),
        Err(e) => errors.push(e),
    }
}

/// The docs in the site's order, each group sorted by the numbers of the file names.
fn in_site_order(mut groups: Groups) -> Content {
    let by_order = |a: &Doc, b: &Doc| (a.order, &a.path).cmp(&(b.order, &b.path));
    groups.pages.sort_by(by_order);
    groups.steps.sort_by(by_order);
    let folder_order = |dir: &Path| {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        order_and_slug(name).0
    };
    groups
        .modules
        .sort_by(|a, b| (folder_order(&a.0), &a.0).cmp(&(folder_order(&b.0), &b.0)));
    let mut content = Content::default();
    let docs = &mut content.docs;
    docs.extend(groups.home);
    content.places.steps_index = groups.steps_index.is_some().then_some(docs.len());
    docs.extend(groups.steps_index);
    content.places.free_pages = docs.len()..docs.len() + groups.pages.len();
    docs.append(&mut groups.pages);
    content.places.steps = docs.len()..docs.len() + groups.steps.len();
    docs.append(&mut groups.steps);
    for (dir, intro, mut lessons) in groups.modules {
        lessons.sort_by(by_order);
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let start = content.docs.len() + 1;
        content.modules.push(Module {
            slug: order_and_slug(name).1.to_string(),
            intro: start - 1,
            lessons: start..start + lessons.len(),
        });
        content.docs.push(intro);
        content.docs.append(&mut lessons);
    }
    content
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
    let file = File {
        text,
        ranges: &ranges,
        path,
        order,
        slug,
    };
    Ok(match place {
        Place::Home => (None, file.typed(Kind::Home)?),
        Place::Page => (None, file.typed(Kind::Page)?),
        Place::StepsIndex => (None, file.typed(Kind::StepsIndex)?),
        Place::Step => (None, file.typed(Kind::Step)?),
        Place::Module { dir } => (Some(dir), file.typed(Kind::ModuleIntro)?),
        Place::Lesson { dir } => (Some(dir), file.typed(Kind::Lesson)?),
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

/// A file read and cut, before its front matter is typed.
struct File<'a> {
    text: String,
    ranges: &'a Ranges,
    path: &'a Path,
    order: u32,
    slug: &'a str,
}

impl File<'_> {
    /// The doc with its front matter typed as `M`, of the kind `kind` makes; it keeps the text.
    fn typed<M: serde::de::DeserializeOwned>(self, kind: fn(M) -> Kind) -> Result<Doc, Error> {
        let File {
            text,
            ranges,
            path,
            order,
            slug,
        } = self;
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
            kind: kind(meta),
            front_matter: ranges.front_matter.clone(),
            body: ranges.body.clone(),
            text,
            body_line: ranges.body_line,
        })
    }
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
        let slugs: Vec<_> = content
            .lessons(&content.modules[0])
            .iter()
            .map(|l| l.slug.as_str())
            .collect();
        assert_eq!(slugs, ["x", "y"]);
    }

    #[test]
    fn docs_are_in_the_site_order_that_places_and_modules_name() {
        let content = parse(
            vec![
                file("content/stappen/02-b.md", STEP),
                file("content/modules/02-z/_module.md", "---\ntitle: Z\n---\n"),
                file("content/over.md", "---\ntitle: Over\n---\n"),
                file("content/modules/01-a/01-x.md", "---\ntitle: X\n---\n"),
                file("content/stappen/01-a.md", STEP),
                file("content/_index.md", "---\ntitle: Home\n---\n"),
                file("content/modules/01-a/_module.md", "---\ntitle: A\n---\n"),
                file("content/stappen/_index.md", "---\ntitle: Stappen\n---\n"),
            ],
            &layout(),
        )
        .unwrap();
        let paths: Vec<_> = content
            .docs
            .iter()
            .map(|d| d.path.to_str().unwrap())
            .collect();
        assert_eq!(
            paths,
            [
                "content/_index.md",
                "content/stappen/_index.md",
                "content/over.md",
                "content/stappen/01-a.md",
                "content/stappen/02-b.md",
                "content/modules/01-a/_module.md",
                "content/modules/01-a/01-x.md",
                "content/modules/02-z/_module.md",
            ]
        );
        assert_eq!(
            content.places,
            Places {
                steps_index: Some(1),
                free_pages: 2..3,
                steps: 3..5,
            }
        );
        let modules: Vec<_> = content
            .modules
            .iter()
            .map(|m| (m.slug.as_str(), m.intro, m.lessons.clone()))
            .collect();
        assert_eq!(modules, [("a", 5, 6..7), ("z", 7, 8..8)]);
        assert!(matches!(content.docs[6].kind, Kind::Lesson(_)));
    }

    const STEP: &str = "---\ntitle: S\nlabel: S\nkind: step\n---\n";

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
