//! Reading codebook YAML files and checking them.
//!
//! Errors name the file, the line and the code: an unknown parent, a duplicate id (also across
//! two codebooks of one project), a rule that cannot compile, an empty term.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

mod rules;
mod tree;

use super::rules::RuleKind;
use super::{Code, Codebook, CodebookError, CodebookInfo};
use rules::{check_lists, check_rule};
use tree::{check_parents, check_tree};

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
    for (raw_code, checked_rules) in check_rules_in_parallel(raw.codes, &lists) {
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
        let mut rules = Vec::with_capacity(checked_rules.len());
        for (n, (rule_line, rule)) in checked_rules.into_iter().enumerate() {
            let rule = rule.and_then(|rule| something_to_compare_with(rule, raw_code.example.as_deref()));
            rules.push(rule.map_err(|m| invalid(rule_line, format!("rule {}: {m}", n + 1)))?);
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

/// A `similar:` rule compares with the code's example: without one and without extra
/// examples it has nothing to compare with.
fn something_to_compare_with(rule: super::RuleSpec, example: Option<&str>) -> Result<super::RuleSpec, String> {
    match &rule.kind {
        RuleKind::Similar { examples, .. } if examples.is_empty() && example.unwrap_or("").trim().is_empty() => {
            Err("a `similar` rule needs the code's `example` or example texts of its own".into())
        }
        _ => Ok(rule),
    }
}

/// A rule's line and what checking it gave.
type CheckedRule = (usize, Result<super::RuleSpec, String>);

/// Every rule of every code checked ([`check_rule`]), on all cores: checking parses each
/// regex, which was most of loading the shipped codebooks (issue 15). Each code comes back in
/// order with its rules taken out of it and checked, each with its line, so that the caller
/// reports the first problem in file order, as a rule-by-rule check would.
fn check_rules_in_parallel(
    codes: Vec<RawCode>,
    lists: &BTreeMap<String, Vec<String>>,
) -> Vec<(RawCode, Vec<CheckedRule>)> {
    use rayon::prelude::*;
    codes
        .into_par_iter()
        .map(|mut code| {
            let rules = std::mem::take(&mut code.rules)
                .into_par_iter()
                .map(|raw| {
                    let line = raw.referenced.line() as usize;
                    (line, check_rule(raw.value, line, lists))
                })
                .collect();
            (code, rules)
        })
        .collect()
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
mod tests;
