//! One pass over `project.qde` (or a `.qdc`) with quick-xml's event reader, collecting what
//! `analyse` uses as it stands: users, codes, variables, cases, text sources, selections and
//! notes, their GUIDs still unresolved. A reference may come before what it names (the cases,
//! whose `SourceRef`s name sources, stand before the sources), so references are resolved and
//! checked once everything is read ([`super::resolve`]).
//!
//! Only a `TextSource` in `Sources` is a source; selections, codings and text of one that
//! stands anywhere else are passed over, so that they never land on another source.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use quick_xml::XmlVersion;

use crate::interop::model::{ImportedCase, ImportedCode, InteropError};

/// A `TextSource` as written; its text is read afterwards, from the archive or inline.
#[derive(Default)]
pub(super) struct RawSource {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) plain_text_path: Option<String>,
    pub(super) inline: Option<String>,
}

/// A `PlainTextSelection`, or a `Coding` of a whole source, with its codings.
#[derive(Default)]
pub(super) struct RawSelection {
    pub(super) guid: String,
    /// Index into [`RawProject::sources`].
    pub(super) source: usize,
    /// None: the whole source (a `Coding` directly under `TextSource`).
    pub(super) span: Option<(i64, i64)>,
    pub(super) user: Option<String>,
    /// One (code GUID, creating user) per `Coding`; the GUID is empty until its `CodeRef`.
    pub(super) codes: Vec<(String, Option<String>)>,
}

/// A case, with its variable values by variable GUID.
pub(super) type RawCase = (ImportedCase, Vec<(String, String)>);

/// Everything read from the XML, references unresolved; GUIDs upper-case.
#[derive(Default)]
pub(super) struct RawProject {
    pub(super) origin: String,
    pub(super) base_path: Option<String>,
    /// User GUID → name.
    pub(super) users: HashMap<String, String>,
    pub(super) codes: Vec<ImportedCode>,
    /// The GUID of each of `codes`.
    pub(super) code_guids: Vec<String>,
    /// Variable GUID → name.
    pub(super) variables: HashMap<String, String>,
    pub(super) cases: Vec<RawCase>,
    pub(super) sources: Vec<RawSource>,
    pub(super) selections: Vec<RawSelection>,
    pub(super) notes: Vec<String>,
    pub(super) skipped: Vec<String>,
}

impl RawProject {
    /// Drops the sources and their selections: a `.qdc` carries codes only, so a project file
    /// that was given that extension has no source texts to place its selections in. Dropped
    /// codings are said so in `skipped`.
    pub(super) fn keep_codes_only(&mut self) {
        if !self.selections.is_empty() {
            self.skipped.push(format!(
                "{} coded selections (a .qdc file holds codes only; import the .qdpx project for its codings)",
                self.selections.len()
            ));
        }
        self.sources.clear();
        self.selections.clear();
    }
}

/// Elements whose text is the value of a case's variable.
const VALUE_ELEMENTS: [&str; 6] =
    ["TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"];

/// Parses `project.qde` (or a `.qdc`) into its raw parts; references are resolved later.
pub(super) fn parse_qde(path: &Path, entry: &str, xml: &[u8]) -> Result<RawProject, InteropError> {
    // Some Windows tools write a byte-order mark before `<?xml`, which the reader rejects.
    let xml = xml.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(xml);
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut parser = QdeParser::new(path, entry);
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            InteropError::new(path, entry, format!("is not well-formed XML at byte {}: {e}", reader.error_position()))
        })?;
        match event {
            Event::Start(e) => parser.open(&e, false)?,
            Event::Empty(e) => parser.open(&e, true)?,
            Event::Text(t) => parser.push_text(t.as_ref()),
            Event::CData(t) => parser.push_text(&t.into_inner()),
            Event::GeneralRef(r) => parser.push_text(&resolve_reference(&r)),
            Event::End(end) => parser.close(end.local_name().into_inner()),
            Event::Eof => break,
            _ => {}
        }
    }
    parser.finish()
}

/// The value of an attribute by its local name (`xsi:type` and `type` alike), with XML's
/// attribute-value normalisation; a value that does not unescape is taken as written.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().into_inner() == name).map(|a| {
        a.normalized_value(XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string())
    })
}

/// The text an entity or character reference stands for. quick-xml hands references over
/// as events of their own; an unknown entity (XML defines five) is kept as written.
fn resolve_reference(r: &BytesRef) -> String {
    let name: &str = r.as_ref();
    match name {
        "amp" => "&".to_string(),
        "lt" => "<".to_string(),
        "gt" => ">".to_string(),
        "quot" => "\"".to_string(),
        "apos" => "'".to_string(),
        other => match r.resolve_char_ref() {
            Ok(Some(c)) => c.to_string(),
            _ => format!("&{other};"),
        },
    }
}

/// Where the reader stands between two events, and what it is collecting.
struct QdeParser<'p> {
    path: &'p Path,
    entry: &'p str,
    raw: RawProject,
    /// Names of the open elements, outermost first.
    stack: Vec<String>,
    /// Indexes into `raw.codes` of the open `Code` elements; the last is a new code's parent.
    code_stack: Vec<usize>,
    /// The text of the element being read, when its text is wanted.
    text: Option<String>,
    /// The open `Case`.
    case: Option<RawCase>,
    /// The variable (GUID) the next value belongs to.
    variable_ref: Option<String>,
    /// The open `Note`: its title, then its text.
    note: Option<String>,
    root_seen: bool,
    /// Inside a `Coding` of a text source or of its selection: only there a `CodeRef` counts
    /// (codings of PDF and other sources are skipped with their source).
    coding_open: bool,
    /// Every GUID of a user, code, variable or source seen so far, with the element that has
    /// it: the REFI-QDA standard makes GUIDs unique, and with a duplicate one of the two
    /// elements would silently be lost (the last would win).
    guids: HashMap<String, String>,
}

impl<'p> QdeParser<'p> {
    fn new(path: &'p Path, entry: &'p str) -> Self {
        Self {
            path,
            entry,
            raw: RawProject::default(),
            stack: Vec::new(),
            code_stack: Vec::new(),
            text: None,
            case: None,
            variable_ref: None,
            note: None,
            root_seen: false,
            coding_open: false,
            guids: HashMap::new(),
        }
    }

    /// The required `guid` of an element that others refer to by it, refused when an earlier
    /// element has the same GUID.
    fn unique_guid(&mut self, e: &BytesStart) -> Result<String, InteropError> {
        let guid = self.required(e, "guid")?;
        let name = e.local_name().into_inner().to_string();
        let label = match attr(e, "name") {
            Some(n) => format!("<{name} name=\"{n}\">"),
            None => format!("<{name}>"),
        };
        if let Some(earlier) = self.guids.insert(guid.to_uppercase(), label.clone()) {
            return Err(InteropError::new(
                self.path,
                label,
                format!("has the GUID {guid}, which {earlier} has too; every GUID of a REFI-QDA project must be unique (export the project again from its tool)"),
            ));
        }
        Ok(guid)
    }

    /// The open element `up` levels above the innermost one (0: the innermost), or "".
    fn ancestor(&self, up: usize) -> &str {
        self.stack.len().checked_sub(up + 1).map(|i| self.stack[i].as_str()).unwrap_or("")
    }

    /// The element an opening element stands in.
    fn parent(&self) -> &str {
        self.ancestor(0)
    }

    /// An opening element is directly in a `TextSource` that was recorded (one in `Sources`),
    /// so that `raw.sources` has it last.
    fn in_recorded_source(&self) -> bool {
        self.ancestor(0) == "TextSource" && self.ancestor(1) == "Sources"
    }

    /// An opening element is directly in a `PlainTextSelection` of a recorded `TextSource`,
    /// so that `raw.selections` has it last.
    fn in_recorded_selection(&self) -> bool {
        self.ancestor(0) == "PlainTextSelection" && self.ancestor(1) == "TextSource" && self.ancestor(2) == "Sources"
    }

    fn missing(&self, e: &BytesStart, what: &str) -> InteropError {
        let name = e.local_name().into_inner().to_string();
        InteropError::new(self.path, format!("<{name}> inside <{}>", self.parent()), format!("has no {what} attribute"))
    }

    /// An attribute the schema requires of this element.
    fn required(&self, e: &BytesStart, key: &str) -> Result<String, InteropError> {
        attr(e, key).ok_or_else(|| self.missing(e, key))
    }

    /// Starts collecting the text of the element just opened.
    fn capture_text(&mut self) {
        self.text = Some(String::new());
    }

    fn push_text(&mut self, text: &str) {
        if let Some(buffer) = self.text.as_mut() {
            buffer.push_str(text);
        }
    }

    /// An opening (or empty) element: the root is checked, the rest recorded.
    fn open(&mut self, e: &BytesStart, empty: bool) -> Result<(), InteropError> {
        let name = e.local_name().into_inner().to_string();
        if !self.root_seen {
            self.open_root(&name, e)?;
        }
        self.open_element(&name, e, empty)?;
        if !empty {
            self.stack.push(name);
        }
        Ok(())
    }

    /// The first element decides whether this is REFI-QDA at all, and carries the tool's name.
    fn open_root(&mut self, name: &str, e: &BytesStart) -> Result<(), InteropError> {
        self.root_seen = true;
        if name != "Project" && name != "CodeBook" {
            return Err(InteropError::new(
                self.path,
                self.entry,
                format!("starts with <{name}>, not <Project> or <CodeBook>; is it a REFI-QDA file?"),
            ));
        }
        self.raw.origin = attr(e, "origin").unwrap_or_default();
        self.raw.base_path = attr(e, "basePath");
        Ok(())
    }

    /// Records an element `analyse` uses; any other is passed over.
    fn open_element(&mut self, name: &str, e: &BytesStart, empty: bool) -> Result<(), InteropError> {
        match name {
            "User" => self.open_user(e)?,
            "Code" => self.open_code(e, empty)?,
            "Description" if self.parent() == "Code" && !empty => self.capture_text(),
            "Variable" => self.open_variable(e)?,
            "Case" => self.open_case(e, empty)?,
            "VariableRef" => self.variable_ref = attr(e, "targetGUID").map(|g| g.to_uppercase()),
            value if VALUE_ELEMENTS.contains(&value) && !empty => self.capture_text(),
            "SourceRef" if self.parent() == "Case" => self.open_case_source(e),
            "TextSource" if self.parent() == "Sources" => self.open_text_source(e)?,
            "PlainTextContent" if (self.in_recorded_source() || self.parent() == "Note") && !empty => {
                self.capture_text()
            }
            "Note" if self.parent() == "Notes" => self.note = Some(attr(e, "name").unwrap_or_default()),
            "PlainTextSelection" if self.in_recorded_source() => self.open_selection(e)?,
            "PDFSource" | "PictureSource" | "AudioSource" | "VideoSource" if self.parent() == "Sources" => {
                self.raw.skipped.push(format!("{name} '{}'", attr(e, "name").unwrap_or_default()));
            }
            "Coding" if self.in_recorded_source() => self.open_source_coding(e, empty),
            "Coding" if self.in_recorded_selection() => self.open_selection_coding(e, empty),
            "CodeRef" if self.parent() == "Coding" && self.coding_open => self.open_code_ref(e)?,
            _ => {}
        }
        Ok(())
    }

    /// A coder: GUID → name (or id, or else the GUID itself).
    fn open_user(&mut self, e: &BytesStart) -> Result<(), InteropError> {
        let guid = self.unique_guid(e)?;
        let key = guid.to_uppercase();
        let name = attr(e, "name").or_else(|| attr(e, "id")).unwrap_or(guid);
        self.raw.users.insert(key, name);
        Ok(())
    }

    /// A code, as a child of the innermost open code; it stays open for its children and
    /// description unless it is empty.
    fn open_code(&mut self, e: &BytesStart, empty: bool) -> Result<(), InteropError> {
        let guid = self.unique_guid(e)?;
        let name = self.required(e, "name")?;
        self.raw.codes.push(ImportedCode {
            name,
            parent: self.code_stack.last().copied(),
            description: String::new(),
            colour: attr(e, "color").map(|c| c.to_uppercase()),
        });
        self.raw.code_guids.push(guid.to_uppercase());
        if !empty {
            self.code_stack.push(self.raw.codes.len() - 1);
        }
        Ok(())
    }

    fn open_variable(&mut self, e: &BytesStart) -> Result<(), InteropError> {
        let guid = self.unique_guid(e)?;
        let name = self.required(e, "name")?;
        self.raw.variables.insert(guid.to_uppercase(), name);
        Ok(())
    }

    /// A case (named, or else known by its GUID); an empty one is complete at once.
    fn open_case(&mut self, e: &BytesStart, empty: bool) -> Result<(), InteropError> {
        let name = attr(e, "name").or_else(|| attr(e, "guid")).ok_or_else(|| self.missing(e, "name"))?;
        self.case = Some((ImportedCase { name, variables: Vec::new() }, Vec::new()));
        if empty {
            self.raw.cases.push(self.case.take().expect("just set"));
        }
        Ok(())
    }

    /// A source of the open case, kept among its variables under a name no user can write
    /// (`\0source`) until the source's name is known.
    fn open_case_source(&mut self, e: &BytesStart) {
        if let (Some((case, _)), Some(target)) = (self.case.as_mut(), attr(e, "targetGUID")) {
            case.variables.push(("\u{0}source".into(), target.to_uppercase()));
        }
    }

    fn open_text_source(&mut self, e: &BytesStart) -> Result<(), InteropError> {
        let guid = self.unique_guid(e)?.to_uppercase();
        self.raw.sources.push(RawSource {
            guid,
            name: attr(e, "name").unwrap_or_default(),
            plain_text_path: attr(e, "plainTextPath"),
            inline: None,
        });
        Ok(())
    }

    /// A selection of the last source, with its positions as written; whether they lie in the
    /// text is checked once the text is read.
    fn open_selection(&mut self, e: &BytesStart) -> Result<(), InteropError> {
        let span = (position(self.path, e, "startPosition")?, position(self.path, e, "endPosition")?);
        self.raw.selections.push(RawSelection {
            guid: attr(e, "guid").unwrap_or_default(),
            source: self.raw.sources.len() - 1,
            span: Some(span),
            user: attr(e, "creatingUser").map(|u| u.to_uppercase()),
            codes: Vec::new(),
        });
        Ok(())
    }

    /// A `Coding` directly under a `TextSource`: the whole source is coded.
    fn open_source_coding(&mut self, e: &BytesStart, empty: bool) {
        self.coding_open = !empty;
        let user = attr(e, "creatingUser").map(|u| u.to_uppercase());
        self.raw.selections.push(RawSelection {
            guid: attr(e, "guid").unwrap_or_default(),
            source: self.raw.sources.len() - 1,
            span: None,
            user: user.clone(),
            codes: vec![(String::new(), user)],
        });
    }

    /// A `Coding` of the last selection; its code follows in a `CodeRef`.
    fn open_selection_coding(&mut self, e: &BytesStart, empty: bool) {
        self.coding_open = !empty;
        if let Some(selection) = self.raw.selections.last_mut() {
            selection.codes.push((String::new(), attr(e, "creatingUser").map(|u| u.to_uppercase())));
        }
    }

    /// The code of the open `Coding`.
    fn open_code_ref(&mut self, e: &BytesStart) -> Result<(), InteropError> {
        let target = self.required(e, "targetGUID")?.to_uppercase();
        if let Some((code, _)) = self.raw.selections.last_mut().and_then(|s| s.codes.last_mut()) {
            *code = target;
        }
        Ok(())
    }

    /// A closing element: what was collected inside it is stored where it belongs.
    fn close(&mut self, name: &str) {
        if name == "Coding" {
            self.coding_open = false;
        }
        // The closing element is still the innermost on the stack: its parent is one up.
        match name {
            "Code" => {
                self.code_stack.pop();
            }
            "Description" if self.ancestor(1) == "Code" => self.close_description(),
            value if VALUE_ELEMENTS.contains(&value) => self.close_value(),
            "Case" => {
                if let Some(case) = self.case.take() {
                    self.raw.cases.push(case);
                }
            }
            "PlainTextContent" if self.ancestor(1) == "TextSource" => self.close_source_content(),
            "PlainTextContent" if self.ancestor(1) == "Note" => self.close_note_content(),
            "Note" => {
                if let Some(note) = self.note.take() {
                    self.raw.notes.push(note.trim().to_string());
                }
            }
            _ => {}
        }
        self.stack.pop();
    }

    fn close_description(&mut self) {
        if let (Some(text), Some(&code)) = (self.text.take(), self.code_stack.last()) {
            self.raw.codes[code].description = text.trim().to_string();
        }
    }

    /// A variable's value, for the open case and the variable named last.
    fn close_value(&mut self) {
        if let (Some(text), Some((_, values)), Some(variable)) =
            (self.text.take(), self.case.as_mut(), self.variable_ref.as_ref())
        {
            values.push((variable.clone(), text.trim().to_string()));
        }
    }

    /// The inline text of the last source.
    fn close_source_content(&mut self) {
        if let (Some(text), Some(source)) = (self.text.take(), self.raw.sources.last_mut()) {
            source.inline = Some(text);
        }
    }

    /// A note's text, after its title.
    fn close_note_content(&mut self) {
        if let (Some(text), Some(title)) = (self.text.take(), self.note.as_mut()) {
            title.push_str("\n\n");
            title.push_str(text.trim());
        }
    }

    /// The end of the document: it must have had a root, and every element must be closed.
    fn finish(self) -> Result<RawProject, InteropError> {
        if !self.root_seen {
            return Err(InteropError::new(self.path, self.entry, "is empty"));
        }
        if let Some(open) = self.stack.last() {
            return Err(InteropError::new(
                self.path,
                self.entry,
                format!("ends before <{open}> is closed; the file is cut off or damaged"),
            ));
        }
        Ok(self.raw)
    }
}

/// A selection's `startPosition` or `endPosition`, a whole number (negative ones are refused
/// later, with the text's length in the message).
fn position(path: &Path, e: &BytesStart, key: &str) -> Result<i64, InteropError> {
    let place = || format!("PlainTextSelection {}", attr(e, "guid").unwrap_or_default());
    let value = attr(e, key).ok_or_else(|| InteropError::new(path, place(), format!("has no {key}")))?;
    value.trim().parse().map_err(|_| InteropError::new(path, place(), format!("{key} '{value}' is not a whole number")))
}
