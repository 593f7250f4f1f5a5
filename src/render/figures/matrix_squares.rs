//! The code × document matrix as MAXQDA draws it (its Code Matrix Browser): one row per code,
//! one column per document, a square in each cell whose area is proportional to the number of
//! segments of the code in the document.
//!
//! Area, not side, follows the count, so a cell with 4 segments looks twice as heavy as one
//! with 2. Document ids stand above the columns, horizontally; when they are wider than a
//! column they alternate between two rows instead of being rotated (rotated labels overlap in
//! plotters). A legend gives three reference squares.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::{self, FONT_FAMILY};
use super::heatmap::{text_width, text_width_styled, wrap, wrap_styled};
use super::OKABE_ITO;

/// What the matrix shows. Filled from the analysis' `code_by_document` table (or, until it
/// exists, from [`super::from_study::matrix_squares`]); texts in the project language.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixSquares {
    /// (code id, label shown), top to bottom.
    pub codes: Vec<(String, String)>,
    /// Per code: whether its label is set in bold (top-level codes, so the tree shows).
    /// Shorter than `codes` (e.g. empty) means the rest are not bold.
    pub emphasis: Vec<bool>,
    /// Document ids, left to right.
    pub documents: Vec<String>,
    /// `counts[code][document]`: coded segments.
    pub counts: Vec<Vec<u32>>,
    pub title: String,
    /// Definition printed under the figure.
    pub note: String,
    /// Word before the legend squares ("Segmenten").
    pub legend: String,
}

const MARGIN: i32 = 12;
const LABEL_SIZE: f64 = 12.0;
const DOC_SIZE: f64 = 11.0;
const LINE: i32 = 14;
const MAX_LABEL_W: i32 = 230;
const MIN_CELL: i32 = 16;
const MAX_CELL: i32 = 30;

/// Draws the matrix as an SVG document; wider than the design width only when even the
/// narrowest columns do not fit.
pub fn matrix_squares_svg(data: &MatrixSquares) -> Result<String, String> {
    font::register();
    if data.counts.len() != data.codes.len() || data.counts.iter().any(|row| row.len() != data.documents.len()) {
        return Err(format!(
            "code × document matrix: {} codes and {} documents do not match the counts",
            data.codes.len(),
            data.documents.len()
        ));
    }
    let bold = |k: usize| data.emphasis.get(k).copied().unwrap_or(false);
    let labels: Vec<Vec<String>> =
        data.codes.iter().enumerate().map(|(k, (_, l))| wrap_styled(l, MAX_LABEL_W, LABEL_SIZE, bold(k))).collect();
    let label_w = labels
        .iter()
        .enumerate()
        .flat_map(|(k, ls)| ls.iter().map(move |l| text_width_styled(l, LABEL_SIZE, bold(k))))
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL_W);
    let grid_x = MARGIN + label_w + 8;
    let n_docs = data.documents.len().max(1) as i32;
    let cell = ((super::WIDTH as i32 - grid_x - MARGIN) / n_docs).clamp(MIN_CELL, MAX_CELL);
    let width = (grid_x + n_docs * cell + MARGIN).max(super::WIDTH as i32);
    let doc_w = data.documents.iter().map(|d| text_width(d, DOC_SIZE)).max().unwrap_or(0);
    let staggered = doc_w > cell - 2;
    let header_rows = if staggered { 2 } else { 1 };
    let title_h = 30;
    let grid_y = title_h + 8 + header_rows * LINE + 4;
    let row_h = |k: usize| (labels[k].len() as i32 * LINE).max(cell);
    let grid_h: i32 = (0..data.codes.len()).map(row_h).sum();
    let legend_y = grid_y + grid_h + 12;
    let legend_h = cell.max(LINE) + 4;
    let note_lines = wrap(&data.note, width - 2 * MARGIN, 12.0);
    let height = legend_y + legend_h + 8 + note_lines.len() as i32 * LINE + MARGIN;
    let max = data.counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let side = |count: u32| -> i32 {
        if count == 0 {
            0
        } else {
            // Area proportional to count; at least 3 px so a single segment stays visible.
            ((count as f64 / max as f64).sqrt() * (cell - 4) as f64).round().max(3.0) as i32
        }
    };
    let blue = RGBColor(OKABE_ITO[0].0, OKABE_ITO[0].1, OKABE_ITO[0].2);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let style = |size: f64, h: HPos, v: VPos| TextStyle::from((FONT_FAMILY, size).into_font()).pos(Pos::new(h, v));
        let bold_style = |size: f64| {
            TextStyle::from((FONT_FAMILY, size, FontStyle::Bold).into_font()).pos(Pos::new(HPos::Right, VPos::Center))
        };
        root.draw(&Text::new(data.title.clone(), (MARGIN, 8), style(17.0, HPos::Left, VPos::Top))).map_err(err)?;
        for (j, doc) in data.documents.iter().enumerate() {
            let x = grid_x + j as i32 * cell + cell / 2;
            let row = if staggered { (j % 2) as i32 } else { 0 };
            let y = title_h + 8 + row * LINE + LINE / 2;
            root.draw(&Text::new(doc.clone(), (x, y), style(DOC_SIZE, HPos::Center, VPos::Center))).map_err(err)?;
            if staggered && row == 0 {
                root.draw(&PathElement::new(
                    vec![(x, y + 7), (x, grid_y - 2)],
                    RGBColor(190, 190, 190).stroke_width(1),
                ))
                .map_err(err)?;
            }
        }
        let mut y = grid_y;
        for (k, lines) in labels.iter().enumerate() {
            let h = row_h(k);
            if k % 2 == 0 {
                root.draw(&Rectangle::new(
                    [(MARGIN, y), (grid_x + n_docs * cell, y + h)],
                    RGBColor(244, 244, 244).filled(),
                ))
                .map_err(err)?;
            }
            let text_h = lines.len() as i32 * LINE;
            for (i, line) in lines.iter().enumerate() {
                let ly = y + (h - text_h) / 2 + i as i32 * LINE + LINE / 2;
                let label_style =
                    if bold(k) { bold_style(LABEL_SIZE) } else { style(LABEL_SIZE, HPos::Right, VPos::Center) };
                root.draw(&Text::new(line.clone(), (grid_x - 6, ly), label_style)).map_err(err)?;
            }
            for j in 0..data.documents.len() {
                let s = side(data.counts[k][j]);
                if s > 0 {
                    let cx = grid_x + j as i32 * cell + cell / 2;
                    let cy = y + h / 2;
                    root.draw(&Rectangle::new(
                        [(cx - s / 2, cy - s / 2), (cx - s / 2 + s, cy - s / 2 + s)],
                        blue.filled(),
                    ))
                    .map_err(err)?;
                }
            }
            y += h;
        }
        // Column separators.
        for j in 0..=data.documents.len() as i32 {
            let x = grid_x + j * cell;
            root.draw(&PathElement::new(
                vec![(x, grid_y), (x, grid_y + grid_h)],
                RGBColor(225, 225, 225).stroke_width(1),
            ))
            .map_err(err)?;
        }
        // Legend: 1, half the maximum and the maximum.
        let mut x = MARGIN;
        let cy = legend_y + legend_h / 2;
        root.draw(&Text::new(data.legend.clone(), (x, cy), style(11.5, HPos::Left, VPos::Center))).map_err(err)?;
        x += text_width(&data.legend, 11.5) + 10;
        let mut samples = vec![1, max.div_ceil(2), max];
        samples.dedup();
        for count in samples {
            let s = side(count);
            root.draw(&Rectangle::new([(x, cy - s / 2), (x + s, cy - s / 2 + s)], blue.filled())).map_err(err)?;
            x += s + 4;
            let text = count.to_string();
            root.draw(&Text::new(text.clone(), (x, cy), style(11.5, HPos::Left, VPos::Center))).map_err(err)?;
            x += text_width(&text, 11.5) + 14;
        }
        for (k, line) in note_lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (MARGIN, legend_y + legend_h + 8 + k as i32 * LINE),
                style(12.0, HPos::Left, VPos::Top).color(&RGBColor(60, 60, 60)),
            ))
            .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(documents: usize) -> MatrixSquares {
        MatrixSquares {
            emphasis: vec![true],
            codes: vec![("a".into(), "Regie op de casus".into()), ("b".into(), "Urgentie".into())],
            documents: (1..=documents).map(|d| format!("D{d}")).collect(),
            counts: vec![(0..documents as u32).collect(), vec![4; documents]],
            title: "Codes per document".into(),
            note: "Oppervlakte van een vierkant: aantal segmenten".into(),
            legend: "Segmenten".into(),
        }
    }

    /// Sides of the filled squares (rects with equal width and height) in the SVG.
    fn square_sides(svg: &str) -> Vec<i32> {
        svg.lines()
            .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#0072B2\""))
            .filter_map(|l| {
                let attr = |name: &str| l.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?.parse::<i32>().ok();
                Some((attr("width")?, attr("height")?))
            })
            .filter(|(w, h)| w == h)
            .map(|(w, _)| w)
            .collect()
    }

    #[test]
    fn square_area_follows_the_count() {
        // Five documents: counts 0..4 and 4 everywhere. The largest count (4) gets the
        // largest side s; a count of 1 gets s·sqrt(1/4) = s/2 (area a quarter).
        let svg = matrix_squares_svg(&example(5)).unwrap();
        let sides = square_sides(&svg);
        let s = *sides.iter().max().unwrap();
        assert!(sides.iter().any(|&x| (x - s / 2).abs() <= 1), "{sides:?}");
        // Count 0 draws nothing: 4 squares in row a, 5 in row b, 3 in the legend (1, 2, 4).
        assert_eq!(sides.len(), 4 + 5 + 3, "{sides:?}");
        assert!(svg.contains("\nD5\n</text>") && svg.contains("Regie op de casus"));
    }

    #[test]
    fn mismatched_shapes_are_an_error_not_a_panic() {
        let mut m = example(3);
        m.counts[0].push(1);
        assert!(matrix_squares_svg(&m).is_err());
    }

    #[test]
    fn many_documents_stagger_their_ids() {
        let few = matrix_squares_svg(&example(3)).unwrap();
        let many = matrix_squares_svg(&example(40)).unwrap();
        // With 40 columns the ids are wider than a column: every other one gets a leader line.
        let leaders = |svg: &str| svg.lines().filter(|l| l.starts_with("<polyline") && l.contains("#BEBEBE")).count();
        assert_eq!(leaders(&few), 0);
        assert_eq!(leaders(&many), 20);
    }
}
