//! Export and import are inverses: a project written as REFI-QDA (`.qdpx`) and read back has
//! the same sources, code tree, codings and cases.

use std::collections::BTreeMap;
use std::path::Path;

use analyse::codebook::Codebook;
use analyse::coding::manual::ManualCoding;
use analyse::corpus::{text, Corpus, Document, DocumentKind, Respondent, Respondents};
use analyse::interop::model::ImportedProject;
use analyse::interop::qdpx_read::read_qdpx;
use analyse::interop::qdpx_write::{to_qdpx, ExportInput};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::codebook::yaml_quoted;
use crate::support::{cell_text, config, dutch_text};

/// A small project in memory, as `analyse export qdpx` gathers it.
#[derive(Debug, Clone)]
pub struct Project {
    pub title: String,
    pub corpus: Corpus,
    pub codebook: Codebook,
    pub manual: Vec<ManualCoding>,
}

impl Project {
    pub fn export(&self) -> Vec<u8> {
        to_qdpx(&ExportInput {
            title: &self.title,
            corpus: &self.corpus,
            codebook: &self.codebook,
            codings: &[],
            manual: &self.manual,
        })
    }
}

/// Document ids as file names give them, some with letters beyond ASCII.
const DOCUMENT_IDS: [&str; 4] = ["D1", "Ö2", "F’3", "D10"];

/// Coders' names: plain, with a diacritic, an emoji, and markup characters.
fn coder() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["sanne", "Zoë", "anna 🙂", "Jan & <Piet>", "\"o'neil\""]).prop_map(String::from),
        cell_text(),
    ]
}

/// Text of a cell or value without white space at its ends (the reader trims values).
fn value() -> impl Strategy<Value = String> {
    cell_text().prop_map(|v| v.trim().to_string())
}

/// Documents with normalised Dutch-looking text (as the corpus stage leaves it).
fn documents() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(dutch_text().prop_map(|t| text::normalise(&t)), 1..=DOCUMENT_IDS.len())
}

/// A code tree in YAML: ids that are slugs, labels of any text, each parent an earlier code.
fn codebook() -> impl Strategy<Value = Codebook> {
    let word = prop::sample::select(vec!["regie", "zorg", "samenwerking", "client", "wijk"]);
    prop::collection::vec((word, cell_text(), any::<Index>(), any::<bool>()), 1..8).prop_map(|codes| {
        let mut yaml = String::from("codebook:\n  id: t\ncodes:\n");
        for (i, (word, label, parent, has_parent)) in codes.iter().enumerate() {
            yaml.push_str(&format!("  - id: {word}-{i}\n    label: {}\n", yaml_quoted(label)));
            if i > 0 && *has_parent {
                let p = parent.index(i);
                yaml.push_str(&format!("    parent: {}-{p}\n", codes[p].0));
            }
        }
        crate::codebook::load(&yaml).expect("a valid code tree")
    })
}

/// Respondents (two attribute columns), each speaking in some of the documents.
type Cases = Vec<(Vec<String>, Vec<bool>)>;

fn respondents() -> impl Strategy<Value = Cases> {
    prop::collection::vec(
        (prop::collection::vec(value(), 2..=2), prop::collection::vec(any::<bool>(), DOCUMENT_IDS.len())),
        0..3,
    )
}

/// A coding: document, span (as fractions of its text), code, coder.
type Span = (Index, Index, Index, Index, String);

pub fn project() -> impl Strategy<Value = Project> {
    (
        cell_text(),
        documents(),
        codebook(),
        respondents(),
        prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), any::<Index>(), coder()), 0..12),
    )
        .prop_map(|(title, texts, codebook, cases, spans)| build(title, texts, codebook, cases, spans))
}

fn build(title: String, texts: Vec<String>, codebook: Codebook, cases: Cases, spans: Vec<Span>) -> Project {
    let columns = vec!["rol".to_string(), "domein ë".to_string()];
    let mut respondents = Respondents { columns: columns.clone(), by_id: BTreeMap::new() };
    let mut documents: Vec<Document> = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| Document {
            id: DOCUMENT_IDS[i].to_string(),
            source: format!("{}.txt", DOCUMENT_IDS[i]),
            kind: DocumentKind::Interview,
            respondents: Vec::new(),
            text,
            segments: Vec::new(),
            headers: Vec::new(),
            empty_pages: Vec::new(),
        })
        .collect();
    for (r, (values, speaks)) in cases.into_iter().enumerate() {
        let id = format!("R{}", r + 1);
        let attributes = columns.iter().cloned().zip(values).collect();
        respondents.by_id.insert(id.clone(), Respondent { id: id.clone(), attributes });
        for (doc, _) in documents.iter_mut().zip(speaks).filter(|(_, speaks)| *speaks) {
            doc.respondents.push(id.clone());
        }
    }
    let mut manual = Vec::new();
    for (d, a, b, code, coder) in spans {
        let document = d.index(documents.len());
        let length = documents[document].text.chars().count();
        if length == 0 {
            continue;
        }
        let (x, y) = (a.index(length), b.index(length));
        let code = code.index(codebook.codes.len());
        let origin = "generated".to_string();
        manual.push(ManualCoding { document, start: x.min(y), end: x.max(y) + 1, code, coder, origin });
    }
    Project { title, corpus: Corpus { documents, respondents }, codebook, manual }
}

/// The codebook's codes in the order a REFI-QDA file lists them: each top-level code, then
/// its children, depth first.
fn tree_order(codebook: &Codebook) -> Vec<usize> {
    fn visit(codebook: &Codebook, code: usize, out: &mut Vec<usize>) {
        out.push(code);
        for child in (0..codebook.codes.len()).filter(|&c| codebook.parent_of(c) == Some(code)) {
            visit(codebook, child, out);
        }
    }
    let mut out = Vec::new();
    for top in (0..codebook.codes.len()).filter(|&c| codebook.parent_of(c).is_none()) {
        visit(codebook, top, &mut out);
    }
    out
}

/// (document id, start, end, code id, coder) of every coding, sorted and without repeats.
type Codings = Vec<(String, usize, usize, String, String)>;

fn expected_codings(p: &Project) -> Codings {
    let mut codings: Codings = p
        .manual
        .iter()
        .map(|m| {
            let doc = &p.corpus.documents[m.document];
            (doc.id.clone(), m.start, m.end, p.codebook.codes[m.code].id.clone(), m.coder.clone())
        })
        .collect();
    codings.sort();
    codings.dedup();
    codings
}

fn read_codings(p: &Project, imported: &ImportedProject, order: &[usize]) -> Codings {
    let mut codings: Codings = imported
        .segments
        .iter()
        .map(|s| {
            let (start, end) = s.span.expect("REFI-QDA selections have offsets");
            let code = &p.codebook.codes[order[s.code]].id;
            (imported.sources[s.source].name.clone(), start, end, code.clone(), s.coder.clone())
        })
        .collect();
    codings.sort();
    codings
}

/// Each respondent as a case: its attributes, then the documents it speaks in.
fn expected_cases(p: &Project) -> Vec<(String, Vec<(String, String)>)> {
    p.corpus
        .respondents
        .by_id
        .values()
        .map(|r| {
            let mut variables = r.attributes.clone();
            for doc in p.corpus.documents.iter().filter(|d| d.respondents.contains(&r.id)) {
                variables.push(("source".to_string(), doc.id.clone()));
            }
            (r.id.clone(), variables)
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    /// Sources, code tree, codings and cases come back as they went out; the export is the
    /// same bytes every time.
    #[test]
    fn qdpx_export_reads_back(p in project()) {
        let bytes = p.export();
        prop_assert_eq!(&bytes, &p.export(), "the same project exports to the same bytes");
        let imported = read_qdpx(Path::new("p.qdpx"), &bytes);
        prop_assert!(imported.is_ok(), "{:?}", imported.err());
        let imported = imported.unwrap();

        let sources: Vec<(&str, Option<&str>)> =
            imported.sources.iter().map(|s| (s.name.as_str(), s.text.as_deref())).collect();
        let documents: Vec<(&str, Option<&str>)> =
            p.corpus.documents.iter().map(|d| (d.id.as_str(), Some(d.text.as_str()))).collect();
        prop_assert_eq!(sources, documents);

        let order = tree_order(&p.codebook);
        let position = |code: usize| order.iter().position(|&c| c == code);
        let expected_tree: Vec<(&str, Option<usize>)> = order
            .iter()
            .map(|&c| (p.codebook.codes[c].label.as_str(), p.codebook.parent_of(c).and_then(position)))
            .collect();
        let tree: Vec<(&str, Option<usize>)> = imported.codes.iter().map(|c| (c.name.as_str(), c.parent)).collect();
        prop_assert_eq!(tree, expected_tree);

        prop_assert_eq!(read_codings(&p, &imported, &order), expected_codings(&p));
        for s in &imported.segments {
            let (start, end) = s.span.unwrap();
            let text: String = imported.sources[s.source].text.as_deref().unwrap().chars().skip(start).take(end - start).collect();
            prop_assert_eq!(s.text.as_deref(), Some(text.as_str()));
        }

        let cases: Vec<(String, Vec<(String, String)>)> =
            imported.cases.iter().map(|c| (c.name.clone(), c.variables.clone())).collect();
        prop_assert_eq!(cases, expected_cases(&p));
    }
}
