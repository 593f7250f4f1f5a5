//! Tables per group of respondents: the crosstab of each `[analysis] groups` attribute, their
//! long form, the code × document matrix, and the Trimbos-style sample description and
//! themes per organisation type.

use super::words::{group_label, total_label};
use crate::analysis::groups::{file_stem, DocumentRow, GroupFrequencies, Trimbos};
use crate::codebook::Codebook;
use crate::render::attribute_labels::AttributeLabels;
use crate::render::Language;
use crate::table::{Cell, Table};

/// A label inside a sentence: "Type organisatie" becomes "type organisatie", but a label
/// that starts with an abbreviation ("LVB-status") keeps its capitals.
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

fn percent(part: usize, whole: usize) -> Cell {
    if whole == 0 {
        Cell::Empty
    } else {
        Cell::Percent(100.0 * part as f64 / whole as f64)
    }
}

/// The first cells of a row about a code: id, label, parent.
fn code_cells(codebook: &Codebook, code: usize) -> Vec<Cell> {
    let info = &codebook.codes[code];
    vec![info.id.as_str().into(), info.label.as_str().into(), info.parent.clone().unwrap_or_default().into()]
}

/// `tables/code_by_<attribute>`: per code, the respondents in each group who raised it, with
/// the share of the group, and the total.
pub fn crosstab(g: &GroupFrequencies, codebook: &Codebook, labels: AttributeLabels) -> Table {
    let (language, attribute) = (labels.language, labels.of(&g.attribute));
    let caption = match language {
        Language::Nl => format!(
            "Respondenten per code en groep ({attribute}): aantal respondenten van de groep bij wie de code voorkomt en hun percentage van de groep (n = respondenten in de groep); een hoofdcode telt de respondenten van zichzelf en haar subcodes"
        ),
        Language::En => format!(
            "Respondents per code and group ({attribute}): respondents of the group in whose turns the code occurs, and their percentage of the group (n = respondents in the group); a parent code counts the respondents of itself and its sub-codes"
        ),
    };
    let mut columns: Vec<String> = vec!["code".into(), "label".into(), "parent".into()];
    for (value, size) in &g.sizes {
        let value = group_label(value, language);
        columns.push(format!("{value} (n={size})"));
        columns.push(format!("{value} %"));
    }
    let total = total_label(language);
    columns.push(format!("{total} (n={})", g.total));
    columns.push(format!("{total} %"));
    let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new(&format!("code_by_{}", file_stem(&g.attribute)), caption, &column_refs);
    for (code, counts) in &g.rows {
        let mut row = code_cells(codebook, *code);
        for (count, size) in counts.iter().zip(g.sizes.values()) {
            row.push(count.respondents.into());
            row.push(percent(count.respondents, *size));
        }
        let all = g.code_totals[*code];
        row.push(all.into());
        row.push(percent(all, g.total));
        table.push(row);
    }
    table
}

/// `tables/code_frequencies_by_group`: the long form of every crosstab, with segments and
/// documents, and the phrase a report uses ("7 van de 9").
pub fn long_table(groups: &[GroupFrequencies], codebook: &Codebook, language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Codefrequenties per groep: per code en groepswaarde het aantal segmenten, documenten en respondenten van de groep, en het percentage van de respondenten van de groep",
        Language::En => "Code frequencies per group: for each code and group value the segments, documents and respondents of the group, and the percentage of the group's respondents",
    };
    let mut table = Table::new(
        "code_frequencies_by_group",
        caption,
        &[
            "code",
            "label",
            "attribute",
            "value",
            "group_respondents",
            "segments",
            "documents",
            "respondents",
            "percent",
            "mentioned_by",
        ],
    );
    let of = match language {
        Language::Nl => "van de",
        Language::En => "of",
    };
    for g in groups {
        for (code, counts) in &g.rows {
            let info = &codebook.codes[*code];
            for ((value, size), count) in g.sizes.iter().zip(counts) {
                table.push(vec![
                    info.id.as_str().into(),
                    info.label.as_str().into(),
                    g.attribute.as_str().into(),
                    group_label(value, language).into(),
                    (*size).into(),
                    count.segments.into(),
                    count.documents.into(),
                    count.respondents.into(),
                    percent(count.respondents, *size),
                    format!("{} {of} {size}", count.respondents).into(),
                ]);
            }
        }
    }
    table
}

/// `tables/code_by_document`: MAXQDA's Code Matrix Browser: per code, the segments in each
/// document (in the corpus's order), and the total.
pub fn code_by_document(rows: &[DocumentRow], documents: &[&str], codebook: &Codebook, language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Code × document: aantal gecodeerde segmenten per code en document (een hoofdcode telt de verschillende segmenten van zichzelf en haar subcodes)",
        Language::En => "Code × document: coded segments per code and document (a parent code counts the distinct segments of itself and its sub-codes)",
    };
    let mut columns: Vec<String> = vec!["code".into(), "label".into(), "parent".into()];
    columns.extend(documents.iter().map(|d| d.to_string()));
    columns.push(total_label(language).to_lowercase());
    let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new("code_by_document", caption, &column_refs);
    for row in rows {
        let mut cells = code_cells(codebook, row.code);
        cells.extend(row.per_document.iter().map(|&n| Cell::from(n)));
        cells.push(row.total.into());
        table.push(cells);
    }
    table
}

/// `tables/sample_description`: respondents by profession within organisation type, with a
/// Totaal row per type and for the whole sample (Trimbos style).
pub fn sample_description(t: &Trimbos, labels: AttributeLabels) -> Table {
    let (organisation_type, profession) = (t.organisation_type.as_str(), t.profession.as_str());
    let language = labels.language;
    let (type_label, profession_label) =
        (in_sentence(&labels.of(organisation_type)), in_sentence(&labels.of(profession)));
    let caption = match language {
        Language::Nl => format!("Geïnterviewden naar {profession_label} binnen {type_label}"),
        Language::En => format!("Interviewees by {profession_label} within {type_label}"),
    };
    let mut table = Table::new("sample_description", caption, &[organisation_type, profession, "respondents"]);
    let total = total_label(language);
    for (kind, professions) in &t.by_type {
        let kind = group_label(kind, language);
        for (p, n) in professions {
            table.push(vec![kind.as_str().into(), group_label(p, language).into(), (*n).into()]);
        }
        table.push(vec![kind.as_str().into(), total.into(), professions.values().sum::<usize>().into()]);
    }
    table.push(vec![total.into(), Cell::Empty, t.present.into()]);
    table
}

/// `tables/themes_by_organisation_type`: per code (theme), the respondents in each
/// organisation type who raised it, and in total.
pub fn themes_by_organisation_type(t: &Trimbos, codebook: &Codebook, labels: AttributeLabels) -> Table {
    let language = labels.language;
    let (g, organisation_type) = (&t.themes, in_sentence(&labels.of(&t.organisation_type)));
    let caption = match language {
        Language::Nl => format!(
            "Thema's naar {organisation_type}: aantal respondenten dat het thema noemde (n = respondenten per type); een hoofdthema telt de respondenten van zichzelf en zijn subthema's"
        ),
        Language::En => format!(
            "Themes by {organisation_type}: respondents who raised the theme (n = respondents per type); a main theme counts the respondents of itself and its sub-themes"
        ),
    };
    let mut columns: Vec<String> = vec!["code".into(), "label".into(), "parent".into()];
    columns.extend(g.sizes.iter().map(|(v, n)| format!("{} (n={n})", group_label(v, language))));
    columns.push(format!("{} (n={})", total_label(language), g.total));
    let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new("themes_by_organisation_type", caption, &column_refs);
    for (code, counts) in &g.rows {
        let mut row = code_cells(codebook, *code);
        row.extend(counts.iter().map(|c| Cell::from(c.respondents)));
        row.push(g.code_totals[*code].into());
        table.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::groups::code_by_document as matrix;
    use crate::analysis::groups::tests::study_data;
    use crate::analysis::Study;
    use crate::render::attribute_labels::NO_LABELS;

    fn rows(t: &Table) -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.iter().map(|c| c.render()).collect()).collect()
    }

    #[test]
    fn crosstab_and_long_form() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let g = GroupFrequencies::compute(&study, "domain");
        let t = crosstab(&g, &book, AttributeLabels::new(Language::Nl, &NO_LABELS));
        assert_eq!(t.name, "code_by_domain");
        assert_eq!(t.columns[3..], ["buiten (n=1)", "buiten %", "zorg (n=3)", "zorg %", "Totaal (n=4)", "Totaal %"]);
        // p: zorg respondents A, B, C (3 of 3, 100 %), buiten 0; total 3 of 4 (75 %).
        // a: A, C → 2 of 3 (66.7 %); b: A, B → 2 of 3; c: C (zorg) 1 of 3 and D (buiten) 1 of 1.
        assert_eq!(
            rows(&t),
            vec![
                vec!["p", "P", "", "0", "0.0", "3", "100.0", "3", "75.0"],
                vec!["a", "A", "p", "0", "0.0", "2", "66.7", "2", "50.0"],
                vec!["b", "B", "p", "0", "0.0", "2", "66.7", "2", "50.0"],
                vec!["c", "C", "", "1", "100.0", "1", "33.3", "2", "50.0"],
            ]
        );
        // Long form: p in zorg: 4 segments in 3 documents, 3 of the 3 respondents.
        let long = long_table(&[g], &book, Language::Nl);
        let r = long.rows.iter().position(|r| r[0].render() == "p" && r[3].render() == "zorg").unwrap();
        assert_eq!(rows(&long)[r][4..], ["3", "4", "3", "3", "100.0", "3 van de 3"]);
    }

    #[test]
    fn missing_values_form_the_unknown_group() {
        let (mut corpus, book, codings) = study_data();
        corpus.respondents.by_id.get_mut("D").unwrap().attributes[0].1.clear();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let g = GroupFrequencies::compute(&study, "domain");
        let t = crosstab(&g, &book, AttributeLabels::new(Language::En, &NO_LABELS));
        assert_eq!(t.columns[3..5], ["(unknown) (n=1)", "(unknown) %"]);
    }

    #[test]
    fn code_by_document_columns() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let t = code_by_document(&matrix(&study), &["D1", "D2", "FG"], &book, Language::En);
        assert_eq!(t.columns, ["code", "label", "parent", "D1", "D2", "FG", "total"]);
        // p: D1 2 (s0 counted once), D2 1, FG 1 → 4; c: FG 2.
        assert_eq!(rows(&t)[0][3..], ["2", "1", "1", "4"]);
        assert_eq!(rows(&t)[3][3..], ["0", "0", "2", "2"]);
    }

    #[test]
    fn trimbos_tables() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let trimbos = Trimbos::compute(&study, "organisation_type", "profession");
        let t = sample_description(&trimbos, AttributeLabels::new(Language::Nl, &NO_LABELS));
        assert_eq!(
            rows(&t),
            vec![
                vec!["gemeente", "consulent", "1"],
                vec!["gemeente", "Totaal", "1"],
                vec!["ggz-instelling", "arts", "1"],
                vec!["ggz-instelling", "Totaal", "1"],
                vec!["vg-instelling", "arts", "1"],
                vec!["vg-instelling", "begeleider", "1"],
                vec!["vg-instelling", "Totaal", "2"],
                vec!["Totaal", "", "4"],
            ]
        );
        let t = themes_by_organisation_type(&trimbos, &book, AttributeLabels::new(Language::Nl, &NO_LABELS));
        assert_eq!(t.columns[3..], ["gemeente (n=1)", "ggz-instelling (n=1)", "vg-instelling (n=2)", "Totaal (n=4)"]);
        // p: C (ggz), A and B (vg) → 0, 1, 2, total 3; c: D (gemeente), C (ggz) → 1, 1, 0, 2.
        assert_eq!(rows(&t)[0][3..], ["0", "1", "2", "3"]);
        assert_eq!(rows(&t)[3][3..], ["1", "1", "0", "2"]);
    }
}
