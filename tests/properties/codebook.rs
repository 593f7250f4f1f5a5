//! Codebook YAML: parsed, checked and compiled, whatever the file holds.

use std::path::{Path, PathBuf};

use analyse::codebook::{load_codebooks_with, parse_codebook, term_to_regex, Codebook, CompiledCodebook, Diacritics};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::{any_text, cell_text, config, dutch_text};

/// Loads one codebook from its text, as a run does.
pub fn load(text: &str) -> Result<Codebook, analyse::codebook::CodebookError> {
    let bytes = text.as_bytes().to_vec();
    load_codebooks_with(&[(PathBuf::from("c.yaml"), "c.yaml".to_string())], &move |_| Ok(bytes.clone()))
}

/// Compiles a loaded codebook both ways and runs it on some text: it may refuse a rule (a
/// size limit), but not panic, and every hit names a code of the codebook.
fn compile_and_match(codebook: &Codebook, text: &str) -> Result<(), TestCaseError> {
    for diacritics in [Diacritics::Ignore, Diacritics::Match] {
        if let Ok(matcher) = CompiledCodebook::compile(codebook, diacritics) {
            for hit in matcher.hits(text) {
                prop_assert!(hit.code < codebook.codes.len());
                prop_assert!(hit.rule < codebook.codes[hit.code].rules.len());
            }
        }
    }
    Ok(())
}

/// A YAML string in double quotes: backslash and quote escaped, and every character that
/// YAML would fold or that a file cannot carry as it is written as an escape.
pub fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                out.push_str(&format!("\\U{:08X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Pieces of codebooks, valid and not, to shuffle.
fn codebook_pieces() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "  - id: a\n",
        "  - id: b\n    parent: a\n",
        "  - id: Bad Id\n",
        "    rules:\n      - terms: [regie]\n",
        "lists:\n  zorg: [wijk]\n",
        "codes:\n",
        "codebook:\n  id: t\n",
        "&anchor\n",
        "*anchor\n",
        "---\n",
        "\t\n",
        "    - [\n",
        "? x\n: y\n",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.concat())
}

/// Rules of every kind, with good terms, lists, regexes and settings.
const GOOD_RULES: &[&str] = &[
    "      - terms: [regie, \"cliënt*\", \"samen werk*\"]\n",
    "      - terms: [\"\u{0301}\", \"–*\", \"…\", \"ß\", \"*ĳ\"]\n",
    "      - terms: [\"@zorg\"]\n        exclude: [\"niet wijk*\"]\n",
    "      - terms: [a]\n        min_hits: 2\n",
    "      - regex: \"(?x) re gie\"\n",
    "      - regex: \"\\\\bwijk\\\\w*\"\n",
    "      - regex: \"[z–a]\"\n",
    "      - regex: \".\"\n",
    "      - near: [\"één\", \"*ß\"]\n        within: 18446744073709551615\n",
    "      - near: [\"@zorg\", \"regie\"]\n        within: 1\n",
    "      - all: [\"@zorg\", b]\n        min_hits: 3\n",
];

/// Rules that are refused: empty or wildcard-only terms, bad regexes, settings that do not fit.
const BAD_RULES: &[&str] = &[
    "      - terms: [\"*\"]\n",
    "      - terms: [\"a*b\"]\n",
    "      - terms: []\n",
    "      - terms: [a]\n        exclude: [\"@nope\"]\n",
    "      - regex: \"(\"\n",
    "      - regex: \"a{1000}{1000}\"\n",
    "      - near: [a, \"b*\"]\n        within: 0\n",
    "      - near: [regie]\n",
    "      - all: [regie, wijk]\n        within: 2\n",
    "      - terms: [a]\n        regex: a\n",
    "      - {}\n",
];

/// Which parent a generated code names.
#[derive(Debug, Clone)]
enum Parent {
    None,
    Earlier(Index),
    /// A code that does not exist.
    Missing,
    /// The code itself: a loop.
    Itself,
}

/// Codebooks as researchers write them: a header, maybe named lists, and codes with labels,
/// parents, colours and rules, mostly valid; now and then a bad id, a parent that loops or is
/// missing, a bad colour or rule, or a stray line.
fn codebook_text() -> impl Strategy<Value = String> {
    let rule = prop_oneof![12 => prop::sample::select(GOOD_RULES), 1 => prop::sample::select(BAD_RULES)];
    let code = (
        prop_oneof![30 => Just(None), 1 => prop::sample::select(vec!["Bad Id", "c-0", ""]).prop_map(Some)],
        prop_oneof![
            15 => Just(Parent::None),
            12 => any::<Index>().prop_map(Parent::Earlier),
            1 => Just(Parent::Missing),
            1 => Just(Parent::Itself),
        ],
        prop::option::of(prop::sample::select(vec!["\"Één ’s 🙂\"", "Regie", "''"])),
        prop_oneof![20 => Just(None), 9 => Just(Some("\"#0072B2\"")), 1 => Just(Some("red"))],
        prop::collection::vec(rule, 0..3),
    );
    let lists = prop_oneof![
        2 => Just(""),
        9 => Just("lists:\n  zorg: [wijk, \"cliënt\"]\n"),
        1 => prop::sample::select(vec!["lists:\n  zorg: [\"@wijk\"]\n", "lists:\n  Bad: []\n"]),
    ];
    let stray = prop_oneof![9 => Just(None), 1 => (any::<Index>(), codebook_pieces()).prop_map(Some)];
    (lists, prop::collection::vec(code, 1..6), stray).prop_map(|(lists, codes, stray)| {
        let mut text = format!("codebook:\n  id: t\n{lists}codes:\n");
        for (i, (bad_id, parent, label, colour, rules)) in codes.iter().enumerate() {
            text.push_str(&format!("  - id: {}\n", bad_id.map(String::from).unwrap_or_else(|| format!("c-{i}"))));
            let parent = match parent {
                Parent::None => None,
                Parent::Earlier(_) if i == 0 => None,
                Parent::Earlier(p) => Some(format!("c-{}", p.index(i))),
                Parent::Itself => Some(format!("c-{i}")),
                Parent::Missing => Some("x".to_string()),
            };
            text.extend(parent.map(|p| format!("    parent: {p}\n")));
            text.extend(label.map(|l| format!("    label: {l}\n")));
            text.extend(colour.map(|c| format!("    colour: {c}\n")));
            if !rules.is_empty() {
                text.push_str("    rules:\n");
                text.push_str(&rules.concat());
            }
        }
        let Some((at, piece)) = stray else {
            return text;
        };
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(at.index(lines.len() + 1), piece.trim_end_matches('\n'));
        lines.join("\n") + "\n"
    })
}

/// A valid code tree: ids that are slugs, labels of any text, each parent an earlier code.
fn code_tree() -> impl Strategy<Value = Vec<(String, String, Option<usize>)>> {
    let word = prop::sample::select(vec!["regie", "zorg", "samenwerking", "client", "wijk", "vg"]);
    prop::collection::vec((word, cell_text(), any::<Index>(), any::<bool>()), 1..10).prop_map(|codes| {
        codes
            .into_iter()
            .enumerate()
            .map(|(i, (word, label, parent, has_parent))| {
                let parent = (i > 0 && has_parent).then(|| parent.index(i));
                (format!("{word}-{i}"), label, parent)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(config())]

    /// Any text as a codebook: checked codes, or an error; what loads compiles or is refused.
    #[test]
    fn codebook_from_any_text(text in any_text()) {
        let _ = parse_codebook(Path::new("c.yaml"), "c.yaml", &text);
        if let Ok(codebook) = load(&text) {
            compile_and_match(&codebook, "R: De regie ligt bij de cliënt.")?;
        }
    }

    /// Codebooks as researchers write them (and shuffled pieces of them): the same, with far
    /// more of them loading.
    #[test]
    fn codebook_from_pieces(text in prop_oneof![codebook_text(), codebook_pieces()], sample in dutch_text()) {
        if let Ok(codebook) = load(&text) {
            compile_and_match(&codebook, &sample)?;
        }
    }

    /// Any term in a rule: refused when loading, or compiled and run.
    #[test]
    fn any_term_compiles_or_is_refused(term in any_text(), sample in dutch_text()) {
        let yaml = format!("codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n      - terms: [{}]\n", yaml_quoted(&term));
        if let Ok(codebook) = load(&yaml) {
            prop_assert!(term_to_regex(&term).is_ok());
            compile_and_match(&codebook, &sample)?;
            compile_and_match(&codebook, &term)?;
        }
    }

    /// A code tree reads back as written: ids, labels, parents, and the line of each id.
    #[test]
    fn code_tree_reads_back(codes in code_tree()) {
        let mut yaml = String::from("codebook:\n  id: t\ncodes:\n");
        let mut expected_lines = Vec::new();
        let mut line = 4; // after the three header lines
        for (id, label, parent) in &codes {
            expected_lines.push(line);
            yaml.push_str(&format!("  - id: {id}\n    label: {}\n", yaml_quoted(label)));
            line += 2;
            if let Some(p) = parent {
                yaml.push_str(&format!("    parent: {}\n", codes[*p].0));
                line += 1;
            }
        }
        let read = parse_codebook(Path::new("c.yaml"), "c.yaml", &yaml);
        prop_assert!(read.is_ok(), "{:?}\n{}", read, yaml);
        let (_, read) = read.unwrap();
        let got: Vec<(String, String, Option<String>, usize)> =
            read.into_iter().map(|c| (c.id, c.label, c.parent, c.line)).collect();
        let expected: Vec<(String, String, Option<String>, usize)> = codes
            .iter()
            .zip(expected_lines)
            .map(|((id, label, parent), line)| (id.clone(), label.clone(), parent.map(|p| codes[p].0.clone()), line))
            .collect();
        prop_assert_eq!(got, expected);
    }
}

/// YAML aliases that would expand to a billion strings ("billion laughs") are refused
/// without expanding them: the codebook's types accept no nested lists.
#[test]
fn billion_laughs_are_refused() {
    let mut yaml =
        String::from("codebook:\n  id: t\nlists:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (name, previous) in
        ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        yaml.push_str(&format!("  {name}: &{name} [{}]\n", vec![format!("*{previous}"); 10].join(", ")));
    }
    yaml.push_str("codes:\n  - id: a\n    rules:\n      - terms: *i\n");
    assert!(load(&yaml).is_err());
}

/// Brackets nested a hundred thousand deep are an error, not a stack overflow.
#[test]
fn deeply_nested_yaml_is_refused() {
    let yaml = format!("codebook:\n  id: t\ncodes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert!(load(&yaml).is_err());
}
