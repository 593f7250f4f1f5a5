//! How well the rule coding agrees with a manual coding, unit by unit.
//!
//! The unit of comparison is the project's coding unit (by default a respondent's speaker
//! turn) in the documents the manual coding covers: a manual fragment marks every unit it
//! overlaps by at least one character. Per code — a code counting the units of itself and its
//! sub-codes, as in the frequency table — the units both, one or neither coded give precision,
//! recall, F1 and Cohen's kappa ([`super::agreement`]); the macro average is the mean over
//! codes where a measure is defined. Every missed and every spurious unit is listed, so that a
//! researcher sees which rule to change.
//!
//! One definition of a disagreement serves the agreement table, `disagreements.csv` and the
//! summary: for a code and a unit, exactly one side coded the code *or one of its sub-codes*
//! there. A parent credited through a sub-code therefore agrees when the other side coded the
//! parent itself (manual `belangen`, rule `belangen/financiering`: no disagreement for
//! `belangen`, a spurious `financiering`), and a unit missed for a sub-code is missed for its
//! parent too unless the rule coded the parent or another of its sub-codes there. So the rows
//! of `disagreements.csv` for a code are exactly its `missed` + `spurious` in the table, and
//! the summary's count is their sum over codes. Manual codings merged from `[sources] coded` are not
//! judged: only rule codings are.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::agreement::{macro_average, Confusion};
use super::bootstrap::BootstrapSettings;
use super::character_agreement::{character_agreement, CharacterPair};
use super::intercoder::{intercoder, project_coders, Intercoder};
use crate::codebook::Codebook;
use crate::coding::manual::ManualCoding;
use crate::coding::{Coding, Source, Speakers};
use crate::corpus::{Corpus, Speaker};

/// A unit: (document index, segment index).
type Unit = (usize, usize);

/// Per code: the units each side coded and the 2 × 2 table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeAgreement {
    pub code: usize,
    pub manual_units: usize,
    pub rule_units: usize,
    /// Reference: the manual coding; test: the rule coding.
    pub confusion: Confusion,
}

/// Which side coded a unit the other did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisagreementKind {
    /// Coded by hand only.
    Missed,
    /// Coded by a rule only.
    Spurious,
}

/// One unit on which the rule coding and the manual coding differ for a code, counting its
/// sub-codes (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    pub code: usize,
    pub kind: DisagreementKind,
    pub document: usize,
    pub segment: usize,
    /// The manual fragments' origins (missed) or the rule's evidence (spurious).
    pub evidence: String,
}

/// The comparison of the rule coding with the manual coding, and the agreement among every
/// coder of the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Units compared (the N of every 2 × 2 table).
    pub units: usize,
    /// Documents the manual coding covers.
    pub documents: usize,
    /// Every code, in tree order.
    pub per_code: Vec<CodeAgreement>,
    pub disagreements: Vec<Disagreement>,
    pub coders: Intercoder,
    /// Every pair of coders compared character by character.
    pub characters: Vec<CharacterPair>,
}

impl Evaluation {
    /// Mean over codes of a measure, where it is defined.
    pub fn macro_average(&self, measure: fn(&Confusion) -> Option<f64>) -> Option<f64> {
        macro_average(self.per_code.iter().map(|c| measure(&c.confusion)))
    }
}

/// The units a side coded with each code (as coded), and for the manual side where each came
/// from.
struct Sides {
    gold: Vec<BTreeSet<Unit>>,
    gold_origin: Vec<Vec<(Unit, String)>>,
    rule: Vec<BTreeSet<Unit>>,
}

fn sides(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    manual: &[ManualCoding],
    eligible: &dyn Fn(Unit) -> bool,
    documents: &BTreeSet<usize>,
) -> Sides {
    let n_codes = codebook.codes.len();
    let mut gold: Vec<BTreeSet<Unit>> = vec![BTreeSet::new(); n_codes];
    let mut gold_origin: Vec<Vec<(Unit, String)>> = vec![Vec::new(); n_codes];
    for m in manual {
        for (s, segment) in corpus.documents[m.document].segments.iter().enumerate() {
            if segment.start < m.end && m.start < segment.end && eligible((m.document, s)) {
                gold[m.code].insert((m.document, s));
                gold_origin[m.code].push(((m.document, s), m.origin.clone()));
            }
        }
    }
    let mut rule: Vec<BTreeSet<Unit>> = vec![BTreeSet::new(); n_codes];
    for c in codings.iter().filter(|c| documents.contains(&c.document) && matches!(c.source, Source::Rule { .. })) {
        rule[c.code].insert((c.document, c.segment));
    }
    Sides { gold, gold_origin, rule }
}

/// Compares rule codings with manual codings, unit by unit.
pub fn evaluate(
    corpus: &Corpus,
    codebook: &Codebook,
    codings: &[Coding],
    manual: &[ManualCoding],
    speakers: Speakers,
    bootstrap: BootstrapSettings,
) -> Evaluation {
    let documents: BTreeSet<usize> = manual.iter().map(|m| m.document).collect();
    let eligible =
        |(d, s): Unit| speakers == Speakers::All || corpus.documents[d].segments[s].speaker != Speaker::Interviewer;
    let universe = documents
        .iter()
        .flat_map(|&d| (0..corpus.documents[d].segments.len()).map(move |s| (d, s)))
        .filter(|&u| eligible(u))
        .count();
    let sides = sides(corpus, codebook, codings, manual, &eligible, &documents);
    let with_descendants = |sets: &[BTreeSet<Unit>], code: usize| -> BTreeSet<Unit> {
        codebook.self_and_descendants(code).into_iter().flat_map(|c| sets[c].iter().copied()).collect()
    };
    let mut per_code = Vec::new();
    let mut disagreements = Vec::new();
    for code in codebook.tree_order() {
        let g = with_descendants(&sides.gold, code);
        let r = with_descendants(&sides.rule, code);
        let tp = g.intersection(&r).count();
        let confusion = Confusion { tp, fp: r.len() - tp, fn_: g.len() - tp, tn: universe - g.union(&r).count() };
        per_code.push(CodeAgreement { code, manual_units: g.len(), rule_units: r.len(), confusion });
        disagreements.extend(code_disagreements(codebook, codings, &sides, code, (&g, &r)));
    }
    let coders = project_coders(corpus, codebook, codings, manual, speakers);
    let characters = character_agreement(corpus, codebook, &coders);
    let coders = intercoder(corpus, codebook, &coders, speakers, bootstrap);
    Evaluation { units: universe, documents: documents.len(), per_code, disagreements, coders, characters }
}

/// The disagreements of a code counting its sub-codes (`g` and `r`, the units of each side),
/// once per unit: missed units first, then spurious ones, each in unit order.
fn code_disagreements(
    codebook: &Codebook,
    codings: &[Coding],
    sides: &Sides,
    code: usize,
    (g, r): (&BTreeSet<Unit>, &BTreeSet<Unit>),
) -> Vec<Disagreement> {
    let family = codebook.self_and_descendants(code);
    let mut out = Vec::new();
    for &(d, s) in g.difference(r) {
        let mut origin: Vec<&str> = family
            .iter()
            .flat_map(|&c| sides.gold_origin[c].iter())
            .filter(|(u, _)| *u == (d, s))
            .map(|(_, o)| o.as_str())
            .collect();
        origin.sort_unstable();
        origin.dedup();
        let evidence = format!("manual: {}", origin.join(", "));
        out.push(Disagreement { code, kind: DisagreementKind::Missed, document: d, segment: s, evidence });
    }
    for &(d, s) in r.difference(g) {
        let evidence = family
            .iter()
            .find_map(|&c| {
                codings.iter().find(|x| x.document == d && x.segment == s && x.code == c && x.source.kind() == "rule")
            })
            .map(|c| c.evidence(codebook))
            .unwrap_or_default();
        out.push(Disagreement { code, kind: DisagreementKind::Spurious, document: d, segment: s, evidence });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{parse_codebook, CompiledCodebook};
    use crate::coding::{code_corpus, CodingOptions};
    use crate::corpus::{parse_document, CorpusOptions};
    use std::path::Path;

    #[test]
    fn units_counted_by_hand() {
        // Respondent turns (units): t1 "regie en plan", t2 "geen van beide", t3 "alleen regie".
        // Rules: regie → t1, t3; plan → t1.
        // Manual: regie on t1 only; plan on t1 and t2 (one fragment spanning both turns).
        // regie: both 1 (t1), spurious 1 (t3), missed 0, neither 1 (t2) of 3 units.
        //   precision 1/2, recall 1/1, kappa: po = 2/3, pe = (2·1 + 1·2)/9 = 4/9 → (2/3 − 4/9)/(5/9) = 0.4
        // plan: both 1 (t1), missed 1 (t2), spurious 0, neither 1 (t3): precision 1, recall 1/2.
        let text = "I: Vraag\nR: regie en plan\nI: En?\nR: geen van beide\nI: Nog?\nR: alleen regie\n";
        let doc = parse_document("D1".into(), "D1.txt", text.into(), None, &CorpusOptions::default()).unwrap();
        let yaml = "codebook:\n  id: c\ncodes:\n  - id: regie\n    rules:\n      - terms: [regie]\n  - id: plan\n    rules:\n      - terms: [plan]\n";
        let (info, codes) = parse_codebook(Path::new("c.yaml"), "c.yaml", yaml).unwrap();
        let codebook = Codebook::new(vec![info], codes);
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        let matcher = CompiledCodebook::compile(&codebook, crate::codebook::Diacritics::Ignore).unwrap();
        let codings = code_corpus(&corpus, &matcher, &CodingOptions::new(Speakers::Respondent));
        let char_of = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let fragment = |start: usize, end: usize, code: usize, origin: &str| ManualCoding {
            document: 0,
            start,
            end,
            code,
            coder: "s".into(),
            origin: origin.into(),
        };
        let manual = vec![
            fragment(char_of("regie en"), char_of("regie en") + 5, 0, "g:2"),
            fragment(char_of("plan"), char_of("geen") + 4, 1, "g:3"),
        ];
        let eval = evaluate(
            &corpus,
            &codebook,
            &codings,
            &manual,
            Speakers::Respondent,
            BootstrapSettings { resamples: 0, seed: 0 },
        );
        assert_eq!((eval.units, eval.documents), (3, 1));
        let regie = &eval.per_code[0];
        assert_eq!((regie.manual_units, regie.rule_units), (1, 2));
        assert_eq!(regie.confusion, Confusion { tp: 1, fp: 1, fn_: 0, tn: 1 });
        assert!((regie.confusion.kappa().unwrap() - 0.4).abs() < 1e-12);
        let plan = &eval.per_code[1];
        assert_eq!(plan.confusion, Confusion { tp: 1, fp: 0, fn_: 1, tn: 1 });
        // One spurious regie (t3, segment 5) and one missed plan (t2, segment 3).
        let kinds: Vec<(usize, DisagreementKind, usize)> =
            eval.disagreements.iter().map(|d| (d.code, d.kind, d.segment)).collect();
        assert_eq!(kinds, vec![(0, DisagreementKind::Spurious, 5), (1, DisagreementKind::Missed, 3)]);
        assert_eq!(eval.disagreements[1].evidence, "manual: g:3");
        // Macro precision: (0.5 + 1) / 2 = 0.75
        assert!((eval.macro_average(Confusion::precision).unwrap() - 0.75).abs() < 1e-12);
    }

    #[test]
    fn a_parent_credited_through_a_sub_code_counts_the_same_in_table_and_list() {
        // Units: t1 "geld", t2 "regels". Codebook: belangen (term "belang") with sub-code
        // financiering (term "geld"). Rule: financiering on t1. Manual: belangen on t1 and t2.
        // belangen (with sub-codes): manual {t1, t2}, rule {t1}: both 1, missed 1 (t2).
        // financiering: manual {}, rule {t1}: spurious 1 (t1).
        // The list: belangen missed t2, financiering spurious t1 — 2 rows, as the table's 1 + 1.
        let text = "I: Vraag\nR: geld\nI: En?\nR: regels\n";
        let doc = parse_document("D1".into(), "D1.txt", text.into(), None, &CorpusOptions::default()).unwrap();
        let yaml = "codebook:\n  id: c\ncodes:\n  - id: belangen\n    rules:\n      - terms: [belang]\n  - id: financiering\n    parent: belangen\n    rules:\n      - terms: [geld]\n";
        let (info, codes) = parse_codebook(Path::new("c.yaml"), "c.yaml", yaml).unwrap();
        let codebook = Codebook::new(vec![info], codes);
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        let matcher = CompiledCodebook::compile(&codebook, crate::codebook::Diacritics::Ignore).unwrap();
        let codings = code_corpus(&corpus, &matcher, &CodingOptions::new(Speakers::Respondent));
        let char_of = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let manual = vec![ManualCoding {
            document: 0,
            start: char_of("geld"),
            end: char_of("regels") + 6,
            code: 0,
            coder: "s".into(),
            origin: "g:2".into(),
        }];
        let eval = evaluate(
            &corpus,
            &codebook,
            &codings,
            &manual,
            Speakers::Respondent,
            BootstrapSettings { resamples: 0, seed: 0 },
        );
        let table: Vec<(usize, usize, usize)> =
            eval.per_code.iter().map(|c| (c.confusion.tp, c.confusion.fn_, c.confusion.fp)).collect();
        assert_eq!(table, vec![(1, 1, 0), (0, 0, 1)]);
        let list: Vec<(usize, DisagreementKind, usize)> =
            eval.disagreements.iter().map(|d| (d.code, d.kind, d.segment)).collect();
        assert_eq!(list, vec![(0, DisagreementKind::Missed, 3), (1, DisagreementKind::Spurious, 1)]);
        for c in &eval.per_code {
            let rows = eval.disagreements.iter().filter(|d| d.code == c.code).count();
            assert_eq!(rows, c.confusion.fn_ + c.confusion.fp);
        }
    }
}
