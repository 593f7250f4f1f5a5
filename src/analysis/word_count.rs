//! Counting words at Unicode word boundaries (UAX #29, as `unicode-segmentation` finds them)
//! without sending a whole turn down the crate's general path for the sake of one "é".
//!
//! `unicode_words` takes a fast path only when the whole string is ASCII; a Dutch turn
//! almost never is ("cliënt", "’"), and word counting was a tenth of a run's time. So the text
//! is cut into chunks at the spaces after which an ASCII character follows; every such place is
//! a word boundary in UAX #29 (nothing joins a space to what follows except another space or an
//! extending mark, and an ASCII character is neither, and nothing before a space joins it except
//! a space), so the count is the sum over the chunks, most of which are ASCII.

use unicode_segmentation::UnicodeSegmentation;

/// The number of words in `text`: the same number as `text.unicode_words().count()`.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let next_is_ascii = bytes.get(i + 1).is_none_or(|b| b.is_ascii());
        if byte == b' ' && next_is_ascii {
            // `i + 1` is a character boundary: a space is one byte, and what follows is ASCII
            // or the end.
            count += chunk_words(&text[start..=i]);
            start = i + 1;
        }
    }
    count + text[start..].unicode_words().count()
}

/// The words of a chunk that ends in its only space. Most chunks are one word and a space,
/// perhaps with punctuation around it ("zorg ", "zorg, ", "(ggz) "): letters and digits never
/// break between each other in UAX #29, and an ASCII character that is neither is no word of
/// its own, so an ASCII chunk with one run of letters and digits is one word (none: no word),
/// counted without the crate's segmenter, which was most of the time of counting (issue 15:
/// 16 % of a 100 MB run's CPU). Anything else (two runs, which "3,5" or "dat's" may join, or a
/// character beyond ASCII) goes to the segmenter.
fn chunk_words(chunk: &str) -> usize {
    let bytes = chunk.as_bytes();
    // One pass: the runs of letters and digits, until a character beyond ASCII.
    let (mut runs, mut in_run) = (0, false);
    for &byte in bytes {
        if !byte.is_ascii() {
            return chunk.unicode_words().count();
        }
        let word_byte = byte.is_ascii_alphanumeric();
        runs += usize::from(word_byte && !in_run);
        in_run = word_byte;
    }
    if runs <= 1 {
        runs
    } else {
        chunk.unicode_words().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_counted_by_hand() {
        // "De" "cliënt" "zei" "dat's" "3,5" "uur" "genoeg" "was" : "dat's" is one word (a quote
        // between letters), "3,5" one (a comma between digits), "-" and "." are no words.
        assert_eq!(count_words("De cliënt zei: dat's 3,5 uur - genoeg was."), 8);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("   "), 0);
        // A combining acute after a space belongs to the space, not to a word.
        assert_eq!(count_words("e \u{301} e"), 2);
        // "ggz/vg" is two words, "e-mail" two, "t.z.t." one ("t.z.t" with a final ".").
        assert_eq!(count_words("ggz/vg e-mail t.z.t."), 5);
        // One word with punctuation around it, and punctuation alone: "(zie" "ggz)," "ja"
        // "-" ":" "_a_" (an underscore joins, "_a_" is one word) "...".
        assert_eq!(count_words("(zie ggz), ja - : _a_ ... "), 4);
    }

    #[test]
    fn agrees_with_unicode_words_on_awkward_text() {
        let texts = [
            "Cliënt’s zorg",
            "a.b c",
            " \u{301}b",
            "  x  ",
            "\u{93F}a \u{93F}",
            "a\u{200D}\u{1F600} b",
            "1.5 1,5 a.1 1.a a:b 1:2 a_b __ _a",
            "naïef  coördinatie\n\nR: ja",
            "🇳🇱🇳🇱 x",
            "x \u{FEFF}y",
            "(zie ggz), ja. - : _a_ ... a_b 'k ",
            "dat's 3,5 a.b e.g. ",
        ];
        for text in texts {
            assert_eq!(count_words(text), text.unicode_words().count(), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Text drawn from the characters that decide word boundaries: letters, digits, the
        /// "mid" punctuation, spaces, newlines, accented and combining characters, a joiner, an
        /// emoji, regional indicators and CJK.
        #[test]
        fn agrees_with_unicode_words_on_generated_text(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', '7', '0', '.', ',', ';', ':', '\'', '’', '"', '_', '-', '/', ' ', ' ', ' ', '\n', '\t',
                'é', 'ë', '\u{301}', '\u{93F}', '\u{200D}', '\u{1F600}', '\u{1F1F3}', '\u{1F1F1}', '\u{534f}', '\u{FEFF}',
            ]), 0..60)
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }
    }
}
