//! The one-pass prefilter: which rules can possibly fire in a unit.
//!
//! All literals of all rules' clauses ([`super::literals`]) go into one Aho-Corasick automaton
//! that finds them in the unit's text, folded to ASCII and compared without regard to case:
//! run once over each distinct word of the study and remembered for the word
//! ([`super::word_literals`]), and over the whole text only for the few literals that hold a
//! character no word holds (`o.a.`, `een andere`). A rule is verified with its full pattern only when every set of one of its clauses was seen
//! (a whole-word literal only where it stands as a word). A rule whose matches never cross a
//! sentence end ([`super::sentence_bound`]) needs all sets of a clause in one stretch between
//! two of `.`, `?`, `!`. Rules without usable literals are always verified.
//!
//! **Anchored clauses.** Common words (`zorg`, `niet`, `wij`) stand in hundreds of clauses and
//! occur in every sentence, so counting each occurrence for every clause it stands in was most
//! of the prefilter's time (issue 15: 20 % of the coding stage, spent in that loop). Each
//! clause is now woken by one of its sets only, its *anchor*: the set whose literals the fewest
//! clauses share (a literal many rules need is a common word; short literals weigh more; a stop
//! word such as `al` or `door` counts as common however few rules name it: 10 % fewer clauses
//! woken on the 5 MB study, BENCHMARKS.md, session 24) and, of equals, the first. The
//! scan records, for each literal, the boundary groups it occurred for in the unit and in the
//! current stretch (whether it stood as a whole word, see [`GROUPS`]), and counts occurrences of
//! anchor literals only. A woken clause is then checked set by set against those groups, its
//! rarest set first, since most woken clauses are given up at one of their sets: a
//! sentence-bound clause when its stretch ends, against the stretch's groups; the others at the
//! end of the unit. Occurrences that count for no group a literal is used in (`de` inside
//! `onderdeel`, where only the whole word `de` is asked for) are not even remembered with the
//! word ([`WordScan`]).
//! Which rules become candidates, and in which stretches, is the same as when every set was
//! counted (the tests below and the 5 MB equivalence test in [`super::prefilter_equivalence`]
//! hold it).
//!
//! Why not one `RegexSet`: regex's fast automata cannot evaluate Unicode word boundaries on
//! non-ASCII text, and a set of a few hundred Unicode-aware, case-insensitive patterns falls
//! back to its slowest engine on Dutch text (measured at 0.1 MB/s; on the folded text in ASCII
//! mode, 7 times slower than running each of its 431 patterns on its own, on 100 generated units).

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use super::literals::{is_word_byte, Clause};
use super::sentence_bound::SENTENCE_ENDS;
use super::stem::is_stop_word;
use super::word_literals::{words_with_count, WordLiterals, WordScan, ENDS_WORD, STARTS_WORD};

/// At most this many required sets per clause are checked.
const MAX_SETS: usize = 64;

/// The automaton over all rules' literals.
pub struct Prefilter {
    /// Tells this prefilter's literal ids from another's in a thread's memo of words
    /// ([`WordLiterals::for_owner`]).
    id: u64,
    /// All literal texts, run over each distinct word ([`WordLiterals`]), with the places in
    /// a word where each is of use (see [`wanted_in_words`]).
    words: WordScan,
    /// The literal texts with a character that is not a word character (`o.a.`,
    /// `een andere`), which a word cannot hold, run over the whole text; with each one's id.
    across_words: Option<(AhoCorasick, Vec<u32>)>,
    /// For each literal text (pattern id of the automaton): the clauses it anchors, in
    /// [`GROUPS`] groups by the word boundaries the literal needs there and whether the clause
    /// is sentence-bound.
    anchors_of_literal: Vec<[Vec<u32>; GROUPS]>,
    /// For each literal text, a bit for each of its anchor groups that has clauses.
    nonempty: Vec<u8>,
    clauses: Vec<AnchoredClause>,
    /// The sets other than its anchor of every clause, one after the other: each a range of
    /// [`Prefilter::pairs`]. A clause's sets are [`AnchoredClause::others`] of these.
    sets: Vec<(u32, u32)>,
    /// The `(literal id, group)` pairs of all sets, one after the other: one occurrence of one
    /// of a set's literals that meets the group's word boundaries satisfies the set. Flat
    /// arrays rather than a vector of vectors per clause: checking woken clauses chased three
    /// pointers per set, most of the prefilter's own time (issue 15, session 20).
    pairs: Vec<(u32, u8)>,
    /// Rules without literals: candidates in every unit.
    always: Vec<usize>,
}

/// A clause as the prefilter checks it once its anchor was seen. Whether it is sentence-bound
/// is in the group of its anchor (and of every pair of its sets).
struct AnchoredClause {
    rule: u32,
    /// Its sets other than the anchor: a range of [`Prefilter::sets`].
    others: (u32, u32),
}

/// Groups of a literal's uses: a bit for a whole-word start, one for a whole-word end, one
/// for a sentence-bound clause. A second occurrence of an anchor literal with the same
/// boundaries wakes no new clause in the same stretch (sentence-bound) or the same unit (the
/// others), so its group is skipped whole ([`Scratch::applied`]).
const GROUPS: usize = 8;

/// The group bit of the clauses whose matches never cross a sentence end.
const SENTENCE_BOUND: usize = 1;

fn group_of(word_start: bool, word_end: bool, sentence_bound: bool) -> usize {
    (usize::from(word_start) << 2) | (usize::from(word_end) << 1) | (usize::from(sentence_bound) * SENTENCE_BOUND)
}

/// For an occurrence that does (or does not) start and end a word, the groups it counts for:
/// `APPLICABLE[starts_word][ends_word]`, a bit per group.
const APPLICABLE: [[u8; 2]; 2] =
    [[applicable(false, false), applicable(false, true)], [applicable(true, false), applicable(true, true)]];

/// The groups whose boundary needs an occurrence that does (or does not) start and end a word
/// meets (see [`group_of`]), a bit per group.
const fn applicable(starts_word: bool, ends_word: bool) -> u8 {
    let mut mask = 0;
    let mut group = 0;
    while group < GROUPS {
        if (group & 4 == 0 || starts_word) && (group & 2 == 0 || ends_word) {
            mask |= 1 << group;
        }
        group += 1;
    }
    mask
}

/// The groups an occurrence at place `at` in its word counts for ([`APPLICABLE`]): `at` as the
/// words' memo gives it, [`STARTS_WORD`] and [`ENDS_WORD`] bits.
fn applicable_at(at: u8) -> u8 {
    APPLICABLE[usize::from(at & STARTS_WORD != 0)][usize::from(at & ENDS_WORD != 0)]
}

/// Working memory of [`Prefilter::candidates_into`], kept between units so that a unit costs
/// no allocation.
#[derive(Default)]
pub struct Scratch {
    /// For each literal text, the `APPLICABLE` groups of all its occurrences in the unit
    /// together: what a clause that is not sentence-bound is checked against.
    seen: Vec<u8>,
    /// The same for the occurrences in the current stretch only: what a sentence-bound clause
    /// woken there is checked against when the stretch ends. Checking such a clause against a
    /// list of where each literal occurred, as before, read the lists of common words again
    /// for every clause woken (issue 15, session 28).
    in_stretch: Vec<u8>,
    /// The stretch being read (the number of sentence ends before it).
    stretch: u32,
    /// For each literal text and group, when the group was last applied: the stretch plus one
    /// for a sentence-bound group, 1 for the others; 0 when not yet in this unit.
    applied: Vec<[u32; GROUPS]>,
    /// The literal texts that occurred, to clear at the end of the unit.
    touched_literals: Vec<usize>,
    /// The literal texts that occurred in the current stretch, to clear at its end.
    touched_in_stretch: Vec<u32>,
    /// The sentence-bound clauses whose anchor was seen in the current stretch.
    woken_in_stretch: Vec<u32>,
    /// The other clauses whose anchor was seen in the unit.
    woken_in_unit: Vec<u32>,
    /// For each clause, the stretch plus one it was last woken in (1 for a clause that is not
    /// sentence-bound; 0: not woken), so that it is listed once without sorting. Sorting the
    /// woken clauses was a quarter of the prefilter's own time (issue 15, session 20); the
    /// order they are checked in does not matter, since candidates and completions are sorted
    /// after.
    last_woken: Vec<u32>,
    /// The occurrences of literals with a character no word holds:
    /// [`Prefilter::across_word_occurrences`].
    across: Vec<(u32, u32, u8)>,
    /// The candidates of the last unit, in rule order.
    pub candidates: Vec<usize>,
    /// For each sentence-bound candidate of the last unit, the stretches one of its clauses
    /// was complete in, as `(rule, start, end)` byte ranges of the text (a stretch ends before
    /// its sentence end), sorted: every match of such a rule lies in one of them (or in one
    /// and the sentence end that closes it, for a rule that may end on one), so the matcher
    /// searches only there ([`Scratch::spans_of`]).
    pub spans: Vec<(usize, usize, usize)>,
    /// `(rule, stretch)` of each completion, before they become byte ranges.
    completed: Vec<(usize, u32)>,
    /// Where the words of the last unit begin: each first byte of a run of word bytes, as
    /// ASCII `\b` reads it ([`super::match_starts::word_starts`] lists the same). Listed while
    /// the unit's words are read anyway, so that the anchored pattern searches need no pass of
    /// their own over the text (issue 15, session 25).
    pub word_starts: Vec<u32>,
    /// For each of those words, its entry in the memo of words (`words`), whose stem `stem:`
    /// and `similar:` rules read ([`super::ascii_words`]).
    pub word_entries: Vec<u32>,
    /// The literals inside each word seen so far.
    pub words: WordLiterals,
}

impl Scratch {
    /// The stretches of `rule` in the last unit (see [`Scratch::spans`]): empty when the rule
    /// is not sentence-bound, or not a candidate.
    pub fn spans_of(&self, rule: usize) -> &[(usize, usize, usize)] {
        let from = self.spans.partition_point(|s| s.0 < rule);
        let to = from + self.spans[from..].partition_point(|s| s.0 == rule);
        &self.spans[from..to]
    }
}

/// How common a set's literals are, to pick a clause's anchor: the clauses that share its
/// literals (`uses`, see [`literal_uses`]: a literal many rules need is a common word), short
/// literals weighing more.
fn commonness(set: &[super::literals::Literal], uses: &HashMap<&str, usize>) -> usize {
    set.iter().map(|lit| uses[lit.text.as_str()] * 8 / lit.text.len().clamp(1, 8)).sum()
}

/// For each literal text, the clauses that name it. A stop word ([`is_stop_word`]: `al`, `er`,
/// `door`, `zijn`) counts as named by at least [`STOP_WORD_USES`] clauses, however few rules
/// name it: it stands in most sentences of speech whatever the codebook (see the module
/// documentation).
fn literal_uses(rules: &[Vec<Clause>]) -> HashMap<&str, usize> {
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for sets in rules.iter().flatten() {
        for lit in sets.iter().take(MAX_SETS).flatten() {
            *uses.entry(lit.text.as_str()).or_default() += 1;
        }
    }
    for (text, shared) in &mut uses {
        if is_stop_word(&text.to_ascii_lowercase()) {
            *shared = (*shared).max(STOP_WORD_USES);
        }
    }
    uses
}

/// The fewest clauses a stop word counts as named by in [`literal_uses`]: as many as the
/// shipped codebooks' most shared content words (`zorg`) and fewer than their most shared
/// function words (`de`, `het`), so that a clause is anchored on a content word where it has one.
const STOP_WORD_USES: usize = 100;

/// Literal texts numbered in the order they are first read: the automaton's pattern ids.
#[derive(Default)]
struct LiteralIds<'r> {
    index: HashMap<&'r str, u32>,
    all: Vec<&'r str>,
}

impl<'r> LiteralIds<'r> {
    /// `(id, group)` of each literal of `set`, in a clause that is (or is not) sentence-bound.
    fn pairs(&mut self, set: &'r [super::literals::Literal], bound: bool) -> Vec<(u32, u8)> {
        let (index, all) = (&mut self.index, &mut self.all);
        set.iter()
            .map(|lit| {
                let id = *index.entry(lit.text.as_str()).or_insert_with(|| {
                    all.push(lit.text.as_str());
                    all.len() as u32 - 1
                });
                (id, group_of(lit.word_start, lit.word_end, bound) as u8)
            })
            .collect()
    }
}

impl Prefilter {
    /// `rules[r]`: the clauses of rule `r` (see [`regex_clauses`]); none (or an empty one) for
    /// a rule that is always verified.
    pub fn new(rules: &[Vec<Clause>]) -> Self {
        Self::with_sentence_bounds(rules, &vec![false; rules.len()])
    }

    /// [`Prefilter::new`], where `sentence_bound[r]` says that no match of rule `r` crosses a
    /// sentence end, so that all sets of one of its clauses must occur in one stretch.
    pub fn with_sentence_bounds(rules: &[Vec<Clause>], sentence_bound: &[bool]) -> Self {
        let uses = literal_uses(rules);
        let mut ids = LiteralIds::default();
        // `(literal id, group, clause)` of every anchor, in clause order.
        let mut anchor_pairs: Vec<(u32, u8, u32)> = Vec::new();
        let (mut always, mut clauses) = (Vec::new(), Vec::new());
        let (mut flat_sets, mut flat_pairs) = (Vec::new(), Vec::new());
        for (rule, rule_clauses) in rules.iter().enumerate() {
            if rule_clauses.is_empty() || rule_clauses.iter().any(Vec::is_empty) {
                always.push(rule);
                continue;
            }
            let bound = sentence_bound[rule];
            for sets in rule_clauses {
                let clause = clauses.len() as u32;
                let sets = &sets[..sets.len().min(MAX_SETS)];
                // The least common set; of equals, the first.
                let anchor = (0..sets.len()).min_by_key(|&k| commonness(&sets[k], &uses)).unwrap_or(0);
                let first_set = flat_sets.len() as u32;
                let mut others: Vec<(usize, Vec<(u32, u8)>)> = Vec::new();
                for (k, set) in sets.iter().enumerate() {
                    let pairs = ids.pairs(set, bound);
                    if k != anchor {
                        others.push((commonness(set, &uses), pairs));
                        continue;
                    }
                    anchor_pairs.extend(pairs.into_iter().map(|(id, group)| (id, group, clause)));
                }
                // The rarest first: a woken clause is most often given up at its first set.
                others.sort_by_key(|&(commonness, _)| commonness);
                for (_, pairs) in others {
                    let from = flat_pairs.len() as u32;
                    flat_pairs.extend(pairs);
                    flat_sets.push((from, flat_pairs.len() as u32));
                }
                let others = (first_set, flat_sets.len() as u32);
                clauses.push(AnchoredClause { rule: rule as u32, others });
            }
        }
        // The crate's own choice of automaton: a DFA for at most 100 literals, else a
        // contiguous NFA. For the shipped codebooks' 2,787 literals a DFA took 13 ms to build
        // (a fifth of compiling them, on one core) and 5.8 MB, and scanned no faster than the
        // NFA's 0.3 MB (the 5 MB study's coding stage, one thread, ten runs taking turns:
        // medians 1.15 s NFA, 1.20 s DFA); for a handful of plain patterns the DFA scans
        // clearly faster (100 MB, 15 patterns: coding 0.29–0.38 s against 0.48–0.53 s).
        // BENCHMARKS.md, session 17. Since session 23 it runs over each distinct word once
        // (`super::word_literals`), no longer over every byte.
        let all = ids.all;
        let wanted = wanted_in_words(
            all.len(),
            anchor_pairs.iter().map(|&(id, group, _)| (id, group)).chain(flat_pairs.iter().copied()),
        );
        let mut anchors_of_literal: Vec<[Vec<u32>; GROUPS]> = vec![Default::default(); all.len()];
        for (id, group, clause) in anchor_pairs {
            let anchored = &mut anchors_of_literal[id as usize][group as usize];
            if anchored.last() != Some(&clause) {
                anchored.push(clause);
            }
        }
        let automaton =
            AhoCorasick::builder().ascii_case_insensitive(true).build(&all).expect("literal automaton builds");
        let across_words = across_words(&all);
        let nonempty = anchors_of_literal
            .iter()
            .map(|groups| (0..GROUPS).filter(|&g| !groups[g].is_empty()).fold(0u8, |mask, g| mask | 1 << g))
            .collect();
        Self {
            id: next_prefilter_id(),
            words: WordScan::new(automaton, wanted),
            across_words,
            anchors_of_literal,
            nonempty,
            clauses,
            sets: flat_sets,
            pairs: flat_pairs,
            always,
        }
    }

    /// Rules that may fire in a text folded to ASCII ([`super::fold`]), in rule order.
    pub fn candidates(&self, folded: &str) -> Vec<usize> {
        let mut scratch = Scratch::default();
        self.candidates_into(folded, &mut scratch);
        scratch.candidates
    }

    /// [`Prefilter::candidates`] into `scratch.candidates`, reusing its memory.
    pub fn candidates_into(&self, folded: &str, scratch: &mut Scratch) {
        let bytes = folded.as_bytes();
        let literals = self.nonempty.len();
        scratch.applied.resize(literals, [0; GROUPS]);
        scratch.seen.resize(literals, 0);
        scratch.in_stretch.resize(literals, 0);
        scratch.last_woken.resize(self.clauses.len(), 0);
        scratch.stretch = 0;
        scratch.candidates.clear();
        scratch.completed.clear();
        scratch.candidates.extend_from_slice(&self.always);
        scratch.word_starts.clear();
        scratch.word_entries.clear();
        // The literals with other characters (`o.a.`, `een andere`), found first and taken in
        // with the words of their stretch, so that stretches come one after the other.
        let mut across = std::mem::take(&mut scratch.across);
        self.across_word_occurrences(folded, &mut across);
        let mut across_next = 0;
        // Literals of word characters only, word by word (see `super::word_literals`): the
        // stretch of a word is the number of sentence ends before it.
        let mut memo = std::mem::take(&mut scratch.words);
        memo.for_owner(self.id);
        for (start, end, stretch) in words_with_count(bytes, &SENTENCE_ENDS) {
            while let Some(&(at, id, applicable)) = across.get(across_next).filter(|o| o.0 <= stretch) {
                self.occurred(id as usize, applicable, at, scratch);
                across_next += 1;
            }
            scratch.word_starts.push(start as u32);
            let (entry, found) = memo.of(&self.words, bytes, start, end);
            scratch.word_entries.push(entry);
            for &(id, at) in found {
                self.occurred(id as usize, applicable_at(at), stretch, scratch);
            }
        }
        scratch.words = memo;
        for &(at, id, applicable) in &across[across_next..] {
            self.occurred(id as usize, applicable, at, scratch);
        }
        scratch.across = across;
        self.close_stretch(scratch);
        for &clause in &scratch.woken_in_unit {
            scratch.last_woken[clause as usize] = 0;
            let clause = &self.clauses[clause as usize];
            if self.complete(clause, &scratch.seen) {
                scratch.candidates.push(clause.rule as usize);
            }
        }
        scratch.woken_in_unit.clear();
        for &id in &scratch.touched_literals {
            scratch.applied[id] = [0; GROUPS];
            scratch.seen[id] = 0;
        }
        scratch.touched_literals.clear();
        scratch.candidates.sort_unstable();
        scratch.candidates.dedup();
        stretch_spans(bytes, scratch);
    }

    /// The occurrences of the literals with a character no word holds (see
    /// [`Prefilter::across_words`]) in `folded`, as `(stretch, literal id, APPLICABLE groups)`
    /// into `out`, stretches never decreasing. Matches come in order of their ends. `stretch`
    /// counts the sentence ends before `cursor`, the start of the latest match; a match that
    /// starts before it (a longer literal) and has a sentence end in between contains that
    /// end, so it is no literal of a sentence-bound rule, for which alone the stretch is used.
    fn across_word_occurrences(&self, folded: &str, out: &mut Vec<(u32, u32, u8)>) {
        out.clear();
        let Some((automaton, ids)) = &self.across_words else {
            return;
        };
        let bytes = folded.as_bytes();
        let (mut cursor, mut stretch) = (0, 0u32);
        for m in automaton.find_overlapping_iter(folded) {
            if m.start() > cursor {
                stretch += bytes[cursor..m.start()].iter().filter(|b| SENTENCE_ENDS.contains(b)).count() as u32;
                cursor = m.start();
            }
            // A whole word here: no word character right before or right after.
            let starts_word = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let ends_word = m.end() == bytes.len() || !is_word_byte(bytes[m.end()]);
            let applicable = APPLICABLE[usize::from(starts_word)][usize::from(ends_word)];
            out.push((stretch, ids[m.pattern().as_usize()], applicable));
        }
    }

    /// Records an occurrence of literal `id` in stretch `stretch` that counts for the groups
    /// `applicable`, and wakes the clauses it anchors there that are not awake yet. The
    /// stretch before is closed first when this one is the first occurrence of a later one.
    fn occurred(&self, id: usize, applicable: u8, stretch: u32, scratch: &mut Scratch) {
        debug_assert!(stretch >= scratch.stretch, "occurrences come stretch by stretch");
        if stretch != scratch.stretch {
            self.close_stretch(scratch);
            scratch.stretch = stretch;
        }
        if scratch.seen[id] == 0 {
            scratch.touched_literals.push(id);
        }
        scratch.seen[id] |= applicable;
        if scratch.in_stretch[id] == 0 {
            scratch.touched_in_stretch.push(id as u32);
        }
        scratch.in_stretch[id] |= applicable;
        let mut groups = self.nonempty[id] & applicable;
        while groups != 0 {
            let group = groups.trailing_zeros() as usize;
            groups &= groups - 1;
            let bound = group & SENTENCE_BOUND != 0;
            let mark = if bound { stretch + 1 } else { 1 };
            if scratch.applied[id][group] == mark {
                continue;
            }
            scratch.applied[id][group] = mark;
            let woken = if bound { &mut scratch.woken_in_stretch } else { &mut scratch.woken_in_unit };
            for &clause in &self.anchors_of_literal[id][group] {
                let last = &mut scratch.last_woken[clause as usize];
                if *last != mark {
                    *last = mark;
                    woken.push(clause);
                }
            }
        }
    }

    /// The end of the current stretch: each sentence-bound clause woken in it whose every set
    /// occurred in it makes its rule a candidate there; then the stretch's marks are cleared.
    fn close_stretch(&self, scratch: &mut Scratch) {
        for &clause in &scratch.woken_in_stretch {
            scratch.last_woken[clause as usize] = 0;
            let clause = &self.clauses[clause as usize];
            if self.complete(clause, &scratch.in_stretch) {
                scratch.candidates.push(clause.rule as usize);
                scratch.completed.push((clause.rule as usize, scratch.stretch));
            }
        }
        scratch.woken_in_stretch.clear();
        for &id in &scratch.touched_in_stretch {
            scratch.in_stretch[id as usize] = 0;
        }
        scratch.touched_in_stretch.clear();
    }

    /// Whether every set of a woken clause other than its anchor occurred, `seen` giving the
    /// groups each literal occurred for: in the clause's stretch for a sentence-bound clause
    /// (`Scratch::in_stretch`), anywhere in the unit for the others (`Scratch::seen`).
    fn complete(&self, clause: &AnchoredClause, seen: &[u8]) -> bool {
        let (first, last) = clause.others;
        self.sets[first as usize..last as usize].iter().all(|&(from, to)| {
            self.pairs[from as usize..to as usize].iter().any(|&(id, group)| seen[id as usize] & (1 << group) != 0)
        })
    }
}

/// For each of `literals` literal ids, the places in a word (bits `1 << at`, see
/// [`WordScan`]) where an occurrence of it counts for one of the groups it is used in: the
/// `(literal id, group)` pairs of every anchor and every other set. An occurrence that counts
/// for none of them can neither wake a clause nor satisfy a set.
fn wanted_in_words(literals: usize, uses: impl Iterator<Item = (u32, u8)>) -> Vec<u8> {
    let mut groups = vec![0u8; literals];
    for (id, group) in uses {
        groups[id as usize] |= 1 << group;
    }
    groups
        .iter()
        .map(|&used| (0..4u8).filter(|&at| applicable_at(at) & used != 0).fold(0, |wanted, at| wanted | 1 << at))
        .collect()
}

/// A number no other prefilter of this process has (see [`Prefilter::id`]).
fn next_prefilter_id() -> u64 {
    static PREFILTERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    PREFILTERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The automaton over the literal texts of `all` that hold a character no word holds (see
/// [`Prefilter::across_words`]), with each one's index in `all`; none when there are none.
fn across_words(all: &[&str]) -> Option<(AhoCorasick, Vec<u32>)> {
    let (across, ids): (Vec<&str>, Vec<u32>) =
        (0..all.len()).filter(|&i| !all[i].bytes().all(is_word_byte)).map(|i| (all[i], i as u32)).unzip();
    (!across.is_empty()).then(|| {
        let automaton =
            AhoCorasick::builder().ascii_case_insensitive(true).build(&across).expect("literal automaton builds");
        (automaton, ids)
    })
}

/// `scratch.completed` as byte ranges of `bytes` into `scratch.spans` (see [`Scratch::spans`]):
/// stretch `k` runs from just after the `k`-th sentence end to just before the next one.
fn stretch_spans(bytes: &[u8], scratch: &mut Scratch) {
    scratch.spans.clear();
    if scratch.completed.is_empty() {
        return;
    }
    scratch.completed.sort_unstable();
    scratch.completed.dedup();
    let [a, b, c] = SENTENCE_ENDS;
    let mut ends = memchr::memchr3_iter(a, b, c, bytes);
    // Stretches in the order of the text: the ends are read once, for all rules.
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let last = scratch.completed.iter().map(|c| c.1).max().unwrap_or(0) as usize;
    let mut start = 0;
    while bounds.len() <= last {
        let end = ends.next().unwrap_or(bytes.len());
        bounds.push((start, end));
        start = end + 1;
    }
    scratch.spans.extend(scratch.completed.iter().map(|&(rule, k)| (rule, bounds[k as usize].0, bounds[k as usize].1)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::literals::{regex_clauses, Literal};

    /// One rule of two required whole words, `wij` and `zij`, and one of `o.a.` and `zij`.
    fn two_words(bound: bool) -> Prefilter {
        let word = |t: &str| vec![Literal { text: t.to_string(), word_start: true, word_end: true }];
        Prefilter::with_sentence_bounds(&[vec![vec![word("wij"), word("zij")]]], &[bound])
    }

    #[test]
    fn a_sentence_bound_rule_needs_its_words_in_one_sentence() {
        let (bound, free) = (two_words(true), two_words(false));
        // Both words, two sentences apart: only the rule that may cross a sentence end.
        for text in ["wij denken dit. zij niet", "wij? ja, zij", "zij! en wij"] {
            assert!(bound.candidates(text).is_empty(), "{text}");
            assert_eq!(free.candidates(text), vec![0], "{text}");
        }
        // In one sentence, in either order, also after other sentences.
        for text in ["wij en zij", "eerst dit. toen zij en wij. klaar", "nee. wij. ja zij en wij"] {
            assert_eq!(bound.candidates(text), vec![0], "{text}");
        }
        // The same scratch for a second unit starts afresh.
        let mut scratch = Scratch::default();
        bound.candidates_into("wij. zij", &mut scratch);
        assert!(scratch.candidates.is_empty());
        bound.candidates_into("zij en wij", &mut scratch);
        assert_eq!(scratch.candidates, vec![0]);
        assert_eq!(scratch.spans_of(0), &[(0, 0, 10)]);
    }

    #[test]
    fn a_sentence_bound_candidate_has_the_stretches_its_words_are_in() {
        let (bound, free) = (two_words(true), two_words(false));
        let mut scratch = Scratch::default();
        // Sentence ends at 3, 15 and 19: " wij en zij" is stretch 1 (4..15), " zij, wij"
        // stretch 3 (20..29); "nee" and " ja" have neither word.
        let text = "nee. wij en zij. ja. zij, wij";
        bound.candidates_into(text, &mut scratch);
        assert_eq!(scratch.candidates, vec![0]);
        assert_eq!(scratch.spans_of(0), &[(0, 4, 15), (0, 20, 29)]);
        assert_eq!(&text[4..15], " wij en zij");
        // A rule that may cross a sentence end is searched in the whole unit: no stretches.
        free.candidates_into(text, &mut scratch);
        assert_eq!(scratch.candidates, vec![0]);
        assert!(scratch.spans_of(0).is_empty());
    }

    #[test]
    fn a_word_seen_again_counts_again_in_a_new_sentence_and_as_a_whole_word() {
        let (bound, free) = (two_words(true), two_words(false));
        let mut scratch = Scratch::default();
        // `wij` in stretches 0 and 2, `zij` in 1 and 2: only stretch 2 (10..18) has both, so
        // the second `wij` must count although the first was already applied.
        let text = "wij. zij. wij en zij";
        bound.candidates_into(text, &mut scratch);
        assert_eq!(scratch.candidates, vec![0]);
        assert_eq!(scratch.spans_of(0), &[(0, 9, 20)]);
        // Inside a longer word first (no whole-word end), then as a word in the same sentence:
        // the whole word still counts.
        for text in ["wijk en wij zij", "zijn wij, zij", "wijk zijn wij zijn zij"] {
            assert_eq!(bound.candidates(text), vec![0], "{text}");
        }
        assert!(bound.candidates("wij wij wij. zij zij").is_empty());
        // A rule free of sentence ends: a word applied once counts for the whole unit.
        assert_eq!(free.candidates("wij wij. wij. zij"), vec![0]);
        assert!(free.candidates("wijk wijk. zijn").is_empty());
        assert_eq!(free.candidates("wijk wijk wij. zijn zij"), vec![0]);
    }

    /// `zorg` is needed by three rules, `ketenregie` by one: the rule needing both is woken by
    /// `ketenregie` (its anchor) and checks `zorg` among the occurrences; the result is the
    /// same in either order of the words, and needs both in one sentence.
    #[test]
    fn a_clause_is_anchored_on_its_least_shared_set_and_checks_the_rest() {
        let word = |t: &str| vec![Literal { text: t.to_string(), word_start: true, word_end: true }];
        let rules = [vec![vec![word("zorg"), word("ketenregie")]], vec![vec![word("zorg")]], vec![vec![word("zorg")]]];
        let p = Prefilter::with_sentence_bounds(&rules, &[true, false, false]);
        // Literal ids in the order first read (`zorg` 0); a whole word of a bound clause: 0b111.
        assert_eq!(p.words.automaton().patterns_len(), 2);
        assert_eq!(p.clauses[0].others, (0, 1));
        assert_eq!(p.sets, [(0, 1)]);
        assert_eq!(p.pairs, [(0u32, 0b111u8)]);
        assert_eq!(p.candidates("ketenregie en zorg"), vec![0, 1, 2]);
        assert_eq!(p.candidates("zorg, ketenregie"), vec![0, 1, 2]);
        assert_eq!(p.candidates("zorg. ketenregie"), vec![1, 2]);
        assert!(p.candidates("ketenregie").is_empty());
    }

    /// The flat layout of clauses' other sets, worked by hand. Uses: `zorg` 2, the others 1;
    /// commonness (uses × 8 / length): `zorg` 4, `ketenregie` 1, `wij`|`zij` 2 + 2 = 4, `plan`
    /// 2. So rule 0 is anchored on `ketenregie` and keeps `zorg` and `wij`|`zij` as others;
    /// rule 1 on `plan`, keeping `zorg`. Literal ids in reading order: `zorg` 0, `ketenregie`
    /// 1, `wij` 2, `zij` 3, `plan` 4; a whole word of a clause that is not sentence-bound is
    /// group 0b110 = 6.
    #[test]
    fn other_sets_are_stored_flat() {
        let word = |t: &str| Literal { text: t.to_string(), word_start: true, word_end: true };
        let rules = [
            vec![vec![vec![word("zorg")], vec![word("ketenregie")], vec![word("wij"), word("zij")]]],
            vec![vec![vec![word("zorg")], vec![word("plan")]]],
        ];
        let p = Prefilter::new(&rules);
        assert_eq!(p.words.automaton().patterns_len(), 5);
        assert_eq!((p.clauses[0].others, p.clauses[1].others), ((0, 2), (2, 3)));
        assert_eq!(p.sets, [(0, 1), (1, 3), (3, 4)]);
        assert_eq!(p.pairs, [(0, 6), (2, 6), (3, 6), (0, 6)]);
        assert_eq!(p.candidates("ketenregie, zorg en zij"), vec![0]);
        assert!(p.candidates("ketenregie en zorg").is_empty());
        assert_eq!(p.candidates("plan zorg. ketenregie wij"), vec![0, 1]);
        // Inside a word neither `zorg` nor `plan` counts for a whole-word group.
        assert!(p.candidates("zorgplan ketenregie wij").is_empty());
    }

    /// A literal across words (`een andere`, found in the whole text) and one inside words
    /// (`visie`, found word by word) together, in one sentence or two; and one scratch used by
    /// two prefilters in turn, whose literal ids differ (`visie` is 1 in the first, 0 in the
    /// second): each sees its own literals, not the other's memo of words.
    #[test]
    fn literals_across_words_and_inside_them_meet_in_one_sentence() {
        let word = |t: &str| vec![Literal { text: t.to_string(), word_start: true, word_end: true }];
        let across = Prefilter::with_sentence_bounds(&[vec![vec![word("een andere"), word("visie")]]], &[true]);
        let alone = Prefilter::with_sentence_bounds(&[vec![vec![word("visie")]]], &[true]);
        let mut scratch = Scratch::default();
        for (text, wanted) in [
            ("een andere visie", true),
            ("Visie? Een andere.", false),
            ("nee. EEN  andere kijk, visie!", false),
            ("nee. een andere kijk, visie!", true),
            ("eenandere visie", false),
            ("een andere visies", false),
            ("x. visie een andere", true),
            ("visie. een andere", false),
        ] {
            across.candidates_into(text, &mut scratch);
            assert_eq!(scratch.candidates == [0], wanted, "{text}");
            alone.candidates_into(text, &mut scratch);
            assert_eq!(scratch.candidates == [0], !text.ends_with("visies"), "{text}");
        }
        across.candidates_into("x. een andere visie", &mut scratch);
        assert_eq!(scratch.spans_of(0), &[(0, 2, 19)]);
    }

    /// A clause's other sets are checked rarest first. Uses: `wij` 3, the others 1; commonness
    /// (uses × 8 / length): `wij`|`zij` 8 + 2 = 10, `ketenregie` 1, `regie` 1. Rule 0 is
    /// anchored on `ketenregie` (the first of the two rarest) and keeps `wij`|`zij` and `regie`
    /// as others, stored `regie` first although the pattern reads it last. Literal ids in
    /// reading order: `wij` 0, `zij` 1, `ketenregie` 2, `regie` 3; whole words of clauses
    /// that are not sentence-bound: group 6.
    #[test]
    fn other_sets_are_checked_rarest_first() {
        let word = |t: &str| Literal { text: t.to_string(), word_start: true, word_end: true };
        let rules = [
            vec![vec![vec![word("wij"), word("zij")], vec![word("ketenregie")], vec![word("regie")]]],
            vec![vec![vec![word("wij")]]],
            vec![vec![vec![word("wij")]]],
        ];
        let p = Prefilter::new(&rules);
        assert_eq!(p.clauses[0].others, (0, 2));
        assert_eq!(p.sets, [(0, 1), (1, 3)]);
        assert_eq!(p.pairs, [(3, 6), (0, 6), (1, 6)]);
        assert_eq!(p.candidates("ketenregie, regie en zij"), vec![0]);
        assert_eq!(p.candidates("regie ketenregie wij"), vec![0, 1, 2]);
        assert_eq!(p.candidates("ketenregie wij"), vec![1, 2]);
    }

    /// A stop word counts as shared by [`STOP_WORD_USES`] clauses: `altijd`, named by one rule
    /// only, weighs 100 × 8 / 6 = 133, `ketenregie`, named by eleven, 11 × 8 / 8 = 11. So rule 0
    /// is anchored on `ketenregie` and checks `altijd` (id 0, the first read) among the others;
    /// by the number of rules alone, `altijd` (1 × 8 / 6 = 1) would have been its anchor,
    /// waking the clause in most sentences of speech. The candidates are the same either way.
    #[test]
    fn a_stop_word_is_no_anchor_where_a_clause_has_a_content_word() {
        let word = |t: &str| vec![Literal { text: t.to_string(), word_start: true, word_end: true }];
        let mut rules = vec![vec![vec![word("altijd"), word("ketenregie")]]];
        rules.extend((0..10).map(|_| vec![vec![word("ketenregie")]]));
        let p = Prefilter::new(&rules);
        assert_eq!(p.clauses[0].others, (0, 1));
        assert_eq!(p.pairs[..1], [(0, 6)]);
        let every: Vec<usize> = (0..11).collect();
        assert_eq!(p.candidates("altijd die ketenregie"), every);
        assert_eq!(p.candidates("ketenregie"), every[1..]);
        assert!(p.candidates("altijd").is_empty());
    }

    /// The word starts listed while reading a unit, worked by hand: in `De zorg_9, o.a. x!`
    /// words (runs of letters, digits and `_`) begin at 0 (`De`), 3 (`zorg_9`), 11 (`o`), 13
    /// (`a`) and 16 (`x`); a unit without words lists none, and each unit lists its own. The
    /// list is [`super::super::match_starts::word_starts`]'s, which the anchored searches read.
    #[test]
    fn a_units_word_starts_are_listed_while_its_words_are_read() {
        let word = |t: &str| vec![Literal { text: t.to_string(), word_start: true, word_end: true }];
        let p = Prefilter::new(&[vec![vec![word("zorg")]]]);
        let mut scratch = Scratch::default();
        let text = "De zorg_9, o.a. x!";
        p.candidates_into(text, &mut scratch);
        assert_eq!(scratch.word_starts, [0, 3, 11, 13, 16]);
        assert_eq!(scratch.word_starts, super::super::match_starts::word_starts(text.as_bytes()));
        p.candidates_into(" .?! ", &mut scratch);
        assert!(scratch.word_starts.is_empty());
        p.candidates_into("zorg", &mut scratch);
        assert_eq!(scratch.word_starts, [0]);
    }

    #[test]
    fn applicable_groups_by_hand() {
        // A whole-word occurrence counts for all eight groups; inside a word (neither
        // boundary) only for the two groups that need none: 0b000 and 0b001.
        assert_eq!(APPLICABLE[1][1], 0xff);
        assert_eq!(APPLICABLE[0][0], 0b0000_0011);
        // Starts a word but runs on: groups without an end requirement, 0, 1, 4, 5.
        assert_eq!(APPLICABLE[1][0], 0b0011_0011);
        assert_eq!(APPLICABLE[0][1], 0b0000_1111);
    }

    /// Literals of no word character (`&`, `+`) are taken in with the stretch they stand in,
    /// before the first word of a later one or, after the last word of the text, at the end.
    /// `visie &` has both in one sentence; in `visie. &` and `&. visie x` they are in two. In
    /// `x. & +` the second rule's literals stand in a stretch after the last word.
    #[test]
    fn a_literal_after_the_last_word_counts_in_its_stretch() {
        let lit = |t: &str, whole: bool| vec![Literal { text: t.to_string(), word_start: whole, word_end: whole }];
        let p = Prefilter::with_sentence_bounds(&[vec![vec![lit("visie", true), lit("&", false)]]], &[true]);
        assert_eq!(p.candidates("visie &"), [0]);
        assert_eq!(p.candidates("visie & "), [0]);
        assert!(p.candidates("visie. &").is_empty());
        assert!(p.candidates("&. visie x").is_empty());
        assert_eq!(p.candidates("x. & visie"), [0]);
        let p = Prefilter::with_sentence_bounds(&[vec![vec![lit("&", false), lit("+", false)]]], &[true]);
        assert_eq!(p.candidates("x. & +"), [0]);
        assert!(p.candidates("x. &. +").is_empty());
    }

    /// Where in a word each literal is of use, worked by hand from the groups it is used in
    /// (bits: 4 starts a word, 2 ends it, 1 sentence-bound; places: `at` = 0b(starts)(ends)).
    /// Literal 0 as a whole word (group 6): only where it is the whole word, place 0b11, bit
    /// 0b1000. Literal 1 starting a word in a sentence-bound clause (group 5): places 0b10 and
    /// 0b11. Literal 2 without boundaries (group 0) and ending a word (group 2): anywhere.
    /// Literal 3 in no clause: nowhere.
    #[test]
    fn wanted_places_by_hand() {
        let uses = [(0, 6), (1, 5), (2, 0), (2, 2)].into_iter();
        assert_eq!(wanted_in_words(4, uses), [0b1000, 0b1100, 0b1111, 0]);
        assert_eq!(wanted_in_words(1, [(0, 2)].into_iter()), [0b1010], "ending a word: places 0b01 and 0b11");
    }

    #[test]
    fn a_literal_with_a_full_stop_does_not_move_the_sentence_count_backwards() {
        // `o.a.` (a rule that is not sentence-bound) and `zij` ... `wij` (one that is): the
        // longer literal starts before the latest match.
        let word = |t: &str| vec![Literal { text: t.to_string(), word_start: true, word_end: true }];
        let rules = [regex_clauses(r"\bo\.a\."), vec![vec![word("zij"), word("wij")]]];
        let p = Prefilter::with_sentence_bounds(&rules, &[false, true]);
        assert_eq!(p.candidates("zij o.a. wij"), vec![0]);
        assert_eq!(p.candidates("zij en wij o.a."), vec![0, 1]);
    }
}
