//! A new project made from other tools' coded data: `analyse init DIR --from FILE...`.
//!
//! The inputs are folders of source texts (any format the corpus reads: .txt, .md, .docx,
//! .pdf, .vtt, .srt) and exports of other tools (.qdpx, .qdc, or a MAXQDA, ATLAS.ti or
//! Taguette sheet). Every source is read as the run will read it, so that each lands where it
//! belongs — `transcripts/` when it has speaker turns, `documents/` when not — and each
//! export's codings are placed on those texts before anything is written. The first export's
//! code tree becomes a rule-less codebook, a later export's codes match it by id or label (as
//! `import` matches a project's codes) and only those it lacks get a codebook of their own;
//! the codings become `coded/<name>.csv` per export, and the cases and variables
//! `respondents.csv` (one row per interview; the case linked to its source gives the
//! attributes). Nothing of the example project of plain `init` is mixed in.
//!
//! Strict where `import` is lenient: a coding that cannot be placed (its source missing, its
//! text not found or found twice) stops the init naming the file and the element, since a new
//! project that silently lacks codings would give wrong tables; so does one coder's work on a
//! source in two exports ([`super::overlap`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::import::{match_to_project, read_imported, Matched, NewCode};
use super::model::{ImportedProject, InteropError};
use super::project_files::{codebook_yaml, import_name};
use crate::codebook::{Code, Codebook};
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
    /// The first export's code tree, then the codes each later export added.
    pub codebooks: Vec<String>,
    /// One codings file per export that has codings.
    pub coded: Vec<String>,
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
    let mut exports: Vec<ImportedProject> = Vec::new();
    for path in from {
        if path.is_dir() {
            sources.extend(folder_sources(path, &mut project.skipped)?);
        } else {
            let export = read_imported(path)?;
            if let Some(same) = exports.iter().find(|e| import_name(&e.path) == import_name(path)) {
                return Err(InteropError::new(
                    path,
                    "file",
                    format!(
                        "has the same name as {}, and the project's files are named after the export; rename one",
                        same.path.display()
                    ),
                ));
            }
            exports.push(export);
        }
    }
    let mut docs = Vec::new();
    for s in &sources {
        let doc = source_from_bytes(Path::new(&s.name), &s.shown, &s.bytes, None, options, false)
            .map_err(|e| InteropError::new(&s.shown, "source", e.to_string()))?;
        docs.push(doc);
    }
    if exports.is_empty() {
        exports.push(ImportedProject { path: PathBuf::from("sources"), ..Default::default() });
    }
    let mut codebook = Codebook::default();
    let mut placed = Vec::new();
    for export in exports {
        let corpus = build_corpus(docs.clone(), Default::default())
            .map_err(|e| InteropError::new(&export.path, "sources", e.to_string()))?;
        let matched = match_to_project(&export, &corpus, &codebook);
        refuse_unplaced(&export, &matched)?;
        for (id, text) in &matched.new_transcripts {
            let name = format!("{id}.txt");
            let doc = source_from_bytes(Path::new(&name), &name, text.as_bytes(), None, options, false)
                .map_err(|e| InteropError::new(&export.path, format!("source '{id}'"), e.to_string()))?;
            sources.push(SourceFile { name, bytes: text.as_bytes().to_vec(), shown: id.clone() });
            docs.push(doc);
        }
        codebook = with_new_codes(codebook, &matched.new_codes);
        placed.push((export, matched));
    }
    let imports: Vec<(PathBuf, &Matched)> = placed.iter().map(|(e, m)| (e.path.clone(), m)).collect();
    super::overlap::check_overlap(&[], &imports)?;
    // Two sources with one id (a folder's and an export's) stop here, naming both.
    build_corpus(docs.clone(), Default::default())
        .map_err(|e| InteropError::new(&placed[0].0.path, "sources", e.to_string()))?;
    let mut origins: Vec<&str> = Vec::new();
    for (export, _) in &placed {
        if !export.origin.is_empty() && !origins.contains(&export.origin.as_str()) {
            origins.push(&export.origin);
        }
    }
    project.origin = origins.join(", ");
    project.files = project_files(&mut project, &placed, &sources, &docs, options)?;
    Ok(project)
}

/// Stops at the first coding of `export` that cannot be placed on a source text.
fn refuse_unplaced(export: &ImportedProject, matched: &Matched) -> Result<(), InteropError> {
    let Some(problem) = matched.problems.first() else { return Ok(()) };
    let reason = if problem.reason.starts_with("the document is not among") {
        "no source text of that name was given or is in the export: pass the folder that holds it after --from"
            .to_string()
    } else {
        format!("{}; fix the export or the source text", problem.reason)
    };
    Err(InteropError::new(
        &export.path,
        &problem.place,
        format!(
            "the coding of '{}' in source '{}' cannot be placed ({} such codings): {reason}",
            problem.code,
            problem.document,
            matched.problems.len()
        ),
    ))
}

/// The codebook of the exports read so far, with the codes the last one added (so that the
/// next export's codes match them by id or label, as `import` matches a project's codes).
fn with_new_codes(codebook: Codebook, new_codes: &[NewCode]) -> Codebook {
    let mut codes = codebook.codes;
    codes.extend(new_codes.iter().map(|c| Code {
        id: c.id.clone(),
        label: c.label.clone(),
        parent: c.parent.clone(),
        colour: c.colour.clone(),
        definition: c.description.clone(),
        include: String::new(),
        exclude: String::new(),
        example: String::new(),
        rules: Vec::new(),
        codebook: String::new(),
        line: 0,
    }));
    Codebook::new(codebook.books, codes)
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
    placed: &[(ImportedProject, Matched)],
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
    let (mut codebooks, mut coded) = (Vec::new(), Vec::new());
    for (i, (export, matched)) in placed.iter().enumerate() {
        let name = import_name(&export.path);
        project.codes += matched.new_codes.len();
        project.codings += matched.codings.len();
        // Without an export (only folders of sources) the codebook is the researcher's to
        // write; a later export's codebook holds only the codes the earlier ones lacked.
        if export.origin.is_empty() && matched.new_codes.is_empty() && i == 0 {
            codebooks.push("codebooks/codes.yaml".to_string());
            files.push(OutputFile::new("codebooks/codes.yaml", STARTER_CODEBOOK));
        } else if i == 0 || !matched.new_codes.is_empty() {
            codebooks.push(format!("codebooks/{name}.yaml"));
            files.push(OutputFile::new(
                format!("codebooks/{name}.yaml"),
                codebook_yaml(&name, export, &matched.new_codes),
            ));
        }
        if !matched.codings.is_empty() {
            coded.push(format!("coded/{name}.csv"));
            files.push(OutputFile::new(
                format!("coded/{name}.csv"),
                super::project_files::codings_csv(export, matched)?,
            ));
        }
        if !export.notes.is_empty() {
            let notes: Vec<String> = export.notes.iter().map(|n| format!("## {n}\n")).collect();
            files.push(OutputFile::new(format!("notes/{name}.md"), notes.join("\n")));
        }
    }
    let respondents = respondents_csv(project, placed, docs, options)?;
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
        codebooks,
        coded,
    };
    Ok(files)
}

/// One row per respondent of the interviews (the document id, as the run resolves speakers
/// without a respondents file), with the variables of the export's case linked to the
/// document's source; `None` when there are no interviews.
fn respondents_csv(
    project: &mut NewProject,
    placed: &[(ImportedProject, Matched)],
    docs: &[Document],
    options: &CorpusOptions,
) -> Result<Option<Vec<u8>>, InteropError> {
    let mut rows: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for doc in docs.iter().filter(|d| d.kind != DocumentKind::Document) {
        let case = placed
            .iter()
            .flat_map(|(export, _)| &export.cases)
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
    let csv_error = |e: csv::Error| InteropError::new(&placed[0].0.path, "respondents", format!("CSV: {e}"));
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
