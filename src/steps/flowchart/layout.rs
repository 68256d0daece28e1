//! Where the boxes, trunks and edges of the flowchart go.
//!
//! Owns: rows and columns of the boxes, the route of every edge, the size of the canvas.
//! Does not: write markup (`svg`) or choose label places (`labels`); it hands `labels` the
//! places each label may take and grows the gap below a row when a label found none.

use super::grid::{Grid, GRID_W, NODE_W};
use super::labels::{self, LabelItem};
use super::{text_shift, wrap, Rect};
use crate::content::front_matter::StepKind;
use crate::steps::graph::{Edge, Graph};

pub(super) const NODE_FONT: f64 = 15.0;
pub(super) const NODE_LINE: f64 = 18.0;
pub(super) const LABEL_FONT: f64 = 13.0;
pub(super) const LABEL_LINE: f64 = 15.0;
pub(super) const MARGIN: f64 = 6.0;
/// The gap between rows before labels ask for more.
const ROW_GAP: f64 = 36.0;
/// How much a crowded gap grows per round, and how many rounds there are at most.
const GAP_STEP: f64 = 6.0;
const ROUNDS: usize = 100;
/// How much height a label next to its edge's start is worth.
const AWAY_COST: f64 = 150.0;
/// Rounds without a better layout before growing stops.
const PATIENCE: usize = 20;
const NODE_CHARS: usize = 17;
const NODE_PAD: f64 = 10.0;
const NODE_MIN_H: f64 = 44.0;
/// Characters per line of a label under a box, of one beside a box (a narrower place), and of
/// one beside a box with no room beside it.
const DIRECT_CHARS: usize = 18;
const STUB_CHARS: usize = 13;
const NARROW_CHARS: usize = 9;
const LANE_INSET: f64 = 20.0;
const LANE_GAP: f64 = 10.0;

/// A drawn edge line: a curve to the next row, or straight runs with rounded bends.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Line {
    Curve([(f64, f64); 4]),
    Bends(Vec<(f64, f64)>),
}

pub(super) struct EdgeShape {
    pub edge: Edge,
    pub urgent: bool,
    pub line: Line,
    /// Only the last edge of a shared trunk carries the arrowhead, where the trunk ends.
    pub arrow: bool,
    pub label: Vec<String>,
    pub label_box: Rect,
    /// Where the edge leaves its box (the tests check that its label is near).
    #[cfg_attr(not(test), allow(dead_code))]
    pub start: (f64, f64),
    /// Thin boxes along the drawn line.
    pub trace: Vec<Rect>,
}

pub(super) struct Layout {
    pub width: f64,
    pub height: f64,
    pub boxes: Vec<Rect>,
    pub lines: Vec<Vec<String>>,
    pub edges: Vec<EdgeShape>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Direct,
    Trunk(usize),
}

/// Edges that run beside the rows to one step share a trunk: each leaves its box by a stub
/// and joins the trunk, which ends in the step's side (if it is at that edge of the grid) or
/// turns in above the step's row.
struct Trunk {
    to: usize,
    side: Side,
    side_entry: bool,
    members: Vec<usize>,
}

/// A line that meets the side of a box: a stub leaving it, or a trunk ending in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attach {
    Leave(usize),
    Arrive(usize),
}

/// Everything that does not depend on the height of the gaps between rows.
struct Plan {
    rows: Vec<Vec<usize>>,
    row_of: Vec<usize>,
    centre: Vec<f64>,
    heights: Vec<f64>,
    lines: Vec<Vec<String>>,
    edges: Vec<(Edge, Route)>,
    urgent: Vec<bool>,
    trunks: Vec<Trunk>,
    side_slots: Vec<[Vec<Attach>; 2]>,
    labels: Vec<Vec<String>>,
}

impl Layout {
    pub fn new(graph: &Graph<'_>) -> Layout {
        let plan = Plan::new(graph);
        let mut gaps = vec![ROW_GAP; plan.rows.len() + 1];
        gaps[0] = MARGIN;
        gaps[plan.rows.len()] = MARGIN;
        // Grow crowded gaps while that helps and keep the best layout: fewest labels that
        // overlap something, then the lowest, where a label away from its edge's start counts
        // as AWAY_COST of height. A label that found no place next to its start goes first in
        // its row next time.
        let mut first = vec![false; plan.edges.len()];
        let mut best: Option<((usize, f64), Layout)> = None;
        let mut since_better = 0;
        for _ in 0..ROUNDS {
            let (layout, crowded, (overlaps, away)) = plan.place(&gaps, &mut first);
            let score = (overlaps, layout.height + AWAY_COST * away as f64);
            let better = best
                .as_ref()
                .is_none_or(|(b, _)| score.0.cmp(&b.0).then(score.1.total_cmp(&b.1)).is_lt());
            if better {
                best = Some((score, layout));
                since_better = 0;
            } else {
                since_better += 1;
            }
            if crowded.is_empty() || since_better == PATIENCE {
                break;
            }
            for gap in crowded {
                gaps[gap] += GAP_STEP;
            }
        }
        best.map(|(_, layout)| layout)
            .unwrap_or_else(|| plan.place(&gaps, &mut first).0)
    }
}

impl Plan {
    fn new(graph: &Graph<'_>) -> Plan {
        let n = graph.steps.len();
        let order = graph.reading_order();
        let urgent: Vec<bool> = graph
            .steps
            .iter()
            .map(|s| s.kind == StepKind::Urgent)
            .collect();
        let Grid {
            rows,
            row_of,
            centre,
        } = Grid::new(graph, &order, &urgent);
        let at_edge = |u: usize, side: Side| {
            let row = &rows[row_of[u]];
            match side {
                Side::Left => centre[u] <= NODE_W / 2.0 || row.len() == 1,
                Side::Right => row[row.len() - 1] == u && centre[u] > NODE_W / 2.0,
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

        // Edges in reading order, choices in order. An edge beside the rows leaves on the side
        // its box is at, goes left to an urgent step, else to the side its target is at.
        let mut edges: Vec<(Edge, Route)> = Vec::new();
        let mut trunks: Vec<Trunk> = Vec::new();
        let mut trunk_keys: Vec<(usize, Side, bool, bool)> = Vec::new();
        let mut per_side = [0usize; 2];
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
                } else if urgent[e.to] || only(e.to, Side::Left, Side::Right) {
                    Side::Left
                } else if only(e.to, Side::Right, Side::Left) || per_side[0] >= per_side[1] {
                    Side::Right
                } else {
                    Side::Left
                };
                per_side[side as usize] += 1;
                let side_entry = at_edge(e.to, side);
                let key = (e.to, side, side_entry, row_of[e.to] < row_of[u]);
                // A loop on one step has a trunk of its own.
                let shared = trunk_keys.iter().position(|&k| k == key && e.to != u);
                let t = shared.unwrap_or_else(|| {
                    trunks.push(Trunk {
                        to: e.to,
                        side,
                        side_entry,
                        members: Vec::new(),
                    });
                    trunk_keys.push(key);
                    trunks.len() - 1
                });
                trunks[t].members.push(edges.len());
                edges.push((e, Route::Trunk(t)));
            }
        }
        // Stubs and trunk ends on each side of a box, those towards rows above first.
        let mut side_slots: Vec<[Vec<(usize, Attach)>; 2]> = vec![[Vec::new(), Vec::new()]; n];
        for (id, &(e, route)) in edges.iter().enumerate() {
            if let Route::Trunk(t) = route {
                let trunk = &trunks[t];
                side_slots[e.from][trunk.side as usize].push((row_of[e.to], Attach::Leave(id)));
                let arrive = Attach::Arrive(t);
                let slots = &mut side_slots[e.to][trunk.side as usize];
                if trunk.side_entry && slots.iter().all(|&(_, a)| a != arrive) {
                    let from_row = trunk.members.iter().map(|&m| row_of[edges[m].0.from]);
                    slots.push((from_row.min().unwrap_or(0), arrive));
                }
            }
        }
        let side_slots = side_slots
            .into_iter()
            .map(|sides| {
                sides.map(|mut slots| {
                    slots.sort_by_key(|&(row, _)| row);
                    slots.into_iter().map(|(_, a)| a).collect()
                })
            })
            .collect();
        let labels = edges
            .iter()
            .map(|(e, route)| {
                let chars = match route {
                    Route::Direct => DIRECT_CHARS,
                    Route::Trunk(_) if rows[row_of[e.from]].len() == 1 => STUB_CHARS,
                    // A box at the edge of a full row leaves only the lane beside it.
                    Route::Trunk(_) => NARROW_CHARS,
                };
                wrap(&graph.steps[e.from].choices[e.choice].label, chars)
            })
            .collect();
        Plan {
            rows,
            row_of,
            centre,
            heights,
            lines,
            edges,
            urgent,
            trunks,
            side_slots,
            labels,
        }
    }

    /// The layout with these gaps above, between and below the rows, the gaps that should grow
    /// to make room for labels, and how many labels overlap something or are away from their
    /// edge's start. Labels marked `first` are placed first in their row; those that find no
    /// place next to their start are marked.
    fn place(&self, gaps: &[f64], first: &mut [bool]) -> (Layout, Vec<usize>, (usize, usize)) {
        let n = self.row_of.len();
        let (rows, row_of, edges) = (&self.rows, &self.row_of, &self.edges);
        let mut row_top = Vec::with_capacity(rows.len());
        let mut y = gaps[0];
        for (r, row) in rows.iter().enumerate() {
            row_top.push(y);
            y += row.iter().map(|&u| self.heights[u]).fold(0.0, f64::max) + gaps[r + 1];
        }
        let height = y.max(2.0 * MARGIN);
        let row_h = |r: usize| rows[r].iter().map(|&u| self.heights[u]).fold(0.0, f64::max);
        let node_y: Vec<f64> = (0..n)
            .map(|u| row_top[row_of[u]] + (row_h(row_of[u]) - self.heights[u]) / 2.0)
            .collect();
        let slot_y = |u: usize, side: Side, attach: Attach| {
            let slots = &self.side_slots[u][side as usize];
            let k = slots.iter().position(|&a| a == attach).unwrap_or(0);
            node_y[u] + self.heights[u] * (k + 1) as f64 / (slots.len() + 1) as f64
        };
        let leave_y = |id: usize| {
            let Route::Trunk(t) = edges[id].1 else {
                return 0.0;
            };
            slot_y(edges[id].0.from, self.trunks[t].side, Attach::Leave(id))
        };
        let top_entries: Vec<usize> = (0..self.trunks.len())
            .filter(|&t| !self.trunks[t].side_entry)
            .collect();
        let arrive_y: Vec<f64> = (0..self.trunks.len())
            .map(|t| {
                let trunk = &self.trunks[t];
                if trunk.side_entry {
                    return slot_y(trunk.to, trunk.side, Attach::Arrive(t));
                }
                let row = row_of[trunk.to];
                let k = top_entries
                    .iter()
                    .filter(|&&s| row_of[self.trunks[s].to] == row)
                    .position(|&s| s == t)
                    .unwrap_or(0);
                (row_top[row] - 10.0 - 6.0 * k as f64).max(2.0)
            })
            .collect();

        // Lanes per side: shortest trunks innermost; trunks whose spans do not meet share one.
        let span = |t: usize| {
            let ys = self.trunks[t].members.iter().map(|&m| leave_y(m));
            ys.fold((arrive_y[t], arrive_y[t]), |(lo, hi), y| {
                (lo.min(y), hi.max(y))
            })
        };
        let mut lane_of = vec![0usize; self.trunks.len()];
        let mut lanes_used = [0usize; 2];
        for side in [Side::Left, Side::Right] {
            let mut ids: Vec<usize> = (0..self.trunks.len())
                .filter(|&t| self.trunks[t].side == side)
                .collect();
            let length = |t: usize| span(t).1 - span(t).0;
            ids.sort_by(|&a, &b| length(a).total_cmp(&length(b)).then(a.cmp(&b)));
            let mut lanes: Vec<Vec<(f64, f64)>> = Vec::new();
            for t in ids {
                let (lo, hi) = span(t);
                let free = lanes
                    .iter()
                    .position(|taken| taken.iter().all(|&(a, b)| hi + 6.0 < a || lo - 6.0 > b));
                let lane = free.unwrap_or_else(|| {
                    lanes.push(Vec::new());
                    lanes.len() - 1
                });
                lanes[lane].push((lo, hi));
                lane_of[t] = lane;
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
        let lane_x = |t: usize| match self.trunks[t].side {
            Side::Left => grid_left - LANE_INSET - lane_of[t] as f64 * LANE_GAP,
            Side::Right => grid_left + GRID_W + LANE_INSET + lane_of[t] as f64 * LANE_GAP,
        };
        let inner_x = |t: usize| match self.trunks[t].side {
            Side::Left => grid_left - LANE_INSET,
            Side::Right => grid_left + GRID_W + LANE_INSET,
        };
        let boxes: Vec<Rect> = (0..n)
            .map(|u| Rect {
                x: grid_left + self.centre[u] - NODE_W / 2.0,
                y: node_y[u],
                w: NODE_W,
                h: self.heights[u],
            })
            .collect();

        // Ports on the bottom (curves out) and top (curves and trunks in) of boxes, ordered
        // by where the other end lies so that lines do not cross needlessly.
        let enters_top = |id: usize| match edges[id].1 {
            Route::Direct => true,
            Route::Trunk(t) => !self.trunks[t].side_entry,
        };
        let port_x = |u: usize, id: usize, outgoing: bool| {
            let mut ids: Vec<(f64, usize)> = (0..edges.len())
                .filter(|&j| {
                    let (e, route) = edges[j];
                    if outgoing {
                        e.from == u && route == Route::Direct
                    } else {
                        e.to == u && enters_top(j)
                    }
                })
                .map(|j| {
                    let (e, route) = edges[j];
                    let far = match route {
                        Route::Direct if outgoing => self.centre[e.to],
                        Route::Direct => self.centre[e.from],
                        Route::Trunk(t) if self.trunks[t].side == Side::Left => f64::MIN,
                        Route::Trunk(_) => f64::MAX,
                    };
                    // Trunk members enter at the port of their trunk.
                    let key = match route {
                        Route::Trunk(t) => self.trunks[t].members[0],
                        Route::Direct => j,
                    };
                    (far, key)
                })
                .collect();
            ids.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            ids.dedup();
            let own = match edges[id].1 {
                Route::Trunk(t) => self.trunks[t].members[0],
                Route::Direct => id,
            };
            let k = ids.iter().position(|&(_, j)| j == own).unwrap_or(0);
            boxes[u].x + boxes[u].w * (k + 1) as f64 / (ids.len() + 1) as f64
        };
        let side_x = |r: Rect, side: Side| match side {
            Side::Left => r.x,
            Side::Right => r.x + r.w,
        };

        let mut shapes: Vec<EdgeShape> = Vec::with_capacity(edges.len());
        let mut items: Vec<LabelItem> = Vec::with_capacity(edges.len());
        for (id, &(e, route)) in edges.iter().enumerate() {
            let size = labels::size(&self.labels[id]);
            let (from, to) = (boxes[e.from], boxes[e.to]);
            let (line, arrow, start, item) = match route {
                Route::Direct => {
                    let (sx, sy) = (port_x(e.from, id, true), from.y + from.h);
                    let (tx, ty) = (port_x(e.to, id, false), to.y);
                    let dy = (ty - sy) / 2.0;
                    let curve = [(sx, sy), (sx, sy + dy), (tx, ty - dy), (tx, ty)];
                    let spots = labels::under_box(curve, size);
                    // A label beside a bending curve must not hide it.
                    let own_line = if (sx - tx).abs() > 1.0 {
                        curve_trace(&curve)
                    } else {
                        Vec::new()
                    };
                    let item = LabelItem {
                        spots,
                        start: (sx, sy),
                        own_line,
                        grow: vec![row_of[e.from] + 1],
                    };
                    (Line::Curve(curve), true, (sx, sy), item)
                }
                Route::Trunk(t) => {
                    let trunk = &self.trunks[t];
                    let x = lane_x(t);
                    let arrive = arrive_y[t];
                    // Members from the far end of the trunk to the near one; each runs to where
                    // the next joins, so that the trunk is drawn once.
                    let mut members = trunk.members.clone();
                    members.sort_by(|&a, &b| {
                        let d = |m: usize| (leave_y(m) - arrive).abs();
                        d(b).total_cmp(&d(a)).then(a.cmp(&b))
                    });
                    let k = members.iter().position(|&m| m == id).unwrap_or(0);
                    let y = leave_y(id);
                    let start = (side_x(from, trunk.side), y);
                    let mut points = vec![start, (x, y)];
                    let last = k + 1 == members.len();
                    if let Some(&next) = members.get(k + 1) {
                        points.push((x, leave_y(next)));
                    } else {
                        points.push((x, arrive));
                        if trunk.side_entry {
                            points.push((side_x(to, trunk.side), arrive));
                        } else {
                            let px = port_x(e.to, id, false);
                            points.push((px, arrive));
                            points.push((px, to.y));
                        }
                    }
                    let down = arrive >= y;
                    let spots = labels::beside_box(from, trunk.side, y, x, inner_x(t), down, size);
                    let row = row_of[e.from];
                    let item = LabelItem {
                        spots,
                        start,
                        own_line: segments(&points[1..]),
                        grow: vec![row, row + 1],
                    };
                    (Line::Bends(points), last, start, item)
                }
            };
            let trace = match &line {
                Line::Curve(c) => curve_trace(c),
                Line::Bends(points) => segments(points),
            };
            items.push(item);
            shapes.push(EdgeShape {
                edge: e,
                urgent: self.urgent[e.to],
                line,
                arrow,
                label: self.labels[id].clone(),
                label_box: Rect {
                    x: 0.0,
                    y: 0.0,
                    w: size.0,
                    h: size.1,
                },
                start,
                trace,
            });
        }

        let canvas = Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
        };
        let traces: Vec<&[Rect]> = shapes.iter().map(|s| s.trace.as_slice()).collect();
        // Labels row by row from the top; in a row, those under a box before those beside it,
        // which can go above their stub.
        let mut label_order: Vec<usize> = (0..edges.len()).collect();
        label_order.sort_by_key(|&id| {
            let (e, route) = edges[id];
            (row_of[e.from], !first[id], route != Route::Direct, id)
        });
        let placed = labels::place(&items, &label_order, &boxes, &traces, canvas);
        let mut crowded: Vec<usize> = Vec::new();
        let mut score = (0, 0);
        for (id, (r, fit)) in placed.into_iter().enumerate() {
            shapes[id].label_box = r;
            match fit {
                labels::Fit::Near => continue,
                labels::Fit::Away => score.1 += 1,
                labels::Fit::Overlaps => score.0 += 1,
            }
            first[id] = true;
            crowded.extend(items[id].grow.iter().map(|&g| g.min(rows.len())));
        }
        crowded.sort_unstable();
        crowded.dedup();
        let layout = Layout {
            width,
            height,
            boxes,
            lines: self.lines.clone(),
            edges: shapes,
        };
        (layout, crowded, score)
    }
}

/// Small boxes along a curve, close enough together that no label fits between them.
fn curve_trace(c: &[(f64, f64); 4]) -> Vec<Rect> {
    let length = (c[3].0 - c[0].0).abs() + (c[3].1 - c[0].1).abs();
    let steps = (length / 2.0).ceil().max(1.0) as u32;
    (0..=steps)
        .map(|k| {
            let p = cubic(c, f64::from(k) / f64::from(steps));
            Rect::around(p, p, 1.5)
        })
        .collect()
}

/// Thin boxes along straight runs through `points`.
fn segments(points: &[(f64, f64)]) -> Vec<Rect> {
    points
        .windows(2)
        .map(|p| Rect::around(p[0], p[1], 1.5))
        .collect()
}

pub(super) fn cubic(c: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let s = 1.0 - t;
    let at = |a: f64, b: f64, c: f64, d: f64| {
        s * s * s * a + 3.0 * s * s * t * b + 3.0 * s * t * t * c + t * t * t * d
    };
    (
        at(c[0].0, c[1].0, c[2].0, c[3].0),
        at(c[0].1, c[1].1, c[2].1, c[3].1),
    )
}
