//! `evaluation/agreement_coders` and `evaluation/krippendorff_alpha`: agreement among every
//! coder of the project (see [`crate::analysis::intercoder`]).

use crate::analysis::agreement::Confusion;
use crate::analysis::bootstrap::Interval;
use crate::analysis::intercoder::Intercoder;
use crate::codebook::Codebook;
use crate::render::Language;
use crate::table::{Cell, Table};

fn optional(x: Option<f64>) -> Cell {
    x.map(Cell::Float).unwrap_or(Cell::Empty)
}

/// The bounds of a bootstrap interval, empty where there is none.
fn bounds(interval: Option<Interval>) -> [Cell; 2] {
    [optional(interval.map(|i| i.low)), optional(interval.map(|i| i.high))]
}

/// A fraction shown as a percentage (one decimal).
fn percent(x: Option<f64>) -> Cell {
    x.map(|f| Cell::Percent(100.0 * f)).unwrap_or(Cell::Empty)
}

/// Percent agreement as a fraction, as [`percent`] takes it.
fn agreement(c: &Confusion) -> Option<f64> {
    c.percent_agreement().map(|p| p / 100.0)
}

/// Every pair of coders: per code units, both, only a, only b, neither, percent agreement and
/// kappa with its bootstrap interval, then the macro average of the pair.
pub fn pairs_table(result: &Intercoder, codebook: &Codebook, language: Language) -> Table {
    let (caption, macro_label) = match language {
        Language::Nl => (
            "Overeenstemming tussen elk paar codeurs per code, per codeereenheid, in de documenten die beide codeurs codeerden (de regelcodering is een codeur met de naam van het codeboek); kappa is Cohens kappa met zijn bootstrap-95%-betrouwbaarheidsinterval (BI onder, BI boven: percentielen over trekkingen van de eenheden met teruglegging, Hayes & Krippendorff 2007); een code telt de eenheden van zichzelf en haar subcodes",
            "Gemiddelde over codes",
        ),
        Language::En => (
            "Agreement between each pair of coders per code, per coding unit, in the documents both coders coded (the rule coding is a coder named after its codebook); kappa is Cohen's kappa with its bootstrap 95 % interval (ci_low, ci_high: percentiles over resamples of the units, Hayes & Krippendorff 2007); a code counts the units of itself and its sub-codes",
            "Macro average over codes",
        ),
    };
    let mut table = Table::new(
        "agreement_coders",
        caption,
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
            "ci_low",
            "ci_high",
        ],
    );
    for pair in &result.pairs {
        let (a, b) = (pair.coder_a.as_str(), pair.coder_b.as_str());
        for ((code, c), ci) in pair.per_code.iter().zip(&pair.kappa_ci) {
            let info = &codebook.codes[*code];
            let [low, high] = bounds(*ci);
            table.push(vec![
                info.id.as_str().into(),
                info.label.as_str().into(),
                a.into(),
                b.into(),
                pair.units.into(),
                c.tp.into(),
                c.fp.into(),
                c.fn_.into(),
                c.tn.into(),
                percent(agreement(c)),
                optional(c.kappa()),
                low,
                high,
            ]);
        }
        let mut row: Vec<Cell> = vec!["(macro)".into(), macro_label.into(), a.into(), b.into(), pair.units.into()];
        row.extend(std::iter::repeat_n(Cell::Empty, 4));
        row.push(percent(pair.macro_average(agreement)));
        row.push(optional(pair.macro_average(Confusion::kappa)));
        row.extend(bounds(pair.macro_kappa_ci));
        table.push(row);
    }
    table
}

/// Krippendorff's alpha over all coders per code, and pooled.
pub fn alpha_table(result: &Intercoder, codebook: &Codebook, language: Language) -> Table {
    let (caption, all_label) = match language {
        Language::Nl => (
            "Krippendorffs alfa (nominaal) over alle codeurs per code, per codeereenheid: per eenheid de waarde 'code toegekend' of 'niet toegekend' van elke codeur die het document codeerde; eenheden met minder dan twee waarden tellen niet mee; BI onder en BI boven begrenzen het bootstrap-95%-betrouwbaarheidsinterval (percentielen over trekkingen van de eenheden met teruglegging, Hayes & Krippendorff 2007); '(alle codes)' behandelt elke combinatie van eenheid en code als een eenheid",
            "(alle codes)",
        ),
        Language::En => (
            "Krippendorff's alpha (nominal) over all coders per code, per coding unit: for each unit the value 'code applied' or 'not applied' of every coder who coded the document; units with fewer than two values do not count; ci_low and ci_high bound the bootstrap 95 % interval (percentiles over resamples of the units, Hayes & Krippendorff 2007); '(all codes)' treats every combination of unit and code as a unit",
            "(all codes)",
        ),
    };
    let all = &result.all;
    let mut table =
        Table::new("krippendorff_alpha", caption, &["code", "label", "coders", "units", "alpha", "ci_low", "ci_high"]);
    for ((code, alpha), ci) in all.per_code.iter().zip(&all.ci) {
        let info = &codebook.codes[*code];
        let [low, high] = bounds(*ci);
        table.push(vec![
            info.id.as_str().into(),
            info.label.as_str().into(),
            all.coders.into(),
            all.units.into(),
            optional(*alpha),
            low,
            high,
        ]);
    }
    let [low, high] = bounds(all.pooled_ci);
    table.push(vec![
        "(all)".into(),
        all_label.into(),
        all.coders.into(),
        (all.units * all.per_code.len()).into(),
        optional(all.pooled),
        low,
        high,
    ]);
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::intercoder::{AllCoders, CoderPair};
    use crate::analysis::testkit::study_parts;

    #[test]
    fn pair_rows_and_pooled_alpha() {
        let (_, book, _) = study_parts(&[], &[("a", None), ("b", None)], &[], &[]);
        let result = Intercoder {
            pairs: vec![CoderPair {
                coder_a: "t".into(),
                coder_b: "ann".into(),
                units: 6,
                per_code: vec![
                    (0, Confusion { tp: 2, fp: 1, fn_: 1, tn: 2 }),
                    (1, Confusion { tp: 0, fp: 0, fn_: 0, tn: 6 }),
                ],
                kappa_ci: vec![Some(Interval { low: -0.5, high: 1.0 }), None],
                macro_kappa_ci: Some(Interval { low: -0.5, high: 1.0 }),
            }],
            all: AllCoders {
                coders: 3,
                units: 6,
                per_code: vec![(0, Some(0.15)), (1, None)],
                pooled: Some(0.375),
                ci: vec![Some(Interval { low: -0.25, high: 0.75 }), None],
                pooled_ci: Some(Interval { low: 0.125, high: 0.8 }),
            },
        };
        let t = pairs_table(&result, &book, Language::En);
        let cells = |r: usize| t.rows[r].iter().map(|c| c.render()).collect::<Vec<_>>();
        // a: 4 of 6 units agree = 66.7 %; kappa (2/3 − 1/2)/(1/2) = 1/3.
        // The interval is shown as given, after kappa.
        assert_eq!(cells(0)[4..], ["6", "2", "1", "1", "2", "66.7", "0.3333", "-0.5000", "1.0000"]);
        // b: never used: 100 % agreement, kappa and its interval undefined (empty).
        assert_eq!(cells(1)[9..], ["100.0", "", "", ""]);
        // Macro: agreement (66.7 + 100) / 2 = 83.3 %; kappa only where defined: 0.3333.
        assert_eq!(cells(2)[9..], ["83.3", "0.3333", "-0.5000", "1.0000"]);
        let alpha = alpha_table(&result, &book, Language::En);
        let all = alpha.find_row("code", "(all)").unwrap();
        assert_eq!(alpha.get(all, "units").unwrap().render(), "12");
        assert_eq!(alpha.get(all, "alpha").unwrap().render(), "0.3750");
        assert_eq!(alpha.get(all, "ci_low").unwrap().render(), "0.1250");
        assert_eq!(alpha.get(all, "ci_high").unwrap().render(), "0.8000");
        let b = alpha.find_row("code", "b").unwrap();
        assert_eq!(alpha.get(b, "ci_low").unwrap().render(), "");
    }
}
