//! The settings of the rendering stage: the language of every word a reader sees, and how
//! quotes and figures are laid out.
//!
//! Built by [`crate::project`] from `[project]` and `[output]` of `analyse.toml`; the field
//! names are its keys.

use serde::{Deserialize, Serialize};

use super::figures::cluster_order::HeatmapOrder;

/// Language of the labels in figures and table headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Nl,
    En,
}

/// How the outputs are worded and laid out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderOptions {
    /// The study's title, at the top of the report.
    pub title: String,
    pub language: Language,
    /// Attribution after each quote: `{id}` and any respondent column.
    pub quote_attribution: String,
    /// Quotes per code in the quote book.
    pub quotes_per_code: usize,
    /// Order of codes in the co-occurrence heatmap.
    pub heatmap_order: HeatmapOrder,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            title: "Untitled study".into(),
            language: Language::Nl,
            quote_attribution: "({id})".into(),
            quotes_per_code: 3,
            heatmap_order: HeatmapOrder::Codebook,
        }
    }
}
