//! `imsmanifest.xml`: the package's table of contents for the LMS, rendered by the theme's
//! templates `package/scorm12.xml` and `package/scorm2004.xml` from the view made here.
//!
//! Owns: the organization (the course, its modules as items, their lessons as items inside),
//! one SCO resource per lesson (its page), one shared asset resource with every other file,
//! identifiers (valid XML ids, unique) and file references (URL-encoded paths).
//! Does not: choose the files (see `package`) or write the zip.

use std::collections::BTreeSet;

use serde::Serialize;
use tera::Context;

use super::{Version, MAX_TITLE};
use crate::error::Result;
use crate::render::OutputFile;
use crate::site::Site;
use crate::theme::Templates;

/// The manifest's path in the package, fixed by the standard.
pub const FILE: &str = "imsmanifest.xml";

/// What the manifest describes.
pub struct Course<'a> {
    pub site: &'a Site,
    /// Indices into `site.modules`, in course order.
    pub modules: &'a [usize],
    pub version: Version,
    /// The module asked for with `--module`, for the manifest's identifier.
    pub module: Option<&'a str>,
}

#[derive(Serialize)]
struct ManifestView {
    identifier: String,
    title: String,
    organization: String,
    modules: Vec<ModuleItem>,
    resources: Vec<Resource>,
    shared: Resource,
}

#[derive(Serialize)]
struct ModuleItem {
    id: String,
    title: String,
    lessons: Vec<LessonItem>,
}

#[derive(Serialize)]
struct LessonItem {
    id: String,
    title: String,
    resource: String,
    /// The mastery score as SCORM 1.2 writes it (percent) and as 2004 does (0–1), or "" when
    /// the lesson has no checks or `leerpad.toml` sets no `mastery_score`.
    mastery_percent: String,
    mastery_scaled: String,
}

#[derive(Serialize)]
struct Resource {
    id: String,
    href: String,
    files: Vec<String>,
}

/// Renders the manifest for `course`, listing `files` (the package without the manifest).
pub fn render(templates: &Templates, course: &Course<'_>, files: &[OutputFile]) -> Result<String> {
    let site = course.site;
    let mut ids = Ids::default();
    let mut own_files = BTreeSet::new();
    let mut modules = Vec::new();
    let mut resources = Vec::new();
    for &m in course.modules {
        let module = &site.modules[m];
        let slug = module.slug.as_str();
        let mut lessons = Vec::new();
        for lesson in site.lessons(module) {
            let page = format!("{}index.html", lesson.url);
            let resource = ids.make("sco", &format!("{slug}.{}", lesson.slug));
            let mastery = site.config.mastery_score.filter(|_| lesson.quizzes > 0);
            lessons.push(LessonItem {
                id: ids.make("lesson", &format!("{slug}.{}", lesson.slug)),
                title: title(lesson.title()),
                resource: resource.clone(),
                mastery_percent: mastery.map(|m| m.to_string()).unwrap_or_default(),
                mastery_scaled: mastery
                    .map(|m| format!("{:.2}", f64::from(m) / 100.0))
                    .unwrap_or_default(),
            });
            resources.push(Resource {
                id: resource,
                href: href(&page),
                files: vec![href(&page)],
            });
            own_files.insert(page);
        }
        modules.push(ModuleItem {
            id: ids.make("module", slug),
            title: title(site.intro(module).title()),
            lessons,
        });
    }
    let shared = Resource {
        id: ids.make("shared", "files"),
        href: String::new(),
        files: files
            .iter()
            .filter(|f| !own_files.contains(&f.path))
            .map(|f| href(&f.path))
            .collect(),
    };
    let name = crate::content::markdown::slugify(&site.config.title);
    let identifier = match course.module {
        Some(module) => format!("{name}.{module}"),
        None => name,
    };
    let view = ManifestView {
        identifier: Ids::default().make("package", &identifier),
        title: title(&match course.modules {
            [one] if course.module.is_some() => {
                format!(
                    "{} – {}",
                    site.config.title,
                    site.intro(&site.modules[*one]).title()
                )
            }
            _ => site.config.title.clone(),
        }),
        organization: ids.make("course", ""),
        modules,
        resources,
        shared,
    };
    let mut cx = Context::new();
    cx.insert("manifest", &view);
    let template = match course.version {
        Version::Scorm12 => "package/scorm12.xml",
        Version::Scorm2004 => "package/scorm2004.xml",
    };
    templates.render(template, &cx)
}

/// A title as the manifest carries it: no control characters or U+FFFE/U+FFFF (XML 1.0 has no
/// place for them), at most `MAX_TITLE` characters.
fn title(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim();
    if clean.chars().count() <= MAX_TITLE {
        return clean.to_string();
    }
    let mut cut: String = clean.chars().take(MAX_TITLE - 1).collect();
    cut.push('…');
    cut
}

/// A path as a URL reference: every byte but letters, digits, `-._~/` percent-encoded.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Makes identifiers that are valid XML ids (`xs:ID`: a letter first, then letters, digits,
/// `-`, `_` and `.`) and unique in the manifest, from a kind and a name.
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    fn make(&mut self, kind: &str, name: &str) -> String {
        let mut id = String::from(kind);
        if !name.is_empty() {
            id.push('-');
        }
        for c in name.chars() {
            id.push(
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '-'
                },
            );
        }
        // Two names that differ only in characters an id cannot hold get a number.
        let mut unique = id.clone();
        let mut n = 1;
        while self.0.contains(&unique) {
            n += 1;
            unique = format!("{id}-{n}");
        }
        self.0.insert(unique.clone());
        unique
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_xml_names_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.make("sco", "a.b"), "sco-a.b");
        assert_eq!(ids.make("sco", "a b"), "sco-a-b");
        assert_eq!(ids.make("sco", "a/b"), "sco-a-b-2");
        assert_eq!(ids.make("sco", "éé"), "sco---");
        assert_eq!(ids.make("course", ""), "course");
        let mut ids = Ids::default();
        assert_eq!(ids.make("m", "a-2"), "m-a-2");
        assert_eq!(ids.make("m", "a"), "m-a");
        assert_eq!(ids.make("m", "a"), "m-a-3");
    }

    #[test]
    fn hrefs_are_encoded_and_titles_bounded() {
        assert_eq!(href("modules/a b/é.html"), "modules/a%20b/%C3%A9.html");
        assert_eq!(title("A\u{1}B\u{FFFF} "), "A B");
        let long = "x".repeat(300);
        assert_eq!(title(&long).chars().count(), MAX_TITLE);
    }
}
