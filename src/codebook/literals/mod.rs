//! The literals a rule's every match contains, read from its pattern: the input of the
//! prefilter ([`super::prefilter`]).
//!
//! Every rule has a few *required sets* of literals: every match of the rule contains at least
//! one literal of each set. For a regular expression (a term is read as the pattern it compiles
//! to), one set per literal part that every match passes through — not only the prefix:
//! `\bvanuit\s+(?:de|een)\s+(?:visie|bril)\b` requires `vanuit`, one of `de`/`een` and one of
//! `visie`/`bril`; for `all` and `near`, the sets of each slot. A literal with a word boundary
//! on both sides (`\b`, or a space or punctuation mark the pattern requires there) is a whole
//! word and counts only as one. A pattern that is an alternation has one *clause* of sets per
//! branch: the rule can fire only where every set of one clause occurs.
//!
//! Requiring every set, not just the most selective one, is what makes the shipped codebooks
//! fast: most of their regexes start with short common words (`\b(?:wij|we|zij|ze)\s+…`) that
//! select nearly every unit, but a later part (`gewend`, `opgeleid`) selects few.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Literals shorter than this select too many units to be worth it; a set with such a literal
/// is dropped (the rule stays correct, only less narrowed).
const MIN_LITERAL_CHARS: usize = 3;

/// A literal bound to a whole word on both sides (`\bvg\b`) selects well even when short:
/// `vg` as a word is rare where `vg` inside words is not.
const MIN_WORD_CHARS: usize = 2;

/// Stands for a word-boundary assertion (`\b`) inside the strings a sub-pattern can match.
/// Never a byte of UTF-8 text, so it cannot be confused with one.
const BOUNDARY: u8 = 0xFF;

/// A literal of a required set, folded, and whether every match has a word boundary right
/// before and after it (then the prefilter counts only occurrences that are whole words there).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Literal {
    pub text: String,
    pub word_start: bool,
    pub word_end: bool,
}

impl Literal {
    /// A literal found anywhere, also inside words.
    pub fn anywhere(text: &str) -> Self {
        Self { text: text.to_string(), word_start: false, word_end: false }
    }

    fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

/// A byte that a word boundary cannot separate from a word character on its other side when
/// it is itself a word character: ASCII letters, digits and `_` (word characters for both the
/// ASCII and the Unicode `\b`). Any other byte, a non-ASCII one included, may border a
/// boundary, so the check below stays on the safe side.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The most strings a finite sub-pattern may stand for before it counts as open-ended.
const MAX_EXACT: usize = 64;

/// The most characters a class may have to be spelled out (`[eë]` yes, `\w` no).
const MAX_CLASS_CHARS: u32 = 4;

/// Lower case, folded to ASCII ([`super::fold`]): the form literals are kept in. Texts are
/// folded the same way and compared ignoring ASCII case.
pub fn fold(text: &str) -> String {
    super::fold::fold(text).text.to_lowercase()
}

/// The required literal sets of a pattern (see the module documentation), folded, each with
/// literals of at least [`MIN_LITERAL_CHARS`]; empty when the pattern has none (e.g.
/// `\w+\s+\w+`) or does not parse.
pub fn regex_requirements(pattern: &str) -> Vec<Vec<Literal>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else { return Vec::new() };
    requirements_of(&hir)
}

/// The required sets of a parsed pattern, usable, sorted and deduplicated.
fn requirements_of(hir: &Hir) -> Clause {
    usable_sets(required(hir))
}

/// Required sets as literals: the usable ones, sorted and deduplicated.
fn usable_sets(required: Vec<Vec<Vec<u8>>>) -> Clause {
    let mut sets: Vec<Vec<Literal>> = required.iter().filter_map(|set| usable(set)).collect();
    sets.sort();
    sets.dedup();
    sets
}

/// The required sets of one way a rule can fire: it can only when each set was seen.
pub type Clause = Vec<Vec<Literal>>;

/// The clauses of a pattern: one per branch of an alternation at its top (`a b|c d` fires
/// through `a b` or through `c d`: each branch needs only its own words, where one clause for
/// the whole would need only one word of either), else one for the whole pattern. Empty when a
/// branch has no usable literal, or the pattern does not parse: the rule is always verified.
pub fn regex_clauses(pattern: &str) -> Vec<Clause> {
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else { return Vec::new() };
    clauses_of(&hir)
}

/// [`regex_clauses`] of a pattern already parsed (as `regex_syntax::Parser::new()` parses it).
pub fn clauses_of(hir: &Hir) -> Vec<Clause> {
    let mut hir = hir;
    while let HirKind::Capture(cap) = hir.kind() {
        hir = &cap.sub;
    }
    let clauses: Vec<Clause> = branch_requirements(hir);
    if clauses.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    clauses
}

/// The literals one of which every match of `pattern` contains, from its most selective
/// required set; `None` when it has none.
pub fn regex_literals(pattern: &str) -> Option<Vec<String>> {
    let best = regex_requirements(pattern).into_iter().max_by_key(|set| set_score(set))?;
    Some(best.into_iter().map(|l| l.text).collect())
}

/// How selective a set is: its shortest literal (a word boundary counts as a character),
/// longer is better; then fewer literals.
fn set_score(set: &[Literal]) -> (usize, std::cmp::Reverse<usize>) {
    let length = |l: &Literal| l.chars() + usize::from(l.word_start) + usize::from(l.word_end);
    (set.iter().map(length).min().unwrap_or(0), std::cmp::Reverse(set.len()))
}

/// Whether a string of [`exact`] has a character, not only boundaries.
fn has_text(s: &[u8]) -> bool {
    s.iter().any(|&b| b != BOUNDARY)
}

/// A string of [`exact`] as a literal: boundaries at its ends become `word_start`/`word_end`
/// (only next to a word character, where they mean "no word character on the other side"),
/// boundaries inside are dropped (the rest is still in every match). `None` when it is too
/// short to select anything, or not text.
fn literal(bytes: &[u8]) -> Option<Literal> {
    let inner: Vec<u8> = bytes.iter().copied().filter(|&b| b != BOUNDARY).collect();
    let text = std::str::from_utf8(&inner).ok()?;
    let folded = fold(text);
    let word = |original: Option<char>, folded: Option<char>| {
        original.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && folded.is_some_and(|c| c.is_ascii() && is_word_byte(c as u8))
    };
    let word_start = bytes.first() == Some(&BOUNDARY) && word(text.chars().next(), folded.chars().next());
    let word_end = bytes.last() == Some(&BOUNDARY) && word(text.chars().last(), folded.chars().last());
    let min = if word_start && word_end { MIN_WORD_CHARS } else { MIN_LITERAL_CHARS };
    (folded.chars().count() >= min).then_some(Literal { text: folded, word_start, word_end })
}

/// A set as literals, sorted and deduplicated, or `None` when one of its strings is too short
/// (or not text).
fn usable(set: &[Vec<u8>]) -> Option<Vec<Literal>> {
    let mut out: Vec<Literal> = set.iter().map(|bytes| literal(bytes)).collect::<Option<_>>()?;
    out.sort();
    out.dedup();
    Some(out)
}

/// The strings a sub-pattern can match, when there are few. A word boundary (`\b`, `\<`,
/// `\>` and their halves) is kept as [`BOUNDARY`]; other assertions add nothing.
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Look(look) if is_boundary(*look) => Some(vec![vec![BOUNDARY]]),
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

/// An assertion that, next to a word character, means a non-word character (or the text's
/// edge) on its other side. (One that can never hold next to that character, such as `\<` at
/// the end of a word, makes the rule match nothing: requiring it is still right.)
fn is_boundary(look: Look) -> bool {
    matches!(
        look,
        Look::WordAscii
            | Look::WordUnicode
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
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
    required_in(hir, Beside::NOTHING)
}

/// What every match of a sub-pattern has right beside it, from the parts of the pattern around
/// it: a word boundary (`\b`, or a character that is no word character, such as the `\s+` in
/// `\b(?:hun|een\s+andere)\s+visie`). An alternation read on its own cannot see that its
/// branches' words are whole words; read with what is beside it, `hun` and `andere` are, so
/// the prefilter counts only their whole-word occurrences (issue 15: a fifth of the shipped
/// codebooks' literal uses had no boundary only for this reason).
#[derive(Clone, Copy)]
struct Beside {
    before: bool,
    after: bool,
}

impl Beside {
    const NOTHING: Beside = Beside { before: false, after: false };
}

/// [`required`] of `hir` where `beside` says what surrounds every match of it. The boundaries
/// beside are added as [`BOUNDARY`] at the ends of its strings, as a `\b` there would be.
fn required_in(hir: &Hir, beside: Beside) -> Vec<Vec<Vec<u8>>> {
    if let Some(mut strings) = exact(hir) {
        if !strings.iter().all(|s| has_text(s)) {
            return Vec::new();
        }
        for s in &mut strings {
            if beside.before {
                s.insert(0, BOUNDARY);
            }
            if beside.after {
                s.push(BOUNDARY);
            }
        }
        return vec![strings];
    }
    match hir.kind() {
        HirKind::Capture(cap) => required_in(&cap.sub, beside),
        // One repetition's neighbour is the next repetition, not what is beside the whole.
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Concat(parts) => concat_required_in(&parts.iter().collect::<Vec<_>>(), beside),
        HirKind::Alternation(branches) => {
            // Each branch must contribute its best set; the union is required.
            let mut union = Vec::new();
            for branch in branches {
                let best = required_in(branch, beside)
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
/// other parts, each read with what is beside it.
fn concat_required(parts: &[&Hir]) -> Vec<Vec<Vec<u8>>> {
    concat_required_in(parts, Beside::NOTHING)
}

/// [`concat_required`] of a concatenation with `beside` around it.
fn concat_required_in(parts: &[&Hir], beside: Beside) -> Vec<Vec<Vec<u8>>> {
    let spelled: Vec<Option<Vec<Vec<u8>>>> = parts.iter().map(|part| exact(part)).collect();
    let mut sets = Vec::new();
    let start = |before: bool| vec![if before { vec![BOUNDARY] } else { Vec::new() }];
    let mut run: Vec<Vec<u8>> = start(beside.before);
    let flush = |run: &mut Vec<Vec<u8>>, sets: &mut Vec<Vec<Vec<u8>>>| {
        if run.iter().all(|s| has_text(s)) {
            sets.push(std::mem::take(run));
        }
        *run = vec![Vec::new()];
    };
    for (i, part) in parts.iter().enumerate() {
        match &spelled[i] {
            Some(strings) => match product(&run, strings) {
                Some(longer) => run = longer,
                None => {
                    flush(&mut run, &mut sets);
                    run = strings.clone();
                }
            },
            None => {
                // A boundary ends every string spelled so far: this part begins beside one.
                let before = run.iter().all(|s| s.last() == Some(&BOUNDARY));
                let after = match parts.get(i + 1) {
                    Some(next) => {
                        edge_is_non_word(next, Edge::First)
                            || spelled[i + 1].as_ref().is_some_and(|n| n.iter().all(|s| s.first() == Some(&BOUNDARY)))
                    }
                    None => beside.after,
                };
                // A part that always begins (ends) with a non-word character, such as `\s+`,
                // bounds the word before (after) it just as `\b` does.
                if edge_is_non_word(part, Edge::First) {
                    run.iter_mut().for_each(|s| s.push(BOUNDARY));
                }
                flush(&mut run, &mut sets);
                sets.extend(required_in(part, Beside { before, after }));
                if edge_is_non_word(part, Edge::Last) {
                    run = start(true);
                }
            }
        }
    }
    if beside.after {
        run.iter_mut().for_each(|s| s.push(BOUNDARY));
    }
    flush(&mut run, &mut sets);
    sets
}

/// The first or the last character of a match.
#[derive(Clone, Copy)]
enum Edge {
    First,
    Last,
}

/// Whether every match of `hir` has a character at `edge` that is not a word character (a
/// space, a punctuation mark): then a word next to it ends (begins) there.
fn edge_is_non_word(hir: &Hir, edge: Edge) -> bool {
    match hir.kind() {
        HirKind::Literal(lit) => {
            let text = String::from_utf8_lossy(&lit.0);
            let c = match edge {
                Edge::First => text.chars().next(),
                Edge::Last => text.chars().last(),
            };
            c.is_some_and(|c| !c.is_alphanumeric() && c != '_' && c != char::REPLACEMENT_CHARACTER)
        }
        HirKind::Class(class) => class_has_no_word_character(class),
        HirKind::Capture(cap) => edge_is_non_word(&cap.sub, edge),
        HirKind::Repetition(rep) => rep.min >= 1 && edge_is_non_word(&rep.sub, edge),
        HirKind::Concat(parts) => {
            // Assertions take no character: the edge is the first part that does.
            let consuming = |p: &&Hir| !matches!(p.kind(), HirKind::Look(_));
            let part = match edge {
                Edge::First => parts.iter().find(consuming),
                Edge::Last => parts.iter().rev().find(consuming),
            };
            part.is_some_and(|p| edge_is_non_word(p, edge))
        }
        HirKind::Alternation(branches) => branches.iter().all(|b| edge_is_non_word(b, edge)),
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

/// Whether a class has no Unicode word character (so none that folds to an ASCII one either).
fn class_has_no_word_character(class: &Class) -> bool {
    static WORD: std::sync::OnceLock<Option<regex_syntax::hir::ClassUnicode>> = std::sync::OnceLock::new();
    match class {
        Class::Unicode(c) => {
            let word = WORD.get_or_init(|| match regex_syntax::parse(r"\w").ok()?.into_kind() {
                HirKind::Class(Class::Unicode(w)) => Some(w),
                _ => None,
            });
            let Some(word) = word else { return false };
            // An overlap test, not an intersection: a negated class (`[^.?!]`) has hundreds of
            // ranges, and cloning and intersecting it for every edge was a twentieth of
            // compiling the shipped codebooks (issue 15).
            let word = word.ranges();
            !c.ranges().iter().any(|r| {
                // The first word range that does not end before `r` starts overlaps `r` if it
                // starts before `r` ends.
                let k = word.partition_point(|w| w.end() < r.start());
                word.get(k).is_some_and(|w| w.start() <= r.end())
            })
        }
        Class::Bytes(c) => c.ranges().iter().all(|r| r.end() < 0x80 && (r.start()..=r.end()).all(|b| !is_word_byte(b))),
    }
}

/// The most branches a pattern is split into clauses.
const MAX_CLAUSES: usize = 256;

/// The required sets of each way a pattern can match, when it is an alternation at its top.
/// The parser lifts what all branches begin with out of an alternation (`\ba|\bb` becomes
/// `\b(?:a|b)`), so a concatenation with one alternation among its parts is split too, each
/// branch with the parts around it. Read in place: the parts are not copied for each branch
/// (which was most of the time of compiling a codebook), but put together as `Hir::concat`
/// would put them (see [`concat_parts`]), so the sets are the same.
fn branch_requirements(hir: &Hir) -> Vec<Clause> {
    fn unwrap(mut h: &Hir) -> &Hir {
        while let HirKind::Capture(cap) = h.kind() {
            h = &cap.sub;
        }
        h
    }
    match hir.kind() {
        HirKind::Alternation(branches) if branches.len() <= MAX_CLAUSES => {
            branches.iter().map(requirements_of).collect()
        }
        HirKind::Concat(parts) => {
            let parts: Vec<&Hir> = parts.iter().map(unwrap).collect();
            let alternations: Vec<usize> =
                (0..parts.len()).filter(|&i| matches!(parts[i].kind(), HirKind::Alternation(_))).collect();
            let [at] = alternations[..] else { return vec![requirements_of(hir)] };
            let HirKind::Alternation(branches) = parts[at].kind() else { return vec![requirements_of(hir)] };
            if branches.len() > MAX_CLAUSES {
                return vec![requirements_of(hir)];
            }
            let with = |branch: &Hir| {
                let each = parts[..at].iter().copied().chain([branch]).chain(parts[at + 1..].iter().copied());
                usable_sets(concat_parts_required(&concat_parts(each)))
            };
            branches.iter().map(with).collect()
        }
        _ => vec![requirements_of(hir)],
    }
}

/// A part of a concatenation put together from other parts: one of them, or adjacent literals
/// merged into one.
enum Part<'h> {
    Borrowed(&'h Hir),
    Merged(Hir),
}

impl Part<'_> {
    fn hir(&self) -> &Hir {
        match self {
            Part::Borrowed(h) => h,
            Part::Merged(h) => h,
        }
    }
}

/// The parts of `Hir::concat(subs)`, without copying `subs`: a concatenation among them is
/// flattened (one level, as `Hir::concat` does), adjacent literals are merged into one, and
/// empty parts are left out.
fn concat_parts<'h>(subs: impl IntoIterator<Item = &'h Hir>) -> Vec<Part<'h>> {
    let mut parts: Vec<Part<'h>> = Vec::new();
    let mut literal: Option<Vec<u8>> = None;
    let add = |h: &'h Hir, parts: &mut Vec<Part<'h>>, literal: &mut Option<Vec<u8>>| match h.kind() {
        HirKind::Literal(lit) => literal.get_or_insert_with(Vec::new).extend_from_slice(&lit.0),
        _ => {
            if let Some(bytes) = literal.take() {
                parts.push(Part::Merged(Hir::literal(bytes)));
            }
            parts.push(Part::Borrowed(h));
        }
    };
    for sub in subs {
        match sub.kind() {
            HirKind::Concat(inner) => inner.iter().for_each(|h| add(h, &mut parts, &mut literal)),
            HirKind::Empty => {}
            _ => add(sub, &mut parts, &mut literal),
        }
    }
    if let Some(bytes) = literal.take() {
        parts.push(Part::Merged(Hir::literal(bytes)));
    }
    parts
}

/// [`required`] of the concatenation of `parts` (one part: of that part; none: of the empty
/// pattern), as `Hir::concat` would build it.
fn concat_parts_required(parts: &[Part]) -> Vec<Vec<Vec<u8>>> {
    match parts {
        [] => required(&Hir::empty()),
        [one] => required(one.hir()),
        _ => {
            let parts: Vec<&Hir> = parts.iter().map(Part::hir).collect();
            let spelled = parts.iter().try_fold(vec![Vec::new()], |acc, part| product(&acc, &exact(part)?));
            match spelled {
                Some(strings) if strings.iter().all(|s| has_text(s)) => vec![strings],
                Some(_) => Vec::new(),
                None => concat_required(&parts),
            }
        }
    }
}

#[cfg(test)]
mod tests;
