//! Pseudonymisation: real names of persons, organisations and places replaced by pseudonyms in
//! every text that leaves the program, and a last check that none slipped through.
//!
//! The mapping is a CSV file named by `[output] pseudonyms` in `analyse.toml`, with a header
//! `real,pseudonym` and an optional third column `kind` (person, organisation, place; Dutch
//! persoon, organisatie, plaats also accepted). Matching is whole-word and case-insensitive
//! (Unicode), longest name first, so "Stichting De Brug" is replaced before "De Brug".
//!
//! Names and texts are compared in one folded form (see [`fold`]): every run of whitespace as
//! one space and every character as one representative of its Unicode simple case-folding
//! class, so "Janſen" (long s) is "Jansen". All names are searched at once with an
//! Aho-Corasick automaton over the folded text, and a match carries the index of its name, so
//! what is found is always what is replaced and reported; the automaton has no size limit that
//! a long mapping could reach the way one large regular expression can.
//!
//! [`Pseudonyms::apply`] is called on the texts the render stage writes (table cells, quotes,
//! figure labels, the report); [`Pseudonyms::check`] then scans every output file in memory,
//! before anything is written, and fails naming the mapping file and line of a real name that
//! still appears — so a run either writes pseudonymised outputs or nothing.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use crate::render::OutputFile;

/// Mistakes in the mapping file, and real names found in an output.
#[derive(Debug, thiserror::Error)]
pub enum PseudonymError {
    #[error("cannot read the pseudonym file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Invalid { path: PathBuf, line: usize, message: String },
    #[error(
        "{output} (line {output_line}) contains the real name '{real}' that {path}:{line} maps to a pseudonym; the text comes from an input the mapping was not applied to (e.g. the project title or a file name): change that input, or fix the mapping"
    )]
    Leak { path: PathBuf, line: usize, real: String, output: String, output_line: usize },
    #[error("{path}: the {names} real names cannot be searched for at once ({message}); split the mapping into shorter files or remove names that never occur")]
    TooLarge { path: PathBuf, names: usize, message: String },
}

/// One line of the mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub real: String,
    pub pseudonym: String,
    pub kind: Option<String>,
    /// 1-based line in the mapping file.
    pub line: usize,
}

/// The mapping of a project (empty when it has none: then nothing changes).
#[derive(Debug, Clone, Default)]
pub struct Pseudonyms {
    /// Path as shown in messages (relative to the project).
    pub path: PathBuf,
    pub mappings: Vec<Mapping>,
    /// All real names, folded, in one automaton; `None` without a mapping.
    matcher: Option<Matcher>,
}

/// The automaton over the folded real names; pattern `i` is `mappings[i]`.
#[derive(Debug, Clone)]
struct Matcher {
    automaton: AhoCorasick,
    /// Per name: whether it starts and ends with a word character, and so needs a word
    /// boundary there ("B.V." ends in '.' and needs none after it).
    bounds: Vec<(bool, bool)>,
}

/// A real name found in a text: its byte span there and the index of its mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    start: usize,
    end: usize,
    mapping: usize,
}

const KINDS: [&str; 6] = ["person", "organisation", "place", "persoon", "organisatie", "plaats"];

impl Pseudonyms {
    /// No mapping: [`apply`](Self::apply) returns its input and [`check`](Self::check) passes.
    pub fn none() -> Self {
        Self::default()
    }

    /// Reads a mapping file; `shown` is its path as messages name it.
    pub fn load(path: &Path, shown: &Path) -> Result<Self, PseudonymError> {
        let bytes = std::fs::read(path).map_err(|source| PseudonymError::Read { path: shown.to_path_buf(), source })?;
        Self::from_bytes(&bytes, shown)
    }

    /// A mapping from the bytes of its file (read once with the run's other inputs).
    pub fn from_bytes(bytes: &[u8], shown: &Path) -> Result<Self, PseudonymError> {
        let text = crate::corpus::text::decode(bytes).map_err(|problem| PseudonymError::Invalid {
            path: shown.to_path_buf(),
            line: problem.line(),
            message: problem.to_string(),
        })?;
        Self::parse(shown, &text)
    }

    /// Parses the text of a mapping file; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Self, PseudonymError> {
        let invalid =
            |line: usize, message: String| PseudonymError::Invalid { path: path.to_path_buf(), line, message };
        let header = text.lines().next().unwrap_or("");
        if header.trim().is_empty() {
            return Err(invalid(
                1,
                "the file is empty; the first line must be `real,pseudonym` (optionally `,kind`)".into(),
            ));
        }
        let delimiter = if header.matches(';').count() > header.matches(',').count() { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
        let columns: Vec<String> =
            reader.headers().map_err(|e| invalid(1, e.to_string()))?.iter().map(|h| h.trim().to_lowercase()).collect();
        let position = |name: &str| columns.iter().position(|c| c == name);
        let (Some(real_col), Some(pseudo_col)) = (position("real"), position("pseudonym")) else {
            return Err(invalid(
                1,
                format!("the header must name the columns `real` and `pseudonym` (found: {})", columns.join(", ")),
            ));
        };
        let kind_col = position("kind");
        let mut mappings: Vec<Mapping> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let lines = LineIndex::new(text);
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map(|p| lines.line_at(p.byte() as usize)).unwrap_or(0);
                invalid(line, e.to_string())
            })?;
            // The byte offset, not the csv crate's line count, which skips blank lines.
            let line = record.position().map(|p| lines.line_at(p.byte() as usize)).unwrap_or(0);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let field = |c: usize| record.get(c).unwrap_or("").trim().to_string();
            let (real, pseudonym) = (field(real_col), field(pseudo_col));
            let kind = kind_col.map(field).filter(|k| !k.is_empty());
            check_fields(&real, &pseudonym, kind.as_deref()).map_err(|message| invalid(line, message))?;
            // Two spellings that fold alike are one name: the text cannot tell them apart.
            if let Some(earlier) = seen.insert(fold(&real), line) {
                return Err(invalid(line, format!("'{real}' is already mapped on line {earlier}")));
            }
            mappings.push(Mapping { real, pseudonym, kind, line });
        }
        let matcher = Matcher::new(&mappings, path)?;
        let pseudonyms = Self { path: path.to_path_buf(), mappings, matcher };
        // A pseudonym that contains a real name would be caught by the final check on every
        // run; say so here, where the fix is.
        for m in &pseudonyms.mappings {
            if let Some(found) = pseudonyms.find(&m.pseudonym) {
                return Err(invalid(
                    m.line,
                    format!(
                        "the pseudonym '{}' contains the real name '{}' (line {})",
                        m.pseudonym, found.real, found.line
                    ),
                ));
            }
        }
        Ok(pseudonyms)
    }

    /// Whether there is a mapping at all.
    pub fn is_empty(&self) -> bool {
        self.mappings.is_empty()
    }

    /// The mapping of the first real name found in `text`.
    fn find(&self, text: &str) -> Option<&Mapping> {
        let found = self.matcher.as_ref()?.find_all(text).into_iter().next()?;
        self.mappings.get(found.mapping)
    }

    /// `text` with every real name replaced by its pseudonym.
    pub fn apply(&self, text: &str) -> String {
        let Some(matcher) = &self.matcher else {
            return text.to_string();
        };
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for found in matcher.find_all(text) {
            let Some(mapping) = self.mappings.get(found.mapping) else { continue };
            out.push_str(&text[copied..found.start]);
            out.push_str(&mapping.pseudonym);
            copied = found.end;
        }
        out.push_str(&text[copied..]);
        out
    }

    /// Applies the mapping to every text cell of a table (captions and column names included).
    pub fn apply_table(&self, table: &mut crate::table::Table) {
        if self.is_empty() {
            return;
        }
        table.caption = self.apply(&table.caption);
        for row in &mut table.rows {
            for cell in row {
                if let crate::table::Cell::Text(s) = cell {
                    *s = self.apply(s);
                }
            }
        }
    }

    /// Fails if any output still contains a real name. Text files are searched as they are;
    /// `.xlsx` files entry by entry after unzipping; PNG and Parquet files are drawn or
    /// written from texts that are checked in their SVG and CSV siblings.
    ///
    /// The files are searched in parallel (rayon); the error reported is the first file's in
    /// their order, whatever the thread count.
    pub fn check(&self, files: &[OutputFile]) -> Result<(), PseudonymError> {
        use rayon::prelude::*;
        if self.is_empty() {
            return Ok(());
        }
        let results: Vec<Result<(), PseudonymError>> = files.par_iter().map(|f| self.check_file(f)).collect();
        results.into_iter().collect()
    }

    fn check_file(&self, file: &OutputFile) -> Result<(), PseudonymError> {
        if file.path.ends_with(".png") || file.path.ends_with(".parquet") {
            return Ok(());
        }
        if file.path.ends_with(".xlsx") {
            for (entry, text) in zip_texts(&file.bytes) {
                self.check_text(&format!("{} ({entry})", file.path), &unescape_xml(&text))?;
            }
            return Ok(());
        }
        let text = String::from_utf8_lossy(&file.bytes);
        self.check_text(&file.path, &text)?;
        // Every format escapes something, so a name is also searched for in the text as a
        // reader sees it: markup escapes "&" and quotes, LaTeX and Markdown put a
        // backslash before specials, JSON escapes quotes and line breaks.
        if [".html", ".svg", ".xml", ".qde"].iter().any(|ext| file.path.ends_with(ext)) {
            if let Cow::Owned(unescaped) = unescape_xml(&text) {
                self.check_text(&file.path, &unescaped)?;
            }
        }
        if [".tex", ".md"].iter().any(|ext| file.path.ends_with(ext)) {
            self.check_text(&file.path, &unescape_backslashes(&text))?;
        }
        if file.path.ends_with(".json") {
            self.check_text(&file.path, &json_strings(&file.bytes))?;
        }
        Ok(())
    }

    fn check_text(&self, output: &str, text: &str) -> Result<(), PseudonymError> {
        let Some(matcher) = &self.matcher else {
            return Ok(());
        };
        let Some(found) = matcher.find_all(text).into_iter().next() else {
            return Ok(());
        };
        let (line, real) = match self.mappings.get(found.mapping) {
            Some(mapping) => (mapping.line, mapping.real.clone()),
            None => (0, text[found.start..found.end].to_string()),
        };
        Err(PseudonymError::Leak {
            path: self.path.clone(),
            line,
            real,
            output: output.to_string(),
            output_line: text[..found.start].matches('\n').count() + 1,
        })
    }
}

/// What is wrong with one line of the mapping, if anything.
fn check_fields(real: &str, pseudonym: &str, kind: Option<&str>) -> Result<(), String> {
    if real.is_empty() {
        return Err("empty real name; fill it in or delete the line".into());
    }
    if !real.chars().any(char::is_alphanumeric) {
        return Err(format!("'{real}' has no letter or digit, so it cannot be matched as a word"));
    }
    if pseudonym.is_empty() {
        return Err(format!("no pseudonym for '{real}'"));
    }
    match kind {
        Some(k) if !KINDS.contains(&k.to_lowercase().as_str()) => {
            Err(format!("kind '{k}' is not one of person, organisation, place (persoon, organisatie, plaats)"))
        }
        _ => Ok(()),
    }
}

impl Matcher {
    /// The automaton of the folded names; `None` for an empty mapping.
    fn new(mappings: &[Mapping], path: &Path) -> Result<Option<Self>, PseudonymError> {
        if mappings.is_empty() {
            return Ok(None);
        }
        let patterns: Vec<String> = mappings.iter().map(|m| fold(&m.real)).collect();
        // Standard semantics report every (overlapping) occurrence; `find_all` picks among
        // them once word boundaries are known.
        let automaton = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).map_err(|e| {
            PseudonymError::TooLarge { path: path.to_path_buf(), names: mappings.len(), message: e.to_string() }
        })?;
        let word = |c: Option<char>| c.is_some_and(is_word);
        let bounds = mappings.iter().map(|m| (word(m.real.chars().next()), word(m.real.chars().next_back()))).collect();
        Ok(Some(Self { automaton, bounds }))
    }

    /// Every real name in `text` that stands as a whole word, left to right, the longest where
    /// several start at the same place, none overlapping: what one regular expression
    /// `\b(?:longest|…|shortest)\b` would match.
    fn find_all(&self, text: &str) -> Vec<Found> {
        let folded = fold(text);
        let word = |c: Option<char>| c.is_some_and(is_word);
        let matches: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(&folded)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        drop(folded);
        let original = OriginalOffsets::of(text, matches.iter().flat_map(|&(start, end, _)| [start, end]));
        let mut candidates: Vec<Found> = matches
            .into_iter()
            .map(|(start, end, mapping)| Found {
                start: original.of_folded(start),
                end: original.of_folded(end),
                mapping,
            })
            .filter(|f| {
                let (at_start, at_end) = self.bounds.get(f.mapping).copied().unwrap_or((false, false));
                // Glued to a word before or after: part of another word ("Brugge" is not
                // "Brug"), except the Dutch genitive and plural -s ("Patricks", "de Jansens").
                let glued_before = at_start && word(text[..f.start].chars().next_back());
                let glued_after = at_end && word(text[f.end..].chars().next()) && !dutch_s(&text[f.end..]);
                !(glued_before || glued_after)
            })
            .collect();
        candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.mapping.cmp(&b.mapping)));
        let mut chosen: Vec<Found> = Vec::new();
        for candidate in candidates {
            if chosen.last().is_none_or(|last| candidate.start >= last.end) {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

/// Whether the text after a name is the Dutch genitive or plural ending `-s` and then the end
/// of the word: "Patricks fiets", "de Jansens". (Names ending in a sibilant take `'`, and
/// `'s` follows vowels: both already leave the name a whole word.)
fn dutch_s(after: &str) -> bool {
    let mut chars = after.chars();
    matches!(chars.next(), Some('s' | 'S')) && !chars.next().is_some_and(is_word)
}

/// A word character as `\b` of a regular expression sees it (Unicode `\w`).
fn is_word(c: char) -> bool {
    regex_syntax::try_is_word_character(c).unwrap_or_else(|_| c.is_alphanumeric() || c == '_')
}

/// A text in the form names are compared in, and where each of its bytes came from.
/// The one folding of names and texts: a run of whitespace becomes one space (a name's
/// words may be split by a line break in a transcript) and every other character the
/// smallest member of its Unicode simple case-folding class ("ſ", "s" and "S" all become
/// "S"), the folding of a case-insensitive regular expression.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_each(text, |_, f| folded.push(f));
    folded
}

/// Calls `emit(byte offset in text, folded character)` for every character [`fold`] keeps.
fn fold_each(text: &str, mut emit: impl FnMut(usize, char)) {
    let mut classes: HashMap<char, char> = HashMap::new();
    let mut in_space = false;
    for (at, c) in text.char_indices() {
        let f = if c.is_whitespace() {
            if in_space {
                continue;
            }
            ' '
        } else if APOSTROPHES.contains(&c) {
            // O’Brien (Word's typographic apostrophe) is O'Brien.
            '\''
        } else if c.is_ascii() {
            // The smallest member of an ASCII letter's class is its upper case (the others,
            // such as the Kelvin sign, lie beyond ASCII).
            c.to_ascii_uppercase()
        } else {
            *classes.entry(c).or_insert_with(|| fold_class(c))
        };
        in_space = c.is_whitespace();
        emit(at, f);
    }
}

/// Byte offsets in the folded text mapped back to the original text, for the few places a
/// match starts or ends. A map for every byte cost eight bytes per byte of output — gigabytes
/// for the coded segments of a large study — so the fold is replayed once instead, for the
/// sorted offsets asked for.
struct OriginalOffsets {
    /// (folded offset, original offset), sorted by the first.
    pairs: Vec<(usize, usize)>,
}

impl OriginalOffsets {
    fn of(text: &str, folded: impl Iterator<Item = usize>) -> Self {
        let mut wanted: Vec<usize> = folded.collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            // No name found: the usual case for a check, and no second pass over the text.
            return Self { pairs: Vec::new() };
        }
        let mut pairs = Vec::with_capacity(wanted.len());
        let mut next = wanted.iter().peekable();
        let mut position = 0;
        fold_each(text, |at, f| {
            let end = position + f.len_utf8();
            // Every folded byte of this character comes from the character at `at`.
            while let Some(&&w) = next.peek() {
                if w >= end {
                    break;
                }
                pairs.push((w, at));
                next.next();
            }
            position = end;
        });
        // The end of the folded text is the end of the original.
        pairs.extend(next.map(|&w| (w, text.len())));
        Self { pairs }
    }

    fn of_folded(&self, folded: usize) -> usize {
        let i = self.pairs.partition_point(|&(f, _)| f < folded);
        self.pairs[i].1
    }
}

/// Characters a reader takes for an apostrophe: right and left single quotation marks, the
/// modifier letter apostrophe, the prime, the grave and acute accents.
const APOSTROPHES: [char; 7] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}', '\u{2032}', '`', '\u{00B4}'];

/// The smallest character of `c`'s Unicode simple case-folding class.
fn fold_class(c: char) -> char {
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges().first().map_or(c, |r| r.start())
}

/// 1-based lines of byte offsets in the mapping file, found by binary search over the
/// positions of its line breaks (counting them anew for each record would take time that
/// grows with the square of the file's length).
struct LineIndex<'a> {
    bytes: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        Self { bytes, newlines: bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i).collect() }
    }

    /// The line of the record that starts at `byte`. The csv crate reports a record as
    /// starting before the blank lines it skipped, so those are stepped over first.
    fn line_at(&self, byte: usize) -> usize {
        let mut start = byte.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        self.newlines.partition_point(|&nl| nl < start) + 1
    }
}

/// The text entries of a zip archive (an `.xlsx`), by name; unreadable entries are skipped.
fn zip_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else { continue };
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            out.push((entry.name().map(|n| n.to_string()).unwrap_or_default(), text));
        }
    }
    out
}

/// LaTeX and Markdown text with the backslash of every escaped special character dropped
/// (`Zorg \& Co`, `Jansen\_2`), and LaTeX's `{}` after a command removed.
fn unescape_backslashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out.replace("{}", "")
}

/// Every string of a JSON file (keys and values), one a line, as the reader of the parsed file
/// sees them; the raw text when it is not JSON.
fn json_strings(bytes: &[u8]) -> String {
    fn collect(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
                out.push_str(k);
                out.push('\n');
                collect(v, out);
            }),
            _ => {}
        }
    }
    let mut out = String::new();
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => collect(&value, &mut out),
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
    out
}

/// The predefined XML entities and the numeric ones HTML templates write for quotes and
/// slashes, so that "Zorg &amp; Co" is searched as "Zorg & Co".
///
/// One pass, each entity read once ("&amp;lt;" is "&lt;", as a browser shows it), and the text
/// itself when it has no "&": the check reads every HTML and SVG output, megabytes in a large
/// study, and eight chained `replace`s made eight copies of each (issue 15).
fn unescape_xml(text: &str) -> Cow<'_, str> {
    const ENTITIES: [(&str, &str); 8] = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&#x2f;", "/"),
        ("&amp;", "&"),
    ];
    let Some(first) = text.find('&') else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, plain)) => {
                out.push_str(plain);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: each entity read once, left to right; an "&" that starts no entity
    /// stays; a text without "&" is not copied.
    #[test]
    fn xml_entities_are_read_once() {
        assert_eq!(
            unescape_xml("Zorg &amp; Co &lt;b&gt; &quot;x&quot; &apos;y&#39; &#x27;z&#x2f;"),
            "Zorg & Co <b> \"x\" 'y' 'z/"
        );
        assert_eq!(unescape_xml("&amp;lt; &amp;amp;"), "&lt; &amp;");
        assert_eq!(unescape_xml("A & B &c; &"), "A & B &c; &");
        assert_eq!(unescape_xml("é&amp;ë"), "é&ë");
        assert!(matches!(unescape_xml("geen entiteit"), Cow::Borrowed("geen entiteit")));
        assert_eq!(unescape_xml(""), "");
    }

    fn parse(text: &str) -> Result<Pseudonyms, PseudonymError> {
        Pseudonyms::parse(Path::new("pseudoniemen.csv"), text)
    }

    #[test]
    fn whole_words_case_insensitive_longest_first() {
        let p = parse(
            "real,pseudonym,kind\nJansen,Respondent A,person\nDe Brug,Organisatie X,organisation\nStichting De Brug,Zorgaanbieder Y,organisation\nÉmile,Persoon B,person\n",
        )
        .unwrap();
        assert_eq!(
            p.apply("Mevrouw JANSEN werkt bij Stichting De Brug."),
            "Mevrouw Respondent A werkt bij Zorgaanbieder Y."
        );
        // Not inside other words: "Brugge" stays; but the Dutch -s of the genitive and the
        // plural is the name ("de Jansens", "Jansens fiets").
        assert_eq!(p.apply("Jansens uit Brugge"), "Respondent As uit Brugge");
        assert_eq!(p.apply("Jansensen"), "Jansensen");
        assert_eq!(p.apply("de brug\nen émile"), "Organisatie X\nen Persoon B");
        assert_eq!(p.apply("geen namen"), "geen namen");
        // Multi-byte characters before the name, a run of whitespace inside it: the whole run
        // is the name's, and the bytes around it stay.
        assert_eq!(p.apply("Zoë zei: stichting  De\n Brug! ÉMILE"), "Zoë zei: Zorgaanbieder Y! Persoon B");
    }

    #[test]
    fn semicolons_and_names_ending_in_a_dot() {
        let p = parse("real;pseudonym\nZorg B.V.;Aanbieder Z\n").unwrap();
        assert_eq!(p.apply("bij Zorg B.V. gewerkt"), "bij Aanbieder Z gewerkt");
    }

    #[test]
    fn broken_mapping_files_name_the_line() {
        let line_of = |text: &str| match parse(text) {
            Err(PseudonymError::Invalid { line, .. }) => line,
            other => panic!("expected an invalid-file error, got {other:?}"),
        };
        assert_eq!(line_of(""), 1);
        assert_eq!(line_of("naam,alias\nJansen,A\n"), 1);
        assert_eq!(line_of("real,pseudonym\nJansen,\n"), 2);
        assert_eq!(line_of("real,pseudonym\n,A\n"), 2);
        assert_eq!(line_of("real,pseudonym\nJansen,A\n\njansen,B\n"), 4);
        assert_eq!(line_of("real,pseudonym,kind\nJansen,A,hond\n"), 2);
        assert_eq!(line_of("real,pseudonym\nJansen,A\nPietersen,Jansen junior\n"), 3);
        assert_eq!(line_of("real,pseudonym\n---,A\n"), 2);
    }

    #[test]
    fn check_names_mapping_line_and_output() {
        let p = parse("real,pseudonym\nAmsterdam,Stad A\nJansen,R1\n").unwrap();
        let files = vec![
            OutputFile::new("quotes/quotes.md", "R1 zegt\nniets"),
            OutputFile::new("figures/x.png", "Jansen in pixels"),
            OutputFile::new("report.html", "<p>Titel</p>\n<p>in jansen-stijl</p>"),
        ];
        match p.check(&files) {
            Err(PseudonymError::Leak { line, output, output_line, real, .. }) => {
                assert_eq!((line, output.as_str(), output_line, real.as_str()), (3, "report.html", 2, "Jansen"));
            }
            other => panic!("expected a leak, got {other:?}"),
        }
        assert!(p.check(&files[..2]).is_ok());
        // Escaped in markup, still found.
        let p = parse("real,pseudonym\nZorg & Co,Z\n").unwrap();
        assert!(p.check(&[OutputFile::new("report.html", "<td>bij Zorg &amp; Co</td>")]).is_err());
        assert!(Pseudonyms::none().check(&files).is_ok());
    }

    #[test]
    fn utf16_windows_1252_and_bom_utf8_are_read_and_binary_is_an_error_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.csv");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "real;pseudonym\r\nCliënt Éva;[cliënt]\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        std::fs::write(&path, bytes).unwrap();
        let p = Pseudonyms::load(&path, Path::new("p.csv")).unwrap();
        assert_eq!(p.apply("zei cliënt éva gisteren"), "zei [cliënt] gisteren");
        // Windows-1252 "é" (0xE9), as Excel on Windows saves a CSV.
        std::fs::write(&path, b"real,pseudonym\nRen\xe9,X\n").unwrap();
        assert_eq!(Pseudonyms::load(&path, Path::new("p.csv")).unwrap().apply("René zei"), "X zei");
        // 0x81 on line 2: not UTF-8, and undefined in Windows-1252.
        std::fs::write(&path, b"real,pseudonym\nCli\x81nt,X\n").unwrap();
        let err = Pseudonyms::load(&path, Path::new("p.csv")).unwrap_err();
        assert!(matches!(err, PseudonymError::Invalid { line: 2, .. }), "{err}");
        std::fs::write(&path, "\u{feff}real;pseudonym\r\nCliënt Éva;[cliënt]\r\n").unwrap();
        let p = Pseudonyms::load(&path, Path::new("p.csv")).unwrap();
        assert_eq!(p.apply("zei cliënt éva gisteren"), "zei [cliënt] gisteren");
    }

    #[test]
    fn unreadable_file_is_named() {
        let err = Pseudonyms::load(Path::new("/nonexistent/p.csv"), Path::new("p.csv")).unwrap_err();
        assert!(err.to_string().contains("p.csv"), "{err}");
    }

    #[test]
    fn a_name_that_unicode_case_folding_matches_is_replaced_and_caught() {
        // In Unicode case folding "ſ" (long s) is a form of "s", and the Kelvin sign "K" one of
        // "k": whatever matches a name must also be replaced and caught by the check.
        let p = parse("real,pseudonym\nJansen,Respondent A\n").unwrap();
        assert_eq!(p.apply("mevrouw Janſen zei"), "mevrouw Respondent A zei");
        assert_eq!(p.apply("JANſEN"), "Respondent A");
        match p.check(&[OutputFile::new("quotes/quotes.md", "titel\nmevrouw Janſen")]) {
            Err(PseudonymError::Leak { line, output_line, real, .. }) => {
                assert_eq!((line, output_line, real.as_str()), (2, 2, "Jansen"));
            }
            other => panic!("expected a leak, got {other:?}"),
        }
        // The other way round: the mapping writes the long s, the text a plain one.
        let p = parse("real,pseudonym\nJanſen,R\nKees,C\n").unwrap();
        assert_eq!(p.apply("JANSEN en \u{212A}ees"), "R en C");
        // Two lines that name the same person in two spellings are one name twice.
        assert!(matches!(parse("real,pseudonym\nJansen,A\nJanſen,B\n"), Err(PseudonymError::Invalid { line: 3, .. })));
    }

    /// 30 letters from a fixed pseudo-random stream: names with little in common, as in a
    /// register of clients, make a larger automaton than names that share a prefix.
    fn random_name(seed: u64) -> String {
        let mut x = seed;
        (0..30)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                char::from(b'a' + ((x >> 33) % 26) as u8)
            })
            .collect()
    }

    #[test]
    fn a_mapping_too_large_for_one_regex_loads_and_replaces() {
        // 6000 such names compile to more than the regex crate's default 10 MB limit.
        let names: Vec<String> = (0..6000).map(random_name).collect();
        let mut text = String::from("real,pseudonym\n");
        for (i, name) in names.iter().enumerate() {
            text.push_str(&format!("{name},P{i}\n"));
        }
        let p = parse(&text).unwrap();
        assert_eq!(p.apply(&format!("{} en {}", names[0], names[5999].to_uppercase())), "P0 en P5999");
        match p.check(&[OutputFile::new("report.html", format!("<p>{}</p>", names[3000]))]) {
            // Line 1 is the header, so name i is on line i + 2.
            Err(PseudonymError::Leak { line, .. }) => assert_eq!(line, 3002),
            other => panic!("expected a leak, got {other:?}"),
        }
    }

    #[test]
    fn huge_mapping_files_load() {
        let mut text = String::from("real,pseudonym\n");
        for i in 0..5000 {
            text.push_str(&format!("Naam{i},P{i}\n"));
        }
        let p = parse(&text).unwrap();
        assert_eq!(p.apply("Naam4999 en Naam12"), "P4999 en P12");
    }

    /// Regression (issue 14): names leaked in the forms a Dutch reader still recognises.
    #[test]
    fn typographic_apostrophes_and_the_dutch_s_are_names_too() {
        let p = parse("real,pseudonym\nO'Brien,Respondent C\nPatrick,Respondent D\n").unwrap();
        assert_eq!(p.apply("mevrouw O\u{2019}Brien zei"), "mevrouw Respondent C zei");
        assert_eq!(p.apply("O\u{2018}brien en O\u{02BC}Brien"), "Respondent C en Respondent C");
        assert_eq!(
            p.apply("Patricks fiets, Patrick's jas, Patrick\u{2019}s pet"),
            "Respondent Ds fiets, Respondent D's jas, Respondent D\u{2019}s pet"
        );
        assert_eq!(p.apply("Patricksen"), "Patricksen");
    }

    #[test]
    fn escaped_names_in_latex_markdown_and_json_are_found() {
        let p = parse("real,pseudonym\nZorg & Co,Aanbieder\nJan Jansen,Respondent A\n").unwrap();
        for (path, text) in [
            ("quotes/quotes.tex", "bij Zorg \\& Co"),
            ("quotes/quotes.md", "bij Zorg \\& Co"),
            ("manifest.json", "{\"title\": \"Jan\\nJansen\"}"),
        ] {
            assert!(p.check(&[OutputFile::new(path, text)]).is_err(), "{path}");
        }
    }
}
