//! The settings of the analysis stage: groups, interview order, permutations and the
//! saturation criteria.
//!
//! Built by [`crate::project`] from `[analysis]` of `analyse.toml`; the field names are its
//! keys, and the values are kept as the user wrote them (the threshold in %), so that the
//! manifest shows what `analyse.toml` says.

use serde::{Deserialize, Serialize};

use super::bootstrap::BootstrapSettings;
use super::saturation_criteria::SaturationSettings;

/// What the analyses compute and how; also the `[analysis]` section of `analyse.toml` as it
/// is read (unknown keys are errors, missing keys take the defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnalysisOptions {
    /// Respondent attributes for crosstabs and group figures.
    pub groups: Vec<String>,
    /// Respondent attribute that orders the interviews for saturation.
    pub order: String,
    /// Random interview orders for the saturation band.
    pub permutations: usize,
    pub seed: u64,
    /// Resamples of the units for the bootstrap 95 % intervals of kappa and alpha (0: none).
    pub bootstrap_resamples: usize,
    /// Co-occurrence "within k coded units": k.
    pub cooccurrence_window: usize,
    /// Level of the code tree for theme-level co-occurrence and saturation (0 = main codes).
    pub tree_level: usize,
    /// Guest, Namey & Chen (2020): base size, run length and new-information threshold (%).
    pub gnc_base: usize,
    pub gnc_run: usize,
    pub gnc_threshold: f64,
    /// Francis et al. (2010): initial sample and stopping criterion ("10 + 3").
    pub francis_initial: usize,
    pub francis_stop: usize,
    /// Respondent attributes of the Trimbos-style sample description.
    pub organisation_type: String,
    pub profession: String,
}

impl AnalysisOptions {
    /// The agreement intervals' resamples, drawn from the project seed.
    pub fn bootstrap(&self) -> BootstrapSettings {
        BootstrapSettings { resamples: self.bootstrap_resamples, seed: self.seed }
    }

    /// The saturation criteria's settings, the threshold as a fraction.
    pub fn saturation(&self) -> SaturationSettings {
        SaturationSettings {
            gnc_base: self.gnc_base,
            gnc_run: self.gnc_run,
            gnc_threshold: self.gnc_threshold / 100.0,
            francis_initial: self.francis_initial,
            francis_stop: self.francis_stop,
        }
    }
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        let saturation = SaturationSettings::default();
        Self {
            groups: Vec::new(),
            order: "interview_date".into(),
            permutations: 1000,
            seed: 20240501,
            bootstrap_resamples: 1000,
            cooccurrence_window: 1,
            tree_level: 0,
            gnc_base: saturation.gnc_base,
            gnc_run: saturation.gnc_run,
            gnc_threshold: 100.0 * saturation.gnc_threshold,
            francis_initial: saturation.francis_initial,
            francis_stop: saturation.francis_stop,
            organisation_type: "organisation_type".into(),
            profession: "profession".into(),
        }
    }
}
