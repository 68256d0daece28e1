//! Every page the render makes, as a list of jobs in named stages: the home page, the free
//! pages, each module (its page, its print versions, its lessons), the step plan, the partner
//! pages and the search page. A job's context is built when it renders, on its thread, or
//! fed to the page's key instead (`key::Cx`: one function for both, so a key covers every
//! value the page is rendered from).
//!
//! Owns: which template renders which page at which URL, and what each page's context holds.
//! Does not: call Tera (see `Renderer::page`) or shape the views (see `views`).

use serde::Serialize;

use super::key::Cx;

use super::views::*;
use super::{KeptPages, Renderer};
use crate::content::front_matter::StepKind;
use crate::site::{relative_url, Module, Page, Site};
use crate::steps::StepNode;
use crate::theme::Strings;

/// One page to render: the template, its folder URL and how to make its own context (into a
/// Tera context or into a key).
pub(super) struct Job<'s> {
    pub template: &'static str,
    pub url: String,
    pub title: String,
    pub section: &'static str,
    pub context: Box<dyn Fn(&mut Cx<'_>) + Send + Sync + 's>,
}

/// What every job may borrow.
#[derive(Clone, Copy)]
struct Shared<'s> {
    site: &'s Site,
    strings: &'s Strings,
    all_partners: &'s [PartnerView],
    /// What `serve` keeps between rebuilds, for the parts of a page that cost most to make.
    kept: Option<&'s KeptPages>,
}

impl<'s> Shared<'s> {
    /// The view of the partner `id`: all are made once, in the directory's order.
    fn view_of(&self, id: &str) -> Option<&'s PartnerView> {
        let i = self
            .site
            .directory
            .partners
            .iter()
            .position(|p| p.id == id)?;
        self.all_partners.get(i)
    }
}

/// Every page to render. Contexts are built when the page renders, on the thread that renders
/// it, so memory holds a few contexts at a time, not one per page.
pub(super) fn all<'s>(
    renderer: &'s Renderer,
    site: &'s Site,
    all_partners: &'s [PartnerView],
    kept: Option<&'s KeptPages>,
) -> Vec<Job<'s>> {
    let s = Shared {
        site,
        strings: &renderer.strings,
        all_partners,
        kept,
    };
    let mut jobs = vec![home(s)];
    jobs.extend(site.free_pages().iter().map(free_page));
    for module in &site.modules {
        module_pages(s, module, &mut jobs);
    }
    jobs.push(steps_overview(s));
    step_pages(s, &mut jobs);
    jobs.push(step_card(s));
    partner_pages(s, &mut jobs);
    jobs.push(Job {
        template: "search.html",
        url: format!("{}/", site.config.folders.search),
        title: s.strings.get("search_title").to_string(),
        section: "search",
        context: Box::new(|_: &mut Cx<'_>| {}),
    });
    jobs
}

fn home(s: Shared<'_>) -> Job<'_> {
    let site = s.site;
    Job {
        template: "home.html",
        url: String::new(),
        title: site.home().title().to_string(),
        section: "home",
        context: Box::new(move |cx: &mut Cx<'_>| {
            cx.insert("page", &page_view(site.home()));
            let modules: Vec<_> = site
                .modules
                .iter()
                .map(|m| module_card(site, m, ""))
                .collect();
            cx.insert("modules", &modules);
            cx.insert("steps", &step_cards(site, ""));
        }),
    }
}

fn free_page(page: &Page) -> Job<'_> {
    Job {
        template: "page.html",
        url: page.url.clone(),
        title: page.title().to_string(),
        section: "page",
        context: Box::new(move |cx: &mut Cx<'_>| {
            cx.insert("page", &page_view(page));
            let terms: Vec<TermView> = page
                .kind
                .as_page()
                .map(|m| m.terms.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|t| TermView {
                    id: crate::content::markdown::ids::term(&t.term),
                    term: t.term.clone(),
                    expansion: t.expansion.clone().unwrap_or_default(),
                    definition: t.definition.clone(),
                })
                .collect();
            cx.insert("terms", &terms);
        }),
    }
}

/// A module's page, its two print versions and its lessons.
fn module_pages<'s>(s: Shared<'s>, module: &'s Module, jobs: &mut Vec<Job<'s>>) {
    let site = s.site;
    let intro = site.intro(module);
    let url = &intro.url;
    jobs.push(Job {
        template: "module.html",
        url: url.clone(),
        // The section in the title keeps it unique: a module and a step may share a name.
        title: format!("{} – {}", intro.title(), s.strings.get("nav_modules")),
        section: "modules",
        context: Box::new(move |cx: &mut Cx<'_>| {
            cx.insert("page", &page_view(intro));
            cx.insert("module", &module_card(site, module, url));
            cx.insert("print", &super::handouts::print_versions(site, module, url));
        }),
    });
    super::handouts::print_pages(s.site, s.strings, module, jobs);
    for (i, lesson) in site.lessons(module).iter().enumerate() {
        jobs.push(Job {
            template: "lesson.html",
            url: lesson.url.clone(),
            title: format!("{} – {}", lesson.title(), intro.title()),
            section: "modules",
            context: Box::new(move |cx: &mut Cx<'_>| lesson_context(s, module, i, cx)),
        });
    }
}

/// The context of the `index`th lesson of `module`.
fn lesson_context(s: Shared<'_>, module: &Module, index: usize, cx: &mut Cx<'_>) {
    let site = s.site;
    let lessons = site.lessons(module);
    let lesson = &lessons[index];
    let url = &lesson.url;
    cx.insert("page", &page_view(lesson));
    cx.insert("lesson", &lesson_link(lesson, url));
    cx.insert("module", &link(site.intro(module), url));
    cx.insert("position", &(index + 1));
    cx.insert("count", &lessons.len());
    let prev = index.checked_sub(1).map(|p| lesson_link(&lessons[p], url));
    let next = lessons.get(index + 1).map(|n| lesson_link(n, url));
    cx.insert("prev", &prev);
    cx.insert("next", &next);
    let partners: Vec<&PartnerView> = lesson
        .kind
        .as_lesson()
        .map(|m| m.partners.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|id| s.view_of(id))
        .collect();
    cx.insert("partners", &partners);
}

/// The step plan's overview: its cards, the flowchart and the outline.
fn steps_overview(s: Shared<'_>) -> Job<'_> {
    let (site, strings) = (s.site, s.strings);
    let url = format!("{}/", site.config.folders.steps);
    Job {
        template: "steps.html",
        url: url.clone(),
        title: match site.steps_index() {
            Some(p) => p.title().to_string(),
            None => strings.get("steps_title").to_string(),
        },
        section: "steps",
        context: Box::new(move |cx: &mut Cx<'_>| {
            match site.steps_index() {
                Some(p) => cx.insert("page", &page_view(p)),
                None => cx.insert(
                    "page",
                    &PageView {
                        title: strings.get("steps_title"),
                        summary: "",
                        html: super::views::Body {
                            html: "",
                            digest: 0,
                        },
                    },
                ),
            }
            cx.insert("steps", &step_cards(site, &url));
            let texts = [
                "../".to_string(),
                strings.get("steps_flowchart_title").to_string(),
                strings.get("steps_flowchart_desc").to_string(),
            ];
            let inputs = (site.step_nodes.clone(), texts);
            let flowchart = match s.kept {
                Some(kept) => kept.flowchart.get(inputs, flowchart),
                None => flowchart(&inputs),
            };
            cx.insert("flowchart", &flowchart);
            cx.insert("outline", &crate::steps::outline(&site.step_nodes, "../"));
        }),
    }
}

/// The step plan's flowchart as SVG, from its steps, the root of its links and its texts.
fn flowchart((steps, [root, title, description]): &(Vec<StepNode>, [String; 3])) -> String {
    let text = crate::steps::FlowchartText { title, description };
    crate::steps::flowchart_svg(steps, root, &text)
}

/// A page per step, with its card and the partners that help at that step.
fn step_pages<'s>(s: Shared<'s>, jobs: &mut Vec<Job<'s>>) {
    let site = s.site;
    let start = site
        .steps()
        .iter()
        .find(|s| s.step_kind() == Some(StepKind::Start))
        .map(|s| s.url.clone());
    let by_slug = std::sync::Arc::new(steps_by_slug(site));
    for step in site.steps() {
        let start = start.clone();
        let by_slug = by_slug.clone();
        jobs.push(Job {
            template: "step.html",
            url: step.url.clone(),
            title: format!("{} – {}", step.title(), s.strings.get("nav_steps")),
            section: "steps",
            context: Box::new(move |cx: &mut Cx<'_>| {
                let url = &step.url;
                cx.insert("page", &page_view(step));
                // One card, not all of them: a page per step must not cost a pass over all.
                let card = super::views::step_card(&by_slug, step, url);
                cx.insert("step", &card);
                // On an urgent step the emergency numbers come first, apart from regional help.
                let urgent_step = step.step_kind() == Some(StepKind::Urgent);
                let (urgent, helpers): (Vec<&PartnerView>, Vec<&PartnerView>) = s
                    .all_partners
                    .iter()
                    .filter(|p| p.steps.contains(&step.slug))
                    .partition(|p| urgent_step && p.urgent);
                cx.insert("urgent_partners", &urgent);
                cx.insert("partners", &helpers);
                cx.insert("groups", &partner_groups(&site.directory, &helpers));
                let start_href = start
                    .as_ref()
                    .map(|s| relative_url(url, s))
                    .unwrap_or_default();
                cx.insert("start", &start_href);
                let folders = &site.config.folders;
                cx.insert(
                    "regions",
                    &region_views(&site.directory, &folders.partners, url),
                );
                cx.insert(
                    "overview",
                    &relative_url(url, &format!("{}/", folders.steps)),
                );
            }),
        });
    }
}

/// The one-page step card to print.
fn step_card(s: Shared<'_>) -> Job<'_> {
    let site = s.site;
    let url = format!("{}/", site.config.folders.step_card);
    Job {
        template: "stepcard.html",
        url: url.clone(),
        title: s.strings.get("stepcard_title").to_string(),
        section: "steps",
        context: Box::new(move |cx: &mut Cx<'_>| {
            cx.insert("steps", &step_cards(site, &url));
            // The footer of the printed card names the site when its base URL is an address.
            cx.insert("site_address", &site.config.site_address());
            let partners = &site.config.folders.partners;
            cx.insert("regions", &region_views(&site.directory, partners, &url));
            cx.insert("partners", s.all_partners);
        }),
    }
}

/// The partner finder and a page per region.
fn partner_pages<'s>(s: Shared<'s>, jobs: &mut Vec<Job<'s>>) {
    let site = s.site;
    let folder = &site.config.folders.partners;
    let finder = format!("{folder}/");
    jobs.push(Job {
        template: "partners.html",
        url: finder.clone(),
        title: s.strings.get("partners_title").to_string(),
        section: "partners",
        context: Box::new({
            let finder = finder.clone();
            move |cx: &mut Cx<'_>| {
                cx.insert("partners", s.all_partners);
                let all: Vec<&PartnerView> = s.all_partners.iter().collect();
                cx.insert("groups", &partner_groups(&site.directory, &all));
                cx.insert("regions", &region_views(&site.directory, folder, &finder));
                cx.insert("categories", &site.directory.categories);
                cx.insert("steps", &step_cards(site, &finder));
            }
        }),
    });
    for region in &site.directory.regions {
        let url = format!("{folder}/{}/", region.id);
        let finder = finder.clone();
        jobs.push(Job {
            template: "region.html",
            url: url.clone(),
            title: format!("{} – {}", s.strings.get("partners_in"), region.name),
            section: "partners",
            context: Box::new(move |cx: &mut Cx<'_>| {
                let partners: Vec<&PartnerView> = site
                    .directory
                    .partners_for_region(&region.id)
                    .into_iter()
                    .filter_map(|p| s.view_of(&p.id))
                    .collect();
                let regions = region_views(&site.directory, folder, &url);
                cx.insert("region", &regions.iter().find(|r| r.id == region.id));
                cx.insert("regions", &regions);
                cx.insert("groups", &partner_groups(&site.directory, &partners));
                cx.insert("partners", &partners);
                cx.insert("categories", &site.directory.categories);
                cx.insert("finder", &relative_url(&url, &finder));
            }),
        });
    }
}

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) html: super::views::Body<'a>,
}

pub(super) fn page_view(page: &Page) -> PageView<'_> {
    PageView {
        title: page.title(),
        summary: page.summary(),
        html: super::views::Body::of(&page.html, page),
    }
}

#[derive(Serialize)]
struct TermView {
    id: String,
    term: String,
    expansion: String,
    definition: String,
}
