//! All rules of all codes compiled once into one matcher.
//!
//! A [`regex::RegexSet`] of every rule's "trigger" (the alternation of all its terms, or its
//! regex) answers in one pass which rules can possibly fire in a unit; only those are then
//! verified with their own compiled regexes (all terms present, words apart, exclusions,
//! minimum hits) and yield the matched text as evidence.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::rules::{term_to_regex_with, Diacritics, RuleKind};
use super::{Codebook, CodebookError};

/// Size limit for the compiled automata: Unicode-aware, case-insensitive word classes of a few
/// hundred rules need more than regex's default of 10 MB.
const REGEX_SIZE_LIMIT: usize = 512 * 1024 * 1024;

/// A rule that fired in a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    pub code: usize,
    /// Index of the rule within its code.
    pub rule: usize,
    /// The matched text (for `all` and `near`: the matches joined with " … ").
    pub matched: String,
}

struct CompiledRule {
    code: usize,
    rule: usize,
    check: Check,
    exclude: Option<Regex>,
    min_hits: usize,
}

enum Check {
    /// Count the matches of one regex.
    Any(Regex),
    /// Every regex must match.
    All(Vec<Regex>),
    /// Two regexes within `within` words.
    Near(Regex, Regex, usize),
}

/// The compiled form of a codebook's rules.
pub struct CompiledCodebook {
    set: RegexSet,
    rules: Vec<CompiledRule>,
}

fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).case_insensitive(true).size_limit(REGEX_SIZE_LIMIT).build()
}

fn alternation(terms: &[String], diacritics: Diacritics) -> String {
    let parts: Vec<String> =
        terms.iter().map(|t| term_to_regex_with(t, diacritics).expect("terms were checked at load")).collect();
    format!("(?:{})", parts.join("|"))
}

impl CompiledCodebook {
    /// Compiles every rule. Terms and regexes were checked when the codebook was loaded, so an
    /// error here can only come from a size limit; it still names the code.
    pub fn compile(codebook: &Codebook, diacritics: Diacritics) -> Result<Self, CodebookError> {
        let mut triggers = Vec::new();
        let mut rules = Vec::new();
        for (c, code) in codebook.codes.iter().enumerate() {
            let path =
                codebook.books.iter().find(|b| b.id == code.codebook).map(|b| b.path.clone()).unwrap_or_default();
            let fail = |e: regex::Error| CodebookError::Invalid {
                path: path.clone(),
                line: code.line,
                code: code.id.clone(),
                message: format!("rule cannot be compiled: {e}"),
            };
            for (r, spec) in code.rules.iter().enumerate() {
                let (trigger, check) = match &spec.kind {
                    RuleKind::Terms(terms) => {
                        let p = alternation(terms, diacritics);
                        (p.clone(), Check::Any(build(&p).map_err(fail)?))
                    }
                    RuleKind::Regex(p) => (p.clone(), Check::Any(build(p).map_err(fail)?)),
                    RuleKind::All(terms) => {
                        let each = terms
                            .iter()
                            .map(|t| build(&alternation(std::slice::from_ref(t), diacritics)))
                            .collect::<Result<_, _>>();
                        (alternation(terms, diacritics), Check::All(each.map_err(fail)?))
                    }
                    RuleKind::Near { terms, within } => {
                        let a = build(&alternation(&terms[..1], diacritics)).map_err(fail)?;
                        let b = build(&alternation(&terms[1..], diacritics)).map_err(fail)?;
                        (alternation(terms, diacritics), Check::Near(a, b, *within))
                    }
                };
                let exclude = if spec.exclude.is_empty() {
                    None
                } else {
                    Some(build(&alternation(&spec.exclude, diacritics)).map_err(fail)?)
                };
                triggers.push(trigger);
                rules.push(CompiledRule { code: c, rule: r, check, exclude, min_hits: spec.min_hits });
            }
        }
        let set = RegexSetBuilder::new(&triggers)
            .case_insensitive(true)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| CodebookError::Invalid {
                path: Default::default(),
                line: 0,
                code: "(all)".into(),
                message: format!("the rules together are too large to compile: {e}"),
            })?;
        Ok(Self { set, rules })
    }

    /// The trigger pattern of every rule (case-insensitive), one per rule: what the one-pass
    /// scan looks for. Written out for comparisons with grep-like tools.
    pub fn trigger_patterns(&self) -> &[String] {
        self.set.patterns()
    }

    /// Number of compiled rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Every rule that fires in `text`, in codebook order. A word broken over a line with a
    /// hyphen (`samen-\nwerking`, as PDF text has it) is matched both as written and joined.
    pub fn hits(&self, text: &str) -> Vec<RuleHit> {
        let mut hits = self.hits_as_written(text);
        if let Some(joined) = join_hyphenated_lines(text) {
            for hit in self.hits_as_written(&joined) {
                if !hits.iter().any(|h| h.code == hit.code && h.rule == hit.rule) {
                    hits.push(hit);
                }
            }
            hits.sort_by_key(|h| (h.code, h.rule));
        }
        hits
    }

    fn hits_as_written(&self, text: &str) -> Vec<RuleHit> {
        let mut hits = Vec::new();
        let mut words: Option<Vec<usize>> = None;
        for i in self.set.matches(text).iter() {
            let rule = &self.rules[i];
            if rule.exclude.as_ref().is_some_and(|x| x.is_match(text)) {
                continue;
            }
            let found = match &rule.check {
                Check::Any(re) => {
                    let all: Vec<_> = re.find_iter(text).collect();
                    (all.len() >= rule.min_hits).then(|| all[0].as_str().to_string())
                }
                Check::All(res) => {
                    let firsts: Option<Vec<_>> = res.iter().map(|re| re.find(text)).collect();
                    let count: usize = res.iter().map(|re| re.find_iter(text).count()).sum();
                    firsts
                        .filter(|_| count >= rule.min_hits)
                        .map(|f| f.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(" … "))
                }
                Check::Near(a, b, within) => {
                    let starts = words.get_or_insert_with(|| word_starts(text));
                    near_match(text, a, b, *within, starts, rule.min_hits)
                }
            };
            if let Some(matched) = found {
                hits.push(RuleHit { code: rule.code, rule: rule.rule, matched });
            }
        }
        hits
    }
}

/// The text with words that a hyphen breaks over a line joined (`samen-\nwerking` →
/// `samenwerking`), or `None` when there is no such break. Only a break before a lower-case
/// letter is joined: `Zorg- en\nVeiligheidshuis` keeps its hyphen.
fn join_hyphenated_lines(text: &str) -> Option<String> {
    static PATTERN: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    if !text.contains("-\n") && !text.contains("- \n") {
        return None;
    }
    let re = PATTERN.get_or_init(|| Regex::new(r"(\p{L})-[ \t]*\n[ \t]*(\p{Ll})").expect("valid pattern"));
    let joined = re.replace_all(text, "$1$2");
    (joined != text).then(|| joined.into_owned())
}

/// Byte offsets where words start, to turn a match position into a word position.
fn word_starts(text: &str) -> Vec<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    text.unicode_word_indices().map(|(i, _)| i).collect()
}

/// The first pair of matches of `a` and `b` at most `within` words apart, as "a … b" in text
/// order; `None` when fewer than `min_hits` such pairs exist.
fn near_match(text: &str, a: &Regex, b: &Regex, within: usize, starts: &[usize], min_hits: usize) -> Option<String> {
    let word_of = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
    let bs: Vec<_> = b.find_iter(text).map(|m| (word_of(m.start()), m)).collect();
    let mut pairs = 0;
    let mut first = None;
    for ma in a.find_iter(text) {
        let wa = word_of(ma.start());
        if let Some((_, mb)) = bs.iter().find(|(wb, mb)| wa.abs_diff(*wb) <= within && mb.start() != ma.start()) {
            pairs += 1;
            if first.is_none() {
                let (x, y) =
                    if ma.start() <= mb.start() { (ma.as_str(), mb.as_str()) } else { (mb.as_str(), ma.as_str()) };
                first = Some(format!("{x} … {y}"));
            }
        }
    }
    first.filter(|_| pairs >= min_hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::parse_codebook;

    fn compile(rules_yaml: &str) -> CompiledCodebook {
        let text = format!("codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n{rules_yaml}");
        let (info, codes) = parse_codebook(std::path::Path::new("t.yaml"), "t.yaml", &text).unwrap();
        CompiledCodebook::compile(&Codebook::new(vec![info], codes), Diacritics::Ignore).unwrap()
    }

    fn matched(rules_yaml: &str, text: &str) -> Vec<String> {
        compile(rules_yaml).hits(text).into_iter().map(|h| h.matched).collect()
    }

    #[test]
    fn terms_give_the_first_match_as_evidence() {
        assert_eq!(matched("      - terms: [schot*, wal]\n", "Tussen wal en schip, door de schotten."), vec!["wal"]);
        assert!(matched("      - terms: [schot*]\n", "geen schutting").is_empty());
    }

    #[test]
    fn near_counts_words_between() {
        let rule = "      - near: [niemand, verantwoordelijk*]\n        within: 3\n";
        // niemand(0) voelt(1) zich(2) verantwoordelijk(3): 3 words apart.
        assert_eq!(matched(rule, "Niemand voelt zich verantwoordelijk."), vec!["Niemand … verantwoordelijk"]);
        // niemand(0) voelt(1) zich(2) echt(3) verantwoordelijk(4): 4 apart.
        assert!(matched(rule, "Niemand voelt zich echt verantwoordelijk.").is_empty());
        // order does not matter
        assert_eq!(matched(rule, "verantwoordelijk? Nee, niemand."), vec!["verantwoordelijk … niemand"]);
    }

    #[test]
    fn all_exclude_and_min_hits() {
        let all = "      - all: [ggz, vg]\n";
        assert_eq!(matched(all, "De VG en de GGZ."), vec!["GGZ … VG"]);
        assert!(matched(all, "Alleen de GGZ.").is_empty());
        let excl = "      - terms: [regie]\n        exclude: [regiegemeente]\n";
        assert!(matched(excl, "de regie van de regiegemeente").is_empty());
        assert_eq!(matched(excl, "de regie"), vec!["regie"]);
        let min = "      - terms: [samen*]\n        min_hits: 2\n";
        assert!(matched(min, "samen").is_empty());
        assert_eq!(matched(min, "samen, samenwerking"), vec!["samen"]);
    }

    #[test]
    fn words_broken_over_a_line_are_joined() {
        let rule = "      - terms: [samenwerking]\n";
        assert_eq!(matched(rule, "een goede samen-\nwerking"), vec!["samenwerking"]);
        assert_eq!(matched(rule, "een goede samenwerking"), vec!["samenwerking"]);
        // A hyphen before a space stays: "zorg- en" is not a broken word.
        assert!(matched("      - terms: [zorgen]\n", "Zorg-\nEn welzijn").is_empty());
    }

    #[test]
    fn diacritics_are_ignored_in_compiled_rules() {
        assert_eq!(matched("      - terms: [cliënt*]\n", "de client en de cliënten"), vec!["client"]);
    }

    #[test]
    fn regex_rules_are_case_insensitive() {
        assert_eq!(matched("      - regex: '\\bwlz\\b'\n", "de WLZ betaalt"), vec!["WLZ"]);
    }
}
