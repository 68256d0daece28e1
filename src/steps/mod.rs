//! The step plan as a graph: its rules, the overview flowchart and the flowchart's text version.
//!
//! Owns: which step graphs are valid (and the wording of their errors), the flowchart's layout
//! and SVG markup, the rows of the outline list for screen readers (`partials/step-outline.html`
//! holds its markup), and the reading order of the step card.
//! Does not: read files, parse front matter, render templates or know about partners; the caller
//! builds a `StepNode` per step page and gets values back.

mod flowchart;
mod graph;

pub use flowchart::{flowchart_svg, FlowchartText};
pub use graph::validate;

use crate::content::front_matter::StepKind;
use serde::Serialize;

use crate::error::Location;
use graph::Graph;

/// One step page, as the graph sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepNode {
    pub slug: String,
    pub title: String,
    /// Short name for the flowchart.
    pub label: String,
    pub kind: StepKind,
    /// Path from the site root, e.g. `stappen/ga-na/index.html`.
    pub url: String,
    /// The file and the line of its `kind:` field.
    pub at: Location,
    pub choices: Vec<ChoiceEdge>,
}

/// A decision on a step page: its button label and the slug of the step it leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceEdge {
    pub label: String,
    pub to: String,
    /// The line of its `to:` field.
    pub at: Location,
}

/// Steps in reading order for the printable step card: breadth first from the start, following
/// choices in their order; steps the start cannot reach follow, so none is left out.
pub fn order_for_card(steps: &[StepNode]) -> Vec<&StepNode> {
    Graph::new(steps)
        .reading_order()
        .into_iter()
        .map(|i| &steps[i])
        .collect()
}

/// One item of the outline, the text alternative of the flowchart, for
/// `partials/step-outline.html`: the graph as nested lists, flattened into rows in reading order.
#[derive(Debug, Serialize)]
pub struct OutlineRow<'a> {
    /// The label of the choice that leads here; `None` at the top level.
    pub choice: Option<&'a str>,
    /// `step`: a link to the step's page; `seen`: the step is listed above, an in-page link to
    /// it; `unknown`: a target that is no step (`to`).
    pub show: &'static str,
    /// The step page's URL, from `root`.
    pub href: String,
    pub slug: &'a str,
    pub title: &'a str,
    /// `urgent`, `end` or empty.
    pub kind: &'static str,
    pub to: &'a str,
    /// The step's choices follow as a nested list.
    pub opens: bool,
    /// How many nested lists end after this row.
    pub closes: usize,
}

/// The outline of the step graph: from the start, each step a link to its page followed by its
/// choices ("label → step"). A step already shown is referred to by an in-page link instead of
/// repeated, so every page link occurs once and loops end. Walks with its own stack: a long
/// chain of steps cannot exhaust the thread's.
pub fn outline<'a>(steps: &'a [StepNode], root: &str) -> Vec<OutlineRow<'a>> {
    let mut walk = OutlineWalk {
        graph: Graph::new(steps),
        root,
        shown: vec![false; steps.len()],
        rows: Vec::with_capacity(steps.len()),
        open: Vec::new(),
    };
    for top in walk.graph.reading_order() {
        if !walk.shown[top] {
            walk.enter(top, None);
            walk.list_choices();
        }
    }
    walk.rows
}

/// A depth-first walk of the step graph that writes outline rows.
struct OutlineWalk<'a, 'r> {
    graph: Graph<'a>,
    root: &'r str,
    shown: Vec<bool>,
    rows: Vec<OutlineRow<'a>>,
    /// Per open list: the step whose choices it holds and the next choice to list.
    open: Vec<(usize, usize)>,
}

impl<'a> OutlineWalk<'a, '_> {
    /// Lists the choices of the open lists, deepest first, until every list is closed.
    fn list_choices(&mut self) {
        let steps = self.graph.steps;
        while let Some((i, next)) = self.open.last_mut() {
            let step = &steps[*i];
            let Some(choice) = step.choices.get(*next) else {
                self.open.pop();
                if let Some(last) = self.rows.last_mut() {
                    last.closes += 1;
                }
                continue;
            };
            *next += 1;
            let label = Some(choice.label.as_str());
            match self.graph.index_of(&choice.to) {
                Some(target) if !self.shown[target] => self.enter(target, label),
                Some(target) => self.rows.push(OutlineRow {
                    show: "seen",
                    ..row(&steps[target], label)
                }),
                None => self.rows.push(OutlineRow {
                    show: "unknown",
                    slug: "",
                    title: "",
                    to: &choice.to,
                    ..row(step, label)
                }),
            }
        }
    }

    /// The row of step `i`, shown for the first time; its choices follow when it has any.
    fn enter(&mut self, i: usize, choice: Option<&'a str>) {
        self.shown[i] = true;
        let step = &self.graph.steps[i];
        let opens = !step.choices.is_empty();
        self.rows.push(OutlineRow {
            show: "step",
            href: format!("{}{}", self.root, step.url),
            kind: match step.kind {
                StepKind::Urgent => "urgent",
                StepKind::End => "end",
                StepKind::Start | StepKind::Step => "",
            },
            opens,
            ..row(step, choice)
        });
        if opens {
            self.open.push((i, 0));
        }
    }
}

fn row<'a>(step: &'a StepNode, choice: Option<&'a str>) -> OutlineRow<'a> {
    OutlineRow {
        choice,
        show: "",
        href: String::new(),
        slug: &step.slug,
        title: &step.title,
        kind: "",
        to: "",
        opens: false,
        closes: 0,
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    use super::{ChoiceEdge, StepNode};
    use crate::content::front_matter::StepKind;
    use crate::error::Location;

    /// A step as `content/stappen/NN-slug.md` with `kind:` on line 4 and the `to:` of choice
    /// `i` on line `7 + 2i`.
    pub fn step(number: u32, slug: &str, kind: StepKind, choices: &[(&str, &str)]) -> StepNode {
        let path = format!("content/stappen/{number:02}-{slug}.md");
        StepNode {
            slug: slug.to_string(),
            title: format!("Titel van {slug}"),
            label: format!("Stap {slug}"),
            kind,
            url: format!("stappen/{slug}/index.html"),
            at: Location::line(&path, 4),
            choices: choices
                .iter()
                .enumerate()
                .map(|(i, (label, to))| ChoiceEdge {
                    label: label.to_string(),
                    to: to.to_string(),
                    at: Location::line(&path, 7 + 2 * i as u32),
                })
                .collect(),
        }
    }

    /// A small valid plan with a branch, an urgent route, a loop with a way out and two ends.
    pub fn plan() -> Vec<StepNode> {
        use StepKind::*;
        vec![
            step(
                1,
                "zorg",
                Start,
                &[
                    ("Ik maak me zorgen", "overleg"),
                    ("Acuut gevaar", "bel-112"),
                ],
            ),
            step(
                2,
                "overleg",
                Step,
                &[
                    ("Nog twijfel", "zorg"),
                    ("Zorg bevestigd", "gesprek"),
                    ("Advies nodig", "advies"),
                ],
            ),
            step(
                3,
                "gesprek",
                Step,
                &[
                    ("Ouders werken mee", "opvolgen"),
                    ("Ouders weigeren", "advies"),
                ],
            ),
            step(4, "advies", Step, &[("Melden", "melden")]),
            step(5, "bel-112", Urgent, &[("Na het gesprek", "melden")]),
            step(6, "opvolgen", End, &[]),
            step(7, "melden", End, &[]),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{plan, step};
    use super::*;
    use crate::theme::Templates;
    use StepKind::*;

    /// The outline as the bundled theme's partial renders it.
    fn outline_html(steps: &[StepNode], root: &str) -> String {
        let mut cx = tera::Context::new();
        cx.insert("outline", &outline(steps, root));
        Templates::bundled()
            .render("partials/step-outline.html", &cx)
            .unwrap()
    }

    #[test]
    fn card_order_is_breadth_first_from_the_start() {
        let steps = plan();
        let slugs: Vec<&str> = order_for_card(&steps)
            .iter()
            .map(|s| s.slug.as_str())
            .collect();
        assert_eq!(
            slugs,
            ["zorg", "overleg", "bel-112", "gesprek", "advies", "melden", "opvolgen"]
        );
    }

    #[test]
    fn card_order_keeps_steps_the_start_cannot_reach() {
        let steps = vec![
            step(1, "los", End, &[]),
            step(2, "a", Start, &[("Verder", "b")]),
            step(3, "b", End, &[]),
        ];
        let slugs: Vec<&str> = order_for_card(&steps)
            .iter()
            .map(|s| s.slug.as_str())
            .collect();
        assert_eq!(slugs, ["a", "b", "los"]);
    }

    #[test]
    fn outline_links_every_step_page_once_and_refers_back_in_loops() {
        let steps = plan();
        let html = outline_html(&steps, "../");
        for step in &steps {
            let link = format!("href=\"../stappen/{}/index.html\"", step.slug);
            assert_eq!(html.matches(&link).count(), 1, "{link} in {html}");
        }
        assert!(html.contains(
            "<li>Nog twijfel <span aria-hidden=\"true\">→</span> \
             <a href=\"#overzicht-zorg\">Titel van zorg</a> (zie boven)</li>"
        ));
        assert!(html.contains(
            "<a href=\"../stappen/bel-112/index.html\" id=\"overzicht-bel-112\">\
             Titel van bel-112</a> (dringend)"
        ));
        assert_eq!(html.matches("<ul").count(), html.matches("</ul>").count());
        assert_eq!(html.matches("<li>").count(), html.matches("</li>").count());
    }

    #[test]
    fn outline_nests_choices_under_their_step() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b"), ("Nee", "nope")]),
            step(2, "b", End, &[]),
        ];
        assert_eq!(
            outline_html(&steps, "/"),
            "<ul class=\"step-outline\">\n\
             <li><a href=\"/stappen/a/index.html\" id=\"overzicht-a\">Titel van a</a>\n\
             <ul>\n\
             <li>Ja <span aria-hidden=\"true\">→</span> \
             <a href=\"/stappen/b/index.html\" id=\"overzicht-b\">Titel van b</a> (einde)</li>\n\
             <li>Nee <span aria-hidden=\"true\">→</span> nope</li>\n\
             </ul>\n\
             </li>\n\
             </ul>\n"
        );
    }

    #[test]
    fn outline_escapes_text() {
        let mut steps = vec![step(1, "a", Start, &[("<b>&", "a")])];
        steps[0].title = "\"Kind\" & <ouder>".to_string();
        let html = outline_html(&steps, "");
        assert!(html.contains("&quot;Kind&quot; &amp; &lt;ouder&gt;"));
        assert!(html.contains("&lt;b&gt;&amp;"));
        assert!(!html.contains("<b>"));
    }
}
