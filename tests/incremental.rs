//! End-to-end tests of incremental runs, `run --check` and `analyse diff` on a tiny project.
//!
//! The counts in the `diff` tests were worked out by hand from the transcripts below; the
//! comments show the counting.

mod common;

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

/// The new version for the diff: `samenwerking` gets a second rule, `overleg` is removed,
/// `verantwoordelijkheid` keeps its label under a new id, `lastig` is new.
const CODEBOOK_NEW: &str = r#"codebook:
  id: mini
codes:
  - id: samenwerking
    label: Samenwerking
    rules:
      - terms: ["samenwerk*"]
      - terms: ["week"]
  - id: verantwoordelijk
    label: Verantwoordelijkheid
    rules:
      - terms: ["*verantwoordelijk*"]
  - id: lastig
    label: Lastig
    rules:
      - terms: ["lastig"]
"#;

const R1: &str = "I: Hoe gaat de samenwerking?\nR: De samenwerking is goed. We hebben elke week overleg.\nI: En de verantwoordelijkheid?\nR: De eindverantwoordelijkheid ligt bij ons.\n";
const R2: &str = "I: Vertel eens.\nR: Overleg is lastig, niemand voelt zich verantwoordelijk.\n";
const RESPONDENTS: &str = "id,role,interview_date\nR1,professional,2024-01-10\nR2,expert,2024-01-03\n";

fn mini_project(codebook: &str) -> Project {
    Project::new(&[
        ("analyse.toml", TOML),
        ("codebooks/mini.yaml", codebook),
        ("transcripts/R1.txt", R1),
        ("transcripts/R2.txt", R2),
        ("respondents.csv", RESPONDENTS),
    ])
}

/// A codebook edit that changes the coding: `overleg` also for "ons", in R1's fourth turn.
fn edited_codebook() -> String {
    CODEBOOK.replace(r#"["overleg*"]"#, r#"["overleg*", "ons"]"#)
}

#[test]
fn a_codebook_edit_redoes_coding_and_after_but_not_ingest_and_matches_a_clean_run() {
    let project = mini_project(CODEBOOK);
    project.analyse(&["run"]).expect(0, &["every stage run"]);
    let before = project.snapshot(false);
    project.write("codebooks/mini.yaml", edited_codebook());
    project
        .analyse(&["run"])
        .expect(0, &["codebook changed: codebooks/mini.yaml → coding, analysis, rendering redone (ingest reused)"]);
    let clean = mini_project(&edited_codebook());
    clean.analyse(&["run"]).expect(0, &[]);
    let (incremental, fresh) = (project.snapshot(false), clean.snapshot(false));
    assert_eq!(incremental.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    for (path, bytes) in &fresh {
        assert!(incremental[path] == *bytes, "{path} differs from a clean run");
    }
    // The edit reached the outputs (one more coding), so the comparison above compared news.
    assert_ne!(before["tables/coded_segments.csv"], incremental["tables/coded_segments.csv"]);
}

impl Project {
    fn tap_run(self) -> Self {
        self.analyse(&["run"]).expect(0, &[]);
        self
    }
}

#[test]
fn a_rendering_setting_redoes_only_rendering_and_no_change_does_nothing() {
    let project = mini_project(CODEBOOK).tap_run();
    project.write("analyse.toml", TOML.replace(r#"language = "nl""#, r#"language = "en""#));
    project
        .analyse(&["run"])
        .expect(0, &[r#"setting language changed: "nl" → "en" → rendering redone (ingest, coding, analysis reused)"#]);
    let before = project.snapshot(true);
    let outcome = project.analyse(&["run"]);
    outcome.expect(0, &["nothing changed since the last run: nothing to do"]);
    assert!(!outcome.stderr.contains("wrote"), "{}", outcome.stderr);
    assert!(project.snapshot(true) == before, "a run with nothing to do wrote something");

    let clean = mini_project(CODEBOOK);
    clean.write("analyse.toml", TOML.replace(r#"language = "nl""#, r#"language = "en""#));
    assert!(clean.tap_run().snapshot(false) == project.snapshot(false), "differs from a clean run");

    // A changed seed is an analysis setting; a comment in analyse.toml changes nothing.
    project.write("analyse.toml", TOML.replace("language = \"nl\"", "language = \"en\"\n# opmerking"));
    project.analyse(&["run"]).expect(0, &["nothing to do"]);
    project
        .write("analyse.toml", TOML.replace("language = \"nl\"", "language = \"en\"").replace("seed = 7", "seed = 8"));
    project
        .analyse(&["run"])
        .expect(0, &["setting seed changed: 7 → 8 → analysis, rendering redone (ingest, coding reused)"]);
}

#[test]
fn a_transcript_edit_redoes_everything_and_a_deleted_output_is_rewritten() {
    let project = mini_project(CODEBOOK).tap_run();
    project.write("transcripts/R2.txt", R2.replace("lastig", "lastig en samenwerken"));
    project
        .analyse(&["run"])
        .expect(0, &["transcript changed: transcripts/R2.txt → ingest, coding, analysis, rendering redone"]);
    std::fs::remove_file(project.path().join("out/figures/saturation_curve.png")).unwrap();
    project.analyse(&["run"]).expect(
        0,
        &["outputs changed since the last run: figures/saturation_curve.png → rendering redone (ingest, coding, analysis reused)"],
    );
    assert!(project.path().join("out/figures/saturation_curve.png").is_file());
}

#[test]
fn a_cache_of_another_build_or_a_damaged_one_is_not_trusted() {
    let project = mini_project(CODEBOOK).tap_run();
    let state_path = project.path().join("out/.cache/state.json");
    let state = std::fs::read_to_string(&state_path).unwrap();
    let build_line = state.lines().find(|l| l.contains("\"build\"")).unwrap().to_string();
    std::fs::write(&state_path, state.replace(&build_line, r#"  "build": "analyse 0.0.1 (build 0000000000000000)","#))
        .unwrap();
    project.analyse(&["run"]).expect(
        0,
        &["note: the cache was written by analyse 0.0.1 (build 0000000000000000)", "cache ignored", "every stage run"],
    );

    // Damage the coding stage's value, then change a rendering setting: rendering needs the
    // codings, which are recomputed instead of read from the damaged file.
    let coding = project.path().join("out/.cache/coding.bin");
    let mut bytes = std::fs::read(&coding).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&coding, &bytes).unwrap();
    project.write("analyse.toml", TOML.replace("dir = \"out\"", "dir = \"out\"\nquote_attribution = \"[{id}]\""));
    let outcome = project.analyse(&["run"]);
    outcome.expect(0, &[".cache/coding.bin", "coding redone", "rendering redone"]);
    assert!(outcome.stderr.contains("(ingest, analysis reused)"), "{}", outcome.stderr);

    std::fs::write(project.path().join("out/.cache/state.json"), "{ half a file").unwrap();
    project.analyse(&["run"]).expect(0, &["state.json is damaged", "every stage run"]);
    // The cache keeps itself out of git.
    assert_eq!(
        std::fs::read_to_string(project.path().join("out/.cache/.gitignore")).unwrap().lines().last(),
        Some("*")
    );
}

#[test]
fn check_exits_2_listing_stale_missing_and_extra_outputs_and_writes_nothing() {
    let project = mini_project(CODEBOOK);
    let outcome = project.analyse(&["run", "--check"]);
    // 21 tables in 3 formats (4 with the `parquet` feature) — the 5 basic ones; code ×
    // document; code × role and the long group table; co-occurrence at segment, window and
    // document level, for codes and for the tree level; saturation at the tree level, its
    // criteria, the GNC runs and their sensitivity; saturation and its criteria per group;
    // speakers — is 63 files (84); 6 figures (heatmap, code map, saturation, saturation per
    // role, code × role, code × document) and a portrait of each of the 2 documents, 8 in
    // 2 formats, is 16; then tables.xlsx, quotes .md and .tex, report.html and the manifest:
    // 84 files (105).
    let files = if cfg!(feature = "parquet") { 105 } else { 84 };
    let missing = format!("(0 stale, {files} missing, 0 extra)");
    outcome.expect(2, &[&missing, "run `analyse run`"]);
    assert!(!project.path().join("out").exists(), "--check created the output folder");

    project.analyse(&["run"]).expect(0, &[]);
    let current = format!("is current: {files} outputs match");
    project.analyse(&["run", "--check"]).expect(0, &[&current]);

    project.write("codebooks/mini.yaml", CODEBOOK.replace(r#"["overleg*"]"#, r#"["overleg*", "ons"]"#));
    std::fs::remove_file(project.path().join("out/tables/saturation.tex")).unwrap();
    project.write("out/tables/old_table.csv", "x\n");
    let before = project.snapshot(true);
    let outcome = project.analyse(&["run", "--check"]);
    outcome.expect(2, &["stale", "1 missing, 1 extra"]);
    // "ons" is in R1's fourth turn, which now is coded `overleg` too: the coded segments change.
    for line in [
        "stale   tables/coded_segments.csv",
        "stale   manifest.json",
        "missing tables/saturation.tex",
        "extra   tables/old_table.csv",
    ] {
        assert!(outcome.stdout.lines().any(|l| l == line), "no line {line:?} in\n{}", outcome.stdout);
    }
    assert!(!outcome.stdout.contains(".cache"), "the cache is not an output");
    assert!(project.snapshot(true) == before, "--check wrote something");
}

#[test]
fn outputs_a_run_no_longer_makes_are_removed_but_other_files_stay() {
    let project = mini_project(CODEBOOK);
    project.write("gold/R1.csv", "document,start,end,code,coder\nR1,32,60,samenwerking,A\n");
    let with_gold = TOML
        .replace("codebooks = [\"codebooks/mini.yaml\"]", "codebooks = [\"codebooks/mini.yaml\"]\ngold = [\"gold\"]");
    project.write("analyse.toml", &with_gold);
    project.analyse(&["run"]).expect(0, &[]);
    assert!(project.path().join("out/evaluation/agreement.csv").is_file());
    project.write("out/mine.txt", "keep me");
    project.write("analyse.toml", TOML);
    project.analyse(&["run"]).expect(0, &["removed evaluation/agreement.csv: the run no longer makes it"]);
    assert!(!project.path().join("out/evaluation").exists());
    assert!(project.path().join("out/mine.txt").is_file());
}

#[test]
fn jobs_must_be_at_least_one_and_progress_is_plain_off_a_terminal() {
    let project = mini_project(CODEBOOK);
    project.analyse(&["run", "--jobs", "0"]).expect(1, &["--jobs"]);
    let quiet = project.analyse(&["run", "--jobs", "1", "--quiet"]);
    quiet.expect(0, &[]);
    assert_eq!(quiet.stderr, "", "--quiet prints nothing but errors");
    project.analyse(&["run", "--check", "--jobs", "2", "--quiet"]).expect(0, &[]);
    // Standard error is a pipe here, not a terminal: plain lines, no bar control characters.
    project.write("analyse.toml", TOML.replace("seed = 7", "seed = 9"));
    let plain = project.analyse(&["run", "--jobs", "2"]);
    plain.expect(0, &["ingest (unchanged, read again) …\ncoding (from cache) …\nanalysis …\nrendering …\n"]);
    assert!(!plain.stderr.contains('\r') && !plain.stderr.contains('\x1b'), "{:?}", plain.stderr);
}

/// Counts, by hand. Respondent turns: R1 t2 "De samenwerking is goed. We hebben elke week
/// overleg.", R1 t4 "De eindverantwoordelijkheid ligt bij ons.", R2 t2 "Overleg is lastig,
/// niemand voelt zich verantwoordelijk."
///
/// Old: samenwerking (+ child overleg) = {R1 t2, R2 t2}: 2 segments, 2 respondents;
/// overleg = {R1 t2, R2 t2}: 2, 2; verantwoordelijkheid = {R1 t4, R2 t2}: 2, 2.
/// New: samenwerking ("samenwerk*" or "week", no child) = {R1 t2}: 1, 1;
/// verantwoordelijk = {R1 t4, R2 t2}: 2, 2; lastig = {R2 t2}: 1, 1.
const EXPECTED_DIFF_CSV: &str = "\
status,code,label,changed,segments_old,segments_new,segments_change,respondents_old,respondents_new,respondents_change
gewijzigd,samenwerking,Samenwerking,rules,2,1,-1,2,1,-1
hernoemd,verantwoordelijkheid → verantwoordelijk,Verantwoordelijkheid,,2,2,+0,2,2,+0
toegevoegd,lastig,Lastig,,,1,+1,,1,+1
verwijderd,overleg,Overleg,,2,,-2,2,,-2
";

#[test]
fn diff_of_two_files_counts_segments_and_respondents() {
    let project = mini_project(CODEBOOK);
    project.write("new.yaml", CODEBOOK_NEW);
    let outcome = project.analyse(&["diff", "codebooks/mini.yaml", "new.yaml", "--project", ".", "-o", "diff.csv"]);
    outcome.expect(0, &[]);
    assert_eq!(std::fs::read_to_string(project.path().join("diff.csv")).unwrap(), EXPECTED_DIFF_CSV);
    assert!(
        // The project is Dutch (`language = "nl"`): so are the statuses.
        outcome.stdout.contains("| verwijderd | overleg | Overleg |  | 2 |  | -2 | 2 |  | -2 |"),
        "{}",
        outcome.stdout
    );
    assert!(
        outcome.stdout.contains("4 codes: 1 toegevoegd, 1 verwijderd, 1 hernoemd, 1 gewijzigd"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn diff_reads_a_codebook_at_a_git_revision() {
    let project = mini_project(CODEBOOK);
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(project.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "codebooks/mini.yaml"]);
    git(&["commit", "-qm", "old codebook"]);
    project.write("codebooks/mini.yaml", CODEBOOK_NEW);
    project
        .analyse(&["diff", "HEAD:codebooks/mini.yaml", "codebooks/mini.yaml", "-o", "diff.csv"])
        .expect(0, &["wrote diff.csv"]);
    assert_eq!(std::fs::read_to_string(project.path().join("diff.csv")).unwrap(), EXPECTED_DIFF_CSV);
    project.analyse(&["diff", "HEAD~3:codebooks/mini.yaml", "codebooks/mini.yaml"]).expect(1, &["git show failed"]);
    project.analyse(&["diff", "nothing.yaml", "codebooks/mini.yaml"]).expect(1, &["REV:path"]);
}

/// Issue 15: the cache keeps the codings and the analyses, never a copy of the transcripts
/// (at 100 MB the copy was as large as the corpus). No whole turn, question or answer, is in
/// any file of `.cache/`; a copy an earlier version left there is not carried over; a rerun
/// still reuses the coding.
#[test]
fn the_cache_holds_no_copy_of_the_transcripts() {
    let project = mini_project(CODEBOOK);
    project.analyse(&["run"]).expect(0, &[]);
    let cache = project.path().join("out/.cache");
    let turns: Vec<&str> = [R1, R2].iter().flat_map(|t| t.lines()).map(|l| &l[3..]).collect();
    let assert_no_turns = || {
        for entry in std::fs::read_dir(&cache).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            for turn in &turns {
                let found = bytes.windows(turn.len()).any(|w| w == turn.as_bytes());
                assert!(!found, "{} holds the turn {turn:?}", path.display());
            }
        }
    };
    assert_no_turns();
    assert!(!cache.join("ingest.bin").exists());
    project.write("out/.cache/ingest.bin", R1);
    project.write("analyse.toml", TOML.replace("seed = 7", "seed = 8"));
    project.analyse(&["run"]).expect(0, &["analysis, rendering redone (ingest, coding reused)"]);
    assert!(!cache.join("ingest.bin").exists());
    assert_no_turns();
}
