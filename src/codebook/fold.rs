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

/// A folded text and, for each of its bytes, the byte offset of the original character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    origin: Vec<usize>,
    original_len: usize,
}

impl Folded {
    /// The original byte range of a folded byte range.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let map = |i: usize| self.origin.get(i).copied().unwrap_or(self.original_len);
        let original_end = if end == 0 { 0 } else { next_boundary(&self.origin, end, self.original_len) };
        (map(start), original_end)
    }
}

/// The original offset just past the character that contains folded byte `end - 1`.
fn next_boundary(origin: &[usize], end: usize, original_len: usize) -> usize {
    let last = origin[end - 1];
    origin[end..].iter().copied().find(|&o| o != last).unwrap_or(original_len)
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
    let mut origin = Vec::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        let before = folded.len();
        if c.is_ascii() {
            folded.push(c);
        } else if let Some(ascii) = ascii_form(c) {
            folded.push_str(ascii);
        } else {
            let base: String = c.nfd().filter(|d| !is_combining_mark(*d)).collect();
            if base.is_empty() {
                folded.push(c);
            } else {
                folded.push_str(&base);
            }
        }
        origin.extend(std::iter::repeat_n(offset, folded.len() - before));
    }
    Folded { text: folded, origin, original_len: text.len() }
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
    }
}
