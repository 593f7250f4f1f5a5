//! `evaluation/agreement` and `evaluation/disagreements`: the rule coding against a manual
//! coding, per code and unit by unit (see [`crate::analysis::evaluation`]).

use crate::analysis::agreement::Confusion;
use crate::analysis::evaluation::{DisagreementKind, Evaluation};
use crate::codebook::Codebook;
use crate::corpus::Corpus;
use crate::render::Language;
use crate::table::{Cell, Table};

fn optional(x: Option<f64>) -> Cell {
    x.map(Cell::Float).unwrap_or(Cell::Empty)
}

/// Per code: manual and rule units, both, missed, spurious, precision, recall, F1 and kappa,
/// then the macro average.
pub fn agreement_table(eval: &Evaluation, codebook: &Codebook, language: Language) -> Table {
    let (caption, macro_label) = match language {
        Language::Nl => (
            format!(
                "Overeenstemming tussen regelcodering en handmatige codering per code, per codeereenheid ({} eenheden in {} documenten); een code telt de eenheden van zichzelf en haar subcodes; kappa is Cohens kappa",
                eval.units, eval.documents
            ),
            "Gemiddelde over codes",
        ),
        Language::En => (
            format!(
                "Agreement between rule coding and manual coding per code, per coding unit ({} units in {} documents); a code counts the units of itself and its sub-codes; kappa is Cohen's kappa",
                eval.units, eval.documents
            ),
            "Macro average over codes",
        ),
    };
    let mut table = Table::new(
        "agreement",
        caption,
        &[
            "code",
            "label",
            "manual_units",
            "rule_units",
            "both",
            "missed",
            "spurious",
            "precision",
            "recall",
            "f1",
            "kappa",
        ],
    );
    for c in &eval.per_code {
        let info = &codebook.codes[c.code];
        let m = c.confusion;
        table.push(vec![
            info.id.as_str().into(),
            info.label.as_str().into(),
            c.manual_units.into(),
            c.rule_units.into(),
            m.tp.into(),
            m.fn_.into(),
            m.fp.into(),
            optional(m.precision()),
            optional(m.recall()),
            optional(m.f1()),
            optional(m.kappa()),
        ]);
    }
    let mut macro_row = vec!["(macro)".into(), macro_label.into()];
    macro_row.extend(std::iter::repeat_n(Cell::Empty, 5));
    let measures: [fn(&Confusion) -> Option<f64>; 4] =
        [Confusion::precision, Confusion::recall, Confusion::f1, Confusion::kappa];
    macro_row.extend(measures.map(|m| optional(eval.macro_average(m))));
    table.push(macro_row);
    table
}

/// The kind of a disagreement in the project language (the `kind` column).
pub fn kind_word(kind: DisagreementKind, language: Language) -> &'static str {
    match (kind, language) {
        (DisagreementKind::Missed, Language::Nl) => "gemist",
        (DisagreementKind::Spurious, Language::Nl) => "onterecht",
        (DisagreementKind::Missed, Language::En) => "missed",
        (DisagreementKind::Spurious, Language::En) => "spurious",
    }
}

/// Every missed and spurious unit with its text.
pub fn disagreements_table(eval: &Evaluation, corpus: &Corpus, codebook: &Codebook, language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Verschillen tussen regelcodering en handmatige codering: gemist (alleen handmatig gecodeerd) en onterecht (alleen door een regel gecodeerd)",
        Language::En => "Differences between rule coding and manual coding: missed (coded by hand only) and spurious (coded by a rule only)",
    };
    let mut table = Table::new(
        "disagreements",
        caption,
        &["code", "kind", "document", "segment", "start", "end", "evidence", "text"],
    );
    for d in &eval.disagreements {
        let doc = &corpus.documents[d.document];
        let segment = &doc.segments[d.segment];
        table.push(vec![
            codebook.codes[d.code].id.as_str().into(),
            kind_word(d.kind, language).into(),
            doc.id.as_str().into(),
            segment.ordinal.into(),
            segment.start.into(),
            segment.end.into(),
            d.evidence.as_str().into(),
            doc.segment_text(segment).into(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::evaluation::{CodeAgreement, Disagreement};
    use crate::analysis::intercoder::{AllCoders, Intercoder};
    use crate::analysis::testkit::study_parts;

    #[test]
    fn rows_and_macro_average() {
        let (corpus, book, _) = study_parts(&[("D1", &["R", "R", "R"])], &[("regie", None), ("plan", None)], &[], &[]);
        let eval = Evaluation {
            units: 3,
            documents: 1,
            per_code: vec![
                CodeAgreement {
                    code: 0,
                    manual_units: 1,
                    rule_units: 2,
                    confusion: Confusion { tp: 1, fp: 1, fn_: 0, tn: 1 },
                },
                CodeAgreement {
                    code: 1,
                    manual_units: 2,
                    rule_units: 1,
                    confusion: Confusion { tp: 1, fp: 0, fn_: 1, tn: 1 },
                },
            ],
            disagreements: vec![Disagreement {
                code: 1,
                kind: DisagreementKind::Missed,
                document: 0,
                segment: 2,
                evidence: "manual: g:3".into(),
            }],
            coders: Intercoder {
                pairs: vec![],
                all: AllCoders { coders: 0, units: 0, per_code: vec![], pooled: None, ci: vec![], pooled_ci: None },
            },
            characters: vec![],
        };
        let t = agreement_table(&eval, &book, Language::En);
        let row = |code: &str| {
            let r = t.find_row("code", code).unwrap();
            ["manual_units", "rule_units", "both", "missed", "spurious", "precision", "recall"]
                .map(|c| t.get(r, c).unwrap().render())
        };
        // regie: precision 1/2, recall 1/1; plan: precision 1/1, recall 1/2.
        assert_eq!(row("regie"), ["1", "2", "1", "0", "1", "0.5000", "1.0000"]);
        assert_eq!(row("plan"), ["2", "1", "1", "1", "0", "1.0000", "0.5000"]);
        // Macro precision (0.5 + 1) / 2 = 0.75.
        let m = t.find_row("code", "(macro)").unwrap();
        assert_eq!(t.get(m, "precision").unwrap().render(), "0.7500");
        let d = disagreements_table(&eval, &corpus, &book, Language::En);
        let cells: Vec<String> = d.rows[0].iter().map(|c| c.render()).collect();
        assert_eq!(cells[..4], ["plan", "missed", "D1", "3"]);
        let d = disagreements_table(&eval, &corpus, &book, Language::Nl);
        assert_eq!(d.rows[0][1].render(), "gemist");
    }
}
