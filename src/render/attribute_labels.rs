//! Respondent attributes as readers see them: `role` becomes "Rol" in a Dutch thesis and
//! "Role" in an English one, in every figure title, caption and readable table that names an
//! attribute.
//!
//! The attribute names are the user's (the respondents file's column headers) and stay as they
//! are wherever a program reads them: file names (`code_by_role.csv`), CSV headers and the
//! `attribute` cells of the CSV files, so that scripts can join on them. The Markdown and LaTeX
//! tables and the report show the label. `[labels]` in `analyse.toml` names them in the project
//! language; the common attributes have defaults in both languages; any other attribute is
//! shown by its own name.

use std::collections::BTreeMap;

use super::labels::column_label;
use super::Language;
use crate::table::{Cell, Table};

/// The attribute labels of a run: `[labels]` over the defaults of the language.
#[derive(Debug, Clone, Copy)]
pub struct AttributeLabels<'a> {
    pub language: Language,
    /// `[labels]`: attribute → label, in the project language.
    pub custom: &'a BTreeMap<String, String>,
}

/// No `[labels]`: the defaults only.
pub static NO_LABELS: BTreeMap<String, String> = BTreeMap::new();

impl<'a> AttributeLabels<'a> {
    /// Labels of `language` with the user's `custom` ones first.
    pub fn new(language: Language, custom: &'a BTreeMap<String, String>) -> Self {
        Self { language, custom }
    }

    /// The label of an attribute: the user's, else the default of the language, else the name.
    pub fn of(&self, attribute: &str) -> String {
        self.known(attribute).unwrap_or_else(|| attribute.to_string())
    }

    fn known(&self, attribute: &str) -> Option<String> {
        self.custom.get(attribute).cloned().or_else(|| default_label(attribute, self.language).map(str::to_string))
    }

    /// A table header as readers see it: a column of the output contract in the language
    /// ([`column_label`]), else a named attribute's label (the Trimbos tables have a column per
    /// attribute), else the header as it is.
    pub fn header(&self, column: &str) -> String {
        let fixed = column_label(column, self.language);
        if fixed != column {
            return fixed;
        }
        self.known(column).unwrap_or(fixed)
    }

    /// The readable copy of a table: headers through [`Self::header`], and the cells of an
    /// `attribute` column as labels.
    pub fn readable(&self, table: &Table) -> Table {
        let mut readable = table.clone();
        readable.columns = table.columns.iter().map(|c| self.header(c)).collect();
        if let Some(k) = table.columns.iter().position(|c| c == "attribute") {
            for row in &mut readable.rows {
                if let Cell::Text(name) = &row[k] {
                    row[k] = Cell::Text(self.of(name));
                }
            }
        }
        readable
    }
}

/// The attributes most interview studies have, as the sample's respondents file and the
/// Trimbos tables name them.
fn default_label(attribute: &str, language: Language) -> Option<&'static str> {
    let (nl, en) = match attribute {
        "role" => ("Rol", "Role"),
        "domain" => ("Domein", "Domain"),
        "level" => ("Niveau", "Level"),
        "organisation" => ("Organisatie", "Organisation"),
        "organisation_type" => ("Type organisatie", "Organisation type"),
        "profession" => ("Beroep", "Profession"),
        "interview_date" => ("Interviewdatum", "Interview date"),
        "gender" => ("Gender", "Gender"),
        "age" => ("Leeftijd", "Age"),
        "region" => ("Regio", "Region"),
        _ => return None,
    };
    Some(match language {
        Language::Nl => nl,
        Language::En => en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_in_both_languages_and_the_users_label_first() {
        let none = BTreeMap::new();
        assert_eq!(AttributeLabels::new(Language::Nl, &none).of("role"), "Rol");
        assert_eq!(AttributeLabels::new(Language::En, &none).of("role"), "Role");
        assert_eq!(AttributeLabels::new(Language::Nl, &none).of("organisation_type"), "Type organisatie");
        assert_eq!(AttributeLabels::new(Language::En, &none).of("interview_date"), "Interview date");
        // An attribute without a default is shown by its name.
        assert_eq!(AttributeLabels::new(Language::Nl, &none).of("wijk"), "wijk");
        let custom: BTreeMap<String, String> =
            [("role".to_string(), "Functie".to_string()), ("wijk".to_string(), "Wijk".to_string())].into();
        let labels = AttributeLabels::new(Language::Nl, &custom);
        assert_eq!((labels.of("role"), labels.of("wijk")), ("Functie".into(), "Wijk".into()));
    }

    #[test]
    fn readable_tables_name_attributes_and_csv_names_stay() {
        let mut table = Table::new("respondents", "Steekproef", &["attribute", "value", "respondents", "profession"]);
        table.push(vec!["role".into(), "expert".into(), 2usize.into(), "arts".into()]);
        let none = BTreeMap::new();
        let nl = AttributeLabels::new(Language::Nl, &none).readable(&table);
        assert_eq!(nl.columns, ["kenmerk", "waarde", "respondenten", "Beroep"]);
        assert_eq!(nl.rows[0][0].render(), "Rol");
        let en = AttributeLabels::new(Language::En, &none).readable(&table);
        assert_eq!(en.columns, ["attribute", "value", "respondents", "Profession"]);
        assert_eq!(en.rows[0][0].render(), "Role");
        // The table itself (the CSV) keeps the user's names.
        assert_eq!((table.columns[3].as_str(), table.rows[0][0].render()), ("profession", "role".to_string()));
        // A contract column keeps its own wording even if an attribute has the same name.
        let custom: BTreeMap<String, String> = [("level".to_string(), "Functieniveau".to_string())].into();
        assert_eq!(AttributeLabels::new(Language::Nl, &custom).header("level"), "niveau");
    }
}
