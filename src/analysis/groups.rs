//! Frequencies per group of respondents, crosstabs and the code × document matrix.
//!
//! A segment belongs to the group of the respondent who speaks in it (a focus-group turn
//! labelled `F2` belongs to F2's group; an interviewer's turn to none). A group's size is the
//! number of its respondents who speak in at least one transcript, so that "genoemd door 7 van
//! de 9 professionals in het zorgdomein" reads 7 of 9. As in `code_frequencies`, a code counts
//! the distinct segments (documents, respondents) of itself and its descendants.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::Study;
use crate::render::Language;
use crate::table::{Cell, Table};

/// The value shown for a respondent without a value for an attribute.
pub fn missing_label(language: Language) -> &'static str {
    match language {
        Language::Nl => "(onbekend)",
        Language::En => "(unknown)",
    }
}

fn total_label(language: Language) -> &'static str {
    match language {
        Language::Nl => "Totaal",
        Language::En => "Total",
    }
}

/// A file stem from a user's attribute name: lower case, letters, digits and `_`.
pub fn file_stem(attribute: &str) -> String {
    attribute.chars().map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { '_' }).collect()
}

/// Respondents who speak in at least one transcript, sorted.
fn present_respondents<'a>(study: &Study<'a>) -> Vec<&'a str> {
    let set: BTreeSet<&str> =
        study.corpus.documents.iter().flat_map(|d| d.respondents.iter().map(String::as_str)).collect();
    set.into_iter().collect()
}

/// The value of `attribute` for a respondent, or the missing label.
fn value_of<'a>(study: &Study<'a>, respondent: &str, attribute: &str, language: Language) -> String {
    study
        .corpus
        .respondents
        .by_id
        .get(respondent)
        .and_then(|r| r.attribute(attribute))
        .filter(|v| !v.is_empty())
        .unwrap_or(missing_label(language))
        .to_string()
}

/// Counts of one code within one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GroupCount {
    pub segments: usize,
    pub documents: usize,
    pub respondents: usize,
}

/// Per code (tree order) and group value: the counts; plus the size of every group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFrequencies {
    pub attribute: String,
    /// Group value → respondents in the group (present in a transcript).
    pub sizes: BTreeMap<String, usize>,
    /// (code, counts per value, in the order of `sizes`).
    pub rows: Vec<(usize, Vec<GroupCount>)>,
    /// Respondents present in all groups together.
    pub total: usize,
}

impl GroupFrequencies {
    pub fn compute(study: &Study, attribute: &str, language: Language) -> Self {
        let owners = SegmentOwners::new(study);
        let group_of: Vec<String> = owners.names.iter().map(|r| value_of(study, r, attribute, language)).collect();
        let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
        for value in &group_of {
            *sizes.entry(value.clone()).or_default() += 1;
        }
        let index: BTreeMap<&str, usize> = sizes.keys().enumerate().map(|(i, v)| (v.as_str(), i)).collect();
        let group_index: Vec<usize> = group_of.iter().map(|v| index[v.as_str()]).collect();
        let all = study.descendant_segments();
        let rows = study
            .codebook
            .tree_order()
            .into_par_iter()
            .map(|code| {
                let mut counts = vec![GroupCount::default(); sizes.len()];
                let mut respondent_seen = vec![false; owners.names.len()];
                let mut last_document = vec![usize::MAX; sizes.len()];
                // Segments are sorted by document, so a document is new for a group when it
                // differs from the last one counted for that group.
                for &(d, s) in &all[code] {
                    let Some(r) = owners.respondent[d][s] else { continue };
                    let g = group_index[r as usize];
                    counts[g].segments += 1;
                    if last_document[g] != d {
                        last_document[g] = d;
                        counts[g].documents += 1;
                    }
                    if !respondent_seen[r as usize] {
                        respondent_seen[r as usize] = true;
                        counts[g].respondents += 1;
                    }
                }
                (code, counts)
            })
            .collect();
        Self { attribute: attribute.to_string(), sizes, rows, total: owners.names.len() }
    }

    /// `tables/code_by_<attribute>`: per code, the respondents in each group who raised it,
    /// with the share of the group, and the total.
    pub fn crosstab(&self, study: &Study, language: Language) -> Table {
        let caption = match language {
            Language::Nl => format!(
                "Respondenten per code en {}: aantal respondenten van de groep bij wie de code voorkomt en hun percentage van de groep (n = respondenten in de groep); een hoofdcode telt de respondenten van zichzelf en haar subcodes",
                self.attribute
            ),
            Language::En => format!(
                "Respondents per code and {}: respondents of the group in whose turns the code occurs, and their percentage of the group (n = respondents in the group); a parent code counts the respondents of itself and its sub-codes",
                self.attribute
            ),
        };
        let mut columns: Vec<String> = vec!["code".into(), "label".into(), "parent".into()];
        for (value, size) in &self.sizes {
            columns.push(format!("{value} (n={size})"));
            columns.push(format!("{value} %"));
        }
        let total = total_label(language);
        columns.push(format!("{total} (n={})", self.total));
        columns.push(format!("{total} %"));
        let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new(&format!("code_by_{}", file_stem(&self.attribute)), caption, &column_refs);
        let totals = total_respondents(study);
        for (code, counts) in &self.rows {
            let info = &study.codebook.codes[*code];
            let mut row: Vec<Cell> = vec![
                info.id.as_str().into(),
                info.label.as_str().into(),
                info.parent.clone().unwrap_or_default().into(),
            ];
            for (count, size) in counts.iter().zip(self.sizes.values()) {
                row.push(count.respondents.into());
                row.push(percent(count.respondents, *size));
            }
            let all = totals[*code];
            row.push(all.into());
            row.push(percent(all, self.total));
            table.push(row);
        }
        table
    }
}

fn percent(part: usize, whole: usize) -> Cell {
    if whole == 0 {
        Cell::Empty
    } else {
        Cell::Percent(100.0 * part as f64 / whole as f64)
    }
}

/// Respondents per code (with descendants), over all groups.
fn total_respondents(study: &Study) -> Vec<usize> {
    let owners = SegmentOwners::new(study);
    study
        .descendant_segments()
        .par_iter()
        .map(|segments| {
            let mut seen = vec![false; owners.names.len()];
            segments
                .iter()
                .filter_map(|&(d, s)| owners.respondent[d][s])
                .filter(|&r| !std::mem::replace(&mut seen[r as usize], true))
                .count()
        })
        .collect()
}

/// Who speaks in each segment, as an index into the present respondents (sorted ids).
struct SegmentOwners<'a> {
    names: Vec<&'a str>,
    /// Per document and segment.
    respondent: Vec<Vec<Option<u32>>>,
}

impl<'a> SegmentOwners<'a> {
    fn new(study: &Study<'a>) -> Self {
        let names = present_respondents(study);
        let respondent = (0..study.corpus.documents.len())
            .map(|d| {
                (0..study.corpus.documents[d].segments.len())
                    .map(|s| study.respondent_of(d, s).and_then(|r| names.binary_search(&r).ok()).map(|i| i as u32))
                    .collect()
            })
            .collect();
        Self { names, respondent }
    }
}

/// `tables/code_frequencies_by_group`: the long form of every crosstab, with segments and
/// documents, and the phrase a report uses ("7 van de 9").
pub fn long_table(study: &Study, groups: &[GroupFrequencies], language: Language) -> Table {
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
            let info = &study.codebook.codes[*code];
            for ((value, size), count) in g.sizes.iter().zip(counts) {
                table.push(vec![
                    info.id.as_str().into(),
                    info.label.as_str().into(),
                    g.attribute.as_str().into(),
                    value.as_str().into(),
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
pub fn code_by_document(study: &Study, language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Code × document: aantal gecodeerde segmenten per code en document (een hoofdcode telt de verschillende segmenten van zichzelf en haar subcodes)",
        Language::En => "Code × document: coded segments per code and document (a parent code counts the distinct segments of itself and its sub-codes)",
    };
    let mut columns: Vec<String> = vec!["code".into(), "label".into(), "parent".into()];
    columns.extend(study.corpus.documents.iter().map(|d| d.id.clone()));
    columns.push(total_label(language).to_lowercase());
    let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new("code_by_document", caption, &column_refs);
    for code in study.codebook.tree_order() {
        let per_document = segments_per_document(study, code);
        let segments = &study.descendant_segments()[code];
        let info = &study.codebook.codes[code];
        let mut row: Vec<Cell> =
            vec![info.id.as_str().into(), info.label.as_str().into(), info.parent.clone().unwrap_or_default().into()];
        row.extend(per_document.into_iter().map(Cell::from));
        row.push(segments.len().into());
        table.push(row);
    }
    table
}

/// Segments of a code (with its descendants) in each document, in the corpus's order: a row
/// of the code × document matrix, as table and as figure.
pub fn segments_per_document(study: &Study, code: usize) -> Vec<usize> {
    let mut per_document = vec![0usize; study.corpus.documents.len()];
    for &(d, _) in &study.descendant_segments()[code] {
        per_document[d] += 1;
    }
    per_document
}

/// Whether every respondent file column named exists (the Trimbos tables need them).
pub fn has_attributes(study: &Study, attributes: &[&str]) -> bool {
    attributes.iter().all(|a| study.corpus.respondents.columns.iter().any(|c| c == a))
}

/// `tables/sample_description`: respondents by profession within organisation type, with a
/// Totaal row per type and for the whole sample (Trimbos style).
pub fn sample_description(study: &Study, organisation_type: &str, profession: &str, language: Language) -> Table {
    let caption = match language {
        Language::Nl => format!("Geïnterviewden naar {profession} binnen {organisation_type}"),
        Language::En => format!("Interviewees by {profession} within {organisation_type}"),
    };
    let mut table = Table::new("sample_description", caption, &[organisation_type, profession, "respondents"]);
    let mut counts: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let present = present_respondents(study);
    for &r in &present {
        let t = value_of(study, r, organisation_type, language);
        let p = value_of(study, r, profession, language);
        *counts.entry(t).or_default().entry(p).or_default() += 1;
    }
    let total = total_label(language);
    for (t, professions) in &counts {
        for (p, n) in professions {
            table.push(vec![t.as_str().into(), p.as_str().into(), (*n).into()]);
        }
        table.push(vec![t.as_str().into(), total.into(), professions.values().sum::<usize>().into()]);
    }
    table.push(vec![total.into(), Cell::Empty, present.len().into()]);
    table
}

/// `tables/themes_by_organisation_type`: per code (theme), the respondents in each
/// organisation type who raised it, and in total.
pub fn themes_by_organisation_type(study: &Study, organisation_type: &str, language: Language) -> Table {
    let g = GroupFrequencies::compute(study, organisation_type, language);
    let caption = match language {
        Language::Nl => format!(
            "Thema's naar {organisation_type}: aantal respondenten dat het thema noemde (n = respondenten per type); een hoofdthema telt de respondenten van zichzelf en zijn subthema's"
        ),
        Language::En => format!(
            "Themes by {organisation_type}: respondents who raised the theme (n = respondents per type); a main theme counts the respondents of itself and its sub-themes"
        ),
    };
    let mut columns: Vec<String> = vec!["code".into(), "label".into(), "parent".into()];
    columns.extend(g.sizes.iter().map(|(v, n)| format!("{v} (n={n})")));
    columns.push(format!("{} (n={})", total_label(language), g.total));
    let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new("themes_by_organisation_type", caption, &column_refs);
    let totals = total_respondents(study);
    for (code, counts) in &g.rows {
        let info = &study.codebook.codes[*code];
        let mut row: Vec<Cell> =
            vec![info.id.as_str().into(), info.label.as_str().into(), info.parent.clone().unwrap_or_default().into()];
        row.extend(counts.iter().map(|c| Cell::from(c.respondents)));
        row.push(totals[*code].into());
        table.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;
    use crate::corpus::{Respondent, Respondents};

    /// Respondents A, B (zorg; vg-instelling, arts / begeleider), C (zorg; ggz-instelling, arts),
    /// D (buiten; gemeente), E (zorg, never speaks). Documents: D1 = A; D2 = B; FG = C and D.
    /// Codes: p with children a, b; c.
    ///   D1: s0 (A) a+b, s1 (A) a      D2: s0 (B) b
    ///   FG: s0 (C) a, s1 (D) c, s2 (C) c
    fn study_data() -> (crate::corpus::Corpus, crate::codebook::Codebook, Vec<crate::coding::Coding>) {
        let (mut corpus, book, codings) = study_parts(
            &[("D1", &["A", "A"]), ("D2", &["B"]), ("FG", &["C", "D", "C"])],
            &[("p", None), ("a", Some("p")), ("b", Some("p")), ("c", None)],
            &[(0, 0, 1), (0, 0, 2), (0, 1, 1), (1, 0, 2), (2, 0, 1), (2, 1, 3), (2, 2, 3)],
            &[],
        );
        let mut respondents = Respondents {
            columns: vec!["domain".into(), "organisation_type".into(), "profession".into()],
            ..Default::default()
        };
        for (id, domain, org, prof) in [
            ("A", "zorg", "vg-instelling", "arts"),
            ("B", "zorg", "vg-instelling", "begeleider"),
            ("C", "zorg", "ggz-instelling", "arts"),
            ("D", "buiten", "gemeente", "consulent"),
            ("E", "zorg", "vg-instelling", "arts"),
        ] {
            respondents.by_id.insert(
                id.into(),
                Respondent {
                    id: id.into(),
                    attributes: vec![
                        ("domain".into(), domain.into()),
                        ("organisation_type".into(), org.into()),
                        ("profession".into(), prof.into()),
                    ],
                },
            );
        }
        corpus.respondents = respondents;
        (corpus, book, codings)
    }

    fn rows(t: &Table) -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.iter().map(|c| c.render()).collect()).collect()
    }

    #[test]
    fn groups_count_respondents_of_the_group() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let g = GroupFrequencies::compute(&study, "domain", Language::Nl);
        // Present respondents: A, B, C (zorg: 3), D (buiten: 1); E never speaks.
        assert_eq!(g.sizes, BTreeMap::from([("buiten".to_string(), 1), ("zorg".to_string(), 3)]));
        let t = g.crosstab(&study, Language::Nl);
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
        // Long form: p in zorg: segments D1 s0, D1 s1, D2 s0, FG s0 = 4 (D1 s0 once, not twice);
        // documents D1, D2, FG = 3.
        let long = long_table(&study, &[g], Language::Nl);
        let r = long.rows.iter().position(|r| r[0].render() == "p" && r[3].render() == "zorg").unwrap();
        assert_eq!(rows(&long)[r][4..], ["3", "4", "3", "3", "100.0", "3 van de 3"]);
    }

    #[test]
    fn code_by_document_matrix() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let t = code_by_document(&study, Language::En);
        assert_eq!(t.columns, ["code", "label", "parent", "D1", "D2", "FG", "total"]);
        // p: D1 2 (s0 counted once), D2 1, FG 1 → 4; c: FG 2.
        assert_eq!(rows(&t)[0][3..], ["2", "1", "1", "4"]);
        assert_eq!(rows(&t)[3][3..], ["0", "0", "2", "2"]);
    }

    #[test]
    fn trimbos_tables() {
        let (corpus, book, codings) = study_data();
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        assert!(has_attributes(&study, &["organisation_type", "profession"]));
        assert!(!has_attributes(&study, &["organisation_type", "functie"]));
        let t = sample_description(&study, "organisation_type", "profession", Language::Nl);
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
        let t = themes_by_organisation_type(&study, "organisation_type", Language::Nl);
        assert_eq!(t.columns[3..], ["gemeente (n=1)", "ggz-instelling (n=1)", "vg-instelling (n=2)", "Totaal (n=4)"]);
        // p: C (ggz), A and B (vg) → 0, 1, 2, total 3; c: D (gemeente), C (ggz) → 1, 1, 0, 2.
        assert_eq!(rows(&t)[0][3..], ["0", "1", "2", "3"]);
        assert_eq!(rows(&t)[3][3..], ["1", "1", "0", "2"]);
    }
}
