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
use super::krippendorff::alpha_from_counts;
use crate::codebook::Codebook;
use crate::coding::manual::ManualCoding;
use crate::coding::Coding;
use crate::corpus::{Corpus, Speaker};
use crate::coding::Speakers;
use crate::render::Language;
use crate::table::{Cell, Table};

/// A unit: (document index, segment index).
pub type Unit = (usize, usize);

/// One coder's work: which documents it coded and the units it gave each code.
#[derive(Debug, Clone, PartialEq)]
pub struct Coder {
    pub name: String,
    pub documents: BTreeSet<usize>,
    /// Per code (as coded, not including sub-codes): the units coded with it.
    pub units: Vec<BTreeSet<Unit>>,
}

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
    };
    for c in codings {
        rule.units[c.code].insert((c.document, c.segment));
    }
    let mut by_name: BTreeMap<&str, Coder> = BTreeMap::new();
    for m in manual {
        let coder = by_name.entry(m.coder.as_str()).or_insert_with(|| Coder {
            name: m.coder.clone(),
            documents: BTreeSet::new(),
            units: vec![BTreeSet::new(); n_codes],
        });
        coder.documents.insert(m.document);
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

/// Pairwise and all-coder agreement tables (`evaluation/agreement_coders`,
/// `evaluation/krippendorff_alpha`).
pub struct IntercoderTables {
    pub pairs: Table,
    pub alpha: Table,
}

/// Computes both tables for every code in tree order.
pub fn intercoder_tables(
    corpus: &Corpus,
    codebook: &Codebook,
    coders: &[Coder],
    speakers: Speakers,
    language: Language,
) -> IntercoderTables {
    let order = codebook.tree_order();
    // Per coder and code: units of the code and its sub-codes.
    let with_descendants: Vec<Vec<BTreeSet<Unit>>> = coders
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
        .collect();
    let (pairs_caption, alpha_caption, macro_label, all_label) = match language {
        Language::Nl => (
            "Overeenstemming tussen elk paar codeurs per code, per codeereenheid, in de documenten die beide codeurs codeerden (de regelcodering is een codeur met de naam van het codeboek); kappa is Cohens kappa; een code telt de eenheden van zichzelf en haar subcodes",
            "Krippendorffs alfa (nominaal) over alle codeurs per code, per codeereenheid: per eenheid de waarde 'code toegekend' of 'niet toegekend' van elke codeur die het document codeerde; eenheden met minder dan twee waarden tellen niet mee; '(alle codes)' behandelt elke combinatie van eenheid en code als een eenheid",
            "Gemiddelde over codes",
            "(alle codes)",
        ),
        Language::En => (
            "Agreement between each pair of coders per code, per coding unit, in the documents both coders coded (the rule coding is a coder named after its codebook); kappa is Cohen's kappa; a code counts the units of itself and its sub-codes",
            "Krippendorff's alpha (nominal) over all coders per code, per coding unit: for each unit the value 'code applied' or 'not applied' of every coder who coded the document; units with fewer than two values do not count; '(all codes)' treats every combination of unit and code as a unit",
            "Macro average over codes",
            "(all codes)",
        ),
    };
    let mut pairs = Table::new(
        "agreement_coders",
        pairs_caption,
        &[
            "code",
            "label",
            "coder_a",
            "coder_b",
            "units",
            "both",
            "only_a",
            "only_b",
            "neither",
            "percent_agreement",
            "kappa",
        ],
    );
    let opt = |x: Option<f64>| x.map(Cell::Float).unwrap_or(Cell::Empty);
    for a in 0..coders.len() {
        for b in a + 1..coders.len() {
            let shared: BTreeSet<usize> = coders[a].documents.intersection(&coders[b].documents).copied().collect();
            let units = units_of(corpus, speakers, &shared);
            let mut per_code = Vec::new();
            for &code in &order {
                let in_shared = |set: &BTreeSet<Unit>| -> BTreeSet<Unit> {
                    set.iter().filter(|(d, _)| shared.contains(d)).copied().collect()
                };
                let (ua, ub) = (in_shared(&with_descendants[a][code]), in_shared(&with_descendants[b][code]));
                let both = ua.intersection(&ub).count();
                let confusion = Confusion {
                    tp: both,
                    fp: ua.len() - both,
                    fn_: ub.len() - both,
                    tn: units.len() - ua.union(&ub).count(),
                };
                let info = &codebook.codes[code];
                pairs.push(vec![
                    info.id.as_str().into(),
                    info.label.as_str().into(),
                    coders[a].name.as_str().into(),
                    coders[b].name.as_str().into(),
                    units.len().into(),
                    both.into(),
                    confusion.fp.into(),
                    confusion.fn_.into(),
                    confusion.tn.into(),
                    opt(confusion.percent_agreement().map(|p| p / 100.0)).percent(),
                    opt(confusion.kappa()),
                ]);
                per_code.push(confusion);
            }
            pairs.push(vec![
                "(macro)".into(),
                macro_label.into(),
                coders[a].name.as_str().into(),
                coders[b].name.as_str().into(),
                units.len().into(),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                opt(macro_average(per_code.iter().map(|c| c.percent_agreement().map(|p| p / 100.0)))).percent(),
                opt(macro_average(per_code.iter().map(Confusion::kappa))),
            ]);
        }
    }

    let mut alpha = Table::new("krippendorff_alpha", alpha_caption, &["code", "label", "coders", "units", "alpha"]);
    // Units of documents that at least two coders coded, with the coders of each document.
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
                let applied = present.iter().filter(|&&c| with_descendants[c][code].contains(u)).count();
                vec![applied, present.len() - applied]
            })
            .collect()
    };
    for &code in &order {
        let info = &codebook.codes[code];
        alpha.push(vec![
            info.id.as_str().into(),
            info.label.as_str().into(),
            involved.len().into(),
            units.len().into(),
            opt(alpha_from_counts(counts_for(code))),
        ]);
    }
    alpha.push(vec![
        "(all)".into(),
        all_label.into(),
        involved.len().into(),
        (units.len() * order.len()).into(),
        opt(alpha_from_counts(order.iter().flat_map(|&code| counts_for(code)))),
    ]);
    IntercoderTables { pairs, alpha }
}

trait AsPercent {
    fn percent(self) -> Cell;
}

impl AsPercent for Cell {
    /// A fraction cell shown as a percentage (one decimal).
    fn percent(self) -> Cell {
        match self {
            Cell::Float(f) => Cell::Percent(100.0 * f),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

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
        let t = intercoder_tables(&corpus, &book, &coders, Speakers::Respondent, Language::En);
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
        let row = |a: &str, b: &str| {
            let r = t
                .pairs
                .rows
                .iter()
                .position(|r| r[0].render() == "a" && r[2].render() == a && r[3].render() == b)
                .unwrap();
            ["units", "both", "only_a", "only_b", "neither", "percent_agreement", "kappa"]
                .map(|c| t.pairs.get(r, c).unwrap().render())
        };
        assert_eq!(row("t", "ann"), ["6", "2", "1", "1", "2", "66.7", "0.3333"]);
        // t vs bob: both 1 (u0), only t 2, only bob 1 (u4), neither 2 (u3, u5): 3/6 = 50 %.
        assert_eq!(row("t", "bob"), ["6", "1", "2", "1", "2", "50.0", "0.0000"]);
        // ann vs bob: both 1, only ann 2, only bob 1, neither 2.
        assert_eq!(row("ann", "bob"), ["6", "1", "2", "1", "2", "50.0", "0.0000"]);
        // Code b is never used: 100 % agreement, kappa undefined (empty).
        let rb = t.pairs.rows.iter().position(|r| r[0].render() == "b" && r[2].render() == "t").unwrap();
        assert_eq!(t.pairs.get(rb, "percent_agreement").unwrap().render(), "100.0");
        assert_eq!(t.pairs.get(rb, "kappa").unwrap(), &Cell::Empty);
        // Alpha over the three coders for code a. By hand: per unit (applied, not applied):
        // (3,0) (2,1) (1,2) (1,2) (1,2) (0,3). A mixed unit adds Σ_c n_uc(m − n_uc)/(m − 1)
        // = (2·1 + 1·2)/2 = 2 to the off-diagonal coincidences: 4 units → 8. n1 = 8, n0 = 10,
        // n = 18; α = 1 − 17 · 8 / (2 · 8 · 10) = 1 − 136/160 = 0.15. krippendorff 0.9.0, run once:
        //   python3 -c "import krippendorff as k; print(k.alpha(reliability_data=[[1,1,1,0,0,0],
        //   [1,1,0,1,0,0],[1,0,0,0,1,0]], level_of_measurement='nominal'))" → 0.15000000000000002
        // Pooled over both codes (b adds six units where nobody applies it): n0 = 28, n = 36,
        // α = 1 − 35 · 8 / (2 · 8 · 28) = 0.375; the package on the rows extended with six
        // zeros each gives 0.375.
        let ra = t.alpha.find_row("code", "a").unwrap();
        let alpha: f64 = t.alpha.get(ra, "alpha").unwrap().render().parse().unwrap();
        assert!((alpha - 0.15).abs() < 1e-9, "{alpha}");
        assert_eq!(t.alpha.get(ra, "units").unwrap().render(), "6");
        assert_eq!(t.alpha.get(ra, "coders").unwrap().render(), "3");
        let all = t.alpha.find_row("code", "(all)").unwrap();
        assert_eq!(t.alpha.get(all, "alpha").unwrap().render(), "0.3750");
        assert_eq!(t.alpha.get(all, "units").unwrap().render(), "12");
    }
}
