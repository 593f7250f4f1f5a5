//! All rules of all codes compiled once into one matcher.
//!
//! A [`Prefilter`] (one Aho-Corasick pass over the unit's folded text) answers which rules can
//! possibly fire in a unit; only those are then verified with their own compiled regexes (all
//! terms present, words apart, exclusions, minimum hits) and yield the matched text as
//! evidence. With diacritics ignored (the default) the rules run on the unit folded to ASCII
//! ([`super::fold`]), where regex's fast engines apply; the evidence is cut from the original.

use regex::Regex;

use super::ascii_words::{stemmed_words, unicode_segments, Segment};
use super::fold::fold;
use super::match_starts;
use super::pattern::{Haystack, Pattern};
use super::prefilter::{Prefilter, Scratch};
use super::rule_compiler::{examples_of, Check, CompiledRule, RuleCompiler};
use super::sentence_bound::Reach;
use super::sentences::sentence_spans;
use super::similar::{ExampleCollection, UnitTerms};
use super::stem::{find_term, words as unit_words, Word};
use super::thread_memory::{BatchLists, BATCH_LISTS, SCRATCH};
use super::word_literals::WordLiterals;
use super::{Codebook, CodebookError, Diacritics};

/// Words of a unit's evidence for a `similar` rule: enough to see why, few enough to read.
const SIMILAR_EVIDENCE_WORDS: usize = 6;

/// A rule that fired in a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    pub code: usize,
    /// Index of the rule within its code.
    pub rule: usize,
    /// The matched text (for `all` and `near`: the matches joined with " … ").
    pub matched: String,
}

/// The compiled form of a codebook's rules.
pub struct CompiledCodebook {
    prefilter: Prefilter,
    /// Document frequencies over the example texts, for `similar` rules.
    collection: ExampleCollection,
    /// Per rule: the pattern a grep-like tool would search for (all its terms, or its regex).
    triggers: Vec<String>,
    rules: Vec<CompiledRule>,
    diacritics: Diacritics,
}

impl CompiledCodebook {
    /// Compiles every rule, in parallel: its prefilter literals, its checks, and its patterns,
    /// which are built when a unit first needs them ([`Pattern::lazy`]) unless they are heavy
    /// enough to fail. Terms and regexes were checked when the codebook was loaded, so an error
    /// here can only come from a size limit; it still names the code, and of several, the
    /// first in codebook order.
    pub fn compile(codebook: &Codebook, diacritics: Diacritics) -> Result<Self, CodebookError> {
        Self::compile_with(codebook, diacritics, true)
    }

    /// The engine before patterns had ASCII forms: every pattern's Unicode form, on every
    /// unit. The reference the ASCII forms are tested against (they may only be faster).
    #[cfg(test)]
    pub(crate) fn compile_unicode_only(codebook: &Codebook, diacritics: Diacritics) -> Result<Self, CodebookError> {
        Self::compile_with(codebook, diacritics, false)
    }

    fn compile_with(codebook: &Codebook, diacritics: Diacritics, ascii_forms: bool) -> Result<Self, CodebookError> {
        use rayon::prelude::*;
        let all_examples: Vec<String> = codebook.codes.iter().flat_map(|code| examples_of(code, diacritics)).collect();
        let collection = ExampleCollection::new(all_examples.iter().map(String::as_str));
        let compiler = RuleCompiler { diacritics, ascii_forms, collection: &collection };
        let places: Vec<(usize, usize)> = codebook
            .codes
            .iter()
            .enumerate()
            .flat_map(|(c, code)| (0..code.rules.len()).map(move |r| (c, r)))
            .collect();
        let compiled: Vec<Result<_, CodebookError>> =
            places.par_iter().map(|&(c, r)| compiler.rule(codebook, c, r)).collect();
        let mut triggers = Vec::with_capacity(places.len());
        let mut requirements = Vec::with_capacity(places.len());
        let mut rules = Vec::with_capacity(places.len());
        for result in compiled {
            let (trigger, clauses, rule) = result?;
            triggers.push(trigger);
            requirements.push(clauses);
            rules.push(rule);
        }
        super::similar::share_stop_words(rules.iter_mut().filter_map(|r: &mut CompiledRule| match &mut r.check {
            Check::Similar(check) => Some(check),
            _ => None,
        }));
        let within_a_stretch: Vec<bool> = rules.iter().map(|r: &CompiledRule| r.reach.within_a_stretch()).collect();
        let prefilter = Prefilter::with_sentence_bounds(&requirements, &within_a_stretch);
        Ok(Self { prefilter, collection, triggers, rules, diacritics })
    }

    /// The pattern of every rule (case-insensitive), one per rule: all its terms, or its regex.
    /// Written out for comparisons with grep-like tools.
    pub fn trigger_patterns(&self) -> &[String] {
        &self.triggers
    }

    /// Number of compiled rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Every rule that fires in `text`, in codebook order. A word broken over a line with a
    /// hyphen (`samen-\nwerking`, as PDF text has it) is matched both as written and joined.
    pub fn hits(&self, text: &str) -> Vec<RuleHit> {
        hits_joined(text, |t| self.hits_as_written(t))
    }

    /// [`CompiledCodebook::hits`] of every text, in the same order, computed rule by rule over
    /// all texts rather than text by text: one rule's automata stay in the processor's cache
    /// while it runs over every text it may fire in, which makes coding a document several
    /// times faster than calling `hits` per unit (measured in BENCHMARKS.md); the coding stage
    /// hands it several documents at once for the same reason. Rules that read stemmed words
    /// rather than the text (`stem`, `similar`) run unit by unit after the others, so that a
    /// unit's words need not be held for the whole batch. The hits are the same, in the same
    /// order.
    pub fn hits_many(&self, texts: &[&str]) -> Vec<Vec<RuleHit>> {
        self.batch(texts, Hits::Every)
    }

    /// Of [`CompiledCodebook::hits_many`], only each code's first hit in a text: what coding
    /// keeps (a code counts once per unit, its first rule that fires is the evidence). A rule
    /// is not verified in a text where an earlier rule of its code already fired there, which
    /// spared a fifth to a third of the coding stage's verifications (BENCHMARKS.md, session 14).
    pub fn first_hits_many(&self, texts: &[&str]) -> Vec<Vec<RuleHit>> {
        let mut found = self.batch(texts, Hits::FirstOfCode);
        for hits in &mut found {
            // A text and its joined form each keep their first; the merge keeps the earlier.
            hits.dedup_by_key(|h| h.code);
        }
        found
    }

    fn batch(&self, texts: &[&str], which: Hits) -> Vec<Vec<RuleHit>> {
        // Each text as written and, for a hyphen broken over a line, joined (see `hits`).
        let joined: Vec<Option<String>> = texts.iter().map(|t| join_hyphenated_lines(t)).collect();
        let all: Vec<&str> = texts.iter().copied().chain(joined.iter().flatten().map(String::as_str)).collect();
        let mut units: Vec<Unit> = all.iter().map(|t| Unit::new(t)).collect();
        // (rule, unit, its stretches in `spans`): see `Scratch::spans`.
        let BatchLists { mut pending, mut spans, mut by_words } = BATCH_LISTS.take();
        // This thread's prefilter memory, its memo of words with it (taken out for the batch,
        // whose units' words point at the memo's entries until they are coded).
        let mut scratch = SCRATCH.take();
        scratch.words.make_room();
        for (u, unit) in units.iter_mut().enumerate() {
            self.prefilter.candidates_into(&unit.folded.text, &mut scratch);
            self.keep_prefilter_words(unit, &scratch);
            for &rule in &scratch.candidates {
                let from = spans.len();
                spans.extend(self.spans(rule, scratch.spans_of(rule), unit.folded.text.len()));
                pending.push((rule, u, from, spans.len()));
            }
        }
        // Rules that read a unit's stemmed words are verified unit by unit, so that each unit's
        // words can go once its rules are done; a batch of many units holding them all was a
        // tenth of the 100 MB run's peak memory (BENCHMARKS.md, session 21).
        pending.retain(|&candidate| {
            let reads_words = self.rules[candidate.0].check.reads_words();
            if reads_words {
                by_words.push(candidate);
            }
            !reads_words
        });
        // The others, which run patterns, are verified rule by rule.
        pending.sort_unstable();
        let mut found: Vec<Vec<RuleHit>> = vec![Vec::new(); all.len()];
        for &(rule, u, from, to) in &pending {
            // Rules come in codebook order for each text, so its last hit is of the latest code.
            if which == Hits::FirstOfCode && found[u].last().is_some_and(|h| h.code == self.rules[rule].code) {
                continue;
            }
            if let Some(hit) = self.verify_rule(&mut units[u], rule, &spans[from..to], &mut scratch.words) {
                found[u].push(hit);
            }
        }
        by_words.sort_unstable_by_key(|&(rule, u, ..)| (u, rule));
        for unit_rules in by_words.chunk_by(|a, b| a.1 == b.1) {
            let u = unit_rules[0].1;
            for &(rule, _, from, to) in unit_rules {
                let (code, index) = (self.rules[rule].code, self.rules[rule].rule);
                // An earlier rule of the code may have fired among the patterns verified above.
                if which == Hits::FirstOfCode && found[u].iter().any(|h| h.code == code && h.rule < index) {
                    continue;
                }
                if let Some(hit) = self.verify_rule(&mut units[u], rule, &spans[from..to], &mut scratch.words) {
                    found[u].push(hit);
                }
            }
            units[u].forget_words();
            found[u].sort_unstable_by_key(|h| (h.code, h.rule));
        }
        SCRATCH.set(scratch);
        pending.clear();
        spans.clear();
        by_words.clear();
        BATCH_LISTS.set(BatchLists { pending, spans, by_words });
        let mut extra = found.split_off(texts.len()).into_iter();
        for (hits, joined) in found.iter_mut().zip(&joined) {
            if joined.is_some() {
                merge_joined(hits, extra.next().unwrap_or_default());
            }
        }
        found
    }

    /// [`CompiledCodebook::hits`] without the prefilter: every rule verified in every unit. The
    /// reference the prefilter is tested against (it may only save work, never change a hit).
    #[cfg(test)]
    pub(crate) fn hits_without_prefilter(&self, text: &str) -> Vec<RuleHit> {
        let every: Vec<usize> = (0..self.rules.len()).collect();
        hits_joined(text, |t| self.verify(&mut Unit::new(t), &every))
    }

    /// How many rules the prefilter leaves to verify in `text` (as written): the number the
    /// prefilter exists to keep small.
    pub fn candidate_count(&self, text: &str) -> usize {
        self.prefilter.candidates(&fold(text).text).len()
    }

    fn hits_as_written(&self, text: &str) -> Vec<RuleHit> {
        let mut unit = Unit::new(text);
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.words.make_room();
            self.prefilter.candidates_into(&unit.folded.text, scratch);
            self.keep_prefilter_words(&mut unit, scratch);
            let mut hits = Vec::new();
            for i in 0..scratch.candidates.len() {
                let rule = scratch.candidates[i];
                let spans: Vec<(usize, usize)> =
                    self.spans(rule, scratch.spans_of(rule), unit.folded.text.len()).collect();
                hits.extend(self.verify_rule(&mut unit, rule, &spans, &mut scratch.words));
            }
            hits
        })
    }

    /// Gives `unit` the word starts the prefilter listed while reading its folded text
    /// ([`Scratch::word_starts`]), when that text is what its patterns search and is ASCII: the
    /// starts its anchored searches need ([`match_starts::word_starts`]), without a pass of
    /// their own; and, when a candidate reads the unit's stemmed words, the words' entries in
    /// the prefilter's memo, which hold their stems ([`super::ascii_words`]).
    fn keep_prefilter_words(&self, unit: &mut Unit, scratch: &Scratch) {
        if unit.ascii && self.diacritics == Diacritics::Ignore {
            unit.ascii_word_starts = Some(scratch.word_starts.clone());
            if scratch.candidates.iter().any(|&rule| self.rules[rule].check.reads_words()) {
                unit.word_entries = Some(scratch.word_entries.clone());
            }
        }
    }

    /// The candidates (rule indices, in order) that really fire in `unit`, each searched in
    /// the whole unit.
    #[cfg(test)]
    fn verify(&self, unit: &mut Unit, candidates: &[usize]) -> Vec<RuleHit> {
        let mut memo = WordLiterals::default();
        candidates.iter().filter_map(|&i| self.verify_rule(unit, i, &[], &mut memo)).collect()
    }

    /// The byte ranges of a unit (of `len` bytes) that rule `i` is searched in, from the
    /// stretches the prefilter completed one of its clauses in: with the sentence end that
    /// closes each for a rule whose matches may end on it ([`Reach::StretchAndItsEnd`]).
    fn spans<'s>(
        &self,
        i: usize,
        stretches: &'s [(usize, usize, usize)],
        len: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        let with_end = usize::from(self.rules[i].reach == Reach::StretchAndItsEnd);
        stretches.iter().map(move |&(_, s, e)| (s, (e + with_end).min(len)))
    }

    /// Rule `i` in `unit`: its hit, when it fires. `spans`, when not empty, are the ranges of
    /// the haystack that every match of the rule lies in (a rule whose matches stay in a
    /// sentence, see [`CompiledCodebook::spans`]): its pattern is searched there only, each as
    /// a part of the whole haystack.
    fn verify_rule(
        &self,
        unit: &mut Unit,
        i: usize,
        spans: &[(usize, usize)],
        memo: &mut WordLiterals,
    ) -> Option<RuleHit> {
        let rule = &self.rules[i];
        let text = unit.text;
        let haystack = match self.diacritics {
            Diacritics::Ignore => unit.folded.text.as_str(),
            Diacritics::Match => text,
        };
        // Patterns have an ASCII form only for folded text (see `Pattern`), and only that form
        // is searched anchored at the words its matches can start with.
        let ascii = unit.ascii && self.diacritics == Diacritics::Ignore;
        let anchored = ascii && !rule.check.reads_words();
        if anchored && unit.ascii_word_starts.is_none() {
            unit.ascii_word_starts = Some(match_starts::word_starts(haystack.as_bytes()));
        }
        let ascii_words = unit.ascii_word_starts.as_deref().filter(|_| anchored);
        let hay = Haystack { text: haystack, ascii, word_starts: ascii_words };
        let mut similar_evidence = None;
        let found: Option<Vec<(usize, usize)>> = match &rule.check {
            Check::Any(re) if spans.is_empty() => any_match(re, hay, rule.min_hits),
            Check::Any(re) => any_match_in(re, hay, spans, rule.min_hits),
            Check::All(res) => all_match(res, hay, rule.min_hits),
            Check::Near(a, b, within) => both_match(hay, a, b)
                .and_then(|(a_matches, b_matches)| {
                    let words = unit.segments.get_or_insert_with(|| match ascii_words {
                        Some(runs) => unicode_segments(haystack.as_bytes(), runs),
                        None => word_segments(haystack),
                    });
                    let word_of = |byte| words.partition_point(|w| w.0 <= byte).saturating_sub(1);
                    near_match(a_matches, b_matches, *within, &word_of, rule.min_hits)
                })
                .map(|(x, y)| vec![x, y]),
            Check::NearSentence(a, b) => {
                let spans = unit.sentences.get_or_insert_with(|| sentence_spans(haystack));
                sentence_match(hay, a, b, spans, rule.min_hits).map(|(x, y)| vec![x, y])
            }
            Check::Stem(terms) => {
                let (starts, entries) = (unit.ascii_word_starts.as_deref(), unit.word_entries.as_deref());
                let ws = stem_words(&mut unit.stemmed, &mut unit.segments, starts, entries, haystack, memo);
                let mut found: Vec<(usize, usize)> = terms.iter().flat_map(|t| find_term(ws, t)).collect();
                found.sort();
                (found.len() >= rule.min_hits).then(|| found.into_iter().take(1).collect())
            }
            Check::Similar(check) => {
                let (starts, entries) = (unit.ascii_word_starts.as_deref(), unit.word_entries.as_deref());
                let ws = stem_words(&mut unit.stemmed, &mut unit.segments, starts, entries, haystack, memo);
                let segments = unit.segments.as_deref();
                let terms = unit.terms.get_or_insert_with(|| unit_terms(&self.collection, ws, segments, entries, memo));
                let spans = unit.sentences.get_or_insert_with(|| sentence_spans(haystack));
                check.check_terms(terms, ws, spans).map(|hit| {
                    let shown: Vec<&str> = hit
                        .shared
                        .iter()
                        .take(SIMILAR_EVIDENCE_WORDS)
                        .map(|&r| self.original(unit.text, &unit.folded, r))
                        .collect();
                    similar_evidence = Some(hit.evidence(&shown));
                    Vec::new()
                })
            }
        };
        // The veto is looked at only for a rule that fired: most candidates do not.
        let ranges = found.filter(|_| !rule.exclude.as_ref().is_some_and(|x| x.is_match(hay)))?;
        let matched = match similar_evidence {
            Some(evidence) => evidence,
            None => ranges.into_iter().map(|r| self.original(text, &unit.folded, r)).collect::<Vec<_>>().join(" … "),
        };
        Some(RuleHit { code: rule.code, rule: rule.rule, matched })
    }

    /// The text of `text` that a range of the haystack rules ran on stands for.
    fn original<'t>(&self, text: &'t str, folded: &super::Folded, (s, e): (usize, usize)) -> &'t str {
        match self.diacritics {
            Diacritics::Ignore => {
                let (s, e) = folded.original_range(s, e);
                &text[s..e]
            }
            Diacritics::Match => &text[s..e],
        }
    }
}

/// Which hits a batch keeps (see [`CompiledCodebook::first_hits_many`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hits {
    Every,
    FirstOfCode,
}

/// One unit being verified: its text, folded, and what some rules compute from it, computed
/// once for all rules that need it.
struct Unit<'t> {
    text: &'t str,
    folded: super::Folded,
    /// Whether the text rules run on is all ASCII (see [`Haystack`]).
    ascii: bool,
    /// The words as Unicode segments them, for `near` rules' word distances and the stemmed
    /// words: in an ASCII unit from the prefilter's runs of word bytes ([`unicode_segments`],
    /// with each word's run), else from the text ([`word_segments`], no runs).
    segments: Option<Vec<Segment>>,
    /// Where the words of the folded text start to ASCII `\b`, for anchored searches
    /// ([`super::match_starts`]): the prefilter's list ([`CompiledCodebook::keep_prefilter_words`]),
    /// or listed on the first pattern's search where no prefilter ran.
    ascii_word_starts: Option<Vec<u32>>,
    /// For each of those words, its entry in the prefilter's memo of words, where its stem is
    /// ([`CompiledCodebook::keep_prefilter_words`]).
    word_entries: Option<Vec<u32>>,
    stemmed: Option<Vec<Word>>,
    /// The stemmed words looked up in the examples' vocabulary, for `similar` rules.
    terms: Option<UnitTerms>,
    sentences: Option<Vec<(usize, usize)>>,
}

impl<'t> Unit<'t> {
    fn new(text: &'t str) -> Self {
        let folded = fold(text);
        let ascii = folded.text.is_ascii();
        Self {
            text,
            folded,
            ascii,
            segments: None,
            ascii_word_starts: None,
            word_entries: None,
            stemmed: None,
            terms: None,
            sentences: None,
        }
    }

    /// Lets go of the stemmed words and what `similar` rules computed from them, the largest
    /// part of a unit (about 60 bytes a word); computed again should a rule need them.
    fn forget_words(&mut self) {
        self.stemmed = None;
        self.terms = None;
        self.segments = None;
    }
}

/// A unit's stemmed words in `haystack` (the text its rules run on), kept in `stemmed` once
/// computed: from the prefilter's word starts and memo entries where the unit kept them
/// ([`CompiledCodebook::keep_prefilter_words`], [`super::ascii_words`]), through the unit's
/// Unicode words (kept in `segments`, which `near` rules read too), else from the text.
fn stem_words<'u>(
    stemmed: &'u mut Option<Vec<Word>>,
    segments: &mut Option<Vec<Segment>>,
    starts: Option<&[u32]>,
    entries: Option<&[u32]>,
    haystack: &str,
    memo: &mut WordLiterals,
) -> &'u [Word] {
    stemmed.get_or_insert_with(|| match (starts, entries) {
        (Some(starts), Some(entries)) => {
            let segments = segments.get_or_insert_with(|| unicode_segments(haystack.as_bytes(), starts));
            stemmed_words(haystack, segments, entries, memo)
        }
        _ => unit_words(haystack),
    })
}

/// A unit's stemmed words looked up in the examples' vocabulary: a word that is one of the
/// prefilter's runs (`segments` and `entries` as [`stem_words`] read them) takes its stem's
/// term from the memo ([`WordLiterals::stem_term`]), any other is looked up.
fn unit_terms(
    collection: &ExampleCollection,
    words: &[Word],
    segments: Option<&[Segment]>,
    entries: Option<&[u32]>,
    memo: &mut WordLiterals,
) -> UnitTerms {
    let (Some(segments), Some(entries)) = (segments, entries) else {
        return UnitTerms::new(collection, words);
    };
    UnitTerms::with_terms(words, |i| {
        let term = || collection.term(&words[i].stem);
        match segments[i].2 {
            Some(run) => memo.stem_term(entries[run], term),
            None => term(),
        }
    })
}

/// The first match of a pattern, when it matches at least `min_hits` times.
fn any_match(re: &Pattern, hay: Haystack, min_hits: usize) -> Option<Vec<(usize, usize)>> {
    let first = re.find(hay);
    // Counting the rest of the unit is only needed for a minimum above one.
    first.filter(|_| min_hits <= 1 || re.find_all(hay).len() >= min_hits).map(|f| vec![f])
}

/// [`any_match`] where every match lies in one of `spans` (ranges of the haystack, in text
/// order, see [`CompiledCodebook::spans`]): each is searched as a part of the haystack, which
/// finds the same matches at the same places, since no match lies outside them and the
/// assertions at a span's edges read the bytes beyond it. A unit the ASCII form does not apply
/// to is searched whole (a folded unit that keeps a character such as `€`: rare).
fn any_match_in(re: &Pattern, hay: Haystack, spans: &[(usize, usize)], min_hits: usize) -> Option<Vec<(usize, usize)>> {
    if !re.searches_within(hay) {
        return any_match(re, hay, min_hits);
    }
    let first = spans.iter().find_map(|&span| re.find_within(hay, span))?;
    let enough = || spans.iter().map(|&span| re.count_within(hay, span)).sum::<usize>() >= min_hits;
    (min_hits <= 1 || enough()).then(|| vec![first])
}

/// The first match of every pattern, when each matches and together at least `min_hits` times.
fn all_match(res: &[Pattern], hay: Haystack, min_hits: usize) -> Option<Vec<(usize, usize)>> {
    let firsts: Option<Vec<(usize, usize)>> = res.iter().map(|re| re.find(hay)).collect();
    let enough = || res.iter().map(|re| re.find_all(hay).len()).sum::<usize>() >= min_hits;
    firsts.filter(|_| min_hits <= res.len() || enough())
}

/// The hits of `text` as written and, when a hyphen breaks a word over a line, of the text
/// with those words joined; each rule once, in codebook order.
fn hits_joined(text: &str, hits_of: impl Fn(&str) -> Vec<RuleHit>) -> Vec<RuleHit> {
    let mut hits = hits_of(text);
    if let Some(joined) = join_hyphenated_lines(text) {
        merge_joined(&mut hits, hits_of(&joined));
    }
    hits
}

/// Adds to the hits of a text as written those of its joined form that are not there yet.
fn merge_joined(hits: &mut Vec<RuleHit>, joined: Vec<RuleHit>) {
    for hit in joined {
        if !hits.iter().any(|h| h.code == hit.code && h.rule == hit.rule) {
            hits.push(hit);
        }
    }
    hits.sort_by_key(|h| (h.code, h.rule));
}

/// The text with words that a hyphen breaks over a line joined (`samen-\nwerking` →
/// `samenwerking`), or `None` when there is no such break. Only a break before a lower-case
/// letter is joined: `Zorg- en\nVeiligheidshuis` keeps its hyphen.
fn join_hyphenated_lines(text: &str) -> Option<String> {
    static PATTERN: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    if !text.contains("-\n") && !text.contains("- \n") {
        return None;
    }
    let re = PATTERN.get_or_init(|| Regex::new(r"(\p{L})-[ \t]*\n[ \t]*(\p{Ll})").expect("valid pattern"));
    let joined = re.replace_all(text, "$1$2");
    (joined != text).then(|| joined.into_owned())
}

/// The first sentence (in text order) with a match of `a` and a different match of `b`: the two
/// matches in text order; `None` when fewer than `min_hits` sentences have both.
fn sentence_match(
    hay: Haystack,
    a: &Pattern,
    b: &Pattern,
    spans: &[(usize, usize)],
    min_hits: usize,
) -> Option<((usize, usize), (usize, usize))> {
    let mut pairs = 0;
    let mut first = None;
    for &(s, e) in spans {
        let sentence = hay.slice(s, e);
        let Some(ma) = a.find(sentence) else { continue };
        let Some(mb) = b.find_all(sentence).into_iter().find(|m| m.0 != ma.0) else { continue };
        pairs += 1;
        if first.is_none() {
            let (x, y) = ((s + ma.0, s + ma.1), (s + mb.0, s + mb.1));
            first = Some(if x.0 <= y.0 { (x, y) } else { (y, x) });
        }
    }
    first.filter(|_| pairs >= min_hits)
}

/// The words of any text as Unicode segments them, as [`Segment`]s without runs (the
/// prefilter's runs are known only for an ASCII unit, see [`unicode_segments`]).
fn word_segments(text: &str) -> Vec<Segment> {
    use unicode_segmentation::UnicodeSegmentation;
    text.unicode_word_indices().map(|(i, w)| (i, i + w.len(), None)).collect()
}

/// Byte ranges of a pattern's matches in a haystack, in text order.
type Matches = Vec<(usize, usize)>;

/// Every match of `a` and of `b` in the haystack, when both have one. `b` is searched first and
/// `a` only when `b` matched, as [`near_match`] needs both.
fn both_match(hay: Haystack, a: &Pattern, b: &Pattern) -> Option<(Matches, Matches)> {
    let b_matches = b.find_all(hay);
    if b_matches.is_empty() {
        return None;
    }
    let a_matches = a.find_all(hay);
    (!a_matches.is_empty()).then_some((a_matches, b_matches))
}

/// The first pair of matches of `a` and `b` (given as [`both_match`] found them) at most
/// `within` words apart, in text order; `None` when fewer than `min_hits` such pairs exist.
/// `word_of` gives the number of the word a byte is in (from the unit's Unicode words, worked
/// out only for a unit where both patterns match).
fn near_match(
    a_matches: Matches,
    b_matches: Matches,
    within: usize,
    word_of: &dyn Fn(usize) -> usize,
    min_hits: usize,
) -> Option<((usize, usize), (usize, usize))> {
    let bs: Vec<_> = b_matches.into_iter().map(|m| (word_of(m.0), m)).collect();
    let mut pairs = 0;
    let mut first = None;
    for ma in a_matches {
        let wa = word_of(ma.0);
        if let Some(&(_, mb)) = bs.iter().find(|(wb, mb)| wa.abs_diff(*wb) <= within && mb.0 != ma.0) {
            pairs += 1;
            if first.is_none() {
                let (x, y) = (ma, mb);
                first = Some(if x.0 <= y.0 { (x, y) } else { (y, x) });
            }
        }
    }
    first.filter(|_| pairs >= min_hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{parse_codebook, release_thread_memory};

    /// Byte offsets where words start, to turn a match position into a word position.
    fn word_starts(text: &str) -> Vec<usize> {
        word_segments(text).into_iter().map(|(start, ..)| start).collect()
    }

    fn compile(rules_yaml: &str) -> CompiledCodebook {
        let lists = "lists:\n  regels: [regels, protocol*]\n  oprekken: [oprekken, omzeil*]\n";
        let text = format!("codebook:\n  id: t\n{lists}codes:\n  - id: a\n    rules:\n{rules_yaml}");
        let (info, codes) = parse_codebook(std::path::Path::new("t.yaml"), "t.yaml", &text).unwrap();
        CompiledCodebook::compile(&Codebook::new(vec![info], codes), Diacritics::Ignore).unwrap()
    }

    fn matched(rules_yaml: &str, text: &str) -> Vec<String> {
        compile(rules_yaml).hits(text).into_iter().map(|h| h.matched).collect()
    }

    #[test]
    fn terms_give_the_first_match_as_evidence() {
        assert_eq!(matched("      - terms: [schot*, wal]\n", "Tussen wal en schip, door de schotten."), vec!["wal"]);
        assert!(matched("      - terms: [schot*]\n", "geen schutting").is_empty());
    }

    #[test]
    fn near_counts_words_between() {
        let rule = "      - near: [niemand, verantwoordelijk*]\n        within: 3\n";
        // niemand(0) voelt(1) zich(2) verantwoordelijk(3): 3 words apart.
        assert_eq!(matched(rule, "Niemand voelt zich verantwoordelijk."), vec!["Niemand … verantwoordelijk"]);
        // niemand(0) voelt(1) zich(2) echt(3) verantwoordelijk(4): 4 apart.
        assert!(matched(rule, "Niemand voelt zich echt verantwoordelijk.").is_empty());
        // order does not matter
        assert_eq!(matched(rule, "verantwoordelijk? Nee, niemand."), vec!["verantwoordelijk … niemand"]);
    }

    /// `both_match` on `niemand … verantwoordelijk*`, by hand: all matches of both when both
    /// occur (bytes 0..7, and 19..35 and 37..54 below), nothing when either is missing, so no
    /// unit without both is segmented into words.
    #[test]
    fn a_near_rule_needs_matches_of_both_before_words_are_counted() {
        let a = Pattern::new(r"\bniemand\b", true).unwrap();
        let b = Pattern::new(r"\bverantwoordelijk\w*", true).unwrap();
        let text = "niemand voelt zich verantwoordelijk, verantwoordelijke";
        assert_eq!(both_match(Haystack::new(text), &a, &b), Some((vec![(0, 7)], vec![(19, 35), (37, 54)])));
        assert_eq!(both_match(Haystack::new("niemand voelt zich thuis"), &a, &b), None);
        assert_eq!(both_match(Haystack::new("zij voelt zich verantwoordelijk"), &a, &b), None);
        // The pairs then follow from the matches and the word starts: words 0 and 3 are 3
        // apart, words 0 and 4 are 4.
        let starts = word_starts(text);
        assert_eq!(starts, vec![0, 8, 14, 19, 37]);
        let word_of = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
        let (x, y) = near_match(vec![(0, 7)], vec![(19, 35), (37, 54)], 3, &word_of, 1).unwrap();
        assert_eq!((&text[x.0..x.1], &text[y.0..y.1]), ("niemand", "verantwoordelijk"));
        assert_eq!(near_match(vec![(0, 7)], vec![(37, 54)], 3, &word_of, 1), None);
    }

    #[test]
    fn a_named_list_fills_a_near_slot_with_any_of_its_terms() {
        let rule = "      - near: ['@regels', '@oprekken']\n        within: 2\n";
        assert_eq!(matched(rule, "Die protocollen omzeilen we."), vec!["protocollen … omzeilen"]);
        assert_eq!(matched(rule, "We moeten de regels soms oprekken."), vec!["regels … oprekken"]);
        // regels(0) moet(1) je(2) soms(3) oprekken(4): too far apart.
        assert!(matched(rule, "Regels moet je soms oprekken.").is_empty());
        // A term of the list alone is not enough.
        assert!(matched(rule, "De regels zijn streng.").is_empty());
    }

    #[test]
    fn all_exclude_and_min_hits() {
        let all = "      - all: [ggz, vg]\n";
        assert_eq!(matched(all, "De VG en de GGZ."), vec!["GGZ … VG"]);
        assert!(matched(all, "Alleen de GGZ.").is_empty());
        let excl = "      - terms: [regie]\n        exclude: [regiegemeente]\n";
        assert!(matched(excl, "de regie van de regiegemeente").is_empty());
        assert_eq!(matched(excl, "de regie"), vec!["regie"]);
        let min = "      - terms: [samen*]\n        min_hits: 2\n";
        assert!(matched(min, "samen").is_empty());
        assert_eq!(matched(min, "samen, samenwerking"), vec!["samen"]);
    }

    #[test]
    fn words_broken_over_a_line_are_joined() {
        let rule = "      - terms: [samenwerking]\n";
        assert_eq!(matched(rule, "een goede samen-\nwerking"), vec!["samenwerking"]);
        assert_eq!(matched(rule, "een goede samenwerking"), vec!["samenwerking"]);
        // A hyphen before a space stays: "zorg- en" is not a broken word.
        assert!(matched("      - terms: [zorgen]\n", "Zorg-\nEn welzijn").is_empty());
    }

    /// Code `a` has three rules: `samenwerking` (0), `wal` (1), `schip` (2). Every rule counts
    /// in `hits_many`; `first_hits_many` keeps the first rule that fires, also where only the
    /// joined form of a word broken over a line fires an earlier rule than the text as written.
    #[test]
    fn first_hits_keep_each_codes_first_rule() {
        let book = compile("      - terms: [samenwerking]\n      - terms: [wal]\n      - terms: [schip]\n");
        let texts =
            ["tussen wal en schip", "het schip en de samenwerking", "geen van drie", "schip en samen-\nwerking"];
        let rules = |hits: Vec<Vec<RuleHit>>| -> Vec<Vec<usize>> {
            hits.into_iter().map(|h| h.into_iter().map(|h| h.rule).collect()).collect()
        };
        // The last text as written has `schip` only; joined, `samenwerking` too.
        assert_eq!(rules(book.hits_many(&texts)), vec![vec![1, 2], vec![0, 2], vec![], vec![0, 2]]);
        assert_eq!(rules(book.first_hits_many(&texts)), vec![vec![1], vec![0], vec![], vec![0]]);
    }

    /// `stem` rules are verified after the pattern rules of a batch, unit by unit: a code's
    /// first rule that fires is still its evidence, whichever of the two kinds fired first.
    #[test]
    fn first_hits_keep_the_first_rule_across_words_and_patterns() {
        let book = compile("      - stem: [regie]\n      - terms: [casus]\n      - stem: [overleg]\n");
        let texts = ["regie en casus", "casus en overleg", "alleen overleg", "regie"];
        let rules = |hits: Vec<Vec<RuleHit>>| -> Vec<Vec<usize>> {
            hits.into_iter().map(|h| h.into_iter().map(|h| h.rule).collect()).collect()
        };
        assert_eq!(rules(book.hits_many(&texts)), vec![vec![0, 1], vec![1, 2], vec![2], vec![0]]);
        // "regie en casus": the stem rule (0) comes before the term (1) that was verified first.
        assert_eq!(rules(book.first_hits_many(&texts)), vec![vec![0], vec![1], vec![2], vec![0]]);
    }

    /// What a thread keeps from one batch to the next (the batch lists, the memos of words and
    /// stems) carries no unit of one batch into the next, nor does letting it go change a hit:
    /// the same three batches, worked by hand as in the test above, give each its own rules
    /// again after the others and after [`release_thread_memory`].
    #[test]
    fn a_batch_starts_clean_after_another_and_after_the_memory_is_released() {
        let book = compile("      - stem: [regie]\n      - terms: [casus]\n      - stem: [overleg]\n");
        let rules = |texts: &[&str]| -> Vec<Vec<usize>> {
            let hits = book.hits_many(texts);
            hits.into_iter().map(|h| h.into_iter().map(|h| h.rule).collect()).collect()
        };
        let batches: [&[&str]; 3] = [&["regie en casus", "casus en overleg"], &["alleen overleg"], &["niets", "regie"]];
        let expected = [vec![vec![0, 1], vec![1, 2]], vec![vec![2]], vec![vec![], vec![0]]];
        for round in 0..2 {
            for (batch, expected) in batches.iter().zip(&expected) {
                assert_eq!(&rules(batch), expected, "round {round}");
            }
            release_thread_memory();
        }
    }

    /// A rule whose match may end on a sentence end is searched in the stretches its words are
    /// in, each with the end that closes it, and reads `$` and `\b` as in the whole unit.
    #[test]
    fn a_match_may_end_on_the_sentence_end_of_its_stretch() {
        let book = compile("      - regex: '\\bkan\\s+niet\\s*(?:[.?!]|$)'\n      - regex: '\\bja\\.$'\n");
        let found = |text: &str| -> Vec<(usize, String)> {
            let hits = book.hits(text);
            assert_eq!(hits, book.hits_without_prefilter(text), "{text}");
            hits.into_iter().map(|h| (h.rule, h.matched)).collect()
        };
        assert_eq!(found("Dat kan niet. Nee."), vec![(0, "kan niet.".to_string())]);
        // At the end of the unit, `$`; before another sentence, neither `$` nor the end.
        assert_eq!(found("Nee. Dat kan niet"), vec![(0, "kan niet".to_string())]);
        assert!(found("Dat kan niet, nee. Ja").is_empty());
        // `ja.` closes a stretch, but `$` holds only at the end of the whole unit.
        assert!(found("Ja. Nee, echt").is_empty());
        assert_eq!(found("Nee, ja."), vec![(1, "ja.".to_string())]);
    }

    #[test]
    fn diacritics_are_ignored_in_compiled_rules() {
        assert_eq!(matched("      - terms: [cliënt*]\n", "de client en de cliënten"), vec!["client"]);
    }

    #[test]
    fn stem_rules_find_inflections_and_compound_heads() {
        let rule = "      - stem: [verantwoordelijkheid, samenwerking]\n";
        assert_eq!(matched(rule, "Wie draagt de ketenverantwoordelijkheid?"), vec!["ketenverantwoordelijkheid"]);
        assert_eq!(matched(rule, "De samenwerkingen lopen goed."), vec!["samenwerkingen"]);
        assert!(matched(rule, "De verantwoordelijkheidsverdeling.").is_empty());
        // A phrase: its words one after the other.
        assert_eq!(matched("      - stem: [korte lijn]\n", "Kortere lijnen? Korte lijnen!"), vec!["Korte lijnen"]);
        // min_hits counts every occurrence of every term.
        assert!(matched("      - stem: [regie]\n        min_hits: 2\n", "de regie").is_empty());
        assert_eq!(matched("      - stem: [regie]\n        min_hits: 2\n", "de regie en de casusregie"), vec!["regie"]);
    }

    #[test]
    fn sentence_near_needs_both_in_one_sentence() {
        let rule = "      - near: [niemand, verantwoordelijk*]\n        within: sentence\n";
        // eight words apart, one sentence: a word-count `near` of 5 would miss it
        assert_eq!(
            matched(rule, "Niemand van al die partijen aan tafel voelt zich echt verantwoordelijk."),
            vec!["Niemand … verantwoordelijk"]
        );
        assert!(matched(rule, "Niemand belt. Wie is verantwoordelijk?").is_empty());
    }

    #[test]
    fn similar_rules_give_the_score_and_the_shared_words() {
        // One code with example "regie casus" and one more example "regie overleg"; a second code
        // gives the third example text "geld wet" (see similar.rs for the hand-worked values).
        let text = "codebook:\n  id: t\ncodes:\n  - id: a\n    example: \"regie casus\"\n    rules:\n      - similar: [\"regie overleg\"]\n        threshold: 0.25\n  - id: b\n    example: \"geld wet\"\n";
        let (info, codes) = parse_codebook(std::path::Path::new("t.yaml"), "t.yaml", text).unwrap();
        let book = CompiledCodebook::compile(&Codebook::new(vec![info], codes), Diacritics::Ignore).unwrap();
        let hits = book.hits("De regie en het plan");
        // cosine with "regie casus" = 0.287472 (and with "regie overleg" the same) ≥ 0.25
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].matched, "0.29: regie");
        // "het geld" shares nothing with a's examples
        assert!(book.hits("Het geld").is_empty());
    }

    /// A thread's memo keeps each word's stem term (its id and idf) for the codebook it was
    /// made with only. A second codebook with a fourth example ("regie") has other weights:
    /// N = 4, idf(regie) = ln(5/4) + 1 = 1.223144, idf(casus) = idf(overleg) = ln(5/2) + 1 =
    /// 1.916291, idf(plan) = ln(5) + 1 = 2.609438. "De regie en het plan" against "regie casus":
    /// 1.223144² / (√(1.223144² + 2.609438²) × √(1.223144² + 1.916291²)) = 1.496081 /
    /// (2.881883 × 2.273379) = 0.228350. With the first codebook's weights left in the memo it
    /// would be 1.287682 × 1.223144 / (2.711554 × 2.273379) = 0.2555.
    #[test]
    fn a_words_stem_terms_are_those_of_the_codebook_coding_it() {
        let book = |extra: &str, threshold: &str| {
            let text = format!("codebook:\n  id: t\ncodes:\n  - id: a\n    example: \"regie casus\"\n    rules:\n      - similar: [\"regie overleg\"]\n        threshold: {threshold}\n  - id: b\n    example: \"geld wet\"\n{extra}");
            let (info, codes) = parse_codebook(std::path::Path::new("t.yaml"), "t.yaml", &text).unwrap();
            CompiledCodebook::compile(&Codebook::new(vec![info], codes), Diacritics::Ignore).unwrap()
        };
        let (three, four) = (book("", "0.25"), book("  - id: c\n    example: \"regie\"\n", "0.2"));
        let evidence = |book: &CompiledCodebook| -> Vec<String> {
            book.hits("De regie en het plan").into_iter().map(|h| h.matched).collect()
        };
        for _ in 0..2 {
            assert_eq!(evidence(&three), ["0.29: regie"]);
            assert_eq!(evidence(&four), ["0.23: regie"]);
        }
    }

    #[test]
    fn regex_rules_are_case_insensitive() {
        assert_eq!(matched("      - regex: '\\bwlz\\b'\n", "de WLZ betaalt"), vec!["WLZ"]);
    }
}
