//! Keyword in context (`analyse kwic`): every place in the transcripts where a term, or the
//! terms of a code's rules, match, with the text around it and the codes that rules already
//! gave that unit — what a researcher looks at while writing rules (MAXQDA's keyword in
//! context, quanteda's `kwic`).
//!
//! A term is read as a codebook term ([`crate::codebook::term_to_regex`]: whole words, `*` at
//! either end, case-insensitive, diacritics as `[coding] diacritics` says); a code's rules are
//! searched by their trigger patterns ([`CompiledCodebook::trigger_patterns`]), so a match of
//! one term of an `all` rule shows up even where the rule as a whole does not fire — which is
//! what the "coded by" column then tells.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};

use super::{Coding, Source};
use crate::codebook::{fold, term_to_regex, Codebook, CompiledCodebook, Diacritics, Folded};
use crate::corpus::{Corpus, Document};

/// Characters of context kept on each side of a match, before a renderer cuts it to the width
/// it shows: wide enough that a name cut off at the edge lies outside what is shown, so the
/// pseudonyms apply to whole names.
pub const CONTEXT_CHARS: usize = 200;

/// One match of the searched patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Index into `Corpus::documents`.
    pub document: usize,
    /// Index of the segment holding the start of the match; `None` in a header line.
    pub segment: Option<usize>,
    /// Character offsets of the match in the document's text.
    pub start: usize,
    pub end: usize,
    /// Up to [`CONTEXT_CHARS`] characters before and after, white space collapsed.
    pub left: String,
    pub matched: String,
    pub right: String,
    /// Codes whose rules code the segment, in codebook order (indices into the codebook).
    pub coded_by: Vec<usize>,
}

/// The patterns to search for: a term, or the trigger patterns of a code's rules.
pub struct Patterns {
    regexes: Vec<Regex>,
    diacritics: Diacritics,
}

impl Patterns {
    /// A codebook term; the error says why the term cannot be used.
    pub fn term(term: &str, diacritics: Diacritics) -> Result<Self, String> {
        let prepared = if diacritics == Diacritics::Ignore { fold(term).text } else { term.to_string() };
        let pattern = term_to_regex(&prepared).map_err(|problem| problem.to_string())?;
        Ok(Self { regexes: vec![build(&pattern).map_err(|e| e.to_string())?], diacritics })
    }

    /// The rules of code `code` (an index into the codebook); empty when it has no rule with
    /// words to show (`similar` rules compare whole units).
    pub fn rules(codebook: &Codebook, compiled: &CompiledCodebook, code: usize, diacritics: Diacritics) -> Self {
        let first: usize = codebook.codes[..code].iter().map(|c| c.rules.len()).sum();
        let triggers = &compiled.trigger_patterns()[first..first + codebook.codes[code].rules.len()];
        let regexes = triggers.iter().filter(|t| !t.is_empty()).filter_map(|t| build(t).ok()).collect();
        Self { regexes, diacritics }
    }

    pub fn is_empty(&self) -> bool {
        self.regexes.is_empty()
    }
}

fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).case_insensitive(true).size_limit(64 * 1024 * 1024).build()
}

/// Every occurrence in the corpus, in document order and by position; a place two patterns
/// both match is listed once.
pub fn occurrences(corpus: &Corpus, codings: &[Coding], patterns: &Patterns) -> Vec<Occurrence> {
    let mut coded: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    for c in codings.iter().filter(|c| matches!(c.source, Source::Rule { .. })) {
        coded.entry((c.document, c.segment)).or_default().insert(c.code);
    }
    let per_document: Vec<Vec<Occurrence>> =
        corpus.documents.par_iter().enumerate().map(|(d, doc)| in_document(d, doc, patterns, &coded)).collect();
    per_document.into_iter().flatten().collect()
}

fn in_document(
    d: usize,
    doc: &Document,
    patterns: &Patterns,
    coded: &BTreeMap<(usize, usize), BTreeSet<usize>>,
) -> Vec<Occurrence> {
    let folded: Option<Folded> = (patterns.diacritics == Diacritics::Ignore).then(|| fold(&doc.text));
    let haystack = folded.as_ref().map_or(doc.text.as_str(), |f| f.text.as_str());
    let mut spans: BTreeSet<(usize, usize)> = BTreeSet::new();
    for re in &patterns.regexes {
        for m in re.find_iter(haystack).filter(|m| m.start() < m.end()) {
            spans.insert(folded.as_ref().map_or((m.start(), m.end()), |f| f.original_range(m.start(), m.end())));
        }
    }
    // Spans come in order: count characters from the previous span on, not from the start
    // (linear in the document, not in matches × length).
    let (mut counted_to, mut chars_before) = (0, 0);
    spans
        .into_iter()
        .map(|(s, e)| {
            let after = doc.segments.partition_point(|seg| seg.byte_start <= s);
            let segment = after.checked_sub(1).filter(|&g| s < doc.segments[g].byte_end);
            chars_before += doc.text[counted_to..s].chars().count();
            counted_to = s;
            let start = chars_before;
            Occurrence {
                document: d,
                segment,
                start,
                end: start + doc.text[s..e].chars().count(),
                left: tail(
                    &collapse_all(&doc.text[floor(&doc.text, s.saturating_sub(CONTEXT_CHARS * 4))..s]),
                    CONTEXT_CHARS,
                ),
                matched: collapse_all(&doc.text[s..e]),
                right: head(&collapse_all(&doc.text[e..ceil(&doc.text, e + CONTEXT_CHARS * 4)]), CONTEXT_CHARS),
                coded_by: segment
                    .and_then(|g| coded.get(&(d, g)))
                    .map(|c| c.iter().copied().collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// White space (line breaks included) as single spaces, none at either end.
fn collapse_all(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// The last `n` characters of a text.
pub fn tail(text: &str, n: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(n)).collect()
}

/// The first `n` characters of a text.
pub fn head(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

/// The char boundary at or before byte `i` (a context slice may start inside a character).
fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after byte `i`, at most the text's end.
fn ceil(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}
