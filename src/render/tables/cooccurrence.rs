//! `tables/cooccurrence` and `tables/cooccurrence_<level>[_level<d>]`: each states its
//! definition in its caption, since tools disagree on what "together" means.

use crate::analysis::cooccurrence::{CoLevel, Cooccurrence, PairCounts};
use crate::analysis::CodeLevel;
use crate::codebook::Codebook;
use crate::render::Language;
use crate::table::Table;

/// `tables/cooccurrence`: one row per pair of codes in use that shares at least one document.
pub fn cooccurrence_table(co: &Cooccurrence, codebook: &Codebook, language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Co-occurrence van codes: segments = segmenten met beide codes; documents = documenten met beide codes; c_coefficient = n12 / (n1 + n2 − n12) over segmenten; jaccard = dezelfde verhouding over documenten",
        Language::En => "Code co-occurrence: segments = segments coded with both codes; documents = documents with both codes; c_coefficient = n12 / (n1 + n2 − n12) over segments; jaccard = the same ratio over documents",
    };
    let mut table =
        Table::new("cooccurrence", caption, &["code_a", "code_b", "segments", "documents", "jaccard", "c_coefficient"]);
    for i in 0..co.codes.len() {
        for j in i + 1..co.codes.len() {
            if co.documents[i][j] == 0 {
                continue;
            }
            table.push(vec![
                codebook.codes[co.codes[i]].id.as_str().into(),
                codebook.codes[co.codes[j]].id.as_str().into(),
                co.segments[i][j].into(),
                co.documents[i][j].into(),
                co.jaccard(i, j).into(),
                co.c_coefficient(i, j).into(),
            ]);
        }
    }
    table
}

/// What a level means, and the name of its unit, for the caption.
fn definition(level: CoLevel, language: Language) -> (String, &'static str) {
    match (level, language) {
        (CoLevel::Segment, Language::Nl) => ("beide codes op hetzelfde segment".to_string(), "segmenten"),
        (CoLevel::Segment, Language::En) => ("both codes on the same segment".to_string(), "segments"),
        (CoLevel::Overlap, Language::Nl) => (
            "handmatig gecodeerde fragmenten van dezelfde codeur waarvan de tekens overlappen".to_string(),
            "fragmenten",
        ),
        (CoLevel::Overlap, Language::En) => {
            ("manually coded fragments of the same coder whose characters overlap".to_string(), "fragments")
        }
        (CoLevel::Window(k), Language::Nl) => {
            (format!("de andere code binnen {k} gecodeerde eenheden in hetzelfde document"), "segmenten")
        }
        (CoLevel::Window(k), Language::En) => {
            (format!("the other code within {k} coding units in the same document"), "segments")
        }
        (CoLevel::Document, Language::Nl) => ("beide codes in hetzelfde document".to_string(), "documenten"),
        (CoLevel::Document, Language::En) => ("both codes in the same document".to_string(), "documents"),
    }
}

/// `tables/cooccurrence_<level>[_level<d>]`: one row per pair with `both` > 0, in tree order.
pub fn level_table(counts: &PairCounts, codebook: &Codebook, codes: CodeLevel, language: Language) -> Table {
    let name = match codes {
        CodeLevel::AsCoded => format!("cooccurrence_{}", counts.level.name()),
        CodeLevel::Tree(d) => format!("cooccurrence_{}_level{d}", counts.level.name()),
    };
    let (definition, unit) = definition(counts.level, language);
    let codes_are = match (codes, language) {
        (CodeLevel::AsCoded, Language::Nl) => "codes zoals gecodeerd".to_string(),
        (CodeLevel::AsCoded, Language::En) => "codes as coded".to_string(),
        (CodeLevel::Tree(d), Language::Nl) => {
            format!("codes samengenomen op niveau {d} van de codeboom (0 = hoofdcodes)")
        }
        (CodeLevel::Tree(d), Language::En) => format!("codes merged at level {d} of the code tree (0 = main codes)"),
    };
    let caption = match language {
        Language::Nl => format!(
            "Co-occurrence ({definition}; {codes_are}): units_a en units_b = {unit} met elke code, either = met een van beide, both = met de ene code en de andere aanwezig; c_coefficient = both / either; jaccard_documents = dezelfde verhouding over documenten"
        ),
        Language::En => format!(
            "Co-occurrence ({definition}; {codes_are}): units_a and units_b = {unit} with each code, either = with one of them, both = with one code and the other present; c_coefficient = both / either; jaccard_documents = the same ratio over documents"
        ),
    };
    let mut table = Table::new(
        &name,
        caption,
        &["code_a", "code_b", "units_a", "units_b", "either", "both", "c_coefficient", "jaccard_documents"],
    );
    let order: Vec<usize> = codebook.tree_order().into_iter().filter(|&c| counts.units[c] > 0).collect();
    for (i, &a) in order.iter().enumerate() {
        for &b in &order[i + 1..] {
            if counts.both(a, b) == 0 {
                continue;
            }
            table.push(vec![
                codebook.codes[a].id.as_str().into(),
                codebook.codes[b].id.as_str().into(),
                counts.units[a].into(),
                counts.units[b].into(),
                counts.either(a, b).into(),
                counts.both(a, b).into(),
                counts.c_coefficient(a, b).into(),
                counts.jaccard_documents(a, b).into(),
            ]);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cooccurrence::segment_levels;
    use crate::analysis::testkit::study_parts;
    use crate::analysis::tree_level::lift_to_depth;
    use crate::coding::Speakers;

    #[test]
    fn pairs_that_share_a_document_and_the_lifted_level() {
        // Codes: p (parent) with children a, b; c. D1: s0 {a}, s1 {b}, s2 {a,c}; D2: s0 {b}, s1 {c}.
        let (corpus, book, codings) = study_parts(
            &[("D1", &["R1"; 3]), ("D2", &["R2", "R2"])],
            &[("p", None), ("a", Some("p")), ("b", Some("p")), ("c", None)],
            &[(0, 0, 1), (0, 1, 2), (0, 2, 1), (0, 2, 3), (1, 0, 2), (1, 1, 3)],
            &[],
        );
        let [seg, _, _] = segment_levels(&corpus, &codings, &[0, 1, 2, 3], 1, Speakers::Respondent);
        let co = Cooccurrence::from_segment_level(&seg, vec![1, 2, 3]);
        let t = cooccurrence_table(&co, &book, Language::En);
        // Pairs sharing a document: a–b (D1), a–c (D1), b–c (D1, D2): three rows.
        assert_eq!(t.rows.len(), 3);
        // a–c: one segment together (D1 s2), one document; c = 1 / (2 + 2 − 1) = 0.3333,
        // jaccard = 1 / (1 + 2 − 1) = 0.5.
        let ac = t.rows.iter().find(|r| r[0].render() == "a" && r[1].render() == "c").unwrap();
        let cells: Vec<String> = ac[2..].iter().map(|c| c.render()).collect();
        assert_eq!(cells, ["1", "1", "0.5000", "0.3333"]);
        // Lifted to main codes, a and b become p: p–c share D1 s2 only: 1 / (4 + 2 − 1) = 0.2.
        let lifted = lift_to_depth(&book, 0);
        let [seg0, _, _] = segment_levels(&corpus, &codings, &lifted, 1, Speakers::Respondent);
        let table = level_table(&seg0, &book, CodeLevel::Tree(0), Language::En);
        assert_eq!(table.name, "cooccurrence_segment_level0");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0][6].render(), "0.2000");
    }
}
