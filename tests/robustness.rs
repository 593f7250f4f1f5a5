//! The binary on inputs that are huge, empty, broken or oddly encoded: it either does the work
//! (huge but valid input) or stops with exit 1, a message naming the file and the place, and no
//! output folder left behind.
//!
//! Expected counts are worked out from how each input is built, not read off the program.

use std::path::Path;

use assert_cmd::Command;

const TOML: &str = "[sources]\ntranscripts = [\"t/*.txt\"]\n\n[coding]\ncodebooks = [\"cb.yaml\"]\n\n[analysis]\npermutations = 20\n\n[output]\ndir = \"out\"\n";
const CODEBOOK: &str =
    "codebook:\n  id: c\ncodes:\n  - id: samenwerking\n    rules:\n      - terms: [\"samenwerk*\"]\n";

/// A project folder with `files` (path, bytes).
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    dir
}

fn run(dir: &Path) -> (i32, String) {
    let out = Command::cargo_bin("analyse").unwrap().current_dir(dir).args(["run", "--quiet"]).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Exit 1, every part in the message, nothing written.
#[track_caller]
fn refused(files: &[(&str, &[u8])], parts: &[&str]) {
    let dir = project(files);
    let (code, stderr) = run(dir.path());
    assert_eq!(code, 1, "exit code; stderr: {stderr}");
    for part in parts {
        assert!(stderr.contains(part), "stderr lacks {part:?}: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "no output folder may be left behind");
}

fn segments_of(dir: &Path, code: &str) -> usize {
    let table = std::fs::read_to_string(dir.join("out/tables/code_frequencies.csv")).unwrap();
    let row = table.lines().find(|l| l.starts_with(&format!("{code},"))).unwrap_or_else(|| panic!("{table}"));
    row.split(',').nth(3).unwrap().parse().unwrap()
}

#[test]
fn a_huge_transcript_is_coded_completely() {
    // 12,000 respondent turns, every third one about samenwerking: 4,000 coded segments.
    // Interviewer turns in between mention samenwerking too and must not count.
    let mut text = String::new();
    for i in 0..12_000 {
        text.push_str("I: En hoe gaat de samenwerking daar?\n");
        if i % 3 == 0 {
            text.push_str("R: De samenwerking met de wijkteams loopt goed, we kennen elkaar.\n");
        } else {
            text.push_str("R: Dat weet ik eigenlijk niet zo goed, daar ga ik niet over.\n")
        }
    }
    assert!(text.len() > 1_000_000);
    let dir =
        project(&[("analyse.toml", TOML.as_bytes()), ("cb.yaml", CODEBOOK.as_bytes()), ("t/D1.txt", text.as_bytes())]);
    let (code, stderr) = run(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(segments_of(dir.path(), "samenwerking"), 4_000);
}

#[test]
fn a_codebook_with_thousands_of_codes_runs() {
    // 2,000 codes, each matching its own made-up word; the transcript says words 7 and 1999.
    let mut codebook = String::from("codebook:\n  id: groot\ncodes:\n");
    for i in 0..2_000 {
        codebook.push_str(&format!("  - id: code-{i}\n    rules:\n      - terms: [\"woord{i}x\"]\n"));
    }
    let transcript = "I: Vraag?\nR: Hier zeg ik woord7x en ook woord1999x.\nI: En verder?\nR: Niets.\n";
    let dir = project(&[
        ("analyse.toml", TOML.as_bytes()),
        ("cb.yaml", codebook.as_bytes()),
        ("t/D1.txt", transcript.as_bytes()),
    ]);
    let (code, stderr) = run(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(segments_of(dir.path(), "code-7"), 1);
    assert_eq!(segments_of(dir.path(), "code-1999"), 1);
    assert_eq!(segments_of(dir.path(), "code-8"), 0);
}

const TRANSCRIPT: &[u8] = b"I: Vraag?\nR: De samenwerking is goed.\n";

#[test]
fn project_files_that_are_not_utf8_toml() {
    let with = |toml: &[u8]| -> Vec<(&'static str, Vec<u8>)> {
        vec![
            ("analyse.toml", toml.to_vec()),
            ("cb.yaml", CODEBOOK.as_bytes().to_vec()),
            ("t/D1.txt", TRANSCRIPT.to_vec()),
        ]
    };
    let check = |toml: &[u8], parts: &[&str]| {
        let files = with(toml);
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (*p, b.as_slice())).collect();
        refused(&borrowed, parts);
    };
    check(b"\xff\xfe[\x00s\x00", &["analyse.toml", "UTF-16"]);
    check(b"[output]\ndir = \"uit\xe9\"\n", &["analyse.toml", "line 2", "UTF-8"]);
    check(b"[sources]\ntranscripts = [\"t/*.txt\"\n", &["analyse.toml", "line"]);
    // Pseudo-random bytes (a fixed xorshift sequence, so the test is the same every time).
    let mut x: u32 = 2463534242;
    let noise: Vec<u8> = (0..4000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    check(&noise, &["analyse.toml"]);
}

#[test]
fn codebooks_that_are_broken_or_oddly_encoded() {
    let with = |codebook: &[u8], parts: &[&str]| {
        refused(&[("analyse.toml", TOML.as_bytes()), ("cb.yaml", codebook), ("t/D1.txt", TRANSCRIPT)], parts);
    };
    with(b"", &["cb.yaml", "empty"]);
    with(b"\xff\xfec\x00o\x00", &["cb.yaml", "line 1", "UTF-8"]);
    with(b"codebook:\n  id: c\ncodes:\n  - id: a\n    label: caf\xe9\n", &["cb.yaml", "line 5", "UTF-8"]);
    // Nesting 100,000 deep must be refused, not overflow the stack.
    let deep = format!("codebook:\n  id: c\ncodes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    with(deep.as_bytes(), &["cb.yaml", "line 3"]);
    // Aliases that would expand to 9^6 terms if followed blindly, inside named lists (a key
    // the codebook allows, so that it is the nesting, not an unknown key, that is refused).
    let mut bomb = String::from("codebook:\n  id: c\nlists:\n  x0: &a0 [w, w, w, w, w, w, w, w, w]\n");
    for i in 1..6 {
        let p = format!("*a{}", i - 1);
        bomb.push_str(&format!("  x{i}: &a{i} [{}]\n", vec![p; 9].join(", ")));
    }
    bomb.push_str("codes:\n  - id: a\n    rules:\n      - terms: ['@x5']\n");
    with(bomb.as_bytes(), &["cb.yaml"]);
}

#[test]
fn a_docx_that_is_not_a_word_file() {
    let toml = TOML.replace("[\"t/*.txt\"]", "[\"t/*.txt\", \"t/*.docx\"]");
    let check = |docx: &[u8], parts: &[&str]| {
        refused(
            &[
                ("analyse.toml", toml.as_bytes()),
                ("cb.yaml", CODEBOOK.as_bytes()),
                ("t/D1.txt", TRANSCRIPT),
                ("t/D2.docx", docx),
            ],
            parts,
        );
    };
    check(b"", &["t/D2.docx"]);
    check(b"PK\x03\x04 truncated zip", &["t/D2.docx"]);
    check(b"plain text saved as .docx", &["t/D2.docx", "Word"]);
}
