//! The faster engine may only save work (issue 15): on a generated corpus of more than 5 MB,
//! coded with both shipped codebooks, every unit gets exactly the hits of the engine before —
//! every rule verified (no prefilter) with its Unicode pattern (no ASCII forms, see
//! [`super::pattern`]), each searched in the whole unit — and coding units in batches, rule by
//! rule ([`CompiledCodebook::hits_many`]), changes none either. Both paths search a
//! sentence-bound rule only in the stretches the prefilter saw its words in
//! ([`super::prefilter::Scratch::spans`]); the hits compared include the evidence text.

use std::path::PathBuf;

use super::{load_codebooks, CompiledCodebook, Diacritics};

/// Respondents' turns of the sample's .txt transcripts.
fn sample_turns() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data-sample/transcripts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("sample transcripts")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut turns = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("utf-8 transcript");
        turns.extend(text.lines().filter_map(|l| l.strip_prefix("R: ")).map(str::to_string));
    }
    turns
}

/// Units of one to four sample turns, drawn with a fixed linear congruential generator, until
/// `bytes` are reached. Some turns get a hyphen broken over a line, as PDF text has them.
fn generated_units(bytes: usize) -> Vec<String> {
    let turns = sample_turns();
    assert!(turns.len() > 100, "the sample has respondents' turns");
    let mut state: u64 = 20240501;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let (mut units, mut size) = (Vec::new(), 0);
    while size < bytes {
        let parts: Vec<&str> = (0..1 + next(4)).map(|_| turns[next(turns.len())].as_str()).collect();
        let mut unit = parts.join("\n");
        if next(10) == 0 {
            unit = unit.replacen("werk", "wer-\nk", 1);
        }
        // Characters that folding keeps (no ASCII form), so that units are also matched with
        // the patterns' Unicode forms; a gap such as `[^.?!]{0,40}` counts them as one.
        if next(10) == 0 {
            let at = unit.char_indices().map(|(i, _)| i).nth(next(unit.chars().count().max(1))).unwrap_or(0);
            unit.insert_str(at, ["€ ", "日本", " ½ ", "°"][next(4)]);
        }
        size += unit.len();
        units.push(unit);
    }
    units
}

fn shipped(
    diacritics: Diacritics,
    compile: fn(&super::Codebook, Diacritics) -> Result<CompiledCodebook, super::CodebookError>,
) -> CompiledCodebook {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("codebooks");
    let paths: Vec<(PathBuf, String)> = ["sensitizing-concepts.yaml", "trimbos-factoren.yaml"]
        .iter()
        .map(|name| (dir.join(name), format!("codebooks/{name}")))
        .collect();
    let book = load_codebooks(&paths).expect("the shipped codebooks load");
    compile(&book, diacritics).expect("and compile")
}

/// Every unit's hits, one unit at a time and in batches of 40 (as a document's units are
/// coded), against the engine before (see the module documentation); and the batch that keeps
/// each code's first hit only, against those hits.
fn assert_same_hits(diacritics: Diacritics, units: &[String]) -> usize {
    let book = shipped(diacritics, CompiledCodebook::compile);
    let before = shipped(diacritics, CompiledCodebook::compile_unicode_only);
    use rayon::prelude::*;
    units
        .par_chunks(40)
        .map(|chunk| {
            let texts: Vec<&str> = chunk.iter().map(String::as_str).collect();
            let batch = book.hits_many(&texts);
            let firsts = book.first_hits_many(&texts);
            assert_eq!(batch.len(), chunk.len());
            let mut count = 0;
            for ((unit, batched), first) in chunk.iter().zip(batch).zip(firsts) {
                let hits = book.hits(unit);
                assert_eq!(hits, before.hits_without_prefilter(unit), "unit: {unit}");
                assert_eq!(batched, hits, "in a batch, unit: {unit}");
                // What coding keeps: each code's first hit, with rules of a fired code skipped.
                let mut kept = hits.clone();
                kept.dedup_by_key(|h| h.code);
                assert_eq!(first, kept, "first hits of each code, unit: {unit}");
                count += hits.len();
            }
            count
        })
        .sum()
}

#[test]
fn the_faster_engine_changes_no_hit_on_5_mb_with_the_shipped_codebooks() {
    let units = generated_units(5_000_000);
    let hits = assert_same_hits(Diacritics::Ignore, &units);
    // The comparison means something only when many rules fire.
    assert!(hits > units.len() / 2, "{hits} hits in {} units", units.len());
}

#[test]
fn prefilter_changes_no_hit_when_diacritics_must_match() {
    let units = generated_units(500_000);
    assert!(assert_same_hits(Diacritics::Match, &units) > 0);
}
