//! The input files of a run, each read once: the bytes the stages parse and the hashes the
//! manifest and the incremental cache record are the same bytes.
//!
//! A run first reads every input ([`Inputs::read`]) and hashes it; the stages then parse those
//! bytes instead of opening the files again, so a file edited during a run cannot make the
//! manifest describe something other than what was analysed. Manual coding files (`[coding]
//! gold`) are hashed here too; the evaluation still reads them itself (small files).
//!
//! Transcripts are the exception, by size: holding their bytes while the corpus is made from
//! them held the study twice (issue 15: 100 MB of bytes beside the 100 MB corpus at ingest,
//! a third of the 3× memory target). Their bytes are hashed and dropped here, and ingest reads
//! each again and checks it against its hash ([`Inputs::reader`]): a transcript edited during
//! the run stops it with an error instead of being analysed under another file's hash.

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
    /// The file's bytes; empty for a transcript, which is read again when parsed (see the
    /// module's documentation).
    pub bytes: Vec<u8>,
    /// BLAKE3 hex digest of `bytes`.
    pub hash: String,
}

/// Every input of a plan, in the order roles are listed in [`InputRole`], then by path.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub files: Vec<InputFile>,
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
        let mut files = read_all(paths, |role, path| {
            let mut bytes = read_input(role, path)?;
            let hash = hash(&bytes);
            if role == InputRole::Transcript {
                bytes = Vec::new();
            }
            Ok(InputFile { shown: plan.display_path(path), path: path.to_path_buf(), role, bytes, hash })
        })?;
        files.sort_by(|a, b| (a.role, &a.shown).cmp(&(b.role, &b.shown)));
        Ok(Self { files })
    }

    /// The bytes of an input by its path, as the plan names it (`None` for a transcript,
    /// whose bytes are not held: [`Inputs::reader`] reads it again).
    pub fn bytes_of(&self, path: &Path) -> Option<&[u8]> {
        let held = |f: &InputFile| f.role != InputRole::Transcript;
        self.files.iter().find(|f| f.path == path && held(f)).map(|f| f.bytes.as_slice())
    }

    /// Inputs of one role.
    pub fn of_role(&self, role: InputRole) -> impl Iterator<Item = &InputFile> {
        self.files.iter().filter(move |f| f.role == role)
    }

    /// A reader for the stages: the bytes read at the start, a transcript's bytes read again
    /// and checked against the hash taken at the start, or an error naming a path that was
    /// not among the inputs (a bug: every stage input must be listed in [`Inputs::read`]).
    ///
    /// Files are found through an index made once per reader: a search of the list for every
    /// transcript compared paths component by component 2 million times for a study of 2,000
    /// transcripts (2 % of a 100 MB run, and growing with the square of the file count).
    pub fn reader(&self) -> impl Fn(&Path) -> std::io::Result<Vec<u8>> + Sync + '_ {
        let mut by_path: std::collections::HashMap<&Path, &InputFile> = std::collections::HashMap::new();
        for file in &self.files {
            // The first file of a path, as a search of the list would find it.
            by_path.entry(file.path.as_path()).or_insert(file);
        }
        move |path: &Path| {
            let Some(&file) = by_path.get(path) else {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("{} was not read with the other inputs (internal error)", path.display()),
                ));
            };
            if file.role != InputRole::Transcript {
                return Ok(file.bytes.clone());
            }
            let bytes = std::fs::read(path)?;
            if hash(&bytes) != file.hash {
                return Err(std::io::Error::other(
                    "the file changed while the run was reading it; run again once it is saved",
                ));
            }
            Ok(bytes)
        }
    }
}

/// Every input read (and hashed) by `read_one`, on all cores: one after the other, this was
/// 0.36 s of a 100 MB run of 2,000 transcripts (issue 15). Of several unreadable files the
/// first in the order of `paths` is reported, on every run, as when they were read in turn.
fn read_all(
    paths: Vec<(InputRole, PathBuf)>,
    read_one: impl Fn(InputRole, &Path) -> Result<InputFile> + Sync,
) -> Result<Vec<InputFile>> {
    use rayon::prelude::*;
    let read: Vec<Result<InputFile>> = paths.par_iter().map(|(role, path)| read_one(*role, path)).collect();
    read.into_iter().collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn transcript(path: &Path) -> InputFile {
        let bytes = std::fs::read(path).unwrap();
        let (shown, role) = ("t.txt".to_string(), InputRole::Transcript);
        InputFile { path: path.into(), shown, role, bytes: Vec::new(), hash: hash(&bytes) }
    }

    /// A transcript is not held: the reader reads it again and gives its bytes while they
    /// are those hashed at the start.
    #[test]
    fn a_transcript_is_read_again_with_the_bytes_that_were_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, "I: Vraag?\nR: Antwoord.\n").unwrap();
        let inputs = Inputs { files: vec![transcript(&path)] };
        assert_eq!(inputs.bytes_of(&path), None);
        assert_eq!(inputs.reader()(&path).unwrap(), b"I: Vraag?\nR: Antwoord.\n");
        // An empty transcript is read (and hashed) as empty.
        std::fs::write(&path, "").unwrap();
        let inputs = Inputs { files: vec![transcript(&path)] };
        assert_eq!(inputs.reader()(&path).unwrap(), b"");
    }

    /// Of several inputs, each path gives its own bytes: a held file's from memory, each
    /// transcript's from disk.
    #[test]
    fn the_reader_finds_each_of_several_inputs_by_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        std::fs::write(&a, "R: a\n").unwrap();
        std::fs::write(&b, "R: b\n").unwrap();
        let codebook = dir.path().join("c.yaml");
        let held = InputFile {
            path: codebook.clone(),
            shown: "c.yaml".into(),
            role: InputRole::Codebook,
            bytes: b"codebook: {}".to_vec(),
            hash: hash(b"codebook: {}"),
        };
        let inputs = Inputs { files: vec![transcript(&a), held, transcript(&b)] };
        let read = inputs.reader();
        assert_eq!(read(&b).unwrap(), b"R: b\n");
        assert_eq!(read(&a).unwrap(), b"R: a\n");
        assert_eq!(read(&codebook).unwrap(), b"codebook: {}");
        assert!(read(&dir.path().join("d.txt")).is_err());
    }

    /// Inputs are read in parallel, but of several unreadable ones the error names the first
    /// in path order, on every run: here `a` and `c` fail, and `a` takes longest to fail, so
    /// that with two threads the error of `c` comes first in time.
    #[test]
    fn of_several_unreadable_inputs_the_first_is_reported() {
        let paths: Vec<(InputRole, PathBuf)> =
            ["a", "b", "c", "d"].iter().map(|p| (InputRole::Transcript, PathBuf::from(p))).collect();
        for _ in 0..10 {
            let result = read_all(paths.clone(), |role, path| {
                let name = path.to_string_lossy().to_string();
                if name == "a" {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                if name == "a" || name == "c" {
                    return Err(Error::Usage(format!("cannot read {name}")));
                }
                Ok(InputFile { path: path.into(), shown: name, role, bytes: Vec::new(), hash: hash(b"") })
            });
            assert_eq!(result.unwrap_err().to_string(), "cannot read a");
        }
        let all = read_all(paths.clone(), |role, path| {
            let shown = path.to_string_lossy().to_string();
            Ok(InputFile { path: path.into(), shown, role, bytes: Vec::new(), hash: hash(b"") })
        });
        let shown: Vec<String> = all.unwrap().into_iter().map(|f| f.shown).collect();
        assert_eq!(shown, ["a", "b", "c", "d"], "every input, in order");
    }

    /// Regression guard for the re-read: a transcript edited after it was hashed stops the
    /// run with an error that says so, and a path that was never an input is an error too.
    #[test]
    fn a_transcript_edited_during_the_run_or_never_read_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.txt");
        std::fs::write(&path, "R: eerst\n").unwrap();
        let inputs = Inputs { files: vec![transcript(&path)] };
        std::fs::write(&path, "R: daarna\n").unwrap();
        let err = inputs.reader()(&path).unwrap_err();
        assert!(err.to_string().contains("changed while the run was reading it"), "{err}");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(inputs.reader()(&path).unwrap_err().kind(), std::io::ErrorKind::NotFound);
        let other = dir.path().join("other.txt");
        assert!(inputs.reader()(&other).unwrap_err().to_string().contains("internal error"));
    }
}
