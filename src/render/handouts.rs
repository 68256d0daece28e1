//! A module's two print versions, both made from the lessons as the site stage rendered them:
//! the learner handout (`modules/SLUG/print/`: each lesson's key points, its checks without
//! their answers and with room to write, its discussion prompts) and the trainer version
//! (`modules/SLUG/trainer/`: the timing, then the whole module with the answers, their
//! explanations, the trainer notes and the discussion prompts).
//!
//! Owns: which template renders each version, at which URL, and what their contexts hold.
//! Does not: render Markdown (the site stage made both forms of each lesson in one walk) or
//! decide what a check shows on paper (the quiz partials do).

use serde::Serialize;

use super::jobs::{page_view, Job, PageView};
use super::key::Cx;
use super::views::{module_card, print_lessons, print_texts};
use crate::site::urls::Folders;
use crate::site::{relative_url, Module, Page, Site};
use crate::theme::Strings;

/// Where the module page links to its print versions.
#[derive(Serialize)]
pub struct PrintVersionsView {
    pub handout: String,
    pub trainer: String,
}

/// The links from the page at `from` to `module`'s two print versions.
pub fn print_versions(site: &Site, module: &Module, from: &str) -> PrintVersionsView {
    let url = &site.intro(module).url;
    let folders = &site.config.folders;
    PrintVersionsView {
        handout: relative_url(from, &folders.print_url(url)),
        trainer: relative_url(from, &folders.trainer_url(url)),
    }
}

/// A lesson on the learner handout: its key points (the summary its author wrote, and the
/// titles of its sections) and what the learner answers or discusses, never an answer.
#[derive(Serialize)]
pub struct HandoutLessonView<'a> {
    pub id: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub minutes: u32,
    /// The lesson's `##` headings, in order.
    pub topics: Vec<&'a str>,
    /// Its checks without answers and its discussion prompts (`Page::handout_html`).
    pub html: super::views::Body<'a>,
}

/// The trainer version's timing: each lesson, and the module's total.
#[derive(Serialize)]
pub struct TimingView<'a> {
    pub lessons: Vec<TimingLineView<'a>>,
    pub minutes: u32,
    pub quizzes: usize,
}

/// A line of the timing: when the lesson starts, counted in minutes from the start of the
/// module, and how long it takes.
#[derive(Serialize)]
pub struct TimingLineView<'a> {
    pub id: String,
    pub title: &'a str,
    pub start: u32,
    pub minutes: u32,
    pub quizzes: usize,
}

fn handout_lessons<'s>(folders: &Folders, lessons: &'s [Page]) -> Vec<HandoutLessonView<'s>> {
    lessons
        .iter()
        .map(|lesson| HandoutLessonView {
            id: folders.print_lesson(&lesson.slug),
            title: lesson.title(),
            summary: lesson.summary(),
            minutes: lesson.minutes(),
            topics: lesson
                .sections
                .iter()
                .filter(|s| s.id.is_some())
                .map(|s| s.title.as_str())
                .collect(),
            html: super::views::Body::text(&lesson.handout_html),
        })
        .collect()
}

fn timing<'s>(folders: &Folders, lessons: &'s [Page]) -> TimingView<'s> {
    let mut start = 0;
    let lessons: Vec<TimingLineView> = lessons
        .iter()
        .map(|lesson| {
            let minutes = lesson.minutes();
            let line = TimingLineView {
                id: folders.print_lesson(&lesson.slug),
                title: lesson.title(),
                start,
                minutes,
                quizzes: lesson.quizzes,
            };
            start += minutes;
            line
        })
        .collect();
    TimingView {
        quizzes: lessons.iter().map(|l| l.quizzes).sum(),
        minutes: start,
        lessons,
    }
}

/// The learner handout and the trainer version of `module`.
pub(super) fn print_pages<'s>(
    site: &'s Site,
    strings: &'s Strings,
    module: &'s Module,
    jobs: &mut Vec<Job<'s>>,
) {
    let intro = site.intro(module);
    let folders = &site.config.folders;
    let handout_url = folders.print_url(&intro.url);
    jobs.push(Job {
        template: "module-handout.html",
        url: handout_url.clone(),
        title: format!("{} – {}", intro.title(), strings.get("handout_title")),
        section: "modules",
        context: Box::new(move |cx: &mut Cx<'_>| {
            let page = PageView {
                html: super::views::Body::text(&intro.handout_html),
                ..page_view(intro)
            };
            cx.insert("page", &page);
            cx.insert("module", &module_card(site, module, &handout_url));
            cx.insert("lessons", &handout_lessons(folders, site.lessons(module)));
        }),
    });
    let trainer_url = folders.trainer_url(&intro.url);
    jobs.push(Job {
        template: "module-print.html",
        url: trainer_url.clone(),
        title: format!("{} – {}", intro.title(), strings.get("trainer_title")),
        section: "modules",
        context: Box::new(move |cx: &mut Cx<'_>| {
            let print = intro.print_html.text(&intro.html);
            let page = PageView {
                html: super::views::Body::of(&print, intro),
                ..page_view(intro)
            };
            cx.insert("page", &page);
            cx.insert("module", &module_card(site, module, &trainer_url));
            let texts = print_texts(site.lessons(module));
            cx.insert("lessons", &print_lessons(site, module, &texts));
            cx.insert("timing", &timing(folders, site.lessons(module)));
        }),
    });
}
