//! Tests of the literals rules require: hand cases, the in-place reading of branches against
//! copies, and whole-word literals.

mod hand_cases {
    use super::super::*;
    use crate::codebook::prefilter::{Prefilter, Scratch};

    /// Whether the class a one-class pattern parses to holds no word character.
    fn no_word_character(pattern: &str) -> bool {
        match regex_syntax::parse(pattern).unwrap().into_kind() {
            HirKind::Class(class) => class_has_no_word_character(&class),
            other => panic!("{pattern} is not a class: {other:?}"),
        }
    }

    #[test]
    fn classes_with_and_without_word_characters() {
        // Worked by hand from Unicode's word characters (letters, digits, marks, `_`).
        for pattern in [r"\s", "[.,;]", r"\W", r"[\-–]", "[ \u{a0}]", "[!-/]"] {
            assert!(no_word_character(pattern), "{pattern} has no word character");
        }
        for pattern in [
            "[^.?!]",
            r"[\w']",
            "[_ ]",
            "[éè]",
            r"\p{Greek}",
            "[ 9]",
            "[ z]",
            "[^a]",
            "[\u{10ffff}a]",
            "[!-0]",
            "[9-:]",
        ] {
            assert!(!no_word_character(pattern), "{pattern} has a word character");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Cliënt’s ÉÉN GGZ"), "client's een ggz");
    }

    #[test]
    fn regex_literals_prefix_or_suffix() {
        assert_eq!(regex_literals(r"\bWlz\b"), Some(vec!["wlz".to_string()]));
        assert_eq!(regex_literals(r"cli[eë]nt(en)?"), Some(vec!["client".to_string(), "clienten".to_string()]));
        // Starts with a class, but ends with a literal: the suffix is used.
        assert_eq!(regex_literals(r"\w+schap"), Some(vec!["schap".to_string()]));
        assert_eq!(regex_literals(r"\w+\s+\w+"), None);
    }

    fn strings(sets: &[&[&str]]) -> Vec<Vec<String>> {
        sets.iter().map(|set| set.iter().map(|s| s.to_string()).collect()).collect()
    }

    /// The required sets of a pattern, as their texts only.
    fn texts(pattern: &str) -> Vec<Vec<String>> {
        let sets = regex_requirements(pattern);
        sets.into_iter().map(|set| set.into_iter().map(|l| l.text).collect()).collect()
    }

    fn anywhere(sets: &[&[&str]]) -> Vec<Vec<Literal>> {
        sets.iter().map(|set| set.iter().map(|s| Literal::anywhere(s)).collect()).collect()
    }

    #[test]
    fn every_required_part_of_a_regex_is_a_set() {
        // The words in the middle and at the end are required too; `de`/`een` count as words
        // (spaces on both sides).
        assert_eq!(
            texts(r"\bvanuit\s+(?:de|een)\s+(?:eigen\s+)?(?:visie|bril)\b"),
            strings(&[&["bril", "visie"], &["de", "een"], &["vanuit"]])
        );
        // A finite run is spelled out whole; an optional part adds nothing required.
        assert_eq!(
            texts(r"(?:zorg)?verzekeraars?\s+(?:\w+\s+){0,2}betaalt"),
            strings(&[&["betaalt"], &["verzekeraar", "verzekeraars", "zorgverzekeraar", "zorgverzekeraars"]])
        );
        // An alternation of phrases needs a set in every branch.
        assert_eq!(
            texts(r"\bsamen\s+werken|\bketenpartners?"),
            strings(&[&["ketenpartner", "ketenpartners", "werken"]])
        );
        assert_eq!(texts(r"\bsamen\s+werken|\w+\s+partner"), strings(&[&["partner", "werken"]]));
        assert!(texts(r"\bsamen\s+werken|\w+\s+\w+").is_empty());
        // Short words and open classes give nothing; a broken pattern gives nothing.
        assert!(texts(r"(?:wij|we)\w+").is_empty());
        assert!(texts(r"(unclosed").is_empty());
        assert!(texts("").is_empty());
        // Diacritics and case are folded; duplicates after folding are merged.
        assert_eq!(texts(r"Cliënt|client"), strings(&[&["client"]]));
        assert_eq!(texts(r"(?i)\bWlz\b"), strings(&[&["wlz"]]));
    }

    #[test]
    fn huge_alternations_stay_one_set() {
        let words: Vec<String> = (0..500).map(|i| format!("woord{i:03}")).collect();
        let sets = texts(&format!(r"\b(?:{})\b\s+zeggen", words.join("|")));
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].len(), 500);
        assert_eq!(sets[1], vec!["zeggen".to_string()]);
    }

    #[test]
    fn candidates_by_literal() {
        let p = Prefilter::new(&[
            vec![anywhere(&[&["regie"]])],
            Vec::new(),
            vec![anywhere(&[&["plan", "regie"]])],
            vec![anywhere(&[&["regie"], &["plan"]])],
        ]);
        assert_eq!(p.candidates("De REGIE"), vec![0, 1, 2]);
        assert_eq!(p.candidates("een plan"), vec![1, 2]);
        assert_eq!(p.candidates("niets"), vec![1]);
        // Rule 3 needs both of its sets.
        assert_eq!(p.candidates("het plan en de regie"), vec![0, 1, 2, 3]);
        // The scratch memory is reset between units.
        let mut scratch = Scratch::default();
        p.candidates_into("het plan en de regie", &mut scratch);
        p.candidates_into("een plan", &mut scratch);
        assert_eq!(scratch.candidates, vec![1, 2]);
    }
}

mod in_place_tests {
    use super::super::*;

    /// The clauses as they were read before: each branch copied with all parts around it and
    /// put together by `Hir::concat`. The reference [`branch_requirements`] must equal.
    fn by_copy(hir: &Hir) -> Vec<Clause> {
        let unwrap = |h: &Hir| -> Hir {
            let mut h = h.clone();
            while let HirKind::Capture(cap) = h.kind() {
                h = (*cap.sub).clone();
            }
            h
        };
        let branches: Vec<Hir> = match hir.kind() {
            HirKind::Alternation(branches) if branches.len() <= MAX_CLAUSES => branches.clone(),
            HirKind::Concat(parts) => {
                let parts: Vec<Hir> = parts.iter().map(unwrap).collect();
                let alternations: Vec<usize> =
                    (0..parts.len()).filter(|&i| matches!(parts[i].kind(), HirKind::Alternation(_))).collect();
                match (&alternations[..], parts.get(alternations.first().copied().unwrap_or(0)).map(Hir::kind)) {
                    (&[at], Some(HirKind::Alternation(branches))) if branches.len() <= MAX_CLAUSES => branches
                        .iter()
                        .map(|branch| {
                            let mut each = parts.clone();
                            each[at] = branch.clone();
                            Hir::concat(each)
                        })
                        .collect(),
                    _ => vec![hir.clone()],
                }
            }
            _ => vec![hir.clone()],
        };
        branches.iter().map(requirements_of).collect()
    }

    fn shipped_patterns() -> Vec<String> {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("codebooks");
        let paths: Vec<(std::path::PathBuf, String)> = ["sensitizing-concepts.yaml", "trimbos-factoren.yaml"]
            .iter()
            .map(|name| (dir.join(name), format!("codebooks/{name}")))
            .collect();
        let book = crate::codebook::load_codebooks(&paths).expect("shipped codebooks load");
        let term = |t: &String| crate::codebook::term_to_regex(t).expect("checked terms");
        let alternation = |terms: &[String]| format!("(?:{})", terms.iter().map(term).collect::<Vec<_>>().join("|"));
        let mut patterns = Vec::new();
        for rule in book.codes.iter().flat_map(|c| &c.rules) {
            use crate::codebook::RuleKind;
            match &rule.kind {
                RuleKind::Regex(p) => patterns.push(p.clone()),
                RuleKind::Terms(t) | RuleKind::Stem(t) => patterns.push(alternation(t)),
                RuleKind::All(slots) => patterns.extend(slots.iter().map(|s| alternation(s))),
                RuleKind::Near { terms: slots, .. } | RuleKind::NearSentence { terms: slots } => {
                    patterns.extend(slots.iter().map(|s| alternation(s)))
                }
                RuleKind::Similar { .. } => {}
            }
        }
        patterns
    }

    #[test]
    fn branches_read_in_place_give_the_clauses_copies_gave() {
        let mut patterns = shipped_patterns();
        assert!(patterns.len() > 500, "{}", patterns.len());
        // And cases where a branch's literals merge with the parts around it, a branch is a
        // concatenation of its own, or the alternation is empty-sided.
        patterns.extend(
            [
                r"\bvan(?:uit|af)\s+de\b",
                r"ab(?:cd\s+ef|gh)ij\s+kl",
                r"(?:zorg)?(?:verzekeraar|kantoor)s?\s+betaalt",
                r"\b(?:|niet\s+)meer\s+tijd\b",
                r"(?:x(?:wij|zij)y)",
            ]
            .map(String::from),
        );
        for pattern in &patterns {
            let hir = regex_syntax::Parser::new().parse(pattern).expect("parses");
            let mut unwrapped = &hir;
            while let HirKind::Capture(cap) = unwrapped.kind() {
                unwrapped = &cap.sub;
            }
            assert_eq!(branch_requirements(unwrapped), by_copy(unwrapped), "{pattern}");
        }
    }
}

mod word_tests {
    use super::super::*;
    use crate::codebook::prefilter::Prefilter;

    fn word(text: &str, word_start: bool, word_end: bool) -> Literal {
        Literal { text: text.to_string(), word_start, word_end }
    }

    #[test]
    fn boundaries_around_a_literal_make_it_a_whole_word() {
        assert_eq!(regex_requirements(r"\bWlz\b"), vec![vec![word("wlz", true, true)]]);
        // Only at the side that has one; `\w*` after it gives none.
        assert_eq!(regex_requirements(r"\bverantwoordelijk\w*"), vec![vec![word("verantwoordelijk", true, false)]]);
        assert_eq!(regex_requirements(r"\w+schap\b"), vec![vec![word("schap", false, true)]]);
        // A boundary next to a non-word character says nothing about the other side.
        assert_eq!(regex_requirements(r"\b18\-/18\+"), vec![vec![word("18-/18+", true, false)]]);
    }

    #[test]
    fn a_two_letter_literal_counts_only_as_a_whole_word() {
        // `vg` is usable only because a boundary is on both sides; without them the whole set
        // would have no use (a set is as selective as its least selective literal).
        assert_eq!(regex_requirements(r"\b(?:ggz|vg)\b"), vec![vec![word("ggz", true, true), word("vg", true, true)]]);
        assert!(regex_requirements(r"\b(?:ggz|vg)\w*").is_empty());
        assert!(regex_requirements(r"(?:ggz|vg)\b").is_empty());
    }

    #[test]
    fn a_space_or_punctuation_next_to_a_literal_bounds_it_like_a_boundary() {
        assert_eq!(
            regex_requirements(r"\b(?:wij|we)\s+\w+"),
            vec![vec![word("we", true, true), word("wij", true, true)]]
        );
        assert_eq!(
            regex_requirements(r"\w+[^\w.?!]+(?:om|op)\W"),
            vec![vec![word("om", true, true), word("op", true, true)]]
        );
        // A class that holds a letter (`é` folds to `e`), or a part that may be empty, says
        // nothing about the neighbour.
        assert!(regex_requirements(r"[^a-z]+ze\s").is_empty());
        assert!(regex_requirements(r"\s*ze\s").is_empty());
        assert_eq!(regex_requirements(r"\s*zij\s"), vec![vec![word("zij", false, true)]]);
    }

    /// Two alternations make one clause, and each is read with what stands beside it: the
    /// `\b` and `\s+` around `(?:hun|een\s+andere)` make `hun` and `andere` whole words (read
    /// on its own, `hun` was a literal found anywhere). A `\w*` beside an alternation bounds
    /// nothing on that side.
    #[test]
    fn the_words_of_an_alternation_are_bounded_by_what_is_beside_it() {
        assert_eq!(
            regex_requirements(r"\b(?:hun|een\s+andere)\s+(?:visie|kijk\s+op)\b"),
            vec![
                vec![word("andere", true, true), word("hun", true, true)],
                vec![word("kijk", true, true), word("visie", true, true)]
            ]
        );
        assert_eq!(
            regex_requirements(r"\b(?:ggz|psychiater\s+zegt)\w*\s+(?:wel|niet)\b"),
            vec![
                vec![word("ggz", true, false), word("psychiater", true, true)],
                vec![word("niet", true, true), word("wel", true, true)]
            ]
        );
        // So the prefilter no longer lets through `hun` inside `schunnige` or `andere` at the
        // start of `anderen`; whole words still pass.
        let p = Prefilter::new(&[regex_clauses(r"\b(?:hun|een\s+andere)\s+(?:visie|kijk\s+op)\b")]);
        assert!(p.candidates("een schunnige visie").is_empty());
        assert!(p.candidates("de anderen hun kijkje").is_empty());
        assert_eq!(p.candidates("een heel andere kijk op"), vec![0]);
        assert_eq!(p.candidates("Hun visie."), vec![0]);
    }

    #[test]
    fn whole_word_literals_need_no_word_character_beside_them() {
        let p =
            Prefilter::new(&[vec![vec![vec![word("vg", true, true)]]], vec![vec![vec![word("zorg", true, false)]]]]);
        assert_eq!(p.candidates("De VG, de ggz"), vec![0]);
        assert_eq!(p.candidates("vg"), vec![0], "the text's edges are boundaries");
        assert!(p.candidates("vgz en avg").is_empty());
        assert_eq!(p.candidates("zorgen"), vec![1]);
        assert!(p.candidates("jeugdzorg").is_empty());
        // A character left unfolded (not ASCII) may be a non-word character: not excluded.
        assert_eq!(p.candidates("日vg"), vec![0]);
        // The same text needed as a word by one rule and anywhere by another.
        let q =
            Prefilter::new(&[vec![vec![vec![word("zorg", true, true)]]], vec![vec![vec![Literal::anywhere("zorg")]]]]);
        assert_eq!(q.candidates("jeugdzorg"), vec![1]);
        assert_eq!(q.candidates("zorg"), vec![0, 1]);
    }

    #[test]
    fn each_branch_of_an_alternation_is_a_clause_of_its_own() {
        let clauses = regex_clauses(r"\bgeen\s+tijd\b|\b(?:tijdgebrek|tijdsdruk)\b");
        assert_eq!(
            clauses,
            vec![
                vec![vec![word("geen", true, true)], vec![word("tijd", true, true)]],
                vec![vec![word("tijdgebrek", true, true), word("tijdsdruk", true, true)]],
            ]
        );
        // `geen` alone, or `tijd` alone, is not enough for the first branch.
        let p = Prefilter::new(&[clauses]);
        assert_eq!(p.candidates("geen idee, wat een tijd"), vec![0], "both words seen");
        assert!(p.candidates("geen idee").is_empty());
        assert!(p.candidates("op tijd").is_empty());
        assert_eq!(p.candidates("de tijdsdruk"), vec![0]);
        // A branch without a usable literal makes the rule always verified.
        assert!(regex_clauses(r"\bgeen\s+tijd\b|\w+\s+\w+").is_empty());
        let always = Prefilter::new(&[regex_clauses(r"\bgeen\s+tijd\b|\w+\s+\w+")]);
        assert_eq!(always.candidates("niets"), vec![0]);
        // One alternation inside a pattern splits it too, each branch with the parts around it.
        assert_eq!(
            regex_clauses(r"\bvanuit\s+(?:visie|bril)\b"),
            vec![
                vec![vec![word("vanuit", true, true)], vec![word("visie", true, true)]],
                vec![vec![word("bril", true, true)], vec![word("vanuit", true, true)]],
            ]
        );
        // Two alternations: one clause, as before.
        assert_eq!(regex_clauses(r"\b(?:we|wij)\s+(?:visie|bril)\b").len(), 1);
    }
}
