//! The embedded font and the PNG resolution tag.

use std::sync::Once;

/// Family name under which the font is registered with plotters and resvg.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// DejaVu Sans (Bitstream Vera licence, see `assets/fonts/LICENSE-DejaVu.txt`): wide Unicode
/// coverage, so Dutch diacritics and typographic quotes render.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the embedded font with plotters once per process; figures call this first.
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        use plotters::style::{register_font, FontStyle};
        assert!(register_font(FONT_FAMILY, FontStyle::Normal, FONT_REGULAR).is_ok(), "embedded font is valid");
        assert!(register_font(FONT_FAMILY, FontStyle::Bold, FONT_BOLD).is_ok(), "embedded font is valid");
    });
}

/// The embedded fonts as resvg's font database, parsed once per process and shared by every
/// figure (and thread) that is rasterised.
pub fn database() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DATABASE: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = std::sync::OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = resvg::usvg::fontdb::Database::new();
            database.load_font_source(resvg::usvg::fontdb::Source::Binary(std::sync::Arc::new(FONT_REGULAR)));
            database.load_font_source(resvg::usvg::fontdb::Source::Binary(std::sync::Arc::new(FONT_BOLD)));
            std::sync::Arc::new(database)
        })
        .clone()
}

/// Adds a `pHYs` chunk after the header of a PNG so that word processors place it at `dpi`.
pub fn with_dpi(png: Vec<u8>, dpi: u32) -> Vec<u8> {
    // PNG: 8-byte signature, then the IHDR chunk (4 length + 4 type + 13 data + 4 CRC = 25).
    const IHDR_END: usize = 8 + 25;
    if png.len() < IHDR_END || &png[12..16] != b"IHDR" {
        return png;
    }
    let per_metre = (dpi as f64 / 0.0254).round() as u32;
    let mut data = Vec::with_capacity(13);
    data.extend_from_slice(b"pHYs");
    data.extend_from_slice(&per_metre.to_be_bytes());
    data.extend_from_slice(&per_metre.to_be_bytes());
    data.push(1); // unit: metre
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    chunk.extend_from_slice(&data);
    chunk.extend_from_slice(&crc32(&data).to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..IHDR_END]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[IHDR_END..]);
    out
}

/// CRC-32 (ISO-HDLC, as PNG uses), bitwise: a few dozen bytes per figure.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_check_value() {
        // The standard check value of CRC-32/ISO-HDLC: crc("123456789") = 0xCBF43926.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn dpi_chunk_follows_the_header() {
        let mut png = vec![0u8; 8 + 25 + 12];
        png[12..16].copy_from_slice(b"IHDR");
        let out = with_dpi(png, 300);
        assert_eq!(&out[37..41], b"pHYs");
        // 300 dpi = 11811 pixels per metre
        assert_eq!(u32::from_be_bytes(out[41..45].try_into().unwrap()), 11811);
    }
}
