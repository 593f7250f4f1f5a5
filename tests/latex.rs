//! Every LaTeX output compiles with pdflatex and fits the page (issue 18): a small thesis
//! chapter `\input`s every table of the sample study (`notebooks-out/`, which CI checks is
//! current with `analyse run --check`), the quote book, and a table of every character the
//! escaping handles, with only the preamble docs/outputs.md documents. The build fails on any
//! LaTeX error, on a character the font lacks, on a float taller than the page and on any
//! overfull box of more than [`TOLERANCE_PT`].
//!
//! Skipped, with a message, when pdflatex is missing; `.ci/run` installs Debian's texlive
//! and runs it explicitly. The first page is also drawn as PNG (pdftoppm) to look at.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use analyse::render::latex::to_latex;
use analyse::table::{Cell, Table};

/// An overfull box this small is invisible in print; LaTeX reports them from 0.1 pt.
const TOLERANCE_PT: f64 = 3.0;

/// The preamble of docs/outputs.md, in the class most thesis templates build on.
const PREAMBLE: &str = "\\documentclass{article}\n\\usepackage{booktabs,array,longtable}\n\\tracinglostchars=2\n";

fn sample_tex_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-out");
    let mut files = Vec::new();
    for folder in ["tables", "evaluation"] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "tex"))
            .collect();
        here.sort();
        files.extend(here);
    }
    files.push(root.join("quotes/quotes.tex"));
    files
}

/// A table of the characters LaTeX treats specially and of the symbols the program writes.
fn characters_table() -> String {
    let mut t = Table::new("characters", "Tekens: 50% & meer_dan {x} ≤ 5 − 1 → × · … “ja” [lacht]", &["tekst", "n"]);
    for text in [
        r"\ & % $ # _ { } ~ ^ < > |",
        "[lacht] a--b −1 ≤ ≥ ± × → ← ↔ ° ² …",
        "cliënt één café Ørsted Łódź Straße «oui» ‘a’ „b” – —",
        "ﬁets 😀 ħ",
    ] {
        t.push(vec![text.into(), Cell::Int(1)]);
    }
    to_latex(&t)
}

fn has(program: &str) -> bool {
    Process::new(program).arg("-v").output().map(|o| o.status.success()).unwrap_or(false)
}

#[test]
fn every_table_and_the_quote_book_compile_with_pdflatex_and_fit_the_page() {
    if !has("pdflatex") {
        eprintln!("SKIPPED every_table_and_the_quote_book_compile_with_pdflatex_and_fit_the_page: no pdflatex on PATH (apt-get install texlive-latex-base texlive-latex-recommended)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut chapter = format!("{PREAMBLE}\\begin{{document}}\n\\section{{Resultaten}}\n");
    let files = sample_tex_files();
    assert!(files.len() > 20, "the sample has {} LaTeX files", files.len());
    for (i, file) in files.iter().enumerate() {
        let name = format!("t{i}.tex");
        std::fs::copy(file, dir.path().join(&name)).unwrap();
        chapter.push_str(&format!("% {}\n\\input{{{name}}}\n", file.display()));
    }
    std::fs::write(dir.path().join("characters.tex"), characters_table()).unwrap();
    chapter.push_str("\\input{characters.tex}\n\\end{document}\n");
    std::fs::write(dir.path().join("chapter.tex"), chapter).unwrap();
    // A longtable settles its column widths over runs (through the .aux file), as in a
    // thesis build: run until LaTeX stops asking, three times at most.
    let mut log = String::new();
    for _ in 0..3 {
        let output = Process::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "chapter.tex"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        log = std::fs::read_to_string(dir.path().join("chapter.log")).unwrap_or_default();
        assert!(output.status.success(), "pdflatex failed:\n{}", errors(&log));
        if !log.contains("Rerun LaTeX") && !log.contains("Table widths have changed") {
            break;
        }
    }
    let problems = problems(&log);
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    if has("pdftoppm") {
        let png = Path::new(env!("CARGO_TARGET_TMPDIR")).join("latex-chapter");
        let status = Process::new("pdftoppm")
            .args(["-png", "-r", "60", "-f", "1", "-l", "3"])
            .arg(dir.path().join("chapter.pdf"))
            .arg(&png)
            .status()
            .unwrap();
        assert!(status.success());
        eprintln!("pages 1-3 drawn as {}-*.png", png.display());
    }
}

/// The error lines of a LaTeX log and what follows them.
fn errors(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let mut out = Vec::new();
    for (i, _) in lines.iter().enumerate().filter(|(_, l)| l.starts_with('!')) {
        out.extend(lines[i..(i + 4).min(lines.len())].iter().copied());
    }
    out.join("\n")
}

/// Overfull boxes above the tolerance, floats taller than the page, characters the font lacks.
fn problems(log: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in log.lines() {
        if let Some(rest) = line.strip_prefix("Overfull \\hbox (").or_else(|| line.strip_prefix("Overfull \\vbox (")) {
            let points: f64 = rest.split("pt").next().unwrap().parse().unwrap();
            if points > TOLERANCE_PT {
                out.push(line.to_string());
            }
        } else if line.contains("Float too large") || line.starts_with("Missing character") {
            out.push(line.to_string());
        }
    }
    out
}

#[test]
fn the_log_reader_finds_what_it_must() {
    let log = "Overfull \\hbox (609.2pt too wide) in alignment at lines 5--40\nOverfull \\hbox (1.3pt too wide) in paragraph\nLaTeX Warning: Float too large for page by 9.5pt on input line 2.\nMissing character: There is no ⁈ in font cmr10!\n";
    assert_eq!(problems(log).len(), 3);
    assert!(errors("x\n! LaTeX Error: Unicode character − (U+2212)\nnot set up\n").contains("U+2212"));
}
