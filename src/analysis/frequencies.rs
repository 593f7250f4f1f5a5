//! Code frequencies: how many segments, documents and respondents each code touches.
//!
//! A parent code counts the distinct segments (and documents, respondents) of itself and all
//! its descendants — a segment coded with two children counts once for the parent — not the
//! sum of its children's counts.

use std::collections::BTreeSet;

use super::Study;

/// Counts of one code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CodeCount {
    pub code: usize,
    pub segments: usize,
    pub documents: usize,
    pub respondents: usize,
}

/// Counts for every code of the codebook, in tree order.
pub fn code_counts(study: &Study) -> Vec<CodeCount> {
    study
        .codebook
        .tree_order()
        .into_iter()
        .map(|code| {
            let segments = &study.descendant_segments()[code];
            let documents: BTreeSet<usize> = segments.iter().map(|&(d, _)| d).collect();
            let respondents: BTreeSet<&str> = segments.iter().filter_map(|&(d, s)| study.respondent_of(d, s)).collect();
            CodeCount { code, segments: segments.len(), documents: documents.len(), respondents: respondents.len() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    #[test]
    fn parent_counts_distinct_segments_of_its_children() {
        // Codes: p (parent) with children a and b; c on its own.
        // D1 (respondent R1): seg0 a+b, seg1 a.  D2 (R2 then R3): seg0 b, seg1 c.
        let (corpus, book, codings) = study_parts(
            &[("D1", &["R1", "R1"]), ("D2", &["R2", "R3"])],
            &[("p", None), ("a", Some("p")), ("b", Some("p")), ("c", None)],
            &[(0, 0, 1), (0, 0, 2), (0, 1, 1), (1, 0, 2), (1, 1, 3)],
            &[],
        );
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let counts = code_counts(&study);
        let by_id = |id: &str| counts.iter().find(|c| book.codes[c.code].id == id).unwrap().clone();
        // p: segments {D1s0, D1s1, D2s0} = 3 (not 2 + 2 = 4); documents 2; respondents R1, R2.
        assert_eq!((by_id("p").segments, by_id("p").documents, by_id("p").respondents), (3, 2, 2));
        assert_eq!((by_id("a").segments, by_id("a").documents, by_id("a").respondents), (2, 1, 1));
        assert_eq!((by_id("b").segments, by_id("b").documents, by_id("b").respondents), (2, 2, 2));
        assert_eq!((by_id("c").segments, by_id("c").documents, by_id("c").respondents), (1, 1, 1));
        // tree order: p, a, b, c
        let order: Vec<_> = counts.iter().map(|c| book.codes[c.code].id.as_str()).collect();
        assert_eq!(order, vec!["p", "a", "b", "c"]);
    }
}
