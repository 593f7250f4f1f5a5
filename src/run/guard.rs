//! Which files a command may write: never a file the project reads, never an existing file
//! that `analyse` did not write itself.
//!
//! Every command that writes (`run`, `evaluate`, `export qdpx -o`, `codebook export -o`,
//! `diff -o`) asks here first, before any work is written. A file counts as "the project
//! reads it" when it is the same file on disk (same device and inode, so a path through a
//! symbolic link, `..` or another spelling is caught too) as `analyse.toml`, a transcript, the
//! respondents file, a codebook, a manual coding, an imported coding or the pseudonym mapping.
//! The output folder of a run may not hold any of those files at all: a run swaps the whole
//! folder (see [`crate::run::swap`]), and a folder it swaps must be its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::manifest::{hash_file, Manifest};
use super::output::OutputFile;
use crate::error::OutputError;
use crate::project::Plan;

/// Every file the project reads, as the plan names it (gold folders listed file by file).
pub fn project_inputs(plan: &Plan) -> Vec<PathBuf> {
    let s = &plan.sources;
    let mut files = vec![plan.project_file.clone()];
    files.extend(s.transcripts.iter().cloned());
    files.extend(s.respondents.iter().cloned());
    files.extend(s.codebooks.iter().cloned());
    files.extend(super::gold::gold_files(&s.gold).unwrap_or_else(|_| s.gold.clone()));
    files.extend(s.coded.iter().cloned());
    files.extend(s.pseudonyms.iter().cloned());
    files
}

/// True when `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// Checks that a single output file (`-o FILE`) may be written: it is not one of `inputs`, and
/// when it exists, `force` says the user wants it replaced.
///
/// `--force` replaces an earlier output of the command; it never replaces an input, so
/// `codebook export x.yaml -o x.yaml --force` is still refused.
pub fn check_single_target(path: &Path, inputs: &[PathBuf], force: bool) -> Result<(), OutputError> {
    if let Some(input) = inputs.iter().find(|input| same_file(path, input)) {
        return Err(OutputError::IsInput { path: path.to_path_buf(), input: input.clone() });
    }
    let exists = std::fs::symlink_metadata(path).is_ok();
    if exists && path.is_dir() {
        return Err(OutputError::NotAFile { path: path.to_path_buf() });
    }
    if exists && !force {
        return Err(OutputError::Exists { path: path.to_path_buf() });
    }
    Ok(())
}

/// Checks that the output folder of a run holds no file the project reads (`run --out .` in a
/// project whose respondents are `tables/respondents.csv`), and is not the project folder or
/// a folder above it.
pub fn check_out_dir(plan: &Plan) -> Result<(), OutputError> {
    let out = absolute(&plan.out_dir);
    let root = absolute(&plan.root);
    if root.starts_with(&out) {
        return Err(OutputError::HoldsProject { out_dir: plan.out_dir.clone(), input: plan.project_file.clone() });
    }
    for input in project_inputs(plan) {
        if absolute(&input).starts_with(&out) {
            return Err(OutputError::HoldsProject { out_dir: plan.out_dir.clone(), input });
        }
    }
    Ok(())
}

/// A path made absolute with symbolic links resolved as far as it exists, so that two
/// spellings of one folder compare equal; the part that does not exist yet is appended as
/// written.
pub fn absolute(path: &Path) -> PathBuf {
    let mut existing =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(&existing) {
            let mut full = real;
            full.extend(rest.iter().rev());
            return full;
        }
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Output path → the digests an earlier run recorded for it (in the cache and in the
/// `manifest.json` on disk, which can differ after a `git checkout` of committed outputs).
pub type Recorded = BTreeMap<String, BTreeSet<String>>;

/// Checks, before anything is written, that every output of a run lands on a path that is
/// free or holds what an earlier run wrote: a file the run did not write is never replaced
/// (with or without `--force`), an output edited since is replaced only with `force`.
pub fn check_outputs(
    out_dir: &Path,
    recorded: &Recorded,
    files: &[OutputFile],
    force: bool,
) -> Result<(), OutputError> {
    let (mut foreign, mut edited) = (Vec::new(), Vec::new());
    for file in files {
        let full = out_dir.join(&file.path);
        if file.path.starts_with(&format!("{}/", super::cache::CACHE_DIR)) || std::fs::symlink_metadata(&full).is_err()
        {
            continue;
        }
        if file.path == "manifest.json" {
            let ours = std::fs::read(&full).ok().and_then(|b| Manifest::output_paths(&b)).is_some();
            if !ours {
                foreign.push(file.path.clone());
            }
            continue;
        }
        let Some(digests) = recorded.get(&file.path) else {
            foreign.push(file.path.clone());
            continue;
        };
        let on_disk = hash_file(&full).unwrap_or_default();
        if !digests.contains(&on_disk) && on_disk != file.hash() {
            edited.push(file.path.clone());
        }
    }
    let out_dir = out_dir.to_path_buf();
    if !foreign.is_empty() {
        return Err(OutputError::Foreign { out_dir, paths: foreign.join(", ") });
    }
    if !edited.is_empty() && !force {
        return Err(OutputError::Edited { out_dir, paths: edited.join(", ") });
    }
    Ok(())
}

/// Of the outputs an earlier run wrote and this run no longer makes, those still as written
/// (to delete) and those edited since (to keep, with a warning).
pub fn split_obsolete(out_dir: &Path, recorded: &Recorded, obsolete: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut delete, mut keep) = (Vec::new(), Vec::new());
    for path in obsolete {
        let Ok(digest) = hash_file(&out_dir.join(path)) else { continue };
        if recorded.get(path).is_some_and(|digests| digests.contains(&digest)) {
            delete.push(path.clone());
        } else {
            keep.push(path.clone());
        }
    }
    (delete, keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_refused_even_with_force_and_through_another_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("x.yaml");
        std::fs::write(&input, "a").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let other_spelling = dir.path().join("sub/../x.yaml");
        let err = check_single_target(&other_spelling, std::slice::from_ref(&input), true).unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }), "{err}");
    }

    #[test]
    fn an_existing_file_needs_force_and_a_new_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.csv");
        std::fs::write(&old, "a").unwrap();
        assert!(matches!(check_single_target(&old, &[], false), Err(OutputError::Exists { .. })));
        assert!(check_single_target(&old, &[], true).is_ok());
        assert!(check_single_target(&dir.path().join("new.csv"), &[], false).is_ok());
        assert!(matches!(check_single_target(dir.path(), &[], true), Err(OutputError::NotAFile { .. })));
    }

    #[test]
    fn absolute_resolves_the_existing_part_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(absolute(&dir.path().join("a/b")), real.join("a/b"));
        assert!(absolute(&dir.path().join("x")).starts_with(absolute(dir.path())));
    }
}
