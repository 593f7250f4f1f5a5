//! Turning the bytes of a file into the text every offset refers to.
//!
//! All offsets that leave the program count Unicode scalar values (characters) in the text as
//! produced here: UTF-8 decoded, byte-order mark removed, line endings `\n`, NFC-normalised.
//! REFI-QDA and the manual coding files count the same way.

use unicode_normalization::UnicodeNormalization;

/// Why a file's bytes are not text this version can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// UTF-16 files (as Word's "Unicode text" writes them).
    Utf16,
    /// Bytes that are not UTF-8, at this 1-based line.
    NotUtf8 { line: usize },
}

impl std::fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeProblem::Utf16 => {
                write!(f, "is UTF-16 encoded; save it as UTF-8 (in Word: Save as → Plain text → Unicode (UTF-8))")
            }
            DecodeProblem::NotUtf8 { line } => {
                write!(f, "line {line}: is not valid UTF-8 (probably Windows-1252); save the file as UTF-8")
            }
        }
    }
}

/// Decodes a file's bytes into normalised text (see the module documentation).
pub fn decode(bytes: &[u8]) -> Result<String, DecodeProblem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeProblem::Utf16);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        DecodeProblem::NotUtf8 { line }
    })?;
    Ok(normalise(text))
}

/// Line endings to `\n` and NFC, so that "é" typed as one or two code points counts the same.
pub fn normalise(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified.nfc().collect()
}

/// Maps byte offsets of one text to character offsets, in one pass.
pub struct CharIndex {
    /// For every character, its byte offset; plus the text length at the end.
    byte_of_char: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut byte_of_char: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_of_char.push(text.len());
        Self { byte_of_char }
    }

    /// Character offset of a byte offset that lies on a character boundary.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        match self.byte_of_char.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i, // not on a boundary: the next character (never happens for str offsets)
        }
    }

    /// Byte offset of a character offset; the text length for offsets past the end.
    pub fn byte_of_char(&self, ch: usize) -> usize {
        *self.byte_of_char.get(ch).unwrap_or_else(|| self.byte_of_char.last().expect("never empty"))
    }

    /// Number of characters in the text.
    pub fn len_chars(&self) -> usize {
        self.byte_of_char.len() - 1
    }
}

/// 1-based line number of a byte offset, for error messages.
pub fn line_of_byte(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_removed() {
        let bytes = b"\xEF\xBB\xBFI: hoi\r\nR: ja\r\n";
        assert_eq!(decode(bytes).unwrap(), "I: hoi\nR: ja\n");
    }

    #[test]
    fn decomposed_diacritics_become_one_character() {
        // "cliënt" with e + combining diaeresis (U+0308): 7 code points in, 6 out.
        let decomposed = "clie\u{0308}nt";
        assert_eq!(decomposed.chars().count(), 7);
        let text = decode(decomposed.as_bytes()).unwrap();
        assert_eq!(text, "cliënt");
        assert_eq!(text.chars().count(), 6);
    }

    #[test]
    fn windows_1252_names_the_line() {
        // "caf\xe9" is "café" in Windows-1252, invalid as UTF-8, on the second line.
        let err = decode(b"I: hoi\nR: caf\xe9\n").unwrap_err();
        assert_eq!(err, DecodeProblem::NotUtf8 { line: 2 });
    }

    #[test]
    fn utf16_is_recognised() {
        assert_eq!(decode(b"\xFF\xFEI\x00:\x00").unwrap_err(), DecodeProblem::Utf16);
    }

    #[test]
    fn char_index_counts_characters_not_bytes() {
        let text = "ë’a"; // 2 + 3 + 1 bytes
        let idx = CharIndex::new(text);
        assert_eq!(idx.char_of_byte(0), 0);
        assert_eq!(idx.char_of_byte(2), 1);
        assert_eq!(idx.char_of_byte(5), 2);
        assert_eq!(idx.char_of_byte(6), 3);
        assert_eq!(idx.byte_of_char(2), 5);
        assert_eq!(idx.len_chars(), 3);
    }
}
