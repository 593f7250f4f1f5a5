//! The inputs of the group-bar and matrix figures, from the same counts as the
//! `code_by_<attribute>` and `code_by_document` tables ([`crate::analysis::groups`]), so that a
//! figure and its table cannot disagree: a code counts the distinct segments of itself and its
//! sub-codes; a respondent "raised" a code when at least one of their segments carries it; only
//! respondents who speak in some document are counted. Codes without any segment are left out
//! of the figures.

use std::collections::BTreeMap;

use super::group_bars::GroupBars;
use super::matrix_squares::MatrixSquares;
use crate::analysis::groups::{DocumentRow, GroupCount, GroupFrequencies};
use crate::codebook::Codebook;
use crate::render::attribute_labels::AttributeLabels;
use crate::render::labels::Label;
use crate::render::tables::words::group_label;
use crate::render::Language;

/// Codes (with their sub-codes) that have any segment, in codebook order: the rows of the
/// code × document matrix with a total.
fn coded_codes(matrix: &[DocumentRow]) -> Vec<&DocumentRow> {
    matrix.iter().filter(|row| row.total > 0).collect()
}

/// Top-level codes are set in bold.
fn emphasis(codebook: &Codebook, codes: &[&DocumentRow]) -> Vec<bool> {
    codes.iter().map(|row| codebook.parent_of(row.code).is_none()).collect()
}

fn id_and_label(codebook: &Codebook, code: usize) -> (String, String) {
    let info = &codebook.codes[code];
    (info.id.clone(), info.label.clone())
}

/// Group bars from the frequencies of one `[analysis] groups` attribute
/// ([`GroupFrequencies`], the numbers of `tables/code_by_<attribute>`): per code, the
/// respondents of each group who raised it, and the group sizes.
pub fn group_bars(
    codebook: &Codebook,
    matrix: &[DocumentRow],
    frequencies: &GroupFrequencies,
    labels: AttributeLabels,
) -> GroupBars {
    let language = labels.language;
    let groups: Vec<String> = frequencies.sizes.keys().map(|v| group_label(v, language)).collect();
    let counts: BTreeMap<usize, &Vec<GroupCount>> = frequencies.rows.iter().map(|(c, row)| (*c, row)).collect();
    let coded = coded_codes(matrix);
    let codes = coded.iter().map(|row| id_and_label(codebook, row.code)).collect();
    let values = coded.iter().map(|row| counts[&row.code].iter().map(|g| g.respondents as u32).collect()).collect();
    let attribute = &frequencies.attribute;
    GroupBars {
        emphasis: emphasis(codebook, &coded),
        attribute: attribute.clone(),
        codes,
        ns: frequencies.sizes.values().map(|&n| n as u32).collect(),
        groups,
        values,
        title: Label::GroupBarsTitle.text(language).replace("{attribute}", &labels.of(attribute)),
        x_desc: Label::GroupBarsAxis.text(language).into(),
        note: Label::GroupBarsNote.text(language).into(),
    }
}

/// Segments per code and document, documents in corpus (natural) order.
pub fn matrix_squares(
    codebook: &Codebook,
    matrix: &[DocumentRow],
    documents: Vec<String>,
    language: Language,
) -> MatrixSquares {
    let coded = coded_codes(matrix);
    MatrixSquares {
        emphasis: emphasis(codebook, &coded),
        codes: coded.iter().map(|row| id_and_label(codebook, row.code)).collect(),
        documents,
        counts: coded.iter().map(|row| row.per_document.iter().map(|&n| n as u32).collect()).collect(),
        title: Label::MatrixTitle.text(language).into(),
        note: Label::MatrixNote.text(language).into(),
        legend: Label::MatrixLegend.text(language).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::groups::code_by_document;
    use crate::analysis::testkit::study_parts;
    use crate::analysis::Study;
    use crate::corpus::Respondent;
    use crate::render::attribute_labels::NO_LABELS;

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
        let matrix = code_by_document(&study);
        let bars = group_bars(
            &book,
            &matrix,
            &GroupFrequencies::compute(&study, "role"),
            AttributeLabels::new(Language::En, &NO_LABELS),
        );
        // Groups sorted: client (R3), expert (R1, R2).
        assert_eq!(bars.groups, vec!["client", "expert"]);
        assert_eq!(bars.ns, vec![1, 2]);
        // p via a: R1 and R2 (both experts); a: same; b: R1. "unused" has no segment: left out.
        let ids: Vec<&str> = bars.codes.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["p", "a", "b"]);
        assert_eq!(bars.values, vec![vec![0, 2], vec![0, 2], vec![0, 1]]);
        assert_eq!(bars.title, "Codes by group: Role");
        let custom = [("role".to_string(), "Positie".to_string())].into();
        let dutch = group_bars(
            &book,
            &matrix,
            &GroupFrequencies::compute(&study, "role"),
            AttributeLabels::new(Language::Nl, &custom),
        );
        assert_eq!(dutch.title, "Codes per groep: Positie");

        let matrix = matrix_squares(&book, &matrix, vec!["D1".into(), "D2".into()], Language::Nl);
        assert_eq!(matrix.documents, vec!["D1", "D2"]);
        // p: D1 s0 (a), D2 s0 (a) → 1, 1; a: 1, 1; b: D1 s1 → 1, 0.
        assert_eq!(matrix.counts, vec![vec![1, 1], vec![1, 1], vec![1, 0]]);
    }

    #[test]
    fn respondents_without_the_attribute_form_an_unknown_group() {
        let (corpus, book, codings) = study_parts(&[("D1", &["R1"])], &[("a", None)], &[(0, 0, 0)], &[]);
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let matrix = code_by_document(&study);
        let bars = group_bars(
            &book,
            &matrix,
            &GroupFrequencies::compute(&study, "domain"),
            AttributeLabels::new(Language::Nl, &NO_LABELS),
        );
        assert_eq!(
            (bars.groups.clone(), bars.ns.clone(), bars.values),
            (vec!["(onbekend)".to_string()], vec![1], vec![vec![1]])
        );
    }
}
