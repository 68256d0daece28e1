//! Which box goes in which row and column.
//!
//! Owns: layers by longest path, the order within a layer and the two columns. Does not: know
//! sizes other than the grid's width, or route edges.

use std::cmp::Reverse;

use crate::steps::graph::Graph;

pub(super) const NODE_W: f64 = 150.0;
pub(super) const COL_GAP: f64 = 24.0;
/// Two columns of boxes.
pub(super) const GRID_W: f64 = NODE_W * 2.0 + COL_GAP;

/// Rows of at most two boxes, and where each box's centre is across the grid.
pub(super) struct Grid {
    pub rows: Vec<Vec<usize>>,
    pub row_of: Vec<usize>,
    pub centre: Vec<f64>,
}

impl Grid {
    /// `order` is the reading order of the steps; `urgent` says which are urgent.
    pub fn new(graph: &Graph<'_>, order: &[usize], urgent: &[bool]) -> Grid {
        let n = graph.steps.len();
        let mut rank = vec![0; n];
        for (r, &u) in order.iter().enumerate() {
            rank[u] = r;
        }
        let (layer, back) = layers(graph);
        // Rows: a layer's steps under the latest parent first, in the order of its choices, so
        // that they can be reached by a curve; urgent steps last and at the left, beside their
        // trunk. Then cut into rows of two.
        let mut centre = vec![GRID_W / 2.0; n];
        let mut row_of = vec![0; n];
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let layer_count = layer.iter().max().map_or(0, |m| m + 1);
        for l in 0..layer_count {
            let key = |u: usize| {
                let parent = graph
                    .edges
                    .iter()
                    .enumerate()
                    .flat_map(|(from, out)| out.iter().enumerate().map(move |(k, e)| (from, k, e)))
                    .filter(|(from, k, e)| e.to == u && !back[*from][*k] && layer[*from] < l)
                    .min_by_key(|(from, _, _)| (Reverse(row_of[*from]), rank[*from]));
                match parent {
                    Some((from, _, e)) => {
                        (urgent[u], Reverse(row_of[from]), centre[from], e.choice)
                    }
                    None => (urgent[u], Reverse(0), f64::MAX, 0),
                }
            };
            let mut members: Vec<_> = order
                .iter()
                .filter(|&&u| layer[u] == l)
                .map(|&u| (key(u), u))
                .collect();
            members.sort_by(|(a, u), (b, v)| {
                (a.0, a.1)
                    .cmp(&(b.0, b.1))
                    .then(a.2.total_cmp(&b.2))
                    .then(a.3.cmp(&b.3))
                    .then(rank[*u].cmp(&rank[*v]))
            });
            for chunk in members.chunks(2) {
                let mut row: Vec<usize> = chunk.iter().map(|&(_, u)| u).collect();
                if row.len() == 2 && urgent[row[1]] && !urgent[row[0]] {
                    row.swap(0, 1);
                }
                for (col, &u) in row.iter().enumerate() {
                    centre[u] = if row.len() == 1 && !urgent[u] {
                        GRID_W / 2.0
                    } else {
                        NODE_W / 2.0 + col as f64 * (NODE_W + COL_GAP)
                    };
                    row_of[u] = rows.len();
                }
                rows.push(row);
            }
        }
        Grid {
            rows,
            row_of,
            centre,
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
