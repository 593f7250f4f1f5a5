//! `tables/respondents`: the sample description by the attributes the project groups by.

use super::words::{group_label, total_label};
use crate::analysis::sample::SampleCounts;
use crate::render::Language;
use crate::table::{Cell, Table};

/// For each group attribute, the respondents per value with their share, and a total row.
pub fn respondents_table(sample: &SampleCounts, language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Beschrijving van de steekproef: respondenten per groep",
        Language::En => "Sample description: respondents per group",
    };
    let total_label = total_label(language);
    let mut table = Table::new("respondents", caption, &["attribute", "value", "respondents", "percent"]);
    let total = sample.total;
    for (attribute, counts) in &sample.groups {
        for (value, &n) in counts {
            table.push(vec![
                attribute.as_str().into(),
                group_label(value, language).into(),
                n.into(),
                Cell::Percent(100.0 * n as f64 / total as f64),
            ]);
        }
        table.push(vec![attribute.as_str().into(), total_label.into(), total.into(), Cell::Percent(100.0)]);
    }
    if sample.groups.is_empty() {
        table.push(vec!["".into(), total_label.into(), total.into(), Cell::Percent(100.0)]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_percentages() {
        let counts = [(Some("expert".to_string()), 1), (Some("professional".to_string()), 2)].into_iter().collect();
        let sample = SampleCounts { total: 3, groups: vec![("role".into(), counts)] };
        let t = respondents_table(&sample, Language::Nl);
        // 1 of 3 is 33.3 %, 2 of 3 is 66.7 %.
        let rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.iter().map(|c| c.render()).collect()).collect();
        assert_eq!(
            rows,
            vec![
                vec!["role", "expert", "1", "33.3"],
                vec!["role", "professional", "2", "66.7"],
                vec!["role", "Totaal", "3", "100.0"],
            ]
        );
    }
}
