//! `similar:` rules: a unit is coded like the code's own example fragments when it (or, with
//! `per: sentence`, one of its sentences) is close enough to one of them, by TF-IDF cosine
//! similarity over stemmed words.
//!
//! The measure is chosen to be explainable by hand and independent of the corpus being coded:
//!
//! - the *documents* that define the vocabulary are the example texts of the project's codes
//!   (every code's `example`, and the extra examples of its `similar:` rules), one document per
//!   text; a unit's coding therefore never depends on the other transcripts of the study;
//! - a text becomes a vector of stems (Snowball Dutch, stop words left out, see [`super::stem`],
//!   and the rule's own `stop_words`) with weight `tf × idf`, `tf` the number of times the stem
//!   occurs and `idf = ln((N + 1) / (df + 1)) + 1`, `N` the number of example texts and `df`
//!   the number that contain the stem (a stem in no example gets `ln(N + 1) + 1`);
//! - the score of a text for a rule is the largest cosine between its vector and the vector of
//!   one of the code's examples, in [0, 1]; the rule fires at or above its threshold.
//!
//! **Whole unit or sentence by sentence** ([`Per`]). A long turn holds many words no example
//! has, and every one of them lengthens the unit's vector: the cosine of a turn of ten sentences
//! with one sentence that says what an example says is a fraction of that sentence's own. With
//! `per: sentence` each sentence of the unit is scored on its own and the unit fires when its
//! best sentence does. A sentence must then share at least [`MIN_SHARED_IN_SENTENCE`] stems with
//! the example: a sentence of one or two content words ("Regie!") would otherwise reach a high
//! cosine on a single shared word. The default stays `unit`: it is what a `similar` rule meant
//! before sentences were scored, so an existing codebook codes the same units; and when the
//! project's coding unit is the sentence the two are the same. A codebook asks for `per:
//! sentence` where its units are long turns.
//!
//! **Options for quotes as examples.** `own_examples_only: true` makes a rule compare with its
//! own examples only, not with the code's `example` and the other rules' examples: whole quotes
//! of real speech scored against whole turns, without the one-sentence examples that a whole
//! turn resembles by chance (docs/validity.md, rounds 6 and 8). `min_shared: n` asks a scored
//! text to share `n` stems with the example (per sentence never fewer than two). Neither
//! changes the vocabulary: every example text of the project still counts for `idf`.
//!
//! The evidence names the score and the words that contributed most to it (with `per:
//! sentence`, the words of the best sentence, and its number in the unit).

use rustc_hash::FxHashSet;

use serde::{Deserialize, Serialize};

use super::example_index::{Accumulators, ExampleIndex};
use super::stem::{words, Word};
use super::unit_parts::{Part, StopWords};
use super::vocabulary::shared_words;
pub use super::vocabulary::{content_words, ExampleCollection, UnitTerms, Vector};

/// The best example: its index, the cosine score, and the matched words as byte ranges.
#[cfg(test)]
pub type BestMatch = (usize, f64, Vec<(usize, usize)>);

/// The best example for a text among those that share at least `min_shared` stems with it: its
/// index, the cosine, and the text's words that share a stem with it, ordered by their share of
/// the score (then by position), as byte ranges. Of equal scores the first example wins.
/// Rules score through [`SimilarCheck`]; this one-text form is kept for its hand-worked test.
#[cfg(test)]
pub fn best_match(unit: &[&Word], unit_vector: &Vector, examples: &[Vector], min_shared: usize) -> Option<BestMatch> {
    let index = ExampleIndex::new(examples);
    let (best, score) = index.best(unit_vector.known(), unit_vector.norm, min_shared, &mut Accumulators::default())?;
    let words = unit.iter().map(|w| (unit_vector.entry_of(&w.stem), (w.start, w.end)));
    Some((best, score, shared_words(words, &examples[best])))
}

/// Whether a `similar` rule scores the whole unit or each of its sentences (`per:` in the
/// codebook); the module documentation says why the unit is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    #[default]
    Unit,
    Sentence,
}

/// Stems a sentence must share with an example before it can fire (`per: sentence`): one
/// shared word in a two-word sentence is a coincidence, not a likeness.
pub const MIN_SHARED_IN_SENTENCE: usize = 2;

/// A compiled `similar` rule: its examples' vectors, threshold, unit of scoring, and the stop
/// words the codebook added for it (lower-case word forms, as the text the rules run on).
#[derive(Debug, Clone)]
pub struct SimilarCheck {
    examples: Vec<Vector>,
    /// The same examples by stem, for scoring ([`super::example_index`]).
    index: ExampleIndex,
    threshold: f64,
    per: Per,
    /// Looked up for every content word of every unit the rule scores: a fast hash. Shared
    /// with the rules that add the same ones ([`share_stop_words`]).
    stop_words: StopWords,
    /// Stems a scored text must share with an example (`min_shared` in the codebook); `None`:
    /// 1 for a unit, [`MIN_SHARED_IN_SENTENCE`] for a sentence.
    min_shared: Option<usize>,
}

/// A `similar` rule that fired: the score, the shared words (byte ranges in the unit, the most
/// contributing first) and, with `per: sentence`, which sentence of the unit (from 1).
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarHit {
    pub score: f64,
    pub shared: Vec<(usize, usize)>,
    pub sentence: Option<usize>,
}

impl SimilarHit {
    /// The evidence a coding keeps: `0.41: overleg, regie`, or with the sentence,
    /// `0.41, sentence 2: overleg, regie`; `words` are the shared words' text.
    pub fn evidence(&self, words: &[&str]) -> String {
        match self.sentence {
            None => format!("{:.2}: {}", self.score, words.join(", ")),
            Some(n) => format!("{:.2}, sentence {n}: {}", self.score, words.join(", ")),
        }
    }
}

impl SimilarCheck {
    /// Prepares a rule: `examples` are the code's example texts as the rules see text (folded
    /// when diacritics are ignored), `stop_words` the rule's own additions to [`STOP_WORDS`](super::stem::STOP_WORDS).
    pub fn new(
        collection: &ExampleCollection,
        examples: &[String],
        threshold: f64,
        per: Per,
        stop_words: &[String],
    ) -> Self {
        let stop_words: FxHashSet<String> = stop_words.iter().map(|w| w.trim().to_lowercase()).collect();
        let examples = examples
            .iter()
            .map(|t| {
                let ws = words(t);
                collection.vector(ws.iter().filter(|w| !is_stop(&stop_words, w)))
            })
            .collect::<Vec<Vector>>();
        let index = ExampleIndex::new(&examples);
        Self { examples, index, threshold, per, stop_words: StopWords::new(stop_words), min_shared: None }
    }

    /// The rule with `min_shared` from the codebook: a scored text (unit or sentence) must share
    /// this many stems with an example, never fewer than the default for a sentence. A long turn
    /// shares a word or two with almost any long example by chance; a likeness of content shows
    /// in several shared stems.
    pub fn with_min_shared(self, min_shared: Option<usize>) -> Self {
        Self { min_shared, ..self }
    }

    /// The rule on a unit, given all its words (stop words are left out here) and its
    /// sentences as byte ranges of the same text: the hit when it fires.
    pub fn check(
        &self,
        collection: &ExampleCollection,
        unit: &[Word],
        sentences: &[(usize, usize)],
    ) -> Option<SimilarHit> {
        self.check_terms(&mut UnitTerms::new(collection, unit), unit, sentences)
    }

    /// [`SimilarCheck::check`] with the unit's words already looked up in the collection: the
    /// matcher does that once per unit, for all its `similar` rules, and `terms` keeps the
    /// parts this rule scores for the next rule that scores the same ([`super::unit_parts`]).
    pub fn check_terms(
        &self,
        terms: &mut UnitTerms,
        unit: &[Word],
        sentences: &[(usize, usize)],
    ) -> Option<SimilarHit> {
        let mut sums = Accumulators::default();
        let min_shared = match self.per {
            Per::Unit => self.min_shared.unwrap_or(1),
            Per::Sentence => self.min_shared.unwrap_or(0).max(MIN_SHARED_IN_SENTENCE),
        };
        let (terms, parts) = terms.parts(unit, sentences, &self.stop_words, self.per);
        let mut best: Option<(&Part, usize, f64)> = None;
        for part in parts.parts() {
            let Some((example, score)) = self.index.best(parts.known(part), part.norm, min_shared, &mut sums) else {
                continue;
            };
            // The first sentence of the best score: an order a reader can check.
            if score >= self.threshold && best.is_none_or(|(_, _, b)| score > b) {
                best = Some((part, example, score));
            }
        }
        let (part, example, score) = best?;
        let words =
            parts.words(part).iter().map(|&i| (terms.entry_of(parts.known(part), i), (unit[i].start, unit[i].end)));
        Some(SimilarHit { score, shared: shared_words(words, &self.examples[example]), sentence: part.sentence })
    }
}

/// A default stop word, or one the rule added.
fn is_stop(extra: &FxHashSet<String>, word: &Word) -> bool {
    word.stop || extra.contains(&*word.lower)
}

/// Makes rules that add the same stop words share one set of them, so that a unit's parts
/// for those words are computed once for all of them ([`super::unit_parts`]).
pub fn share_stop_words<'c>(checks: impl IntoIterator<Item = &'c mut SimilarCheck>) {
    let mut distinct: Vec<StopWords> = Vec::new();
    for check in checks {
        match distinct.iter().find(|set| ***set == *check.stop_words) {
            Some(set) => check.stop_words = set.clone(),
            None => distinct.push(check.stop_words.clone()),
        }
    }
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
        let refs: Vec<&Word> = unit.iter().collect();
        let (best, score, shared) = best_match(&refs, &v, &examples, 1).unwrap();
        // overleg and regie each once: B shares both, A only regie.
        assert_eq!(best, 1);
        // unit = B's vector up to order → cosine 1
        assert!((score - 1.0).abs() < 1e-12);
        // overleg (1.693147²) contributes more than regie (1.287682²)
        let words: Vec<&str> = shared.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(words, vec!["overleg", "regie"]);
    }

    fn sentences(text: &str) -> Vec<(usize, usize)> {
        crate::codebook::sentences::sentence_spans(text)
    }

    fn rule(per: Per, threshold: f64, stop_words: &[&str]) -> SimilarCheck {
        let examples: Vec<String> =
            ["regie casus", "regie overleg", "geld wet"].iter().map(|s| s.to_string()).collect();
        let stop: Vec<String> = stop_words.iter().map(|s| s.to_string()).collect();
        SimilarCheck::new(&collection(), &examples, threshold, per, &stop)
    }

    fn run(check: &SimilarCheck, text: &str) -> Option<(f64, Vec<String>, Option<usize>)> {
        let hit = check.check(&collection(), &words(text), &sentences(text))?;
        Some((hit.score, hit.shared.iter().map(|&(s, e)| text[s..e].to_string()).collect(), hit.sentence))
    }

    /// "Het plan is klaar. Het overleg over de regie." Content words: plan, klaar (in no
    /// example: idf 2.386294 each), overleg (1.693147), regie (1.287682).
    /// Whole unit against B: dot = 1.287682² + 1.693147² = 4.524872 = |B|², |B| = 2.127175;
    /// |unit| = √(2 × 2.386294² + 4.524872) = 3.989194; cosine = 4.524872 / (2.127175 × 3.989194)
    /// = 0.533234. Sentence 2 alone is B's words: cosine 1; sentence 1 shares nothing.
    #[test]
    fn a_sentence_is_not_diluted_by_the_rest_of_the_turn() {
        let text = "Het plan is klaar. Het overleg over de regie.";
        let whole = run(&rule(Per::Unit, 0.5, &[]), text).unwrap();
        assert!((whole.0 - 0.533234).abs() < 1e-5, "{}", whole.0);
        assert_eq!(whole.2, None);
        assert!(run(&rule(Per::Unit, 0.6, &[]), text).is_none());
        let (score, shared, sentence) = run(&rule(Per::Sentence, 0.6, &[]), text).unwrap();
        assert!((score - 1.0).abs() < 1e-12);
        assert_eq!(shared, vec!["overleg", "regie"]);
        assert_eq!(sentence, Some(2));
    }

    /// "Wij bespreken het plan. Regie!": sentence 2 against A is regie alone,
    /// cosine = 1.287682² / (1.287682 × 2.127175) = 0.605349 — above 0.5, but on one shared
    /// word, so a sentence does not fire; the whole unit (plan, bespreken dilute it) does not
    /// reach 0.5 either.
    #[test]
    fn one_shared_word_does_not_make_a_sentence_alike() {
        let text = "Wij bespreken het plan. Regie!";
        assert!(run(&rule(Per::Sentence, 0.5, &[]), text).is_none());
        assert!(run(&rule(Per::Unit, 0.5, &[]), text).is_none());
        // The same sentence as a unit of its own fires in unit mode at 0.605349.
        let (score, _, _) = run(&rule(Per::Unit, 0.5, &[]), "Regie!").unwrap();
        assert!((score - 0.605349).abs() < 1e-5, "{score}");
    }

    /// "de casus en die dingen" against A: casus (1.693147) shared, dingen in no example
    /// (2.386294): cosine = 1.693147² / (2.127175 × √(1.693147² + 2.386294²)) = 0.460596.
    /// With `dingen` a stop word of the rule: casus alone, 1.693147 / 2.127175 = 0.795961.
    #[test]
    fn a_codebook_stop_word_no_longer_dilutes() {
        let text = "de casus en die dingen";
        let plain = run(&rule(Per::Unit, 0.1, &[]), text).unwrap();
        assert!((plain.0 - 0.460596).abs() < 1e-5, "{}", plain.0);
        let (score, shared, _) = run(&rule(Per::Unit, 0.1, &["Dingen"]), text).unwrap();
        assert!((score - 0.795961).abs() < 1e-5, "{score}");
        assert_eq!(shared, vec!["casus"]);
    }

    /// Rules that add the same stop words share one set (`Dingen` and `dingen` are one word
    /// form), a rule with other stop words keeps its own; and one unit scored by both kinds
    /// gives each the score worked by hand in `a_codebook_stop_word_no_longer_dilutes` (0.795961
    /// without `dingen`, 0.460596 with it), in either order: the parts one rule computed are
    /// reused only by a rule that leaves out the same words.
    #[test]
    fn rules_share_a_units_parts_only_with_the_same_stop_words() {
        let mut checks =
            [rule(Per::Unit, 0.1, &["dingen"]), rule(Per::Unit, 0.1, &["Dingen"]), rule(Per::Unit, 0.1, &[])];
        share_stop_words(checks.iter_mut());
        assert!(StopWords::ptr_eq(&checks[0].stop_words, &checks[1].stop_words));
        assert!(!StopWords::ptr_eq(&checks[0].stop_words, &checks[2].stop_words));
        let text = "de casus en die dingen";
        let ws = words(text);
        for order in [[0, 1, 2], [2, 1, 0]] {
            let mut terms = UnitTerms::new(&collection(), &ws);
            let scores: Vec<f64> = order
                .iter()
                .map(|&c| checks[c].check_terms(&mut terms, &ws, &sentences(text)).unwrap().score)
                .collect();
            let expected = |c: usize| if c == 2 { 0.460596 } else { 0.795961 };
            for (&c, score) in order.iter().zip(scores) {
                assert!((score - expected(c)).abs() < 1e-5, "rule {c}: {score}");
            }
        }
    }

    /// "Het overleg over de regie" is example B's words (cosine 1), two shared stems: it fires
    /// with `min_shared: 2` and not with 3, per unit and per sentence alike.
    #[test]
    fn min_shared_asks_for_several_shared_stems() {
        let text = "Het overleg over de regie.";
        for per in [Per::Unit, Per::Sentence] {
            let two = rule(per, 0.5, &[]).with_min_shared(Some(2));
            assert!((run(&two, text).unwrap().0 - 1.0).abs() < 1e-12);
            assert!(run(&rule(per, 0.5, &[]).with_min_shared(Some(3)), text).is_none());
        }
        // Per sentence never fewer than two: `min_shared: 1` keeps "Regie!" from firing.
        assert!(
            run(&rule(Per::Sentence, 0.5, &[]).with_min_shared(Some(1)), "Wij bespreken het plan. Regie!").is_none()
        );
    }

    #[test]
    fn interview_filler_is_a_stop_word() {
        use crate::codebook::stem::is_stop_word;
        for w in ["gewoon", "eigenlijk", "natuurlijk", "heel", "de", "en"] {
            assert!(is_stop_word(w), "{w}");
        }
        // filler only: nothing left to compare
        assert!(content_words("Ja, gewoon, eigenlijk natuurlijk heel lastig.").iter().all(|w| &*w.lower == "lastig"));
    }

    #[test]
    fn evidence_names_score_sentence_and_words() {
        let hit = SimilarHit { score: 0.4149, shared: vec![], sentence: Some(2) };
        assert_eq!(hit.evidence(&["overleg", "regie"]), "0.41, sentence 2: overleg, regie");
        let hit = SimilarHit { sentence: None, ..hit };
        assert_eq!(hit.evidence(&["overleg"]), "0.41: overleg");
    }
}
