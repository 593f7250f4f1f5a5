//! The analyses as numbers (issue 15): code frequencies, co-occurrence (segment, window and
//! document level) and the 1,000-permutation saturation curve of a generated coded study.
//!
//! `cargo bench --bench analyses` (add `-- --quick` for a short run). The study is made in
//! memory with a fixed linear congruential generator: 200 interviews of 200 respondent turns,
//! a codebook of 8 main codes with 4 sub-codes each, and 0–3 codes per turn, skewed so that
//! some codes are common and some rare (as in a real study, where saturation has a curve).
//! Word counting (the `speakers` table) is timed on the sample's transcripts.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use analyse::analysis::cooccurrence::segment_levels;
use analyse::analysis::frequencies::code_counts;
use analyse::analysis::saturation::Saturation;
use analyse::analysis::word_count::count_words;
use analyse::analysis::Study;
use analyse::codebook::{load_codebooks_with, Codebook};
use analyse::coding::{Coding, Source, Speakers};
use analyse::corpus::{Corpus, Document, DocumentKind, Respondent, Respondents, Segment, Speaker, Unit};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod sample;

const DOCUMENTS: usize = 200;
const TURNS: usize = 200;
const MAIN_CODES: usize = 8;
const SUB_CODES: usize = 4;

/// 8 main codes with 4 sub-codes each, read through the codebook loader from generated YAML.
fn codebook() -> Codebook {
    let mut yaml = String::from("codebook:\n  id: generated\ncodes:\n");
    for m in 0..MAIN_CODES {
        yaml.push_str(&format!("  - id: main{m}\n    rules:\n      - terms: [\"hoofd{m}\"]\n"));
        for s in 0..SUB_CODES {
            yaml.push_str(&format!(
                "  - id: sub{m}_{s}\n    parent: main{m}\n    rules:\n      - terms: [\"sub{m}x{s}\"]\n"
            ));
        }
    }
    let paths = [(PathBuf::from("generated.yaml"), "generated.yaml".to_string())];
    load_codebooks_with(&paths, &|_: &Path| Ok(yaml.clone().into_bytes())).expect("the generated codebook loads")
}

/// One interview of `TURNS` respondent turns, one character each (the analyses count
/// segments, they do not read text).
fn document(d: usize) -> Document {
    let respondent = format!("R{d}");
    let segments = (0..TURNS)
        .map(|i| Segment {
            ordinal: i + 1,
            start: i,
            end: i + 1,
            byte_start: i,
            byte_end: i + 1,
            unit: Unit::Turn,
            speaker: Speaker::Respondent(respondent.clone()),
            label: "R".into(),
            timestamp: None,
        })
        .collect();
    Document {
        id: format!("D{d}"),
        source: format!("D{d}.txt"),
        kind: DocumentKind::Interview,
        respondents: vec![respondent],
        text: "x".repeat(TURNS),
        segments,
        headers: Vec::new(),
        empty_pages: Vec::new(),
    }
}

/// The corpus, each respondent with an interview date (in an order other than the ids').
fn corpus() -> Corpus {
    let mut respondents = Respondents { columns: vec!["interview_date".into()], ..Default::default() };
    for d in 0..DOCUMENTS {
        let day = (d * 7919) % DOCUMENTS;
        let date = format!("{}-{:02}-{:02}", 2020 + day / 336, 1 + (day / 28) % 12, 1 + day % 28);
        let id = format!("R{d}");
        respondents.by_id.insert(id.clone(), Respondent { id, attributes: vec![("interview_date".into(), date)] });
    }
    Corpus { documents: (0..DOCUMENTS).map(document).collect(), respondents }
}

/// Zero to three codes per turn; the product of two uniform draws makes low code indices
/// common and high ones rare.
fn codings(codes: usize) -> Vec<Coding> {
    let mut state: u64 = 20240501;
    let mut next = move |n: usize| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut codings = Vec::new();
    for document in 0..DOCUMENTS {
        for segment in 0..TURNS {
            for _ in 0..next(4) {
                let code = next(codes) * next(codes) / codes;
                codings.push(Coding { document, segment, code, source: Source::Rule { rule: 0, matched: "".into() } });
            }
        }
    }
    codings
}

fn analyses(c: &mut Criterion) {
    let (corpus, book) = (corpus(), codebook());
    let codings = codings(book.codes.len());
    let identity: Vec<usize> = (0..book.codes.len()).collect();
    let mut group = c.benchmark_group("generated study (200 interviews x 200 turns, 40 codes)");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));

    group.bench_function("index + code frequencies", |b| {
        b.iter(|| code_counts(&Study::new(black_box(&corpus), &book, &codings, "interview_date")).len())
    });
    group.bench_function("co-occurrence, segment/window/document", |b| {
        b.iter(|| segment_levels(black_box(&corpus), &codings, &identity, 3, Speakers::Respondent).len())
    });
    let study = Study::new(&corpus, &book, &codings, "interview_date");
    group.bench_function("saturation, 1,000 permutations", |b| {
        b.iter(|| Saturation::compute(black_box(&study), 1000, 20240501).permutations)
    });
    group.finish();
}

/// Bytes of the sample's transcripts, repeated, whose words are counted per iteration.
const WORD_COUNT_BYTES: usize = 10_000_000;

/// Word counts (the `speakers` table, `count_words`), which were a tenth of the CPU of the
/// plain-pattern run at 100 MB: the sample's .txt transcripts as they are, repeated to
/// [`WORD_COUNT_BYTES`], counted one transcript at a time.
fn word_counts(c: &mut Criterion) {
    let texts = sample::transcripts();
    let one_round: usize = texts.iter().map(String::len).sum();
    let rounds = WORD_COUNT_BYTES.div_ceil(one_round);
    let mut group = c.benchmark_group("word counts");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes((one_round * rounds) as u64));
    group.bench_function("count_words, the sample's transcripts to 10 MB", |b| {
        b.iter(|| (0..rounds).map(|_| texts.iter().map(|t| count_words(black_box(t))).sum::<usize>()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, analyses, word_counts);
criterion_main!(benches);
