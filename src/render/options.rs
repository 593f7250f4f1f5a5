//! The settings of the rendering stage: the language of every word a reader sees, and how
//! quotes and figures are laid out.
//!
//! Built by [`crate::project`] from `[project]` and `[output]` of `analyse.toml`; the field
//! names are its keys.

use std::collections::BTreeMap;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The code map joins two codes whose c-coefficient over segments is at least this.
    pub code_map_threshold: f64,
    /// Documents that get a portrait (`figures/documents/<id>`): the first this many in
    /// corpus order, so a study of thousands of interviews does not write thousands of files.
    pub portraits: usize,
    /// Attribute names as readers see them (`role` → "Rol"), from `[labels]`; attributes not
    /// listed take [`super::attribute_labels`]' defaults for the language, or their own name.
    pub labels: BTreeMap<String, String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            title: "Untitled study".into(),
            language: Language::Nl,
            quote_attribution: "({id})".into(),
            quotes_per_code: 3,
            heatmap_order: HeatmapOrder::Codebook,
            code_map_threshold: 0.1,
            portraits: 30,
            labels: BTreeMap::new(),
        }
    }
}
