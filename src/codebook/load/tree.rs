//! The code tree of a project: ids unique, parents known, no cycle.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::codebook::{Code, CodebookError};

/// Duplicate ids within one file; parents and cycles are checked over all the project's
/// codebooks ([`check_parents`]), since a code may sit under a code of another codebook (an
/// imported code tree under the project's own concepts).
pub(super) fn check_tree(path: &Path, codes: &[Code]) -> Result<(), CodebookError> {
    let mut lines: BTreeMap<&str, usize> = BTreeMap::new();
    for code in codes {
        if let Some(first) = lines.insert(&code.id, code.line) {
            return Err(CodebookError::Invalid {
                path: path.to_path_buf(),
                line: code.line,
                code: code.id.clone(),
                message: format!("duplicate id; it is already defined at line {first}"),
            });
        }
    }
    check_parents(codes, &|_| path.to_path_buf(), false)
}

/// Unknown parents (when `all` holds every code of the project) and cycles, over `codes`;
/// `path_of` names the file of a code for the message.
pub(super) fn check_parents(
    codes: &[Code],
    path_of: &dyn Fn(usize) -> PathBuf,
    all: bool,
) -> Result<(), CodebookError> {
    let index: HashMap<&str, usize> = codes.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let invalid = |i: usize, message: String| CodebookError::Invalid {
        path: path_of(i),
        line: codes[i].line,
        code: codes[i].id.clone(),
        message,
    };
    for (i, code) in codes.iter().enumerate() {
        if let Some(parent) = &code.parent {
            if all && !index.contains_key(parent.as_str()) {
                return Err(invalid(i, format!(
                    "unknown parent '{parent}'; define a code with that id in this or another codebook of the project, or fix the name"
                )));
            }
        }
    }
    // Each code is walked up once in all: a walk stops at a code already known to reach the
    // top, so the check takes time linear in the number of codes, however deep the tree.
    let parent_of = |i: usize| codes[i].parent.as_deref().and_then(|p| index.get(p).copied());
    let mut state = vec![Walk::Unseen; codes.len()];
    for start in 0..codes.len() {
        let mut path = Vec::new();
        let mut current = Some(start);
        while let Some(c) = current {
            match state[c] {
                Walk::Rooted => break,
                Walk::OnPath(walk) if walk == start => {
                    return Err(invalid(
                        c,
                        "the parent chain loops back to this code; a codebook must be a tree".into(),
                    ))
                }
                _ => {}
            }
            state[c] = Walk::OnPath(start);
            path.push(c);
            current = parent_of(c);
        }
        path.into_iter().for_each(|c| state[c] = Walk::Rooted);
    }
    Ok(())
}

/// Where the cycle check has been: not yet, on the walk from a given code, or known to lead to
/// a top-level code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    Unseen,
    OnPath(usize),
    Rooted,
}
