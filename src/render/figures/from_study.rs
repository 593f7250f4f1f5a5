//! The inputs of the group-bar and matrix figures, counted straight from a [`Study`].
//!
//! Interim: the analysis stage is getting its own `code_by_<attribute>` and `code_by_document`
//! tables; once they exist they fill [`GroupBars`] and [`MatrixSquares`] instead and this module
//! goes. The counting rules are the frequency table's: a code counts the distinct segments of
//! itself and its sub-codes; a respondent "raised" a code when at least one of their segments
//! carries it; only respondents who speak in some document are counted.

use std::collections::{BTreeMap, BTreeSet};

use super::group_bars::GroupBars;
use super::matrix_squares::MatrixSquares;
use crate::analysis::Study;
use crate::project::Language;
use crate::render::labels::Label;

/// Codes with at least one segment (own or of a sub-code), in tree order, with their segments.
fn codes_with_segments(study: &Study) -> Vec<(usize, BTreeSet<(usize, usize)>)> {
    study
        .codebook
        .tree_order()
        .into_iter()
        .map(|c| (c, study.segments_with_descendants(c)))
        .filter(|(_, s)| !s.is_empty())
        .collect()
}

/// Top-level codes are set in bold.
fn emphasis(study: &Study, codes: &[(String, String)]) -> Vec<bool> {
    codes
        .iter()
        .map(|(id, _)| study.codebook.index_of(id).is_some_and(|c| study.codebook.parent_of(c).is_none()))
        .collect()
}

/// Respondents per code and value of `attribute`; values sorted, a missing value shown as
/// "(onbekend)"/"(unknown)".
pub fn group_bars(study: &Study, attribute: &str, language: Language) -> GroupBars {
    let unknown = Label::Unknown.text(language);
    let mut present: Vec<&str> =
        study.corpus.documents.iter().flat_map(|d| d.respondents.iter().map(String::as_str)).collect();
    present.sort();
    present.dedup();
    let group_of = |id: &str| -> String {
        study
            .corpus
            .respondents
            .by_id
            .get(id)
            .and_then(|r| r.attribute(attribute))
            .filter(|v| !v.is_empty())
            .unwrap_or(unknown)
            .to_string()
    };
    let mut ns: BTreeMap<String, u32> = BTreeMap::new();
    for id in &present {
        *ns.entry(group_of(id)).or_default() += 1;
    }
    let groups: Vec<String> = ns.keys().cloned().collect();
    let mut codes = Vec::new();
    let mut values = Vec::new();
    for (c, segments) in codes_with_segments(study) {
        let respondents: BTreeSet<&str> = segments.iter().filter_map(|&(d, s)| study.respondent_of(d, s)).collect();
        let mut row = vec![0u32; groups.len()];
        for r in respondents {
            let g = groups.binary_search(&group_of(r)).expect("every speaking respondent has a group");
            row[g] += 1;
        }
        let code = &study.codebook.codes[c];
        codes.push((code.id.clone(), code.label.clone()));
        values.push(row);
    }
    GroupBars {
        emphasis: emphasis(study, &codes),
        attribute: attribute.to_string(),
        codes,
        ns: groups.iter().map(|g| ns[g]).collect(),
        groups,
        values,
        title: Label::GroupBarsTitle.text(language).replace("{attribute}", attribute),
        x_desc: Label::GroupBarsAxis.text(language).into(),
        note: Label::GroupBarsNote.text(language).into(),
    }
}

/// Segments per code and document, documents in corpus (natural) order.
pub fn matrix_squares(study: &Study, language: Language) -> MatrixSquares {
    let documents: Vec<String> = study.corpus.documents.iter().map(|d| d.id.clone()).collect();
    let mut codes = Vec::new();
    let mut counts = Vec::new();
    for (c, segments) in codes_with_segments(study) {
        let mut row = vec![0u32; documents.len()];
        for &(d, _) in &segments {
            row[d] += 1;
        }
        let code = &study.codebook.codes[c];
        codes.push((code.id.clone(), code.label.clone()));
        counts.push(row);
    }
    MatrixSquares {
        emphasis: emphasis(study, &codes),
        codes,
        documents,
        counts,
        title: Label::MatrixTitle.text(language).into(),
        note: Label::MatrixNote.text(language).into(),
        legend: Label::MatrixLegend.text(language).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;
    use crate::corpus::Respondent;

    #[test]
    fn counts_by_hand() {
        // Codes p (parent of a) and b. D1: R1 s0 a, R1 s1 b. D2: R2 s0 a, R3 s1 (nothing).
        // Roles: R1 expert, R2 expert, R3 client.
        let (mut corpus, book, codings) = study_parts(
            &[("D1", &["R1", "R1"]), ("D2", &["R2", "R3"])],
            &[("p", None), ("a", Some("p")), ("b", None), ("unused", None)],
            &[(0, 0, 1), (0, 1, 2), (1, 0, 1)],
            &[],
        );
        for (id, role) in [("R1", "expert"), ("R2", "expert"), ("R3", "client")] {
            corpus
                .respondents
                .by_id
                .insert(id.into(), Respondent { id: id.into(), attributes: vec![("role".into(), role.into())] });
        }
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let bars = group_bars(&study, "role", Language::En);
        // Groups sorted: client (R3), expert (R1, R2).
        assert_eq!(bars.groups, vec!["client", "expert"]);
        assert_eq!(bars.ns, vec![1, 2]);
        // p via a: R1 and R2 (both experts); a: same; b: R1. "unused" has no segment: left out.
        let ids: Vec<&str> = bars.codes.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["p", "a", "b"]);
        assert_eq!(bars.values, vec![vec![0, 2], vec![0, 2], vec![0, 1]]);
        assert_eq!(bars.title, "Codes by group: role");

        let matrix = matrix_squares(&study, Language::Nl);
        assert_eq!(matrix.documents, vec!["D1", "D2"]);
        // p: D1 s0 (a), D2 s0 (a) → 1, 1; a: 1, 1; b: D1 s1 → 1, 0.
        assert_eq!(matrix.counts, vec![vec![1, 1], vec![1, 1], vec![1, 0]]);
    }

    #[test]
    fn respondents_without_the_attribute_form_an_unknown_group() {
        let (corpus, book, codings) = study_parts(&[("D1", &["R1"])], &[("a", None)], &[(0, 0, 0)], &[]);
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let bars = group_bars(&study, "domain", Language::Nl);
        assert_eq!(
            (bars.groups.clone(), bars.ns.clone(), bars.values),
            (vec!["(onbekend)".to_string()], vec![1], vec![vec![1]])
        );
    }
}
