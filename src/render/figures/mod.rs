//! Figures: drawn with plotters as SVG, rasterised to PNG with resvg.
//!
//! Text is set in DejaVu Sans, embedded in the binary: plotters measures text with it (its
//! `ab_glyph` backend, no system fonts needed) and resvg draws the PNG with the same bytes, so
//! the figures look the same on every machine. SVG is the master copy; the PNG is the SVG at
//! 300 dpi for a figure printed at its design width, an RGB PNG (the figures are opaque).

pub mod cluster_order;
pub mod code_map;
mod draw;
mod font;
pub mod from_study;
pub mod group_bars;
pub mod heatmap;
mod interview_axis;
pub mod matrix_squares;
pub mod mds;
pub mod portrait;
mod raster;
pub mod saturation_curve;
pub mod saturation_groups;

pub use font::{FONT_FAMILY, FONT_REGULAR};
pub use raster::svg_to_png;

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

/// A figure drawn as SVG and not yet rasterised: the cheap half of a figure, so that a
/// stage can draw every figure first and rasterise them all at once, in parallel
/// ([`figure_files_all`]).
#[derive(Debug, Clone)]
pub struct Figure {
    /// The path under `figures/` without extension (`code_map`, `documents/D1`).
    pub name: String,
    pub svg: String,
}

impl Figure {
    /// A figure; a character XML does not allow (a control character from a label or
    /// attribute the input checks did not catch) becomes U+FFFD, so an SVG is always
    /// well-formed XML.
    pub fn new(name: impl Into<String>, svg: String) -> Self {
        Self { name: name.into(), svg: xml_chars_only(svg) }
    }

    /// `figures/<name>.svg` and `figures/<name>.png`.
    fn files(self) -> Result<[OutputFile; 2], RenderError> {
        let png =
            svg_to_png(&self.svg).map_err(|message| RenderError { what: format!("figure {}", self.name), message })?;
        Ok([
            OutputFile::new(format!("figures/{}.svg", self.name), self.svg),
            OutputFile::new(format!("figures/{}.png", self.name), png),
        ])
    }
}

/// A figure as `figures/<name>.svg` and `figures/<name>.png` (see [`Figure::new`]).
pub fn figure_files(name: &str, svg: String) -> Result<Vec<OutputFile>, RenderError> {
    Ok(Figure::new(name, svg).files()?.into())
}

/// Every figure as its SVG and PNG, in the figures' order: rasterising is most of the render
/// stage's time (111 million pixels for the sample at 300 dpi), and figures do not depend on
/// each other, so they are rasterised in parallel (rayon), each in bands of rows
/// (`raster.rs`) so that memory stays a few MB per thread whatever the figures' size. The
/// bytes do not depend on the thread count.
pub fn figure_files_all(figures: Vec<Figure>) -> Result<Vec<OutputFile>, RenderError> {
    use rayon::prelude::*;
    let pairs: Result<Vec<[OutputFile; 2]>, _> = figures.into_par_iter().map(Figure::files).collect();
    raster::release_band_buffers();
    Ok(pairs?.into_iter().flatten().collect())
}

/// `text` with every character that XML 1.0 does not allow replaced by U+FFFD.
pub fn xml_chars_only(text: String) -> String {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    if text.chars().all(allowed) {
        return text;
    }
    text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect()
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
