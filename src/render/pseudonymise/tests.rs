//! Tests of the mapping file, the search and the final check.

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

/// A spilled output (a large study's `coded_segments.csv`) is searched a piece at a time:
/// a name in its third piece is found, on the line counted across the pieces. Lines of 10
/// bytes; the name is on line 900,001 (past the second 4 MiB piece, 838,860 lines).
#[test]
fn a_name_deep_in_a_spilled_output_is_found_with_its_line() {
    let p = parse("real,pseudonym\nJansen,R1\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut writer = crate::render::SpillWriter::new_in(dir.path()).unwrap();
    use std::io::Write;
    for i in 0..1_000_000 {
        let line = if i == 900_000 { "x,Jansen\n".to_string() } else { format!("{i:09}\n") };
        writer.write_all(line.as_bytes()).unwrap();
    }
    let file = OutputFile::spilled("tables/coded_segments.csv", writer.finish().unwrap());
    match p.check(std::slice::from_ref(&file)) {
        Err(PseudonymError::Leak { output, output_line, real, .. }) => {
            assert_eq!((output.as_str(), output_line, real.as_str()), ("tables/coded_segments.csv", 900_001, "Jansen"));
        }
        other => panic!("expected a leak, got {other:?}"),
    }
    let mut clean = crate::render::SpillWriter::new_in(dir.path()).unwrap();
    clean.write_all(b"x,R1\n").unwrap();
    assert!(p.check(&[OutputFile::spilled("t.csv", clean.finish().unwrap())]).is_ok());
}

/// The one folding names and outputs are compared in, worked by hand: a run of whitespace is
/// one space, every apostrophe is `'`, letters are their upper case (`ſ`, `s` and `S` all `S`).
#[test]
fn folding_by_hand() {
    assert_eq!(super::fold::fold("O`Brien  en\tO’Brien\n\nvan ’t Hof"), "O'BRIEN EN O'BRIEN VAN 'T HOF");
    assert_eq!(super::fold::fold("ſint-Jan"), "SINT-JAN");
    assert_eq!(super::fold::fold(" \u{a0} "), " ");
}
