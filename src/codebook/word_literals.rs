//! The literals inside each distinct word, worked out once per word (issue 15).
//!
//! The prefilter ([`super::prefilter`]) needs every occurrence of every rule's literals in a
//! unit. A literal made of word characters only (letters, digits, `_`; all but 122 of the
//! shipped codebooks' 13,474 literal uses) can only occur inside one *word*, a longest run of
//! word characters ([`is_word_byte`]), and whether it starts or ends a word there depends on
//! the word alone. A study repeats a small vocabulary, so the literals of a word are found
//! once, by the Aho-Corasick automaton over the word, and remembered; every later occurrence
//! of the word costs a hash lookup instead of a scan of its bytes. Scanning every byte of the
//! text with the automaton of 3,116 literals was 14 ns a byte, a tenth of the coding stage.

use std::rc::Rc;

use super::literals::is_word_byte;
use super::vocabulary::StemTerm;
use super::word_map::{packed_lower, WordMap};
use aho_corasick::AhoCorasick;

/// The most distinct words remembered before the memo starts afresh (at the next
/// [`WordLiterals::make_room`], never in the middle of a batch of units, whose words point at
/// its entries), so that a study whose vocabulary keeps growing holds a bounded memo: about 100
/// bytes a word (the key, its map entry and entry, two occurrences), so at most about 7 MB per
/// thread, plus the new words of one batch. A real corpus of 100 MB has a few hundred thousand
/// word forms, but its frequent words, which fill the memo again at once after it starts
/// afresh, are most of its running words.
const MAX_WORDS: usize = 1 << 16;

/// A literal occurring in a word: its id (the automaton's pattern id) and where it stands
/// there, as two bits: [`STARTS_WORD`] when it starts the word, [`ENDS_WORD`] when it ends it.
pub type Occurrence = (u32, u8);

/// The bit of an [`Occurrence`] for a literal that starts its word.
pub const STARTS_WORD: u8 = 0b10;
/// The bit of an [`Occurrence`] for a literal that ends its word.
pub const ENDS_WORD: u8 = 0b01;

/// What a memo runs over a word it has not seen: the automaton of the owner's literals, and
/// for each literal (pattern id) the places in a word where an occurrence of it is of use to
/// the owner, a bit for each [`Occurrence`] place (`1 << at`). An occurrence of no use is not
/// remembered: half of all occurrences of the shipped codebooks' literals in a 20 MB study were
/// of literals that are only asked for as whole words, standing inside longer words (`de` in
/// `onderdeel`), and the prefilter read each again at every running word (issue 15, session 28).
pub struct WordScan {
    automaton: AhoCorasick,
    wanted: Vec<u8>,
}

/// Every place of an occurrence, for [`WordScan::new`]'s `wanted`.
pub const ANYWHERE: u8 = 0b1111;

impl WordScan {
    /// `wanted[id]`: the places (bits `1 << at`, [`ANYWHERE`] for all) of literal `id` that are
    /// of use; one for each pattern of `automaton`.
    pub fn new(automaton: AhoCorasick, wanted: Vec<u8>) -> Self {
        assert_eq!(wanted.len(), automaton.patterns_len(), "one `wanted` per literal");
        Self { automaton, wanted }
    }

    /// Every occurrence of every literal of `automaton` wanted.
    pub fn everything(automaton: AhoCorasick) -> Self {
        let wanted = vec![ANYWHERE; automaton.patterns_len()];
        Self { automaton, wanted }
    }

    /// The automaton, for tests that count its literals.
    #[cfg(test)]
    pub fn automaton(&self) -> &AhoCorasick {
        &self.automaton
    }
}

/// Words already seen, with the literals inside them. Kept by each thread from one unit to
/// the next, and only for the automaton it was made with ([`WordLiterals::for_owner`]).
#[derive(Default)]
pub struct WordLiterals {
    /// The prefilter the memo was made for (see [`WordLiterals::for_owner`]).
    owner: u64,
    /// A word in ASCII lower case, and its place in `entries`.
    words: WordMap<u32>,
    /// What is known of each remembered word, by [`WordLiterals::of`]'s entry number.
    entries: Vec<Entry>,
    /// The occurrences of all remembered words, one word's after the other, each word's in
    /// the order the automaton reports them (by end), a repeated pair left out.
    occurrences: Vec<Occurrence>,
    /// The running word in lower case, reused from word to word.
    lower: Vec<u8>,
}

/// What the memo knows of one word.
struct Entry {
    /// The range of its occurrences in [`WordLiterals::occurrences`].
    occurrences: (u32, u32),
    /// The word in lower case, its stem and whether it is a stop word, as
    /// [`super::stem::known`] gives them: worked out when a `stem:` or `similar:` rule first
    /// reads the word ([`WordLiterals::stemmed`]).
    stemmed: Option<(Rc<str>, Rc<str>, bool)>,
    /// Its stem as `similar:` rules need it, worked out when one first reads the word
    /// ([`WordLiterals::stem_term`]).
    stem_term: Option<StemTerm>,
}

impl WordLiterals {
    /// Forgets everything when the memo was made for another prefilter than `owner`: a literal
    /// id means a different literal in another automaton.
    pub fn for_owner(&mut self, owner: u64) {
        if self.owner != owner {
            self.forget();
            self.owner = owner;
        }
    }

    /// Starts afresh when the memo holds [`MAX_WORDS`] words or more. Called before a batch
    /// of units, since the entry numbers [`WordLiterals::of`] gives out for one batch must stay
    /// valid until its units are coded.
    pub fn make_room(&mut self) {
        if self.words.len() >= MAX_WORDS {
            self.forget();
        }
    }

    fn forget(&mut self) {
        self.words.clear();
        self.entries.clear();
        self.occurrences.clear();
    }

    /// The occurrences of literals inside `word`, a longest run of word bytes of a text, that
    /// `scan` wants: each literal id with where it stands in the word; and the word's entry
    /// number, for [`WordLiterals::stemmed`]. The automaton matches without regard to ASCII
    /// case. One memo serves one `scan` (see [`WordLiterals::for_owner`]).
    pub fn of(&mut self, scan: &WordScan, text: &[u8], start: usize, end: usize) -> (u32, &[Occurrence]) {
        let word = &text[start..end];
        debug_assert!(word.iter().all(|&b| is_word_byte(b)), "a word is word bytes only");
        // A word of up to 16 bytes is looked up by its key, read in place; a longer one by its
        // lower case in the reused buffer, which a new word needs anyway.
        let known = match packed_lower(text, start, end) {
            Some(key) => self.words.get_packed(key).copied(),
            None => {
                self.set_lower(word);
                self.words.get(&self.lower).copied()
            }
        };
        let entry = match known {
            Some(entry) => entry,
            None => {
                self.set_lower(word);
                let from = self.occurrences.len();
                for m in scan.automaton.find_overlapping_iter(self.lower.as_slice()) {
                    let at = (if m.start() == 0 { STARTS_WORD } else { 0 })
                        | (if m.end() == word.len() { ENDS_WORD } else { 0 });
                    let pair = (m.pattern().as_u32(), at);
                    let wanted = scan.wanted[m.pattern().as_usize()] & (1 << at) != 0;
                    if wanted && !self.occurrences[from..].contains(&pair) {
                        self.occurrences.push(pair);
                    }
                }
                let entry = self.entries.len() as u32;
                let occurrences = (from as u32, self.occurrences.len() as u32);
                self.entries.push(Entry { occurrences, stemmed: None, stem_term: None });
                self.words.insert(&self.lower, entry);
                entry
            }
        };
        let (from, to) = self.entries[entry as usize].occurrences;
        (entry, &self.occurrences[from as usize..to as usize])
    }

    /// Puts `word` in ASCII lower case into the reused buffer.
    fn set_lower(&mut self, word: &[u8]) {
        self.lower.clear();
        self.lower.extend(word.iter().map(u8::to_ascii_lowercase));
    }

    /// The lower-case form, stem and stop-word flag ([`super::stem::known`]) of the word with
    /// entry number `entry`, which is `word` (in any case): worked out on the first request,
    /// then shared. Lets `stem:` and `similar:` rules take a unit's words from the prefilter's
    /// pass instead of looking each up again (issue 15, session 25).
    pub fn stemmed(&mut self, entry: u32, word: &[u8]) -> &(Rc<str>, Rc<str>, bool) {
        self.entries[entry as usize].stemmed.get_or_insert_with(|| {
            let lower = word.to_ascii_lowercase();
            super::stem::known(std::str::from_utf8(&lower).expect("word bytes are ASCII"))
        })
    }

    /// The [`StemTerm`] of the word with entry number `entry`: `term()` on the first request,
    /// then remembered. The memo serves one prefilter ([`WordLiterals::for_owner`]), so one
    /// compiled codebook and its one collection of examples, which `term` must look the stem
    /// up in.
    pub fn stem_term(&mut self, entry: u32, term: impl FnOnce() -> StemTerm) -> StemTerm {
        *self.entries[entry as usize].stem_term.get_or_insert_with(term)
    }
}

/// The words of `text` (longest runs of [`is_word_byte`] bytes) as `(start, end)` byte
/// ranges, and for each the number of bytes before it that `counted` holds.
pub fn words_with_count<'t>(text: &'t [u8], counted: &'t [u8]) -> impl Iterator<Item = (usize, usize, u32)> + 't {
    let (mut at, mut count) = (0, 0u32);
    std::iter::from_fn(move || {
        while at < text.len() && !is_word_byte(text[at]) {
            count += u32::from(counted.contains(&text[at]));
            at += 1;
        }
        if at == text.len() {
            return None;
        }
        let start = at;
        while at < text.len() && is_word_byte(text[at]) {
            at += 1;
        }
        Some((start, at, count))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words and the full stops before each, worked by hand: `a` (0), `bc` (0), `d_9` after
    /// one `.` , `e` after `!` and `.` (one counted, `!` is not asked for); bytes that are not
    /// ASCII separate words like spaces do.
    #[test]
    fn words_and_the_boundaries_before_them() {
        let text = "a bc. d_9 !.e\u{e9}f".as_bytes();
        let words: Vec<(&str, u32)> =
            words_with_count(text, b".").map(|(s, e, n)| (std::str::from_utf8(&text[s..e]).unwrap(), n)).collect();
        assert_eq!(words, [("a", 0), ("bc", 0), ("d_9", 1), ("e", 2), ("f", 2)]);
        assert_eq!(words_with_count(b"", b".").count(), 0);
        assert_eq!(words_with_count(b" .?! ", b".?!").count(), 0);
        // A text of one long word, and one of many: every byte read once.
        let long = vec![b'x'; 1 << 20];
        assert_eq!(words_with_count(&long, b".").collect::<Vec<_>>(), [(0, 1 << 20, 0)]);
        let many = "ab. ".repeat(100_000);
        let last = words_with_count(many.as_bytes(), b".").last().unwrap();
        assert_eq!(last, (4 * 99_999, 4 * 99_999 + 2, 99_999));
    }

    /// Literals `zorg` (id 0), `org` (1) and `plan` (2) in words, the groups given as two bits
    /// (start, end) to see where each stood. `Zorgplan`: `zorg` starts it (0b10), `org` is inside
    /// (0b00), `plan` ends it (0b01). A second sight of the word (in another case) gives the
    /// same entry without a new scan; the memo starts afresh for another owner.
    #[test]
    fn a_words_literals_by_hand() {
        let scan = WordScan::everything(
            AhoCorasick::builder().ascii_case_insensitive(true).build(["zorg", "org", "plan"]).unwrap(),
        );
        let mut memo = WordLiterals::default();
        memo.for_owner(1);
        let mut of = |word: &[u8]| {
            let (entry, found) = memo.of(&scan, word, 0, word.len());
            (entry, found.to_vec())
        };
        assert_eq!(of(b"Zorgplan"), (0, vec![(0, 0b10), (1, 0b00), (2, 0b01)]));
        assert_eq!(of(b"zorg"), (1, vec![(0, 0b11), (1, 0b01)]));
        assert_eq!(of(b"ZORGPLAN"), (0, vec![(0, 0b10), (1, 0b00), (2, 0b01)]));
        assert_eq!(of(b"ketenregie"), (2, vec![]));
        // `org` four times: starting the word, twice inside (kept once), ending it.
        assert_eq!(of(b"orgorgorgorg"), (3, vec![(1, 0b10), (1, 0b00), (1, 0b01)]));
        // 20 bytes, a key of its own kind (`super::word_map`): found again all the same.
        assert_eq!(of(b"Zorgverzekeringsplan"), (4, vec![(0, 0b10), (1, 0b00), (2, 0b01)]));
        assert_eq!(of(b"ZORGVERZEKERINGSPLAN").0, 4);
        assert_eq!(memo.words.len(), 5, "one entry per word, whatever its case");
        memo.for_owner(1);
        assert_eq!(memo.words.len(), 5);
        memo.for_owner(2);
        assert!(memo.words.len() == 0 && memo.entries.is_empty() && memo.occurrences.is_empty());
    }

    /// Only the occurrences the owner wants are remembered. `zorg` (id 0) is wanted as a whole
    /// word only (place 0b11, bit `1 << 3`), `org` (1) anywhere, `plan` (2) where it ends a word
    /// (places 0b01 and 0b11). Worked by hand: in `Zorgplan` `zorg` starts the word without
    /// ending it, so only `org` (inside) and `plan` (at the end) are kept; in `planzorg`, `plan`
    /// starts and `zorg` only ends it: `org` alone.
    #[test]
    fn occurrences_of_no_use_are_not_remembered() {
        let automaton = AhoCorasick::builder().ascii_case_insensitive(true).build(["zorg", "org", "plan"]).unwrap();
        let scan = WordScan::new(automaton, vec![1 << 0b11, ANYWHERE, (1 << 0b01) | (1 << 0b11)]);
        let mut memo = WordLiterals::default();
        let mut of = |word: &[u8]| memo.of(&scan, word, 0, word.len()).1.to_vec();
        assert_eq!(of(b"Zorgplan"), [(1, 0b00), (2, 0b01)]);
        assert_eq!(of(b"zorg"), [(0, 0b11), (1, 0b01)]);
        assert_eq!(of(b"planzorg"), [(1, 0b01)]);
        assert_eq!(of(b"plan"), [(2, 0b11)]);
    }

    /// A word's stem is worked out on the first request and shared after: `Zorgen` and `ZORGEN`
    /// are one entry, lower-cased `zorgen`, stemmed `zorg` (Snowball Dutch takes `-en` off), no
    /// stop word; `Door` is one.
    #[test]
    fn a_words_stem_by_hand() {
        let scan = WordScan::everything(AhoCorasick::builder().ascii_case_insensitive(true).build(["zorg"]).unwrap());
        let mut memo = WordLiterals::default();
        let (first, _) = memo.of(&scan, b"Zorgen", 0, 6);
        let (again, _) = memo.of(&scan, b"ZORGEN", 0, 6);
        assert_eq!(first, again);
        let (lower, stem, stop) = memo.stemmed(first, b"Zorgen").clone();
        assert_eq!((&*lower, &*stem, stop), ("zorgen", "zorg", false));
        assert!(Rc::ptr_eq(&memo.stemmed(again, b"ZORGEN").1, &stem), "shared, not worked out again");
        let (door, _) = memo.of(&scan, b"Door", 0, 4);
        assert!(memo.stemmed(door, b"Door").2, "`door` is a stop word");
    }

    /// A vocabulary larger than the memo: it starts afresh when full, at the next
    /// [`WordLiterals::make_room`] only, and still answers right. `w1` is inside `w1`, `w10` …
    /// `w19`, `w100` …; words `w0` … `w66536` are read in batches of 1,000 words.
    #[test]
    fn a_memo_that_is_full_starts_afresh_between_batches() {
        let scan = WordScan::everything(AhoCorasick::builder().ascii_case_insensitive(true).build(["w1"]).unwrap());
        let mut memo = WordLiterals::default();
        for i in 0..=MAX_WORDS + 1000 {
            if i % 1000 == 0 {
                memo.make_room();
            }
            let word = format!("w{i}");
            let found = memo.of(&scan, word.as_bytes(), 0, word.len()).1.to_vec();
            let wanted: Vec<Occurrence> = match word.strip_prefix("w1") {
                Some("") => vec![(0, 0b11)],
                Some(_) => vec![(0, 0b10)],
                None => vec![],
            };
            assert_eq!(found, wanted, "{word}");
            assert!(memo.words.len() < MAX_WORDS + 1000, "full for at most one batch");
        }
        // 66,000 words (at least MAX_WORDS) before the batch of `w66000` … `w66536`, which
        // started afresh.
        assert_eq!(memo.words.len(), 537);
        assert_eq!(memo.of(&scan, b"W1", 0, 2).1, [(0, 0b11)]);
    }
}
