//! `tables/coded_segments`: every coding with its evidence and the segment's text.

use crate::codebook::Codebook;
use crate::coding::Coding;
use crate::corpus::{Corpus, Speaker};
use crate::render::Language;
use crate::table::{Cell, Table};

/// One row per coding, in coding order (document, segment, code).
pub fn coded_segments_table(corpus: &Corpus, codebook: &Codebook, codings: &[Coding], language: Language) -> Table {
    let caption = match language {
        Language::Nl => {
            "Gecodeerde segmenten: elke codering met de regel en de gevonden tekst als bewijs (offsets in tekens)"
        }
        Language::En => {
            "Coded segments: every coding with the rule and the matched text as evidence (offsets in characters)"
        }
    };
    let mut table = Table::new(
        "coded_segments",
        caption,
        &["document", "respondent", "segment", "start", "end", "code", "source", "evidence", "text"],
    );
    for c in codings {
        let doc = &corpus.documents[c.document];
        let segment = &doc.segments[c.segment];
        let code = &codebook.codes[c.code];
        let respondent = match &segment.speaker {
            Speaker::Respondent(r) => Cell::Text(r.clone()),
            Speaker::Interviewer | Speaker::Document => Cell::Empty,
        };
        let (source, evidence) = (c.source.kind(), c.evidence(codebook));
        table.push(vec![
            doc.id.as_str().into(),
            respondent,
            segment.ordinal.into(),
            segment.start.into(),
            segment.end.into(),
            code.id.as_str().into(),
            source.into(),
            evidence.into(),
            doc.segment_text(segment).into(),
        ]);
    }
    table
}
