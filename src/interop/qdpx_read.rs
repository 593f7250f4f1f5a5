//! Reading REFI-QDA projects (`.qdpx`: a zip with `project.qde` and `sources/`) and codebooks
//! (`.qdc`) as ATLAS.ti, MAXQDA, NVivo, QualCoder and Taguette write them.
//!
//! Read leniently, checked strictly: elements this version does not use (graphs, sets, links,
//! pictures, audio) are skipped, but every selection must lie inside its source's text and
//! every `CodeRef` must name a code of the codebook. Offsets count code points of the source
//! text as stored; they are carried over to the text as `analyse` normalises it (CRLF → LF,
//! NFC). ATLAS.ti counts a CRLF as one character; files whose `origin` names ATLAS.ti are read
//! that way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use quick_xml::XmlVersion;

use super::model::{ImportedCase, ImportedCode, ImportedProject, ImportedSegment, ImportedSource, InteropError};
use crate::corpus::safe_zip::SafeZip;
use crate::corpus::text;

/// Largest `project.qde` (or `.qdc`) read; sources may be inline, so this is generous.
pub const MAX_XML_BYTES: u64 = 128 * 1024 * 1024;

/// Reads a `.qdpx` file.
pub fn read_qdpx(path: &Path, bytes: &[u8]) -> Result<ImportedProject, InteropError> {
    read_qdpx_limited(path, bytes, MAX_XML_BYTES)
}

/// [`read_qdpx`] with another limit on the size of `project.qde`.
pub fn read_qdpx_limited(path: &Path, bytes: &[u8], xml_limit: u64) -> Result<ImportedProject, InteropError> {
    let mut zip = SafeZip::open(bytes, path)?;
    // Every entry's sizes are checked, read or not: a bomb anywhere makes the file suspect.
    for name in zip.names() {
        zip.check(&name)?;
    }
    let qde =
        zip.names().into_iter().find(|n| n.to_lowercase().ends_with(".qde") && !n.contains('/')).ok_or_else(|| {
            InteropError::new(path, "archive", "has no project.qde; is it a REFI-QDA project (.qdpx)?")
        })?;
    let xml = zip.read(&qde, xml_limit)?;
    let raw = parse_qde(path, &qde, &xml)?;
    let base =
        raw.base_path.clone().map(PathBuf::from).unwrap_or_else(|| path.parent().unwrap_or(Path::new(".")).into());
    let mut texts = Vec::with_capacity(raw.sources.len());
    for source in &raw.sources {
        let place = format!("TextSource '{}'", source.name);
        let bytes = match (&source.inline, &source.plain_text_path) {
            (Some(inline), _) => inline.clone().into_bytes(),
            (None, Some(p)) => read_source(&mut zip, path, &base, p, &place)?,
            (None, None) => {
                return Err(InteropError::new(path, place, "has neither PlainTextContent nor plainTextPath"));
            }
        };
        let decoded = text::decode_raw(&bytes).map_err(|p| InteropError::new(path, &place, p.to_string()))?;
        texts.push(decoded);
    }
    raw.into_project(path, texts)
}

/// Reads a `.qdc` codebook: codes only.
pub fn read_qdc(path: &Path, bytes: &[u8]) -> Result<ImportedProject, InteropError> {
    if bytes.len() as u64 > MAX_XML_BYTES {
        return Err(InteropError::new(
            path,
            "file",
            format!("is larger than {} MB; refusing to read it", MAX_XML_BYTES >> 20),
        ));
    }
    let raw = parse_qde(path, "codebook", bytes)?;
    raw.into_project(path, Vec::new())
}

fn read_source(
    zip: &mut SafeZip,
    path: &Path,
    base: &Path,
    reference: &str,
    place: &str,
) -> Result<Vec<u8>, InteropError> {
    if let Some(inner) = reference.strip_prefix("internal://") {
        let name = format!("sources/{inner}");
        if !zip.contains(&name) {
            return Err(InteropError::new(
                path,
                place,
                format!("plainTextPath {reference}: the archive has no {name}"),
            ));
        }
        return zip.read(&name, crate::corpus::safe_zip::MAX_ENTRY_BYTES);
    }
    let relative = reference.strip_prefix("relative://").unwrap_or(reference).trim_start_matches("./");
    for candidate in [relative.to_string(), format!("sources/{relative}")] {
        if zip.contains(&candidate) {
            return zip.read(&candidate, crate::corpus::safe_zip::MAX_ENTRY_BYTES);
        }
    }
    let outside = base.join(relative);
    if Path::new(relative).components().all(|c| matches!(c, std::path::Component::Normal(_))) && outside.is_file() {
        return std::fs::read(&outside)
            .map_err(|e| InteropError::new(path, place, format!("cannot read {}: {e}", outside.display())));
    }
    Err(InteropError::new(
        path,
        place,
        format!("plainTextPath {reference} is neither in the archive nor a file beside it ({})", outside.display()),
    ))
}

#[derive(Default)]
struct RawSource {
    guid: String,
    name: String,
    plain_text_path: Option<String>,
    inline: Option<String>,
}

#[derive(Default)]
struct RawSelection {
    guid: String,
    source: usize,
    /// None: the whole source (a `Coding` directly under `TextSource`).
    span: Option<(i64, i64)>,
    user: Option<String>,
    codes: Vec<(String, Option<String>)>,
}

#[derive(Default)]
struct RawProject {
    origin: String,
    base_path: Option<String>,
    users: HashMap<String, String>,
    codes: Vec<ImportedCode>,
    code_guids: Vec<String>,
    variables: HashMap<String, String>,
    cases: Vec<(ImportedCase, Vec<(String, String)>)>,
    sources: Vec<RawSource>,
    selections: Vec<RawSelection>,
    notes: Vec<String>,
    skipped: Vec<String>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().into_inner() == name).map(|a| {
        a.normalized_value(XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string())
    })
}

/// Parses `project.qde` (or a `.qdc`) into its raw parts; references are resolved later.
fn parse_qde(path: &Path, entry: &str, xml: &[u8]) -> Result<RawProject, InteropError> {
    let xml = xml.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(xml);
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut raw = RawProject::default();
    let mut stack: Vec<String> = Vec::new();
    let mut code_stack: Vec<usize> = Vec::new();
    let mut text: Option<String> = None; // text of the element being read, when wanted
    let mut case: Option<(ImportedCase, Vec<(String, String)>)> = None;
    let mut variable_ref: Option<String> = None;
    let mut note: Option<String> = None;
    let mut root_seen = false;
    let mut coding_open = false; // inside a Coding of a text source or its selection
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            InteropError::new(path, entry, format!("is not well-formed XML at byte {}: {e}", reader.error_position()))
        })?;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::Text(t) => {
                if let Some(buffer) = text.as_mut() {
                    buffer.push_str(t.as_ref());
                }
                continue;
            }
            Event::CData(t) => {
                if let Some(buffer) = text.as_mut() {
                    buffer.push_str(&t.into_inner());
                }
                continue;
            }
            Event::GeneralRef(r) => {
                if let Some(buffer) = text.as_mut() {
                    let name: &str = r.as_ref();
                    let resolved = match name {
                        "amp" => "&".to_string(),
                        "lt" => "<".to_string(),
                        "gt" => ">".to_string(),
                        "quot" => "\"".to_string(),
                        "apos" => "'".to_string(),
                        other => match r.resolve_char_ref() {
                            Ok(Some(c)) => c.to_string(),
                            _ => format!("&{other};"),
                        },
                    };
                    buffer.push_str(&resolved);
                }
                continue;
            }
            Event::End(end) => {
                let name = end.local_name().into_inner().to_string();
                if name == "Coding" {
                    coding_open = false;
                }
                finish_element(
                    &name,
                    &stack,
                    &mut raw,
                    &mut code_stack,
                    &mut text,
                    &mut case,
                    &mut variable_ref,
                    &mut note,
                );
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.local_name().into_inner().to_string();
        if !root_seen {
            root_seen = true;
            if name != "Project" && name != "CodeBook" {
                return Err(InteropError::new(
                    path,
                    entry,
                    format!("starts with <{name}>, not <Project> or <CodeBook>; is it a REFI-QDA file?"),
                ));
            }
            raw.origin = attr(&e, "origin").unwrap_or_default();
            raw.base_path = attr(&e, "basePath");
        }
        let parent = stack.last().map(String::as_str).unwrap_or("");
        let missing = |what: &str| {
            InteropError::new(path, format!("<{name}> inside <{parent}>"), format!("has no {what} attribute"))
        };
        match name.as_str() {
            "User" => {
                let guid = attr(&e, "guid").ok_or_else(|| missing("guid"))?;
                raw.users.insert(guid.to_uppercase(), attr(&e, "name").or_else(|| attr(&e, "id")).unwrap_or(guid));
            }
            "Code" => {
                let guid = attr(&e, "guid").ok_or_else(|| missing("guid"))?;
                let code_name = attr(&e, "name").ok_or_else(|| missing("name"))?;
                raw.codes.push(ImportedCode {
                    name: code_name,
                    parent: code_stack.last().copied(),
                    description: String::new(),
                    colour: attr(&e, "color").map(|c| c.to_uppercase()),
                });
                raw.code_guids.push(guid.to_uppercase());
                if !empty {
                    code_stack.push(raw.codes.len() - 1);
                }
            }
            "Description" if parent == "Code" && !empty => text = Some(String::new()),
            "Variable" => {
                let guid = attr(&e, "guid").ok_or_else(|| missing("guid"))?;
                raw.variables.insert(guid.to_uppercase(), attr(&e, "name").ok_or_else(|| missing("name"))?);
            }
            "Case" => {
                let case_name = attr(&e, "name").or_else(|| attr(&e, "guid")).ok_or_else(|| missing("name"))?;
                case = Some((ImportedCase { name: case_name, variables: Vec::new() }, Vec::new()));
                if empty {
                    raw.cases.push(case.take().expect("just set"));
                }
            }
            "VariableRef" => variable_ref = attr(&e, "targetGUID").map(|g| g.to_uppercase()),
            "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue" | "DateTimeValue" if !empty => {
                text = Some(String::new())
            }
            "SourceRef" if parent == "Case" => {
                if let (Some((c, _)), Some(target)) = (case.as_mut(), attr(&e, "targetGUID")) {
                    c.variables.push(("\u{0}source".into(), target.to_uppercase()));
                }
            }
            "TextSource" if parent == "Sources" => {
                raw.sources.push(RawSource {
                    guid: attr(&e, "guid").ok_or_else(|| missing("guid"))?.to_uppercase(),
                    name: attr(&e, "name").unwrap_or_default(),
                    plain_text_path: attr(&e, "plainTextPath"),
                    inline: None,
                });
            }
            "PlainTextContent" if parent == "TextSource" && !empty => text = Some(String::new()),
            "PlainTextContent" if parent == "Note" && !empty => text = Some(String::new()),
            "Note" if parent == "Notes" => note = Some(attr(&e, "name").unwrap_or_default()),
            "PlainTextSelection" if parent == "TextSource" => {
                let place = || format!("PlainTextSelection {}", attr(&e, "guid").unwrap_or_default());
                let number = |key: &str| -> Result<i64, InteropError> {
                    let value =
                        attr(&e, key).ok_or_else(|| InteropError::new(path, place(), format!("has no {key}")))?;
                    value
                        .trim()
                        .parse()
                        .map_err(|_| InteropError::new(path, place(), format!("{key} '{value}' is not a whole number")))
                };
                let span = (number("startPosition")?, number("endPosition")?);
                raw.selections.push(RawSelection {
                    guid: attr(&e, "guid").unwrap_or_default(),
                    source: raw.sources.len() - 1,
                    span: Some(span),
                    user: attr(&e, "creatingUser").map(|u| u.to_uppercase()),
                    codes: Vec::new(),
                });
            }
            "PDFSource" | "PictureSource" | "AudioSource" | "VideoSource" if parent == "Sources" => {
                raw.skipped.push(format!("{name} '{}'", attr(&e, "name").unwrap_or_default()));
            }
            "Coding" if parent == "TextSource" => {
                coding_open = !empty;
                raw.selections.push(RawSelection {
                    guid: attr(&e, "guid").unwrap_or_default(),
                    source: raw.sources.len() - 1,
                    span: None,
                    user: attr(&e, "creatingUser").map(|u| u.to_uppercase()),
                    codes: vec![(String::new(), attr(&e, "creatingUser").map(|u| u.to_uppercase()))],
                });
            }
            "Coding"
                if parent == "PlainTextSelection" && stack.len() >= 2 && stack[stack.len() - 2] == "TextSource" =>
            {
                coding_open = !empty;
                if let Some(selection) = raw.selections.last_mut() {
                    selection.codes.push((String::new(), attr(&e, "creatingUser").map(|u| u.to_uppercase())));
                }
            }
            "CodeRef" if parent == "Coding" && coding_open => {
                let target = attr(&e, "targetGUID").ok_or_else(|| missing("targetGUID"))?.to_uppercase();
                if let Some((code, _)) = raw.selections.last_mut().and_then(|s| s.codes.last_mut()) {
                    *code = target;
                }
            }
            _ => {}
        }
        if !empty {
            stack.push(name);
        }
    }
    if !root_seen {
        return Err(InteropError::new(path, entry, "is empty"));
    }
    if let Some(open) = stack.last() {
        return Err(InteropError::new(
            path,
            entry,
            format!("ends before <{open}> is closed; the file is cut off or damaged"),
        ));
    }
    Ok(raw)
}

#[allow(clippy::too_many_arguments)]
fn finish_element(
    name: &str,
    stack: &[String],
    raw: &mut RawProject,
    code_stack: &mut Vec<usize>,
    text: &mut Option<String>,
    case: &mut Option<(ImportedCase, Vec<(String, String)>)>,
    variable_ref: &mut Option<String>,
    note: &mut Option<String>,
) {
    let parent = stack.len().checked_sub(2).map(|i| stack[i].as_str()).unwrap_or("");
    match name {
        "Code" => {
            code_stack.pop();
        }
        "Description" if parent == "Code" => {
            if let (Some(t), Some(&c)) = (text.take(), code_stack.last()) {
                raw.codes[c].description = t.trim().to_string();
            }
        }
        "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue" | "DateTimeValue" => {
            if let (Some(t), Some((_, values)), Some(v)) = (text.take(), case.as_mut(), variable_ref.as_ref()) {
                values.push((v.clone(), t.trim().to_string()));
            }
        }
        "Case" => {
            if let Some(c) = case.take() {
                raw.cases.push(c);
            }
        }
        "PlainTextContent" if parent == "TextSource" => {
            if let (Some(t), Some(source)) = (text.take(), raw.sources.last_mut()) {
                source.inline = Some(t);
            }
        }
        "PlainTextContent" if parent == "Note" => {
            if let (Some(t), Some(title)) = (text.take(), note.as_mut()) {
                title.push_str("\n\n");
                title.push_str(t.trim());
            }
        }
        "Note" => {
            if let Some(n) = note.take() {
                raw.notes.push(n.trim().to_string());
            }
        }
        _ => {}
    }
}

impl RawProject {
    /// Resolves references and carries offsets over to the normalised texts.
    fn into_project(self, path: &Path, texts: Vec<String>) -> Result<ImportedProject, InteropError> {
        let crlf_is_one = self.origin.to_lowercase().contains("atlas");
        let mut project = ImportedProject {
            path: path.to_path_buf(),
            origin: self.origin.clone(),
            codes: self.codes,
            ..Default::default()
        };
        let code_index: HashMap<&str, usize> =
            self.code_guids.iter().enumerate().map(|(i, g)| (g.as_str(), i)).collect();
        let mut maps = Vec::with_capacity(texts.len());
        for (source, raw_text) in self.sources.iter().zip(texts) {
            let (normalised, map) = super::offset_map::normalise_with_map(&raw_text, crlf_is_one);
            maps.push(map);
            let name = if source.name.is_empty() { source.guid.clone() } else { source.name.clone() };
            project.sources.push(ImportedSource { name, text: Some(normalised) });
        }
        for selection in &self.selections {
            let place = format!("PlainTextSelection {}", selection.guid);
            let source = &project.sources[selection.source];
            let text = source.text.as_deref().unwrap_or("");
            let map = &maps[selection.source];
            let (start, end) = match selection.span {
                Some((s, e)) => {
                    let length = map.len() as i64 - 1;
                    if s < 0 || e > length || s > e {
                        return Err(InteropError::new(
                            path,
                            place,
                            format!("startPosition {s} and endPosition {e} lie outside the text of source '{}' (0..{length})", source.name),
                        ));
                    }
                    (map[s as usize], map[e as usize])
                }
                None => (0, text.chars().count()),
            };
            let index = text::CharIndex::new(text);
            let coded = text[index.byte_of_char(start)..index.byte_of_char(end)].to_string();
            for (code_guid, coding_user) in &selection.codes {
                if code_guid.is_empty() {
                    return Err(InteropError::new(path, &place, "has a Coding without a CodeRef"));
                }
                let code = *code_index.get(code_guid.as_str()).ok_or_else(|| {
                    InteropError::new(
                        path,
                        &place,
                        format!("its CodeRef names code {code_guid}, which is not in the codebook"),
                    )
                })?;
                let user = coding_user.as_ref().or(selection.user.as_ref());
                let coder = user
                    .map(|u| self.users.get(u).cloned().unwrap_or_else(|| u.clone()))
                    .unwrap_or_else(|| "unknown".into());
                project.segments.push(ImportedSegment {
                    source: selection.source,
                    span: Some((start, end)),
                    text: Some(coded.clone()),
                    code,
                    coder,
                    place: place.clone(),
                });
            }
        }
        let source_names: HashMap<&str, &str> =
            self.sources.iter().zip(&project.sources).map(|(r, s)| (r.guid.as_str(), s.name.as_str())).collect();
        for (mut case, values) in self.cases {
            let sources: Vec<(String, String)> = case
                .variables
                .drain(..)
                .map(|(_, guid)| {
                    ("source".to_string(), source_names.get(guid.as_str()).map(|s| s.to_string()).unwrap_or(guid))
                })
                .collect();
            for (variable, value) in values {
                let name = self.variables.get(&variable).cloned().unwrap_or(variable);
                case.variables.push((name, value));
            }
            case.variables.extend(sources);
            project.cases.push(case);
        }
        project.notes = self.notes;
        project.skipped = self.skipped;
        Ok(project)
    }
}

#[cfg(test)]
mod tests {
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
        let read =
            |body: &str| read_qdpx(Path::new("b.qdpx"), &qdpx(&qde(body), &[])).map(|_| ()).unwrap_err().to_string();
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
}
