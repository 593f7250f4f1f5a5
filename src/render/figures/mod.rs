//! Figures: drawn with plotters as SVG, rasterised to PNG with resvg.
//!
//! Text is set in DejaVu Sans, embedded in the binary: plotters measures text with it (its
//! `ab_glyph` backend, no system fonts needed) and resvg draws the PNG with the same bytes, so
//! the figures look the same on every machine. SVG is the master copy; the PNG is the SVG at
//! 300 dpi for a figure printed at its design width.

pub mod cluster_order;
pub mod code_map;
mod draw;
mod font;
pub mod from_study;
pub mod group_bars;
pub mod heatmap;
pub mod matrix_squares;
pub mod mds;
pub mod portrait;
pub mod saturation_curve;
pub mod saturation_groups;

pub use font::{FONT_FAMILY, FONT_REGULAR};

use crate::render::{OutputFile, RenderError};

/// Design width of figures in SVG pixels (CSS px, 96 per inch): 16 cm, the text width of a
/// thesis page.
pub const WIDTH: u32 = 605;

/// PNG pixels per SVG pixel: 300 dpi / 96 dpi.
pub const PNG_SCALE: f32 = 300.0 / 96.0;

/// Okabe & Ito (2008) colours, safe for the common forms of colour blindness.
pub const OKABE_ITO: [(u8, u8, u8); 8] = [
    (0, 114, 178),   // blue
    (230, 159, 0),   // orange
    (0, 158, 115),   // bluish green
    (204, 121, 167), // reddish purple
    (86, 180, 233),  // sky blue
    (213, 94, 0),    // vermillion
    (240, 228, 66),  // yellow
    (0, 0, 0),       // black
];

/// A figure as `figures/<name>.svg` and `figures/<name>.png`.
///
/// A character XML does not allow (a control character from a label or attribute the input
/// checks did not catch) becomes U+FFFD, so an SVG is always well-formed XML.
pub fn figure_files(name: &str, svg: String) -> Result<Vec<OutputFile>, RenderError> {
    let svg = xml_chars_only(svg);
    let png = svg_to_png(&svg).map_err(|message| RenderError { what: format!("figure {name}"), message })?;
    Ok(vec![OutputFile::new(format!("figures/{name}.svg"), svg), OutputFile::new(format!("figures/{name}.png"), png)])
}

/// `text` with every character that XML 1.0 does not allow replaced by U+FFFD.
pub fn xml_chars_only(text: String) -> String {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    if text.chars().all(allowed) {
        return text;
    }
    text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect()
}

/// Rasterises an SVG drawn by this module at [`PNG_SCALE`] on a white background.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options { font_family: FONT_FAMILY.to_string(), ..Default::default() };
    options.fontdb_mut().load_font_data(font::FONT_REGULAR.to_vec());
    options.fontdb_mut().load_font_data(font::FONT_BOLD.to_vec());
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size().scale_by(PNG_SCALE).ok_or("figure too large")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("figure has no area")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok(font::with_dpi(png, 300))
}

#[cfg(test)]
mod xml_tests {
    use super::*;

    /// Regression (issue 14): a control character in a label stopped the run with exit 3.
    #[test]
    fn characters_xml_forbids_become_replacement_characters_and_the_png_renders() {
        assert_eq!(xml_chars_only("a\u{1}b\tc\u{FFFF}".into()), "a\u{FFFD}b\tc\u{FFFD}");
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text>ex\u{1}pert</text></svg>";
        assert!(svg_to_png(svg).is_err(), "the raw character is not XML");
        assert!(figure_files("t", svg.to_string()).is_ok());
    }
}
