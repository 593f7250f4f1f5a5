//! Word `.docx` transcripts: the paragraphs of `word/document.xml` as plain text.
//!
//! Paragraphs become blocks separated by a blank line; tabs and line breaks inside a paragraph
//! are kept. Speaker labels may be typed as prefixes (`Interviewer: …`) or set in bold without
//! a colon (**Interviewer** …): a short bold first run followed by more text in the same
//! paragraph is taken as a label and given its colon (a colon in the plain run after it,
//! `**Ahmed**: …`, is that colon). A paragraph holding only a bold name shaped like a label
//! (**Anja de Vries**) becomes `Anja de Vries:` and labels the paragraphs below it; a bold
//! sentence does not. A name with a timestamp on its own paragraph (`Anja 00:01:12`) is read
//! by the turn parser. The text then goes through the same
//! turn parser as a `.txt` transcript.
//!
//! The archive is read defensively: only `word/document.xml` is opened, and it may not unpack
//! to more than [`MAX_XML_BYTES`] (a zip bomb stops there).

use std::io::Read;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Largest `word/document.xml` read; a 2-hour verbatim transcript is about 1 MB of XML.
pub const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Longest bold first run that is still taken for a speaker label.
const MAX_BOLD_LABEL_CHARS: usize = 40;

/// The plain text of a `.docx` file's bytes, or a message saying what is wrong.
pub fn docx_text(bytes: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("is not a Word .docx file (not a readable zip archive: {e})"))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| "has no word/document.xml; is it a Word document?".to_string())?;
    let mut xml = Vec::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("word/document.xml cannot be unpacked: {e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(format!(
            "word/document.xml unpacks to more than {} MB; refusing to read it",
            MAX_XML_BYTES / 1024 / 1024
        ));
    }
    paragraphs_text(&xml)
}

/// One paragraph being read: its runs as (text, bold).
#[derive(Default)]
struct Paragraph {
    runs: Vec<(String, bool)>,
}

impl Paragraph {
    fn finish(self) -> String {
        let runs: Vec<(String, bool)> = self.runs.into_iter().filter(|(t, _)| !t.is_empty()).collect();
        if let Some(label) = bold_label_alone(&runs) {
            // A bold name alone on its line labels the paragraphs below it.
            return format!("{label}:");
        }
        let mut runs = runs.into_iter().peekable();
        let mut out = String::new();
        let mut after_label = false;
        if let Some((first, bold)) = runs.next() {
            let label = first.trim();
            let rest_has_text = runs.peek().is_some_and(|(t, _)| !t.trim().trim_start_matches(':').trim().is_empty());
            if bold
                && rest_has_text
                && !label.ends_with(':')
                && !label.is_empty()
                && label.chars().count() <= MAX_BOLD_LABEL_CHARS
            {
                out.push_str(label);
                out.push_str(": ");
                after_label = true;
            } else {
                out.push_str(&first);
            }
        }
        for (text, _) in runs {
            if std::mem::take(&mut after_label) {
                // `**Ahmed**: …` has its colon in the plain run after the bold name.
                let text = text.trim_start();
                out.push_str(text.strip_prefix(':').unwrap_or(text).trim_start());
            } else {
                out.push_str(&text);
            }
        }
        out.trim().to_string()
    }
}

/// The name of a paragraph that holds only bold text shaped like a speaker label
/// ([`crate::corpus::transcript::is_label`]), without a colon.
fn bold_label_alone(runs: &[(String, bool)]) -> Option<String> {
    if runs.is_empty() || !runs.iter().all(|(t, bold)| *bold || t.trim().is_empty()) {
        return None;
    }
    let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
    let label = text.trim();
    (label.chars().count() <= MAX_BOLD_LABEL_CHARS && super::transcript::is_label(label)).then(|| label.to_string())
}

/// Reads paragraphs, runs, bold, tabs and breaks from WordprocessingML.
fn paragraphs_text(xml: &[u8]) -> Result<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut paragraph: Option<Paragraph> = None;
    let mut run_text: Option<String> = None;
    let mut run_bold = false;
    let mut in_run_props = false;
    let mut in_text = false;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!("word/document.xml is not well-formed XML at byte {}: {e}", reader.error_position())
        })?;
        match event {
            Event::Start(e) => match e.local_name().into_inner() {
                "p" => paragraph = Some(Paragraph::default()),
                "r" => {
                    run_text = Some(String::new());
                    run_bold = false;
                }
                "rPr" => in_run_props = true,
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().into_inner() {
                "b" if in_run_props => {
                    let off = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.local_name().into_inner() == "val" && matches!(&*a.value, "0" | "false"));
                    run_bold = !off;
                }
                "tab" => push(&mut run_text, "\t"),
                "br" | "cr" => push(&mut run_text, "\n"),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text: &str = t.as_ref();
                push(&mut run_text, text);
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = r.as_ref();
                let resolved = match name {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => format!("&{other};"),
                    },
                };
                push(&mut run_text, &resolved);
            }
            Event::End(e) => match e.local_name().into_inner() {
                "t" => in_text = false,
                "rPr" => in_run_props = false,
                "r" => {
                    if let (Some(p), Some(text)) = (paragraph.as_mut(), run_text.take()) {
                        p.runs.push((text, run_bold));
                    }
                }
                "p" => {
                    if let Some(p) = paragraph.take() {
                        paragraphs.push(p.finish());
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let text: Vec<String> = paragraphs.into_iter().filter(|p| !p.is_empty()).collect();
    Ok(text.join("\n\n") + "\n")
}

fn push(run: &mut Option<String>, text: &str) {
    if let Some(r) = run.as_mut() {
        r.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx: a zip with `word/document.xml` holding `body`.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_prefix_and_bold_labels() {
        let body = r#"<w:p><w:r><w:t>Interview D14</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer:</w:t></w:r><w:r><w:t xml:space="preserve"> Wat doet u?</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Respondent</w:t></w:r><w:r><w:t xml:space="preserve"> Ik ben bestuurder &amp; </w:t></w:r><w:r><w:t>arts.</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>Tweede alinea</w:t></w:r><w:r><w:tab/><w:t>met tab.</w:t></w:r></w:p>"#;
        let text = docx_text(&docx(body)).unwrap();
        assert_eq!(text, "Interview D14\n\nInterviewer: Wat doet u?\n\nRespondent: Ik ben bestuurder & arts.\n\nTweede alinea\tmet tab.\n");
    }

    #[test]
    fn bold_name_alone_and_bold_name_with_plain_colon() {
        let body = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Interviewer</w:t></w:r></w:p>
<w:p><w:r><w:t>Wat doet u?</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Ahmed</w:t></w:r><w:r><w:t xml:space="preserve">: Ik werk bij de gemeente.</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Dit is een vetgedrukte zin.</w:t></w:r></w:p>"#;
        let text = docx_text(&docx(body)).unwrap();
        assert_eq!(
            text,
            "Interviewer:\n\nWat doet u?\n\nAhmed: Ik werk bij de gemeente.\n\nDit is een vetgedrukte zin.\n"
        );
        let turns = crate::corpus::transcript::parse_turns(&text);
        let got: Vec<_> = turns.iter().map(|t| (t.label.as_str(), &text[t.start..t.end])).collect();
        assert_eq!(
            got,
            vec![("Interviewer", "Wat doet u?"), ("Ahmed", "Ik werk bij de gemeente.\n\nDit is een vetgedrukte zin.")]
        );
    }

    #[test]
    fn bold_turned_off_is_not_a_label() {
        let body = r#"<w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>Nee</w:t></w:r><w:r><w:t xml:space="preserve"> zei ik.</w:t></w:r></w:p>"#;
        assert_eq!(docx_text(&docx(body)).unwrap(), "Nee zei ik.\n");
    }

    #[test]
    fn not_a_docx() {
        assert!(docx_text(b"plain text").unwrap_err().contains("not a Word .docx"));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("other.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        assert!(docx_text(&bytes).unwrap_err().contains("no word/document.xml"));
        let broken = docx("<w:p><w:r><w:t>open</w:r></w:p>");
        assert!(docx_text(&broken).unwrap_err().contains("not well-formed"));
    }

    #[test]
    fn zip_bomb_is_refused() {
        // 65 MB of one repeated character compresses to well under 1 MB.
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..65 {
            zip.write_all(&chunk).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1024 * 1024);
        assert!(docx_text(&bytes).unwrap_err().contains("more than 64 MB"));
    }
}
