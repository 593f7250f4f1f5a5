//! Compiling one rule of a codebook: its trigger pattern (what a grep-like tool would search
//! for), its clauses for the prefilter, whether its matches stay inside a sentence, and the
//! check the matcher ([`super::matcher`]) runs on a unit. Kept apart from matching so that
//! what is decided once per codebook and what is done once per unit live in separate files.

use regex_syntax::hir::Hir;

use super::fold::fold;
use super::literals::{clauses_of, regex_clauses, regex_requirements, Clause};
use super::pattern::{self, term_weight, Pattern, LAZY_WEIGHT};
use super::rules::{term_to_regex, RuleKind};
use super::sentence_bound::{reach, reach_parsed, terms_reach, Reach};
use super::similar::{ExampleCollection, SimilarCheck};
use super::stem::term_stems;
use super::{Codebook, CodebookError, Diacritics};

/// One rule as the matcher runs it: which rule of which code, its check, its veto and how
/// often it must match.
pub(super) struct CompiledRule {
    pub(super) code: usize,
    pub(super) rule: usize,
    pub(super) check: Check,
    pub(super) exclude: Option<Pattern>,
    pub(super) min_hits: usize,
    /// Where its matches can lie: the prefilter's stretches are searched to their sentence end
    /// for [`Reach::StretchAndItsEnd`].
    pub(super) reach: Reach,
}

/// What a rule checks in a unit, with its patterns compiled (or ready to compile lazily).
pub(super) enum Check {
    /// Count the matches of one regex.
    Any(Pattern),
    /// Every regex must match.
    All(Vec<Pattern>),
    /// Two regexes within `within` words.
    Near(Pattern, Pattern, usize),
    /// Two regexes in one sentence.
    NearSentence(Pattern, Pattern),
    /// Any of the terms, as the stems of their words.
    Stem(Vec<Vec<String>>),
    /// The code's examples as TF-IDF vectors, with the rule's threshold, unit and stop words.
    Similar(SimilarCheck),
}

impl Check {
    /// Whether the check reads the unit's stemmed words rather than its text.
    pub(super) fn reads_words(&self) -> bool {
        matches!(self, Check::Stem(_) | Check::Similar(_))
    }
}

/// The example texts of a code (its `example` and the extra examples of its `similar`
/// rules), prepared as rules see text: they define the vocabulary of `similar` rules (see
/// [`super::similar`]).
pub(super) fn examples_of(code: &super::Code, diacritics: Diacritics) -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    if !code.example.trim().is_empty() {
        texts.push(prepare(&code.example, diacritics));
    }
    for spec in &code.rules {
        if let RuleKind::Similar { examples, .. } = &spec.kind {
            texts.extend(examples.iter().map(|e| prepare(e, diacritics)));
        }
    }
    texts
}

/// A rule's own text as the text it runs on: folded when diacritics are ignored.
fn prepare(s: &str, diacritics: Diacritics) -> String {
    match diacritics {
        Diacritics::Ignore => fold(s).text,
        Diacritics::Match => s.to_string(),
    }
}

/// What compiling one rule gives: its trigger pattern, its clauses for the prefilter, and the
/// rule (which knows how far its matches reach).
pub(super) type CompiledParts = (String, Vec<Clause>, CompiledRule);

/// Turns a rule's kind into its trigger pattern and its check.
pub(super) struct RuleCompiler<'a> {
    pub(super) diacritics: Diacritics,
    /// Whether patterns get an ASCII form for folded text (always, but in a test reference).
    pub(super) ascii_forms: bool,
    pub(super) collection: &'a ExampleCollection,
}

impl RuleCompiler<'_> {
    /// Rule `r` of code `c`: its trigger pattern, its required literal sets, and the rule
    /// (its checks and how far its matches reach).
    pub(super) fn rule(&self, codebook: &Codebook, c: usize, r: usize) -> Result<CompiledParts, CodebookError> {
        let code = &codebook.codes[c];
        let spec = &code.rules[r];
        let fail = |e: regex::Error| CodebookError::Invalid {
            path: codebook.books.iter().find(|b| b.id == code.codebook).map(|b| b.path.clone()).unwrap_or_default(),
            line: code.line,
            code: code.id.clone(),
            message: format!("rule cannot be compiled: {e}"),
        };
        // A regex is parsed once here, as it runs (folded when diacritics are ignored), for its
        // literals, its size and whether it stays in a sentence; a term is not parsed. (Parsing
        // the written pattern and then its folded form again, in ASCII mode for the sentence
        // check, was a tenth of compiling the shipped codebooks, 282 of whose 484 regexes have
        // a letter with a diacritic.)
        let parsed = match &spec.kind {
            RuleKind::Regex(p) => regex_syntax::Parser::new().parse(&prepare(p, self.diacritics)).ok(),
            _ => None,
        };
        let (trigger, check) = self.check(code, &spec.kind, parsed.as_ref()).map_err(fail)?;
        let exclude = if spec.exclude.is_empty() { None } else { Some(self.terms(&spec.exclude).map_err(fail)?) };
        let reach = self.reach(&spec.kind, &check, &trigger, parsed.as_ref());
        let rule = CompiledRule { code: c, rule: r, check, exclude, min_hits: spec.min_hits, reach };
        Ok((trigger, rule_clauses(&spec.kind, parsed.as_ref()), rule))
    }

    /// How far the matches of a rule of one pattern reach ([`Reach`]): within a sentence, it
    /// needs its words in one sentence. Only on folded text: the prefilter reads the folded
    /// text, where `…` is `...`, and only there does the pattern run on the same bytes. A regex
    /// is read from its parse for the literals, which is of the pattern as it runs (`trigger`).
    fn reach(&self, kind: &RuleKind, check: &Check, trigger: &str, parsed: Option<&Hir>) -> Reach {
        if self.diacritics != Diacritics::Ignore || !matches!(check, Check::Any(_)) {
            return Reach::Unit;
        }
        match (kind, parsed) {
            (RuleKind::Terms(terms), _) => terms_reach(terms.iter().map(|t| prepare(t, self.diacritics))),
            (RuleKind::Regex(_), Some(hir)) => reach_parsed(trigger, hir),
            _ => reach(trigger),
        }
    }

    fn alternation(&self, terms: &[String]) -> String {
        let parts: Vec<String> = terms
            .iter()
            .map(|t| term_to_regex(&prepare(t, self.diacritics)).expect("terms were checked at load"))
            .collect();
        format!("(?:{})", parts.join("|"))
    }

    /// A pattern of `weight` ([`pattern::weight`]): compiled when a unit first needs it, unless
    /// it is heavy enough that compiling it could fail (then now, so that the error names the
    /// code before anything is coded).
    fn build(&self, pattern: &str, weight: u64) -> Result<Pattern, regex::Error> {
        let folded = self.ascii_forms && self.diacritics == Diacritics::Ignore;
        if weight <= LAZY_WEIGHT {
            Ok(Pattern::lazy(pattern, folded))
        } else {
            Pattern::new(pattern, folded)
        }
    }

    /// The alternation of some terms, as a pattern.
    fn terms(&self, terms: &[String]) -> Result<Pattern, regex::Error> {
        let p = self.alternation(terms);
        self.build(&p, term_weight(&p))
    }

    /// Both patterns of a `near` rule.
    fn pair(&self, slots: &[Vec<String>; 2]) -> Result<(Pattern, Pattern), regex::Error> {
        Ok((self.terms(&slots[0])?, self.terms(&slots[1])?))
    }

    /// A rule's trigger and check; `parsed` is a `regex` rule's pattern as parsed for its
    /// literals (`None` when it is not one).
    fn check(
        &self,
        code: &super::Code,
        kind: &RuleKind,
        parsed: Option<&Hir>,
    ) -> Result<(String, Check), regex::Error> {
        Ok(match kind {
            RuleKind::Terms(terms) => {
                let p = self.alternation(terms);
                (p.clone(), Check::Any(self.build(&p, term_weight(&p))?))
            }
            RuleKind::Regex(p) => {
                let p = prepare(p, self.diacritics);
                let weight = parsed.map_or(u64::MAX, pattern::weight);
                (p.clone(), Check::Any(self.build(&p, weight)?))
            }
            RuleKind::All(slots) => {
                let each: Result<Vec<Pattern>, _> = slots.iter().map(|slot| self.terms(slot)).collect();
                (self.alternation(&slots.concat()), Check::All(each?))
            }
            RuleKind::Near { terms: slots, within } => {
                let (a, b) = self.pair(slots)?;
                (self.alternation(&slots.concat()), Check::Near(a, b, *within))
            }
            RuleKind::NearSentence { terms: slots } => {
                let (a, b) = self.pair(slots)?;
                (self.alternation(&slots.concat()), Check::NearSentence(a, b))
            }
            RuleKind::Stem(terms) => {
                let stems: Vec<Vec<String>> = terms.iter().map(|t| term_stems(&prepare(t, self.diacritics))).collect();
                (self.alternation(terms), Check::Stem(stems))
            }
            RuleKind::Similar { examples, threshold, per, stop_words, own_examples_only, min_shared } => {
                let examples = match own_examples_only {
                    true => examples.iter().map(|e| prepare(e, self.diacritics)).collect(),
                    false => examples_of(code, self.diacritics),
                };
                let stop: Vec<String> = stop_words.iter().map(|w| prepare(w, self.diacritics)).collect();
                let check = SimilarCheck::new(self.collection, &examples, threshold.0, *per, &stop);
                (String::new(), Check::Similar(check.with_min_shared(*min_shared)))
            }
        })
    }
}

/// The clauses of a rule (see [`Prefilter`]): the rule can fire only where every literal set
/// of one of them occurs. Terms are read as the patterns they compile to, so a term's word
/// boundaries are kept, and each term of a `terms` rule is a clause of its own.
fn rule_clauses(kind: &RuleKind, parsed: Option<&Hir>) -> Vec<Clause> {
    // The alternation of a slot's terms.
    let pattern = |terms: &[String]| -> Option<String> {
        let patterns: Option<Vec<String>> = terms.iter().map(|t| term_to_regex(t).ok()).collect();
        patterns.map(|p| format!("(?:{})", p.join("|")))
    };
    match kind {
        RuleKind::Terms(terms) => pattern(terms).map(|p| regex_clauses(&p)).unwrap_or_default(),
        RuleKind::Regex(_) => parsed.map(clauses_of).unwrap_or_default(),
        // Every slot must occur: one clause with the sets of each.
        RuleKind::All(slots) => all_slots(slots, pattern),
        RuleKind::Near { terms: slots, .. } | RuleKind::NearSentence { terms: slots } => all_slots(slots, pattern),
        // Stems and similarity have no literal that every match contains: always verified.
        RuleKind::Stem(_) | RuleKind::Similar { .. } => Vec::new(),
    }
}

/// One clause with the required sets of every slot's pattern; none when no slot has one.
fn all_slots(slots: &[Vec<String>], pattern: impl Fn(&[String]) -> Option<String>) -> Vec<Clause> {
    let sets: Clause = slots.iter().filter_map(|s| pattern(s)).flat_map(|p| regex_requirements(&p)).collect();
    if sets.is_empty() {
        Vec::new()
    } else {
        vec![sets]
    }
}
