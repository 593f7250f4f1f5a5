//! Folding text to ASCII for matching, with a map back to the original.
//!
//! Dutch transcripts are full of non-ASCII characters (ë, é, ’, –, …). regex's fast automata
//! cannot evaluate Unicode word boundaries on non-ASCII text and fall back to a far slower
//! engine; on ASCII text the same patterns run at full speed with the same meaning. So when
//! diacritics are ignored, rules run on a folded copy of each unit: letters lose their
//! diacritics (`cliënt` → `client`), typographic quotes, dashes, ellipses and non-breaking
//! spaces become their ASCII forms, and every folded byte remembers where it came from, so the
//! evidence shows the original text.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A folded text and the way back to the original: where each character that folding changed
/// stands in both. Every other byte is ASCII, kept as it was, one byte for one byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// For each non-ASCII character of the original, in text order: its bytes in the folded
    /// text and in the original. A map from every folded byte (8 bytes each) was most of the
    /// memory of a batch of units in the coding stage (BENCHMARKS.md, session 21); Dutch text
    /// has a non-ASCII character every few hundred bytes.
    changed: Vec<Change>,
    original_len: usize,
}

/// One non-ASCII character: `folded` and `original` are its byte ranges, start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Change {
    folded: (u32, u32),
    original: (u32, u32),
}

impl Folded {
    /// The original byte range of a folded byte range.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let original_start = match self.character_at(start) {
            Place::Changed(change) => change.original.0 as usize,
            // At the end of the folded text (or past it): the end of the original.
            Place::Kept(original) => original.min(self.original_len),
        };
        let original_end = match end {
            0 => 0,
            _ => match self.character_at(end - 1) {
                Place::Changed(change) => change.original.1 as usize,
                Place::Kept(original) => original + 1,
            },
        };
        (original_start, original_end)
    }

    /// Where folded byte `at` comes from.
    fn character_at(&self, at: usize) -> Place<'_> {
        let before = self.changed.partition_point(|c| c.folded.0 as usize <= at);
        match before.checked_sub(1).map(|i| &self.changed[i]) {
            None => Place::Kept(at),
            Some(change) if at < change.folded.1 as usize => Place::Changed(change),
            // ASCII since that character: the same distance from its end in both texts.
            Some(change) => Place::Kept(at - change.folded.1 as usize + change.original.1 as usize),
        }
    }
}

/// A folded byte's origin: inside a changed character, or a kept ASCII byte at this offset.
enum Place<'f> {
    Changed(&'f Change),
    Kept(usize),
}

/// `n` as a `u32`: a unit's text is far below 4 GB (a document is read whole into memory).
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("a unit of less than 4 GB")
}

/// The ASCII form of one character, if it has one other than itself.
fn ascii_form(c: char) -> Option<&'static str> {
    Some(match c {
        '’' | '‘' | '‚' | '′' | '`' | '´' => "'",
        '“' | '”' | '„' | '″' | '«' | '»' => "\"",
        '–' | '—' | '‒' | '−' | '‐' | '‑' => "-",
        '…' => "...",
        '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => " ",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'ø' => "o",
        'Ø' => "O",
        'ĳ' => "ij",
        'Ĳ' => "IJ",
        _ => return None,
    })
}

/// Folds a text (see the module documentation).
pub fn fold(text: &str) -> Folded {
    let mut folded = String::with_capacity(text.len());
    let mut changed = Vec::new();
    for (at, c) in text.char_indices() {
        if c.is_ascii() {
            folded.push(c);
            continue;
        }
        let before = folded.len();
        if let Some(ascii) = ascii_form(c) {
            folded.push_str(ascii);
        } else {
            let base: String = c.nfd().filter(|d| !is_combining_mark(*d)).collect();
            if base.is_empty() {
                folded.push(c);
            } else {
                folded.push_str(&base);
            }
        }
        let original = (offset(at), offset(at + c.len_utf8()));
        changed.push(Change { folded: (offset(before), offset(folded.len())), original });
    }
    Folded { text: folded, changed, original_len: text.len() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_letters_and_punctuation() {
        assert_eq!(fold("De cliënt’s reünie – één…").text, "De client's reunie - een...");
        assert_eq!(fold("Straße").text, "Strasse");
        assert_eq!(fold("日本").text, "日本", "characters without an ASCII form stay");
    }

    #[test]
    fn ranges_map_back_to_the_original() {
        let original = "de cliënten…";
        let f = fold(original);
        // "cliënten" is folded bytes 3..11; in the original, ë takes two bytes: 3..12.
        assert_eq!(&f.text[3..11], "clienten");
        let (s, e) = f.original_range(3, 11);
        assert_eq!(&original[s..e], "cliënten");
        // The ellipsis became three dots; any part of them maps to the whole character.
        let (s, e) = f.original_range(12, 13);
        assert_eq!(&original[s..e], "…");
        assert_eq!(f.original_range(0, 0), (0, 0));
        // "de" before any change; the end of the text maps to the end.
        assert_eq!(f.original_range(0, 2), (0, 2));
        assert_eq!(f.original_range(14, 14), (15, 15));
    }

    #[test]
    fn a_character_kept_as_it_is_maps_whole() {
        // 日 and 本 have no ASCII form and stay: three bytes each, in both texts.
        let original = "a日本b";
        let f = fold(original);
        assert_eq!(f.text, original);
        // Folded byte 2 is inside 日 (1..4): the whole character.
        assert_eq!(f.original_range(2, 4), (1, 4));
        assert_eq!(f.original_range(4, 8), (4, 8));
        assert_eq!(&original[f.original_range(7, 8).0..], "b");
    }

    #[test]
    fn an_ascii_text_keeps_no_map() {
        let f = fold("geen enkel teken buiten ASCII");
        assert!(f.changed.is_empty());
        assert_eq!(f.original_range(5, 10), (5, 10));
    }

    #[test]
    fn one_character_may_fold_to_several_and_several_follow() {
        // ß (2 bytes) → "ss", then é (2 bytes) → "e": "Straße café" folds to "Strasse cafe".
        let original = "Straße café!";
        let f = fold(original);
        assert_eq!(f.text, "Strasse cafe!");
        // "Strasse" (0..7) is the original 0..7 ("Straße": S t r a ß(4..6) e(6)).
        assert_eq!(&original[f.original_range(0, 7).0..f.original_range(0, 7).1], "Straße");
        // "cafe" (8..12) is "café" (8..13); "!" (12..13) is 13..14.
        assert_eq!(f.original_range(8, 12), (8, 13));
        assert_eq!(f.original_range(12, 13), (13, 14));
    }
}
