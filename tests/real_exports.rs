//! Exports made by real QDA tools (tests/fixtures/make_real_exports.sh, versions in
//! tests/fixtures/real-exports/VERSIONS) through `analyse init --from` and `analyse run`: every
//! count must equal the count taken from the export itself, here with a plain CSV reader and
//! none of the program's importers, and the tool's own count in its codebook export.
//!
//! A missing fixture fails the test (it never passes silently): run the script to make it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::Project;

fn fixture(path: &str) -> PathBuf {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-exports").join(path);
    assert!(full.exists(), "fixture missing: {}; make it with tests/fixtures/make_real_exports.sh", full.display());
    full
}

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

/// Taguette's highlights: per highlight id, its document and its tags (one row per tag).
fn highlights(path: &Path) -> BTreeMap<String, (String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    for row in rows(&text).into_iter().skip(1) {
        let entry = out.entry(row[0].clone()).or_insert_with(|| (row[1].clone(), BTreeSet::new()));
        entry.1.insert(row[2].clone());
    }
    out
}

#[test]
fn taguette_highlights_give_the_counts_of_the_export() {
    let export = fixture("taguette/highlights.csv");
    let sources = fixture("taguette/sources");
    let taken = highlights(&export);
    let tags: BTreeSet<&String> = taken.values().flat_map(|(_, t)| t).collect();
    let documents_without_speakers = ["nota"];

    let p = Project::new::<&str>(&[]);
    p.analyse(&["init", "study", "--from", export.to_str().unwrap(), sources.to_str().unwrap()]).expect_code(0);
    p.analyse(&["run", "--project", "study"]).expect_code(0);

    // Frequencies: a highlight is one coded segment (each covers one respondent turn or one
    // paragraph); documents and respondents (interviews only) are those of its highlights.
    let freq = rows(&p.read("study/out/tables/code_frequencies.csv"));
    for tag in &tags {
        let with: Vec<&String> = taken.values().filter(|(_, t)| t.contains(*tag)).map(|(d, _)| d).collect();
        let docs: BTreeSet<&String> = with.iter().copied().collect();
        let respondents = docs.iter().filter(|d| !documents_without_speakers.contains(&d.as_str())).count();
        let row = freq.iter().find(|r| &r[0] == *tag).unwrap_or_else(|| panic!("no row for {tag}"));
        assert_eq!(row[3..], [with.len().to_string(), docs.len().to_string(), respondents.to_string()], "{tag}");
    }
    // Taguette's own codebook export counts highlights and documents per tag too.
    for row in rows(&std::fs::read_to_string(fixture("taguette/codebook.csv")).unwrap()).into_iter().skip(1) {
        let ours = freq.iter().find(|r| r[0] == row[0]).unwrap();
        assert_eq!((&ours[3], &ours[4]), (&row[2], &row[3]), "Taguette's count of {}", row[0]);
    }

    // Code × document: highlights per tag and document.
    let matrix = rows(&p.read("study/out/tables/code_by_document.csv"));
    for row in &matrix[1..] {
        for (column, value) in matrix[0].iter().zip(row).skip(3) {
            let expected = if column == "total" {
                taken.values().filter(|(_, t)| t.contains(&row[0])).count()
            } else {
                taken.values().filter(|(d, t)| d == column && t.contains(&row[0])).count()
            };
            assert_eq!(value, &expected.to_string(), "{} × {column}", row[0]);
        }
    }

    // Co-occurrence: highlights carrying both tags, and documents holding both.
    let cooc = rows(&p.read("study/out/tables/cooccurrence.csv"));
    assert_eq!(cooc.len() - 1, tags.len() * (tags.len() - 1) / 2, "every pair of tags");
    for row in &cooc[1..] {
        let (a, b) = (&row[0], &row[1]);
        let both = taken.values().filter(|(_, t)| t.contains(a) && t.contains(b)).count();
        let docs_of = |tag: &String| -> BTreeSet<&String> {
            taken.values().filter(|(_, t)| t.contains(tag)).map(|(d, _)| d).collect()
        };
        let docs_both = docs_of(a).intersection(&docs_of(b)).count();
        assert_eq!((row[2].clone(), row[3].clone()), (both.to_string(), docs_both.to_string()), "{a} × {b}");
    }

    // Every coded text of the export is a coded segment's text.
    let coded = p.read("study/out/tables/coded_segments.csv");
    let export_text = std::fs::read_to_string(&export).unwrap();
    for row in rows(&export_text).into_iter().skip(1) {
        let squeezed: String = row[3].split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(coded.contains(&squeezed), "highlight {} not among the coded segments", row[0]);
    }
}

/// What qc's REFI-QDA export holds, read here with a plain XML event reader (not the
/// program's importer): codes with their parents, and per coding the coded line.
#[derive(Default)]
struct QcExport {
    /// Code name → parent code name (qc names codes by name; the tree has two levels).
    parents: BTreeMap<String, Option<String>>,
    /// Source name without `.txt` → its text.
    texts: BTreeMap<String, String>,
    /// (document, start, end in characters, code, coder), one per `<Coding>`.
    codings: Vec<(String, usize, usize, String, String)>,
}

fn read_qc_export(path: &Path) -> QcExport {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let read = |archive: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let qde = read(&mut archive, "project.qde");
    let mut reader = quick_xml::Reader::from_str(&qde);
    let (mut code_names, mut user_names) = (BTreeMap::new(), BTreeMap::new());
    let mut open_codes: Vec<String> = Vec::new();
    let (mut source, mut span, mut coder) = (String::new(), (0, 0), String::new());
    let mut export = QcExport::default();
    let mut codings = Vec::new();
    loop {
        let event = reader.read_event().unwrap();
        let (element, opens) = match &event {
            Event::Start(e) => (e.clone(), true),
            Event::Empty(e) => (e.clone(), false),
            Event::End(e) if e.local_name().into_inner() == "Code" => {
                open_codes.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let attr = |name: &str| -> String {
            let a = element.try_get_attribute(name).unwrap().unwrap_or_else(|| panic!("no {name}"));
            a.value.to_string()
        };
        match element.local_name().into_inner() {
            "User" => drop(user_names.insert(attr("guid"), attr("name"))),
            "Code" => {
                let name = attr("name");
                code_names.insert(attr("guid"), name.clone());
                export.parents.insert(name.clone(), open_codes.last().cloned());
                if opens {
                    open_codes.push(name);
                }
            }
            "TextSource" => {
                source = attr("name").trim_end_matches(".txt").to_string();
                let file = attr("plainTextPath").replace("internal://", "sources/");
                export.texts.insert(source.clone(), read(&mut archive, &file));
            }
            "PlainTextSelection" => {
                span = (attr("startPosition").parse().unwrap(), attr("endPosition").parse().unwrap())
            }
            "Coding" => coder = attr("creatingUser"),
            "CodeRef" => codings.push((source.clone(), span.0, span.1, attr("targetGUID"), coder.clone())),
            _ => {}
        }
    }
    export.codings = codings
        .into_iter()
        .map(|(d, s, e, code, user)| (d, s, e, code_names[&code].clone(), user_names[&user].clone()))
        .collect();
    export
}

#[test]
fn a_qc_refi_qda_export_with_two_coders_and_a_code_tree_gives_the_counts_of_the_export() {
    let export_path = fixture("qc/sample.qdpx");
    let export = read_qc_export(&export_path);
    assert_eq!(export.texts.len(), 5, "four interviews and a note");
    assert!(export.parents.values().any(Option::is_some), "a two-level code tree");

    // The unit the export codes is a line (qc codes lines); in these sources a line is one
    // speaker turn (`I: ` or `R: `, the next line blank) or one paragraph of a document
    // without speakers, which is the unit `analyse` counts. A respondent turn belongs to the
    // interview's respondent; an interviewer turn and a document paragraph to nobody.
    let mut units: BTreeMap<&String, BTreeSet<(String, usize)>> = BTreeMap::new();
    let mut respondent_units: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut coded_texts = Vec::new();
    for (doc, start, end, code, _) in &export.codings {
        let chars: Vec<char> = export.texts[doc].chars().collect();
        let line: String = chars[*start..*end].iter().collect();
        assert!(*start == 0 || chars[start - 1] == '\n', "{doc}:{start} starts a line");
        assert!(
            line.ends_with('\n') && chars.get(*end).is_none_or(|c| *c == '\n'),
            "{doc}:{start}: one line, then a blank one"
        );
        let is_interview = export.texts[doc].lines().any(|l| l.starts_with("R: "));
        if is_interview {
            assert!(line.starts_with("I: ") || line.starts_with("R: "), "{doc}:{start} is a turn");
        }
        if line.starts_with("R: ") {
            respondent_units.insert((doc.clone(), *start));
        }
        coded_texts.push(line.trim_start_matches("I: ").trim_start_matches("R: ").trim().to_string());
        units.entry(code).or_default().insert((doc.clone(), *start));
    }
    let codes: Vec<&String> = export.parents.keys().collect();
    let with_children = |code: &String| -> BTreeSet<(String, usize)> {
        let family = codes.iter().filter(|c| **c == code || export.parents[**c].as_ref() == Some(code));
        family.flat_map(|c| units.get(*c).into_iter().flatten().cloned()).collect()
    };
    let docs = |set: &BTreeSet<(String, usize)>| -> BTreeSet<String> { set.iter().map(|(d, _)| d.clone()).collect() };

    let p = Project::new::<&str>(&[]);
    p.analyse(&["init", "study", "--from", export_path.to_str().unwrap()]).expect_code(0);
    p.analyse(&["run", "--project", "study"]).expect_code(0);

    // Frequencies: distinct lines of the code and its sub-codes, whoever coded them; their
    // documents; the interviews among them whose respondent speaks in such a line.
    let freq = rows(&p.read("study/out/tables/code_frequencies.csv"));
    assert_eq!(freq.len() - 1, codes.len(), "a row per code of the tree");
    for code in &codes {
        let set = with_children(code);
        let respondents = docs(&set.intersection(&respondent_units).cloned().collect()).len();
        let row = freq.iter().find(|r| &r[0] == *code).unwrap_or_else(|| panic!("no row for {code}"));
        let parent = export.parents[*code].clone().unwrap_or_default();
        assert_eq!(
            row[2..],
            [parent, set.len().to_string(), docs(&set).len().to_string(), respondents.to_string()],
            "{code}"
        );
    }
    // qc's own count (`qc codes stats`): coded lines per code, each coder's counted.
    for line in std::fs::read_to_string(fixture("qc/stats.txt")).unwrap().lines().skip(2) {
        let (code, count) = line.split_once(' ').unwrap();
        let ours = export.codings.iter().filter(|c| c.3 == code).count();
        assert_eq!(ours.to_string(), count.trim(), "qc's count of {code}");
    }

    // Code × document: distinct lines of the code and its sub-codes per source.
    let matrix = rows(&p.read("study/out/tables/code_by_document.csv"));
    assert_eq!(matrix[0][3..], ["D1", "D2", "D3", "D4", "nota", "total"]);
    for row in &matrix[1..] {
        let set = with_children(&row[0]);
        for (column, value) in matrix[0].iter().zip(row).skip(3) {
            let expected = set.iter().filter(|(d, _)| column == "total" || d == column).count();
            assert_eq!(value, &expected.to_string(), "{} × {column}", row[0]);
        }
    }

    // Co-occurrence, codes as coded: lines carrying both, sources holding both; a pair for
    // every two codes that were used.
    let cooc = rows(&p.read("study/out/tables/cooccurrence.csv"));
    assert_eq!(cooc.len() - 1, units.len() * (units.len() - 1) / 2, "every pair of used codes");
    for row in &cooc[1..] {
        let (a, b) = (&units[&row[0]], &units[&row[1]]);
        let both = a.intersection(b).count();
        let docs_both = docs(a).intersection(&docs(b)).count();
        assert_eq!(row[2..4], [both.to_string(), docs_both.to_string()], "{} × {}", row[0], row[1]);
    }

    // Every coding is a coded segment, under its coder, with the coded text.
    let coded = p.read("study/out/tables/coded_segments.csv");
    for coder in ["anna", "bram"] {
        let expected = export.codings.iter().filter(|c| c.4 == coder).count();
        assert_eq!(coded.matches(&format!("coded by {coder} ")).count(), expected, "codings by {coder}");
    }
    for text in coded_texts {
        assert!(coded.contains(&text), "coded line not among the coded segments: {text}");
    }
}

/// The qc export with its coders renamed: the same sources coded by two other people.
fn with_coders_renamed(path: &Path, to: &Path) {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "project.qde" {
            let text = String::from_utf8(bytes).unwrap();
            bytes =
                text.replace("name=\"anna\"", "name=\"carla\"").replace("name=\"bram\"", "name=\"dirk\"").into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(&bytes).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn importing_a_coders_work_on_a_source_twice_is_refused_another_coders_is_not() {
    let export_path = fixture("qc/sample.qdpx");
    let p = Project::new::<&str>(&[]);
    p.analyse(&["init", "study", "--from", export_path.to_str().unwrap()]).expect_code(0);
    let before = p.read("study/analyse.toml");

    // The same export again, under another name (as after a re-export): anna's and bram's
    // codings of D1 are in coded/sample.csv already.
    std::fs::copy(&export_path, p.path().join("again.qdpx")).unwrap();
    p.analyse(&["import", "again.qdpx", "--project", "study"]).expect_code(1).expect_stderr(&[
        "again.qdpx",
        "source 'D1' coded by",
        "in coded/sample.csv (in [sources] coded)",
    ]);
    assert!(!p.exists("study/coded/imported"), "nothing written");
    assert_eq!(p.read("study/analyse.toml"), before);

    // Two files of one import in which the same coders coded the same sources: refused, naming both.
    with_coders_renamed(&export_path, &p.path().join("carla.qdpx"));
    std::fs::copy(p.path().join("carla.qdpx"), p.path().join("carla-2.qdpx")).unwrap();
    p.analyse(&["import", "carla.qdpx", "carla-2.qdpx", "--project", "study"]).expect_code(1).expect_stderr(&[
        "carla-2.qdpx",
        "source 'D1' coded by",
        "in carla.qdpx:",
        "Import only one",
    ]);
    assert!(!p.exists("study/coded/imported"), "nothing written");

    // Other coders on the same sources: their work comes in, and the tables count both.
    p.analyse(&["import", "carla.qdpx", "--project", "study"]).expect_code(0);
    p.analyse(&["run", "--project", "study"]).expect_code(0);
    let coded = p.read("study/out/tables/coded_segments.csv");
    let codings = read_qc_export(&export_path).codings;
    for (theirs, ours) in [("anna", "carla"), ("bram", "dirk")] {
        let expected = codings.iter().filter(|c| c.4 == theirs).count();
        assert_eq!(coded.matches(&format!("coded by {ours} ")).count(), expected, "{ours} as {theirs}");
    }
}

#[test]
fn two_coders_exports_make_one_project_that_counts_both() {
    // The qc export and the same export with its coders renamed: two coders each (four in
    // all) coded exactly the same lines with the same codes, so every segment count equals
    // the count of the one export (distinct lines), and each coder has their codings.
    let export_path = fixture("qc/sample.qdpx");
    let p = Project::new::<&str>(&[]);
    with_coders_renamed(&export_path, &p.path().join("carla.qdpx"));
    let init = p.analyse(&["init", "study", "--from", export_path.to_str().unwrap(), "carla.qdpx"]);
    init.expect_code(0);
    let export = read_qc_export(&export_path);
    let codings = export.codings.len();
    assert!(
        init.stdout.contains(&format!("{} codes, {} codings", export.parents.len(), 2 * codings)),
        "{}",
        init.stdout
    );
    // One codebook: carla.qdpx's codes are those of sample.qdpx, matched by name.
    assert!(p.exists("study/codebooks/sample.yaml") && !p.exists("study/codebooks/carla.yaml"));
    p.analyse(&["run", "--project", "study"]).expect_code(0);
    let coded = p.read("study/out/tables/coded_segments.csv");
    for (coder, as_coder) in [("anna", "anna"), ("bram", "bram"), ("carla", "anna"), ("dirk", "bram")] {
        let expected = export.codings.iter().filter(|c| c.4 == as_coder).count();
        assert_eq!(coded.matches(&format!("coded by {coder} ")).count(), expected, "{coder}");
    }
    let freq = rows(&p.read("study/out/tables/code_frequencies.csv"));
    for code in export.parents.keys() {
        let lines: BTreeSet<(&String, usize)> =
            export.codings.iter().filter(|c| &c.3 == code).map(|c| (&c.0, c.1)).collect();
        let row = freq.iter().find(|r| &r[0] == code).unwrap();
        if export.parents.values().all(|p| p.as_ref() != Some(code)) {
            assert_eq!(row[3], lines.len().to_string(), "{code}");
        }
    }
}
