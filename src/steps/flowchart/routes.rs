//! Which way each edge of the flowchart runs.
//!
//! Owns: whether an edge is a curve to the next row or joins a trunk beside the rows, which
//! edges share a trunk and on which side it runs, and the order of the stubs and trunk ends on
//! each side of a box. Does not: know heights or coordinates (`layout` turns these routes into
//! lines for given gaps between the rows).

use super::grid::{Grid, NODE_W};
use super::layout::Side;
use crate::steps::graph::{Edge, Graph};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Route {
    Direct,
    Trunk(usize),
}

/// Edges that run beside the rows to one step share a trunk: each leaves its box by a stub
/// and joins the trunk, which ends in the step's side (if it is at that edge of the grid) or
/// turns in above the step's row.
pub(super) struct Trunk {
    pub to: usize,
    pub side: Side,
    pub side_entry: bool,
    pub members: Vec<usize>,
}

/// A line that meets the side of a box: a stub leaving it, or a trunk ending in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Attach {
    Leave(usize),
    Arrive(usize),
}

/// Whether box `u` is at the `side` edge of the grid (nothing beside it there).
fn at_edge(grid: &Grid, u: usize, side: Side) -> bool {
    let row = &grid.rows[grid.row_of[u]];
    match side {
        Side::Left => grid.centre[u] <= NODE_W / 2.0 || row.len() == 1,
        Side::Right => row[row.len() - 1] == u && grid.centre[u] > NODE_W / 2.0,
    }
}

/// Edges in reading order, choices in order, with their routes, and the trunks they share.
/// An edge beside the rows leaves on the side its box is at, goes left to an urgent step, else
/// to the side its target is at (or the side with fewer edges so far).
pub(super) fn route_edges(
    graph: &Graph<'_>,
    order: &[usize],
    grid: &Grid,
    urgent: &[bool],
) -> (Vec<(Edge, Route)>, Vec<Trunk>) {
    let row_of = &grid.row_of;
    let mut edges: Vec<(Edge, Route)> = Vec::new();
    let mut trunks: Vec<Trunk> = Vec::new();
    let mut trunk_keys: Vec<(usize, Side, bool, bool)> = Vec::new();
    let mut per_side = [0usize; 2];
    for &u in order {
        for &e in &graph.edges[u] {
            if row_of[e.to] == row_of[u] + 1 {
                edges.push((e, Route::Direct));
                continue;
            }
            let only =
                |v: usize, s: Side, other: Side| at_edge(grid, v, s) && !at_edge(grid, v, other);
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
            let side_entry = at_edge(grid, e.to, side);
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
    (edges, trunks)
}

/// Per box and side (left, right), the stubs and trunk ends that meet it, those towards rows
/// above first.
pub(super) fn side_slots(
    n: usize,
    edges: &[(Edge, Route)],
    trunks: &[Trunk],
    row_of: &[usize],
) -> Vec<[Vec<Attach>; 2]> {
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
    side_slots
        .into_iter()
        .map(|sides| {
            sides.map(|mut slots| {
                slots.sort_by_key(|&(row, _)| row);
                slots.into_iter().map(|(_, a)| a).collect()
            })
        })
        .collect()
}
