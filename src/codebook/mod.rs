//! Codebooks: the code tree a project codes with, loaded from YAML, checked, and compiled.
//!
//! [`load_codebooks`] reads one or more files into one [`Codebook`] (their code trees side by
//! side; an id may occur only once over all of them). [`CompiledCodebook::compile`] turns every
//! rule of every code into one multi-pattern matcher, once, before the corpus is coded. This
//! stage never reads transcripts.

mod ascii_words;
mod error;
mod example_index;
mod fold;
pub mod literals;
mod load;
mod match_starts;
mod matcher;
mod pattern;
pub mod prefilter;
#[cfg(test)]
mod prefilter_equivalence;
mod rule_compiler;
mod rules;
mod sentence_bound;
mod sentences;
pub mod similar;
pub mod stem;
mod thread_memory;
mod unit_parts;
mod vocabulary;
mod word_literals;
mod word_map;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use error::CodebookError;
pub use fold::{fold, Folded};
pub use load::{load_codebooks, load_codebooks_with, parse_codebook};
pub use matcher::{CompiledCodebook, RuleHit};
pub use rules::{term_to_regex, Diacritics, RuleKind, RuleSpec, Threshold};
pub use thread_memory::release_thread_memory;

/// The description of one codebook file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodebookInfo {
    pub id: String,
    pub label: String,
    pub language: String,
    pub description: String,
    /// Path relative to the project, as shown in messages and the manifest.
    pub source: String,
    #[serde(skip)]
    pub path: PathBuf,
}

/// One code: a node of a codebook tree, with the criteria a human coder uses and the rules the
/// program uses.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Code {
    pub id: String,
    pub label: String,
    pub parent: Option<String>,
    pub colour: Option<String>,
    pub definition: String,
    pub include: String,
    pub exclude: String,
    pub example: String,
    pub rules: Vec<RuleSpec>,
    /// Id of the codebook the code comes from.
    pub codebook: String,
    /// 1-based line of the code's `id` in its file.
    pub line: usize,
}

/// All codes of a project, in file order, with the tree resolved.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Codebook {
    pub books: Vec<CodebookInfo>,
    pub codes: Vec<Code>,
    /// For each code, the index of its parent.
    parents: Vec<Option<usize>>,
}

impl Codebook {
    /// Builds the tree; the caller has checked that every parent exists and there is no cycle.
    pub(crate) fn new(books: Vec<CodebookInfo>, codes: Vec<Code>) -> Self {
        // First definition of an id wins, as a search from the start would find it.
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, c) in codes.iter().enumerate() {
            index.entry(c.id.as_str()).or_insert(i);
        }
        let parents = codes.iter().map(|c| c.parent.as_deref().and_then(|p| index.get(p).copied())).collect();
        Self { books, codes, parents }
    }

    /// Index of a code by id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.codes.iter().position(|c| c.id == id)
    }

    pub fn parent_of(&self, code: usize) -> Option<usize> {
        self.parents[code]
    }

    /// The code itself and every code below it, in codebook order.
    pub fn self_and_descendants(&self, code: usize) -> Vec<usize> {
        (0..self.codes.len()).filter(|&c| self.is_ancestor_or_self(code, c)).collect()
    }

    /// Whether `ancestor` is `code` or one of its ancestors.
    pub fn is_ancestor_or_self(&self, ancestor: usize, code: usize) -> bool {
        let mut current = Some(code);
        while let Some(c) = current {
            if c == ancestor {
                return true;
            }
            current = self.parents[c];
        }
        false
    }

    /// Number of ancestors: 0 for a top-level code.
    pub fn depth(&self, code: usize) -> usize {
        let mut depth = 0;
        let mut current = self.parents[code];
        while let Some(c) = current {
            depth += 1;
            current = self.parents[c];
        }
        depth
    }

    /// Codes in tree order: each parent followed by its children (depth first), siblings in
    /// file order. Tables and figures list codes in this order.
    ///
    /// Linear in the number of codes and without recursion, so a tree 10,000 levels deep
    /// neither takes long nor overflows the stack.
    pub fn tree_order(&self) -> Vec<usize> {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.codes.len()];
        let mut roots = Vec::new();
        for (c, parent) in self.parents.iter().enumerate() {
            match parent {
                Some(p) => children[*p].push(c),
                None => roots.push(c),
            }
        }
        let mut out = Vec::with_capacity(self.codes.len());
        let mut stack: Vec<usize> = roots.into_iter().rev().collect();
        while let Some(c) = stack.pop() {
            out.push(c);
            stack.extend(children[c].iter().rev());
        }
        out
    }
}
