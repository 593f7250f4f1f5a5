//! Analyses: plain numbers from the coded corpus, never files and never words.
//!
//! [`Study`] indexes the corpus, codebook and codings once (which segments, documents and
//! respondents each code touches, and the interview order); every analysis reads from it and
//! returns plain data. [`analyse`] computes them all for a run; the render stage words them in
//! the project language ([`crate::render::tables`]) and draws them.

pub mod agreement;
pub mod agreement_intervals;
mod analyses;
pub mod bitset;
pub mod bootstrap;
pub mod chao2;
pub mod character_agreement;
pub mod cooccurrence;
pub mod evaluation;
pub mod frequencies;
pub mod group_saturation;
pub mod groups;
pub mod intercoder;
pub mod krippendorff;
mod options;
pub mod sample;
pub mod saturation;
pub mod saturation_criteria;
pub mod speakers;
pub mod stats;
pub mod suggestion_cv;
#[cfg(test)]
pub(crate) mod testkit;
pub mod tree_level;
pub mod word_count;

use std::collections::BTreeSet;

use crate::codebook::Codebook;
use crate::coding::Coding;
use crate::corpus::{natural_cmp, Corpus, DocumentKind, Speaker};

pub use analyses::{analyse, Analyses, AnalysisInput, CodeLevel, CooccurrenceLevels};
pub use options::AnalysisOptions;

/// The coded study, indexed for the analyses.
pub struct Study<'a> {
    pub corpus: &'a Corpus,
    pub codebook: &'a Codebook,
    pub codings: &'a [Coding],
    /// Document indices in interview order (see [`interview_order`]).
    pub order: Vec<usize>,
    /// For each code: the (document, segment) pairs coded with it directly, sorted, each once.
    /// Sorted vectors, not sets: a `BTreeSet` per code held the half million codings of a
    /// 100 MB study in some 18 MB of tree nodes, twice over when the render stage indexed
    /// the study again (issue 15).
    pub segments_of_code: Vec<Vec<(usize, usize)>>,
    /// For each code: the segments of itself and its descendants, sorted, computed once on
    /// first use (see [`Study::descendant_segments`]).
    descendant_segments: std::sync::OnceLock<Vec<Vec<(usize, usize)>>>,
}

/// For each of `codes` codes, the (document, segment) pairs of its codings, sorted and each
/// once, in vectors of exactly their size (counted first, so that none grows by doubling).
fn segments_of_code(codes: usize, codings: &[Coding]) -> Vec<Vec<(usize, usize)>> {
    let mut counts = vec![0usize; codes];
    codings.iter().for_each(|c| counts[c.code] += 1);
    let mut segments: Vec<Vec<(usize, usize)>> = counts.into_iter().map(Vec::with_capacity).collect();
    for c in codings {
        segments[c.code].push((c.document, c.segment));
    }
    for of_code in &mut segments {
        of_code.sort_unstable();
        of_code.dedup();
        of_code.shrink_to_fit();
    }
    segments
}

impl<'a> Study<'a> {
    /// Indexes the codings; `order_attribute` is the respondent attribute that orders the
    /// interviews (usually `interview_date`).
    pub fn new(corpus: &'a Corpus, codebook: &'a Codebook, codings: &'a [Coding], order_attribute: &str) -> Self {
        Self {
            corpus,
            codebook,
            codings,
            order: interview_order(corpus, order_attribute),
            segments_of_code: segments_of_code(codebook.codes.len(), codings),
            descendant_segments: std::sync::OnceLock::new(),
        }
    }

    /// The index without an interview order (documents in corpus order), for uses that do
    /// not look at the order: quotes, summaries.
    pub fn unordered(corpus: &'a Corpus, codebook: &'a Codebook, codings: &'a [Coding]) -> Self {
        let mut study = Self::new(corpus, codebook, codings, "");
        study.order = (0..corpus.documents.len()).collect();
        study
    }

    /// For each code, the segments of itself and all its descendants, each once, sorted: the
    /// segments a parent code counts. Computed once (codes in parallel) and kept, since the
    /// group tables read it several times.
    pub fn descendant_segments(&self) -> &[Vec<(usize, usize)>] {
        self.descendant_segments.get_or_init(|| {
            use rayon::prelude::*;
            (0..self.codebook.codes.len())
                .into_par_iter()
                .map(|code| {
                    let mut all: Vec<(usize, usize)> = self
                        .codebook
                        .self_and_descendants(code)
                        .into_iter()
                        .flat_map(|c| self.segments_of_code[c].iter().copied())
                        .collect();
                    all.sort_unstable();
                    all.dedup();
                    all
                })
                .collect()
        })
    }

    /// The segments of a code and all its descendants, each counted once.
    pub fn segments_with_descendants(&self, code: usize) -> BTreeSet<(usize, usize)> {
        self.codebook
            .self_and_descendants(code)
            .into_iter()
            .flat_map(|c| self.segments_of_code[c].iter().copied())
            .collect()
    }

    /// The respondent who speaks in a segment (none for the interviewer).
    pub fn respondent_of(&self, document: usize, segment: usize) -> Option<&str> {
        match &self.corpus.documents[document].segments[segment].speaker {
            Speaker::Respondent(r) => Some(r),
            Speaker::Interviewer | Speaker::Document => None,
        }
    }

    /// Codes that have at least one coding, in tree order: the codes tables and figures show.
    pub fn used_codes(&self) -> Vec<usize> {
        self.codebook.tree_order().into_iter().filter(|&c| !self.segments_of_code[c].is_empty()).collect()
    }
}

/// Two order values: as numbers when both are numbers, else as text (ISO dates).
fn compare_values(x: &str, y: &str) -> std::cmp::Ordering {
    match (x.parse::<f64>(), y.parse::<f64>()) {
        (Ok(a), Ok(b)) => a.total_cmp(&b),
        _ => x.cmp(y),
    }
}

/// Interviews (and focus groups) in interview order: by the earliest value of `attribute` among
/// the document's respondents, those without a value last, ties by id. Dates reach here as ISO
/// 8601 (the corpus stage parses them), which sorts as text; values that are all numbers
/// (`volgorde` 1, 2, … 10) sort as numbers, so 10 comes after 9. Documents without speakers are
/// left out: saturation asks whether another interview would bring new codes, and a policy
/// text is not an interview.
pub fn interview_order(corpus: &Corpus, attribute: &str) -> Vec<usize> {
    let key = |d: usize| -> Option<String> {
        corpus.documents[d]
            .respondents
            .iter()
            .filter_map(|r| corpus.respondents.by_id.get(r)?.attribute(attribute))
            .filter(|v| !v.is_empty())
            .min_by(|a, b| compare_values(a, b))
            .map(str::to_string)
    };
    let mut order: Vec<usize> =
        (0..corpus.documents.len()).filter(|&d| corpus.documents[d].kind != DocumentKind::Document).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (key(a), key(b));
        match (&ka, &kb) {
            (Some(x), Some(y)) => compare_values(x, y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| natural_cmp(&corpus.documents[a].id, &corpus.documents[b].id))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::testkit::study_parts;
    use super::*;

    /// Codings in no particular order, one segment coded twice with the same code (a rule and
    /// a coder): each code lists its segments sorted, each once, and a code without codings
    /// lists none.
    #[test]
    fn segments_of_each_code_sorted_and_once() {
        let codings = [(1, 0, 0), (0, 2, 0), (0, 1, 1), (0, 2, 0), (0, 0, 0)];
        let (corpus, book, codings) = study_parts(
            &[("D1", &["R1", "R1", "R1"]), ("D2", &["R2"])],
            &[("a", None), ("b", None), ("c", None)],
            &codings,
            &[],
        );
        let study = Study::unordered(&corpus, &book, &codings);
        assert_eq!(study.segments_of_code, vec![vec![(0, 0), (0, 2), (1, 0)], vec![(0, 1)], vec![]]);
        assert_eq!(study.used_codes(), vec![0, 1]);
    }
}
