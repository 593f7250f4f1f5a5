//! `analyse init DIR --from FILE...` then `analyse run --project DIR`: a project made from
//! another tool's data runs at once, and its counts are those of the export.
//!
//! Expected numbers are counted by hand from the small export below, or from the REFI-QDA
//! fixture's XML with a plain text search (not with the program's own reader).

mod common;

use common::Project;

const INTERVIEW: &str = "I: Hoe gaat de samenwerking?\nR: Goed, we hebben elke week overleg met de gemeente.\nI: En de regie?\nR: Die ligt bij ons, dat is onze verantwoordelijkheid.\n";
const NOTA: &str = "Nota samenwerking\n\nDe gemeente voert regie.\n\nOverleg is nodig.\n";

// Taguette highlights: D1 turn 2 (samenwerking, overleg), D1 turn 4 (verantwoordelijkheid),
// nota paragraph 2 (regie, a child of nothing: Taguette tags are flat) and paragraph 3
// (overleg). By hand: overleg 2 segments in 2 documents, samenwerking 1, verantwoordelijkheid 1,
// regie 1; samenwerking × overleg together in 1 segment.
const HIGHLIGHTS: &str = "id,document,tag,content\n1,D1.txt,\"samenwerking,overleg\",<p>Goed, we hebben elke week overleg met de gemeente.</p>\n2,D1.txt,verantwoordelijkheid,\"Die ligt bij ons, dat is onze verantwoordelijkheid.\"\n3,nota.txt,regie,De gemeente voert regie.\n4,nota.txt,overleg,Overleg is nodig.\n";

fn project() -> Project {
    Project::new(&[
        ("src/D1.txt", INTERVIEW),
        ("src/nota.txt", NOTA),
        ("src/plaatje.png", "geen tekst"),
        ("highlights.csv", HIGHLIGHTS),
    ])
}

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn a_taguette_export_and_its_sources_become_a_project_that_runs() {
    let p = project();
    let init = p.analyse(&["init", "study", "--from", "highlights.csv", "src"]);
    init.expect_code(0);
    assert!(
        init.stdout.contains("1 interview(s), 1 document(s) without speakers, 4 codes, 5 codings"),
        "{}",
        init.stdout
    );
    assert!(init.stdout.contains("skipped src/plaatje.png"), "{}", init.stdout);
    assert!(p.exists("study/transcripts/D1.txt") && p.exists("study/documents/nota.txt"));
    assert!(!p.exists("study/codebooks/voorbeeld.yaml"), "no example files");
    assert_eq!(p.read("study/respondents.csv"), "id\nD1\n");
    p.analyse(&["run", "--project", "study"]).expect_code(0);
    let freq = rows(&p.read("study/out/tables/code_frequencies.csv"));
    let count = |code: &str| freq.iter().find(|r| r[0] == code).map(|r| r[3..].to_vec()).unwrap();
    assert_eq!(count("overleg"), ["2", "2", "1"]);
    assert_eq!(count("samenwerking"), ["1", "1", "1"]);
    assert_eq!(count("verantwoordelijkheid"), ["1", "1", "1"]);
    assert_eq!(count("regie"), ["1", "1", "0"]);
    let cooc = rows(&p.read("study/out/tables/cooccurrence.csv"));
    let pair = cooc.iter().find(|r| r[0] == "samenwerking" && r[1] == "overleg").unwrap();
    assert_eq!(pair[2], "1");
}

#[test]
fn an_export_that_codes_a_missing_source_stops_naming_the_row_and_writes_nothing() {
    let p = project();
    p.write("highlights.csv", format!("{HIGHLIGHTS}5,D9.docx,regie,Iets.\n"));
    let init = p.analyse(&["init", "study", "--from", "highlights.csv", "src"]);
    init.expect_code(1).expect_stderr(&["highlights.csv", "line 6", "D9.docx", "pass the folder"]);
    assert!(!p.exists("study"));
}

#[test]
fn the_same_export_twice_or_a_folder_in_use_are_refused() {
    let p = project();
    // Two copies of one export: Taguette's coder ('taguette') coded D1 in both.
    p.write("other.csv", HIGHLIGHTS);
    p.analyse(&["init", "study", "--from", "highlights.csv", "other.csv", "src"]).expect_code(1).expect_stderr(&[
        "other.csv",
        "source 'D1' coded by 'taguette' is already coded by 'taguette' in highlights.csv",
    ]);
    assert!(!p.exists("study"));
    p.write("study/notes.txt", "mine");
    p.analyse(&["init", "study", "--from", "highlights.csv", "src"]).expect_code(1).expect_stderr(&["not empty"]);
    assert_eq!(p.read("study/notes.txt"), "mine");
}

#[test]
fn the_maxqda_24_export_becomes_a_project_with_every_code_and_source() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/maxqda24-icls-themes.qdpx");
    assert!(fixture.is_file(), "fixture missing: {} (copy it from ../shared/fixtures)", fixture.display());
    // Counted from the XML itself: every <Code …> element and every <TextSource …>.
    let file = std::fs::File::open(&fixture).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut qde = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("project.qde").unwrap(), &mut qde).unwrap();
    let codes = qde.matches("<Code ").count();
    let sources = qde.matches("<TextSource ").count();
    let p = Project::new::<&str>(&[]);
    let init = p.analyse(&["init", "study", "--from", fixture.to_str().unwrap()]);
    init.expect_code(0);
    // The sources are conference papers: most have no speaker labels and become documents;
    // a few have `RQ1:`-style lines read as turns (tables/speakers.csv warns of each). Either
    // way every source must arrive, once.
    let count_before = |marker: &str| -> usize {
        let head = &init.stdout[..init.stdout.find(marker).unwrap_or_else(|| panic!("no {marker}: {}", init.stdout))];
        head.rsplit(|c: char| !c.is_ascii_digit()).find(|w| !w.is_empty()).unwrap().parse().unwrap()
    };
    let interviews = count_before(" interview(s)");
    let documents = count_before(" document(s) without speakers");
    assert_eq!(interviews + documents, sources, "{}", init.stdout);
    assert!(init.stdout.contains(&format!("{codes} codes, 0 codings")), "{}", init.stdout);
    p.analyse(&["run", "--project", "study"]).expect_code(0);
    let matrix = rows(&p.read("study/out/tables/code_by_document.csv"));
    assert_eq!(matrix[0].len(), 3 + sources + 1, "a column per source");
}

/// A .qdpx whose one source (`D1.txt`, stored as `sources/d1.txt`) has the bytes `source`.
fn qdpx_with_source(source: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let qde = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"t\"><CodeBook><Codes><Code guid=\"00000000-0000-0000-0000-000000000001\" name=\"Regie\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"00000000-0000-0000-0000-000000000002\" name=\"D1.txt\" plainTextPath=\"internal://d1.txt\"/></Sources></Project>";
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in [("project.qde", qde.as_bytes()), ("sources/d1.txt", source)] {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_source_in_an_unknown_encoding_stops_naming_the_file_and_element_and_writes_nothing() {
    // UTF-16 without a byte-order mark: every other byte of "I: Wie?" is 0x00, which no text
    // encoding `analyse` reads (UTF-8, UTF-16/32 with BOM, Windows-1252) has in a text.
    let utf16_without_bom: Vec<u8> = "I: Wie?\nR: Wij.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let p = project();
    p.write("utf16.qdpx", qdpx_with_source(&utf16_without_bom));
    p.analyse(&["init", "study", "--from", "utf16.qdpx"]).expect_code(1).expect_stderr(&[
        "utf16.qdpx",
        "TextSource 'D1.txt'",
        "byte 0x00",
    ]);
    assert!(!p.exists("study"));

    // The same through `import` into a project: nothing written, analyse.toml untouched.
    p.analyse(&["init", "made", "--from", "src"]).expect_code(0);
    let toml = p.read("made/analyse.toml");
    p.analyse(&["import", "utf16.qdpx", "--project", "made"])
        .expect_code(1)
        .expect_stderr(&["utf16.qdpx", "TextSource 'D1.txt'"]);
    assert_eq!(p.read("made/analyse.toml"), toml);
    assert!(!p.exists("made/coded") && !p.exists("made/transcripts/imported"));

    // A source in a folder: 0x81 is neither UTF-8 here nor a Windows-1252 character.
    p.write("src/D2.txt", b"I: Wie?\nR: Wij \x81.\n");
    p.analyse(&["init", "study", "--from", "highlights.csv", "src"]).expect_code(1).expect_stderr(&[
        "src/D2.txt",
        "line 2",
        "byte 0x81",
    ]);
    assert!(!p.exists("study"));
}

#[test]
fn a_folder_of_sources_alone_or_with_a_qdc_codebook_becomes_a_project_that_runs() {
    let p = project();
    // Only the folder: its interview and note, and an empty codebook to write rules in.
    let init = p.analyse(&["init", "bare", "--from", "src"]);
    init.expect_code(0);
    assert!(
        init.stdout.contains("1 interview(s), 1 document(s) without speakers, 0 codes, 0 codings"),
        "{}",
        init.stdout
    );
    assert!(init.stdout.contains("codebooks/codes.yaml has no codes yet"), "{}", init.stdout);
    assert!(p.exists("bare/transcripts/D1.txt") && p.exists("bare/documents/nota.txt"));
    p.analyse(&["run", "--project", "bare"]).expect_code(0);
    // By hand: D1 has two interviewer and two respondent turns; the note has no speakers and
    // is a column of the code × document matrix all the same.
    let speakers = rows(&p.read("bare/out/tables/speakers.csv"));
    let turns: Vec<(&str, &str, &str)> =
        speakers[1..].iter().map(|r| (r[0].as_str(), r[2].as_str(), r[4].as_str())).collect();
    assert_eq!(turns, [("D1", "interviewer", "2"), ("D1", "respondent", "2")]);
    assert_eq!(rows(&p.read("bare/out/tables/code_by_document.csv"))[0][3..], ["D1", "nota", "total"]);

    // A .qdc codebook (here the one `analyse` writes of a two-level tree) with the folder: its
    // codes, without rules, and the sources.
    p.write(
        "tree.yaml",
        "codebook:\n  id: t\ncodes:\n  - id: samenwerking\n    label: Samenwerking\n  - id: overleg\n    label: Overleg\n    parent: samenwerking\n",
    );
    p.analyse(&["codebook", "export", "tree.yaml", "--to", "qdc", "-o", "tree.qdc"]).expect_code(0);
    let init = p.analyse(&["init", "study", "--from", "tree.qdc", "src"]);
    init.expect_code(0);
    assert!(
        init.stdout.contains("1 interview(s), 1 document(s) without speakers, 2 codes, 0 codings"),
        "{}",
        init.stdout
    );
    assert!(init.stdout.contains("codebooks/tree.yaml has codes without rules"), "{}", init.stdout);
    p.analyse(&["run", "--project", "study"]).expect_code(0);
    let freq = rows(&p.read("study/out/tables/code_frequencies.csv"));
    let codes: Vec<(&str, &str)> = freq[1..].iter().map(|r| (r[0].as_str(), r[2].as_str())).collect();
    assert_eq!(codes, [("samenwerking", ""), ("overleg", "samenwerking")]);
}

#[test]
fn each_source_goes_to_the_folder_of_its_own_kind_whatever_the_name_order() {
    // "D10.txt" sorts before "D2.txt" as a file name and after it as a document id: the note
    // D10 must still be a document and the interview D2 a transcript.
    let p = Project::new(&[("src/D10.txt", NOTA), ("src/D2.txt", INTERVIEW)]);
    p.analyse(&["init", "study", "--from", "src"]).expect_code(0);
    assert_eq!(p.read("study/documents/D10.txt"), NOTA);
    assert_eq!(p.read("study/transcripts/D2.txt"), INTERVIEW);
    assert_eq!(p.read("study/respondents.csv"), "id\nD2\n");
}
