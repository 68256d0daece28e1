//! Renders the assembled site to files in memory: template views + Tera → `Vec<OutputFile>`.
//!
//! Owns: which output files exist and at which paths, the Tera instance (compiled once).
//! Does not: write to disk (see `output`) or decide what a page says (see `site`).

mod minify;
mod unique;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::error::Error;
use crate::site::{relative_url, Site};
use crate::theme::{Strings, Templates, Theme, ThemeFile};
pub use unique::UniquePaths;
use views::*;

/// A file of the built site, in memory. `path` uses forward slashes, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Where rendered files go: memory (check, serve, tests) or the staging folder (build).
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Error>;
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

/// One page to render: the template, its folder URL and how to make its own context.
struct Job<'s> {
    template: &'static str,
    url: String,
    title: String,
    section: &'static str,
    context: Box<dyn Fn() -> Context + Send + Sync + 's>,
}

/// The context of the `index`th lesson of `module`.
fn lesson_context(site: &Site, module: &crate::site::Module, index: usize) -> Context {
    let lesson = &module.lessons[index];
    let url = &lesson.url;
    let mut cx = Context::new();
    cx.insert(
        "page",
        &page_view(&lesson.meta.title, &lesson.meta.summary, &lesson.html),
    );
    cx.insert("lesson", &lesson_link(lesson, url));
    cx.insert("module", &link(&module.page, &module.page.meta.title, url));
    cx.insert("position", &(index + 1));
    cx.insert("count", &module.lessons.len());
    let prev = index
        .checked_sub(1)
        .map(|p| lesson_link(&module.lessons[p], url));
    let next = module.lessons.get(index + 1).map(|n| lesson_link(n, url));
    cx.insert("prev", &prev);
    cx.insert("next", &next);
    let partners: Vec<PartnerView> = lesson
        .meta
        .partners
        .iter()
        .filter_map(|id| site.directory.partner(id))
        .map(|p| partner_view(&site.directory, p))
        .collect();
    cx.insert("partners", &partners);
    cx
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
        let all_partners: Vec<PartnerView> = site
            .directory
            .partners
            .iter()
            .map(|p| partner_view(&site.directory, p))
            .collect();
        let jobs = self.jobs(site, &all_partners);
        let errors: Vec<Error> = jobs
            .into_par_iter()
            .filter_map(|job| self.render_job(site, job).and_then(|f| sink.put(f)).err())
            .collect();
        let mut errors: Vec<Error> = errors.into_iter().flat_map(Error::into_list).collect();
        crate::site::sort_errors(&mut errors);
        Error::from_list(errors)?;
        sink.put(self.not_found(site)?)?;
        sink.put(sitemap(site))?;
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

    /// Every page to render. Contexts are built when the page renders, on the thread that
    /// renders it, so memory holds a few contexts at a time, not one per page.
    fn jobs<'s>(&'s self, site: &'s Site, all_partners: &'s [PartnerView]) -> Vec<Job<'s>> {
        let mut jobs: Vec<Job<'s>> = Vec::new();
        jobs.push(Job {
            template: "home.html",
            url: String::new(),
            title: site.home.meta.title.clone(),
            section: "home",
            context: Box::new(move || {
                let mut cx = Context::new();
                let home = &site.home;
                cx.insert(
                    "page",
                    &page_view(&home.meta.title, &home.meta.summary, &home.html),
                );
                let modules: Vec<_> = site.modules.iter().map(|m| module_card(m, "")).collect();
                cx.insert("modules", &modules);
                cx.insert("steps", &step_cards(site, ""));
                cx
            }),
        });

        for page in &site.pages {
            jobs.push(Job {
                template: "page.html",
                url: page.url.clone(),
                title: page.meta.title.clone(),
                section: "page",
                context: Box::new(move || {
                    let mut cx = Context::new();
                    cx.insert(
                        "page",
                        &page_view(&page.meta.title, &page.meta.summary, &page.html),
                    );
                    let terms: Vec<TermView> = page
                        .meta
                        .terms
                        .iter()
                        .map(|t| TermView {
                            id: crate::content::markdown::slugify(&t.term),
                            term: t.term.clone(),
                            expansion: t.expansion.clone().unwrap_or_default(),
                            definition: t.definition.clone(),
                        })
                        .collect();
                    cx.insert("terms", &terms);
                    cx
                }),
            });
        }

        for module in &site.modules {
            let url = &module.page.url;
            jobs.push(Job {
                template: "module.html",
                url: url.clone(),
                // The section in the title keeps it unique: a module and a step may share a name.
                title: format!(
                    "{} – {}",
                    module.page.meta.title,
                    self.strings.get("nav_modules")
                ),
                section: "modules",
                context: Box::new(move || {
                    let mut cx = Context::new();
                    let page = &module.page;
                    cx.insert(
                        "page",
                        &page_view(&page.meta.title, &page.meta.summary, &page.html),
                    );
                    cx.insert("module", &module_card(module, url));
                    cx
                }),
            });
            let print_url = format!("{url}print/");
            jobs.push(Job {
                template: "module-print.html",
                url: print_url.clone(),
                title: format!(
                    "{} – {}",
                    module.page.meta.title,
                    self.strings.get("print_title")
                ),
                section: "modules",
                context: Box::new(move || {
                    let mut cx = Context::new();
                    let page = &module.page;
                    // The intro was written for the module's folder; the print view is one deeper.
                    let intro = rebase_links(&print_html(&page.html, "intro"), "../");
                    cx.insert(
                        "page",
                        &page_view(&page.meta.title, &page.meta.summary, &intro),
                    );
                    cx.insert("module", &module_card(module, &print_url));
                    cx.insert("lessons", &print_lessons(module));
                    cx
                }),
            });
            for (i, lesson) in module.lessons.iter().enumerate() {
                jobs.push(Job {
                    template: "lesson.html",
                    url: lesson.url.clone(),
                    title: format!("{} – {}", lesson.meta.title, module.page.meta.title),
                    section: "modules",
                    context: Box::new(move || lesson_context(site, module, i)),
                });
            }
        }

        jobs.push(Job {
            template: "steps.html",
            url: "stappen/".to_string(),
            title: match &site.steps_index {
                Some(p) => p.meta.title.clone(),
                None => self.strings.get("steps_title").to_string(),
            },
            section: "stappen",
            context: Box::new(move || {
                let mut cx = Context::new();
                match &site.steps_index {
                    Some(p) => {
                        cx.insert("page", &page_view(&p.meta.title, &p.meta.summary, &p.html))
                    }
                    None => cx.insert("page", &page_view(self.strings.get("steps_title"), "", "")),
                }
                cx.insert("steps", &step_cards(site, "stappen/"));
                cx.insert(
                    "flowchart",
                    &crate::steps::flowchart_svg(&site.step_nodes, "../"),
                );
                cx.insert(
                    "outline",
                    &crate::steps::outline_html(&site.step_nodes, "../"),
                );
                cx
            }),
        });

        let start = site
            .steps
            .iter()
            .find(|s| s.meta.kind == crate::content::front_matter::StepKind::Start)
            .map(|s| s.url.clone());
        let by_slug = std::sync::Arc::new(views::steps_by_slug(site));
        for step in &site.steps {
            let start = start.clone();
            let by_slug = by_slug.clone();
            jobs.push(Job {
                template: "step.html",
                url: step.url.clone(),
                title: format!("{} – {}", step.meta.title, self.strings.get("nav_steps")),
                section: "stappen",
                context: Box::new(move || {
                    let url = &step.url;
                    let mut cx = Context::new();
                    cx.insert(
                        "page",
                        &page_view(&step.meta.title, &step.meta.summary, &step.html),
                    );
                    // One card, not all of them: a page per step must not cost a pass over all.
                    let card = Some(views::step_card(&by_slug, step, url));
                    cx.insert("step", &card);
                    // On an urgent step the emergency numbers come first, apart from regional help.
                    let urgent_step =
                        step.meta.kind == crate::content::front_matter::StepKind::Urgent;
                    let (urgent, helpers): (Vec<&PartnerView>, Vec<&PartnerView>) = all_partners
                        .iter()
                        .filter(|p| p.steps.contains(&step.slug))
                        .partition(|p| urgent_step && p.urgent);
                    cx.insert("urgent_partners", &urgent);
                    cx.insert("partners", &helpers);
                    let helpers: Vec<PartnerView> = helpers.into_iter().cloned().collect();
                    cx.insert("groups", &partner_groups(&site.directory, &helpers));
                    let start_href = start
                        .as_ref()
                        .map(|s| relative_url(url, s))
                        .unwrap_or_default();
                    cx.insert("start", &start_href);
                    cx.insert("regions", &region_views(&site.directory, url));
                    cx.insert("overview", &relative_url(url, "stappen/"));
                    cx
                }),
            });
        }

        jobs.push(Job {
            template: "stepcard.html",
            url: "stapkaart/".to_string(),
            title: self.strings.get("stepcard_title").to_string(),
            section: "stappen",
            context: Box::new(move || {
                let mut cx = Context::new();
                cx.insert("steps", &step_cards(site, "stapkaart/"));
                cx.insert("regions", &region_views(&site.directory, "stapkaart/"));
                cx.insert("partners", all_partners);
                cx
            }),
        });

        jobs.push(Job {
            template: "partners.html",
            url: "partners/".to_string(),
            title: self.strings.get("partners_title").to_string(),
            section: "partners",
            context: Box::new(move || {
                let mut cx = Context::new();
                cx.insert("partners", all_partners);
                cx.insert("groups", &partner_groups(&site.directory, all_partners));
                cx.insert("regions", &region_views(&site.directory, "partners/"));
                cx.insert("categories", &site.directory.categories);
                cx.insert("steps", &step_cards(site, "partners/"));
                cx
            }),
        });
        for region in &site.directory.regions {
            let url = format!("partners/{}/", region.id);
            jobs.push(Job {
                template: "region.html",
                url: url.clone(),
                title: format!("{} – {}", self.strings.get("partners_in"), region.name),
                section: "partners",
                context: Box::new(move || {
                    let mut cx = Context::new();
                    let partners: Vec<PartnerView> = site
                        .directory
                        .partners_for_region(&region.id)
                        .into_iter()
                        .map(|p| partner_view(&site.directory, p))
                        .collect();
                    let regions = region_views(&site.directory, &url);
                    cx.insert("region", &regions.iter().find(|r| r.id == region.id));
                    cx.insert("regions", &regions);
                    cx.insert("groups", &partner_groups(&site.directory, &partners));
                    cx.insert("partners", &partners);
                    cx.insert("categories", &site.directory.categories);
                    cx.insert("finder", &relative_url(&url, "partners/"));
                    cx
                }),
            });
        }

        jobs.push(Job {
            template: "search.html",
            url: "zoeken/".to_string(),
            title: self.strings.get("search_title").to_string(),
            section: "zoeken",
            context: Box::new(Context::new),
        });
        jobs
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
        cx.insert("section", section);
        cx.insert(
            "glossary",
            &site.glossary_url.as_ref().map(|g| relative_url(url, g)),
        );
        cx.insert("province_choices", &province_choices(&site.directory));
        // In a SCORM package (`leerpad package`) every page loads the LMS run-time.
        cx.insert("scorm", &crate::package::page_view(&site.config));
        // The acute-danger line links the step plan's urgent step, when the site has one; the
        // path is from the site root, as `root` is (the 404 page sets it to the base URL).
        let urgent = site
            .steps
            .iter()
            .find(|s| s.meta.kind == crate::content::front_matter::StepKind::Urgent);
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

    /// The 404 page is served for any missing path, so its links start at the base URL.
    fn not_found(&self, site: &Site) -> Result<OutputFile, Error> {
        let title = self.strings.get("not_found_title");
        let mut cx = self.base_context(site, "", title, "404");
        cx.insert("root", &site.config.base_url());
        let html = self.templates.render("404.html", &cx)?;
        Ok(OutputFile::new("404.html", html))
    }
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    summary: &'a str,
    html: &'a str,
}

fn page_view<'a>(title: &'a str, summary: &'a str, html: &'a str) -> PageView<'a> {
    PageView {
        title,
        summary,
        html,
    }
}

#[derive(Serialize)]
struct TermView {
    id: String,
    term: String,
    expansion: String,
    definition: String,
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

/// `sitemap.xml` with absolute URLs from `base_url`.
fn sitemap(site: &Site) -> OutputFile {
    let base = site.config.base_url();
    let mut urls: Vec<String> = vec![String::new()];
    urls.extend(site.pages.iter().map(|p| p.url.clone()));
    for module in &site.modules {
        urls.push(module.page.url.clone());
        urls.extend(module.lessons.iter().map(|l| l.url.clone()));
    }
    urls.push("stappen/".to_string());
    urls.extend(site.steps.iter().map(|s| s.url.clone()));
    urls.push("stapkaart/".to_string());
    urls.push("partners/".to_string());
    urls.extend(
        site.directory
            .regions
            .iter()
            .map(|r| format!("partners/{}/", r.id)),
    );
    urls.push("zoeken/".to_string());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::html::escape(&format!("{base}{url}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml)
}
