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
use crate::corpus::{Corpus, Respondents};

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

/// The XML of `project.qde`: users, codebook, variables, cases and sources, in the order the
/// schema requires, each section left out when it would be empty.
fn project_qde(input: &ExportInput, spans: &[Span]) -> Vec<u8> {
    let mut w = Qde(Writer::new_with_indent(Vec::new(), b' ', 1));
    w.write(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    let origin = concat!("analyse ", env!("CARGO_PKG_VERSION"));
    w.start("Project", &[("xmlns", "urn:QDA-XML:project:1.0"), ("name", input.title), ("origin", origin)]);
    write_users(&mut w, spans);
    write_codebook(&mut w, input.codebook);
    write_variables(&mut w, &input.corpus.respondents);
    write_cases(&mut w, input.corpus);
    write_sources(&mut w, input, spans);
    w.end("Project");
    let mut bytes = w.0.into_inner();
    bytes.push(b'\n');
    bytes
}

/// The XML writer of `project.qde`. Writing to memory cannot fail, so its methods return
/// nothing and a failure would be a bug (a panic), not an error to report.
struct Qde(Writer<Vec<u8>>);

impl Qde {
    fn write(&mut self, event: Event) {
        self.0.write_event(event).expect("writing XML to memory cannot fail");
    }

    fn tag<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut e = BytesStart::new(name);
        for a in attrs {
            e.push_attribute(*a);
        }
        e
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Start(Self::tag(name, attrs)));
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.write(Event::Empty(Self::tag(name, attrs)));
    }

    fn end(&mut self, name: &str) {
        self.write(Event::End(BytesEnd::new(name)));
    }
}

/// Every coder once, sorted: rule codings' coder and the manual coders.
fn write_users(w: &mut Qde, spans: &[Span]) {
    let mut coders: Vec<&str> = spans.iter().map(|s| s.coder.as_str()).collect();
    coders.sort();
    coders.dedup();
    if coders.is_empty() {
        return;
    }
    w.start("Users", &[]);
    for coder in &coders {
        w.empty("User", &[("guid", &guid("user", coder)), ("name", coder)]);
    }
    w.end("Users");
}

/// The code tree, as in a `.qdc` ([`write_code`]).
fn write_codebook(w: &mut Qde, codebook: &Codebook) {
    if codebook.codes.is_empty() {
        return;
    }
    w.start("CodeBook", &[]);
    w.start("Codes", &[]);
    for top in (0..codebook.codes.len()).filter(|&c| codebook.parent_of(c).is_none()) {
        write_code(&mut w.0, codebook, top);
    }
    w.end("Codes");
    w.end("CodeBook");
}

/// One text variable per column of the respondents file.
fn write_variables(w: &mut Qde, respondents: &Respondents) {
    if respondents.columns.is_empty() || respondents.by_id.is_empty() {
        return;
    }
    w.start("Variables", &[]);
    for column in &respondents.columns {
        w.empty("Variable", &[("guid", &guid("variable", column)), ("name", column), ("typeOfVariable", "Text")]);
    }
    w.end("Variables");
}

/// One case per respondent, with its attributes as variable values and the documents in
/// which it speaks as its sources.
fn write_cases(w: &mut Qde, corpus: &Corpus) {
    let respondents = &corpus.respondents;
    if respondents.by_id.is_empty() {
        return;
    }
    w.start("Cases", &[]);
    for (id, respondent) in &respondents.by_id {
        w.start("Case", &[("guid", &guid("case", id)), ("name", id)]);
        for (name, value) in &respondent.attributes {
            w.start("VariableValue", &[]);
            w.empty("VariableRef", &[("targetGUID", &guid("variable", name))]);
            w.start("TextValue", &[]);
            w.write(Event::Text(BytesText::new(value)));
            w.end("TextValue");
            w.end("VariableValue");
        }
        for doc in corpus.documents.iter().filter(|d| d.respondents.contains(id)) {
            w.empty("SourceRef", &[("targetGUID", &guid("source", &doc.id))]);
        }
        w.end("Case");
    }
    w.end("Cases");
}

/// Codes per selection: one selection per document, span and coder.
type Selections<'a> = BTreeMap<(usize, usize, usize, &'a str), Vec<usize>>;

/// Every document as a text source (its text in `sources/`), with its selections.
fn write_sources(w: &mut Qde, input: &ExportInput, spans: &[Span]) {
    if input.corpus.documents.is_empty() {
        return;
    }
    w.start("Sources", &[]);
    let mut by_selection: Selections = BTreeMap::new();
    for s in spans {
        by_selection.entry((s.document, s.start, s.end, s.coder.as_str())).or_default().push(s.code);
    }
    for (d, doc) in input.corpus.documents.iter().enumerate() {
        let source_guid = guid("source", &doc.id);
        let path = format!("internal://{source_guid}.txt");
        w.start("TextSource", &[("guid", &source_guid), ("name", &doc.id), ("plainTextPath", &path)]);
        for ((_, s, e, coder), codes) in by_selection.range((d, 0, 0, "")..(d + 1, 0, 0, "")) {
            write_selection(w, input.codebook, &doc.id, (*s, *e), coder, codes);
        }
        w.end("TextSource");
    }
    w.end("Sources");
}

/// One selection of a document by one coder, with one `Coding` per code. Its GUIDs derive
/// from the document, span, coder (and code), so that a re-export gives the same ones.
fn write_selection(w: &mut Qde, codebook: &Codebook, doc_id: &str, span: (usize, usize), coder: &str, codes: &[usize]) {
    let (s, e) = span;
    let key = format!("{doc_id}:{s}:{e}:{coder}");
    let user = guid("user", coder);
    w.start(
        "PlainTextSelection",
        &[
            ("guid", &guid("selection", &key)),
            ("name", &format!("{doc_id} {s}-{e}")),
            ("startPosition", &s.to_string()),
            ("endPosition", &e.to_string()),
            ("creatingUser", &user),
        ],
    );
    for &code in codes {
        let path = code_path(codebook, code);
        w.start("Coding", &[("guid", &guid("coding", &format!("{key}:{path}"))), ("creatingUser", &user)]);
        w.empty("CodeRef", &[("targetGUID", &guid("code", &path))]);
        w.end("Coding");
    }
    w.end("PlainTextSelection");
}
