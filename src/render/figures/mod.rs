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
/// stage's time (a 300 dpi pixmap per figure), and figures do not depend on each other, so
/// they are rasterised in parallel (rayon). The bytes do not depend on the thread count.
pub fn figure_files_all(figures: Vec<Figure>) -> Result<Vec<OutputFile>, RenderError> {
    use rayon::prelude::*;
    let pairs: Vec<[OutputFile; 2]> = figures.into_par_iter().map(Figure::files).collect::<Result<_, _>>()?;
    Ok(pairs.into_iter().flatten().collect())
}

/// `text` with every character that XML 1.0 does not allow replaced by U+FFFD.
pub fn xml_chars_only(text: String) -> String {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    if text.chars().all(allowed) {
        return text;
    }
    text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect()
}

/// Pixmaps of more than this many bytes (RGBA) are rasterised one at a time, while smaller
/// ones go on in parallel beside them: two large figures at once (the heatmap and the code ×
/// document matrix of the shipped codebooks, 64 and 50 MB) set the render stage's peak memory
/// (issue 15). 32 MB is 2,900 × 2,900 pixels, a full page at 300 dpi; the sample's figures are
/// all smaller, and are rasterised as before.
const LARGE_PIXMAP_BYTES: u64 = 32 << 20;

/// Held while a large pixmap is drawn and encoded (see [`LARGE_PIXMAP_BYTES`]); nothing
/// inside runs on rayon, so a worker waiting for it cannot hold up the one that has it.
static LARGE_PIXMAPS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Rasterises an SVG drawn by this module at [`PNG_SCALE`] on a white background.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let options =
        usvg::Options { font_family: FONT_FAMILY.to_string(), fontdb: font::database(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size().scale_by(PNG_SCALE).ok_or("figure too large")?;
    let pixmap_bytes = 4 * u64::from(size.width()) * u64::from(size.height());
    let _one_at_a_time =
        (pixmap_bytes > LARGE_PIXMAP_BYTES).then(|| LARGE_PIXMAPS.lock().unwrap_or_else(|e| e.into_inner()));
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("figure has no area")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE), &mut pixmap.as_mut());
    let png = encode_rgb_png(pixmap).map_err(|e| e.to_string())?;
    Ok(font::with_dpi(png, 300))
}

/// A pixmap drawn on white as an 8-bit RGB PNG, with png's balanced (zlib) compression.
///
/// Every pixel is opaque (the figure is drawn over a white fill), so the alpha channel carries
/// nothing and premultiplied colours are the colours: the RGB bytes are taken as they are,
/// without tiny-skia's copy to un-premultiply. Encoding was the largest part of rasterising a
/// figure at 300 dpi (zlib at its default level over RGBA). png's `Fast` (fdeflate) was several
/// times faster but wrote the sample's figures at 12 MB instead of 5.3 MB; they are committed
/// to thesis repositories and regenerated on every codebook change, so size wins: RGB (a quarter
/// fewer bytes to compress) at the balanced level (issue 15).
///
/// The RGB bytes are packed in place over the RGBA ones, not copied: a copy of a large figure's
/// pixels (the co-occurrence heatmap of the shipped codebooks is 4,447 × 3,606 pixels, 64 MB
/// as RGBA, 48 MB as RGB) was a third of the render stage's memory at 100 MB (issue 15).
fn encode_rgb_png(pixmap: resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let rgb = rgba_to_rgb_in_place(pixmap.take());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

/// RGBA bytes as RGB, alpha dropped, in the same allocation: pixel `i` moves from `4i` to
/// `3i`, which never overtakes a pixel not yet moved.
fn rgba_to_rgb_in_place(mut pixels: Vec<u8>) -> Vec<u8> {
    let count = pixels.len() / 4;
    for i in 0..count {
        pixels.copy_within(4 * i..4 * i + 3, 3 * i);
    }
    pixels.truncate(3 * count);
    pixels
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

#[cfg(test)]
mod png_tests {
    use super::*;

    /// Three pixels (RGBA 1 2 3 255, 4 5 6 255, 7 8 9 128) are the nine bytes 1 … 9; none is
    /// no bytes.
    #[test]
    fn rgba_packs_to_rgb_in_place() {
        assert_eq!(rgba_to_rgb_in_place(vec![1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 128]), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert!(rgba_to_rgb_in_place(Vec::new()).is_empty());
    }

    /// A figure of known colours: a 10 × 10 px SVG, left half pure blue, on white. Rasterised
    /// at 300/96 it is 31 × 31 px (10 × 3.125 = 31.25, rounded down by tiny-skia's int size);
    /// decoded, the PNG is RGB with the colours drawn: blue at the left edge, white at the right.
    #[test]
    fn figures_are_opaque_rgb_pngs_with_the_colours_drawn() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="10" fill="rgb(0,0,255)"/></svg>"#;
        let png_bytes = svg_to_png(svg).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buffer).unwrap();
        assert_eq!((frame.width, frame.height, frame.color_type), (31, 31, png::ColorType::Rgb));
        let pixel = |x: usize, y: usize| &buffer[(y * 31 + x) * 3..(y * 31 + x) * 3 + 3];
        assert_eq!(pixel(0, 15), &[0, 0, 255]);
        assert_eq!(pixel(30, 15), &[255, 255, 255]);
    }
}
