//! Merging manual codings (imported from other tools via `[sources] coded`) into the coding of
//! the corpus, so that frequencies, co-occurrence and saturation count them like rule codings.
//!
//! A manual fragment marks every segment (coding unit) it overlaps by at least one character,
//! whoever speaks in it — the same unit rule as `analyse evaluate`. A code counts once per
//! segment and coder.

use super::manual::ManualCoding;
use super::{Coding, Source};
use crate::corpus::Corpus;

/// Codings of the segments the manual fragments overlap, sorted by document, segment, code.
pub fn manual_to_codings(corpus: &Corpus, manual: &[ManualCoding]) -> Vec<Coding> {
    let mut out: Vec<Coding> = Vec::new();
    for m in manual {
        for (s, segment) in corpus.documents[m.document].segments.iter().enumerate() {
            if segment.start < m.end && m.start < segment.end {
                out.push(Coding {
                    document: m.document,
                    segment: s,
                    code: m.code,
                    source: Source::manual(m.coder.clone(), m.origin.clone()),
                });
            }
        }
    }
    out.sort_by(|a, b| (a.document, a.segment, a.code, coder(a)).cmp(&(b.document, b.segment, b.code, coder(b))));
    out.dedup_by(|a, b| (a.document, a.segment, a.code, coder(a)) == (b.document, b.segment, b.code, coder(b)));
    out
}

fn coder(c: &Coding) -> &str {
    match &c.source {
        Source::Manual(manual) => &manual.coder,
        Source::Rule { .. } => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{parse_document, CorpusOptions};

    #[test]
    fn a_fragment_codes_every_segment_it_overlaps_once_per_coder() {
        let options = CorpusOptions::default();
        // Turns: "I: Vraag" 0..8 (text 3..8), "R: Een" 9..15 (text 12..15), "R: Twee" (text 19..23).
        let doc = parse_document("D1".into(), "D1.txt", "I: Vraag\nR: Een\nR: Twee".into(), None, &options).unwrap();
        assert_eq!((doc.segments[1].start, doc.segments[1].end), (12, 15));
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        let m = |start, end, coder: &str| ManualCoding {
            document: 0,
            start,
            end,
            code: 0,
            coder: coder.into(),
            origin: "f:2".into(),
        };
        // 14..20 overlaps "Een" (by "n") and "Twee" (by "T"); 15..19 overlaps nothing.
        let codings = manual_to_codings(&corpus, &[m(14, 20, "a"), m(12, 13, "a"), m(15, 19, "a"), m(13, 14, "b")]);
        let got: Vec<(usize, &str)> = codings.iter().map(|c| (c.segment, coder(c))).collect();
        assert_eq!(got, vec![(1, "a"), (1, "b"), (2, "a")]);
    }
}
