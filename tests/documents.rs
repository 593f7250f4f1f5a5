//! Documents without speaker turns next to interviews: a turnless text named by the
//! transcripts pattern, and a PDF listed under `[sources] documents`.
//!
//! Every expected number is counted by hand from the texts below; the comments show how.

mod common;

use common::Project;

const TOML: &str = r#"[project]
title = "Documenten"
language = "en"

[sources]
transcripts = ["transcripts/*.txt"]
documents = ["documents/*.pdf"]
respondents = "respondents.csv"

[coding]
codebooks = ["codebooks/mini.yaml"]

[analysis]
groups = ["role"]
permutations = 20
seed = 7

[output]
dir = "out"
"#;

const CODEBOOK: &str = r#"codebook:
  id: mini
codes:
  - id: samenwerking
    label: Samenwerking
    rules:
      - terms: ["samenwerk*"]
  - id: overleg
    parent: samenwerking
    label: Overleg
    rules:
      - terms: ["overleg*"]
  - id: verantwoordelijkheid
    label: Verantwoordelijkheid
    rules:
      - terms: ["*verantwoordelijk*"]
"#;

// R1 turn 2: samenwerking, overleg; R1 turn 4: verantwoordelijkheid.
const R1: &str = "I: Hoe gaat het?\nR: De samenwerking is goed. We hebben elke week overleg.\nI: En verder?\nR: De eindverantwoordelijkheid ligt bij ons.\n";
// R2 turn 2: overleg, verantwoordelijkheid.
const R2: &str = "I: Vertel eens.\nR: Overleg is lastig, niemand voelt zich verantwoordelijk.\n";
// No speaker labels: a document. Paragraph 1: samenwerking, overleg; paragraph 2:
// verantwoordelijkheid.
const NOTA: &str = "Nota over samenwerking en overleg.\n\nDe verantwoordelijkheid ligt bij de gemeente.\n";
// documents/beleidsnotitie.pdf (tests/fixtures/make_pdf.py) has four paragraphs:
// "Beleidsnotitie samenwerking" → samenwerking; "De gemeente en de zorgaanbieder maken één
// plan." → nothing; "Het wijkteam neemt de regie bij samenwerking rond cliënten." →
// samenwerking; "Verantwoordelijkheid wordt gedeeld." → verantwoordelijkheid. Page 2 is empty.
const PDF: &[u8] = include_bytes!("fixtures/documents/beleidsnotitie.pdf");

fn project() -> Project {
    Project::new(&[
        ("analyse.toml", TOML.as_bytes()),
        ("codebooks/mini.yaml", CODEBOOK.as_bytes()),
        ("transcripts/R1.txt", R1.as_bytes()),
        ("transcripts/R2.txt", R2.as_bytes()),
        ("transcripts/nota.txt", NOTA.as_bytes()),
        ("documents/beleidsnotitie.pdf", PDF),
        ("respondents.csv", b"id,role,interview_date\nR1,professional,2024-01-10\nR2,expert,2024-01-03\n"),
    ])
}

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn documents_count_in_every_table_but_not_as_respondents_or_in_saturation() {
    let project = project();
    let run = project.analyse(&["run"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("transcripts/nota.txt has no speaker turns (")
            && run.stderr.contains("so it was read as a document")
            && !run.stderr.contains("nota: \n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("documents/beleidsnotitie.pdf: page(s) 2 have no extractable text"), "{}", run.stderr);

    // samenwerking (with overleg below it): R1 t2, R2 t2 (overleg), nota p1, pdf p1, pdf p3 =
    // 5 segments in 4 documents, spoken by 2 respondents (documents have none).
    // overleg: R1 t2, R2 t2, nota p1. verantwoordelijkheid: R1 t4, R2 t2, nota p2, pdf p4.
    let freq = rows(&project.read_out("tables/code_frequencies.csv"));
    assert_eq!(freq[1][3..], ["5", "4", "2"]);
    assert_eq!(freq[2][3..], ["3", "3", "2"]);
    assert_eq!(freq[3][3..], ["4", "4", "2"]);

    // The code × document matrix has a column per document, interviews and documents alike.
    let matrix = rows(&project.read_out("tables/code_by_document.csv"));
    let column = |name: &str| matrix[0].iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}"));
    let (r1, r2, pdf, nota) = (column("R1"), column("R2"), column("beleidsnotitie"), column("nota"));
    let samenwerking = &matrix[1];
    assert_eq!([&samenwerking[r1], &samenwerking[r2], &samenwerking[pdf], &samenwerking[nota]], ["1", "1", "2", "1"]);
    assert_eq!(samenwerking.last().unwrap(), "5");

    // Co-occurrence of the codes as coded (direct codings): samenwerking on R1 t2, nota p1,
    // pdf p1, pdf p3 (4); overleg on R1 t2, R2 t2, nota p1 (3); both: R1 t2 and nota p1 → 2
    // segments, c = 2 / (4 + 3 − 2) = 0.4; documents with both R1 and nota, of the 4 with
    // either → Jaccard 0.5. overleg–verantwoordelijkheid: both in R2 t2 only, c = 1 / (3 + 4 −
    // 1) = 0.1667; documents with both: R1, R2, nota of 4 → 0.75.
    let cooc = rows(&project.read_out("tables/cooccurrence.csv"));
    assert_eq!(cooc[1], ["samenwerking", "overleg", "2", "2", "0.5000", "0.4000"]);
    assert_eq!(cooc[2], ["samenwerking", "verantwoordelijkheid", "0", "3", "0.7500", "0.0000"]);
    assert_eq!(cooc[3], ["overleg", "verantwoordelijkheid", "1", "3", "0.7500", "0.1667"]);

    // Saturation runs over the two interviews only (R2 first by date) and says so.
    let saturation = project.read_out("tables/saturation.md");
    let sat = rows(&project.read_out("tables/saturation.csv"));
    assert_eq!(sat.len(), 3, "{sat:?}");
    assert_eq!((sat[1][1].as_str(), sat[2][1].as_str()), ("R2", "R1"));
    assert!(
        saturation.contains("Interviews only; 2 document(s) without speakers (beleidsnotitie, nota) are not counted."),
        "{saturation}"
    );
    assert!(project.read_out("report.html").contains("without speakers (beleidsnotitie, nota)"));

    // Document passages have no respondent in the coded segments.
    let coded = rows(&project.read_out("tables/coded_segments.csv"));
    let nota_rows: Vec<&Vec<String>> = coded.iter().filter(|r| r[0] == "nota").collect();
    assert_eq!(nota_rows.len(), 3);
    assert!(nota_rows.iter().all(|r| r[1].is_empty()), "{nota_rows:?}");
    // Two respondents in the sample description, the documents not among them.
    let sample = project.read_out("tables/respondents.csv");
    assert!(sample.lines().any(|l| l.starts_with("role,Total,2,")), "{sample}");
}

#[test]
fn a_pdf_without_text_or_a_broken_pdf_stops_the_run_naming_it() {
    let project = project();
    project.write("documents/scan.pdf", &PDF[..200]);
    let run = project.analyse(&["run"]);
    run.expect_code(1);
    assert!(run.stderr.contains("documents/scan.pdf cannot be read as a PDF"), "{}", run.stderr);
    assert!(!project.out("tables").exists());
}

#[test]
fn sentences_as_the_document_unit() {
    let project = project();
    project.write("analyse.toml", TOML.replace("[coding]\n", "[coding]\ndocument_unit = \"sentence\"\n"));
    project.analyse(&["run"]).expect_code(0);
    let coded = rows(&project.read_out("tables/coded_segments.csv"));
    // Each paragraph of nota.txt is one sentence, so the counts are those by paragraph, but the
    // unit is recorded in the manifest.
    assert_eq!(coded.iter().filter(|r| r[0] == "nota").count(), 3);
    assert!(project.read_out("manifest.json").contains("\"document_unit\": \"sentence\""));
}
