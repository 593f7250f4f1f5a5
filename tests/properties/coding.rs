//! Files a person wrote for the coding stage: manual codings (CSV with character offsets) and
//! the pseudonym mapping.

use std::path::Path;

use analyse::codebook::Codebook;
use analyse::coding::manual::manual_codings_from_bytes;
use analyse::corpus::{parse_document, text, Corpus, CorpusOptions};
use analyse::render::pseudonymise::Pseudonyms;
use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::{any_bytes, any_text, cell_text, config, dutch_text};

/// Two transcripts (`D1`, `D2`) of Dutch-looking text; each starts with a turn, so that it
/// always is a document.
fn corpus() -> impl Strategy<Value = Corpus> {
    (dutch_text(), dutch_text()).prop_map(|(a, b)| {
        let options = CorpusOptions::default();
        let documents = [("D1", a), ("D2", b)]
            .into_iter()
            .map(|(id, t)| {
                let t = text::normalise(&format!("R: ja {t}"));
                parse_document(id.into(), &format!("{id}.txt"), t, None, &options).expect("starts with a turn")
            })
            .collect();
        Corpus { documents, respondents: Default::default() }
    })
}

fn codebook() -> Codebook {
    crate::codebook::load("codebook:\n  id: t\ncodes:\n  - id: regie\n  - id: regie-casus\n    parent: regie\n")
        .expect("a valid codebook")
}

/// A coding row: document, span (as fractions of the text), code, coder, and whether the row
/// repeats the coded text.
type Row = (usize, Index, Index, usize, String, bool);

fn rows() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec((0..2usize, any::<Index>(), any::<Index>(), 0..2usize, cell_text(), any::<bool>()), 0..12)
}

/// Names as mappings hold them: people, organisations and places, pseudonyms, now and then
/// any text.
fn name() -> impl Strategy<Value = String> {
    let names = vec![
        "Anja de Vries",
        "Mark",
        "Zoë",
        "’t Hoen",
        "B.V. Zorg",
        "GGZ Noord",
        "Één",
        "Respondent A",
        "Organisatie X",
        "Plaats Y",
        "...",
        "",
    ];
    prop_oneof![4 => prop::sample::select(names).prop_map(String::from), 1 => cell_text()]
}

proptest! {
    #![proptest_config(config())]

    /// A manual coding file of any bytes: codings inside their documents, of codes of the
    /// codebook, or an error.
    #[test]
    fn manual_codings_from_any_bytes(corpus in corpus(), bytes in any_bytes()) {
        let codebook = codebook();
        if let Ok(codings) = manual_codings_from_bytes(Path::new("c.csv"), &bytes, &corpus, &codebook) {
            for c in codings {
                prop_assert!(c.start < c.end && c.end <= corpus.documents[c.document].text.chars().count());
                prop_assert!(c.code < codebook.codes.len());
            }
        }
    }

    /// The same for any text under the documented header.
    #[test]
    fn manual_codings_from_any_rows(corpus in corpus(), body in any_text()) {
        let file = format!("document,start,end,code,coder,text\n{body}");
        let _ = manual_codings_from_bytes(Path::new("c.csv"), file.as_bytes(), &corpus, &codebook());
    }

    /// Valid rows read back as written, in order: the coder's name trimmed and normalised
    /// like the rest of the file, the origin naming the file and line.
    #[test]
    fn manual_codings_read_back(corpus in corpus(), rows in rows()) {
        let codebook = codebook();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["document", "start", "end", "code", "coder", "text"]).unwrap();
        let mut expected = Vec::new();
        // The header is line 1; a quoted coder name may span lines, so lines are counted.
        let mut line = 2;
        for (d, a, b, code, coder, with_text) in &rows {
            let doc = &corpus.documents[*d];
            let chars: Vec<char> = doc.text.chars().collect();
            let (x, y) = (a.index(chars.len()), b.index(chars.len()));
            let (start, end) = (x.min(y), x.max(y) + 1);
            let fragment: String = chars[start..end].iter().collect();
            let code_id = &codebook.codes[*code].id;
            let text = if *with_text { fragment.as_str() } else { "" };
            w.write_record([doc.id.as_str(), &start.to_string(), &end.to_string(), code_id, coder, text]).unwrap();
            let coder_read = text::normalise(coder).trim().to_string();
            expected.push((*d, start, end, *code, coder_read, format!("c.csv:{line}")));
            line += 1 + coder.matches('\n').count() + text.matches('\n').count();
        }
        let bytes = w.into_inner().unwrap();
        let read = manual_codings_from_bytes(Path::new("c.csv"), &bytes, &corpus, &codebook);
        prop_assert!(read.is_ok(), "{:?}", read);
        let got: Vec<_> = read.unwrap().into_iter().map(|c| (c.document, c.start, c.end, c.code, c.coder, c.origin)).collect();
        prop_assert_eq!(got, expected);
    }

    /// A pseudonym mapping of any text or bytes is a mapping or an error; a mapping applies
    /// to any text.
    #[test]
    fn pseudonyms_from_any_text(mapping in any_text(), bytes in any_bytes(), sample in any_text()) {
        if let Ok(p) = Pseudonyms::parse(Path::new("pseudonyms.csv"), &mapping) {
            let _ = p.apply(&sample);
        }
        let _ = Pseudonyms::from_bytes(&bytes, Path::new("pseudonyms.csv"));
    }

    /// Mappings of names as people write them (with a kind column, separators of both kinds).
    #[test]
    fn pseudonyms_from_names(
        names in prop::collection::vec((name(), name(), prop::sample::select(vec!["", "person", "plaats", "Organisatie", "dier"])), 0..6),
        semicolon in any::<bool>(),
        sample in dutch_text(),
    ) {
        let delimiter = if semicolon { b';' } else { b',' };
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        w.write_record(["real", "pseudonym", "kind"]).unwrap();
        for (real, pseudonym, kind) in &names {
            w.write_record([real.as_str(), pseudonym.as_str(), kind]).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        if let Ok(p) = Pseudonyms::parse(Path::new("pseudonyms.csv"), &text) {
            let _ = p.apply(&sample);
        }
    }
}
