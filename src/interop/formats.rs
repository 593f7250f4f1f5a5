//! Coded-segment exports of other tools, recognised by their columns: MAXQDA's "coded
//! segments", ATLAS.ti's quotations, Taguette's highlights and codebook, and the documented
//! generic CSV (`document,start,end,code,coder[,text]`, see `docs/import.md`).
//!
//! MAXQDA's `Beginning`/`End` count paragraphs, not characters, and ATLAS.ti's and Taguette's
//! exports carry no offsets at all: their segments are located by their text
//! ([`crate::corpus::locate`]). Only the generic CSV has character offsets.

use std::path::Path;

use super::model::{ImportedProject, ImportedSegment, InteropError};
use crate::corpus::sheet::Sheet;

/// Which export a table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The review file of `analyse suggest`: the generic columns plus `accept`.
    Suggestions,
    Generic,
    Maxqda,
    AtlasTi,
    TaguetteHighlights,
    TaguetteCodebook,
}

const DOCUMENT: &[&str] = &["document", "document name", "documents", "dokumentname", "documentnaam", "document_name"];
const MAXQDA_SEGMENT: &[&str] = &["segment"];
const CODE: &[&str] = &["code"];
const CODES: &[&str] = &["codes", "code(s)"];
const ATLAS_CONTENT: &[&str] = &["quotation content", "content", "quotation", "citaat", "inhoud"];
const CREATOR: &[&str] = &["created by", "erstellt von", "gemaakt door", "author", "coder", "user"];
const TAG: &[&str] = &["tag", "tags"];

/// Recognises the format by the header, or says which columns were expected.
pub fn detect(path: &Path, sheet: &Sheet) -> Result<Format, InteropError> {
    let has = |names: &[&str]| sheet.column(names).is_some();
    let generic = has(&["start"]) && has(&["end"]) && has(&["document"]) && has(CODE);
    let format = if generic && has(&["accept"]) {
        Format::Suggestions
    } else if generic {
        Format::Generic
    } else if has(DOCUMENT) && has(CODE) && has(MAXQDA_SEGMENT) {
        Format::Maxqda
    } else if has(DOCUMENT) && has(CODES) && has(ATLAS_CONTENT) {
        Format::AtlasTi
    } else if has(DOCUMENT) && has(TAG) && has(&["content"]) {
        Format::TaguetteHighlights
    } else if has(TAG) && !has(DOCUMENT) {
        Format::TaguetteCodebook
    } else {
        return Err(InteropError::new(
            path,
            "header",
            format!(
                "has the columns [{}], which match no known export; expected MAXQDA coded segments (Document name, Code, Segment, …), ATLAS.ti quotations (Document, Codes, Quotation Content, …), Taguette highlights (id, document, tag, content) or codebook (tag, description), or the generic CSV (document, start, end, code, coder[, text])",
                sheet.headers.join(", ")
            ),
        ));
    };
    Ok(format)
}

/// Turns a recognised table into an imported project.
pub fn from_sheet(path: &Path, sheet: &Sheet) -> Result<ImportedProject, InteropError> {
    let format = detect(path, sheet)?;
    let mut project = ImportedProject { path: path.to_path_buf(), origin: origin(format).into(), ..Default::default() };
    match format {
        Format::Suggestions => super::review::read_review(path, sheet, &mut project)?,
        Format::Generic => read_generic(path, sheet, &mut project)?,
        Format::Maxqda => read_maxqda(path, sheet, &mut project)?,
        Format::AtlasTi => read_atlas(sheet, &mut project),
        Format::TaguetteHighlights => read_taguette_highlights(sheet, &mut project),
        Format::TaguetteCodebook => read_taguette_codebook(sheet, &mut project),
    }
    Ok(project)
}

/// How the import report names the format.
fn origin(format: Format) -> &'static str {
    match format {
        Format::Suggestions => "reviewed suggestions of analyse suggest",
        Format::Generic => "generic CSV",
        Format::Maxqda => "MAXQDA coded segments",
        Format::AtlasTi => "ATLAS.ti quotations",
        Format::TaguetteHighlights => "Taguette highlights",
        Format::TaguetteCodebook => "Taguette codebook",
    }
}

/// Where a row stands, for messages: `line 12` (CSV) or `row 12` (XLSX).
pub(super) fn place(sheet: &Sheet, line: usize) -> String {
    format!("{} {line}", sheet.unit)
}

/// A cell of an optional column, trimmed; empty when the column or the cell is missing.
pub(super) fn cell(row: &[String], c: Option<usize>) -> String {
    c.and_then(|c| row.get(c)).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// The coder a row names, or the tool's name when its column is missing or empty: every
/// coding has a coder, and agreement is computed between them.
fn coder_or(row: &[String], c: Option<usize>, tool: &str) -> String {
    Some(cell(row, c)).filter(|c| !c.is_empty()).unwrap_or_else(|| tool.to_string())
}

/// The documented generic CSV: one row per coding, with character offsets (and optionally the
/// coded text, which checks them).
fn read_generic(path: &Path, sheet: &Sheet, project: &mut ImportedProject) -> Result<(), InteropError> {
    let col = |names: &[&str]| sheet.column(names);
    let (d, s, e, c, coder, text) =
        (col(&["document"]), col(&["start"]), col(&["end"]), col(CODE), col(&["coder"]), col(&["text"]));
    for (line, row) in &sheet.rows {
        let place = place(sheet, *line);
        let (start, end) = (offset(path, &place, row, s, "start")?, offset(path, &place, row, e, "end")?);
        if start >= end {
            return Err(InteropError::new(path, &place, format!("the span {start}..{end} is empty")));
        }
        let source = project.source_by_name(&cell(row, d));
        let code = project.code_by_path(&[cell(row, c).as_str()]);
        let coder = coder_or(row, coder, "unknown");
        let text = text.map(|t| cell_raw(row, t)).filter(|t| !t.is_empty());
        project.segments.push(ImportedSegment { source, span: Some((start, end)), text, code, coder, place });
    }
    Ok(())
}

/// A character offset of the generic CSV.
pub(super) fn offset(
    path: &Path,
    place: &str,
    row: &[String],
    c: Option<usize>,
    name: &str,
) -> Result<usize, InteropError> {
    let v = cell(row, c);
    v.parse().map_err(|_| InteropError::new(path, place, format!("{name} '{v}' is not a whole number of characters")))
}

/// MAXQDA's coded segments: the code as its path (`Parent\Child`), the segment's text (its
/// `Beginning`/`End` count paragraphs, so the text locates it).
fn read_maxqda(path: &Path, sheet: &Sheet, project: &mut ImportedProject) -> Result<(), InteropError> {
    let col = |names: &[&str]| sheet.column(names);
    let (d, c, seg, by) = (col(DOCUMENT), col(CODE), col(MAXQDA_SEGMENT), col(CREATOR));
    for (line, row) in &sheet.rows {
        let place = place(sheet, *line);
        let path_cell = cell(row, c);
        let parts: Vec<&str> = path_cell.split('\\').map(str::trim).filter(|p| !p.is_empty()).collect();
        if parts.is_empty() {
            return Err(InteropError::new(path, &place, "has no code"));
        }
        let source = project.source_by_name(&cell(row, d));
        let code = project.code_by_path(&parts);
        let coder = coder_or(row, by, "maxqda");
        let text = Some(cell_raw(row, seg.expect("detected"))).filter(|t| !t.trim().is_empty());
        project.segments.push(ImportedSegment { source, span: None, text, code, coder, place });
    }
    Ok(())
}

/// ATLAS.ti's quotations: one row per quotation, its codes in one cell (one per line, or
/// separated by commas when the cell has no line break).
fn read_atlas(sheet: &Sheet, project: &mut ImportedProject) {
    let col = |names: &[&str]| sheet.column(names);
    let (d, c, content, by) = (col(DOCUMENT), col(CODES), col(ATLAS_CONTENT), col(CREATOR));
    for (line, row) in &sheet.rows {
        let place = place(sheet, *line);
        let codes_cell = cell_raw(row, c.expect("detected"));
        let separator = if codes_cell.contains('\n') { '\n' } else { ',' };
        let names: Vec<String> =
            codes_cell.split(separator).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
        let source = project.source_by_name(&atlas_document_name(&cell(row, d)));
        let coder = coder_or(row, by, "atlas.ti");
        let text = Some(cell_raw(row, content.expect("detected"))).filter(|t| !t.trim().is_empty());
        for name in names {
            let code = project.code_by_path(&[name.as_str()]);
            project.segments.push(ImportedSegment {
                source,
                span: None,
                text: text.clone(),
                code,
                coder: coder.clone(),
                place: place.clone(),
            });
        }
    }
}

/// Taguette's highlights: the text as an HTML fragment, its tags separated by commas.
fn read_taguette_highlights(sheet: &Sheet, project: &mut ImportedProject) {
    let col = |names: &[&str]| sheet.column(names);
    let (d, t, content) = (col(DOCUMENT), col(TAG), col(&["content"]));
    for (line, row) in &sheet.rows {
        let place = place(sheet, *line);
        let source = project.source_by_name(&cell(row, d));
        let text = Some(strip_tags(&cell_raw(row, content.expect("detected")))).filter(|t| !t.trim().is_empty());
        for tag in cell(row, t).split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let code = project.code_by_path(&[tag]);
            project.segments.push(ImportedSegment {
                source,
                span: None,
                text: text.clone(),
                code,
                coder: "taguette".to_string(),
                place: place.clone(),
            });
        }
    }
}

/// Taguette's codebook: tags and their descriptions, no codings.
fn read_taguette_codebook(sheet: &Sheet, project: &mut ImportedProject) {
    let (t, description) = (sheet.column(TAG), sheet.column(&["description"]));
    for (_, row) in &sheet.rows {
        let code = project.code_by_path(&[cell(row, t).as_str()]);
        project.codes[code].description = cell(row, description);
    }
}

/// A cell as written (line breaks inside kept), without surrounding white space.
fn cell_raw(row: &[String], c: usize) -> String {
    row.get(c).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// ATLAS.ti writes documents as `D7: Interview D7.docx` or `1 Interview.docx`: the name after
/// the document number.
fn atlas_document_name(cell: &str) -> String {
    let digits = cell.trim_start_matches(|c: char| c == 'D' || c.is_ascii_digit());
    let prefixed = digits.len() < cell.len() && cell[..cell.len() - digits.len()].chars().any(|c| c.is_ascii_digit());
    match digits.strip_prefix(": ").or_else(|| digits.strip_prefix(' ')) {
        Some(rest) if prefixed && !rest.trim().is_empty() => rest.trim().to_string(),
        _ => cell.trim().to_string(),
    }
}

/// Taguette keeps highlights as HTML fragments; tags are dropped, the common entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::sheet::read_csv;

    fn import(csv: &str) -> Result<ImportedProject, String> {
        let sheet = read_csv(Path::new("x.csv"), csv).map_err(|e| e.to_string())?;
        from_sheet(Path::new("x.csv"), &sheet).map_err(|e| e.to_string())
    }

    #[test]
    fn maxqda_code_paths_and_creators() {
        let p = import("Color,Document group,Document name,Code,Beginning,End,Weight score,Segment,Created by\n#ff0000,Zorg,D7,Samenwerking\\Regie,3,3,0,\"Wij hebben\nde regie\",sanne\n").unwrap();
        assert_eq!(p.code_path(p.segments[0].code), vec!["Samenwerking", "Regie"]);
        assert_eq!(p.sources[0].name, "D7");
        assert_eq!(p.segments[0].text.as_deref(), Some("Wij hebben\nde regie"));
        assert_eq!((p.segments[0].coder.as_str(), p.segments[0].span), ("sanne", None));
    }

    #[test]
    fn atlas_codes_split_on_new_lines_or_commas() {
        let p = import("ID,Document,Codes,Quotation Content\n1:1,D7: D7.docx,\"Regie\nPlan, concreet\",Wij hebben de regie\n1:2,2 D8.docx,\"Regie, Plan\",Ja\n").unwrap();
        let codes: Vec<&str> = p.segments.iter().map(|s| p.codes[s.code].name.as_str()).collect();
        assert_eq!(codes, vec!["Regie", "Plan, concreet", "Regie", "Plan"]);
        let sources: Vec<&str> = p.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(sources, vec!["D7.docx", "D8.docx"]);
    }

    #[test]
    fn taguette_highlight_with_several_tags() {
        let p = import("id,document,tag,content\n4,D7,\"regie,plan\",<p>Wij &amp; zij</p>\n").unwrap();
        assert_eq!(p.segments.len(), 2);
        assert_eq!(p.segments[1].text.as_deref(), Some("Wij & zij"));
        let book = import("tag,description,number of highlights\nregie,Wie de regie heeft,3\n").unwrap();
        assert_eq!((book.codes[0].name.as_str(), book.codes[0].description.as_str()), ("regie", "Wie de regie heeft"));
    }

    #[test]
    fn unknown_columns_and_bad_numbers_name_the_place() {
        let err = import("naam,waarde\na,1\n").unwrap_err();
        assert!(err.contains("x.csv: header") && err.contains("[naam, waarde]"), "{err}");
        let err = import("document,start,end,code,coder\nD1,x,3,regie,s\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("start 'x'"), "{err}");
    }
}
