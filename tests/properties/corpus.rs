//! The sources → corpus stage: decoding, transcripts, subtitles, PDF text, Word files and
//! respondents files.

use std::path::Path;

use analyse::corpus::text::{self, CharIndex, DecodeProblem, Encoding};
use analyse::corpus::{docx, pdf_text, respondents, subtitles, transcript, CorpusOptions, Unit};
use proptest::prelude::*;
use unicode_normalization::is_nfc;

use crate::support::{
    any_bytes, any_text, cell_text, check_document, config, damage, dutch_text, text_damage, xlsx, zip,
};

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![Encoding::Auto, Encoding::Utf8, Encoding::Utf16, Encoding::Windows1252])
}

fn unit() -> impl Strategy<Value = Unit> {
    prop::sample::select(vec![Unit::Turn, Unit::Paragraph, Unit::Sentence])
}

/// The transcript formats, by the extension that selects them.
fn extension() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["txt", "md", "text", "vtt", "srt", "docx", "pdf.txt"])
}

/// Pieces of subtitle files, to shuffle.
fn subtitle_pieces() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "WEBVTT\n\n",
        "00:00:04.120 --> 00:00:10.198\n",
        "00:00:01,000 --> 00:00:02,000\n",
        "12:00:01.1 --> x\n",
        "-->\n",
        "1\n",
        "<v Sanne Jansen>",
        "</v>",
        "Anja: ",
        "NOTE opname\n",
        "STYLE\n",
        "\n\n",
        "\n",
        "Zo, de opname loopt.",
        "&amp; &lt; &nbsp;",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

/// Subtitle files as Teams, Zoom and transcription services write them: a header, then cues
/// of an optional identifier, a timing line and text with a voice tag or name prefix (now and
/// then a timing that does not read, or a note).
fn subtitle_file() -> impl Strategy<Value = String> {
    let timing = prop::sample::select(vec![
        "00:00:04.120 --> 00:00:10.198",
        "00:01.000 --> 00:02.500",
        "00:00:01,000 --> 00:00:02,000",
        "1:02:03.4 --> 1:02:05.000 align:start",
        "00:00 --> 00:01",
    ]);
    let speaker = prop::sample::select(vec![
        ("<v Sanne Jansen>", "</v>"),
        ("<v.loud Mark de Wit>", "</v>"),
        ("Anja: ", ""),
        ("R: ", ""),
        ("<i>", "</i>"),
        ("", ""),
    ]);
    // A blank line would end the cue: the text keeps to its lines.
    let text = dutch_text().prop_map(|t| t.replace("\r\n", "\n").replace("\n\n", "\n").replace("\n\n", "\n"));
    let cue = (prop::option::of(prop::sample::select(vec!["1", "abc/5-0"])), timing, speaker, text).prop_map(
        |(id, timing, (open, close), text)| {
            let id = id.map(|i| format!("{i}\n")).unwrap_or_default();
            format!("{id}{timing}\n{open}{text}{close}\n")
        },
    );
    let block = prop_oneof![8 => cue, 1 => Just("NOTE opname\nloopt\n".to_string())];
    (any::<bool>(), prop::collection::vec(block, 0..6))
        .prop_map(|(header, cues)| format!("{}{}", if header { "WEBVTT\n\n" } else { "" }, cues.join("\n")))
}

/// Paragraphs for a Word file: transcript pieces, without the carriage returns and form feeds
/// that XML does not carry as they are.
fn paragraphs() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(dutch_text().prop_map(|t| t.replace(['\r', '\u{000C}'], " ")), 0..8)
}

/// A Word file with one plain run per paragraph.
fn docx_of(paragraphs: &[String]) -> Vec<u8> {
    zip(&[("word/document.xml", document_xml(paragraphs).as_bytes())])
}

fn document_xml(paragraphs: &[String]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", crate::support::xml_escape(p)))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
}

/// A respondents table: unique, non-empty ids; attribute names without separators or quotes
/// (a header the user typed); values of any text a spreadsheet cell holds.
fn respondents_table() -> impl Strategy<Value = (Vec<String>, Vec<(String, Vec<String>)>)> {
    let name = "[a-z][a-z_ ]{0,8}[a-z]";
    (prop::collection::vec(name, 0..4), 1..6usize).prop_flat_map(|(columns, n)| {
        let width = columns.len();
        let rows = prop::collection::vec(prop::collection::vec(cell_text(), width..=width), n..=n);
        (Just(columns), rows).prop_map(|(columns, rows)| {
            // Ids are unique by construction: a respondent number and a Dutch letter.
            let rows = rows.into_iter().enumerate().map(|(i, values)| (format!("D{}ë", i + 1), values)).collect();
            (columns, rows)
        })
    })
}

/// Respondents as written: the id column first, then the attributes, all trimmed.
fn expected_respondents(columns: &[String], rows: &[(String, Vec<String>)]) -> Vec<(String, Vec<(String, String)>)> {
    rows.iter()
        .map(|(id, values)| {
            let attributes = columns.iter().zip(values).map(|(c, v)| (c.trim().to_string(), v.trim().to_string()));
            (id.clone(), attributes.collect())
        })
        .collect()
}

fn read_respondents(r: &respondents::Respondents) -> Vec<(String, Vec<(String, String)>)> {
    r.by_id.values().map(|r| (r.id.clone(), r.attributes.clone())).collect()
}

proptest! {
    #![proptest_config(config())]

    /// Turns are found in order, one per label line, each a trimmed span of the text.
    #[test]
    fn transcript_turns_lie_in_the_text(text in any_text()) {
        let turns = transcript::parse_turns(&text);
        let mut previous: Option<&transcript::RawTurn> = None;
        for turn in &turns {
            prop_assert!(turn.start < turn.end && turn.end <= text.len());
            prop_assert!(text.is_char_boundary(turn.start) && text.is_char_boundary(turn.end));
            let body = &text[turn.start..turn.end];
            prop_assert_eq!(body, body.trim());
            // The label stands on its line before the text (which may begin on the next line).
            prop_assert!(turn.line <= 1 + text[..turn.start].matches('\n').count());
            if let Some(p) = previous {
                prop_assert!(p.end <= turn.start && p.line < turn.line, "{:?} then {:?}", p, turn);
            }
            previous = Some(turn);
        }
    }

    /// A transcript of any bytes, in any format, encoding and unit, is a document whose
    /// segments keep the corpus' promises, or an error.
    #[test]
    fn transcripts_from_any_bytes(bytes in any_bytes(), ext in extension(), encoding in encoding(), unit in unit()) {
        let options = CorpusOptions { unit, encoding, ..CorpusOptions::default() };
        let name = format!("D1.{ext}");
        if let Ok(doc) = analyse::corpus::transcript_from_bytes(Path::new(&name), &name, &bytes, None, &options) {
            check_document(&doc)?;
        }
    }

    /// The same for text that looks like a transcript, as UTF-8 or UTF-16; plain text and
    /// Word files come out NFC with `\n` line ends.
    #[test]
    fn transcripts_from_dutch_text(text in prop_oneof![dutch_text(), dutch_text().prop_map(|t| format!("I: Vraag?\nR: {t}"))], ext in extension(), utf16 in any::<bool>(), unit in unit()) {
        let options = CorpusOptions { unit, ..CorpusOptions::default() };
        let bytes = if ext == "docx" {
            docx_of(&text.split("\n\n").map(|p| p.replace(['\r', '\u{000C}'], " ")).collect::<Vec<_>>())
        } else if utf16 {
            [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
        } else {
            text.clone().into_bytes()
        };
        let name = format!("D1.{ext}");
        if let Ok(doc) = analyse::corpus::transcript_from_bytes(Path::new(&name), &name, &bytes, None, &options) {
            check_document(&doc)?;
            if matches!(ext, "txt" | "md" | "text" | "docx") {
                prop_assert!(is_nfc(&doc.text) && !doc.text.contains('\r'));
            }
        }
    }

    /// Cues become turns of the rebuilt transcript: each after its `[time] label: `, on line
    /// 1, 3, 5, … as the module promises.
    #[test]
    fn subtitles_rebuild_consistent_turns(text in prop_oneof![subtitle_file(), subtitle_pieces(), any_text()], webvtt in any::<bool>()) {
        if let Ok(rebuilt) = subtitles::parse_subtitles(&text, webvtt) {
            prop_assert!(!rebuilt.turns.is_empty());
            prop_assert!(rebuilt.text.ends_with('\n'));
            for (i, turn) in rebuilt.turns.iter().enumerate() {
                let body = &rebuilt.text[turn.start..turn.end];
                prop_assert!(!body.is_empty() && body == body.trim(), "{:?}", body);
                let stamp = turn.timestamp.as_deref().expect("every cue has a time");
                let head = format!("[{stamp}] {}: ", turn.label);
                prop_assert!(rebuilt.text[..turn.start].ends_with(&head), "{:?} before {:?}", head, body);
                prop_assert_eq!(turn.line, 2 * i + 1);
                prop_assert_eq!(turn.line, 1 + rebuilt.text[..turn.start].matches('\n').count());
            }
        }
    }

    /// Any bytes in any encoding: text without carriage returns, in NFC (normalising it
    /// again changes nothing), or an error.
    #[test]
    fn decoding_any_bytes(bytes in any_bytes(), encoding in encoding()) {
        if let Ok(t) = text::decode_with(&bytes, encoding) {
            prop_assert!(!t.contains('\r'));
            prop_assert!(is_nfc(&t));
            prop_assert_eq!(text::normalise(&t), t);
        }
    }

    /// UTF-8 reads as written (less one BOM, normalised); a NUL byte is refused at its line.
    #[test]
    fn utf8_reads_as_written(s in any_text()) {
        let body = s.strip_prefix('\u{FEFF}').unwrap_or(&s);
        let expected = match body.find('\0') {
            Some(i) => Err(DecodeProblem::NotText { line: 1 + body[..i].matches('\n').count(), byte: 0 }),
            None => Ok(text::normalise(body)),
        };
        prop_assert_eq!(text::decode(s.as_bytes()), expected.clone());
        prop_assert_eq!(text::decode_with(s.as_bytes(), Encoding::Utf8), expected);
    }

    /// UTF-16 with a byte-order mark, either byte order, reads as written (normalised).
    #[test]
    fn utf16_reads_as_written(s in any_text(), big_endian in any::<bool>()) {
        let units = s.encode_utf16();
        let bytes: Vec<u8> = if big_endian {
            [0xFE, 0xFF].into_iter().chain(units.flat_map(u16::to_be_bytes)).collect()
        } else {
            [0xFF, 0xFE].into_iter().chain(units.flat_map(u16::to_le_bytes)).collect()
        };
        prop_assert_eq!(text::decode_with(&bytes, Encoding::Utf16), Ok(text::normalise(&s)));
        prop_assert_eq!(text::decode(&bytes), Ok(text::normalise(&s)));
    }

    /// Character and byte offsets map to each other for every character of any text.
    #[test]
    fn character_index_agrees_with_the_text(s in any_text()) {
        let index = CharIndex::new(&s);
        let mut count = 0;
        for (c, (b, _)) in s.char_indices().enumerate() {
            prop_assert_eq!(index.byte_of_char(c), b);
            prop_assert_eq!(index.char_of_byte(b), c);
            count += 1;
        }
        prop_assert_eq!(index.len_chars(), count);
        prop_assert_eq!(index.byte_of_char(count), s.len());
        prop_assert_eq!(index.byte_of_char(count + 7), s.len());
    }

    /// PDF text comes out without form feeds, with at most one blank line in a row, and ends
    /// in one line end with no white space before it or at its start.
    #[test]
    fn pdf_text_cleaning(text in any_text()) {
        let clean = pdf_text::clean_pdf_text(&text::normalise(&text));
        prop_assert!(!clean.contains('\u{000C}'), "a form feed is left in {:?}", clean);
        prop_assert!(!clean.contains("\n\n\n"), "{:?}", clean);
        let body = clean.strip_suffix('\n');
        prop_assert!(body.is_some_and(|b| b.trim() == b), "{:?}", clean);
    }

    /// A Word file of any bytes is text or an error.
    #[test]
    fn docx_from_any_bytes(bytes in any_bytes()) {
        let _ = docx::docx_text(&bytes);
    }

    /// A damaged Word file (bytes overwritten, inserted, the file cut short) is text or an
    /// error.
    #[test]
    fn docx_damaged_archive(paragraphs in paragraphs(), damage in damage()) {
        let _ = docx::docx_text(&damage.apply(&docx_of(&paragraphs)));
    }

    /// A Word file whose `document.xml` is damaged is text or an error.
    #[test]
    fn docx_damaged_xml(paragraphs in paragraphs(), damage in text_damage()) {
        let xml = damage.apply(&document_xml(&paragraphs));
        let _ = docx::docx_text(&zip(&[("word/document.xml", xml.as_bytes())]));
    }

    /// Plain paragraphs read back as written: trimmed, empty ones left out, a blank line
    /// between them.
    #[test]
    fn docx_paragraphs_read_back(paragraphs in paragraphs()) {
        let kept: Vec<&str> = paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
        prop_assert_eq!(docx::docx_text(&docx_of(&paragraphs)), Ok(kept.join("\n\n") + "\n"));
    }

    /// A respondents file of any bytes, as CSV or XLSX: respondents with non-empty ids and one
    /// value per column, or an error.
    #[test]
    fn respondents_from_any_bytes(bytes in any_bytes(), xlsx in any::<bool>()) {
        let path = if xlsx { "respondents.xlsx" } else { "respondents.csv" };
        if let Ok(r) = respondents::respondents_from_bytes(Path::new(path), &bytes) {
            for (id, respondent) in &r.by_id {
                prop_assert!(!id.is_empty() && id == id.trim() && *id == respondent.id);
                let names: Vec<&String> = respondent.attributes.iter().map(|(n, _)| n).collect();
                prop_assert_eq!(names, r.columns.iter().collect::<Vec<_>>());
            }
        }
    }

    /// The same for any text as CSV.
    #[test]
    fn respondents_from_any_text(text in any_text()) {
        let _ = respondents::parse_respondents(Path::new("respondents.csv"), &text);
    }

    /// A table written as CSV (comma or semicolon, as Excel writes it) reads back with its
    /// values trimmed.
    #[test]
    fn respondents_csv_read_back((columns, rows) in respondents_table(), semicolon in any::<bool>()) {
        let delimiter = if semicolon { b';' } else { b',' };
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        w.write_record(std::iter::once("id").chain(columns.iter().map(String::as_str))).unwrap();
        for (id, values) in &rows {
            w.write_record(std::iter::once(id.as_str()).chain(values.iter().map(String::as_str))).unwrap();
        }
        let content = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let read = respondents::parse_respondents(Path::new("r.csv"), &content);
        prop_assert!(read.is_ok(), "{:?}\n{}", read, content);
        let mut expected = expected_respondents(&columns, &rows);
        expected.sort();
        prop_assert_eq!(read_respondents(&read.unwrap()), expected);
    }

    /// The same table as XLSX.
    #[test]
    fn respondents_xlsx_read_back((columns, rows) in respondents_table()) {
        let mut table = vec![std::iter::once("id".to_string()).chain(columns.iter().cloned()).collect::<Vec<_>>()];
        for (id, values) in &rows {
            table.push(std::iter::once(id.clone()).chain(values.iter().cloned()).collect());
        }
        let read = respondents::respondents_from_bytes(Path::new("r.xlsx"), &xlsx(&table));
        prop_assert!(read.is_ok(), "{:?}", read);
        let mut expected = expected_respondents(&columns, &rows);
        expected.sort();
        prop_assert_eq!(read_respondents(&read.unwrap()), expected);
    }

    /// A damaged XLSX respondents file is respondents or an error.
    #[test]
    fn respondents_xlsx_damaged((columns, rows) in respondents_table(), damage in damage()) {
        let mut table = vec![std::iter::once("id".to_string()).chain(columns).collect::<Vec<_>>()];
        table.extend(rows.into_iter().map(|(id, values)| std::iter::once(id).chain(values).collect()));
        let _ = respondents::respondents_from_bytes(Path::new("r.xlsx"), &damage.apply(&xlsx(&table)));
    }
}

proptest! {
    #![proptest_config(config())]

    /// Any text as a date: `Ok` or `Err`, never a panic; an accepted date exists and reads back
    /// from its ISO form.
    #[test]
    fn dates_from_any_text(text in any_text()) {
        if let Ok(date) = analyse::corpus::dates::parse_date(&text) {
            prop_assert!((1..=12).contains(&date.month) && (1..=31).contains(&date.day));
            prop_assert_eq!(analyse::corpus::dates::parse_date(&date.iso()), Ok(date));
        }
    }

    /// Every existing date written the Dutch ways reads back as itself; a day past the end of
    /// its month is refused.
    #[test]
    fn dates_in_every_accepted_form(year in 2000i32..2100, month in 1u32..=12, day in 1u32..=31) {
        let months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
        let exists = analyse::corpus::dates::Date::new(year, month, day);
        for text in [
            format!("{year:04}-{month:02}-{day:02}"),
            format!("{day}-{month}-{year}"),
            format!("{day:02}/{month:02}/{year}"),
            format!("{day}.{month}.{:02}", year % 100),
            format!("{day} {} {year}", months[month as usize - 1]),
        ] {
            let parsed = analyse::corpus::dates::parse_date(&text);
            match exists {
                Some(date) => prop_assert_eq!(parsed, Ok(date), "{}", text),
                None => prop_assert!(parsed.is_err(), "{}", text),
            }
        }
    }
}
