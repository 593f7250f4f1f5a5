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

use super::literals::is_word_byte;
use super::word_map::WordMap;
use aho_corasick::AhoCorasick;

/// The most distinct words remembered before the memo starts afresh, so that a study whose
/// vocabulary keeps growing holds a bounded memo: about 60 bytes a word (the key, its map
/// entry, two occurrences), so at most about 4 MB per thread. A real corpus of 100 MB has a few
/// hundred thousand word forms, but its frequent words, which fill the memo again at once
/// after it starts afresh, are most of its running words.
const MAX_WORDS: usize = 1 << 16;

/// A literal occurring in a word: its id (the automaton's pattern id) and where it stands
/// there, as two bits: [`STARTS_WORD`] when it starts the word, [`ENDS_WORD`] when it ends it.
pub type Occurrence = (u32, u8);

/// The bit of an [`Occurrence`] for a literal that starts its word.
pub const STARTS_WORD: u8 = 0b10;
/// The bit of an [`Occurrence`] for a literal that ends its word.
pub const ENDS_WORD: u8 = 0b01;

/// Words already seen, with the literals inside them. Kept by each thread from one unit to
/// the next, and only for the automaton it was made with ([`WordLiterals::for_owner`]).
#[derive(Default)]
pub struct WordLiterals {
    /// The prefilter the memo was made for (see [`WordLiterals::for_owner`]).
    owner: u64,
    /// A word in ASCII lower case, and the range of its occurrences in `occurrences`.
    words: WordMap<(u32, u32)>,
    /// The occurrences of all remembered words, one word's after the other, each word's in
    /// the order the automaton reports them (by end), a repeated pair left out.
    occurrences: Vec<Occurrence>,
    /// The running word in lower case, reused from word to word.
    lower: Vec<u8>,
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

    fn forget(&mut self) {
        self.words.clear();
        self.occurrences.clear();
    }

    /// The occurrences of literals inside `word`, a longest run of word bytes of a text: each
    /// literal id with where it stands in the word. `automaton` matches without regard to
    /// ASCII case.
    pub fn of(&mut self, automaton: &AhoCorasick, word: &[u8]) -> &[Occurrence] {
        debug_assert!(word.iter().all(|&b| is_word_byte(b)), "a word is word bytes only");
        self.lower.clear();
        self.lower.extend(word.iter().map(u8::to_ascii_lowercase));
        let (from, to) = match self.words.get(&self.lower) {
            Some(&range) => range,
            None => {
                if self.words.len() >= MAX_WORDS {
                    self.forget();
                }
                let from = self.occurrences.len();
                for m in automaton.find_overlapping_iter(self.lower.as_slice()) {
                    let at = (if m.start() == 0 { STARTS_WORD } else { 0 })
                        | (if m.end() == word.len() { ENDS_WORD } else { 0 });
                    let pair = (m.pattern().as_u32(), at);
                    if !self.occurrences[from..].contains(&pair) {
                        self.occurrences.push(pair);
                    }
                }
                let range = (from as u32, self.occurrences.len() as u32);
                self.words.insert(&self.lower, range);
                range
            }
        };
        &self.occurrences[from as usize..to as usize]
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
    /// same without a new scan; the memo starts afresh for another owner.
    #[test]
    fn a_words_literals_by_hand() {
        let automaton = AhoCorasick::builder().ascii_case_insensitive(true).build(["zorg", "org", "plan"]).unwrap();
        let mut memo = WordLiterals::default();
        memo.for_owner(1);
        assert_eq!(memo.of(&automaton, b"Zorgplan"), [(0, 0b10), (1, 0b00), (2, 0b01)]);
        assert_eq!(memo.of(&automaton, b"zorg"), [(0, 0b11), (1, 0b01)]);
        assert_eq!(memo.of(&automaton, b"ZORGPLAN"), [(0, 0b10), (1, 0b00), (2, 0b01)]);
        assert_eq!(memo.words.len(), 2, "one entry per word, whatever its case");
        assert!(memo.of(&automaton, b"ketenregie").is_empty());
        // `org` four times: starting the word, twice inside (kept once), ending it.
        assert_eq!(memo.of(&automaton, b"orgorgorgorg"), [(1, 0b10), (1, 0b00), (1, 0b01)]);
        memo.for_owner(1);
        assert_eq!(memo.words.len(), 4);
        memo.for_owner(2);
        assert!(memo.words.len() == 0 && memo.occurrences.is_empty());
    }

    /// A vocabulary larger than the memo: it starts afresh when full and still answers right.
    /// `w1` is inside `w1`, `w10` … `w19`, `w100` …; of the words `w0` … `w65536`, the memo
    /// holds at most [`MAX_WORDS`].
    #[test]
    fn a_memo_that_is_full_starts_afresh() {
        let automaton = AhoCorasick::builder().ascii_case_insensitive(true).build(["w1"]).unwrap();
        let mut memo = WordLiterals::default();
        for i in 0..=MAX_WORDS {
            let word = format!("w{i}");
            let found = memo.of(&automaton, word.as_bytes()).to_vec();
            let wanted: Vec<Occurrence> = match word.strip_prefix("w1") {
                Some("") => vec![(0, 0b11)],
                Some(_) => vec![(0, 0b10)],
                None => vec![],
            };
            assert_eq!(found, wanted, "{word}");
            assert!(memo.words.len() <= MAX_WORDS);
        }
        assert_eq!(memo.words.len(), 1, "started afresh at the last word");
        assert_eq!(memo.of(&automaton, b"W1"), [(0, 0b11)]);
    }
}
