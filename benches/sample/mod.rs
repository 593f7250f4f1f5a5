//! The sample study's transcripts, read once by the benchmarks that time text work on real
//! Dutch speech (`matcher`, `analyses`), so both read the same files in the same order.

use std::path::PathBuf;

/// The text of every .txt transcript of `data-sample/transcripts`, in file-name order.
pub fn transcripts() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data-sample/transcripts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("sample transcripts")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|path| std::fs::read_to_string(path).expect("utf-8 transcript")).collect()
}
