//! `evaluation/agreement_dev_test`: the rule coding measured against two manual codings side
//! by side — the development set the rules were written against and a held-out test set they
//! never saw — so that nobody reads a tuned figure as a figure of how the rules generalise.

use crate::analysis::agreement::Confusion;
use crate::analysis::evaluation::{CodeAgreement, Evaluation};
use crate::codebook::Codebook;
use crate::render::Language;
use crate::table::{Cell, Table};

/// The measures shown per set, in column order (a prefix `dev_` or `test_` names the set).
const MEASURES: [&str; 6] = ["manual_units", "rule_units", "precision", "recall", "f1", "kappa"];

fn optional(x: Option<f64>) -> Cell {
    x.map(Cell::Float).unwrap_or(Cell::Empty)
}

fn cells(c: &CodeAgreement) -> Vec<Cell> {
    let m = c.confusion;
    vec![
        c.manual_units.into(),
        c.rule_units.into(),
        optional(m.precision()),
        optional(m.recall()),
        optional(m.f1()),
        optional(m.kappa()),
    ]
}

fn macro_cells(eval: &Evaluation) -> Vec<Cell> {
    let measures: [fn(&Confusion) -> Option<f64>; 4] =
        [Confusion::precision, Confusion::recall, Confusion::f1, Confusion::kappa];
    let mut row = vec![Cell::Empty, Cell::Empty];
    row.extend(measures.map(|m| optional(eval.macro_average(m))));
    row
}

/// Per code: manual and rule units, precision, recall, F1 and kappa on the development set
/// (`dev_…`) and on the test set (`test_…`), then the macro averages. Both evaluations must come
/// from the same coded project (same codebook, so the same codes in the same order).
pub fn agreement_sets_table(dev: &Evaluation, test: &Evaluation, codebook: &Codebook, language: Language) -> Table {
    let (caption, macro_label) = match language {
        Language::Nl => (
            format!(
                "Regelcodering tegen handmatige codering per code, per codeereenheid: ontwikkelset (de regels zijn ertegen geschreven; {} eenheden in {} documenten) naast testset (door de regels niet gezien; {} eenheden in {} documenten); kappa is Cohens kappa",
                dev.units, dev.documents, test.units, test.documents
            ),
            "Gemiddelde over codes",
        ),
        Language::En => (
            format!(
                "Rule coding against manual coding per code, per coding unit: development set (the rules were written against it; {} units in {} documents) next to test set (unseen by the rules; {} units in {} documents); kappa is Cohen's kappa",
                dev.units, dev.documents, test.units, test.documents
            ),
            "Macro average over codes",
        ),
    };
    let mut columns = vec!["code".to_string(), "label".to_string()];
    for set in ["dev", "test"] {
        columns.extend(MEASURES.iter().map(|m| format!("{set}_{m}")));
    }
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new("agreement_dev_test", caption, &columns);
    // Both lists are in the codebook's tree order.
    for (d, t) in dev.per_code.iter().zip(&test.per_code) {
        let info = &codebook.codes[d.code];
        let mut row: Vec<Cell> = vec![info.id.as_str().into(), info.label.as_str().into()];
        row.extend(cells(d));
        row.extend(cells(t));
        table.push(row);
    }
    let mut macro_row: Vec<Cell> = vec!["(macro)".into(), macro_label.into()];
    macro_row.extend(macro_cells(dev));
    macro_row.extend(macro_cells(test));
    table.push(macro_row);
    table
}
