//! The tables of the complete analysis beyond the walking skeleton's five: group frequencies
//! and crosstabs, the code × document matrix, the Trimbos-style tables, co-occurrence at every
//! level, and saturation at parent-code level with its criteria. `run` calls
//! [`study_tables`] once and writes what it returns.

use super::cooccurrence_levels::{level_table, overlap_level, segment_levels};
use super::groups::{self, GroupFrequencies};
use super::saturation::{ordered_sets, Saturation};
use super::saturation_criteria::{criteria_table, gnc_table, SaturationCriteria};
use super::tree_level::lift_to_depth;
use super::Study;
use crate::coding::manual::ManualCoding;
use crate::error::{Error, Result};
use crate::project::Plan;
use crate::render::Language;
use crate::table::Table;
use crate::run::timings::Timings;

/// Every additional table, in a fixed order. `manual` are the project's manual codings (for
/// co-occurrence of overlapping spans; may be empty).
pub fn study_tables(study: &Study, plan: &Plan, manual: &[ManualCoding], timings: &mut Timings) -> Result<Vec<Table>> {
    let language = plan.settings.rendering.language;
    let mut tables = Vec::new();

    timings.time("groups", || -> Result<()> {
        tables.push(groups::code_by_document(study, language));
        let per_group: Vec<GroupFrequencies> =
            plan.settings.analysis.groups.iter().map(|a| GroupFrequencies::compute(study, a, language)).collect();
        tables.extend(per_group.iter().map(|g| g.crosstab(study, language)));
        tables.push(groups::long_table(study, &per_group, language));
        let (org, profession) = (plan.settings.analysis.organisation_type.as_str(), plan.settings.analysis.profession.as_str());
        if groups::has_attributes(study, &[org, profession]) {
            tables.push(groups::sample_description(study, org, profession, language));
            tables.push(groups::themes_by_organisation_type(study, org, language));
        } else if org != "organisation_type" || profession != "profession" {
            // Names the user chose but the respondents file lacks are a mistake to report; a
            // project whose respondents file has no such columns just has no Trimbos tables.
            let columns = &study.corpus.respondents.columns;
            let missing: Vec<&str> =
                [org, profession].into_iter().filter(|a| !columns.iter().any(|c| c == a)).collect();
            return Err(Error::Usage(format!(
                "{}: [analysis] organisation_type / profession name respondent column(s) {} that the respondents file does not have; use one of its columns: {}",
                plan.display_path(&plan.project_file),
                missing.join(", "),
                columns.join(", ")
            )));
        }
        Ok(())
    })?;

    let identity: Vec<usize> = (0..study.codebook.codes.len()).collect();
    let lifted = lift_to_depth(study.codebook, plan.settings.analysis.tree_level);
    timings.time("cooccurrence levels", || {
        for (lift, tree) in [(&identity, None), (&lifted, Some(plan.settings.analysis.tree_level))] {
            let levels = segment_levels(study.corpus, study.codings, lift, plan.settings.analysis.cooccurrence_window, plan.settings.coding.speakers);
            let [segment, window, document] = &levels;
            tables.push(level_table(segment, study.codebook, tree, language));
            if !manual.is_empty() {
                tables.push(level_table(&overlap_level(manual, lift), study.codebook, tree, language));
            }
            tables.push(level_table(window, study.codebook, tree, language));
            tables.push(level_table(document, study.codebook, tree, language));
        }
    });

    timings.time("saturation criteria", || {
        let level_saturation = Saturation::compute_lifted(study, &lifted, plan.settings.analysis.permutations, plan.settings.analysis.seed);
        let what = level_name(plan.settings.analysis.tree_level, language);
        tables.push(level_saturation.table_named(&format!("saturation_level{}", plan.settings.analysis.tree_level), &what, language));
        let n_codes = study.codebook.codes.len();
        let criteria: Vec<(String, SaturationCriteria)> = [(code_level_name(language), &identity), (what, &lifted)]
            .into_iter()
            .map(|(name, lift)| {
                let (documents, sets) = ordered_sets(study, lift);
                (name, SaturationCriteria::compute(documents, &sets, n_codes, plan.settings.analysis.saturation()))
            })
            .collect();
        let refs: Vec<(String, &SaturationCriteria)> = criteria.iter().map(|(n, c)| (n.clone(), c)).collect();
        tables.push(criteria_table(&refs, language));
        tables.push(gnc_table(&refs, language));
    });
    Ok(tables)
}

fn code_level_name(language: Language) -> String {
    match language {
        Language::Nl => "codes".into(),
        Language::En => "codes".into(),
    }
}

fn level_name(depth: usize, language: Language) -> String {
    match (depth, language) {
        (0, Language::Nl) => "hoofdcodes (niveau 0)".into(),
        (0, Language::En) => "main codes (level 0)".into(),
        (d, Language::Nl) => format!("codes op niveau {d}"),
        (d, Language::En) => format!("codes at level {d}"),
    }
}
