//! `analyse` turns a qualitative interview study into the tables and figures of a thesis.
//!
//! The pipeline runs in one direction. [`project`] reads `analyse.toml` into a validated
//! [`project::Plan`]: the files to read, and one options struct per stage. [`corpus`] reads
//! transcripts, documents and respondent attributes into documents cut into segments with
//! character offsets; [`codebook`] loads the codebooks and compiles their rules once;
//! [`coding`] applies them to the corpus in parallel and merges manual codings; [`analysis`]
//! computes frequencies, co-occurrence, saturation and agreement as plain numbers; [`render`]
//! words them in the project language and writes tables, figures, quotes and the report.
//! [`interop`] reads and writes the files of other QDA tools (REFI-QDA, MAXQDA, ATLAS.ti,
//! Taguette).
//!
//! [`run`] is the one pipeline: the stage order, the inputs and their hashes, the stage keys
//! and the incremental cache, the manifest and the atomic output folder. [`commands`] holds one
//! file per subcommand, and [`cli`] the command-line flags that dispatch to them. Each stage
//! takes the previous stage's value and its own options, and never reads the project file, so
//! every stage can be used (and tested) on its own.

pub mod analysis;
pub mod cli;
pub mod codebook;
pub mod coding;
pub mod commands;
pub mod corpus;
pub mod error;
pub mod interop;
pub mod project;
pub mod render;
pub mod run;
pub mod table;
