//! `analyse diff OLD NEW --project DIR`: what a codebook edit changes, for a supervisor.
//!
//! OLD and NEW are codebook files, or `REV:path` — a codebook as committed at a git revision,
//! read with `git show REV:path` run in the project folder (git's own rules: `path` is relative
//! to the repository root, `REV:./path` to the project folder). git is a local program; nothing
//! goes over the network. A plain file that exists wins over the `REV:path` reading.
//!
//! Codes are matched by id. A code only in OLD and one only in NEW with the same label or the
//! same (non-empty) definition count as one code under a new id: *renamed*; so is a code that
//! kept its id and got a new label. Otherwise codes are *added*, *removed*, *changed* (label,
//! definition, criteria, parent or rules; rule line numbers do not count) or *unchanged*. The
//! project is coded once with OLD and once with NEW (the other codebooks of the project as
//! they are), and each code's segments and respondents — counted as in `code_frequencies`, a
//! parent including its sub-codes — are compared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::analysis::{frequencies, Study};
use crate::codebook::{load_codebooks_with, parse_codebook, Code, Codebook, CompiledCodebook, RuleSpec};
use crate::coding::code_corpus;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::project::Plan;
use crate::render::Language;
use crate::run::inputs::{InputRole, Inputs};
use crate::run::timings::Timings;
use crate::table::{Cell, Table};

/// `analyse diff OLD NEW`: the comparison as a Markdown table and a summary on standard
/// output, and every code as CSV in `output` when given.
///
/// The CSV never replaces a file the project reads or one of the two codebooks, and replaces
/// an existing file only with `force` ([`crate::run::guard`]).
pub fn run(old: &str, new: &str, project: &Path, output: Option<&Path>, all: bool, force: bool) -> Result<()> {
    let plan = Plan::load(project, None)?;
    if let Some(path) = output {
        let mut inputs = crate::run::guard::project_inputs(&plan);
        inputs.extend([old, new].iter().map(PathBuf::from).filter(|p| p.is_file()));
        crate::run::guard::check_single_target(path, &inputs, force)?;
    }
    let old = read_version(old, project)?;
    let new = read_version(new, project)?;
    let diff = diff(&plan, &old, &new)?;
    let language = plan.settings.rendering.language;
    super::print(format!("{}\n{}\n", crate::render::to_markdown(&diff.table(all, language)), diff.summary(language)))?;
    if let Some(path) = output {
        crate::run::output::write_atomically(path, &crate::render::to_csv(&diff.table(true, language))?)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// A codebook version: where it came from and its text.
#[derive(Debug, Clone)]
pub struct CodebookVersion {
    /// As the user named it (`codebooks/x.yaml`, `HEAD~1:codebooks/x.yaml`).
    pub name: String,
    pub text: String,
}

/// Reads a codebook version: a file, or `REV:path` from git in `project`.
pub fn read_version(argument: &str, project: &Path) -> Result<CodebookVersion> {
    let as_file = Path::new(argument);
    let bytes = if as_file.is_file() {
        std::fs::read(as_file).map_err(|e| Error::Usage(format!("cannot read {argument}: {e}")))?
    } else if let Some((rev, path)) = argument.split_once(':').filter(|(rev, path)| !rev.is_empty() && !path.is_empty())
    {
        git_show(project, rev, path, argument)?
    } else {
        return Err(Error::Usage(format!(
            "{argument} is not a file; name a codebook file, or a git revision as REV:path (e.g. HEAD~1:codebooks/x.yaml)"
        )));
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Usage(format!("{argument} is not valid UTF-8; save the codebook as UTF-8")))?;
    Ok(CodebookVersion { name: argument.to_string(), text })
}

/// `git show REV:path`. A revision that starts with `-` would be read by git as an option
/// (`--output=FILE` writes a file), so it is refused, and `--end-of-options` tells git that
/// what follows is a revision whatever it looks like.
fn git_show(project: &Path, rev: &str, path: &str, argument: &str) -> Result<Vec<u8>> {
    if rev.starts_with('-') {
        return Err(Error::Usage(format!(
            "{argument}: a revision cannot start with '-'; name a commit, branch or tag (e.g. HEAD~1:codebooks/x.yaml)"
        )));
    }
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(project)
        .args(["show", "--no-textconv", "--end-of-options"])
        .arg(format!("{rev}:{path}"))
        .output()
        .map_err(|e| Error::Usage(format!("{argument}: git could not be started ({e}); install git or name a file")))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(Error::Usage(format!(
            "{argument}: git show failed in {}: {message}; check the revision and that the path is relative to the repository root (or starts with ./)",
            project.display()
        )));
    }
    Ok(output.stdout)
}

/// How a code differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Added,
    Removed,
    Renamed,
    Changed,
    Unchanged,
}

impl Status {
    /// The status in the project language (`[project] language`).
    fn word(self, language: Language) -> &'static str {
        match (self, language) {
            (Status::Added, Language::En) => "added",
            (Status::Removed, Language::En) => "removed",
            (Status::Renamed, Language::En) => "renamed",
            (Status::Changed, Language::En) => "changed",
            (Status::Unchanged, Language::En) => "unchanged",
            (Status::Added, Language::Nl) => "toegevoegd",
            (Status::Removed, Language::Nl) => "verwijderd",
            (Status::Renamed, Language::Nl) => "hernoemd",
            (Status::Changed, Language::Nl) => "gewijzigd",
            (Status::Unchanged, Language::Nl) => "ongewijzigd",
        }
    }
}

/// One code in the comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeChange {
    pub status: Status,
    pub old_id: Option<String>,
    pub new_id: Option<String>,
    pub label: String,
    /// What changed besides the id: `label`, `definition`, `criteria`, `parent`, `rules`.
    pub fields: Vec<&'static str>,
    /// (segments, respondents) with the old and the new codebook.
    pub old_counts: Option<(usize, usize)>,
    pub new_counts: Option<(usize, usize)>,
}

/// Pairs the codes of two versions and says what changed (counts not filled in).
pub fn compare_codes(old: &[Code], new: &[Code]) -> Vec<CodeChange> {
    let old_by_id: BTreeMap<&str, &Code> = old.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_by_id: BTreeMap<&str, &Code> = new.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut only_old: Vec<&Code> = old.iter().filter(|c| !new_by_id.contains_key(c.id.as_str())).collect();
    // First pair every new code with its old version, if any.
    let mut pairs: Vec<(Option<&Code>, &Code)> = Vec::new();
    for n in new {
        let old_code = match old_by_id.get(n.id.as_str()) {
            Some(o) => Some(*o),
            None => {
                let same =
                    |o: &&Code| o.label == n.label || (!n.definition.trim().is_empty() && o.definition == n.definition);
                only_old.iter().position(same).map(|i| only_old.remove(i))
            }
        };
        pairs.push((old_code, n));
    }
    // A parent that was renamed is still the same parent.
    let new_id_of: BTreeMap<&str, &str> =
        pairs.iter().filter_map(|(o, n)| o.map(|o| (o.id.as_str(), n.id.as_str()))).collect();
    let mut changes = Vec::new();
    for (old_code, n) in pairs {
        let fields = old_code.map(|o| changed_fields(o, n, &new_id_of)).unwrap_or_default();
        let status = match old_code {
            None => Status::Added,
            Some(o) if o.id != n.id || fields.contains(&"label") => Status::Renamed,
            Some(_) if fields.is_empty() => Status::Unchanged,
            Some(_) => Status::Changed,
        };
        changes.push(CodeChange {
            status,
            old_id: old_code.map(|o| o.id.clone()),
            new_id: Some(n.id.clone()),
            label: n.label.clone(),
            fields,
            old_counts: None,
            new_counts: None,
        });
    }
    for o in only_old {
        changes.push(CodeChange {
            status: Status::Removed,
            old_id: Some(o.id.clone()),
            new_id: None,
            label: o.label.clone(),
            fields: Vec::new(),
            old_counts: None,
            new_counts: None,
        });
    }
    changes
}

/// Fields that differ between two versions of a code; the id and line numbers do not count,
/// and the old parent is compared under its new id (`new_id_of`).
fn changed_fields(old: &Code, new: &Code, new_id_of: &BTreeMap<&str, &str>) -> Vec<&'static str> {
    let rules = |c: &Code| -> Vec<RuleSpec> { c.rules.iter().map(|r| RuleSpec { line: 0, ..r.clone() }).collect() };
    let old_parent = old.parent.as_deref().map(|p| new_id_of.get(p).copied().unwrap_or(p));
    let mut fields = Vec::new();
    if old.label != new.label {
        fields.push("label");
    }
    if old.definition != new.definition {
        fields.push("definition");
    }
    if (&old.include, &old.exclude, &old.example) != (&new.include, &new.exclude, &new.example) {
        fields.push("criteria");
    }
    if old_parent != new.parent.as_deref() {
        fields.push("parent");
    }
    if rules(old) != rules(new) {
        fields.push("rules");
    }
    fields
}

/// The whole comparison: codes paired and counted on the project.
#[derive(Debug, Clone)]
pub struct CodebookDiff {
    pub old: String,
    pub new: String,
    pub codes: Vec<CodeChange>,
}

/// Codes the project with each version and compares codes and counts.
pub fn diff(plan: &Plan, old: &CodebookVersion, new: &CodebookVersion) -> Result<CodebookDiff> {
    let inputs = Inputs::read(plan)?;
    let progress = crate::run::progress::Progress::hidden();
    let corpus = crate::run::stages::ingest(plan, &inputs, &mut Timings::default(), &progress)?;
    let (old_book, old_counts) = code_with(plan, &inputs, &corpus, old)?;
    let (new_book, new_counts) = code_with(plan, &inputs, &corpus, new)?;
    let own_codes = |book: &Codebook, version: &CodebookVersion| -> Vec<Code> {
        book.codes
            .iter()
            .filter(|c| book.books.iter().any(|b| b.id == c.codebook && b.source == version.name))
            .cloned()
            .collect()
    };
    let mut codes = compare_codes(&own_codes(&old_book, old), &own_codes(&new_book, new));
    for change in &mut codes {
        change.old_counts = change.old_id.as_ref().and_then(|id| old_counts.get(id).copied());
        change.new_counts = change.new_id.as_ref().and_then(|id| new_counts.get(id).copied());
    }
    Ok(CodebookDiff { old: old.name.clone(), new: new.name.clone(), codes })
}

/// (segments, respondents) per code id.
type CountsById = BTreeMap<String, (usize, usize)>;

/// The project's codebooks with `version` in place of the one with the same codebook id (or
/// added to them), the corpus coded with them, and (segments, respondents) per code id.
fn code_with(
    plan: &Plan,
    inputs: &Inputs,
    corpus: &Corpus,
    version: &CodebookVersion,
) -> Result<(Codebook, CountsById)> {
    let version_path = PathBuf::from(&version.name);
    let (info, _) = parse_codebook(&version_path, &version.name, &version.text)?;
    let mut sources: Vec<(PathBuf, String)> = Vec::new();
    let mut texts: BTreeMap<PathBuf, Vec<u8>> = BTreeMap::new();
    for file in inputs.of_role(InputRole::Codebook) {
        let text = String::from_utf8_lossy(&file.bytes);
        let same_book = parse_codebook(&file.path, &file.shown, &text).map(|(i, _)| i.id == info.id).unwrap_or(false);
        if !same_book {
            sources.push((file.path.clone(), file.shown.clone()));
            texts.insert(file.path.clone(), file.bytes.clone());
        }
    }
    sources.push((version_path.clone(), version.name.clone()));
    texts.insert(version_path, version.text.clone().into_bytes());
    let read = |path: &Path| {
        texts
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not a codebook of the diff"))
    };
    let codebook = load_codebooks_with(&sources, &read)?;
    let matcher = CompiledCodebook::compile(&codebook, plan.settings.coding.diacritics)?;
    let codings = code_corpus(corpus, &matcher, &plan.settings.coding);
    let study = Study::new(corpus, &codebook, &codings, &plan.settings.analysis.order);
    let counts = frequencies::code_counts(&study)
        .into_iter()
        .map(|c| (codebook.codes[c.code].id.clone(), (c.segments, c.respondents)))
        .collect();
    Ok((codebook, counts))
}

impl CodebookDiff {
    /// The comparison as a table. `all`: every code; otherwise only codes that changed or
    /// whose counts changed.
    pub fn table(&self, all: bool, language: Language) -> Table {
        let caption = match language {
            Language::En => format!(
                "Codebook {} → {}: codes added, removed, renamed or changed, and coded segments and respondents with each version (a code includes its sub-codes)",
                self.old, self.new
            ),
            Language::Nl => format!(
                "Codeboek {} → {}: codes toegevoegd, verwijderd, hernoemd of gewijzigd, en gecodeerde segmenten en respondenten met elke versie (een code telt haar subcodes mee)",
                self.old, self.new
            ),
        };
        let mut table = Table::new(
            "codebook_diff",
            &caption,
            &[
                "status",
                "code",
                "label",
                "changed",
                "segments_old",
                "segments_new",
                "segments_change",
                "respondents_old",
                "respondents_new",
                "respondents_change",
            ],
        );
        for c in &self.codes {
            let counts_changed = c.old_counts != c.new_counts;
            if !all && c.status == Status::Unchanged && !counts_changed {
                continue;
            }
            let code = match (&c.old_id, &c.new_id) {
                (Some(o), Some(n)) if o != n => format!("{o} → {n}"),
                (_, Some(id)) | (Some(id), None) => id.clone(),
                (None, None) => String::new(),
            };
            let count =
                |v: Option<(usize, usize)>, f: fn((usize, usize)) -> usize| v.map_or(Cell::Empty, |v| f(v).into());
            let delta = |f: fn((usize, usize)) -> usize| {
                let o = c.old_counts.map_or(0, f) as i64;
                let n = c.new_counts.map_or(0, f) as i64;
                Cell::Text(format!("{:+}", n - o))
            };
            table.push(vec![
                c.status.word(language).into(),
                code.into(),
                c.label.as_str().into(),
                c.fields.join(", ").into(),
                count(c.old_counts, |v| v.0),
                count(c.new_counts, |v| v.0),
                delta(|v| v.0),
                count(c.old_counts, |v| v.1),
                count(c.new_counts, |v| v.1),
                delta(|v| v.1),
            ]);
        }
        table
    }

    /// One line under the table: how many codes of each kind.
    pub fn summary(&self, language: Language) -> String {
        let mut by_status: BTreeMap<Status, usize> = BTreeMap::new();
        for c in &self.codes {
            *by_status.entry(c.status).or_default() += 1;
        }
        let parts: Vec<String> = by_status.iter().map(|(s, n)| format!("{n} {}", s.word(language))).collect();
        let hidden: BTreeSet<usize> = self
            .codes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.status == Status::Unchanged && c.old_counts == c.new_counts)
            .map(|(i, _)| i)
            .collect();
        match language {
            Language::En => format!(
                "{} codes: {}; {} unchanged with the same counts not listed",
                self.codes.len(),
                parts.join(", "),
                hidden.len()
            ),
            Language::Nl => format!(
                "{} codes: {}; {} ongewijzigd met dezelfde aantallen niet getoond",
                self.codes.len(),
                parts.join(", "),
                hidden.len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(id: &str, label: &str, definition: &str, parent: Option<&str>) -> Code {
        let yaml = format!(
            "codebook: {{id: b}}\ncodes:\n  - id: {id}\n    label: {label}\n    definition: {definition}\n{}    rules:\n      - terms: [overleg]\n",
            parent.map(|p| format!("    parent: {p}\n")).unwrap_or_default()
        );
        let yaml = match parent {
            Some(p) => format!("{yaml}  - id: {p}\n    label: P\n"),
            None => yaml,
        };
        let (_, codes) = parse_codebook(Path::new("x.yaml"), "x.yaml", &yaml).unwrap();
        codes.into_iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn codes_are_paired_by_id_then_by_label_or_definition() {
        let old = vec![
            code("a", "Alpha", "eerste", None),
            code("b", "Beta", "tweede", None),
            code("c", "Gamma", "derde", None),
            code("d", "Delta", "vierde", None),
            code("e", "Epsilon", "vijfde", None),
        ];
        let new = vec![
            code("a", "Alpha", "eerste", None),      // unchanged
            code("b", "Beta nieuw", "tweede", None), // same id, new label: renamed
            code("c2", "Gamma", "anders", None),     // same label, new id: renamed
            code("d2", "Andere", "vierde", None),    // same definition, new id: renamed
            code("e", "Epsilon", "vijfde!", None),   // definition changed
            code("f", "Zeta", "zesde", None),        // added
        ];
        let changes = compare_codes(&old, &new);
        type Row<'a> = (Status, Option<&'a str>, Option<&'a str>, Vec<&'a str>);
        let summary: Vec<Row> =
            changes.iter().map(|c| (c.status, c.old_id.as_deref(), c.new_id.as_deref(), c.fields.clone())).collect();
        assert_eq!(
            summary,
            vec![
                (Status::Unchanged, Some("a"), Some("a"), vec![]),
                (Status::Renamed, Some("b"), Some("b"), vec!["label"]),
                (Status::Renamed, Some("c"), Some("c2"), vec!["definition"]),
                (Status::Renamed, Some("d"), Some("d2"), vec!["label"]),
                (Status::Changed, Some("e"), Some("e"), vec!["definition"]),
                (Status::Added, None, Some("f"), vec![]),
            ]
        );
        let removed = compare_codes(&old, &new[..1]);
        assert_eq!(removed.iter().filter(|c| c.status == Status::Removed).count(), 4);
    }

    #[test]
    fn a_moved_code_and_a_new_rule_are_changes_but_a_shifted_line_is_not() {
        let old = code("a", "Alpha", "eerste", None);
        let none = BTreeMap::new();
        let mut moved = code("a", "Alpha", "eerste", Some("p"));
        assert_eq!(changed_fields(&old, &moved, &none), ["parent"]);
        moved.parent = None;
        moved.rules[0].line += 7;
        assert!(changed_fields(&old, &moved, &none).is_empty());
        moved.rules[0].min_hits = 2;
        assert_eq!(changed_fields(&old, &moved, &none), ["rules"]);
    }

    #[test]
    fn a_child_of_a_renamed_parent_is_unchanged() {
        let old = vec![code("p", "Ouder", "ouder", None), code("a", "Alpha", "eerste", Some("p"))];
        let mut child = code("a", "Alpha", "eerste", Some("p"));
        child.parent = Some("p2".into());
        let new = vec![code("p2", "Ouder", "ouder", None), child];
        let changes = compare_codes(&old, &new);
        assert_eq!(changes[0].status, Status::Renamed);
        assert_eq!((changes[1].status, changes[1].fields.clone()), (Status::Unchanged, vec![]));
    }

    #[test]
    fn a_codebook_version_in_latin_1_or_empty_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let latin1 = dir.path().join("oud.yaml");
        std::fs::write(&latin1, b"codebook: {id: b}\ncodes:\n  - id: c\n    label: Cli\xebnt\n").unwrap();
        let err = read_version(latin1.to_str().unwrap(), dir.path()).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(err.to_string().contains("oud.yaml is not valid UTF-8"), "{err}");
        // An empty file reads, and then fails to parse as a codebook, naming the version.
        let empty = dir.path().join("leeg.yaml");
        std::fs::write(&empty, "").unwrap();
        let version = read_version(empty.to_str().unwrap(), dir.path()).unwrap();
        let err = parse_codebook(Path::new(&version.name), &version.name, &version.text).unwrap_err();
        assert!(err.to_string().contains("leeg.yaml"), "{err}");
    }

    #[test]
    fn a_missing_file_that_is_no_revision_is_a_usage_error() {
        let err = read_version("does-not-exist.yaml", Path::new(".")).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(err.to_string().contains("REV:path"));
    }
}
