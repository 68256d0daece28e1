//! Where edge labels go: next to where their edge leaves its box, on no box, no other label
//! and no other edge.
//!
//! Owns: label sizes, the places a label may take (nearest its edge's start first) and the
//! choice among them. Does not: route edges or move boxes; it reports labels that found no
//! free place, and `layout` makes room.

use super::layout::{cubic, Side, LABEL_FONT, LABEL_LINE};
use super::Rect;

/// Estimated width of a character; no font is measured.
const CHAR_W: f64 = LABEL_FONT * 0.55;
const PAD_W: f64 = 6.0;
/// Clear space around boxes and between labels.
const BOX_CLEAR: f64 = 4.0;
const LABEL_CLEAR: f64 = 2.0;
/// Step between the places tried along an edge.
const STEP: f64 = 4.0;

/// The places one label may take, best first.
pub(super) struct LabelItem {
    pub spots: Vec<Rect>,
    /// Where the edge leaves its box.
    pub start: (f64, f64),
    /// Parts of the label's own edge it must not hide (the trunk, not the stub).
    pub own_line: Vec<Rect>,
    /// The gaps between rows that grow when no place next to the start is free.
    pub grow: Vec<usize>,
}

/// Width and height of a label with these lines.
pub(super) fn size(lines: &[String]) -> (f64, f64) {
    let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (
        chars as f64 * CHAR_W + PAD_W,
        lines.len() as f64 * LABEL_LINE + 4.0,
    )
}

/// How far from its edge's start a label may be and still be next to it.
pub(super) const NEAR: f64 = 32.0;

/// Places for the label of a curve from the bottom of a box. Beside the curve on the side it bends to, else the other side; on a straight
/// line also on the line, which then breaks for its label. Near the start first.
pub(super) fn under_box(curve: [(f64, f64); 4], (w, h): (f64, f64)) -> Vec<Rect> {
    let ((sx, sy), (tx, ty)) = (curve[0], curve[3]);
    let first = sy + BOX_CLEAR + 1.0;
    let ys: Vec<f64> = (0..)
        .map(|k| first + f64::from(k) * STEP)
        .take_while(|&y| y == first || y + h <= ty - BOX_CLEAR)
        .collect();
    let sides: &[i8] = if tx < sx - 1.0 {
        &[-1, 1]
    } else if tx > sx + 1.0 {
        &[1, -1]
    } else {
        &[1, 0, -1]
    };
    // The curve runs from sx to tx without turning back, so its ends beside the label bound it.
    let spot = |y: f64, side: i8| {
        let (a, b) = (x_at(&curve, y), x_at(&curve, y + h));
        let x = match side {
            -1 => a.min(b) - 5.0 - w,
            0 => x_at(&curve, y + h / 2.0) - w / 2.0,
            _ => a.max(b) + 5.0,
        };
        Rect { x, y, w, h }
    };
    let all: Vec<Rect> = sides
        .iter()
        .flat_map(|&side| ys.iter().map(move |&y| (y, side)))
        .map(|(y, side)| spot(y, side))
        .collect();
    let (mut spots, rest): (Vec<Rect>, Vec<Rect>) = all
        .into_iter()
        .partition(|r| r.distance_to((sx, sy)) <= NEAR);
    spots.extend(rest);
    spots
}

/// Places for the label of a stub that leaves `from` at height `y` on `side` for a trunk at
/// `trunk_x`: beside the box above the stub,
/// below it (where the box leaves room before the trunk), then past the box beside the lanes,
/// whose innermost is at `inner_x`.
pub(super) fn beside_box(
    from: Rect,
    side: Side,
    y: f64,
    trunk_x: f64,
    inner_x: f64,
    down: bool,
    (w, h): (f64, f64),
) -> Vec<Rect> {
    let (beside, along) = match side {
        Side::Left => (from.x - BOX_CLEAR - w, inner_x + 4.0),
        Side::Right => (from.x + from.w + BOX_CLEAR, inner_x - 4.0 - w),
    };
    let room = match side {
        Side::Left => beside >= trunk_x + 3.0,
        Side::Right => beside + w <= trunk_x - 3.0,
    };
    let mut spots = Vec::new();
    if room {
        spots.push(Rect {
            x: beside,
            y: y - 3.0 - h,
            w,
            h,
        });
        spots.push(Rect {
            x: beside,
            y: y + 3.0,
            w,
            h,
        });
    }
    // Past the box along the trunk first, then the other way.
    for towards in [down, !down] {
        for k in 0..40 {
            let step = f64::from(k) * STEP;
            let y = if towards {
                from.y + from.h + BOX_CLEAR + 1.0 + step
            } else {
                from.y - BOX_CLEAR - 1.0 - h - step
            };
            // Nearer the box if the lanes leave too little room.
            for inward in [0.0, 24.0, 48.0] {
                let x = match side {
                    Side::Left => along + inward,
                    Side::Right => along - inward,
                };
                spots.push(Rect { x, y, w, h });
            }
        }
    }
    spots
}

/// The x of a curve whose y only grows, at height `y`.
fn x_at(curve: &[(f64, f64); 4], y: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if cubic(curve, mid).1 < y {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    cubic(curve, (lo + hi) / 2.0).0
}

/// How well a label found a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// Free, next to its edge's start.
    Near,
    /// Free, further along its edge.
    Away,
    /// Over something: no place was free.
    Overlaps,
}

/// A place per label, in `order`, and how well it fits. A
/// label may cover its own stub, or a straight line it sits on; when no place is free it takes
/// the one that covers least.
pub(super) fn place(
    items: &[LabelItem],
    order: &[usize],
    boxes: &[Rect],
    traces: &[&[Rect]],
    canvas: Rect,
) -> Vec<(Rect, Fit)> {
    let mut taken: Vec<Rect> = boxes.iter().map(|b| b.grow(BOX_CLEAR)).collect();
    let mut placed: Vec<(Rect, Fit)> = items
        .iter()
        .map(|item| (item.spots.first().copied().unwrap_or(canvas), Fit::Overlaps))
        .collect();
    for &id in order {
        let item = &items[id];
        let cost = |r: &Rect| {
            let wide = (canvas.x - r.x).max(0.0) + (r.x + r.w - canvas.x - canvas.w).max(0.0);
            let high = (canvas.y - r.y).max(0.0) + (r.y + r.h - canvas.y - canvas.h).max(0.0);
            let outside = wide * r.h + high * r.w;
            let lines: f64 = (0..traces.len())
                .filter(|&other| other != id)
                .flat_map(|other| traces[other].iter())
                .chain(item.own_line.iter())
                .map(|t| t.overlap(r))
                .sum();
            taken.iter().map(|t| t.overlap(r)).sum::<f64>() * 10.0 + lines + outside * 100.0
        };
        let free = item.spots.iter().position(|r| cost(r) == 0.0);
        let best = free.or_else(|| {
            (0..item.spots.len())
                .min_by(|&a, &b| cost(&item.spots[a]).total_cmp(&cost(&item.spots[b])))
        });
        if let Some(k) = best {
            let mut r = item.spots[k];
            r.x = r.x.clamp(0.0, (canvas.w - r.w).max(0.0));
            r.y = r.y.clamp(0.0, (canvas.h - r.h).max(0.0));
            let fit = match free {
                Some(k) if item.spots[k].distance_to(item.start) <= NEAR => Fit::Near,
                Some(_) => Fit::Away,
                None => Fit::Overlaps,
            };
            placed[id] = (r, fit);
            taken.push(r.grow(LABEL_CLEAR));
        }
    }
    placed
}
