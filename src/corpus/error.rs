//! Mistakes in transcripts and respondent files, each naming the file and, where there is
//! one, the line.

use std::path::PathBuf;

use super::text::DecodeProblem;

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} {problem}")]
    Encoding { path: PathBuf, problem: DecodeProblem },
    #[error("{path}: line {line}: {message}")]
    Respondents { path: PathBuf, line: usize, message: String },
    #[error("{path}: line {line}: {message}")]
    Format { path: PathBuf, line: usize, message: String },
    #[error("{path} {message}")]
    Docx { path: PathBuf, message: String },
    #[error(
        "{path}: transcripts with the extension '.{extension}' cannot be read; use .txt, .md, .vtt, .srt, .docx or .pdf"
    )]
    UnsupportedFormat { path: PathBuf, extension: String },
    #[error("{path} holds no text to code; remove it from the project or fill it")]
    Empty { path: PathBuf },
    #[error("{path} {problem}")]
    Pdf { path: PathBuf, problem: super::pdf::PdfProblem },
    #[error("{path}: line {line}: respondent '{id}' is not in the respondents file; add a row with id {id}, or rename the transcript after its respondent")]
    UnknownRespondent { path: PathBuf, line: usize, id: String },
    #[error("{path}: the file name holds a control character ({code}), which would break the outputs that name the document; rename the file")]
    ControlInName { path: PathBuf, code: String },
    #[error("two transcripts have the document id '{id}' ({first} and {second}); rename one of them")]
    DuplicateDocument { id: String, first: String, second: String },
}
