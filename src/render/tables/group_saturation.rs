//! `tables/saturation_by_group` and `tables/saturation_criteria_by_group`: the saturation curve
//! and the criteria within each value of each `[analysis] groups` attribute
//! ([`crate::analysis::group_saturation`]), in long form so one table holds every group.

use super::saturation::saturation_table;
use super::saturation_criteria::criteria_table;
use super::words::group_label;
use crate::analysis::group_saturation::GroupSaturation;
use crate::render::Language;
use crate::table::{Cell, Table};

/// Every group's curve: attribute, group, then the columns of `tables/saturation`.
pub fn curves_table(all: &[GroupSaturation], language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Saturatie per groep respondenten: per waarde van elk groepskenmerk de nieuwe en cumulatieve codes per interview van die groep, in volgorde van afname, met gemiddelde en 2,5e en 97,5e percentiel over willekeurige volgordes van de interviews van de groep",
        Language::En => "Saturation per group of respondents: per value of each group attribute, new and cumulative codes per interview of that group, in interview order, with the mean and 2.5th and 97.5th percentiles over random orders of the group's interviews",
    };
    let mut columns = vec!["attribute", "group"];
    let inner = ["position", "document", "new_codes", "cumulative_codes", "perm_mean", "perm_lo", "perm_hi"];
    columns.extend(inner);
    let mut table = Table::new("saturation_by_group", caption, &columns);
    for g in all {
        for curve in &g.groups {
            let rows = saturation_table(&curve.curve, "", "", language).rows;
            let group = group_label(&curve.value, language);
            for row in rows {
                let mut cells: Vec<Cell> = vec![g.attribute.as_str().into(), group.as_str().into()];
                cells.extend(row);
                table.push(cells);
            }
        }
    }
    table
}

/// Every group's criteria: attribute, group, interviews, then the columns of
/// `tables/saturation_criteria` after its level.
pub fn criteria_by_group_table(all: &[GroupSaturation], language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Saturatiecriteria per groep respondenten (codes zoals gecodeerd), binnen de interviews van elke groep in volgorde van afname: Guest, Namey & Chen (2020), Francis e.a. (2010) en Chao2 met het verwachte aantal nieuwe codes in het volgende interview",
        Language::En => "Saturation criteria per group of respondents (codes as coded), within each group's interviews in interview order: Guest, Namey & Chen (2020), Francis et al. (2010) and Chao2 with the expected number of new codes in the next interview",
    };
    let mut table: Option<Table> = None;
    for g in all {
        for curve in &g.groups {
            let group = group_label(&curve.value, language);
            let inner = criteria_table(&[(String::new(), &curve.criteria)], language);
            let t = table.get_or_insert_with(|| {
                let mut columns = vec!["attribute", "group", "interviews"];
                columns.extend(inner.columns.iter().skip(1).map(String::as_str));
                Table::new("saturation_criteria_by_group", caption, &columns)
            });
            for row in inner.rows {
                let mut cells: Vec<Cell> =
                    vec![g.attribute.as_str().into(), group.as_str().into(), curve.criteria.documents.len().into()];
                cells.extend(row.into_iter().skip(1));
                t.push(cells);
            }
        }
    }
    table.unwrap_or_else(|| Table::new("saturation_criteria_by_group", caption, &["attribute", "group", "interviews"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bitset::BitSet;
    use crate::analysis::group_saturation::GroupCurve;
    use crate::analysis::saturation::Saturation;
    use crate::analysis::saturation_criteria::{SaturationCriteria, SaturationSettings};

    fn curve(value: Option<&str>, codes: &[&[usize]]) -> GroupCurve {
        let sets: Vec<BitSet> = codes
            .iter()
            .map(|cs| {
                let mut b = BitSet::new(4);
                cs.iter().for_each(|&c| b.insert(c));
                b
            })
            .collect();
        let docs: Vec<String> = (1..=codes.len()).map(|i| format!("D{i}")).collect();
        GroupCurve {
            value: value.map(str::to_string),
            curve: Saturation::from_sets(docs.clone(), &sets, 0, 1),
            criteria: SaturationCriteria::compute(docs, &sets, 4, SaturationSettings::default()),
        }
    }

    #[test]
    fn one_row_per_group_interview_and_three_criteria_per_group() {
        let all = [GroupSaturation {
            attribute: "domain".into(),
            groups: vec![curve(None, &[&[0]]), curve(Some("zorg"), &[&[0, 1], &[1], &[2]])],
        }];
        let curves = curves_table(&all, Language::Nl);
        let cells = |t: &Table, r: usize| t.rows[r].iter().map(|c| c.render()).collect::<Vec<_>>();
        assert_eq!(curves.rows.len(), 4);
        assert_eq!(cells(&curves, 0)[..6], ["domain", "(onbekend)", "1", "D1", "1", "1"]);
        assert_eq!(cells(&curves, 3)[..6], ["domain", "zorg", "3", "D3", "1", "3"]);
        let criteria = criteria_by_group_table(&all, Language::En);
        assert_eq!(criteria.rows.len(), 6);
        assert_eq!(criteria.columns[..4], ["attribute", "group", "interviews", "criterion"]);
        assert_eq!(cells(&criteria, 5)[..4], ["domain", "zorg", "3", "Chao2"]);
    }
}
