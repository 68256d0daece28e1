//! Renders the assembled site to files in memory: template views + Tera → `Vec<OutputFile>`.
//!
//! Owns: which output files exist and at which paths, the Tera instance (compiled once).
//! Does not: write to disk (see `output`) or decide what a page says (see `site`).

mod handouts;
mod jobs;
mod links;
mod minify;
mod unique;
pub mod views;

use std::sync::Arc;

use jobs::Job;
use rayon::prelude::*;
use tera::Context;

use crate::error::Error;
use crate::site::{relative_url, Site};
use crate::theme::{Strings, Templates, Theme, ThemeFile};
pub use links::LinkCheck;
pub use unique::UniquePaths;
use views::*;

/// A file of the built site, in memory. `path` uses forward slashes, relative to the output root.
/// The bytes are shared: a page that `serve` takes again from its last build, and the sinks
/// that pass it on, hold the same bytes instead of copies (and can tell by `Arc::ptr_eq` that
/// they are the bytes they saw before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile::shared(path, Arc::new(bytes.into()))
    }

    /// A file with bytes that other files or a kept build also hold.
    pub fn shared(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
        }
    }
}

/// Where rendered files go: memory (check, serve, tests) or the staging folder (build).
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Error>;

    /// A page rendered from `template`; a sink that looks into pages (the link check) says
    /// which template a problem comes from.
    fn put_page(&self, file: OutputFile, template: &str) -> Result<(), Error> {
        let _ = template;
        self.put(file)
    }
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct MemorySink(std::sync::Mutex<Vec<OutputFile>>);

impl MemorySink {
    /// The files, sorted by path so the order never depends on threads.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Each page by path with the template and the context it was made from.
type PageMap = std::collections::HashMap<String, (&'static str, Context, Arc<Vec<u8>>)>;

/// The pages of the last render with the context each was made from, for `serve`'s rebuilds:
/// a page whose whole context is equal to its last one is the same page, and is not rendered
/// again (the templates are the same: a `Renderer` keeps its pages only while it lives).
#[derive(Default)]
pub struct KeptPages {
    pages: std::sync::Mutex<PageMap>,
    /// Pages rendered by the last render (the others were taken again), for `serve`'s log.
    rendered: std::sync::atomic::AtomicUsize,
}

impl KeptPages {
    /// How many pages the last render made anew.
    pub fn rendered(&self) -> usize {
        self.rendered.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many pages the last render made in all.
    pub fn len(&self) -> usize {
        self.pages.lock().map_or(0, |p| p.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Passes files on under a folder: one language's site of a multilingual site (`fr/…`).
pub struct Prefixed<'a> {
    inner: &'a dyn Sink,
    prefix: &'a str,
}

impl<'a> Prefixed<'a> {
    pub fn new(inner: &'a dyn Sink, prefix: &'a str) -> Self {
        Prefixed { inner, prefix }
    }

    fn moved(&self, mut file: OutputFile) -> OutputFile {
        file.path.insert_str(0, self.prefix);
        file
    }
}

impl Sink for Prefixed<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.inner.put(self.moved(file))
    }

    fn put_page(&self, file: OutputFile, template: &str) -> Result<(), Error> {
        self.inner.put_page(self.moved(file), template)
    }
}

/// Templates compiled once, reused for every page and every rebuild in `serve`.
pub struct Renderer {
    templates: Templates,
    strings: Strings,
    statics: Vec<ThemeFile>,
}

impl Renderer {
    /// The theme's UI strings (the search index takes its question words from them).
    pub fn strings(&self) -> &Strings {
        &self.strings
    }
}

impl Renderer {
    /// Compiles the theme's templates. Template errors carry Tera's explanation as their source.
    pub fn new(theme: &Theme) -> Result<Renderer, Error> {
        Ok(Renderer {
            templates: Templates::compile(theme)?,
            strings: theme.strings.clone(),
            statics: theme.statics.clone(),
        })
    }

    /// The compiled templates, for the pieces of markup inside page bodies.
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The output path of each static file and the project file it comes from.
    pub fn static_origins(&self) -> std::collections::BTreeMap<String, std::path::PathBuf> {
        self.statics
            .iter()
            .map(|f| (f.name.clone(), f.origin.clone()))
            .collect()
    }

    /// Renders every page, the sitemap and the static assets into memory, sorted by path.
    pub fn render(&self, site: &Site) -> Result<Vec<OutputFile>, Error> {
        let sink = MemorySink::default();
        self.render_into(site, &sink)?;
        Ok(sink.into_files())
    }

    /// Renders every page, the sitemap and the static assets, handing each file to `sink` as
    /// soon as it is made (in parallel), so a large site is never whole in memory.
    pub fn render_into(&self, site: &Site, sink: &dyn Sink) -> Result<(), Error> {
        self.render_kept(site, sink, None)
    }

    /// `render_into`, taking again the pages of `kept` whose context is unchanged and leaving
    /// this render's pages in it.
    pub fn render_kept(
        &self,
        site: &Site,
        sink: &dyn Sink,
        kept: Option<&KeptPages>,
    ) -> Result<(), Error> {
        let last = kept
            .map(|k| std::mem::take(&mut *k.pages.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default();
        let now = std::sync::Mutex::new(std::collections::HashMap::new());
        let rendered = std::sync::atomic::AtomicUsize::new(0);
        let all_partners: Vec<PartnerView> = site
            .directory
            .partners
            .iter()
            .map(|p| partner_view(&site.directory, p))
            .collect();
        let jobs = jobs::all(self, site, &all_partners);
        let errors: Vec<Error> = jobs
            .into_par_iter()
            .filter_map(|job| {
                let template = job.template;
                let page = match kept {
                    None => self.render_job(site, job),
                    Some(_) => self.render_job_kept(site, job, &last, &now, &rendered),
                };
                page.and_then(|f| sink.put_page(f, template)).err()
            })
            .collect();
        if let Some(kept) = kept {
            *kept.pages.lock().unwrap_or_else(|e| e.into_inner()) =
                now.into_inner().unwrap_or_else(|e| e.into_inner());
            kept.rendered
                .store(rendered.into_inner(), std::sync::atomic::Ordering::Relaxed);
        }
        let mut errors: Vec<Error> = errors.into_iter().flat_map(Error::into_list).collect();
        crate::site::sort_errors(&mut errors);
        Error::from_list(errors)?;
        sink.put_page(self.not_found(site)?, "404.html")?;
        let mut cx = Context::new();
        cx.insert("urls", &sitemap_urls(site));
        cx.insert("multilingual", &!site.translations.is_empty());
        let xml = self.templates.render("sitemap.xml", &cx)?;
        sink.put(OutputFile::new("sitemap.xml", xml))?;
        // The regions for the region choice and the finder, as a script (works from file://),
        // loaded only by the pages that use it.
        sink.put(OutputFile::new(
            "js/regions-data.js",
            format!(
                "window.LEERPAD_REGIONS = {};\nwindow.LEERPAD_OUTSIDE = {};\n\
                 window.LEERPAD_REGION_TEXTS = {};\n",
                regions_json(&site.directory),
                outside_json(&site.directory),
                region_texts_json(&self.strings)
            ),
        ))?;
        for file in &self.statics {
            let bytes = match std::str::from_utf8(&file.bytes) {
                Ok(text) if file.name.ends_with(".css") => minify::css(text).into_bytes(),
                Ok(text) if file.name.ends_with(".js") => minify::js(text).into_bytes(),
                _ => file.bytes.clone(),
            };
            sink.put(OutputFile::new(file.name.clone(), bytes))?;
        }
        Ok(())
    }

    fn base_context(&self, site: &Site, url: &str, title: &str, section: &str) -> Context {
        let mut cx = Context::new();
        cx.insert(
            "site",
            &SiteView {
                title: &site.config.title,
                description: &site.config.description,
                lang: &site.config.language,
                steps_note: &site.config.steps_note,
            },
        );
        cx.insert("root", &crate::site::root_prefix(url));
        cx.insert("url", url);
        cx.insert("title", title);
        // The step plan's and the search's section is named by its folder (`stappen`, `zoeken`),
        // a word of the site's language like the folder itself.
        let section = match section {
            "steps" => &site.config.folders.steps,
            "search" => &site.config.folders.search,
            other => other,
        };
        cx.insert("section", section);
        cx.insert(
            "glossary",
            &site.glossary_url.as_ref().map(|g| relative_url(url, g)),
        );
        let folders = &site.config.folders;
        cx.insert(
            "province_choices",
            &province_choices(&site.directory, &folders.partners),
        );
        cx.insert("folders", folders);
        cx.insert("footer_links", &footer_links(site));
        // In a SCORM package (`leerpad package`) every page loads the LMS run-time.
        cx.insert("scorm", &crate::package::page_view(&site.config));
        cx.insert("live_reload", &site.config.live_reload);
        // A multilingual site's page in each language that has it (`hreflang`, the switch).
        cx.insert(
            "translations",
            site.translations.get(url).map_or(&[][..], Vec::as_slice),
        );
        // The acute-danger line links the step plan's urgent step, when the site has one; the
        // path is from the site root, as `root` is (the 404 page sets it to the base URL).
        let urgent = site
            .steps()
            .iter()
            .find(|s| s.step_kind() == Some(crate::content::front_matter::StepKind::Urgent));
        cx.insert(
            "urgent_step",
            &urgent.map(|s| format!("{}index.html", s.url)),
        );
        cx
    }

    fn render_job(&self, site: &Site, job: Job<'_>) -> Result<OutputFile, Error> {
        let mut cx = self.base_context(site, &job.url, &job.title, job.section);
        cx.extend((job.context)());
        let html = self.templates.render(job.template, &cx)?;
        Ok(OutputFile::new(format!("{}index.html", job.url), html))
    }

    /// `render_job`, or the page of the last render when its template and context are the same.
    fn render_job_kept(
        &self,
        site: &Site,
        job: Job<'_>,
        last: &PageMap,
        now: &std::sync::Mutex<PageMap>,
        rendered: &std::sync::atomic::AtomicUsize,
    ) -> Result<OutputFile, Error> {
        let mut cx = self.base_context(site, &job.url, &job.title, job.section);
        cx.extend((job.context)());
        let path = format!("{}index.html", job.url);
        let bytes = match last.get(&path) {
            Some((template, old, bytes)) if *template == job.template && *old == cx => {
                bytes.clone()
            }
            _ => {
                rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Arc::new(self.templates.render(job.template, &cx)?.into_bytes())
            }
        };
        now.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone(), (job.template, cx, bytes.clone()));
        Ok(OutputFile::shared(path, bytes))
    }

    /// The 404 page is served for any missing path, so its links start at the base URL.
    pub fn not_found(&self, site: &Site) -> Result<OutputFile, Error> {
        let title = self.strings.get("not_found_title");
        let mut cx = self.base_context(site, "", title, "404");
        cx.insert("root", &site.config.base_url());
        cx.insert("translations", &[(); 0]);
        let html = self.templates.render("404.html", &cx)?;
        Ok(OutputFile::new("404.html", html))
    }
}

/// The theme's `region_*` strings, for the region scripts: they travel with the region data
/// instead of sitting in every page's header.
fn region_texts_json(strings: &Strings) -> String {
    let texts: std::collections::BTreeMap<&str, &str> = strings
        .0
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("region_")?, v.as_str())))
        .collect();
    crate::html::json_for_html(&texts)
}

/// A page in `sitemap.xml`: its absolute URL and, in a multilingual site, those of the page in
/// each language (itself included).
#[derive(serde::Serialize)]
struct SitemapUrl {
    loc: String,
    alternates: Vec<SitemapAlternate>,
}

#[derive(serde::Serialize)]
struct SitemapAlternate {
    lang: String,
    href: String,
}

/// The absolute URL of every page for `sitemap.xml`, from `base_url`, with its translations.
fn sitemap_urls(site: &Site) -> Vec<SitemapUrl> {
    // A language's base URL ends in its folder; the translations' paths start at the root.
    let own = crate::languages::prefix(&site.config.language);
    let base = site.config.base_url();
    let root = base.strip_suffix(&own).unwrap_or(&base);
    page_urls(site, false)
        .into_iter()
        .map(|url| SitemapUrl {
            loc: format!("{base}{url}"),
            alternates: site
                .translations
                .get(&url)
                .into_iter()
                .flatten()
                .map(|t| SitemapAlternate {
                    lang: t.lang.clone(),
                    href: format!("{root}{}", t.path),
                })
                .collect(),
        })
        .collect()
}

/// The folder URL of every page the render makes, from the site's root: home, free pages,
/// each module (with its two print versions when `print`) and its lessons, the step plan, the
/// step card, the partner pages and the search page. The sitemap leaves the print pages out.
pub(crate) fn page_urls(site: &Site, print: bool) -> Vec<String> {
    let folders = &site.config.folders;
    let mut urls: Vec<String> = vec![String::new()];
    urls.extend(site.free_pages().iter().map(|p| p.url.clone()));
    for module in &site.modules {
        let intro = &site.intro(module).url;
        urls.push(intro.clone());
        if print {
            urls.push(folders.print_url(intro));
            urls.push(folders.trainer_url(intro));
        }
        urls.extend(site.lessons(module).iter().map(|l| l.url.clone()));
    }
    urls.push(format!("{}/", folders.steps));
    urls.extend(site.steps().iter().map(|s| s.url.clone()));
    urls.push(format!("{}/", folders.step_card));
    urls.push(format!("{}/", folders.partners));
    urls.extend(
        site.directory
            .regions
            .iter()
            .map(|r| format!("{}/{}/", folders.partners, r.id)),
    );
    urls.push(format!("{}/", folders.search));
    urls
}
