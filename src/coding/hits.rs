//! The rule hits of a corpus in the compact form held while the matcher is alive.
//!
//! Coding a 100 MB study with the shipped codebooks finds about half a million hits while the
//! compiled codebook holds about 60 MB of per-thread pattern caches: the coding stage is the
//! run's peak (BENCHMARKS.md, sessions 18–20). Hits are therefore kept per document in the
//! least memory that keeps them apart: 16 bytes each, their matched texts end to end in one
//! string per document instead of one allocation each (a `Box<str>` of 16 bytes plus the
//! allocator's block of at least 16). They become codings only once the matcher has been
//! dropped ([`CorpusHits::into_codings`]).

use super::{Coding, Source};

/// The hits of every document, in document order (see [`super::match_corpus`]).
pub struct CorpusHits {
    pub(super) per_document: Vec<DocumentHits>,
}

/// One document's hits, in the order found, and the texts they matched end to end.
#[derive(Default)]
pub(super) struct DocumentHits {
    hits: Vec<UnitHit>,
    matched: String,
}

/// One code's first rule that fired in one unit; its matched text ends at `matched_end` in
/// [`DocumentHits::matched`] and begins where the previous hit's ended.
struct UnitHit {
    segment: u32,
    code: u32,
    rule: u32,
    matched_end: u32,
}

/// `n` as a `u32`: segments of a document, codes and rules of a codebook and the bytes a
/// document's rules matched are counted in thousands, never near 4 billion.
fn small(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 segments, codes, rules and matched bytes in one document")
}

impl DocumentHits {
    /// Adds a hit: rule `rule` of code `code` matched `matched` in segment `segment`.
    pub fn push(&mut self, segment: usize, code: usize, rule: usize, matched: &str) {
        self.matched.push_str(matched);
        let (segment, code, rule, matched_end) = (small(segment), small(code), small(rule), small(self.matched.len()));
        self.hits.push(UnitHit { segment, code, rule, matched_end });
    }

    /// Gives back what growing left unused, once the document is done.
    pub fn shrink_to_fit(&mut self) {
        self.hits.shrink_to_fit();
        self.matched.shrink_to_fit();
    }

    fn len(&self) -> usize {
        self.hits.len()
    }
}

impl CorpusHits {
    /// How many codings the hits make.
    pub fn len(&self) -> usize {
        self.per_document.iter().map(DocumentHits::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The codings, sorted by document, segment and code as the matcher found them; each
    /// document's hits are freed as they are turned, so the two forms are never both whole.
    pub fn into_codings(self) -> Vec<Coding> {
        let mut codings = Vec::with_capacity(self.len());
        for (document, DocumentHits { hits, matched }) in self.per_document.into_iter().enumerate() {
            let mut start = 0;
            codings.extend(hits.into_iter().map(|hit| {
                let end = hit.matched_end as usize;
                let text = &matched[start..end];
                start = end;
                Coding {
                    document,
                    segment: hit.segment as usize,
                    code: hit.code as usize,
                    source: Source::Rule { rule: hit.rule as usize, matched: text.into() },
                }
            }));
        }
        codings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(hits: &[(usize, usize, usize, &str)]) -> DocumentHits {
        let mut document = DocumentHits::default();
        hits.iter().for_each(|&(segment, code, rule, matched)| document.push(segment, code, rule, matched));
        document.shrink_to_fit();
        document
    }

    #[test]
    fn hits_become_codings_in_document_order_with_their_evidence() {
        let hits = CorpusHits {
            per_document: vec![
                // A hit that matched nothing (an empty evidence) between two that did.
                document(&[(1, 0, 2, "regie"), (1, 2, 1, ""), (1, 3, 0, "overleg")]),
                document(&[]),
                document(&[(4, 1, 1, "zorg én welzijn")]),
            ],
        };
        assert_eq!(hits.len(), 4);
        let rule = |rule: usize, matched: &str| Source::Rule { rule, matched: matched.into() };
        assert_eq!(
            hits.into_codings(),
            vec![
                Coding { document: 0, segment: 1, code: 0, source: rule(2, "regie") },
                Coding { document: 0, segment: 1, code: 2, source: rule(1, "") },
                Coding { document: 0, segment: 1, code: 3, source: rule(0, "overleg") },
                Coding { document: 2, segment: 4, code: 1, source: rule(1, "zorg én welzijn") },
            ]
        );
        assert!(CorpusHits { per_document: vec![document(&[]), document(&[])] }.is_empty());
        // The point of the module: a hit held during matching is 16 bytes (a coding is 48),
        // and a document's matched texts take one block: "regie" + "overleg" = 12 bytes.
        assert_eq!(std::mem::size_of::<UnitHit>(), 16);
        assert_eq!(document(&[(0, 0, 0, "regie"), (0, 1, 0, "overleg")]).matched.capacity(), 12);
    }
}
