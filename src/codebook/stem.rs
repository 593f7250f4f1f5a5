//! Dutch stems for `stem:` rules and `similar:` rules: words reduced by the Snowball Dutch
//! stemmer, and compounds matched on their head.
//!
//! A `stem:` term matches every inflected form the stemmer maps to the same stem
//! (`samenwerking`, `samenwerkingen`; `verantwoordelijk`, `verantwoordelijke`), without the
//! researcher listing them. Dutch compounds are written as one word and carry their meaning in
//! their last part (the head): a `ketenverantwoordelijkheid` is a `verantwoordelijkheid`, a
//! `casusregie` is `regie`. So a term also matches a word that *ends* in a form of it, when the
//! part before (the modifier) has at least [`MIN_MODIFIER`] letters and the term's stem at least
//! [`MIN_HEAD_STEM`]; the reverse (the term as the modifier, `verantwoordelijkheidsverdeling`)
//! does not match, because there the compound means its own head (a `verdeling`). The guards
//! keep short stems from matching inside unrelated words (`rol` in `controle`); a long stem can
//! still end an unrelated word (`visie` in `televisie`), which an `exclude` term handles.

use std::rc::Rc;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use super::word_map::WordMap;

/// Letters a compound's modifier needs before a term's stem may match its head.
pub const MIN_MODIFIER: usize = 3;
/// Letters a term's stem needs to match as the head of a compound.
pub const MIN_HEAD_STEM: usize = 5;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Dutch))
}

/// Stems remembered per thread: a study's vocabulary is small next to its running words, and
/// the Snowball stemmer allocates and runs its suffix tables for every word. Cleared when it
/// reaches this many words, so that memory stays bounded on any corpus.
const STEM_MEMO_WORDS: usize = 200_000;

/// The Snowball Dutch stem of one word, lower-cased first.
pub fn stem(word: &str) -> String {
    stem_shared(word).to_string()
}

/// A word already in lower case as the memo's shared string, its stem, and whether it is a stop
/// word ([`is_stop_word`]): what a [`Word`] holds, for words cut from a text elsewhere
/// ([`super::word_literals`]).
pub fn known(lower: &str) -> (Rc<str>, Rc<str>, bool) {
    MEMO.with_borrow_mut(|memo| memo.known(lower))
}

/// [`stem`] as the memo's shared string: no copy of it is made.
fn stem_shared(word: &str) -> Rc<str> {
    MEMO.with_borrow_mut(|memo| memo.known(word).1)
}

/// What the memo knows of a word: the word itself as a shared string (what a [`Word`] points
/// at), its stem and whether the word itself is a stop word.
#[derive(Debug)]
struct Known {
    word: Rc<str>,
    stem: Rc<str>,
    stop: bool,
}

/// The stem of a word (see [`stem`]) and whether the word itself is a stop word
/// ([`is_stop_word`]), remembered per thread: both are asked of every running word of a unit
/// that `stem:` or `similar:` rules read, and a study repeats a small vocabulary. The word
/// and its stem are kept as shared strings (`Rc<str>`), so that a [`Word`] points at them
/// instead of owning two fresh `String`s: those two allocations (and their frees) per running
/// word were most of the cost of a unit's words (issue 15, session 20). The map uses rustc's
/// FxHash: these are the program's own words, not keys an attacker chooses, and SipHash was a
/// tenth of the stemming (issue 15); a short word is its own key, packed inline
/// ([`WordMap`]), since following a boxed key to compare it was another tenth of the coding
/// stage (session 25).
#[derive(Default)]
struct StemMemo {
    known: WordMap<Known>,
    /// A running word lower-cased, reused from word to word.
    lower: String,
}

thread_local! {
    static MEMO: std::cell::RefCell<StemMemo> = Default::default();
}

/// Lets go of this thread's memo of stems, for [`super::matcher::release_thread_memory`].
pub(crate) fn release_memo() {
    MEMO.take();
}

impl StemMemo {
    /// `word` as the memo's key (shared), its stem (shared) and whether it is a stop word,
    /// worked out on first sight.
    fn known(&mut self, word: &str) -> (Rc<str>, Rc<str>, bool) {
        if let Some(known) = self.known.get(word.as_bytes()) {
            return (known.word.clone(), known.stem.clone(), known.stop);
        }
        if self.known.len() >= STEM_MEMO_WORDS {
            self.known.clear();
        }
        let lower = word.to_lowercase();
        let stemmed: Rc<str> = Rc::from(&*stemmer().stem(&lower));
        let key: Rc<str> = Rc::from(word);
        let stop = is_stop_word(word);
        self.known.insert(word.as_bytes(), Known { word: key.clone(), stem: stemmed.clone(), stop });
        (key, stemmed, stop)
    }

    /// A running word `w` of a text: lower-cased (in the reused buffer when it is ASCII, the
    /// same as [`str::to_lowercase`] there), then looked up.
    fn word(&mut self, start: usize, w: &str) -> Word {
        let mut lower = std::mem::take(&mut self.lower);
        lower.clear();
        if w.is_ascii() {
            lower.push_str(w);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&w.to_lowercase());
        }
        let (shared, stem, stop) = self.known(&lower);
        let word = Word { start, end: start + w.len(), lower: shared, stem, stop };
        self.lower = lower;
        word
    }
}

/// A word of a unit: its byte range in the text it was cut from, and its stem. The lower-case
/// form and the stem are shared strings of the per-thread memo of stems, not copies: a unit's
/// words cost no allocation each (issue 15).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub lower: Rc<str>,
    pub stem: Rc<str>,
    /// Whether `lower` is a stop word ([`is_stop_word`]), known once here rather than looked
    /// up again by every rule that skips stop words.
    pub stop: bool,
}

/// One word of a text, `w` at byte `start`, as [`words`] gives it.
pub fn word_at(start: usize, w: &str) -> Word {
    MEMO.with_borrow_mut(|memo| memo.word(start, w))
}

/// The words of a text (Unicode word boundaries, so a hyphen separates `ggz-instelling`).
pub fn words(text: &str) -> Vec<Word> {
    MEMO.with_borrow_mut(|memo| text.unicode_word_indices().map(|(start, w)| memo.word(start, w)).collect())
}

/// Whether a word of the text matches one word of a `stem:` term, given the term word's stem:
/// the same stem, or a compound whose head has that stem (see the module documentation).
pub fn word_matches(word: &Word, term_stem: &str) -> bool {
    if *word.stem == *term_stem {
        return true;
    }
    if term_stem.chars().count() < MIN_HEAD_STEM {
        return false;
    }
    // The head of a compound is stemmed on its own: the tail of the word from each position at
    // which the term's stem could begin (the term's first three characters), after a
    // modifier of at least MIN_MODIFIER characters and before the word's last character.
    let probe = &term_stem[..term_stem.char_indices().nth(3).map_or(term_stem.len(), |(i, _)| i)];
    let last = word.lower.char_indices().next_back().map_or(0, |(i, _)| i);
    word.lower.char_indices().skip(MIN_MODIFIER).take_while(|&(byte, _)| byte < last).any(|(byte, _)| {
        let tail = &word.lower[byte..];
        tail.starts_with(probe) && *stem_shared(tail) == *term_stem
    })
}

/// Where a `stem:` term (one or more words) occurs in `words`: byte ranges of each occurrence,
/// from the first word's start to the last word's end.
pub fn find_term(words: &[Word], term_stems: &[String]) -> Vec<(usize, usize)> {
    if term_stems.is_empty() || words.len() < term_stems.len() {
        return Vec::new();
    }
    (0..=words.len() - term_stems.len())
        .filter(|&i| term_stems.iter().enumerate().all(|(j, t)| word_matches(&words[i + j], t)))
        .map(|i| (words[i].start, words[i + term_stems.len() - 1].end))
        .collect()
}

/// The stems of a term's words.
pub fn term_stems(term: &str) -> Vec<String> {
    term.unicode_words().map(stem).collect()
}

/// The Snowball project's Dutch stop words, and words of speech that carry no topic: hesitations
/// (`eh`, `nou`), and interview filler and intensifiers (`gewoon`, `eigenlijk`, `natuurlijk`,
/// `heel`, `echt`, `wel`), which a speaker sprinkles over any subject. Left out of `similar:`
/// rules, where they would make every turn alike; a codebook adds its own with a rule's
/// `stop_words`. Sorted by bytes, for a binary search.
pub const STOP_WORDS: &[&str] = &[
    "aan",
    "al",
    "alles",
    "als",
    "altijd",
    "andere",
    "ben",
    "best",
    "bij",
    "daar",
    "dan",
    "dat",
    "de",
    "der",
    "deze",
    "die",
    "dit",
    "doch",
    "doen",
    "door",
    "dus",
    "echt",
    "een",
    "eens",
    "eh",
    "ehm",
    "eigenlijk",
    "en",
    "er",
    "erg",
    "even",
    "ge",
    "geen",
    "geweest",
    "gewoon",
    "haar",
    "had",
    "heb",
    "hebben",
    "heeft",
    "heel",
    "hem",
    "het",
    "hier",
    "hij",
    "hoe",
    "hoor",
    "hun",
    "iemand",
    "iets",
    "ik",
    "in",
    "is",
    "ja",
    "je",
    "jij",
    "jullie",
    "kan",
    "kon",
    "kunnen",
    "maar",
    "me",
    "meer",
    "men",
    "met",
    "mij",
    "mijn",
    "moet",
    "na",
    "naar",
    "natuurlijk",
    "nee",
    "niet",
    "niets",
    "nog",
    "nou",
    "nu",
    "of",
    "okay",
    "oke",
    "oké",
    "om",
    "omdat",
    "onder",
    "ons",
    "ook",
    "op",
    "over",
    "reeds",
    "te",
    "tegen",
    "toch",
    "toen",
    "tot",
    "u",
    "uit",
    "uw",
    "van",
    "veel",
    "voor",
    "want",
    "waren",
    "was",
    "wat",
    "we",
    "wel",
    "werd",
    "wezen",
    "wie",
    "wij",
    "wil",
    "worden",
    "wordt",
    "zal",
    "ze",
    "zeg",
    "zeker",
    "zelf",
    "zich",
    "zij",
    "zijn",
    "zo",
    "zonder",
    "zou",
];

/// Whether a (lower-case) word is a stop word or too short to mean anything on its own.
pub fn is_stop_word(lower: &str) -> bool {
    lower.chars().count() < 2 || lower.chars().all(|c| c.is_ascii_digit()) || STOP_WORDS.binary_search(&lower).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(term: &str, text: &str) -> Vec<String> {
        let ws = words(text);
        find_term(&ws, &term_stems(term)).into_iter().map(|(s, e)| text[s..e].to_string()).collect()
    }

    /// Each word knows whether it is a stop word, worked by hand from the rules of
    /// [`is_stop_word`]: `de` and `en` are in the list, `12` is all digits, `x` is one letter;
    /// `zorg` and `Zorgen` are content words. The same word asked of `stem` first with another
    /// case (a separate entry of the memo) does not change the answer.
    #[test]
    fn words_know_their_stop_words() {
        assert_eq!(stem("DE"), "de");
        let ws = words("De zorg en 12 x Zorgen");
        let flags: Vec<(&str, bool)> = ws.iter().map(|w| (&*w.lower, w.stop)).collect();
        assert_eq!(flags, [("de", true), ("zorg", false), ("en", true), ("12", true), ("x", true), ("zorgen", false)]);
        assert_eq!(&*ws[5].stem, "zorg");
    }

    /// The words of a text point at the memo's strings: a word that recurs, in any case,
    /// shares its lower-case form and its stem with its first occurrence (the same
    /// allocation), and each carries its own byte range. Worked by hand: `Zorg zorg ZORGEN`
    /// has words at 0..4, 5..9 and 10..16; all three stem to `zorg` (Snowball Dutch takes
    /// `-en` off), the third as a memo entry of its own (`zorgen`).
    #[test]
    fn words_share_the_memo_strings() {
        let ws = words("Zorg zorg ZORGEN");
        let ranges: Vec<(usize, usize)> = ws.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(ranges, [(0, 4), (5, 9), (10, 16)]);
        let lower: Vec<&str> = ws.iter().map(|w| &*w.lower).collect();
        assert_eq!(lower, ["zorg", "zorg", "zorgen"]);
        assert!(ws.iter().all(|w| &*w.stem == "zorg" && !w.stop));
        assert!(Rc::ptr_eq(&ws[0].lower, &ws[1].lower));
        assert!(Rc::ptr_eq(&ws[0].stem, &ws[1].stem));
        assert!(!Rc::ptr_eq(&ws[0].lower, &ws[2].lower));
        // The same words again, in another text: still the memo's strings.
        assert!(Rc::ptr_eq(&words("ZORG")[0].lower, &ws[0].lower));
        // Not ASCII: lower-cased as `str::to_lowercase` does, accents kept.
        let ws = words("Één ÉÉN");
        assert_eq!((&*ws[0].lower, ws[0].end, ws[1].start), ("één", 5, 6));
        assert!(Rc::ptr_eq(&ws[0].lower, &ws[1].lower));
    }

    /// A compound's modifier is counted in characters, not bytes: `één` (three letters, six
    /// bytes) is a modifier of `regie`; `éé` (two letters, four bytes) is not.
    #[test]
    fn modifiers_count_characters() {
        assert_eq!(found("regie", "Éénregie"), vec!["Éénregie"]);
        assert!(found("regie", "ééregie").is_empty());
        assert_eq!(found("regie", "ééncasusregie"), vec!["ééncasusregie"]);
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn inflections_share_a_stem() {
        // Snowball Dutch: plural -en and -s, and -heid, come off; so do -e and -ing's plural.
        assert_eq!(
            found("samenwerking", "De samenwerkingen en de samenwerking"),
            vec!["samenwerkingen", "samenwerking"]
        );
        assert_eq!(found("verantwoordelijk", "Verantwoordelijke mensen"), vec!["Verantwoordelijke"]);
        assert_eq!(found("wachtlijst", "lange wachtlijsten"), vec!["wachtlijsten"]);
    }

    #[test]
    fn compounds_match_on_their_head_only() {
        assert_eq!(found("verantwoordelijkheid", "de ketenverantwoordelijkheid"), vec!["ketenverantwoordelijkheid"]);
        assert_eq!(found("regie", "casusregie en procesregie"), vec!["casusregie", "procesregie"]);
        // The term as the modifier: the compound is about its head, a 'verdeling'.
        assert!(found("verantwoordelijkheid", "de verantwoordelijkheidsverdeling").is_empty());
        // A short stem never matches inside a word: 'rol' is not in 'controle'.
        assert!(found("rol", "de controle").is_empty());
        assert_eq!(found("rol", "onze rol"), vec!["rol"]);
        // Snowball Dutch undoubles only kk, dd and tt: 'rollen' stems to 'roll', not 'rol'.
        assert!(found("rol", "onze rollen").is_empty());
        // A modifier of fewer than three letters is no compound.
        assert!(found("regie", "deregie").is_empty());
    }

    #[test]
    fn phrases_match_word_by_word() {
        assert_eq!(
            found("gedeelde verantwoordelijkheid", "een gedeelde ketenverantwoordelijkheid"),
            vec!["gedeelde ketenverantwoordelijkheid"]
        );
        assert!(found("gedeelde verantwoordelijkheid", "de verantwoordelijkheid gedeeld").is_empty());
    }
}
