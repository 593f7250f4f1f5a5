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
fn two_exports_or_a_folder_in_use_are_refused() {
    let p = project();
    p.write("other.csv", HIGHLIGHTS);
    p.analyse(&["init", "study", "--from", "highlights.csv", "other.csv", "src"])
        .expect_code(1)
        .expect_stderr(&["other.csv", "one export"]);
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
