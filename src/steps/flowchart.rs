//! Draws the step graph as an SVG flowchart at build time.
//!
//! Layout: layers by longest path from the start over the graph without its back edges; at most
//! two boxes side by side, so the text stays legible on a 360-px phone and the chart grows
//! downwards. An edge to the next row is a curve from the bottom of one box to the top of the
//! next; every other edge (longer, or back up) runs in a lane beside the rows. Edge labels go
//! where they overlap no box and no other label. Sizes are estimates: no font is measured, so
//! the same graph always gives the same bytes.

use std::fmt::Write;

use super::graph::{Edge, Graph};
use super::StepNode;
use crate::content::front_matter::StepKind;
use crate::html::escape;

const NODE_W: f64 = 150.0;
const COL_GAP: f64 = 24.0;
/// Two columns of boxes.
const GRID_W: f64 = NODE_W * 2.0 + COL_GAP;
const MARGIN: f64 = 12.0;
const ROW_GAP: f64 = 76.0;
const NODE_CHARS: usize = 17;
const NODE_FONT: f64 = 15.0;
const NODE_LINE: f64 = 18.0;
const NODE_PAD: f64 = 10.0;
const NODE_MIN_H: f64 = 44.0;
const LABEL_CHARS: usize = 14;
const LABEL_FONT: f64 = 13.0;
const LABEL_LINE: f64 = 15.0;
const LANE_INSET: f64 = 14.0;
const LANE_GAP: f64 = 10.0;

const TITLE: &str = "Stroomschema van het stappenplan";
const DESCRIPTION: &str = "Elke stap is een link naar die stap. Dezelfde stappen en keuzes \
                           staan ook als lijst op deze pagina.";

/// The flowchart of `steps` as an `<svg>` element to inline in a page. Node links are
/// `{root}{url}`. Styling comes from the theme's classes; presentation attributes are the
/// fallback for print and for pages without the stylesheet.
pub fn flowchart_svg(steps: &[StepNode], root: &str) -> String {
    let graph = Graph::new(steps);
    let layout = Layout::new(&graph);
    render(&graph, &layout, root)
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// How an edge runs: a curve to the next row, or a lane beside the rows.
#[derive(Debug, Clone, Copy)]
enum Route {
    Direct,
    Lane {
        side: Side,
        /// Enters the target from its side (it is at that edge of the grid), else from the top.
        side_entry: bool,
    },
}

struct EdgeShape {
    edge: Edge,
    urgent: bool,
    path: String,
    label: Vec<String>,
    label_box: Rect,
}

struct Layout {
    width: f64,
    height: f64,
    boxes: Vec<Rect>,
    lines: Vec<Vec<String>>,
    edges: Vec<EdgeShape>,
}

impl Layout {
    fn new(graph: &Graph<'_>) -> Layout {
        let n = graph.steps.len();
        let order = graph.reading_order();
        let mut rank = vec![0; n];
        for (r, &u) in order.iter().enumerate() {
            rank[u] = r;
        }
        let (layer, back) = layers(graph);

        // Rows: each layer sorted by where its parents stand, then cut into rows of two.
        let mut centre = vec![0.0; n];
        let mut row_of = vec![0; n];
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let layer_count = layer.iter().max().map_or(0, |m| m + 1);
        for l in 0..layer_count {
            let key = |u: usize| {
                let parents: Vec<f64> = graph
                    .edges
                    .iter()
                    .enumerate()
                    .flat_map(|(from, out)| out.iter().enumerate().map(move |(k, e)| (from, k, e)))
                    .filter(|(from, k, e)| e.to == u && !back[*from][*k] && layer[*from] < l)
                    .map(|(from, _, _)| centre[from])
                    .collect();
                if parents.is_empty() {
                    GRID_W / 2.0
                } else {
                    parents.iter().sum::<f64>() / parents.len() as f64
                }
            };
            let mut members: Vec<(f64, usize)> = order
                .iter()
                .filter(|&&u| layer[u] == l)
                .map(|&u| (key(u), u))
                .collect();
            members.sort_by(|a, b| a.0.total_cmp(&b.0).then(rank[a.1].cmp(&rank[b.1])));
            for chunk in members.chunks(2) {
                for (col, &(_, u)) in chunk.iter().enumerate() {
                    centre[u] = if chunk.len() == 1 {
                        GRID_W / 2.0
                    } else {
                        NODE_W / 2.0 + col as f64 * (NODE_W + COL_GAP)
                    };
                    row_of[u] = rows.len();
                }
                rows.push(chunk.iter().map(|&(_, u)| u).collect());
            }
        }
        let at_edge = |u: usize, side: Side| {
            let row = &rows[row_of[u]];
            row.len() == 1
                || match side {
                    Side::Left => row[0] == u,
                    Side::Right => row[row.len() - 1] == u,
                }
        };

        let lines: Vec<Vec<String>> = graph
            .steps
            .iter()
            .map(|s| wrap(&s.label, NODE_CHARS - text_shift(s.kind).1))
            .collect();
        let heights: Vec<f64> = lines
            .iter()
            .map(|l| NODE_MIN_H.max(2.0 * NODE_PAD + l.len() as f64 * NODE_LINE))
            .collect();
        let mut row_top = Vec::with_capacity(rows.len());
        let mut row_h = Vec::with_capacity(rows.len());
        let mut y = MARGIN;
        for row in &rows {
            let h = row.iter().map(|&u| heights[u]).fold(0.0, f64::max);
            row_top.push(y);
            row_h.push(h);
            y += h + ROW_GAP;
        }
        let height = (y - ROW_GAP + MARGIN).max(2.0 * MARGIN);
        let node_y: Vec<f64> = (0..n)
            .map(|u| row_top[row_of[u]] + (row_h[row_of[u]] - heights[u]) / 2.0)
            .collect();

        // Edges in reading order, choices in order; lanes get their side and attachments.
        let mut edges: Vec<(Edge, Route)> = Vec::new();
        let mut lane_count = [0usize; 2];
        for &u in &order {
            for &e in &graph.edges[u] {
                if row_of[e.to] == row_of[u] + 1 {
                    edges.push((e, Route::Direct));
                    continue;
                }
                let only = |v: usize, s: Side, other: Side| at_edge(v, s) && !at_edge(v, other);
                let side = if only(u, Side::Left, Side::Right) {
                    Side::Left
                } else if only(u, Side::Right, Side::Left) {
                    Side::Right
                } else if only(e.to, Side::Left, Side::Right) {
                    Side::Left
                } else if only(e.to, Side::Right, Side::Left) || lane_count[0] >= lane_count[1] {
                    Side::Right
                } else {
                    Side::Left
                };
                lane_count[side as usize] += 1;
                let side_entry = at_edge(e.to, side);
                edges.push((e, Route::Lane { side, side_entry }));
            }
        }
        // Where lanes leave and enter boxes: spread over the box's side, or above its row.
        let mut side_slots: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; n];
        let mut top_slots: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
        for (id, (e, route)) in edges.iter().enumerate() {
            if let Route::Lane { side, side_entry } = *route {
                side_slots[e.from][side as usize].push(id);
                if side_entry {
                    side_slots[e.to][side as usize].push(id);
                } else {
                    top_slots[row_of[e.to]].push(id);
                }
            }
        }
        let slot_y = |u: usize, side: Side, id: usize, nth: usize| {
            let slots = &side_slots[u][side as usize];
            let k = slots.iter().enumerate().filter(|(_, &s)| s == id).nth(nth);
            let k = k.map_or(0, |(k, _)| k);
            node_y[u] + heights[u] * (k + 1) as f64 / (slots.len() + 1) as f64
        };
        // Vertical span of each lane edge: (leave y, arrive y).
        let spans: Vec<(f64, f64)> = edges
            .iter()
            .enumerate()
            .map(|(id, (e, route))| match *route {
                Route::Direct => (0.0, 0.0),
                Route::Lane { side, side_entry } => {
                    let leave = slot_y(e.from, side, id, 0);
                    let arrive = if side_entry {
                        slot_y(e.to, side, id, usize::from(e.from == e.to))
                    } else {
                        let k = top_slots[row_of[e.to]].iter().position(|&s| s == id);
                        (row_top[row_of[e.to]] - 10.0 - 6.0 * k.unwrap_or(0) as f64).max(2.0)
                    };
                    (leave, arrive)
                }
            })
            .collect();
        // Lanes per side: shortest edges innermost; edges whose spans do not meet share a lane.
        let mut lane_of = vec![0usize; edges.len()];
        let mut lanes_used = [0usize; 2];
        for side in [Side::Left, Side::Right] {
            let mut ids: Vec<usize> = (0..edges.len())
                .filter(|&id| matches!(edges[id].1, Route::Lane { side: s, .. } if s == side))
                .collect();
            let span = |id: usize| (spans[id].0 - spans[id].1).abs();
            ids.sort_by(|&a, &b| span(a).total_cmp(&span(b)).then(a.cmp(&b)));
            let mut lanes: Vec<Vec<(f64, f64)>> = Vec::new();
            for id in ids {
                let (lo, hi) = min_max(spans[id].0, spans[id].1);
                let free = lanes
                    .iter()
                    .position(|taken| taken.iter().all(|&(a, b)| hi + 6.0 < a || lo - 6.0 > b));
                let lane = free.unwrap_or_else(|| {
                    lanes.push(Vec::new());
                    lanes.len() - 1
                });
                lanes[lane].push((lo, hi));
                lane_of[id] = lane;
            }
            lanes_used[side as usize] = lanes.len();
        }
        let lane_room = |count: usize| {
            if count == 0 {
                0.0
            } else {
                LANE_INSET + (count - 1) as f64 * LANE_GAP + 4.0
            }
        };
        let grid_left = MARGIN + lane_room(lanes_used[0]);
        let width = grid_left + GRID_W + lane_room(lanes_used[1]) + MARGIN;
        let lane_x = |side: Side, lane: usize| match side {
            Side::Left => grid_left - LANE_INSET - lane as f64 * LANE_GAP,
            Side::Right => grid_left + GRID_W + LANE_INSET + lane as f64 * LANE_GAP,
        };
        let boxes: Vec<Rect> = (0..n)
            .map(|u| Rect {
                x: grid_left + centre[u] - NODE_W / 2.0,
                y: node_y[u],
                w: NODE_W,
                h: heights[u],
            })
            .collect();

        // Ports on the bottom (direct edges out) and top (direct and lane edges in) of boxes,
        // ordered by where the other end lies so that edges do not cross needlessly.
        let far = |id: usize, end_x: f64| match edges[id].1 {
            Route::Lane {
                side: Side::Left, ..
            } => f64::MIN,
            Route::Lane {
                side: Side::Right, ..
            } => f64::MAX,
            Route::Direct => end_x,
        };
        let port_x = |u: usize, id: usize, outgoing: bool| {
            let mut ids: Vec<(f64, usize)> = (0..edges.len())
                .filter(|&j| {
                    let (e, route) = edges[j];
                    if outgoing {
                        e.from == u && matches!(route, Route::Direct)
                    } else {
                        e.to == u
                            && !matches!(
                                route,
                                Route::Lane {
                                    side_entry: true,
                                    ..
                                }
                            )
                    }
                })
                .map(|j| {
                    let other = if outgoing {
                        edges[j].0.to
                    } else {
                        edges[j].0.from
                    };
                    (far(j, centre[other]), j)
                })
                .collect();
            ids.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let k = ids.iter().position(|&(_, j)| j == id).unwrap_or(0);
            boxes[u].x + boxes[u].w * (k + 1) as f64 / (ids.len() + 1) as f64
        };

        let mut shapes = Vec::with_capacity(edges.len());
        let mut candidates: Vec<Vec<Rect>> = Vec::with_capacity(edges.len());
        // Thin boxes along each edge, so that no label hides another edge's line.
        let mut traces: Vec<Vec<Rect>> = Vec::with_capacity(edges.len());
        for (id, &(e, route)) in edges.iter().enumerate() {
            let label = wrap(&graph.steps[e.from].choices[e.choice].label, LABEL_CHARS);
            let chars = label.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            let (lw, lh) = (
                chars as f64 * LABEL_FONT * 0.56 + 8.0,
                label.len() as f64 * LABEL_LINE + 4.0,
            );
            let spot = |x: f64, y: f64| Rect { x, y, w: lw, h: lh };
            let (from, to) = (boxes[e.from], boxes[e.to]);
            let mut spots = Vec::new();
            let mut trace = Vec::new();
            let path = match route {
                Route::Direct => {
                    let (sx, sy) = (port_x(e.from, id, true), from.y + from.h);
                    let (tx, ty) = (port_x(e.to, id, false), to.y);
                    let dy = (ty - sy) / 2.0;
                    let at = |t: f64| cubic((sx, sy), (sx, sy + dy), (tx, ty - dy), (tx, ty), t);
                    // On the line, else beside it, nearest the middle first.
                    for t in [0.5, 0.4, 0.6, 0.3, 0.7] {
                        let (x, y) = at(t);
                        spots.push(spot(x - lw / 2.0, y - lh / 2.0));
                        spots.push(spot(x + 6.0, y - lh / 2.0));
                        spots.push(spot(x - 6.0 - lw, y - lh / 2.0));
                    }
                    for k in 0..=20 {
                        let (x, y) = at(f64::from(k) / 20.0);
                        trace.push(Rect {
                            x: x - 1.5,
                            y: y - 1.5,
                            w: 3.0,
                            h: 3.0,
                        });
                    }
                    format!(
                        "M{},{} C{},{} {},{} {},{}",
                        num(sx),
                        num(sy),
                        num(sx),
                        num(sy + dy),
                        num(tx),
                        num(ty - dy),
                        num(tx),
                        num(ty)
                    )
                }
                Route::Lane { side, side_entry } => {
                    let x = lane_x(side, lane_of[id]);
                    let edge_x = |r: Rect| match side {
                        Side::Left => r.x,
                        Side::Right => r.x + r.w,
                    };
                    let (leave, arrive) = spans[id];
                    let mut points = vec![(edge_x(from), leave), (x, leave), (x, arrive)];
                    if side_entry {
                        points.push((edge_x(to), arrive));
                    } else {
                        let px = port_x(e.to, id, false);
                        points.push((px, arrive));
                        points.push((px, to.y));
                    }
                    // Beside the lane in a gap between rows, nearest to where the edge leaves;
                    // then above where it turns in towards a box from the top.
                    let (lo, hi) = min_max(leave, arrive);
                    let mut gaps: Vec<(f64, f64)> = (1..rows.len())
                        .map(|r| (row_top[r - 1] + row_h[r - 1], row_top[r]))
                        .filter(|&(a, b)| b > lo - ROW_GAP && a < hi + ROW_GAP)
                        .collect();
                    let mid = |g: (f64, f64)| (g.0 + g.1) / 2.0;
                    gaps.sort_by(|&a, &b| {
                        let outside = |g: (f64, f64)| !(lo..=hi).contains(&mid(g));
                        outside(a)
                            .cmp(&outside(b))
                            .then((mid(a) - leave).abs().total_cmp(&(mid(b) - leave).abs()))
                    });
                    let lx = match side {
                        Side::Left => x + 4.0,
                        Side::Right => x - 4.0 - lw,
                    };
                    for (a, b) in gaps {
                        for y in [(a + b - lh) / 2.0, a + 4.0, b - 4.0 - lh] {
                            spots.push(spot(lx, y));
                        }
                    }
                    if !side_entry {
                        let px = points[3].0;
                        spots.push(spot((x + px - lw) / 2.0, arrive - lh - 2.0));
                    }
                    for pair in points.windows(2) {
                        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                        trace.push(Rect {
                            x: x0.min(x1) - 1.5,
                            y: y0.min(y1) - 1.5,
                            w: (x1 - x0).abs() + 3.0,
                            h: (y1 - y0).abs() + 3.0,
                        });
                    }
                    rounded_path(&points)
                }
            };
            candidates.push(spots);
            traces.push(trace);
            shapes.push(EdgeShape {
                edge: e,
                urgent: graph.steps[e.to].kind == StepKind::Urgent,
                path,
                label,
                label_box: spot(0.0, 0.0),
            });
        }

        // Labels of direct edges first: they have the fewest places to go. A label may cover
        // its own line, never a box, another label or (if it can help it) another line.
        let canvas = Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
        };
        let mut taken: Vec<Rect> = boxes.iter().map(|b| b.grow(4.0)).collect();
        let mut label_order: Vec<usize> = (0..edges.len()).collect();
        label_order.sort_by_key(|&id| (!matches!(edges[id].1, Route::Direct), id));
        for id in label_order {
            let spots = &candidates[id];
            let cost = |r: &Rect| {
                let outside = r.w * r.h - r.overlap(&canvas);
                let lines: f64 = (0..edges.len())
                    .filter(|&other| other != id)
                    .flat_map(|other| traces[other].iter())
                    .map(|t| t.overlap(r))
                    .sum();
                taken.iter().map(|t| t.overlap(r)).sum::<f64>() * 10.0 + lines + outside * 100.0
            };
            let best = spots
                .iter()
                .find(|r| cost(r) == 0.0)
                .or_else(|| spots.iter().min_by(|a, b| cost(a).total_cmp(&cost(b))))
                .copied();
            if let Some(mut r) = best {
                r.x = r.x.clamp(0.0, (width - r.w).max(0.0));
                r.y = r.y.clamp(0.0, (height - r.h).max(0.0));
                shapes[id].label_box = r;
                taken.push(r.grow(2.0));
            }
        }

        Layout {
            width,
            height,
            boxes,
            lines,
            edges: shapes,
        }
    }
}

/// Layer of each step (longest path from the start, back edges left out) and which edges are
/// back edges (they close a loop in a depth-first walk from the start). Steps the start cannot
/// reach go below the others.
fn layers(graph: &Graph<'_>) -> (Vec<usize>, Vec<Vec<bool>>) {
    let n = graph.steps.len();
    let mut state = vec![0u8; n];
    let mut back: Vec<Vec<bool>> = graph.edges.iter().map(|o| vec![false; o.len()]).collect();
    let mut finished = Vec::with_capacity(n);
    for root in graph.start().into_iter().chain(0..n) {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some(top) = stack.last_mut() {
            let (u, k) = *top;
            match graph.edges[u].get(k) {
                Some(e) => {
                    top.1 += 1;
                    match state[e.to] {
                        0 => {
                            state[e.to] = 1;
                            stack.push((e.to, 0));
                        }
                        1 => back[u][k] = true,
                        _ => {}
                    }
                }
                None => {
                    state[u] = 2;
                    finished.push(u);
                    stack.pop();
                }
            }
        }
    }
    let reached = graph.reachable_from(&graph.start().into_iter().collect::<Vec<_>>());
    let mut layer = vec![0usize; n];
    for pass in [true, false] {
        if !pass {
            let below = (0..n).filter(|&u| reached[u]).map(|u| layer[u] + 1).max();
            for u in (0..n).filter(|&u| !reached[u]) {
                layer[u] = below.unwrap_or(0);
            }
        }
        for &u in finished.iter().rev() {
            if reached[u] != pass {
                continue;
            }
            for (k, e) in graph.edges[u].iter().enumerate() {
                if !back[u][k] && reached[e.to] == pass {
                    layer[e.to] = layer[e.to].max(layer[u] + 1);
                }
            }
        }
    }
    (layer, back)
}

fn render(graph: &Graph<'_>, layout: &Layout, root: &str) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         class=\"flowchart\" role=\"group\" aria-labelledby=\"flowchart-svg-title\" \
         aria-describedby=\"flowchart-desc\" font-family=\"sans-serif\">\n\
         <title id=\"flowchart-svg-title\">{TITLE}</title>\n\
         <desc id=\"flowchart-desc\">{DESCRIPTION}</desc>\n<defs>\n",
        num(layout.width),
        num(layout.height)
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
        let _ = writeln!(
            svg,
            "<path class=\"{}\" d=\"{}\" fill=\"none\" {}/>",
            if shape.urgent {
                "edge edge-urgent"
            } else {
                "edge"
            },
            shape.path,
            if shape.urgent {
                "stroke=\"#b00020\" stroke-width=\"3\" stroke-dasharray=\"8 4\" \
                 marker-end=\"url(#flowchart-arrow-urgent)\""
            } else {
                "stroke=\"#4d4d4d\" stroke-width=\"2\" marker-end=\"url(#flowchart-arrow)\""
            }
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
        if !drawn(u) {
            continue;
        }
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
        tspans(&mut svg, lines, text_x, NODE_LINE);
        svg.push_str("</text>\n</a>\n");
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// How far a box's text moves right, and how many characters a line loses, to make room for
/// the "!" badge of an urgent step.
fn text_shift(kind: StepKind) -> (f64, usize) {
    match kind {
        StepKind::Urgent => (12.0, 3),
        StepKind::Start | StepKind::Step | StepKind::End => (0.0, 0),
    }
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

fn cubic(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), p3: (f64, f64), t: f64) -> (f64, f64) {
    let s = 1.0 - t;
    let at = |a: f64, b: f64, c: f64, d: f64| {
        s * s * s * a + 3.0 * s * s * t * b + 3.0 * s * t * t * c + t * t * t * d
    };
    (at(p0.0, p1.0, p2.0, p3.0), at(p0.1, p1.1, p2.1, p3.1))
}

fn min_max(a: f64, b: f64) -> (f64, f64) {
    (a.min(b), a.max(b))
}

/// A coordinate with at most one decimal, without a trailing `.0`.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{plan, step};
    use super::*;
    use StepKind::*;

    #[test]
    fn every_step_is_a_link_with_a_name() {
        let steps = plan();
        let svg = flowchart_svg(&steps, "../");
        for step in &steps {
            let link = format!(
                "<a href=\"../stappen/{}/index.html\" class=\"node",
                step.slug
            );
            assert_eq!(svg.matches(&link).count(), 1, "{link}");
        }
        assert!(svg.contains("<title>Stap bel-112: Titel van bel-112 (dringend)</title>"));
        assert_eq!(svg.matches("<a ").count(), steps.len());
    }

    #[test]
    fn every_choice_is_an_edge_with_its_label() {
        let steps = plan();
        let svg = flowchart_svg(&steps, "/");
        let choices: usize = steps.iter().map(|s| s.choices.len()).sum();
        assert_eq!(svg.matches("<path class=\"edge").count(), choices);
        assert_eq!(svg.matches("<text class=\"edge-label\"").count(), choices);
        assert_eq!(svg.matches("marker-end=").count(), choices);
        for label in ["Nog twijfel", "Melden", "Na het gesprek", "Acuut gevaar"] {
            assert!(svg.contains(&format!(">{label}</tspan>")), "{label}");
        }
        assert!(
            svg.contains(">Ik maak me</tspan><tspan x="),
            "wrapped label"
        );
    }

    #[test]
    fn urgent_steps_and_their_edges_stand_out_without_colour() {
        let svg = flowchart_svg(&plan(), "/");
        assert_eq!(svg.matches("class=\"node node-urgent\"").count(), 1);
        assert_eq!(svg.matches("<path class=\"edge edge-urgent\"").count(), 1);
        assert_eq!(svg.matches("class=\"node node-end\"").count(), 2);
        assert_eq!(svg.matches("class=\"node node-start\"").count(), 1);
        assert_eq!(svg.matches("stroke-dasharray=\"8 4\"").count(), 2);
        assert!(svg.contains(">!</text>"));
    }

    #[test]
    fn the_root_element_is_accessible_and_needs_no_inline_style() {
        let svg = flowchart_svg(&plan(), "/");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        assert!(svg.contains(
            "width=\"100%\" class=\"flowchart\" role=\"group\" \
             aria-labelledby=\"flowchart-svg-title\""
        ));
        assert!(svg.contains("<title id=\"flowchart-svg-title\">"));
        assert!(!svg.contains("style="));
        assert!(!svg.contains("xlink"));
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn the_same_steps_give_the_same_bytes() {
        let steps = plan();
        assert_eq!(flowchart_svg(&steps, "/"), flowchart_svg(&steps, "/"));
    }

    #[test]
    fn text_and_links_are_escaped() {
        let mut steps = vec![
            step(1, "a", Start, &[("<b>\"x\"", "b")]),
            step(2, "b", End, &[]),
        ];
        steps[0].label = "Kind & <ouder>".to_string();
        let svg = flowchart_svg(&steps, "/?a=1&b=\"");
        assert!(svg.contains(">Kind &amp; &lt;ouder&gt;</tspan>"));
        assert!(svg.contains(">&lt;b&gt;&quot;x&quot;</tspan>"));
        assert!(svg.contains("href=\"/?a=1&amp;b=&quot;stappen/a/index.html\""));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn labels_overlap_no_box_and_stay_inside() {
        let steps = plan();
        let graph = Graph::new(&steps);
        let layout = Layout::new(&graph);
        for shape in &layout.edges {
            let label = shape.label_box;
            assert!(
                label.x >= 0.0 && label.x + label.w <= layout.width,
                "{label:?}"
            );
            assert!(
                label.y >= 0.0 && label.y + label.h <= layout.height,
                "{label:?}"
            );
            for node in &layout.boxes {
                assert_eq!(node.overlap(&label), 0.0, "{node:?} {label:?}");
            }
        }
        for (i, a) in layout.boxes.iter().enumerate() {
            for b in &layout.boxes[i + 1..] {
                assert_eq!(a.overlap(b), 0.0);
            }
        }
    }

    #[test]
    fn the_start_is_on_top_and_edges_down_run_downwards() {
        let steps = plan();
        let graph = Graph::new(&steps);
        let layout = Layout::new(&graph);
        let top = |slug: &str| layout.boxes[graph.index_of(slug).unwrap()].y;
        assert!(top("zorg") < top("overleg"));
        assert!(top("overleg") < top("gesprek"));
        assert!(top("gesprek") < top("advies"));
        assert!(top("advies") < top("melden"));
    }

    #[test]
    fn no_steps_give_an_empty_chart_with_a_positive_size() {
        let svg = flowchart_svg(&[], "/");
        assert!(svg.contains("viewBox=\"0 0 348 24\""), "{svg}");
        assert!(!svg.contains("<a "));
    }

    #[test]
    fn broken_graphs_still_draw_every_step() {
        let cases = vec![
            vec![],
            vec![step(1, "a", Step, &[("x", "nope"), ("y", "a"), ("z", "a")])],
            vec![
                step(1, "a", Start, &[("1", "b")]),
                step(2, "b", Step, &[("2", "a")]),
                step(3, "c", Urgent, &[("3", "a"), ("4", "c")]),
                step(4, "c", End, &[]),
                step(5, "d", Start, &[]),
            ],
        ];
        for steps in cases {
            let svg = flowchart_svg(&steps, "");
            assert!(svg.ends_with("</svg>\n"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            for s in &steps {
                assert!(svg.contains(&format!("href=\"stappen/{}/index.html\"", s.slug)));
            }
        }
    }

    #[test]
    fn wrap_breaks_at_words_and_cuts_long_words() {
        assert_eq!(
            wrap("Ga in gesprek met de ouders", 18),
            ["Ga in gesprek met", "de ouders"]
        );
        assert_eq!(
            wrap("Kindermishandeling!!", 18),
            ["Kindermishandeling", "!!"]
        );
        assert_eq!(wrap("", 18), [""]);
        assert_eq!(wrap("één twee", 3), ["één", "twe", "e"]);
    }

    #[test]
    fn numbers_print_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-0.01), "0");
    }
}
