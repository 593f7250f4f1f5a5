//! The figures docs/validity.md and the README report for the shipped sensitizing-concepts
//! codebook, measured where the rules were not tuned: the test half of the real-speech set
//! (data-sample/real-speech, chapters 5–6 of the Trimbos report), and in-sample on the manual
//! coding of the sample study. A change to the codebook or the matcher that loses recall or
//! precision below the reported figures fails here; a gain means updating the figures and these
//! floors together.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;

/// Per concept: manual units, rule units, precision, recall (empty when undefined).
fn evaluate(project: &str, gold: &str) -> BTreeMap<String, (usize, usize, Option<f64>, Option<f64>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("analyse")
        .unwrap()
        .current_dir(root)
        .args(["evaluate", "--project", project, "--gold", gold, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut reader = csv::Reader::from_path(out.path().join("evaluation/agreement.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let number = |s: &str| if s.is_empty() { None } else { Some(s.parse::<f64>().unwrap()) };
    reader
        .records()
        .map(Result::unwrap)
        // the last row is the macro average, with no unit counts
        .filter(|r| !r[col("code")].starts_with('('))
        .map(|r| {
            (
                r[col("code")].to_string(),
                (
                    r[col("manual_units")].parse().unwrap(),
                    r[col("rule_units")].parse().unwrap(),
                    number(&r[col("precision")]),
                    number(&r[col("recall")]),
                ),
            )
        })
        .collect()
}

const MAIN: [&str; 3] = ["institutionele-logica", "grenzenwerk", "verantwoordelijkheid"];

#[test]
fn unseen_speech_test_half() {
    let rows = evaluate("data-sample/real-speech", "data-sample/real-speech/gold/test");
    // The gold of the test half, counted by hand in gold/coding-notes.csv: 82 quotes.
    assert_eq!(rows["institutionele-logica"].0, 13);
    assert_eq!(rows["grenzenwerk"].0, 19);
    assert_eq!(rows["verantwoordelijkheid"].0, 3);
    let recall: f64 = MAIN.iter().map(|c| rows[*c].3.unwrap()).sum::<f64>() / 3.0;
    let precisions: Vec<f64> = MAIN.iter().filter_map(|c| rows[*c].2).collect();
    let precision = precisions.iter().sum::<f64>() / precisions.len() as f64;
    assert!(recall >= TEST_MEAN_RECALL_FLOOR, "mean recall {recall:.3}");
    assert!(precision >= TEST_MACRO_PRECISION_FLOOR, "macro precision {precision:.3}");
    // No concept codes more than half of the 82 units.
    for (code, (_, rule_units, _, _)) in &rows {
        assert!(*rule_units <= 41, "{code} codes {rule_units} of 82 units");
    }
}

#[test]
fn in_sample_sample_study() {
    let rows = evaluate(".", "data-sample/coded");
    let recall: f64 = MAIN.iter().map(|c| rows[*c].3.unwrap()).sum::<f64>() / 3.0;
    let precision: f64 = MAIN.iter().map(|c| rows[*c].2.unwrap()).sum::<f64>() / 3.0;
    assert!(recall >= SAMPLE_MEAN_RECALL_FLOOR, "mean recall {recall:.3}");
    assert!(precision >= SAMPLE_MACRO_PRECISION_FLOOR, "macro precision {precision:.3}");
}

// Floors: the reported figures (docs/validity.md), rounded down to two decimals. The test-half
// floors went down with round 4 (0.600 → 0.577, 0.593 → 0.585) and round 6 (precision 0.585 →
// 0.546), whose rules were chosen on the development half and the sample and kept: see the
// rounds in docs/validity.md; rounds 7 and 8 left them unchanged (0.577, 0.546). In-sample: 0.722
// and 0.744 after round 6, 0.762 and 0.753 after rounds 7 and 8.
const TEST_MEAN_RECALL_FLOOR: f64 = 0.57;
const TEST_MACRO_PRECISION_FLOOR: f64 = 0.54;
const SAMPLE_MEAN_RECALL_FLOOR: f64 = 0.76;
const SAMPLE_MACRO_PRECISION_FLOOR: f64 = 0.75;

/// The committed quotes are what the report gives, and the gold CSVs what the coding notes say.
/// The report lives outside the repository (../shared/corpus/): without it, or without Python,
/// the check is skipped, saying so.
#[test]
fn real_speech_files_are_reproducible() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python =
        |script: &str| std::process::Command::new("python3").current_dir(root).args([script, "--check"]).output();
    match python("data-sample/real-speech/make_gold.py") {
        Ok(out) => assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            eprintln!("skipped: python3 is not available ({e})");
            return;
        }
    }
    if !root.join("../shared/corpus/001_2ec01301160aa74b.txt").exists() {
        eprintln!("skipped: the Trimbos report (../shared/corpus/) is not here");
        return;
    }
    let out = python("data-sample/real-speech/extract_quotes.py").unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
