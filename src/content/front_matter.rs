//! Splits a Markdown file into front matter and body, and types the front matter per kind of page.
//!
//! Owns: the fences, the front-matter structs, and the line offset of the body.
//! Does not: parse Markdown or check references between files.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location};
use crate::yaml;

/// A Markdown file cut at its fences. Lines are 1-based lines of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Line of the first front-matter line (always 2: after the opening fence).
    pub front_matter_line: u32,
    pub body: &'a str,
    /// Line where the body starts.
    pub body_line: u32,
}

/// Cuts `text` into front matter and body. The file must start with a `---` line and the front
/// matter ends at the next line that is exactly `---`.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::EmptyFile {
            at: Location::file(path),
        });
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(Error::FrontMatter {
            at: Location::line(path, 1),
            message: "the file must start with front matter: a line \"---\", the fields \
                      (title: …), and another line \"---\""
                .to_string(),
        });
    }
    let rest_start = (first_line_end + 1).min(text.len());
    let rest = &text[rest_start..];
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front_matter = &rest[..offset];
            let body_start = offset + line.len();
            return Ok(Split {
                front_matter,
                front_matter_line: 2,
                body: &rest[body_start..],
                body_line: index as u32 + 3,
            });
        }
        offset += line.len();
    }
    Err(Error::FrontMatter {
        at: Location::line(path, 1),
        message: "the front matter is not closed; add a line \"---\" after the last field"
            .to_string(),
    })
}

/// Front matter of a lesson (`content/modules/NN-slug/NN-slug.md`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LessonMeta {
    pub title: String,
    pub minutes: Option<u32>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub partners: Vec<String>,
}

/// Front matter of a module (`content/modules/NN-slug/_module.md`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModuleMeta {
    pub title: String,
    #[serde(default)]
    pub summary: String,
}

/// Front matter of a free page (`content/*.md`, the home page, the step-plan overview).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// On a free page: the label of a link to it in the footer of every page; absent for none.
    #[serde(default)]
    pub footer: Option<String>,
    /// Glossary terms; only meaningful on the glossary page (`content/begrippen.md`).
    #[serde(default)]
    pub terms: Vec<Term>,
}

/// A glossary entry.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    /// The words an abbreviation stands for; absent for a plain term.
    pub expansion: Option<String>,
    pub definition: String,
    /// Other words that mean the same, used by search.
    #[serde(default)]
    pub synonyms: Vec<String>,
}

/// Front matter of a step page (`content/stappen/NN-slug.md`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StepMeta {
    pub title: String,
    /// Short name for the flowchart and the path breadcrumb.
    pub label: String,
    pub kind: StepKind,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    Start,
    Step,
    End,
    Urgent,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Start => "start",
            StepKind::Step => "step",
            StepKind::End => "end",
            StepKind::Urgent => "urgent",
        }
    }
}

/// A decision on a step page: a button label and the slug of the step it leads to.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub label: String,
    pub to: String,
}

/// The kind of a page, from the place of its file, with the front matter typed for that kind.
/// A parsed file (`Doc`) and a rendered page (`site::Page`) carry the same kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `content/_index.md`.
    Home(PageMeta),
    /// A free page directly in `content/`; the glossary is the free page `begrippen`.
    Page(PageMeta),
    /// A module's `_module.md`: the module's own page.
    ModuleIntro(ModuleMeta),
    Lesson(LessonMeta),
    /// `content/stappen/_index.md`: the step plan's overview.
    StepsIndex(PageMeta),
    Step(StepMeta),
}

impl Kind {
    pub fn title(&self) -> &str {
        match self {
            Kind::Home(m) | Kind::Page(m) | Kind::StepsIndex(m) => &m.title,
            Kind::ModuleIntro(m) => &m.title,
            Kind::Lesson(m) => &m.title,
            Kind::Step(m) => &m.title,
        }
    }

    pub fn summary(&self) -> &str {
        match self {
            Kind::Home(m) | Kind::Page(m) | Kind::StepsIndex(m) => &m.summary,
            Kind::ModuleIntro(m) => &m.summary,
            Kind::Lesson(m) => &m.summary,
            Kind::Step(m) => &m.summary,
        }
    }

    /// The front matter of a free page.
    pub fn as_page(&self) -> Option<&PageMeta> {
        match self {
            Kind::Page(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_lesson(&self) -> Option<&LessonMeta> {
        match self {
            Kind::Lesson(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_step(&self) -> Option<&StepMeta> {
        match self {
            Kind::Step(m) => Some(m),
            _ => None,
        }
    }
}

/// Parses front matter into `T`, with errors at the line in the file.
pub fn parse<T: serde::de::DeserializeOwned>(split: &Split<'_>, path: &Path) -> Result<T, Error> {
    if split.front_matter.trim().is_empty() {
        return Err(Error::FrontMatter {
            at: Location::line(path, 2),
            message: "the front matter is empty; add at least \"title: …\"".to_string(),
        });
    }
    yaml::parse(split.front_matter, path, split.front_matter_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_line_counts_the_fences() {
        let s = split("---\ntitle: A\n---\nBody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.front_matter, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn missing_fence_is_reported_at_line_one() {
        let err = split("title: A\n", Path::new("a.md")).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("a.md:1: the file must start with front matter"));
    }

    #[test]
    fn unclosed_fence_is_reported() {
        let err = split("---\ntitle: A\n", Path::new("a.md")).unwrap_err();
        assert!(err.to_string().contains("not closed"));
    }

    #[test]
    fn empty_file_is_reported() {
        let err = split("  \n", Path::new("a.md")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md: the file is empty; add front matter between two \"---\" lines"
        );
    }

    #[test]
    fn crlf_fences_are_accepted() {
        let s = split("---\r\ntitle: A\r\n---\r\nBody", Path::new("a.md")).unwrap();
        assert_eq!(s.body, "Body");
    }
}
