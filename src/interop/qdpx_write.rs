//! Writing the whole project as a REFI-QDA project (`.qdpx`) that ATLAS.ti, MAXQDA, NVivo and
//! QualCoder open: sources, the codebook tree, respondents as cases with variables, manual
//! codings under their coders' names and rule codings under the codebook's name.
//!
//! Valid against the REFI-QDA Project schema (`tests/refi-qda/Project.xsd`, checked by
//! `tests/qdpx_check.sh`). Same project, same bytes: GUIDs are UUIDv5 of stable names
//! ([`super::guid`]), zip entries carry a fixed date, and everything is written in a sorted
//! order. Sources are stored as `sources/<GUID>.txt` (UTF-8, no BOM, `\n` line ends), exactly
//! the text offsets refer to; selections count code points, end exclusive.

use std::collections::BTreeMap;
use std::io::Write;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::guid;
use super::qdc::{code_path, write_code};
use crate::codebook::Codebook;
use crate::coding::manual::ManualCoding;
use crate::coding::{Coding, Source};
use crate::corpus::Corpus;

/// A coded span to export: document, character span, code, coder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Span {
    document: usize,
    start: usize,
    end: usize,
    coder: String,
    code: usize,
}

/// What goes into the export.
pub struct ExportInput<'a> {
    pub title: &'a str,
    pub corpus: &'a Corpus,
    pub codebook: &'a Codebook,
    /// Rule codings (other sources among them are skipped: manual codings come as spans).
    pub codings: &'a [Coding],
    pub manual: &'a [ManualCoding],
}

/// The name rule codings carry as their coder: the codebooks' ids, as `analyse:<ids>`.
pub fn rule_coder(codebook: &Codebook) -> String {
    let ids: Vec<&str> = codebook.books.iter().map(|b| b.id.as_str()).collect();
    format!("analyse:{}", ids.join("+"))
}

/// The bytes of the `.qdpx` file.
pub fn to_qdpx(input: &ExportInput) -> Vec<u8> {
    let mut spans: Vec<Span> = Vec::new();
    let rule = rule_coder(input.codebook);
    for c in input.codings.iter().filter(|c| matches!(c.source, Source::Rule { .. })) {
        let segment = &input.corpus.documents[c.document].segments[c.segment];
        spans.push(Span {
            document: c.document,
            start: segment.start,
            end: segment.end,
            coder: rule.clone(),
            code: c.code,
        });
    }
    for m in input.manual {
        spans.push(Span { document: m.document, start: m.start, end: m.end, coder: m.coder.clone(), code: m.code });
    }
    spans.sort();
    spans.dedup();
    let qde = project_qde(input, &spans);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let fail = "writing a zip archive to memory cannot fail";
    zip.start_file("project.qde", options).expect(fail);
    zip.write_all(&qde).expect(fail);
    for doc in &input.corpus.documents {
        zip.start_file(format!("sources/{}.txt", guid("source", &doc.id)), options).expect(fail);
        zip.write_all(doc.text.as_bytes()).expect(fail);
    }
    zip.finish().expect(fail).into_inner()
}

fn project_qde(input: &ExportInput, spans: &[Span]) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let write = |w: &mut Writer<Vec<u8>>, e: Event| w.write_event(e).expect("writing XML to memory cannot fail");
    let empty = |w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&str, &str)]| {
        let mut e = BytesStart::new(name);
        for a in attrs {
            e.push_attribute(*a);
        }
        w.write_event(Event::Empty(e)).expect("writing XML to memory cannot fail");
    };
    let start = |w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&str, &str)]| {
        let mut e = BytesStart::new(name);
        for a in attrs {
            e.push_attribute(*a);
        }
        w.write_event(Event::Start(e)).expect("writing XML to memory cannot fail");
    };
    let end = |w: &mut Writer<Vec<u8>>, name: &str| {
        w.write_event(Event::End(BytesEnd::new(name))).expect("writing XML to memory cannot fail")
    };
    write(&mut w, Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    let origin = concat!("analyse ", env!("CARGO_PKG_VERSION"));
    start(&mut w, "Project", &[("xmlns", "urn:QDA-XML:project:1.0"), ("name", input.title), ("origin", origin)]);

    let coders: Vec<&str> = {
        let mut c: Vec<&str> = spans.iter().map(|s| s.coder.as_str()).collect();
        c.sort();
        c.dedup();
        c
    };
    if !coders.is_empty() {
        start(&mut w, "Users", &[]);
        for coder in &coders {
            empty(&mut w, "User", &[("guid", &guid("user", coder)), ("name", coder)]);
        }
        end(&mut w, "Users");
    }
    let codebook = input.codebook;
    if !codebook.codes.is_empty() {
        start(&mut w, "CodeBook", &[]);
        start(&mut w, "Codes", &[]);
        for top in (0..codebook.codes.len()).filter(|&c| codebook.parent_of(c).is_none()) {
            write_code(&mut w, codebook, top);
        }
        end(&mut w, "Codes");
        end(&mut w, "CodeBook");
    }
    let respondents = &input.corpus.respondents;
    if !respondents.columns.is_empty() && !respondents.by_id.is_empty() {
        start(&mut w, "Variables", &[]);
        for column in &respondents.columns {
            empty(
                &mut w,
                "Variable",
                &[("guid", &guid("variable", column)), ("name", column), ("typeOfVariable", "Text")],
            );
        }
        end(&mut w, "Variables");
    }
    if !respondents.by_id.is_empty() {
        start(&mut w, "Cases", &[]);
        for (id, respondent) in &respondents.by_id {
            start(&mut w, "Case", &[("guid", &guid("case", id)), ("name", id)]);
            for (name, value) in &respondent.attributes {
                start(&mut w, "VariableValue", &[]);
                empty(&mut w, "VariableRef", &[("targetGUID", &guid("variable", name))]);
                start(&mut w, "TextValue", &[]);
                write(&mut w, Event::Text(BytesText::new(value)));
                end(&mut w, "TextValue");
                end(&mut w, "VariableValue");
            }
            for doc in input.corpus.documents.iter().filter(|d| d.respondents.contains(id)) {
                empty(&mut w, "SourceRef", &[("targetGUID", &guid("source", &doc.id))]);
            }
            end(&mut w, "Case");
        }
        end(&mut w, "Cases");
    }
    if !input.corpus.documents.is_empty() {
        start(&mut w, "Sources", &[]);
        // Selections per document: one per span and coder, with one Coding per code.
        let mut by_selection: BTreeMap<(usize, usize, usize, &str), Vec<usize>> = BTreeMap::new();
        for s in spans {
            by_selection.entry((s.document, s.start, s.end, s.coder.as_str())).or_default().push(s.code);
        }
        for (d, doc) in input.corpus.documents.iter().enumerate() {
            let source_guid = guid("source", &doc.id);
            let path = format!("internal://{source_guid}.txt");
            start(&mut w, "TextSource", &[("guid", &source_guid), ("name", &doc.id), ("plainTextPath", &path)]);
            for ((_, s, e, coder), codes) in by_selection.range((d, 0, 0, "")..(d + 1, 0, 0, "")) {
                let key = format!("{}:{s}:{e}:{coder}", doc.id);
                let user = guid("user", coder);
                start(
                    &mut w,
                    "PlainTextSelection",
                    &[
                        ("guid", &guid("selection", &key)),
                        ("name", &format!("{} {s}-{e}", doc.id)),
                        ("startPosition", &s.to_string()),
                        ("endPosition", &e.to_string()),
                        ("creatingUser", &user),
                    ],
                );
                for &code in codes {
                    let path = code_path(codebook, code);
                    start(
                        &mut w,
                        "Coding",
                        &[("guid", &guid("coding", &format!("{key}:{path}"))), ("creatingUser", &user)],
                    );
                    empty(&mut w, "CodeRef", &[("targetGUID", &guid("code", &path))]);
                    end(&mut w, "Coding");
                }
                end(&mut w, "PlainTextSelection");
            }
            end(&mut w, "TextSource");
        }
        end(&mut w, "Sources");
    }
    end(&mut w, "Project");
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}
