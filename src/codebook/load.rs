//! Reading codebook YAML files and checking them.
//!
//! Errors name the file, the line and the code: an unknown parent, a duplicate id (also across
//! two codebooks of one project), a rule that cannot compile, an empty term.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::rules::{term_to_regex, RuleKind, RuleSpec};
use super::{Code, Codebook, CodebookError, CodebookInfo};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    codebook: RawInfo,
    /// Named term lists, used in rules as `@name`.
    #[serde(default)]
    lists: BTreeMap<String, Spanned<Vec<String>>>,
    codes: Vec<RawCode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInfo {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCode {
    id: Spanned<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default, alias = "color")]
    colour: Option<String>,
    #[serde(default)]
    definition: Option<String>,
    #[serde(default)]
    include: Option<String>,
    #[serde(default)]
    exclude: Option<String>,
    #[serde(default)]
    example: Option<String>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default)]
    terms: Option<Vec<String>>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default)]
    all: Option<Vec<String>>,
    #[serde(default)]
    near: Option<Vec<String>>,
    #[serde(default)]
    stem: Option<Vec<String>>,
    #[serde(default)]
    similar: Option<Vec<String>>,
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default)]
    per: Option<String>,
    #[serde(default)]
    stop_words: Option<Vec<String>>,
    #[serde(default)]
    own_examples_only: Option<bool>,
    #[serde(default)]
    min_shared: Option<usize>,
    #[serde(default)]
    within: Option<RawWithin>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    min_hits: Option<usize>,
}

/// `within:` of a `near` rule: a number of words, or `sentence`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawWithin {
    Words(usize),
    Named(String),
}

/// Reads every codebook file and checks them together (ids unique over all files).
pub fn load_codebooks(paths: &[(std::path::PathBuf, String)]) -> Result<Codebook, CodebookError> {
    load_codebooks_with(paths, &|path: &Path| std::fs::read(path))
}

/// [`load_codebooks`] with the file bytes supplied by `read` (a run parses the bytes it hashed).
pub fn load_codebooks_with(
    paths: &[(std::path::PathBuf, String)],
    read: &dyn Fn(&Path) -> std::io::Result<Vec<u8>>,
) -> Result<Codebook, CodebookError> {
    let mut books = Vec::new();
    let mut codes: Vec<Code> = Vec::new();
    let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
    let mut file_of: Vec<usize> = Vec::new();
    for (path, shown) in paths {
        let text = read(path).map_err(|source| CodebookError::Read { path: path.clone(), source })?;
        let text = String::from_utf8(text).map_err(|e| CodebookError::Syntax {
            path: path.clone(),
            line: e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1,
            message: "not valid UTF-8; save the codebook as UTF-8".into(),
        })?;
        let (info, book_codes) = parse_codebook(path, shown, &text)?;
        for code in &book_codes {
            if let Some((other_file, other_line)) = seen.get(&code.id) {
                return Err(CodebookError::Invalid {
                    path: path.clone(),
                    line: code.line,
                    code: code.id.clone(),
                    message: format!("the id is already used at {other_file}:{other_line}; code ids must be unique over all codebooks"),
                });
            }
            seen.insert(code.id.clone(), (shown.clone(), code.line));
        }
        file_of.extend(std::iter::repeat_n(books.len(), book_codes.len()));
        books.push(info);
        codes.extend(book_codes);
    }
    check_parents(&codes, &|i| paths[file_of[i]].0.clone(), true)?;
    Ok(Codebook::new(books, codes))
}

/// Parses and checks one codebook file's text. `path` and `shown` are used in messages.
/// YAML reads an unquoted value that starts with `*` (a wildcard term such as `*casus`) as an
/// alias; its own message ("alias references unknown anchor") does not say what to do.
fn with_alias_hint(message: String) -> String {
    let lower = message.to_lowercase();
    if lower.contains("alias") || lower.contains("anchor") {
        format!(
            "{message}; a term that starts with `*` (a wildcard such as *casus) must be in quotes in YAML: \"*casus\""
        )
    } else {
        message
    }
}

pub fn parse_codebook(path: &Path, shown: &str, text: &str) -> Result<(CodebookInfo, Vec<Code>), CodebookError> {
    if text.trim().is_empty() {
        return Err(CodebookError::Syntax {
            path: path.to_path_buf(),
            line: 1,
            message: "the file is empty; a codebook needs `codebook:` and `codes:`".into(),
        });
    }
    let raw: RawFile = serde_saphyr::from_str(text).map_err(|e| CodebookError::Syntax {
        path: path.to_path_buf(),
        line: e.location().map(|l| l.line() as usize).unwrap_or(1),
        message: with_alias_hint(yaml_problem(&e.to_string())),
    })?;
    let info = CodebookInfo {
        label: raw.codebook.label.clone().unwrap_or_else(|| raw.codebook.id.clone()),
        id: raw.codebook.id,
        language: raw.codebook.language.unwrap_or_else(|| "nl".into()),
        description: raw.codebook.description.unwrap_or_default(),
        source: shown.to_string(),
        path: path.to_path_buf(),
    };
    let lists = check_lists(path, &raw.lists)?;
    let mut codes = Vec::with_capacity(raw.codes.len());
    for raw_code in raw.codes {
        let line = raw_code.id.referenced.line() as usize;
        let id = raw_code.id.value.trim().to_string();
        let invalid = |line: usize, message: String| CodebookError::Invalid {
            path: path.to_path_buf(),
            line,
            code: id.clone(),
            message,
        };
        if !is_slug(&id) {
            return Err(invalid(
                line,
                "an id may hold only lower-case letters, digits and '-' (e.g. `gedeelde-verantwoordelijkheid`)".into(),
            ));
        }
        if let Some(colour) = &raw_code.colour {
            if !is_hex_colour(colour) {
                return Err(invalid(line, format!("colour '{colour}' is not a hex colour such as \"#0072B2\"")));
            }
        }
        let mut rules = Vec::with_capacity(raw_code.rules.len());
        for (n, raw_rule) in raw_code.rules.into_iter().enumerate() {
            let rule_line = raw_rule.referenced.line() as usize;
            let rule = check_rule(raw_rule.value, rule_line, &lists)
                .map_err(|m| invalid(rule_line, format!("rule {}: {m}", n + 1)))?;
            // A `similar:` rule compares with the code's example: without one and without extra
            // examples it has nothing to compare with.
            if let RuleKind::Similar { examples, .. } = &rule.kind {
                if examples.is_empty() && raw_code.example.as_deref().unwrap_or("").trim().is_empty() {
                    return Err(invalid(
                        rule_line,
                        format!(
                            "rule {}: a `similar` rule needs the code's `example` or example texts of its own",
                            n + 1
                        ),
                    ));
                }
            }
            rules.push(rule);
        }
        codes.push(Code {
            label: raw_code.label.unwrap_or_else(|| id.clone()),
            id,
            parent: raw_code.parent.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            colour: raw_code.colour,
            definition: raw_code.definition.unwrap_or_default(),
            include: raw_code.include.unwrap_or_default(),
            exclude: raw_code.exclude.unwrap_or_default(),
            example: raw_code.example.unwrap_or_default(),
            rules,
            codebook: info.id.clone(),
            line,
        });
    }
    check_tree(path, &codes)?;
    Ok((info, codes))
}

/// Duplicate ids within one file; parents and cycles are checked over all the project's
/// codebooks ([`check_parents`]), since a code may sit under a code of another codebook (an
/// imported code tree under the project's own concepts).
fn check_tree(path: &Path, codes: &[Code]) -> Result<(), CodebookError> {
    let mut lines: BTreeMap<&str, usize> = BTreeMap::new();
    for code in codes {
        if let Some(first) = lines.insert(&code.id, code.line) {
            return Err(CodebookError::Invalid {
                path: path.to_path_buf(),
                line: code.line,
                code: code.id.clone(),
                message: format!("duplicate id; it is already defined at line {first}"),
            });
        }
    }
    check_parents(codes, &|_| path.to_path_buf(), false)
}

/// Unknown parents (when `all` holds every code of the project) and cycles, over `codes`;
/// `path_of` names the file of a code for the message.
fn check_parents(codes: &[Code], path_of: &dyn Fn(usize) -> PathBuf, all: bool) -> Result<(), CodebookError> {
    let index: HashMap<&str, usize> = codes.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let invalid = |i: usize, message: String| CodebookError::Invalid {
        path: path_of(i),
        line: codes[i].line,
        code: codes[i].id.clone(),
        message,
    };
    for (i, code) in codes.iter().enumerate() {
        if let Some(parent) = &code.parent {
            if all && !index.contains_key(parent.as_str()) {
                return Err(invalid(i, format!(
                    "unknown parent '{parent}'; define a code with that id in this or another codebook of the project, or fix the name"
                )));
            }
        }
    }
    // Each code is walked up once in all: a walk stops at a code already known to reach the
    // top, so the check takes time linear in the number of codes, however deep the tree.
    let parent_of = |i: usize| codes[i].parent.as_deref().and_then(|p| index.get(p).copied());
    let mut state = vec![Walk::Unseen; codes.len()];
    for start in 0..codes.len() {
        let mut path = Vec::new();
        let mut current = Some(start);
        while let Some(c) = current {
            match state[c] {
                Walk::Rooted => break,
                Walk::OnPath(walk) if walk == start => {
                    return Err(invalid(
                        c,
                        "the parent chain loops back to this code; a codebook must be a tree".into(),
                    ))
                }
                _ => {}
            }
            state[c] = Walk::OnPath(start);
            path.push(c);
            current = parent_of(c);
        }
        path.into_iter().for_each(|c| state[c] = Walk::Rooted);
    }
    Ok(())
}

/// Where the cycle check has been: not yet, on the walk from a given code, or known to lead to
/// a top-level code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    Unseen,
    OnPath(usize),
    Rooted,
}

/// Named term lists: each name a slug, each list non-empty, each entry a valid plain term.
/// A list cannot name another list, so that a rule's meaning is visible in two places at most.
fn check_lists(
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
fn check_rule(raw: RawRule, line: usize, lists: &BTreeMap<String, Vec<String>>) -> Result<RuleSpec, String> {
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
        regex_syntax::Parser::new()
            .parse(&pattern)
            .map_err(|e| format!("invalid regex '{pattern}': {}", regex_problem(&e.to_string())))?;
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
    use super::similar::Per;
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
    let threshold = super::rules::Threshold(threshold);
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

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with('-')
}

fn is_hex_colour(s: &str) -> bool {
    let hex = s.strip_prefix('#').unwrap_or("");
    (hex.len() == 6 || hex.len() == 3) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// The line of a regex syntax error that says what is wrong (`error: unclosed group`), not
/// its heading (`regex parse error:`).
fn regex_problem(s: &str) -> String {
    s.lines().find_map(|l| l.trim().strip_prefix("error: ")).map_or_else(|| first_line(s), str::to_string)
}

/// What the YAML parser says is wrong, without the `error: line N column M:` it puts in front
/// (the message already starts with the file and line, and says `error:` once): the column
/// stays, as `column M: …`, because it points at the character to fix.
fn yaml_problem(s: &str) -> String {
    let line = first_line(s);
    let rest = line.strip_prefix("error: ").unwrap_or(&line);
    let Some(after_line) = rest.strip_prefix("line ") else { return rest.to_string() };
    let digits = after_line.find(|c: char| !c.is_ascii_digit()).unwrap_or(after_line.len());
    let after_number = &after_line[digits..];
    match after_number.strip_prefix(' ').filter(|r| digits > 0 && r.starts_with("column ")) {
        Some(column) => column.to_string(),
        None => rest.to_string(),
    }
}

fn first_line(s: &str) -> String {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_error_says_error_once_and_keeps_the_column() {
        let err = parse("codes: [\n  - id: x\n").unwrap_err();
        assert_eq!(err.matches("error").count(), 0, "{err}");
        assert!(err.starts_with("cb.yaml: line 2: column 3: "), "{err}");
        assert_eq!(yaml_problem("error: line 2 column 3: bad"), "column 3: bad");
        assert_eq!(yaml_problem("error: unexpected end"), "unexpected end");
        assert_eq!(yaml_problem("line of text"), "line of text");
    }

    fn parse(text: &str) -> Result<Vec<Code>, String> {
        load_files(&[("cb.yaml", text)]).map(|book| book.codes)
    }

    /// Loads codebooks from (name, text) pairs as a project's `[coding] codebooks`.
    fn load_files(files: &[(&str, &str)]) -> Result<Codebook, String> {
        let paths: Vec<(PathBuf, String)> = files.iter().map(|(n, _)| (PathBuf::from(n), n.to_string())).collect();
        let read = |path: &Path| -> std::io::Result<Vec<u8>> {
            let name = path.to_string_lossy();
            Ok(files.iter().find(|(n, _)| *n == name).map(|(_, t)| t.as_bytes().to_vec()).unwrap_or_default())
        };
        load_codebooks_with(&paths, &read).map_err(|e| e.to_string())
    }

    #[test]
    fn a_parent_in_another_codebook() {
        let concepts = "codebook:\n  id: concepts\ncodes:\n  - id: verantwoordelijkheid\n    label: V\n";
        let imported =
            "codebook:\n  id: imported\ncodes:\n  - id: schuld\n    label: Schuld\n    parent: verantwoordelijkheid\n";
        let book = load_files(&[("concepts.yaml", concepts), ("imported.yaml", imported)]).unwrap();
        assert_eq!(book.codes[1].parent.as_deref(), Some("verantwoordelijkheid"));
        // Without the other codebook the parent is unknown, named in the child's file.
        let err = load_files(&[("imported.yaml", imported)]).unwrap_err();
        assert!(err.contains("imported.yaml: line 4: code 'schuld': unknown parent 'verantwoordelijkheid'"), "{err}");
        // A loop through two codebooks is found too.
        let looped = concepts.replace("label: V", "label: V\n    parent: schuld");
        let err = load_files(&[("concepts.yaml", &looped), ("imported.yaml", imported)]).unwrap_err();
        assert!(err.contains("loops back"), "{err}");
    }

    const GOOD: &str = "codebook:\n  id: test\ncodes:\n  - id: a\n    label: A\n    rules:\n      - terms: [regie]\n  - id: b\n    parent: a\n    rules:\n      - near: [niemand, verantwoordelijk*]\n        within: 4\n";

    #[test]
    fn a_small_codebook() {
        let codes = parse(GOOD).unwrap();
        assert_eq!(codes.len(), 2);
        assert_eq!(codes[1].parent.as_deref(), Some("a"));
        assert_eq!(codes[1].line, 8);
        assert_eq!(
            codes[1].rules[0].kind,
            RuleKind::Near { terms: [vec!["niemand".into()], vec!["verantwoordelijk*".into()]], within: 4 }
        );
    }

    #[test]
    fn unknown_parent_names_line_and_code() {
        let err = parse(&GOOD.replace("parent: a", "parent: x")).unwrap_err();
        assert!(err.contains("cb.yaml: line 8: code 'b': unknown parent 'x'"), "{err}");
    }

    #[test]
    fn duplicate_id() {
        let err = parse(&GOOD.replace("id: b", "id: a")).unwrap_err();
        assert!(err.contains("line 8") && err.contains("duplicate id") && err.contains("line 4"), "{err}");
    }

    #[test]
    fn invalid_regex_names_the_rule_line() {
        let text =
            "codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n      - terms: [x]\n      - regex: '(unclosed'\n";
        let err = parse(text).unwrap_err();
        assert!(err.contains("line 7") && err.contains("code 'a'") && err.contains("rule 2: invalid regex"), "{err}");
        assert!(err.ends_with("unclosed group"), "says what is wrong: {err}");
    }

    #[test]
    fn empty_term_and_bad_rule_shapes() {
        let base = "codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n      - ";
        assert!(parse(&format!("{base}terms: ['']\n")).unwrap_err().contains("empty term"));
        assert!(parse(&format!("{base}near: [a]\n")).unwrap_err().contains("exactly two terms"));
        assert!(parse(&format!("{base}terms: [a]\n        regex: b\n")).unwrap_err().contains("exactly one"));
        assert!(parse(&format!("{base}min_hits: 2\n")).unwrap_err().contains("needs one of"));
    }

    const LISTS: &str = "codebook:\n  id: t\nlists:\n  regels: [regels, protocol*]\n  oprekken: [oprekken, omzeil*]\ncodes:\n  - id: a\n    rules:\n";

    #[test]
    fn named_lists_expand_in_every_rule_form() {
        let text = format!(
            "{LISTS}      - near: ['@regels', '@oprekken']\n      - all: [ggz, '@regels']\n      - terms: ['@oprekken', rekken]\n        exclude: ['@regels']\n"
        );
        let codes = parse(&text).unwrap();
        let rules = &codes[0].rules;
        let regels = vec!["regels".to_string(), "protocol*".to_string()];
        let oprekken = vec!["oprekken".to_string(), "omzeil*".to_string()];
        assert_eq!(rules[0].kind, RuleKind::Near { terms: [regels.clone(), oprekken.clone()], within: 5 });
        assert_eq!(rules[1].kind, RuleKind::All(vec![vec!["ggz".into()], regels.clone()]));
        assert_eq!(rules[2].kind, RuleKind::Terms(vec!["oprekken".into(), "omzeil*".into(), "rekken".into()]));
        assert_eq!(rules[2].exclude, regels);
    }

    #[test]
    fn a_proximity_rule_naming_an_unknown_list_names_file_line_and_code() {
        let err = parse(&format!("{LISTS}      - terms: [x]\n      - near: ['@regels', '@oprekking']\n")).unwrap_err();
        assert!(err.contains("cb.yaml: line 10: code 'a': rule 2: '@oprekking' names no list"), "{err}");
        assert!(err.contains("known lists: @oprekken, @regels"), "{err}");
    }

    #[test]
    fn bad_lists() {
        let codes = "codes:\n  - id: a\n";
        let err = parse(&format!("codebook:\n  id: t\nlists:\n  leeg: []\n{codes}")).unwrap_err();
        assert!(err.contains("line 4") && err.contains("list 'leeg': the list is empty"), "{err}");
        let err = parse(&format!("codebook:\n  id: t\nlists:\n  a: [x]\n  b: ['@a']\n{codes}")).unwrap_err();
        assert!(err.contains("list 'b'") && err.contains("names a list"), "{err}");
        let err = parse(&format!("codebook:\n  id: t\nlists:\n  Regels: [x]\n{codes}")).unwrap_err();
        assert!(err.contains("list 'Regels'"), "{err}");
        let err = parse(&format!("codebook:\n  id: t\nlists:\n  a: ['ver*antwoord']\n{codes}")).unwrap_err();
        assert!(err.contains("list 'a': term 'ver*antwoord'"), "{err}");
    }

    #[test]
    fn stem_sentence_and_similar_rules() {
        let text = format!(
            "{LISTS}      - stem: [samenwerking, gedeelde verantwoordelijkheid]\n      - near: ['@regels', oprekken]\n        within: sentence\n      - similar: [\"Wie houdt het overzicht?\"]\n        threshold: 0.3\n    example: \"Niemand pakt de regie.\"\n"
        );
        let codes = parse(&text).unwrap();
        let rules = &codes[0].rules;
        assert_eq!(rules[0].kind, RuleKind::Stem(vec!["samenwerking".into(), "gedeelde verantwoordelijkheid".into()]));
        assert_eq!(
            rules[1].kind,
            RuleKind::NearSentence { terms: [vec!["regels".into(), "protocol*".into()], vec!["oprekken".into()]] }
        );
        assert_eq!(
            rules[2].kind,
            RuleKind::Similar {
                examples: vec!["Wie houdt het overzicht?".into()],
                threshold: super::super::Threshold(0.3),
                per: super::super::similar::Per::Unit,
                stop_words: vec![],
                own_examples_only: false,
                min_shared: None,
            }
        );
    }

    #[test]
    fn a_similar_rule_per_sentence_with_its_own_stop_words() {
        let text = "codebook:\n  id: t\nlists:\n  vulling: [dingen, soort]\ncodes:\n  - id: a\n    rules:\n      - similar: [\"Wie houdt het overzicht?\"]\n        threshold: 0.3\n        per: sentence\n        stop_words: ['@vulling', zeg]\n";
        let codes = parse(text).unwrap();
        let RuleKind::Similar { per, stop_words, .. } = &codes[0].rules[0].kind else { panic!("not similar") };
        assert_eq!(*per, super::super::similar::Per::Sentence);
        assert_eq!(stop_words, &vec!["dingen".to_string(), "soort".into(), "zeg".into()]);
    }

    #[test]
    fn a_similar_rule_that_compares_with_its_own_examples_only() {
        let base = "codebook:\n  id: t\ncodes:\n  - id: a\n    example: Wie houdt het overzicht?\n    rules:\n      - ";
        let codes = parse(&format!(
            "{base}similar: [\"Het overleg over de regie\"]\n        threshold: 0.2\n        own_examples_only: true\n"
        ))
        .unwrap();
        let RuleKind::Similar { own_examples_only, .. } = &codes[0].rules[0].kind else { panic!("not similar") };
        assert!(*own_examples_only);
        assert_eq!(codes[0].rules[0].describe(), "similar: 1 examples of its own (threshold 0.2)");
        let err = parse(&format!("{base}similar: []\n        threshold: 0.2\n        own_examples_only: true\n"))
            .unwrap_err();
        assert!(err.contains("needs example texts of its own"), "{err}");
        let err = parse(&format!("{base}terms: [a]\n        own_examples_only: true\n")).unwrap_err();
        assert!(err.contains("`own_examples_only` belongs to a `similar`"), "{err}");
    }

    #[test]
    fn bad_stem_sentence_and_similar_rules() {
        let base = "codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n      - ";
        assert!(parse(&format!("{base}stem: [verantwoordelijk*]\n")).unwrap_err().contains("takes no `*`"));
        assert!(parse(&format!("{base}near: [a, b]\n        within: zin\n")).unwrap_err().contains("`sentence`"));
        assert!(parse(&format!("{base}similar: [a b c]\n")).unwrap_err().contains("needs a `threshold`"));
        let err = parse(&format!("{base}similar: [a b c]\n        threshold: 0.5\n        per: zin\n")).unwrap_err();
        assert!(err.contains("`per: zin`") && err.contains("`sentence`"), "{err}");
        let err = parse(&format!("{base}similar: [a b c]\n        threshold: 0.5\n        stop_words: ['zeg*']\n"))
            .unwrap_err();
        assert!(err.contains("stop word 'zeg*'"), "{err}");
        assert!(parse(&format!("{base}terms: [a]\n        per: sentence\n"))
            .unwrap_err()
            .contains("`per` belongs to a `similar`"));
        assert!(parse(&format!("{base}similar: [a b c]\n        threshold: 1.5\n")).unwrap_err().contains("between 0"));
        assert!(parse(&format!("{base}terms: [a]\n        threshold: 0.5\n"))
            .unwrap_err()
            .contains("belongs to a `similar`"));
        // no example of its own and none on the code
        let err = parse(&format!("{base}similar: []\n        threshold: 0.5\n")).unwrap_err();
        assert!(err.contains("line 6") && err.contains("needs the code's `example`"), "{err}");
    }

    #[test]
    fn cycle() {
        let text = "codebook:\n  id: t\ncodes:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n";
        assert!(parse(text).unwrap_err().contains("loops back"));
    }

    /// Regression (issue 14): a tree 10,000 levels deep took minutes (time grew faster than
    /// the depth); now each code is visited once. A cycle at the bottom is still found.
    #[test]
    fn a_very_deep_tree_is_checked_quickly_and_a_deep_cycle_is_found() {
        let depth = 10_000;
        let mut text = String::from("codebook:\n  id: t\ncodes:\n  - id: c0\n");
        for i in 1..depth {
            text.push_str(&format!("  - id: c{i}\n    parent: c{}\n", i - 1));
        }
        let started = std::time::Instant::now();
        assert!(parse(&text).is_ok());
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        let looped = text.replacen("  - id: c0\n", "  - id: c0\n    parent: c9999\n", 1);
        assert!(parse(&looped).unwrap_err().contains("loops back"));
    }

    #[test]
    fn broken_yaml_and_unknown_fields() {
        let err = parse("codebook:\n  id: t\ncodes:\n  - id: a\n    label: [unclosed\n").unwrap_err();
        assert!(err.starts_with("cb.yaml: line"), "{err}");
        let err = parse("codebook:\n  id: t\ncodes:\n  - id: a\n    lable: A\n").unwrap_err();
        assert!(err.contains("lable"), "{err}");
        assert!(parse("").unwrap_err().contains("empty"));
    }

    #[test]
    fn bad_id_and_colour() {
        assert!(parse("codebook:\n  id: t\ncodes:\n  - id: Regie Casus\n").unwrap_err().contains("lower-case"));
        assert!(parse("codebook:\n  id: t\ncodes:\n  - id: a\n    colour: red\n").unwrap_err().contains("hex colour"));
    }

    #[test]
    fn an_unquoted_wildcard_says_to_quote_it() {
        let err =
            parse("codebook:\n  id: c\ncodes:\n  - id: casus\n    rules:\n      - terms: [*casus]\n").unwrap_err();
        assert!(err.contains("must be in quotes in YAML: \"*casus\""), "{err}");
        let err = parse("codebook:\n  id: c\ncodes:\n  - id: [\n").unwrap_err();
        assert!(!err.contains("in quotes"), "{err}");
    }
}
