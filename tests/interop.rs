//! End-to-end tests of `analyse import` and `analyse export qdpx` on a tiny project.
//!
//! The transcript `D1.txt` below, counted by hand (offsets in characters, end exclusive):
//! - line 1 `I: Wie heeft de regie?\n` is 23 characters (0..23);
//! - line 2 `R: Wij hebben de regie samen.\n`: the turn's text starts at 26 and ends at 52;
//!   "hebben" starts at 30, "regie" is 40..45;
//! - line 3 `I: En het plan?\n` is 53..69;
//! - line 4 `R: Er is één plan voor het gezin.\n`: text 72..102; "plan" is 82..86,
//!   "één plan voor het gezin" is 78..101.

use std::io::Write;
use std::path::Path;

mod common;

use common::Project;

const TRANSCRIPT: &str =
    "I: Wie heeft de regie?\nR: Wij hebben de regie samen.\nI: En het plan?\nR: Er is één plan voor het gezin.\n";
const CODEBOOK: &str = "codebook:\n  id: c\ncodes:\n  - id: regie\n    label: Regie\n    rules:\n      - terms: [regie]\n  - id: plan\n    label: Eén plan\n    rules:\n      - terms: [plan]\n";
const TOML: &str = "[sources]\ntranscripts = [\"transcripts/*.txt\"]\n\n[coding]\ncodebooks = [\"codebooks/c.yaml\"]\n\n[output]\ndir = \"out\"\n";

/// A project with one transcript and codebook, plus `extra` files.
fn project(extra: &[(&str, &[u8])]) -> Project {
    let base: [(&str, &[u8]); 3] = [
        ("analyse.toml", TOML.as_bytes()),
        ("transcripts/D1.txt", TRANSCRIPT.as_bytes()),
        ("codebooks/c.yaml", CODEBOOK.as_bytes()),
    ];
    let files: Vec<(&str, &[u8])> = base.iter().chain(extra).copied().collect();
    Project::new(&files)
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const MAXQDA: &str = "Color,Document group,Document name,Code,Beginning,End,Weight score,Segment,Created by\n\
#ff0000,Zorg,D1,Thema\\Regie,2,2,0,\"hebben de\nregie\",sanne\n\
#ff0000,Zorg,D1,Eén plan,4,4,0,de,sanne\n\
#ff0000,Zorg,D1,Eén plan,4,4,0,niet in de tekst,sanne\n\
#ff0000,Zorg,D9,Eén plan,1,1,0,iets,sanne\n";

#[test]
fn maxqda_segments_are_located_and_problems_listed() {
    let p = project(&[("maxqda.csv", MAXQDA.as_bytes())]);
    let out = p.analyse(&["import", "maxqda.csv", "--project", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Four segments: one located ("hebben de regie" once, line break ignored), "de" twice
    // (ambiguous: "de regie" in turns 1 and 2), one not found, one in a document the project lacks.
    assert!(out.stdout.contains("4 segments: 0 placed by offsets, 1 located by their text, 1 ambiguous, 1 not found, 1 in documents the project lacks"), "{}", out.stdout);
    // "Regie" matches the code by its label, "Thema" is new; the located span is 30..45.
    assert_eq!(
        p.read("coded/imported/maxqda.csv"),
        "document,start,end,code,coder,text\nD1,30,45,regie,sanne,hebben de regie\n"
    );
    let problems = p.read("coded/imported/maxqda.problems.csv");
    assert_eq!(problems.lines().count(), 4, "{problems}");
    // Line numbers of the CSV file: the first record spans lines 2 and 3.
    assert!(problems.contains("line 4,D1,plan,sanne,the text occurs 2 times"), "{problems}");
    assert!(problems.contains("line 6,D9,plan"), "{problems}");
    let book = p.read("codebooks/imported/maxqda.yaml");
    assert!(book.contains("id: \"thema\"") && !book.contains("\"regie\""), "{book}");

    // A second import of the same export: sanne's coding of D1 is in the project already (the
    // first import listed it under [sources] coded), so it is refused, naming both files, and
    // nothing changes.
    let toml = p.read("analyse.toml");
    let again = p.analyse(&["import", "maxqda.csv", "--project", "."]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains(
            "maxqda.csv: line 2: source 'D1' coded by 'sanne' is already coded by 'sanne' in coded/imported/maxqda.csv"
        ),
        "{}",
        again.stderr
    );
    assert_eq!(p.read("coded/imported/maxqda.csv").lines().count(), 2);
    assert_eq!(p.read("analyse.toml"), toml);
    // Without the edit of analyse.toml the file itself is in the way: refused too.
    let q = project(&[("maxqda.csv", MAXQDA.as_bytes())]);
    q.analyse(&["import", "maxqda.csv", "--project", ".", "--no-edit"]).expect_code(0);
    let again = q.analyse(&["import", "maxqda.csv", "--project", ".", "--no-edit"]);
    assert!(again.code == 1 && again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn sources_coded_counts_manual_codings_in_the_tables() {
    // A manual coding of "één plan voor het gezin" (78..101) with regie: turn 4, which the
    // rules code with plan only. Regie then has 2 segments (rule: turn 2, manual: turn 4).
    let p = project(&[(
        "coded/sanne.csv",
        "document,start,end,code,coder,text\nD1,78,101,regie,sanne,één plan voor het gezin\n".as_bytes(),
    )]);
    p.write("analyse.toml", TOML.replace("[sources]\n", "[sources]\ncoded = [\"coded/sanne.csv\"]\n").as_bytes());
    let out = p.analyse(&["run", "--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let segments = p.read("out/tables/coded_segments.csv");
    assert!(segments.contains("D1,D1,4,72,102,regie,manual,coded by sanne (coded/sanne.csv:2)"), "{segments}");
    let frequencies = p.read("out/tables/code_frequencies.csv");
    // 2 segments, 1 document, 1 respondent (D1: without a respondents file, the document's own).
    assert!(frequencies.lines().any(|l| l == "regie,Regie,,2,1,1"), "{frequencies}");

    // A coded file naming an unknown code stops the run, naming file and line.
    p.write("coded/sanne.csv", "document,start,end,code,coder\nD1,78,101,onbekend,sanne\n".as_bytes());
    let bad = p.analyse(&["run", "--quiet"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("coded/sanne.csv") && bad.stderr.contains("line 2"), "{}", bad.stderr);
}

#[test]
fn export_then_import_gives_the_same_codings() {
    let gold = "document,start,end,code,coder,text\nD1,40,45,regie,sanne,regie\nD1,82,86,plan,sanne,plan\n";
    let a = project(&[("coded/gold.csv", gold.as_bytes())]);
    a.write("analyse.toml", TOML.replace("[coding]\n", "[coding]\ngold = [\"coded/gold.csv\"]\n").as_bytes());
    let out = a.analyse(&["export", "qdpx", "--project", ".", "-o", "study.qdpx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let bytes = std::fs::read(a.path().join("study.qdpx")).unwrap();
    // Same project, same bytes.
    assert_eq!(a.analyse(&["export", "qdpx", "-o", "again.qdpx"]).code, 0);
    assert_eq!(bytes, std::fs::read(a.path().join("again.qdpx")).unwrap());

    let b = project(&[("study.qdpx", &bytes)]);
    let out = b.analyse(&["import", "study.qdpx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The rules code turn 2 (26..52) with regie and turn 4 (72..102) with plan, under the
    // coder named after the codebook; the manual codings come back as they were.
    assert_eq!(
        b.read("coded/imported/study.csv"),
        "document,start,end,code,coder,text\n\
         D1,26,52,regie,analyse:c,Wij hebben de regie samen.\n\
         D1,40,45,regie,sanne,regie\n\
         D1,72,102,plan,analyse:c,Er is één plan voor het gezin.\n\
         D1,82,86,plan,sanne,plan\n"
    );
    assert!(!b.exists("codebooks/imported/study.yaml"), "every code matched");
    assert!(!b.exists("transcripts/imported"), "the source matched D1");
    assert!(out.stdout.contains("4 placed by offsets, 0 located"), "{}", out.stdout);
}

fn qde(body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"t\">\n<Users><User guid=\"00000000-0000-0000-0000-00000000000A\" name=\"anna\"/></Users>\n<CodeBook><Codes><Code guid=\"00000000-0000-0000-0000-000000000001\" name=\"Regie\" isCodable=\"true\"/></Codes></CodeBook>\n<Sources><TextSource guid=\"00000000-0000-0000-0000-000000000002\" name=\"D1.txt\"><PlainTextContent>{}</PlainTextContent>{body}</TextSource></Sources></Project>",
        TRANSCRIPT.replace('\n', "&#10;")
    )
    .into_bytes()
}

fn selection(start: i64, end: i64, code: &str) -> String {
    format!("<PlainTextSelection guid=\"00000000-0000-0000-0000-000000000003\" startPosition=\"{start}\" endPosition=\"{end}\" creatingUser=\"00000000-0000-0000-0000-00000000000A\"><Coding guid=\"00000000-0000-0000-0000-000000000004\"><CodeRef targetGUID=\"{code}\"/></Coding></PlainTextSelection>")
}

#[test]
fn qdpx_with_inline_text_and_users_as_coders() {
    let good = zip_of(&[("project.qde", &qde(&selection(40, 45, "00000000-0000-0000-0000-000000000001")))]);
    let p = project(&[("inline.qdpx", &good)]);
    let out = p.analyse(&["import", "inline.qdpx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(p.read("coded/imported/inline.csv"), "document,start,end,code,coder,text\nD1,40,45,regie,anna,regie\n");
}

#[test]
fn bad_qdpx_files_exit_1_naming_file_and_element_and_write_nothing() {
    let known = "00000000-0000-0000-0000-000000000001";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("escape.qdpx", zip_of(&[("project.qde", &qde("")), ("../evil.txt", b"x")]), "zip entry '../evil.txt'"),
        ("bomb.qdpx", zip_of(&[("project.qde", &qde("")), ("sources/a.txt", &vec![b'a'; 4 << 20])]), "zip bomb"),
        ("outside.qdpx", zip_of(&[("project.qde", &qde(&selection(90, 200, known)))]), "lie outside the text"),
        (
            "unknown.qdpx",
            zip_of(&[("project.qde", &qde(&selection(40, 45, "00000000-0000-0000-0000-0000000000FF")))]),
            "not in the codebook",
        ),
        ("broken.qdpx", zip_of(&[("project.qde", b"<Project><Sources>")]), "project.qde"),
        ("nozip.qdpx", b"not a zip".to_vec(), "not a readable zip"),
        ("columns.csv", b"naam;waarde\na;1\n".to_vec(), "header"),
    ];
    for (name, bytes, expected) in cases {
        let p = project(&[(name, &bytes)]);
        let out = p.analyse(&["import", name]);
        assert_eq!(out.code, 1, "{name}: {}", out.stderr);
        assert!(out.stderr.contains(name) && out.stderr.contains(expected), "{name}: {}", out.stderr);
        assert!(
            !p.exists("coded") && !p.exists("codebooks/imported") && !p.exists("transcripts/imported"),
            "{name} wrote files"
        );
    }
    // Why "bomb.qdpx" is one: 4 MB of one letter pack to a few KB, a ratio far above 200.
    let bomb = zip_of(&[("sources/a.txt", &vec![b'a'; 4 << 20])]);
    assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
}

#[test]
fn the_maxqda_24_fixture_imports_its_codebook_and_sources() {
    // Kept in the repository, so that this test runs wherever the code is checked out.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/maxqda24-icls-themes.qdpx");
    let bytes = std::fs::read(&fixture).unwrap_or_else(|e| panic!("the fixture {} is missing: {e}", fixture.display()));
    // Expected numbers from the raw XML, independently of our parser: every `<Code ` element
    // and every `<TextSource `.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("project.qde").unwrap(), &mut xml).unwrap();
    let codes = xml.matches("<Code ").count();
    let sources = xml.matches("<TextSource ").count();
    assert_eq!(sources, 10, "the fixture's README says 10 text sources");
    let p = project(&[("icls.qdpx", &bytes)]);
    let out = p.analyse(&["import", "icls.qdpx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(&format!("{codes} codes ({codes} new), {sources} sources ({sources} new), 0 segments")),
        "{}",
        out.stdout
    );
    let book = p.read("codebooks/imported/icls.yaml");
    assert_eq!(book.matches("  - id: ").count(), codes);
    // The imported codebook is a valid codebook for `analyse`.
    let check = p.analyse(&["codebook", "check", "codebooks/imported/icls.yaml"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains(&format!("with {codes} codes is valid")), "{}", check.stdout);
    let written = std::fs::read_dir(p.path().join("transcripts/imported")).unwrap().count();
    assert_eq!(written, sources);
}

#[test]
fn respondents_travel_as_cases_and_a_qdpx_can_be_listed_in_sources_coded() {
    let gold = "document,start,end,code,coder,text\nD1,82,86,regie,sanne,plan\n";
    let respondents = "id,rol,domein\nD1,expert,zorg\n";
    let a = project(&[("coded/gold.csv", gold.as_bytes()), ("respondents.csv", respondents.as_bytes())]);
    let toml = TOML
        .replace("[coding]\n", "[coding]\ngold = [\"coded/gold.csv\"]\n")
        .replace("[sources]\n", "[sources]\nrespondents = \"respondents.csv\"\n");
    a.write("analyse.toml", toml.as_bytes());
    assert_eq!(a.analyse(&["export", "qdpx", "-o", "study.qdpx"]).code, 0);
    let bytes = std::fs::read(a.path().join("study.qdpx")).unwrap();

    let b = project(&[("study.qdpx", &bytes)]);
    let out = b.analyse(&["import", "study.qdpx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The case D1 with its two variables and the source it speaks in.
    assert_eq!(b.read("coded/imported/study.respondents.csv"), "id,rol,domein,source\nD1,expert,zorg,D1\n");

    // The .qdpx itself as coded data: its manual coding (sanne: regie on turn 4) and its rule
    // codings (coder analyse:c) are counted; regie then has turns 2 and 4.
    b.write("analyse.toml", TOML.replace("[sources]\n", "[sources]\ncoded = [\"study.qdpx\"]\n").as_bytes());
    let run = b.analyse(&["run", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let segments = b.read("out/tables/coded_segments.csv");
    assert!(
        segments.contains("D1,D1,4,72,102,regie,manual,coded by sanne (study.qdpx: PlainTextSelection "),
        "{segments}"
    );
    assert!(b.read("out/tables/code_frequencies.csv").lines().any(|l| l == "regie,Regie,,2,1,1"));
}

#[test]
fn qdc_codebooks_and_taguette_highlights() {
    // A codebook with one code the project has (by label) and a new child under it.
    let other = "codebook:\n  id: o\ncodes:\n  - id: r\n    label: Regie\n  - id: casus\n    parent: r\n    label: Regie op de casus\n    colour: \"#112233\"\n    definition: Wie stuurt.\n";
    let p = project(&[("other.yaml", other.as_bytes())]);
    assert_eq!(p.analyse(&["codebook", "export", "other.yaml", "--to", "qdc", "-o", "other.qdc"]).code, 0);
    let out = p.analyse(&["import", "other.qdc"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("2 codes (1 new)"), "{}", out.stdout);
    let book = p.read("codebooks/imported/other.yaml");
    assert!(book.contains("id: \"regie-op-de-casus\"\n    label: \"Regie op de casus\"\n    parent: \"regie\"\n    colour: \"#112233\"\n    definition: \"Wie stuurt.\""), "{book}");

    // Taguette: one highlight with two tags, HTML in the content; "plan" matches by id.
    let taguette = "id,document,tag,content\n7,D1.txt,\"regie,plan\",<p>Wij hebben de <b>regie</b> samen.</p>\n";
    p.write("highlights.csv", taguette.as_bytes());
    let out = p.analyse(&["import", "highlights.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        p.read("coded/imported/highlights.csv"),
        "document,start,end,code,coder,text\nD1,26,52,plan,taguette,Wij hebben de regie samen.\nD1,26,52,regie,taguette,Wij hebben de regie samen.\n"
    );
}

#[test]
fn transcripts_in_utf16_and_windows_1252_and_binary_files() {
    // The transcript in UTF-16 LE with BOM and CRLF line ends: the same text, the same codings.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in TRANSCRIPT.replace('\n', "\r\n").encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let p = project(&[]);
    p.write("transcripts/D1.txt", &utf16);
    // Windows-1252: "één" as 0xE9 0xE9 0x6E.
    p.write("transcripts/D2.txt", b"I: En?\nR: Er is \xe9\xe9n plan.\n");
    // PDF-extracted text: document D4, the broken line joined and the page number dropped.
    p.write("transcripts/D4.pdf.txt", b"I: En nu?\nR: Er is een\nplan.\n\n2\n");
    let out = p.analyse(&["run", "--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let segments = p.read("out/tables/coded_segments.csv");
    assert!(segments.contains("D1,D1,4,72,102,plan,rule"), "{segments}");
    assert!(
        segments
            .contains("D4,D4,2,13,28,plan,rule,\"terms rule at codebooks/c.yaml:11 → \"\"plan\"\"\",Er is een plan."),
        "{segments}"
    );
    assert!(segments.contains("Er is één plan."), "{segments}");
    // A binary file among the transcripts is named, with its line, and nothing is written.
    p.write("transcripts/D3.txt", b"\x89PNG\r\n\x1a\n\x00");
    std::fs::remove_dir_all(p.path().join("out")).unwrap();
    let out = p.analyse(&["run", "--quiet"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("transcripts/D3.txt") && out.stderr.contains("line 2"), "{}", out.stderr);
    assert!(!p.exists("out"));
}

#[test]
fn a_project_with_pseudonyms_is_exported_only_with_real_names() {
    let p = project(&[("namen.csv", b"real,pseudonym\nGezin,[familie]\n")]);
    p.write("analyse.toml", TOML.replace("dir = \"out\"\n", "dir = \"out\"\npseudonyms = \"namen.csv\"\n"));
    let refused = p.analyse(&["export", "qdpx", "-o", "study.qdpx"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("analyse.toml") && refused.stderr.contains("--real-names"), "{}", refused.stderr);
    assert!(!p.exists("study.qdpx"), "nothing may be written");
    let out = p.analyse(&["export", "qdpx", "--real-names", "-o", "study.qdpx"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The source keeps the transcript's own words: "gezin" is not replaced.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(p.path().join("study.qdpx")).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().filter_map(|n| n.ok()).map(|n| n.to_string()).collect();
    let name = names.into_iter().find(|n| n.starts_with("sources/")).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(&name).unwrap(), &mut text).unwrap();
    assert!(text.contains("voor het gezin"), "{text}");
}
