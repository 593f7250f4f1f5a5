//! The files `analyse import` adds to a project (see [`super::import`] for the list), and the
//! check that none of them exists yet.

use std::path::Path;

use super::import::{Matched, NewCode};
use super::model::{ImportedProject, InteropError};
use super::slug::slug;
use crate::render::OutputFile;

/// The files an import adds to the project, by path relative to the project folder.
pub fn import_files(
    name: &str,
    imported: &ImportedProject,
    matched: &Matched,
) -> Result<Vec<OutputFile>, InteropError> {
    let mut files = Vec::new();
    let csv_error = |e: csv::Error| InteropError::new(&imported.path, "writing", format!("CSV: {e}"));
    if !imported.segments.is_empty() {
        files.push(OutputFile::new(format!("coded/imported/{name}.csv"), codings_csv(imported, matched)?));
    }
    if !matched.problems.is_empty() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["place", "document", "code", "coder", "reason", "text"]).map_err(csv_error)?;
        for p in &matched.problems {
            w.write_record([&p.place, &p.document, &p.code, &p.coder, &p.reason, &p.text]).map_err(csv_error)?;
        }
        files.push(OutputFile::new(
            format!("coded/imported/{name}.problems.csv"),
            w.into_inner().map_err(|e| csv_error(e.into_error().into()))?,
        ));
    }
    if !matched.new_codes.is_empty() {
        files.push(OutputFile::new(
            format!("codebooks/imported/{name}.yaml"),
            codebook_yaml(name, imported, &matched.new_codes),
        ));
    }
    if !imported.cases.is_empty() {
        let mut columns: Vec<&str> = Vec::new();
        for case in &imported.cases {
            for (k, _) in &case.variables {
                if !columns.contains(&k.as_str()) {
                    columns.push(k);
                }
            }
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["id"];
        header.extend(columns.iter().copied());
        w.write_record(&header).map_err(csv_error)?;
        for case in &imported.cases {
            let mut row = vec![case.name.clone()];
            for c in &columns {
                let values: Vec<&str> =
                    case.variables.iter().filter(|(k, _)| k == c).map(|(_, v)| v.as_str()).collect();
                row.push(values.join("; "));
            }
            w.write_record(&row).map_err(csv_error)?;
        }
        files.push(OutputFile::new(
            format!("coded/imported/{name}.respondents.csv"),
            w.into_inner().map_err(|e| csv_error(e.into_error().into()))?,
        ));
    }
    if !imported.notes.is_empty() {
        let notes: Vec<String> = imported.notes.iter().map(|n| format!("## {n}\n")).collect();
        files.push(OutputFile::new(format!("coded/imported/{name}.notes.md"), notes.join("\n")));
    }
    for (id, text) in &matched.new_transcripts {
        files.push(OutputFile::new(format!("transcripts/imported/{id}.txt"), text.as_bytes().to_vec()));
    }
    Ok(files)
}

/// The placed codings in the generic format (`document,start,end,code,coder,text`).
pub fn codings_csv(imported: &ImportedProject, matched: &Matched) -> Result<Vec<u8>, InteropError> {
    let csv_error = |e: csv::Error| InteropError::new(&imported.path, "writing", format!("CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["document", "start", "end", "code", "coder", "text"]).map_err(csv_error)?;
    for c in &matched.codings {
        w.write_record([c.document.as_str(), &c.start.to_string(), &c.end.to_string(), &c.code, &c.coder, &c.text])
            .map_err(csv_error)?;
    }
    w.into_inner().map_err(|e| csv_error(e.into_error().into()))
}

/// A YAML codebook of the codes the project lacks; JSON strings are valid YAML scalars.
pub fn codebook_yaml(name: &str, imported: &ImportedProject, codes: &[NewCode]) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let mut out = format!(
        "# Codes imported from {} ({}) that the project's codebooks lacked.\n# They have no rules: add rules, or use them for imported manual codings only.\ncodebook:\n  id: {}\n  label: {}\n\ncodes:{}\n",
        imported.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        if imported.origin.is_empty() { "unknown tool" } else { &imported.origin },
        q(&format!("imported-{}", slug(name))),
        q(&format!("Imported from {name}")),
        // An empty list must be written as one: `codes:` alone is null, not a list.
        if codes.is_empty() { " []" } else { "" },
    );
    for c in codes {
        out.push_str(&format!("  - id: {}\n    label: {}\n", q(&c.id), q(&c.label)));
        if let Some(p) = &c.parent {
            out.push_str(&format!("    parent: {}\n", q(p)));
        }
        if let Some(colour) = &c.colour {
            out.push_str(&format!("    colour: {}\n", q(colour)));
        }
        if !c.description.is_empty() {
            out.push_str(&format!("    definition: {}\n", q(&c.description)));
        }
    }
    out
}

/// The stem files of an import are named after: `maxqda-export` for `maxqda-export.xlsx`.
pub fn import_name(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let clean: String =
        stem.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' }).collect();
    if clean.is_empty() {
        "import".into()
    } else {
        clean
    }
}

/// Refuses when any file would overwrite an existing one (or two imports write the same file).
pub fn check_new(root: &Path, files: &[OutputFile]) -> Result<(), InteropError> {
    let mut seen = std::collections::BTreeSet::new();
    for f in files {
        let target = root.join(&f.path);
        if target.exists() || !seen.insert(f.path.clone()) {
            return Err(InteropError::new(
                target.clone(),
                "import",
                "already exists; importing never overwrites: remove or rename it (or the imported file), then import again",
            ));
        }
    }
    Ok(())
}
