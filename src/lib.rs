//! `analyse` turns a qualitative interview study into the tables and figures of a thesis.
//!
//! The pipeline runs in one direction: [`project`] reads `analyse.toml` into a validated
//! [`project::Plan`]; [`corpus`] reads transcripts and respondent attributes into documents cut
//! into segments with character offsets; [`codebook`] loads the YAML codebooks and compiles
//! their rules once; [`coding`] applies the compiled rules to the corpus in parallel;
//! [`analysis`] computes frequencies, co-occurrence and saturation as plain [`table::Table`]s;
//! [`render`] writes tables and figures; [`run`] orchestrates the stages and [`manifest`] records
//! the hash of every input and output. [`incremental`] reruns only the stages whose inputs or
//! settings changed ([`stage_keys`], values kept by [`cache`]), and [`check`] tells whether an
//! output folder is what the inputs produce. Each stage takes the previous stage's value and returns
//! its own, so every stage can be used (and tested) on its own.

pub mod analysis;
pub mod cache;
pub mod check;
pub mod cli;
pub mod codebook;
pub mod codebook_diff;
pub mod coding;
pub mod corpus;
pub mod error;
pub mod evaluate;
pub mod incremental;
pub mod init;
pub mod inputs;
pub mod interop;
pub mod manifest;
pub mod output;
pub mod progress;
pub mod project;
pub mod pseudonymise;
pub mod render;
pub mod run;
pub mod stage_keys;
pub mod table;
pub mod timings;
