//! Saturation per respondent group: for each value of each `[analysis] groups` attribute, the
//! accumulation curve, its band of random orders and the criteria, over the interviews of that
//! group only — "was saturation reached within the care domain, and outside it?".
//!
//! An interview belongs to a group when one of its respondents has the value (a focus group
//! with members of two groups belongs to both); it brings the codes of the segments its
//! members of that group speak (an interviewer's segment, coded when `speakers = "all"`,
//! counts for every group of the interview). Interviews keep the study's interview order.
//! Respondents without a value form the group `None`, as in the group tables. Each curve's
//! random orders use the project seed, so the result is the same on every run.

use serde::{Deserialize, Serialize};

use super::bitset::BitSet;
use super::groups::GroupValue;
use super::saturation::Saturation;
use super::saturation_criteria::{SaturationCriteria, SaturationSettings};
use super::Study;
use crate::corpus::Speaker;

/// The saturation of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupCurve {
    pub value: GroupValue,
    pub curve: Saturation,
    pub criteria: SaturationCriteria,
}

/// The saturation of every group of one attribute, groups sorted by value (unknown first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSaturation {
    pub attribute: String,
    pub groups: Vec<GroupCurve>,
}

impl GroupSaturation {
    pub fn compute(
        study: &Study,
        attribute: &str,
        permutations: usize,
        seed: u64,
        settings: SaturationSettings,
    ) -> Self {
        let n_codes = study.codebook.codes.len();
        let groups = group_sets(study, attribute)
            .into_iter()
            .map(|(value, documents, sets)| GroupCurve {
                curve: Saturation::from_sets(documents.clone(), &sets, permutations, seed),
                criteria: SaturationCriteria::compute(documents, &sets, n_codes, settings),
                value,
            })
            .collect();
        Self { attribute: attribute.to_string(), groups }
    }
}

/// Per group value (sorted): its interviews in interview order and the codes each brings.
pub fn group_sets(study: &Study, attribute: &str) -> Vec<(GroupValue, Vec<String>, Vec<BitSet>)> {
    let respondents = &study.corpus.respondents;
    let n_codes = study.codebook.codes.len();
    let mut groups: std::collections::BTreeMap<GroupValue, Vec<(usize, BitSet)>> = Default::default();
    for &d in &study.order {
        for r in &study.corpus.documents[d].respondents {
            let entry = groups.entry(respondents.value_of(r, attribute)).or_default();
            if entry.last().is_none_or(|(last, _)| *last != d) {
                entry.push((d, BitSet::new(n_codes)));
            }
        }
    }
    for c in study.codings {
        let document = &study.corpus.documents[c.document];
        let owners: Vec<GroupValue> = match &document.segments[c.segment].speaker {
            Speaker::Respondent(r) => vec![respondents.value_of(r, attribute)],
            Speaker::Interviewer => document.respondents.iter().map(|r| respondents.value_of(r, attribute)).collect(),
            // Documents are not interviews: saturation leaves them out.
            Speaker::Document => Vec::new(),
        };
        for value in owners {
            if let Some(set) = groups.get_mut(&value).and_then(|g| g.iter_mut().find(|(d, _)| *d == c.document)) {
                set.1.insert(c.code);
            }
        }
    }
    groups
        .into_iter()
        .map(|(value, docs)| {
            let ids = docs.iter().map(|(d, _)| study.corpus.documents[*d].id.clone()).collect();
            (value, ids, docs.into_iter().map(|(_, s)| s).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;
    use crate::corpus::Corpus;

    fn with_domain(corpus: &mut Corpus, values: &[(&str, &str)]) {
        for (id, value) in values {
            let r = corpus.respondents.by_id.get_mut(*id).unwrap();
            r.attributes.push(("domain".into(), value.to_string()));
        }
    }

    #[test]
    fn curves_per_group_by_hand() {
        // Interviews by date: D1 (R1, zorg) {a, b}, D2 (R2, welzijn) {a}, D3 (R3, zorg) {b, c},
        // D4 (R4, no domain) {c}, F1 a focus group of R5 (zorg, speaks b) and R6 (welzijn,
        // speaks c).
        //   zorg:    D1 {a,b}, D3 {b,c}, F1 {b}  → cumulative 2, 3, 3; new 2, 1, 0
        //   welzijn: D2 {a}, F1 {c}             → cumulative 1, 2
        //   unknown: D4 {c}                     → 1
        let (mut corpus, codebook, codings) = study_parts(
            &[("D1", &["R1"]), ("D2", &["R2"]), ("D3", &["R3"]), ("D4", &["R4"]), ("F1", &["R5", "R6"])],
            &[("a", None), ("b", None), ("c", None)],
            &[(0, 0, 0), (0, 0, 1), (1, 0, 0), (2, 0, 1), (2, 0, 2), (3, 0, 2), (4, 0, 1), (4, 1, 2)],
            &[
                ("R1", "2024-01-01"),
                ("R2", "2024-01-02"),
                ("R3", "2024-01-03"),
                ("R4", "2024-01-04"),
                ("R5", "2024-01-05"),
                ("R6", "2024-01-05"),
            ],
        );
        with_domain(
            &mut corpus,
            &[("R1", "zorg"), ("R2", "welzijn"), ("R3", "zorg"), ("R5", "zorg"), ("R6", "welzijn")],
        );
        let study = Study::new(&corpus, &codebook, &codings, "interview_date");
        let sat = GroupSaturation::compute(&study, "domain", 20, 7, SaturationSettings::default());
        let got: Vec<(Option<&str>, Vec<&str>, Vec<usize>)> = sat
            .groups
            .iter()
            .map(|g| {
                let docs = g.curve.documents.iter().map(String::as_str).collect();
                (g.value.as_deref(), docs, g.curve.cumulative.clone())
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (None, vec!["D4"], vec![1]),
                (Some("welzijn"), vec!["D2", "F1"], vec![1, 2]),
                (Some("zorg"), vec!["D1", "D3", "F1"], vec![2, 3, 3]),
            ]
        );
        assert_eq!(sat.groups[2].criteria.new_codes, vec![2, 1, 0]);
        // Every random order of zorg's three interviews ends at 3 codes.
        assert_eq!(sat.groups[2].curve.perm_lo[2], 3.0);
        // Chao2 of zorg: a in 1 interview, b in 3, c in 1: Q1 = 2, Q2 = 0, m = 3:
        // 3 + (2/3)·2·1/2 = 3.6667.
        assert!((sat.groups[2].criteria.chao2.estimate - (3.0 + 2.0 / 3.0)).abs() < 1e-12);
    }
}
