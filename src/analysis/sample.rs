//! Sample description: who was interviewed, by the attributes the project groups by.

use std::collections::BTreeMap;

use crate::corpus::Corpus;
use crate::render::Language;
use crate::table::{Cell, Table};

/// `tables/respondents`: for each group attribute, the respondents per value with their share,
/// and a total row. Only respondents who speak in at least one transcript are counted.
pub fn respondents_table(corpus: &Corpus, groups: &[String], language: Language) -> Table {
    let (caption, total_label, missing) = match language {
        Language::Nl => ("Beschrijving van de steekproef: respondenten per groep", "Totaal", "(onbekend)"),
        Language::En => ("Sample description: respondents per group", "Total", "(unknown)"),
    };
    let mut table = Table::new("respondents", caption, &["attribute", "value", "respondents", "percent"]);
    let mut present: Vec<&str> =
        corpus.documents.iter().flat_map(|d| d.respondents.iter().map(String::as_str)).collect();
    present.sort();
    present.dedup();
    let total = present.len();
    for attribute in groups {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for id in &present {
            let value = corpus
                .respondents
                .by_id
                .get(*id)
                .and_then(|r| r.attribute(attribute))
                .filter(|v| !v.is_empty())
                .unwrap_or(missing);
            *counts.entry(value.to_string()).or_default() += 1;
        }
        for (value, n) in counts {
            table.push(vec![
                attribute.as_str().into(),
                value.into(),
                n.into(),
                Cell::Percent(100.0 * n as f64 / total as f64),
            ]);
        }
        table.push(vec![attribute.as_str().into(), total_label.into(), total.into(), Cell::Percent(100.0)]);
    }
    if groups.is_empty() {
        table.push(vec!["".into(), total_label.into(), total.into(), Cell::Percent(100.0)]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Respondent, Respondents};

    #[test]
    fn counts_and_percentages_of_present_respondents() {
        let (mut corpus, _, _) =
            crate::analysis::testkit::study_parts(&[("D1", &["A"]), ("D2", &["B", "C"])], &[], &[], &[]);
        let mut respondents = Respondents { columns: vec!["role".into()], ..Default::default() };
        for (id, role) in [("A", "expert"), ("B", "professional"), ("C", "professional"), ("Z", "expert")] {
            respondents
                .by_id
                .insert(id.into(), Respondent { id: id.into(), attributes: vec![("role".into(), role.into())] });
        }
        corpus.respondents = respondents;
        let t = respondents_table(&corpus, &["role".to_string()], Language::Nl);
        // Z has no transcript: 3 respondents, 1 expert (33.3 %), 2 professionals (66.7 %).
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
