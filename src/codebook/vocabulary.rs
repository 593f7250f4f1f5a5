//! The vocabulary of `similar` rules: every stem of the project's example texts with an integer
//! id, and texts as sparse TF-IDF vectors over those ids ([`super::similar`] says what the
//! measure is and why).
//!
//! A `similar` rule scores every unit, and every sentence of it with `per: sentence`, against
//! each of its examples. With stems as strings that was a map of freshly copied strings per
//! unit, per sentence and per rule, and a string comparison for every lookup: a fifth of the
//! coding time and most of its allocations (BENCHMARKS.md). Here a unit's words are looked up
//! once ([`UnitTerms`]), and a rule then counts them in a reused array and looks the resulting
//! `(id, weight)` list up in its examples' index ([`super::example_index`]).
//!
//! **The same numbers, bit for bit.** Floating-point sums depend on their order, and a score
//! that moved in its last bit could cross a threshold or round differently in the evidence. The
//! string maps summed in the stems' byte order, so the ids are given in that order too (a
//! stem's id is its place among the sorted stems), and a unit's stems are ranked in that order
//! as well; every sum below runs over the same terms in the same order as before.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::similar::Per;
use super::stem::{words, Word};
use super::unit_parts::{Parts, StopWords};

/// Document frequencies of stems over the example texts, and each stem's id.
#[derive(Debug, Clone, Default)]
pub struct ExampleCollection {
    /// The id of every stem of an example text: its place in byte order. Looked up for every
    /// distinct stem of every unit a `similar` rule scores, so with rustc's FxHash (the
    /// program's own words, not keys an attacker chooses; SipHash showed in the profile).
    ids: FxHashMap<String, u32>,
    /// `idf` by id.
    idf: Vec<f64>,
    documents: usize,
}

impl ExampleCollection {
    /// Counts the stems of every example text (each text counts once per stem).
    pub fn new<'a>(examples: impl IntoIterator<Item = &'a str>) -> Self {
        let mut df: BTreeMap<String, usize> = BTreeMap::new();
        let mut documents = 0;
        for text in examples {
            documents += 1;
            let mut stems: Vec<String> = content_words(text).into_iter().map(|w| w.stem.to_string()).collect();
            stems.sort();
            stems.dedup();
            for s in stems {
                *df.entry(s).or_default() += 1;
            }
        }
        let idf = df.values().map(|&df| idf(documents, df)).collect();
        let ids = df.into_keys().enumerate().map(|(id, stem)| (stem, id as u32)).collect();
        Self { ids, idf, documents }
    }

    /// The id of a stem that occurs in an example.
    pub fn id(&self, stem: &str) -> Option<u32> {
        self.ids.get(stem).copied()
    }

    /// `ln((N + 1) / (df + 1)) + 1`.
    pub fn idf(&self, stem: &str) -> f64 {
        self.idf_of(self.id(stem))
    }

    /// The idf of a stem by its id; a stem in no example (`None`) has `df = 0`.
    fn idf_of(&self, id: Option<u32>) -> f64 {
        match id {
            Some(id) => self.idf[id as usize],
            None => idf(self.documents, 0),
        }
    }

    /// What a unit's words need to know of their stem ([`StemTerm`]).
    pub fn term(&self, stem: &str) -> StemTerm {
        let id = self.id(stem);
        StemTerm { key: prefix_key(stem), id, idf: self.idf_of(id) }
    }

    /// The TF-IDF vector of a text's content words.
    pub fn vector<'w>(&self, words: impl IntoIterator<Item = &'w Word>) -> Vector {
        let mut tf: BTreeMap<&str, u32> = BTreeMap::new();
        for w in words {
            *tf.entry(&*w.stem).or_default() += 1;
        }
        let weights: Vec<(&str, Option<u32>, f64)> =
            tf.into_iter().map(|(s, f)| (s, self.id(s), weight(f, self.idf(s)))).collect();
        let norm = weights.iter().map(|(_, _, w)| w * w).sum::<f64>().sqrt();
        let known: Vec<(&str, u32, f64)> =
            weights.into_iter().filter_map(|(s, id, w)| id.map(|id| (s, id, w))).collect();
        Vector {
            known: known.iter().map(|&(_, id, w)| (id, w)).collect(),
            stems: known.iter().map(|&(s, _, _)| s.to_string()).collect(),
            norm,
        }
    }
}

/// A stem as a unit's words need it: its [`prefix_key`], its id (when it occurs in an
/// example) and its idf. Worked out once per distinct word of a study and kept in the
/// prefilter's memo of words ([`super::word_literals`]): looked up per unit, the id's hash of
/// the stem and the key's read of it were 2.5 % of the coding stage (issue 15, session 27).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StemTerm {
    key: u64,
    id: Option<u32>,
    idf: f64,
}

/// The first eight bytes of `text`, big-endian and padded with zeros: two texts whose keys
/// differ are in the keys' order by bytes too (where a text ran out, the other's bytes up to
/// the difference are zeros, so it is the longer one of a common prefix), so a sort by key
/// needs the whole texts only where the keys are equal.
fn prefix_key(text: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = text.len().min(8);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// `ln((N + 1) / (df + 1)) + 1`.
fn idf(documents: usize, df: usize) -> f64 {
    ((documents as f64 + 1.0) / (df as f64 + 1.0)).ln() + 1.0
}

/// A stem's weight: its count times its idf.
fn weight(count: u32, idf: f64) -> f64 {
    f64::from(count) * idf
}

/// The words of a text that carry content: stop words and digits left out.
pub fn content_words(text: &str) -> Vec<Word> {
    words(text).into_iter().filter(|w| !w.stop).collect()
}

/// A TF-IDF vector: the weights of its stems that occur in an example (by id, so in the stems'
/// order), and the length of the whole vector, stems in no example included. Two vectors share
/// only stems of the examples, which is all that a `similar` rule compares a text with.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    known: Vec<(u32, f64)>,
    /// The stem of each entry of `known`, to look a word up by its stem.
    stems: Vec<String>,
    pub norm: f64,
}

impl Vector {
    /// Cosine similarity; 0 when either vector is empty.
    pub fn cosine(&self, other: &Vector) -> f64 {
        cosine(&self.known, self.norm, other).1
    }

    /// The weights of the stems that occur in an example, by id.
    pub(crate) fn known(&self) -> &[(u32, f64)] {
        &self.known
    }

    /// The weight of a stem of this vector that occurs in an example, and its id (for
    /// `similar::best_match`, a test's one-text form).
    #[cfg(test)]
    pub(crate) fn entry_of(&self, stem: &str) -> Option<(u32, f64)> {
        let at = self.stems.binary_search_by(|s| s.as_str().cmp(stem)).ok()?;
        Some(self.known[at])
    }

    /// The weight of the stem with id `id`.
    fn weight_of(&self, id: u32) -> Option<f64> {
        let at = self.known.binary_search_by_key(&id, |&(i, _)| i).ok()?;
        Some(self.known[at].1)
    }
}

/// The stems a text shares with `example` and the text's cosine with it, given the text's
/// weights of example stems (by id) and its length; the sum runs in the stems' order.
fn cosine(known: &[(u32, f64)], norm: f64, example: &Vector) -> (usize, f64) {
    let mut theirs = example.known.iter().peekable();
    let products = known.iter().filter_map(|&(id, w)| {
        while theirs.next_if(|&&(i, _)| i < id).is_some() {}
        theirs.next_if(|&&(i, _)| i == id).map(|&(_, o)| w * o)
    });
    let mut shared = 0;
    let dot: f64 = products.inspect(|_| shared += 1).sum();
    if norm == 0.0 || example.norm == 0.0 {
        return (shared, 0.0);
    }
    (shared, dot / (norm * example.norm))
}

/// The best example for a text among those that share at least `min_shared` stems with it:
/// its index and the cosine. Of equal scores the first example wins. The plain definition,
/// example by example: rules score through [`super::example_index`], which is tested against it.
#[cfg(test)]
pub(crate) fn best_example(
    known: &[(u32, f64)],
    norm: f64,
    examples: &[Vector],
    min_shared: usize,
) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for (i, example) in examples.iter().enumerate() {
        let (shared, score) = cosine(known, norm, example);
        if shared >= min_shared && best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
    }
    best
}

/// The words of a text that share a stem with `example`, each stem once (its first word),
/// ordered by their share of the score (then by position), as byte ranges. `words` gives each
/// word's stem as an id and the text's weight of it (`None` for a stem in no example).
pub(crate) fn shared_words(
    words: impl IntoIterator<Item = (Option<(u32, f64)>, (usize, usize))>,
    example: &Vector,
) -> Vec<(usize, usize)> {
    let mut shared: Vec<(f64, usize, (usize, usize))> = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    for (entry, range) in words {
        let Some((id, u)) = entry else { continue };
        if let Some(e) = example.weight_of(id) {
            if !seen.contains(&id) {
                seen.push(id);
                shared.push((u * e, range.0, range));
            }
        }
    }
    shared.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    shared.into_iter().map(|(_, _, r)| r).collect()
}

/// A unit's words as the vocabulary sees them, worked out once for all `similar` rules: which
/// are content words, and for those the rank of their stem among the unit's stems (in the
/// stems' byte order, as the sums need), the stem's id and its idf.
pub struct UnitTerms {
    /// For each word of the unit: the rank of its stem, or `None` for a stop word.
    rank: Vec<Option<u32>>,
    /// The indices of the content words, in text order: what a rule without stop words of
    /// its own scores, found once per unit rather than once per rule.
    content: Vec<usize>,
    /// By rank: the stem's id (when it occurs in an example) and idf.
    stems: Vec<(Option<u32>, f64)>,
    /// The parts `similar` rules asked for, kept for the next rule that scores the same
    /// ([`super::unit_parts`]).
    parts: Vec<Parts>,
}

impl UnitTerms {
    /// Looks every content word of `words` up in `collection`.
    pub fn new(collection: &ExampleCollection, words: &[Word]) -> Self {
        Self::with_terms(words, |i| collection.term(&words[i].stem))
    }

    /// [`UnitTerms::new`], with each content word's [`StemTerm`] given by `term_of` (by the
    /// word's index): the matcher keeps them in its memo of words.
    pub fn with_terms(words: &[Word], mut term_of: impl FnMut(usize) -> StemTerm) -> Self {
        let in_order: Vec<usize> = (0..words.len()).filter(|&i| !words[i].stop).collect();
        // In the stems' byte order, compared by their first eight bytes first: most stems
        // differ there, and comparing whole strings was most of this function (issue 15,
        // session 24). Equal stems need not keep their words' order: they get one rank.
        let mut content: Vec<(StemTerm, usize)> = in_order.iter().map(|&i| (term_of(i), i)).collect();
        content
            .sort_unstable_by(|(ta, a), (tb, b)| ta.key.cmp(&tb.key).then_with(|| words[*a].stem.cmp(&words[*b].stem)));
        let mut rank = vec![None; words.len()];
        let mut stems: Vec<(Option<u32>, f64)> = Vec::new();
        let mut previous: Option<(u64, &str)> = None;
        for (term, i) in content {
            let stem = &*words[i].stem;
            // Stems whose keys differ are different stems; only equal keys need the strings.
            let same = previous.is_some_and(|(key, before)| key == term.key && before == stem);
            if !same {
                stems.push((term.id, term.idf));
                previous = Some((term.key, stem));
            }
            rank[i] = Some(stems.len() as u32 - 1);
        }
        Self { rank, content: in_order, stems, parts: Vec::new() }
    }

    /// The unit's parts for a rule with `stop_words` and `per` (see [`Parts::new`]), computed
    /// on the first rule's request and kept for the others; with the terms, to read them by.
    pub fn parts(
        &mut self,
        unit: &[Word],
        sentences: &[(usize, usize)],
        stop_words: &StopWords,
        per: Per,
    ) -> (&Self, &Parts) {
        let at = match self.parts.iter().position(|p| p.is_for(stop_words, per)) {
            Some(at) => at,
            None => {
                let parts = Parts::new(self, unit, sentences, stop_words, per);
                self.parts.push(parts);
                self.parts.len() - 1
            }
        };
        (self, &self.parts[at])
    }

    /// The indices of the content words, in text order.
    pub fn content(&self) -> &[usize] {
        &self.content
    }

    /// Whether word `i` is a content word.
    pub fn is_content(&self, i: usize) -> bool {
        self.rank[i].is_some()
    }
}

/// The TF-IDF vector of some of a unit's words, built in memory reused from part to part.
#[derive(Default)]
pub struct PartVector {
    /// By rank: how often the stem occurs in the part.
    counts: Vec<u32>,
    /// Ranks with a count, sorted before use.
    touched: Vec<u32>,
    /// The part's weights of example stems, by id.
    pub known: Vec<(u32, f64)>,
    pub norm: f64,
}

impl PartVector {
    /// Fills this vector with the words `part` (indices of content words of `terms`).
    pub fn fill(&mut self, terms: &UnitTerms, part: impl IntoIterator<Item = usize>) {
        self.counts.resize(terms.stems.len(), 0);
        for i in part {
            let rank = terms.rank[i].expect("content words only");
            if self.counts[rank as usize] == 0 {
                self.touched.push(rank);
            }
            self.counts[rank as usize] += 1;
        }
        self.touched.sort_unstable();
        let weight_of = |rank: u32| weight(self.counts[rank as usize], terms.stems[rank as usize].1);
        self.norm = self.touched.iter().map(|&r| weight_of(r) * weight_of(r)).sum::<f64>().sqrt();
        self.known.clear();
        for &rank in &self.touched {
            if let Some(id) = terms.stems[rank as usize].0 {
                self.known.push((id, weight_of(rank)));
            }
        }
        for &rank in &self.touched {
            self.counts[rank as usize] = 0;
        }
        self.touched.clear();
    }
}

impl UnitTerms {
    /// Word `i`'s stem as [`shared_words`] takes it: its id and a part's weight of it, given
    /// the part's weights of example stems (`known`, by id).
    pub fn entry_of(&self, known: &[(u32, f64)], i: usize) -> Option<(u32, f64)> {
        let id = self.stems[self.rank[i]? as usize].0?;
        let at = known.binary_search_by_key(&id, |&(k, _)| k).ok()?;
        Some(known[at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Keys by hand: a text is a prefix of its longer forms, and texts that share their first
    /// eight bytes have equal keys (the sort then compares them whole).
    #[test]
    fn prefix_keys_order_texts_by_bytes() {
        assert!(prefix_key("ab") < prefix_key("abc"));
        assert!(prefix_key("abd") > prefix_key("abc"));
        assert!(prefix_key("ab") < prefix_key("ab\0c"));
        assert_eq!(prefix_key("samenwer"), prefix_key("samenwerk"));
        assert_eq!(prefix_key(""), 0);
    }

    proptest! {
        /// Wherever two keys differ, they order their texts as the texts' bytes do.
        #[test]
        fn a_key_never_contradicts_the_byte_order(a in "[a\\x00-c]{0,10}", b in "[a\\x00-c]{0,10}") {
            let (ka, kb) = (prefix_key(&a), prefix_key(&b));
            if ka != kb {
                prop_assert_eq!(ka.cmp(&kb), a.as_bytes().cmp(b.as_bytes()));
            }
        }
    }

    /// A unit's stems are ranked in their byte order, also where they share eight bytes:
    /// samenwerk < samenwerkingsverband's stem < zorg; words with one stem share a rank.
    #[test]
    fn ranks_follow_the_stems_byte_order() {
        let collection = ExampleCollection::new(["zorg samenwerking"]);
        let ws = words("zorg samenwerkingsverband samenwerking zorg");
        let terms = UnitTerms::new(&collection, &ws);
        let stems: Vec<&str> = ws.iter().map(|w| &*w.stem).collect();
        assert!(stems[2] < stems[1] && stems[1] < stems[0], "{stems:?}");
        assert_eq!(terms.rank, vec![Some(2), Some(1), Some(0), Some(2)]);
    }
}
