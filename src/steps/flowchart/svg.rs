//! The flowchart's markup: classes the theme styles, presentation attributes as the fallback,
//! one link with an accessible name per step.

use std::fmt::Write;

use super::layout::{EdgeShape, Layout, Line, LABEL_FONT, LABEL_LINE, NODE_FONT, NODE_LINE};
use super::text_shift;
use crate::content::front_matter::StepKind;
use crate::html::escape;
use crate::steps::graph::Graph;

pub(super) fn render(
    graph: &Graph<'_>,
    layout: &Layout,
    root: &str,
    text: &super::FlowchartText<'_>,
) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         class=\"flowchart\" role=\"group\" aria-labelledby=\"flowchart-svg-title\" \
         aria-describedby=\"flowchart-desc\" font-family=\"sans-serif\">\n\
         <title id=\"flowchart-svg-title\">{}</title>\n\
         <desc id=\"flowchart-desc\">{}</desc>\n<defs>\n",
        num(layout.width),
        num(layout.height),
        escape(text.title),
        escape(text.description),
    );
    for (id, colour, size) in [
        ("flowchart-arrow", "#4d4d4d", 5),
        ("flowchart-arrow-urgent", "#b00020", 4),
    ] {
        let _ = writeln!(
            svg,
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
             markerWidth=\"{size}\" markerHeight=\"{size}\" orient=\"auto\">\
             <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    svg.push_str("</defs>\n<g class=\"edges\" aria-hidden=\"true\">\n");
    // A second page with the same slug is its own error; it and its edges are not drawn.
    let drawn = |u: usize| graph.index_of(&graph.steps[u].slug) == Some(u);
    let edges: Vec<&EdgeShape> = layout.edges.iter().filter(|s| drawn(s.edge.from)).collect();
    for shape in &edges {
        let (class, stroke, arrow) = if shape.urgent {
            (
                "edge edge-urgent",
                "stroke=\"#b00020\" stroke-width=\"3\" stroke-dasharray=\"8 4\"",
                " marker-end=\"url(#flowchart-arrow-urgent)\"",
            )
        } else {
            (
                "edge",
                "stroke=\"#4d4d4d\" stroke-width=\"2\"",
                " marker-end=\"url(#flowchart-arrow)\"",
            )
        };
        let _ = writeln!(
            svg,
            "<path class=\"{class}\" d=\"{}\" fill=\"none\" {stroke}{}/>",
            path_data(&shape.line),
            if shape.arrow { arrow } else { "" }
        );
    }
    for shape in &edges {
        let r = shape.label_box;
        let _ = write!(
            svg,
            "<rect class=\"edge-label-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" \
             rx=\"3\" fill=\"#ffffff\"/>\n<text class=\"edge-label\" x=\"{}\" y=\"{}\" \
             text-anchor=\"middle\" font-size=\"{}\" fill=\"#1a1a1a\">",
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h),
            num(r.x + r.w / 2.0),
            num(r.y + 2.0 + LABEL_LINE * 0.8),
            num(LABEL_FONT)
        );
        tspans(&mut svg, &shape.label, r.x + r.w / 2.0, LABEL_LINE);
        svg.push_str("</text>\n");
    }
    svg.push_str("</g>\n<g class=\"nodes\">\n");
    for (u, step) in graph.steps.iter().enumerate() {
        if drawn(u) {
            node(&mut svg, layout, u, step, root);
        }
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

fn node(svg: &mut String, layout: &Layout, u: usize, step: &crate::steps::StepNode, root: &str) {
    let r = layout.boxes[u];
    let (class, stroke, fill, stroke_width, rx) = match step.kind {
        StepKind::Start => ("node node-start", "#1f3a5f", "#ffffff", 3, r.h / 2.0),
        StepKind::Step => ("node", "#1f3a5f", "#ffffff", 2, 6.0),
        StepKind::End => ("node node-end", "#1d5c34", "#eef7f0", 2, r.h / 2.0),
        StepKind::Urgent => ("node node-urgent", "#b00020", "#fff4f5", 3, 6.0),
    };
    let mut name = step.label.clone();
    if step.title != step.label {
        name = format!("{name}: {}", step.title);
    }
    name.push_str(match step.kind {
        StepKind::Start => " (begin)",
        StepKind::Step => "",
        StepKind::End => " (einde)",
        StepKind::Urgent => " (dringend)",
    });
    let _ = write!(
        svg,
        "<a href=\"{}\" class=\"{class}\">\n<title>{}</title>\n\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" \
         stroke=\"{stroke}\" stroke-width=\"{stroke_width}\"{}/>\n",
        escape(&format!("{root}{}", step.url)),
        escape(&name),
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h),
        num(rx),
        if step.kind == StepKind::Urgent {
            " stroke-dasharray=\"8 4\""
        } else {
            ""
        }
    );
    match step.kind {
        // A second border: the end is told apart by shape, not by colour alone.
        StepKind::End => {
            let inner = r.grow(-4.0);
            let _ = writeln!(
                svg,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"none\" \
                 stroke=\"{stroke}\" stroke-width=\"1\"/>",
                num(inner.x),
                num(inner.y),
                num(inner.w),
                num(inner.h),
                num(inner.h / 2.0)
            );
        }
        StepKind::Urgent => {
            let _ = writeln!(
                svg,
                "<g class=\"node-badge\" aria-hidden=\"true\"><circle cx=\"{x}\" cy=\"{y}\" \
                 r=\"10\" fill=\"#b00020\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" \
                 font-size=\"15\" font-weight=\"bold\" fill=\"#ffffff\">!</text></g>",
                num(r.y + r.h / 2.0 + 5.0),
                x = num(r.x + 16.0),
                y = num(r.y + r.h / 2.0)
            );
        }
        StepKind::Start | StepKind::Step => {}
    }
    let lines = &layout.lines[u];
    let text_x = r.x + r.w / 2.0 + text_shift(step.kind).0;
    let first = r.y + (r.h - lines.len() as f64 * NODE_LINE) / 2.0 + NODE_LINE * 0.78;
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"#1a1a1a\">",
        num(text_x),
        num(first),
        num(NODE_FONT)
    );
    tspans(svg, lines, text_x, NODE_LINE);
    svg.push_str("</text>\n</a>\n");
}

fn tspans(svg: &mut String, lines: &[String], x: f64, line_height: f64) {
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { line_height };
        let _ = write!(
            svg,
            "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
            num(x),
            num(dy),
            escape(line)
        );
    }
}

fn path_data(line: &Line) -> String {
    match line {
        Line::Curve([p0, p1, p2, p3]) => format!(
            "M{},{} C{},{} {},{} {},{}",
            num(p0.0),
            num(p0.1),
            num(p1.0),
            num(p1.1),
            num(p2.0),
            num(p2.1),
            num(p3.0),
            num(p3.1)
        ),
        Line::Bends(points) => rounded_path(points),
    }
}

/// A path through `points` with straight segments and rounded corners.
fn rounded_path(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        if i == 0 {
            let _ = write!(d, "M{},{}", num(x), num(y));
            continue;
        }
        let Some(&(nx, ny)) = points.get(i + 1) else {
            let _ = write!(d, " L{},{}", num(x), num(y));
            continue;
        };
        let (px, py) = points[i - 1];
        let (before, after) = (dist((px, py), (x, y)), dist((x, y), (nx, ny)));
        let r = 6.0_f64.min(before / 2.0).min(after / 2.0);
        if r <= 0.0 {
            let _ = write!(d, " L{},{}", num(x), num(y));
            continue;
        }
        let a = (x + (px - x) * r / before, y + (py - y) * r / before);
        let b = (x + (nx - x) * r / after, y + (ny - y) * r / after);
        let _ = write!(
            d,
            " L{},{} Q{},{} {},{}",
            num(a.0),
            num(a.1),
            num(x),
            num(y),
            num(b.0),
            num(b.1)
        );
    }
    d
}

fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// A coordinate with at most one decimal, without a trailing `.0`.
pub(super) fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}
