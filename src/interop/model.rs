//! What every importer produces: a neutral picture of a coded project from another tool.
//!
//! Importers only translate their format into these types; matching the sources to the
//! project's transcripts, the codes to its codebooks, and locating segment texts happens
//! afterwards, the same for every format ([`super::import`]).

use std::path::PathBuf;

/// A code of the other tool's codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCode {
    pub name: String,
    /// Index of the parent code in [`ImportedProject::codes`].
    pub parent: Option<usize>,
    pub description: String,
    /// `#RRGGBB`, upper-case.
    pub colour: Option<String>,
}

/// A text the other tool coded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSource {
    /// The document's name in the other tool (usually the file name it was imported from).
    pub name: String,
    /// The full text, when the format carries it (REFI-QDA does, segment exports do not).
    pub text: Option<String>,
}

/// One code on one stretch of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSegment {
    /// Index into [`ImportedProject::sources`].
    pub source: usize,
    /// Character offsets into the source's text (end exclusive), when the format has usable ones.
    pub span: Option<(usize, usize)>,
    /// The coded text, when the format repeats it; used to locate segments without offsets.
    pub text: Option<String>,
    /// Index into [`ImportedProject::codes`].
    pub code: usize,
    pub coder: String,
    /// Where in the imported file the segment stands (`row 12`, `PlainTextSelection 3F2…`).
    pub place: String,
}

/// A case (respondent) with its variables.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportedCase {
    pub name: String,
    /// Variable name → value, in the order of the file.
    pub variables: Vec<(String, String)>,
}

/// Everything read from one file of another tool.
#[derive(Debug, Clone, Default)]
pub struct ImportedProject {
    /// The file it came from.
    pub path: PathBuf,
    /// Which tool wrote it, for messages (`MAXQDA 24`, `Taguette highlights`).
    pub origin: String,
    pub codes: Vec<ImportedCode>,
    pub sources: Vec<ImportedSource>,
    pub segments: Vec<ImportedSegment>,
    pub cases: Vec<ImportedCase>,
    /// Project notes and memos, as plain text with their title first.
    pub notes: Vec<String>,
    /// What was not imported and why it cannot be (PDF, picture, audio, video sources and
    /// their selections), so that the report can say so.
    pub skipped: Vec<String>,
}

impl ImportedProject {
    /// The code's path from its root, `Parent\Child` as MAXQDA writes it.
    pub fn code_path(&self, code: usize) -> Vec<&str> {
        let mut parts = vec![self.codes[code].name.as_str()];
        let mut current = self.codes[code].parent;
        while let Some(p) = current {
            parts.push(&self.codes[p].name);
            current = self.codes[p].parent;
        }
        parts.reverse();
        parts
    }

    /// Index of a code by its path, adding it (and missing ancestors) when new.
    pub fn code_by_path(&mut self, path: &[&str]) -> usize {
        let mut parent = None;
        for name in path {
            let found = self.codes.iter().position(|c| c.parent == parent && c.name == *name);
            parent = Some(found.unwrap_or_else(|| {
                self.codes.push(ImportedCode {
                    name: name.to_string(),
                    parent,
                    description: String::new(),
                    colour: None,
                });
                self.codes.len() - 1
            }));
        }
        parent.expect("a code path has at least one part")
    }

    /// Index of a source by name, adding it (without text) when new.
    pub fn source_by_name(&mut self, name: &str) -> usize {
        self.sources.iter().position(|s| s.name == name).unwrap_or_else(|| {
            self.sources.push(ImportedSource { name: name.to_string(), text: None });
            self.sources.len() - 1
        })
    }
}

/// A file of another tool that cannot be imported: the file, the element or row, and why.
/// The same error as a source file the corpus cannot read ([`crate::corpus::FileError`]).
pub use crate::corpus::FileError as InteropError;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_paths_are_created_once() {
        let mut p = ImportedProject::default();
        let a = p.code_by_path(&["Samenwerking", "Regie"]);
        let b = p.code_by_path(&["Samenwerking", "Regie"]);
        let c = p.code_by_path(&["Samenwerking"]);
        assert_eq!(a, b);
        assert_eq!(p.codes.len(), 2);
        assert_eq!(p.codes[a].parent, Some(c));
        assert_eq!(p.code_path(a), vec!["Samenwerking", "Regie"]);
    }
}
