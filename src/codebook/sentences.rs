//! A unit's sentences, as Unicode's sentence boundaries (UAX #29) cut them.
//!
//! `similar` rules scored per sentence and sentence `near` rules need every unit's sentences;
//! unicode-segmentation finds them by looking up each character's class in a range table,
//! which was 7 % of the coding stage with the shipped codebooks (issue 15). Text the rules run
//! on is nearly always ASCII (folded, see [`super::fold`]), where the classes are a handful of
//! bytes and a boundary can only follow a space, a closing mark, `.`, `?`, `!` or a line end:
//! there the rules of UAX #29 are applied to the bytes directly ([`ascii_sentence_spans`]).
//! Any other text goes to unicode-segmentation. A property test holds the two to the same
//! spans on ASCII text built from every class.

use unicode_segmentation::UnicodeSegmentation;

/// Byte ranges of a text's sentences (Unicode sentence boundaries), in text order; none for an
/// empty text.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    if text.is_ascii() {
        ascii_sentence_spans(text.as_bytes())
    } else {
        unicode_sentence_spans(text)
    }
}

/// The reference: unicode-segmentation's sentences.
fn unicode_sentence_spans(text: &str) -> Vec<(usize, usize)> {
    text.split_sentence_bound_indices().map(|(i, s)| (i, i + s.len())).collect()
}

/// The sentence break classes of UAX #29 that ASCII has (it has no `Sep`, `Extend`, `Format`
/// or `OLetter`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

/// The class of an ASCII byte (SentenceBreakProperty.txt).
fn class(byte: u8) -> Class {
    match byte {
        b'\r' => Class::Cr,
        b'\n' => Class::Lf,
        b'\t' | 0x0b | 0x0c | b' ' => Class::Sp,
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Numeric,
        b'.' => Class::ATerm,
        b'!' | b'?' => Class::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
        b',' | b'-' | b':' | b';' => Class::SContinue,
        _ => Class::Other,
    }
}

fn is_para_sep(c: Class) -> bool {
    matches!(c, Class::Cr | Class::Lf)
}

fn is_sa_term(c: Class) -> bool {
    matches!(c, Class::ATerm | Class::STerm)
}

/// [`sentence_spans`] of ASCII text: whether there is a boundary between bytes `i - 1` and
/// `i` follows the rules SB3 to SB11 of UAX #29, in their order (SB5 does not arise: ASCII
/// has no `Extend` or `Format`). A boundary follows a paragraph separator, or the run
/// `SATerm Close* Sp*` it ends (SB4, SB11; SB998 otherwise), so only the places from just after
/// a `.`, `?`, `!`, CR or LF to just after the closing marks and spaces that follow it are
/// looked at: classing and testing every byte of the unit was 4 % of the coding stage (issue
/// 15, session 24).
fn ascii_sentence_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    // The places already looked at end before `looked`.
    let mut looked = 1;
    for p in sentence_marks(bytes) {
        let b = bytes[p];
        let mut end = p + 1;
        if is_sa_term(class(b)) {
            while end < bytes.len() && class(bytes[end]) == Class::Close {
                end += 1;
            }
            while end < bytes.len() && class(bytes[end]) == Class::Sp {
                end += 1;
            }
        }
        for i in looked.max(p + 1)..=end.min(bytes.len().saturating_sub(1)) {
            if breaks_before(bytes, i) {
                spans.push((start, i));
                start = i;
            }
        }
        looked = looked.max(end + 1);
    }
    if !bytes.is_empty() {
        spans.push((start, bytes.len()));
    }
    spans
}

/// The places of `.`, `?`, `!`, CR and LF in `bytes`, in order: found by `memchr`'s vector
/// search, since looking at every byte of the unit for them was most of the sentence spans'
/// time (issue 15, session 26).
fn sentence_marks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut terms = memchr::memchr3_iter(b'.', b'?', b'!', bytes).peekable();
    let mut breaks = memchr::memchr2_iter(b'\r', b'\n', bytes).peekable();
    std::iter::from_fn(move || match (terms.peek(), breaks.peek()) {
        (Some(&t), Some(&b)) if t < b => terms.next(),
        (_, Some(_)) => breaks.next(),
        (Some(_), None) => terms.next(),
        (None, None) => None,
    })
}

/// Whether UAX #29 puts a sentence boundary between `bytes[i - 1]` and `bytes[i]`
/// (`0 < i < len`).
fn breaks_before(bytes: &[u8], i: usize) -> bool {
    let c = |k: usize| class(bytes[k]);
    let (before, after) = (c(i - 1), c(i));
    // SB3, SB4: CR × LF; a paragraph separator ends a sentence.
    if before == Class::Cr && after == Class::Lf {
        return false;
    }
    if is_para_sep(before) {
        return true;
    }
    // Every other boundary follows `SATerm Close* Sp*` (SB11): find that context, if any.
    let mut j = i;
    while j > 0 && c(j - 1) == Class::Sp {
        j -= 1;
    }
    let spaces = i - j;
    while j > 0 && c(j - 1) == Class::Close {
        j -= 1;
    }
    if j == 0 || !is_sa_term(c(j - 1)) {
        return false; // SB998
    }
    let term = c(j - 1);
    // SB6, SB7: `3.5`, `U.S.A`.
    if before == Class::ATerm && after == Class::Numeric {
        return false;
    }
    if before == Class::ATerm && after == Class::Upper && i >= 2 && matches!(c(i - 2), Class::Upper | Class::Lower) {
        return false;
    }
    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower.
    if term == Class::ATerm {
        let next = bytes[i..]
            .iter()
            .map(|&b| class(b))
            .find(|&k| matches!(k, Class::Upper | Class::Lower | Class::Cr | Class::Lf | Class::ATerm | Class::STerm));
        if next == Some(Class::Lower) {
            return false;
        }
    }
    // SB8a: SATerm Close* Sp* × (SContinue | SATerm).
    if matches!(after, Class::SContinue | Class::ATerm | Class::STerm) {
        return false;
    }
    // SB9: SATerm Close* × (Close | Sp | ParaSep).
    if spaces == 0 && matches!(after, Class::Close | Class::Sp | Class::Cr | Class::Lf) {
        return false;
    }
    // SB10: SATerm Close* Sp* × (Sp | ParaSep).
    if matches!(after, Class::Sp | Class::Cr | Class::Lf) {
        return false;
    }
    // SB11: SATerm Close* Sp* ParaSep? ÷ (the ParaSep case is SB4's).
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Cases worked from the rules by hand.
    #[test]
    fn sentences_by_hand() {
        fn cut(t: &str) -> Vec<&str> {
            sentence_spans(t).into_iter().map(|(s, e)| &t[s..e]).collect()
        }
        assert_eq!(cut("Ja. Nee!  Wat?"), ["Ja. ", "Nee!  ", "Wat?"]);
        // SB6: a decimal; SB7: an abbreviation of capitals; SB8: a full stop before lower case.
        assert_eq!(cut("Het is 3.5 uur. Oke"), ["Het is 3.5 uur. ", "Oke"]);
        assert_eq!(cut("De U.S.A. Daar"), ["De U.S.A. ", "Daar"]);
        assert_eq!(cut("o.a. de zorg. Dan"), ["o.a. de zorg. ", "Dan"]);
        // SB9/SB10: closing marks and spaces stay with the sentence; SB4: a line ends one.
        assert_eq!(cut("Zei hij.\") En"), ["Zei hij.\") ", "En"]);
        assert_eq!(cut("regel een\r\nregel twee"), ["regel een\r\n", "regel twee"]);
        // SB8a: `?!` and `.,` do not end a sentence in between.
        assert_eq!(cut("Echt?! Ja., nee"), ["Echt?! ", "Ja., nee"]);
        assert!(cut("").is_empty());
    }

    /// Marks of both kinds, and both kinds next to each other, come in the order of the text.
    #[test]
    fn sentence_marks_in_order_by_hand() {
        assert_eq!(sentence_marks(b"a.b\nc?d\r\n!").collect::<Vec<_>>(), [1, 3, 5, 7, 8, 9]);
        assert_eq!(sentence_marks(b"geen einde").count(), 0);
        assert_eq!(sentence_marks(b"").count(), 0);
    }

    /// Every class of ASCII byte, the terminators and spaces most often, so that the rules'
    /// contexts (`Ab. C`, `."  d`, `?\r\n`) arise in many combinations.
    fn ascii_text() -> impl Strategy<Value = String> {
        let alphabet: Vec<char> = "..??!! \t  \r\n\"'()[]{},-:;aAbBzZ09#_~\u{0}\u{b}\u{c}".chars().collect();
        proptest::collection::vec(proptest::sample::select(alphabet), 0..40).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]
        #[test]
        fn ascii_sentences_are_unicode_segmentations(text in ascii_text()) {
            prop_assert_eq!(ascii_sentence_spans(text.as_bytes()), unicode_sentence_spans(&text));
        }

        /// Longer texts of words, so that runs of terminators, closing marks and spaces meet
        /// the places looked at after the previous terminator (the spans skip everything else).
        #[test]
        fn long_ascii_texts_are_unicode_segmentations(parts in proptest::collection::vec(ascii_text(), 1..8)) {
            let text = parts.join(" ggz Zorg. ");
            prop_assert_eq!(ascii_sentence_spans(text.as_bytes()), unicode_sentence_spans(&text));
        }
    }

    /// All 128 ASCII bytes in each position of a few contexts: a byte whose class were wrong
    /// would change a boundary in at least one of them.
    #[test]
    fn every_ascii_byte_in_context() {
        for byte in 0u8..128 {
            let b = byte as char;
            for text in [
                format!("Ab.{b}c"),
                format!("Ab. {b} c"),
                format!("Ab.{b} Cd"),
                format!("ab?{b}"),
                format!("x{b}. y"),
                format!("A.{b}B. c"),
                format!("Ja.{b}\nNee"),
                format!("Ja. {b}{b}Nee"),
            ] {
                assert_eq!(ascii_sentence_spans(text.as_bytes()), unicode_sentence_spans(&text), "{text:?}");
            }
        }
    }
}
