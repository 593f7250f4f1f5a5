//! A codebook's rules and named term lists as written, checked and turned into rule specs: one
//! kind per rule, terms that compile, lists that exist.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::{first_line, is_slug, RawRule, RawWithin};
use crate::codebook::rules::{term_to_regex, RuleKind, RuleSpec};
use crate::codebook::CodebookError;

/// Named term lists: each name a slug, each list non-empty, each entry a valid plain term.
/// A list cannot name another list, so that a rule's meaning is visible in two places at most.
pub(super) fn check_lists(
    path: &Path,
    raw: &BTreeMap<String, Spanned<Vec<String>>>,
) -> Result<BTreeMap<String, Vec<String>>, CodebookError> {
    let mut lists = BTreeMap::new();
    for (name, terms) in raw {
        let line = terms.referenced.line() as usize;
        let invalid = |message: String| CodebookError::Syntax {
            path: path.to_path_buf(),
            line,
            message: format!("list '{name}': {message}"),
        };
        if !is_slug(name) {
            return Err(invalid("a list name may hold only lower-case letters, digits and '-'".into()));
        }
        if terms.value.is_empty() {
            return Err(invalid("the list is empty; give it at least one term or remove it".into()));
        }
        for term in &terms.value {
            if term.trim_start().starts_with('@') {
                return Err(invalid(format!("'{term}' names a list; a list holds terms, not other lists")));
            }
            term_to_regex(term).map_err(|p| invalid(format!("term '{term}': {p}")))?;
        }
        lists.insert(name.clone(), terms.value.clone());
    }
    Ok(lists)
}

/// A term of a rule as alternatives: `@name` becomes the named list, anything else itself.
fn expand(term: &str, lists: &BTreeMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    match term.trim().strip_prefix('@') {
        None => Ok(vec![term.to_string()]),
        Some(name) => lists.get(name).cloned().ok_or_else(|| {
            let known = if lists.is_empty() {
                "this codebook defines no lists".to_string()
            } else {
                format!("known lists: {}", lists.keys().map(|k| format!("@{k}")).collect::<Vec<_>>().join(", "))
            };
            format!("'@{name}' names no list ({known}); define it under `lists:` at the top of the codebook")
        }),
    }
}

/// A rule with exactly one kind, valid terms and a regex that compiles; `@name` terms are
/// replaced by their lists.
pub(super) fn check_rule(raw: RawRule, line: usize, lists: &BTreeMap<String, Vec<String>>) -> Result<RuleSpec, String> {
    check_one_kind(&raw)?;
    let exclude: Vec<String> = raw.exclude.iter().map(|t| expand(t, lists)).collect::<Result<Vec<_>, _>>()?.concat();
    for term in &exclude {
        term_to_regex(term).map_err(|p| format!("exclude term '{term}': {p}"))?;
    }
    let min_hits = raw.min_hits.unwrap_or(1);
    if min_hits == 0 {
        return Err("`min_hits` must be at least 1".into());
    }
    let kind = rule_kind(raw, lists)?;
    Ok(RuleSpec { kind, exclude, min_hits, line })
}

/// Exactly one kind per rule, and the options that belong to a kind only with it.
fn check_one_kind(raw: &RawRule) -> Result<(), String> {
    let kinds = [
        raw.terms.is_some(),
        raw.regex.is_some(),
        raw.all.is_some(),
        raw.near.is_some(),
        raw.stem.is_some(),
        raw.similar.is_some(),
    ];
    match kinds.iter().filter(|&&k| k).count() {
        0 => return Err("a rule needs one of `terms`, `regex`, `all`, `near`, `stem` or `similar`".into()),
        1 => {}
        _ => {
            return Err(
                "a rule has exactly one of `terms`, `regex`, `all`, `near`, `stem` or `similar`; split it into several rules"
                    .into(),
            )
        }
    }
    if raw.within.is_some() && raw.near.is_none() {
        return Err("`within` belongs to a `near` rule".into());
    }
    if raw.similar.is_none() {
        for (set, key) in [
            (raw.threshold.is_some(), "threshold"),
            (raw.per.is_some(), "per"),
            (raw.stop_words.is_some(), "stop_words"),
            (raw.own_examples_only.is_some(), "own_examples_only"),
            (raw.min_shared.is_some(), "min_shared"),
        ] {
            if set {
                return Err(format!("`{key}` belongs to a `similar` rule"));
            }
        }
    }
    Ok(())
}

/// Every term compiles to a pattern; an empty list is an error.
fn check_terms(terms: &[String]) -> Result<(), String> {
    if terms.is_empty() {
        return Err("the list of terms is empty".into());
    }
    for term in terms {
        term_to_regex(term).map_err(|p| format!("term '{term}': {p}"))?;
    }
    Ok(())
}

/// Each written term becomes a slot of alternatives (one, unless it names a list).
fn slots(terms: &[String], lists: &BTreeMap<String, Vec<String>>) -> Result<Vec<Vec<String>>, String> {
    check_terms_written(terms)?;
    terms.iter().map(|t| expand(t, lists)).collect()
}

/// The rule's one kind, checked (see [`check_one_kind`]).
fn rule_kind(raw: RawRule, lists: &BTreeMap<String, Vec<String>>) -> Result<RuleKind, String> {
    let flat = |terms: &[String]| -> Result<Vec<String>, String> { Ok(slots(terms, lists)?.concat()) };
    if let Some(terms) = raw.stem {
        let terms = flat(&terms)?;
        check_terms(&terms)?;
        if let Some(t) = terms.iter().find(|t| t.contains('*')) {
            return Err(format!(
                "stem term '{t}': a `stem` term takes no `*`; the stemmer finds the inflections and compound heads"
            ));
        }
        Ok(RuleKind::Stem(terms))
    } else if let Some(examples) = raw.similar {
        let stop_words = match raw.stop_words {
            Some(words) => flat(&words)?,
            None => Vec::new(),
        };
        let own = (raw.own_examples_only.unwrap_or(false), raw.min_shared);
        similar_kind(examples, raw.threshold, raw.per.as_deref(), stop_words, own)
    } else if let Some(terms) = raw.terms {
        let terms = flat(&terms)?;
        check_terms(&terms)?;
        Ok(RuleKind::Terms(terms))
    } else if let Some(pattern) = raw.regex {
        if pattern.trim().is_empty() {
            return Err("the regex is empty and would match everything".into());
        }
        // Parsed, not compiled: regex reports the same syntax errors from the same parser, and
        // compiling 500 case-insensitive Unicode regexes only to throw them away took a second
        // (issue 15). Parsed without `(?i)`: case folding every Unicode class (`\w`) was a
        // tenth of compiling the shipped codebooks, and it cannot make a pattern invalid. The
        // matcher compiles each rule once, and names the code if that fails.
        check_regex_syntax(&pattern).map_err(|e| format!("invalid regex '{pattern}': {}", regex_problem(&e)))?;
        Ok(RuleKind::Regex(pattern))
    } else if let Some(terms) = raw.all {
        let slots = slots(&terms, lists)?;
        check_terms(&slots.concat())?;
        Ok(RuleKind::All(slots))
    } else {
        near_kind(raw.near.unwrap_or_default(), raw.within, lists)
    }
}

/// A `similar` rule: example texts, a threshold in (0, 1], `per: unit | sentence`, stop
/// words (plain words, or named lists of them), and in `options` whether it compares with its
/// own examples only (then it needs some) and the stems a text must share with an example
/// (at least 1).
fn similar_kind(
    examples: Vec<String>,
    threshold: Option<f64>,
    per: Option<&str>,
    stop_words: Vec<String>,
    options: (bool, Option<usize>),
) -> Result<RuleKind, String> {
    let (own_examples_only, min_shared) = options;
    if min_shared == Some(0) {
        return Err("`min_shared` must be at least 1".into());
    }
    use crate::codebook::similar::Per;
    let per = match per {
        None | Some("unit") => Per::Unit,
        Some("sentence") => Per::Sentence,
        Some(other) => return Err(format!("`per: {other}`: a `similar` rule is scored per `unit` or per `sentence`")),
    };
    if let Some(w) = stop_words.iter().find(|w| w.trim().is_empty() || w.contains(['*', ' '])) {
        return Err(format!("stop word '{w}': a stop word is one plain word, without `*` or spaces"));
    }
    let threshold = threshold.ok_or("a `similar` rule needs a `threshold` between 0 and 1")?;
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(format!("`threshold` {threshold} is not between 0 (exclusive) and 1"));
    }
    if examples.iter().any(|e| e.trim().is_empty()) {
        return Err("an example text of a `similar` rule is empty".into());
    }
    if own_examples_only && examples.is_empty() {
        return Err("a `similar` rule with `own_examples_only` needs example texts of its own".into());
    }
    let threshold = crate::codebook::rules::Threshold(threshold);
    Ok(RuleKind::Similar { examples, threshold, per, stop_words, own_examples_only, min_shared })
}

/// A `near` rule: two terms within a number of words (5 by default) or the same sentence.
fn near_kind(
    terms: Vec<String>,
    within: Option<RawWithin>,
    lists: &BTreeMap<String, Vec<String>>,
) -> Result<RuleKind, String> {
    if terms.len() != 2 {
        return Err(format!("`near` takes exactly two terms, found {}", terms.len()));
    }
    let mut slots = slots(&terms, lists)?;
    check_terms(&slots.concat())?;
    let (Some(second), Some(first)) = (slots.pop(), slots.pop()) else {
        return Err("`near` takes exactly two terms".into());
    };
    match within {
        Some(RawWithin::Named(name)) if name.trim() == "sentence" => {
            Ok(RuleKind::NearSentence { terms: [first, second] })
        }
        Some(RawWithin::Named(name)) => Err(format!("`within: {name}`: write a number of words or `sentence`")),
        Some(RawWithin::Words(0)) => Err("`within` must be at least 1 word".into()),
        Some(RawWithin::Words(within)) => Ok(RuleKind::Near { terms: [first, second], within }),
        None => Ok(RuleKind::Near { terms: [first, second], within: 5 }),
    }
}

/// An empty list of terms is an error even before lists are expanded.
fn check_terms_written(terms: &[String]) -> Result<(), String> {
    if terms.is_empty() {
        return Err("the list of terms is empty".into());
    }
    Ok(())
}

/// The error `regex_syntax::Parser::new().parse(pattern)` gives, if any, without building the
/// pattern's Unicode classes where they cannot fail: translating the syntax tree into classes
/// (`\w` is some 770 ranges) was a sixth of compiling the shipped codebooks (issue 15). With
/// regex-syntax's default features and configuration, which `Parser::new()` uses, translating
/// fails only for a Unicode property that does not exist (`\p{…}`, `\P{…}`) or where Unicode
/// mode is switched off (`(?-u)`, which allows bytes that are not UTF-8). A pattern with
/// neither is translated only when the matcher compiles it.
///
/// The error is the parser's message, as it displays it.
pub(super) fn check_regex_syntax(pattern: &str) -> Result<(), String> {
    let ast =
        regex_syntax::ast::parse::Parser::new().parse(pattern).map_err(|e| regex_syntax::Error::from(e).to_string())?;
    if translating_may_fail(pattern) {
        regex_syntax::hir::translate::Translator::new().translate(pattern, &ast).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Whether `pattern` has a Unicode property escape or a flag group naming `u`; read on the
/// text, so an escaped backslash before `p` or a `u` in a group's name also count (and then
/// the pattern is only translated when it did not need to be).
fn translating_may_fail(pattern: &str) -> bool {
    let property = pattern.contains(r"\p") || pattern.contains(r"\P");
    let unicode_flag = pattern
        .match_indices("(?")
        .any(|(at, _)| pattern[at + 2..].chars().take_while(|&c| c != ':' && c != ')').any(|c| c == 'u'));
    property || unicode_flag
}

/// The line of a regex syntax error that says what is wrong (`error: unclosed group`), not
/// its heading (`regex parse error:`).
fn regex_problem(s: &str) -> String {
    s.lines().find_map(|l| l.trim().strip_prefix("error: ")).map_or_else(|| first_line(s), str::to_string)
}
