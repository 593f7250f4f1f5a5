//! Writing the outputs of a run: all computed in memory first, then each file written
//! atomically (temporary file in the same folder, then rename) inside the output folder.
//!
//! A run that fails on bad input therefore writes nothing, and a reader never sees a
//! half-written file. Relative paths that would leave the output folder are refused.

use std::io::Write;
use std::path::{Component, Path};

pub use crate::render::OutputFile;

pub use crate::error::OutputError;

/// Writes every file under `dir`, creating folders as needed.
pub fn write_all(dir: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    for file in files {
        let relative = Path::new(&file.path);
        if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(OutputError::Escapes { path: file.path.clone() });
        }
    }
    for file in files {
        write_atomically_with(&dir.join(&file.path), |out| file.write_to(out))?;
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// [`write_atomically`] of what `write` puts in the file: an output, held or spilled, is
/// written a chunk at a time without a copy of its bytes.
fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let fail = |source| OutputError::Write { path: path.to_path_buf(), source };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(fail)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = parent.join(format!(".{name}.analyse-tmp"));
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        write(&mut f)?;
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
