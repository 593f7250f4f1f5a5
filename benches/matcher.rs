//! The matcher as a number (issue 15): both shipped codebooks compiled, and
//! `CompiledCodebook::hits_many` over a fixed, seeded set of the sample's respondent turns, and
//! the two together (patterns are compiled on first need, so compiling alone is not the whole
//! cost).
//!
//! `cargo bench --bench matcher` (add `-- --quick` for a short run). The units are coded on one
//! thread, in batches of 40 as a run codes a document, so the number is the matcher's own
//! throughput and not the machine's core count; a run spreads documents over rayon's threads.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use analyse::codebook::{load_codebooks, Codebook, CompiledCodebook, Diacritics};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod sample;

/// Bytes of generated units coded per iteration: large enough that every rule's automata warm
/// up, small enough for a quick run (about a second per iteration at 0.2 MB/s).
const UNIT_BYTES: usize = 200_000;

/// Respondents' turns of the sample's .txt transcripts, in file order.
fn sample_turns() -> Vec<String> {
    sample::transcripts()
        .iter()
        .flat_map(|text| text.lines().filter_map(|l| l.strip_prefix("R: ")).map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// Units of one to four sample turns drawn with a fixed linear congruential generator (the
/// same draw as the prefilter's equivalence test), until `bytes` are reached.
fn generated_units(bytes: usize) -> Vec<String> {
    let turns = sample_turns();
    let mut state: u64 = 20240501;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let (mut units, mut size) = (Vec::new(), 0);
    while size < bytes {
        let parts: Vec<&str> = (0..1 + next(4)).map(|_| turns[next(turns.len())].as_str()).collect();
        let unit = parts.join("\n");
        size += unit.len();
        units.push(unit);
    }
    units
}

/// Both shipped codebooks, loaded as a run loads them.
fn shipped() -> Codebook {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("codebooks");
    let paths: Vec<(PathBuf, String)> = ["sensitizing-concepts.yaml", "trimbos-factoren.yaml"]
        .iter()
        .map(|name| (dir.join(name), format!("codebooks/{name}")))
        .collect();
    load_codebooks(&paths).expect("the shipped codebooks load")
}

fn matcher(c: &mut Criterion) {
    let book = shipped();
    let mut group = c.benchmark_group("shipped codebooks");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));

    group.bench_function("compile", |b| {
        b.iter(|| CompiledCodebook::compile(black_box(&book), Diacritics::Ignore).expect("compiles"))
    });

    let compiled = CompiledCodebook::compile(&book, Diacritics::Ignore).expect("compiles");
    let units = generated_units(UNIT_BYTES);
    let bytes: usize = units.iter().map(String::len).sum();
    let texts: Vec<&str> = units.iter().map(String::as_str).collect();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("hits_many, one thread, 200 kB of sample turns", |b| {
        b.iter(|| texts.chunks(40).map(|chunk| compiled.hits_many(black_box(chunk)).len()).sum::<usize>())
    });
    // Patterns are compiled when a unit first needs them, so `compile` alone leaves out the
    // compiling that coding then does: this is the cost of a codebook edit on a small study.
    group.bench_function("compile, then hits_many on 200 kB, one thread", |b| {
        b.iter(|| {
            let fresh = CompiledCodebook::compile(black_box(&book), Diacritics::Ignore).expect("compiles");
            texts.chunks(40).map(|chunk| fresh.hits_many(black_box(chunk)).len()).sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, matcher);
criterion_main!(benches);
