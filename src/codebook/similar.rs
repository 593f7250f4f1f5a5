//! `similar:` rules: a unit is coded like the code's own example fragments when it is close
//! enough to one of them, by TF-IDF cosine similarity over stemmed words.
//!
//! The measure is chosen to be explainable by hand and independent of the corpus being coded:
//!
//! - the *documents* that define the vocabulary are the example texts of the project's codes
//!   (every code's `example`, and the extra examples of its `similar:` rules), one document per
//!   text; a unit's coding therefore never depends on the other transcripts of the study;
//! - a text becomes a vector of stems (Snowball Dutch, stop words left out, see [`super::stem`])
//!   with weight `tf × idf`, `tf` the number of times the stem occurs and
//!   `idf = ln((N + 1) / (df + 1)) + 1`, `N` the number of example texts and `df` the number
//!   that contain the stem (a stem in no example gets `ln(N + 1) + 1`);
//! - the score of a unit for a rule is the largest cosine between the unit's vector and the
//!   vector of one of the code's examples, in [0, 1]; the rule fires at or above its threshold.
//!
//! The evidence names the score and the unit's words that contributed most to it.

use std::collections::BTreeMap;

use super::stem::{is_stop_word, words, Word};

/// Document frequencies of stems over the example texts.
#[derive(Debug, Clone, Default)]
pub struct ExampleCollection {
    df: BTreeMap<String, usize>,
    documents: usize,
}

impl ExampleCollection {
    /// Counts the stems of every example text (each text counts once per stem).
    pub fn new<'a>(examples: impl IntoIterator<Item = &'a str>) -> Self {
        let mut df: BTreeMap<String, usize> = BTreeMap::new();
        let mut documents = 0;
        for text in examples {
            documents += 1;
            let mut stems: Vec<String> = content_words(text).into_iter().map(|w| w.stem).collect();
            stems.sort();
            stems.dedup();
            for s in stems {
                *df.entry(s).or_default() += 1;
            }
        }
        Self { df, documents }
    }

    /// `ln((N + 1) / (df + 1)) + 1`.
    pub fn idf(&self, stem: &str) -> f64 {
        let df = self.df.get(stem).copied().unwrap_or(0) as f64;
        ((self.documents as f64 + 1.0) / (df + 1.0)).ln() + 1.0
    }

    /// The TF-IDF vector of a text's content words.
    pub fn vector(&self, words: &[Word]) -> Vector {
        let mut tf: BTreeMap<String, f64> = BTreeMap::new();
        for w in words {
            *tf.entry(w.stem.clone()).or_default() += 1.0;
        }
        let weights: BTreeMap<String, f64> = tf.into_iter().map(|(s, f)| (s.clone(), f * self.idf(&s))).collect();
        let norm = weights.values().map(|w| w * w).sum::<f64>().sqrt();
        Vector { weights, norm }
    }
}

/// A TF-IDF vector and its length.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    pub weights: BTreeMap<String, f64>,
    pub norm: f64,
}

impl Vector {
    /// Cosine similarity; 0 when either vector is empty.
    pub fn cosine(&self, other: &Vector) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let dot: f64 = self.weights.iter().filter_map(|(s, w)| other.weights.get(s).map(|o| w * o)).sum();
        dot / (self.norm * other.norm)
    }
}

/// The words of a text that carry content: stop words and digits left out.
pub fn content_words(text: &str) -> Vec<Word> {
    words(text).into_iter().filter(|w| !is_stop_word(&w.lower)).collect()
}

/// The best example: its index, the cosine score, and the matched words as byte ranges.
pub type BestMatch = (usize, f64, Vec<(usize, usize)>);

/// The best example for a unit: its index, the cosine, and the unit's words that share a stem
/// with it, ordered by their share of the score (then by position), as byte ranges.
pub fn best_match(unit: &[Word], unit_vector: &Vector, examples: &[Vector]) -> Option<BestMatch> {
    let (best, score) = examples.iter().enumerate().map(|(i, e)| (i, unit_vector.cosine(e))).fold(
        None,
        |acc: Option<(usize, f64)>, (i, s)| match acc {
            Some((_, b)) if b >= s => acc,
            _ => Some((i, s)),
        },
    )?;
    let example = &examples[best];
    let mut shared: Vec<(f64, usize, (usize, usize))> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for w in unit {
        if let (Some(u), Some(e)) = (unit_vector.weights.get(&w.stem), example.weights.get(&w.stem)) {
            if !seen.contains(&w.stem.as_str()) {
                seen.push(&w.stem);
                shared.push((u * e, w.start, (w.start, w.end)));
            }
        }
    }
    shared.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Some((best, score, shared.into_iter().map(|(_, _, r)| r).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::stem::stem;

    /// Three one-line examples, worked by hand. Content stems after stop words and stemming:
    ///   A "regie casus"      → regie, casus
    ///   B "regie overleg"    → regie, overleg
    ///   C "geld wet"         → geld, wet
    /// N = 3: df(regie) = 2 → idf = ln(4/3) + 1 = 1.287682;
    /// df(casus) = df(overleg) = df(geld) = df(wet) = 1 → idf = ln(4/2) + 1 = 1.693147;
    /// a stem in no example (e.g. 'plan') → idf = ln(4/1) + 1 = 2.386294.
    fn collection() -> ExampleCollection {
        ExampleCollection::new(["regie casus", "regie overleg", "geld wet"])
    }

    #[test]
    fn idf_by_hand() {
        let c = collection();
        assert!((c.idf(&stem("regie")) - 1.287682).abs() < 1e-6);
        assert!((c.idf(&stem("casus")) - 1.693147).abs() < 1e-6);
        assert!((c.idf(&stem("plan")) - 2.386294).abs() < 1e-6);
    }

    #[test]
    fn cosine_by_hand() {
        let c = collection();
        let a = c.vector(&content_words("regie casus"));
        // unit "de regie en het plan": stop words out → regie (1.287682), plan (2.386294).
        let unit = c.vector(&content_words("de regie en het plan"));
        // dot = 1.287682² = 1.658125; |a| = √(1.287682² + 1.693147²) = 2.127175;
        // |unit| = √(1.287682² + 2.386294²) = 2.711554; cosine = 1.658125 / (2.127175 × 2.711554) = 0.287472.
        assert!((unit.cosine(&a) - 0.287472).abs() < 1e-5, "{}", unit.cosine(&a));
        // the same unit against C shares nothing
        let cc = c.vector(&content_words("geld wet"));
        assert_eq!(unit.cosine(&cc), 0.0);
        // a unit equal to an example has cosine 1
        assert!((a.cosine(&a) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn best_example_and_its_shared_words() {
        let c = collection();
        let examples: Vec<Vector> =
            ["regie casus", "regie overleg", "geld wet"].iter().map(|t| c.vector(&content_words(t))).collect();
        let text = "Het overleg over de regie";
        let unit = content_words(text);
        let v = c.vector(&unit);
        let (best, score, shared) = best_match(&unit, &v, &examples).unwrap();
        // overleg and regie each once: B shares both, A only regie.
        assert_eq!(best, 1);
        // unit = B's vector up to order → cosine 1
        assert!((score - 1.0).abs() < 1e-12);
        // overleg (1.693147²) contributes more than regie (1.287682²)
        let words: Vec<&str> = shared.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, vec!["overleg", "regie"]);
    }
}
