//! From the parsed parts of a REFI-QDA file to the neutral [`ImportedProject`]: references
//! resolved (codes, users, variables and sources by GUID), and every selection's offsets
//! carried over from the text as the other tool stored it to the text as `analyse`
//! normalises it ([`crate::interop::offset_map`]). A reference that does not resolve, or a
//! selection outside its text, is an error that names the selection.

use std::collections::HashMap;
use std::path::Path;

use super::parse::{RawCase, RawProject, RawSelection, RawSource};
use crate::corpus::text::CharIndex;
use crate::interop::model::{ImportedCase, ImportedProject, ImportedSegment, ImportedSource, InteropError};
use crate::interop::offset_map::normalise_with_map;

impl RawProject {
    /// Resolves references and carries offsets over to the normalised texts; `texts` are the
    /// decoded texts of `self.sources`, in order.
    pub(super) fn into_project(self, path: &Path, texts: Vec<String>) -> Result<ImportedProject, InteropError> {
        // ATLAS.ti counts a CRLF as one character; the other tools count its two code points.
        let crlf_is_one = self.origin.to_lowercase().contains("atlas");
        let (sources, maps) = normalise_sources(&self.sources, texts, crlf_is_one);
        let segments = self.segments(path, &sources, &maps)?;
        let names = source_names(&self.sources, &sources);
        let cases = resolve_cases(self.cases, &self.variables, &names);
        Ok(ImportedProject {
            path: path.to_path_buf(),
            origin: self.origin,
            codes: self.codes,
            sources,
            segments,
            cases,
            notes: self.notes,
            skipped: self.skipped,
        })
    }

    /// One segment per coding of every selection, in the order of the file.
    fn segments(
        &self,
        path: &Path,
        sources: &[ImportedSource],
        maps: &[Vec<usize>],
    ) -> Result<Vec<ImportedSegment>, InteropError> {
        let code_index: HashMap<&str, usize> =
            self.code_guids.iter().enumerate().map(|(i, g)| (g.as_str(), i)).collect();
        // One character index per source, not per selection: a source may have thousands.
        let indexes: Vec<CharIndex> = sources.iter().map(|s| CharIndex::new(s.text.as_deref().unwrap_or(""))).collect();
        let mut segments = Vec::new();
        for selection in &self.selections {
            let place = format!("PlainTextSelection {}", selection.guid);
            let source = &sources[selection.source];
            let (start, end) = selection_span(path, &place, selection, source, &maps[selection.source])?;
            let index = &indexes[selection.source];
            let text = source.text.as_deref().unwrap_or("");
            let coded = text[index.byte_of_char(start)..index.byte_of_char(end)].to_string();
            for (code_guid, coding_user) in &selection.codes {
                let code = resolve_code(path, &place, &code_index, code_guid)?;
                segments.push(ImportedSegment {
                    source: selection.source,
                    span: Some((start, end)),
                    text: Some(coded.clone()),
                    code,
                    coder: self.coder(coding_user.as_ref().or(selection.user.as_ref())),
                    place: place.clone(),
                });
            }
        }
        Ok(segments)
    }

    /// A coder's name: the name its `User` element gives, else the reference as written;
    /// `unknown` when neither the `Coding` nor its selection names a user.
    fn coder(&self, user: Option<&String>) -> String {
        user.map(|u| self.users.get(u).cloned().unwrap_or_else(|| u.clone())).unwrap_or_else(|| "unknown".into())
    }
}

/// The sources with their texts normalised, each with the map from the other tool's offsets
/// to offsets in the normalised text. A source without a name is known by its GUID.
fn normalise_sources(
    raw: &[RawSource],
    texts: Vec<String>,
    crlf_is_one: bool,
) -> (Vec<ImportedSource>, Vec<Vec<usize>>) {
    raw.iter()
        .zip(texts)
        .map(|(source, raw_text)| {
            let (normalised, map) = normalise_with_map(&raw_text, crlf_is_one);
            let name = if source.name.is_empty() { source.guid.clone() } else { source.name.clone() };
            (ImportedSource { name, text: Some(normalised) }, map)
        })
        .unzip()
}

/// A selection's character span in the normalised text: the whole text for a `Coding` of the
/// whole source; else its positions, which must lie in the text as stored (`0..=length`,
/// start not after end), carried over by `map`.
fn selection_span(
    path: &Path,
    place: &str,
    selection: &RawSelection,
    source: &ImportedSource,
    map: &[usize],
) -> Result<(usize, usize), InteropError> {
    let Some((s, e)) = selection.span else {
        return Ok((0, source.text.as_deref().unwrap_or("").chars().count()));
    };
    let length = map.len() as i64 - 1;
    if s < 0 || e > length || s > e {
        return Err(InteropError::new(
            path,
            place,
            format!(
                "startPosition {s} and endPosition {e} lie outside the text of source '{}' (0..{length})",
                source.name
            ),
        ));
    }
    Ok((map[s as usize], map[e as usize]))
}

/// The index of the code a `CodeRef` names; a `Coding` must have one, naming a code of the
/// codebook.
fn resolve_code(
    path: &Path,
    place: &str,
    code_index: &HashMap<&str, usize>,
    guid: &str,
) -> Result<usize, InteropError> {
    if guid.is_empty() {
        return Err(InteropError::new(path, place, "has a Coding without a CodeRef"));
    }
    code_index.get(guid).copied().ok_or_else(|| {
        InteropError::new(path, place, format!("its CodeRef names code {guid}, which is not in the codebook"))
    })
}

/// Source GUID → the name the source is imported under.
fn source_names<'a>(raw: &'a [RawSource], sources: &'a [ImportedSource]) -> HashMap<&'a str, &'a str> {
    raw.iter().zip(sources).map(|(r, s)| (r.guid.as_str(), s.name.as_str())).collect()
}

/// Cases with their variables by name, in the order of the file, and then their sources by
/// name (as `source`; a GUID that names no source is kept as written).
fn resolve_cases(
    cases: Vec<RawCase>,
    variables: &HashMap<String, String>,
    source_names: &HashMap<&str, &str>,
) -> Vec<ImportedCase> {
    cases
        .into_iter()
        .map(|(mut case, values)| {
            // Until now the case's variables hold only its `SourceRef`s.
            let sources: Vec<(String, String)> = case
                .variables
                .drain(..)
                .map(|(_, guid)| {
                    ("source".to_string(), source_names.get(guid.as_str()).map(|s| s.to_string()).unwrap_or(guid))
                })
                .collect();
            for (variable, value) in values {
                let name = variables.get(&variable).cloned().unwrap_or(variable);
                case.variables.push((name, value));
            }
            case.variables.extend(sources);
            case
        })
        .collect()
}
