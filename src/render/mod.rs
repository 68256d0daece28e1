//! Renders the assembled site to files in memory: template views + Tera → `Vec<OutputFile>`.
//!
//! Owns: which output files exist and at which paths, the Tera instance (compiled once), and
//! for `serve` which pages a rebuild takes again: those whose context has the key it had
//! (`key`, `kept`).
//! Does not: write to disk (see `output`) or decide what a page says (see `site`).

mod handouts;
mod jobs;
mod kept;
mod key;
mod links;
mod minify;
mod unique;
pub mod views;

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tera::Context;

use crate::error::Error;
use crate::site::Site;
use crate::theme::{Strings, Templates, Theme, ThemeFile};
pub use kept::KeptPages;
use kept::Pass;
use key::{Cx, Key};
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
    /// The static file that takes the search index's manifest at its start (`with_index`): the
    /// pages' render leaves it out.
    index_bundle: Option<String>,
    /// The static files as the site gets them (CSS and JS minified), made once.
    minified: OnceLock<Vec<OutputFile>>,
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
            index_bundle: theme.index_bundle.clone(),
            minified: OnceLock::new(),
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
        let pass = kept.map(KeptPages::start);
        let result = self.render_pass(site, sink, kept.zip(pass.as_ref()));
        // A failed render keeps what it made.
        if let (Some(kept), Some(pass)) = (kept, pass) {
            kept.finish(pass);
        }
        result
    }

    fn render_pass(
        &self,
        site: &Site,
        sink: &dyn Sink,
        kept: Option<(&KeptPages, &Pass)>,
    ) -> Result<(), Error> {
        let pass = kept.map(|(_, pass)| pass);
        let base = Base::new(self, site, pass.is_some());
        let all_partners: Vec<PartnerView> = site
            .directory
            .partners
            .iter()
            .map(|p| partner_view(&site.directory, p))
            .collect();
        let jobs = jobs::all(self, site, &all_partners, kept.map(|(kept, _)| kept));
        let errors: Vec<Error> = jobs
            .into_par_iter()
            .filter_map(|job| {
                let fill = |cx: &mut Cx<'_>| {
                    self.page_context(site, &job.url, &job.title, job.section, cx);
                    (job.context)(cx);
                };
                let path = format!("{}index.html", job.url);
                let page = self.page(&base, job.template, path, &fill, pass);
                page.and_then(|f| sink.put_page(f, job.template)).err()
            })
            .collect();
        let mut errors: Vec<Error> = errors.into_iter().flat_map(Error::into_list).collect();
        crate::site::sort_errors(&mut errors);
        Error::from_list(errors)?;
        sink.put_page(self.not_found_kept(site, &base, pass)?, "404.html")?;
        let sitemap = |cx: &mut Cx<'_>| {
            cx.insert("urls", &sitemap_urls(site));
            cx.insert("multilingual", &!site.translations.is_empty());
        };
        let empty = Base {
            cx: Context::new(),
            key: Some(0),
        };
        sink.put(self.page(&empty, "sitemap.xml", "sitemap.xml".into(), &sitemap, pass)?)?;
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
        for file in self.minified() {
            if Some(&file.path) != self.index_bundle.as_ref() {
                sink.put(file.clone())?;
            }
        }
        Ok(())
    }

    /// The static file that takes the search index's manifest (a bundle with the line
    /// `@search-index`), minified, with `manifest` (a script) at its start; `None` when no bundle
    /// takes it. Made after the index, which the pages' render does not wait for.
    pub fn with_index(&self, manifest: &str) -> Option<OutputFile> {
        let name = self.index_bundle.as_ref()?;
        let file = self.minified().iter().find(|f| &f.path == name)?;
        // First: the scripts may ask for it as soon as they run (the box has focus by then).
        let mut bytes = Vec::with_capacity(file.bytes.len() + manifest.len() + 1);
        bytes.extend_from_slice(manifest.as_bytes());
        if !bytes.ends_with(b"\n") {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(&file.bytes);
        Some(OutputFile::new(name.clone(), bytes))
    }

    /// The static files, CSS and JS minified: made on the first render, the same ever after.
    fn minified(&self) -> &[OutputFile] {
        self.minified.get_or_init(|| {
            self.statics
                .iter()
                .map(|file| {
                    let bytes = match std::str::from_utf8(&file.bytes) {
                        Ok(text) if file.name.ends_with(".css") => minify::css(text).into_bytes(),
                        Ok(text) if file.name.ends_with(".js") => minify::js(text).into_bytes(),
                        _ => file.bytes.clone(),
                    };
                    OutputFile::new(file.name.clone(), bytes)
                })
                .collect()
        })
    }

    /// What every page's context holds, whatever its URL.
    fn site_context(&self, site: &Site, cx: &mut Cx<'_>) {
        cx.insert(
            "site",
            &SiteView {
                title: &site.config.title,
                description: &site.config.description,
                lang: &site.config.language,
                steps_note: &site.config.steps_note,
            },
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
    }

    /// What every page's context holds of its own place: its URL, title and section.
    fn page_context(&self, site: &Site, url: &str, title: &str, section: &str, cx: &mut Cx<'_>) {
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
            &site.glossary_url.as_ref().map(|to| Href { from: url, to }),
        );
        // A multilingual site's page in each language that has it (`hreflang`, the switch).
        cx.insert(
            "translations",
            site.translations.get(url).map_or(&[][..], Vec::as_slice),
        );
    }

    /// The page at `path` rendered from `template` with `base` and what `fill` puts in its
    /// context; with a `pass`, the page of the last render when its key is the same.
    fn page(
        &self,
        base: &Base,
        template: &'static str,
        path: String,
        fill: &dyn Fn(&mut Cx<'_>),
        pass: Option<&Pass>,
    ) -> Result<OutputFile, Error> {
        let key = pass.zip(base.key).and_then(|(_, base_key)| {
            let mut key = Key::default();
            key.value("base", &base_key);
            key.value("template", template);
            fill(&mut Cx::Key(&mut key));
            key.finish()
        });
        if let Some(bytes) = pass.and_then(|p| p.take(&path, key)) {
            return Ok(OutputFile::shared(path, bytes));
        }
        let mut cx = base.cx.clone();
        fill(&mut Cx::Render(&mut cx));
        let bytes = Arc::new(self.templates.render(template, &cx)?.into_bytes());
        if let Some(pass) = pass {
            pass.rendered(&path, key, bytes.clone());
        }
        Ok(OutputFile::shared(path, bytes))
    }

    /// The 404 page is served for any missing path, so its links start at the base URL.
    pub fn not_found(&self, site: &Site) -> Result<OutputFile, Error> {
        self.not_found_kept(site, &Base::new(self, site, false), None)
    }

    fn not_found_kept(
        &self,
        site: &Site,
        base: &Base,
        pass: Option<&Pass>,
    ) -> Result<OutputFile, Error> {
        let fill = |cx: &mut Cx<'_>| {
            let title = self.strings.get("not_found_title");
            self.page_context(site, "", title, "404", cx);
            cx.insert("root", &site.config.base_url());
            cx.insert("translations", &[(); 0]);
        };
        self.page(base, "404.html", "404.html".into(), &fill, pass)
    }
}

/// What every page's context starts with (`Renderer::site_context`), made once per render,
/// and its key when the render keeps pages.
struct Base {
    cx: Context,
    key: Option<u64>,
}

impl Base {
    fn new(renderer: &Renderer, site: &Site, keyed: bool) -> Base {
        let mut cx = Context::new();
        renderer.site_context(site, &mut Cx::Render(&mut cx));
        let key = keyed.then(|| {
            let mut key = Key::default();
            renderer.site_context(site, &mut Cx::Key(&mut key));
            key.finish()
        });
        Base {
            cx,
            key: key.flatten(),
        }
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
