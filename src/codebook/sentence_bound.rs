//! Patterns whose matches never cross the end of a sentence, so that the prefilter may ask for
//! all their words in one sentence rather than anywhere in the unit.
//!
//! Most rules look for a few words close together: `\b(?:wij|we)\s+(?:[\w']+\s+){0,2}vinden\b`,
//! `\bniet\b[^.?!]{0,40}\btoegerust\b`. No match of such a pattern contains `.`, `?` or `!`,
//! so every match lies inside one stretch of the text between two of them. A rule of two common
//! words was verified in every turn that has both words somewhere; the prefilter now verifies
//! it only where both stand in the same stretch ([`super::prefilter`]). This is a property of
//! the pattern's bytes, not of Dutch: an abbreviation's full stop (`o.a.`) ends a stretch too,
//! which only makes the prefilter verify a rule in fewer places where it cannot match anyway.
//! The matcher then searches such a rule only in the stretches its words were seen in, each as
//! a text of its own; so a pattern with a text or line anchor (`^`, `$`), which would read
//! differently there, does not count as sentence-bound.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The characters that end a stretch.
pub const SENTENCE_ENDS: [u8; 3] = [b'.', b'?', b'!'];

/// Whether no match of `pattern` (as the matcher runs it, on folded text) can contain `.`, `?`
/// or `!`. Read in ASCII mode, where classes are small: case and Unicode classes add no such
/// character (a class holds one of them in both modes or in neither). `false` when the pattern
/// does not parse so (`\p{L}`): then nothing is assumed.
pub fn never_crosses_sentence_end(pattern: &str) -> bool {
    match regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern) {
        Ok(hir) => !can_match_an_end(&hir),
        Err(_) => false,
    }
}

/// [`never_crosses_sentence_end`] of a pattern that is already parsed in Unicode mode (as
/// `regex_syntax::Parser::new()` parses it, for its literals), without parsing it again where
/// both parses say the same: a pattern in ASCII without escapes that only Unicode mode accepts
/// (`\p{L}`, `\x{2026}`, `\u2026`). There the ASCII parse succeeds and differs only in its
/// classes, and a class holds a sentence end in both modes or in neither.
pub fn never_crosses_sentence_end_parsed(pattern: &str, parsed: &Hir) -> bool {
    let unicode_only = [r"\p", r"\P", r"\x", r"\u", r"\U"];
    if pattern.is_ascii() && !unicode_only.iter().any(|e| pattern.contains(e)) {
        !can_match_an_end(parsed)
    } else {
        never_crosses_sentence_end(pattern)
    }
}

/// [`never_crosses_sentence_end`] of the alternation of some terms as
/// [`super::rules::term_to_regex`] writes them, read from the terms without parsing it:
/// parsing the shipped codebooks' 2,161 terms for this was a tenth of compiling them (issue
/// 15). A term's pattern is word boundaries, `\w*`, `\s+`, the class of apostrophes and the
/// term's own characters, so only those can be a sentence end. (The ASCII-mode parse could not
/// read the apostrophes' class and answered `false` for such terms: nothing was assumed.)
pub fn terms_never_cross_sentence_end(terms: impl IntoIterator<Item = impl AsRef<str>>) -> bool {
    terms.into_iter().all(|term| !term.as_ref().bytes().any(|b| SENTENCE_ENDS.contains(&b)))
}

/// Whether some match of `hir` can contain one of [`SENTENCE_ENDS`], or the pattern has an
/// assertion other than a word boundary. The matcher searches a sentence-bound rule only in
/// the stretches the prefilter saw its words in, each as a text of its own
/// ([`super::prefilter::Scratch::spans`]): a word boundary reads the same there, since the
/// byte beyond a stretch's edge is a sentence end, never a word character; a text or line
/// anchor (`^`, `$`) would not.
fn can_match_an_end(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => false,
        HirKind::Look(look) => !is_word_boundary(*look),
        HirKind::Literal(lit) => lit.0.iter().any(|b| SENTENCE_ENDS.contains(b)),
        HirKind::Class(Class::Unicode(class)) => {
            class.ranges().iter().any(|r| SENTENCE_ENDS.iter().any(|&e| (r.start()..=r.end()).contains(&char::from(e))))
        }
        HirKind::Class(Class::Bytes(class)) => {
            class.ranges().iter().any(|r| SENTENCE_ENDS.iter().any(|e| (r.start()..=r.end()).contains(e)))
        }
        HirKind::Repetition(rep) => rep.max != Some(0) && can_match_an_end(&rep.sub),
        HirKind::Capture(cap) => can_match_an_end(&cap.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(can_match_an_end),
    }
}

/// Whether an assertion only looks at word characters on either side of a position.
fn is_word_boundary(look: Look) -> bool {
    !matches!(look, Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_gaps_and_negated_classes_stay_in_a_sentence() {
        assert!(never_crosses_sentence_end(r"\b(?:wij|we)\s+(?:[\w']+\s+){0,2}vinden\b"));
        assert!(never_crosses_sentence_end(r"\bniet\b[^.?!]{0,40}\btoegerust\b"));
        assert!(never_crosses_sentence_end(r"\bkennis\b(?:[^\w.?!]+[\w']+){0,3}?[^\w.?!]+delen\b"));
        assert!(never_crosses_sentence_end(r"\bketen\w*"));
    }

    #[test]
    fn anything_that_can_match_an_end_does_not() {
        // `.` matches `.`, `\W` and `\S` include the three, `[\s\S]` is everything.
        assert!(!never_crosses_sentence_end(r"\bwij\b.{0,80}\bzij\b"));
        assert!(!never_crosses_sentence_end(r"\bwij\W+zij\b"));
        assert!(!never_crosses_sentence_end(r"\bwij\b[\s\S]{0,200}?\bzij\b"));
        assert!(!never_crosses_sentence_end(r"\bwij\b[^?]{0,80}\bzij\b"));
        assert!(!never_crosses_sentence_end(r"o\.a\."));
        assert!(!never_crosses_sentence_end(r"echt\?"));
        // An anchor reads differently in a stretch cut out of its unit.
        assert!(!never_crosses_sentence_end(r"\bwel\b[^.?!]{0,20}$"));
        assert!(!never_crosses_sentence_end(r"^ja\b"));
        assert!(!never_crosses_sentence_end(r"(?m)^ja\b"));
        // Nothing is assumed about a pattern that does not parse.
        assert!(!never_crosses_sentence_end(r"(unclosed"));
    }

    #[test]
    fn a_pattern_parsed_in_unicode_mode_gives_the_same_answer() {
        for pattern in [
            r"\b(?:wij|we)\s+(?:[\w']+\s+){0,2}vinden\b",
            r"\bniet\b[^.?!]{0,40}\btoegerust\b",
            r"\bwij\W+zij\b",
            r"\bwij\b.{0,80}\bzij\b",
            r"echt\?",
            r"\p{L}+",
            r"a\x{2026}b",
        ] {
            let parsed = regex_syntax::Parser::new().parse(pattern).unwrap();
            assert_eq!(
                never_crosses_sentence_end_parsed(pattern, &parsed),
                never_crosses_sentence_end(pattern),
                "{pattern}"
            );
        }
    }

    #[test]
    fn terms_are_read_as_the_pattern_they_compile_to() {
        let alternation = |terms: &[&str]| {
            let patterns: Vec<String> = terms.iter().map(|t| crate::codebook::term_to_regex(t).unwrap()).collect();
            format!("(?:{})", patterns.join("|"))
        };
        let cases: [(&[&str], bool); 6] = [
            (&["regie", "zorg*", "*plan", "een plan van aanpak"], true),
            (&["o.a.", "onder andere"], false),
            (&["wat nu?"], false),
            (&["hoezo!"], false),
            (&["keten-partner", "24/7", "(v)g"], true),
            (&["regie", "e.d."], false),
        ];
        for (terms, expected) in cases {
            assert_eq!(terms_never_cross_sentence_end(terms), expected, "{terms:?}");
            assert_eq!(never_crosses_sentence_end(&alternation(terms)), expected, "parsed: {terms:?}");
        }
        // A term with an apostrophe: its pattern's class `['’‘]` holds no sentence end, though
        // the ASCII-mode parse cannot read it (worked by hand).
        assert!(terms_never_cross_sentence_end(["cliënt's", "'s avonds"]));
        assert!(!never_crosses_sentence_end(&alternation(&["'s avonds"])));
    }

    #[test]
    fn an_empty_repetition_adds_nothing() {
        assert!(never_crosses_sentence_end(r"a(?:\.){0}b"));
    }
}
