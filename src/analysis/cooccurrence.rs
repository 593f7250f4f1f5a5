//! Co-occurrence of codes: two codes on the same segment, and in the same document.
//!
//! Definitions (stated in every caption, since tools disagree): `segments` is the number of
//! segments coded with both codes; `documents` the number of documents in which both occur;
//! `c_coefficient` is ATLAS.ti's n12 / (n1 + n2 − n12) over segments (0 = never together,
//! 1 = always together); `jaccard` is the same ratio over documents. Codes are counted as coded
//! (a parent is not credited with its children's segments here), so that a parent and its
//! child do not co-occur by construction.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::stats::ratio;
use super::Study;
use crate::render::Language;
use crate::table::Table;

/// Co-occurrence counts among the codes that occur at all.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cooccurrence {
    /// Code indices, in tree order; matrices are indexed by position in this list.
    pub codes: Vec<usize>,
    /// `segments[i][j]`: segments coded with both; the diagonal holds each code's own count.
    pub segments: Vec<Vec<usize>>,
    /// `documents[i][j]`: documents in which both occur; the diagonal holds each code's count.
    pub documents: Vec<Vec<usize>>,
}

impl Cooccurrence {
    /// Counts pairs from each segment's (and document's) set of codes, documents in parallel.
    pub fn compute(study: &Study) -> Self {
        let codes = study.used_codes();
        let n = codes.len();
        let position: Vec<Option<usize>> = {
            let mut p = vec![None; study.codebook.codes.len()];
            for (i, &c) in codes.iter().enumerate() {
                p[c] = Some(i);
            }
            p
        };
        // Codes per segment and per document, as positions.
        let mut per_segment: Vec<Vec<BTreeSet<usize>>> =
            study.corpus.documents.iter().map(|d| vec![BTreeSet::new(); d.segments.len()]).collect();
        for c in study.codings {
            if let Some(p) = position[c.code] {
                per_segment[c.document][c.segment].insert(p);
            }
        }
        let empty = || (vec![vec![0usize; n]; n], vec![vec![0usize; n]; n]);
        // A few chunks of documents per thread, so that the number of n × n accumulators does
        // not grow with the documents.
        let chunk = per_segment.len().div_ceil(4 * rayon::current_num_threads()).max(1);
        let (segments, documents) = per_segment
            .par_chunks(chunk)
            .map(|chunk| {
                chunk.iter().fold(empty(), |(mut seg, mut doc), doc_segments| {
                    let mut in_doc = BTreeSet::new();
                    for set in doc_segments {
                        add_pairs(&mut seg, set);
                        in_doc.extend(set.iter().copied());
                    }
                    add_pairs(&mut doc, &in_doc);
                    (seg, doc)
                })
            })
            .reduce(empty, |(mut s1, mut d1), (s2, d2)| {
                for i in 0..n {
                    for j in 0..n {
                        s1[i][j] += s2[i][j];
                        d1[i][j] += d2[i][j];
                    }
                }
                (s1, d1)
            });
        Self { codes, segments, documents }
    }

    /// ATLAS.ti's c-coefficient of the pair at positions (i, j), over segments.
    pub fn c_coefficient(&self, i: usize, j: usize) -> f64 {
        let n12 = self.segments[i][j];
        ratio(n12, self.segments[i][i] + self.segments[j][j] - n12)
    }

    /// Jaccard index of the pair at positions (i, j), over documents.
    pub fn jaccard(&self, i: usize, j: usize) -> f64 {
        let d12 = self.documents[i][j];
        ratio(d12, self.documents[i][i] + self.documents[j][j] - d12)
    }

    /// `tables/cooccurrence`: one row per pair that shares at least one document.
    pub fn table(&self, study: &Study, language: Language) -> Table {
        let caption = match language {
            Language::Nl => "Co-occurrence van codes: segments = segmenten met beide codes; documents = documenten met beide codes; c_coefficient = n12 / (n1 + n2 − n12) over segmenten; jaccard = dezelfde verhouding over documenten",
            Language::En => "Code co-occurrence: segments = segments coded with both codes; documents = documents with both codes; c_coefficient = n12 / (n1 + n2 − n12) over segments; jaccard = the same ratio over documents",
        };
        let mut table = Table::new(
            "cooccurrence",
            caption,
            &["code_a", "code_b", "segments", "documents", "jaccard", "c_coefficient"],
        );
        for i in 0..self.codes.len() {
            for j in i + 1..self.codes.len() {
                if self.documents[i][j] == 0 {
                    continue;
                }
                table.push(vec![
                    study.codebook.codes[self.codes[i]].id.as_str().into(),
                    study.codebook.codes[self.codes[j]].id.as_str().into(),
                    self.segments[i][j].into(),
                    self.documents[i][j].into(),
                    self.jaccard(i, j).into(),
                    self.c_coefficient(i, j).into(),
                ]);
            }
        }
        table
    }
}

/// Adds 1 to every pair (and the diagonal) of a set of positions.
fn add_pairs(matrix: &mut [Vec<usize>], set: &BTreeSet<usize>) {
    let items: Vec<usize> = set.iter().copied().collect();
    for (k, &i) in items.iter().enumerate() {
        matrix[i][i] += 1;
        for &j in &items[k + 1..] {
            matrix[i][j] += 1;
            matrix[j][i] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    #[test]
    fn worked_example() {
        // Codes a, b, c. Segments:
        //   D1: s0 {a,b}  s1 {a}  s2 {b,c}
        //   D2: s0 {a}    s1 {c}
        //   D3: s0 {b}
        // Segment counts: a 3, b 3, c 2; pairs: ab 1, bc 1, ac 0.
        // Document counts: a 2 (D1,D2), b 2 (D1,D3), c 2 (D1,D2); pairs: ab 1, ac 2, bc 1.
        let (corpus, book, codings) = study_parts(
            &[("D1", &["R1", "R1", "R1"]), ("D2", &["R2", "R2"]), ("D3", &["R3"])],
            &[("a", None), ("b", None), ("c", None)],
            &[(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 2, 1), (0, 2, 2), (1, 0, 0), (1, 1, 2), (2, 0, 1)],
            &[],
        );
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let co = Cooccurrence::compute(&study);
        assert_eq!(co.segments, vec![vec![3, 1, 0], vec![1, 3, 1], vec![0, 1, 2]]);
        assert_eq!(co.documents, vec![vec![2, 1, 2], vec![1, 2, 1], vec![2, 1, 2]]);
        // c(a,b) = 1 / (3 + 3 - 1) = 0.2; c(b,c) = 1 / (3 + 2 - 1) = 0.25
        assert!((co.c_coefficient(0, 1) - 0.2).abs() < 1e-12);
        assert!((co.c_coefficient(1, 2) - 0.25).abs() < 1e-12);
        // jaccard(a,c) = 2 / (2 + 2 - 2) = 1; jaccard(a,b) = 1 / 3
        assert!((co.jaccard(0, 2) - 1.0).abs() < 1e-12);
        assert!((co.jaccard(0, 1) - 1.0 / 3.0).abs() < 1e-12);
        let table = co.table(&study, Language::En);
        // Pairs sharing a document: ab, ac, bc.
        assert_eq!(table.rows.len(), 3);
        let ac = table.rows.iter().find(|r| r[0].render() == "a" && r[1].render() == "c").unwrap();
        assert_eq!(
            (ac[2].render(), ac[3].render(), ac[4].render(), ac[5].render()),
            ("0".into(), "2".into(), "1.0000".into(), "0.0000".into())
        );
    }
}
