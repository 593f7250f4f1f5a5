//! The harness the integration tests share: a project folder in a temporary directory, the
//! `analyse` binary run in it, and what it printed.
//!
//! Each test file includes this module (`mod common;`) and uses the part it needs, hence the
//! `dead_code` allowance.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A project folder with files, and a way to run the binary in it.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// A folder holding `files` (path relative to the folder, content).
    pub fn new<C: AsRef<[u8]>>(files: &[(&str, C)]) -> Self {
        let project = Self { dir: tempfile::tempdir().unwrap() };
        for (path, content) in files {
            project.write(path, content);
        }
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating its folders.
    pub fn write(&self, path: &str, content: impl AsRef<[u8]>) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.path().join(path)).unwrap();
    }

    /// A file of the project folder as text.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.path().join(path).exists()
    }

    /// Runs `analyse ARGS` in the project folder.
    pub fn analyse(&self, args: &[&str]) -> Outcome {
        let output = Command::cargo_bin("analyse").unwrap().current_dir(self.path()).args(args).output().unwrap();
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Runs `analyse ARGS` with a standard output whose reading end is closed before the
    /// program starts, as `analyse … | head -1` leaves it once `head` has read its line: every
    /// write to standard output fails with a broken pipe.
    pub fn analyse_into_closed_pipe(&self, args: &[&str]) -> Outcome {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_analyse"))
            .current_dir(self.path())
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(writer)
            .output()
            .unwrap();
        Outcome {
            code: output.status.code().unwrap_or(-1),
            stdout: String::new(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// A path under the output folder `out/`.
    pub fn out(&self, path: &str) -> PathBuf {
        self.path().join("out").join(path)
    }

    pub fn read_out(&self, path: &str) -> String {
        std::fs::read_to_string(self.out(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Every file under `out/` with its bytes; `with_cache` includes the cache in `out/.cache/`.
    pub fn snapshot(&self, with_cache: bool) -> BTreeMap<String, Vec<u8>> {
        self.snapshot_of("out", with_cache)
    }

    /// Every file under the project's folder `dir` with its bytes; `with_cache` includes the
    /// cache in `dir/.cache/`.
    pub fn snapshot_of(&self, dir: &str, with_cache: bool) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, root: &Path, with_cache: bool, into: &mut BTreeMap<String, Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for entry in entries {
                let path = entry.unwrap().path();
                let relative = path.strip_prefix(root).unwrap().display().to_string();
                if !with_cache && relative.starts_with(".cache") {
                    continue;
                }
                if path.is_dir() {
                    walk(&path, root, with_cache, into);
                } else {
                    into.insert(relative, std::fs::read(&path).unwrap());
                }
            }
        }
        let mut files = BTreeMap::new();
        let out = self.path().join(dir);
        walk(&out, &out, with_cache, &mut files);
        files
    }
}

/// What a run of the binary printed, and its exit code.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit code; stderr:\n{}\nstdout:\n{}", self.stderr, self.stdout);
        self
    }

    #[track_caller]
    pub fn expect_stderr(&self, parts: &[&str]) -> &Self {
        for part in parts {
            assert!(self.stderr.contains(part), "stderr lacks {part:?}:\n{}", self.stderr);
        }
        self
    }

    /// The exit code and parts of the error output.
    #[track_caller]
    pub fn expect(&self, code: i32, stderr_parts: &[&str]) -> &Self {
        self.expect_code(code).expect_stderr(stderr_parts)
    }
}
