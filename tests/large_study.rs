//! A study with more codings than the report and the workbook show (`READER_ROWS`, 5,000):
//! its `coded_segments.csv` is written to a temporary file while it is made, not held (issue
//! 15), and must come out as the in-memory one would.

mod common;

use common::Project;

const TOML: &str = r#"[project]
title = "Groot"
language = "nl"

[sources]
transcripts = ["transcripts/*.txt"]

[coding]
codebooks = ["codebooks/c.yaml"]

[analysis]
permutations = 5
seed = 1

[output]
dir = "out"
pseudonyms = "namen.csv"
"#;

const CODEBOOK: &str =
    "codebook:\n  id: c\ncodes:\n  - id: regie\n    label: Regie\n    rules:\n      - terms: [regie]\n";

/// 12 transcripts of 500 respondent turns, each turn naming "Jansen" and "regie" once: 6,000
/// codings of the one code, one per turn, past the 5,000 rows a reader is shown.
fn large_study() -> Project {
    let mut files: Vec<(String, String)> = vec![
        ("analyse.toml".into(), TOML.into()),
        ("codebooks/c.yaml".into(), CODEBOOK.into()),
        ("namen.csv".into(), "real,pseudonym\nJansen,P1\n".into()),
    ];
    for t in 1..=12 {
        let mut text = String::new();
        for turn in 1..=500 {
            text.push_str(&format!("I: Vraag {turn}?\nR{t:02}: Mevrouw Jansen houdt de regie, beurt {turn}.\n"));
        }
        files.push((format!("transcripts/T{t:02}.txt"), text));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    Project::new(&files)
}

#[test]
fn a_large_studys_coded_segments_are_written_whole_pseudonymised_and_as_check_computes_them() {
    let p = large_study();
    let before: Vec<_> = std::fs::read_dir(p.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let run = p.analyse(&["run", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let csv = p.read("out/tables/coded_segments.csv");
    let lines: Vec<&str> = csv.lines().collect();
    // A header and one row per turn of a respondent: 12 × 500.
    assert_eq!(lines.len(), 1 + 6_000);
    assert!(lines[0].starts_with("document,respondent,segment,"), "{}", lines[0]);
    // The first row: T01's first respondent turn is its second segment; a transcript with one
    // respondent counts its turns for the transcript's id.
    assert!(lines[1].starts_with("T01,T01,2,"), "{}", lines[1]);
    assert!(lines[6_000].starts_with("T12,T12,1000,"), "{}", lines[6_000]);
    assert!(!csv.contains("Jansen") && csv.contains("Mevrouw P1 houdt de regie"));

    // The manifest records the hash of the bytes on disk.
    let manifest = p.read("out/manifest.json");
    let digest = blake3::hash(csv.as_bytes()).to_hex().to_string();
    assert!(manifest.contains(&digest), "the manifest does not list {digest}");

    // `run --check` makes the table in memory: the same bytes.
    let check = p.analyse(&["run", "--check", "--quiet"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);

    // Nothing left beside the output folder but the output folder.
    let mut after: Vec<_> = std::fs::read_dir(p.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    after.retain(|name| !before.contains(name));
    assert_eq!(after, ["out"]);

    // A second run from scratch (cache removed) writes the same bytes.
    std::fs::remove_dir_all(p.path().join("out/.cache")).unwrap();
    let again = p.analyse(&["run", "--quiet"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(p.read("out/tables/coded_segments.csv"), csv);
}
