//! The TF-IDF vectors of a unit's parts (the whole unit, or each of its sentences) without one
//! set of stop words, computed once for all `similar` rules that score the same parts.
//!
//! Every `similar` rule used to filter the unit's content words by its own stop words and fill
//! the vector of every part itself. The shipped codebooks' four `similar` rules all leave out
//! the same stop words (`@vulwoorden`), and three of them score each sentence: the same content
//! words and the same sentence vectors, worked out three and four times over for every unit
//! (issue 15, session 24). Rules that share a set of stop words share it as one [`StopWords`]
//! ([`share_stop_words`](super::similar::share_stop_words)), and the unit keeps the parts of
//! each set and kind of part it was asked for ([`UnitTerms::parts`](super::vocabulary::UnitTerms)).
//!
//! **The same numbers, bit for bit.** A part's vector is filled as a rule filled it, from the
//! same words in the same order ([`PartVector::fill`]); it is only kept for the next rule.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::similar::Per;
use super::stem::Word;
use super::vocabulary::{PartVector, UnitTerms};

/// The stop words a `similar` rule adds (lower-case word forms): shared by the rules that
/// add the same ones, so that a unit's parts for them are computed once ([`Parts::is_for`]).
pub type StopWords = Arc<FxHashSet<String>>;

/// The parts of one unit, for one set of stop words and one kind of part.
pub struct Parts {
    stop_words: StopWords,
    per: Per,
    /// The unit's content words without `stop_words`, in text order.
    content: Vec<usize>,
    parts: Vec<Part>,
    /// The example stems' weights of every part, one part after the other.
    known: Vec<(u32, f64)>,
}

/// One part: the whole unit, or a sentence with content words.
pub struct Part {
    /// Its content words: a range of [`Parts::content`].
    words: (usize, usize),
    /// Its weights of example stems (by id): a range of [`Parts::known`].
    known: (usize, usize),
    pub norm: f64,
    /// The sentence's number in the unit, from 1 (`None` for the whole unit).
    pub sentence: Option<usize>,
}

impl Parts {
    /// The parts of a unit (its words, looked up in `terms`; its sentences as byte ranges):
    /// the whole unit for [`Per::Unit`], every sentence with a content word for
    /// [`Per::Sentence`].
    pub fn new(
        terms: &UnitTerms,
        unit: &[Word],
        sentences: &[(usize, usize)],
        stop_words: &StopWords,
        per: Per,
    ) -> Self {
        // Without stop words of its own, a rule scores the unit's content words as they are.
        let content: Vec<usize> = if stop_words.is_empty() {
            terms.content().to_vec()
        } else {
            terms.content().iter().copied().filter(|&i| !stop_words.contains(&*unit[i].lower)).collect()
        };
        let mut parts = Self { stop_words: stop_words.clone(), per, content, parts: Vec::new(), known: Vec::new() };
        let mut vector = PartVector::default();
        match per {
            Per::Unit => parts.push(terms, &mut vector, (0, parts.content.len()), None),
            Per::Sentence => {
                for (n, &(s, e)) in sentences.iter().enumerate() {
                    // Words are in text order: a sentence's words are one run of them.
                    let from = parts.content.partition_point(|&i| unit[i].start < s);
                    let to = parts.content.partition_point(|&i| unit[i].start < e);
                    if from < to {
                        parts.push(terms, &mut vector, (from, to), Some(n + 1));
                    }
                }
            }
        }
        parts
    }

    fn push(&mut self, terms: &UnitTerms, vector: &mut PartVector, words: (usize, usize), sentence: Option<usize>) {
        vector.fill(terms, self.content[words.0..words.1].iter().copied());
        let from = self.known.len();
        self.known.extend_from_slice(&vector.known);
        self.parts.push(Part { words, known: (from, self.known.len()), norm: vector.norm, sentence });
    }

    /// Whether these are the parts a rule with `stop_words` and `per` scores: the very same
    /// set of stop words, not an equal one.
    pub fn is_for(&self, stop_words: &StopWords, per: Per) -> bool {
        Arc::ptr_eq(&self.stop_words, stop_words) && self.per == per
    }

    /// The parts, in text order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// A part's weights of example stems, by id (ascending).
    pub fn known(&self, part: &Part) -> &[(u32, f64)] {
        &self.known[part.known.0..part.known.1]
    }

    /// A part's content words (indices of the unit's words), in text order.
    pub fn words(&self, part: &Part) -> &[usize] {
        &self.content[part.words.0..part.words.1]
    }
}
