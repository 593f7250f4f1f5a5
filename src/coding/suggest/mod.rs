//! `analyse suggest`: codes proposed for the units nobody coded yet, learned from the
//! researcher's own manual coding (`[coding] gold` and the manual codings of `[sources] coded`).
//!
//! What counts as what:
//! - a **coded document** is one that any manual coding touches; every eligible unit in it was
//!   read by a coder, so a unit there without a code is a negative example, not a gap;
//! - the **units nobody coded yet** are the eligible units of the other documents: those get
//!   proposals;
//! - the label of a unit is every code a manual fragment overlapping it carries, as coded
//!   (a sub-code is learned as itself, not as its parent).
//!
//! The classifier ([`model`]) is trained on every unit of the coded documents. Proposals never
//! enter the coding: they are written to a review file, and only the rows a person accepts come
//! back, through `analyse import`, as a manual coding.

pub mod model;

use std::collections::{BTreeMap, BTreeSet};

use crate::codebook::similar::content_words;
use crate::coding::manual::ManualCoding;
use crate::coding::{Coding, Source, Speakers};
use crate::corpus::{Corpus, Speaker};
use model::{Model, Proposal, Stems};

/// One eligible unit: (document, segment), its stems, and the codes a person gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub document: usize,
    pub segment: usize,
    pub stems: Stems,
    pub codes: BTreeSet<usize>,
    /// Per stem, the first word of the unit with that stem, as written (lower case): the
    /// evidence shows words a reader recognises, not stems.
    pub words: BTreeMap<String, String>,
}

/// The units of a project split by whether a person coded their document.
#[derive(Debug, Clone, PartialEq)]
pub struct Units {
    /// Units of documents a manual coding touches, with their labels.
    pub coded: Vec<Unit>,
    /// Units of every other document (their label sets are empty).
    pub uncoded: Vec<Unit>,
}

/// A code proposed for one unit nobody coded.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub document: usize,
    pub segment: usize,
    pub proposal: Proposal,
}

/// The units of the corpus with the manual labels of `manual` (gold files) and of the manual
/// codings among `codings` (merged from `[sources] coded`).
pub fn units(corpus: &Corpus, manual: &[ManualCoding], codings: &[Coding], speakers: Speakers) -> Units {
    let mut labels: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    for m in manual {
        for (s, segment) in corpus.documents[m.document].segments.iter().enumerate() {
            if segment.start < m.end && m.start < segment.end {
                labels.entry((m.document, s)).or_default().insert(m.code);
            }
        }
    }
    for c in codings.iter().filter(|c| matches!(c.source, Source::Manual(_))) {
        labels.entry((c.document, c.segment)).or_default().insert(c.code);
    }
    let coded_documents: BTreeSet<usize> = labels.keys().map(|&(d, _)| d).collect();
    let (mut coded, mut uncoded) = (Vec::new(), Vec::new());
    for (d, doc) in corpus.documents.iter().enumerate() {
        for (s, segment) in doc.segments.iter().enumerate() {
            if speakers == Speakers::Respondent && segment.speaker == Speaker::Interviewer {
                continue;
            }
            let mut words = BTreeMap::new();
            for w in content_words(doc.segment_text(segment)) {
                words.entry(w.stem.to_string()).or_insert_with(|| w.lower.to_string());
            }
            let stems = words.keys().cloned().collect();
            let codes = labels.get(&(d, s)).cloned().unwrap_or_default();
            let unit = Unit { document: d, segment: s, stems, codes, words };
            if coded_documents.contains(&d) {
                coded.push(unit);
            } else {
                uncoded.push(unit);
            }
        }
    }
    Units { coded, uncoded }
}

/// Trains a model on `training` units.
pub fn train(training: &[&Unit], n_codes: usize) -> Model {
    let examples: Vec<(Stems, BTreeSet<usize>)> = training.iter().map(|u| (u.stems.clone(), u.codes.clone())).collect();
    Model::train(&examples, n_codes)
}

/// Every code scoring at least `threshold` for every unit nobody coded, in document, segment
/// and code order.
pub fn suggest(units: &Units, n_codes: usize, threshold: f64) -> Vec<Suggestion> {
    let model = train(&units.coded.iter().collect::<Vec<_>>(), n_codes);
    units
        .uncoded
        .iter()
        .flat_map(|u| {
            model.propose(&u.stems, threshold).into_iter().map(|mut proposal| {
                for (stem, _) in &mut proposal.evidence {
                    if let Some(word) = u.words.get(stem.as_str()) {
                        stem.clone_from(word);
                    }
                }
                Suggestion { document: u.document, segment: u.segment, proposal }
            })
        })
        .collect()
}
