//! The input files of a run, each read once: the bytes the stages parse and the hashes the
//! manifest and the incremental cache record are the same bytes.
//!
//! A run first reads every input ([`Inputs::read`]) and hashes it; the stages then parse those
//! bytes instead of opening the files again, so a file edited during a run cannot make the
//! manifest describe something other than what was analysed. Manual coding files (`[coding]
//! gold`) are hashed here too; the evaluation still reads them itself (small files).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::project::Plan;
use crate::run::manifest::hash;

/// What an input is to the pipeline; decides which stage depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputRole {
    /// `analyse.toml`. Its settings reach the stages through the plan, not through its bytes,
    /// so editing a comment does not redo anything.
    ProjectFile,
    Transcript,
    Respondents,
    Codebook,
    /// Manual codings the rule coding is evaluated against.
    Gold,
    /// The pseudonym mapping of `[output] pseudonyms`.
    Pseudonyms,
    /// Coded data of other tools (`[sources] coded`), merged with the rule codings.
    Coded,
}

impl InputRole {
    /// A word for messages ("codebook changed: codebooks/x.yaml").
    pub fn noun(self) -> &'static str {
        match self {
            InputRole::ProjectFile => "project file",
            InputRole::Transcript => "transcript",
            InputRole::Respondents => "respondents",
            InputRole::Codebook => "codebook",
            InputRole::Gold => "manual coding",
            InputRole::Pseudonyms => "pseudonym mapping",
            InputRole::Coded => "imported coding",
        }
    }
}

/// One input file as read.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the project, as in messages and the manifest.
    pub shown: String,
    pub role: InputRole,
    pub bytes: Vec<u8>,
    /// BLAKE3 hex digest of `bytes`.
    pub hash: String,
}

/// Every input of a plan, in the order roles are listed in [`InputRole`], then by path.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub files: Vec<InputFile>,
    /// The transcripts' bytes were dropped after ingest ([`Inputs::release_transcripts`]).
    pub transcripts_released: bool,
}

impl Inputs {
    /// Reads and hashes every input the plan names.
    pub fn read(plan: &Plan) -> Result<Self> {
        let mut paths: Vec<(InputRole, PathBuf)> = vec![(InputRole::ProjectFile, plan.project_file.clone())];
        paths.extend(plan.sources.transcripts.iter().map(|p| (InputRole::Transcript, p.clone())));
        paths.extend(plan.sources.documents.iter().map(|p| (InputRole::Transcript, p.clone())));
        paths.extend(plan.sources.respondents.iter().map(|p| (InputRole::Respondents, p.clone())));
        paths.extend(plan.sources.codebooks.iter().map(|p| (InputRole::Codebook, p.clone())));
        paths.extend(super::gold::gold_files(&plan.sources.gold)?.into_iter().map(|p| (InputRole::Gold, p)));
        paths.extend(plan.sources.pseudonyms.iter().map(|p| (InputRole::Pseudonyms, p.clone())));
        paths.extend(plan.sources.coded.iter().map(|p| (InputRole::Coded, p.clone())));
        let mut files = Vec::with_capacity(paths.len());
        for (role, path) in paths {
            let bytes = read_input(role, &path)?;
            let hash = hash(&bytes);
            files.push(InputFile { shown: plan.display_path(&path), path, role, bytes, hash });
        }
        files.sort_by(|a, b| (a.role, &a.shown).cmp(&(b.role, &b.shown)));
        Ok(Self { files, transcripts_released: false })
    }

    /// Drops the transcripts' bytes once the corpus is made from them, keeping their hashes:
    /// the corpus holds their text, and a second copy until the end of the run doubled the
    /// memory a large study needs (issue 15). Later stages read no transcript.
    pub fn release_transcripts(&mut self) {
        for file in self.files.iter_mut().filter(|f| f.role == InputRole::Transcript) {
            file.bytes = Vec::new();
        }
        self.transcripts_released = true;
    }

    /// The bytes of an input by its path, as the plan names it (`None` for a transcript
    /// after [`Inputs::release_transcripts`]).
    pub fn bytes_of(&self, path: &Path) -> Option<&[u8]> {
        let released = |f: &InputFile| self.transcripts_released && f.role == InputRole::Transcript;
        self.files.iter().find(|f| f.path == path && !released(f)).map(|f| f.bytes.as_slice())
    }

    /// Inputs of one role.
    pub fn of_role(&self, role: InputRole) -> impl Iterator<Item = &InputFile> {
        self.files.iter().filter(move |f| f.role == role)
    }

    /// A reader for the stages: the bytes read at the start, or an error naming a path that
    /// was not among the inputs (a bug: every stage input must be listed in [`Inputs::read`]).
    pub fn reader(&self) -> impl Fn(&Path) -> std::io::Result<Vec<u8>> + Sync + '_ {
        move |path: &Path| {
            self.bytes_of(path).map(<[u8]>::to_vec).ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("{} was not read with the other inputs (internal error)", path.display()),
                )
            })
        }
    }
}

/// Reads one input, with the error the stage reading it would give.
fn read_input(role: InputRole, path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| match role {
        InputRole::ProjectFile => crate::project::ProjectError::Read { path: path.to_path_buf(), source }.into(),
        InputRole::Transcript | InputRole::Respondents => {
            crate::corpus::CorpusError::Read { path: path.to_path_buf(), source }.into()
        }
        InputRole::Codebook => crate::codebook::CodebookError::Read { path: path.to_path_buf(), source }.into(),
        InputRole::Coded => Error::Usage(format!("cannot read {}: {source}", path.display())),
        InputRole::Pseudonyms => {
            crate::render::pseudonymise::PseudonymError::Read { path: path.to_path_buf(), source }.into()
        }
        InputRole::Gold => Error::Gold(crate::coding::manual::ManualCodingError {
            path: path.to_path_buf(),
            line: 0,
            message: format!("cannot read the file: {source}"),
        }),
    })
}
