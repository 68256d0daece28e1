//! Links in the pages the templates make, checked against the files the build makes.
//!
//! Owns: finding every internal `href`, `src` and `action` of a rendered page (one byte scan, on
//! the thread that rendered the page), and after the build reporting each target that no output
//! file has, once, at the template line it most likely comes from.
//! Does not: check links written in Markdown (the site stage does, at their source lines, so
//! they always pass here), anchors (`#…`), external URLs (`https:`, `mailto:`, `tel:`, …) or
//! links in static files; it never changes a page.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

mod kept;

use super::{OutputFile, Sink};
use crate::error::{Error, Location};
use crate::theme::TemplateSource;
pub use kept::KeptLinks;

/// A sink that looks at the links of every page on its way to `inner`. Targets are gathered
/// while pages render; `LinkTargets::missing` compares them with the files of the whole build
/// (pages, static files, the search index, the service worker), which only exist once
/// everything is made.
pub struct LinkCheck<'s, 't, 'k> {
    inner: &'s dyn Sink,
    templates: &'t [TemplateSource],
    /// The base URL with its trailing slash: the 404 page's links start with it.
    base: String,
    /// Each target (a path from the output root) with who links to it.
    targets: Mutex<HashMap<String, Referrers>>,
    /// Pages scanned so far; each gets the next number.
    pages: AtomicUsize,
    /// `serve`'s rebuilds: the links of each page of the last build, taken again for a page
    /// with the same bytes, and this build's.
    kept: Option<kept::Pass<'k>>,
}

/// The pages that link to one target: the first by path, for the message, and how many.
#[derive(Clone)]
struct Referrers {
    page: String,
    template: String,
    /// The link as the first page writes it (entities decoded).
    written: String,
    pages: usize,
    /// The number of the last page counted, so a page that links twice counts once.
    last: usize,
}

impl<'s, 't, 'k> LinkCheck<'s, 't, 'k> {
    pub fn new(inner: &'s dyn Sink, templates: &'t [TemplateSource], base_url: &str) -> Self {
        LinkCheck {
            inner,
            templates,
            base: base_url.to_string(),
            targets: Mutex::new(HashMap::new()),
            pages: AtomicUsize::new(0),
            kept: None,
        }
    }

    /// A check that takes again the links of the pages of `kept` whose bytes are the same, and
    /// leaves this build's in it (`serve`).
    pub fn keeping(mut self, kept: Option<&'k KeptLinks>) -> Self {
        self.kept = kept.map(|kept| kept.start(&self.base));
        self
    }

    /// The targets the pages link to, once every page has passed.
    pub fn targets(self) -> LinkTargets<'t, 'k> {
        let targets = match self.kept {
            Some(pass) => Targets::Kept(pass.finish()),
            None => Targets::Counted(self.targets.into_inner().unwrap_or_else(|e| e.into_inner())),
        };
        LinkTargets {
            templates: self.templates,
            targets,
        }
    }

    /// The targets of the internal links of a page in `folder`, in one buffer, each with the
    /// range it takes there and the link as the page writes it.
    fn resolved<'h>(&self, folder: &str, html: &'h str) -> (String, Vec<(Range<usize>, &'h str)>) {
        let mut paths = String::with_capacity(4096);
        let mut found = Vec::with_capacity(64);
        for value in attribute_values(html) {
            let start = paths.len();
            if resolve(folder, &decode_entities(value), &self.base, &mut paths) {
                found.push((start..paths.len(), value));
            }
        }
        (paths, found)
    }

    /// The internal links of a page in `folder`, each target once with the link as the page
    /// first writes it (entities decoded).
    fn links_of(&self, folder: &str, html: &str) -> Vec<(String, String)> {
        let (paths, found) = self.resolved(folder, html);
        let mut seen = std::collections::HashSet::with_capacity(found.len());
        found
            .into_iter()
            .filter(|(range, _)| seen.insert(&paths[range.clone()]))
            .map(|(range, value)| {
                (
                    paths[range].to_string(),
                    decode_entities(value).into_owned(),
                )
            })
            .collect()
    }

    /// Notes the internal links of a page made from `template`: resolved outside the lock into
    /// one buffer, then counted once per page under it.
    fn scan(&self, page: &str, template: &str, html: &str) {
        let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        let (paths, found) = self.resolved(folder, html);
        let number = self.pages.fetch_add(1, Ordering::Relaxed);
        let mut targets = self.targets.lock().unwrap_or_else(|e| e.into_inner());
        for (range, value) in found {
            let target = &paths[range];
            let first = || Referrers {
                page: page.to_string(),
                template: template.to_string(),
                written: decode_entities(value).into_owned(),
                pages: 1,
                last: number,
            };
            match targets.get_mut(target) {
                None => {
                    targets.insert(target.to_string(), first());
                }
                Some(by) if by.last != number => {
                    by.last = number;
                    by.pages += 1;
                    // Threads finish pages in any order; the message names the first by path.
                    if page < by.page.as_str() {
                        *by = Referrers {
                            pages: by.pages,
                            ..first()
                        };
                    }
                }
                Some(_) => {}
            }
        }
    }
}

/// What the pages link to, to compare with the files of the build.
pub struct LinkTargets<'a, 'k> {
    templates: &'a [TemplateSource],
    targets: Targets<'k>,
}

/// Each target with who links to it, counted as the pages passed; or, in `serve`, the links of
/// every page kept with the number of pages that link to each target.
enum Targets<'k> {
    Counted(HashMap<String, Referrers>),
    Kept(&'k KeptLinks),
}

impl LinkTargets<'_, '_> {
    /// Every target that is not among `written` (the paths of all output files), as located
    /// errors sorted by target.
    pub fn missing(self, written: &crate::render::unique::Paths) -> Vec<Error> {
        let mut missing: Vec<(String, Referrers)> = match self.targets {
            Targets::Counted(targets) => targets
                .into_iter()
                .filter(|(target, _)| !written.contains(target))
                .collect(),
            Targets::Kept(kept) => kept.missing(written),
        };
        missing.sort_by(|a, b| a.0.cmp(&b.0));
        missing
            .into_iter()
            .map(|(target, by)| {
                let others = match by.pages {
                    1 => String::new(),
                    2 => " and 1 other page".to_string(),
                    n => format!(" and {} other pages", n - 1),
                };
                let what = if target.starts_with("../") {
                    "it leads out of the site"
                } else {
                    "the site has no such page or file"
                };
                Error::BrokenLink {
                    at: locate(self.templates, &by.written, &target, &by.template),
                    reason: format!(
                        "{what} (linked from {}{others}); add the page, or change or remove the \
                         link in the template",
                        by.page
                    ),
                    target,
                }
            })
            .collect()
    }
}

impl Sink for LinkCheck<'_, '_, '_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.inner.put(file)
    }

    fn put_page(&self, file: OutputFile, template: &str) -> Result<(), Error> {
        match &self.kept {
            Some(pass) => pass.page(&file, template, |folder, html| self.links_of(folder, html)),
            None => {
                if let Ok(html) = std::str::from_utf8(&file.bytes) {
                    self.scan(&file.path, template, html);
                }
            }
        }
        self.inner.put(file)
    }
}

/// The values of the `href`, `src` and `action` attributes in `html`, quoted with `"` or `'`:
/// one pass over the `=` signs, each checked for an attribute name before it.
fn attribute_values(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    let mut resume = 0;
    memchr::memchr_iter(b'=', bytes).filter_map(move |at| {
        if at < resume {
            return None;
        }
        let quote = *bytes.get(at + 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let before = &bytes[..at];
        let name = [&b"href"[..], b"src", b"action"]
            .into_iter()
            .find(|name| before.ends_with(name))?;
        let space = before.len().checked_sub(name.len() + 1)?;
        if !bytes[space].is_ascii_whitespace() {
            return None;
        }
        let start = at + 2;
        let end = start + memchr::memchr(quote, &bytes[start..])?;
        resume = end + 1;
        html.get(start..end)
    })
}

/// `&amp;` and the other entities the escaping of templates and Markdown writes.
fn decode_entities(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = value.to_string();
    for (entity, c) in [
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#x27;", "'"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ] {
        out = out.replace(entity, c);
    }
    Cow::Owned(out)
}

/// Appends to `out` the output path a link on a page in `folder` leads to, and says whether it
/// did: not for a fragment of the same page, a URL with a scheme, a path outside `base` or one
/// of `serve`'s own, which are not the site's to check. A link to a folder leads to its `index.html`; one that
/// climbs above the root starts with `../`.
fn resolve(folder: &str, value: &str, base: &str, out: &mut String) -> bool {
    let value = value.trim();
    let path = &value[..value.find(['?', '#']).unwrap_or(value.len())];
    // `leerpad serve` answers its own paths (the live-reload script); no build writes them.
    if path.is_empty() || value.starts_with("//") || path.starts_with(crate::serve::LIVE_PREFIX) {
        return false;
    }
    let (from_root, rest) = if let Some(rest) = path.strip_prefix(base) {
        (true, rest)
    } else if has_scheme(path) || path.starts_with('/') {
        return false;
    } else {
        (false, path)
    };
    let rest = percent_decode(rest);
    let start = out.len();
    if !from_root {
        out.push_str(folder);
    }
    // `out[start..]` is a folder path ending in `/` (or empty) until the last part.
    let mut above = 0;
    let mut is_folder = rest.is_empty();
    for part in rest.split('/') {
        is_folder = matches!(part, "" | "." | "..");
        match part {
            "" | "." => {}
            ".." if out.len() == start => above += 1,
            ".." => {
                out.pop();
                let cut = out[start..].rfind('/').map_or(start, |i| start + i + 1);
                out.truncate(cut);
            }
            _ => {
                out.push_str(part);
                out.push('/');
            }
        }
    }
    if is_folder {
        out.push_str("index.html");
    } else {
        out.pop();
    }
    if above > 0 {
        out.insert_str(start, &"../".repeat(above));
    }
    true
}

/// Whether `path` starts with a URL scheme (`https:`, `mailto:`, `tel:`, `data:`, …).
fn has_scheme(path: &str) -> bool {
    match path.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `%20` and the like as the bytes they stand for; the text as it is when that is not UTF-8.
fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = || std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok();
        match hex().and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(byte) if bytes[i] == b'%' => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Where a broken link most likely comes from: the first template line that holds the link as
/// the page writes it, else its target from the root (a template writes `{{ root }}x/`), else
/// that target's folder; the page's own template is searched first. When no template holds it
/// (the link is made from data), the page's template as a whole.
fn locate(templates: &[TemplateSource], written: &str, target: &str, template: &str) -> Location {
    let own = templates.iter().filter(|t| t.name == template);
    let others = templates.iter().filter(|t| t.name != template);
    let ordered: Vec<&TemplateSource> = own.chain(others).collect();
    let folder = target.strip_suffix("index.html").filter(|f| !f.is_empty());
    for needle in [Some(written), Some(target), folder].into_iter().flatten() {
        for source in &ordered {
            if let Some(offset) = source.text.find(needle) {
                let before = &source.text[..offset];
                let line = before.matches('\n').count() + 1;
                let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                    .chars()
                    .count()
                    + 1;
                return Location::at(&source.origin, line as u32, column as u32);
            }
        }
    }
    match ordered.first().filter(|t| t.name == template) {
        Some(source) => Location::file(&source.origin),
        None => Location::file(format!("templates/{template}")),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::render::MemorySink;

    #[test]
    fn finds_href_src_and_action_but_not_data_attributes() {
        let html = "<a href=\"a.html\" data-href=\"no.html\"><img\nsrc='b.png'>\
                    <form action=\"c/\"><p>x=\"y\" href=\"text\"</p><i data-src=\"no\">";
        let values: Vec<&str> = attribute_values(html).collect();
        assert_eq!(values, ["a.html", "b.png", "c/", "text"]);
    }

    #[test]
    fn resolves_against_the_page_folder_and_skips_what_is_not_ours() {
        let resolved = |folder: &str, value: &str, base: &str| {
            let mut out = String::from("before|");
            resolve(folder, value, base, &mut out).then(|| out["before|".len()..].to_string())
        };
        let at = |value| resolved("modules/a/b/", value, "/");
        assert_eq!(at("../../../css/site.css").as_deref(), Some("css/site.css"));
        assert_eq!(at("../c/").as_deref(), Some("modules/a/c/index.html"));
        assert_eq!(at("./").as_deref(), Some("modules/a/b/index.html"));
        assert_eq!(at("..").as_deref(), Some("modules/a/index.html"));
        assert_eq!(at("../../..").as_deref(), Some("index.html"));
        assert_eq!(
            resolved("", "index.html", "/").as_deref(),
            Some("index.html")
        );
        assert_eq!(at("x.html?q=1#top").as_deref(), Some("modules/a/b/x.html"));
        assert_eq!(at("a%20b.pdf").as_deref(), Some("modules/a/b/a b.pdf"));
        assert_eq!(at("/over/").as_deref(), Some("over/index.html"));
        assert_eq!(at("../../../../x.html").as_deref(), Some("../x.html"));
        for skipped in [
            "#top",
            "",
            "?q=1",
            "https://a.be/",
            "//a.be/x",
            "mailto:a@b.be",
        ] {
            assert_eq!(at(skipped), None, "{skipped}");
        }
        assert_eq!(at("tel:112"), None);
        let base = "https://leerpad.be/cursus/";
        assert_eq!(
            resolved("", "https://leerpad.be/cursus/css/site.css", base).as_deref(),
            Some("css/site.css")
        );
        assert_eq!(resolved("", "/elders/", "/cursus/"), None);
        assert_eq!(
            resolved("", "/cursus/zoeken/", "/cursus/").as_deref(),
            Some("zoeken/index.html")
        );
    }

    fn source(name: &str, origin: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.to_string(),
            origin: PathBuf::from(origin),
            text: text.to_string(),
        }
    }

    #[test]
    fn reports_each_missing_target_once_at_its_template_line() {
        let templates = [
            source("page.html", "themes/default/templates/page.html", "{% block main %}\n{% endblock main %}\n"),
            source(
                "base.html",
                "templates/base.html",
                "<head>\n<body>  <a href=\"{{ root }}nergens/index.html\">x</a>\n<a href=\"{{ x }}\">",
            ),
        ];
        let memory = MemorySink::default();
        let links = LinkCheck::new(&memory, &templates, "/");
        let page = |path: &str, html: &str| {
            links
                .put_page(OutputFile::new(path, html), "page.html")
                .unwrap()
        };
        page(
            "over/index.html",
            "<a href=\"../nergens/index.html\"></a><a href=\"../css/a.css\"></a><a href=\"weg.html\"></a>\
             <a href=\"../nergens/\">twice on a page counts once</a>",
        );
        page(
            "index.html",
            "<a href=\"nergens/index.html\"></a><a href='css/a.css'></a>",
        );
        links.put(OutputFile::new("css/a.css", "")).unwrap();
        let targets = links.targets();
        let written: crate::render::unique::Paths =
            memory.into_files().into_iter().map(|f| f.path).collect();
        let errors: Vec<String> = targets
            .missing(&written)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errors,
            [
                "templates/base.html:2:28: broken link \"nergens/index.html\": the site has no \
                 such page or file (linked from index.html and 1 other page); add the page, or \
                 change or remove the link in the template",
                "themes/default/templates/page.html: broken link \"over/weg.html\": the site has \
                 no such page or file (linked from over/index.html); add the page, or change or \
                 remove the link in the template",
            ]
        );
    }
}
