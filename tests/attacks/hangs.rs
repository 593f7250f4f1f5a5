//! Crashes and hangs: each answers in seconds with an exit code, never an abort or a stall.

use std::time::{Duration, Instant};

use super::{attack, out_files, study};

/// Far more than any of these needs on a loaded machine, far less than "minutes".
const PATIENCE: Duration = Duration::from_secs(60);

fn deep_codebook(depth: usize, cycle: bool) -> String {
    let mut text = String::from("codebook:\n  id: diep\ncodes:\n  - id: c0\n");
    if cycle {
        text.push_str(&format!("    parent: c{}\n", depth - 1));
    }
    text.push_str("    rules:\n      - terms: [samenwerking]\n");
    for i in 1..depth {
        text.push_str(&format!("  - id: c{i}\n    parent: c{}\n", i - 1));
    }
    text
}

#[test]
fn a_code_tree_ten_thousand_levels_deep_is_checked_in_seconds() {
    let p = study();
    p.write("diep.yaml", deep_codebook(10_000, false));
    let started = Instant::now();
    attack(&p, &["codebook", "check", "diep.yaml"], 0, &[], &[]).stdout.contains("10000 codes");
    assert!(started.elapsed() < PATIENCE, "took {:?}", started.elapsed());
}

#[test]
fn a_cycle_at_the_bottom_of_a_deep_tree_is_found_in_seconds() {
    let p = study();
    p.write("diep.yaml", deep_codebook(10_000, true));
    let started = Instant::now();
    attack(&p, &["codebook", "check", "diep.yaml"], 1, &["diep.yaml", "loops back"], &[]);
    assert!(started.elapsed() < PATIENCE, "took {:?}", started.elapsed());
}

#[test]
fn jobs_65535_is_refused_at_once() {
    let p = study();
    let started = Instant::now();
    attack(&p, &["run", "--jobs", "65535"], 1, &["--jobs", "256"], &[]);
    assert!(started.elapsed() < PATIENCE);
    assert!(!p.exists("out"));
}

#[test]
fn jobs_0_is_refused() {
    let p = study();
    attack(&p, &["run", "--jobs", "0"], 1, &["--jobs"], &[]);
    assert!(!p.exists("out"));
}

#[test]
fn jobs_256_runs() {
    let p = study();
    attack(&p, &["run", "--jobs", "256", "--quiet"], 0, &[], &[]);
    assert!(out_files(&p).contains(&"manifest.json".to_string()));
}

#[test]
fn a_control_character_in_a_code_label_never_reaches_the_svg() {
    let p = study();
    p.write("codebooks/mini.yaml", super::CODEBOOK.replace("label: Regie", "label: \"Re\\u0001gie\""));
    attack(&p, &["run"], 0, &[], &[]);
    for (path, bytes) in p.snapshot(false) {
        if path.ends_with(".svg") {
            assert!(!bytes.contains(&1u8), "{path} holds U+0001");
        }
    }
}

/// A respondents workbook whose sheet claims a cell at the last place Excel allows.
fn xlsx_with_far_cell() -> Vec<u8> {
    use std::io::Write;
    let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>id</t></is></c></row><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData></worksheet>";
    let entries: [(&str, &str); 5] = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in entries {
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_spreadsheet_claiming_a_cell_at_xfd1048576_is_refused_without_a_huge_allocation() {
    let p = study();
    p.remove("respondents.csv");
    p.write("respondents.xlsx", xlsx_with_far_cell());
    p.write("analyse.toml", super::TOML.replace("respondents.csv", "respondents.xlsx"));
    let started = Instant::now();
    attack(&p, &["run"], 1, &["respondents.xlsx"], &[]);
    assert!(started.elapsed() < PATIENCE);
    assert!(!p.exists("out"));
}
