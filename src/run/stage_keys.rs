//! What each stage of a run depends on, and the key that says whether its value can be reused.
//!
//! A stage's key is the BLAKE3 hash of the build of `analyse` that computes it, the previous
//! stage's key, the inputs it reads and the settings it uses. Two runs with equal keys for a
//! stage compute the same value for it, so the cached value can stand in for the computation.
//! The parts of a key are kept by name ([`Components`]) so that a run can say what changed.
//!
//! A stage's settings are its own options struct in [`crate::project::Settings`], read
//! through serde field by field ([`Stage::settings`]): a setting added to a stage's options
//! is part of that stage's key, of the manifest and of the report without being listed again.

use std::collections::BTreeMap;

use crate::project::{Plan, Settings};
use crate::run::inputs::{InputRole, Inputs};

/// The stages of a run, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Ingest,
    Coding,
    Analysis,
    Rendering,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Ingest, Stage::Coding, Stage::Analysis, Stage::Rendering];

    /// The stage's name in messages and cache file names.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Coding => "coding",
            Stage::Analysis => "analysis",
            Stage::Rendering => "rendering",
        }
    }

    /// The stage's options as JSON, field by field as in `analyse.toml`: the one place that
    /// says which settings a stage depends on.
    pub fn settings(self, settings: &Settings) -> serde_json::Value {
        let value = match self {
            Stage::Ingest => serde_json::to_value(&settings.ingest),
            Stage::Coding => serde_json::to_value(settings.coding),
            Stage::Analysis => serde_json::to_value(&settings.analysis),
            Stage::Rendering => serde_json::to_value(&settings.rendering),
        };
        value.expect("options are plain data and always serialise")
    }

    /// The stage that reads an input of this role; `None` for inputs whose content reaches the
    /// stages another way (the project file, through the settings).
    pub fn reading(role: InputRole) -> Option<Stage> {
        match role {
            InputRole::ProjectFile => None,
            InputRole::Transcript | InputRole::Respondents => Some(Stage::Ingest),
            InputRole::Codebook => Some(Stage::Coding),
            // The evaluation against manual codings and the overlap co-occurrence are analyses.
            InputRole::Gold => Some(Stage::Analysis),
            InputRole::Pseudonyms => Some(Stage::Rendering),
            InputRole::Coded => Some(Stage::Coding),
        }
    }
}

/// The named parts of a stage's key: `input:<role>:<path>` → content hash, and
/// `setting:<name>` → the setting's value as JSON.
pub type Components = BTreeMap<String, String>;

/// The key of every stage of a plan with the given inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageKeys {
    pub keys: BTreeMap<Stage, (String, Components)>,
}

impl StageKeys {
    /// `build`: the identity of the running program ([`crate::run::cache::build_fingerprint`]).
    pub fn compute(plan: &Plan, inputs: &Inputs, build: &str) -> Self {
        let mut components: BTreeMap<Stage, Components> = Stage::ALL
            .iter()
            .map(|&stage| {
                let settings = fields(&stage.settings(&plan.settings));
                (stage, settings.into_iter().map(|(name, value)| (format!("setting:{name}"), value)).collect())
            })
            .collect();
        for file in &inputs.files {
            if let Some(stage) = Stage::reading(file.role) {
                components
                    .get_mut(&stage)
                    .expect("every stage")
                    .insert(format!("input:{}:{}", file.role.noun(), file.shown), file.hash.clone());
            }
        }
        let mut keys = BTreeMap::new();
        let mut previous = String::new();
        for stage in Stage::ALL {
            let parts = components.remove(&stage).expect("every stage");
            let mut hasher = blake3::Hasher::new();
            for field in [build, stage.name(), &previous] {
                hash_field(&mut hasher, field);
            }
            for (name, value) in &parts {
                hash_field(&mut hasher, name);
                hash_field(&mut hasher, value);
            }
            let key = hasher.finalize().to_hex().to_string();
            previous = key.clone();
            keys.insert(stage, (key, parts));
        }
        Self { keys }
    }

    pub fn key(&self, stage: Stage) -> &str {
        &self.keys[&stage].0
    }

    pub fn components(&self, stage: Stage) -> &Components {
        &self.keys[&stage].1
    }
}

/// Length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently.
fn hash_field(hasher: &mut blake3::Hasher, field: &str) {
    hasher.update(&(field.len() as u64).to_le_bytes());
    hasher.update(field.as_bytes());
}

/// The fields of a stage's options with their values as JSON.
pub fn fields(options: &serde_json::Value) -> Vec<(String, String)> {
    let object = options.as_object().map(|o| o.iter()).into_iter().flatten();
    object.map(|(name, value)| (name.clone(), value.to_string())).collect()
}

/// What differs between the components a stage had at the last run and now, in words:
/// `codebook changed: codebooks/x.yaml`, `setting language changed: "nl" → "en"`.
pub fn describe_changes(before: &Components, now: &Components) -> Vec<String> {
    let mut out = Vec::new();
    for (name, value) in now {
        match before.get(name) {
            Some(old) if old == value => {}
            Some(old) => out.push(describe(name, "changed", Some((old, value)))),
            None => out.push(describe(name, "added", None)),
        }
    }
    for name in before.keys().filter(|n| !now.contains_key(*n)) {
        out.push(describe(name, "removed", None));
    }
    out
}

fn describe(name: &str, what: &str, values: Option<(&str, &str)>) -> String {
    let mut parts = name.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("input"), Some(role), Some(path)) => format!("{role} {what}: {path}"),
        (Some("setting"), Some(setting), None) => match values {
            Some((old, new)) => format!("setting {setting} {what}: {old} → {new}"),
            None => format!("setting {setting} {what}"),
        },
        _ => format!("{name} {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::inputs::InputFile;

    fn plan() -> Plan {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("analyse.toml"), "").unwrap();
        std::fs::create_dir(dir.path().join("transcripts")).unwrap();
        std::fs::write(dir.path().join("transcripts/D1.txt"), "D1: hallo\n").unwrap();
        std::fs::create_dir(dir.path().join("codebooks")).unwrap();
        std::fs::write(dir.path().join("codebooks/x.yaml"), "").unwrap();
        Plan::load(dir.path(), None).unwrap()
    }

    fn inputs(codebook: &str, transcript: &str) -> Inputs {
        let file = |role, shown: &str, hash: &str| InputFile {
            path: shown.into(),
            shown: shown.into(),
            role,
            bytes: Vec::new(),
            hash: hash.into(),
        };
        Inputs {
            files: vec![
                file(InputRole::ProjectFile, "analyse.toml", "p"),
                file(InputRole::Transcript, "transcripts/D1.txt", transcript),
                file(InputRole::Codebook, "codebooks/x.yaml", codebook),
            ],
        }
    }

    #[test]
    fn every_setting_belongs_to_one_stage_and_keeps_its_name() {
        let plan = plan();
        let named: Vec<String> =
            Stage::ALL.iter().flat_map(|s| fields(&s.settings(&plan.settings))).map(|(n, _)| n).collect();
        // Every analyse.toml setting that is not a path, once (hand-listed from project.rs).
        let mut expected = vec![
            "unit",
            "interviewer_labels",
            "encoding",
            "diacritics",
            "context",
            "speakers",
            "document_unit",
            "groups",
            "order",
            "permutations",
            "seed",
            "bootstrap_resamples",
            "cooccurrence_window",
            "tree_level",
            "gnc_base",
            "gnc_run",
            "gnc_threshold",
            "francis_initial",
            "francis_stop",
            "organisation_type",
            "profession",
            "title",
            "language",
            "quote_attribution",
            "quotes_per_code",
            "heatmap_order",
            "code_map_threshold",
            "portraits",
            "labels",
        ];
        let mut named_sorted = named.clone();
        named_sorted.sort();
        expected.sort();
        assert_eq!(named_sorted, expected);
    }

    #[test]
    fn a_codebook_change_keeps_the_ingest_key_and_changes_every_later_key() {
        let plan = plan();
        let a = StageKeys::compute(&plan, &inputs("c1", "t1"), "build");
        let b = StageKeys::compute(&plan, &inputs("c2", "t1"), "build");
        assert_eq!(a.key(Stage::Ingest), b.key(Stage::Ingest));
        for stage in [Stage::Coding, Stage::Analysis, Stage::Rendering] {
            assert_ne!(a.key(stage), b.key(stage), "{stage:?}");
        }
        assert_eq!(
            describe_changes(a.components(Stage::Coding), b.components(Stage::Coding)),
            ["codebook changed: codebooks/x.yaml"]
        );
    }

    #[test]
    fn a_rendering_setting_changes_only_the_rendering_key() {
        let plan_nl = plan();
        let mut plan_en = plan_nl.clone();
        plan_en.settings.rendering.language = crate::render::Language::En;
        let a = StageKeys::compute(&plan_nl, &inputs("c", "t"), "build");
        let b = StageKeys::compute(&plan_en, &inputs("c", "t"), "build");
        for stage in [Stage::Ingest, Stage::Coding, Stage::Analysis] {
            assert_eq!(a.key(stage), b.key(stage), "{stage:?}");
        }
        assert_ne!(a.key(Stage::Rendering), b.key(Stage::Rendering));
        assert_eq!(
            describe_changes(a.components(Stage::Rendering), b.components(Stage::Rendering)),
            [r#"setting language changed: "nl" → "en""#]
        );
    }

    #[test]
    fn another_build_changes_every_key_and_the_project_file_none() {
        let plan = plan();
        let a = StageKeys::compute(&plan, &inputs("c", "t"), "build 1");
        let b = StageKeys::compute(&plan, &inputs("c", "t"), "build 2");
        assert!(Stage::ALL.iter().all(|&s| a.key(s) != b.key(s)));
        let mut edited = inputs("c", "t");
        edited.files[0].hash = "another comment in analyse.toml".into();
        assert_eq!(StageKeys::compute(&plan, &edited, "build 1"), a);
    }

    #[test]
    fn a_transcript_added_is_named() {
        let mut before = Components::new();
        before.insert("input:transcript:t/D1.txt".into(), "h".into());
        let mut now = before.clone();
        now.insert("input:transcript:t/D2.txt".into(), "h".into());
        assert_eq!(describe_changes(&before, &now), ["transcript added: t/D2.txt"]);
        assert_eq!(describe_changes(&now, &before), ["transcript removed: t/D2.txt"]);
    }
}
