//! The gathering outputs of a run — `report.html`, `tables.xlsx`, the quote book, the group and
//! matrix figures — and pseudonymisation, end to end on a tiny project; plus the report
//! rendered in a real browser (headless Chromium) when one is installed.
//!
//! Expected quotes and counts are worked out by hand from the transcripts below.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

mod common;

use common::Project;

fn toml(extra_output: &str) -> String {
    format!(
        r#"[project]
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
quote_attribution = "({{id}}, {{role}})"
{extra_output}
"#
    )
}

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

// R1 turn 2 has 18 words (inside the 15–80 window), R1 turn 4 has 6, R2 turn 2 has 18.
const R1: &str = "I: Hoe gaat de samenwerking?\nR: De samenwerking met meneer Jansen van de gemeente is goed en we hebben elke week een overleg samen.\nI: En de verantwoordelijkheid?\nR: De eindverantwoordelijkheid ligt bij ons team.\n";
const R2: &str = "I: Vertel eens.\nR: Het overleg is lastig want niemand in de keten voelt zich echt verantwoordelijk voor deze cliënten, zegt Jansen.\n";
const RESPONDENTS: &str = "id;role;interview_date\nR1;professional;2024-01-10\nR2;expert;2024-01-03\n";

fn project(extra_output: &str, more: &[(&str, &str)]) -> Project {
    let toml = toml(extra_output);
    let mut files = vec![
        ("analyse.toml", toml.as_str()),
        ("codebooks/mini.yaml", CODEBOOK),
        ("transcripts/R1.txt", R1),
        ("transcripts/R2.txt", R2),
        ("respondents.csv", RESPONDENTS),
    ];
    files.extend_from_slice(more);
    Project::new(&files)
}

#[test]
fn run_writes_report_workbook_quotes_and_figures() {
    let p = project("", &[]);
    let outcome = p.analyse(&["run"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    for figure in ["code_by_role", "code_by_document"] {
        assert!(p.read_out(&format!("figures/{figure}.svg")).starts_with("<svg"));
        assert!(std::fs::read(p.out(&format!("figures/{figure}.png"))).unwrap().starts_with(b"\x89PNG"));
    }
    // One sheet per table: respondents, coded_segments, code_frequencies, cooccurrence, saturation.
    let xlsx = std::fs::read(p.out("tables.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&xlsx)).unwrap();
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut workbook).unwrap();
    for sheet in ["respondents", "coded_segments", "code_frequencies", "cooccurrence", "saturation"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "sheet {sheet} missing: {workbook}");
    }
    let html = p.read_out("report.html");
    for forbidden in ["http:", "https:", "<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(forbidden), "report.html contains {forbidden}");
    }
    // Every figure inline, the quote book and the verdict in it.
    assert_eq!(
        html.matches("<svg ").count(),
        5,
        "heatmap, saturation, saturation per role (small multiples), code_by_role, code_by_document"
    );
    assert!(html.contains("Saturatie volgens het 10+3-criterium") && html.contains("niet bereikt binnen 2 interviews"));
    let manifest = p.read_out("manifest.json");
    for output in ["report.html", "tables.xlsx", "quotes/quotes.md", "quotes/quotes.tex"] {
        assert!(manifest.contains(&format!("\"{output}\"")), "{output} not in the manifest");
    }

    // The same inputs give the same bytes.
    let first: Vec<Vec<u8>> = ["report.html", "tables.xlsx", "quotes/quotes.md", "figures/code_by_role.png"]
        .iter()
        .map(|f| std::fs::read(p.out(f)).unwrap())
        .collect();
    std::fs::remove_dir_all(p.path().join("out")).unwrap();
    assert_eq!(p.analyse(&["run"]).code, 0);
    for (k, f) in ["report.html", "tables.xlsx", "quotes/quotes.md", "figures/code_by_role.png"].iter().enumerate() {
        assert_eq!(std::fs::read(p.out(f)).unwrap(), first[k], "{f} differs between runs");
    }
}

#[test]
fn quotes_by_hand() {
    let p = project("quotes_per_code = 1", &[]);
    assert_eq!(p.analyse(&["run"]).code, 0);
    let md = p.read_out("quotes/quotes.md");
    // samenwerking: only R1 turn 2 (18 words); overleg: R1 turn 2 (18 words, codes
    // samenwerking and overleg: 1 other) and R2 turn 2 (18 words, codes overleg and
    // verantwoordelijkheid: 1 other) tie on window and focus; document order puts R1 first.
    let r1 = "> “De samenwerking met meneer Jansen van de gemeente is goed en we hebben elke week een overleg samen.” (R1, professional)";
    assert!(md.contains(&format!("## Samenwerking (`samenwerking`)\n\n{r1}\n<!-- R1, segment 2 -->")), "{md}");
    assert!(md.contains(&format!("## Overleg (`overleg`)\n\n{r1}\n")), "{md}");
    // verantwoordelijkheid: R2 turn 2 (18 words) beats R1 turn 4 (6 words, outside the window).
    assert!(md.contains("## Verantwoordelijkheid (`verantwoordelijkheid`)\n\n> “Het overleg is lastig"), "{md}");
    let tex = p.read_out("quotes/quotes.tex");
    assert!(tex.contains("\\subsection*{Verantwoordelijkheid}\n\\begin{quote}\n``Het overleg is lastig"), "{tex}");
}

#[test]
fn unknown_attribution_placeholder_is_an_error_about_analyse_toml() {
    let p = project("", &[]);
    std::fs::write(p.path().join("analyse.toml"), toml("").replace("{role}", "{rol}")).unwrap();
    let outcome = p.analyse(&["run"]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    for part in ["analyse.toml", "[output] quote_attribution", "{rol}", "known: id, role, interview_date"] {
        assert!(outcome.stderr.contains(part), "stderr lacks {part}: {}", outcome.stderr);
    }
    assert!(!p.path().join("out").exists(), "nothing may be written");
}

#[test]
fn pseudonyms_replace_names_in_every_output() {
    let p = project(
        "pseudonyms = \"pseudoniemen.csv\"",
        &[("pseudoniemen.csv", "real,pseudonym,kind\nJansen,[ambtenaar],person\n")],
    );
    let outcome = p.analyse(&["run"]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let mut names = Vec::new();
    fn walk(dir: &Path, into: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path, into)
            } else {
                into.push(path)
            }
        }
    }
    walk(&p.path().join("out"), &mut names);
    // The incremental cache (`out/.cache`, git-ignored) holds the corpus as read, real names
    // included, like the transcripts themselves: it is not an output (docs/outputs.md).
    let cache = p.path().join("out/.cache");
    let outputs = names.iter().filter(|path| !path.starts_with(&cache));
    // Binary formats are left to the program's own check; a `.parquet` table (with the
    // `parquet` feature) holds the same cells as its `.csv`, which is read here.
    let binary = |p: &PathBuf| p.extension().is_some_and(|e| e == "png" || e == "xlsx" || e == "parquet");
    for path in outputs.filter(|p| !binary(p)) {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(!text.to_lowercase().contains("jansen"), "{} still names Jansen", path.display());
    }
    assert!(p.read_out("quotes/quotes.md").contains("meneer [ambtenaar] van de gemeente"));
    assert!(p.read_out("tables/coded_segments.csv").contains("zegt [ambtenaar]."));
    // The mapping is an input: its hash is in the manifest (its names are not).
    assert!(p.read_out("manifest.json").contains("\"pseudoniemen.csv\""));
}

#[test]
fn a_name_the_mapping_cannot_reach_fails_the_run_before_writing() {
    // The title is not pseudonymised text: it goes into the manifest as it is.
    let p = project(
        "pseudonyms = \"pseudoniemen.csv\"",
        &[("pseudoniemen.csv", "real,pseudonym\nPietersen,P\nMini,[studie]\n")],
    );
    let outcome = p.analyse(&["run"]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("pseudoniemen.csv:3") && outcome.stderr.contains("'Mini'"), "{}", outcome.stderr);
    assert!(!p.path().join("out").exists(), "nothing may be written");
}

/// Chromium renders report.html to a screenshot that is not blank and shows the report's
/// accent colour (so the inline CSS applied). Skipped, with a message, without Chromium.
#[test]
fn report_renders_in_headless_chromium() {
    let Some(browser) = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|b| Process::new(b).arg("--version").output().map(|o| o.status.success()).unwrap_or(false))
    else {
        eprintln!("SKIPPED report_renders_in_headless_chromium: no chromium on PATH (apt-get install chromium)");
        return;
    };
    let p = project("", &[]);
    assert_eq!(p.analyse(&["run"]).code, 0);
    let profile = tempfile::tempdir().unwrap();
    let shot_dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let shot = shot_dir.join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let url = format!("file://{}", p.out("report.html").canonicalize().unwrap().display());
    let output = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,4000")
        .arg(&url)
        .output()
        .unwrap();
    assert!(shot.is_file(), "no screenshot; chromium said:\n{}", String::from_utf8_lossy(&output.stderr));
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&shot).unwrap()).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (1280, 4000));
    let pixels = pixmap.pixels();
    let ink = pixels.iter().filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200).count();
    assert!(ink * 100 > pixels.len(), "the screenshot is (nearly) blank: {ink} of {} pixels", pixels.len());
    // The header's rule is #0072B2.
    let accent = pixels
        .iter()
        .filter(|p| p.red().abs_diff(0) < 8 && p.green().abs_diff(114) < 8 && p.blue().abs_diff(178) < 8)
        .count();
    assert!(accent > 1000, "the report's accent colour is missing ({accent} pixels): the CSS did not apply");
    eprintln!("screenshot: {}", shot.display());
}
