//! Silently wrong data: input that used to give exit 0 and different thesis numbers now gives
//! an error naming the file and the line, or is read as the researcher meant it.

use std::io::Write;

use super::{attack, out_files, study, Project, TOML};

/// The document ids of `tables/saturation.csv` in their order (the interview order).
fn saturation_order(p: &Project) -> Vec<String> {
    let csv = p.read_out("tables/saturation.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader.headers().unwrap().iter().position(|h| h == "document").expect("a document column");
    reader.records().map(|r| r.unwrap()[column].to_string()).collect()
}

#[test]
fn srt_cues_without_blank_lines_are_refused_with_the_line() {
    let p = study();
    p.remove("transcripts/R1.txt");
    p.write("analyse.toml", TOML.replace("transcripts/*.txt", "transcripts/*"));
    let srt =
        "1\n00:00:01,000 --> 00:00:04,000\nI: Hoe gaat de samenwerking?\n2\n00:00:05,000 --> 00:00:09,000\nR: Goed.\n";
    p.write("transcripts/R1.srt", srt);
    attack(&p, &["run"], 1, &["R1.srt", "line 5", "blank line"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn an_unclosed_vtt_voice_tag_is_refused_with_the_line() {
    let p = study();
    p.remove("transcripts/R1.txt");
    p.write("analyse.toml", TOML.replace("transcripts/*.txt", "transcripts/*"));
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer Hoe gaat de samenwerking?\n\n00:00:05.000 --> 00:00:09.000\n<v R1>Goed.</v>\n";
    p.write("transcripts/R1.vtt", vtt);
    attack(&p, &["run"], 1, &["R1.vtt", "line 4", "not closed"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn one_stray_windows_1252_byte_in_a_utf8_transcript_names_its_line() {
    let p = study();
    p.write("transcripts/R1.txt", b"I: De cli\xc3\xabnt?\nR: De samenwerking \xeb is goed.\n".as_slice());
    attack(&p, &["run"], 1, &["R1.txt", "line 2", "0xEB", "UTF-8"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn a_transcript_entirely_in_windows_1252_is_still_read() {
    let p = study();
    p.write("transcripts/R1.txt", b"I: Vraag?\nR: De samenwerking met de cli\xebnt is goed.\n".as_slice());
    attack(&p, &["run"], 0, &[], &[]);
    assert!(p.read_out("tables/coded_segments.csv").contains("cliënt"));
}

#[test]
fn a_utf32_transcript_with_a_bom_is_read_as_text() {
    let p = study();
    let mut bytes = vec![0xFF, 0xFE, 0, 0];
    for c in super::R1.chars() {
        bytes.extend((c as u32).to_le_bytes());
    }
    p.write("transcripts/R1.txt", bytes);
    attack(&p, &["run"], 0, &[], &[]);
    let coded = p.read_out("tables/coded_segments.csv");
    assert!(coded.contains("De samenwerking is goed.") && !coded.contains('\0'), "{coded}");
}

#[test]
fn dutch_dates_sort_by_date_not_as_text() {
    let p = study();
    // As text "09-03-2024" < "10-02-2024", which would put R2 first; by date R1 (10 Feb) is first.
    p.write("respondents.csv", "id,role,interview_date\nR1,professional,10-02-2024\nR2,expert,09-03-2024\n");
    attack(&p, &["run"], 0, &[], &[]);
    assert_eq!(saturation_order(&p), vec!["R1", "R2"]);
}

#[test]
fn written_dutch_dates_sort_by_date() {
    let p = study();
    p.write("respondents.csv", "id,role,interview_date\nR1,professional,5 maart 2024\nR2,expert,10 februari 2024\n");
    attack(&p, &["run"], 0, &[], &[]);
    assert_eq!(saturation_order(&p), vec!["R2", "R1"]);
}

#[test]
fn an_impossible_date_is_refused_with_file_and_line() {
    let p = study();
    p.write("respondents.csv", "id,role,interview_date\nR1,professional,2024-01-10\nR2,expert,2024-13-45\n");
    attack(&p, &["run"], 1, &["respondents.csv", "line 3", "interview_date", "2024-13-45"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn a_word_where_a_date_belongs_is_refused() {
    let p = study();
    p.write("respondents.csv", "id,role,interview_date\nR1,professional,gisteren\nR2,expert,2024-01-03\n");
    attack(&p, &["run"], 1, &["respondents.csv", "line 2", "'gisteren' is not a date"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn numeric_interview_order_sorts_as_numbers() {
    let p = study();
    p.write("respondents.csv", "id,role,volgorde\nR1,professional,10\nR2,expert,9\n");
    p.write("analyse.toml", TOML.replace("seed = 7", "seed = 7\norder = \"volgorde\""));
    attack(&p, &["run"], 0, &[], &[]);
    assert_eq!(saturation_order(&p), vec!["R2", "R1"]);
}

/// A respondents workbook whose interview dates are Excel date cells.
fn xlsx_respondents() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("d-m-yyyy");
    for (col, head) in ["id", "role", "interview_date"].iter().enumerate() {
        sheet.write(0, col as u16, *head).unwrap();
    }
    // Serial 45363 is 2024-03-12 (days since 1899-12-30); 45300 is 2024-01-09.
    for (row, (id, role, serial)) in [("R1", "professional", 45363.0), ("R2", "expert", 45300.0)].iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write(row, 0, *id).unwrap();
        sheet.write(row, 1, *role).unwrap();
        sheet.write_with_format(row, 2, *serial, &date).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn excel_date_cells_are_dates_in_quote_attributions() {
    let p = study();
    p.remove("respondents.csv");
    p.write("respondents.xlsx", xlsx_respondents());
    let toml = TOML
        .replace("respondents.csv", "respondents.xlsx")
        .replace("dir = \"out\"", "dir = \"out\"\nquote_attribution = \"({id}, {interview_date})\"");
    p.write("analyse.toml", toml);
    attack(&p, &["run"], 0, &[], &[]);
    let quotes = p.read_out("quotes/quotes.md");
    assert!(quotes.contains("(R1, 2024-03-12)") && !quotes.contains("45363"), "{quotes}");
    assert_eq!(saturation_order(&p), vec!["R2", "R1"]);
}

#[test]
fn excel_date_cells_are_dates_in_the_qdpx_export() {
    let p = study();
    p.remove("respondents.csv");
    p.write("respondents.xlsx", xlsx_respondents());
    p.write("analyse.toml", TOML.replace("respondents.csv", "respondents.xlsx"));
    attack(&p, &["export", "qdpx", "-o", "studie.qdpx"], 0, &[], &["studie.qdpx"]);
    let file = std::fs::File::open(p.path().join("studie.qdpx")).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut qde = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("project.qde").unwrap(), &mut qde).unwrap();
    assert!(qde.contains("2024-03-12") && !qde.contains("45363"), "{qde}");
}

fn qdpx(codes: &str) -> Vec<u8> {
    let qde = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\" origin=\"test\"><CodeBook><Codes>{codes}</Codes></CodeBook></Project>"
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("project.qde", zip::write::SimpleFileOptions::default()).unwrap();
    w.write_all(qde.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

const GUID_A: &str = "11111111-1111-4111-8111-111111111111";
const GUID_B: &str = "22222222-2222-4222-8222-222222222222";
const GUID_C: &str = "33333333-3333-4333-8333-333333333333";

#[test]
fn imported_code_names_without_latin_letters_get_valid_ids() {
    let p = study();
    let codes = format!(
        "<Code guid=\"{GUID_A}\" name=\"协力\" isCodable=\"true\"/><Code guid=\"{GUID_B}\" name=\"Ответственность\" isCodable=\"true\"/><Code guid=\"{GUID_C}\" name=\"🙂\" isCodable=\"true\"/>"
    );
    p.write("vreemd.qdpx", qdpx(&codes));
    let before: Vec<String> = super::inputs(&p).into_keys().collect();
    let outcome = p.analyse(&["import", "vreemd.qdpx", "--project", "."]);
    outcome.expect_code(0);
    let added: Vec<String> = super::inputs(&p).into_keys().filter(|k| !before.contains(k)).collect();
    let codebook = added.iter().find(|k| k.starts_with("codebooks/imported/")).expect("a codebook was written");
    let text = p.read(codebook);
    for id in ["code-1", "code-2", "code-3"] {
        assert!(text.contains(&format!("id: \"{id}\"")), "{text}");
    }
    attack(&p, &["codebook", "check", codebook], 0, &[], &[]);
    assert!(out_files(&p).is_empty());
}

#[test]
fn duplicate_guids_in_a_qdpx_are_refused() {
    let p = study();
    let codes = format!(
        "<Code guid=\"{GUID_A}\" name=\"Regie\" isCodable=\"true\"/><Code guid=\"{GUID_A}\" name=\"Overleg\" isCodable=\"true\"/>"
    );
    p.write("dubbel.qdpx", qdpx(&codes));
    attack(&p, &["import", "dubbel.qdpx", "--project", "."], 1, &["dubbel.qdpx", "GUID", "unique"], &[]);
    assert!(!p.exists("codebooks/imported") && !p.exists("coded/imported"));
}

#[test]
fn a_utf16_transcript_with_a_bom_is_read_as_text() {
    let p = study();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in super::R1.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    p.write("transcripts/R1.txt", bytes);
    attack(&p, &["run"], 0, &[], &[]);
    assert!(p.read_out("tables/coded_segments.csv").contains("De samenwerking is goed."));
}
