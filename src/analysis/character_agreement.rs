//! Agreement at character level: for every pair of coders and every code, how many characters
//! of the documents both coded each coder marked, and how many both marked. A per-unit table
//! calls two coders in agreement when one marked three words of a turn and the other the whole
//! turn; the characters show how far their fragments really overlap, as NVivo's coding
//! comparison and the REFI-QDA character ranges allow.
//!
//! Each character of the compared documents is a unit, coded or not coded with the code (or
//! one of its sub-codes, as in the per-unit agreement); characters a coder marked twice count
//! once. A manual coder's characters are its fragments as marked (whoever speaks there); the
//! rule coding, which codes whole units, marks the characters of the units it coded. The
//! 2 × 2 table over all characters of the documents both coders coded gives Cohen's kappa;
//! the share of the coded characters that both coded is both / (both + only a + only b).
//! Characters are not independent draws, so no bootstrap interval is given for them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::agreement::{macro_average, Confusion};
use super::intercoder::Coder;
use crate::codebook::Codebook;
use crate::corpus::Corpus;

/// Sorted, disjoint, non-empty character ranges of one document (end exclusive).
type Ranges = Vec<(usize, usize)>;

/// Two coders compared character by character in the documents both coded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CharacterPair {
    pub coder_a: String,
    pub coder_b: String,
    /// Characters of the documents both coded (the N of every 2 × 2 table).
    pub characters: usize,
    /// Per code in tree order: characters both (tp), only a (fp), only b (fn_), neither (tn)
    /// coded with it or a sub-code.
    pub per_code: Vec<(usize, Confusion)>,
}

impl CharacterPair {
    /// Mean over codes of a measure, where it is defined.
    pub fn macro_average(&self, measure: fn(&Confusion) -> Option<f64>) -> Option<f64> {
        macro_average(self.per_code.iter().map(|(_, c)| measure(c)))
    }
}

/// The share of coded characters that both coders coded: both / (both + only a + only b).
pub fn overlap_share(c: &Confusion) -> Option<f64> {
    let either = c.tp + c.fp + c.fn_;
    (either > 0).then(|| c.tp as f64 / either as f64)
}

/// Ranges sorted and merged (overlapping or touching ranges become one), empty ones dropped.
fn merged(mut ranges: Ranges) -> Ranges {
    ranges.retain(|(start, end)| start < end);
    ranges.sort_unstable();
    let mut out: Ranges = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

fn length(ranges: &Ranges) -> usize {
    ranges.iter().map(|(s, e)| e - s).sum()
}

/// Characters in both sets of ranges.
fn common(a: &Ranges, b: &Ranges) -> usize {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (start, end) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        total += end.saturating_sub(start);
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// A coder's characters per code (with its sub-codes) and document, within each document.
fn coded_characters(codebook: &Codebook, coder: &Coder, lengths: &[usize]) -> Vec<BTreeMap<usize, Ranges>> {
    (0..codebook.codes.len())
        .map(|code| {
            let mut by_document: BTreeMap<usize, Ranges> = BTreeMap::new();
            for c in codebook.self_and_descendants(code) {
                for &(d, start, end) in &coder.spans[c] {
                    by_document.entry(d).or_default().push((start.min(lengths[d]), end.min(lengths[d])));
                }
            }
            by_document.into_iter().map(|(d, ranges)| (d, merged(ranges))).collect()
        })
        .collect()
}

/// Character-level agreement of every pair of coders, codes in tree order.
pub fn character_agreement(corpus: &Corpus, codebook: &Codebook, coders: &[Coder]) -> Vec<CharacterPair> {
    let lengths: Vec<usize> = corpus.documents.iter().map(|d| d.text.chars().count()).collect();
    let coded: Vec<Vec<BTreeMap<usize, Ranges>>> =
        coders.iter().map(|coder| coded_characters(codebook, coder, &lengths)).collect();
    let order = codebook.tree_order();
    let mut pairs = Vec::new();
    for a in 0..coders.len() {
        for b in a + 1..coders.len() {
            let shared: BTreeSet<usize> = coders[a].documents.intersection(&coders[b].documents).copied().collect();
            let characters: usize = shared.iter().map(|&d| lengths[d]).sum();
            let per_code = order
                .iter()
                .map(|&code| (code, confusion(&coded[a][code], &coded[b][code], &shared, characters)))
                .collect();
            pairs.push(CharacterPair {
                coder_a: coders[a].name.clone(),
                coder_b: coders[b].name.clone(),
                characters,
                per_code,
            });
        }
    }
    pairs
}

/// The 2 × 2 table of one code over the shared documents' characters.
fn confusion(
    a: &BTreeMap<usize, Ranges>,
    b: &BTreeMap<usize, Ranges>,
    shared: &BTreeSet<usize>,
    characters: usize,
) -> Confusion {
    let none = Ranges::new();
    let (mut len_a, mut len_b, mut both) = (0, 0, 0);
    for d in shared {
        let (ra, rb) = (a.get(d).unwrap_or(&none), b.get(d).unwrap_or(&none));
        len_a += length(ra);
        len_b += length(rb);
        both += common(ra, rb);
    }
    Confusion { tp: both, fp: len_a - both, fn_: len_b - both, tn: characters - (len_a + len_b - both) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;
    use crate::coding::manual::ManualCoding;
    use crate::coding::Speakers;

    #[test]
    fn ranges_merge_and_intersect() {
        assert_eq!(merged(vec![(6, 12), (4, 8), (12, 13), (3, 3), (0, 2)]), vec![(0, 2), (4, 13)]);
        // [2, 10) ∪ [12, 15) against [4, 12): characters 4 … 9 are in both.
        assert_eq!(common(&vec![(2, 10), (12, 15)], &vec![(4, 12)]), 6);
        assert_eq!(common(&vec![(0, 5)], &vec![(5, 9)]), 0);
    }

    /// D1 has 20 characters (20 one-character turns), D2 10. Code a with sub-code b.
    /// Rule coding t: a on turns 0 … 4 of D1 (characters 0 … 4). ann (D1 only): a on
    /// characters [2, 10), b on [12, 15). bob: a on [4, 8) and [6, 12) of D1 (one stretch
    /// [4, 12) once merged) and on [0, 3) of D2.
    #[test]
    fn characters_counted_by_hand() {
        let turns = ["R"; 20];
        let (corpus, book, codings) = study_parts(
            &[("D1", &turns), ("D2", &turns[..10])],
            &[("a", None), ("b", Some("a"))],
            &(0..5).map(|s| (0, s, 0)).collect::<Vec<_>>(),
            &[],
        );
        let fragment = |document: usize, start: usize, end: usize, code: usize, coder: &str| ManualCoding {
            document,
            start,
            end,
            code,
            coder: coder.into(),
            origin: String::new(),
        };
        let manual = vec![
            fragment(0, 2, 10, 0, "ann"),
            fragment(0, 12, 15, 1, "ann"),
            fragment(0, 4, 8, 0, "bob"),
            fragment(0, 6, 12, 0, "bob"),
            fragment(1, 0, 3, 0, "bob"),
        ];
        let coders =
            crate::analysis::intercoder::project_coders(&corpus, &book, &codings, &manual, Speakers::Respondent);
        let pairs = character_agreement(&corpus, &book, &coders);
        let got: Vec<(&str, &str, usize, Confusion)> =
            pairs.iter().map(|p| (p.coder_a.as_str(), p.coder_b.as_str(), p.characters, p.per_code[0].1)).collect();
        // Code a counts b's characters too: t 5 (0 … 4), ann 8 + 3 = 11, bob 8 in D1 + 3 in D2.
        // t–ann over D1 (20): both [2, 5) = 3, only t [0, 2) = 2, only ann 11 − 3 = 8,
        //   neither 20 − 13 = 7.
        // t–bob over D1 and D2 (30): both [4, 5) = 1, only t 4, only bob 11 − 1 = 10,
        //   neither 30 − 15 = 15.
        // ann–bob over D1 (20): both [4, 10) = 6, only ann 5, only bob [10, 12) = 2, neither 7.
        let c = |tp, fp, fn_, tn| Confusion { tp, fp, fn_, tn };
        assert_eq!(
            got,
            vec![("t", "ann", 20, c(3, 2, 8, 7)), ("t", "bob", 30, c(1, 4, 10, 15)), ("ann", "bob", 20, c(6, 5, 2, 7))]
        );
        // kappa t–ann: po = 10/20, pe = (5 · 11 + 15 · 9)/400 = 0.475 → 0.025/0.525 = 1/21.
        // t–bob: po = 16/30, pe = (5 · 11 + 25 · 19)/900 = 530/900 → (480 − 530)/370 = −5/37.
        // ann–bob: po = 13/20, pe = (11 · 8 + 9 · 12)/400 = 0.49 → 0.16/0.51 = 16/51.
        let kappas: Vec<f64> = got.iter().map(|g| g.3.kappa().unwrap()).collect();
        for (k, expected) in kappas.iter().zip([1.0 / 21.0, -5.0 / 37.0, 16.0 / 51.0]) {
            assert!((k - expected).abs() < 1e-12, "{kappas:?}");
        }
        // Shares of coded characters both coded: 3/13, 1/15, 6/13.
        let shares: Vec<f64> = got.iter().map(|g| overlap_share(&g.3).unwrap()).collect();
        assert_eq!(shares, vec![3.0 / 13.0, 1.0 / 15.0, 6.0 / 13.0]);
        // Code b alone: ann's 3 characters, nobody else's: share 0; kappa 0 for ann–bob
        // (po = pe = 17/20); t–bob never use it: share and kappa undefined.
        assert_eq!(pairs[2].per_code[1].1, c(0, 3, 0, 17));
        assert_eq!(overlap_share(&pairs[2].per_code[1].1), Some(0.0));
        assert!(pairs[2].per_code[1].1.kappa().unwrap().abs() < 1e-12);
        assert_eq!((overlap_share(&pairs[1].per_code[1].1), pairs[1].per_code[1].1.kappa()), (None, None));
    }
}
