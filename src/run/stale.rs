//! Are the outputs on disk what the current inputs produce? The comparison behind
//! `analyse run --check` (the command itself is in `commands::check`).
//!
//! The whole pipeline runs from scratch in memory — no cache is read, so a damaged or
//! misleading cache cannot make a stale folder pass — and every file it would write is
//! compared byte for byte with the output folder. Nothing is written anywhere, not even a
//! temporary file. The incremental cache (`.cache/`) is not an output and is not compared.

use std::collections::BTreeMap;
use std::path::Path;

use crate::run::cache::CACHE_DIR;
use crate::run::output::{OutputError, OutputFile};

type Result<T> = std::result::Result<T, OutputError>;

/// How the output folder differs from what the inputs produce.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Outputs whose bytes differ.
    pub stale: Vec<String>,
    /// Outputs the run makes that the folder lacks.
    pub missing: Vec<String>,
    /// Files in the folder that the run does not make.
    pub extra: Vec<String>,
    /// Outputs that are current.
    pub current: usize,
}

impl CheckReport {
    pub fn is_current(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// One line per differing file (`stale   tables/x.csv`), for standard output.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for (what, paths) in [("stale", &self.stale), ("missing", &self.missing), ("extra", &self.extra)] {
            for path in paths {
                out.push_str(&format!("{what:<8}{path}\n"));
            }
        }
        out
    }
}

/// Compares the files a run would write with the folder `out_dir`.
pub fn compare(out_dir: &Path, files: &[OutputFile]) -> Result<CheckReport> {
    let on_disk = list_files(out_dir)?;
    let expected: BTreeMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut report = CheckReport::default();
    for (path, file) in &expected {
        if !on_disk.contains_key(*path) {
            report.missing.push(path.to_string());
            continue;
        }
        let full = out_dir.join(path);
        let read = |source| OutputError::Read { path: full.clone(), source };
        let actual = std::fs::read(&full).map_err(read)?;
        if file.same_bytes_as(&actual).map_err(read)? {
            report.current += 1;
        } else {
            report.stale.push(path.to_string());
        }
    }
    report.extra = on_disk.into_keys().filter(|p| !expected.contains_key(p.as_str())).collect();
    Ok(report)
}

/// Every file under `dir` by its `/`-separated relative path, the cache folder left out. A
/// folder that does not exist has no files.
fn list_files(dir: &Path) -> Result<BTreeMap<String, ()>> {
    let mut files = BTreeMap::new();
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(source) => return Err(OutputError::Read { path: dir.to_path_buf(), source }),
        Ok(meta) if !meta.is_dir() => return Err(OutputError::NotAFolder { path: dir.to_path_buf() }),
        Ok(_) => {}
    }
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        let unreadable = |source| OutputError::Read { path: folder.clone(), source };
        for entry in std::fs::read_dir(&folder).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if prefix.is_empty() && name == CACHE_DIR {
                continue;
            }
            let relative = format!("{prefix}{name}");
            let kind = entry.file_type().map_err(|source| OutputError::Read { path: entry.path(), source })?;
            if kind.is_dir() {
                pending.push((entry.path(), format!("{relative}/")));
            } else {
                files.insert(relative, ());
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_missing_extra_and_current_files_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("tables")).unwrap();
        std::fs::create_dir_all(out.join(".cache")).unwrap();
        std::fs::write(out.join("tables/same.csv"), "a\n").unwrap();
        std::fs::write(out.join("tables/old.csv"), "b\n").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        std::fs::write(out.join(".cache/state.json"), "{}").unwrap();
        let files = [
            OutputFile::new("tables/same.csv", "a\n"),
            OutputFile::new("tables/old.csv", "b2\n"),
            OutputFile::new("figures/new.svg", "<svg/>"),
        ];
        let report = compare(out, &files).unwrap();
        assert_eq!(report.stale, ["tables/old.csv"]);
        assert_eq!(report.missing, ["figures/new.svg"]);
        assert_eq!(report.extra, ["notes.txt"]);
        assert_eq!(report.current, 1);
        assert!(!report.is_current());
        assert_eq!(report.listing(), "stale   tables/old.csv\nmissing figures/new.svg\nextra   notes.txt\n");
    }

    #[test]
    fn an_output_folder_that_is_a_file_is_the_users_to_fix() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::write(&out, "not a folder").unwrap();
        let err = crate::error::Error::from(compare(&out, &[OutputFile::new("a.csv", "x")]).unwrap_err());
        assert_eq!(err.exit_code(), 1, "{err}");
        let message = err.to_string();
        assert!(message.contains(&out.display().to_string()) && message.contains("--out"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_cannot_be_read_is_named_and_the_users_to_fix() {
        // A link to nowhere stands where the run writes tables/a.csv: it is listed, but
        // reading it fails (a permission error would too, but root may read anything).
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tables")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nowhere.csv"), dir.path().join("tables/a.csv")).unwrap();
        let err = crate::error::Error::from(compare(dir.path(), &[OutputFile::new("tables/a.csv", "x")]).unwrap_err());
        assert_eq!(err.exit_code(), 1, "{err}");
        assert!(err.to_string().contains(&dir.path().join("tables/a.csv").display().to_string()), "{err}");
    }

    #[test]
    fn a_folder_that_does_not_exist_lacks_every_output() {
        let dir = tempfile::tempdir().unwrap();
        let report = compare(&dir.path().join("nope"), &[OutputFile::new("a.csv", "x")]).unwrap();
        assert_eq!(report.missing, ["a.csv"]);
        let equal = compare(dir.path(), &[]).unwrap();
        assert!(equal.is_current());
    }
}
