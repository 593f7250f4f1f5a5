//! The code × document matrix as MAXQDA draws it (its Code Matrix Browser): one row per code,
//! one column per document, a square in each cell whose area is proportional to the number of
//! segments of the code in the document.
//!
//! Area, not side, follows the count, so a cell with 4 segments looks twice as heavy as one
//! with 2. Document ids stand above the columns, horizontally; when they are wider than a
//! column they alternate between two rows instead of being rotated (rotated labels overlap in
//! plotters). A legend gives three reference squares.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{code_labels, draw_note, err, label_style, style, Area};
use super::font;
use super::heatmap::{text_width, wrap};
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

/// The most documents the figure draws. One column per document made the figure of a large
/// study unreadable and huge (105,000 pixels wide at 2,098 documents: 1.6 GB as a pixmap);
/// fifty columns fill a landscape page, and the table `code_by_document.csv` holds them all.
pub const MAX_DOCUMENTS: usize = 50;

impl MatrixSquares {
    /// Keeps the first `n` documents (columns); true when some were left out, so that the
    /// caller can say so under the figure.
    pub fn keep_first_documents(&mut self, n: usize) -> bool {
        if self.documents.len() <= n {
            return false;
        }
        self.documents.truncate(n);
        self.counts.iter_mut().for_each(|row| row.truncate(n));
        true
    }
}

const MARGIN: i32 = 12;
const LABEL_SIZE: f64 = 12.0;
const DOC_SIZE: f64 = 11.0;
const LINE: i32 = 14;
const MAX_LABEL_W: i32 = 230;
const MIN_CELL: i32 = 16;
const MAX_CELL: i32 = 30;

/// Where everything goes: computed once, before anything is drawn.
struct Layout {
    labels: Vec<Vec<String>>,
    grid_x: i32,
    n_docs: i32,
    cell: i32,
    width: i32,
    staggered: bool,
    title_h: i32,
    grid_y: i32,
    grid_h: i32,
    legend_y: i32,
    legend_h: i32,
    note_lines: Vec<String>,
    height: i32,
    /// The largest count: the full square.
    max: u32,
}

impl Layout {
    fn new(data: &MatrixSquares) -> Self {
        let (labels, label_w) = code_labels(&data.codes, &data.emphasis, MAX_LABEL_W, LABEL_SIZE);
        let grid_x = MARGIN + label_w + 8;
        let n_docs = data.documents.len().max(1) as i32;
        let cell = ((super::WIDTH as i32 - grid_x - MARGIN) / n_docs).clamp(MIN_CELL, MAX_CELL);
        let width = (grid_x + n_docs * cell + MARGIN).max(super::WIDTH as i32);
        let doc_w = data.documents.iter().map(|d| text_width(d, DOC_SIZE)).max().unwrap_or(0);
        let staggered = doc_w > cell - 2;
        let header_rows = if staggered { 2 } else { 1 };
        let title_h = 30;
        let grid_y = title_h + 8 + header_rows * LINE + 4;
        let grid_h: i32 = labels.iter().map(|l| (l.len() as i32 * LINE).max(cell)).sum();
        let legend_y = grid_y + grid_h + 12;
        let legend_h = cell.max(LINE) + 4;
        let note_lines = wrap(&data.note, width - 2 * MARGIN, 12.0);
        let height = legend_y + legend_h + 8 + note_lines.len() as i32 * LINE + MARGIN;
        let max = data.counts.iter().flatten().copied().max().unwrap_or(0).max(1);
        Self {
            labels,
            grid_x,
            n_docs,
            cell,
            width,
            staggered,
            title_h,
            grid_y,
            grid_h,
            legend_y,
            legend_h,
            note_lines,
            height,
            max,
        }
    }

    /// Height of a code's row: its label lines or a cell, whichever is taller.
    fn row_h(&self, k: usize) -> i32 {
        (self.labels[k].len() as i32 * LINE).max(self.cell)
    }

    /// Side of the square for a count: area proportional to the count, at least 3 px so a
    /// single segment stays visible; none for 0.
    fn side(&self, count: u32) -> i32 {
        if count == 0 {
            0
        } else {
            ((count as f64 / self.max as f64).sqrt() * (self.cell - 4) as f64).round().max(3.0) as i32
        }
    }
}

fn blue() -> RGBColor {
    RGBColor(OKABE_ITO[0].0, OKABE_ITO[0].1, OKABE_ITO[0].2)
}

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
    let layout = Layout::new(data);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (layout.width as u32, layout.height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        root.draw(&Text::new(data.title.clone(), (MARGIN, 8), style(17.0, HPos::Left, VPos::Top))).map_err(err)?;
        draw_documents(&root, data, &layout)?;
        let mut y = layout.grid_y;
        for k in 0..data.codes.len() {
            draw_row(&root, data, &layout, k, y)?;
            y += layout.row_h(k);
        }
        // Column separators.
        let (grid_x, grid_y, cell) = (layout.grid_x, layout.grid_y, layout.cell);
        for j in 0..=data.documents.len() as i32 {
            let x = grid_x + j * cell;
            let line = vec![(x, grid_y), (x, grid_y + layout.grid_h)];
            root.draw(&PathElement::new(line, RGBColor(225, 225, 225).stroke_width(1))).map_err(err)?;
        }
        draw_legend(&root, data, &layout)?;
        draw_note(&root, &layout.note_lines, (MARGIN, layout.legend_y + layout.legend_h + 8), LINE)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// Document ids over the columns, on two staggered rows when they do not fit in one.
fn draw_documents(root: &Area, data: &MatrixSquares, layout: &Layout) -> Result<(), String> {
    for (j, doc) in data.documents.iter().enumerate() {
        let x = layout.grid_x + j as i32 * layout.cell + layout.cell / 2;
        let row = if layout.staggered { (j % 2) as i32 } else { 0 };
        let y = layout.title_h + 8 + row * LINE + LINE / 2;
        root.draw(&Text::new(doc.clone(), (x, y), style(DOC_SIZE, HPos::Center, VPos::Center))).map_err(err)?;
        if layout.staggered && row == 0 {
            root.draw(&PathElement::new(
                vec![(x, y + 7), (x, layout.grid_y - 2)],
                RGBColor(190, 190, 190).stroke_width(1),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}

/// One code's row at height `y`: shaded on every other code, the label, a square per document.
fn draw_row(root: &Area, data: &MatrixSquares, layout: &Layout, k: usize, y: i32) -> Result<(), String> {
    let (h, grid_x, cell) = (layout.row_h(k), layout.grid_x, layout.cell);
    if k.is_multiple_of(2) {
        let right = grid_x + layout.n_docs * cell;
        root.draw(&Rectangle::new([(MARGIN, y), (right, y + h)], RGBColor(244, 244, 244).filled())).map_err(err)?;
    }
    let lines = &layout.labels[k];
    let text_h = lines.len() as i32 * LINE;
    let bold = data.emphasis.get(k).copied().unwrap_or(false);
    for (i, line) in lines.iter().enumerate() {
        let ly = y + (h - text_h) / 2 + i as i32 * LINE + LINE / 2;
        root.draw(&Text::new(line.clone(), (grid_x - 6, ly), label_style(LABEL_SIZE, bold))).map_err(err)?;
    }
    for j in 0..data.documents.len() {
        let s = layout.side(data.counts[k][j]);
        if s > 0 {
            let (cx, cy) = (grid_x + j as i32 * cell + cell / 2, y + h / 2);
            let square = [(cx - s / 2, cy - s / 2), (cx - s / 2 + s, cy - s / 2 + s)];
            root.draw(&Rectangle::new(square, blue().filled())).map_err(err)?;
        }
    }
    Ok(())
}

/// The legend: squares for 1, half the maximum and the maximum.
fn draw_legend(root: &Area, data: &MatrixSquares, layout: &Layout) -> Result<(), String> {
    let mut x = MARGIN;
    let cy = layout.legend_y + layout.legend_h / 2;
    root.draw(&Text::new(data.legend.clone(), (x, cy), style(11.5, HPos::Left, VPos::Center))).map_err(err)?;
    x += text_width(&data.legend, 11.5) + 10;
    let mut samples = vec![1, layout.max.div_ceil(2), layout.max];
    samples.dedup();
    for count in samples {
        let s = layout.side(count);
        root.draw(&Rectangle::new([(x, cy - s / 2), (x + s, cy - s / 2 + s)], blue().filled())).map_err(err)?;
        x += s + 4;
        let text = count.to_string();
        root.draw(&Text::new(text.clone(), (x, cy), style(11.5, HPos::Left, VPos::Center))).map_err(err)?;
        x += text_width(&text, 11.5) + 14;
    }
    Ok(())
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
    fn only_the_first_documents_are_kept_with_their_counts() {
        let mut m = example(120);
        assert!(m.keep_first_documents(MAX_DOCUMENTS));
        assert_eq!(m.documents.len(), 50);
        assert_eq!((m.documents[49].as_str(), m.counts[0][49], m.counts[0].len()), ("D50", 49, 50));
        let svg = matrix_squares_svg(&m).unwrap();
        assert!(svg.contains("\nD50\n</text>") && !svg.contains("\nD51\n</text>"));
        // 50 columns at the smallest cell (16 px) and the labels: about 1,100 px, not 120 columns'.
        let width: i32 = svg.split(" width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(width < 50 * MAX_CELL + MAX_LABEL_W + 4 * MARGIN, "{width}");
        let mut few = example(5);
        assert!(!few.keep_first_documents(MAX_DOCUMENTS));
        assert_eq!(few, example(5));
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
