//! Every analysis of a coded study at once: the value of the run's analysis stage.
//!
//! [`analyse`] computes the numbers that every table and figure is drawn from, in a fixed
//! order, and keeps them in [`Analyses`] — plain data, so that the incremental cache can store
//! it and a change of wording (the project language) redraws the outputs without recounting.

use serde::{Deserialize, Serialize};

use super::cooccurrence::{overlap_level, segment_levels, Cooccurrence, PairCounts};
use super::evaluation::{evaluate, Evaluation};
use super::frequencies::{code_counts, CodeCount};
use super::group_saturation::GroupSaturation;
use super::groups::{code_by_document, has_attributes, DocumentRow, GroupFrequencies, Trimbos};
use super::sample::{sample_counts, SampleCounts};
use super::saturation::{ordered_sets, Saturation};
use super::saturation_criteria::SaturationCriteria;
use super::tree_level::lift_to_depth;
use super::{AnalysisOptions, Study};
use crate::codebook::Codebook;
use crate::coding::manual::ManualCoding;
use crate::coding::{Coding, Speakers};
use crate::corpus::Corpus;

/// Which codes a result counts: as coded, or merged into their ancestor at a tree level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodeLevel {
    AsCoded,
    /// Every code merged into its ancestor at this depth (0 = main codes).
    Tree(usize),
}

/// Co-occurrence at every level for one [`CodeLevel`], in table order: segment, overlap (only
/// with manual codings), window, document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CooccurrenceLevels {
    pub codes: CodeLevel,
    pub levels: Vec<PairCounts>,
}

/// Every number the render stage tabulates or draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analyses {
    pub sample: SampleCounts,
    pub counts: Vec<CodeCount>,
    /// Segment and document co-occurrence of the codes in use (heatmap, `cooccurrence`).
    pub cooccurrence: Cooccurrence,
    pub saturation: Saturation,
    pub code_by_document: Vec<DocumentRow>,
    /// One per `[analysis] groups` attribute.
    pub groups: Vec<GroupFrequencies>,
    /// When the respondents have the organisation type and profession columns.
    pub trimbos: Option<Trimbos>,
    /// Codes as coded, then at the tree level.
    pub cooccurrence_levels: Vec<CooccurrenceLevels>,
    /// The saturation curve of the codes at the tree level.
    pub tree_saturation: Saturation,
    /// Codes as coded, then at the tree level.
    pub criteria: Vec<(CodeLevel, SaturationCriteria)>,
    /// With manual codings to compare with (`[coding] gold`).
    pub evaluation: Option<Evaluation>,
    /// Per document the speaker labels read, with roles, turns and words.
    pub speakers: Vec<super::speakers::DocumentSpeakers>,
    /// Saturation per value of each `[analysis] groups` attribute.
    pub group_saturation: Vec<GroupSaturation>,
}

impl Analyses {
    /// The Francis et al. stopping point of the main saturation curve, as the figure marks it.
    pub fn saturation_point(&self) -> Option<super::saturation_criteria::SaturationPoint> {
        self.criteria.iter().find(|(level, _)| *level == CodeLevel::AsCoded).and_then(|(_, c)| c.francis)
    }
}

/// The coded study and what the analyses need besides it.
pub struct AnalysisInput<'a> {
    pub corpus: &'a Corpus,
    pub codebook: &'a Codebook,
    pub codings: &'a [Coding],
    /// The manual codings of `[coding] gold`, when the project names any.
    pub gold: Option<&'a [ManualCoding]>,
    /// Whose units were coded (`[coding] speakers`): the units of windows and agreement.
    pub speakers: Speakers,
}

/// Computes every analysis. The Trimbos tables are made when the respondents have both
/// columns; checking that columns the user named exist is the caller's (it knows the file).
pub fn analyse(input: &AnalysisInput, options: &AnalysisOptions) -> Analyses {
    let study = Study::new(input.corpus, input.codebook, input.codings, &options.order);
    let counts = code_counts(&study);
    let identity: Vec<usize> = (0..input.codebook.codes.len()).collect();
    let lifted = lift_to_depth(input.codebook, options.tree_level);
    let manual = input.gold.unwrap_or_default();
    let cooccurrence_levels = vec![
        levels(&study, input, manual, &identity, CodeLevel::AsCoded, options),
        levels(&study, input, manual, &lifted, CodeLevel::Tree(options.tree_level), options),
    ];
    let cooccurrence = Cooccurrence::from_segment_level(&cooccurrence_levels[0].levels[0], study.used_codes());
    let (org, profession) = (options.organisation_type.as_str(), options.profession.as_str());
    let trimbos = has_attributes(&study, &[org, profession]).then(|| Trimbos::compute(&study, org, profession));
    let n_codes = input.codebook.codes.len();
    let criteria = [(CodeLevel::AsCoded, &identity), (CodeLevel::Tree(options.tree_level), &lifted)]
        .into_iter()
        .map(|(level, lift)| {
            let (documents, sets) = ordered_sets(&study, lift);
            (level, SaturationCriteria::compute(documents, &sets, n_codes, options.saturation()))
        })
        .collect();
    Analyses {
        sample: sample_counts(input.corpus, &options.groups),
        counts,
        cooccurrence,
        saturation: Saturation::compute(&study, options.permutations, options.seed),
        code_by_document: code_by_document(&study),
        groups: options.groups.iter().map(|a| GroupFrequencies::compute(&study, a)).collect(),
        trimbos,
        cooccurrence_levels,
        tree_saturation: Saturation::compute_lifted(&study, &lifted, options.permutations, options.seed),
        criteria,
        evaluation: input.gold.map(|manual| {
            evaluate(input.corpus, input.codebook, input.codings, manual, input.speakers, options.bootstrap())
        }),
        speakers: super::speakers::speakers(input.corpus),
        group_saturation: options
            .groups
            .iter()
            .map(|a| GroupSaturation::compute(&study, a, options.permutations, options.seed, options.saturation()))
            .collect(),
    }
}

/// Co-occurrence at every level with codes counted as `lift` says.
fn levels(
    study: &Study,
    input: &AnalysisInput,
    manual: &[ManualCoding],
    lift: &[usize],
    codes: CodeLevel,
    options: &AnalysisOptions,
) -> CooccurrenceLevels {
    let [segment, window, document] =
        segment_levels(study.corpus, study.codings, lift, options.cooccurrence_window, input.speakers);
    let mut levels = vec![segment];
    if !manual.is_empty() {
        levels.push(overlap_level(manual, lift));
    }
    levels.extend([window, document]);
    CooccurrenceLevels { codes, levels }
}
