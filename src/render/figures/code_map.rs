//! The code map: codes as circles in the plane, close together when they often share a
//! segment — MAXQDA's Code Map and ATLAS.ti's network, reproducible.
//!
//! Positions are classical MDS ([`super::mds`]) on the distance 1 − c, c the c-coefficient of
//! the pair over segments (the Jaccard index n₁₂ / (n₁ + n₂ − n₁₂) of `tables/cooccurrence`),
//! with both axes on one scale so that distances on paper are distances in the map. A circle's
//! area is the code's segments as coded (the counts c is made of); a line joins two codes whose
//! c reaches `[output] code_map_threshold`, darker and thicker as c grows. Circles that MDS
//! puts on top of each other are nudged apart just far enough that none hides another.
//!
//! A label must name its circle at a glance, so it only goes right beside it — right, left,
//! above, below or at a diagonal, a few pixels from the rim — where it overlaps no circle,
//! label, title or note, keeps clear of every other circle (so the nearest circle is always its
//! own) and crosses as few lines as it can; largest codes first. A code whose label finds no
//! such place gets a number beside its circle, and the note under the map says which code it is.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{draw_note, err, style};
use super::font::{self, FONT_FAMILY};
use super::heatmap::{text_width_styled, wrap, wrap_styled};
use super::mds::classical_mds;
use super::OKABE_ITO;
use crate::analysis::cooccurrence::Cooccurrence;

/// At most this many codes go on a map (the most frequent); more would not leave room for
/// their labels at thesis width.
pub const MAX_CODES: usize = 60;

/// What the map shows: codes, their places and the lines between them.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeMap {
    /// Labels as shown.
    pub labels: Vec<String>,
    /// Top-level codes are set in bold.
    pub emphasis: Vec<bool>,
    /// Segments per code as coded: the circle's area.
    pub sizes: Vec<usize>,
    /// MDS coordinates, one per code.
    pub points: Vec<[f64; 2]>,
    /// (i, j, c) for the pairs drawn as lines, i < j.
    pub edges: Vec<(usize, usize, f64)>,
    /// Share of the configuration the two dimensions show.
    pub explained: f64,
}

/// The map of the codes at `positions` of the co-occurrence matrices: MDS on 1 − c and the
/// pairs whose c is at least `threshold`.
pub fn code_map(co: &Cooccurrence, positions: &[usize], threshold: f64) -> CodeMap {
    let distances: Vec<Vec<f64>> = positions
        .iter()
        .map(|&i| positions.iter().map(|&j| if i == j { 0.0 } else { 1.0 - co.c_coefficient(i, j) }).collect())
        .collect();
    let mds = classical_mds(&distances);
    let mut edges = Vec::new();
    for (a, &i) in positions.iter().enumerate() {
        for (b, &j) in positions.iter().enumerate().skip(a + 1) {
            let c = co.c_coefficient(i, j);
            if c > 0.0 && c >= threshold {
                edges.push((a, b, c));
            }
        }
    }
    CodeMap {
        labels: Vec::new(),
        emphasis: Vec::new(),
        sizes: positions.iter().map(|&i| co.segments[i][i]).collect(),
        points: mds.points,
        edges,
        explained: mds.explained,
    }
}

/// Positions (in `co.codes`) of the codes a map shows: all, or the [`MAX_CODES`] with the most
/// segments (ties in codebook order), kept in codebook order.
pub fn shown_codes(co: &Cooccurrence) -> Vec<usize> {
    let mut by_size: Vec<usize> = (0..co.codes.len()).collect();
    by_size.sort_by(|&a, &b| co.segments[b][b].cmp(&co.segments[a][a]).then(a.cmp(&b)));
    by_size.truncate(MAX_CODES);
    by_size.sort_unstable();
    by_size
}

const MARGIN: i32 = 12;
/// Where the map starts: below the title.
const TOP: i32 = 34;
const LABEL_SIZE: f64 = 11.5;
const LINE: i32 = 12;
const MAX_RADIUS: f64 = 16.0;
/// Room kept around the circles for labels that stick out of the cloud.
const PAD_X: i32 = 70;
const PAD_Y: i32 = 26;
/// Space between a circle's rim and its label: small, so that the label visibly belongs to it.
const GAP: i32 = 3;
/// Every other circle keeps at least this far from a label (twice [`GAP`]), so that the
/// nearest circle to a label is always its own and a reader never has to guess.
const CLEAR: f64 = 6.0;
/// Space kept between two labels, so that neighbouring words do not run together.
const LABEL_PAD: i32 = 2;
/// Space kept between two circles after [`separate`]: their white rims do not touch.
const SEPARATION: f64 = 2.0;
/// Rounds of [`separate`] at most; a few dozen codes settle in far fewer.
const SEPARATION_ROUNDS: usize = 200;

/// A rectangle (x0, y0, x1, y1) that a label occupies.
type Bbox = (i32, i32, i32, i32);

/// A circle in pixels: centre x, centre y, radius.
type Disc = (i32, i32, i32);

fn overlaps(a: &Bbox, b: &Bbox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// How far the rectangle stays from the circle's rim; negative when the two overlap. The
/// circle itself, not its bounding square, so that a label may sit diagonally by a circle.
fn rim_distance(b: &Bbox, &(x, y, r): &Disc) -> f64 {
    let dx = (b.0 - x).max(x - b.2).max(0) as f64;
    let dy = (b.1 - y).max(y - b.3).max(0) as f64;
    dx.hypot(dy) - r as f64
}

/// Whether the segment from `p` to `q` passes through the rectangle (Liang–Barsky clipping):
/// a label on a line is hard to read and looks as if it named the line.
fn crosses(b: &Bbox, p: (f64, f64), q: (f64, f64)) -> bool {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    let sides = [(-dx, p.0 - b.0 as f64), (dx, b.2 as f64 - p.0), (-dy, p.1 - b.1 as f64), (dy, b.3 as f64 - p.1)];
    for (step, room) in sides {
        if step == 0.0 {
            if room < 0.0 {
                return false;
            }
        } else if step < 0.0 {
            t0 = t0.max(room / step);
        } else {
            t1 = t1.min(room / step);
        }
    }
    t0 <= t1
}

/// Pushes overlapping circles apart, each pair along the line through their centres by half
/// the overlap each, round after round until none overlaps. MDS puts codes that always occur
/// together on one point, and a circle on top of another hides it; the nudge moves a circle by
/// no more than the overlap, so the map keeps its shape. Circles on one point part along a
/// direction fixed by their indices, so the same map always gives the same picture.
fn separate(centres: &mut [[f64; 2]], radii: &[f64]) {
    let golden = std::f64::consts::PI * (3.0 - 5.0_f64.sqrt());
    for _ in 0..SEPARATION_ROUNDS {
        let mut moved = false;
        for i in 0..centres.len() {
            for j in i + 1..centres.len() {
                let (dx, dy) = (centres[j][0] - centres[i][0], centres[j][1] - centres[i][1]);
                let (distance, need) = (dx.hypot(dy), radii[i] + radii[j] + SEPARATION);
                if distance >= need - 1e-9 {
                    continue;
                }
                let (ux, uy) = if distance > 1e-9 {
                    (dx / distance, dy / distance)
                } else {
                    let angle = golden * (i + j - 1) as f64;
                    (angle.cos(), angle.sin())
                };
                let half = (need - distance) / 2.0;
                centres[i] = [centres[i][0] - ux * half, centres[i][1] - uy * half];
                centres[j] = [centres[j][0] + ux * half, centres[j][1] + uy * half];
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// The smallest and largest coordinate `k` of the points.
fn extent(points: &[[f64; 2]], k: usize) -> (f64, f64) {
    points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), p| (low.min(p[k]), high.max(p[k])))
}

/// Circles in pixels, from the MDS points scaled alike on both axes and then [`separate`]d,
/// and the bottom of the map.
fn place_circles(map: &CodeMap, width: i32, top: i32) -> (Vec<Disc>, i32) {
    let ((x0, x1), (y0, y1)) = (extent(&map.points, 0), extent(&map.points, 1));
    let plot_w = (width - 2 * (MARGIN + PAD_X)) as f64;
    let span_x = (x1 - x0).max(1e-9);
    let span_y = (y1 - y0).max(1e-9);
    let scale = if map.points.len() < 2 { 0.0 } else { (plot_w / span_x).min(460.0 / span_y) };
    let largest = map.sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
    let radii: Vec<f64> =
        map.sizes.iter().map(|&n| ((n as f64 / largest).sqrt() * MAX_RADIUS).round().max(3.0)).collect();
    // Up is positive, as on a graph.
    let mut centres: Vec<[f64; 2]> = map.points.iter().map(|p| [(p[0] - x0) * scale, (y1 - p[1]) * scale]).collect();
    separate(&mut centres, &radii);
    let ((left, right), (upper, lower)) = (extent(&centres, 0), extent(&centres, 1));
    // A cloud the nudge made wider than the plot spills evenly into the room on both sides.
    let shift_x = (MARGIN + PAD_X) as f64 + (plot_w - (right - left)).min(0.0) / 2.0 - left;
    let shift_y = (top + PAD_Y) as f64 - upper;
    let circles = centres
        .iter()
        .zip(&radii)
        .map(|(c, &r)| ((c[0] + shift_x).round() as i32, (c[1] + shift_y).round() as i32, r as i32))
        .collect();
    let plot_h = (((lower - upper).max(0.0)).round() as i32).max(40);
    (circles, top + 2 * PAD_Y + plot_h)
}

/// A label as drawn: its lines in `bbox`, aligned towards its circle; `number` when it is the
/// "(n)" that stands for a label that found no place.
struct Placed {
    lines: Vec<String>,
    bbox: Bbox,
    align: HPos,
    number: Option<usize>,
}

/// The ways a label may be set: wrapped at 150 px, and narrower on more lines, which fits
/// above or below a circle where a wide label would run into its neighbours.
fn label_shapes(label: &str, bold: bool) -> Vec<Vec<String>> {
    let mut shapes: Vec<Vec<String>> = Vec::new();
    for width in [150, 90] {
        let lines = wrap_styled(label, width, LABEL_SIZE, bold);
        let lines = if lines.is_empty() { vec![String::new()] } else { lines };
        if !shapes.contains(&lines) {
            shapes.push(lines);
        }
    }
    shapes
}

/// The places for a `w` × `h` label beside the circle, in order of preference: right, left,
/// above, below, then the diagonals with the label's near corner [`GAP`] from the rim.
fn candidates(&(x, y, r): &Disc, w: i32, h: i32) -> [(Bbox, HPos); 8] {
    let at = |x0: i32, y0: i32, align: HPos| ((x0, y0, x0 + w, y0 + h), align);
    let off = ((r + GAP) as f64 / std::f64::consts::SQRT_2).round() as i32;
    [
        at(x + r + GAP, y - h / 2, HPos::Left),
        at(x - r - GAP - w, y - h / 2, HPos::Right),
        at(x - w / 2, y - r - GAP - h, HPos::Center),
        at(x - w / 2, y + r + GAP, HPos::Center),
        at(x + off, y - off - h, HPos::Left),
        at(x + off, y + off, HPos::Left),
        at(x - off - w, y - off - h, HPos::Right),
        at(x - off - w, y + off, HPos::Right),
    ]
}

/// What a label must keep clear of: the circles, the lines, the labels placed so far and the
/// edges of the map (the title above, the note below).
struct Scene<'a> {
    circles: &'a [Disc],
    lines: Vec<((f64, f64), (f64, f64))>,
    taken: Vec<Bbox>,
    bounds: Bbox,
}

impl Scene<'_> {
    fn new<'a>(map: &CodeMap, circles: &'a [Disc], bounds: Bbox) -> Scene<'a> {
        let centre = |k: usize| (circles[k].0 as f64, circles[k].1 as f64);
        let lines = map.edges.iter().map(|&(i, j, _)| (centre(i), centre(j))).collect();
        Scene { circles, lines, taken: Vec::new(), bounds }
    }

    /// Whether circle `k`'s label may take `b`: inside the map, off the other labels, off
    /// every circle, and (when `clear`) at least [`CLEAR`] from every circle but its own.
    fn free(&self, k: usize, b: &Bbox, clear: bool) -> bool {
        let (x0, y0, x1, y1) = self.bounds;
        let inside = b.0 >= x0 && b.1 >= y0 && b.2 <= x1 && b.3 <= y1;
        let padded = (b.0 - LABEL_PAD, b.1 - LABEL_PAD, b.2 + LABEL_PAD, b.3 + LABEL_PAD);
        let room = |t: usize| if t != k && clear { CLEAR } else { 0.0 };
        inside
            && !self.taken.iter().any(|t| overlaps(&padded, t))
            && self.circles.iter().enumerate().all(|(t, c)| rim_distance(b, c) >= room(t))
    }

    /// The free place beside circle `k` that the fewest lines cross (the first of equals),
    /// with the number of lines that cross it.
    fn spot(&self, k: usize, w: i32, h: i32, clear: bool) -> Option<(usize, Bbox, HPos)> {
        candidates(&self.circles[k], w, h)
            .into_iter()
            .filter(|(b, _)| self.free(k, b, clear))
            .map(|(b, align)| (self.lines.iter().filter(|&&(p, q)| crosses(&b, p, q)).count(), b, align))
            .min_by_key(|s| s.0)
    }

    /// The best place for circle `k`'s label in any of its `shapes`: fewest lines crossed,
    /// then the first shape, then the first place.
    fn label_spot(&self, k: usize, shapes: Vec<Vec<String>>, bold: bool) -> Option<Placed> {
        shapes
            .into_iter()
            .filter_map(|lines| {
                let w = lines.iter().map(|l| text_width_styled(l, LABEL_SIZE, bold)).max().unwrap_or(0);
                let (crossed, bbox, align) = self.spot(k, w, lines.len() as i32 * LINE, true)?;
                Some((crossed, Placed { lines, bbox, align, number: None }))
            })
            .min_by_key(|s| s.0)
            .map(|s| s.1)
    }

    /// The number "(n)" beside circle `k`: clear of other circles if it can be, else only off
    /// them, and as a last resort at the upper right whatever is there.
    fn number_spot(&self, k: usize, n: usize) -> Placed {
        let text = format!("({n})");
        let w = text_width_styled(&text, LABEL_SIZE, false);
        let (bbox, align) = self
            .spot(k, w, LINE, true)
            .or_else(|| self.spot(k, w, LINE, false))
            .map(|(_, b, a)| (b, a))
            .unwrap_or_else(|| candidates(&self.circles[k], w, LINE)[4]);
        Placed { lines: vec![text], bbox, align, number: Some(n) }
    }
}

/// Greedy placement, largest circles first, each label at the best free place beside its
/// circle ([`Scene::label_spot`]). Labels that find no such place are numbered in the same
/// order, and the numbers placed only after all labels ([`Scene::number_spot`]): a number is
/// small and fits in gaps where it would otherwise have pushed out a neighbour's label.
fn place_labels(map: &CodeMap, circles: &[Disc], bounds: Bbox) -> Vec<Placed> {
    let mut scene = Scene::new(map, circles, bounds);
    let mut order: Vec<usize> = (0..circles.len()).collect();
    order.sort_by(|&a, &b| map.sizes[b].cmp(&map.sizes[a]).then(a.cmp(&b)));
    let mut placed: Vec<Option<Placed>> = (0..circles.len()).map(|_| None).collect();
    let mut unplaced = Vec::new();
    for &k in &order {
        let bold = map.emphasis.get(k).copied().unwrap_or(false);
        match scene.label_spot(k, label_shapes(&map.labels[k], bold), bold) {
            Some(label) => {
                scene.taken.push(label.bbox);
                placed[k] = Some(label);
            }
            None => unplaced.push(k),
        }
    }
    for (n, &k) in unplaced.iter().enumerate() {
        let number = scene.number_spot(k, n + 1);
        scene.taken.push(number.bbox);
        placed[k] = Some(number);
    }
    placed.into_iter().flatten().collect()
}

/// Draws the map as an SVG document with `title` above and `note` (the definition) under it;
/// the note is followed by the numbers of the codes whose labels found no place.
pub fn code_map_svg(map: &CodeMap, title: &str, note: &str) -> Result<String, String> {
    font::register();
    let width = super::WIDTH as i32;
    let (circles, map_bottom) = place_circles(map, width, TOP);
    let placed = place_labels(map, &circles, (MARGIN, TOP, width - MARGIN, map_bottom));
    let mut key: Vec<(usize, &str)> =
        placed.iter().zip(&map.labels).filter_map(|(p, l)| p.number.map(|n| (n, l.as_str()))).collect();
    key.sort();
    let mut note = note.to_string();
    for (n, label) in &key {
        note.push_str(&format!(" ({n}) {label}."));
    }
    let note_lines = wrap(&note, width - 2 * MARGIN, 12.0);
    let height = map_bottom + 8 + note_lines.len() as i32 * 14 + MARGIN;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        root.draw(&Text::new(title.to_string(), (MARGIN, 10), style(17.0, HPos::Left, VPos::Top))).map_err(err)?;
        for &(i, j, c) in &map.edges {
            let grey = (170.0 - 150.0 * c.min(1.0)).round() as u8;
            let line = vec![(circles[i].0, circles[i].1), (circles[j].0, circles[j].1)];
            let stroke = 1 + (c * 8.0).round().min(4.0) as u32;
            root.draw(&PathElement::new(line, RGBColor(grey, grey, grey).stroke_width(stroke))).map_err(err)?;
        }
        // Okabe–Ito blue at 75 % on white, opaque so the lines stop at the circles.
        let tint = |c: u8| (0.75 * c as f64 + 0.25 * 255.0).round() as u8;
        let fill = RGBColor(tint(OKABE_ITO[0].0), tint(OKABE_ITO[0].1), tint(OKABE_ITO[0].2));
        for &(x, y, r) in &circles {
            root.draw(&Circle::new((x, y), r, fill.filled())).map_err(err)?;
            root.draw(&Circle::new((x, y), r, WHITE.stroke_width(1))).map_err(err)?;
        }
        draw_labels(&root, map, &placed)?;
        draw_note(&root, &note_lines, (MARGIN, map_bottom + 8), 14)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Each label line by line from the top of its box, aligned on the side that faces its circle;
/// numbers in the regular font, labels bold for top-level codes.
fn draw_labels(root: &super::draw::Area, map: &CodeMap, placed: &[Placed]) -> Result<(), String> {
    for (k, p) in placed.iter().enumerate() {
        let bold = p.number.is_none() && map.emphasis.get(k).copied().unwrap_or(false);
        let font = if bold { FontStyle::Bold } else { FontStyle::Normal };
        let x = match p.align {
            HPos::Left => p.bbox.0,
            HPos::Right => p.bbox.2,
            HPos::Center => (p.bbox.0 + p.bbox.2) / 2,
        };
        for (i, line) in p.lines.iter().enumerate() {
            let text = TextStyle::from((FONT_FAMILY, LABEL_SIZE, font).into_font())
                .pos(plotters::style::text_anchor::Pos::new(p.align, VPos::Top));
            root.draw(&Text::new(line.clone(), (x, p.bbox.1 + i as i32 * LINE), text)).map_err(err)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDTH: i32 = super::super::WIDTH as i32;

    /// Three codes: a and b share 2 of their segments (c = 2 / (4 + 3 − 2) = 0.4), c shares
    /// none (c = 0, distance 1).
    fn three() -> Cooccurrence {
        Cooccurrence {
            codes: vec![0, 1, 2],
            segments: vec![vec![4, 2, 0], vec![2, 3, 0], vec![0, 0, 2]],
            documents: vec![vec![1; 3]; 3],
        }
    }

    /// A map of `points` with `sizes`, labelled "Code 0", "Code 1", …, without lines.
    fn drawn(points: Vec<[f64; 2]>, sizes: Vec<usize>) -> CodeMap {
        CodeMap {
            labels: (0..points.len()).map(|i| format!("Code {i}")).collect(),
            emphasis: Vec::new(),
            sizes,
            points,
            edges: Vec::new(),
            explained: 1.0,
        }
    }

    /// A scene of `circles` in a 400 × 400 map with nothing placed yet and `lines`.
    fn scene(circles: &[Disc], lines: Vec<((f64, f64), (f64, f64))>) -> Scene<'_> {
        Scene { circles, lines, taken: Vec::new(), bounds: (0, 0, 400, 400) }
    }

    #[test]
    fn the_places_beside_a_circle_are_the_gap_from_its_rim() {
        // Circle at (100, 100) with radius 10, a 40 × 12 label, gap 3: right starts at
        // 100 + 10 + 3 = 113, left ends at 87; above ends at 100 − 13 = 87, below starts at 113;
        // centred: 100 ∓ 6 and 100 ∓ 20. Diagonals: the near corner (r + gap) / √2 = 9.19 → 9
        // from the centre on each axis.
        let places: Vec<Bbox> = candidates(&(100, 100, 10), 40, 12).iter().map(|(b, _)| *b).collect();
        assert_eq!(
            places,
            vec![
                (113, 94, 153, 106),
                (47, 94, 87, 106),
                (80, 75, 120, 87),
                (80, 113, 120, 125),
                (109, 79, 149, 91),
                (109, 109, 149, 121),
                (51, 79, 91, 91),
                (51, 109, 91, 121),
            ]
        );
        // Right: 113 − 100 − 10 = 3 from the rim; diagonal: √(9² + 9²) − 10 = 2.73.
        assert_eq!(rim_distance(&places[0], &(100, 100, 10)), 3.0);
        assert!((rim_distance(&places[4], &(100, 100, 10)) - (162.0_f64.sqrt() - 10.0)).abs() < 1e-12);
    }

    #[test]
    fn a_label_keeps_clear_of_the_other_circles() {
        // The right place (113..153) for a 40 × 12 label of a circle at (100, 100), r = 10;
        // a second circle of radius 10 on the same row at x.
        let right = Some((113, 94, 153, 106));
        let left = Some((47, 94, 87, 106));
        let spot = |x: i32, clear: bool| {
            let circles = [(100, 100, 10), (x, 100, 10)];
            scene(&circles, Vec::new()).spot(0, 40, 12, clear).map(|(_, b, _)| b)
        };
        // At 160 its rim (150) is inside the label (to 153): the label goes left.
        assert_eq!(spot(160, false), left);
        // At 170 its rim is 160 − 153 = 7 ≥ 6 from the label: right is fine.
        assert_eq!(spot(170, true), right);
        // At 166 the rim is 3 from the label, as near as the label's own circle: a reader could
        // not tell which it names, so it goes left — unless only overlap counts.
        assert_eq!(spot(166, true), left);
        assert_eq!(spot(166, false), right);
    }

    #[test]
    fn a_label_goes_where_no_line_crosses_it() {
        // A line from the circle at (100, 100) to the right runs through the right place
        // (y 94..106 holds y = 100); the left place is free of it.
        assert!(crosses(&(113, 94, 153, 106), (100.0, 100.0), (300.0, 100.0)));
        assert!(!crosses(&(47, 94, 87, 106), (100.0, 100.0), (300.0, 100.0)));
        // A diagonal that passes the box's corner by, and one that cuts it.
        assert!(!crosses(&(20, 20, 30, 30), (0.0, 0.0), (10.0, 10.0)));
        assert!(crosses(&(20, 20, 30, 30), (0.0, 50.0), (50.0, 0.0)));
        let circles = [(100, 100, 10), (300, 100, 10)];
        let s = scene(&circles, vec![((100.0, 100.0), (300.0, 100.0))]);
        // The left place, crossed by no line.
        assert_eq!(s.spot(0, 40, 12, true).map(|(crossed, b, _)| (crossed, b)), Some((0, (47, 94, 87, 106))));
    }

    #[test]
    fn overlapping_circles_are_pushed_apart_by_half_the_overlap_each() {
        // Radii 5 and 5 and 2 px between the rims: centres 12 apart. From 8 apart each moves 2.
        let mut centres = vec![[0.0, 0.0], [8.0, 0.0]];
        separate(&mut centres, &[5.0, 5.0]);
        assert_eq!(centres, vec![[-2.0, 0.0], [10.0, 0.0]]);
        // On one point they part along the first direction, x, 6 each way.
        let mut centres = vec![[3.0, 4.0], [3.0, 4.0]];
        separate(&mut centres, &[5.0, 5.0]);
        assert_eq!(centres, vec![[-3.0, 4.0], [9.0, 4.0]]);
        // Circles that do not overlap stay where they are.
        let mut centres = vec![[0.0, 0.0], [12.0, 0.0]];
        separate(&mut centres, &[5.0, 5.0]);
        assert_eq!(centres, vec![[0.0, 0.0], [12.0, 0.0]]);
    }

    #[test]
    fn codes_at_one_mds_point_get_circles_that_do_not_overlap() {
        // Codes 0, 1 and 2 on one point; sizes 4, 4, 1 give radii 16, 16 and √¼ · 16 = 8.
        let map = drawn(vec![[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0]], vec![4, 4, 1, 1]);
        let (circles, _) = place_circles(&map, WIDTH, TOP);
        assert_eq!(circles.iter().map(|c| c.2).collect::<Vec<_>>(), vec![16, 16, 8, 8]);
        for (i, a) in circles.iter().enumerate() {
            for b in &circles[i + 1..] {
                let d = ((a.0 - b.0) as f64).hypot((a.1 - b.1) as f64);
                assert!(d >= (a.2 + b.2) as f64, "{a:?} {b:?}");
            }
        }
        assert_eq!(place_circles(&map, WIDTH, TOP), (circles, place_circles(&map, WIDTH, TOP).1));
    }

    #[test]
    fn every_label_touches_its_own_circle_and_nothing_else() {
        // 60 codes on a tight spiral with sizes 1..60 and a line between neighbours: crowded
        // enough that some labels must become numbers.
        let n = 60;
        let points = (0..n).map(|i| {
            let (t, r) = (i as f64 * 2.4, (i as f64).sqrt());
            [r * t.cos(), r * t.sin()]
        });
        let mut map = drawn(points.collect(), (1..=n).collect());
        map.labels = (0..n).map(|i| format!("Code met een vrij lange naam {i}")).collect();
        map.edges = (0..n - 1).map(|i| (i, i + 1, 0.5)).collect();
        let (circles, bottom) = place_circles(&map, WIDTH, TOP);
        let bounds = (MARGIN, TOP, WIDTH - MARGIN, bottom);
        let placed = place_labels(&map, &circles, bounds);
        assert_eq!(placed.len(), n);
        let labels: Vec<(usize, &Placed)> = placed.iter().enumerate().filter(|(_, p)| p.number.is_none()).collect();
        assert!(!labels.is_empty() && labels.len() < n, "{} labels placed", labels.len());
        for (k, p) in placed.iter().enumerate() {
            // Labels and numbers alike lie beside their own circle, at most the gap (+1 for
            // rounding the diagonals) from its rim and never on it.
            let own = rim_distance(&p.bbox, &circles[k]);
            assert!((0.0..=(GAP + 1) as f64).contains(&own), "{k}: {own}");
        }
        for &(k, p) in &labels {
            let b = p.bbox;
            assert!(b.0 >= bounds.0 && b.1 >= bounds.1 && b.2 <= bounds.2 && b.3 <= bounds.3, "{k}");
            for (t, c) in circles.iter().enumerate().filter(|&(t, _)| t != k) {
                assert!(rim_distance(&b, c) >= CLEAR, "label {k} near circle {t}");
            }
            for (t, q) in placed.iter().enumerate().filter(|&(t, _)| t != k) {
                assert!(!overlaps(&b, &q.bbox), "label {k} on label {t}");
            }
        }
    }

    #[test]
    fn codes_that_share_segments_stand_closer_and_are_joined() {
        let map = code_map(&three(), &[0, 1, 2], 0.3);
        let d = |i: usize, j: usize| {
            let (p, q) = (map.points[i], map.points[j]);
            ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
        };
        // Distances 1 − c: a–b 0.6, a–c 1, b–c 1; three points always fit a plane exactly.
        assert!((d(0, 1) - 0.6).abs() < 1e-9 && (d(0, 2) - 1.0).abs() < 1e-9 && (d(1, 2) - 1.0).abs() < 1e-9);
        assert_eq!(map.edges, vec![(0, 1, 0.4)]);
        assert_eq!(map.sizes, vec![4, 3, 2]);
        assert!(code_map(&three(), &[0, 1, 2], 0.5).edges.is_empty());
    }

    #[test]
    fn every_label_is_drawn_or_numbered_in_the_note() {
        let mut map = code_map(&three(), &[0, 1, 2], 0.3);
        map.labels = vec!["Regie".into(), "Urgentie".into(), "Eigen belang".into()];
        map.emphasis = vec![true];
        let svg = code_map_svg(&map, "Codekaart", "Afstand: 1 − c.").unwrap();
        for label in &map.labels {
            assert!(svg.contains(&format!("\n{label}\n</text>")), "{label}: {svg}");
        }
        // Three circles, one line.
        assert_eq!(svg.matches("<circle").count(), 6, "a fill and a rim per circle");
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg, code_map_svg(&map, "Codekaart", "Afstand: 1 − c.").unwrap());
    }

    #[test]
    fn a_crowded_map_numbers_the_labels_it_cannot_place() {
        // 60 codes that share nothing: all at distance 1, far more labels than room.
        let n = 60;
        let co = Cooccurrence {
            codes: (0..n).collect(),
            segments: (0..n).map(|i| (0..n).map(|j| if i == j { 1 + i } else { 0 }).collect()).collect(),
            documents: vec![vec![0; n]; n],
        };
        let mut map = code_map(&co, &shown_codes(&co), 0.1);
        map.labels = (0..n).map(|i| format!("Een vrij lange codenaam {i}")).collect();
        let svg = code_map_svg(&map, "Codekaart", "Noot.").unwrap();
        let (circles, bottom) = place_circles(&map, WIDTH, TOP);
        let placed = place_labels(&map, &circles, (MARGIN, TOP, WIDTH - MARGIN, bottom));
        let numbered = placed.iter().filter(|p| p.number.is_some()).count();
        assert!(numbered > 0 && numbered < n, "{numbered}");
        // Every code not labelled in the map is named in the note by its number, 1 to the last.
        assert!(svg.contains(&format!("({numbered})")) && !svg.contains(&format!("({})", numbered + 1)));
    }

    #[test]
    fn only_the_most_frequent_codes_are_shown_in_codebook_order() {
        let n = MAX_CODES + 2;
        let co = Cooccurrence {
            codes: (0..n).collect(),
            // Code i has 100 − i segments, except code 0 which has 1: 0 and the last drop out.
            segments: (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            if i != j {
                                0
                            } else if i == 0 {
                                1
                            } else {
                                100 - i
                            }
                        })
                        .collect()
                })
                .collect(),
            documents: vec![vec![0; n]; n],
        };
        let shown = shown_codes(&co);
        assert_eq!(shown, (1..=MAX_CODES).collect::<Vec<_>>());
    }
}
