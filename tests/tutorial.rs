//! `docs/tutorial.md`, run as written: every fenced block is taken in order — `sh` blocks are
//! commands (`analyse …`, `cd`, `cp`, `rm`; a trailing `# exit N` comment is the expected exit
//! code), blocks with `file=PATH` are files to write (`docx` and `xlsx` blocks are turned into
//! a Word document and a workbook, one paragraph or row a line). Then the numbers the tutorial
//! tells are checked; each was worked out by hand from the tutorial's files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// One fenced block of the tutorial: its language, its `file=` path, its lines.
struct Block {
    lang: String,
    file: Option<String>,
    lines: Vec<String>,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in markdown.lines() {
        match (line.strip_prefix("```"), current.take()) {
            (Some(_), Some(block)) => out.push(block),
            (Some(info), None) => {
                let mut words = info.split_whitespace();
                let lang = words.next().unwrap_or("").to_string();
                let file = words.find_map(|w| w.strip_prefix("file=")).map(str::to_string);
                current = Some(Block { lang, file, lines: Vec::new() });
            }
            (None, Some(mut block)) => {
                block.lines.push(line.to_string());
                current = Some(block);
            }
            (None, None) => {}
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A Word document with one paragraph per line; `**Name**` at the start of a line is a bold run.
fn docx(lines: &[String]) -> Vec<u8> {
    use std::io::Write;
    let run = |text: &str, bold: bool| {
        let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
        format!(r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#, escape(text))
    };
    let mut body = String::new();
    for line in lines {
        let runs = match line.strip_prefix("**").and_then(|rest| rest.split_once("**")) {
            Some((name, "")) => run(name, true),
            Some((name, rest)) => run(name, true) + &run(rest, false),
            None => run(line, false),
        };
        body.push_str(&format!("<w:p>{runs}</w:p>"));
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// A workbook whose first sheet has one row per line, cells separated by `;`, all text.
fn xlsx(lines: &[String], path: &Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, line) in lines.iter().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    workbook.save(path).unwrap();
}

/// What one `analyse` command of the tutorial printed.
struct Ran {
    command: String,
    stdout: String,
    stderr: String,
}

/// Runs one `sh` line in `cwd`.
fn run_line(line: &str, cwd: &mut PathBuf, ran: &mut Vec<Ran>) {
    let (command, comment) = line.split_once('#').unwrap_or((line, ""));
    let expected: i32 =
        comment.trim().strip_prefix("exit ").and_then(|r| r.split(':').next()?.parse().ok()).unwrap_or(0);
    let words: Vec<&str> = command.split_whitespace().collect();
    match words.as_slice() {
        [] => {}
        ["cd", dir] => *cwd = cwd.join(dir),
        ["rm", files @ ..] => files.iter().for_each(|f| std::fs::remove_file(cwd.join(f)).unwrap()),
        ["cp", from, to] => {
            std::fs::copy(cwd.join(from), cwd.join(to)).unwrap();
        }
        ["analyse", args @ ..] => {
            let output = Command::cargo_bin("analyse").unwrap().current_dir(&*cwd).args(args).output().unwrap();
            let (stdout, stderr) = (
                String::from_utf8_lossy(&output.stdout).into_owned(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            );
            assert_eq!(output.status.code(), Some(expected), "`{command}` in the tutorial:\n{stdout}\n{stderr}");
            ran.push(Ran { command: command.trim().to_string(), stdout, stderr });
        }
        other => panic!("the tutorial runs `{}`, which this test does not know", other.join(" ")),
    }
}

#[test]
fn the_tutorial_runs_as_written() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tutorial.md")).unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut cwd = home.path().to_path_buf();
    let mut ran = Vec::new();
    for block in blocks(&doc) {
        match (block.lang.as_str(), &block.file) {
            ("sh", _) => block.lines.iter().for_each(|line| run_line(line, &mut cwd, &mut ran)),
            (_, None) => {}
            ("docx", Some(file)) => write(&cwd.join(file), &docx(&block.lines)),
            ("xlsx", Some(file)) => xlsx(&block.lines, &cwd.join(file)),
            (_, Some(file)) => write(&cwd.join(file), (block.lines.join("\n") + "\n").as_bytes()),
        }
    }
    let commands: Vec<&str> = ran.iter().map(|r| r.command.as_str()).collect();
    assert_eq!(
        commands,
        vec![
            "analyse init mijn-studie",
            "analyse run",
            "analyse evaluate --gold gold/D1.csv",
            "analyse run --check",
            "analyse run",
            "analyse diff mijn-codes-v1.yaml codebooks/mijn-codes.yaml",
            "analyse evaluate --gold gold/D1.csv",
        ]
    );
    let project = home.path().join("mijn-studie");
    let read = |path: &str| std::fs::read_to_string(project.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    check_first_run(&ran[1].stderr, &read("out/tables/speakers.csv"), &read("out/quotes/quotes.md"));
    check_evaluations(&ran[2], &ran[6]);
    // The diff: verantwoordelijkheid's rules changed, and it now codes 1 segment (D1's second
    // answer) where it coded none.
    assert!(ran[5].stdout.contains("verantwoordelijkheid"), "{}", ran[5].stdout);
    assert!(!project.join("out/evaluation").exists(), "evaluate writes outside the run's folder");
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Step 5: the header lines, the speakers, the codable segments and the attributions.
fn check_first_run(stderr: &str, speakers: &str, quotes: &str) {
    // D1 and D2 each have two respondent turns; the four interviewer turns are not coded.
    assert!(stderr.contains("coded 4 segments in 2 documents"), "{stderr}");
    let d1: Vec<Vec<&str>> =
        speakers.lines().filter(|l| l.starts_with("D1,")).map(|l| l.split(',').take(5).collect()).collect();
    assert_eq!(
        d1,
        vec![
            vec!["D1", "Datum", "kopregel", "", "0"],
            vec!["D1", "Onderwerp", "kopregel", "", "0"],
            vec!["D1", "Interviewer", "interviewer", "", "2"],
            vec!["D1", "Respondent", "respondent", "D1", "2"],
        ]
    );
    // D2's bold names with a plain colon: no turn text starts with ": ".
    assert!(speakers.contains("D2,Respondent,respondent,D2,2,"), "{speakers}");
    assert!(!quotes.contains("> :") && !quotes.contains("\n: "), "{quotes}");
    assert!(quotes.contains("(D1- professional operationeel niveau, zorgdomein)"), "{quotes}");
    assert!(quotes.contains("(D2- expert)"), "{quotes}");
}

/// Step 6 and 7: verantwoordelijkheid missed once in D1, then found.
fn check_evaluations(before: &Ran, after: &Ran) {
    // Units: D1's two respondent turns. verantwoordelijkheid: manual {t2}, rules {} → missed 1;
    // samenwerking (with regie): manual {t1}, rules {t1} → both 1; regie: manual {}, rules {t1}
    // → spurious 1. Then the new rule finds t2: only regie's spurious turn is left.
    assert!(before.stderr.contains("compared 2 units in 1 documents; 2 disagreements"), "{}", before.stderr);
    assert!(after.stderr.contains("compared 2 units in 1 documents; 1 disagreements"), "{}", after.stderr);
}
