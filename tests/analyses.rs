//! End-to-end tests of the complete analyses (groups, matrices, co-occurrence levels,
//! saturation criteria, agreement among coders) on one tiny project, every number counted by
//! hand from the texts below; the comments show the counting.

use std::path::Path;

use assert_cmd::Command;

const TOML: &str = r#"[project]
language = "nl"

[sources]
transcripts = ["transcripts/*.txt"]
respondents = "respondents.csv"

[coding]
codebooks = ["codebooks/mini.yaml"]
gold = ["coded"]

[analysis]
groups = ["role"]
permutations = 20
gnc_base = 1
gnc_run = 1
gnc_threshold = 0

[output]
dir = "out"
"#;

const CODEBOOK: &str = r#"codebook:
  id: mini
codes:
  - id: samenwerking
    rules:
      - terms: ["samenwerk*"]
  - id: overleg
    parent: samenwerking
    rules:
      - terms: ["overleg*"]
  - id: verantwoordelijkheid
    rules:
      - terms: ["*verantwoordelijk*"]
"#;

// Respondent turns and their rule codes (segment indices 1 and 3 of R1):
//   R1 s1 "De samenwerking is goed."           → samenwerking
//   R1 s3 "Overleg en verantwoordelijkheid."   → overleg, verantwoordelijkheid
//   R2 s1 "Verantwoordelijk."                  → verantwoordelijkheid
//   R3 s1 "Niets."                             → nothing
// Character offsets in R1: "I: Vraag?\n" is 0..10; "R: De " 10..16, "samenwerking" 16..28;
// "I: En?\n" 38..45; "R: " 45..48, "Overleg" 48..55, " en " 55..59, "verantwoordelijkheid" 59..79.
const R1: &str = "I: Vraag?\nR: De samenwerking is goed.\nI: En?\nR: Overleg en verantwoordelijkheid.\n";
const R2: &str = "I: Vraag?\nR: Verantwoordelijk.\n";
const R3: &str = "I: Vraag?\nR: Niets.\n";
// Interview order by date: R2, R1, R3.
const RESPONDENTS: &str = "id,role,organisation_type,profession,interview_date\nR1,professional,vg,arts,2024-01-10\nR2,expert,ggz,arts,2024-01-03\nR3,professional,vg,begeleider,2024-01-20\n";
// Two human coders of R1. ann's verantwoordelijkheid fragment overlaps her overleg fragment.
const ANN: &str = "document,start,end,code,coder,text\nR1,16,28,samenwerking,ann,samenwerking\nR1,48,55,overleg,ann,Overleg\nR1,48,79,verantwoordelijkheid,ann,Overleg en verantwoordelijkheid\n";
const BOB: &str = "document,start,end,code,coder,text\nR1,16,28,samenwerking,bob,samenwerking\nR1,48,79,verantwoordelijkheid,bob,Overleg en verantwoordelijkheid\n";

fn project(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in [
        ("analyse.toml", toml),
        ("codebooks/mini.yaml", CODEBOOK),
        ("transcripts/R1.txt", R1),
        ("transcripts/R2.txt", R2),
        ("transcripts/R3.txt", R3),
        ("respondents.csv", RESPONDENTS),
        ("coded/ann.csv", ANN),
        ("coded/bob.csv", BOB),
    ] {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("analyse").unwrap().current_dir(dir).args(args).output().unwrap()
}

fn table(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("out").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

fn row<'a>(rows: &'a [Vec<String>], first: &[&str]) -> &'a [String] {
    rows.iter()
        .find(|r| r.iter().zip(first).all(|(a, b)| a == b))
        .unwrap_or_else(|| panic!("no row starting with {first:?} in {rows:?}"))
}

#[test]
fn complete_analyses_counted_by_hand() {
    let dir = project(TOML);
    let out = run(dir.path(), &["run"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d = dir.path();

    // Crosstab by role: professionals R1, R3 (n=2), expert R2 (n=1).
    // samenwerking (with overleg): R1 → professional 1 of 2 (50 %), total 1 of 3 (33.3 %).
    // verantwoordelijkheid: R1 and R2 → expert 1 of 1, professional 1 of 2, total 2 of 3.
    let role = table(d, "tables/code_by_role.csv");
    assert_eq!(
        role[0][3..],
        ["expert (n=1)", "expert %", "professional (n=2)", "professional %", "Totaal (n=3)", "Totaal %"]
    );
    assert_eq!(row(&role, &["samenwerking"])[3..], ["0", "0.0", "1", "50.0", "1", "33.3"]);
    assert_eq!(row(&role, &["verantwoordelijkheid"])[3..], ["1", "100.0", "1", "50.0", "2", "66.7"]);

    // Code × document (documents in corpus order R1, R2, R3): samenwerking 2 segments in R1.
    let matrix = table(d, "tables/code_by_document.csv");
    assert_eq!(matrix[0], ["code", "label", "parent", "R1", "R2", "R3", "totaal"]);
    assert_eq!(row(&matrix, &["samenwerking"])[3..], ["2", "0", "0", "2"]);
    assert_eq!(row(&matrix, &["verantwoordelijkheid"])[3..], ["1", "1", "0", "2"]);

    // Trimbos: vg has arts (R1) and begeleider (R3), ggz arts (R2).
    let sample = table(d, "tables/sample_description.csv");
    assert_eq!(
        sample[1..],
        [
            ["ggz", "arts", "1"],
            ["ggz", "Totaal", "1"],
            ["vg", "arts", "1"],
            ["vg", "begeleider", "1"],
            ["vg", "Totaal", "2"],
            ["Totaal", "", "3"],
        ]
    );
    let themes = table(d, "tables/themes_by_organisation_type.csv");
    assert_eq!(themes[0][3..], ["ggz (n=1)", "vg (n=2)", "Totaal (n=3)"]);
    assert_eq!(row(&themes, &["verantwoordelijkheid"])[3..], ["1", "1", "2"]);

    // Co-occurrence on a segment: overleg and verantwoordelijkheid share R1 s3: units 1 and 2,
    // either 2, both 1 → c = 0.5.
    let seg = table(d, "tables/cooccurrence_segment.csv");
    assert_eq!(seg.len(), 2, "{seg:?}");
    assert_eq!(seg[1], ["overleg", "verantwoordelijkheid", "1", "2", "2", "1", "0.5000", "0.5000"]);
    // Within 1 unit (R1's respondent turns s1 and s3 are neighbours; the interviewer's turn
    // between them does not count): samenwerking–overleg: s1 has overleg near, s3 has
    // samenwerking near → both 2, either 2 → 1.0. samenwerking–verantwoordelijkheid: s1 and
    // s3 → 2 of either 3 (s1, R1 s3, R2 s1).
    let win = table(d, "tables/cooccurrence_window.csv");
    assert_eq!(row(&win, &["samenwerking", "overleg"])[2..], ["1", "1", "2", "2", "1.0000", "1.0000"]);
    assert_eq!(row(&win, &["samenwerking", "verantwoordelijkheid"])[4..7], ["3", "2", "0.6667"]);
    // Documents: samenwerking {R1}, verantwoordelijkheid {R1, R2} → 1 of 2.
    let doc = table(d, "tables/cooccurrence_document.csv");
    assert_eq!(row(&doc, &["samenwerking", "verantwoordelijkheid"])[2..7], ["1", "2", "2", "1", "0.5000"]);
    // Overlapping spans: ann's overleg (48..55) and verantwoordelijkheid (48..79) overlap: both
    // 2 fragments; verantwoordelijkheid has 2 fragments (ann, bob), overleg 1 → either 3.
    let overlap = table(d, "tables/cooccurrence_overlap.csv");
    assert_eq!(overlap[1], ["overleg", "verantwoordelijkheid", "1", "2", "3", "2", "0.6667", "1.0000"]);
    // At level 0 overleg becomes samenwerking: on a segment samenwerking–verantwoordelijkheid
    // share R1 s3: units 2 and 2, either 3, both 1.
    let seg0 = table(d, "tables/cooccurrence_segment_level0.csv");
    assert_eq!(seg0[1], ["samenwerking", "verantwoordelijkheid", "2", "2", "3", "1", "0.3333", "0.5000"]);

    // Saturation in order R2, R1, R3: codes 1, 3, 3 (new 1, 2, 0); at level 0: 1, 2, 2.
    let sat0 = table(d, "tables/saturation_level0.csv");
    assert_eq!(sat0.iter().skip(1).map(|r| r[3].as_str()).collect::<Vec<_>>(), ["1", "2", "2"]);
    // GNC with base 1, run 1, threshold 0 %: base 1 code; run ending at 2 brings 2 (200 %),
    // run ending at 3 brings 0 → saturation after interview 2 (R1). Francis 10 + 3: not reached.
    // Chao2: verantwoordelijkheid in 2 interviews, samenwerking and overleg in 1: Q1 = 2,
    // Q2 = 1, m = 3 → 3 + (2/3)·2·1/(2·2) = 3.3333; the next interview expects 2/3 new codes.
    let criteria = table(d, "tables/saturation_criteria.csv");
    let gnc = row(&criteria, &["codes", "Guest, Namey & Chen (2020)"]);
    assert_eq!(gnc[3..7], ["2", "R1", "3", "R3"]);
    assert!(gnc[7].starts_with("saturatie na interview 2 (R1)"), "{}", gnc[7]);
    assert_eq!(row(&criteria, &["codes", "Francis et al. (2010)"])[3], "niet bereikt");
    let chao2 = row(&criteria, &["codes", "Chao2"]);
    assert_eq!(chao2[8..10], ["3", "3.3333"]);
    assert_eq!(chao2[12], "0.6667");
    // Three interviews cannot meet 10 + 3: the sentence says so instead of "na de eerste 10".
    let francis = &row(&criteria, &["codes", "Francis et al. (2010)"])[7];
    assert!(francis.contains("minstens 13 interviews (10 + 3), de studie heeft er 3"), "{francis}");
    let gnc_runs = table(d, "tables/saturation_gnc.csv");
    assert_eq!(row(&gnc_runs, &["codes", "2"])[4..], ["2", "1", "200.0", "no"]);

    // Agreement among the coders mini (rules), ann and bob on R1's two respondent turns.
    //   samenwerking (with overleg): mini {s1,s3}, ann {s1,s3}, bob {s1}.
    //   overleg: mini {s3}, ann {s3}, bob {}.   verantwoordelijkheid: all three {s3}.
    // Alpha, by hand and from krippendorff 0.9.0 (run once):
    //   k.alpha(reliability_data=[[1,1],[1,1],[1,0]], level_of_measurement='nominal') → 0.0
    //   k.alpha(reliability_data=[[0,1],[0,1],[0,0]], ...) → 0.375
    //   k.alpha(reliability_data=[[0,1],[0,1],[0,1]], ...) → 1.0
    let alpha = table(d, "evaluation/krippendorff_alpha.csv");
    // Bootstrap of samenwerking's two units s1 (3 of 3 coders applied it) and s3 (2 of 3):
    // a resample of s1 and s3 gives 0, of s3 twice 1 − 5 · 4 / (2 · 4 · 2) = −0.25, of s1
    // twice no variation (left out); so a third of the defined values is −0.25 and the
    // percentile interval is [−0.25, 0].
    assert_eq!(row(&alpha, &["samenwerking"])[2..], ["3", "2", "0.0000", "-0.2500", "0.0000"]);
    assert_eq!(row(&alpha, &["overleg"])[4], "0.3750");
    assert_eq!(row(&alpha, &["verantwoordelijkheid"])[4], "1.0000");
    // mini vs bob on overleg: both 0, only mini 1, neither 1: 50 %, kappa (0.5 − 0.5)/0.5 = 0.
    // Every resample gives 0 (both units, or only-mini twice: po = pe = 0) or is undefined
    // (neither twice), so the interval is [0, 0].
    let pairs = table(d, "evaluation/agreement_coders.csv");
    assert_eq!(
        row(&pairs, &["overleg", "overleg", "mini", "bob"])[4..],
        ["2", "0", "1", "0", "1", "50.0", "0.0000", "0.0000", "0.0000"]
    );
    // mini vs ann agree everywhere; kappa of samenwerking is undefined (every unit coded),
    // and so in every resample: no interval.
    assert_eq!(row(&pairs, &["samenwerking", "samenwerking", "mini", "ann"])[9..], ["100.0", "", "", ""]);

    // ann vs bob character by character over R1's 81 characters. samenwerking with overleg:
    // ann [16, 28) and [48, 55) = 19, bob [16, 28) = 12: both 12, only ann 7, neither 62;
    // 12/19 = 63.2 % of the coded characters in common; kappa: po = 74/81,
    // pe = (19 · 12 + 62 · 69)/81² → (5994 − 4506)/(6561 − 4506) = 1488/2055 = 0.7241.
    let characters = table(d, "evaluation/agreement_characters.csv");
    assert_eq!(
        row(&characters, &["samenwerking", "samenwerking", "ann", "bob"])[4..],
        ["81", "12", "7", "0", "62", "63.2", "0.7241"]
    );
    // verantwoordelijkheid: both marked [48, 79): 31 characters, all in common.
    assert_eq!(
        row(&characters, &["verantwoordelijkheid", "verantwoordelijkheid", "ann", "bob"])[9..],
        ["100.0", "1.0000"]
    );

    // The workbook and the report hold every evaluation table.
    let xlsx = std::fs::read(d.join("out/tables.xlsx")).unwrap();
    let workbook: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheets = calamine::Reader::sheet_names(&workbook);
    for name in ["agreement", "disagreements", "agreement_coders", "agreement_characters", "krippendorff_alpha"] {
        assert!(sheets.iter().any(|s| s == name), "{name} not in {sheets:?}");
    }
    let report = std::fs::read_to_string(d.join("out/report.html")).unwrap();
    assert!(report.contains("agreement_coders") && report.contains("krippendorff_alpha"));
    assert!(report.contains("agreement_characters"));

    // `analyse evaluate` writes the same agreement tables.
    let out = run(d, &["evaluate", "--out", "eval"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        std::fs::read(d.join("eval/evaluation/krippendorff_alpha.csv")).unwrap(),
        std::fs::read(d.join("out/evaluation/krippendorff_alpha.csv")).unwrap()
    );
}

#[test]
fn wrong_analysis_settings_are_named() {
    let dir = project(&TOML.replace("gnc_threshold = 0", "gnc_threshold = 150"));
    let out = run(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("analyse.toml") && stderr.contains("gnc_threshold"), "{stderr}");
    assert!(!dir.path().join("out").exists());

    let dir = project(&TOML.replace("gnc_threshold = 0", "gnc_threshold = 0\norganisation_type = \"sector\""));
    let out = run(dir.path(), &["run"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sector") && stderr.contains("organisation_type, profession"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn same_bytes_for_any_thread_count() {
    let dir = project(TOML);
    let d = dir.path();
    for (out, jobs) in [("one", "1"), ("two", "2")] {
        let o = run(d, &["run", "--out", out, "--jobs", jobs, "--quiet"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for folder in ["tables", "evaluation"] {
        let mut names: Vec<String> = std::fs::read_dir(d.join("one").join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let expected = if folder == "tables" { "saturation_criteria.csv" } else { "krippendorff_alpha.csv" };
        assert!(names.iter().any(|n| n == expected), "{names:?}");
        for name in names {
            let a = std::fs::read(d.join("one").join(folder).join(&name)).unwrap();
            let b = std::fs::read(d.join("two").join(folder).join(&name)).unwrap();
            assert!(a == b, "{folder}/{name} differs between --jobs 1 and --jobs 2");
        }
    }
}

/// The evaluation names a gold coding by its file relative to the project, so its tables are
/// the same bytes whether the run was started in the project (`analyse run`) or elsewhere
/// (`analyse run --project /abs/path`), and no reader's folder reaches an output. carl coded
/// R3's one turn ("Niets.", segment 1) as overleg, which no rule finds: one missed row whose
/// evidence is carl's file and line 2 (the header is line 1).
#[test]
fn gold_codings_are_named_relative_to_the_project_wherever_the_run_starts() {
    let dir = project(TOML);
    let d = dir.path();
    std::fs::write(d.join("coded/carl.csv"), "document,code,coder,text\nR3,overleg,carl,Niets.\n").unwrap();
    let in_project = run(d, &["run", "--quiet"]);
    assert!(in_project.status.success(), "{}", String::from_utf8_lossy(&in_project.stderr));
    let from_inside = std::fs::read(d.join("out/evaluation/disagreements.csv")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let absolute = d.canonicalize().unwrap();
    let o = run(elsewhere.path(), &["run", "--quiet", "--project", absolute.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_outside = std::fs::read(d.join("out/evaluation/disagreements.csv")).unwrap();
    assert_eq!(String::from_utf8_lossy(&from_inside), String::from_utf8_lossy(&from_outside));
    let rows = table(d, "evaluation/disagreements.csv");
    let missed = row(&rows, &["overleg", "gemist", "R3"]);
    assert!(missed.contains(&"manual: coded/carl.csv:2".to_string()), "{missed:?}");
    let report = std::fs::read_to_string(d.join("out/report.html")).unwrap();
    let temp = absolute.to_string_lossy().replace('/', "&#x2f;");
    assert!(
        !report.contains(&temp) && !report.contains(absolute.to_str().unwrap()),
        "the report names the project's folder"
    );
}
