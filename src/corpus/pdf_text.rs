//! Text extracted from PDF files (`pdftotext`, Acrobat's "Save as text", copy and paste):
//! the layout of the printed page undone so that the turns read as the speakers said them.
//!
//! A transcript named `<id>.pdf.txt` is read as such (its document id is `<id>`); the PDF
//! itself is never parsed. Three repairs, in this order:
//! 1. page numbers are dropped: a line alone at the top or bottom of a page (pages are split
//!    at form feeds, as `pdftotext` writes them) that is only a number, `- 3 -`, `3/12`,
//!    `Pagina 3`, `Page 3 of 12` or `p. 3`;
//! 2. a word hyphenated at a line end is rejoined when the next line goes on in lower case
//!    (`samen-\nwerking` → `samenwerking`); a hyphen before a capital (`Noord-\nHolland`) or a
//!    digit stays, with the line break removed;
//! 3. hard line breaks inside a paragraph become spaces; a blank line ends a paragraph and a
//!    line that starts with a speaker label (`R:`, `Interviewer:`) starts a new line.

use std::sync::OnceLock;

use regex::Regex;

use super::transcript::starts_with_label;

/// Whether a transcript file is PDF-extracted text, by its name.
pub fn is_pdf_text(file_name: &str) -> bool {
    file_name.to_lowercase().ends_with(".pdf.txt")
}

fn page_number() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:-\s*\d{1,4}\s*-|\d{1,4}(?:\s*/\s*\d{1,4})?|(?:pagina|page|blz\.?|p\.)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?)\s*$")
            .expect("page number pattern is valid")
    })
}

/// Repairs PDF-extracted text (see the module documentation). Line ends must be `\n`.
pub fn clean_pdf_text(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for page in text.split('\u{000C}') {
        let mut page_lines: Vec<&str> = page.split('\n').collect();
        let first = page_lines.iter().position(|l| !l.trim().is_empty());
        let last = page_lines.iter().rposition(|l| !l.trim().is_empty());
        for edge in [last, first].into_iter().flatten() {
            if page_number().is_match(page_lines[edge]) {
                page_lines[edge] = "";
            }
        }
        lines.extend(page_lines);
    }
    let mut out = String::with_capacity(text.len());
    let mut paragraph_open = false;
    let mut pending_hyphen = false;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if paragraph_open {
                out.push_str("\n\n");
                paragraph_open = false;
                pending_hyphen = false;
            }
            continue;
        }
        if paragraph_open {
            if pending_hyphen {
                let next = trimmed.chars().next().expect("not empty");
                if next.is_lowercase() {
                    out.pop(); // the hyphen
                }
            } else if starts_with_label(trimmed) {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        out.push_str(trimmed);
        paragraph_open = true;
        let mut tail = trimmed.chars().rev();
        pending_hyphen = tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic);
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_page_numbers_and_line_breaks() {
        let extracted = "I: Hoe verloopt de samen-\nwerking met de gemeente?\nR: Goed. De wijk-\nteams in Noord-\nHolland bellen ons\nvaak.\n\n3\n\u{000C}Pagina 4 van 12\nR: En de GGZ ook.\n- 5 -\n";
        assert_eq!(
            clean_pdf_text(extracted),
            "I: Hoe verloopt de samenwerking met de gemeente?\nR: Goed. De wijkteams in Noord-Holland bellen ons vaak.\n\nR: En de GGZ ook.\n"
        );
    }

    #[test]
    fn numbers_inside_a_page_stay() {
        // "12" in the middle of a page is text (an answer), not a page number.
        let extracted = "R: Hoeveel cliënten?\n12\nzeker.\n\n1\n";
        assert_eq!(clean_pdf_text(extracted), "R: Hoeveel cliënten? 12 zeker.\n");
    }

    #[test]
    fn many_pages() {
        // 5000 pages, each "R: Zin <n>." with its page number at the bottom: every number goes,
        // and the pages' lines join into one paragraph per page end (blank line before the number).
        let mut extracted = String::new();
        for n in 1..=5000 {
            extracted.push_str(&format!("R: Zin {n}.\n\n{n}\n\u{000C}"));
        }
        let cleaned = clean_pdf_text(&extracted);
        assert_eq!(cleaned.matches("R: Zin ").count(), 5000);
        assert!(!cleaned.lines().any(|l| l.trim().chars().all(|c| c.is_ascii_digit()) && !l.is_empty()));
    }

    #[test]
    fn empty_and_names() {
        assert_eq!(clean_pdf_text(""), "\n");
        assert!(is_pdf_text("D3.PDF.txt") && !is_pdf_text("D3.txt"));
    }
}
