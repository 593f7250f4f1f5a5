//! A unit's stemmed words taken from the prefilter's pass, for an ASCII text.
//!
//! `stem:` and `similar:` rules read a unit's words as Unicode segments them (UAX #29, what
//! [`super::stem::words`] gives) with each word's stem. That cost a second pass over the text
//! and a second memo lookup per running word, after the prefilter had already read every word
//! and looked it up in its own memo ([`super::word_literals`]): together about a sixth of the
//! coding stage (issue 15, session 25). The prefilter's words are the runs of word bytes
//! (`[A-Za-z0-9_]`); in an ASCII text a Unicode word is one such run or several joined by a
//! single character, so the Unicode words follow from the runs and the prefilter's memo
//! entries give their stems.
//!
//! The UAX #29 rules that decide it, for ASCII (letters are ALetter, digits Numeric, `_`
//! ExtendNumLet, `:` MidLetter, `.` MidNumLet, `'` Single_Quote, `,` and `;` MidNum): no break
//! between two word bytes (WB5, WB8–WB10, WB13a/b), so a run is never split; a break on both
//! sides of every other byte, except that a letter, one of `:` `.` `'`, and a letter stay
//! together (WB6, WB7), and a digit, one of `,` `;` `.` `'`, and a digit (WB11, WB12).
//! `unicode_word_indices` then keeps the segments with a letter or digit, so a run of `_`
//! alone is no word. A property test compares the result with `unicode-segmentation`.

use super::literals::is_word_byte;
use super::stem::{word_at, Word};
use super::word_literals::WordLiterals;

/// A word of an ASCII text as [`unicode_segments`] gives it: `(start, end, run)`.
pub type Segment = (usize, usize, Option<usize>);

/// The words of the ASCII `text` as `(start, end, run)`: byte ranges as
/// `unicode_word_indices` gives them, and for a word that is one run of word bytes, that run's
/// index in `starts` (the starts of all runs, in order, as the prefilter lists them). What
/// `near` rules count words apart by, and the words `stem:` and `similar:` rules stem: a unit
/// keeps them for both (worked out for each, they were 5.5 % of the coding stage; issue 15,
/// session 27), so a `near` rule does not need the pass of Unicode segmentation over the unit
/// that was 2 % of it (session 26). A run's
/// end is found again from its start rather than kept by the prefilter: that costs a walk over
/// the words of the units `stem:` and `similar:` rules read, where keeping it cost 4 more
/// bytes a word in every unit of a batch, and the 100 MB run is within 2 % of its memory
/// target.
pub fn unicode_segments(text: &[u8], starts: &[u32]) -> Vec<Segment> {
    let run_end = |start: usize| start + text[start..].iter().take_while(|&&b| is_word_byte(b)).count();
    let mut segments = Vec::with_capacity(starts.len());
    let mut run = 0;
    while run < starts.len() {
        let start = starts[run] as usize;
        let mut end = run_end(start);
        let mut last = run;
        while last + 1 < starts.len() && starts[last + 1] as usize == end + 1 && joins(text, end) {
            last += 1;
            end = run_end(starts[last] as usize);
        }
        if text[start..end].iter().any(u8::is_ascii_alphanumeric) {
            segments.push((start, end, (last == run).then_some(run)));
        }
        run = last + 1;
    }
    segments
}

/// Whether the single byte at `at`, between two runs of word bytes, joins them into one word
/// (WB6, WB7, WB11, WB12; see the module documentation).
fn joins(text: &[u8], at: usize) -> bool {
    let (before, middle, after) = (text[at - 1], text[at], text[at + 1]);
    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
    let digits = before.is_ascii_digit() && after.is_ascii_digit();
    (letters && matches!(middle, b':' | b'.' | b'\'')) || (digits && matches!(middle, b',' | b';' | b'.' | b'\''))
}

/// The stemmed words of the ASCII `text` ([`super::stem::words`] gives the same), from its
/// [`unicode_segments`] and the memo entries of the prefilter's runs of word bytes (`entries`,
/// one per run): a word that is one run takes its stem from the memo entry, a joined word
/// (`o.a`, `3,5`) is looked up on its own.
pub fn stemmed_words(text: &str, segments: &[Segment], entries: &[u32], memo: &mut WordLiterals) -> Vec<Word> {
    debug_assert!(text.is_ascii());
    let bytes = text.as_bytes();
    segments
        .iter()
        .map(|&(start, end, run)| match run {
            Some(run) => {
                let (lower, stem, stop) = memo.stemmed(entries[run], &bytes[start..end]).clone();
                Word { start, end, lower, stem, stop }
            }
            None => word_at(start, &text[start..end]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::match_starts::word_starts;
    use crate::codebook::word_literals::{words_with_count, WordScan};
    use aho_corasick::AhoCorasick;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn words_of(text: &str) -> Vec<Segment> {
        unicode_segments(text.as_bytes(), &word_starts(text.as_bytes()))
    }

    /// Worked by hand: `o.a.` is the word `o.a` (letters around `.`), `3,5` one word (digits
    /// around `,`), `a,b` two, `1:2` two (`:` joins letters only), `zo'n` one, `__` no word,
    /// `x_` one, `a..b` two (two bytes between), `a_.b` two (`_` is no letter).
    #[test]
    fn runs_join_into_words_by_hand() {
        let text = "o.a. 3,5 a,b 1:2 zo'n __ x_ a..b a_.b";
        let found: Vec<&str> = words_of(text).iter().map(|&(s, e, _)| &text[s..e]).collect();
        assert_eq!(found, ["o.a", "3,5", "a", "b", "1", "2", "zo'n", "x_", "a", "b", "a_", "b"]);
        let single: Vec<Option<usize>> = words_of("de o.a zorg").iter().map(|&(.., r)| r).collect();
        assert_eq!(single, [Some(0), None, Some(3)], "runs 0 `de`, 1 `o`, 2 `a`, 3 `zorg`");
        assert!(words_of("").is_empty() && words_of(" .,;: ").is_empty());
    }

    /// The stemmed words equal [`super::super::stem::words`]'s, a joined word among them, and a
    /// word met again shares its memo entry's strings.
    #[test]
    fn stemmed_words_are_the_unicode_words_stemmed() {
        let scan = WordScan::everything(AhoCorasick::builder().ascii_case_insensitive(true).build(["zorg"]).unwrap());
        let mut memo = WordLiterals::default();
        let text = "Zorgen, o.a. de ZORGEN van 3,5 clienten";
        let runs: Vec<(usize, usize, u32)> = words_with_count(text.as_bytes(), &[]).collect();
        let starts: Vec<u32> = runs.iter().map(|&(start, ..)| start as u32).collect();
        let entries: Vec<u32> =
            runs.iter().map(|&(start, end, _)| memo.of(&scan, text.as_bytes(), start, end).0).collect();
        let segments = unicode_segments(text.as_bytes(), &starts);
        let found = stemmed_words(text, &segments, &entries, &mut memo);
        assert_eq!(found, crate::codebook::stem::words(text));
        assert_eq!(found.len(), 7);
        assert!(std::rc::Rc::ptr_eq(&found[0].stem, &found[3].stem));
    }

    proptest! {
        /// On any text of letters, digits and the bytes that join or part them, the words are
        /// `unicode-segmentation`'s.
        #[test]
        fn words_are_unicode_segmentations(text in "[abZ09_.,;:' \n!-]{0,60}") {
            let found: Vec<(usize, &str)> = words_of(&text).iter().map(|&(s, e, _)| (s, &text[s..e])).collect();
            let wanted: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            prop_assert_eq!(found, wanted);
        }
    }

    /// A huge text of one word, and one of many joined words: linear, and right.
    #[test]
    fn huge_texts() {
        let long = "x".repeat(1 << 20);
        assert_eq!(words_of(&long), [(0, 1 << 20, Some(0))]);
        let joined = "a.".repeat(100_000) + "a";
        assert_eq!(words_of(&joined), [(0, 200_001, None)]);
    }
}
