//! Finding a coded fragment in its transcript when a format gives the text but no usable
//! offsets (MAXQDA, ATLAS.ti and Taguette exports, and manual coding CSVs that give the
//! fragment's text instead of its offsets). It lives with the corpus because both the coding
//! stage and interop search the documents' text.
//!
//! The search ignores white space entirely — exports re-wrap lines, turn line breaks into
//! spaces and trim — but nothing else: letters, case and punctuation must match. A fragment
//! found once is located; found more than once it is ambiguous and not guessed at.

use unicode_normalization::UnicodeNormalization;

/// Outcome of looking for one fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// Character offsets in the text, end exclusive, from the first to the last non-space
    /// character of the fragment.
    Found(usize, usize),
    /// The fragment occurs this many times.
    Ambiguous(usize),
    NotFound,
}

/// A text prepared for repeated searches.
pub struct Locator {
    /// The text without white space.
    squeezed: String,
    /// For every character of `squeezed`: its byte offset there and its character offset in
    /// the original text.
    chars: Vec<(usize, usize)>,
}

impl Locator {
    pub fn new(text: &str) -> Self {
        let mut squeezed = String::with_capacity(text.len());
        let mut chars = Vec::new();
        for (i, c) in text.chars().enumerate() {
            if !c.is_whitespace() {
                chars.push((squeezed.len(), i));
                squeezed.push(c);
            }
        }
        Self { squeezed, chars }
    }

    /// Where `fragment` stands in the text.
    pub fn find(&self, fragment: &str) -> Located {
        let needle: String = fragment.nfc().filter(|c| !c.is_whitespace()).collect();
        if needle.is_empty() {
            return Located::NotFound;
        }
        let needle_chars = needle.chars().count();
        let mut hits = Vec::new();
        let mut from = 0;
        while let Some(i) = self.squeezed[from..].find(&needle) {
            let byte = from + i;
            hits.push(byte);
            from = byte + self.squeezed[byte..].chars().next().map(char::len_utf8).unwrap_or(1);
        }
        match hits.len() {
            0 => Located::NotFound,
            1 => {
                let first = self.chars.partition_point(|&(b, _)| b < hits[0]);
                let last = first + needle_chars - 1;
                Located::Found(self.chars[first].1, self.chars[last].1 + 1)
            }
            n => Located::Ambiguous(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_and_line_breaks_do_not_matter() {
        let text = "I: Vraag?\nR: Wij hebben\nde  regie, echt.";
        let locator = Locator::new(text);
        // "hebben\nde  regie" starts at 17 ("I: Vraag?\n" 10, "R: Wij " 7) and ends after
        // "regie" at 17 + 6 + 1 + 2 + 2 + 5 = 33.
        assert_eq!(locator.find("hebben de regie"), Located::Found(17, 33));
        assert_eq!(&text[17..33], "hebben\nde  regie");
        assert_eq!(locator.find("  hebben\r\n de\tregie "), Located::Found(17, 33));
        assert_eq!(locator.find("Hebben de regie"), Located::NotFound);
        assert_eq!(locator.find("e"), Located::Ambiguous(6));
        assert_eq!(locator.find(" \n"), Located::NotFound);
    }

    #[test]
    fn offsets_count_characters() {
        // "cliënt" has a two-byte ë; the fragment after it starts at character 7.
        let locator = Locator::new("cliënt belt");
        assert_eq!(locator.find("belt"), Located::Found(7, 11));
        // Decomposed ë in the fragment still matches the composed one in the text.
        assert_eq!(locator.find("clie\u{0308}nt"), Located::Found(0, 6));
    }
}
