//! Turning the bytes of a file into the text every offset refers to.
//!
//! All offsets that leave the program count Unicode scalar values (characters) in the text as
//! produced here: decoded, byte-order mark removed, line endings `\n`, NFC-normalised.
//! REFI-QDA and the manual coding files count the same way.
//!
//! Encodings: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM (Word's "Unicode text"),
//! UTF-32 LE/BE with a BOM, and Windows-1252 (older Dutch Windows exports). [`Encoding::Auto`]
//! picks one from the bytes: a BOM decides; else valid UTF-8 is UTF-8; else a file that holds
//! UTF-8 letters is UTF-8 with a stray byte, an error naming its line (reading it all as
//! Windows-1252 would turn every "ë" into "Ã«"); else bytes that are text in Windows-1252 are
//! read as such. Anything else (binary data, UTF-16 without BOM, another code page's undefined
//! bytes) is an error naming the place — guessing further would silently corrupt letters.

use unicode_normalization::UnicodeNormalization;

/// How a file's bytes are decoded: `[sources] encoding` in analyse.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Detected per file (see the module documentation).
    #[default]
    Auto,
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-16 with a byte-order mark (little or big endian).
    #[serde(rename = "utf-16")]
    Utf16,
    #[serde(rename = "windows-1252")]
    Windows1252,
}

/// Why a file's bytes are not text this version can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// UTF-16 was asked for (or found) but the bytes are not valid UTF-16 with a BOM.
    Utf16,
    /// Bytes that are not UTF-8, at this 1-based line (UTF-8 was asked for).
    NotUtf8 { line: usize },
    /// Neither UTF-8, UTF-16 with BOM nor Windows-1252 text: a control or undefined byte here.
    NotText { line: usize, byte: u8 },
    /// A UTF-8 file (it has UTF-8 letters elsewhere) with a byte that is not UTF-8 here.
    StrayByte { line: usize, byte: u8 },
}

impl DecodeProblem {
    /// The 1-based line of the problem (1 for a whole-file problem).
    pub fn line(&self) -> usize {
        match self {
            DecodeProblem::Utf16 => 1,
            DecodeProblem::NotUtf8 { line }
            | DecodeProblem::NotText { line, .. }
            | DecodeProblem::StrayByte { line, .. } => *line,
        }
    }
}

impl std::fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeProblem::Utf16 => {
                write!(f, "is not valid UTF-16 with a byte-order mark; save it as UTF-8 (in Word: Save as → Plain text → Unicode (UTF-8)), or set [sources] encoding in analyse.toml")
            }
            DecodeProblem::NotUtf8 { line } => {
                write!(f, "line {line}: is not valid UTF-8 (probably Windows-1252); save the file as UTF-8, or set [sources] encoding = \"auto\" or \"windows-1252\"")
            }
            DecodeProblem::StrayByte { line, byte } => {
                write!(f, "line {line}: byte 0x{byte:02X} is not UTF-8, although the rest of the file is UTF-8; retype the character on that line and save the file as UTF-8")
            }
            DecodeProblem::NotText { line, byte } => {
                write!(f, "line {line}: byte 0x{byte:02X} is not text in UTF-8, UTF-16 (with BOM) or Windows-1252; is it a binary file? Save it as UTF-8 text")
            }
        }
    }
}

/// Decodes a file's bytes (encoding detected) into normalised text.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeProblem> {
    decode_with(bytes, Encoding::Auto)
}

/// Decodes a file's bytes in the given encoding into normalised text.
pub fn decode_with(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeProblem> {
    Ok(normalise_owned(decode_raw_with(bytes, encoding)?))
}

/// [`decode_with`] taking the bytes: a UTF-8 file (the usual case) becomes its text in the
/// same buffer instead of a copy, so ingest holds a transcript once and leaves no freed copy
/// of it behind (BENCHMARKS.md, "allocator"). Anything else is decoded as [`decode_with`]
/// does, with the same errors.
pub fn decode_owned(bytes: Vec<u8>, encoding: Encoding) -> Result<String, DecodeProblem> {
    if !matches!(encoding, Encoding::Utf8 | Encoding::Auto) || bytes.contains(&0) {
        return decode_with(&bytes, encoding);
    }
    // The byte-order mark is a whole character, so the bytes are UTF-8 with it as without it.
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            Ok(normalise_owned(text))
        }
        Err(not_utf8) => decode_with(not_utf8.as_bytes(), encoding),
    }
}

/// Decodes (encoding detected) without normalising: for formats whose offsets count the text
/// as stored, such as REFI-QDA sources.
pub fn decode_raw(bytes: &[u8]) -> Result<String, DecodeProblem> {
    decode_raw_with(bytes, Encoding::Auto)
}

fn decode_raw_with(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeProblem> {
    let line_at = |valid: &[u8]| valid.iter().filter(|&&b| b == b'\n').count() + 1;
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return decode_utf32(bytes);
    }
    let utf16_bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    match encoding {
        Encoding::Utf16 | Encoding::Auto if utf16_bom => {
            // `decode` sniffs the BOM (either byte order) and removes it.
            let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes);
            if had_errors || !bytes.len().is_multiple_of(2) {
                return Err(DecodeProblem::Utf16);
            }
            Ok(text.into_owned())
        }
        Encoding::Utf16 => Err(DecodeProblem::Utf16),
        Encoding::Utf8 | Encoding::Auto => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(text) => {
                    if let Some(i) = text.bytes().position(|b| b == 0) {
                        return Err(DecodeProblem::NotText { line: line_at(&body[..i]), byte: 0 });
                    }
                    Ok(text.to_string())
                }
                Err(e) if encoding == Encoding::Utf8 || utf16_bom || body.len() != bytes.len() => {
                    Err(DecodeProblem::NotUtf8 { line: line_at(&body[..e.valid_up_to()]) })
                }
                // A file with UTF-8 letters is UTF-8; one bad byte in it is a mistake to
                // point at, not a reason to read the whole file as Windows-1252 (which would
                // turn every "ë" into "Ã«").
                Err(e) if has_utf8_letters(body) => Err(DecodeProblem::StrayByte {
                    line: line_at(&body[..e.valid_up_to()]),
                    byte: body[e.valid_up_to()],
                }),
                Err(_) => decode_raw_with(bytes, Encoding::Windows1252),
            }
        }
        Encoding::Windows1252 => {
            // Bytes Windows-1252 leaves undefined, and control characters other than tab,
            // line feed, form feed and carriage return, do not occur in text.
            let bad = |b: u8| {
                matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
                    || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
            };
            if let Some(i) = bytes.iter().position(|&b| bad(b)) {
                return Err(DecodeProblem::NotText { line: line_at(&bytes[..i]), byte: bytes[i] });
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// Whether the bytes hold at least one complete multi-byte UTF-8 character: a Windows-1252
/// file practically never does ("Ã«" would be needed), a UTF-8 file with non-ASCII letters does.
fn has_utf8_letters(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| chunk.valid().bytes().any(|b| b >= 0x80))
}

/// UTF-32 with a byte-order mark (little or big endian), checked code point by code point.
fn decode_utf32(bytes: &[u8]) -> Result<String, DecodeProblem> {
    let little = bytes[0] == 0xFF;
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut line = 1;
    for unit in bytes[4..].chunks(4) {
        let four: [u8; 4] = unit.try_into().map_err(|_| DecodeProblem::NotText { line, byte: unit[0] })?;
        let value = if little { u32::from_le_bytes(four) } else { u32::from_be_bytes(four) };
        match char::from_u32(value).filter(|&c| c != '\0') {
            Some(c) => {
                line += usize::from(c == '\n');
                text.push(c);
            }
            None => return Err(DecodeProblem::NotText { line, byte: four[if little { 0 } else { 3 }] }),
        }
    }
    Ok(text)
}

/// Line endings to `\n` and NFC, so that "é" typed as one or two code points counts the same.
pub fn normalise(text: &str) -> String {
    normalise_owned(text.to_owned())
}

/// [`normalise`], keeping `text`'s buffer when it is normalised already (nearly every
/// transcript): ingest then holds one copy of a transcript, not two, and leaves no freed copy
/// of the study behind in the allocator (BENCHMARKS.md, "allocator").
pub fn normalise_owned(text: String) -> String {
    let unified = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    // Nearly every transcript is NFC already (keyboards type composed characters); the quick
    // check says so without building a copy, and NFC of NFC text is the text itself.
    match unicode_normalization::is_nfc_quick(unified.chars()) {
        unicode_normalization::IsNormalized::Yes => unified,
        _ => unified.nfc().collect(),
    }
}

/// Character offsets of byte offsets asked for mostly in increasing order, as segments are cut
/// ([`super::segment`]):
/// counts only the characters since the last offset asked for. A table of every character's
/// offset ([`CharIndex`]) took 8 bytes a character, allocated and freed for every
/// document: 800 MB of allocations for a 100 MB study (BENCHMARKS.md, "allocator").
pub struct CharCounter<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharCounter<'t> {
    pub fn new(text: &'t str) -> Self {
        Self { text, byte: 0, chars: 0 }
    }

    /// The character offset of `byte`, a character boundary of the text.
    pub fn char_of_byte(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
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
    fn character_offsets_count_multi_byte_characters_once_in_any_order() {
        // "één ë" : é and ë are two bytes each. Bytes: é 0-1, é 2-3, n 4, space 5, ë 6-7.
        let text = "één ë";
        let mut chars = CharCounter::new(text);
        assert_eq!(chars.char_of_byte(0), 0);
        assert_eq!(chars.char_of_byte(4), 2); // after "éé"
        assert_eq!(chars.char_of_byte(6), 4); // after "één "
        assert_eq!(chars.char_of_byte(8), 5); // the end
        assert_eq!(chars.char_of_byte(2), 1); // asked for again, earlier: counted from the start
        assert_eq!(chars.char_of_byte(5), 3);
    }

    #[test]
    fn decoding_owned_bytes_gives_what_decoding_borrowed_ones_gives() {
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("R: ja".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let cases: [&[u8]; 9] = [
            b"",
            b"\xEF\xBB\xBFI: hoi\r\nR: ja\r\n",
            "R: e\u{0301}e\u{0301}n".as_bytes(), // decomposed: NFC makes it "één"
            "R: één\n".as_bytes(),
            b"R: caf\xE9",        // Windows-1252
            b"R: ja\0nee",        // a NUL: not text
            b"R: \xC3\xABn \xFF", // UTF-8 letters and a stray byte
            &utf16,
            b"\xEF\xBB\xBF",
        ];
        let encodings = [Encoding::Auto, Encoding::Utf8, Encoding::Utf16, Encoding::Windows1252];
        for bytes in cases {
            for encoding in encodings {
                let borrowed = decode_with(bytes, encoding);
                assert_eq!(decode_owned(bytes.to_vec(), encoding), borrowed, "{bytes:?} as {encoding:?}");
            }
        }
        assert_eq!(decode_owned("R: e\u{0301}".into(), Encoding::Auto).unwrap(), "R: é");
    }

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
    fn windows_1252_is_detected_or_names_the_line() {
        // "caf\xe9" is "café" in Windows-1252, invalid as UTF-8, on the second line; 0x80 is
        // the euro sign and 0x92 the right single quote in Windows-1252.
        assert_eq!(decode(b"I: hoi\nR: caf\xe9 \x80 \x92\n").unwrap(), "I: hoi\nR: café € \u{2019}\n");
        let err = decode_with(b"I: hoi\nR: caf\xe9\n", Encoding::Utf8).unwrap_err();
        assert_eq!(err, DecodeProblem::NotUtf8 { line: 2 });
        assert_eq!(decode_with(b"caf\xe9", Encoding::Windows1252).unwrap(), "café");
    }

    #[test]
    fn utf16_with_bom_in_both_byte_orders() {
        // "I: é" in UTF-16 LE and BE, each with its BOM; CRLF becomes LF.
        let le = b"\xFF\xFEI\x00:\x00 \x00\xE9\x00\r\x00\n\x00";
        let be = b"\xFE\xFF\x00I\x00:\x00 \x00\xE9\x00\r\x00\n";
        assert_eq!(decode(le).unwrap(), "I: é\n");
        assert_eq!(decode(be).unwrap(), "I: é\n");
        assert_eq!(decode_with(le, Encoding::Utf16).unwrap(), "I: é\n");
        // An odd number of bytes is not UTF-16.
        assert_eq!(decode(b"\xFF\xFEI\x00:").unwrap_err(), DecodeProblem::Utf16);
        // UTF-16 asked for, but the file is UTF-8.
        assert_eq!(decode_with(b"I: x", Encoding::Utf16).unwrap_err(), DecodeProblem::Utf16);
    }

    #[test]
    fn binary_data_is_not_text() {
        // A PNG header: 0x89 'PNG' CR LF 0x1A LF — 0x1A is a control character.
        let err = decode(b"\x89PNG\r\n\x1a\n\x00\x00").unwrap_err();
        assert_eq!(err, DecodeProblem::NotText { line: 2, byte: 0x1A });
        // UTF-16 without a BOM has NUL bytes, valid UTF-8 but not text.
        assert!(matches!(decode(b"I\x00:\x00").unwrap_err(), DecodeProblem::NotText { byte: 0, .. }));
        assert_eq!(decode(b"").unwrap(), "");
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

    /// Regression (issue 14): one stray byte in a UTF-8 file is named, not guessed around.
    #[test]
    fn a_stray_byte_in_utf8_names_its_line_and_pure_windows_1252_still_reads() {
        let bytes = b"I: De cli\xc3\xabnt\nR: Ja \xeb nee\n";
        assert_eq!(decode(bytes), Err(DecodeProblem::StrayByte { line: 2, byte: 0xEB }));
        assert!(decode(bytes).unwrap_err().to_string().contains("line 2"));
        assert_eq!(decode(b"I: De cli\xebnt\n").unwrap(), "I: De cli\u{eb}nt\n");
    }

    #[test]
    fn utf32_with_a_bom_is_read_and_a_truncated_one_is_refused() {
        let mut le = vec![0xFF, 0xFE, 0, 0];
        let mut be = vec![0, 0, 0xFE, 0xFF];
        for c in "I: Cli\u{eb}nt \u{534f}\n".chars() {
            le.extend((c as u32).to_le_bytes());
            be.extend((c as u32).to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap(), "I: Cli\u{eb}nt \u{534f}\n");
        assert_eq!(decode(&be).unwrap(), "I: Cli\u{eb}nt \u{534f}\n");
        le.extend([0x41, 0, 0]);
        assert!(decode(&le).is_err(), "a truncated code unit");
    }

    #[test]
    fn decomposed_characters_are_composed_and_composed_text_is_kept() {
        // "e" + COMBINING ACUTE (U+0301) is "é" (U+00E9); "A" + COMBINING RING (U+030A) is
        // "Å" (U+00C5); a lone old Mac CR is a line end.
        assert_eq!(normalise("cafe\u{301}\r\nA\u{30a}\rx"), "caf\u{e9}\n\u{c5}\nx");
        // Already composed: the quick check answers and the text comes back as it was.
        assert_eq!(normalise("Cli\u{eb}nt \u{534f} \u{e9}\n"), "Cli\u{eb}nt \u{534f} \u{e9}\n");
        // A combining mark with no base to join stays, as NFC leaves it.
        assert_eq!(normalise("\u{301}x"), "\u{301}x");
    }
}
