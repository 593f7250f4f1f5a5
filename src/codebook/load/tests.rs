//! Tests of reading and checking codebook files.

use super::*;
use std::path::PathBuf;

#[test]
fn a_yaml_error_says_error_once_and_keeps_the_column() {
    let err = parse("codes: [\n  - id: x\n").unwrap_err();
    assert_eq!(err.matches("error").count(), 0, "{err}");
    assert!(err.starts_with("cb.yaml: line 2: column 3: "), "{err}");
    assert_eq!(yaml_problem("error: line 2 column 3: bad"), "column 3: bad");
    assert_eq!(yaml_problem("error: unexpected end"), "unexpected end");
    assert_eq!(yaml_problem("line of text"), "line of text");
}

fn parse(text: &str) -> Result<Vec<Code>, String> {
    load_files(&[("cb.yaml", text)]).map(|book| book.codes)
}

/// Loads codebooks from (name, text) pairs as a project's `[coding] codebooks`.
fn load_files(files: &[(&str, &str)]) -> Result<Codebook, String> {
    let paths: Vec<(PathBuf, String)> = files.iter().map(|(n, _)| (PathBuf::from(n), n.to_string())).collect();
    let read = |path: &Path| -> std::io::Result<Vec<u8>> {
        let name = path.to_string_lossy();
        Ok(files.iter().find(|(n, _)| *n == name).map(|(_, t)| t.as_bytes().to_vec()).unwrap_or_default())
    };
    load_codebooks_with(&paths, &read).map_err(|e| e.to_string())
}

#[test]
fn a_parent_in_another_codebook() {
    let concepts = "codebook:\n  id: concepts\ncodes:\n  - id: verantwoordelijkheid\n    label: V\n";
    let imported =
        "codebook:\n  id: imported\ncodes:\n  - id: schuld\n    label: Schuld\n    parent: verantwoordelijkheid\n";
    let book = load_files(&[("concepts.yaml", concepts), ("imported.yaml", imported)]).unwrap();
    assert_eq!(book.codes[1].parent.as_deref(), Some("verantwoordelijkheid"));
    // Without the other codebook the parent is unknown, named in the child's file.
    let err = load_files(&[("imported.yaml", imported)]).unwrap_err();
    assert!(err.contains("imported.yaml: line 4: code 'schuld': unknown parent 'verantwoordelijkheid'"), "{err}");
    // A loop through two codebooks is found too.
    let looped = concepts.replace("label: V", "label: V\n    parent: schuld");
    let err = load_files(&[("concepts.yaml", &looped), ("imported.yaml", imported)]).unwrap_err();
    assert!(err.contains("loops back"), "{err}");
}

const GOOD: &str = "codebook:\n  id: test\ncodes:\n  - id: a\n    label: A\n    rules:\n      - terms: [regie]\n  - id: b\n    parent: a\n    rules:\n      - near: [niemand, verantwoordelijk*]\n        within: 4\n";

#[test]
fn a_small_codebook() {
    let codes = parse(GOOD).unwrap();
    assert_eq!(codes.len(), 2);
    assert_eq!(codes[1].parent.as_deref(), Some("a"));
    assert_eq!(codes[1].line, 8);
    assert_eq!(
        codes[1].rules[0].kind,
        RuleKind::Near { terms: [vec!["niemand".into()], vec!["verantwoordelijk*".into()]], within: 4 }
    );
}

#[test]
fn unknown_parent_names_line_and_code() {
    let err = parse(&GOOD.replace("parent: a", "parent: x")).unwrap_err();
    assert!(err.contains("cb.yaml: line 8: code 'b': unknown parent 'x'"), "{err}");
}

#[test]
fn duplicate_id() {
    let err = parse(&GOOD.replace("id: b", "id: a")).unwrap_err();
    assert!(err.contains("line 8") && err.contains("duplicate id") && err.contains("line 4"), "{err}");
}

#[test]
fn invalid_regex_names_the_rule_line() {
    let text = "codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n      - terms: [x]\n      - regex: '(unclosed'\n";
    let err = parse(text).unwrap_err();
    assert!(err.contains("line 7") && err.contains("code 'a'") && err.contains("rule 2: invalid regex"), "{err}");
    assert!(err.ends_with("unclosed group"), "says what is wrong: {err}");
}

#[test]
fn regex_checks_give_the_parsers_verdict_without_building_every_class() {
    // Errors of the syntax tree, and of translating it: an unknown Unicode property, bytes
    // that are not UTF-8 once Unicode mode is off.
    let invalid = [
        "(unclosed",
        "a{2,1}",
        r"\1",
        "(?<n>a)(?<n>b)",
        r"\p{Nergens}",
        r"\P{Script=Nergens}",
        r"\pX",
        r"(?-u:\xFF)",
        r"(?-u)\W",
        "(?-u:.)",
    ];
    let valid = [
        r"\bregie\b",
        r"\b(?:wij|we)\s+(?:[\w']+\s+){0,2}vinden\b",
        r"\bniet\b[^.?!]{0,40}\btoegerust\b",
        r"cli[eë]nt(?:en)?",
        r"\p{Greek}+",
        r"(?u:\w)",
        r"(?i:ggz)\\p",
        r"(?P<naam>zorg)",
    ];
    let by_parser = |p: &str| regex_syntax::Parser::new().parse(p).map(|_| ()).map_err(|e| e.to_string());
    for pattern in invalid {
        assert!(by_parser(pattern).is_err(), "{pattern} is invalid");
        assert_eq!(rules::check_regex_syntax(pattern), by_parser(pattern), "{pattern}");
    }
    for pattern in valid {
        assert!(rules::check_regex_syntax(pattern).is_ok(), "{pattern} is valid");
    }
}

#[test]
fn of_several_bad_rules_checked_in_parallel_the_first_in_the_file_is_reported() {
    // Rules are checked on all cores; the error is still the first a reader meets.
    let text = "codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n      - terms: [x]\n      - regex: '(eerste'\n  - id: b\n    rules:\n      - regex: '(tweede'\n      - terms: ['']\n";
    let err = parse(text).unwrap_err();
    assert!(err.contains("line 7") && err.contains("code 'a'") && err.contains("(eerste"), "{err}");
    // A bad id before a bad rule of the same code is reported first, as before.
    let err = parse(&text.replace("id: a", "id: A")).unwrap_err();
    assert!(err.contains("line 4") && err.contains("code 'A'") && err.contains("lower-case"), "{err}");
}

/// A codebook of one code whose one rule the test writes after this.
const ONE_RULE: &str = "codebook:\n  id: t\ncodes:\n  - id: a\n    rules:\n      - ";

#[test]
fn empty_term_and_bad_rule_shapes() {
    let base = ONE_RULE;
    assert!(parse(&format!("{base}terms: ['']\n")).unwrap_err().contains("empty term"));
    assert!(parse(&format!("{base}near: [a]\n")).unwrap_err().contains("exactly two terms"));
    assert!(parse(&format!("{base}terms: [a]\n        regex: b\n")).unwrap_err().contains("exactly one"));
    assert!(parse(&format!("{base}min_hits: 2\n")).unwrap_err().contains("needs one of"));
}

const LISTS: &str = "codebook:\n  id: t\nlists:\n  regels: [regels, protocol*]\n  oprekken: [oprekken, omzeil*]\ncodes:\n  - id: a\n    rules:\n";

#[test]
fn named_lists_expand_in_every_rule_form() {
    let text = format!(
        "{LISTS}      - near: ['@regels', '@oprekken']\n      - all: [ggz, '@regels']\n      - terms: ['@oprekken', rekken]\n        exclude: ['@regels']\n"
    );
    let codes = parse(&text).unwrap();
    let rules = &codes[0].rules;
    let regels = vec!["regels".to_string(), "protocol*".to_string()];
    let oprekken = vec!["oprekken".to_string(), "omzeil*".to_string()];
    assert_eq!(rules[0].kind, RuleKind::Near { terms: [regels.clone(), oprekken.clone()], within: 5 });
    assert_eq!(rules[1].kind, RuleKind::All(vec![vec!["ggz".into()], regels.clone()]));
    assert_eq!(rules[2].kind, RuleKind::Terms(vec!["oprekken".into(), "omzeil*".into(), "rekken".into()]));
    assert_eq!(rules[2].exclude, regels);
}

#[test]
fn a_proximity_rule_naming_an_unknown_list_names_file_line_and_code() {
    let err = parse(&format!("{LISTS}      - terms: [x]\n      - near: ['@regels', '@oprekking']\n")).unwrap_err();
    assert!(err.contains("cb.yaml: line 10: code 'a': rule 2: '@oprekking' names no list"), "{err}");
    assert!(err.contains("known lists: @oprekken, @regels"), "{err}");
}

#[test]
fn bad_lists() {
    let codes = "codes:\n  - id: a\n";
    let err = parse(&format!("codebook:\n  id: t\nlists:\n  leeg: []\n{codes}")).unwrap_err();
    assert!(err.contains("line 4") && err.contains("list 'leeg': the list is empty"), "{err}");
    let err = parse(&format!("codebook:\n  id: t\nlists:\n  a: [x]\n  b: ['@a']\n{codes}")).unwrap_err();
    assert!(err.contains("list 'b'") && err.contains("names a list"), "{err}");
    let err = parse(&format!("codebook:\n  id: t\nlists:\n  Regels: [x]\n{codes}")).unwrap_err();
    assert!(err.contains("list 'Regels'"), "{err}");
    let err = parse(&format!("codebook:\n  id: t\nlists:\n  a: ['ver*antwoord']\n{codes}")).unwrap_err();
    assert!(err.contains("list 'a': term 'ver*antwoord'"), "{err}");
}

#[test]
fn stem_sentence_and_similar_rules() {
    let text = format!(
        "{LISTS}      - stem: [samenwerking, gedeelde verantwoordelijkheid]\n      - near: ['@regels', oprekken]\n        within: sentence\n      - similar: [\"Wie houdt het overzicht?\"]\n        threshold: 0.3\n    example: \"Niemand pakt de regie.\"\n"
    );
    let codes = parse(&text).unwrap();
    let rules = &codes[0].rules;
    assert_eq!(rules[0].kind, RuleKind::Stem(vec!["samenwerking".into(), "gedeelde verantwoordelijkheid".into()]));
    assert_eq!(
        rules[1].kind,
        RuleKind::NearSentence { terms: [vec!["regels".into(), "protocol*".into()], vec!["oprekken".into()]] }
    );
    assert_eq!(
        rules[2].kind,
        RuleKind::Similar {
            examples: vec!["Wie houdt het overzicht?".into()],
            threshold: super::super::Threshold(0.3),
            per: super::super::similar::Per::Unit,
            stop_words: vec![],
            own_examples_only: false,
            min_shared: None,
        }
    );
}

#[test]
fn a_similar_rule_per_sentence_with_its_own_stop_words() {
    let text = "codebook:\n  id: t\nlists:\n  vulling: [dingen, soort]\ncodes:\n  - id: a\n    rules:\n      - similar: [\"Wie houdt het overzicht?\"]\n        threshold: 0.3\n        per: sentence\n        stop_words: ['@vulling', zeg]\n";
    let codes = parse(text).unwrap();
    let RuleKind::Similar { per, stop_words, .. } = &codes[0].rules[0].kind else { panic!("not similar") };
    assert_eq!(*per, super::super::similar::Per::Sentence);
    assert_eq!(stop_words, &vec!["dingen".to_string(), "soort".into(), "zeg".into()]);
}

#[test]
fn a_similar_rule_that_compares_with_its_own_examples_only() {
    let base = "codebook:\n  id: t\ncodes:\n  - id: a\n    example: Wie houdt het overzicht?\n    rules:\n      - ";
    let codes = parse(&format!(
        "{base}similar: [\"Het overleg over de regie\"]\n        threshold: 0.2\n        own_examples_only: true\n"
    ))
    .unwrap();
    let RuleKind::Similar { own_examples_only, .. } = &codes[0].rules[0].kind else { panic!("not similar") };
    assert!(*own_examples_only);
    assert_eq!(codes[0].rules[0].describe(), "similar: 1 examples of its own (threshold 0.2)");
    let err =
        parse(&format!("{base}similar: []\n        threshold: 0.2\n        own_examples_only: true\n")).unwrap_err();
    assert!(err.contains("needs example texts of its own"), "{err}");
    let err = parse(&format!("{base}terms: [a]\n        own_examples_only: true\n")).unwrap_err();
    assert!(err.contains("`own_examples_only` belongs to a `similar`"), "{err}");
}

#[test]
fn bad_stem_sentence_and_similar_rules() {
    let base = ONE_RULE;
    assert!(parse(&format!("{base}stem: [verantwoordelijk*]\n")).unwrap_err().contains("takes no `*`"));
    assert!(parse(&format!("{base}near: [a, b]\n        within: zin\n")).unwrap_err().contains("`sentence`"));
    assert!(parse(&format!("{base}similar: [a b c]\n")).unwrap_err().contains("needs a `threshold`"));
    let err = parse(&format!("{base}similar: [a b c]\n        threshold: 0.5\n        per: zin\n")).unwrap_err();
    assert!(err.contains("`per: zin`") && err.contains("`sentence`"), "{err}");
    let err =
        parse(&format!("{base}similar: [a b c]\n        threshold: 0.5\n        stop_words: ['zeg*']\n")).unwrap_err();
    assert!(err.contains("stop word 'zeg*'"), "{err}");
    assert!(parse(&format!("{base}terms: [a]\n        per: sentence\n"))
        .unwrap_err()
        .contains("`per` belongs to a `similar`"));
    assert!(parse(&format!("{base}similar: [a b c]\n        threshold: 1.5\n")).unwrap_err().contains("between 0"));
    assert!(parse(&format!("{base}terms: [a]\n        threshold: 0.5\n"))
        .unwrap_err()
        .contains("belongs to a `similar`"));
    // no example of its own and none on the code
    let err = parse(&format!("{base}similar: []\n        threshold: 0.5\n")).unwrap_err();
    assert!(err.contains("line 6") && err.contains("needs the code's `example`"), "{err}");
}

#[test]
fn cycle() {
    let text = "codebook:\n  id: t\ncodes:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n";
    assert!(parse(text).unwrap_err().contains("loops back"));
}

/// Regression (issue 14): a tree 10,000 levels deep took minutes (time grew faster than
/// the depth); now each code is visited once. A cycle at the bottom is still found.
#[test]
fn a_very_deep_tree_is_checked_quickly_and_a_deep_cycle_is_found() {
    let depth = 10_000;
    let mut text = String::from("codebook:\n  id: t\ncodes:\n  - id: c0\n");
    for i in 1..depth {
        text.push_str(&format!("  - id: c{i}\n    parent: c{}\n", i - 1));
    }
    let started = std::time::Instant::now();
    assert!(parse(&text).is_ok());
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let looped = text.replacen("  - id: c0\n", "  - id: c0\n    parent: c9999\n", 1);
    assert!(parse(&looped).unwrap_err().contains("loops back"));
}

#[test]
fn broken_yaml_and_unknown_fields() {
    let err = parse("codebook:\n  id: t\ncodes:\n  - id: a\n    label: [unclosed\n").unwrap_err();
    assert!(err.starts_with("cb.yaml: line"), "{err}");
    let err = parse("codebook:\n  id: t\ncodes:\n  - id: a\n    lable: A\n").unwrap_err();
    assert!(err.contains("lable"), "{err}");
    assert!(parse("").unwrap_err().contains("empty"));
}

#[test]
fn bad_id_and_colour() {
    assert!(parse("codebook:\n  id: t\ncodes:\n  - id: Regie Casus\n").unwrap_err().contains("lower-case"));
    assert!(parse("codebook:\n  id: t\ncodes:\n  - id: a\n    colour: red\n").unwrap_err().contains("hex colour"));
}

#[test]
fn an_unquoted_wildcard_says_to_quote_it() {
    let err = parse("codebook:\n  id: c\ncodes:\n  - id: casus\n    rules:\n      - terms: [*casus]\n").unwrap_err();
    assert!(err.contains("must be in quotes in YAML: \"*casus\""), "{err}");
    let err = parse("codebook:\n  id: c\ncodes:\n  - id: [\n").unwrap_err();
    assert!(!err.contains("in quotes"), "{err}");
}
