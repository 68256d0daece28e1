//! Where the boxes, trunks and edges of the flowchart go.
//!
//! Owns: the heights of rows and gaps, where boxes, ports, stubs and lanes are, the drawn line
//! of every edge, the size of the canvas, and the rounds that grow crowded gaps.
//! Does not: choose rows and columns (`grid`) or which way an edge runs (`routes`), write
//! markup (`svg`) or choose label places (`labels`); it hands `labels` the places each label
//! may take and grows the gap below a row when a label found none.

use super::grid::{Grid, GRID_W, NODE_W};
use super::labels::{self, LabelItem};
use super::routes::{self, Attach, Route, Trunk};
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

/// Where rows, boxes, stubs, trunk ends and lanes are for one setting of the gaps.
struct Frame {
    width: f64,
    height: f64,
    /// Per edge, the height at which its stub leaves its box (0 for a curve).
    leave_y: Vec<f64>,
    /// Per trunk, the height at which it ends in its step or turns in above it.
    arrive_y: Vec<f64>,
    lane_of: Vec<usize>,
    grid_left: f64,
    boxes: Vec<Rect>,
}

impl Frame {
    /// Where trunk `t` runs down.
    fn lane_x(&self, t: usize, side: Side) -> f64 {
        match side {
            Side::Left => self.grid_left - LANE_INSET - self.lane_of[t] as f64 * LANE_GAP,
            Side::Right => self.grid_left + GRID_W + LANE_INSET + self.lane_of[t] as f64 * LANE_GAP,
        }
    }

    /// The innermost lane on `side`.
    fn inner_x(&self, side: Side) -> f64 {
        match side {
            Side::Left => self.grid_left - LANE_INSET,
            Side::Right => self.grid_left + GRID_W + LANE_INSET,
        }
    }
}

/// The width the lanes of one side take.
fn lane_room(count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        LANE_INSET + (count - 1) as f64 * LANE_GAP + 4.0
    }
}

fn side_x(r: Rect, side: Side) -> f64 {
    match side {
        Side::Left => r.x,
        Side::Right => r.x + r.w,
    }
}

impl Plan {
    fn new(graph: &Graph<'_>) -> Plan {
        let order = graph.reading_order();
        let urgent: Vec<bool> = graph
            .steps
            .iter()
            .map(|s| s.kind == StepKind::Urgent)
            .collect();
        let grid = Grid::new(graph, &order, &urgent);
        let lines: Vec<Vec<String>> = graph
            .steps
            .iter()
            .map(|s| wrap(&s.label, NODE_CHARS - text_shift(s.kind).1))
            .collect();
        let heights: Vec<f64> = lines
            .iter()
            .map(|l| NODE_MIN_H.max(2.0 * NODE_PAD + l.len() as f64 * NODE_LINE))
            .collect();
        let (edges, trunks) = routes::route_edges(graph, &order, &grid, &urgent);
        let side_slots = routes::side_slots(graph.steps.len(), &edges, &trunks, &grid.row_of);
        let labels = edge_labels(graph, &edges, &grid);
        let Grid {
            rows,
            row_of,
            centre,
        } = grid;
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
        let frame = self.frame(gaps);
        let (mut shapes, items) = self.shapes(&frame);
        let (crowded, score) = self.place_labels(&mut shapes, &items, &frame, first);
        let layout = Layout {
            width: frame.width,
            height: frame.height,
            boxes: frame.boxes,
            lines: self.lines.clone(),
            edges: shapes,
        };
        (layout, crowded, score)
    }

    /// Rows from the top with `gaps` between them, boxes centred in their row, stubs spread
    /// over the sides of their boxes, and the lanes beside the grid.
    fn frame(&self, gaps: &[f64]) -> Frame {
        let rows = &self.rows;
        let mut row_top = Vec::with_capacity(rows.len());
        let mut y = gaps[0];
        for (r, row) in rows.iter().enumerate() {
            row_top.push(y);
            y += row.iter().map(|&u| self.heights[u]).fold(0.0, f64::max) + gaps[r + 1];
        }
        let height = y.max(2.0 * MARGIN);
        let row_h = |r: usize| rows[r].iter().map(|&u| self.heights[u]).fold(0.0, f64::max);
        let node_y: Vec<f64> = (0..self.row_of.len())
            .map(|u| row_top[self.row_of[u]] + (row_h(self.row_of[u]) - self.heights[u]) / 2.0)
            .collect();
        let leave_y: Vec<f64> = (0..self.edges.len())
            .map(|id| match self.edges[id].1 {
                Route::Trunk(t) => {
                    let (from, side) = (self.edges[id].0.from, self.trunks[t].side);
                    self.slot_y(&node_y, from, side, Attach::Leave(id))
                }
                Route::Direct => 0.0,
            })
            .collect();
        let arrive_y = self.arrive_heights(&row_top, &node_y);
        let (lane_of, lanes_used) = self.lanes(&leave_y, &arrive_y);
        let grid_left = MARGIN + lane_room(lanes_used[0]);
        let width = grid_left + GRID_W + lane_room(lanes_used[1]) + MARGIN;
        let boxes: Vec<Rect> = (0..self.row_of.len())
            .map(|u| Rect {
                x: grid_left + self.centre[u] - NODE_W / 2.0,
                y: node_y[u],
                w: NODE_W,
                h: self.heights[u],
            })
            .collect();
        Frame {
            width,
            height,
            leave_y,
            arrive_y,
            lane_of,
            grid_left,
            boxes,
        }
    }

    /// The height at which `attach` meets the `side` of box `u`: its slots spread evenly.
    fn slot_y(&self, node_y: &[f64], u: usize, side: Side, attach: Attach) -> f64 {
        let slots = &self.side_slots[u][side as usize];
        let k = slots.iter().position(|&a| a == attach).unwrap_or(0);
        node_y[u] + self.heights[u] * (k + 1) as f64 / (slots.len() + 1) as f64
    }

    /// Per trunk, where it ends: at its slot on the step's side, or, turning in from above,
    /// a little above the step's row (trunks into one row one above the other).
    fn arrive_heights(&self, row_top: &[f64], node_y: &[f64]) -> Vec<f64> {
        let top_entries: Vec<usize> = (0..self.trunks.len())
            .filter(|&t| !self.trunks[t].side_entry)
            .collect();
        (0..self.trunks.len())
            .map(|t| {
                let trunk = &self.trunks[t];
                if trunk.side_entry {
                    return self.slot_y(node_y, trunk.to, trunk.side, Attach::Arrive(t));
                }
                let row = self.row_of[trunk.to];
                let k = top_entries
                    .iter()
                    .filter(|&&s| self.row_of[self.trunks[s].to] == row)
                    .position(|&s| s == t)
                    .unwrap_or(0);
                (row_top[row] - 10.0 - 6.0 * k as f64).max(2.0)
            })
            .collect()
    }

    /// Lanes per side: shortest trunks innermost; trunks whose spans do not meet share one.
    /// The lane of each trunk and the number of lanes on each side.
    fn lanes(&self, leave_y: &[f64], arrive_y: &[f64]) -> (Vec<usize>, [usize; 2]) {
        let span = |t: usize| {
            let ys = self.trunks[t].members.iter().map(|&m| leave_y[m]);
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
        (lane_of, lanes_used)
    }

    fn enters_top(&self, id: usize) -> bool {
        match self.edges[id].1 {
            Route::Direct => true,
            Route::Trunk(t) => !self.trunks[t].side_entry,
        }
    }

    /// Where edge `id` meets the bottom (`outgoing`: curves out) or top (curves and trunks in)
    /// of box `u`: its ports ordered by where the other end lies, so that lines do not cross
    /// needlessly. The members of a trunk enter at the port of their trunk.
    fn port_x(&self, boxes: &[Rect], u: usize, id: usize, outgoing: bool) -> f64 {
        let edges = &self.edges;
        let mut ids: Vec<(f64, usize)> = (0..edges.len())
            .filter(|&j| {
                let (e, route) = edges[j];
                if outgoing {
                    e.from == u && route == Route::Direct
                } else {
                    e.to == u && self.enters_top(j)
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
                (far, self.port_key(j))
            })
            .collect();
        ids.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        ids.dedup();
        let own = self.port_key(id);
        let k = ids.iter().position(|&(_, j)| j == own).unwrap_or(0);
        boxes[u].x + boxes[u].w * (k + 1) as f64 / (ids.len() + 1) as f64
    }

    /// The edge that names the port of edge `id`: the first member of its trunk, or itself.
    fn port_key(&self, id: usize) -> usize {
        match self.edges[id].1 {
            Route::Trunk(t) => self.trunks[t].members[0],
            Route::Direct => id,
        }
    }

    /// The drawn line of every edge, and the places its label may take.
    fn shapes(&self, frame: &Frame) -> (Vec<EdgeShape>, Vec<LabelItem>) {
        let mut shapes: Vec<EdgeShape> = Vec::with_capacity(self.edges.len());
        let mut items: Vec<LabelItem> = Vec::with_capacity(self.edges.len());
        for (id, &(e, route)) in self.edges.iter().enumerate() {
            let size = labels::size(&self.labels[id]);
            let (line, arrow, start, item) = match route {
                Route::Direct => self.curve(frame, id, size),
                Route::Trunk(t) => self.bends(frame, id, t, size),
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
        (shapes, items)
    }

    /// Edge `id` to the next row: a curve from the bottom of its box to the top of the next.
    fn curve(
        &self,
        frame: &Frame,
        id: usize,
        size: (f64, f64),
    ) -> (Line, bool, (f64, f64), LabelItem) {
        let e = self.edges[id].0;
        let (from, to) = (frame.boxes[e.from], frame.boxes[e.to]);
        let (sx, sy) = (self.port_x(&frame.boxes, e.from, id, true), from.y + from.h);
        let (tx, ty) = (self.port_x(&frame.boxes, e.to, id, false), to.y);
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
            grow: vec![self.row_of[e.from] + 1],
        };
        (Line::Curve(curve), true, (sx, sy), item)
    }

    /// Edge `id` on trunk `t`: a stub from the side of its box to the trunk's lane, down or up
    /// the lane to where the next member joins, or at the last member on to the step.
    fn bends(
        &self,
        frame: &Frame,
        id: usize,
        t: usize,
        size: (f64, f64),
    ) -> (Line, bool, (f64, f64), LabelItem) {
        let e = self.edges[id].0;
        let (from, to) = (frame.boxes[e.from], frame.boxes[e.to]);
        let trunk = &self.trunks[t];
        let x = frame.lane_x(t, trunk.side);
        let arrive = frame.arrive_y[t];
        let leave_y = |m: usize| frame.leave_y[m];
        // Members from the far end of the trunk to the near one; each runs to where the next
        // joins, so that the trunk is drawn once.
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
                let px = self.port_x(&frame.boxes, e.to, id, false);
                points.push((px, arrive));
                points.push((px, to.y));
            }
        }
        let down = arrive >= y;
        let inner = frame.inner_x(trunk.side);
        let spots = labels::beside_box(from, trunk.side, y, x, inner, down, size);
        let row = self.row_of[e.from];
        let item = LabelItem {
            spots,
            start,
            own_line: segments(&points[1..]),
            grow: vec![row, row + 1],
        };
        (Line::Bends(points), last, start, item)
    }

    /// Places the labels row by row from the top; in a row, those under a box before those
    /// beside it, which can go above their stub. Returns the gaps to grow (around the rows of
    /// labels that found no place next to their start, which are marked `first`) and how many
    /// labels overlap something or are away from their start.
    fn place_labels(
        &self,
        shapes: &mut [EdgeShape],
        items: &[LabelItem],
        frame: &Frame,
        first: &mut [bool],
    ) -> (Vec<usize>, (usize, usize)) {
        let canvas = Rect {
            x: 0.0,
            y: 0.0,
            w: frame.width,
            h: frame.height,
        };
        let traces: Vec<&[Rect]> = shapes.iter().map(|s| s.trace.as_slice()).collect();
        let mut label_order: Vec<usize> = (0..self.edges.len()).collect();
        label_order.sort_by_key(|&id| {
            let (e, route) = self.edges[id];
            (self.row_of[e.from], !first[id], route != Route::Direct, id)
        });
        let placed = labels::place(items, &label_order, &frame.boxes, &traces, canvas);
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
            crowded.extend(items[id].grow.iter().map(|&g| g.min(self.rows.len())));
        }
        crowded.sort_unstable();
        crowded.dedup();
        (crowded, score)
    }
}

/// Per edge its label, wrapped to the room where it goes: under a box, beside a box alone in
/// its row, or beside a box at the edge of a full row (only the lane beside it).
fn edge_labels(graph: &Graph<'_>, edges: &[(Edge, Route)], grid: &Grid) -> Vec<Vec<String>> {
    edges
        .iter()
        .map(|(e, route)| {
            let chars = match route {
                Route::Direct => DIRECT_CHARS,
                Route::Trunk(_) if grid.rows[grid.row_of[e.from]].len() == 1 => STUB_CHARS,
                Route::Trunk(_) => NARROW_CHARS,
            };
            wrap(&graph.steps[e.from].choices[e.choice].label, chars)
        })
        .collect()
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
