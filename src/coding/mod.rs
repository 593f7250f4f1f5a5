//! Applying the compiled codebook to the corpus.
//!
//! Each unit (segment) that the project codes — respondents' turns by default — is matched
//! against every rule at once; a code is applied once per segment, with the first rule that
//! fired (in codebook order) and its matched text kept as evidence. Documents are coded in
//! parallel; the result is sorted by document, segment and code, whatever the thread count.

mod hits;
pub mod kwic;
pub mod manual;
pub mod merge;
mod options;
pub mod rule_stats;
pub mod suggest;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::codebook::{Codebook, CompiledCodebook};
use crate::corpus::{Corpus, Document, Speaker};

pub use hits::CorpusHits;
use hits::DocumentHits;
pub use options::{CodingOptions, Speakers};

/// Where a coding comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Source {
    /// A codebook rule fired: which rule of the code, and the text it matched.
    Rule { rule: usize, matched: Box<str> },
    /// A person coded a fragment overlapping the segment (a gold file or imported coded data
    /// listed in `[sources] coded`). Boxed: rule codings outnumber manual ones by far, and a
    /// `Coding` sized for two inline `String`s took 72 bytes instead of 48 (12 MB more held by
    /// every stage after coding for the half million codings of a 100 MB study, issue 15).
    Manual(Box<ManualSource>),
}

/// Who coded a fragment by hand, and the file and line it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ManualSource {
    pub coder: String,
    pub origin: String,
}

impl Source {
    /// A manual coding's source.
    pub fn manual(coder: impl Into<String>, origin: impl Into<String>) -> Self {
        Source::Manual(Box::new(ManualSource { coder: coder.into(), origin: origin.into() }))
    }
}

impl Source {
    /// `rule` or `manual`, as the `source` column of the coded segments table says.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Rule { .. } => "rule",
            Source::Manual(_) => "manual",
        }
    }
}

/// One code applied to one segment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coding {
    /// Index into `Corpus::documents`.
    pub document: usize,
    /// Index into that document's segments.
    pub segment: usize,
    /// Index into `Codebook::codes`.
    pub code: usize,
    pub source: Source,
}

impl Coding {
    /// The evidence of a coding as shown in tables: the kind of rule, where it stands in its
    /// codebook, and the text it matched (`terms rule at codebooks/x.yaml:12 → "overleg"`).
    pub fn evidence(&self, codebook: &Codebook) -> String {
        let code = &codebook.codes[self.code];
        match &self.source {
            Source::Rule { rule, matched } => {
                let spec = &code.rules[*rule];
                let book =
                    codebook.books.iter().find(|b| b.id == code.codebook).map(|b| b.source.as_str()).unwrap_or("");
                format!("{} rule at {book}:{} → \"{}\"", spec.kind_name(), spec.line, matched.replace('\n', " "))
            }
            Source::Manual(manual) => format!("coded by {} ({})", manual.coder, manual.origin),
        }
    }
}

/// Codes every unit of the corpus that the options select.
pub fn code_corpus(corpus: &Corpus, matcher: &CompiledCodebook, options: &CodingOptions) -> Vec<Coding> {
    match_corpus(corpus, matcher, options, &|| {}).into_codings()
}

/// Text handed to the matcher at once, in whole documents (at least one): the matcher verifies
/// rule by rule over all units of a batch, so that a rule's automata stay in the processor's
/// cache while they run over every unit it may fire in. One document (about 50 KB in the
/// benchmark studies) left a rule's automata to be evicted by the other rules' after a few
/// units; batches of 256 KB coded the 100 MB study 0.85x as long (session 21), and batches of
/// 512 KB 0.93x as long again, at the same peak memory (session 23: a search of a rule's lazy
/// DFA costs about 2 µs whether its stretch is 40 or 200 bytes, so a search is paid for in
/// transitions that are not in the processor's cache). A batch's units (folded text, sentence
/// spans; stemmed words only one unit at a time) stay small beside the corpus; 1 MB batches were
/// faster still (0.89x) but left the 100 MB run at 2.97x the corpus in memory, against the
/// 3x of issue 15 (BENCHMARKS.md, session 23).
const BATCH_BYTES: usize = 512 * 1024;

/// The hits of every unit the options select, in the compact form of [`CorpusHits`], so that
/// the caller can drop the matcher (and its per-thread caches) before they become codings.
/// `document_done` is called after each document, from any thread.
pub fn match_corpus(
    corpus: &Corpus,
    matcher: &CompiledCodebook,
    options: &CodingOptions,
    document_done: &(dyn Fn() + Sync),
) -> CorpusHits {
    let text_bytes = |doc: &Document| doc.text.len();
    let size = batch_bytes(corpus.documents.iter().map(text_bytes).sum(), rayon::current_num_threads());
    let batches = batches_of(&corpus.documents, text_bytes, size);
    // An indexed collect writes each batch's hits into place: no gathered copy of them all.
    let per_batch: Vec<Vec<DocumentHits>> = batches
        .par_iter()
        .map(|documents| {
            let hits = match_documents(documents, matcher, options);
            hits.iter().for_each(|_| document_done());
            hits
        })
        .collect();
    CorpusHits { per_document: per_batch.into_iter().flatten().collect() }
}

/// The size of a batch for `total` bytes of text on `threads` threads: [`BATCH_BYTES`], or
/// less, so that every thread gets a few batches. The sample study (0.2 MB) made one batch of
/// [`BATCH_BYTES`], coded on one core: its coding stage took 0.13–0.15 s instead of 0.12 s.
fn batch_bytes(total: usize, threads: usize) -> usize {
    BATCH_BYTES.min(total / (4 * threads.max(1))).max(1)
}

/// The documents in consecutive runs of about `bytes` of text each (`size` of each): a
/// document joins the run before it while that run is still under `bytes`.
fn batches_of<T>(documents: &[T], size: impl Fn(&T) -> usize, bytes: usize) -> Vec<&[T]> {
    let mut batches = Vec::new();
    let (mut start, mut so_far) = (0, 0);
    for (d, document) in documents.iter().enumerate() {
        if so_far >= bytes {
            batches.push(&documents[start..d]);
            (start, so_far) = (d, 0);
        }
        so_far += size(document);
    }
    if start < documents.len() {
        batches.push(&documents[start..]);
    }
    batches
}

/// The hits of each document (a code once per unit, with its first rule that fires as
/// evidence), all units of all documents handed to the matcher at once.
fn match_documents(documents: &[Document], matcher: &CompiledCodebook, options: &CodingOptions) -> Vec<DocumentHits> {
    let units: Vec<(Vec<usize>, Vec<Cow<str>>)> = documents.iter().map(|doc| units_of(doc, options)).collect();
    let texts: Vec<&str> = units.iter().flat_map(|(_, texts)| texts.iter().map(|t| t.as_ref())).collect();
    let mut found = matcher.first_hits_many(&texts).into_iter();
    units
        .iter()
        .map(|(segments, _)| {
            let mut out = DocumentHits::default();
            for (hits, &s) in found.by_ref().take(segments.len()).zip(segments) {
                hits.into_iter().for_each(|hit| out.push(s, hit.code, hit.rule, &hit.matched));
            }
            out.shrink_to_fit();
            out
        })
        .collect()
}

/// The segments of a document that the options select, and the text of each as a unit (the
/// segment with its context, when the options ask for some).
fn units_of<'d>(doc: &'d Document, options: &CodingOptions) -> (Vec<usize>, Vec<Cow<'d, str>>) {
    let eligible: Vec<usize> = (0..doc.segments.len())
        .filter(|&s| options.speakers == Speakers::All || doc.segments[s].speaker != Speaker::Interviewer)
        .collect();
    let texts = (0..eligible.len())
        .map(|k| {
            let window = &eligible[k.saturating_sub(options.context)..(k + options.context + 1).min(eligible.len())];
            if window.len() == 1 {
                Cow::Borrowed(doc.segment_text(&doc.segments[eligible[k]]))
            } else {
                let parts: Vec<&str> = window.iter().map(|&w| doc.segment_text(&doc.segments[w])).collect();
                Cow::Owned(parts.join("\n"))
            }
        })
        .collect();
    (eligible, texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{parse_codebook, Codebook};
    use crate::corpus::{parse_document, CorpusOptions};

    #[test]
    fn a_small_study_gets_a_few_batches_per_thread() {
        // 200,000 bytes on 2 threads: 4 batches each, 25,000 bytes.
        assert_eq!(batch_bytes(200_000, 2), 25_000);
        // 100 MB: the full size.
        assert_eq!(batch_bytes(100_000_000, 2), BATCH_BYTES);
        assert_eq!(batch_bytes(0, 2), 1);
        assert_eq!(batch_bytes(1_000, 0), 250);
    }

    #[test]
    fn documents_are_batched_until_a_batch_reaches_its_size() {
        let sizes = [100, 200, 50, 300, 10];
        // 100 + 200 reaches 250: the next starts a batch; so does 50 + 300; 10 is left.
        let batches = batches_of(&sizes, |&s| s, 250);
        assert_eq!(batches, vec![&[100, 200][..], &[50, 300][..], &[10][..]]);
        // A document larger than a batch is a batch of its own; nothing is lost or repeated.
        assert_eq!(batches_of(&sizes, |&s| s, 1).len(), 5);
        assert_eq!(batches_of(&sizes, |&s| s, 10_000), vec![&sizes[..]]);
        assert!(batches_of(&[] as &[usize], |&s| s, 250).is_empty());
    }

    /// Three indices (3 × 8 bytes) and a source of one word (the rule) plus a boxed string
    /// (2 words) — the manual variant's two strings live behind one pointer: 48 bytes a coding.
    #[test]
    fn a_coding_takes_six_words() {
        assert_eq!(std::mem::size_of::<Source>(), 3 * std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Coding>(), 6 * std::mem::size_of::<usize>());
        let manual = Source::manual("Jansen", "a.csv:3");
        let Source::Manual(m) = &manual else { panic!("a manual source") };
        assert_eq!((m.coder.as_str(), m.origin.as_str(), manual.kind()), ("Jansen", "a.csv:3", "manual"));
    }

    #[test]
    fn interviewer_turns_are_skipped_and_codes_count_once() {
        let (info, codes) = parse_codebook(
            std::path::Path::new("t.yaml"),
            "t.yaml",
            "codebook:\n  id: t\ncodes:\n  - id: regie\n    rules:\n      - terms: [regie]\n      - terms: [regisseur]\n",
        )
        .unwrap();
        let book = Codebook::new(vec![info], codes);
        let matcher = CompiledCodebook::compile(&book, crate::codebook::Diacritics::Match).unwrap();
        let options = CorpusOptions::default();
        let text = "I: Wie heeft de regie?\nR: De regisseur heeft de regie.\nI: Ok.\nR: Geen idee.".to_string();
        let doc = parse_document("D1".into(), "D1.txt", text, None, &options).unwrap();
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        let codings = code_corpus(&corpus, &matcher, &CodingOptions::new(Speakers::Respondent));
        // Only the second turn (segment index 1); the code once, with the first rule's evidence.
        assert_eq!(
            codings,
            vec![Coding {
                document: 0,
                segment: 1,
                code: 0,
                source: Source::Rule { rule: 0, matched: "regie".into() }
            }]
        );
        let all = code_corpus(&corpus, &matcher, &CodingOptions::new(Speakers::All));
        assert_eq!(all.iter().map(|c| c.segment).collect::<Vec<_>>(), vec![0, 1]);
        // With one unit of context on each side, the last respondent turn ("Geen idee.") sees
        // the turn before it (the interviewer's "Ok." does not count): it is coded too.
        let context =
            code_corpus(&corpus, &matcher, &CodingOptions { context: 1, ..CodingOptions::new(Speakers::Respondent) });
        assert_eq!(context.iter().map(|c| c.segment).collect::<Vec<_>>(), vec![1, 3]);
    }
}
