//! Reading REFI-QDA projects (`.qdpx`: a zip with `project.qde` and `sources/`) and codebooks
//! (`.qdc`) as ATLAS.ti, MAXQDA, NVivo, QualCoder and Taguette write them.
//!
//! Read leniently, checked strictly: elements this version does not use (graphs, sets, links,
//! pictures, audio) are skipped, but every selection must lie inside its source's text and
//! every `CodeRef` must name a code of the codebook. Offsets count code points of the source
//! text as stored; they are carried over to the text as `analyse` normalises it (CRLF → LF,
//! NFC). ATLAS.ti counts a CRLF as one character; files whose `origin` names ATLAS.ti are read
//! that way.

mod parse;
mod resolve;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use self::parse::{parse_qde, RawProject};
use super::model::{ImportedProject, InteropError};
use crate::corpus::safe_zip::{SafeZip, MAX_ENTRY_BYTES};
use crate::corpus::text;

/// Largest `project.qde` (or `.qdc`) read; sources may be inline, so this is generous.
pub const MAX_XML_BYTES: u64 = 128 * 1024 * 1024;

/// Reads a `.qdpx` file.
pub fn read_qdpx(path: &Path, bytes: &[u8]) -> Result<ImportedProject, InteropError> {
    read_qdpx_limited(path, bytes, MAX_XML_BYTES)
}

/// [`read_qdpx`] with another limit on the size of `project.qde`.
pub fn read_qdpx_limited(path: &Path, bytes: &[u8], xml_limit: u64) -> Result<ImportedProject, InteropError> {
    let mut zip = SafeZip::open(bytes, path)?;
    // Every entry's sizes are checked, read or not: a bomb anywhere makes the file suspect.
    for name in zip.names() {
        zip.check(&name)?;
    }
    let qde = project_entry(&zip, path)?;
    let xml = zip.read(&qde, xml_limit)?;
    let raw = parse_qde(path, &qde, &xml)?;
    let texts = source_texts(&mut zip, path, &raw)?;
    raw.into_project(path, texts)
}

/// Reads a `.qdc` codebook: codes only.
pub fn read_qdc(path: &Path, bytes: &[u8]) -> Result<ImportedProject, InteropError> {
    if bytes.len() as u64 > MAX_XML_BYTES {
        return Err(InteropError::new(
            path,
            "file",
            format!("is larger than {} MB; refusing to read it", MAX_XML_BYTES >> 20),
        ));
    }
    let mut raw = parse_qde(path, "codebook", bytes)?;
    raw.keep_codes_only();
    raw.into_project(path, Vec::new())
}

/// The name of the project document: the one `.qde` entry at the top of the archive.
fn project_entry(zip: &SafeZip, path: &Path) -> Result<String, InteropError> {
    zip.names()
        .into_iter()
        .find(|n| n.to_lowercase().ends_with(".qde") && !n.contains('/'))
        .ok_or_else(|| InteropError::new(path, "archive", "has no project.qde; is it a REFI-QDA project (.qdpx)?"))
}

/// The text of every source, in the order of `raw.sources`, decoded but not yet normalised:
/// the selections' offsets count the text as the other tool stored it.
fn source_texts(zip: &mut SafeZip, path: &Path, raw: &RawProject) -> Result<Vec<String>, InteropError> {
    // Relative `plainTextPath`s that are not in the archive are looked for beside it.
    let base =
        raw.base_path.clone().map(PathBuf::from).unwrap_or_else(|| path.parent().unwrap_or(Path::new(".")).into());
    let mut texts = Vec::with_capacity(raw.sources.len());
    for source in &raw.sources {
        let place = format!("TextSource '{}'", source.name);
        let bytes = match (&source.inline, &source.plain_text_path) {
            (Some(inline), _) => inline.clone().into_bytes(),
            (None, Some(p)) => read_source(zip, path, &base, p, &place)?,
            (None, None) => {
                return Err(InteropError::new(path, place, "has neither PlainTextContent nor plainTextPath"));
            }
        };
        let decoded = text::decode_raw(&bytes).map_err(|p| InteropError::new(path, &place, p.to_string()))?;
        texts.push(decoded);
    }
    Ok(texts)
}

/// The bytes a `plainTextPath` names: `internal://` in the archive's `sources/`, a relative
/// path in the archive or, failing that, beside it under `base` (a path with `..` or a root is
/// not followed out of the archive).
fn read_source(
    zip: &mut SafeZip,
    path: &Path,
    base: &Path,
    reference: &str,
    place: &str,
) -> Result<Vec<u8>, InteropError> {
    if let Some(inner) = reference.strip_prefix("internal://") {
        let name = format!("sources/{inner}");
        if !zip.contains(&name) {
            return Err(InteropError::new(
                path,
                place,
                format!("plainTextPath {reference}: the archive has no {name}"),
            ));
        }
        return zip.read(&name, MAX_ENTRY_BYTES);
    }
    let relative = reference.strip_prefix("relative://").unwrap_or(reference).trim_start_matches("./");
    for candidate in [relative.to_string(), format!("sources/{relative}")] {
        if zip.contains(&candidate) {
            return zip.read(&candidate, MAX_ENTRY_BYTES);
        }
    }
    let outside = base.join(relative);
    if Path::new(relative).components().all(|c| matches!(c, std::path::Component::Normal(_))) && outside.is_file() {
        return std::fs::read(&outside)
            .map_err(|e| InteropError::new(path, place, format!("cannot read {}: {e}", outside.display())));
    }
    Err(InteropError::new(
        path,
        place,
        format!("plainTextPath {reference} is neither in the archive nor a file beside it ({})", outside.display()),
    ))
}
