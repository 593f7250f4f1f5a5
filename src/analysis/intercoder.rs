//! Agreement among all coders of a project: every pair of coders (percent agreement and
//! Cohen's kappa per code) and all coders together (Krippendorff's alpha, nominal, per code).
//!
//! The unit is the project's coding unit (a respondent's speaker turn by default). A coder is
//! the rule coding (named after its codebook ids) or a person named in a manual coding file; a
//! manual fragment marks every unit it overlaps by at least one character. A coder has coded
//! the documents in which it has at least one coding (the rule coding: every document); for
//! the units of other documents its value is missing, which Krippendorff's alpha allows and
//! which a pair of coders handles by comparing only the documents both coded. As in
//! `code_frequencies`, a code counts the units of itself and its sub-codes.

use std::collections::{BTreeMap, BTreeSet};

use super::agreement::{macro_average, Confusion};
use super::agreement_intervals::{alpha_intervals, kappa_intervals, AlphaUnits, PairCells};
use super::bootstrap::{BootstrapSettings, Interval};
use super::krippendorff::alpha_from_counts;
use serde::{Deserialize, Serialize};

use crate::codebook::Codebook;
use crate::coding::manual::ManualCoding;
use crate::coding::{Coding, Speakers};
use crate::corpus::{Corpus, Speaker};

/// A unit: (document index, segment index).
pub type Unit = (usize, usize);

/// One coder's work: which documents it coded and the units it gave each code.
#[derive(Debug, Clone, PartialEq)]
pub struct Coder {
    pub name: String,
    pub documents: BTreeSet<usize>,
    /// Per code (as coded, not including sub-codes): the units coded with it.
    pub units: Vec<BTreeSet<Unit>>,
    /// Per code (as coded): the character spans coded with it, as (document, start, end):
    /// a manual coder's fragments as marked, the rule coding's coded units whole.
    pub spans: Vec<Vec<Span>>,
}

/// A coded stretch of text: (document index, first character, end character exclusive).
pub type Span = (usize, usize, usize);

/// The coders of a project: the rule coding first, then each manual coder by name.
pub fn project_coders(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    manual: &[ManualCoding],
    speakers: Speakers,
) -> Vec<Coder> {
    let n_codes = codebook.codes.len();
    let rule_name = codebook.books.iter().map(|b| b.id.as_str()).collect::<Vec<_>>().join("+");
    let mut rule = Coder {
        name: rule_name,
        documents: (0..corpus.documents.len()).collect(),
        units: vec![BTreeSet::new(); n_codes],
        spans: vec![Vec::new(); n_codes],
    };
    for c in codings {
        rule.units[c.code].insert((c.document, c.segment));
        let segment = &corpus.documents[c.document].segments[c.segment];
        rule.spans[c.code].push((c.document, segment.start, segment.end));
    }
    let mut by_name: BTreeMap<&str, Coder> = BTreeMap::new();
    for m in manual {
        let coder = by_name.entry(m.coder.as_str()).or_insert_with(|| Coder {
            name: m.coder.clone(),
            documents: BTreeSet::new(),
            units: vec![BTreeSet::new(); n_codes],
            spans: vec![Vec::new(); n_codes],
        });
        coder.documents.insert(m.document);
        coder.spans[m.code].push((m.document, m.start, m.end));
        for (s, segment) in corpus.documents[m.document].segments.iter().enumerate() {
            if segment.start < m.end && m.start < segment.end && eligible(corpus, speakers, (m.document, s)) {
                coder.units[m.code].insert((m.document, s));
            }
        }
    }
    let mut coders = vec![rule];
    coders.extend(by_name.into_values());
    coders
}

fn eligible(corpus: &Corpus, speakers: Speakers, (d, s): Unit) -> bool {
    speakers == Speakers::All || corpus.documents[d].segments[s].speaker != Speaker::Interviewer
}

/// The units of the given documents that the project codes.
fn units_of(corpus: &Corpus, speakers: Speakers, documents: &BTreeSet<usize>) -> Vec<Unit> {
    documents
        .iter()
        .flat_map(|&d| (0..corpus.documents[d].segments.len()).map(move |s| (d, s)))
        .filter(|&u| eligible(corpus, speakers, u))
        .collect()
}

/// One pair of coders over the documents both coded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoderPair {
    pub coder_a: String,
    pub coder_b: String,
    /// Units of the documents both coded.
    pub units: usize,
    /// Per code in tree order: both (tp), only a (fp), only b (fn_), neither (tn).
    pub per_code: Vec<(usize, Confusion)>,
    /// Per code as in `per_code`: the bootstrap 95 % interval of kappa.
    pub kappa_ci: Vec<Option<Interval>>,
    /// The bootstrap 95 % interval of the macro-averaged kappa.
    pub macro_kappa_ci: Option<Interval>,
}

impl CoderPair {
    /// Mean over codes of a measure, where it is defined.
    pub fn macro_average(&self, measure: fn(&Confusion) -> Option<f64>) -> Option<f64> {
        macro_average(self.per_code.iter().map(|(_, c)| measure(c)))
    }
}

/// Krippendorff's alpha over all coders: per code, and pooled over codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllCoders {
    /// Coders of the documents that at least two coders coded.
    pub coders: usize,
    /// Units of those documents.
    pub units: usize,
    /// Per code in tree order.
    pub per_code: Vec<(usize, Option<f64>)>,
    /// Every (unit, code) combination as one unit.
    pub pooled: Option<f64>,
    /// Per code as in `per_code`: the bootstrap 95 % interval of alpha.
    pub ci: Vec<Option<Interval>>,
    /// The bootstrap 95 % interval of the pooled alpha (units resampled with all their codes).
    pub pooled_ci: Option<Interval>,
}

/// Agreement among all coders of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intercoder {
    pub pairs: Vec<CoderPair>,
    pub all: AllCoders,
}

/// The units of each coder and code with those of its sub-codes.
fn with_descendants(codebook: &Codebook, coders: &[Coder]) -> Vec<Vec<BTreeSet<Unit>>> {
    coders
        .iter()
        .map(|coder| {
            (0..codebook.codes.len())
                .map(|code| {
                    codebook
                        .self_and_descendants(code)
                        .into_iter()
                        .flat_map(|c| coder.units[c].iter().copied())
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Pairwise and all-coder agreement for every code in tree order, with bootstrap intervals.
pub fn intercoder(
    corpus: &Corpus,
    codebook: &Codebook,
    coders: &[Coder],
    speakers: Speakers,
    bootstrap: BootstrapSettings,
) -> Intercoder {
    let order = codebook.tree_order();
    let units_of_coders = with_descendants(codebook, coders);
    let mut pairs = Vec::new();
    for a in 0..coders.len() {
        for b in a + 1..coders.len() {
            pairs.push(coder_pair(
                (corpus, speakers, bootstrap),
                &order,
                (&coders[a], &units_of_coders[a]),
                (&coders[b], &units_of_coders[b]),
            ));
        }
    }
    let all = all_coders((corpus, speakers, bootstrap), &order, coders, &units_of_coders);
    Intercoder { pairs, all }
}

/// Two coders compared on the documents both coded.
fn coder_pair(
    (corpus, speakers, bootstrap): (&Corpus, Speakers, BootstrapSettings),
    order: &[usize],
    (a, units_a): (&Coder, &[BTreeSet<Unit>]),
    (b, units_b): (&Coder, &[BTreeSet<Unit>]),
) -> CoderPair {
    let shared: BTreeSet<usize> = a.documents.intersection(&b.documents).copied().collect();
    let compared = units_of(corpus, speakers, &shared);
    let position: BTreeMap<Unit, usize> = compared.iter().enumerate().map(|(i, &u)| (u, i)).collect();
    let cells: Vec<PairCells> = order
        .iter()
        .map(|&code| {
            let (ua, ub) = (&units_a[code], &units_b[code]);
            let positions = |units: &mut dyn Iterator<Item = &Unit>| -> Vec<usize> {
                units.filter_map(|u| position.get(u).copied()).collect()
            };
            PairCells {
                both: positions(&mut ua.intersection(ub)),
                only_a: positions(&mut ua.difference(ub)),
                only_b: positions(&mut ub.difference(ua)),
            }
        })
        .collect();
    let units = compared.len();
    let ones = vec![1; units];
    let per_code = order.iter().zip(&cells).map(|(&code, c)| (code, c.confusion(&ones, units))).collect();
    let (kappa_ci, macro_kappa_ci) = kappa_intervals(units, &cells, bootstrap);
    CoderPair { coder_a: a.name.clone(), coder_b: b.name.clone(), units, per_code, kappa_ci, macro_kappa_ci }
}

/// Krippendorff's alpha over the units of documents that at least two coders coded.
fn all_coders(
    (corpus, speakers, bootstrap): (&Corpus, Speakers, BootstrapSettings),
    order: &[usize],
    coders: &[Coder],
    units_of_coders: &[Vec<BTreeSet<Unit>>],
) -> AllCoders {
    let mut coders_of_document: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, coder) in coders.iter().enumerate() {
        for &d in &coder.documents {
            coders_of_document.entry(d).or_default().push(i);
        }
    }
    coders_of_document.retain(|_, cs| cs.len() >= 2);
    let documents: BTreeSet<usize> = coders_of_document.keys().copied().collect();
    let units = units_of(corpus, speakers, &documents);
    let involved: BTreeSet<usize> = coders_of_document.values().flatten().copied().collect();
    let counts_for = |code: usize| -> Vec<Vec<usize>> {
        units
            .iter()
            .map(|u| {
                let present = &coders_of_document[&u.0];
                let applied = present.iter().filter(|&&c| units_of_coders[c][code].contains(u)).count();
                vec![applied, present.len() - applied]
            })
            .collect()
    };
    let sparse = AlphaUnits {
        values: units.iter().map(|u| coders_of_document[&u.0].len()).collect(),
        applied: order
            .iter()
            .map(|&code| {
                counts_for(code).iter().enumerate().filter(|(_, c)| c[0] > 0).map(|(u, c)| (u, c[0])).collect()
            })
            .collect(),
    };
    let (ci, pooled_ci) = alpha_intervals(&sparse, bootstrap);
    AllCoders {
        coders: involved.len(),
        units: units.len(),
        per_code: order.iter().map(|&code| (code, alpha_from_counts(counts_for(code)))).collect(),
        pooled: alpha_from_counts(order.iter().flat_map(|&code| counts_for(code))),
        ci,
        pooled_ci,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    const NO_BOOTSTRAP: BootstrapSettings = BootstrapSettings { resamples: 0, seed: 0 };

    /// Three coders over one document of six units and one code `a` (a second code `b` is
    /// never used). The rule coding ("t") codes units 0, 1, 2; coder "ann" units 0, 1, 3;
    /// coder "bob" units 0, 4 — as fragments whose character spans cover those units.
    fn three_coders() -> (Corpus, Codebook, Vec<Coder>) {
        let (corpus, book, codings) = study_parts(
            &[("D1", &["R", "R", "R", "R", "R", "R"])],
            &[("a", None), ("b", None)],
            &[(0, 0, 0), (0, 1, 0), (0, 2, 0)],
            &[],
        );
        // study_parts gives segment i the characters i..i+1.
        let fragment = |start: usize, end: usize, coder: &str| ManualCoding {
            document: 0,
            start,
            end,
            code: 0,
            coder: coder.into(),
            origin: String::new(),
        };
        let manual = vec![fragment(0, 2, "ann"), fragment(3, 4, "ann"), fragment(0, 1, "bob"), fragment(4, 5, "bob")];
        let coders = project_coders(&corpus, &book, &codings, &manual, Speakers::Respondent);
        (corpus, book, coders)
    }

    #[test]
    fn coders_and_their_units() {
        let (_, _, coders) = three_coders();
        let names: Vec<&str> = coders.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["t", "ann", "bob"]);
        assert_eq!(coders[1].units[0], BTreeSet::from([(0, 0), (0, 1), (0, 3)]));
        assert_eq!(coders[2].units[0], BTreeSet::from([(0, 0), (0, 4)]));
    }

    #[test]
    fn pairs_and_alpha_against_reference_implementations() {
        let (corpus, book, coders) = three_coders();
        let result = intercoder(&corpus, &book, &coders, Speakers::Respondent, NO_BOOTSTRAP);
        // Vectors over units 0..6 for code a:
        //   t   = 1 1 1 0 0 0
        //   ann = 1 1 0 1 0 0
        //   bob = 1 0 0 0 1 0
        // t vs ann by hand: both 2, only t 1, only ann 1, neither 2 → agreement 4/6 = 66.7 %;
        //   pe = (3·3 + 3·3)/36 = 0.5, po = 4/6 → kappa = (2/3 − 1/2)/(1/2) = 1/3.
        // The kappas below come from scikit-learn 1.9.1, run once:
        //   python3 -c "from sklearn.metrics import cohen_kappa_score as k; t=[1,1,1,0,0,0];
        //   a=[1,1,0,1,0,0]; b=[1,0,0,0,1,0]; print(k(t,a), k(t,b), k(a,b))"
        //   → 0.33333333333333337 0.0 0.0
        let pair = |a: &str, b: &str| {
            let p = result.pairs.iter().find(|p| p.coder_a == a && p.coder_b == b).unwrap();
            (p.units, p.per_code[0].1)
        };
        let (units, t_ann) = pair("t", "ann");
        assert_eq!((units, t_ann), (6, Confusion { tp: 2, fp: 1, fn_: 1, tn: 2 }));
        assert!((t_ann.percent_agreement().unwrap() - 400.0 / 6.0).abs() < 1e-9);
        assert!((t_ann.kappa().unwrap() - 1.0 / 3.0).abs() < 1e-9);
        // t vs bob: both 1 (u0), only t 2, only bob 1 (u4), neither 2 (u3, u5): 3/6 = 50 %.
        assert_eq!(pair("t", "bob").1, Confusion { tp: 1, fp: 2, fn_: 1, tn: 2 });
        assert!(pair("t", "bob").1.kappa().unwrap().abs() < 1e-12);
        // ann vs bob: both 1, only ann 2, only bob 1, neither 2.
        assert_eq!(pair("ann", "bob").1, Confusion { tp: 1, fp: 2, fn_: 1, tn: 2 });
        // Code b is never used: 100 % agreement, kappa undefined.
        let never = result.pairs[0].per_code[1].1;
        assert_eq!((never.percent_agreement(), never.kappa()), (Some(100.0), None));
        // Alpha over the three coders for code a. By hand: per unit (applied, not applied):
        // (3,0) (2,1) (1,2) (1,2) (1,2) (0,3). A mixed unit adds Σ_c n_uc(m − n_uc)/(m − 1)
        // = (2·1 + 1·2)/2 = 2 to the off-diagonal coincidences: 4 units → 8. n1 = 8, n0 = 10,
        // n = 18; α = 1 − 17 · 8 / (2 · 8 · 10) = 1 − 136/160 = 0.15. krippendorff 0.9.0, run once:
        //   python3 -c "import krippendorff as k; print(k.alpha(reliability_data=[[1,1,1,0,0,0],
        //   [1,1,0,1,0,0],[1,0,0,0,1,0]], level_of_measurement='nominal'))" → 0.15000000000000002
        // Pooled over both codes (b adds six units where nobody applies it): n0 = 28, n = 36,
        // α = 1 − 35 · 8 / (2 · 8 · 28) = 0.375; the package on the rows extended with six
        // zeros each gives 0.375.
        assert_eq!((result.all.coders, result.all.units), (3, 6));
        assert!((result.all.per_code[0].1.unwrap() - 0.15).abs() < 1e-9);
        assert!((result.all.pooled.unwrap() - 0.375).abs() < 1e-9);
    }

    #[test]
    fn intervals_hold_the_hand_worked_estimates_and_repeat_with_the_seed() {
        // The case above: kappa(t, ann) = 1/3 and alpha = 0.15 for code a, 0.375 pooled. A
        // percentile interval of a resampled measure holds its point estimate here (six units,
        // 1000 resamples: the estimate is near the middle of the distribution).
        let (corpus, book, coders) = three_coders();
        let bootstrap = BootstrapSettings { resamples: 1000, seed: 20240501 };
        let result = intercoder(&corpus, &book, &coders, Speakers::Respondent, bootstrap);
        let k = result.pairs[0].kappa_ci[0].unwrap();
        assert!(k.low < 1.0 / 3.0 && 1.0 / 3.0 < k.high && k.high <= 1.0, "{k:?}");
        // Code b is never used: kappa undefined in every resample, so no interval.
        assert_eq!(result.pairs[0].kappa_ci[1], None);
        let a = result.all.ci[0].unwrap();
        assert!(a.low < 0.15 && 0.15 < a.high, "{a:?}");
        let pooled = result.all.pooled_ci.unwrap();
        assert!(pooled.low < 0.375 && 0.375 < pooled.high, "{pooled:?}");
        assert_eq!(result, intercoder(&corpus, &book, &coders, Speakers::Respondent, bootstrap));
    }
}
