//! The code map: codes as circles in the plane, close together when they often share a
//! segment — MAXQDA's Code Map and ATLAS.ti's network, reproducible.
//!
//! Positions are classical MDS ([`super::mds`]) on the distance 1 − c, c the c-coefficient of
//! the pair over segments (the Jaccard index n₁₂ / (n₁ + n₂ − n₁₂) of `tables/cooccurrence`),
//! with both axes on one scale so that distances on paper are distances in the map. A circle's
//! area is the code's segments as coded (the counts c is made of); a line joins two codes whose
//! c reaches `[output] code_map_threshold`, darker and thicker as c grows. Labels go beside
//! their circle where they overlap no other circle or label, largest codes first; a code whose
//! label finds no free place gets a number, and the note under the map says which code it is.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{draw_note, err, style};
use super::font::{self, FONT_FAMILY};
use super::heatmap::{text_width_styled, wrap};
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
const LABEL_SIZE: f64 = 11.5;
const LINE: i32 = 12;
const MAX_RADIUS: f64 = 16.0;
/// Room kept around the circles for labels that stick out of the cloud.
const PAD_X: i32 = 70;
const PAD_Y: i32 = 26;

/// A rectangle (x0, y0, x1, y1) that a label or circle occupies.
type Bbox = (i32, i32, i32, i32);

fn overlaps(a: &Bbox, b: &Bbox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Circles in pixels: centre and radius, from the MDS points scaled alike on both axes.
fn place_circles(map: &CodeMap, width: i32, top: i32) -> (Vec<(i32, i32, i32)>, i32) {
    let low = |k: usize| map.points.iter().fold(f64::INFINITY, |m, p| m.min(p[k]));
    let high = |k: usize| map.points.iter().fold(f64::NEG_INFINITY, |m, p| m.max(p[k]));
    let (x0, x1, y0, y1) = (low(0), high(0), low(1), high(1));
    let plot_w = (width - 2 * (MARGIN + PAD_X)) as f64;
    let span_x = (x1 - x0).max(1e-9);
    let span_y = (y1 - y0).max(1e-9);
    let scale = if map.points.len() < 2 { 0.0 } else { (plot_w / span_x).min(460.0 / span_y) };
    let plot_h = ((span_y * scale).round() as i32).max(40);
    let largest = map.sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
    let circles = map
        .points
        .iter()
        .zip(&map.sizes)
        .map(|(p, &n)| {
            let cx = MARGIN + PAD_X + ((p[0] - x0) * scale).round() as i32;
            // Up is positive, as on a graph.
            let cy = top + PAD_Y + ((y1 - p[1]) * scale).round() as i32;
            let r = ((n as f64 / largest).sqrt() * MAX_RADIUS).round().max(3.0) as i32;
            (cx, cy, r)
        })
        .collect();
    (circles, top + 2 * PAD_Y + plot_h)
}

/// Where each label goes: `Ok(lines, anchor, h, v)` beside its circle, or `Err(number)`
/// when no free place was found.
type Placed = Result<(Vec<String>, (i32, i32), HPos), usize>;

fn label_lines(label: &str) -> Vec<String> {
    let lines = wrap(label, 150, LABEL_SIZE);
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

/// Greedy placement, largest circles first: right, left, above, below, then the diagonals.
fn place_labels(map: &CodeMap, circles: &[(i32, i32, i32)], bounds: Bbox) -> Vec<Placed> {
    let mut taken: Vec<Bbox> = circles.iter().map(|&(x, y, r)| (x - r, y - r, x + r, y + r)).collect();
    let mut order: Vec<usize> = (0..circles.len()).collect();
    order.sort_by(|&a, &b| map.sizes[b].cmp(&map.sizes[a]).then(a.cmp(&b)));
    let mut placed: Vec<Placed> = vec![Err(0); circles.len()];
    let mut numbered = 0;
    for k in order {
        let bold = map.emphasis.get(k).copied().unwrap_or(false);
        let lines = label_lines(&map.labels[k]);
        let w = lines.iter().map(|l| text_width_styled(l, LABEL_SIZE, bold)).max().unwrap_or(0);
        let h = lines.len() as i32 * LINE;
        let (x, y, r) = circles[k];
        let own = |bbox: &Bbox| taken.iter().enumerate().any(|(t, b)| t != k && overlaps(bbox, b));
        let candidates = [
            (x + r + 3, y - h / 2, HPos::Left),
            (x - r - 3 - w, y - h / 2, HPos::Right),
            (x - w / 2, y - r - 2 - h, HPos::Center),
            (x - w / 2, y + r + 2, HPos::Center),
            (x + r, y - r - h, HPos::Left),
            (x + r, y + r, HPos::Left),
            (x - r - w, y - r - h, HPos::Right),
            (x - r - w, y + r, HPos::Right),
        ];
        let free = candidates
            .into_iter()
            .map(|(x0, y0, pos)| ((x0, y0, x0 + w, y0 + h), pos))
            .find(|(b, _)| b.0 >= bounds.0 && b.1 >= bounds.1 && b.2 <= bounds.2 && b.3 <= bounds.3 && !own(b));
        placed[k] = match free {
            Some((b, pos)) => {
                taken.push(b);
                let ax = match pos {
                    HPos::Left => b.0,
                    HPos::Right => b.2,
                    HPos::Center => (b.0 + b.2) / 2,
                };
                Ok((lines, (ax, b.1), pos))
            }
            None => {
                numbered += 1;
                Err(numbered)
            }
        };
    }
    placed
}

/// Draws the map as an SVG document with `title` above and `note` (the definition) under it;
/// the note is followed by the numbers of the codes whose labels found no place.
pub fn code_map_svg(map: &CodeMap, title: &str, note: &str) -> Result<String, String> {
    font::register();
    let width = super::WIDTH as i32;
    let top = 34;
    let (circles, map_bottom) = place_circles(map, width, top);
    let placed = place_labels(map, &circles, (MARGIN, top, width - MARGIN, map_bottom));
    let mut key: Vec<(usize, &str)> =
        placed.iter().zip(&map.labels).filter_map(|(p, l)| p.as_ref().err().map(|&n| (n, l.as_str()))).collect();
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
        draw_labels(&root, map, &circles, &placed)?;
        draw_note(&root, &note_lines, (MARGIN, map_bottom + 8), 14)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn draw_labels(
    root: &super::draw::Area,
    map: &CodeMap,
    circles: &[(i32, i32, i32)],
    placed: &[Placed],
) -> Result<(), String> {
    for (k, p) in placed.iter().enumerate() {
        let bold = map.emphasis.get(k).copied().unwrap_or(false);
        let font = if bold { FontStyle::Bold } else { FontStyle::Normal };
        match p {
            Ok((lines, (x, y), pos)) => {
                for (i, line) in lines.iter().enumerate() {
                    let text = TextStyle::from((FONT_FAMILY, LABEL_SIZE, font).into_font())
                        .pos(plotters::style::text_anchor::Pos::new(*pos, VPos::Top));
                    root.draw(&Text::new(line.clone(), (*x, y + i as i32 * LINE), text)).map_err(err)?;
                }
            }
            Err(n) => {
                let (x, y, r) = circles[k];
                let text = style(LABEL_SIZE, HPos::Left, VPos::Bottom);
                root.draw(&Text::new(format!("({n})"), (x + r - 1, y - r + 3), text)).map_err(err)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three codes: a and b share 2 of their segments (c = 2 / (4 + 3 − 2) = 0.4), c shares
    /// none (c = 0, distance 1).
    fn three() -> Cooccurrence {
        Cooccurrence {
            codes: vec![0, 1, 2],
            segments: vec![vec![4, 2, 0], vec![2, 3, 0], vec![0, 0, 2]],
            documents: vec![vec![1; 3]; 3],
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
        let drawn = map.labels.iter().filter(|l| svg.contains(&format!("\n{l}\n</text>"))).count();
        assert!(drawn > 0 && drawn < n, "{drawn}");
        // Every code not labelled in the map is named in the note by its number.
        assert!(svg.contains(&format!("({})", n - drawn)));
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
