//! Tables: the analyses' numbers worded in the project language — captions, headers, the
//! names of groups and levels — one file per analysis. CSV column names stay English (they are
//! the output contract); [`crate::render::table_files`] gives the Markdown and LaTeX copies
//! headers in the project language.

pub mod character_agreement;
pub mod coded_segments;
pub mod cooccurrence;
pub mod evaluation;
pub mod evaluation_sets;
pub mod excerpt;
pub mod frequencies;
pub mod group_saturation;
pub mod groups;
pub mod intercoder;
pub mod sample;
pub mod saturation;
pub mod saturation_criteria;
pub mod saturation_sensitivity;
pub mod speakers;
pub mod suggestions;
pub(crate) mod words;

use crate::analysis::{Analyses, CodeLevel};
use crate::codebook::Codebook;
use crate::coding::Coding;
use crate::corpus::Corpus;
use crate::render::Language;
use crate::table::Table;

/// What the study's tables are made of.
pub struct TableInput<'a> {
    pub corpus: &'a Corpus,
    pub codebook: &'a Codebook,
    pub codings: &'a [Coding],
    pub analyses: &'a Analyses,
    pub language: Language,
    /// `[labels]`: how attributes are named in captions.
    pub attribute_labels: &'a std::collections::BTreeMap<String, String>,
}

/// Every table of `tables/`, in the order the report and `tables.xlsx` show them.
pub fn study_tables(input: &TableInput) -> Vec<Table> {
    let TableInput { corpus, codebook, codings, analyses, language, attribute_labels } = *input;
    let labels = crate::render::attribute_labels::AttributeLabels::new(language, attribute_labels);
    let mut tables = vec![
        sample::respondents_table(&analyses.sample, language),
        speakers::speakers_table(&analyses.speakers, language),
        coded_segments_for_readers(corpus, codebook, codings, language),
        frequencies::frequency_table(codebook, &analyses.counts, language),
        cooccurrence::cooccurrence_table(&analyses.cooccurrence, codebook, language),
        saturation::saturation_table(&analyses.saturation, "saturation", "", language),
    ];
    let documents: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    tables.push(groups::code_by_document(&analyses.code_by_document, &documents, codebook, language));
    tables.extend(analyses.groups.iter().map(|g| groups::crosstab(g, codebook, labels)));
    tables.push(groups::long_table(&analyses.groups, codebook, language));
    if let Some(trimbos) = &analyses.trimbos {
        tables.push(groups::sample_description(trimbos, labels));
        tables.push(groups::themes_by_organisation_type(trimbos, codebook, labels));
    }
    for set in &analyses.cooccurrence_levels {
        tables.extend(set.levels.iter().map(|level| cooccurrence::level_table(level, codebook, set.codes, language)));
    }
    tables.extend(saturation_tables(analyses, language));
    if !analyses.group_saturation.is_empty() {
        tables.push(group_saturation::curves_table(&analyses.group_saturation, language));
        tables.push(group_saturation::criteria_by_group_table(&analyses.group_saturation, language));
    }
    tables
}

/// `coded_segments` as the report and the workbook need it: its first `READER_ROWS` rows
/// (the CSV, and the Parquet copy with the `parquet` feature, are written from the codings,
/// [`crate::render::render_from_text`]).
fn coded_segments_for_readers(corpus: &Corpus, codebook: &Codebook, codings: &[Coding], language: Language) -> Table {
    let budget = coded_segments::FULL_TEXT_BUDGET;
    coded_segments::coded_segments_head(corpus, codebook, codings, language, budget, crate::render::READER_ROWS)
}

/// The saturation curve at the tree level, the criteria and the Guest–Namey–Chen runs.
fn saturation_tables(analyses: &Analyses, language: Language) -> Vec<Table> {
    let depth = analyses
        .criteria
        .iter()
        .find_map(|(level, _)| match level {
            CodeLevel::Tree(d) => Some(*d),
            CodeLevel::AsCoded => None,
        })
        .unwrap_or(0);
    let what = saturation_criteria::level_name(CodeLevel::Tree(depth), language);
    let name = format!("saturation_level{depth}");
    let levels: Vec<(String, &_)> = analyses
        .criteria
        .iter()
        .map(|(level, criteria)| (saturation_criteria::level_name(*level, language), criteria))
        .collect();
    vec![
        saturation::saturation_table(&analyses.tree_saturation, &name, &what, language),
        saturation_criteria::criteria_table(&levels, language),
        saturation_criteria::gnc_table(&levels, language),
        saturation_sensitivity::sensitivity_table(&levels, language),
    ]
}

/// The five evaluation tables of a project with manual codings, in `evaluation/` order:
/// agreement, disagreements, agreement between every pair of coders per unit and per
/// character, Krippendorff's alpha.
pub fn evaluation_tables(
    evaluation: &crate::analysis::evaluation::Evaluation,
    corpus: &Corpus,
    codebook: &Codebook,
    language: Language,
) -> [Table; 5] {
    [
        evaluation::agreement_table(evaluation, codebook, language),
        evaluation::disagreements_table(evaluation, corpus, codebook, language),
        intercoder::pairs_table(&evaluation.coders, codebook, language),
        character_agreement::characters_table(&evaluation.characters, codebook, language),
        intercoder::alpha_table(&evaluation.coders, codebook, language),
    ]
}
