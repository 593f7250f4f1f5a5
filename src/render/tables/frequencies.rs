//! `tables/code_frequencies`.

use crate::analysis::frequencies::CodeCount;
use crate::codebook::Codebook;
use crate::render::Language;
use crate::table::Table;

/// Segments, documents and respondents per code, in tree order.
pub fn frequency_table(codebook: &Codebook, counts: &[CodeCount], language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Codefrequenties: aantal gecodeerde segmenten, documenten en respondenten per code (een hoofdcode telt de verschillende segmenten van zichzelf en haar subcodes)",
        Language::En => "Code frequencies: coded segments, documents and respondents per code (a parent code counts the distinct segments of itself and its sub-codes)",
    };
    let mut table =
        Table::new("code_frequencies", caption, &["code", "label", "parent", "segments", "documents", "respondents"]);
    for c in counts {
        let code = &codebook.codes[c.code];
        table.push(vec![
            code.id.as_str().into(),
            code.label.as_str().into(),
            code.parent.clone().unwrap_or_default().into(),
            c.segments.into(),
            c.documents.into(),
            c.respondents.into(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    #[test]
    fn one_row_per_count_with_the_parent() {
        let (_, book, _) = study_parts(&[], &[("p", None), ("a", Some("p"))], &[], &[]);
        let counts = [
            CodeCount { code: 0, segments: 3, documents: 2, respondents: 2 },
            CodeCount { code: 1, segments: 2, documents: 1, respondents: 1 },
        ];
        let table = frequency_table(&book, &counts, Language::En);
        assert_eq!(table.get(0, "segments").unwrap().render(), "3");
        assert_eq!(table.get(1, "parent").unwrap().render(), "p");
        assert_eq!(table.get(1, "label").unwrap().render(), "A");
    }
}
