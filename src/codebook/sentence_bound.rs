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
//! The matcher then searches such a rule only in the stretches its words were seen in, each
//! as a part of the whole unit, so that a word boundary or an anchor (`$`) at a stretch's
//! edge reads as it does in the unit.
//!
//! A pattern may also end on a sentence end: `\b(?:heb|hebben)\s+(?:we|ik)\s+niet\s*[.,;!?]`
//! holds one only as the last byte of a match. Its words are still in one stretch, and the
//! match ends at that stretch's end at the latest: [`Reach::StretchAndItsEnd`]. Such rules
//! were searched in the whole unit; whole-unit searches were half of all bytes the shipped
//! codebooks' regexes scanned, and these rules the largest of them (BENCHMARKS.md, session 21).

use regex_syntax::hir::{Class, Hir, HirKind};

/// The characters that end a stretch.
pub const SENTENCE_ENDS: [u8; 3] = [b'.', b'?', b'!'];

/// How far a pattern's matches can reach in a text cut into stretches at sentence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// No match contains a sentence end: every match lies inside one stretch.
    Stretch,
    /// A match contains a sentence end only as its last byte: every match lies inside one
    /// stretch and the sentence end that closes it.
    StretchAndItsEnd,
    /// A match may run over a sentence end (or nothing is known): the whole unit.
    Unit,
}

impl Reach {
    /// Whether the prefilter may ask for all of a rule's words in one stretch.
    pub fn within_a_stretch(self) -> bool {
        self != Reach::Unit
    }
}

/// The [`Reach`] of `pattern` as the matcher runs it, on folded text. Read in ASCII mode, where
/// classes are small: case and Unicode classes add no sentence end (a class holds one in both
/// modes or in neither). [`Reach::Unit`] when the pattern does not parse so (`\p{L}`).
pub fn reach(pattern: &str) -> Reach {
    match regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern) {
        Ok(hir) => reach_of(&hir),
        Err(_) => Reach::Unit,
    }
}

/// [`reach`] of a pattern that is already parsed in Unicode mode (as `regex_syntax::Parser::new()`
/// parses it, for its literals), without parsing it again where both parses say the same: a
/// pattern in ASCII without escapes that only Unicode mode accepts (`\p{L}`, `\x{2026}`,
/// `\u2026`). There the ASCII parse succeeds and differs only in its classes, and a class holds
/// a sentence end in both modes or in neither.
pub fn reach_parsed(pattern: &str, parsed: &Hir) -> Reach {
    let unicode_only = [r"\p", r"\P", r"\x", r"\u", r"\U"];
    if pattern.is_ascii() && !unicode_only.iter().any(|e| pattern.contains(e)) {
        reach_of(parsed)
    } else {
        reach(pattern)
    }
}

/// [`reach`] of the alternation of some terms as [`super::rules::term_to_regex`] writes them,
/// read from the terms without parsing it: parsing the shipped codebooks' 2,161 terms for this
/// was a tenth of compiling them (issue 15). A term's pattern is word boundaries, `\w*`, `\s+`,
/// the class of apostrophes and the term's own characters, so only those can be a sentence
/// end; a term with one (`o.a.`, `wat nu?`) is searched in the whole unit. (The ASCII-mode
/// parse could not read the apostrophes' class and answered [`Reach::Unit`] for such terms.)
pub fn terms_reach(terms: impl IntoIterator<Item = impl AsRef<str>>) -> Reach {
    match terms.into_iter().all(|term| !term.as_ref().bytes().any(|b| SENTENCE_ENDS.contains(&b))) {
        true => Reach::Stretch,
        false => Reach::Unit,
    }
}

fn reach_of(hir: &Hir) -> Reach {
    match ends(hir) {
        Ends { any: false, .. } => Reach::Stretch,
        Ends { before_last: false, .. } => Reach::StretchAndItsEnd,
        _ => Reach::Unit,
    }
}

/// What some match of a sub-pattern may hold of [`SENTENCE_ENDS`] (an upper bound: `true`
/// where it cannot be ruled out from the pattern's parts).
#[derive(Clone, Copy, Default)]
struct Ends {
    /// Some match contains a sentence end.
    any: bool,
    /// Some match contains a sentence end that is not its last byte.
    before_last: bool,
}

fn ends(hir: &Hir) -> Ends {
    let is_end = |b: &u8| SENTENCE_ENDS.contains(b);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Ends::default(),
        HirKind::Literal(lit) => {
            let bytes = &lit.0;
            let before_last = bytes.len() > 1 && bytes[..bytes.len() - 1].iter().any(is_end);
            Ends { any: bytes.iter().any(is_end), before_last }
        }
        // A class matches one character, and a sentence end is a character of one byte.
        HirKind::Class(class) => Ends { any: class_holds_an_end(class), before_last: false },
        HirKind::Repetition(rep) if rep.max == Some(0) => Ends::default(),
        HirKind::Repetition(rep) => {
            let sub = ends(&rep.sub);
            let again = rep.max.is_none_or(|max| max >= 2) && can_be_non_empty(&rep.sub);
            Ends { any: sub.any, before_last: sub.before_last || (sub.any && again) }
        }
        HirKind::Capture(cap) => ends(&cap.sub),
        HirKind::Alternation(parts) => parts
            .iter()
            .map(ends)
            .fold(Ends::default(), |a, b| Ends { any: a.any || b.any, before_last: a.before_last || b.before_last }),
        HirKind::Concat(parts) => {
            let each: Vec<Ends> = parts.iter().map(ends).collect();
            let followed = |i: usize| parts[i + 1..].iter().any(can_be_non_empty);
            Ends {
                any: each.iter().any(|e| e.any),
                before_last: each.iter().enumerate().any(|(i, e)| e.before_last || (e.any && followed(i))),
            }
        }
    }
}

fn class_holds_an_end(class: &Class) -> bool {
    match class {
        Class::Unicode(class) => {
            class.ranges().iter().any(|r| SENTENCE_ENDS.iter().any(|&e| (r.start()..=r.end()).contains(&char::from(e))))
        }
        Class::Bytes(class) => {
            class.ranges().iter().any(|r| SENTENCE_ENDS.iter().any(|e| (r.start()..=r.end()).contains(e)))
        }
    }
}

fn can_be_non_empty(hir: &Hir) -> bool {
    hir.properties().maximum_len() != Some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_gaps_and_negated_classes_stay_in_a_stretch() {
        assert_eq!(reach(r"\b(?:wij|we)\s+(?:[\w']+\s+){0,2}vinden\b"), Reach::Stretch);
        assert_eq!(reach(r"\bniet\b[^.?!]{0,40}\btoegerust\b"), Reach::Stretch);
        assert_eq!(reach(r"\bkennis\b(?:[^\w.?!]+[\w']+){0,3}?[^\w.?!]+delen\b"), Reach::Stretch);
        assert_eq!(reach(r"\bketen\w*"), Reach::Stretch);
        // An anchor is read in the whole unit (the stretch is searched as a part of it).
        assert_eq!(reach(r"\bwel\b[^.?!]{0,20}$"), Reach::Stretch);
        assert_eq!(reach(r"(?m)^ja\b"), Reach::Stretch);
    }

    #[test]
    fn anything_that_can_match_an_end_before_its_last_byte_reaches_the_unit() {
        // `.` matches `.`, `\W` and `\S` include the three, `[\s\S]` is everything.
        assert_eq!(reach(r"\bwij\b.{0,80}\bzij\b"), Reach::Unit);
        assert_eq!(reach(r"\bwij\W+zij\b"), Reach::Unit);
        assert_eq!(reach(r"\bwij\b[\s\S]{0,200}?\bzij\b"), Reach::Unit);
        assert_eq!(reach(r"\bwij\b[^?]{0,80}\bzij\b"), Reach::Unit);
        // The first full stop of "o.a." has a byte after it.
        assert_eq!(reach(r"o\.a\."), Reach::Unit);
        // An end followed by more, or repeated.
        assert_eq!(reach(r"\bniet[.!?]\s*dan\b"), Reach::Unit);
        assert_eq!(reach(r"(?:ja[.!?]){1,3}"), Reach::Unit);
        assert_eq!(reach(r"\bja(?:\.|\s)+"), Reach::Unit);
        // Nothing is assumed about a pattern that does not parse.
        assert_eq!(reach(r"(unclosed"), Reach::Unit);
    }

    #[test]
    fn an_end_as_the_last_byte_reaches_the_end_of_its_stretch() {
        assert_eq!(reach(r"echt\?"), Reach::StretchAndItsEnd);
        assert_eq!(reach(r"\b(?:heb|hebben)\s+(?:we|ik)\s+niet\s*[.,;!?]"), Reach::StretchAndItsEnd);
        // An end, or an anchor, or a word: each branch ends the match.
        assert_eq!(reach(r"\bniet\s*(?:[.,;:!?]|$|aan\b|bieden)"), Reach::StretchAndItsEnd);
        // At most once, and only assertions after it.
        assert_eq!(reach(r"\bja(?:[.!?])?"), Reach::StretchAndItsEnd);
        assert_eq!(reach(r"\bja\.$"), Reach::StretchAndItsEnd);
        assert_eq!(reach(r"\bja(?:\s|[.!?]){0,1}"), Reach::StretchAndItsEnd);
        assert!(Reach::StretchAndItsEnd.within_a_stretch() && !Reach::Unit.within_a_stretch());
    }

    #[test]
    fn a_pattern_parsed_in_unicode_mode_gives_the_same_answer() {
        for pattern in [
            r"\b(?:wij|we)\s+(?:[\w']+\s+){0,2}vinden\b",
            r"\bniet\b[^.?!]{0,40}\btoegerust\b",
            r"\bwij\W+zij\b",
            r"\bwij\b.{0,80}\bzij\b",
            r"echt\?",
            r"\bniet\s*(?:[.,;:!?]|$|aan\b)",
            r"\p{L}+",
            r"a\x{2026}b",
        ] {
            let parsed = regex_syntax::Parser::new().parse(pattern).unwrap();
            assert_eq!(reach_parsed(pattern, &parsed), reach(pattern), "{pattern}");
        }
    }

    #[test]
    fn terms_are_read_as_the_pattern_they_compile_to() {
        let alternation = |terms: &[&str]| {
            let patterns: Vec<String> = terms.iter().map(|t| crate::codebook::term_to_regex(t).unwrap()).collect();
            format!("(?:{})", patterns.join("|"))
        };
        let cases: [(&[&str], Reach); 5] = [
            (&["regie", "zorg*", "*plan", "een plan van aanpak"], Reach::Stretch),
            (&["o.a.", "onder andere"], Reach::Unit),
            (&["wat nu?"], Reach::Unit),
            (&["keten-partner", "24/7", "(v)g"], Reach::Stretch),
            (&["regie", "e.d."], Reach::Unit),
        ];
        for (terms, expected) in cases {
            assert_eq!(terms_reach(terms), expected, "{terms:?}");
        }
        // Where the terms' own reading is Unit, the parse would never say less.
        for (terms, expected) in cases {
            if expected == Reach::Stretch {
                assert_eq!(reach(&alternation(terms)), Reach::Stretch, "parsed: {terms:?}");
            }
        }
        // A term with an apostrophe: its pattern's class `['’‘]` holds no sentence end, though
        // the ASCII-mode parse cannot read it (worked by hand).
        assert_eq!(terms_reach(["cliënt's", "'s avonds"]), Reach::Stretch);
        assert_eq!(reach(&alternation(&["'s avonds"])), Reach::Unit);
    }

    #[test]
    fn an_empty_repetition_adds_nothing() {
        assert_eq!(reach(r"a(?:\.){0}b"), Reach::Stretch);
    }
}
