//! Overlapping imports: one coder's work on one source must come into the project once.
//!
//! Importing the same export twice (under another name, say after a re-export), or two exports
//! in which the same coder coded the same source, would put that coder's codings of the source
//! in the project twice: identical ones merge silently, but the codings an older version had
//! and a newer one dropped would still count, and no table would show it. So `analyse import`
//! refuses, before writing anything, a coding whose (source, coder) the project's
//! `[sources] coded` files — or an earlier file of the same import — already hold. Two coders
//! coding the same source is what agreement is computed from, and passes.
//!
//! Two files of one import that both bring the text of a source the project lacks are refused
//! too: the second would be placed on a text the first has not written yet.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::import::Matched;
use super::model::InteropError;

const IN_PROJECT: &str = "To replace it, delete that file and take it out of [sources] coded, then import again";
const IN_IMPORT: &str = "Import only one of the two files";

/// A coder's codings of one source that the project already holds, and the file they are in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedBy {
    pub document: String,
    pub coder: String,
    /// The file, as the user sees it (`coded/imported/anna.csv`).
    pub file: String,
}

/// Refuses the first coding of `imports` (in order) whose source and coder are already coded
/// in `existing` or in an earlier import, and a new source that an earlier import brings too.
pub fn check_overlap(existing: &[CodedBy], imports: &[(PathBuf, &Matched)]) -> Result<(), InteropError> {
    // (source, coder) → where it is coded, and what to do about it.
    let mut held: BTreeMap<(&str, &str), (String, &str)> = BTreeMap::new();
    for c in existing {
        held.entry((&c.document, &c.coder)).or_insert_with(|| (format!("{} (in [sources] coded)", c.file), IN_PROJECT));
    }
    let mut brought: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for (path, matched) in imports {
        for (id, _) in &matched.new_transcripts {
            if let Some(first) = brought.insert(id, path) {
                return Err(InteropError::new(
                    path,
                    format!("source '{id}'"),
                    format!(
                        "{} brings this source into the project too; import {} first, then this file on its own, so that its codings are placed on that text",
                        first.display(),
                        first.display()
                    ),
                ));
            }
        }
        let mut mine: BTreeMap<(&str, &str), &str> = BTreeMap::new();
        for c in &matched.codings {
            let key = (c.document.as_str(), c.coder.as_str());
            if let Some((file, fix)) = held.get(&key) {
                return Err(InteropError::new(
                    path,
                    &c.place,
                    format!(
                        "source '{}' coded by '{}' is already coded by '{}' in {file}: importing it would count one coder's work twice, or mix an old version with a new one. {fix}; if this is another coder's work, give that coder a name of their own in the export",
                        c.document, c.coder, c.coder
                    ),
                ));
            }
            mine.entry(key).or_insert(&c.place);
        }
        for key in mine.into_keys() {
            held.insert(key, (path.display().to_string(), IN_IMPORT));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::import::PlacedCoding;

    fn matched(codings: &[(&str, &str)], new: &[&str]) -> Matched {
        let codings = codings
            .iter()
            .enumerate()
            .map(|(i, (document, coder))| PlacedCoding {
                document: document.to_string(),
                start: 0,
                end: 1,
                code: "c".into(),
                coder: coder.to_string(),
                text: String::new(),
                place: format!("row {}", i + 2),
            })
            .collect();
        Matched {
            codings,
            new_transcripts: new.iter().map(|id| (id.to_string(), String::new())).collect(),
            ..Default::default()
        }
    }

    fn held(document: &str, coder: &str) -> CodedBy {
        CodedBy { document: document.into(), coder: coder.into(), file: "coded/imported/a.csv".into() }
    }

    #[test]
    fn a_second_coder_of_a_source_passes_the_same_coder_again_does_not() {
        let other_coder = matched(&[("D1", "bram")], &[]);
        assert!(check_overlap(&[held("D1", "anna")], &[("b.qdpx".into(), &other_coder)]).is_ok());
        let other_source = matched(&[("D2", "anna")], &[]);
        assert!(check_overlap(&[held("D1", "anna")], &[("b.qdpx".into(), &other_source)]).is_ok());
        // The second row of the file is the first of anna's codings of D1.
        let again = matched(&[("D2", "anna"), ("D1", "anna")], &[]);
        let err = check_overlap(&[held("D1", "anna")], &[("b.qdpx".into(), &again)]).unwrap_err().to_string();
        assert!(err.starts_with("b.qdpx: row 3: source 'D1' coded by 'anna'"), "{err}");
        assert!(err.contains("coded/imported/a.csv (in [sources] coded)"), "{err}");
        assert!(err.contains("To replace it, delete that file"), "{err}");
    }

    #[test]
    fn two_files_of_one_import_overlap_as_a_file_and_the_project_do() {
        let a = matched(&[("D1", "anna"), ("D1", "anna")], &[]);
        let b = matched(&[("D1", "anna")], &[]);
        // One file coding a source many times is one coder's work: no overlap with itself.
        assert!(check_overlap(&[], &[("a.qdpx".into(), &a)]).is_ok());
        let err = check_overlap(&[], &[("a.qdpx".into(), &a), ("b.qdpx".into(), &b)]).unwrap_err().to_string();
        assert!(err.starts_with("b.qdpx: row 2:") && err.contains("already coded by 'anna' in a.qdpx:"), "{err}");
        assert!(err.contains("Import only one of the two files"), "{err}");
    }

    #[test]
    fn a_new_source_brought_by_two_files_is_refused_naming_both() {
        let a = matched(&[("D9", "anna")], &["D9"]);
        let b = matched(&[("D9", "bram")], &["D9"]);
        let err = check_overlap(&[], &[("a.qdpx".into(), &a), ("b.qdpx".into(), &b)]).unwrap_err().to_string();
        assert!(err.starts_with("b.qdpx: source 'D9': a.qdpx brings this source"), "{err}");
    }
}
