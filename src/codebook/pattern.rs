//! One rule pattern, compiled for the text it runs on: ASCII automata for folded text, Unicode
//! ones only where a unit still holds a character without an ASCII form.
//!
//! With diacritics ignored, rules run on units folded to ASCII ([`super::fold`]). On ASCII
//! text, a pattern compiled in ASCII mode (`\w`, `\s`, `\b`, case folding and negated classes
//! such as `[^.?!]` all restricted to bytes) finds exactly what its Unicode form finds, and its
//! automata are a fraction of the size: compiling is several times cheaper and the lazy DFA
//! rarely has to build a state. Negated classes and `.` can match a byte of a multi-byte
//! character in that mode, which `regex`'s `&str` API refuses, so the ASCII form searches
//! bytes, as `regex::bytes` does (a `regex-automata` meta regex, see below) — used only on a
//! haystack that is all ASCII, where no byte is part of a longer character. A folded unit
//! that keeps a non-ASCII character (`€`, `°`, `日本`) is searched with the pattern's Unicode
//! form instead, compiled the first time such a unit needs it; so every unit is matched with
//! the same meaning as before, and the Unicode form of most rules is never built.
//!
//! With diacritics matched, units are not folded and the Unicode form is the only one.
//!
//! The ASCII form is a `regex-automata` meta regex configured for what it is used for: the
//! prefilter ([`super::prefilter`]) has already seen the rule's words in the unit, so the
//! literal prefilter `regex` would extract (a case-insensitive alternation of short words
//! makes a large one) costs build time and saves no search time; the one-pass DFA serves
//! searches for capture groups, which the matcher never asks for (where the lazy DFA gives
//! up, the backtracker or the PikeVM finds the match instead); and no capture group is
//! tracked. Built this way (with the prefilter's groups), the sample's coding stage, most of
//! which is compiling the patterns its units need, takes a quarter less time (BENCHMARKS.md,
//! "sixth step"), with the same matches (tests below, and the prefilter equivalence test on
//! the shipped codebooks).
//!
//! **Anchored where a match can start.** 448 of the 475 patterns the 5 MB study verifies begin
//! with `\b` and a word from a list. Their ASCII form is searched anchored at the unit's word
//! starts that begin as one of those words, instead of over every byte of the span
//! ([`super::match_starts`]): the same match, found with fewer lazy-DFA states and without the
//! reverse search for its start. The Unicode form, and every pattern without such a list,
//! searches as before.
//!
//! Neither form is built before a unit needs it ([`Pattern::lazy`]): the prefilter lets a unit
//! through to a rule only when the rule's words are in it, so a small study verifies a fraction
//! of a codebook's rules, and compiling all of them up front was most of the `codebook` stage
//! (BENCHMARKS.md).

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{meta, Anchored, Input};

use super::match_starts::MatchStarts;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Size limit for one compiled pattern: case-insensitive Unicode word classes need more than
/// regex's default of 10 MB for long alternations.
const SIZE_LIMIT: usize = 64 * 1024 * 1024;

/// Memory one pattern's lazy DFA may use per thread before it starts over. regex's default
/// (2 MB) is too small for the bounded word gaps of the shipped codebooks: the DFA cleared its
/// states and rebuilt them again and again (a fifth of the coding time in the profile of
/// BENCHMARKS.md). Memory grows only as far as a corpus needs states.
const DFA_CACHE: usize = 16 * 1024 * 1024;

/// The most [`weight`] a pattern may have to be compiled lazily ([`Pattern::lazy`]). The size
/// limit above counts the bytes of the compiled automata, which grow with the pattern's
/// characters and the ranges of its classes, each repeated as often as a repetition allows:
/// what [`weight`] counts. Measured on the 483 regexes of the shipped codebooks (the smallest
/// size limit each one's Unicode form, the larger one, compiles under): at most 77 bytes per
/// unit of weight, and 2.0 MB for the heaviest (weight 285,521). So a pattern of weight
/// 400,000 needs about half the limit at most; a heavier one is compiled at once, so that an
/// error still names its code before any unit is coded.
pub const LAZY_WEIGHT: u64 = 400_000;

/// An upper measure of a pattern's compiled size (see [`LAZY_WEIGHT`]), from the pattern as
/// `regex_syntax::Parser::new()` parses it: a literal counts its bytes, a class its ranges
/// (case folding at most triples a letter: counted as four), a repetition its body once more
/// than its largest count (or its smallest, when open-ended).
pub fn weight(hir: &Hir) -> u64 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(lit) => 4 * lit.0.len() as u64,
        HirKind::Class(Class::Unicode(class)) => 4 * class.ranges().len() as u64,
        HirKind::Class(Class::Bytes(class)) => 4 * class.ranges().len() as u64,
        HirKind::Repetition(rep) => {
            let times = u64::from(rep.max.unwrap_or(rep.min).max(1)) + 1;
            weight(&rep.sub).saturating_mul(times)
        }
        HirKind::Capture(cap) => weight(&cap.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().map(weight).fold(1, u64::saturating_add),
    }
}

/// [`weight`] of a pattern made from terms ([`super::rules::term_to_regex`]), without parsing
/// it: such a pattern has escaped characters, `\b`, `\s+`, `['’‘]` and `\w*` and nothing else,
/// so 32 per byte bounds all but `\w*`, which weighs what Unicode's word class does.
pub fn term_weight(source: &str) -> u64 {
    /// Unicode's `\w` has about 770 ranges: ×4, ×2 for its repetition.
    const WORD_CLASS: u64 = 4 * 800 * 2;
    32 * source.len() as u64 + WORD_CLASS * source.matches(r"\w").count() as u64
}

/// A haystack and whether it is all ASCII (decided once per unit, for all its patterns), with
/// where its words start when the unit has listed them ([`super::match_starts::word_starts`]):
/// then a pattern whose matches begin at a word it knows is searched anchored there.
#[derive(Clone, Copy)]
pub struct Haystack<'t> {
    pub text: &'t str,
    pub ascii: bool,
    pub word_starts: Option<&'t [u32]>,
}

impl<'t> Haystack<'t> {
    #[cfg(test)]
    pub fn new(text: &'t str) -> Self {
        Self { text, ascii: text.is_ascii(), word_starts: None }
    }

    /// A part of this haystack (a sentence), at char boundaries; searched without its word
    /// starts, which count from the start of the whole.
    pub fn slice(&self, start: usize, end: usize) -> Haystack<'t> {
        let text = &self.text[start..end];
        Self { text, ascii: self.ascii || text.is_ascii(), word_starts: None }
    }
}

/// A compiled, case-insensitive pattern (see the module documentation).
pub struct Pattern {
    source: String,
    /// Whether the pattern runs on folded text, where it has an ASCII form.
    folded: bool,
    /// The ASCII form (`None` inside: the pattern has none), built on first need.
    ascii: OnceLock<Option<AsciiForm>>,
    /// The Unicode form, built on first need.
    unicode: OnceLock<Regex>,
}

impl Pattern {
    /// Compiles `source` now. `folded` says the haystacks are folded text: then the ASCII form
    /// is built now and the Unicode form is left for the units that need it.
    pub fn new(source: &str, folded: bool) -> Result<Self, regex::Error> {
        let pattern = Self::lazy(source, folded);
        // A pattern that asks for Unicode itself (`\p{L}`, `(?u)`) has no ASCII form.
        if pattern.ascii_form().is_none() {
            let _ = pattern.unicode.set(build_unicode(source)?);
        }
        Ok(pattern)
    }

    /// `source`, compiled only when a unit first needs it (see [`Pattern::new`]): a codebook's
    /// rules are verified only in units whose words the prefilter saw, so in a small study
    /// most of them are never compiled. The caller has made sure that `source` parses and is
    /// far from the size limit ([`LAZY_WEIGHT`]), so that building it later cannot fail where
    /// building it now would have been an error to report.
    pub fn lazy(source: &str, folded: bool) -> Self {
        Self { source: source.to_string(), folded, ascii: OnceLock::new(), unicode: OnceLock::new() }
    }

    /// The ASCII form, built now if it was not yet; `None` when the pattern has none.
    fn ascii_form(&self) -> Option<&AsciiForm> {
        if !self.folded {
            return None;
        }
        self.ascii.get_or_init(|| build_ascii(&self.source).ok()).as_ref()
    }

    /// The Unicode form, compiled now if it was not yet. The pattern parsed when the codebook
    /// was loaded, and it is either far below the size limit ([`LAZY_WEIGHT`]) or its ASCII
    /// form compiled under the limit already, so failing here means running out of the size
    /// limit on an extreme pattern: the ASCII form is then used on the unit too (a non-ASCII
    /// character counts as its bytes), rather than stopping a run half-way.
    fn unicode(&self) -> Option<&Regex> {
        if let Some(re) = self.unicode.get() {
            return Some(re);
        }
        match build_unicode(&self.source) {
            Ok(re) => Some(self.unicode.get_or_init(|| re)),
            Err(_) => None,
        }
    }

    /// The ASCII form, when it applies to `hay`.
    fn ascii_for(&self, hay: Haystack) -> Option<&AsciiForm> {
        self.ascii_form().filter(|_| hay.ascii || self.unicode().is_none())
    }

    /// The first match: its byte range.
    pub fn find(&self, hay: Haystack) -> Option<(usize, usize)> {
        match self.ascii_for(hay) {
            Some(form) => form.find(hay, 0, hay.text.len()),
            None => self.unicode()?.find(hay.text).map(|m| (m.start(), m.end())),
        }
    }

    /// Every (non-overlapping) match, in text order.
    pub fn find_all(&self, hay: Haystack) -> Vec<(usize, usize)> {
        match self.ascii_for(hay) {
            Some(form) => form.find_all(hay, 0, hay.text.len()),
            None => match self.unicode() {
                Some(re) => re.find_iter(hay.text).map(|m| (m.start(), m.end())).collect(),
                None => Vec::new(),
            },
        }
    }

    /// Whether [`Pattern::find_within`] can search `hay`: where the ASCII form applies.
    pub fn searches_within(&self, hay: Haystack) -> bool {
        self.ascii_for(hay).is_some()
    }

    /// The first match that lies in `span` of `hay`, whose assertions (`\b`, `$`) read the
    /// bytes around the span as in the whole haystack; `None` also where the ASCII form does
    /// not apply (see [`Pattern::searches_within`]).
    pub fn find_within(&self, hay: Haystack, (start, end): (usize, usize)) -> Option<(usize, usize)> {
        self.ascii_for(hay)?.find(hay, start, end)
    }

    /// The number of (non-overlapping) matches in `span`, read as [`Pattern::find_within`] does.
    pub fn count_within(&self, hay: Haystack, (start, end): (usize, usize)) -> usize {
        self.ascii_for(hay).map_or(0, |form| form.find_all(hay, start, end).len())
    }

    /// Whether the pattern matches anywhere.
    pub fn is_match(&self, hay: Haystack) -> bool {
        match self.ascii_for(hay) {
            Some(form) if form.anchors(hay) => form.find(hay, 0, hay.text.len()).is_some(),
            Some(form) => form.regex.is_match(hay.text.as_bytes()),
            None => self.unicode().is_some_and(|re| re.is_match(hay.text)),
        }
    }
}

/// A pattern's ASCII form: its regex, and where its matches can start when that is known.
struct AsciiForm {
    regex: meta::Regex,
    starts: Option<MatchStarts>,
}

impl AsciiForm {
    /// Whether `hay` is searched anchored: the pattern's starts and the unit's word starts known.
    fn anchors(&self, hay: Haystack) -> bool {
        self.starts.is_some() && hay.word_starts.is_some()
    }

    /// Every (non-overlapping) match in `start..end` of `hay`, in text order. Anchored, each
    /// search goes on from the end of the match before, as regex's own iterator does: a match
    /// is never empty there (it begins with a prefix literal, which is not).
    fn find_all(&self, hay: Haystack, start: usize, end: usize) -> Vec<(usize, usize)> {
        if !self.anchors(hay) {
            let input = Input::new(hay.text.as_bytes()).span(start..end);
            return self.regex.find_iter(input).map(|m| (m.start(), m.end())).collect();
        }
        let mut found: Vec<(usize, usize)> = Vec::new();
        while let Some(m) = self.find(hay, found.last().map_or(start, |m| m.1), end) {
            assert!(m.1 > m.0, "an anchored match begins with a literal");
            found.push(m);
        }
        found
    }

    /// The first match that lies in `start..end` of `hay`, read as [`Pattern::find_within`]
    /// says. Where the places a match can start are known (the pattern's starts and the unit's
    /// word starts), the regex runs anchored at each of them in turn, which finds the same
    /// match (see [`super::match_starts`]).
    fn find(&self, hay: Haystack, start: usize, end: usize) -> Option<(usize, usize)> {
        let haystack = hay.text.as_bytes();
        match (&self.starts, hay.word_starts) {
            (Some(starts), Some(word_starts)) => starts.places(haystack, word_starts, start, end).find_map(|at| {
                let input = Input::new(haystack).span(at..end).anchored(Anchored::Yes);
                self.regex.find(input).map(|m| (m.start(), m.end()))
            }),
            _ => self.regex.find(Input::new(haystack).span(start..end)).map(|m| (m.start(), m.end())),
        }
    }
}

/// The ASCII form (see the module documentation) and its match starts. `utf8(false)` and
/// `utf8_empty(false)` are what `regex::bytes` sets: a match may split a multi-byte character,
/// which on the all-ASCII haystacks this form is used on cannot happen.
fn build_ascii(source: &str) -> Result<AsciiForm, Box<meta::BuildError>> {
    let source = ascii_source(source);
    let regex = build_ascii_regex(&source)?;
    // The literals are read case-sensitively (see `super::match_starts`); the source parsed
    // when the codebook was loaded, so a failure here only leaves the search unanchored.
    let case_sensitive = syntax::Config::new().unicode(false).utf8(false);
    let starts = syntax::parse_with(&source, &case_sensitive).ok().and_then(|hir| MatchStarts::of(&hir));
    Ok(AsciiForm { regex, starts })
}

fn build_ascii_regex(source: &str) -> Result<meta::Regex, Box<meta::BuildError>> {
    meta::Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(true).unicode(false).utf8(false))
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .nfa_size_limit(Some(SIZE_LIMIT))
                .hybrid_cache_capacity(DFA_CACHE)
                .auto_prefilter(false)
                .onepass(false)
                .which_captures(WhichCaptures::Implicit),
        )
        .build(source)
        .map_err(Box::new)
}

fn build_unicode(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source).case_insensitive(true).size_limit(SIZE_LIMIT).dfa_size_limit(DFA_CACHE).build()
}

/// A pattern as it reads on folded text: a term's apostrophe class (`['’‘]`, see
/// [`super::rules::term_to_regex`]) is a plain `'` there, since folding turned the typographic
/// ones into it; ASCII mode refuses the non-ASCII characters of the class.
fn ascii_source(source: &str) -> String {
    source.replace("['’‘]", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    type Ranges = Vec<(usize, usize)>;

    /// The matches of a pattern as `Pattern` finds them, and as its Unicode form alone does.
    fn both(pattern: &str, text: &str) -> (Ranges, Ranges) {
        let p = Pattern::new(pattern, true).unwrap();
        let unicode = build_unicode(pattern).unwrap();
        let expected: Ranges = unicode.find_iter(text).map(|m| (m.start(), m.end())).collect();
        (p.find_all(Haystack::new(text)), expected)
    }

    #[test]
    fn negated_classes_compile_in_ascii_mode_and_match_as_unicode_does_on_ascii_text() {
        // `[^.?!]` can match half a character in ASCII mode: regex's &str API refuses it.
        assert!(regex::RegexBuilder::new(r"[^.?!]{0,3}x").unicode(false).build().is_err());
        assert!(build_ascii(r"[^.?!]{0,3}x").is_ok());
        let p = Pattern::new(r"\bwij\b[^.?!]{0,20}?\bzij\b", true).unwrap();
        assert!(p.ascii_form().is_some());
        let text = "Wij denken dit, zij dat. Wij? Nee. Zij wel.";
        let (got, expected) = both(r"\bwij\b[^.?!]{0,20}?\bzij\b", text);
        // "Wij denken dit, " is 16 bytes, "zij" ends at 19.
        assert_eq!(got, vec![(0, 19)]);
        assert_eq!(got, expected);
        // The Unicode form was not needed for an ASCII unit.
        assert!(p.unicode.get().is_none());
    }

    #[test]
    fn a_unit_with_a_non_ascii_character_is_matched_with_the_unicode_form() {
        // Three characters between a and b, but six bytes: `.{3}` counts characters.
        let text = "a日本x b";
        let p = Pattern::new(r"a.{3}\s*b", true).unwrap();
        assert_eq!(p.find(Haystack::new(text)), Some((0, text.len())));
        assert!(p.unicode.get().is_some());
        let (got, expected) = both(r"a.{3}\s*b", text);
        assert_eq!(got, expected);
    }

    #[test]
    fn term_apostrophes_read_as_plain_on_folded_text() {
        let p = Pattern::new(r"\blogica['’‘]s\b", true).unwrap();
        assert!(p.ascii_form().is_some());
        assert_eq!(p.find(Haystack::new("twee LOGICA's")), Some((5, 13)));
    }

    #[test]
    fn a_pattern_that_needs_unicode_keeps_its_unicode_form() {
        let p = Pattern::new(r"\p{Greek}+", true).unwrap();
        assert!(p.ascii_form().is_none());
        // α and β take two bytes each.
        assert_eq!(p.find(Haystack::new("de αβ")), Some((3, 7)));
    }

    #[test]
    fn diacritics_matched_means_the_unicode_form_only() {
        let p = Pattern::new(r"\bcliënt\w*", false).unwrap();
        assert!(p.ascii_form().is_none());
        assert_eq!(p.find(Haystack::new("de Cliënten")), Some((3, 12)));
        assert!(!p.is_match(Haystack::new("de clienten")));
    }

    #[test]
    fn a_lazy_pattern_is_compiled_on_first_use_and_finds_the_same() {
        let p = Pattern::lazy(r"\bregie\b", true);
        assert!(p.ascii.get().is_none() && p.unicode.get().is_none(), "nothing compiled yet");
        // "de " is 3 bytes, "regie" 5.
        assert_eq!(p.find(Haystack::new("de REGIE")), Some((3, 8)));
        assert!(p.ascii.get().is_some() && p.unicode.get().is_none(), "the ASCII form only");
        // A pattern without an ASCII form gets its Unicode form on first use.
        let greek = Pattern::lazy(r"\p{Greek}+", true);
        assert_eq!(greek.find(Haystack::new("de αβ")), Some((3, 7)));
        assert!(greek.unicode.get().is_some());
    }

    /// Anchored at the words its matches can start with, a pattern finds what its search that
    /// is not anchored finds, worked by hand. "we doen dat niet. Wij zorgen": `we` (0) is
    /// followed by three words before `niet`, not by `zorg`; `Wij` at 18 is, and `zorgen` ends
    /// at 28. "we zeggen wij zorgen": from `we` (0), two words, then `zorg` fails its `\b` and
    /// `zorgen` ends at 20. In `wijzen` no space follows `wij`.
    #[test]
    fn a_search_anchored_at_word_starts_finds_the_same_match() {
        let p = Pattern::new(r"\b(?:wij|we)\s+(?:\w+\s+){0,2}(?:zorg|zorgen)\b", true).unwrap();
        assert!(p.ascii_form().is_some_and(|form| form.starts.is_some()));
        for (text, wanted) in [
            ("we doen dat niet. Wij zorgen", Some((18, 28))),
            ("we zeggen wij zorgen voor zorg", Some((0, 20))),
            ("wijzen zorgen", None),
            ("zij zorgen", None),
        ] {
            let starts = crate::codebook::match_starts::word_starts(text.as_bytes());
            let anchored = Haystack { text, ascii: true, word_starts: Some(&starts) };
            assert_eq!(p.find(anchored), wanted, "{text}");
            assert_eq!(p.find(Haystack::new(text)), wanted, "{text}");
            assert_eq!(p.is_match(anchored), wanted.is_some(), "{text}");
            assert_eq!(p.find_all(anchored), p.find_all(Haystack::new(text)), "{text}");
        }
        // Two matches: "wij zorgen" (0..10) and "we zorgen" (14..23), each search going on
        // from the end of the one before.
        let text = "wij zorgen en we zorgen";
        let starts = crate::codebook::match_starts::word_starts(text.as_bytes());
        let anchored = Haystack { text, ascii: true, word_starts: Some(&starts) };
        assert_eq!(p.find_all(anchored), [(0, 10), (14, 23)]);
        assert_eq!(p.find_all(Haystack::new(text)), [(0, 10), (14, 23)]);
        assert_eq!(p.count_within(anchored, (4, 23)), 1);
        let text = "we doen dat niet. Wij zorgen";
        let starts = crate::codebook::match_starts::word_starts(text.as_bytes());
        let anchored = Haystack { text, ascii: true, word_starts: Some(&starts) };
        assert_eq!(p.find_within(anchored, (18, 28)), Some((18, 28)));
        assert_eq!(p.find_within(anchored, (0, 17)), None);
        assert_eq!(p.find_within(anchored, (19, 28)), None, "no word starts inside `Wij`");
    }

    fn parsed(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).unwrap()
    }

    #[test]
    fn weight_by_hand() {
        // `\b` 1, then `a{0,9}`: the literal's 4 × (9 + 1) = 40; a concatenation adds 1.
        assert_eq!(weight(&parsed(r"\ba{0,9}")), 1 + 1 + 40);
        // An open repetition counts its minimum once more: `(?:ab)+` is 8 × 2.
        assert_eq!(weight(&parsed(r"(?:ab)+")), 16);
        // Two literals of two bytes, 8 each, in an alternation (+1).
        assert_eq!(weight(&parsed(r"ab|cd")), 1 + 8 + 8);
        // Classes in an alternation are parsed as one class, `[a-cx]`: two ranges, 8.
        assert_eq!(weight(&parsed(r"[a-c]|[ax]")), 8);
        // Repetitions multiply: far over the lazy limit, so compiled at once.
        assert!(weight(&parsed(r"(?:\w{100}){100}")) > LAZY_WEIGHT);
    }

    #[test]
    fn term_weight_bounds_the_weight_of_what_terms_compile_to() {
        use crate::codebook::term_to_regex;
        for term in ["regie", "samen*", "*zorg", "niet meer", "logica's", "cliënt*", "18-/18+", "*werk* en *zorg*"] {
            let p = term_to_regex(term).unwrap();
            assert!(weight(&parsed(&p)) <= term_weight(&p), "{term}: {} > {}", weight(&parsed(&p)), term_weight(&p));
        }
    }

    #[test]
    fn sentences_of_an_ascii_unit_are_ascii() {
        let hay = Haystack::new("Een. Twee.");
        assert!(hay.slice(5, 10).ascii);
        let mixed = Haystack::new("Eén. Twee.");
        assert!(!mixed.ascii && mixed.slice(6, 11).ascii);
    }
}
