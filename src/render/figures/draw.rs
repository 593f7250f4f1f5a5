//! Drawing helpers the figures share: text styles, wrapped code labels, the note under a
//! figure, and plotters' error turned into the figures' `String` errors.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::font::FONT_FAMILY;
use super::heatmap::{text_width_styled, wrap_styled};

/// The drawing area of an SVG figure.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// A drawing error as the figures report it.
pub fn err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    e.to_string()
}

/// Regular text of a size, anchored at (h, v).
pub fn style(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FONT_FAMILY, size).into_font()).pos(Pos::new(h, v))
}

/// A code label on the left of a row: bold for top-level codes, right-aligned, centred.
pub fn label_style(size: f64, bold: bool) -> TextStyle<'static> {
    if bold {
        TextStyle::from((FONT_FAMILY, size, FontStyle::Bold).into_font()).pos(Pos::new(HPos::Right, VPos::Center))
    } else {
        style(size, HPos::Right, VPos::Center)
    }
}

/// Code labels wrapped at `max_width`, bold where `emphasis` says (missing entries are not
/// bold), and the width the widest line needs.
pub fn code_labels(
    codes: &[(String, String)],
    emphasis: &[bool],
    max_width: i32,
    size: f64,
) -> (Vec<Vec<String>>, i32) {
    let bold = |k: usize| emphasis.get(k).copied().unwrap_or(false);
    let labels: Vec<Vec<String>> =
        codes.iter().enumerate().map(|(k, (_, l))| wrap_styled(l, max_width, size, bold(k))).collect();
    let width = labels
        .iter()
        .enumerate()
        .flat_map(|(k, ls)| ls.iter().map(move |l| text_width_styled(l, size, bold(k))))
        .max()
        .unwrap_or(0)
        .min(max_width);
    (labels, width)
}

/// The definition printed under a figure, one line per entry, from (x, y) down.
pub fn draw_note(root: &Area, lines: &[String], (x, y): (i32, i32), line_height: i32) -> Result<(), String> {
    for (k, line) in lines.iter().enumerate() {
        root.draw(&Text::new(
            line.clone(),
            (x, y + k as i32 * line_height),
            style(12.0, HPos::Left, VPos::Top).color(&RGBColor(60, 60, 60)),
        ))
        .map_err(err)?;
    }
    Ok(())
}
