//! The one folded form names and texts are compared in, and the way back from a folded
//! offset to the original text.

use std::collections::HashMap;

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

/// A text in the form names are compared in, and where each of its bytes came from.
/// The one folding of names and texts: a run of whitespace becomes one space (a name's
/// words may be split by a line break in a transcript) and every other character the
/// smallest member of its Unicode simple case-folding class ("ſ", "s" and "S" all become
/// "S"), the folding of a case-insensitive regular expression.
pub(super) fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_each(text, |_, f| folded.push(f));
    folded
}

/// Calls `emit(byte offset in text, folded character)` for every character [`fold`] keeps.
fn fold_each(text: &str, mut emit: impl FnMut(usize, char)) {
    let mut classes: HashMap<char, char> = HashMap::new();
    let mut in_space = false;
    for (at, c) in text.char_indices() {
        let space = c.is_whitespace();
        if space && in_space {
            continue;
        }
        in_space = space;
        // ASCII first: nearly every character of an output is, and a check reads every output
        // whole (the 100 MB study's 83 MB of coded segments with a pseudonym mapping).
        let f = if space {
            ' '
        } else if c.is_ascii() {
            char::from(ASCII_FOLDED[c as usize])
        } else if APOSTROPHES.contains(&c) {
            // O’Brien (Word's typographic apostrophe) is O'Brien.
            '\''
        } else {
            *classes.entry(c).or_insert_with(|| fold_class(c))
        };
        emit(at, f);
    }
}

/// Byte offsets in the folded text mapped back to the original text, for the few places a
/// match starts or ends. A map for every byte cost eight bytes per byte of output — gigabytes
/// for the coded segments of a large study — so the fold is replayed once instead, for the
/// sorted offsets asked for.
pub(super) struct OriginalOffsets {
    /// (folded offset, original offset), sorted by the first.
    pairs: Vec<(usize, usize)>,
}

impl OriginalOffsets {
    pub(super) fn of(text: &str, folded: impl Iterator<Item = usize>) -> Self {
        let mut wanted: Vec<usize> = folded.collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            // No name found: the usual case for a check, and no second pass over the text.
            return Self { pairs: Vec::new() };
        }
        let mut pairs = Vec::with_capacity(wanted.len());
        let mut next = wanted.iter().peekable();
        let mut position = 0;
        fold_each(text, |at, f| {
            let end = position + f.len_utf8();
            // Every folded byte of this character comes from the character at `at`.
            while let Some(&&w) = next.peek() {
                if w >= end {
                    break;
                }
                pairs.push((w, at));
                next.next();
            }
            position = end;
        });
        // The end of the folded text is the end of the original.
        pairs.extend(next.map(|&w| (w, text.len())));
        Self { pairs }
    }

    pub(super) fn of_folded(&self, folded: usize) -> usize {
        let i = self.pairs.partition_point(|&(f, _)| f < folded);
        self.pairs[i].1
    }
}

/// Characters a reader takes for an apostrophe: right and left single quotation marks, the
/// modifier letter apostrophe, the prime, the grave and acute accents.
const APOSTROPHES: [char; 7] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}', '`', '\u{00B4}'];

/// How [`fold`] folds each ASCII character, worked out from [`APOSTROPHES`] when compiling: an
/// apostrophe is `'`, anything else its upper case (the smallest member of an ASCII letter's
/// class; the others, such as the Kelvin sign, lie beyond ASCII).
const ASCII_FOLDED: [u8; 128] = {
    let mut folded = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        folded[b] = (b as u8).to_ascii_uppercase();
        b += 1;
    }
    let mut i = 0;
    while i < APOSTROPHES.len() {
        if APOSTROPHES[i].is_ascii() {
            folded[APOSTROPHES[i] as usize] = b'\'';
        }
        i += 1;
    }
    folded
};

/// The smallest character of `c`'s Unicode simple case-folding class.
fn fold_class(c: char) -> char {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges().first().map_or(c, |r| r.start())
}
