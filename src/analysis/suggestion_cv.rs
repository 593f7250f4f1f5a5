//! How far `analyse suggest` can be trusted: precision and recall per code by cross-validation
//! over documents.
//!
//! The coded documents are shuffled with the project seed (ChaCha8) and dealt into `k` folds
//! (`k` = [`FOLDS`], or fewer when there are fewer documents). Each fold in turn is held out:
//! the classifier is trained on the units of the other folds' documents and proposes codes for
//! the held-out units at the review threshold; the proposals are compared with what the coder
//! gave those units. Folds are whole documents because units of one interview resemble each
//! other: a unit-level split would let the model meet the same respondent's words in training
//! and flatter it. The 2 × 2 tables of all folds are summed per code.

use std::collections::BTreeSet;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::agreement::Confusion;
use crate::coding::suggest::{train, Units};

/// Folds of the cross-validation, at most.
pub const FOLDS: usize = 5;

/// Per code: the coded units and the summed 2 × 2 table (reference: the coder; test: the
/// suggestions) over every held-out fold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeCv {
    pub code: usize,
    pub manual_units: usize,
    pub confusion: Confusion,
}

/// The cross-validation: folds used (0 when fewer than two documents are coded, so nothing
/// can be held out) and one row per code a person used, in code order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionCv {
    pub folds: usize,
    pub documents: usize,
    pub per_code: Vec<CodeCv>,
}

/// Cross-validates the classifier on the coded units, folds by document, seeded.
pub fn cross_validate(units: &Units, n_codes: usize, threshold: f64, seed: u64) -> SuggestionCv {
    let mut documents: Vec<usize> =
        units.coded.iter().map(|u| u.document).collect::<BTreeSet<_>>().into_iter().collect();
    documents.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    let folds = FOLDS.min(documents.len());
    let used: BTreeSet<usize> = units.coded.iter().flat_map(|u| u.codes.iter().copied()).collect();
    let mut confusion = vec![Confusion::default(); n_codes];
    if folds >= 2 {
        for fold in 0..folds {
            let held: BTreeSet<usize> = documents.iter().skip(fold).step_by(folds).copied().collect();
            let training: Vec<_> = units.coded.iter().filter(|u| !held.contains(&u.document)).collect();
            let model = train(&training, n_codes);
            for unit in units.coded.iter().filter(|u| held.contains(&u.document)) {
                let proposed: BTreeSet<usize> =
                    model.propose(&unit.stems, threshold).into_iter().map(|p| p.code).collect();
                for &code in &used {
                    let table = &mut confusion[code];
                    match (unit.codes.contains(&code), proposed.contains(&code)) {
                        (true, true) => table.tp += 1,
                        (false, true) => table.fp += 1,
                        (true, false) => table.fn_ += 1,
                        (false, false) => table.tn += 1,
                    }
                }
            }
        }
    }
    let per_code = used
        .into_iter()
        .map(|code| CodeCv {
            code,
            manual_units: units.coded.iter().filter(|u| u.codes.contains(&code)).count(),
            confusion: confusion[code],
        })
        .collect();
    SuggestionCv { folds: if folds >= 2 { folds } else { 0 }, documents: documents.len(), per_code }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coding::suggest::Unit;

    fn unit(document: usize, words: &[&str], codes: &[usize]) -> Unit {
        Unit {
            document,
            segment: 0,
            stems: words.iter().map(|w| w.to_string()).collect(),
            codes: codes.iter().copied().collect(),
            words: Default::default(),
        }
    }

    #[test]
    fn two_documents_two_folds_worked_by_hand() {
        // Document 0: {regie, plan} → 0, {regie} → 0, {koffie} → –, {koffie, melk} → –.
        // Document 1: {regie, taak} → 0, {regie} → 0, {koffie, weer} → –, {koffie} → –.
        // Two folds, one document each. Training on document 1 (0 held out): features (two
        //   units or more) regie and koffie, V = 2; with code 0: regie 2 → T 2; without:
        //   koffie 2 → T 2; prior ln(2/2) = 0.
        //   {regie, plan}: ln(3/4) − ln(1/4) = ln 3 > 0 → proposed (tp); {regie} → tp;
        //   {koffie}, {koffie, melk}: ln(1/4) − ln(3/4) < 0 → not proposed (tn).
        // Training on document 0 (1 held out) is the mirror image: tp 2, tn 2.
        // Code 0: tp 4, fp 0, fn 0, tn 4: precision 1, recall 1.
        let units = Units {
            coded: vec![
                unit(0, &["regie", "plan"], &[0]),
                unit(0, &["regie"], &[0]),
                unit(0, &["koffie"], &[]),
                unit(0, &["koffie", "melk"], &[]),
                unit(1, &["regie", "taak"], &[0]),
                unit(1, &["regie"], &[0]),
                unit(1, &["koffie", "weer"], &[]),
                unit(1, &["koffie"], &[]),
            ],
            uncoded: vec![],
        };
        let cv = cross_validate(&units, 2, 0.5, 7);
        assert_eq!((cv.folds, cv.documents), (2, 2));
        assert_eq!(cv.per_code.len(), 1, "code 1 was never used: no row");
        assert_eq!(cv.per_code[0].manual_units, 4);
        assert_eq!(cv.per_code[0].confusion, Confusion { tp: 4, fp: 0, fn_: 0, tn: 4 });
    }

    #[test]
    fn a_code_seen_in_one_document_only_is_never_found_held_out() {
        // Code 1 only in document 0: when 0 is held out, the model (trained on 1) cannot know
        // it; when 1 is held out there is no code-1 unit to find. Recall 0 of 2: the honest
        // figure for a code the coder used in one interview.
        let units = Units {
            coded: vec![
                unit(0, &["schuld"], &[1]),
                unit(0, &["schuld", "kop"], &[1]),
                unit(1, &["koffie"], &[]),
                unit(1, &["weer"], &[]),
            ],
            uncoded: vec![],
        };
        let cv = cross_validate(&units, 2, 0.5, 1);
        let c = &cv.per_code[0];
        assert_eq!((c.code, c.manual_units, c.confusion.tp, c.confusion.fn_), (1, 2, 0, 2));
    }

    #[test]
    fn one_document_cannot_be_cross_validated() {
        let units = Units { coded: vec![unit(0, &["regie"], &[0])], uncoded: vec![] };
        let cv = cross_validate(&units, 1, 0.5, 1);
        assert_eq!(cv.folds, 0);
        assert_eq!(cv.per_code[0].confusion, Confusion::default());
    }
}
