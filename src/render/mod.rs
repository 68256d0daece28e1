//! Renders the assembled site to files in memory: template views + Tera → `Vec<OutputFile>`.
//!
//! Owns: which output files exist and at which paths, the Tera instance (compiled once).
//! Does not: write to disk (see `output`) or decide what a page says (see `site`).

pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::error::Error;
use crate::site::{relative_url, Site};
use crate::theme::{Strings, Theme, ThemeFile};
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

/// Templates compiled once, reused for every page and every rebuild in `serve`.
pub struct Renderer {
    tera: Tera,
    strings: Strings,
    statics: Vec<ThemeFile>,
}

/// One page to render: the template, its folder URL and the page-specific context.
struct Job {
    template: &'static str,
    url: String,
    title: String,
    section: &'static str,
    context: Context,
}

impl Renderer {
    /// Compiles the theme's templates. Template errors carry Tera's explanation as their source.
    pub fn new(theme: &Theme) -> Result<Renderer, Error> {
        let mut tera = Tera::new();
        let mut templates = Vec::new();
        for file in &theme.templates {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => templates.push((file.name.clone(), text.to_string())),
                Err(_) => {
                    return Err(Error::InvalidUtf8 {
                        at: crate::error::Location::file(&file.origin),
                    })
                }
            }
        }
        tera.add_raw_templates(templates)
            .map_err(|source| Error::Template {
                name: template_name(&source),
                action: "compiled",
                source,
            })?;
        Ok(Renderer {
            tera,
            strings: theme.strings.clone(),
            statics: theme.statics.clone(),
        })
    }

    /// Renders every page, the sitemap and the static assets.
    pub fn render(&self, site: &Site) -> Result<Vec<OutputFile>, Error> {
        let jobs = self.jobs(site);
        let rendered: Vec<Result<OutputFile, Error>> = jobs
            .into_par_iter()
            .map(|job| self.render_job(site, job))
            .collect();
        let mut files = Vec::with_capacity(rendered.len() + self.statics.len() + 2);
        let mut errors = Vec::new();
        for result in rendered {
            match result {
                Ok(file) => files.push(file),
                Err(error) => errors.push(error),
            }
        }
        Error::from_list(errors)?;
        files.push(self.not_found(site)?);
        files.push(sitemap(site));
        for file in &self.statics {
            files.push(OutputFile::new(file.name.clone(), file.bytes.clone()));
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    fn jobs(&self, site: &Site) -> Vec<Job> {
        let mut jobs = Vec::new();
        let home_url = String::new();
        let mut home = Context::new();
        home.insert(
            "page",
            &page_view(
                &site.home.meta.title,
                &site.home.meta.summary,
                &site.home.html,
            ),
        );
        home.insert(
            "modules",
            &site
                .modules
                .iter()
                .map(|m| module_card(m, &home_url))
                .collect::<Vec<_>>(),
        );
        home.insert("steps", &step_cards(site, &home_url));
        jobs.push(Job {
            template: "home.html",
            url: home_url,
            title: site.home.meta.title.clone(),
            section: "home",
            context: home,
        });

        for page in &site.pages {
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
            jobs.push(Job {
                template: "page.html",
                url: page.url.clone(),
                title: page.meta.title.clone(),
                section: "page",
                context: cx,
            });
        }

        for module in &site.modules {
            let url = &module.page.url;
            let mut cx = Context::new();
            cx.insert(
                "page",
                &page_view(
                    &module.page.meta.title,
                    &module.page.meta.summary,
                    &module.page.html,
                ),
            );
            cx.insert("module", &module_card(module, url));
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
                context: cx,
            });
            for (i, lesson) in module.lessons.iter().enumerate() {
                let url = &lesson.url;
                let mut cx = Context::new();
                cx.insert(
                    "page",
                    &page_view(&lesson.meta.title, &lesson.meta.summary, &lesson.html),
                );
                cx.insert("lesson", &lesson_link(lesson, url));
                cx.insert("module", &link(&module.page, &module.page.meta.title, url));
                cx.insert("position", &(i + 1));
                cx.insert("count", &module.lessons.len());
                let prev = i
                    .checked_sub(1)
                    .map(|p| lesson_link(&module.lessons[p], url));
                let next = module.lessons.get(i + 1).map(|n| lesson_link(n, url));
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
                jobs.push(Job {
                    template: "lesson.html",
                    url: url.clone(),
                    title: format!("{} – {}", lesson.meta.title, module.page.meta.title),
                    section: "modules",
                    context: cx,
                });
            }
        }

        let steps_url = "stappen/".to_string();
        let mut cx = Context::new();
        let (title, summary, html) = match &site.steps_index {
            Some(p) => (p.meta.title.clone(), p.meta.summary.clone(), p.html.clone()),
            None => (
                self.strings.get("steps_title").to_string(),
                String::new(),
                String::new(),
            ),
        };
        cx.insert("page", &page_view(&title, &summary, &html));
        cx.insert("steps", &step_cards(site, &steps_url));
        cx.insert(
            "flowchart",
            &crate::steps::flowchart_svg(&site.step_nodes, "../"),
        );
        cx.insert(
            "outline",
            &crate::steps::outline_html(&site.step_nodes, "../"),
        );
        jobs.push(Job {
            template: "steps.html",
            url: steps_url,
            title: title.clone(),
            section: "stappen",
            context: cx,
        });

        let all_partners: Vec<PartnerView> = site
            .directory
            .partners
            .iter()
            .map(|p| partner_view(&site.directory, p))
            .collect();
        for step in &site.steps {
            let url = &step.url;
            let mut cx = Context::new();
            cx.insert(
                "page",
                &page_view(&step.meta.title, &step.meta.summary, &step.html),
            );
            let cards = step_cards(site, url);
            let card = cards.into_iter().find(|c| c.slug == step.slug);
            cx.insert("step", &card);
            let mut helpers: Vec<&PartnerView> = all_partners
                .iter()
                .filter(|p| p.steps.contains(&step.slug))
                .collect();
            if step.meta.kind == crate::content::front_matter::StepKind::Urgent {
                helpers.sort_by_key(|p| !p.urgent);
            }
            cx.insert("partners", &helpers);
            cx.insert("regions", &region_views(&site.directory, url));
            cx.insert("overview", &relative_url(url, "stappen/"));
            jobs.push(Job {
                template: "step.html",
                url: url.clone(),
                title: format!("{} – {}", step.meta.title, self.strings.get("nav_steps")),
                section: "stappen",
                context: cx,
            });
        }

        let card_url = "stapkaart/".to_string();
        let mut cx = Context::new();
        cx.insert("steps", &step_cards(site, &card_url));
        cx.insert("regions", &region_views(&site.directory, &card_url));
        cx.insert("partners", &all_partners);
        jobs.push(Job {
            template: "stepcard.html",
            url: card_url,
            title: self.strings.get("stepcard_title").to_string(),
            section: "stappen",
            context: cx,
        });

        let finder_url = "partners/".to_string();
        let mut cx = Context::new();
        cx.insert("partners", &all_partners);
        cx.insert("regions", &region_views(&site.directory, &finder_url));
        cx.insert("categories", &site.directory.categories);
        cx.insert("steps", &step_cards(site, &finder_url));
        jobs.push(Job {
            template: "partners.html",
            url: finder_url,
            title: self.strings.get("partners_title").to_string(),
            section: "partners",
            context: cx,
        });
        for region in &site.directory.regions {
            let url = format!("partners/{}/", region.id);
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
            cx.insert("partners", &partners);
            cx.insert("categories", &site.directory.categories);
            cx.insert("finder", &relative_url(&url, "partners/"));
            jobs.push(Job {
                template: "region.html",
                url,
                title: format!("{} – {}", self.strings.get("partners_in"), region.name),
                section: "partners",
                context: cx,
            });
        }

        jobs.push(Job {
            template: "search.html",
            url: "zoeken/".to_string(),
            title: self.strings.get("search_title").to_string(),
            section: "zoeken",
            context: Context::new(),
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
            },
        );
        cx.insert("t", &self.strings);
        cx.insert("root", &root(url));
        cx.insert("url", url);
        cx.insert("title", title);
        cx.insert("section", section);
        cx.insert(
            "glossary",
            &site.glossary_url.as_ref().map(|g| relative_url(url, g)),
        );
        cx
    }

    fn render_job(&self, site: &Site, job: Job) -> Result<OutputFile, Error> {
        let mut cx = self.base_context(site, &job.url, &job.title, job.section);
        cx.extend(job.context);
        let html = self
            .tera
            .render(job.template, &cx)
            .map_err(|source| Error::Template {
                name: job.template.to_string(),
                action: "rendered",
                source,
            })?;
        Ok(OutputFile::new(format!("{}index.html", job.url), html))
    }

    /// The 404 page is served for any missing path, so its links start at the base URL.
    fn not_found(&self, site: &Site) -> Result<OutputFile, Error> {
        let mut cx = self.base_context(site, "", self.strings.get("not_found_title"), "404");
        cx.insert("root", &site.config.base_url());
        let html = self
            .tera
            .render("404.html", &cx)
            .map_err(|source| Error::Template {
                name: "404.html".to_string(),
                action: "rendered",
                source,
            })?;
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

/// The name of the template an error comes from, when Tera says.
fn template_name(error: &tera::Error) -> String {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            report.filename().to_string()
        }
        tera::ErrorKind::MissingParent { current, .. } => current.clone(),
        tera::ErrorKind::TemplateNotFound(name) => name.clone(),
        _ => "(theme)".to_string(),
    }
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
