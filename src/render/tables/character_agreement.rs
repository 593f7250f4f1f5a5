//! `evaluation/agreement_characters`: every pair of coders compared character by character
//! (see [`crate::analysis::character_agreement`]), beside the per-unit `agreement_coders`.

use crate::analysis::agreement::Confusion;
use crate::analysis::character_agreement::{overlap_share, CharacterPair};
use crate::codebook::Codebook;
use crate::render::Language;
use crate::table::{Cell, Table};

fn optional(x: Option<f64>) -> Cell {
    x.map(Cell::Float).unwrap_or(Cell::Empty)
}

fn percent(x: Option<f64>) -> Cell {
    x.map(|f| Cell::Percent(100.0 * f)).unwrap_or(Cell::Empty)
}

/// Per pair and code: characters compared, both, only a, only b, neither, the share of coded
/// characters both coded, and kappa over characters; then the pair's macro average.
pub fn characters_table(pairs: &[CharacterPair], codebook: &Codebook, language: Language) -> Table {
    let (caption, macro_label) = match language {
        Language::Nl => (
            "Overeenstemming tussen elk paar codeurs per code, per teken, in de documenten die beide codeurs codeerden: elk teken is een eenheid, wel of niet gecodeerd met de code of een subcode; een handmatige codeur markeert de tekens van zijn fragmenten, de regelcodering de tekens van de eenheden die zij codeerde; % overlap is het deel van de gecodeerde tekens dat beide codeurs codeerden, beide / (beide + alleen A + alleen B); kappa is Cohens kappa over de tekens",
            "Gemiddelde over codes",
        ),
        Language::En => (
            "Agreement between each pair of coders per code, per character, in the documents both coders coded: every character is a unit, coded or not with the code or a sub-code; a manual coder marks the characters of its fragments, the rule coding those of the units it coded; % overlap is the share of coded characters both coders coded, both / (both + only A + only B); kappa is Cohen's kappa over the characters",
            "Macro average over codes",
        ),
    };
    let mut table = Table::new(
        "agreement_characters",
        caption,
        &[
            "code",
            "label",
            "coder_a",
            "coder_b",
            "characters",
            "both",
            "only_a",
            "only_b",
            "neither",
            "percent_overlap",
            "kappa",
        ],
    );
    for pair in pairs {
        let (a, b) = (pair.coder_a.as_str(), pair.coder_b.as_str());
        for (code, c) in &pair.per_code {
            let info = &codebook.codes[*code];
            table.push(vec![
                info.id.as_str().into(),
                info.label.as_str().into(),
                a.into(),
                b.into(),
                pair.characters.into(),
                c.tp.into(),
                c.fp.into(),
                c.fn_.into(),
                c.tn.into(),
                percent(overlap_share(c)),
                optional(c.kappa()),
            ]);
        }
        let mut row: Vec<Cell> = vec!["(macro)".into(), macro_label.into(), a.into(), b.into(), pair.characters.into()];
        row.extend(std::iter::repeat_n(Cell::Empty, 4));
        row.push(percent(pair.macro_average(overlap_share)));
        row.push(optional(pair.macro_average(Confusion::kappa)));
        table.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    #[test]
    fn rows_and_macro_average() {
        let (_, book, _) = study_parts(&[], &[("a", None), ("b", None)], &[], &[]);
        let pair = CharacterPair {
            coder_a: "ann".into(),
            coder_b: "bob".into(),
            characters: 20,
            per_code: vec![
                (0, Confusion { tp: 6, fp: 5, fn_: 2, tn: 7 }),
                (1, Confusion { tp: 0, fp: 0, fn_: 0, tn: 20 }),
            ],
        };
        let t = characters_table(&[pair], &book, Language::En);
        let cells = |r: usize| t.rows[r].iter().map(|c| c.render()).collect::<Vec<_>>();
        // a: 6 of 13 coded characters in common = 46.2 %; kappa 16/51 = 0.3137.
        assert_eq!(cells(0)[4..], ["20", "6", "5", "2", "7", "46.2", "0.3137"]);
        // b: nobody coded it: share and kappa undefined.
        assert_eq!(cells(1)[9..], ["", ""]);
        // Macro: only a is defined.
        assert_eq!(cells(2)[..5], ["(macro)", "Macro average over codes", "ann", "bob", "20"]);
        assert_eq!(cells(2)[9..], ["46.2", "0.3137"]);
    }
}
