//! REFI-QDA codebooks (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`): the code tree with
//! names, colours and descriptions, as ATLAS.ti, MAXQDA, NVivo and QualCoder import it.
//!
//! The description carries the definition, inclusion and exclusion criteria and the example,
//! since the format has no fields of its own for them. No BOM, `\n` line ends, GUIDs derived
//! from the code's path ([`super::guid`]).

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::codebook::Codebook;

/// The codebook as the bytes of a `.qdc` file.
pub fn to_qdc(codebook: &Codebook) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |w: &mut Writer<Vec<u8>>, e: Event| w.write_event(e).expect("writing XML to memory cannot fail");
    write(&mut writer, Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    let mut root = BytesStart::new("CodeBook");
    root.push_attribute(("xmlns", "urn:QDA-XML:codebook:1.0"));
    root.push_attribute(("origin", concat!("analyse ", env!("CARGO_PKG_VERSION"))));
    write(&mut writer, Event::Start(root));
    write(&mut writer, Event::Start(BytesStart::new("Codes")));
    for top in (0..codebook.codes.len()).filter(|&c| codebook.parent_of(c).is_none()) {
        write_code(&mut writer, codebook, top);
    }
    write(&mut writer, Event::End(BytesEnd::new("Codes")));
    write(&mut writer, Event::End(BytesEnd::new("CodeBook")));
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
}

/// The path of a code from its root (`grenzenwerk/een-plan`): the stable name of its GUID.
pub fn code_path(codebook: &Codebook, code: usize) -> String {
    let mut parts = vec![codebook.codes[code].id.as_str()];
    let mut current = codebook.parent_of(code);
    while let Some(p) = current {
        parts.push(&codebook.codes[p].id);
        current = codebook.parent_of(p);
    }
    parts.reverse();
    parts.join("/")
}

/// Writes one code and its children; shared with the project export.
pub(crate) fn write_code(writer: &mut Writer<Vec<u8>>, codebook: &Codebook, code: usize) {
    let write = |w: &mut Writer<Vec<u8>>, e: Event| w.write_event(e).expect("writing XML to memory cannot fail");
    let c = &codebook.codes[code];
    let mut start = BytesStart::new("Code");
    start.push_attribute(("guid", super::guid("code", &code_path(codebook, code)).as_str()));
    start.push_attribute(("name", c.label.as_str()));
    start.push_attribute(("isCodable", "true"));
    if let Some(colour) = &c.colour {
        start.push_attribute(("color", colour.to_uppercase().as_str()));
    }
    write(writer, Event::Start(start));
    let description = description(c);
    if !description.is_empty() {
        write(writer, Event::Start(BytesStart::new("Description")));
        write(writer, Event::Text(BytesText::new(&description)));
        write(writer, Event::End(BytesEnd::new("Description")));
    }
    for child in (0..codebook.codes.len()).filter(|&k| codebook.parent_of(k) == Some(code)) {
        write_code(writer, codebook, child);
    }
    write(writer, Event::End(BytesEnd::new("Code")));
}

/// Definition, criteria and example in one text, each on its own paragraph.
fn description(c: &crate::codebook::Code) -> String {
    let parts =
        [("", &c.definition), ("Inclusie: ", &c.include), ("Exclusie: ", &c.exclude), ("Voorbeeld: ", &c.example)];
    parts
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(label, t)| format!("{label}{}", t.trim()))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::parse_codebook;

    #[test]
    fn nested_codes_with_colours_and_descriptions() {
        let yaml = "codebook:\n  id: t\ncodes:\n  - id: a\n    label: \"Logica & <taal>\"\n    colour: \"#0072b2\"\n    definition: Wat het is.\n    example: Zo.\n  - id: b\n    parent: a\n    label: B\n";
        let (info, codes) = parse_codebook(std::path::Path::new("t.yaml"), "t.yaml", yaml).unwrap();
        let book = Codebook::new(vec![info], codes);
        let xml = String::from_utf8(to_qdc(&book)).unwrap();
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""),
            "{xml}"
        );
        assert!(xml.contains("name=\"Logica &amp; &lt;taal&gt;\""), "{xml}");
        assert!(xml.contains("color=\"#0072B2\""));
        assert!(xml.contains("<Description>Wat het is.\n\nVoorbeeld: Zo.</Description>"), "{xml}");
        // b is nested inside a, with the GUID of its path.
        let a_open = xml.find("name=\"Logica").unwrap();
        let b_open = xml.find("name=\"B\"").unwrap();
        let a_close = xml.rfind("</Code>").unwrap();
        assert!(a_open < b_open && b_open < a_close);
        assert!(xml.contains(&super::super::guid("code", "a/b")));
        assert_eq!(code_path(&book, 1), "a/b");
    }
}
