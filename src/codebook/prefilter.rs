//! The one-pass prefilter: which rules can possibly fire in a unit.
//!
//! Every rule has a few *required sets* of literals: every match of the rule contains at least
//! one literal of each set. For a term, its longest run of letters and digits
//! (`*verantwoordelijk*` → `verantwoordelijk`); for a regular expression, one set per literal
//! part that every match passes through — not only the prefix: `\bvanuit\s+(?:de|een)\s+
//! (?:visie|bril)\b` requires `vanuit` and one of `visie`/`bril`; for `all` and `near`, one set
//! per slot. All literals of all rules go into one Aho-Corasick automaton that scans the
//! unit's text, folded to ASCII and compared without regard to case, once; a rule is verified
//! with its full regex only when every one of its sets was seen. Rules without usable literals
//! are always verified.
//!
//! Requiring every set, not just the most selective one, is what makes the shipped codebooks
//! fast: most of their regexes start with short common words (`\b(?:wij|we|zij|ze)\s+…`) that
//! select nearly every unit, but a later part (`gewend`, `opgeleid`) selects few.
//!
//! Why not one `RegexSet`: regex's fast automata cannot evaluate Unicode word boundaries on
//! non-ASCII text, and a set of a few hundred Unicode-aware, case-insensitive patterns falls
//! back to its slowest engine on Dutch text (measured at 0.1 MB/s).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Literals shorter than this select too many units to be worth it; a set with such a literal
/// is dropped (the rule stays correct, only less narrowed).
const MIN_LITERAL_CHARS: usize = 3;

/// The most strings a finite sub-pattern may stand for before it counts as open-ended.
const MAX_EXACT: usize = 64;

/// The most characters a class may have to be spelled out (`[eë]` yes, `\w` no).
const MAX_CLASS_CHARS: u32 = 4;

/// At most this many required sets per rule are checked (one bit each).
const MAX_SETS: usize = 64;

/// Lower case, folded to ASCII ([`super::fold`]): the form literals are kept in. Texts are
/// folded the same way and compared ignoring ASCII case.
pub fn fold(text: &str) -> String {
    super::fold::fold(text).text.to_lowercase()
}

/// The literal a term's matches always contain: its longest run of letters and digits, folded.
pub fn term_literal(term: &str) -> Option<String> {
    let folded = fold(term);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|run| run.chars().count())
        .filter(|run| run.chars().count() >= MIN_LITERAL_CHARS)
        .map(str::to_string)
}

/// The required literal sets of a pattern (see the module documentation), folded, each with
/// literals of at least [`MIN_LITERAL_CHARS`]; empty when the pattern has none (e.g.
/// `\w+\s+\w+`) or does not parse.
pub fn regex_requirements(pattern: &str) -> Vec<Vec<String>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else { return Vec::new() };
    let mut sets: Vec<Vec<String>> = required(&hir).iter().filter_map(|set| usable(set)).collect();
    sets.sort();
    sets.dedup();
    sets
}

/// The literals one of which every match of `pattern` contains, from its most selective
/// required set; `None` when it has none.
pub fn regex_literals(pattern: &str) -> Option<Vec<String>> {
    regex_requirements(pattern).into_iter().max_by_key(|set| set_score(set))
}

/// How selective a set is: its shortest literal, longer is better; then fewer literals.
fn set_score(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    (set.iter().map(|l| l.chars().count()).min().unwrap_or(0), std::cmp::Reverse(set.len()))
}

/// A set folded, sorted and deduplicated, or `None` when one of its strings is too short (or
/// not text).
fn usable(set: &[Vec<u8>]) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(set.len());
    for bytes in set {
        let text = std::str::from_utf8(bytes).ok()?;
        let folded = fold(text);
        if folded.chars().count() < MIN_LITERAL_CHARS {
            return None;
        }
        out.push(folded);
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The strings a sub-pattern can match, when there are few (assertions such as `\b` match the
/// empty string here: they add no character).
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Class(class) => class_strings(class),
        HirKind::Capture(cap) => exact(&cap.sub),
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|&m| m <= 2)?;
            let one = exact(&rep.sub)?;
            let mut out = Vec::new();
            let mut power = vec![Vec::new()];
            for k in 0..=max {
                if k >= rep.min {
                    out.extend(power.iter().cloned());
                }
                power = product(&power, &one)?;
            }
            (out.len() <= MAX_EXACT).then_some(out)
        }
        HirKind::Concat(parts) => parts.iter().try_fold(vec![Vec::new()], |acc, part| product(&acc, &exact(part)?)),
        HirKind::Alternation(branches) => {
            let mut out = Vec::new();
            for branch in branches {
                out.extend(exact(branch)?);
            }
            (out.len() <= MAX_EXACT).then_some(out)
        }
    }
}

/// Every string of `a` followed by every string of `b`, unless there are too many.
fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len() * b.len() > MAX_EXACT {
        return None;
    }
    Some(a.iter().flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat())).collect())
}

/// The characters of a small class, each as a string.
fn class_strings(class: &Class) -> Option<Vec<Vec<u8>>> {
    match class {
        Class::Unicode(c) => {
            let count: u32 = c.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum();
            (count <= MAX_CLASS_CHARS).then(|| {
                c.ranges().iter().flat_map(|r| r.start()..=r.end()).map(|ch| ch.to_string().into_bytes()).collect()
            })
        }
        Class::Bytes(c) => {
            let count: u32 = c.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            (count <= MAX_CLASS_CHARS)
                .then(|| c.ranges().iter().flat_map(|r| r.start()..=r.end()).map(|b| vec![b]).collect())
        }
    }
}

/// Sets of strings such that every match of `hir` contains one string of each set.
fn required(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    if let Some(strings) = exact(hir) {
        return if strings.iter().all(|s| !s.is_empty()) { vec![strings] } else { Vec::new() };
    }
    match hir.kind() {
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Concat(parts) => concat_required(parts),
        HirKind::Alternation(branches) => {
            // Each branch must contribute its best set; the union is required.
            let mut union = Vec::new();
            for branch in branches {
                let best = required(branch)
                    .into_iter()
                    .filter_map(|set| usable(&set).map(|u| (set, u)))
                    .max_by_key(|(_, u)| set_score(u));
                let Some((set, _)) = best else { return Vec::new() };
                union.extend(set);
            }
            vec![union]
        }
        _ => Vec::new(),
    }
}

/// The required sets of a concatenation: runs of finite parts spelled out together
/// (`(?:zorg)?verzekeraars?` → `verzekeraar`, `zorgverzekeraars`, …), and the sets of the
/// other parts.
fn concat_required(parts: &[Hir]) -> Vec<Vec<Vec<u8>>> {
    let mut sets = Vec::new();
    let mut run: Vec<Vec<u8>> = vec![Vec::new()];
    let flush = |run: &mut Vec<Vec<u8>>, sets: &mut Vec<Vec<Vec<u8>>>| {
        if run.iter().all(|s| !s.is_empty()) {
            sets.push(std::mem::take(run));
        }
        *run = vec![Vec::new()];
    };
    for part in parts {
        match exact(part) {
            Some(strings) => match product(&run, &strings) {
                Some(longer) => run = longer,
                None => {
                    flush(&mut run, &mut sets);
                    run = strings;
                }
            },
            None => {
                flush(&mut run, &mut sets);
                sets.extend(required(part));
            }
        }
    }
    flush(&mut run, &mut sets);
    sets
}

/// The automaton over all rules' literals.
pub struct Prefilter {
    automaton: AhoCorasick,
    /// For each literal (pattern id of the automaton): the rules it stands for, each with the
    /// bits of the rule's sets it belongs to.
    rules_of_literal: Vec<Vec<(usize, u64)>>,
    /// For each rule, the bits of all its sets: a candidate when all were seen.
    full: Vec<u64>,
    /// Rules without literals: candidates in every unit.
    always: Vec<usize>,
}

/// Working memory of [`Prefilter::candidates_into`], kept between units so that a unit costs
/// no allocation.
#[derive(Default)]
pub struct Scratch {
    seen: Vec<u64>,
    touched: Vec<usize>,
    /// The candidates of the last unit, in rule order.
    pub candidates: Vec<usize>,
}

impl Prefilter {
    /// `requirements[r]`: the required literal sets of rule `r` (see the module
    /// documentation); none for a rule that is always verified.
    pub fn new(requirements: &[Vec<Vec<String>>]) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut all: Vec<&str> = Vec::new();
        let mut rules_of_literal: Vec<Vec<(usize, u64)>> = Vec::new();
        let mut always = Vec::new();
        let mut full = Vec::with_capacity(requirements.len());
        for (rule, sets) in requirements.iter().enumerate() {
            let sets = &sets[..sets.len().min(MAX_SETS)];
            if sets.is_empty() {
                always.push(rule);
            }
            full.push(if sets.len() == MAX_SETS { u64::MAX } else { (1u64 << sets.len()) - 1 });
            for (bit, set) in sets.iter().enumerate() {
                for lit in set {
                    let id = *index.entry(lit.as_str()).or_insert_with(|| {
                        all.push(lit.as_str());
                        rules_of_literal.push(Vec::new());
                        all.len() - 1
                    });
                    match rules_of_literal[id].iter_mut().find(|(r, _)| *r == rule) {
                        Some((_, bits)) => *bits |= 1 << bit,
                        None => rules_of_literal[id].push((rule, 1 << bit)),
                    }
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&all)
            .or_else(|_| AhoCorasick::builder().ascii_case_insensitive(true).build(&all))
            .expect("literal automaton builds");
        Self { automaton, rules_of_literal, full, always }
    }

    /// Rules that may fire in a text folded to ASCII ([`super::fold`]), in rule order.
    pub fn candidates(&self, folded: &str) -> Vec<usize> {
        let mut scratch = Scratch::default();
        self.candidates_into(folded, &mut scratch);
        scratch.candidates
    }

    /// [`Prefilter::candidates`] into `scratch.candidates`, reusing its memory.
    pub fn candidates_into(&self, folded: &str, scratch: &mut Scratch) {
        scratch.seen.resize(self.full.len(), 0);
        scratch.candidates.clear();
        scratch.candidates.extend_from_slice(&self.always);
        for m in self.automaton.find_overlapping_iter(folded) {
            for &(rule, bits) in &self.rules_of_literal[m.pattern().as_usize()] {
                if scratch.seen[rule] == 0 {
                    scratch.touched.push(rule);
                }
                scratch.seen[rule] |= bits;
            }
        }
        for &rule in &scratch.touched {
            if scratch.seen[rule] == self.full[rule] {
                scratch.candidates.push(rule);
            }
            scratch.seen[rule] = 0;
        }
        scratch.touched.clear();
        scratch.candidates.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Cliënt’s ÉÉN GGZ"), "client's een ggz");
    }

    #[test]
    fn term_literals() {
        assert_eq!(term_literal("*Verantwoordelijk*").as_deref(), Some("verantwoordelijk"));
        assert_eq!(term_literal("verward* person*").as_deref(), Some("verward"));
        assert_eq!(term_literal("logica's").as_deref(), Some("logica"));
        assert_eq!(term_literal("zorg- en veiligheidshuis").as_deref(), Some("veiligheidshuis"));
        assert_eq!(term_literal("xy"), None, "too short to select anything");
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

    #[test]
    fn every_required_part_of_a_regex_is_a_set() {
        // The words in the middle and at the end are required too; `de`/`een` are too short.
        assert_eq!(
            regex_requirements(r"\bvanuit\s+(?:de|een)\s+(?:eigen\s+)?(?:visie|bril)\b"),
            strings(&[&["bril", "visie"], &["vanuit"]])
        );
        // A finite run is spelled out whole; an optional part adds nothing required.
        assert_eq!(
            regex_requirements(r"(?:zorg)?verzekeraars?\s+(?:\w+\s+){0,2}betaalt"),
            strings(&[&["betaalt"], &["verzekeraar", "verzekeraars", "zorgverzekeraar", "zorgverzekeraars"]])
        );
        // An alternation of phrases needs a set in every branch.
        assert_eq!(
            regex_requirements(r"\bsamen\s+werken|\bketenpartners?"),
            strings(&[&["ketenpartner", "ketenpartners", "werken"]])
        );
        assert_eq!(regex_requirements(r"\bsamen\s+werken|\w+\s+partner"), strings(&[&["partner", "werken"]]));
        assert!(regex_requirements(r"\bsamen\s+werken|\w+\s+\w+").is_empty());
        // Short words and open classes give nothing; a broken pattern gives nothing.
        assert!(regex_requirements(r"\b(?:wij|we)\s+\w+").is_empty());
        assert!(regex_requirements(r"(unclosed").is_empty());
        assert!(regex_requirements("").is_empty());
        // Diacritics and case are folded; duplicates after folding are merged.
        assert_eq!(regex_requirements(r"Cliënt|client"), strings(&[&["client"]]));
        assert_eq!(regex_requirements(r"(?i)\bWlz\b"), strings(&[&["wlz"]]));
    }

    #[test]
    fn huge_alternations_stay_one_set() {
        let words: Vec<String> = (0..500).map(|i| format!("woord{i:03}")).collect();
        let sets = regex_requirements(&format!(r"\b(?:{})\b\s+zeggen", words.join("|")));
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].len(), 500);
        assert_eq!(sets[1], vec!["zeggen".to_string()]);
    }

    #[test]
    fn candidates_by_literal() {
        let p = Prefilter::new(&[
            strings(&[&["regie"]]),
            Vec::new(),
            strings(&[&["plan", "regie"]]),
            strings(&[&["regie"], &["plan"]]),
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
