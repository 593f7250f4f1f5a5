//! A new project made from another tool's coded data: `analyse init DIR --from FILE...`.
//!
//! The inputs are folders of source texts (any format the corpus reads: .txt, .md, .docx,
//! .pdf, .vtt, .srt) and at most one export of another tool (.qdpx, .qdc, or a MAXQDA,
//! ATLAS.ti or Taguette sheet). Every source is read as the run will read it, so that each
//! lands where it belongs — `transcripts/` when it has speaker turns, `documents/` when not —
//! and the export's codings are placed on those texts before anything is written. The code
//! tree becomes one rule-less codebook, the codings `coded/<name>.csv`, and the cases and
//! variables `respondents.csv` (one row per interview; the case linked to its source gives
//! the attributes). Nothing of the example project of plain `init` is mixed in.
//!
//! Strict where `import` is lenient: a coding that cannot be placed (its source missing, its
//! text not found or found twice) stops the init naming the file and the element, since a new
//! project that silently lacks codings would give wrong tables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::import::{match_to_project, read_imported, Matched};
use super::model::{ImportedProject, InteropError};
use super::project_files::{codebook_yaml, import_name};
use crate::codebook::Codebook;
use crate::corpus::{build_corpus, looks_like_respondent_id, source_from_bytes, CorpusOptions, Document, DocumentKind};
use crate::render::OutputFile;

/// The codebook of a project made from folders of sources only: no codes yet.
const STARTER_CODEBOOK: &str = "# The codebook of this project: add codes with rules (see docs/codebook.md); `analyse run`\n# codes every transcript and document with them.\ncodebook:\n  id: \"codes\"\n  label: \"Codes\"\n\ncodes: []\n";

/// What `init --from` writes, and what it found, for the message.
#[derive(Debug, Default)]
pub struct NewProject {
    pub files: Vec<OutputFile>,
    /// Which tool the export came from (empty without an export).
    pub origin: String,
    pub interviews: Vec<String>,
    pub documents: Vec<String>,
    pub codes: usize,
    pub codings: usize,
    /// The respondent attributes taken from the export's cases (empty: none).
    pub attributes: Vec<String>,
    /// Files in the folders that are not sources (skipped), as given.
    pub skipped: Vec<String>,
    /// What `analyse.toml` must name, for the command that writes it.
    pub layout: Layout,
}

/// The paths of a new project that its `analyse.toml` names.
#[derive(Debug, Default)]
pub struct Layout {
    /// `transcripts/*.txt` etc.: one pattern per extension present.
    pub transcripts: Vec<String>,
    pub documents: Vec<String>,
    pub respondents: Option<String>,
    pub codebook: String,
    pub coded: Option<String>,
}

/// One source text: the file name it gets in the project and its bytes.
struct SourceFile {
    name: String,
    bytes: Vec<u8>,
    shown: String,
}

/// Reads `from` and makes the files of a new project (see the module documentation).
pub fn new_project(from: &[PathBuf], options: &CorpusOptions) -> Result<NewProject, InteropError> {
    let mut project = NewProject::default();
    let mut sources = Vec::new();
    let mut export: Option<ImportedProject> = None;
    for path in from {
        if path.is_dir() {
            sources.extend(folder_sources(path, &mut project.skipped)?);
        } else if let Some(first) = &export {
            return Err(InteropError::new(path, "file", format!("init takes one export, and {} is the first; make the project from one, then bring in the others with `analyse import`", first.path.display())));
        } else {
            export = Some(read_imported(path)?);
        }
    }
    let mut docs = Vec::new();
    for s in &sources {
        let doc = source_from_bytes(Path::new(&s.name), &s.shown, &s.bytes, None, options, false)
            .map_err(|e| InteropError::new(&s.shown, "source", e.to_string()))?;
        docs.push(doc);
    }
    let export = export.unwrap_or_else(|| ImportedProject { path: PathBuf::from("sources"), ..Default::default() });
    let corpus = build_corpus(docs, Default::default())
        .map_err(|e| InteropError::new(&export.path, "sources", e.to_string()))?;
    let matched = match_to_project(&export, &corpus, &Codebook::default());
    if let Some(problem) = matched.problems.first() {
        let reason = if problem.reason.starts_with("the document is not among") {
            "no source text of that name was given or is in the export: pass the folder that holds it after --from"
                .to_string()
        } else {
            format!("{}; fix the export or the source text", problem.reason)
        };
        return Err(InteropError::new(
            &export.path,
            &problem.place,
            format!(
                "the coding of '{}' in source '{}' cannot be placed ({} such codings): {reason}",
                problem.code,
                problem.document,
                matched.problems.len()
            ),
        ));
    }
    let mut all = corpus.documents;
    for (id, text) in &matched.new_transcripts {
        let name = format!("{id}.txt");
        let doc = source_from_bytes(Path::new(&name), &name, text.as_bytes(), None, options, false)
            .map_err(|e| InteropError::new(&export.path, format!("source '{id}'"), e.to_string()))?;
        sources.push(SourceFile { name, bytes: text.as_bytes().to_vec(), shown: id.clone() });
        all.push(doc);
    }
    let name = import_name(&export.path);
    project.origin = export.origin.clone();
    project.files = project_files(&mut project, &name, &export, &matched, &sources, &all, options)?;
    Ok(project)
}

/// The source files of a folder (not its sub-folders), by name; other files are listed in
/// `skipped`.
fn folder_sources(dir: &Path, skipped: &mut Vec<String>) -> Result<Vec<SourceFile>, InteropError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| InteropError::new(dir, "folder", format!("cannot be read ({e})")))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if !crate::corpus::TRANSCRIPT_EXTENSIONS.contains(&extension.as_str()) {
            skipped.push(path.display().to_string());
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| InteropError::new(&path, "file", format!("cannot be read ({e})")))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.push(SourceFile { name, bytes, shown: path.display().to_string() });
    }
    Ok(out)
}

/// Every file of the new project, `analyse.toml` last.
fn project_files(
    project: &mut NewProject,
    name: &str,
    export: &ImportedProject,
    matched: &Matched,
    sources: &[SourceFile],
    docs: &[Document],
    options: &CorpusOptions,
) -> Result<Vec<OutputFile>, InteropError> {
    let mut files = Vec::new();
    let mut extensions: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
    for (source, doc) in sources.iter().zip(docs) {
        let folder = if doc.kind == DocumentKind::Document { "documents" } else { "transcripts" };
        let list = if doc.kind == DocumentKind::Document { &mut project.documents } else { &mut project.interviews };
        list.push(doc.id.clone());
        let extension =
            Path::new(&source.name).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
        extensions.entry(folder).or_default().insert(extension);
        files.push(OutputFile::new(format!("{folder}/{}", source.name), source.bytes.clone()));
    }
    project.codes = matched.new_codes.len();
    project.codings = matched.codings.len();
    // Without an export (only folders of sources) the codebook is the researcher's to write.
    let (codebook, text) = match export.origin.is_empty() && matched.new_codes.is_empty() {
        true => ("codebooks/codes.yaml".to_string(), STARTER_CODEBOOK.to_string()),
        false => (format!("codebooks/{name}.yaml"), codebook_yaml(name, export, &matched.new_codes)),
    };
    files.push(OutputFile::new(&codebook, text));
    let coded = (!matched.codings.is_empty()).then(|| format!("coded/{name}.csv"));
    if let Some(path) = &coded {
        files.push(OutputFile::new(path, super::project_files::codings_csv(export, matched)?));
    }
    if !export.notes.is_empty() {
        let notes: Vec<String> = export.notes.iter().map(|n| format!("## {n}\n")).collect();
        files.push(OutputFile::new(format!("notes/{name}.md"), notes.join("\n")));
    }
    let respondents = respondents_csv(project, export, docs, options)?;
    if let Some(bytes) = &respondents {
        files.push(OutputFile::new("respondents.csv", bytes.clone()));
    }
    let patterns = |folder: &str| -> Vec<String> {
        extensions.get(folder).into_iter().flatten().map(|e| format!("{folder}/*.{e}")).collect()
    };
    project.layout = Layout {
        transcripts: patterns("transcripts"),
        documents: patterns("documents"),
        respondents: respondents.map(|_| "respondents.csv".to_string()),
        codebook,
        coded,
    };
    Ok(files)
}

/// One row per respondent of the interviews (the document id, as the run resolves speakers
/// without a respondents file), with the variables of the export's case linked to the
/// document's source; `None` when there are no interviews.
fn respondents_csv(
    project: &mut NewProject,
    export: &ImportedProject,
    docs: &[Document],
    options: &CorpusOptions,
) -> Result<Option<Vec<u8>>, InteropError> {
    let mut rows: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for doc in docs.iter().filter(|d| d.kind != DocumentKind::Document) {
        let case = export
            .cases
            .iter()
            .find(|c| c.variables.iter().any(|(k, v)| k == "source" && super::import::source_document_id(v) == doc.id));
        let variables: Vec<(String, String)> =
            case.map(|c| c.variables.iter().filter(|(k, _)| k != "source").cloned().collect()).unwrap_or_default();
        // Read without a respondents file every turn is the document's; with the file written
        // here, a label shaped like an id (`F1:` in a focus group) is a respondent of its own,
        // so it needs a row too (without the document's case variables).
        rows.entry(doc.id.clone()).or_insert_with(|| variables.clone());
        for segment in &doc.segments {
            let is_interviewer = options.interviewer_labels.iter().any(|l| l.eq_ignore_ascii_case(&segment.label));
            if !is_interviewer && looks_like_respondent_id(&segment.label) {
                rows.entry(segment.label.clone()).or_default();
            }
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let mut columns: Vec<String> = Vec::new();
    for (k, _) in rows.values().flatten() {
        if !columns.contains(k) {
            columns.push(k.clone());
        }
    }
    project.attributes = columns.clone();
    let csv_error = |e: csv::Error| InteropError::new(&export.path, "respondents", format!("CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id".to_string()];
    header.extend(columns.iter().cloned());
    w.write_record(&header).map_err(csv_error)?;
    let mut ids: Vec<&String> = rows.keys().collect();
    ids.sort_by(|a, b| crate::corpus::natural_cmp(a, b));
    for id in ids {
        let mut row = vec![id.clone()];
        for c in &columns {
            let values: Vec<&str> = rows[id].iter().filter(|(k, _)| k == c).map(|(_, v)| v.as_str()).collect();
            row.push(values.join("; "));
        }
        w.write_record(&row).map_err(csv_error)?;
    }
    Ok(Some(w.into_inner().map_err(|e| csv_error(e.into_error().into()))?))
}
