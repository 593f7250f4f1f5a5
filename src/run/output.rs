//! Writing the outputs of a run: all computed in memory first, then each file written
//! atomically (temporary file in the same folder, then rename) inside the output folder.
//!
//! A run that fails on bad input therefore writes nothing, and a reader never sees a
//! half-written file. Relative paths that would leave the output folder are refused.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// One file of the output, by its path relative to the output folder (`tables/x.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), bytes: bytes.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}; check that the output folder is writable (set another with --out DIR)")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("the output folder {path} is a file, not a folder; move the file away, or name another folder with --out DIR ([output] dir in analyse.toml)")]
    NotAFolder { path: PathBuf },
    #[error("cannot read {path} in the output folder: {source}; make it readable (or remove it and run `analyse run`), or name another folder with --out DIR")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("refusing to write '{path}': it would land outside the output folder")]
    Escapes { path: String },
    #[error("rendering {what} failed: {message}")]
    Render { what: String, message: String },
}

impl OutputError {
    /// A folder the user pointed at that cannot be written or read is theirs to fix; a
    /// renderer that fails is ours.
    pub fn is_user_error(&self) -> bool {
        matches!(self, OutputError::Write { .. } | OutputError::NotAFolder { .. } | OutputError::Read { .. })
    }
}

/// Writes every file under `dir`, creating folders as needed.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    for file in files {
        let relative = Path::new(&file.path);
        if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(OutputError::Escapes { path: file.path.clone() });
        }
    }
    for file in files {
        write_atomically(&dir.join(&file.path), &file.bytes)?;
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let fail = |source| OutputError::Write { path: path.to_path_buf(), source };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(fail)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = parent.join(format!(".{name}.analyse-tmp"));
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &[OutputFile::new("tables/a.csv", "x\n"), OutputFile::new("b.json", "{}")]).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("tables/a.csv")).unwrap(), "x\n");
        let names: Vec<_> =
            std::fs::read_dir(dir.path().join("tables")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn paths_leaving_the_folder_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let err =
            write_all(dir.path(), &[OutputFile::new("ok.csv", "x"), OutputFile::new("../evil.csv", "x")]).unwrap_err();
        assert!(matches!(err, OutputError::Escapes { .. }));
        assert!(!dir.path().join("ok.csv").exists());
    }
}
