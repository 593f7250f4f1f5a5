//! The one-pass prefilter: which rules can possibly fire in a unit.
//!
//! Every rule has a set of literals of which any match must contain at least one: for a term,
//! its longest run of letters and digits (`*verantwoordelijk*` → `verantwoordelijk`); for a
//! regular expression, the literal prefixes (or suffixes) that regex-syntax extracts from it.
//! All literals of all rules go into one Aho-Corasick automaton that scans the unit's text,
//! folded to ASCII and compared without regard to case, once; only the rules whose literals occur are then
//! verified with their full regexes. Rules without usable literals are always verified.
//!
//! Why not one `RegexSet`: regex's fast automata cannot evaluate Unicode word boundaries on
//! non-ASCII text, and a set of a few hundred Unicode-aware, case-insensitive patterns falls
//! back to its slowest engine on Dutch text (measured at 0.1 MB/s).

use aho_corasick::AhoCorasick;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Literals shorter than this select too many units to be worth it; such a rule is verified
/// in every unit instead.
const MIN_LITERAL_CHARS: usize = 3;

/// Lower case, folded to ASCII ([`super::fold`]): the form literals are kept in. Texts are
/// folded the same way and compared ignoring ASCII case.
pub fn fold(text: &str) -> String {
    super::fold::fold(text).text.to_lowercase()
}

/// The literal a term's matches always contain: its longest run of letters and digits, folded.
pub fn term_literal(term: &str) -> Option<String> {
    let folded = fold(term);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|run| run.chars().count())
        .filter(|run| run.chars().count() >= MIN_LITERAL_CHARS)
        .map(str::to_string)
}

/// Literals of which every match of `pattern` contains one, folded; `None` when the pattern
/// has no usable literals (e.g. it starts and ends with a character class).
pub fn regex_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    // Of the prefix and the suffix set, the one whose shortest literal is longest selects
    // the fewest units.
    [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|kind| {
            let seq = Extractor::new().kind(kind).extract(&hir);
            let mut folded: Vec<String> =
                seq.literals()?.iter().map(|l| fold(&String::from_utf8_lossy(l.as_bytes()))).collect();
            folded.sort();
            folded.dedup();
            let shortest = folded.iter().map(|l| l.chars().count()).min()?;
            (shortest >= MIN_LITERAL_CHARS).then_some((shortest, folded))
        })
        .max_by_key(|(shortest, _)| *shortest)
        .map(|(_, literals)| literals)
}

/// The automaton over all rules' literals.
pub struct Prefilter {
    automaton: AhoCorasick,
    /// For each literal (pattern id of the automaton), the rules it stands for.
    rules_of_literal: Vec<Vec<usize>>,
    /// Rules without literals: candidates in every unit.
    always: Vec<usize>,
    rule_count: usize,
}

impl Prefilter {
    /// `literals[r]`: the literals of rule `r`, or `None` for a rule that is always verified.
    pub fn new(literals: &[Option<Vec<String>>]) -> Self {
        let mut all: Vec<String> = Vec::new();
        let mut rules_of_literal: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (rule, lits) in literals.iter().enumerate() {
            match lits {
                None => always.push(rule),
                Some(lits) => {
                    for lit in lits {
                        match all.iter().position(|l| l == lit) {
                            Some(i) => rules_of_literal[i].push(rule),
                            None => {
                                all.push(lit.clone());
                                rules_of_literal.push(vec![rule]);
                            }
                        }
                    }
                }
            }
        }
        let automaton =
            AhoCorasick::builder().ascii_case_insensitive(true).build(&all).expect("literal automaton builds");
        Self { automaton, rules_of_literal, always, rule_count: literals.len() }
    }

    /// Rules that may fire in a text folded to ASCII ([`super::fold`]), in rule order.
    pub fn candidates(&self, folded: &str) -> Vec<usize> {
        let mut is_candidate = vec![false; self.rule_count];
        for &r in &self.always {
            is_candidate[r] = true;
        }
        for m in self.automaton.find_overlapping_iter(folded) {
            for &r in &self.rules_of_literal[m.pattern().as_usize()] {
                is_candidate[r] = true;
            }
        }
        is_candidate.iter().enumerate().filter(|(_, &c)| c).map(|(r, _)| r).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Cliënt’s ÉÉN GGZ"), "client's een ggz");
    }

    #[test]
    fn term_literals() {
        assert_eq!(term_literal("*Verantwoordelijk*").as_deref(), Some("verantwoordelijk"));
        assert_eq!(term_literal("verward* person*").as_deref(), Some("verward"));
        assert_eq!(term_literal("logica's").as_deref(), Some("logica"));
        assert_eq!(term_literal("zorg- en veiligheidshuis").as_deref(), Some("veiligheidshuis"));
        assert_eq!(term_literal("xy"), None, "too short to select anything");
    }

    #[test]
    fn regex_literals_prefix_or_suffix() {
        assert_eq!(regex_literals(r"\bWlz\b"), Some(vec!["wlz".to_string()]));
        assert_eq!(regex_literals(r"cli[eë]nt(en)?"), Some(vec!["client".to_string(), "clienten".to_string()]));
        // Starts with a class, but ends with a literal: the suffix is used.
        assert_eq!(regex_literals(r"\w+schap"), Some(vec!["schap".to_string()]));
        assert_eq!(regex_literals(r"\w+\s+\w+"), None);
    }

    #[test]
    fn candidates_by_literal() {
        let p = Prefilter::new(&[Some(vec!["regie".into()]), None, Some(vec!["plan".into(), "regie".into()])]);
        assert_eq!(p.candidates("De REGIE"), vec![0, 1, 2]);
        assert_eq!(p.candidates("een plan"), vec![1, 2]);
        assert_eq!(p.candidates("niets"), vec![1]);
    }
}
