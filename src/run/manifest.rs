//! `manifest.json`: what a run read and wrote, so that a reader can check that a figure in a
//! thesis belongs to a given codebook and set of transcripts.
//!
//! It holds the tool version, every setting of the plan (serialised from
//! [`crate::project::Settings`], so a new setting appears here without being listed), and the
//! BLAKE3 hash of every input and
//! every other output, with paths relative to the project (inputs) and the output folder
//! (outputs), sorted. It has no timestamps: the same inputs give the same manifest.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::project::{Plan, Settings};
use crate::run::inputs::Inputs;
use crate::run::output::OutputFile;

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    /// Every setting, by the stage that reads it (the keys of `analyse.toml`).
    pub settings: Settings,
    /// Input path (relative to the project) → BLAKE3 hex digest.
    pub inputs: BTreeMap<String, String>,
    /// Output path (relative to the output folder) → BLAKE3 hex digest.
    pub outputs: BTreeMap<String, String>,
}

/// Hex BLAKE3 digest of some bytes.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// [`hash`] of a file's bytes, read a buffer at a time: the outputs a run checks before
/// replacing them include a large study's `coded_segments.csv`, which read whole stood beside
/// the new outputs at the run's peak memory.
pub fn hash_file(path: &std::path::Path) -> std::io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(std::fs::File::open(path)?)?;
    Ok(hasher.finalize().to_hex().to_string())
}

impl Manifest {
    /// The manifest of a run that read `inputs` and made `outputs` (the manifest excluded).
    pub fn new(plan: &Plan, inputs: &Inputs, outputs: &[OutputFile]) -> Self {
        Self {
            tool: env!("CARGO_PKG_NAME").into(),
            version: env!("CARGO_PKG_VERSION").into(),
            settings: plan.settings.clone(),
            inputs: inputs.files.iter().map(|f| (f.shown.clone(), f.hash.clone())).collect(),
            outputs: outputs.iter().map(|f| (f.path.clone(), f.hash())).collect(),
        }
    }

    /// The output paths a manifest file lists, for removing outputs a later run no longer
    /// makes; `None` when the bytes are not a manifest this version can read.
    pub fn output_paths(bytes: &[u8]) -> Option<Vec<String>> {
        Some(Self::output_digests(bytes)?.into_keys().collect())
    }

    /// The outputs a manifest file lists with their digests; `None` when the bytes are not a
    /// manifest of `analyse`.
    pub fn output_digests(bytes: &[u8]) -> Option<BTreeMap<String, String>> {
        // Only `tool` and `outputs` are read, so that a manifest of a version with other
        // settings still counts.
        let manifest: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        if manifest.get("tool")?.as_str()? != env!("CARGO_PKG_NAME") {
            return None;
        }
        let outputs = manifest.get("outputs")?.as_object()?;
        Some(outputs.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect())
    }

    /// The manifest as the output file `manifest.json` (pretty, ending in a newline).
    pub fn to_file(&self) -> OutputFile {
        let mut json = serde_json::to_string_pretty(self).expect("a manifest always serialises");
        json.push('\n');
        OutputFile::new("manifest.json", json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blake3_of_abc() {
        // Test vector from the BLAKE3 specification's reference implementation: BLAKE3("abc").
        assert_eq!(hash(b"abc"), "6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }
}
