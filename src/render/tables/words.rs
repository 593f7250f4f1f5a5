//! Words that several tables share, in both languages.

use crate::analysis::groups::GroupValue;
use crate::render::Language;

/// "Totaal" / "Total".
pub fn total_label(language: Language) -> &'static str {
    match language {
        Language::Nl => "Totaal",
        Language::En => "Total",
    }
}

/// The value shown for respondents without a value for an attribute.
pub fn missing_label(language: Language) -> &'static str {
    match language {
        Language::Nl => "(onbekend)",
        Language::En => "(unknown)",
    }
}

/// A group as the tables name it: its value, or the missing label.
pub fn group_label(value: &GroupValue, language: Language) -> String {
    value.clone().unwrap_or_else(|| missing_label(language).to_string())
}
