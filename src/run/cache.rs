//! The incremental cache: each stage's last value, so that a run redoes only what changed.
//!
//! It lives in `<output folder>/.cache/` because the program writes nowhere else; a
//! `.gitignore` of `*` inside it keeps it out of a repository that commits the outputs, and
//! the manifest and `run --check` leave it out. It holds what a run cannot cheaply recompute,
//! one file per stage (`coding.bin`, `analysis.bin`: the value in postcard, a compact serde
//! format that keeps floating-point numbers bit for bit) and `state.json`, the record of the
//! last run: each stage's key and the parts it was made of (to say what changed), and the
//! hash of every output written. It keeps no copy of the corpus: that would be as large as
//! the transcripts (and count as output), while reading them again is linear and cheap
//! (BENCHMARKS.md), so ingest runs on every run that has work to do.
//!
//! Nothing in it is trusted on its word. A stage file is used only when its build of
//! `analyse`, its stage, its key and the hash of its payload all match; anything else (another
//! version, a truncated or edited file, a format this version cannot read) is ignored with a
//! note and the stage is computed again. The build is the version plus the hash of the running
//! executable, so that a rebuilt program never trusts values computed by the previous build of
//! the same version.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::run::manifest::hash;
use crate::run::output::OutputFile;
use crate::run::stage_keys::{Components, Stage, StageKeys};

/// Folder of the cache inside the output folder.
pub const CACHE_DIR: &str = ".cache";
const STATE_FILE: &str = "state.json";
/// Bumped when the layout of the cache files changes.
const FORMAT: u32 = 1;
const MAGIC: &str = "analyse stage cache";

/// The identity of the running program: its version and the hash of its executable, so that a
/// rebuilt program never trusts values computed by another build of the same version, while
/// the same binary (restored in CI, say) can. `None` when the executable cannot be read; the
/// cache is then not used at all.
pub fn build_fingerprint() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let mut file = std::fs::File::open(exe).ok()?;
    let mut hasher = blake3::Hasher::new();
    std::io::copy(&mut file, &mut hasher).ok()?;
    let id = hasher.finalize().to_hex();
    Some(format!("{} {} (build {})", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"), &id[..16]))
}

/// One stage as the last run recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    pub key: String,
    pub components: Components,
}

/// `state.json`: what the last run computed and wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub format: u32,
    pub build: String,
    /// Stage name → record.
    pub stages: BTreeMap<String, StageRecord>,
    /// Output path → BLAKE3 hex digest of the bytes written (manifest included).
    pub outputs: BTreeMap<String, String>,
}

impl State {
    pub fn stage(&self, stage: Stage) -> Option<&StageRecord> {
        self.stages.get(stage.name())
    }
}

/// A stage file: the value and what it must match to be used.
#[derive(Serialize, Deserialize)]
struct Envelope {
    magic: String,
    format: u32,
    build: String,
    stage: String,
    key: String,
    payload_hash: String,
    payload: Vec<u8>,
}

/// The cache of one output folder, opened for a run.
pub struct Cache {
    dir: PathBuf,
    build: Option<String>,
    /// The record of the last run, if there is a usable one.
    pub state: Option<State>,
    /// Why something in the cache was not used, for the user.
    pub notes: Vec<String>,
}

impl Cache {
    /// Opens the cache in `out_dir`; `build` is [`build_fingerprint`]. Never fails: an
    /// unusable cache is an empty one, with a note saying why.
    pub fn open(out_dir: &Path, build: Option<String>) -> Self {
        let dir = out_dir.join(CACHE_DIR);
        let mut cache = Self { dir, build, state: None, notes: Vec::new() };
        let Some(build) = cache.build.clone() else {
            cache.notes.push("the program's own file cannot be inspected, so no cache is used".into());
            return cache;
        };
        let path = cache.dir.join(STATE_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return cache,
            Err(e) => {
                cache.notes.push(format!("{} cannot be read ({e}); cache ignored", cache.shown(STATE_FILE)));
                return cache;
            }
        };
        match serde_json::from_slice::<State>(&bytes) {
            Ok(state) if state.format != FORMAT => cache.notes.push(format!(
                "{} has cache format {} (this version uses {FORMAT}); cache ignored",
                cache.shown(STATE_FILE),
                state.format
            )),
            Ok(state) if state.build != build => {
                cache.notes.push(format!("the cache was written by {}, this is {build}; cache ignored", state.build))
            }
            Ok(state) => cache.state = Some(state),
            Err(e) => cache.notes.push(format!("{} is damaged ({e}); cache ignored", cache.shown(STATE_FILE))),
        }
        cache
    }

    fn shown(&self, name: &str) -> String {
        format!("{CACHE_DIR}/{name}")
    }

    fn file_name(stage: Stage) -> String {
        format!("{}.bin", stage.name())
    }

    /// The value a stage computed under `key`, if the last run recorded that key for the stage
    /// (same build) and the stage file holds it intact.
    pub fn load<T: DeserializeOwned>(&mut self, stage: Stage, key: &str) -> Option<T> {
        let (Some(build), Some(state)) = (self.build.as_deref(), &self.state) else {
            return None;
        };
        if state.stage(stage).is_none_or(|record| record.key != key) {
            return None;
        }
        let name = Self::file_name(stage);
        let bytes = match std::fs::read(self.dir.join(&name)) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.notes.push(format!("{} cannot be read ({e}); {} redone", self.shown(&name), stage.name()));
                return None;
            }
        };
        match open_envelope(&bytes, build, stage, key) {
            Ok(value) => Some(value),
            Err(problem) => {
                self.notes.push(format!("{} {problem}; ignored, {} redone", self.shown(&name), stage.name()));
                None
            }
        }
    }

    /// The file that keeps a stage's value (written with the outputs).
    pub fn entry_file<T: Serialize>(&self, stage: Stage, key: &str, value: &T) -> Option<OutputFile> {
        let build = self.build.as_ref()?;
        let payload = postcard::to_allocvec(value).ok()?;
        let envelope = Envelope {
            magic: MAGIC.into(),
            format: FORMAT,
            build: build.clone(),
            stage: stage.name().into(),
            key: key.into(),
            payload_hash: hash(&payload),
            payload,
        };
        let bytes = postcard::to_allocvec(&envelope).ok()?;
        Some(OutputFile::new(format!("{CACHE_DIR}/{}", Self::file_name(stage)), bytes))
    }

    /// `state.json` for a run with these keys that wrote these outputs, and the `.gitignore`
    /// that keeps the cache out of version control.
    pub fn state_files(&self, keys: &StageKeys, outputs: &[OutputFile]) -> Vec<OutputFile> {
        let Some(build) = self.build.clone() else { return Vec::new() };
        let state = State {
            format: FORMAT,
            build,
            stages: Stage::ALL
                .iter()
                .map(|&s| {
                    let record = StageRecord { key: keys.key(s).into(), components: keys.components(s).clone() };
                    (s.name().to_string(), record)
                })
                .collect(),
            outputs: outputs.iter().map(|f| (f.path.clone(), f.hash())).collect(),
        };
        let mut json = serde_json::to_string_pretty(&state).expect("a cache state always serialises");
        json.push('\n');
        vec![
            OutputFile::new(
                format!("{CACHE_DIR}/.gitignore"),
                "# Written by analyse: its incremental cache, not for version control.\n*\n",
            ),
            OutputFile::new(format!("{CACHE_DIR}/{STATE_FILE}"), json),
        ]
    }
}

/// The value in a stage file, or why it cannot be used.
fn open_envelope<T: DeserializeOwned>(bytes: &[u8], build: &str, stage: Stage, key: &str) -> Result<T, String> {
    let envelope: Envelope = postcard::from_bytes(bytes).map_err(|e| format!("is damaged ({e})"))?;
    if envelope.magic != MAGIC || envelope.format != FORMAT {
        return Err("is not a cache file of this version".into());
    }
    if envelope.build != build {
        return Err(format!("was written by {}", envelope.build));
    }
    if envelope.stage != stage.name() || envelope.key != key {
        return Err("holds a value for other inputs than the last run's".into());
    }
    if hash(&envelope.payload) != envelope.payload_hash {
        return Err("is damaged (its content does not match its hash)".into());
    }
    postcard::from_bytes(&envelope.payload).map_err(|e| format!("cannot be read by this version ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache whose record of the last run has key `k` for stage `stage`.
    fn cache_with_state(dir: &Path, build: &str, stage: Stage, k: &str) -> Cache {
        let mut cache = Cache::open(dir, Some(build.into()));
        let record = StageRecord { key: k.into(), components: Components::new() };
        cache.state = Some(State {
            format: FORMAT,
            build: build.into(),
            stages: [(stage.name().to_string(), record)].into_iter().collect(),
            outputs: BTreeMap::new(),
        });
        cache
    }

    fn write(dir: &Path, file: &OutputFile) {
        crate::run::output::write_all(dir, std::slice::from_ref(file)).unwrap();
    }

    #[test]
    fn a_value_round_trips_bit_for_bit() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = cache_with_state(dir.path(), "b1", Stage::Analysis, "k1");
        // 0.1 + 0.2 is not 0.3 in binary; the cache must give back exactly the same bits.
        let value = (vec![0.1_f64 + 0.2, f64::NAN.min(1.5), 1e-300], "tekst met ë".to_string());
        write(dir.path(), &cache.entry_file(Stage::Analysis, "k1", &value).unwrap());
        let back: (Vec<f64>, String) = cache.load(Stage::Analysis, "k1").unwrap();
        assert_eq!(
            back.0.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            value.0.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(back.1, value.1);
        assert!(cache.notes.is_empty());
    }

    #[test]
    fn another_build_a_wrong_key_and_damage_are_refused_with_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let old = cache_with_state(dir.path(), "analyse 0.0.9 (build 1)", Stage::Coding, "k");
        write(dir.path(), &old.entry_file(Stage::Coding, "k", &vec![1u32, 2, 3]).unwrap());

        // A stage file of another build, even when the record claims the same key.
        let mut new = cache_with_state(dir.path(), "analyse 0.1.0 (build 2)", Stage::Coding, "k");
        assert_eq!(new.load::<Vec<u32>>(Stage::Coding, "k"), None);
        assert!(new.notes[0].contains("was written by analyse 0.0.9"), "{:?}", new.notes);

        // A key the record does not hold is not looked up; a file that disagrees with the
        // record is refused.
        let mut same = cache_with_state(dir.path(), "analyse 0.0.9 (build 1)", Stage::Coding, "k");
        assert_eq!(same.load::<Vec<u32>>(Stage::Coding, "other key"), None);
        assert!(same.notes.is_empty());
        let mut disagreeing = cache_with_state(dir.path(), "analyse 0.0.9 (build 1)", Stage::Coding, "k2");
        assert_eq!(disagreeing.load::<Vec<u32>>(Stage::Coding, "k2"), None);
        assert!(disagreeing.notes[0].contains("other inputs"), "{:?}", disagreeing.notes);
        assert_eq!(same.load::<Vec<u32>>(Stage::Coding, "k"), Some(vec![1, 2, 3]));

        // Flip one byte of the payload (the last byte of the file): the hash no longer matches.
        let path = dir.path().join(".cache/coding.bin");
        let mut bytes = std::fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(same.load::<Vec<u32>>(Stage::Coding, "k"), None);
        // Truncated.
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(same.load::<Vec<u32>>(Stage::Coding, "k"), None);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(same.load::<Vec<u32>>(Stage::Coding, "k"), None);
        assert_eq!(same.notes.len(), 3, "{:?}", same.notes);
        assert!(same.notes.iter().all(|n| n.contains(".cache/coding.bin") && n.contains("coding redone")));
    }

    #[test]
    fn a_state_of_another_build_or_damaged_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let state =
            State { format: FORMAT, build: "build A".into(), stages: BTreeMap::new(), outputs: BTreeMap::new() };
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        std::fs::write(dir.path().join(".cache/state.json"), serde_json::to_vec(&state).unwrap()).unwrap();
        assert_eq!(Cache::open(dir.path(), Some("build A".into())).state, Some(state));
        let other = Cache::open(dir.path(), Some("build B".into()));
        assert!(other.state.is_none());
        assert!(other.notes[0].contains("written by build A"), "{:?}", other.notes);
        std::fs::write(dir.path().join(".cache/state.json"), "{ not json").unwrap();
        let damaged = Cache::open(dir.path(), Some("build A".into()));
        assert!(damaged.state.is_none() && damaged.notes[0].contains("damaged"));
        let no_build = Cache::open(dir.path(), None);
        assert!(no_build.state.is_none() && !no_build.notes.is_empty());
    }
}
