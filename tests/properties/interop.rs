//! Files of other QDA tools: REFI-QDA projects and codebooks, and the coded-segment exports of
//! MAXQDA, ATLAS.ti and Taguette (CSV or XLSX), then placed in the project's documents.

use std::path::Path;

use analyse::corpus::sheet::{read_csv, read_sheet, Sheet};
use analyse::corpus::{parse_document, text, Corpus, CorpusOptions};
use analyse::interop::formats::from_sheet;
use analyse::interop::import::match_to_project;
use analyse::interop::model::ImportedProject;
use analyse::interop::qdpx_read::{read_qdc, read_qdpx};
use proptest::prelude::*;
use proptest::sample::Index;
use unicode_normalization::UnicodeNormalization;

use crate::refi_xml::{qde, source_bytes};
use crate::roundtrip::project;
use crate::support::{
    any_bytes, any_text, cell_text, config, damage, dutch_text, text_damage, xlsx, xlsx_with_sheet, zip,
};

/// What every importer promises of an `Ok`: codes form a tree (a parent comes before its
/// child), every segment points at a source and a code that exist, and a span lies in its
/// source's text, which the segment's text (if any) repeats.
fn check_imported(p: &ImportedProject) -> Result<(), TestCaseError> {
    for (i, code) in p.codes.iter().enumerate() {
        prop_assert!(code.parent.is_none_or(|parent| parent < i), "code {} has parent {:?}", i, code.parent);
    }
    for s in &p.segments {
        prop_assert!(s.source < p.sources.len() && s.code < p.codes.len(), "{:?}", s);
        if let (Some((start, end)), Some(source)) = (s.span, p.sources[s.source].text.as_deref()) {
            prop_assert!(
                start <= end && end <= source.chars().count(),
                "{:?} in {} characters",
                s,
                source.chars().count()
            );
            let coded: String = source.chars().skip(start).take(end - start).collect();
            prop_assert_eq!(s.text.as_deref(), Some(coded.as_str()));
        }
    }
    Ok(())
}

/// Columns of the exports the importers recognise, and a few they do not.
const HEADERS: &[&str] = &[
    "document",
    "start",
    "end",
    "code",
    "coder",
    "text",
    "Document name",
    "Segment",
    "Created by",
    "Codes",
    "Quotation Content",
    "tag",
    "content",
    "description",
    "Beginning",
    "Other",
];

/// Cells that the importers read in different ways: numbers, code paths, ATLAS.ti document
/// names, lists of codes, HTML, empty ones, and any text.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "0",
            "3",
            "12",
            "-1",
            "",
            "  ",
            "Samenwerking\\Regie",
            "\\",
            "D7: D7.docx",
            "2 D8.docx",
            "D",
            "Regie\nPlan, concreet",
            "<p>Wij &amp; zij</p>",
            "regie,plan",
            "D1",
        ])
        .prop_map(String::from),
        cell_text(),
    ]
}

/// The columns of each export the importers recognise, and a mix of them and others.
fn header() -> impl Strategy<Value = Vec<String>> {
    let known = prop::sample::select(vec![
        vec!["document", "start", "end", "code", "coder", "text"],
        vec![
            "Color",
            "Document group",
            "Document name",
            "Code",
            "Beginning",
            "End",
            "Weight score",
            "Segment",
            "Created by",
        ],
        vec!["ID", "Document", "Codes", "Quotation Content", "Created by"],
        vec!["id", "document", "tag", "content"],
        vec!["tag", "description", "number of highlights"],
    ]);
    prop_oneof![
        3 => known.prop_map(|h| h.into_iter().map(String::from).collect()),
        1 => prop::collection::vec(prop::sample::select(HEADERS), 1..7)
            .prop_map(|h| h.into_iter().map(String::from).collect()),
    ]
}

/// A table under such a header.
fn table() -> impl Strategy<Value = Vec<Vec<String>>> {
    header().prop_flat_map(|header| {
        let width = header.len();
        prop::collection::vec(prop::collection::vec(cell(), width..=width), 0..8)
            .prop_map(move |rows| std::iter::once(header.clone()).chain(rows).collect())
    })
}

fn csv_of(table: &[Vec<String>], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(Vec::new());
    for row in table {
        w.write_record(row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// Reads a sheet as the importer does; whatever it makes of it must hold together.
fn import_sheet(path: &str, sheet: &Sheet) -> Result<(), TestCaseError> {
    if let Ok(p) = from_sheet(Path::new(path), sheet) {
        check_imported(&p)?;
        if p.origin == "generic CSV" {
            for s in &p.segments {
                let (start, end) = s.span.expect("the generic CSV has offsets");
                prop_assert!(start < end);
            }
        }
    }
    Ok(())
}

/// The text with all white space removed and composed (NFC), as the locator compares it.
fn squeezed(text: &str) -> String {
    text.nfc().filter(|c| !c.is_whitespace()).collect()
}

/// How often `needle` occurs in `haystack`, overlaps counted.
fn occurrences(haystack: &str, needle: &str) -> usize {
    (0..haystack.len()).filter(|&i| haystack.is_char_boundary(i) && haystack[i..].starts_with(needle)).count()
}

proptest! {
    #![proptest_config(config())]

    /// A `.qdpx` or `.qdc` of any bytes is a project or an error.
    #[test]
    fn qdpx_and_qdc_from_any_bytes(bytes in any_bytes()) {
        if let Ok(p) = read_qdpx(Path::new("p.qdpx"), &bytes) {
            check_imported(&p)?;
        }
        if let Ok(p) = read_qdc(Path::new("p.qdc"), &bytes) {
            check_imported(&p)?;
        }
    }

    /// REFI-QDA elements in any nesting, with a source in the archive: a consistent project
    /// or an error. A `.qdc` yields codes only.
    #[test]
    fn qde_of_any_elements(xml in qde(), source in source_bytes(), damage in prop::option::of(text_damage())) {
        let xml = damage.map_or(xml.clone(), |d| d.apply(&xml));
        let bytes = zip(&[("project.qde", xml.as_bytes()), ("sources/s.txt", &source)]);
        if let Ok(p) = read_qdpx(Path::new("p.qdpx"), &bytes) {
            check_imported(&p)?;
        }
        if let Ok(p) = read_qdc(Path::new("p.qdc"), xml.as_bytes()) {
            check_imported(&p)?;
            prop_assert!(p.sources.is_empty() && p.segments.is_empty());
        }
    }

    /// An exported project with its archive damaged: a consistent project or an error.
    #[test]
    fn qdpx_damaged_archive(p in project(), damage in damage()) {
        if let Ok(imported) = read_qdpx(Path::new("p.qdpx"), &damage.apply(&p.export())) {
            check_imported(&imported)?;
        }
    }

    /// An exported project with its `project.qde` damaged (the archive itself intact).
    #[test]
    fn qdpx_damaged_xml(p in project(), damage in text_damage()) {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(p.export())).unwrap();
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            if name == "project.qde" {
                bytes = damage.apply(&String::from_utf8(bytes).unwrap()).into_bytes();
            }
            entries.push((name, bytes));
        }
        let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        if let Ok(imported) = read_qdpx(Path::new("p.qdpx"), &zip(&entries)) {
            check_imported(&imported)?;
        }
    }

    /// A `.qdc` of any text is codes or an error.
    #[test]
    fn qdc_from_any_text(text in any_text()) {
        if let Ok(p) = read_qdc(Path::new("p.qdc"), text.as_bytes()) {
            check_imported(&p)?;
        }
    }

    /// Any text as a CSV export, any bytes as CSV, TSV or XLSX: a consistent import or an
    /// error.
    #[test]
    fn sheets_from_anything(text in any_text(), bytes in any_bytes(), ext in prop::sample::select(vec!["csv", "tsv", "xlsx"])) {
        if let Ok(sheet) = read_csv(Path::new("x.csv"), &text) {
            import_sheet("x.csv", &sheet)?;
        }
        let path = format!("x.{ext}");
        if let Ok(sheet) = read_sheet(Path::new(&path), &bytes) {
            import_sheet(&path, &sheet)?;
        }
    }

    /// Tables under recognised columns, as CSV (any separator) and as XLSX.
    #[test]
    fn sheets_of_known_columns(table in table(), delimiter in prop::sample::select(vec![b',', b';', b'\t'])) {
        if let Ok(sheet) = read_csv(Path::new("x.csv"), &csv_of(&table, delimiter)) {
            import_sheet("x.csv", &sheet)?;
        }
        if let Ok(sheet) = read_sheet(Path::new("x.xlsx"), &xlsx(&table)) {
            import_sheet("x.xlsx", &sheet)?;
        }
    }

    /// A damaged XLSX export: its archive, or its worksheet XML.
    #[test]
    fn xlsx_damaged(table in table(), damage in damage(), xml_damage in text_damage()) {
        if let Ok(sheet) = read_sheet(Path::new("x.xlsx"), &damage.apply(&xlsx(&table))) {
            import_sheet("x.xlsx", &sheet)?;
        }
        let sheet_xml = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>document</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>tag</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>content</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>D1</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>regie</t></is></c><c r=\"C2\"><v>3</v></c></row></sheetData></worksheet>";
        if let Ok(sheet) = read_sheet(Path::new("x.xlsx"), &xlsx_with_sheet(&xml_damage.apply(sheet_xml))) {
            import_sheet("x.xlsx", &sheet)?;
        }
    }

    /// Fragments cut from a transcript and re-wrapped (white space added and removed, as
    /// exports do) are found again: never "not found"; placed where the text, white space
    /// aside, is the fragment; ambiguous only when it occurs more than once.
    #[test]
    fn fragments_are_located_in_their_document(
        doc in dutch_text(),
        cuts in prop::collection::vec((any::<Index>(), any::<Index>(), prop::collection::vec(any::<Index>(), 0..3)), 1..8),
    ) {
        let text = text::normalise(&format!("R: ja {doc}"));
        let document = parse_document("D1".into(), "D1.txt", text.clone(), None, &CorpusOptions::default()).unwrap();
        let corpus = Corpus { documents: vec![document], respondents: Default::default() };
        let codebook = crate::codebook::load("codebook:\n  id: t\ncodes:\n  - id: regie\n").unwrap();
        let chars: Vec<char> = text.chars().collect();
        let mut table = vec![["Document name", "Code", "Segment"].map(String::from).to_vec()];
        let mut fragments = Vec::new();
        for (a, b, breaks) in &cuts {
            let (x, y) = (a.index(chars.len()), b.index(chars.len()));
            let mut fragment: Vec<char> = chars[x.min(y)..=x.max(y)].to_vec();
            for at in breaks {
                let i = at.index(fragment.len() + 1);
                fragment.insert(i, '\n');
            }
            let fragment: String = fragment.into_iter().collect();
            // A fragment of white space only names no text; exports leave such rows out.
            if squeezed(&fragment).is_empty() {
                continue;
            }
            table.push(vec!["D1".to_string(), "Regie".to_string(), fragment.clone()]);
            fragments.push(fragment);
        }
        let sheet = read_csv(Path::new("m.csv"), &csv_of(&table, b',')).unwrap();
        let imported = from_sheet(Path::new("m.csv"), &sheet).unwrap();
        prop_assert_eq!(imported.segments.len(), fragments.len());
        let matched = match_to_project(&imported, &corpus, &codebook);
        prop_assert_eq!(matched.not_found + matched.missing_document + matched.by_offset, 0);
        let whole = squeezed(&text);
        let ambiguous = fragments.iter().filter(|f| occurrences(&whole, &squeezed(f)) > 1).count();
        prop_assert_eq!((matched.located, matched.ambiguous), (fragments.len() - ambiguous, ambiguous));
        for c in &matched.codings {
            let at: String = chars[c.start..c.end].iter().collect();
            prop_assert_eq!(&c.text, &at);
            prop_assert!(fragments.iter().any(|f| squeezed(f) == squeezed(&at)), "{:?} is no fragment", at);
        }
    }
}
