//! Hand-made studies for the analyses' tests: documents, codes and codings written out so that
//! every expected number can be counted on paper.

use crate::codebook::{Code, Codebook, CodebookInfo};
use crate::coding::{Coding, Source};
use crate::corpus::Unit;
use crate::corpus::{Corpus, Document, DocumentKind, Respondent, Respondents, Segment, Speaker};

/// `docs`: (document id, respondent of each segment); `codes`: (id, parent);
/// `codings`: (document, segment, code) by index; `dates`: (respondent, interview_date).
pub fn study_parts(
    docs: &[(&str, &[&str])],
    codes: &[(&str, Option<&str>)],
    codings: &[(usize, usize, usize)],
    dates: &[(&str, &str)],
) -> (Corpus, Codebook, Vec<Coding>) {
    let documents = docs.iter().map(|(id, speakers)| document(id, speakers)).collect();
    let mut respondents = Respondents { columns: vec!["interview_date".into()], ..Default::default() };
    for (id, date) in dates {
        respondents.by_id.insert(
            id.to_string(),
            Respondent { id: id.to_string(), attributes: vec![("interview_date".into(), date.to_string())] },
        );
    }
    let codes = codes
        .iter()
        .map(|(id, parent)| Code {
            id: id.to_string(),
            label: id.to_uppercase(),
            parent: parent.map(str::to_string),
            colour: None,
            definition: String::new(),
            include: String::new(),
            exclude: String::new(),
            example: String::new(),
            rules: Vec::new(),
            codebook: "t".into(),
            line: 1,
        })
        .collect();
    let info = CodebookInfo {
        id: "t".into(),
        label: "T".into(),
        language: "nl".into(),
        description: String::new(),
        source: "t.yaml".into(),
        path: "t.yaml".into(),
    };
    let codings = codings
        .iter()
        .map(|&(document, segment, code)| Coding {
            document,
            segment,
            code,
            source: Source::Rule { rule: 0, matched: "".into() },
        })
        .collect();
    (Corpus { documents, respondents }, Codebook::new(vec![info], codes), codings)
}

/// One document whose segments are spoken by `speakers`, one character each.
fn document(id: &str, speakers: &[&str]) -> Document {
    let segments = speakers
        .iter()
        .enumerate()
        .map(|(i, r)| Segment {
            ordinal: i + 1,
            start: i,
            end: i + 1,
            byte_start: i,
            byte_end: i + 1,
            unit: Unit::Turn,
            speaker: Speaker::Respondent(r.to_string()),
            label: "R".into(),
            timestamp: None,
        })
        .collect();
    let mut respondents: Vec<String> = speakers.iter().map(|s| s.to_string()).collect();
    respondents.sort();
    respondents.dedup();
    Document {
        id: id.to_string(),
        source: format!("{id}.txt"),
        kind: if respondents.len() > 1 { DocumentKind::FocusGroup } else { DocumentKind::Interview },
        respondents,
        text: "x".repeat(speakers.len()),
        segments,
        headers: Vec::new(),
        empty_pages: Vec::new(),
    }
}
