//! The step graph's index and edges, and the rules a step plan must follow.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use super::StepNode;
use crate::content::front_matter::StepKind;
use crate::error::{Error, Location};

/// A choice whose target exists: from step `from`, choice number `choice`, to step `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edge {
    pub from: usize,
    pub choice: usize,
    pub to: usize,
}

/// Steps indexed by slug, with the edges of choices that lead to a known step. A second choice
/// to the same target adds no edge; the first step with a slug wins.
pub(crate) struct Graph<'a> {
    pub steps: &'a [StepNode],
    pub edges: Vec<Vec<Edge>>,
    index: BTreeMap<&'a str, usize>,
}

impl<'a> Graph<'a> {
    pub fn new(steps: &'a [StepNode]) -> Self {
        let mut index = BTreeMap::new();
        for (i, step) in steps.iter().enumerate() {
            index.entry(step.slug.as_str()).or_insert(i);
        }
        let edges = steps
            .iter()
            .enumerate()
            .map(|(from, step)| {
                let mut out: Vec<Edge> = Vec::new();
                for (choice, c) in step.choices.iter().enumerate() {
                    if let Some(&to) = index.get(c.to.as_str()) {
                        if out.iter().all(|e| e.to != to) {
                            out.push(Edge { from, choice, to });
                        }
                    }
                }
                out
            })
            .collect();
        Graph {
            steps,
            edges,
            index,
        }
    }

    pub fn index_of(&self, slug: &str) -> Option<usize> {
        self.index.get(slug).copied()
    }

    /// The first step of kind start, or else the first step, so an invalid plan still draws.
    pub fn start(&self) -> Option<usize> {
        if self.steps.is_empty() {
            return None;
        }
        Some(
            self.steps
                .iter()
                .position(|s| s.kind == StepKind::Start)
                .unwrap_or(0),
        )
    }

    /// Which steps can be reached from `roots` (the roots included).
    pub fn reachable_from(&self, roots: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.steps.len()];
        let mut queue: VecDeque<usize> = roots.iter().copied().collect();
        for &r in roots {
            seen[r] = true;
        }
        while let Some(u) = queue.pop_front() {
            for e in &self.edges[u] {
                if !seen[e.to] {
                    seen[e.to] = true;
                    queue.push_back(e.to);
                }
            }
        }
        seen
    }

    /// Breadth first from the start following choices in order, then from each step not yet
    /// seen, in input order: every step once.
    pub fn reading_order(&self) -> Vec<usize> {
        let mut seen = vec![false; self.steps.len()];
        let mut order = Vec::with_capacity(self.steps.len());
        let roots = self.start().into_iter().chain(0..self.steps.len());
        for root in roots {
            if seen[root] {
                continue;
            }
            seen[root] = true;
            let mut queue = VecDeque::from([root]);
            while let Some(u) = queue.pop_front() {
                order.push(u);
                for e in &self.edges[u] {
                    if !seen[e.to] {
                        seen[e.to] = true;
                        queue.push_back(e.to);
                    }
                }
            }
        }
        order
    }

    /// Strongly connected sets of steps from which no end step can be reached: each a loop
    /// (two or more steps, or one that leads to itself), members in input order.
    fn loops_without_exit(&self) -> Vec<Vec<usize>> {
        let n = self.steps.len();
        let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in self.edges.iter().flatten() {
            reverse[e.to].push(e.from);
        }
        let ends: Vec<usize> = (0..n)
            .filter(|&i| self.steps[i].kind == StepKind::End)
            .collect();
        let reaches_end = walk(&reverse, &ends);
        let forward: Vec<Vec<usize>> = self
            .edges
            .iter()
            .map(|out| out.iter().map(|e| e.to).collect())
            .collect();
        let mut done = vec![false; n];
        let mut loops = Vec::new();
        for u in 0..n {
            if reaches_end[u] || done[u] {
                continue;
            }
            let ahead = walk(&forward, &[u]);
            let behind = walk(&reverse, &[u]);
            let members: Vec<usize> = (0..n).filter(|&v| ahead[v] && behind[v]).collect();
            for &v in &members {
                done[v] = true;
            }
            let self_loop = self.edges[u].iter().any(|e| e.to == u);
            if members.len() > 1 || self_loop {
                loops.push(members);
            }
        }
        loops
    }
}

/// Which nodes `adjacency` reaches from `roots`, the roots included.
fn walk(adjacency: &[Vec<usize>], roots: &[usize]) -> Vec<bool> {
    let mut seen = vec![false; adjacency.len()];
    let mut stack = roots.to_vec();
    while let Some(u) = stack.pop() {
        if !std::mem::replace(&mut seen[u], true) {
            stack.extend(adjacency[u].iter().copied());
        }
    }
    seen
}

/// The most steps a step plan may have.
pub const MAX_STEPS: usize = 500;

/// Every fault in the step graph, one error per fault at the file and line to change, sorted by
/// place. An empty plan has no faults: a site need not have a step plan.
pub fn validate(steps: &[StepNode]) -> Vec<Error> {
    if steps.is_empty() {
        return Vec::new();
    }
    if steps.len() > MAX_STEPS {
        // The flowchart's layout and the outline grow faster than the plan; a plan this big
        // is no plan a reader follows.
        let folder = steps[0]
            .at
            .path
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        return vec![Error::StepGraph {
            at: Location::file(folder),
            message: format!(
                "the step plan has {} steps, more than the {MAX_STEPS} leerpad draws; a reader \
                 follows a few dozen: merge or remove steps",
                steps.len()
            ),
        }];
    }
    let graph = Graph::new(steps);
    let mut faults: Vec<(Location, String)> = Vec::new();

    let starts: Vec<usize> = (0..steps.len())
        .filter(|&i| steps[i].kind == StepKind::Start)
        .collect();
    match starts.as_slice() {
        [] => faults.push((
            steps
                .iter()
                .map(|s| &s.at)
                .min()
                .unwrap_or(&steps[0].at)
                .clone(),
            "no step has \"kind: start\"; give the step where the plan begins \"kind: start\""
                .to_string(),
        )),
        [first, rest @ ..] => {
            for &second in rest {
                faults.push((
                    steps[second].at.clone(),
                    format!(
                        "\"{}\" and \"{}\" are both start steps; keep \"kind: start\" on one \
                         and give the other \"kind: step\"",
                        steps[*first].slug, steps[second].slug
                    ),
                ));
            }
        }
    }

    let mut known: Vec<&str> = steps.iter().map(|s| s.slug.as_str()).collect();
    known.sort_unstable();
    known.dedup();
    let known = known.join(", ");
    for step in steps {
        if step.kind == StepKind::End && !step.choices.is_empty() {
            faults.push((
                step.at.clone(),
                format!(
                    "end step \"{}\" has choices; remove them, or give it \"kind: step\" if \
                     the plan goes on",
                    step.slug
                ),
            ));
        }
        if step.kind != StepKind::End && step.choices.is_empty() {
            faults.push((
                step.at.clone(),
                format!(
                    "step \"{}\" has no choices; add a choice that leads on, or give it \
                     \"kind: end\" if the plan stops here",
                    step.slug
                ),
            ));
        }
        for (i, choice) in step.choices.iter().enumerate() {
            if graph.index_of(&choice.to).is_none() {
                faults.push((
                    choice.at.clone(),
                    format!(
                        "choice \"{}\" leads to \"{}\", which is not a step; known: {known}",
                        choice.label, choice.to
                    ),
                ));
            } else if let Some(earlier) = step.choices[..i].iter().find(|c| c.to == choice.to) {
                faults.push((
                    choice.at.clone(),
                    format!(
                        "choices \"{}\" and \"{}\" both lead to \"{}\"; merge them into one \
                         choice, or point this one to another step",
                        earlier.label, choice.label, choice.to
                    ),
                ));
            }
        }
    }

    if let Some(&first) = starts.first() {
        let reached = graph.reachable_from(&starts);
        for (i, step) in steps.iter().enumerate() {
            // A second step with a taken slug is a duplicate (reported by the site stage), not
            // an unreachable step: choices that name the slug lead to the first one.
            let duplicate = graph.index_of(&step.slug) != Some(i);
            if !reached[i] && !duplicate {
                faults.push((
                    step.at.clone(),
                    format!(
                        "step \"{}\" cannot be reached from the start \"{}\"; add a choice \
                         that leads to it, or remove the page",
                        step.slug, steps[first].slug
                    ),
                ));
            }
        }
    }

    for members in graph.loops_without_exit() {
        let names: Vec<&str> = members.iter().map(|&i| steps[i].slug.as_str()).collect();
        for &i in &members {
            let message = if members.len() == 1 {
                format!(
                    "step \"{}\" only leads back to itself; add a choice that leads on towards \
                     an end step",
                    steps[i].slug
                )
            } else {
                format!(
                    "step \"{}\" is in a loop with no way out ({}); add a choice to one of \
                     these steps that leads on towards an end step",
                    steps[i].slug,
                    names.join(", ")
                )
            };
            faults.push((steps[i].at.clone(), message));
        }
    }

    faults.sort_by(|a, b| a.0.cmp(&b.0));
    faults
        .into_iter()
        .map(|(at, message)| Error::StepGraph { at, message })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{plan, step};
    use super::*;
    use StepKind::*;

    fn messages(steps: &[StepNode]) -> Vec<String> {
        validate(steps).iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn a_valid_plan_has_no_errors() {
        assert_eq!(messages(&plan()), Vec::<String>::new());
        assert_eq!(messages(&[]), Vec::<String>::new());
    }

    #[test]
    fn every_error_is_a_step_graph_error() {
        let steps = vec![step(1, "a", Step, &[])];
        assert!(validate(&steps)
            .iter()
            .all(|e| matches!(e, Error::StepGraph { .. })));
    }

    #[test]
    fn a_choice_to_a_missing_step_names_the_known_steps() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "c"), ("Nee", "nope")]),
            step(2, "c", End, &[]),
            step(3, "b", End, &[]),
        ];
        assert_eq!(
            messages(&steps),
            [
                "content/stappen/01-a.md:9: choice \"Nee\" leads to \"nope\", which is not a \
                 step; known: a, b, c",
                "content/stappen/03-b.md:4: step \"b\" cannot be reached from the start \"a\"; \
                 add a choice that leads to it, or remove the page",
            ]
        );
    }

    #[test]
    fn a_plan_without_a_start_is_reported_at_the_first_file() {
        let steps = vec![step(1, "a", Step, &[("Ja", "b")]), step(2, "b", End, &[])];
        assert_eq!(
            messages(&steps),
            [
                "content/stappen/01-a.md:4: no step has \"kind: start\"; give the step where the \
              plan begins \"kind: start\""
            ]
        );
    }

    #[test]
    fn a_duplicate_slug_is_not_also_unreachable() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b")]),
            step(2, "b", End, &[]),
            step(3, "b", End, &[]),
        ];
        assert_eq!(messages(&steps), Vec::<String>::new());
    }

    #[test]
    fn two_starts_are_reported_at_the_second() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "c")]),
            step(2, "b", Start, &[("Ja", "c")]),
            step(3, "c", End, &[]),
        ];
        assert_eq!(
            messages(&steps),
            [
                "content/stappen/02-b.md:4: \"a\" and \"b\" are both start steps; keep \"kind: \
              start\" on one and give the other \"kind: step\""
            ]
        );
    }

    #[test]
    fn an_unreachable_step_is_reported_at_its_kind() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "c")]),
            step(2, "b", Step, &[("Ja", "c")]),
            step(3, "c", End, &[]),
        ];
        assert_eq!(
            messages(&steps),
            ["content/stappen/02-b.md:4: step \"b\" cannot be reached from the start \"a\"; add \
              a choice that leads to it, or remove the page"]
        );
    }

    #[test]
    fn a_loop_without_a_way_out_is_reported_once_per_step() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b"), ("Nee", "d")]),
            step(2, "b", Step, &[("Verder", "c")]),
            step(3, "c", Step, &[("Terug", "b")]),
            step(4, "d", End, &[]),
        ];
        assert_eq!(
            messages(&steps),
            [
                "content/stappen/02-b.md:4: step \"b\" is in a loop with no way out (b, c); add \
                 a choice to one of these steps that leads on towards an end step",
                "content/stappen/03-c.md:4: step \"c\" is in a loop with no way out (b, c); add \
                 a choice to one of these steps that leads on towards an end step",
            ]
        );
    }

    #[test]
    fn a_step_that_only_leads_to_itself_is_a_loop() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b"), ("Nee", "c")]),
            step(2, "b", Step, &[("Opnieuw", "b")]),
            step(3, "c", End, &[]),
        ];
        assert_eq!(
            messages(&steps),
            ["content/stappen/02-b.md:4: step \"b\" only leads back to itself; add a choice that \
              leads on towards an end step"]
        );
    }

    #[test]
    fn a_loop_with_a_way_out_is_fine() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b")]),
            step(
                2,
                "b",
                Step,
                &[("Opnieuw", "b"), ("Terug", "a"), ("Klaar", "c")],
            ),
            step(3, "c", End, &[]),
        ];
        assert_eq!(messages(&steps), Vec::<String>::new());
    }

    #[test]
    fn a_step_without_choices_must_be_an_end() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b"), ("Nee", "c")]),
            step(2, "b", Urgent, &[]),
            step(3, "c", End, &[]),
        ];
        assert_eq!(
            messages(&steps),
            ["content/stappen/02-b.md:4: step \"b\" has no choices; add a choice that leads on, \
              or give it \"kind: end\" if the plan stops here"]
        );
    }

    #[test]
    fn an_end_step_with_choices_is_reported() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b")]),
            step(2, "b", End, &[("Terug", "a")]),
        ];
        assert_eq!(
            messages(&steps),
            [
                "content/stappen/02-b.md:4: end step \"b\" has choices; remove them, or give it \
              \"kind: step\" if the plan goes on"
            ]
        );
    }

    #[test]
    fn two_choices_to_one_step_are_reported_at_the_second() {
        let steps = vec![
            step(1, "a", Start, &[("Ja", "b"), ("Zeker", "b")]),
            step(2, "b", End, &[]),
        ];
        assert_eq!(
            messages(&steps),
            ["content/stappen/01-a.md:9: choices \"Ja\" and \"Zeker\" both lead to \"b\"; merge \
              them into one choice, or point this one to another step"]
        );
    }

    #[test]
    fn many_faults_come_together_sorted_by_place() {
        let steps = vec![
            step(3, "c", Step, &[("Terug", "c")]),
            step(1, "a", Step, &[("Ja", "x")]),
            step(2, "b", End, &[]),
        ];
        let errors = messages(&steps);
        let places: Vec<&str> = errors
            .iter()
            .map(|m| m.split(' ').next().unwrap())
            .collect();
        assert_eq!(
            places,
            [
                "content/stappen/01-a.md:4:",
                "content/stappen/01-a.md:7:",
                "content/stappen/03-c.md:4:",
            ]
        );
        assert_eq!(messages(&steps), errors, "same input, same errors");
    }
}
