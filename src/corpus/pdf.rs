//! PDF files read directly: the text of every page, cleaned like `<id>.pdf.txt` text.
//!
//! Policy documents and many transcripts come as PDF. The text layer of each page is taken
//! with `pdf-extract` (on `lopdf`), pages are joined with form feeds as `pdftotext` writes
//! them, and [`super::pdf_text::clean_pdf_text`] drops page numbers, rejoins hyphenated
//! words and unwraps lines. A page without a text layer (a scan) gives no text; its number
//! is kept so the run can say which pages need OCR. A PDF without text on any page, an
//! encrypted PDF or a damaged one is an error naming the file.

use super::pdf_text::clean_pdf_text;
use super::text::normalise_owned;

/// The cleaned text of a PDF and the pages (from 1) that had no extractable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    pub text: String,
    pub empty_pages: Vec<usize>,
}

/// Why a PDF gave no text, worded to finish "file.pdf …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    /// lopdf could not read the file, or the extractor gave up on it.
    Unreadable(String),
    /// Pages, but no text on any of them.
    NoText { pages: usize },
}

impl std::fmt::Display for PdfProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfProblem::Unreadable(why) => write!(
                f,
                "cannot be read as a PDF ({why}); export it again, or save its text as <id>.pdf.txt and list that instead"
            ),
            PdfProblem::NoText { pages } => write!(
                f,
                "has no extractable text on any of its {pages} pages (a scan?); run OCR on it first, or save its text as <id>.pdf.txt"
            ),
        }
    }
}

/// Extracts and cleans the text of a PDF held in `bytes`.
pub fn pdf_text(bytes: &[u8]) -> Result<PdfText, PdfProblem> {
    // The extractor panics on some malformed files instead of returning an error; a panic on
    // one input file must become that file's error, not end the run.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| PdfProblem::Unreadable("the text extractor failed on its content".into()))?
        .map_err(|e| PdfProblem::Unreadable(e.to_string()))?;
    let empty_pages: Vec<usize> =
        pages.iter().enumerate().filter(|(_, p)| p.trim().is_empty()).map(|(i, _)| i + 1).collect();
    if empty_pages.len() == pages.len() {
        return Err(PdfProblem::NoText { pages: pages.len() });
    }
    let joined = normalise_owned(pages.join("\u{000C}"));
    Ok(PdfText { text: clean_pdf_text(&joined), empty_pages })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made by tests/fixtures/make_pdf.py; its docstring has the text a reader sees.
    const NOTE: &[u8] = include_bytes!("../../tests/fixtures/documents/beleidsnotitie.pdf");

    #[test]
    fn text_of_every_page_cleaned_and_the_page_without_text_named() {
        let got = pdf_text(NOTE).unwrap();
        assert_eq!(got.empty_pages, vec![2]);
        assert_eq!(
            got.text,
            "Beleidsnotitie samenwerking\n\nDe gemeente en de zorgaanbieder maken één plan.\n\nHet wijkteam neemt de regie bij samenwerking rond cliënten.\n\nVerantwoordelijkheid wordt gedeeld.\n"
        );
    }

    #[test]
    fn broken_empty_and_truncated_files_are_errors() {
        for bytes in [&b""[..], b"%PDF-1.4\n", b"not a pdf at all", &NOTE[..NOTE.len() / 2], &[0xFFu8; 4096][..]] {
            match pdf_text(bytes) {
                Err(PdfProblem::Unreadable(_)) | Err(PdfProblem::NoText { .. }) => {}
                other => panic!("{} bytes: {other:?}", bytes.len()),
            }
        }
    }
}
