//! The embedded fonts, registered once with plotters and resvg.

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
