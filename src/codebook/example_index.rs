//! A `similar` rule's examples indexed by stem, so that scoring a text touches only the
//! examples it shares a stem with.
//!
//! [`best_example`](super::vocabulary::best_example) merges the text's stems with every
//! example's in turn: a cost of (examples × stems) for every unit, and for every sentence of
//! it with `per: sentence`, of every rule. With the development quotes as examples that was
//! most of the `similar` rules' time and a quarter of the coding stage at scale (BENCHMARKS.md,
//! session 14). Here each stem of the text looks up the examples that have it (its
//! *postings*), and their dot products are summed as it goes.
//!
//! **The same numbers, bit for bit.** Each example's dot product receives its products in the
//! order of the text's stem ids, which is the order the merge summed them in, and every
//! product is positive, so starting from `0.0` adds nothing; the cosine and the tie-break (the
//! first of equal scores) are computed as before. A property test holds the two to equal bits.

use super::vocabulary::Vector;

/// The examples of one rule, by stem id.
#[derive(Debug, Clone, Default)]
pub struct ExampleIndex {
    /// By stem id: `(example, the example's weight of the stem)`, in example order.
    postings: Vec<Vec<(u32, f64)>>,
    /// Each example's length.
    norms: Vec<f64>,
}

/// Per-example sums of one text, kept between texts so that scoring allocates nothing.
#[derive(Debug, Default)]
pub struct Accumulators {
    dot: Vec<f64>,
    shared: Vec<usize>,
    /// Examples with a shared stem, to reset after the text.
    touched: Vec<u32>,
}

impl ExampleIndex {
    /// Indexes `examples` (vectors over the project's example vocabulary).
    pub fn new(examples: &[Vector]) -> Self {
        let mut postings: Vec<Vec<(u32, f64)>> = Vec::new();
        for (e, example) in examples.iter().enumerate() {
            for &(id, weight) in example.known() {
                let id = id as usize;
                if postings.len() <= id {
                    postings.resize_with(id + 1, Vec::new);
                }
                postings[id].push((e as u32, weight));
            }
        }
        Self { postings, norms: examples.iter().map(|e| e.norm).collect() }
    }

    /// The best example for a text among those that share at least `min_shared` stems with
    /// it, given the text's weights of example stems (by id, ascending) and its length: the
    /// example's index and the cosine. Of equal scores the first example wins. Equal, bit for
    /// bit, to [`best_example`](super::vocabulary::best_example) over the same examples.
    pub fn best(
        &self,
        known: &[(u32, f64)],
        norm: f64,
        min_shared: usize,
        sums: &mut Accumulators,
    ) -> Option<(usize, f64)> {
        // A text that shares fewer than `min_shared` stems with all the examples together
        // shares fewer with each: nothing to sum. Three in four sentences of the 20 MB study
        // are such for the shipped `per: sentence` rules (issue 15, session 26); this reads no
        // postings.
        if min_shared > 0 && !self.shares_at_least(known, min_shared) {
            return None;
        }
        sums.dot.resize(self.norms.len(), 0.0);
        sums.shared.resize(self.norms.len(), 0);
        for &(id, weight) in known {
            for &(e, theirs) in self.postings.get(id as usize).map_or(&[][..], Vec::as_slice) {
                let e = e as usize;
                if sums.shared[e] == 0 {
                    sums.touched.push(e as u32);
                }
                sums.shared[e] += 1;
                sums.dot[e] += weight * theirs;
            }
        }
        let mut best: Option<(usize, f64)> = None;
        let mut consider = |e: usize, shared: usize, dot: f64| {
            let score = if norm == 0.0 || self.norms[e] == 0.0 { 0.0 } else { dot / (norm * self.norms[e]) };
            if shared >= min_shared && best.is_none_or(|(_, b)| score > b) {
                best = Some((e, score));
            }
        };
        if min_shared == 0 {
            // Every example is a candidate, those sharing nothing with a dot product of an
            // empty sum, as the merge has it.
            let empty: f64 = std::iter::empty::<f64>().sum();
            for e in 0..self.norms.len() {
                let dot = if sums.shared[e] == 0 { empty } else { sums.dot[e] };
                consider(e, sums.shared[e], dot);
            }
        } else {
            sums.touched.sort_unstable();
            for &e in &sums.touched {
                consider(e as usize, sums.shared[e as usize], sums.dot[e as usize]);
            }
        }
        for &e in &sums.touched {
            sums.dot[e as usize] = 0.0;
            sums.shared[e as usize] = 0;
        }
        sums.touched.clear();
        best
    }

    /// Whether at least `n` of the text's stems (`known`, by id) are stems of some example.
    fn shares_at_least(&self, known: &[(u32, f64)], n: usize) -> bool {
        let in_examples = |id: u32| self.postings.get(id as usize).is_some_and(|p| !p.is_empty());
        known.iter().filter(|&&(id, _)| in_examples(id)).take(n).count() == n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::vocabulary::{best_example, content_words, ExampleCollection};
    use proptest::prelude::*;

    /// Texts over a small vocabulary, so that examples and texts share stems often.
    const WORDS: [&str; 12] =
        ["regie", "casus", "overleg", "geld", "wet", "ggz", "wijkteam", "zorg", "plan", "cultuur", "taak", "gemeente"];

    fn text(picks: &[usize]) -> String {
        picks.iter().map(|&i| WORDS[i % WORDS.len()]).collect::<Vec<_>>().join(" ")
    }

    /// A case worked by hand with the collection of `similar`'s tests: examples A "regie
    /// casus", B "regie overleg", C "geld wet"; the text "overleg over de regie" is B's words
    /// (cosine 1), shares regie with A, nothing with C.
    #[test]
    fn the_example_sharing_most_wins() {
        let c = ExampleCollection::new(["regie casus", "regie overleg", "geld wet"]);
        let examples: Vec<Vector> =
            ["regie casus", "regie overleg", "geld wet"].iter().map(|t| c.vector(&content_words(t))).collect();
        let index = ExampleIndex::new(&examples);
        let unit = c.vector(&content_words("overleg over de regie"));
        let mut sums = Accumulators::default();
        let (best, score) = index.best(unit.known(), unit.norm, 1, &mut sums).unwrap();
        assert_eq!(best, 1);
        assert!((score - 1.0).abs() < 1e-12);
        // Two shared stems are asked for and given; three are not.
        assert_eq!(index.best(unit.known(), unit.norm, 2, &mut sums).map(|b| b.0), Some(1));
        assert_eq!(index.best(unit.known(), unit.norm, 3, &mut sums), None);
        assert!(index.shares_at_least(unit.known(), 2) && !index.shares_at_least(unit.known(), 3));
        // A text sharing nothing: no example with one shared stem; with none asked, the first.
        let other = c.vector(&content_words("plan"));
        assert_eq!(index.best(other.known(), other.norm, 1, &mut sums), None);
        assert_eq!(index.best(other.known(), other.norm, 0, &mut sums), Some((0, 0.0)));
    }

    proptest! {
        /// The index and the merge give the same example and the same score, to the bit, for
        /// any examples, text and minimum, also with the accumulators reused between texts.
        #[test]
        fn the_index_scores_as_the_merge_does(
            examples in prop::collection::vec(prop::collection::vec(0usize..12, 0..8), 0..8),
            texts in prop::collection::vec(prop::collection::vec(0usize..14, 0..10), 1..4),
            min_shared in 0usize..4,
        ) {
            let example_texts: Vec<String> = examples.iter().map(|p| text(p)).collect();
            let c = ExampleCollection::new(example_texts.iter().map(String::as_str));
            let vectors: Vec<Vector> = example_texts.iter().map(|t| c.vector(&content_words(t))).collect();
            let index = ExampleIndex::new(&vectors);
            let mut sums = Accumulators::default();
            for picks in &texts {
                // Indices past the word list stand for words in no example.
                let t: String = picks.iter().map(|&i| WORDS.get(i).copied().unwrap_or("onbekend")).collect::<Vec<_>>().join(" ");
                let v = c.vector(&content_words(&t));
                let merged = best_example(v.known(), v.norm, &vectors, min_shared);
                let indexed = index.best(v.known(), v.norm, min_shared, &mut sums);
                prop_assert_eq!(merged.map(|(e, s)| (e, s.to_bits())), indexed.map(|(e, s)| (e, s.to_bits())));
            }
        }
    }
}
