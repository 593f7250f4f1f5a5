//! Where a pattern's matches can start: at the start of a word that begins as one of the
//! pattern's prefix literals, so that the pattern's regex is run *anchored* at those places only.
//!
//! Why: a regex search that is not anchored runs the lazy DFA over every byte of its span, in
//! states that track every match begun so far. The shipped codebooks' bounded word gaps
//! (`\b(?:brug|schakel)\s+(?:[\w']+\s+){0,3}(?:tussen|naar)…`) make many such states, most of
//! them new to each text, and a search paid about 2 µs in uncached transitions whatever its
//! length (BENCHMARKS.md, session 23). Most of the shipped patterns begin with a word from a
//! short list. Anchored at each place one of those words stands, the DFA follows one match
//! attempt, which dies a few bytes after it, in states it has seen before; and a match found
//! anchored needs no reverse search for its start.
//!
//! Why it finds the same match: the regex's leftmost-first match is the one with the earliest
//! start, and of those the one its alternations prefer. Every match starts at a place where one
//! of the prefix literals stands ([`regex_syntax::hir::literal::Extractor`] with
//! [`ExtractKind::Prefix`] gives a finite set only when that holds); when the pattern begins
//! with `\b` in each of its branches and every prefix literal with a word character, that place
//! is the start of a word. So no match starts between the places tried; trying them in order,
//! the first place with a match is the earliest start, and an anchored search there returns the
//! preferred match from it.
//!
//! The places are found without scanning the span once per pattern: the unit's word starts are
//! listed once for all its patterns ([`word_starts`]), and for a pattern, each word start in
//! the span has its first two bytes looked up in a table of the literals' first two bytes
//! (1,024 bits, 128 bytes a pattern, five bits a byte, so that the table ignores ASCII case).
//! A scan per pattern, by an Aho-Corasick automaton of its prefixes or by walking the span's
//! bytes, cost as much as the anchored search saved (BENCHMARKS.md, session 24). A place the
//! table lets through wrongly (two bytes alike in their five bits, a literal longer than two
//! bytes) only costs an anchored search that fails at once.
//!
//! The literals are read from the pattern parsed *case-sensitively* and looked for without
//! regard to ASCII case. A case-insensitive parse spells out every case of every letter, which
//! the extractor then cuts to short prefixes or gives up on; the case-sensitive literals found
//! without regard to case are a superset of the places a case-insensitive match can start (a
//! letter matches itself in either case, a class its members in either case, a negated class
//! fewer characters than without case folding), so no start is missed and a place too many
//! only costs an anchored search that fails.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind, Look};

use super::literals::is_word_byte;
use super::word_literals::words_with_count;

/// The places a pattern's matches can start (see the module documentation).
#[derive(Debug, Clone)]
pub struct MatchStarts {
    /// A bit for the first two bytes of each prefix literal, by [`pair_index`]; all 32 second
    /// bytes for a literal of one byte.
    pairs: [u64; 16],
}

impl MatchStarts {
    /// The match starts of the pattern parsed case-sensitively as `hir` (in the syntax its
    /// regex is built with otherwise); `None` when its matches can begin elsewhere than at the
    /// start of a word with a known beginning (a leading gap such as `(?:\w+\s+){0,2}`, a
    /// branch without `\b`, a class too large to spell out, an empty match), so that only a
    /// search that is not anchored finds them.
    pub fn of(hir: &Hir) -> Option<Self> {
        if !begins_at_word_boundary(hir) {
            return None;
        }
        let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
        let mut pairs = [0u64; 16];
        for literal in prefixes.literals()? {
            match *literal.as_bytes() {
                [first, second, ..] if is_word_byte(first) => set(&mut pairs, pair_index(first, second)),
                [first] if is_word_byte(first) => (0..32).for_each(|second| set(&mut pairs, pair_index(first, second))),
                _ => return None,
            }
        }
        Some(Self { pairs })
    }

    /// The places in `start..end` of `haystack` where a match can start, in order: the word
    /// starts among `word_starts` (all of the haystack's, see [`word_starts`]) whose first two
    /// bytes begin a prefix literal.
    pub fn places<'a>(
        &'a self,
        haystack: &'a [u8],
        word_starts: &'a [u32],
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let from = word_starts.partition_point(|&at| (at as usize) < start);
        word_starts[from..].iter().map(|&at| at as usize).take_while(move |&at| at < end).filter(move |&at| {
            let index = pair_index(haystack[at], haystack.get(at + 1).copied().unwrap_or(0));
            self.pairs[index / 64] & (1 << (index % 64)) != 0
        })
    }
}

/// Where the words of `haystack` begin: each word byte ([`is_word_byte`], as ASCII `\b` reads
/// it) at the start or after a byte that is not one. Listed once per unit, for all its patterns.
/// The prefilter lists the same starts in its pass over a unit's words
/// ([`super::prefilter::Scratch::word_starts`]); this is for a unit no prefilter read.
pub fn word_starts(haystack: &[u8]) -> Vec<u32> {
    words_with_count(haystack, &[]).map(|(start, ..)| start as u32).collect()
}

/// A bit for two bytes, five bits of each: an ASCII letter in either case gives the same bits.
fn pair_index(first: u8, second: u8) -> usize {
    (usize::from(first & 31) << 5) | usize::from(second & 31)
}

fn set(pairs: &mut [u64; 16], index: usize) {
    pairs[index / 64] |= 1 << (index % 64);
}

/// Whether every match of `hir` begins with a word boundary assertion (`\b`, `\b{start}`):
/// the pattern, each of its branches, or the first part of each, asserts one before anything.
fn begins_at_word_boundary(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::WordAscii
                | Look::WordUnicode
                | Look::WordStartAscii
                | Look::WordStartUnicode
                | Look::WordStartHalfAscii
                | Look::WordStartHalfUnicode
        ),
        HirKind::Capture(capture) => begins_at_word_boundary(&capture.sub),
        HirKind::Concat(parts) => parts.first().is_some_and(begins_at_word_boundary),
        HirKind::Alternation(branches) => branches.iter().all(begins_at_word_boundary),
        HirKind::Repetition(repetition) => repetition.min >= 1 && begins_at_word_boundary(&repetition.sub),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::util::syntax;

    fn starts(pattern: &str) -> Option<MatchStarts> {
        let hir = syntax::parse_with(pattern, &syntax::Config::new().unicode(false).utf8(false)).unwrap();
        MatchStarts::of(&hir)
    }

    fn every(starts: &MatchStarts, text: &str) -> Vec<usize> {
        starts.places(text.as_bytes(), &word_starts(text.as_bytes()), 0, text.len()).collect()
    }

    #[test]
    fn a_pattern_that_begins_with_words_starts_where_a_word_begins_as_one() {
        let s = starts(r"\b(?:wij|zij)\s+(?:[\w']+\s+){0,2}regie\b").unwrap();
        // Words at 0 ("Wij"), 4 ("en"), 7 ("ZIJ"), 12 ("wijk"), 17 ("zwijgen"); "wi" and "zi"
        // begin 0, 7 and 12 in any case; "zw" is not "zi", and "ij" inside a word is no start.
        assert_eq!(every(&s, "Wij en ZIJ: wijk zwijgen"), vec![0, 7, 12]);
    }

    #[test]
    fn a_one_byte_literal_lets_every_word_with_that_byte_through() {
        // "a" at 0, "ab" at 2 begin with `a`; "ba" at 5 does not.
        let s = starts(r"\ba\w*").unwrap();
        assert_eq!(every(&s, "a ab ba"), vec![0, 2]);
    }

    #[test]
    fn a_pattern_that_can_begin_elsewhere_has_no_starts() {
        assert!(starts(r"(?:\w+\s+){0,2}regie").is_none(), "a leading gap");
        assert!(starts(r"\w+ing").is_none());
        assert!(starts(r"regie\b").is_none(), "no \\b before it: inside a word too");
        assert!(starts(r"(?:\bregie|zorg)").is_none(), "one branch without \\b");
        assert!(starts(r"\b\w*zorg").is_none(), "a class too large to spell out");
        assert!(starts(r"\b'x").is_none(), "\\b before a non-word character ends a word");
        assert!(starts(r"\b(?:a)?").is_none(), "an empty match");
        assert!(starts(r"(?:\bregie\b|\bzorg\w*)").is_some());
        assert!(starts(r"(?:\bwe\b){1,2}").is_some());
    }

    #[test]
    fn places_are_looked_for_within_the_span() {
        let s = starts(r"\bzorg").unwrap();
        let text = b"zorg en zorg";
        let words = word_starts(text);
        assert_eq!(words, [0, 5, 8]);
        // From 1, inside the first word: the next word start that begins as `zo` is 8.
        assert_eq!(s.places(text, &words, 1, text.len()).collect::<Vec<_>>(), [8]);
        assert_eq!(s.places(text, &words, 0, 8).collect::<Vec<_>>(), [0]);
        assert_eq!(s.places(text, &words, 12, 12).count(), 0);
        assert_eq!(s.places(b"", &[], 0, 0).count(), 0);
    }

    /// Word starts by hand: bytes that are not ASCII letters, digits or `_` separate words, a
    /// byte that is not ASCII among them; `zo'n` is two words to ASCII `\b`.
    #[test]
    fn word_starts_by_hand() {
        assert_eq!(word_starts(b"zo'n  a_1-b"), [0, 3, 6, 10]);
        assert_eq!(word_starts("x\u{e9}y".as_bytes()), [0, 3]);
        assert!(word_starts(b"").is_empty());
        assert!(word_starts(b" .,!").is_empty());
        let long = vec![b'a'; 1 << 20];
        assert_eq!(word_starts(&long), [0]);
        assert_eq!(word_starts("ab ".repeat(100_000).as_bytes()).len(), 100_000);
    }
}
