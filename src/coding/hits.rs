//! The rule hits of a corpus in the compact form held while the matcher is alive.
//!
//! Coding a 100 MB study with the shipped codebooks finds about half a million hits while the
//! compiled codebook holds about 100 MB of per-thread pattern caches. A [`Coding`] is 72 bytes
//! and collecting them from the threads held every one twice for a moment (rayon gathers the
//! pieces, then copies them into one vector): the coding stage's peak was 185 MB above the
//! corpus (BENCHMARKS.md, session 18). Hits are therefore kept per document, 32 bytes each,
//! and become codings only once the matcher has been dropped ([`CorpusHits::into_codings`]).

use super::{Coding, Source};

/// The hits of every document, in document order (see [`super::match_corpus`]).
pub struct CorpusHits {
    pub(super) per_document: Vec<Vec<UnitHit>>,
}

/// One code's first rule that fired in one unit.
pub(super) struct UnitHit {
    pub segment: usize,
    pub code: u32,
    pub rule: u32,
    pub matched: Box<str>,
}

impl UnitHit {
    pub fn new(segment: usize, code: usize, rule: usize, matched: String) -> Self {
        // Codes and rules are counted in the codebook's YAML: never near 4 billion.
        let small = |n: usize| u32::try_from(n).expect("fewer than 2^32 codes and rules");
        Self { segment, code: small(code), rule: small(rule), matched: matched.into_boxed_str() }
    }
}

impl CorpusHits {
    /// How many codings the hits make.
    pub fn len(&self) -> usize {
        self.per_document.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The codings, sorted by document, segment and code as the matcher found them; each
    /// document's hits are freed as they are turned, so the two forms are never both whole.
    pub fn into_codings(self) -> Vec<Coding> {
        let mut codings = Vec::with_capacity(self.len());
        for (document, hits) in self.per_document.into_iter().enumerate() {
            codings.extend(hits.into_iter().map(|hit| Coding {
                document,
                segment: hit.segment,
                code: hit.code as usize,
                source: Source::Rule { rule: hit.rule as usize, matched: hit.matched },
            }));
        }
        codings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_become_codings_in_document_order_with_their_evidence() {
        let hits = CorpusHits {
            per_document: vec![
                vec![UnitHit::new(1, 0, 2, "regie".into()), UnitHit::new(1, 3, 0, "overleg".into())],
                vec![],
                vec![UnitHit::new(4, 1, 1, "zorg".into())],
            ],
        };
        assert_eq!(hits.len(), 3);
        let rule = |rule: usize, matched: &str| Source::Rule { rule, matched: matched.into() };
        assert_eq!(
            hits.into_codings(),
            vec![
                Coding { document: 0, segment: 1, code: 0, source: rule(2, "regie") },
                Coding { document: 0, segment: 1, code: 3, source: rule(0, "overleg") },
                Coding { document: 2, segment: 4, code: 1, source: rule(1, "zorg") },
            ]
        );
        assert!(CorpusHits { per_document: vec![vec![], vec![]] }.is_empty());
        // The point of the module: a hit held during matching is 32 bytes (a coding is 72).
        assert_eq!(std::mem::size_of::<UnitHit>(), 32);
    }
}
