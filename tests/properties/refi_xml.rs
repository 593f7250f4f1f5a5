//! REFI-QDA documents to feed the reader: its elements nested at random, and projects as the
//! tools write them (users, codebook, cases, sources with selections, notes) whose references
//! resolve or, now and then, do not.

use proptest::prelude::*;

use crate::support::{dutch_text, xml_escape};

/// An element of a REFI-QDA file, valid or not: the names and attributes the reader looks
/// at, nested at random, so that elements turn up where they belong and where they do not.
#[derive(Debug, Clone)]
enum Node {
    Element(&'static str, Vec<(&'static str, &'static str)>, Vec<Node>),
    Text(String),
    /// Markup written as it is: references, CDATA, comments.
    Raw(&'static str),
}

const ELEMENTS: &[&str] = &[
    "Project",
    "CodeBook",
    "Codes",
    "Code",
    "Description",
    "Users",
    "User",
    "Variables",
    "Variable",
    "Cases",
    "Case",
    "VariableValue",
    "VariableRef",
    "TextValue",
    "BooleanValue",
    "SourceRef",
    "Sources",
    "TextSource",
    "PlainTextContent",
    "PlainTextSelection",
    "Coding",
    "CodeRef",
    "PDFSource",
    "Representation",
    "Notes",
    "Note",
    "Other",
];

const GUIDS: &[&str] = &["G1", "G2", "g2", "G3"];

fn attribute() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        (Just("guid"), prop::sample::select(GUIDS)),
        (Just("targetGUID"), prop::sample::select(GUIDS)),
        (Just("creatingUser"), prop::sample::select(GUIDS)),
        (Just("name"), prop::sample::select(vec!["A", "Één", "", "a&amp;b"])),
        (
            prop::sample::select(vec!["startPosition", "endPosition"]),
            prop::sample::select(vec!["0", "1", "2", "3", "5", "-1", "100", "x", " 2 ", "9223372036854775807"])
        ),
        (
            Just("plainTextPath"),
            prop::sample::select(vec![
                "internal://s.txt",
                "relative://s.txt",
                "s.txt",
                "../s.txt",
                "internal://none.txt"
            ])
        ),
        (Just("color"), prop::sample::select(vec!["#aabbcc", "x"])),
        (Just("origin"), prop::sample::select(vec!["ATLAS.ti 23", "MAXQDA 24"])),
        (Just("basePath"), Just("/nonexistent")),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        prop::sample::select(ELEMENTS).prop_flat_map(|name| {
            prop::collection::vec(attribute(), 0..4).prop_map(move |attrs| Node::Element(name, attrs, Vec::new()))
        }),
        dutch_text().prop_map(Node::Text),
        prop::sample::select(vec!["&#x1F642;", "&unknown;", "&#0;", "<![CDATA[R: <ja>]]>", "<!-- memo -->", "&amp;"])
            .prop_map(Node::Raw),
    ];
    leaf.prop_recursive(5, 48, 5, |inner| {
        (prop::sample::select(ELEMENTS), prop::collection::vec(attribute(), 0..4), prop::collection::vec(inner, 0..5))
            .prop_map(|(name, attrs, children)| Node::Element(name, attrs, children))
    })
}

fn render(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(&xml_escape(t)),
        Node::Raw(r) => out.push_str(r),
        Node::Element(name, attrs, children) => {
            out.push('<');
            out.push_str(name);
            for (key, value) in attrs {
                out.push_str(&format!(" {key}=\"{value}\""));
            }
            if children.is_empty() {
                out.push_str("/>");
                return;
            }
            out.push('>');
            for child in children {
                render(child, out);
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

/// A REFI-QDA document: elements in any nesting under a `Project` or `CodeBook` root (or
/// none), or a project as the tools write it with references that may or may not resolve.
pub fn qde() -> impl Strategy<Value = String> {
    let root = prop::sample::select(vec![
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" origin=\"ATLAS.ti 23\">",
        "<Project xmlns=\"urn:QDA-XML:project:1.0\">",
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">",
        "",
    ]);
    let nested = (root, prop::collection::vec(node(), 0..6)).prop_map(|(root, nodes)| {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        xml.push_str(root);
        for n in &nodes {
            render(n, &mut xml);
        }
        if let Some(name) = root.strip_prefix('<').and_then(|r| r.split([' ', '>']).next()) {
            xml.push_str(&format!("</{name}>"));
        }
        xml
    });
    let structured = project_node().prop_map(|project| {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        render(&project, &mut xml);
        xml
    });
    prop_oneof![1 => nested, 3 => structured]
}

fn element(name: &'static str, attrs: Vec<(&'static str, &'static str)>, children: Vec<Node>) -> Node {
    Node::Element(name, attrs, children)
}

/// GUIDs of codes, sources, users and variables, a few of them missing or in lower case.
const CODE_GUIDS: &[&str] = &["C1", "C2", "C3", "c1"];
const SOURCE_GUIDS: &[&str] = &["S1", "S2", "S9"];
const USER_GUIDS: &[&str] = &["U1", "U2", "U9"];
const STARTS: &[&str] = &["0", "0", "1", "2", "3"];
const ENDS: &[&str] = &["1", "2", "3", "5", "8"];
const BAD_POSITIONS: &[&str] = &["-1", "100", "x", " 2 ", "9223372036854775807"];

/// A position as a selection writes it: mostly inside a short text, sometimes not at all.
fn position(usual: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop_oneof![20 => prop::sample::select(usual), 1 => prop::sample::select(BAD_POSITIONS)]
}

/// A code tree: codes with descriptions and children.
fn code_node() -> impl Strategy<Value = Node> {
    let code = |children: Vec<Node>, guid: &'static str, name: &'static str| {
        element("Code", vec![("guid", guid), ("name", name), ("isCodable", "true")], children)
    };
    let names = prop::sample::select(vec!["Regie", "Één", "a&amp;b", ""]);
    let description = prop::option::of(dutch_text().prop_map(|t| element("Description", vec![], vec![Node::Text(t)])));
    let leaf = (prop::sample::select(CODE_GUIDS), names.clone(), description)
        .prop_map(move |(guid, name, d)| code(d.into_iter().collect(), guid, name));
    leaf.prop_recursive(3, 12, 3, move |inner| {
        (prop::sample::select(CODE_GUIDS), names.clone(), prop::collection::vec(inner, 0..3))
            .prop_map(move |(guid, name, children)| code(children, guid, name))
    })
}

/// A `Coding` with a `CodeRef` (or without one).
fn coding_node() -> impl Strategy<Value = Node> {
    let code =
        prop_oneof![30 => prop::sample::select(CODE_GUIDS).prop_map(Some), 1 => Just(Some("C9")), 1 => Just(None)];
    (code, prop::option::of(prop::sample::select(USER_GUIDS))).prop_map(|(code, user)| {
        let refs = code.map(|c| element("CodeRef", vec![("targetGUID", c)], vec![])).into_iter().collect();
        element("Coding", user.map(|u| ("creatingUser", u)).into_iter().collect(), refs)
    })
}

/// A text source, its text in the archive or inline, with selections and whole-source codings.
fn text_source_node() -> impl Strategy<Value = Node> {
    let selection = (
        position(STARTS),
        position(ENDS),
        prop::option::of(prop::sample::select(USER_GUIDS)),
        prop::collection::vec(coding_node(), 0..3),
    )
        .prop_map(|(start, end, user, codings)| {
            let mut attrs = vec![("guid", "P1"), ("startPosition", start), ("endPosition", end)];
            attrs.extend(user.map(|u| ("creatingUser", u)));
            element("PlainTextSelection", attrs, codings)
        });
    let text = prop_oneof![
        Just(None),
        dutch_text().prop_map(|t| Some(element("PlainTextContent", vec![], vec![Node::Text(format!("R: Wij\n{t}"))]))),
    ];
    (
        prop::sample::select(SOURCE_GUIDS),
        text,
        prop::collection::vec(prop_oneof![3 => selection, 1 => coding_node()], 0..4),
    )
        .prop_map(|(guid, text, children)| {
            let mut attrs = vec![("guid", guid), ("name", "D1.docx")];
            if text.is_none() {
                attrs.push(("plainTextPath", "internal://s.txt"));
            }
            element("TextSource", attrs, text.into_iter().chain(children).collect())
        })
}

/// A project as the tools write it: users, codebook, variables, cases, sources and notes, any
/// of them missing, with a stray element here and there.
fn project_node() -> impl Strategy<Value = Node> {
    let users = Just(element(
        "Users",
        vec![],
        vec![
            element("User", vec![("guid", "U1"), ("name", "anna")], vec![]),
            element("User", vec![("guid", "u2")], vec![]),
        ],
    ));
    let codebook = prop::collection::vec(code_node(), 1..4)
        .prop_map(|codes| element("CodeBook", vec![], vec![element("Codes", vec![], codes)]));
    let variables =
        Just(element("Variables", vec![], vec![element("Variable", vec![("guid", "V1"), ("name", "rol")], vec![])]));
    let case = (prop::option::of(dutch_text()), prop::sample::select(SOURCE_GUIDS)).prop_map(|(value, source)| {
        let mut children = Vec::new();
        if let Some(v) = value {
            children.push(element(
                "VariableValue",
                vec![],
                vec![
                    element("VariableRef", vec![("targetGUID", "V1")], vec![]),
                    element("TextValue", vec![], vec![Node::Text(v)]),
                ],
            ));
        }
        children.push(element("SourceRef", vec![("targetGUID", source)], vec![]));
        element("Case", vec![("guid", "K1"), ("name", "R7")], children)
    });
    let cases = prop::collection::vec(case, 0..3).prop_map(|cases| element("Cases", vec![], cases));
    let sources = prop::collection::vec(
        prop_oneof![4 => text_source_node(), 1 => Just(element("PDFSource", vec![("guid", "S3"), ("name", "b.pdf")], vec![]))],
        0..3,
    )
    .prop_map(|sources| element("Sources", vec![], sources));
    let notes = dutch_text().prop_map(|t| {
        let content = element("PlainTextContent", vec![], vec![Node::Text(t)]);
        element("Notes", vec![], vec![element("Note", vec![("guid", "N1"), ("name", "Memo")], vec![content])])
    });
    let origin = prop::sample::select(vec!["ATLAS.ti 23", "MAXQDA 24", "QualCoder"]);
    (
        origin,
        prop::option::of(users),
        prop::option::weighted(0.9, codebook),
        prop::option::of(variables),
        prop::option::of(cases),
        prop::option::weighted(0.9, sources),
        prop::option::of(notes),
        prop::option::weighted(0.2, node()),
    )
        .prop_map(|(origin, users, codebook, variables, cases, sources, notes, stray)| {
            let sections = [users, codebook, variables, cases, sources, notes, stray].into_iter().flatten().collect();
            element("Project", vec![("xmlns", "urn:QDA-XML:project:1.0"), ("origin", origin)], sections)
        })
}

/// A source text as the other tool stored it: at least 8 code points (so that most selections
/// fit), CRLF line ends or not, UTF-8 or UTF-16.
pub fn source_bytes() -> impl Strategy<Value = Vec<u8>> {
    (dutch_text(), any::<bool>()).prop_map(|(t, utf16)| {
        let t = format!("R: Wij\r\n{t}");
        if utf16 {
            [0xFF, 0xFE].into_iter().chain(t.encode_utf16().flat_map(u16::to_le_bytes)).collect()
        } else {
            t.into_bytes()
        }
    })
}
