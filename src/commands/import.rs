//! `analyse import FILE... --project DIR`: coded data of other QDA tools (REFI-QDA projects and
//! codebooks, MAXQDA, ATLAS.ti and Taguette exports) brought into the project as new files.
//!
//! Every file is read ([`crate::interop`]) and matched to the project's documents and codes
//! before anything is written; the new files land under `coded/imported/`,
//! `codebooks/imported/` and `transcripts/imported/`, never over an existing file, and the
//! report says how to add them to `analyse.toml`.

use std::path::{Path, PathBuf};

use crate::corpus::Corpus;
use crate::error::Result;
use crate::interop::import::{match_to_project, read_imported, Matched};
use crate::interop::model::ImportedProject;
use crate::interop::overlap::{check_overlap, CodedBy};
use crate::interop::project_files::{check_new, import_files, import_name};
use crate::project::ProjectError;
use crate::project::{Plan, PROJECT_FILE};
use crate::render::OutputFile;

/// Imports every file into the project; all files are read and checked before any is written.
/// Unless `no_edit`, `analyse.toml` is then edited to use what was written (comments and
/// layout kept) and the change printed.
pub fn import(project: &Path, files: &[PathBuf], no_edit: bool) -> Result<()> {
    let plan = Plan::load(project, None)?;
    let corpus = crate::corpus::read_sources(
        &plan.transcript_files(),
        &plan.document_files(),
        &plan.sources.respondents,
        &plan.settings.ingest,
    )?;
    let codebook = crate::codebook::load_codebooks(&plan.codebook_files())?;
    let mut outputs = Vec::new();
    let mut reports = Vec::new();
    let mut all_matched = Vec::new();
    for file in files {
        let imported = read_imported(file)?;
        let matched = match_to_project(&imported, &corpus, &codebook);
        let name = import_name(file);
        let mut written = import_files(&name, &imported, &matched)?;
        if !plan.sources.respondents.is_empty() {
            written.extend(added_respondents(&name, &corpus, &matched.new_transcripts, &plan.settings.ingest));
        }
        reports.push(summary(file, &name, &imported, &matched));
        if !imported.skipped.is_empty() {
            reports.push(format!(
                "{}: not imported (only text sources can be): {}",
                file.display(),
                imported.skipped.join(", ")
            ));
        }
        outputs.extend(written);
        all_matched.push((file.clone(), matched));
    }
    let imports: Vec<(PathBuf, &Matched)> = all_matched.iter().map(|(f, m)| (f.clone(), m)).collect();
    check_overlap(&coded_already(&plan, &corpus, &codebook)?, &imports)?;
    check_new(&plan.root, &outputs)?;
    // The edited project file is made (and checked to parse) before anything is written.
    let edit = if no_edit { None } else { Some(edited_project_file(&plan, &outputs)?) };
    crate::run::output::write_all(&plan.root, &outputs)?;
    let mut lines = reports;
    lines.extend(outputs.iter().map(|f| format!("wrote {}", plan.root.join(&f.path).display())));
    if let Some((text, changes)) = edit {
        if !changes.is_empty() {
            crate::run::output::write_atomically(&plan.project_file, text.as_bytes())?;
        }
        lines.extend(changes.iter().map(|c| format!("{PROJECT_FILE}: {c}")));
        return super::print(lines.iter().map(|l| format!("{l}\n")).collect::<String>());
    }
    if outputs.iter().any(|f| f.path.ends_with(".respondents-added.csv")) {
        lines.push("the imported interviews have no row in the respondents file: their rows are in coded/imported/<name>.respondents-added.csv; list it with yours, respondents = [\"respondents.csv\", \"coded/imported/<name>.respondents-added.csv\"]".into());
    }
    let mut hint = |prefix: &str, what: &str| {
        if outputs.iter().any(|f| f.path.starts_with(prefix)) {
            lines.push(what.to_string());
        }
    };
    hint("coded/imported/", "to count these codings in the tables, add the .csv files to [sources] coded in analyse.toml (or to [coding] gold to evaluate the rules against them)");
    hint(
        "codebooks/imported/",
        "codes the codebooks lacked are in codebooks/imported/: add that file to [coding] codebooks",
    );
    hint("transcripts/imported/", "sources the project lacked are in transcripts/imported/: add \"transcripts/imported/*.txt\" to [sources] transcripts");
    super::print(lines.iter().map(|l| format!("{l}\n")).collect::<String>())
}

/// One line per imported file: what it held and where its segments went.
fn summary(file: &Path, name: &str, imported: &ImportedProject, matched: &Matched) -> String {
    format!(
        "{}: {} ({}): {} codes ({} new), {} sources ({} new), {} segments: {} placed by offsets, {} located by their text, {} ambiguous, {} not found, {} in documents the project lacks; {} cases, {} notes",
        file.display(),
        name,
        if imported.origin.is_empty() { "REFI-QDA" } else { &imported.origin },
        imported.codes.len(),
        matched.new_codes.len(),
        imported.sources.len(),
        matched.new_transcripts.len(),
        imported.segments.len(),
        matched.by_offset,
        matched.located,
        matched.ambiguous,
        matched.not_found,
        matched.missing_document,
        imported.cases.len(),
        imported.notes.len(),
    )
}

/// Which coder coded which source in the project's `[sources] coded` files, for the check
/// that an import does not bring the same coder's work on a source a second time.
fn coded_already(plan: &Plan, corpus: &Corpus, codebook: &crate::codebook::Codebook) -> Result<Vec<CodedBy>> {
    let mut out = std::collections::BTreeSet::new();
    for path in &plan.sources.coded {
        let shown = plan.display_path(path).trim_start_matches("./").to_string();
        for m in crate::interop::import::read_coded_file(path, &shown, corpus, codebook)? {
            out.insert((m.document, m.coder, shown.clone()));
        }
    }
    let coded_by =
        |(d, coder, file): (usize, String, String)| CodedBy { document: corpus.documents[d].id.clone(), coder, file };
    Ok(out.into_iter().map(coded_by).collect())
}

/// `analyse.toml` with the import's files added where the run reads them — the coded CSVs to
/// `[sources] coded`, the new codebooks to `[coding] codebooks`, the new transcripts to
/// `[sources] transcripts` — unless a pattern there already takes them; comments, order and
/// layout are kept (toml_edit). Returns the new text and the changes in words.
fn edited_project_file(plan: &Plan, outputs: &[OutputFile]) -> Result<(String, Vec<String>)> {
    let invalid = |message: String| ProjectError::Invalid { path: plan.project_file.clone(), message };
    let text = std::fs::read_to_string(&plan.project_file)
        .map_err(|source| ProjectError::Read { path: plan.project_file.clone(), source })?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| invalid(format!("cannot be edited: {e}")))?;
    let paths = |prefix: &str, suffix: &str| -> Vec<String> {
        outputs
            .iter()
            .map(|f| f.path.clone())
            .filter(|p| p.starts_with(prefix) && p.ends_with(suffix))
            .filter(|p| !p.ends_with(".problems.csv") && !p.ends_with(".respondents.csv"))
            .filter(|p| !p.ends_with(".respondents-added.csv") || suffix == ".respondents-added.csv")
            .collect()
    };
    let coded = paths("coded/imported/", ".csv");
    let codebooks = paths("codebooks/imported/", ".yaml");
    let transcripts = paths("transcripts/imported/", ".txt");
    let mut changes = Vec::new();
    for added in paths("coded/imported/", ".respondents-added.csv") {
        add_respondents_file(&mut doc, &added)
            .ok_or_else(|| invalid("[sources] respondents is neither a path nor a list of paths".into()))?;
        changes.push(format!(
            "added \"{added}\" to [sources] respondents: rows for the imported interviews, attributes to fill in"
        ));
    }
    for (table, key, default, files, pattern) in [
        ("sources", "coded", None, coded, None),
        ("coding", "codebooks", Some("codebooks/*.yaml"), codebooks, None),
        ("sources", "transcripts", Some("transcripts/*.txt"), transcripts, Some("transcripts/imported/*.txt")),
    ] {
        if files.is_empty() {
            continue;
        }
        let array = list_in(&mut doc, table, key, default).ok_or_else(|| {
            invalid(format!("[{table}] {key} is not a list; make it one, e.g. {key} = [], and import again"))
        })?;
        let present: Vec<String> = array.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
        // As the run expands patterns: `*` does not cross a folder boundary.
        let options = glob::MatchOptions { require_literal_separator: true, ..Default::default() };
        let taken =
            |file: &str| present.iter().any(|p| glob::Pattern::new(p).is_ok_and(|g| g.matches_with(file, options)));
        let missing: Vec<&String> = files.iter().filter(|f| !taken(f)).collect();
        if missing.is_empty() {
            continue;
        }
        let added: Vec<String> = match pattern {
            Some(p) => vec![p.to_string()],
            None => missing.into_iter().cloned().collect(),
        };
        for a in &added {
            array.push(a.as_str());
            changes.push(format!("added \"{a}\" to [{table}] {key}"));
        }
    }
    Ok((doc.to_string(), changes))
}

/// The array `[table] key` of the project file, created with the setting's default when absent
/// (so that adding to it does not drop what the default named); `None` when it is no array.
fn list_in<'a>(
    doc: &'a mut toml_edit::DocumentMut,
    table: &str,
    key: &str,
    default: Option<&str>,
) -> Option<&'a mut toml_edit::Array> {
    let section = doc.entry(table).or_insert(toml_edit::table()).as_table_like_mut()?;
    if section.get(key).is_none() {
        let mut array = toml_edit::Array::new();
        array.extend(default);
        section.insert(key, toml_edit::value(array));
    }
    section.get_mut(key)?.as_array_mut()
}

/// The respondents of the imported transcripts that the project's respondents files lack, as
/// a new file `coded/imported/<name>.respondents-added.csv` (ids only: attributes to fill in),
/// so that the run does not stop at them: the document id, and turn labels shaped like ids.
fn added_respondents(
    name: &str,
    corpus: &crate::corpus::Corpus,
    new_transcripts: &[(String, String)],
    options: &crate::corpus::CorpusOptions,
) -> Option<OutputFile> {
    let mut ids: Vec<String> = Vec::new();
    for (id, text) in new_transcripts {
        let file = format!("{id}.txt");
        let Ok(doc) = crate::corpus::source_from_bytes(Path::new(&file), &file, text.as_bytes(), None, options, false)
        else {
            continue;
        };
        if doc.kind == crate::corpus::DocumentKind::Document {
            continue;
        }
        let labels = doc.segments.iter().map(|s| s.label.clone()).filter(|l| {
            crate::corpus::looks_like_respondent_id(l)
                && !options.interviewer_labels.iter().any(|i| i.eq_ignore_ascii_case(l))
        });
        for r in std::iter::once(doc.id.clone()).chain(labels) {
            if !corpus.respondents.by_id.contains_key(&r) && !ids.contains(&r) {
                ids.push(r);
            }
        }
    }
    (!ids.is_empty()).then(|| {
        let rows: String = ids.iter().map(|id| format!("{id}\n")).collect();
        OutputFile::new(format!("coded/imported/{name}.respondents-added.csv"), format!("id\n{rows}"))
    })
}

/// `[sources] respondents` with `file` added: a single path becomes a list of both.
fn add_respondents_file(doc: &mut toml_edit::DocumentMut, file: &str) -> Option<()> {
    let sources = doc.get_mut("sources")?.as_table_like_mut()?;
    let item = sources.get_mut("respondents")?;
    if let Some(array) = item.as_array_mut() {
        array.push(file);
        return Some(());
    }
    let first = item.as_str()?.to_string();
    let decor = item.as_value().map(|v| v.decor().clone());
    let mut array = toml_edit::Array::new();
    array.push(first.as_str());
    array.push(file);
    let mut value = toml_edit::Value::Array(array);
    if let Some(decor) = decor {
        *value.decor_mut() = decor;
    }
    *item = toml_edit::Item::Value(value);
    Some(())
}
