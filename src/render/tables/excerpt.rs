//! The start of a long text, cut where a reader expects it: at a word end, marked with ` …`.
//!
//! `coded_segments.csv` of a large study shows each segment's first characters rather than
//! the whole turn (issue 15: the text once per segment was still 92 MB at 100 MB of
//! transcripts); `start` and `end` locate the whole text in the transcript. Counting is in
//! characters (Unicode scalar values), as the offsets are, so a cut never splits a character.

use std::borrow::Cow;

/// What follows a cut text: a space and the horizontal ellipsis (U+2026).
pub const CUT_MARK: &str = " …";

/// `text` when it has at most `chars` characters; otherwise its first `chars` characters,
/// shortened to the last word end among them when the cut falls inside a word (and a word
/// end exists), trailing white space dropped, followed by [`CUT_MARK`].
pub fn excerpt(text: &str, chars: usize) -> Cow<'_, str> {
    let Some((cut, next)) = text.char_indices().nth(chars) else { return Cow::Borrowed(text) };
    let head = &text[..cut];
    let inside_word = !next.is_whitespace() && head.chars().next_back().is_some_and(|c| !c.is_whitespace());
    let head = match head.rfind(char::is_whitespace) {
        Some(space) if inside_word => &head[..space],
        _ => head,
    };
    let head = head.trim_end();
    // A text that is all white space up to the cut keeps its first characters.
    let head = if head.is_empty() { &text[..cut] } else { head };
    Cow::Owned(format!("{head}{CUT_MARK}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_within_the_limit_is_left_whole() {
        assert!(matches!(excerpt("", 3), Cow::Borrowed("")));
        assert_eq!(excerpt("abc", 3), "abc");
        // Three characters, six bytes: within a limit of three characters.
        assert_eq!(excerpt("ëëë", 3), "ëëë");
    }

    #[test]
    fn a_cut_inside_a_word_goes_back_to_the_word_end() {
        // The first 9 characters are "over de r", and the 10th ("e") continues "regie".
        assert_eq!(excerpt("over de regie", 9), "over de …");
        // A cut right after a word, before a space, keeps the word.
        assert_eq!(excerpt("over de regie", 7), "over de …");
        // A cut right after a space drops the space.
        assert_eq!(excerpt("over de regie", 8), "over de …");
    }

    #[test]
    fn one_long_word_is_cut_at_the_limit_on_a_character_boundary() {
        // "cliëntenraad": 12 characters, 13 bytes; the first 4 characters end inside no space.
        assert_eq!(excerpt("cliëntenraad", 4), "clië …");
        // Only white space before the cut: kept as it is rather than an empty excerpt.
        assert_eq!(excerpt("   x", 2), "   …");
    }
}
