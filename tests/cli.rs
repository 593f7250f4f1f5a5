//! End-to-end tests of the `analyse` binary on tiny projects written into temporary folders.
//!
//! Every expected number below was counted by hand from the project text in `mini_project`;
//! the comments show the counting.

mod common;

use assert_cmd::Command;
use common::Project;

const TOML: &str = r#"[project]
title = "Mini"
language = "nl"

[sources]
transcripts = ["transcripts/*.txt"]
respondents = "respondents.csv"

[coding]
codebooks = ["codebooks/mini.yaml"]

[analysis]
groups = ["role"]
permutations = 50
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

// Interviewer turns mention the codes too; they must not be coded.
const R1: &str = "Interview R1\n\nI: Hoe gaat de samenwerking?\nR: De samenwerking is goed. We hebben elke week overleg.\nI: En de verantwoordelijkheid?\nR: De eindverantwoordelijkheid ligt bij ons.\n";
const R2: &str = "I: Vertel eens.\nR: Overleg is lastig, niemand voelt zich verantwoordelijk.\n";

// R2 was interviewed before R1 (semicolons, as Dutch Excel writes them, and a BOM).
const RESPONDENTS: &str = "\u{feff}id;role;interview_date\nR1;professional;2024-01-10\nR2;expert;2024-01-03\n";

fn mini_project() -> Project {
    Project::new(&[
        ("analyse.toml", TOML),
        ("codebooks/mini.yaml", CODEBOOK),
        ("transcripts/R1.txt", R1),
        ("transcripts/R2.txt", R2),
        ("respondents.csv", RESPONDENTS),
    ])
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn run_writes_every_output() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    for table in ["respondents", "coded_segments", "code_frequencies", "cooccurrence", "saturation"] {
        assert!(project.out(&format!("tables/{table}.csv")).is_file(), "{table}.csv");
        assert!(project.out(&format!("tables/{table}.md")).is_file(), "{table}.md");
    }
    for figure in ["cooccurrence_heatmap", "saturation_curve"] {
        let svg = project.read_out(&format!("figures/{figure}.svg"));
        assert!(svg.starts_with("<svg"), "{figure}.svg");
        let png = std::fs::read(project.out(&format!("figures/{figure}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{figure}.png");
    }
    let manifest: serde_json::Value = serde_json::from_str(&project.read_out("manifest.json")).unwrap();
    let inputs = manifest["inputs"].as_object().unwrap();
    let names: Vec<&str> = inputs.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        vec!["analyse.toml", "codebooks/mini.yaml", "respondents.csv", "transcripts/R1.txt", "transcripts/R2.txt"]
    );
    assert!(manifest["outputs"].as_object().unwrap().contains_key("tables/saturation.csv"));
    // Every setting, by the stage that reads it, under its analyse.toml name.
    let settings = &manifest["settings"];
    assert_eq!(settings["analysis"]["seed"], 7);
    for (stage, key) in [
        ("ingest", "encoding"),
        ("ingest", "unit"),
        ("coding", "speakers"),
        ("analysis", "cooccurrence_window"),
        ("analysis", "tree_level"),
        ("analysis", "gnc_threshold"),
        ("analysis", "francis_stop"),
        ("analysis", "organisation_type"),
        ("analysis", "profession"),
        ("rendering", "quotes_per_code"),
        ("rendering", "heatmap_order"),
    ] {
        assert!(!settings[stage][key].is_null(), "manifest lacks settings.{stage}.{key}");
    }
}

#[test]
fn code_frequencies_counted_by_hand() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    // Respondent turns and their codes:
    //   R1 turn 2: "samenwerking" → samenwerking, "overleg" → overleg
    //   R1 turn 4: "eindverantwoordelijkheid" → verantwoordelijkheid
    //   R2 turn 2: "Overleg" → overleg, "verantwoordelijk" → verantwoordelijkheid
    // samenwerking is the parent of overleg, so it counts the distinct segments of both:
    //   {R1 turn 2, R2 turn 2} = 2 segments, 2 documents, 2 respondents.
    let rows = csv_rows(&project.read_out("tables/code_frequencies.csv"));
    assert_eq!(rows[0], vec!["code", "label", "parent", "segments", "documents", "respondents"]);
    assert_eq!(rows[1], vec!["samenwerking", "Samenwerking", "", "2", "2", "2"]);
    assert_eq!(rows[2], vec!["overleg", "Overleg", "samenwerking", "2", "2", "2"]);
    assert_eq!(rows[3], vec!["verantwoordelijkheid", "Verantwoordelijkheid", "", "2", "2", "2"]);
}

#[test]
fn coded_segments_carry_offsets_and_evidence() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    let rows = csv_rows(&project.read_out("tables/coded_segments.csv"));
    assert_eq!(rows.len(), 1 + 5, "five codings");
    // Documents sort R1, R2. R2's text: "I: Vertel eens.\n" is 16 characters, "R: " 3 more, so
    // the turn starts at 19; "Overleg is lastig, niemand voelt zich verantwoordelijk." is 55.
    let r2: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "R2").collect();
    assert_eq!(r2.len(), 2);
    assert_eq!(&r2[0][..7], &["R2", "R2", "2", "19", "74", "overleg", "rule"]);
    // The rule of `overleg` stands on line 12 of the codebook.
    assert_eq!(r2[0][7], "terms rule at codebooks/mini.yaml:12 → \"Overleg\"");
    assert_eq!(r2[0][8], "Overleg is lastig, niemand voelt zich verantwoordelijk.");
    assert_eq!(r2[1][5], "verantwoordelijkheid");
    assert!(rows.iter().all(|r| r[0] == "document" || r[2] == "2" || r[2] == "4"), "only respondent turns are coded");
}

#[test]
fn cooccurrence_counted_by_hand() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    // Direct codings: samenwerking {R1t2}; overleg {R1t2, R2t2}; verantwoordelijkheid {R1t4, R2t2}.
    // samenwerking–overleg: 1 segment, 1 document; c = 1/(1+2-1) = 0.5; jaccard = 1/(1+2-1) = 0.5
    // samenwerking–verantwoordelijkheid: 0 segments, 1 document (R1); c = 0; jaccard = 1/(1+2-1) = 0.5
    // overleg–verantwoordelijkheid: 1 segment (R2t2), 2 documents; c = 1/(2+2-1); jaccard = 2/(2+2-2) = 1
    let rows = csv_rows(&project.read_out("tables/cooccurrence.csv"));
    assert_eq!(
        rows,
        vec![
            vec!["code_a", "code_b", "segments", "documents", "jaccard", "c_coefficient"],
            vec!["samenwerking", "overleg", "1", "1", "0.5000", "0.5000"],
            vec!["samenwerking", "verantwoordelijkheid", "0", "1", "0.5000", "0.0000"],
            vec!["overleg", "verantwoordelijkheid", "1", "2", "1.0000", "0.3333"],
        ]
    );
}

#[test]
fn saturation_in_interview_order() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    // R2 (2024-01-03) comes first: {overleg, verantwoordelijkheid} → 2 codes; R1 adds
    // samenwerking → 3. In any random order the second position has all 3 codes.
    let rows = csv_rows(&project.read_out("tables/saturation.csv"));
    assert_eq!(
        rows[0],
        vec!["position", "document", "new_codes", "cumulative_codes", "perm_mean", "perm_lo", "perm_hi"]
    );
    assert_eq!(&rows[1][..4], &["1", "R2", "2", "2"]);
    assert_eq!(rows[2], vec!["2", "R1", "1", "3", "3.0000", "3.0000", "3.0000"]);
    // The first position is 2 (R2 first) or 3 (R1 first): the mean lies strictly between.
    let mean: f64 = rows[1][4].parse().unwrap();
    assert!(mean > 2.0 && mean < 3.0, "{mean}");
    assert_eq!((rows[1][5].as_str(), rows[1][6].as_str()), ("2.0000", "3.0000"));
}

#[test]
fn respondents_table_by_group() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    let rows = csv_rows(&project.read_out("tables/respondents.csv"));
    assert_eq!(
        rows,
        vec![
            vec!["attribute", "value", "respondents", "percent"],
            vec!["role", "expert", "1", "50.0"],
            vec!["role", "professional", "1", "50.0"],
            vec!["role", "Totaal", "2", "100.0"],
        ]
    );
}

/// Two runs from scratch into two fresh folders (each with its own, new cache, so both compute
/// and write every output), one on all cores and one on a single thread, give the same bytes.
#[test]
fn two_runs_give_identical_bytes() {
    let project = mini_project();
    project.analyse(&["run", "--out", "first"]).expect_code(0);
    project.analyse(&["run", "--out", "second", "--jobs", "1"]).expect_code(0);
    let (first, second) = (project.snapshot_of("first", false), project.snapshot_of("second", false));
    for made in ["manifest.json", "report.html", "tables/code_frequencies.csv", "tables/saturation.csv"] {
        assert!(first.contains_key(made), "the first run did not write {made}: {:?}", first.keys());
    }
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between the two runs");
    }
}

/// A run on bad input exits 1, names the file, and leaves no output folder behind.
#[track_caller]
fn fails_cleanly(project: &Project, stderr_parts: &[&str]) {
    project.analyse(&["run"]).expect_code(1).expect_stderr(stderr_parts);
    assert!(!project.path().join("out").exists(), "no output folder may be left behind");
}

#[test]
fn missing_transcript_folder() {
    let project = mini_project();
    std::fs::remove_dir_all(project.path().join("transcripts")).unwrap();
    fails_cleanly(&project, &["analyse.toml", "transcripts/*.txt", "matches no file"]);
}

#[test]
fn broken_yaml() {
    let project = mini_project();
    project.write("codebooks/mini.yaml", b"codebook:\n  id: mini\ncodes:\n  - id: a\n    label: [unclosed\n");
    fails_cleanly(&project, &["codebooks/mini.yaml", "line"]);
}

#[test]
fn invalid_regex() {
    let project = mini_project();
    project.write("codebooks/mini.yaml", CODEBOOK.replace("- terms: [\"overleg*\"]", "- regex: '(overleg'").as_bytes());
    fails_cleanly(&project, &["codebooks/mini.yaml", "line 12", "code 'overleg'", "invalid regex"]);
}

#[test]
fn unknown_parent() {
    let project = mini_project();
    project.write("codebooks/mini.yaml", CODEBOOK.replace("parent: samenwerking", "parent: samenwerken").as_bytes());
    fails_cleanly(&project, &["codebooks/mini.yaml", "line 8", "code 'overleg'", "unknown parent 'samenwerken'"]);
}

#[test]
fn respondent_missing_from_csv() {
    let project = mini_project();
    project.write("transcripts/R3.txt", b"I: Vraag?\nR: Antwoord.\n");
    fails_cleanly(&project, &["transcripts/R3.txt", "respondent 'R3' is not in the respondents file"]);
}

#[test]
fn empty_transcript() {
    let project = mini_project();
    project.write("transcripts/R2.txt", b"");
    fails_cleanly(&project, &["transcripts/R2.txt", "holds no text to code"]);
}

#[test]
fn windows_1252_transcript() {
    // Detected by default (issue 5); an error naming file and line when UTF-8 is required.
    let project = mini_project();
    project.write("transcripts/R2.txt", b"I: Vraag?\nR: Het caf\xe9 was dicht.\n");
    project.write("analyse.toml", TOML.replace("[sources]\n", "[sources]\nencoding = \"utf-8\"\n").as_bytes());
    fails_cleanly(&project, &["transcripts/R2.txt", "line 2", "UTF-8"]);
}

#[test]
fn unknown_key_in_project_file() {
    let project = mini_project();
    project.write("analyse.toml", TOML.replace("seed = 7", "sead = 7").as_bytes());
    fails_cleanly(&project, &["analyse.toml", "line 15", "sead"]);
}

#[test]
fn missing_project_file() {
    let project = mini_project();
    project.remove("analyse.toml");
    fails_cleanly(&project, &["no analyse.toml", "analyse init"]);
}

#[test]
fn wrong_arguments_exit_1_with_usage() {
    let project = mini_project();
    project.analyse(&["run", "--frobnicate"]).expect_code(1).expect_stderr(&["--frobnicate"]);
    project.analyse(&["nonsense"]).expect_code(1);
}

#[test]
fn a_failed_run_leaves_earlier_outputs_untouched() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    let before = project.snapshot(true);
    project.write("codebooks/mini.yaml", b"codebook: [");
    project.analyse(&["run"]).expect_code(1);
    assert_eq!(before, project.snapshot(true));
}

#[test]
fn codebook_check() {
    let project = mini_project();
    let ok = project.analyse(&["codebook", "check", "codebooks/mini.yaml"]);
    ok.expect_code(0);
    assert!(ok.stdout.contains("codebook 'mini' with 3 codes is valid"), "{}", ok.stdout);
    // The same codebook twice: every id clashes with the first file's.
    std::fs::copy(project.path().join("codebooks/mini.yaml"), project.path().join("codebooks/copy.yaml")).unwrap();
    project.analyse(&["codebook", "check", "codebooks/mini.yaml", "codebooks/copy.yaml"]).expect_code(1).expect_stderr(
        &["codebooks/copy.yaml", "line 4", "code 'samenwerking'", "already used at codebooks/mini.yaml:4"],
    );
}

#[test]
fn init_creates_a_project_that_runs() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("study");
    let status = Command::cargo_bin("analyse").unwrap().arg("init").arg(&target).output().unwrap();
    assert!(status.status.success());
    let run =
        Command::cargo_bin("analyse").unwrap().args(["run", "--quiet", "--project"]).arg(&target).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(target.join("out/tables/code_frequencies.csv").is_file());
    // A second init refuses to overwrite.
    let again = Command::cargo_bin("analyse").unwrap().arg("init").arg(&target).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
}

/// Character span of `needle` in `text`, as a manual coder's tool would record it.
fn span(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn gold_csv() -> String {
    let mut csv = String::from("document,start,end,code,coder,text\n");
    for (doc, text, needle, code) in [
        ("R1", R1, "elke week overleg", "overleg"),
        ("R1", R1, "ligt bij ons", "samenwerking"),
        ("R2", R2, "niemand voelt zich verantwoordelijk", "verantwoordelijkheid"),
    ] {
        let (s, e) = span(text, needle);
        csv.push_str(&format!("{doc},{s},{e},{code},sanne,{needle}\n"));
    }
    csv
}

#[test]
fn evaluate_against_a_manual_coding() {
    let project = mini_project();
    project.write("gold.csv", gold_csv().as_bytes());
    let outcome = project.analyse(&["evaluate", "--gold", "gold.csv"]);
    outcome.expect_code(0);
    // Outside the run's output folder, so that `run --check` does not see extra files.
    assert!(!project.exists("out/evaluation"));
    let rows = csv_rows(&project.read("evaluation/agreement.csv"));
    let row = |code: &str| rows.iter().find(|r| r[0] == code).unwrap()[2..].to_vec();
    // Units: R1 turns 2 and 4, R2 turn 2 (N = 3).
    // overleg: manual {R1t2}, rules {R1t2, R2t2}: both 1, missed 0, spurious 1;
    //   precision 1/2, recall 1, F1 2/3, kappa (2/3 − 4/9)/(1 − 4/9) = 0.4.
    assert_eq!(row("overleg"), vec!["1", "2", "1", "0", "1", "0.5000", "1.0000", "0.6667", "0.4000"]);
    assert_eq!(row("verantwoordelijkheid"), vec!["1", "2", "1", "0", "1", "0.5000", "1.0000", "0.6667", "0.4000"]);
    // samenwerking counts overleg too: manual {R1t2, R1t4}, rules {R1t2, R2t2}:
    //   both 1, missed 1, spurious 1; po = 1/3, pe = (2·2 + 1·1)/9 = 5/9 → kappa = −0.5.
    assert_eq!(row("samenwerking"), vec!["2", "2", "1", "1", "1", "0.5000", "0.5000", "0.5000", "-0.5000"]);
    assert!(outcome.stdout.contains("| overleg | Overleg |"), "{}", outcome.stdout);
    let disagreements = project.read("evaluation/disagreements.csv");
    // The project is Dutch: the kind is worded in Dutch.
    assert!(disagreements.contains("samenwerking,gemist,R1,4"), "{disagreements}");
    // One definition: the list and the summary count the table's missed + spurious:
    // overleg 0 + 1, verantwoordelijkheid 0 + 1, samenwerking 1 + 1 = 4.
    assert!(outcome.stderr.contains("4 disagreements"), "{}", outcome.stderr);
    assert_eq!(disagreements.lines().count(), 1 + 4);
    project.analyse(&["run"]).expect_code(0);
    project.analyse(&["run", "--check"]).expect_code(0);
    let inside = project.analyse(&["evaluate", "--gold", "gold.csv", "--out", "out"]);
    inside.expect_code(1);
    assert!(inside.stderr.contains("inside the run's output folder"), "{}", inside.stderr);
    assert!(disagreements.contains("gold.csv:3"), "the missed unit names the manual coding's line: {disagreements}");
}

#[test]
fn evaluate_development_and_test_side_by_side() {
    let project = mini_project();
    let gold = gold_csv();
    let mut lines = gold.lines();
    let header = lines.next().unwrap();
    let (r1, r2): (Vec<&str>, Vec<&str>) = lines.partition(|l| l.starts_with("R1,"));
    project.write("dev/R1.csv", format!("{header}\n{}\n", r1.join("\n")));
    project.write("test/R2.csv", format!("{header}\n{}\n", r2.join("\n")));
    let outcome = project.analyse(&["evaluate", "--gold", "dev", "--test", "test"]);
    outcome.expect_code(0);
    let rows = csv_rows(&project.read("evaluation/agreement_dev_test.csv"));
    assert_eq!(rows[0][2..5], ["dev_manual_units", "dev_rule_units", "dev_precision"]);
    assert_eq!(rows[0][8..11], ["test_manual_units", "test_rule_units", "test_precision"]);
    // manual, rule, precision, recall of each set.
    let row = |code: &str| {
        let r = rows.iter().find(|r| r[0] == code).unwrap();
        [&r[2..6], &r[8..12]].concat()
    };
    // Development (R1: turns 2 and 4). Rules: t2 samenwerking + overleg, t4 verantwoordelijkheid.
    // Manual: overleg on t2, samenwerking on t4.
    //   overleg 1/1, P 1, R 1; samenwerking (with overleg) manual {t2, t4}, rule {t2}: P 1, R 1/2;
    //   verantwoordelijkheid manual {}, rule {t4}: P 0, R undefined.
    // Test (R2: turn 2, "Overleg is lastig, niemand voelt zich verantwoordelijk").
    //   Rules: overleg (so samenwerking) and verantwoordelijkheid; manual: verantwoordelijkheid.
    assert_eq!(row("overleg"), ["1", "1", "1.0000", "1.0000", "0", "1", "0.0000", ""]);
    assert_eq!(row("samenwerking"), ["2", "1", "1.0000", "0.5000", "0", "1", "0.0000", ""]);
    assert_eq!(row("verantwoordelijkheid"), ["0", "1", "0.0000", "", "1", "1", "1.0000", "1.0000"]);
    assert!(outcome.stdout.contains("test_precision"), "{}", outcome.stdout);
    // The held-out set's disagreements are not listed: rules are not to be tuned on them.
    let disagreements = project.read("evaluation/disagreements.csv");
    assert!(disagreements.contains(",R1,") && !disagreements.contains(",R2,"), "{disagreements}");
    // A test set that shares a document with the development set is not held out.
    project.write("test/R1.csv", format!("{header}\n{}\n", r1.join("\n")));
    let out_before = project.read("evaluation/agreement_dev_test.csv");
    project.analyse(&["evaluate", "--gold", "dev", "--test", "test"]).expect(1, &["--test", "document R1", "held-out"]);
    assert_eq!(project.read("evaluation/agreement_dev_test.csv"), out_before, "nothing written on an error");
}

#[test]
fn evaluate_refuses_shifted_offsets() {
    let project = mini_project();
    // The first fragment's offsets moved one character to the right.
    let gold = gold_csv();
    let shifted = gold.lines().enumerate().map(|(i, l)| {
        if i == 1 {
            let mut f: Vec<String> = l.split(',').map(str::to_string).collect();
            f[1] = (f[1].parse::<usize>().unwrap() + 1).to_string();
            f[2] = (f[2].parse::<usize>().unwrap() + 1).to_string();
            f.join(",")
        } else {
            l.to_string()
        }
    });
    project.write("gold.csv", shifted.collect::<Vec<_>>().join("\n").as_bytes());
    project
        .analyse(&["evaluate", "--gold", "gold.csv"])
        .expect_code(1)
        .expect_stderr(&["gold.csv", "line 2", "offsets"]);
    assert!(!project.path().join("out").exists());
    project.analyse(&["evaluate"]).expect_code(1).expect_stderr(&["--gold"]);
}

#[test]
fn codebook_check_against_a_project() {
    let project = mini_project();
    let out = project.analyse(&["codebook", "check", "codebooks/mini.yaml", "--project", "."]);
    out.expect_code(0);
    // Respondent units: R1 t2, R1 t4, R2 t2. "overleg*" fires in R1 t2 and R2 t2 (2 of 3 =
    // 66.7%, more than half: too broad); "samenwerk*" in 1 of 3: no verdict.
    assert!(
        out.stdout.contains("| overleg | codebooks/mini.yaml:12 | terms | 2 | 66.7 | too broad |"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("| samenwerking |"), "{}", out.stdout);
    // With no broad rule the message names the project folder, not ".".
    // "elke week" fires in R1 t2 only, "eindverantwoordelijk*" in R1 t4 only: 1 of 3 each.
    let narrow = CODEBOOK
        .replace("\"overleg*\"", "\"elke week\"")
        .replace("\"*verantwoordelijk*\"", "\"eindverantwoordelijk*\"");
    project.write("codebooks/mini.yaml", narrow);
    let out = project.analyse(&["codebook", "check", "codebooks/mini.yaml", "--project", "."]);
    out.expect_code(0);
    let folder = project.path().file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        out.stdout.contains(&format!("no rule fires in more than half of the 3 units of the project '{folder}'")),
        "{}",
        out.stdout
    );
}

#[test]
fn codebook_export_formats() {
    let project = mini_project();
    project.analyse(&["codebook", "export", "codebooks/mini.yaml", "--to", "qdc", "-o", "mini.qdc"]).expect_code(0);
    let qdc = std::fs::read_to_string(project.path().join("mini.qdc")).unwrap();
    assert!(qdc.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""));
    assert_eq!(qdc.matches("<Code ").count(), 3);
    // overleg is nested in samenwerking: its element opens before samenwerking's closes.
    let overleg = qdc.find("name=\"Overleg\"").unwrap();
    let verantwoordelijkheid = qdc.find("name=\"Verantwoordelijkheid\"").unwrap();
    assert!(qdc[overleg..verantwoordelijkheid].contains("</Code>\n    </Code>"), "{qdc}");
    let md = project.analyse(&["codebook", "export", "codebooks/mini.yaml", "--to", "md"]);
    md.expect_code(0);
    assert!(
        md.stdout.contains("## 1 Samenwerking (`samenwerking`)") && md.stdout.contains("### 1.1 Overleg (`overleg`)"),
        "{}",
        md.stdout
    );
    let tex = project.analyse(&["codebook", "export", "codebooks/mini.yaml", "--to", "tex"]);
    assert!(
        tex.stdout.contains("\\subsection*{2 Verantwoordelijkheid}\\label{code:verantwoordelijkheid}"),
        "{}",
        tex.stdout
    );
    project.analyse(&["codebook", "export", "codebooks/mini.yaml", "--to", "docx"]).expect_code(1);
}

// `analyse … | head -1`: once `head` has its line it closes the pipe, and every later write to
// standard output fails. That is not an error: the command finishes its work (files it was
// asked to write are written) and exits as it would have, without a panic (exit code 101).

/// The run of `args` into a closed pipe, checked to have ended without a panic.
#[track_caller]
fn into_closed_pipe(project: &Project, args: &[&str], code: i32) {
    let outcome = project.analyse_into_closed_pipe(args);
    assert!(!outcome.stderr.contains("panicked"), "{args:?} panicked:\n{}", outcome.stderr);
    assert!(!outcome.stderr.contains("Broken pipe"), "{args:?} reported the closed pipe:\n{}", outcome.stderr);
    outcome.expect_code(code);
}

#[test]
fn diff_into_a_closed_pipe_exits_0_and_still_writes_its_csv() {
    let project = mini_project();
    project.write("new.yaml", CODEBOOK.replace("overleg*", "vergader*"));
    into_closed_pipe(&project, &["diff", "codebooks/mini.yaml", "new.yaml", "--project", ".", "-o", "diff.csv"], 0);
    assert!(project.read("diff.csv").starts_with("status,"), "{}", project.read("diff.csv"));
}

#[test]
fn codebook_export_and_check_into_a_closed_pipe_exit_0() {
    let project = mini_project();
    for to in ["md", "tex", "csv", "qdc", "patterns"] {
        into_closed_pipe(&project, &["codebook", "export", "codebooks/mini.yaml", "--to", to], 0);
    }
    into_closed_pipe(&project, &["codebook", "check", "codebooks/mini.yaml"], 0);
    into_closed_pipe(&project, &["codebook", "check", "codebooks/mini.yaml", "--project", "."], 0);
}

#[test]
fn check_listing_into_a_closed_pipe_still_exits_2() {
    let project = mini_project();
    project.analyse(&["run", "--quiet"]).expect_code(0);
    // A file the run does not make: the check lists it on standard output and exits 2.
    project.write("out/notes.txt", "mine");
    into_closed_pipe(&project, &["run", "--check"], 2);
}

#[test]
fn evaluate_init_and_export_into_a_closed_pipe_exit_0() {
    let project = mini_project();
    project.write("gold.csv", gold_csv().as_bytes());
    into_closed_pipe(&project, &["evaluate", "--gold", "gold.csv"], 0);
    assert!(project.exists("evaluation/agreement.csv"));
    into_closed_pipe(&project, &["init", "study"], 0);
    assert!(project.exists("study/analyse.toml"));
    into_closed_pipe(&project, &["export", "qdpx", "-o", "mini.qdpx"], 0);
    assert!(project.exists("mini.qdpx"));
}

#[test]
fn check_of_an_output_folder_that_is_a_file_exits_1_naming_it() {
    let project = mini_project();
    project.write("out", "a file where the output folder should be");
    project.analyse(&["run", "--check"]).expect(1, &["out is a file, not a folder", "--out DIR"]);
}

#[test]
fn header_lines_are_not_coded_and_the_speakers_table_shows_them() {
    let project = mini_project();
    // `Onderwerp: samenwerking …` would be a respondent turn coded `samenwerking` if read as a turn.
    project.write(
        "transcripts/R1.txt",
        format!("Datum: 5 maart 2024. Duur: 42 minuten.\nOnderwerp: samenwerking met de ggz\n\n{R1}"),
    );
    let outcome = project.analyse(&["run"]);
    outcome.expect_code(0);
    // Codable segments: R1 has two respondent turns, R2 one; the three interviewer turns are not coded.
    assert!(outcome.stderr.contains("coded 3 segments in 2 documents"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(
            "R1: Datum (header line 1, not coded), Onderwerp (header line 2, not coded), I (interviewer, 2 turns"
        ),
        "{}",
        outcome.stderr
    );
    let rows = csv_rows(&project.read_out("tables/speakers.csv"));
    assert_eq!(rows[0], vec!["document", "label", "role", "respondent", "turns", "words", "warning"]);
    let r1: Vec<Vec<&str>> =
        rows.iter().filter(|r| r[0] == "R1").map(|r| r[..5].iter().map(String::as_str).collect()).collect();
    assert_eq!(
        r1,
        vec![
            vec!["R1", "Datum", "kopregel", "", "0"],
            vec!["R1", "Onderwerp", "kopregel", "", "0"],
            vec!["R1", "I", "interviewer", "", "2"],
            vec!["R1", "R", "respondent", "R1", "2"],
        ]
    );
    let coded = project.read_out("tables/coded_segments.csv");
    assert!(!coded.contains("met de ggz"), "{coded}");
}

/// The code map's lines follow `[output] code_map_threshold`, counted by hand. Segments:
/// R1 turn 2 {samenwerking, overleg}, R1 turn 4 {verantwoordelijkheid}, R2 turn 2 {overleg,
/// verantwoordelijkheid}. So c(samenwerking, overleg) = 1 / (1 + 2 − 1) = 0.5,
/// c(overleg, verantwoordelijkheid) = 1 / (2 + 2 − 1) = 1/3, c(samenwerking,
/// verantwoordelijkheid) = 0: two lines at the default 0.1, one at 0.4. Every document gets
/// a portrait with a row per code it has.
#[test]
fn code_map_lines_follow_the_threshold_and_each_document_has_a_portrait() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    let lines = |svg: &str| svg.matches("<polyline").count();
    assert_eq!(lines(&project.read_out("figures/code_map.svg")), 2);
    assert!(std::fs::read(project.out("figures/code_map.png")).unwrap().starts_with(b"\x89PNG"));
    let r2 = project.read_out("figures/documents/R2.svg");
    assert!(r2.contains("Codes in het transcript: R2") && r2.contains("\nOverleg\n</text>"), "{r2}");
    assert!(!r2.contains("\nSamenwerking\n</text>"), "R2 has no samenwerking of its own");

    project
        .write("analyse.toml", TOML.replace("dir = \"out\"", "dir = \"out\"\ncode_map_threshold = 0.4\nportraits = 1"));
    project.analyse(&["run"]).expect_code(0);
    assert_eq!(lines(&project.read_out("figures/code_map.svg")), 1);
    // Only the first document in corpus order keeps a portrait, and says so.
    assert!(project.out("figures/documents/R1.svg").is_file() && !project.out("figures/documents/R2.svg").exists());
    assert!(project.read_out("figures/documents/R1.svg").contains("eerste 1 van de 2 documenten"));
}

/// Attribute names read as labels in the project language, and `[labels]` overrides them;
/// the CSV keeps the respondents file's name.
#[test]
fn attributes_are_named_in_the_project_language() {
    let project = mini_project();
    project.analyse(&["run"]).expect_code(0);
    assert!(project.read_out("figures/code_by_role.svg").contains("Codes per groep: Rol"));
    assert!(project.read_out("figures/saturation_by_role.svg").contains("Saturatie per groep: Rol"));
    assert!(project.read_out("tables/code_by_role.md").contains("per code en groep (Rol)"));
    assert!(project.read_out("tables/respondents.md").contains("| Rol | expert |"));
    assert!(project.read_out("tables/respondents.csv").contains("role,expert"));

    let english = TOML.replace("language = \"nl\"", "language = \"en\"");
    project.write("analyse.toml", &english);
    project.analyse(&["run"]).expect_code(0);
    assert!(project.read_out("figures/code_by_role.svg").contains("Codes by group: Role"));
    assert!(project.read_out("tables/respondents.md").contains("| Role | expert |"));

    project.write("analyse.toml", format!("{english}\n[labels]\nrole = \"Position\"\n"));
    project.analyse(&["run"]).expect_code(0);
    assert!(project.read_out("figures/code_by_role.svg").contains("Codes by group: Position"));
    assert!(project.read_out("tables/code_by_role.tex").contains("group (Position)"));
    assert!(project.read_out("report.html").contains(">Position<"));
    assert!(project.read_out("tables/respondents.csv").contains("role,expert"));

    project.write("analyse.toml", format!("{english}\n[labels]\nrole = \" \"\n"));
    project.analyse(&["run"]).expect(1, &["[labels] role is empty"]);
}
