//! `analyse.toml`: the project file, read once and turned into a validated [`Plan`].
//!
//! Configuration is two-staged: the raw file ([`ProjectFile`], every key optional with a
//! default) is resolved into a [`Plan`] with absolute paths, expanded transcript patterns and
//! checked values before any work starts, so that every configuration mistake is reported
//! before a single input is read. Paths in the file are relative to the file's folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
    #[error(
        "{path}: [sources] transcripts pattern '{pattern}' matches no file; check the folder and the file extension"
    )]
    NoTranscripts { path: PathBuf, pattern: String },
}

/// What can be coded: the unit a code is applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// One speaker turn: what one person says until the next person speaks.
    #[default]
    Turn,
    /// A paragraph (text between blank lines) inside a turn.
    Paragraph,
    /// A sentence inside a turn (Unicode sentence boundaries).
    Sentence,
}

/// Whose turns the rules are applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Speakers {
    /// Only respondents' turns; an interviewer's question is not evidence of a theme.
    #[default]
    Respondent,
    /// Every turn, interviewer included.
    All,
}

/// Language of the labels in figures and table headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Nl,
    En,
}

/// `analyse.toml` as written by the user. Unknown keys are errors, so that a typo does not
/// silently fall back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProjectFile {
    pub project: ProjectSection,
    pub sources: SourcesSection,
    pub coding: CodingSection,
    pub analysis: AnalysisSection,
    pub output: OutputSection,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProjectSection {
    pub title: String,
    pub language: Language,
}

impl Default for ProjectSection {
    fn default() -> Self {
        Self { title: "Untitled study".into(), language: Language::Nl }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SourcesSection {
    /// Glob patterns of transcript files.
    pub transcripts: Vec<String>,
    /// CSV file with one row per respondent; optional for a study without attributes.
    pub respondents: Option<String>,
    /// Coded data merged as manual codings: generic CSV files (as `analyse import` writes
    /// them), `.qdpx` projects, or MAXQDA / ATLAS.ti / Taguette exports (see docs/import.md).
    pub coded: Vec<String>,
    /// How text files are decoded: auto | utf-8 | utf-16 | windows-1252.
    pub encoding: crate::corpus::text::Encoding,
    /// Speaker labels that mark the interviewer (compared case-insensitively).
    pub interviewer_labels: Vec<String>,
}

impl Default for SourcesSection {
    fn default() -> Self {
        Self {
            transcripts: vec!["transcripts/*.txt".into()],
            respondents: None,
            coded: Vec::new(),
            encoding: crate::corpus::text::Encoding::Auto,
            interviewer_labels: default_interviewer_labels(),
        }
    }
}

/// Labels that Dutch and English transcripts commonly use for the person asking the questions.
pub fn default_interviewer_labels() -> Vec<String> {
    ["I", "Int", "Interviewer", "Interviewster", "Onderzoeker", "Moderator", "Gespreksleider", "Q"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CodingSection {
    pub codebooks: Vec<String>,
    /// Manual codings (CSV files or folders of them) that `run` compares the rule coding with.
    pub gold: Vec<String>,
    /// Whether `cliënt` in a rule also matches `client`: ignore | match.
    pub diacritics: crate::codebook::Diacritics,
    /// Units on each side matched together with a unit (0 = the unit alone).
    pub context: usize,
    pub unit: Unit,
    pub speakers: Speakers,
}

impl Default for CodingSection {
    fn default() -> Self {
        Self {
            codebooks: vec!["codebooks/*.yaml".into()],
            gold: Vec::new(),
            diacritics: crate::codebook::Diacritics::Ignore,
            context: 0,
            unit: Unit::Turn,
            speakers: Speakers::Respondent,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnalysisSection {
    pub groups: Vec<String>,
    pub order: String,
    pub permutations: usize,
    pub seed: u64,
    /// Co-occurrence "within k segments": k.
    pub cooccurrence_window: usize,
    /// Level of the code tree for theme-level co-occurrence and saturation (0 = main codes).
    pub tree_level: usize,
    /// Guest, Namey & Chen (2020): base size, run length and new-information threshold (%).
    pub gnc_base: usize,
    pub gnc_run: usize,
    pub gnc_threshold: f64,
    /// Francis et al. (2010): initial sample and stopping criterion ("10 + 3").
    pub francis_initial: usize,
    pub francis_stop: usize,
    /// Respondent attributes of the Trimbos-style sample description.
    pub organisation_type: String,
    pub profession: String,
}

impl Default for AnalysisSection {
    fn default() -> Self {
        let saturation = crate::analysis::saturation_criteria::SaturationSettings::default();
        Self {
            groups: Vec::new(),
            order: "interview_date".into(),
            permutations: 1000,
            seed: 20240501,
            cooccurrence_window: 1,
            tree_level: 0,
            gnc_base: saturation.gnc_base,
            gnc_run: saturation.gnc_run,
            gnc_threshold: 100.0 * saturation.gnc_threshold,
            francis_initial: saturation.francis_initial,
            francis_stop: saturation.francis_stop,
            organisation_type: "organisation_type".into(),
            profession: "profession".into(),
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
    pub heatmap_order: crate::render::figures::cluster_order::HeatmapOrder,
}

impl Default for OutputSection {
    fn default() -> Self {
        Self {
            dir: "notebooks-out".into(),
            quote_attribution: "({id})".into(),
            quotes_per_code: 3,
            pseudonyms: None,
            heatmap_order: Default::default(),
        }
    }
}

/// The validated plan of a run: everything resolved, nothing read yet but the project file.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Folder that holds `analyse.toml`; every path in the manifest is relative to it.
    pub root: PathBuf,
    pub project_file: PathBuf,
    pub title: String,
    pub language: Language,
    /// Transcript files, sorted by path so that runs do not depend on directory order.
    pub transcripts: Vec<PathBuf>,
    pub respondents: Option<PathBuf>,
    pub codebooks: Vec<PathBuf>,
    /// Manual coding files or folders to evaluate the rules against (may be empty).
    pub gold: Vec<PathBuf>,
    /// Coded data of other coders or tools, merged into the coding as manual codings.
    pub coded: Vec<PathBuf>,
    pub encoding: crate::corpus::text::Encoding,
    pub diacritics: crate::codebook::Diacritics,
    pub context: usize,
    pub interviewer_labels: Vec<String>,
    pub unit: Unit,
    pub speakers: Speakers,
    pub groups: Vec<String>,
    pub order: String,
    pub permutations: usize,
    pub seed: u64,
    pub cooccurrence_window: usize,
    pub tree_level: usize,
    pub saturation: crate::analysis::saturation_criteria::SaturationSettings,
    pub organisation_type: String,
    pub profession: String,
    pub out_dir: PathBuf,
    pub quote_attribution: String,
    pub quotes_per_code: usize,
    /// The pseudonym mapping file, if any (checked to exist).
    pub pseudonyms: Option<PathBuf>,
    pub heatmap_order: crate::render::figures::cluster_order::HeatmapOrder,
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
        if file.sources.transcripts.is_empty() {
            return Err(invalid(
                "[sources] transcripts is empty: name at least one pattern, e.g. \"transcripts/*.txt\"".into(),
            ));
        }
        let transcripts = expand_patterns(&root, project_file, &file.sources.transcripts, true)?;
        let codebooks = expand_patterns(&root, project_file, &file.coding.codebooks, false)?;
        if codebooks.is_empty() {
            return Err(invalid(
                "[coding] codebooks names no existing file: add e.g. \"codebooks/concepts.yaml\"".into(),
            ));
        }
        let mut gold = Vec::new();
        for g in &file.coding.gold {
            let path = root.join(g);
            if !path.exists() {
                return Err(invalid(format!("[coding] gold: {} does not exist", path.display())));
            }
            gold.push(path);
        }
        let mut coded = Vec::new();
        for c in &file.sources.coded {
            let path = root.join(c);
            if !path.is_file() {
                return Err(invalid(format!("[sources] coded: {} does not exist", path.display())));
            }
            coded.push(path);
        }
        let respondents = match &file.sources.respondents {
            Some(p) => {
                let path = root.join(p);
                if !path.is_file() {
                    return Err(invalid(format!("[sources] respondents: {} does not exist", path.display())));
                }
                Some(path)
            }
            None => None,
        };
        if file.coding.context > 10 {
            return Err(invalid("[coding] context must be at most 10 units on each side".into()));
        }
        if file.analysis.permutations > 1_000_000 {
            return Err(invalid("[analysis] permutations must be at most 1000000".into()));
        }
        let a = &file.analysis;
        if a.cooccurrence_window > 100 {
            return Err(invalid("[analysis] cooccurrence_window must be at most 100 segments".into()));
        }
        if a.gnc_base == 0 || a.gnc_run == 0 || a.francis_stop == 0 {
            return Err(invalid(
                "[analysis] gnc_base, gnc_run and francis_stop must be at least 1 (e.g. gnc_base = 4, gnc_run = 2, francis_stop = 3)"
                    .into(),
            ));
        }
        if !(0.0..=100.0).contains(&a.gnc_threshold) {
            return Err(invalid(format!(
                "[analysis] gnc_threshold is a percentage between 0 and 100 (e.g. 5), not {}",
                a.gnc_threshold
            )));
        }
        let saturation = crate::analysis::saturation_criteria::SaturationSettings {
            gnc_base: a.gnc_base,
            gnc_run: a.gnc_run,
            gnc_threshold: a.gnc_threshold / 100.0,
            francis_initial: a.francis_initial,
            francis_stop: a.francis_stop,
        };
        let pseudonyms = match &file.output.pseudonyms {
            Some(p) => {
                let path = root.join(p);
                if !path.is_file() {
                    return Err(invalid(format!("[output] pseudonyms: {} does not exist", path.display())));
                }
                Some(path)
            }
            None => None,
        };
        if file.output.quotes_per_code > 100 {
            return Err(invalid("[output] quotes_per_code must be at most 100".into()));
        }
        let out_dir = match out {
            Some(o) => o.to_path_buf(),
            None => root.join(&file.output.dir),
        };
        Ok(Plan {
            root,
            project_file: project_file.to_path_buf(),
            title: file.project.title,
            language: file.project.language,
            transcripts,
            respondents,
            codebooks,
            gold,
            coded,
            encoding: file.sources.encoding,
            diacritics: file.coding.diacritics,
            context: file.coding.context,
            interviewer_labels: file.sources.interviewer_labels,
            unit: file.coding.unit,
            speakers: file.coding.speakers,
            groups: file.analysis.groups,
            order: file.analysis.order,
            permutations: file.analysis.permutations,
            seed: file.analysis.seed,
            cooccurrence_window: file.analysis.cooccurrence_window,
            tree_level: file.analysis.tree_level,
            saturation,
            organisation_type: file.analysis.organisation_type,
            profession: file.analysis.profession,
            out_dir,
            quote_attribution: file.output.quote_attribution,
            quotes_per_code: file.output.quotes_per_code,
            pseudonyms,
            heatmap_order: file.output.heatmap_order,
        })
    }

    /// How the coding stage applies the rules.
    pub fn coding_options(&self) -> crate::coding::CodingOptions {
        crate::coding::CodingOptions { speakers: self.speakers, context: self.context }
    }

    /// A path as it is shown to the user and written to the manifest: relative to the project.
    pub fn display_path(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    }
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
        assert_eq!((file.analysis.gnc_base, file.analysis.gnc_run, file.analysis.gnc_threshold), (4, 2, 5.0));
        assert_eq!((file.analysis.francis_initial, file.analysis.francis_stop), (10, 3));
        assert_eq!(file.coding.unit, Unit::Turn);
        assert_eq!(file.output.dir, "notebooks-out");
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
