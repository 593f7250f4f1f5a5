//! `tables/saturation_gnc_sensitivity`: Guest, Namey & Chen's (2020) criterion for every
//! setting of their sensitivity table (base 4 or 6, run 2 or 3, threshold ≤ 5 % or 0 %), so
//! that a methods chapter can say how much the saturation point owes to one setting.

use crate::analysis::saturation_criteria::{Gnc, SaturationCriteria};
use crate::render::Language;
use crate::table::{Cell, Table};

/// One row per tree level and setting, in the order base, run, threshold.
pub fn sensitivity_table(levels: &[(String, &SaturationCriteria)], language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Gevoeligheid van het criterium van Guest, Namey & Chen (2020) voor basis (4, 6 interviews), run (2, 3 interviews) en drempel (≤ 5%, 0% nieuwe informatie): per instelling het interview waarna saturatie is bereikt en het interview dat dit bevestigt",
        Language::En => "Sensitivity of the Guest, Namey & Chen (2020) criterion to base (4, 6 interviews), run (2, 3 interviews) and threshold (≤ 5%, 0% new information): per setting the interview after which saturation is reached and the interview that confirms it",
    };
    let mut table = Table::new(
        "saturation_gnc_sensitivity",
        caption,
        &[
            "level",
            "base",
            "run",
            "threshold",
            "base_codes",
            "saturation_after",
            "document",
            "confirmed_by",
            "confirmed_by_document",
            "new_in_run",
            "new_information",
        ],
    );
    let not_reached = match language {
        Language::Nl => "niet bereikt",
        Language::En => "not reached",
    };
    for (level, c) in levels {
        for g in &c.sensitivity {
            table.push(row(level, c, g, not_reached));
        }
    }
    table
}

fn row(level: &str, c: &SaturationCriteria, g: &Gnc, not_reached: &str) -> Vec<Cell> {
    let mut cells: Vec<Cell> = vec![
        level.into(),
        g.base.into(),
        g.run.into(),
        Cell::Percent(100.0 * g.threshold),
        g.base_codes.map_or(Cell::Empty, Cell::from),
    ];
    match (g.point, g.confirming_run()) {
        (Some(p), Some(r)) => cells.extend([
            p.after.into(),
            c.documents[p.after - 1].as_str().into(),
            p.confirmed_by.into(),
            c.documents[p.confirmed_by - 1].as_str().into(),
            r.new_in_run.into(),
            r.new_information.map_or(Cell::Empty, |x| Cell::Percent(100.0 * x)),
        ]),
        _ => cells.extend([not_reached.into(), Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bitset::BitSet;
    use crate::analysis::saturation_criteria::SaturationSettings;

    #[test]
    fn eight_settings_per_level_with_both_interviews() {
        // New codes 3 1 0 0 1 0 0 0: cumulative 3 4 4 4 5 5 5 5.
        // Base 4 (B = 4), run 2, ≤ 5 % (0.2 codes): k = 6 (interviews 5–6) brings 1; k = 7
        // (6–7) brings 0 → after 5, confirmed by 7. Base 6 (B = 5), run 3: k = 9 does not
        // exist → not reached.
        let codes: [&[usize]; 8] = [&[0, 1, 2], &[3], &[], &[0], &[4], &[], &[1], &[]];
        let sets: Vec<BitSet> = codes
            .iter()
            .map(|cs| {
                let mut b = BitSet::new(8);
                cs.iter().for_each(|&c| b.insert(c));
                b
            })
            .collect();
        let names = (1..=8).map(|i| format!("D{i}")).collect();
        let c = SaturationCriteria::compute(names, &sets, 8, SaturationSettings::default());
        let t = sensitivity_table(&[("codes".into(), &c)], Language::En);
        assert_eq!(t.rows.len(), 8);
        let cells = |r: usize| t.rows[r].iter().map(|c| c.render()).collect::<Vec<_>>();
        assert_eq!(cells(0), ["codes", "4", "2", "5.0", "4", "5", "D5", "7", "D7", "0", "0.0"]);
        assert_eq!(cells(7)[..6], ["codes", "6", "3", "0.0", "5", "not reached"]);
    }
}
