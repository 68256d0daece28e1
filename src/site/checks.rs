//! The rules between pages that the site stage checks: unique slugs, reserved names, glossary
//! ids, partner and step references, and the warnings about a lesson's length and language.
//!
//! Owns: the wording of those errors and warnings.
//! Does not: render, resolve links (see `links`) or validate the step graph itself (`steps`).

use std::collections::BTreeMap;
use std::path::Path;

use super::urls::Folders;
use super::{reading_minutes, Page, MAX_LESSON_MINUTES};
use crate::config::Config;
use crate::content::markdown::ids;
use crate::content::{Content, Doc};
use crate::error::{Error, Location, Warning};
use crate::partners::Directory;
use crate::steps::{ChoiceEdge, StepNode};
use crate::yaml::Step;

/// Slugs are unique among their siblings and not one of leerpad's own names.
pub fn slugs(content: &Content, folders: &Folders, errors: &mut Vec<Error>) {
    let mut check = |items: Vec<(&str, &Path)>, reserved: &[&str]| {
        let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
        for (slug, path) in items {
            if reserved.contains(&slug) {
                errors.push(Error::invalid(
                    Location::file(path),
                    format!("the name \"{slug}\" is used by leerpad itself; rename the file"),
                ));
            } else if let Some(other) = seen.get(slug) {
                errors.push(Error::DuplicateSlug {
                    at: Location::file(path),
                    slug: slug.to_string(),
                    other: other.to_path_buf(),
                });
            } else {
                seen.insert(slug, path);
            }
        }
    };
    check(slugs_of(content.free_pages()), &folders.reserved_slugs());
    check(slugs_of(content.steps()), &[]);
    let modules = content
        .modules
        .iter()
        .map(|m| (m.slug.as_str(), content.docs[m.intro].path.as_path()))
        .collect();
    check(modules, &[]);
    for module in &content.modules {
        // A module's folder holds its handout and its trainer version (`print/`, `trainer/`).
        check(
            slugs_of(content.lessons(module)),
            &[folders.print.as_str(), folders.trainer.as_str()],
        );
    }
}

fn slugs_of<'c>(docs: impl IntoIterator<Item = &'c Doc>) -> Vec<(&'c str, &'c Path)> {
    docs.into_iter()
        .map(|d| (d.slug.as_str(), d.path.as_path()))
        .collect()
}

/// Every glossary term is the target of links (`begrippen/#id`), so its id must be there and be
/// its own: terms that differ only in capitals, spaces or punctuation (`CAW`,
/// `caw`, `C.A.W.`) would share one id, a term of only signs (`!!!`, an emoji) would get none,
/// and a term named like a part of the theme (`Inhoud`, the skip link's target) would share its
/// id with that part.
pub fn term_ids(doc: &Doc, theme_ids: &[String], errors: &mut Vec<Error>) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let terms = doc.kind.as_page().map(|m| m.terms.as_slice());
    for (n, term) in terms.unwrap_or_default().iter().enumerate() {
        let id = ids::term(&term.term);
        let problem = if id.is_empty() {
            format!(
                "the term \"{}\" has no letter or digit, so it cannot get a link id; write it \
                 in words",
                term.term
            )
        } else if theme_ids.contains(&id) {
            format!(
                "the term \"{}\" gets the link id \"{id}\", which the theme's templates already \
                 use on the pages; write the term in other words",
                term.term
            )
        } else if let Some(other) = seen.get(&id) {
            format!(
                "the term \"{}\" gets the same link id \"{id}\" as the term \"{other}\" (they \
                 differ only in capitals, spaces or punctuation); keep one of them",
                term.term
            )
        } else {
            seen.insert(id, &term.term);
            continue;
        };
        // Finding a line parses the front matter again: only for a term with a problem.
        let path = [Step::Key("terms"), Step::Index(n), Step::Key("term")];
        let line = doc.lines_at(&[&path])[0];
        errors.push(Error::invalid(Location::line(&doc.path, line), problem));
    }
}

/// A lesson's partners are in the directory (other pages name none).
pub fn partner_refs(doc: &Doc, directory: &Directory, errors: &mut Vec<Error>) {
    let Some(lesson) = doc.kind.as_lesson() else {
        return;
    };
    for (n, id) in lesson.partners.iter().enumerate() {
        if directory.partner(id).is_none() {
            let path = [Step::Key("partners"), Step::Index(n)];
            errors.push(Error::UnknownPartner {
                at: Location::line(&doc.path, doc.lines_at(&[&path])[0]),
                id: id.clone(),
                known: directory.partner_ids(),
            });
        }
    }
}

/// The steps a partner names exist.
pub fn partner_steps(content: &Content, directory: &Directory, errors: &mut Vec<Error>) {
    let step_slugs: Vec<&str> = content.steps().iter().map(|s| s.slug.as_str()).collect();
    for partner in &directory.partners {
        for step in &partner.steps {
            if !step_slugs.contains(&step.as_str()) {
                let mut known = step_slugs.clone();
                known.sort_unstable();
                errors.push(Error::invalid(
                    Location::line(
                        &directory.path,
                        directory.line_of("partners", &partner.id, "steps", step),
                    ),
                    format!("unknown step \"{step}\"; known: {}", known.join(", ")),
                ));
            }
        }
    }
}

/// The domains kept for examples (RFC 2606, RFC 6761): a website there is a placeholder that
/// `leerpad init` wrote or an editor copied, never a real partner's.
const PLACEHOLDER_DOMAINS: &[&str] = &["example.org", "example.com", "example.net"];
const PLACEHOLDER_TLDS: &[&str] = &["example", "invalid", "test", "localhost"];

/// Whether `url`'s host is a domain kept for examples.
pub fn is_placeholder_url(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .rsplit('@')
        .next()
        .unwrap_or("");
    let host = host.split(':').next().unwrap_or("").trim_end_matches('.');
    let host = host.to_ascii_lowercase();
    PLACEHOLDER_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || PLACEHOLDER_TLDS
            .iter()
            .any(|tld| host == *tld || host.ends_with(&format!(".{tld}")))
}

/// A warning for each partner whose website is a placeholder, at its line in partners.yaml.
pub fn partner_warnings(directory: &Directory, warnings: &mut Vec<Warning>) {
    for partner in &directory.partners {
        let Some(url) = partner.website.as_deref().filter(|u| is_placeholder_url(u)) else {
            continue;
        };
        let line = directory.line_of("partners", &partner.id, "website", "");
        warnings.push(Warning {
            at: Location::line(&directory.path, line),
            message: format!(
                "the website of \"{}\" is \"{url}\", a placeholder; put the partner's own \
                 address here, or remove the line",
                partner.id
            ),
        });
    }
}

/// Warnings about a lesson that reads with difficulty or takes long to read.
pub fn lesson_warnings(lesson: &Page, config: &Config, warnings: &mut Vec<Warning>) {
    if let Some(score) = lesson
        .readability
        .filter(|r| r.score < config.min_readability)
    {
        warnings.push(Warning {
            at: Location::file(&lesson.source),
            message: format!(
                "this lesson reads with difficulty ({} {:.0}, below {:.0}); use \
                 shorter sentences and shorter words",
                score.formula.name(),
                score.score,
                config.min_readability
            ),
        });
    }
    let computed = reading_minutes(lesson.words);
    let shown = lesson.minutes().max(computed);
    if shown > MAX_LESSON_MINUTES {
        warnings.push(Warning {
            at: Location::file(&lesson.source),
            message: format!(
                "this lesson takes {shown} minutes to read ({} words); keep lessons at \
                 {MAX_LESSON_MINUTES} minutes or less, or split it",
                lesson.words
            ),
        });
    }
}

/// A step as a node of the step graph, with the lines of its kind and its choices' targets;
/// `None` for a page that is not a step.
pub fn step_node(doc: &Doc, folders: &Folders) -> Option<StepNode> {
    let meta = doc.kind.as_step()?;
    let kind = [Step::Key("kind")];
    let tos: Vec<[Step; 3]> = (0..meta.choices.len())
        .map(|n| [Step::Key("choices"), Step::Index(n), Step::Key("to")])
        .collect();
    let mut paths: Vec<&[Step]> = vec![&kind];
    paths.extend(tos.iter().map(|path| &path[..]));
    let lines = doc.lines_at(&paths);
    let kind_line = lines[0];
    let choices = meta
        .choices
        .iter()
        .zip(&lines[1..])
        .map(|(c, &line)| ChoiceEdge {
            label: c.label.clone(),
            to: c.to.clone(),
            at: Location::line(&doc.path, line),
        })
        .collect();
    Some(StepNode {
        slug: doc.slug.clone(),
        title: meta.title.clone(),
        label: meta.label.clone(),
        kind: meta.kind,
        url: format!("{}index.html", folders.step_url(&doc.slug)),
        at: Location::line(&doc.path, kind_line),
        choices,
    })
}

#[cfg(test)]
mod tests {
    use super::is_placeholder_url;

    #[test]
    fn the_domains_kept_for_examples_are_placeholders() {
        for url in [
            "https://example.org/",
            "https://www.example.com/partner",
            "http://EXAMPLE.net",
            "https://partner.example/",
            "https://x.test:8080/a",
        ] {
            assert!(is_placeholder_url(url), "{url}");
        }
        for url in [
            "https://kindengezin.be/",
            "https://example.org.evil.be/",
            "https://myexample.org/",
        ] {
            assert!(!is_placeholder_url(url), "{url}");
        }
    }
}
