//! `analyse.toml`: the project file, read once and turned into a validated [`Plan`].
//!
//! Configuration is two-staged: the raw file ([`ProjectFile`], every key optional with a
//! default) is resolved into a [`Plan`] with absolute paths, expanded transcript patterns and
//! checked values before any work starts, so that every configuration mistake is reported
//! before a single input is read. Paths in the file are relative to the file's folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::AnalysisOptions;
use crate::codebook::Diacritics;
use crate::coding::{CodingOptions, Speakers};
use crate::corpus::text::Encoding;
use crate::corpus::{CorpusOptions, DocumentUnit, Unit};
use crate::render::figures::cluster_order::HeatmapOrder;
use crate::render::{Language, RenderOptions};

/// Name of the project file looked for in the project folder.
pub const PROJECT_FILE: &str = "analyse.toml";

/// Mistakes in `analyse.toml` or in the paths it names.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("no {PROJECT_FILE} in {dir}: run `analyse init {dir}` to start a project, or pass --project DIR")]
    Missing { dir: PathBuf },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path}: [sources] pattern '{pattern}' matches no file; check the folder and the file extension")]
    NoTranscripts { path: PathBuf, pattern: String },
}

/// `analyse.toml` as written by the user. Unknown keys are errors, so that a typo does not
/// silently fall back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProjectFile {
    pub project: ProjectSection,
    pub sources: SourcesSection,
    pub coding: CodingSection,
    /// `[analysis]` is the analysis stage's options as they are.
    pub analysis: AnalysisOptions,
    pub output: OutputSection,
    /// `[labels]`: respondent attributes as readers see them (`role = "Rol"`), in the project
    /// language.
    pub labels: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProjectSection {
    pub title: String,
    pub language: Language,
}

impl Default for ProjectSection {
    fn default() -> Self {
        let d = RenderOptions::default();
        Self { title: d.title, language: d.language }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SourcesSection {
    /// Glob patterns of transcript files.
    pub transcripts: Vec<String>,
    /// Glob patterns of documents without speaker turns (policy texts, field notes, memos):
    /// read as documents even when a line looks like a speaker label.
    pub documents: Vec<String>,
    /// CSV file(s) with one row per respondent; optional for a study without attributes. A
    /// list merges several files (`analyse import` adds one with the rows it had to add).
    pub respondents: Option<OneOrMore>,
    /// Coded data merged as manual codings: generic CSV files (as `analyse import` writes
    /// them), `.qdpx` projects, or MAXQDA / ATLAS.ti / Taguette exports (see docs/import.md).
    pub coded: Vec<String>,
    /// How text files are decoded: auto | utf-8 | utf-16 | windows-1252.
    pub encoding: Encoding,
    /// Speaker labels that mark the interviewer (compared case-insensitively).
    pub interviewer_labels: Vec<String>,
}

impl Default for SourcesSection {
    fn default() -> Self {
        Self {
            transcripts: vec!["transcripts/*.txt".into()],
            documents: Vec::new(),
            respondents: None,
            coded: Vec::new(),
            encoding: Encoding::Auto,
            interviewer_labels: CorpusOptions::default().interviewer_labels,
        }
    }
}

/// A setting that is one path or a list of paths.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMore {
    One(String),
    More(Vec<String>),
}

impl OneOrMore {
    pub fn paths(&self) -> Vec<String> {
        match self {
            OneOrMore::One(p) => vec![p.clone()],
            OneOrMore::More(ps) => ps.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CodingSection {
    pub codebooks: Vec<String>,
    /// Manual codings (CSV files or folders of them) that `run` compares the rule coding with.
    pub gold: Vec<String>,
    /// Whether `cliënt` in a rule also matches `client`: ignore | match.
    pub diacritics: Diacritics,
    /// Units on each side matched together with a unit (0 = the unit alone).
    pub context: usize,
    pub unit: Unit,
    /// The unit documents without speaker turns are cut into: paragraph | sentence.
    pub document_unit: DocumentUnit,
    pub speakers: Speakers,
}

impl Default for CodingSection {
    fn default() -> Self {
        Self {
            codebooks: vec!["codebooks/*.yaml".into()],
            gold: Vec::new(),
            diacritics: CodingOptions::default().diacritics,
            context: CodingOptions::default().context,
            unit: Unit::Turn,
            document_unit: DocumentUnit::Paragraph,
            speakers: CodingOptions::default().speakers,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputSection {
    pub dir: String,
    pub quote_attribution: String,
    /// Quotes per code in the quote book.
    pub quotes_per_code: usize,
    /// CSV file `real,pseudonym[,kind]` applied to every text that leaves the program.
    pub pseudonyms: Option<String>,
    /// Order of codes in the co-occurrence heatmap: codebook | clustered.
    pub heatmap_order: HeatmapOrder,
    /// Lines in the code map between codes whose c-coefficient is at least this (0 to 1).
    pub code_map_threshold: f64,
    /// Documents that get a portrait, the first ones in corpus order (0: none).
    pub portraits: usize,
}

impl Default for OutputSection {
    fn default() -> Self {
        Self {
            dir: "notebooks-out".into(),
            quote_attribution: RenderOptions::default().quote_attribution,
            quotes_per_code: RenderOptions::default().quotes_per_code,
            pseudonyms: None,
            heatmap_order: RenderOptions::default().heatmap_order,
            code_map_threshold: RenderOptions::default().code_map_threshold,
            portraits: RenderOptions::default().portraits,
        }
    }
}

/// The validated plan of a run: everything resolved, nothing read yet but the project file.
///
/// Paths and settings are kept apart: the content of the files in [`Sources`] is hashed as
/// the run's inputs, while [`Settings`] — one options struct per stage, each defined by the
/// stage that reads it — is what the stage keys, the manifest and the report enumerate
/// (through serde, so a new setting is listed everywhere at once).
#[derive(Debug, Clone)]
pub struct Plan {
    /// Folder that holds `analyse.toml`; every path in the manifest is relative to it.
    pub root: PathBuf,
    pub project_file: PathBuf,
    pub out_dir: PathBuf,
    pub sources: Sources,
    pub settings: Settings,
}

/// The files a project reads, resolved and checked to exist.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Transcript files, sorted by path so that runs do not depend on directory order.
    pub transcripts: Vec<PathBuf>,
    /// Files of `[sources] documents`, sorted; a file both patterns match is a document.
    pub documents: Vec<PathBuf>,
    /// Respondents files, merged in this order (usually one).
    pub respondents: Vec<PathBuf>,
    pub codebooks: Vec<PathBuf>,
    /// Manual coding files or folders to evaluate the rules against (may be empty).
    pub gold: Vec<PathBuf>,
    /// Coded data of other coders or tools, merged into the coding as manual codings.
    pub coded: Vec<PathBuf>,
    /// The pseudonym mapping file, if any.
    pub pseudonyms: Option<PathBuf>,
}

/// Every setting of a run, by the stage that reads it, in stage order. Each field is the
/// stage's own options struct; their field names are the keys of `analyse.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Settings {
    pub ingest: CorpusOptions,
    pub coding: CodingOptions,
    pub analysis: AnalysisOptions,
    pub rendering: RenderOptions,
}

/// The project file as text: TOML is UTF-8 by definition, so anything else (UTF-16 from
/// Notepad, Windows-1252) is an error that says where and what to do. A UTF-8 BOM is allowed.
fn utf8_text(path: &Path, bytes: Vec<u8>) -> Result<String, ProjectError> {
    let invalid = |message: String| ProjectError::Invalid { path: path.to_path_buf(), message };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(invalid("the file is UTF-16 encoded; save it as UTF-8 (TOML files are always UTF-8)".into()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        invalid(format!("line {line}: not valid UTF-8; save the file as UTF-8 (TOML files are always UTF-8)"))
    })
}

impl Plan {
    /// Reads `analyse.toml` from `dir` and resolves it; `out` overrides `[output] dir`.
    pub fn load(dir: &Path, out: Option<&Path>) -> Result<Plan, ProjectError> {
        let project_file = dir.join(PROJECT_FILE);
        if !project_file.is_file() {
            return Err(ProjectError::Missing { dir: dir.to_path_buf() });
        }
        let bytes =
            std::fs::read(&project_file).map_err(|source| ProjectError::Read { path: project_file.clone(), source })?;
        let text = utf8_text(&project_file, bytes)?;
        let file: ProjectFile = toml::from_str(&text).map_err(|e| ProjectError::Invalid {
            path: project_file.clone(),
            message: describe_toml_error(&text, &e),
        })?;
        Plan::resolve(dir, &project_file, file, out)
    }

    /// Turns a parsed project file into a plan, checking every value.
    pub fn resolve(
        dir: &Path,
        project_file: &Path,
        file: ProjectFile,
        out: Option<&Path>,
    ) -> Result<Plan, ProjectError> {
        let invalid = |message: String| ProjectError::Invalid { path: project_file.to_path_buf(), message };
        let root = dir.to_path_buf();
        let sources = resolve_sources(&root, project_file, &file)?;
        check_values(&file).map_err(invalid)?;
        let out_dir = match out {
            Some(o) => o.to_path_buf(),
            None => root.join(&file.output.dir),
        };
        let ProjectFile { project, sources: source_section, coding, analysis, output, labels } = file;
        let settings = Settings {
            ingest: CorpusOptions {
                unit: coding.unit,
                interviewer_labels: source_section.interviewer_labels,
                encoding: source_section.encoding,
                document_unit: coding.document_unit,
            },
            coding: CodingOptions { diacritics: coding.diacritics, context: coding.context, speakers: coding.speakers },
            analysis,
            rendering: RenderOptions {
                title: project.title,
                language: project.language,
                quote_attribution: output.quote_attribution,
                quotes_per_code: output.quotes_per_code,
                heatmap_order: output.heatmap_order,
                code_map_threshold: output.code_map_threshold,
                portraits: output.portraits,
                labels,
            },
        };
        Ok(Plan { root, project_file: project_file.to_path_buf(), out_dir, sources, settings })
    }

    /// The transcripts with the paths the user sees, as the corpus stage takes them.
    pub fn transcript_files(&self) -> Vec<(PathBuf, String)> {
        self.sources.transcripts.iter().map(|p| (p.clone(), self.display_path(p))).collect()
    }

    /// The documents of `[sources] documents` with the paths the user sees.
    pub fn document_files(&self) -> Vec<(PathBuf, String)> {
        self.sources.documents.iter().map(|p| (p.clone(), self.display_path(p))).collect()
    }

    /// The codebooks with the paths the user sees, as the codebook loader takes them.
    pub fn codebook_files(&self) -> Vec<(PathBuf, String)> {
        self.sources.codebooks.iter().map(|p| (p.clone(), self.display_path(p))).collect()
    }

    /// Every setting as (`stage.key`, value) for the report, after the files the project reads:
    /// the same serialisation as the manifest and the stage keys, so nothing is listed by hand.
    pub fn settings_listing(&self) -> Vec<(String, String)> {
        let paths = |ps: &[PathBuf]| ps.iter().map(|p| self.display_path(p)).collect::<Vec<_>>().join(", ");
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| self.display_path(p)).unwrap_or_default();
        let s = &self.sources;
        let mut listing = vec![
            ("sources.transcripts".to_string(), format!("{} ({})", s.transcripts.len(), paths(&s.transcripts))),
            ("sources.documents".to_string(), format!("{} ({})", s.documents.len(), paths(&s.documents))),
            ("sources.respondents".to_string(), paths(&s.respondents)),
            ("sources.codebooks".to_string(), paths(&s.codebooks)),
            ("sources.gold".to_string(), paths(&s.gold)),
            ("sources.coded".to_string(), paths(&s.coded)),
            ("sources.pseudonyms".to_string(), path(&s.pseudonyms)),
        ];
        let settings = serde_json::to_value(&self.settings).expect("settings are plain data");
        for (stage, options) in settings.as_object().into_iter().flatten() {
            for (key, value) in options.as_object().into_iter().flatten() {
                listing.push((format!("{stage}.{key}"), plain(value)));
            }
        }
        listing
    }

    /// A path as it is shown to the user and written to the manifest: relative to the project.
    pub fn display_path(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    }
}

/// A setting's value as a reader wants it: text without quotes, lists joined with commas.
fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The files the project names, expanded and checked to exist.
fn resolve_sources(root: &Path, project_file: &Path, file: &ProjectFile) -> Result<Sources, ProjectError> {
    let invalid = |message: String| ProjectError::Invalid { path: project_file.to_path_buf(), message };
    if file.sources.transcripts.is_empty() && file.sources.documents.is_empty() {
        return Err(invalid(
            "[sources] transcripts and documents are both empty: name at least one pattern, e.g. transcripts = [\"transcripts/*.txt\"]".into(),
        ));
    }
    let documents = expand_patterns(root, project_file, &file.sources.documents, true)?;
    let mut transcripts = expand_patterns(root, project_file, &file.sources.transcripts, true)?;
    transcripts.retain(|t| documents.binary_search(t).is_err());
    let codebooks = expand_patterns(root, project_file, &file.coding.codebooks, false)?;
    if codebooks.is_empty() {
        return Err(invalid("[coding] codebooks names no existing file: add e.g. \"codebooks/concepts.yaml\"".into()));
    }
    // A path of the project that must exist: a file, or (for gold) a file or a folder.
    let existing = |key: &str, relative: &str, folder_too: bool| -> Result<PathBuf, ProjectError> {
        let path = root.join(relative);
        match (path.is_file() || (folder_too && path.exists()), key) {
            (true, _) => Ok(path),
            (false, key) => Err(invalid(format!("{key}: {} does not exist", path.display()))),
        }
    };
    let gold = file.coding.gold.iter().map(|g| existing("[coding] gold", g, true)).collect::<Result<_, _>>()?;
    let coded = file.sources.coded.iter().map(|c| existing("[sources] coded", c, false)).collect::<Result<_, _>>()?;
    let respondents = file
        .sources
        .respondents
        .iter()
        .flat_map(OneOrMore::paths)
        .map(|p| existing("[sources] respondents", &p, false))
        .collect::<Result<_, _>>()?;
    let pseudonyms =
        file.output.pseudonyms.as_deref().map(|p| existing("[output] pseudonyms", p, false)).transpose()?;
    Ok(Sources { transcripts, documents, respondents, codebooks, gold, coded, pseudonyms })
}

/// Every value that has limits: the message for the first one out of them.
fn check_values(file: &ProjectFile) -> Result<(), String> {
    let a = &file.analysis;
    if file.coding.context > 10 {
        return Err("[coding] context must be at most 10 units on each side".into());
    }
    if a.permutations > 1_000_000 {
        return Err("[analysis] permutations must be at most 1000000".into());
    }
    if a.bootstrap_resamples > 1_000_000 {
        return Err(
            "[analysis] bootstrap_resamples must be at most 1000000 (1000 is usual; 0 leaves out the intervals)".into(),
        );
    }
    if a.cooccurrence_window > 100 {
        return Err("[analysis] cooccurrence_window must be at most 100 segments".into());
    }
    if a.gnc_base == 0 || a.gnc_run == 0 || a.francis_stop == 0 {
        return Err("[analysis] gnc_base, gnc_run and francis_stop must be at least 1 (e.g. gnc_base = 4, gnc_run = 2, francis_stop = 3)".into());
    }
    if !(0.0..=100.0).contains(&a.gnc_threshold) {
        return Err(format!(
            "[analysis] gnc_threshold is a percentage between 0 and 100 (e.g. 5), not {}",
            a.gnc_threshold
        ));
    }
    if file.output.quotes_per_code > 100 {
        return Err("[output] quotes_per_code must be at most 100".into());
    }
    if !(0.0..=1.0).contains(&file.output.code_map_threshold) {
        return Err(format!(
            "[output] code_map_threshold is a c-coefficient between 0 and 1 (e.g. 0.1), not {}",
            file.output.code_map_threshold
        ));
    }
    if file.output.portraits > 500 {
        return Err("[output] portraits must be at most 500 documents (each is a figure of its own)".into());
    }
    if let Some((key, _)) = file.labels.iter().find(|(_, label)| label.trim().is_empty()) {
        return Err(format!("[labels] {key} is empty; give the name readers should see (e.g. {key} = \"Rol\")"));
    }
    Ok(())
}

/// Expands glob patterns relative to the project folder; sorted and without duplicates.
/// `each_must_match`: a pattern that matches nothing is an error (a missing transcript folder
/// should not produce an empty study).
fn expand_patterns(
    root: &Path,
    project_file: &Path,
    patterns: &[String],
    each_must_match: bool,
) -> Result<Vec<PathBuf>, ProjectError> {
    let mut found = Vec::new();
    for pattern in patterns {
        let full = root.join(pattern);
        let full = full.to_string_lossy();
        let paths = glob::glob(&full).map_err(|e| ProjectError::Invalid {
            path: project_file.to_path_buf(),
            message: format!("'{pattern}' is not a valid file pattern: {e}"),
        })?;
        let mut matched: Vec<PathBuf> = paths.filter_map(|p| p.ok()).filter(|p| p.is_file()).collect();
        if matched.is_empty() && each_must_match {
            return Err(ProjectError::NoTranscripts { path: project_file.to_path_buf(), pattern: pattern.clone() });
        }
        found.append(&mut matched);
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// toml's messages carry a byte span; a researcher wants a line number.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().to_string();
    match error.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ProjectFile, String> {
        toml::from_str::<ProjectFile>(text).map_err(|e| describe_toml_error(text, &e))
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = parse("[project]\ntitle = \"x\"\n\n[analysis]\npermutatons = 10\n").unwrap_err();
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("permutatons"), "{err}");
    }

    #[test]
    fn empty_file_gives_defaults() {
        let file = parse("").unwrap();
        assert_eq!(file.analysis.permutations, 1000);
        assert_eq!(file.analysis.bootstrap_resamples, 1000);
        assert_eq!((file.analysis.gnc_base, file.analysis.gnc_run, file.analysis.gnc_threshold), (4, 2, 5.0));
        assert_eq!((file.analysis.francis_initial, file.analysis.francis_stop), (10, 3));
        assert_eq!(file.coding.unit, Unit::Turn);
        assert_eq!(file.output.dir, "notebooks-out");
    }

    #[test]
    fn too_many_bootstrap_resamples_are_refused_with_the_limit() {
        let file = parse("[analysis]\nbootstrap_resamples = 2000000\n").unwrap();
        let err = check_values(&file).unwrap_err();
        assert!(err.contains("bootstrap_resamples") && err.contains("1000000"), "{err}");
        assert!(check_values(&parse("[analysis]\nbootstrap_resamples = 0\n").unwrap()).is_ok());
    }

    #[test]
    fn a_project_file_that_is_not_utf8_names_the_line() {
        let path = Path::new("analyse.toml");
        let err = utf8_text(path, b"[project]\ntitle = \"caf\xe9\"\n".to_vec()).unwrap_err().to_string();
        assert!(err.contains("analyse.toml: line 2: not valid UTF-8"), "{err}");
        let err = utf8_text(path, b"\xff\xfe[\x00".to_vec()).unwrap_err().to_string();
        assert!(err.contains("UTF-16"), "{err}");
        assert_eq!(utf8_text(path, b"\xef\xbb\xbf[project]\n".to_vec()).unwrap(), "[project]\n");
    }

    #[test]
    fn encodings_are_named_like_the_standards() {
        use crate::corpus::text::Encoding;
        assert_eq!(parse("[sources]\nencoding = \"windows-1252\"\n").unwrap().sources.encoding, Encoding::Windows1252);
        assert_eq!(parse("[sources]\nencoding = \"utf-16\"\n").unwrap().sources.encoding, Encoding::Utf16);
        assert_eq!(parse("").unwrap().sources.encoding, Encoding::Auto);
        assert!(parse("[sources]\nencoding = \"latin-9\"\n").unwrap_err().contains("line 2"));
    }

    #[test]
    fn wrong_enum_value_is_an_error() {
        let err = parse("[coding]\nunit = \"chapter\"\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }
}
