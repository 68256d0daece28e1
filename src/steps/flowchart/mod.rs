//! Draws the step graph as an SVG flowchart at build time.
//!
//! Layout (`grid`, `routes`, `layout`): layers by longest path from the start over the graph
//! without its back edges; at most two boxes side by side, so the text stays legible on a 360-px phone and
//! the chart grows downwards. An edge to the next row is a curve from the bottom of one box to the
//! top of the next. Every other edge leaves its box by a short stub to a vertical trunk beside
//! the rows; edges to the same step share one trunk, and all edges to an urgent step run down
//! the left, so parallel lines do not bunch. An urgent step stands at the left of its row.
//!
//! Labels (`labels`) sit next to where their edge leaves its box and overlap no box, no other
//! label and no other edge; where a label finds no free place next to its start, the gaps
//! around its row grow and the layout is done again (the best of these rounds is kept). Sizes are estimates: no font is measured, so the same graph
//! always gives the same bytes. Markup is in `svg`.

mod grid;
mod labels;
mod layout;
mod routes;
mod svg;
#[cfg(test)]
mod tests;

use super::graph::Graph;
use super::StepNode;

/// The flowchart of `steps` as an `<svg>` element to inline in a page. Node links are
/// `{root}{url}`. Styling comes from the theme's classes; presentation attributes are the
/// fallback for print and for pages without the stylesheet.
pub fn flowchart_svg(steps: &[StepNode], root: &str) -> String {
    let graph = Graph::new(steps);
    let layout = layout::Layout::new(&graph);
    svg::render(&graph, &layout, root)
}

/// An axis-aligned box in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlap(&self, other: &Rect) -> f64 {
        let w = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        let h = (self.y + self.h).min(other.y + other.h) - self.y.max(other.y);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }

    fn grow(&self, by: f64) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }

    /// The box around the segment from `a` to `b`, `by` wide on either side.
    fn around(a: (f64, f64), b: (f64, f64), by: f64) -> Rect {
        Rect {
            x: a.0.min(b.0) - by,
            y: a.1.min(b.1) - by,
            w: (a.0 - b.0).abs() + 2.0 * by,
            h: (a.1 - b.1).abs() + 2.0 * by,
        }
    }

    /// Distance from the box to a point, 0 inside.
    fn distance_to(&self, p: (f64, f64)) -> f64 {
        let dx = (self.x - p.0).max(p.0 - self.x - self.w).max(0.0);
        let dy = (self.y - p.1).max(p.1 - self.y - self.h).max(0.0);
        (dx * dx + dy * dy).sqrt()
    }
}

/// Greedy word wrap at `width` characters; a longer word is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        if word.is_empty() {
            continue;
        }
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// How far a box's text moves right, and how many characters a line loses, to make room for
/// the "!" badge of an urgent step.
fn text_shift(kind: crate::content::front_matter::StepKind) -> (f64, usize) {
    use crate::content::front_matter::StepKind;
    match kind {
        StepKind::Urgent => (12.0, 3),
        StepKind::Start | StepKind::Step | StepKind::End => (0.0, 0),
    }
}
