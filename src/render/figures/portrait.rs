//! The document portrait (MAXQDA's Document Portrait and Codeline): for one interview, which
//! codes occur where along the transcript.
//!
//! One row per code used in the document (codebook order, as coded: a parent row shows only the
//! segments coded with the parent itself); the x axis is the position in the transcript as a
//! share of its characters, so a mark starts and ends where its segment does and is as wide as
//! the segment (at least 2 px, so a short turn stays visible). Documents are compared by
//! shape, not by length: every portrait runs from 0 to 100 %.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{code_labels, draw_note, err, label_style, style, Area};
use super::font;
use super::heatmap::wrap;
use super::OKABE_ITO;
use crate::codebook::Codebook;
use crate::coding::Coding;
use crate::corpus::Document;

/// What a portrait shows; texts in the project language.
#[derive(Debug, Clone, PartialEq)]
pub struct Portrait {
    /// (code id, label shown), top to bottom.
    pub codes: Vec<(String, String)>,
    /// Top-level codes are set in bold.
    pub emphasis: Vec<bool>,
    /// Characters in the document.
    pub length: usize,
    /// Per code: the (start, end) character spans of its segments, in document order.
    pub marks: Vec<Vec<(usize, usize)>>,
    pub title: String,
    /// Axis text under the marks.
    pub x_desc: String,
    pub note: String,
}

/// The codes and marks of document `index` (codes as coded, in codebook tree order); the
/// texts are left empty for the caller.
pub fn portrait(document: &Document, index: usize, codings: &[Coding], codebook: &Codebook) -> Portrait {
    let mut per_code: std::collections::BTreeMap<usize, Vec<(usize, usize)>> = Default::default();
    for c in codings.iter().filter(|c| c.document == index) {
        let s = &document.segments[c.segment];
        per_code.entry(c.code).or_default().push((s.start, s.end));
    }
    let order: Vec<usize> = codebook.tree_order().into_iter().filter(|c| per_code.contains_key(c)).collect();
    let marks = order
        .iter()
        .map(|c| {
            let mut spans = per_code[c].clone();
            spans.sort_unstable();
            spans.dedup();
            spans
        })
        .collect();
    Portrait {
        codes: order.iter().map(|&c| (codebook.codes[c].id.clone(), codebook.codes[c].label.clone())).collect(),
        emphasis: order.iter().map(|&c| codebook.parent_of(c).is_none()).collect(),
        length: document.text.chars().count(),
        marks,
        title: String::new(),
        x_desc: String::new(),
        note: String::new(),
    }
}

const MARGIN: i32 = 12;
const LABEL_SIZE: f64 = 12.0;
const LINE: i32 = 14;
const MAX_LABEL_W: i32 = 200;
const ROW: i32 = 16;

/// Where the marks go.
struct Layout {
    labels: Vec<Vec<String>>,
    plot_x: i32,
    plot_w: i32,
    plot_y: i32,
    axis_y: i32,
    note_lines: Vec<String>,
    height: i32,
}

impl Layout {
    fn new(data: &Portrait) -> Self {
        let width = super::WIDTH as i32;
        let (labels, label_w) = code_labels(&data.codes, &data.emphasis, MAX_LABEL_W, LABEL_SIZE);
        let plot_x = MARGIN + label_w + 10;
        let plot_w = width - plot_x - MARGIN - 8;
        let plot_y = 38;
        let rows: i32 = labels.iter().map(|l| (l.len() as i32 * LINE).max(ROW)).sum();
        let axis_y = plot_y + rows.max(ROW) + 2;
        let note_lines = wrap(&data.note, width - 2 * MARGIN, 12.0);
        let height = axis_y + 18 + LINE + 10 + note_lines.len() as i32 * LINE + MARGIN;
        Self { labels, plot_x, plot_w, plot_y, axis_y, note_lines, height }
    }

    /// The x position of a character offset.
    fn x_of(&self, offset: usize, length: usize) -> i32 {
        self.plot_x + (offset as f64 / length.max(1) as f64 * self.plot_w as f64).round() as i32
    }

    fn row_h(&self, k: usize) -> i32 {
        (self.labels[k].len() as i32 * LINE).max(ROW)
    }
}

/// Draws the portrait as an SVG document.
pub fn portrait_svg(data: &Portrait) -> Result<String, String> {
    font::register();
    if data.marks.len() != data.codes.len() {
        return Err(format!("{} codes but marks for {}", data.codes.len(), data.marks.len()));
    }
    let layout = Layout::new(data);
    let width = super::WIDTH as i32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, layout.height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        root.draw(&Text::new(data.title.clone(), (MARGIN, 8), style(17.0, HPos::Left, VPos::Top))).map_err(err)?;
        let mut y = layout.plot_y;
        for k in 0..data.codes.len() {
            draw_row(&root, data, &layout, k, y)?;
            y += layout.row_h(k);
        }
        draw_axis(&root, data, &layout)?;
        draw_note(&root, &layout.note_lines, (MARGIN, layout.axis_y + 18 + LINE + 10), LINE)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// One code: shaded on every other row, its label, a mark per segment.
fn draw_row(root: &Area, data: &Portrait, layout: &Layout, k: usize, y: i32) -> Result<(), String> {
    let h = layout.row_h(k);
    let right = layout.plot_x + layout.plot_w;
    if k.is_multiple_of(2) {
        root.draw(&Rectangle::new([(MARGIN, y), (right, y + h)], RGBColor(244, 244, 244).filled())).map_err(err)?;
    }
    let lines = &layout.labels[k];
    let bold = data.emphasis.get(k).copied().unwrap_or(false);
    for (i, line) in lines.iter().enumerate() {
        let ly = y + (h - lines.len() as i32 * LINE) / 2 + i as i32 * LINE + LINE / 2;
        root.draw(&Text::new(line.clone(), (layout.plot_x - 6, ly), label_style(LABEL_SIZE, bold))).map_err(err)?;
    }
    let blue = RGBColor(OKABE_ITO[0].0, OKABE_ITO[0].1, OKABE_ITO[0].2);
    for &(start, end) in &data.marks[k] {
        let x0 = layout.x_of(start, data.length);
        let x1 = layout.x_of(end, data.length).max(x0 + 2);
        let (cy, half) = (y + h / 2, ROW / 2 - 3);
        root.draw(&Rectangle::new([(x0, cy - half), (x1, cy + half)], blue.filled())).map_err(err)?;
    }
    Ok(())
}

/// The axis: 0, 25, 50, 75 and 100 % of the transcript, with light grid lines.
fn draw_axis(root: &Area, data: &Portrait, layout: &Layout) -> Result<(), String> {
    let grey = RGBColor(120, 120, 120);
    for step in 0..=4 {
        let x = layout.plot_x + step * layout.plot_w / 4;
        let grid = vec![(x, layout.plot_y - 2), (x, layout.axis_y)];
        root.draw(&PathElement::new(grid, RGBColor(225, 225, 225).stroke_width(1))).map_err(err)?;
        let text = format!("{}%", step * 25);
        root.draw(&Text::new(text, (x, layout.axis_y + 4), style(11.5, HPos::Center, VPos::Top))).map_err(err)?;
    }
    let axis = vec![(layout.plot_x, layout.axis_y), (layout.plot_x + layout.plot_w, layout.axis_y)];
    root.draw(&PathElement::new(axis, grey.stroke_width(1))).map_err(err)?;
    let centre = (layout.plot_x + layout.plot_w / 2, layout.axis_y + 18 + 2);
    root.draw(&Text::new(data.x_desc.clone(), centre, style(12.0, HPos::Center, VPos::Top))).map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    /// (x, width) of the blue marks in the SVG, in drawing order.
    fn marks(svg: &str) -> Vec<(i32, i32)> {
        svg.lines()
            .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#0072B2\""))
            .filter_map(|l| {
                let attr = |name: &str| l.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?.parse::<i32>().ok();
                Some((attr("x")?, attr("width")?))
            })
            .collect()
    }

    #[test]
    fn marks_stand_where_their_segments_are() {
        // One document of 8 one-character segments (text "xxxxxxxx"). Code a on segments 2
        // and 6, code b on segment 0. So a's marks cover characters 2..3 and 6..7, b's 0..1.
        let (corpus, book, codings) =
            study_parts(&[("D1", &["R1"; 8])], &[("a", None), ("b", None)], &[(0, 6, 0), (0, 2, 0), (0, 0, 1)], &[]);
        let mut p = portrait(&corpus.documents[0], 0, &codings, &book);
        assert_eq!(p.length, 8);
        assert_eq!(p.codes.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(p.marks, vec![vec![(2, 3), (6, 7)], vec![(0, 1)]]);
        p.title = "Codes in D1".into();
        let svg = portrait_svg(&p).unwrap();
        let layout = Layout::new(&p);
        let (x0, w) = (layout.plot_x, layout.plot_w as f64);
        // A mark starts at start/8 of the plot width and is (end − start)/8 of it wide.
        let at = |share: f64| x0 + (share * w).round() as i32;
        let expected = vec![
            (at(2.0 / 8.0), at(3.0 / 8.0) - at(2.0 / 8.0)),
            (at(6.0 / 8.0), at(7.0 / 8.0) - at(6.0 / 8.0)),
            (x0, at(1.0 / 8.0) - x0),
        ];
        assert_eq!(marks(&svg), expected);
        assert!(svg.contains("\n75%\n</text>") && svg.contains("\nA\n</text>"));
    }

    #[test]
    fn a_document_without_codings_has_no_rows_and_still_draws() {
        let (corpus, book, codings) = study_parts(&[("D1", &["R1"; 2])], &[("a", None)], &[], &[]);
        let p = portrait(&corpus.documents[0], 0, &codings, &book);
        assert!(p.codes.is_empty());
        assert!(marks(&portrait_svg(&p).unwrap()).is_empty());
    }
}
