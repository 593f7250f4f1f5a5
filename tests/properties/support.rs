//! What the property tests share: the configuration (cases and seed), strategies for
//! Dutch-looking text and for damaging valid files, and small builders of zip archives.

use std::io::Write;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};

/// Cases per property when `ANALYSE_PROPTEST_CASES` is not set: enough to catch the shallow
/// mistakes on every `cargo test`, few enough that the file runs in seconds.
pub const DEFAULT_CASES: u32 = 64;

/// The seed when `ANALYSE_PROPTEST_SEED` is not set: the same inputs on every run and every
/// machine, so that a red test is a change in the code, not luck.
const DEFAULT_SEED: u64 = 20240501;

/// The configuration every property runs with (see the crate documentation).
pub fn config() -> Config {
    let cases = std::env::var("ANALYSE_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    let mut config = Config::with_cases(cases);
    config.rng_seed = match std::env::var("ANALYSE_PROPTEST_SEED").as_deref() {
        Ok("random") => RngSeed::Random,
        Ok(seed) => RngSeed::Fixed(seed.parse().expect("ANALYSE_PROPTEST_SEED is a number or `random`")),
        Err(_) => RngSeed::Fixed(DEFAULT_SEED),
    };
    // A failing case is kept as a named regression test in the code, not in a file here.
    config.failure_persistence = None;
    config
}

/// Pieces of interview transcripts, chosen so that joined at random they hit the parsers'
/// special cases: speaker labels and timestamps, blank lines, CRLF, multi-byte letters, a
/// decomposed ë, a curly apostrophe, emoji (one of them a ZWJ sequence), tabs and a form feed.
const PIECES: &[&str] = &[
    "I: ",
    "R: ",
    "D7: ",
    "Interviewer: ",
    "Mark de Wit: ",
    "[00:12:31] ",
    "[1:02] R:",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "zorg",
    "regie",
    "Cliënt",
    "cliënt",
    "clie\u{0308}nt",
    "één",
    "’s",
    "wijk’",
    "VG",
    "samen-\nwerking",
    "Noord-\nHolland",
    "Pagina 3",
    "- 4 -",
    "\u{000C}",
    "🙂",
    "👩\u{200D}⚕️",
    ". ",
    "? ",
    "! ",
    ":",
    ",",
    "dus ja: ",
    "&amp;",
    "<b>",
    "Ĳsselmeer",
    "ß",
    "\u{00A0}",
];

/// Text that looks like a transcript (see [`PIECES`]).
pub fn dutch_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|pieces| pieces.concat())
}

/// Any text at all, or text that looks like a transcript.
pub fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), dutch_text(), prop::collection::vec(any::<char>(), 0..400).prop_map(String::from_iter)]
}

/// Any text a spreadsheet cell (or an XML text node) can hold: no control characters but tab
/// and line feed, no non-characters.
pub fn cell_text() -> impl Strategy<Value = String> {
    any_text().prop_map(|t| {
        t.chars()
            .filter(|c| (!c.is_control() || matches!(c, '\t' | '\n')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
            .collect()
    })
}

/// Any bytes, up to a few kilobytes.
pub fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..4096)
}

/// Ways to damage a file: overwrite some bytes, insert some, and maybe cut it short. Positions
/// are fractions of its length ([`Index`]), so the same damage fits any file.
#[derive(Debug, Clone)]
pub struct Damage {
    overwrite: Vec<(Index, u8)>,
    insert: Vec<(Index, u8)>,
    cut: Option<Index>,
}

pub fn damage() -> impl Strategy<Value = Damage> {
    (
        prop::collection::vec((any::<Index>(), any::<u8>()), 0..8),
        prop::collection::vec((any::<Index>(), any::<u8>()), 0..4),
        prop::option::of(any::<Index>()),
    )
        .prop_map(|(overwrite, insert, cut)| Damage { overwrite, insert, cut })
}

impl Damage {
    pub fn apply(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        if out.is_empty() {
            return out;
        }
        for (at, byte) in &self.overwrite {
            let i = at.index(out.len());
            out[i] = *byte;
        }
        for (at, byte) in &self.insert {
            let i = at.index(out.len() + 1);
            out.insert(i, *byte);
        }
        if let Some(at) = &self.cut {
            out.truncate(at.index(out.len() + 1));
        }
        out
    }
}

/// Pieces of XML markup and references, to damage a valid document where a parser reads it
/// (byte damage inside a zip entry only trips its checksum).
const MARKUP: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&",
    ";",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#xD800;",
    "&#x1F642;",
    "&unknown;",
    "\"",
    "'",
    "=",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml version=\"1.0\"?>",
    "\u{FEFF}",
    "ë",
    "\0",
];

/// Damage to a text document: markup pieces inserted, stretches removed.
#[derive(Debug, Clone)]
pub struct TextDamage {
    insert: Vec<(Index, &'static str)>,
    remove: Vec<(Index, Index)>,
}

pub fn text_damage() -> impl Strategy<Value = TextDamage> {
    (
        prop::collection::vec((any::<Index>(), prop::sample::select(MARKUP)), 0..6),
        prop::collection::vec((any::<Index>(), any::<Index>()), 0..3),
    )
        .prop_map(|(insert, remove)| TextDamage { insert, remove })
}

impl TextDamage {
    pub fn apply(&self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for (at, piece) in &self.insert {
            let i = at.index(chars.len() + 1);
            chars.splice(i..i, piece.chars());
        }
        for (from, length) in &self.remove {
            if chars.is_empty() {
                break;
            }
            let start = from.index(chars.len());
            let end = (start + length.index(16)).min(chars.len());
            chars.drain(start..end);
        }
        chars.into_iter().collect()
    }
}

/// A zip archive with these entries, compressed as Office and the QDA tools write them.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).expect("zip in memory");
        w.write_all(bytes).expect("zip in memory");
    }
    w.finish().expect("zip in memory").into_inner()
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A minimal XLSX workbook with one worksheet of inline-string cells (no shared strings),
/// from the SpreadsheetML parts Excel needs.
pub fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut sheet = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let column = (b'A' + c as u8) as char;
            sheet.push_str(&format!(
                "<c r=\"{column}{}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                r + 1,
                xml_escape(cell)
            ));
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    xlsx_with_sheet(&sheet)
}

/// A workbook around the given worksheet XML (which may be damaged).
pub fn xlsx_with_sheet(sheet: &str) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".as_bytes()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".as_bytes()),
        ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".as_bytes()),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// Checks what every document of the corpus promises, whatever its source format: segments
/// numbered from 1 in text order, not overlapping, each a non-empty span of the text without
/// white space at its ends, whose character offsets are exactly its byte offsets counted in
/// characters.
pub fn check_document(doc: &analyse::corpus::Document) -> Result<(), TestCaseError> {
    let text = &doc.text;
    let mut previous_end = 0;
    for (i, s) in doc.segments.iter().enumerate() {
        prop_assert_eq!(s.ordinal, i + 1);
        prop_assert!(s.byte_start < s.byte_end && s.byte_end <= text.len(), "{:?} in {} bytes", s, text.len());
        prop_assert!(text.is_char_boundary(s.byte_start) && text.is_char_boundary(s.byte_end), "{:?}", s);
        prop_assert_eq!(s.start, text[..s.byte_start].chars().count());
        prop_assert_eq!(s.end, text[..s.byte_end].chars().count());
        prop_assert!(s.byte_start >= previous_end, "segment {} overlaps the one before", s.ordinal);
        let piece = doc.segment_text(s);
        prop_assert_eq!(piece, piece.trim(), "segment {} has white space at an end", s.ordinal);
        previous_end = s.byte_end;
    }
    Ok(())
}
