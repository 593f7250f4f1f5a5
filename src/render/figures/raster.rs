//! An SVG figure rasterised to a 300 dpi PNG, a band of rows at a time.
//!
//! Rasterising is most of the render stage (issue 15): the sample's 33 figures are 111 million
//! pixels. Two choices keep it cheap in time and memory:
//!
//! - **Bands, not a whole pixmap.** The figure is drawn [`BAND_ROWS`] rows at a time into one
//!   small pixmap, and every row goes to the PNG encoder as it is drawn. A whole pixmap was up
//!   to 29 MB for a sample figure and 64 MB for the shipped codebooks' heatmap at 100 MB, held
//!   twice over while two figures were rasterised in parallel; a band is at most a few MB,
//!   whatever the figure's size, so large figures need no lock to take turns.
//! - **zlib level 4 without PNG row filters.** Measured on the sample's figures (flat colours,
//!   mostly white): level 4 unfiltered writes 5.55 MB where png's `Balanced` (level 6, adaptive
//!   filters) wrote 5.57 MB, in half the encoding time; `Fast` (fdeflate) wrote 12.5 MB.
//!
//! The encoder's output depends only on the pixels, so the bytes are the same on every run and
//! for any number of threads.

use resvg::{tiny_skia, usvg};
use std::io::Write;

use super::{font, FONT_FAMILY, PNG_SCALE};

/// Rows of the PNG drawn per band: 512 rows of a 16 cm figure are 3.9 MB as RGBA.
const BAND_ROWS: u32 = 512;

/// Rows drawn above and below each band and then dropped. tiny-skia's anti-aliasing of an
/// edge cut by the pixmap's border differs slightly from the same edge drawn whole (up to 64
/// of 255 in the row at the border), which showed as faint seams; with 32 rows of overlap the
/// rows kept differ from a whole-figure drawing in a few hundred of 333 million bytes, by at
/// most 16 of 255 (measured on the sample's figures), which no reader can see.
const OVERLAP_ROWS: u32 = 32;

/// zlib level of the PNG's image data (see the module comment for the measurement).
const ZLIB_LEVEL: u8 = 4;

/// Rasterises an SVG drawn by this module at [`PNG_SCALE`] on a white background, as an opaque
/// 8-bit RGB PNG tagged 300 dpi.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    let options =
        usvg::Options { font_family: FONT_FAMILY.to_string(), fontdb: font::database(), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size().scale_by(PNG_SCALE).ok_or("figure too large")?;
    let mut png = Vec::new();
    encode_bands(&tree, size.width(), size.height(), &mut png).map_err(|e| e.to_string())?;
    Ok(png)
}

/// 300 dpi as PNG's `pHYs` chunk states it, in pixels per metre (300 / 0.0254 = 11811.02),
/// so that word processors and LaTeX place a figure at its design width.
const PIXELS_PER_METRE: u32 = 11_811;

/// Draws `tree` band by band and writes each row to a PNG stream in `out`.
fn encode_bands(tree: &usvg::Tree, width: u32, height: u32, out: &mut Vec<u8>) -> Result<(), png::EncodingError> {
    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(ZLIB_LEVEL));
    encoder.set_filter(png::Filter::NoFilter);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: PIXELS_PER_METRE,
        yppu: PIXELS_PER_METRE,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    let band_height = BAND_ROWS.min(height) + 2 * OVERLAP_ROWS;
    let stride = 4 * width as usize;
    let mut bytes = take_band_bytes(stride * band_height as usize);
    let Some(mut band) = tiny_skia::PixmapMut::from_bytes(&mut bytes, width, band_height) else {
        return Err(png::EncodingError::LimitsExceeded);
    };
    let mut row = vec![0u8; 3 * width as usize];
    let mut top = 0;
    while top < height {
        let rows = BAND_ROWS.min(height - top);
        draw_band(tree, top, &mut band);
        for r in 0..rows as usize {
            let at = (r + OVERLAP_ROWS as usize) * stride;
            rgb_row(&band.as_ref().data()[at..at + stride], &mut row);
            stream.write_all(&row)?;
        }
        top += rows;
    }
    BAND_BYTES.set(bytes);
    stream.finish()?;
    writer.finish()
}

thread_local! {
    /// The band's pixels, kept by each thread from one figure to the next. A new band for each
    /// figure was a few MB handed back to the system and faulted in (zeroed) again: a fifth of
    /// the sample's page faults, and page zeroing was 7–13 % of its run's CPU (issue 15).
    static BAND_BYTES: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// This thread's band buffer, `len` bytes long (its contents are drawn over before use). It is
/// taken out of the thread-local, so a nested use could not share it; put it back with `set`.
fn take_band_bytes(len: usize) -> Vec<u8> {
    let mut bytes = BAND_BYTES.take();
    bytes.resize(len, 0);
    bytes
}

/// Hands every rayon thread's band buffer back once a batch of figures is rasterised: kept,
/// they were a few MB per thread on top of the render stage's later peak (the largest outputs
/// are made after the figures).
pub fn release_band_buffers() {
    rayon::broadcast(|_| drop(BAND_BYTES.take()));
}

/// Draws the rows from `top - OVERLAP_ROWS` on into `band`, over white.
fn draw_band(tree: &usvg::Tree, top: u32, band: &mut tiny_skia::PixmapMut) {
    band.fill(tiny_skia::Color::WHITE);
    let shift = OVERLAP_ROWS as f32 - top as f32;
    let transform = tiny_skia::Transform::from_translate(0.0, shift).pre_scale(PNG_SCALE, PNG_SCALE);
    resvg::render(tree, transform, band);
}

/// One row of RGBA pixels as RGB. Every pixel is opaque (the band is drawn over a white fill),
/// so tiny-skia's premultiplied colours are the colours and the alpha byte carries nothing.
fn rgb_row(rgba: &[u8], rgb: &mut [u8]) {
    for (to, from) in rgb.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
        to.copy_from_slice(&from[..3]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three pixels (RGBA 1 2 3 255, 4 5 6 255, 7 8 9 128) are the nine bytes 1 … 9.
    #[test]
    fn rgba_rows_become_rgb() {
        let mut rgb = [0u8; 9];
        rgb_row(&[1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 128], &mut rgb);
        assert_eq!(rgb, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }

    /// The resolution is stated once, right after the header (where the hand-written chunk of
    /// earlier versions put it, so the files' bytes did not change): 300 dpi is 11811 pixels
    /// per metre (300 / 0.0254 = 11811.02), chunk bytes 8 + 25 + 4 on.
    #[test]
    fn figures_say_300_dpi_right_after_the_header() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        let png_bytes = svg_to_png(svg).unwrap();
        assert_eq!(&png_bytes[37..41], b"pHYs");
        assert_eq!(u32::from_be_bytes(png_bytes[41..45].try_into().unwrap()), 11811);
        assert_eq!(u32::from_be_bytes(png_bytes[45..49].try_into().unwrap()), 11811);
        assert_eq!(png_bytes[49], 1, "unit: metre");
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let dims = decoder.read_info().unwrap().info().pixel_dims.unwrap();
        assert_eq!((dims.xppu, dims.yppu, dims.unit), (11811, 11811, png::Unit::Meter));
    }

    fn decode(png_bytes: Vec<u8>) -> (u32, u32, png::ColorType, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buffer).unwrap();
        (frame.width, frame.height, frame.color_type, buffer)
    }

    /// A figure of known colours: a 10 × 10 px SVG, left half pure blue, on white. Rasterised
    /// at 300/96 it is 31 × 31 px (10 × 3.125 = 31.25, rounded down by tiny-skia's int size);
    /// decoded, the PNG is RGB with the colours drawn: blue at the left edge, white at the right.
    #[test]
    fn figures_are_opaque_rgb_pngs_with_the_colours_drawn() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="10" fill="rgb(0,0,255)"/></svg>"#;
        let (width, height, colour, pixels) = decode(svg_to_png(svg).unwrap());
        assert_eq!((width, height, colour), (31, 31, png::ColorType::Rgb));
        let pixel = |x: usize, y: usize| &pixels[(y * 31 + x) * 3..(y * 31 + x) * 3 + 3];
        assert_eq!(pixel(0, 15), &[0, 0, 255]);
        assert_eq!(pixel(30, 15), &[255, 255, 255]);
    }

    /// A figure taller than a band (400 px, 1,250 PNG rows: three bands) with a blue stripe
    /// across each band border (PNG rows 512 and 1,024, SVG y ≈ 163.8 and 327.7) and one in the
    /// middle of a band: every row of a stripe is blue, every other row white, so the bands
    /// join without a seam or a shift.
    #[test]
    fn bands_join_without_a_seam() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="400"><rect y="160" width="4" height="8" fill="rgb(0,0,255)"/><rect y="324" width="4" height="8" fill="rgb(0,0,255)"/><rect y="60" width="4" height="8" fill="rgb(0,0,255)"/></svg>"#;
        let (width, height, _, pixels) = decode(svg_to_png(svg).unwrap());
        assert_eq!((width, height), (13, 1250)); // 4 × 3.125 = 12.5, rounded up
        let colour = |y: usize| &pixels[y * 39 + 6..y * 39 + 9];
        for (from, to) in [(60.0, 68.0), (160.0, 168.0), (324.0, 332.0)] {
            let (first, last) = ((from * PNG_SCALE).ceil() as usize, (to * PNG_SCALE).floor() as usize - 1);
            assert!((first..=last).all(|y| colour(y) == [0, 0, 255]), "stripe {from}..{to} is blue");
            assert_eq!(colour(first - 2), [255, 255, 255]);
            assert_eq!(colour(last + 2), [255, 255, 255]);
        }
    }
}
