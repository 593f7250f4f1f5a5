//! Frequencies per group of respondents, the code × document matrix and the counts of the
//! Trimbos-style sample description.
//!
//! A segment belongs to the group of the respondent who speaks in it (a focus-group turn
//! labelled `F2` belongs to F2's group; an interviewer's turn to none). A group's size is the
//! number of its respondents who speak in at least one transcript, so that "genoemd door 7 van
//! de 9 professionals in het zorgdomein" reads 7 of 9. As in `code_frequencies`, a code counts
//! the distinct segments (documents, respondents) of itself and its descendants. A respondent
//! without a value for the attribute belongs to the group `None` ("unknown" in the tables).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::Study;

/// A group: a value of an attribute, or `None` for respondents without one.
pub type GroupValue = Option<String>;

/// A file stem from a user's attribute name: lower case, letters, digits and `_`.
pub fn file_stem(attribute: &str) -> String {
    attribute.chars().map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { '_' }).collect()
}

/// Respondents who speak in at least one transcript, sorted.
fn present_respondents<'a>(study: &Study<'a>) -> Vec<&'a str> {
    let set: BTreeSet<&str> =
        study.corpus.documents.iter().flat_map(|d| d.respondents.iter().map(String::as_str)).collect();
    set.into_iter().collect()
}

/// Counts of one code within one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GroupCount {
    pub segments: usize,
    pub documents: usize,
    pub respondents: usize,
}

/// Per code (tree order) and group value: the counts; plus the size of every group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFrequencies {
    pub attribute: String,
    /// Group value → respondents in the group (present in a transcript).
    pub sizes: BTreeMap<GroupValue, usize>,
    /// (code, counts per value, in the order of `sizes`).
    pub rows: Vec<(usize, Vec<GroupCount>)>,
    /// Respondents present in all groups together.
    pub total: usize,
    /// Per code index: the respondents of all groups together who raised it.
    pub code_totals: Vec<usize>,
}

impl GroupFrequencies {
    pub fn compute(study: &Study, attribute: &str) -> Self {
        let owners = SegmentOwners::new(study);
        let respondents = &study.corpus.respondents;
        let group_of: Vec<GroupValue> = owners.names.iter().map(|r| respondents.value_of(r, attribute)).collect();
        let mut sizes: BTreeMap<GroupValue, usize> = BTreeMap::new();
        for value in &group_of {
            *sizes.entry(value.clone()).or_default() += 1;
        }
        let index: BTreeMap<&GroupValue, usize> = sizes.keys().enumerate().map(|(i, v)| (v, i)).collect();
        let group_index: Vec<usize> = group_of.iter().map(|v| index[v]).collect();
        let all = study.descendant_segments();
        let rows = study
            .codebook
            .tree_order()
            .into_par_iter()
            .map(|code| (code, count_groups(&all[code], &owners, &group_index, sizes.len())))
            .collect();
        let code_totals = total_respondents(study, &owners);
        Self { attribute: attribute.to_string(), sizes, rows, total: owners.names.len(), code_totals }
    }
}

/// The counts of one code's segments (sorted by document) per group.
fn count_groups(
    segments: &[(usize, usize)],
    owners: &SegmentOwners,
    group_index: &[usize],
    groups: usize,
) -> Vec<GroupCount> {
    let mut counts = vec![GroupCount::default(); groups];
    let mut respondent_seen = vec![false; owners.names.len()];
    let mut last_document = vec![usize::MAX; groups];
    // Segments are sorted by document, so a document is new for a group when it differs from
    // the last one counted for that group.
    for &(d, s) in segments {
        let Some(r) = owners.respondent[d][s] else { continue };
        let g = group_index[r as usize];
        counts[g].segments += 1;
        if last_document[g] != d {
            last_document[g] = d;
            counts[g].documents += 1;
        }
        if !respondent_seen[r as usize] {
            respondent_seen[r as usize] = true;
            counts[g].respondents += 1;
        }
    }
    counts
}

/// Respondents per code (with descendants), over all groups.
fn total_respondents(study: &Study, owners: &SegmentOwners) -> Vec<usize> {
    study
        .descendant_segments()
        .par_iter()
        .map(|segments| {
            let mut seen = vec![false; owners.names.len()];
            segments
                .iter()
                .filter_map(|&(d, s)| owners.respondent[d][s])
                .filter(|&r| !std::mem::replace(&mut seen[r as usize], true))
                .count()
        })
        .collect()
}

/// Who speaks in each segment, as an index into the present respondents (sorted ids).
struct SegmentOwners<'a> {
    names: Vec<&'a str>,
    /// Per document and segment.
    respondent: Vec<Vec<Option<u32>>>,
}

impl<'a> SegmentOwners<'a> {
    fn new(study: &Study<'a>) -> Self {
        let names = present_respondents(study);
        let respondent = (0..study.corpus.documents.len())
            .map(|d| {
                (0..study.corpus.documents[d].segments.len())
                    .map(|s| study.respondent_of(d, s).and_then(|r| names.binary_search(&r).ok()).map(|i| i as u32))
                    .collect()
            })
            .collect();
        Self { names, respondent }
    }
}

/// One row of the code × document matrix (MAXQDA's Code Matrix Browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub code: usize,
    /// Segments of the code (with its descendants) in each document, in the corpus's order.
    pub per_document: Vec<usize>,
    /// Distinct segments in all documents.
    pub total: usize,
}

/// The code × document matrix, every code in tree order.
pub fn code_by_document(study: &Study) -> Vec<DocumentRow> {
    study
        .codebook
        .tree_order()
        .into_iter()
        .map(|code| DocumentRow {
            code,
            per_document: segments_per_document(study, code),
            total: study.descendant_segments()[code].len(),
        })
        .collect()
}

/// Segments of a code (with its descendants) in each document, in the corpus's order.
fn segments_per_document(study: &Study, code: usize) -> Vec<usize> {
    let mut per_document = vec![0usize; study.corpus.documents.len()];
    for &(d, _) in &study.descendant_segments()[code] {
        per_document[d] += 1;
    }
    per_document
}

/// Whether every respondent file column named exists (the Trimbos tables need them).
pub fn has_attributes(study: &Study, attributes: &[&str]) -> bool {
    attributes.iter().all(|a| study.corpus.respondents.columns.iter().any(|c| c == a))
}

/// The counts of the Trimbos-style tables: respondents by profession within organisation
/// type, and the themes per organisation type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trimbos {
    pub organisation_type: String,
    pub profession: String,
    /// Organisation type → profession → respondents.
    pub by_type: BTreeMap<GroupValue, BTreeMap<GroupValue, usize>>,
    /// Respondents present in some transcript.
    pub present: usize,
    /// Per code, the respondents of each organisation type who raised it.
    pub themes: GroupFrequencies,
}

impl Trimbos {
    pub fn compute(study: &Study, organisation_type: &str, profession: &str) -> Self {
        let mut by_type: BTreeMap<GroupValue, BTreeMap<GroupValue, usize>> = BTreeMap::new();
        let present = present_respondents(study);
        let respondents = &study.corpus.respondents;
        for &r in &present {
            let t = respondents.value_of(r, organisation_type);
            let p = respondents.value_of(r, profession);
            *by_type.entry(t).or_default().entry(p).or_default() += 1;
        }
        Self {
            organisation_type: organisation_type.into(),
            profession: profession.into(),
            by_type,
            present: present.len(),
            themes: GroupFrequencies::compute(study, organisation_type),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;
    use crate::corpus::{Respondent, Respondents};

    /// Respondents A, B (zorg; vg-instelling, arts / begeleider), C (zorg; ggz-instelling, arts),
    /// D (buiten; gemeente), E (zorg, never speaks). Documents: D1 = A; D2 = B; FG = C and D.
    /// Codes: p with children a, b; c.
    ///   D1: s0 (A) a+b, s1 (A) a      D2: s0 (B) b
    ///   FG: s0 (C) a, s1 (D) c, s2 (C) c
    pub(crate) fn study_data() -> (crate::corpus::Corpus, crate::codebook::Codebook, Vec<crate::coding::Coding>) {
        let (mut corpus, book, codings) = study_parts(
            &[("D1", &["A", "A"]), ("D2", &["B"]), ("FG", &["C", "D", "C"])],
            &[("p", None), ("a", Some("p")), ("b", Some("p")), ("c", None)],
            &[(0, 0, 1), (0, 0, 2), (0, 1, 1), (1, 0, 2), (2, 0, 1), (2, 1, 3), (2, 2, 3)],
            &[],
        );
        let mut respondents = Respondents {
            columns: vec!["domain".into(), "organisation_type".into(), "profession".into()],
            ..Default::default()
        };
        for (id, domain, org, prof) in [
            ("A", "zorg", "vg-instelling", "arts"),
            ("B", "zorg", "vg-instelling", "begeleider"),
            ("C", "zorg", "ggz-instelling", "arts"),
            ("D", "buiten", "gemeente", "consulent"),
            ("E", "zorg", "vg-instelling", "arts"),
        ] {
            respondents.by_id.insert(
                id.into(),
                Respondent {
                    id: id.into(),
                    attributes: vec![
                        ("domain".into(), domain.into()),
                        ("organisation_type".into(), org.into()),
                        ("profession".into(), prof.into()),
                    ],
                },
            );
        }
        corpus.respondents = respondents;
        (corpus, book, codings)
    }

    fn value(v: &str) -> GroupValue {
        Some(v.to_string())
    }

    #[test]
    fn groups_count_respondents_of_the_group() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let g = GroupFrequencies::compute(&study, "domain");
        // Present respondents: A, B, C (zorg: 3), D (buiten: 1); E never speaks.
        assert_eq!(g.sizes, BTreeMap::from([(value("buiten"), 1), (value("zorg"), 3)]));
        assert_eq!(g.total, 4);
        // p: zorg respondents A, B, C, buiten none. In zorg: segments D1 s0, D1 s1, D2 s0,
        // FG s0 = 4 (D1 s0 once, not twice); documents D1, D2, FG = 3.
        // c: D (buiten) speaks FG s1, C (zorg) FG s2: one segment, document, respondent each.
        let p = &g.rows[0];
        assert_eq!(p.0, 0);
        assert_eq!(p.1[0], GroupCount { segments: 0, documents: 0, respondents: 0 });
        assert_eq!(p.1[1], GroupCount { segments: 4, documents: 3, respondents: 3 });
        let c = &g.rows[3];
        assert_eq!(c.1[0], GroupCount { segments: 1, documents: 1, respondents: 1 });
        assert_eq!(c.1[1], GroupCount { segments: 1, documents: 1, respondents: 1 });
        // Over all groups: p 3 (A, B, C), a 2 (A, C), b 2 (A, B), c 2 (C, D).
        assert_eq!(g.code_totals, vec![3, 2, 2, 2]);
    }

    #[test]
    fn code_by_document_matrix() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let rows = code_by_document(&study);
        // p: D1 2 (s0 counted once), D2 1, FG 1 → 4; c: FG 2.
        assert_eq!(rows[0], DocumentRow { code: 0, per_document: vec![2, 1, 1], total: 4 });
        assert_eq!(rows[3], DocumentRow { code: 3, per_document: vec![0, 0, 2], total: 2 });
    }

    #[test]
    fn trimbos_counts() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        assert!(has_attributes(&study, &["organisation_type", "profession"]));
        assert!(!has_attributes(&study, &["organisation_type", "functie"]));
        let t = Trimbos::compute(&study, "organisation_type", "profession");
        assert_eq!(t.present, 4);
        assert_eq!(t.by_type[&value("vg-instelling")], BTreeMap::from([(value("arts"), 1), (value("begeleider"), 1)]));
        assert_eq!(t.by_type[&value("gemeente")], BTreeMap::from([(value("consulent"), 1)]));
        // p: C (ggz), A and B (vg) → gemeente 0, ggz 1, vg 2; c: D (gemeente), C (ggz).
        let respondents = |row: &(usize, Vec<GroupCount>)| row.1.iter().map(|c| c.respondents).collect::<Vec<_>>();
        assert_eq!(respondents(&t.themes.rows[0]), vec![0, 1, 2]);
        assert_eq!(respondents(&t.themes.rows[3]), vec![1, 1, 0]);
    }
}
