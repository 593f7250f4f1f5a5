//! Unit tests of the REFI-QDA reader: hand-written projects as ATLAS.ti, MAXQDA and QualCoder
//! write them, and the damaged ones a user may bring.

use std::path::Path;

use super::*;

#[test]
fn xml_beyond_the_limit_is_refused() {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("project.qde", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut w, b"<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"/>").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let err = read_qdpx_limited(Path::new("big.qdpx"), &bytes, 20).unwrap_err().to_string();
    assert!(err.contains("big.qdpx") && err.contains("project.qde") && err.contains("limit of 20"), "{err}");
    assert!(read_qdpx(Path::new("ok.qdpx"), &bytes).unwrap().codes.is_empty());
}

fn qdpx(qde: &str, sources: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("project.qde", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut w, qde.as_bytes()).unwrap();
    for (name, bytes) in sources {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut w, bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const G: &str = "00000000-0000-0000-0000-0000000000";

#[test]
fn atlas_project_with_cases_notes_whole_source_codings_and_a_pdf() {
    // ATLAS.ti counts the CRLF as one: "Wij" is 3..6 in its count of "R:\r\nWij doen het.",
    // and also 3..6 in our text "R:\nWij doen het.".
    let qde = format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="ATLAS.ti 23">
<Users><User guid="{G}0A" name="anna"/></Users>
<CodeBook><Codes><Code guid="{G}01" name="Ouder" isCodable="true" color="#aabbcc"><Description>Boven &amp; onder</Description><Code guid="{G}02" name="Kind" isCodable="true"/></Code></Codes></CodeBook>
<Variables><Variable guid="{G}20" name="rol" typeOfVariable="Text"/></Variables>
<Cases><Case guid="{G}30" name="R7"><VariableValue><VariableRef targetGUID="{G}20"/><TextValue>expert</TextValue></VariableValue><SourceRef targetGUID="{G}10"/></Case></Cases>
<Sources>
<TextSource guid="{G}10" name="R7.docx" plainTextPath="internal://a.txt">
<PlainTextSelection guid="{G}40" startPosition="3" endPosition="6" creatingUser="{G}0A"><Coding guid="{G}41"><CodeRef targetGUID="{G}02"/></Coding></PlainTextSelection>
<Coding guid="{G}42" creatingUser="{G}0A"><CodeRef targetGUID="{G}01"/></Coding>
</TextSource>
<PDFSource guid="{G}11" name="beleid.pdf" path="internal://b.pdf"><Representation guid="{G}12"><PlainTextSelection guid="{G}43" startPosition="0" endPosition="1"><Coding guid="{G}44"><CodeRef targetGUID="{G}99"/></Coding></PlainTextSelection></Representation></PDFSource>
</Sources>
<Notes><Note guid="{G}50" name="Memo 1"><PlainTextContent>Eerste indruk.</PlainTextContent></Note></Notes>
</Project>"##
    );
    let bytes = qdpx(&qde, &[("sources/a.txt", b"R:\r\nWij doen het.")]);
    let p = read_qdpx(Path::new("a.qdpx"), &bytes).unwrap();
    assert_eq!(p.code_path(1), vec!["Ouder", "Kind"]);
    assert_eq!((p.codes[0].description.as_str(), p.codes[0].colour.as_deref()), ("Boven & onder", Some("#AABBCC")));
    assert_eq!(p.sources[0].text.as_deref(), Some("R:\nWij doen het."));
    type Seen<'a> = (Option<(usize, usize)>, Option<&'a str>, usize, &'a str);
    let got: Vec<Seen> = p.segments.iter().map(|s| (s.span, s.text.as_deref(), s.code, s.coder.as_str())).collect();
    // The whole-source coding spans all 16 characters of "R:\nWij doen het.".
    assert_eq!(
        got,
        vec![(Some((3, 6)), Some("Wij"), 1, "anna"), (Some((0, 16)), Some("R:\nWij doen het."), 0, "anna")]
    );
    assert_eq!(p.cases[0].name, "R7");
    assert_eq!(
        p.cases[0].variables,
        vec![("rol".to_string(), "expert".to_string()), ("source".to_string(), "R7.docx".to_string())]
    );
    assert_eq!(p.notes, vec!["Memo 1\n\nEerste indruk.".to_string()]);
    // The PDF source and its selection (whose CodeRef is unknown) are skipped, and said so.
    assert_eq!(p.skipped, vec!["PDFSource 'beleid.pdf'".to_string()]);
}

#[test]
fn bom_before_xml_and_utf16_sources() {
    // A BOM before `<?xml` (some Windows tools write one) and a UTF-16 LE source with BOM:
    // "Één" is 3 code points, the selection 1..3 is "én".
    let qde = format!("\u{FEFF}<?xml version=\"1.0\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes><Code guid=\"{G}01\" name=\"A\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"{G}10\" name=\"S\" plainTextPath=\"internal://s.txt\"><PlainTextSelection guid=\"{G}40\" startPosition=\"1\" endPosition=\"3\"><Coding guid=\"{G}41\"><CodeRef targetGUID=\"{G}01\"/></Coding></PlainTextSelection></TextSource></Sources></Project>");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Één".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let p = read_qdpx(Path::new("u.qdpx"), &qdpx(&qde, &[("sources/s.txt", &utf16)])).unwrap();
    assert_eq!(p.segments[0].text.as_deref(), Some("én"));
    assert_eq!(p.segments[0].coder, "unknown");
    // A source that is no text at all is named.
    let err =
        read_qdpx(Path::new("u.qdpx"), &qdpx(&qde, &[("sources/s.txt", b"\x00\x01\x02")])).unwrap_err().to_string();
    assert!(err.contains("TextSource 'S'") && err.contains("not text"), "{err}");
}

#[test]
fn broken_references_name_the_element() {
    let qde = |body: &str| {
        format!(
            r#"<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="{G}01" name="A" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="{G}10" name="S"><PlainTextContent>abc</PlainTextContent>{body}</TextSource></Sources></Project>"#
        )
    };
    let read = |body: &str| read_qdpx(Path::new("b.qdpx"), &qdpx(&qde(body), &[])).map(|_| ()).unwrap_err().to_string();
    let err = read(&format!(r#"<PlainTextSelection guid="{G}40" startPosition="1" endPosition="4"/>"#));
    assert!(
        err.contains(&format!("PlainTextSelection {G}40")) && err.contains("outside the text of source 'S' (0..3)"),
        "{err}"
    );
    let err = read(&format!(r#"<PlainTextSelection guid="{G}40" startPosition="x" endPosition="2"/>"#));
    assert!(err.contains("startPosition 'x' is not a whole number"), "{err}");
    let err = read(&format!(
        r#"<PlainTextSelection guid="{G}40" startPosition="0" endPosition="2"><Coding guid="{G}41"/></PlainTextSelection>"#
    ));
    assert!(err.contains("Coding without a CodeRef"), "{err}");
    let no_text = format!(
        r#"<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources><TextSource guid="{G}10" name="S" plainTextPath="internal://missing.txt"/></Sources></Project>"#
    );
    let err = read_qdpx(Path::new("c.qdpx"), &qdpx(&no_text, &[])).unwrap_err().to_string();
    assert!(err.contains("TextSource 'S'") && err.contains("sources/missing.txt"), "{err}");
    let err = read_qdpx(Path::new("d.qdpx"), &qdpx("<Other/>", &[])).unwrap_err().to_string();
    assert!(err.contains("<Other>"), "{err}");
    let err = read_qdpx(Path::new("e.qdpx"), &qdpx("", &[])).unwrap_err().to_string();
    assert!(err.contains("is empty"), "{err}");
}

/// Regression: a `.qdc` that holds a whole project (a `project.qde` renamed) indexed the
/// texts of sources that a codebook read never reads, and panicked. It yields its codes; its
/// codings are reported as not imported.
#[test]
fn qdc_holding_a_project_keeps_its_codes_only() {
    let xml = format!(
        r#"<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes><Code guid="{G}01" name="A" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="{G}10" name="S"><PlainTextContent>abc</PlainTextContent><PlainTextSelection guid="{G}40" startPosition="0" endPosition="2"><Coding guid="{G}41"><CodeRef targetGUID="{G}01"/></Coding></PlainTextSelection></TextSource></Sources></Project>"#
    );
    let p = read_qdc(Path::new("p.qdc"), xml.as_bytes()).unwrap();
    assert_eq!(p.codes.len(), 1);
    assert!(p.sources.is_empty() && p.segments.is_empty());
    assert_eq!(p.skipped.len(), 1);
    assert!(p.skipped[0].starts_with("1 coded selections"), "{:?}", p.skipped);
}

/// Regression: a `TextSource` outside `<Sources>` (here in `<Sets>`) is no source, but its
/// selection was given to the last source read (with none read: an overflow panic). Its
/// selections, codings and text are passed over; those of the real source stay its own.
#[test]
fn a_text_source_outside_sources_is_passed_over() {
    let stray = format!(
        r#"<TextSource guid="{G}11" name="T"><PlainTextContent>xyz</PlainTextContent><PlainTextSelection guid="{G}42" startPosition="0" endPosition="1"><Coding guid="{G}43"><CodeRef targetGUID="{G}01"/></Coding></PlainTextSelection><Coding guid="{G}44"><CodeRef targetGUID="{G}01"/></Coding></TextSource>"#
    );
    let codebook = format!(r#"<CodeBook><Codes><Code guid="{G}01" name="A" isCodable="true"/></Codes></CodeBook>"#);
    let alone =
        format!(r#"<Project xmlns="urn:QDA-XML:project:1.0" name="p">{codebook}<Sets>{stray}</Sets></Project>"#);
    let p = read_qdpx(Path::new("a.qdpx"), &qdpx(&alone, &[])).unwrap();
    assert!(p.sources.is_empty() && p.segments.is_empty());
    // After a real source "abc" with its selection 1..2 ("b"), the stray one changes nothing.
    let after = format!(
        r#"<Project xmlns="urn:QDA-XML:project:1.0" name="p">{codebook}<Sources><TextSource guid="{G}10" name="S"><PlainTextContent>abc</PlainTextContent><PlainTextSelection guid="{G}40" startPosition="1" endPosition="2"><Coding guid="{G}41"><CodeRef targetGUID="{G}01"/></Coding></PlainTextSelection></TextSource></Sources><Sets>{stray}</Sets></Project>"#
    );
    let p = read_qdpx(Path::new("b.qdpx"), &qdpx(&after, &[])).unwrap();
    assert_eq!(p.sources[0].text.as_deref(), Some("abc"));
    assert_eq!(p.segments.len(), 1);
    assert_eq!(p.segments[0].span, Some((1, 2)));
    assert_eq!(p.segments[0].text.as_deref(), Some("b"));
}
