//! The rule language of codebooks, and how a term becomes a regular expression.
//!
//! Terms are what researchers write: words and phrases with `*` wildcards. They are matched
//! case-insensitively as whole words; `*` at the end lets inflections and compounds through
//! (`verantwoordelijk*`), `*` at the start lets a compound's modifier through
//! (`*verantwoordelijk*` → eindverantwoordelijkheid), on each word of a phrase; a space matches
//! any white space, line breaks included; a straight apostrophe matches a typographic one (logica's / logica’s).

use serde::{Deserialize, Serialize};

/// What a rule looks for in a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// Any of the terms.
    Terms(Vec<String>),
    /// A regular expression (Rust syntax, case-insensitive).
    Regex(String),
    /// Every one of the slots, anywhere in the unit. A slot is one term, or the alternatives
    /// of a named list (`@name`), any one of which fills it.
    All(Vec<Vec<String>>),
    /// Two slots within `within` words of each other (a slot as in `All`).
    Near { terms: [Vec<String>; 2], within: usize },
    /// Two slots in the same sentence (`near` with `within: sentence`).
    NearSentence { terms: [Vec<String>; 2] },
    /// Any of the terms, each word compared by its Snowball Dutch stem, also as the head of a
    /// compound ([`super::stem`]).
    Stem(Vec<String>),
    /// A unit close enough to one of the code's example texts ([`super::similar`]): the extra
    /// examples of the rule (the code's own `example` is always one), the threshold, whether the
    /// unit or each of its sentences is scored, the rule's own stop words, and whether the rule
    /// compares with its own examples only (`own_examples_only`), and how many stems a scored
    /// text must share with an example (`min_shared`; see [`super::similar`]).
    Similar {
        examples: Vec<String>,
        threshold: Threshold,
        #[serde(default)]
        per: super::similar::Per,
        #[serde(default)]
        stop_words: Vec<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        own_examples_only: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_shared: Option<usize>,
    },
}

/// A similarity threshold in [0, 1]; compared by its bits so that rules stay `Eq`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Threshold(pub f64);

impl PartialEq for Threshold {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Threshold {}

/// One rule of a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSpec {
    pub kind: RuleKind,
    /// Terms that veto the rule in a unit that contains one of them.
    pub exclude: Vec<String>,
    /// Matches needed in one unit for the rule to fire.
    pub min_hits: usize,
    /// 1-based line of the rule in its codebook file, so evidence can point at it.
    pub line: usize,
}

impl RuleSpec {
    /// The kind of rule in one word, for evidence.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            RuleKind::Terms(_) => "terms",
            RuleKind::Regex(_) => "regex",
            RuleKind::All(_) => "all",
            RuleKind::Near { .. } | RuleKind::NearSentence { .. } => "near",
            RuleKind::Stem(_) => "stem",
            RuleKind::Similar { .. } => "similar",
        }
    }

    /// A full description of the rule, for reports on rules.
    pub fn describe(&self) -> String {
        let mut s = match &self.kind {
            RuleKind::Terms(t) => format!("terms: {}", t.join(" | ")),
            RuleKind::Regex(r) => format!("regex: {r}"),
            RuleKind::All(t) => format!("all: {}", t.iter().map(|s| slot_text(s)).collect::<Vec<_>>().join(" & ")),
            RuleKind::Near { terms, within } => {
                format!("near: {} ~{within}~ {}", slot_text(&terms[0]), slot_text(&terms[1]))
            }
            RuleKind::NearSentence { terms } => {
                format!("near: {} ~sentence~ {}", slot_text(&terms[0]), slot_text(&terms[1]))
            }
            RuleKind::Stem(t) => format!("stem: {}", t.join(" | ")),
            RuleKind::Similar { examples, threshold, per, stop_words, own_examples_only, min_shared } => {
                let mut s = if *own_examples_only {
                    format!("similar: {} examples of its own (threshold {})", examples.len(), threshold.0)
                } else {
                    format!("similar: the code's example and {} more (threshold {})", examples.len(), threshold.0)
                };
                if *per == super::similar::Per::Sentence {
                    s.push_str(" (per sentence)");
                }
                if let Some(n) = min_shared {
                    s.push_str(&format!(" (min {n} shared stems)"));
                }
                if !stop_words.is_empty() {
                    s.push_str(&format!(" (stop words: {})", stop_words.join(" | ")));
                }
                s
            }
        };
        if self.min_hits > 1 {
            s.push_str(&format!(" (min {} hits)", self.min_hits));
        }
        if !self.exclude.is_empty() {
            s.push_str(&format!(" (not with: {})", self.exclude.join(" | ")));
        }
        s
    }
}

/// A slot of an `all` or `near` rule as text: the term, or its alternatives in brackets.
fn slot_text(slot: &[String]) -> String {
    match slot {
        [one] => one.clone(),
        many => format!("({})", many.join(" | ")),
    }
}

/// Why a term cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermProblem {
    Empty,
    OnlyWildcards,
    WildcardInside,
}

impl std::fmt::Display for TermProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TermProblem::Empty => write!(f, "an empty term matches everything; remove it"),
            TermProblem::OnlyWildcards => {
                write!(f, "a term of only `*` matches every word; write a word")
            }
            TermProblem::WildcardInside => {
                write!(f, "`*` may stand only at the start or end of a term; use `regex:` for more")
            }
        }
    }
}

/// Whether `é` in a term matches only `é`, or also `e`, `è`, `ë` … (and the reverse).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Diacritics {
    /// `cliënt` matches `cliënt`, `client`, `cliént`: transcribers are not consistent.
    #[default]
    Ignore,
    /// Diacritics must match exactly.
    Match,
}

/// The regular expression (without flags) that a term stands for. Each word of a phrase may
/// carry its own wildcards (`verward* person*`); words are joined by any white space.
/// Diacritics are literal here; the matcher ignores them by folding term and text alike.
pub fn term_to_regex(term: &str) -> Result<String, TermProblem> {
    let term = term.trim().to_lowercase();
    if term.is_empty() {
        return Err(TermProblem::Empty);
    }
    let words: Vec<String> = term.split_whitespace().map(word_to_regex).collect::<Result<_, _>>()?;
    Ok(words.join(r"\s+"))
}

/// One word of a term: literal characters, `*` only at its start or end.
fn word_to_regex(word: &str) -> Result<String, TermProblem> {
    let leading = word.starts_with('*');
    let trailing = word.ends_with('*');
    let core = word.trim_matches('*');
    if core.is_empty() {
        return Err(TermProblem::OnlyWildcards);
    }
    if core.contains('*') {
        return Err(TermProblem::WildcardInside);
    }
    let mut pattern = String::new();
    let first_is_word = core.chars().next().is_some_and(char::is_alphanumeric);
    let last_is_word = core.chars().last().is_some_and(char::is_alphanumeric);
    if leading {
        pattern.push_str(r"\w*");
    } else if first_is_word {
        pattern.push_str(r"\b");
    }
    for ch in core.chars() {
        match ch {
            '\'' | '’' | '‘' => pattern.push_str("['’‘]"),
            _ => regex_syntax::escape_into(ch.encode_utf8(&mut [0; 4]), &mut pattern),
        }
    }
    if trailing {
        pattern.push_str(r"\w*");
    } else if last_is_word {
        pattern.push_str(r"\b");
    }
    Ok(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn matches(term: &str, text: &str) -> Vec<String> {
        let re = Regex::new(&format!("(?i){}", term_to_regex(term).unwrap())).unwrap();
        re.find_iter(text).map(|m| m.as_str().to_string()).collect()
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(matches("regie", "De regie ligt bij de regisseur, niet bij de regiecoördinator."), vec!["regie"]);
        assert!(matches("vg", "de avg zegt").is_empty());
    }

    #[test]
    fn suffix_and_prefix_wildcards() {
        assert_eq!(
            matches("verantwoordelijk*", "Verantwoordelijkheid en verantwoordelijken, niet eindverantwoordelijkheid"),
            vec!["Verantwoordelijkheid", "verantwoordelijken"]
        );
        assert_eq!(
            matches("*verantwoordelijk*", "eindverantwoordelijkheid en zorgverantwoordelijke"),
            vec!["eindverantwoordelijkheid", "zorgverantwoordelijke"]
        );
    }

    #[test]
    fn spaces_apostrophes_and_case() {
        assert_eq!(matches("andere wereld*", "echt een Andere\n  wereld"), vec!["Andere\n  wereld"]);
        assert_eq!(matches("logica's", "twee logica’s en logica's"), vec!["logica’s", "logica's"]);
        assert_eq!(matches("ggz", "de GGZ en de ggz"), vec!["GGZ", "ggz"]);
    }

    #[test]
    fn wildcards_on_each_word_of_a_phrase() {
        // "persoon" is not "person…": only the first phrase matches.
        assert_eq!(matches("verward* person*", "Verwarde personen en een verward persoon"), vec!["Verwarde personen"]);
        assert!(matches("verward* person*", "verwarde mensen").is_empty());
    }

    #[test]
    fn diacritics_and_hyphens_are_literal() {
        assert_eq!(matches("cliënt*", "de cliënten"), vec!["cliënten"]);
        assert_eq!(
            matches("zorg- en veiligheidshuis", "het Zorg- en Veiligheidshuis"),
            vec!["Zorg- en Veiligheidshuis"]
        );
    }

    #[test]
    fn bad_terms() {
        assert_eq!(term_to_regex("  "), Err(TermProblem::Empty));
        assert_eq!(term_to_regex("**"), Err(TermProblem::OnlyWildcards));
        assert_eq!(term_to_regex("ver*antwoord"), Err(TermProblem::WildcardInside));
    }
}
