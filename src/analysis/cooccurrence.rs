//! Co-occurrence at four levels, since tools disagree on what "together" means:
//!
//! - `segment`: both codes on the same segment (coding unit);
//! - `overlap`: fragments of a manual coding whose character spans overlap, by the same coder
//!   (two coders marking the same passage is agreement, not co-occurrence);
//! - `window`: within k coded units of each other in the same document (k = 0 is `segment`);
//! - `document`: both codes somewhere in the same document.
//!
//! Every level counts *units* and uses one formula. The unit is the segment for `segment` and
//! `window`, the fragment for `overlap`, the document for `document`. For a pair (a, b):
//! `units_a`, `units_b` are the units carrying each code, `either` the units carrying a or b,
//! and `both` the units carrying one of them with the other present at that level (on the
//! same segment; overlapping; within k units; in the same document). The c-coefficient is
//! both / either, which for `segment` and `document` is ATLAS.ti's n12 / (n1 + n2 − n12) and
//! stays between 0 and 1 at every level. `jaccard_documents` is the same ratio over documents.
//!
//! Codes count as coded (a parent is not credited with its children) or lifted to a level of
//! the code tree ([`super::tree_level`]), where a parent and its child become one code.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::stats::ratio;
use crate::coding::manual::ManualCoding;
use crate::coding::{Coding, Speakers};
use crate::corpus::{Corpus, Speaker};

/// Which co-occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoLevel {
    Segment,
    Overlap,
    Window(usize),
    Document,
}

impl CoLevel {
    /// The name used in file names (`tables/cooccurrence_<name>.csv`).
    pub fn name(&self) -> &'static str {
        match self {
            CoLevel::Segment => "segment",
            CoLevel::Overlap => "overlap",
            CoLevel::Window(_) => "window",
            CoLevel::Document => "document",
        }
    }
}

/// Pair counts over a dense code index (the codebook's code indices, possibly lifted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairCounts {
    pub level: CoLevel,
    pub n_codes: usize,
    /// Units carrying each code.
    pub units: Vec<usize>,
    /// `both[a * n + b]` for a < b.
    pub both: Vec<usize>,
    /// `either[a * n + b]` for a < b: units carrying a or b.
    pub either: Vec<usize>,
    /// Documents with each code, and with both codes (a < b), for `jaccard_documents`.
    pub documents: Vec<usize>,
    pub documents_both: Vec<usize>,
}

impl PairCounts {
    pub fn both(&self, a: usize, b: usize) -> usize {
        let (a, b) = (a.min(b), a.max(b));
        self.both[a * self.n_codes + b]
    }

    pub fn either(&self, a: usize, b: usize) -> usize {
        let (a, b) = (a.min(b), a.max(b));
        self.either[a * self.n_codes + b]
    }

    pub fn c_coefficient(&self, a: usize, b: usize) -> f64 {
        ratio(self.both(a, b), self.either(a, b))
    }

    pub fn jaccard_documents(&self, a: usize, b: usize) -> f64 {
        let (lo, hi) = (a.min(b), a.max(b));
        let both = self.documents_both[lo * self.n_codes + hi];
        ratio(both, self.documents[a] + self.documents[b] - both)
    }
}

/// Accumulators for one thread.
#[derive(Clone)]
struct Acc {
    units: Vec<usize>,
    seg_both: Vec<usize>,
    win_both: Vec<usize>,
    documents: Vec<usize>,
    doc_both: Vec<usize>,
}

impl Acc {
    fn new(n: usize) -> Self {
        Self {
            units: vec![0; n],
            seg_both: vec![0; n * n],
            win_both: vec![0; n * n],
            documents: vec![0; n],
            doc_both: vec![0; n * n],
        }
    }

    fn add(mut self, other: Acc) -> Acc {
        for (x, y) in [
            (&mut self.units, &other.units),
            (&mut self.seg_both, &other.seg_both),
            (&mut self.win_both, &other.win_both),
            (&mut self.documents, &other.documents),
            (&mut self.doc_both, &other.doc_both),
        ] {
            x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
        }
        self
    }
}

/// Adds 1 to every pair (a < b) of a sorted, deduplicated code list.
fn add_pairs(matrix: &mut [usize], n: usize, codes: &[u32]) {
    for (i, &a) in codes.iter().enumerate() {
        for &b in &codes[i + 1..] {
            matrix[a as usize * n + b as usize] += 1;
        }
    }
}

/// Segment, window and document co-occurrence of coded segments, documents in parallel.
/// `lift` maps each code to the code it counts as; `window` is k.
pub fn segment_levels(
    corpus: &Corpus,
    codings: &[Coding],
    lift: &[usize],
    window: usize,
    speakers: Speakers,
) -> [PairCounts; 3] {
    let n = lift.len();
    let (triples, starts) = codes_by_document(corpus, codings, lift);
    // A few chunks of documents per thread: each chunk owns one set of n × n accumulators, so
    // their number (and the cost of adding them up) does not grow with the documents.
    let documents: Vec<usize> = (0..corpus.documents.len()).collect();
    let chunk = documents.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let acc = documents
        .par_chunks(chunk)
        .map(|chunk| {
            chunk.iter().fold(Acc::new(n), |mut acc, &d| {
                let mine = &triples[starts[d]..starts[d + 1]];
                if !mine.is_empty() {
                    add_document(&mut acc, &corpus.documents[d], mine, window, speakers);
                }
                acc
            })
        })
        .reduce(|| Acc::new(n), Acc::add);
    acc.into_levels(window)
}

/// (document, segment, code) of every coding, codes lifted, sorted and deduplicated, and the
/// start of each document's triples (one more entry than there are documents).
fn codes_by_document(corpus: &Corpus, codings: &[Coding], lift: &[usize]) -> (Vec<(u32, u32, u32)>, Vec<usize>) {
    let mut triples: Vec<(u32, u32, u32)> =
        codings.iter().map(|c| (c.document as u32, c.segment as u32, lift[c.code] as u32)).collect();
    triples.par_sort_unstable();
    triples.dedup();
    let mut starts = vec![0usize; corpus.documents.len() + 1];
    for t in &triples {
        starts[t.0 as usize + 1] += 1;
    }
    for d in 0..corpus.documents.len() {
        starts[d + 1] += starts[d];
    }
    (triples, starts)
}

/// Adds one document's coded segments (`mine`, its sorted triples) to the accumulators.
fn add_document(
    acc: &mut Acc,
    doc: &crate::corpus::Document,
    mine: &[(u32, u32, u32)],
    window: usize,
    speakers: Speakers,
) {
    let n = acc.units.len();
    // Rank of each segment among the units the project codes; coded segments that are not
    // such a unit (e.g. an interviewer turn) are their own window.
    let mut rank = vec![None; doc.segments.len()];
    let mut units: Vec<usize> = Vec::new();
    for (s, segment) in doc.segments.iter().enumerate() {
        if speakers == Speakers::All || segment.speaker != Speaker::Interviewer {
            rank[s] = Some(units.len());
            units.push(s);
        }
    }
    // Codes per segment as ranges into `mine`.
    let mut seg_range = vec![(0usize, 0usize); doc.segments.len()];
    let mut i = 0;
    while i < mine.len() {
        let s = mine[i].1 as usize;
        let j = i + mine[i..].iter().take_while(|t| t.1 as usize == s).count();
        seg_range[s] = (i, j);
        i = j;
    }
    let codes_of = |s: usize| -> Vec<u32> { mine[seg_range[s].0..seg_range[s].1].iter().map(|t| t.2).collect() };
    let mut in_doc: Vec<u32> = Vec::new();
    let mut near: Vec<u32> = Vec::new();
    for (s, rank_of_s) in rank.iter().enumerate() {
        let here = codes_of(s);
        if here.is_empty() {
            continue;
        }
        for &c in &here {
            acc.units[c as usize] += 1;
        }
        add_pairs(&mut acc.seg_both, n, &here);
        in_doc.extend_from_slice(&here);
        // Codes within `window` units (including this segment).
        near.clear();
        match *rank_of_s {
            Some(r) => {
                for &u in &units[r.saturating_sub(window)..(r + window + 1).min(units.len())] {
                    near.extend(codes_of(u));
                }
            }
            None => near.extend_from_slice(&here),
        }
        near.sort_unstable();
        near.dedup();
        for &a in &here {
            for &b in &near {
                if a == b || (here.binary_search(&b).is_ok() && b < a) {
                    continue;
                }
                let (lo, hi) = (a.min(b) as usize, a.max(b) as usize);
                acc.win_both[lo * n + hi] += 1;
            }
        }
    }
    in_doc.sort_unstable();
    in_doc.dedup();
    for &c in &in_doc {
        acc.documents[c as usize] += 1;
    }
    add_pairs(&mut acc.doc_both, n, &in_doc);
}

impl Acc {
    /// The segment, window and document levels of the accumulated counts.
    fn into_levels(self, window: usize) -> [PairCounts; 3] {
        let n = self.units.len();
        let either = |units: &[usize], both: &[usize]| -> Vec<usize> {
            let mut e = vec![0; n * n];
            for a in 0..n {
                for b in a + 1..n {
                    e[a * n + b] = units[a] + units[b] - both[a * n + b];
                }
            }
            e
        };
        let segment_either = either(&self.units, &self.seg_both);
        let make = |level: CoLevel, units: &[usize], both: Vec<usize>, either: Vec<usize>| PairCounts {
            level,
            n_codes: n,
            units: units.to_vec(),
            both,
            either,
            documents: self.documents.clone(),
            documents_both: self.doc_both.clone(),
        };
        [
            make(CoLevel::Segment, &self.units, self.seg_both.clone(), segment_either.clone()),
            make(CoLevel::Window(window), &self.units, self.win_both.clone(), segment_either),
            make(CoLevel::Document, &self.documents, self.doc_both.clone(), either(&self.documents, &self.doc_both)),
        ]
    }
}

/// Overlapping spans of manual codings, per coder and document.
pub fn overlap_level(manual: &[ManualCoding], lift: &[usize]) -> PairCounts {
    let n = lift.len();
    let mut fragments: Vec<(&str, usize, usize, usize, usize)> =
        manual.iter().map(|m| (m.coder.as_str(), m.document, m.start, m.end, lift[m.code])).collect();
    fragments.sort_unstable();
    fragments.dedup();
    let mut units = vec![0; n];
    let mut both = vec![0; n * n];
    let mut per_doc: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    // Each fragment's set of other codes it overlaps.
    let mut overlapped: Vec<Vec<usize>> = vec![Vec::new(); fragments.len()];
    let mut i = 0;
    while i < fragments.len() {
        // One (coder, document) group, sorted by start.
        let mut j = i;
        while j < fragments.len() && fragments[j].0 == fragments[i].0 && fragments[j].1 == fragments[i].1 {
            j += 1;
        }
        for x in i..j {
            let (_, d, _, end_x, code_x) = fragments[x];
            per_doc.entry(d).or_default().push(code_x);
            for y in x + 1..j {
                let (_, _, start_y, _, code_y) = fragments[y];
                if start_y >= end_x {
                    break;
                }
                if code_x != code_y {
                    overlapped[x].push(code_y);
                    overlapped[y].push(code_x);
                }
            }
        }
        i = j;
    }
    for (f, others) in fragments.iter().zip(overlapped.iter_mut()) {
        units[f.4] += 1;
        others.sort_unstable();
        others.dedup();
        for &b in others.iter() {
            let (lo, hi) = (f.4.min(b), f.4.max(b));
            both[lo * n + hi] += 1;
        }
    }
    let mut either = vec![0; n * n];
    for a in 0..n {
        for b in a + 1..n {
            // A fragment carries one code: the fragments with a or b are those with a plus those with b.
            either[a * n + b] = units[a] + units[b];
        }
    }
    let mut documents = vec![0; n];
    let mut documents_both = vec![0; n * n];
    for codes in per_doc.values_mut() {
        codes.sort_unstable();
        codes.dedup();
        for &c in codes.iter() {
            documents[c] += 1;
        }
        let as_u32: Vec<u32> = codes.iter().map(|&c| c as u32).collect();
        add_pairs(&mut documents_both, n, &as_u32);
    }
    PairCounts { level: CoLevel::Overlap, n_codes: n, units, both, either, documents, documents_both }
}

/// Co-occurrence at segment and document level of the codes that occur at all, as the
/// square matrices the heatmap draws and `tables/cooccurrence` lists: a view of the segment
/// level's [`PairCounts`] (one kernel counts every level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cooccurrence {
    /// Code indices, in tree order; matrices are indexed by position in this list.
    pub codes: Vec<usize>,
    /// `segments[i][j]`: segments coded with both; the diagonal holds each code's own count.
    pub segments: Vec<Vec<usize>>,
    /// `documents[i][j]`: documents in which both occur; the diagonal holds each code's count.
    pub documents: Vec<Vec<usize>>,
}

impl Cooccurrence {
    /// The matrices of `codes` (code indices, as coded) from the segment level's counts.
    pub fn from_segment_level(segment: &PairCounts, codes: Vec<usize>) -> Self {
        let square = |diagonal: &[usize], both: &[usize]| -> Vec<Vec<usize>> {
            codes
                .iter()
                .map(|&a| {
                    codes
                        .iter()
                        .map(|&b| {
                            let (lo, hi) = (a.min(b), a.max(b));
                            if a == b {
                                diagonal[a]
                            } else {
                                both[lo * segment.n_codes + hi]
                            }
                        })
                        .collect()
                })
                .collect()
        };
        let segments = square(&segment.units, &segment.both);
        let documents = square(&segment.documents, &segment.documents_both);
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;
    use crate::analysis::tree_level::lift_to_depth;

    #[test]
    fn four_levels_by_hand() {
        // Codes: p (parent) with children a, b; c on its own. Indices p0 a1 b2 c3.
        // D1 segments 0..5 (all respondent):  s0 {a}  s1 {}  s2 {b}  s3 {a,c}  s4 {}
        // D2: s0 {b}  s1 {c}
        let (corpus, book, codings) = study_parts(
            &[("D1", &["R1"; 5]), ("D2", &["R2", "R2"])],
            &[("p", None), ("a", Some("p")), ("b", Some("p")), ("c", None)],
            &[(0, 0, 1), (0, 2, 2), (0, 3, 1), (0, 3, 3), (1, 0, 2), (1, 1, 3)],
            &[],
        );
        let identity: Vec<usize> = (0..4).collect();
        let [seg, win, doc] = segment_levels(&corpus, &codings, &identity, 1, Speakers::Respondent);
        // Segment level: units a 2, b 2, c 2; only {a,c} share a segment (D1 s3).
        assert_eq!(seg.units, vec![0, 2, 2, 2]);
        assert_eq!((seg.both(1, 3), seg.both(1, 2), seg.both(2, 3)), (1, 0, 0));
        // c(a,c) = 1 / (2 + 2 − 1) = 1/3.
        assert!((seg.c_coefficient(1, 3) - 1.0 / 3.0).abs() < 1e-12);
        // Window k = 1:
        //   a–b: D1 s0(a) has s1 — no b; s2(b) has s1,s3 → a at s3: counts; s3(a) has s2 (b): counts.
        //        D2 s0(b): neighbours s1 {c}: no a. → both(a,b) = 2; either = a ∪ b segments = 4.
        //   a–c: s3 carries both (counted once); s2? carries neither. D2: no a. → 1.
        //   b–c: D1 s2(b) has s3 {a,c}: counts; s3(c) has s2 (b): counts; D2 s0(b) near s1 (c):
        //        counts; s1(c) near s0 (b): counts → 4; either = b ∪ c segments = 4 → c = 1.
        assert_eq!((win.both(1, 2), win.both(1, 3), win.both(2, 3)), (2, 1, 4));
        assert_eq!(win.either(1, 2), 4);
        assert!((win.c_coefficient(2, 3) - 1.0).abs() < 1e-12);
        // Document level: a {D1}, b {D1, D2}, c {D1, D2}: a–b 1, a–c 1, b–c 2.
        assert_eq!(doc.units, vec![0, 1, 2, 2]);
        assert_eq!((doc.both(1, 2), doc.both(1, 3), doc.both(2, 3)), (1, 1, 2));
        // Jaccard(a,b) over documents = 1 / (1 + 2 − 1) = 0.5.
        assert!((doc.c_coefficient(1, 2) - 0.5).abs() < 1e-12);
        assert!((seg.jaccard_documents(1, 2) - 0.5).abs() < 1e-12);

        // At level 0 of the tree a and b become p: p on D1 s0, s2, s3 and D2 s0.
        let lifted = lift_to_depth(&book, 0);
        let [seg0, win0, _] = segment_levels(&corpus, &codings, &lifted, 1, Speakers::Respondent);
        assert_eq!(seg0.units, vec![4, 0, 0, 2]);
        // p–c on a segment: D1 s3 → 1; either = 4 + 2 − 1 = 5.
        assert_eq!((seg0.both(0, 3), seg0.either(0, 3)), (1, 5));
        // Window: p-segments with c near: D1 s2 (s3), s3 (itself), D2 s0 (s1) = 3;
        // c-segments with p near: D1 s3 (itself, counted once with the pair), D2 s1 (s0) = 1 more
        // → 4 (s0 of D1 is two away from s3).
        assert_eq!(win0.both(0, 3), 4);
        // c(p, c) at segment level = 1 / 5.
        assert!((seg0.c_coefficient(0, 3) - 0.2).abs() < 1e-12);
        let _ = book;
    }

    #[test]
    fn window_skips_interviewer_turns() {
        // D1: s0 R {a}, s1 interviewer, s2 R {b}: with k = 1 a and b are neighbours among the
        // respondent's units; with speakers = all the interviewer turn sits between them.
        let (mut corpus, _, codings) =
            study_parts(&[("D1", &["R", "R", "R"])], &[("a", None), ("b", None)], &[(0, 0, 0), (0, 2, 1)], &[]);
        corpus.documents[0].segments[1].speaker = Speaker::Interviewer;
        let identity = vec![0, 1];
        let [_, win, _] = segment_levels(&corpus, &codings, &identity, 1, Speakers::Respondent);
        assert_eq!(win.both(0, 1), 2);
        let [_, win, _] = segment_levels(&corpus, &codings, &identity, 1, Speakers::All);
        assert_eq!(win.both(0, 1), 0);
    }

    #[test]
    fn overlapping_spans_by_hand() {
        let m = |coder: &str, document: usize, start: usize, end: usize, code: usize| ManualCoding {
            document,
            start,
            end,
            code,
            coder: coder.into(),
            origin: String::new(),
        };
        // Coder s in D0: a 0..10, b 5..15, c 15..20 (touches b, no overlap), a 30..40.
        // Coder t in D0: c 0..10 (overlaps s's a, but another coder: not counted).
        let manual = vec![
            m("s", 0, 0, 10, 0),
            m("s", 0, 5, 15, 1),
            m("s", 0, 15, 20, 2),
            m("s", 0, 30, 40, 0),
            m("t", 0, 0, 10, 2),
        ];
        let o = overlap_level(&manual, &[0, 1, 2]);
        assert_eq!(o.units, vec![2, 1, 2]);
        // a–b: fragment a 0..10 overlaps b, and b overlaps a → both 2; either = 2 + 1 = 3.
        assert_eq!((o.both(0, 1), o.either(0, 1)), (2, 3));
        assert_eq!((o.both(0, 2), o.both(1, 2)), (0, 0));
        assert!((o.c_coefficient(0, 1) - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn matrices_of_used_codes_worked_example() {
        // Codes a, b, c. Segments:
        //   D1: s0 {a,b}  s1 {a}  s2 {b,c}
        //   D2: s0 {a}    s1 {c}
        //   D3: s0 {b}
        // Segment counts: a 3, b 3, c 2; pairs: ab 1, bc 1, ac 0.
        // Document counts: a 2 (D1,D2), b 2 (D1,D3), c 2 (D1,D2); pairs: ab 1, ac 2, bc 1.
        let (corpus, _, codings) = study_parts(
            &[("D1", &["R1", "R1", "R1"]), ("D2", &["R2", "R2"]), ("D3", &["R3"])],
            &[("a", None), ("b", None), ("c", None)],
            &[(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 2, 1), (0, 2, 2), (1, 0, 0), (1, 1, 2), (2, 0, 1)],
            &[],
        );
        let [seg, win0, _] = segment_levels(&corpus, &codings, &[0, 1, 2], 0, Speakers::Respondent);
        // A window of 0 units is the segment level.
        assert_eq!(seg.both, win0.both);
        let co = Cooccurrence::from_segment_level(&seg, vec![0, 1, 2]);
        assert_eq!(co.segments, vec![vec![3, 1, 0], vec![1, 3, 1], vec![0, 1, 2]]);
        assert_eq!(co.documents, vec![vec![2, 1, 2], vec![1, 2, 1], vec![2, 1, 2]]);
        // c(a,b) = 1 / (3 + 3 - 1) = 0.2; c(b,c) = 1 / (3 + 2 - 1) = 0.25
        assert!((co.c_coefficient(0, 1) - 0.2).abs() < 1e-12);
        assert!((co.c_coefficient(1, 2) - 0.25).abs() < 1e-12);
        // jaccard(a,c) = 2 / (2 + 2 - 2) = 1; jaccard(a,b) = 1 / 3
        assert!((co.jaccard(0, 2) - 1.0).abs() < 1e-12);
        assert!((co.jaccard(0, 1) - 1.0 / 3.0).abs() < 1e-12);
        // Only b and c as the used codes: the matrices shrink to them.
        let bc = Cooccurrence::from_segment_level(&seg, vec![1, 2]);
        assert_eq!(bc.segments, vec![vec![3, 1], vec![1, 2]]);
    }
}
