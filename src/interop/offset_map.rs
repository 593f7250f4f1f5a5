//! Carrying character offsets over from a text as another tool stored it to the text as
//! `analyse` normalises it (CRLF → LF, NFC; see [`crate::corpus::text`]).

use crate::corpus::text;

/// The text as `analyse` normalises it (see [`text::normalise`]), and for every code point
/// offset of the original (and its end) the offset in the normalised text.
pub fn normalise_with_map(original: &str, crlf_is_one: bool) -> (String, Vec<usize>) {
    let normalised = text::normalise(original);
    // Original offsets → offsets in the text with `\n` line ends.
    let mut to_unified = Vec::with_capacity(original.len() + 1);
    let mut unified = String::with_capacity(original.len());
    let mut u = 0;
    let mut chars = original.chars().peekable();
    while let Some(c) = chars.next() {
        to_unified.push(u);
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            if !crlf_is_one {
                to_unified.push(u); // the \n of a CRLF: the same place
            }
        }
        unified.push(if c == '\r' { '\n' } else { c });
        u += 1;
    }
    to_unified.push(u);
    if unified == normalised {
        return (normalised, to_unified);
    }
    // NFC changed something. Composition never reaches back over an ASCII character, so the
    // text is normalised in runs that end before each ASCII character: linear, not quadratic.
    let unified_chars: Vec<char> = unified.chars().collect();
    let mut to_normalised = vec![0; unified_chars.len() + 1];
    let mut done = 0; // characters of the normalised text so far
    let mut run_start = 0;
    for i in 1..=unified_chars.len() {
        if i == unified_chars.len() || unified_chars[i].is_ascii() {
            let run: String = unified_chars[run_start..i].iter().collect();
            let composed = text::normalise(&run).chars().count();
            for (offset, slot) in to_normalised[run_start..i].iter_mut().enumerate() {
                *slot = done + offset.min(composed.saturating_sub(1));
            }
            done += composed;
            run_start = i;
        }
    }
    to_normalised[unified_chars.len()] = done;
    (normalised, to_unified.into_iter().map(|p| to_normalised[p]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_offsets_are_carried_over() {
        // "a\r\nbc": QualCoder counts 5 code points; "b" is 3..4, in our text "a\nbc" 2..3.
        let (text, map) = normalise_with_map("a\r\nbc", false);
        assert_eq!(text, "a\nbc");
        assert_eq!((map[3], map[4], map[5]), (2, 3, 4));
        // ATLAS.ti counts the CRLF as one: "b" is 2..3 in its count.
        let (_, map) = normalise_with_map("a\r\nbc", true);
        assert_eq!((map[2], map[3], map[4]), (2, 3, 4));
    }

    #[test]
    fn decomposed_characters_shift_offsets() {
        // "e" + U+0308 + "x": 3 code points, 2 after NFC; "x" is 2..3, then 1..2.
        let (text, map) = normalise_with_map("e\u{0308}x", false);
        assert_eq!(text, "ëx");
        assert_eq!((map[2], map[3]), (1, 2));
        // Both at once: "e" U+0308 CR LF "x" counts 5 code points; our "ë\nx" 3.
        let (text, map) = normalise_with_map("e\u{0308}\r\nx", false);
        assert_eq!(text, "ë\nx");
        assert_eq!((map[2], map[3], map[4], map[5]), (1, 1, 2, 3));
    }
}
