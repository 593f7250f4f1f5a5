//! Sample description: who was interviewed, by the attributes the project groups by.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;

/// Respondents per value of each group attribute. Only respondents who speak in at least one
/// transcript are counted; `None` is the group of respondents without a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleCounts {
    /// Respondents who speak in some transcript.
    pub total: usize,
    /// Per attribute, in the order of `[analysis] groups`: respondents per value.
    pub groups: Vec<(String, BTreeMap<Option<String>, usize>)>,
}

/// Counts the present respondents per value of each attribute in `groups`.
pub fn sample_counts(corpus: &Corpus, groups: &[String]) -> SampleCounts {
    let mut present: Vec<&str> =
        corpus.documents.iter().flat_map(|d| d.respondents.iter().map(String::as_str)).collect();
    present.sort();
    present.dedup();
    let groups = groups
        .iter()
        .map(|attribute| {
            let mut counts: BTreeMap<Option<String>, usize> = BTreeMap::new();
            for id in &present {
                *counts.entry(corpus.respondents.value_of(id, attribute)).or_default() += 1;
            }
            (attribute.clone(), counts)
        })
        .collect();
    SampleCounts { total: present.len(), groups }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Respondent, Respondents};

    #[test]
    fn counts_of_present_respondents() {
        let (mut corpus, _, _) =
            crate::analysis::testkit::study_parts(&[("D1", &["A"]), ("D2", &["B", "C"])], &[], &[], &[]);
        let mut respondents = Respondents { columns: vec!["role".into()], ..Default::default() };
        for (id, role) in [("A", "expert"), ("B", "professional"), ("C", ""), ("Z", "expert")] {
            respondents
                .by_id
                .insert(id.into(), Respondent { id: id.into(), attributes: vec![("role".into(), role.into())] });
        }
        corpus.respondents = respondents;
        let counts = sample_counts(&corpus, &["role".to_string()]);
        // Z has no transcript: 3 respondents; C's empty role is the missing group.
        assert_eq!(counts.total, 3);
        let expected: BTreeMap<Option<String>, usize> =
            [(None, 1), (Some("expert".into()), 1), (Some("professional".into()), 1)].into_iter().collect();
        assert_eq!(counts.groups, vec![("role".to_string(), expected)]);
    }
}
