//! The co-occurrence heatmap: a code × code grid with the count in every cell.
//!
//! Rows carry the numbered code labels in full; columns carry only the numbers, so no label is
//! rotated or clipped however long the Dutch labels are. The diagonal (a code with itself) is
//! grey and shows the code's own count; off-diagonal cells are shaded from white to dark blue
//! by count, and the note under the grid states the definition.

use crate::analysis::frequencies::CodeCount;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::{self, FONT_FAMILY};

/// What the heatmap shows; the texts are already in the project language.
pub struct HeatmapData<'a> {
    pub labels: &'a [String],
    pub matrix: &'a [Vec<usize>],
    pub title: &'a str,
    pub note: &'a str,
}

/// Largest and smallest cell side: as large as the 16 cm design width allows, but never so
/// small that a two-digit count no longer fits (the figure then grows wider instead).
const MAX_CELL: i32 = 24;
const MIN_CELL: i32 = 18;
const MARGIN: i32 = 12;
/// plotters divides font sizes by 1.24 when it writes SVG: 13 becomes 10.5 px (8 pt at 16 cm).
const LABEL_SIZE: f64 = 13.0;

/// Measured width of a text in the embedded font, in SVG pixels.
pub(crate) fn text_width(text: &str, size: f64) -> i32 {
    text_width_styled(text, size, false)
}

/// Measured width of a text in the embedded regular or bold font, in SVG pixels.
pub(crate) fn text_width_styled(text: &str, size: f64, bold: bool) -> i32 {
    font::register();
    let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
    let desc = FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style);
    desc.box_size(text).map(|(w, _)| w as i32).unwrap_or((text.chars().count() as f64 * size * 0.6) as i32)
}

/// Draws the heatmap as an SVG document.
pub fn heatmap_svg(data: &HeatmapData) -> Result<String, String> {
    font::register();
    let n = data.labels.len() as i32;
    let row_labels: Vec<String> = data.labels.iter().enumerate().map(|(i, l)| format!("{}. {}", i + 1, l)).collect();
    let label_w = row_labels.iter().map(|l| text_width(l, LABEL_SIZE)).max().unwrap_or(0);
    let grid_x = MARGIN + label_w + 8;
    #[allow(non_snake_case)]
    let CELL = ((super::WIDTH as i32 - grid_x - MARGIN) / n.max(1)).clamp(MIN_CELL, MAX_CELL);
    let title_h = 34;
    let grid_y = title_h + 18;
    let width = (grid_x + n * CELL + MARGIN).max(super::WIDTH as i32);
    let note_lines = wrap(data.note, width - 2 * MARGIN, 12.0);
    let height = grid_y + n * CELL + 14 + 14 * note_lines.len() as i32 + MARGIN;
    let max_off = (0..n as usize)
        .flat_map(|i| (0..n as usize).filter(move |&j| j != i).map(move |j| (i, j)))
        .map(|(i, j)| data.matrix[i][j])
        .max()
        .unwrap_or(0)
        .max(1);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        let err = |e: DrawingAreaErrorKind<_>| e.to_string();
        root.fill(&WHITE).map_err(err)?;
        let style = |size: f64, h: HPos, v: VPos| TextStyle::from((FONT_FAMILY, size).into_font()).pos(Pos::new(h, v));
        root.draw(&Text::new(data.title.to_string(), (MARGIN, 10), style(17.0, HPos::Left, VPos::Top))).map_err(err)?;
        for (i, label) in row_labels.iter().enumerate() {
            let y = grid_y + i as i32 * CELL + CELL / 2;
            root.draw(&Text::new(label.clone(), (grid_x - 6, y), style(LABEL_SIZE, HPos::Right, VPos::Center)))
                .map_err(err)?;
            let x = grid_x + i as i32 * CELL + CELL / 2;
            root.draw(&Text::new((i + 1).to_string(), (x, grid_y - 4), style(LABEL_SIZE, HPos::Center, VPos::Bottom)))
                .map_err(err)?;
        }
        for i in 0..n as usize {
            for j in 0..n as usize {
                let (x, y) = (grid_x + j as i32 * CELL, grid_y + i as i32 * CELL);
                let value = data.matrix[i][j];
                let (fill, dark) = if i == j {
                    (RGBColor(224, 224, 224), false)
                } else {
                    let t = value as f64 / max_off as f64;
                    (blues(t), t > 0.55)
                };
                root.draw(&Rectangle::new([(x, y), (x + CELL, y + CELL)], fill.filled())).map_err(err)?;
                root.draw(&Rectangle::new([(x, y), (x + CELL, y + CELL)], RGBColor(255, 255, 255).stroke_width(1)))
                    .map_err(err)?;
                if value > 0 {
                    let colour = if dark { WHITE } else { BLACK };
                    let text_style = style(11.5, HPos::Center, VPos::Center).color(&colour);
                    root.draw(&Text::new(value.to_string(), (x + CELL / 2, y + CELL / 2), text_style)).map_err(err)?;
                }
            }
        }
        let note_y = grid_y + n * CELL + 14;
        for (k, line) in note_lines.iter().enumerate() {
            let y = note_y + 14 * k as i32;
            root.draw(&Text::new(
                line.clone(),
                (MARGIN, y),
                style(12.0, HPos::Left, VPos::Top).color(&RGBColor(60, 60, 60)),
            ))
            .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The "Blues" sequential scale from white (t = 0) to dark blue (t = 1); readable in greyscale
/// and for colour-blind readers, since it varies in lightness only.
fn blues(t: f64) -> RGBColor {
    let (a, b) = ((247.0, 251.0, 255.0), (8.0, 48.0, 107.0));
    let t = t.clamp(0.0, 1.0);
    let mix = |x: f64, y: f64| (x + (y - x) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Breaks a text into lines that fit `width` pixels.
pub(crate) fn wrap(text: &str, width: i32, size: f64) -> Vec<String> {
    wrap_styled(text, width, size, false)
}

/// [`wrap`] for the regular or bold font.
pub(crate) fn wrap_styled(text: &str, width: i32, size: f64, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && text_width_styled(&candidate, size, bold) > width {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The segment matrix with each code's diagonal cell set to its segments as
/// `tables/code_frequencies` counts them — a parent with the distinct segments of its
/// sub-codes — so that figure and table tell one number per code. Other cells stay segments
/// coded with both codes as coded (and the clustering reads the unchanged matrix).
pub fn frequency_diagonal(segments: &[Vec<usize>], codes: &[usize], counts: &[CodeCount]) -> Vec<Vec<usize>> {
    let mut matrix = segments.to_vec();
    for (i, code) in codes.iter().enumerate() {
        if let Some(count) = counts.iter().find(|c| c.code == *code) {
            matrix[i][i] = count.segments;
        }
    }
    matrix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_and_count_is_in_the_svg() {
        let labels = vec!["Institutionele logica".to_string(), "Verantwoordelijkheid".to_string()];
        let matrix = vec![vec![5, 3], vec![3, 4]];
        let svg = heatmap_svg(&HeatmapData {
            labels: &labels,
            matrix: &matrix,
            title: "Co-occurrence",
            note: "n = segmenten",
        })
        .unwrap();
        assert!(svg.contains("1. Institutionele logica") && svg.contains("2. Verantwoordelijkheid"));
        // plotters writes each text on a line of its own inside its <text> element.
        assert!(svg.contains("\n3\n</text>") && svg.contains("\n5\n</text>") && svg.contains("\n4\n</text>"));
        assert!(svg.contains("font-family=\"DejaVu Sans\""));
    }

    #[test]
    fn long_notes_wrap() {
        let lines = wrap(&"woord ".repeat(100), 300, 10.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| text_width(l, 10.0) <= 300));
    }

    #[test]
    fn the_diagonal_is_the_frequency_tables_count() {
        // Parent 0 coded on 4 segments itself, its sub-code 1 on 3, 1 of them shared with the
        // parent: code_frequencies counts 4 + 3 − 1 = 6 for the parent.
        let segments = vec![vec![4, 1], vec![1, 3]];
        let counts = [
            CodeCount { code: 0, segments: 6, documents: 2, respondents: 2 },
            CodeCount { code: 1, segments: 3, documents: 1, respondents: 1 },
        ];
        assert_eq!(frequency_diagonal(&segments, &[0, 1], &counts), vec![vec![6, 1], vec![1, 3]]);
    }
}
