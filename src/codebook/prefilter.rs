//! The one-pass prefilter: which rules can possibly fire in a unit.
//!
//! All literals of all rules' clauses ([`super::literals`]) go into one Aho-Corasick automaton
//! that scans the unit's text, folded to ASCII and compared without regard to case, once; a
//! rule is verified with its full pattern only when every set of one of its clauses was seen
//! (a whole-word literal only where it stands as a word). A rule whose matches never cross a
//! sentence end ([`super::sentence_bound`]) needs all sets of a clause in one stretch between
//! two of `.`, `?`, `!`. Rules without usable literals are always verified.
//!
//! Why not one `RegexSet`: regex's fast automata cannot evaluate Unicode word boundaries on
//! non-ASCII text, and a set of a few hundred Unicode-aware, case-insensitive patterns falls
//! back to its slowest engine on Dutch text (measured at 0.1 MB/s; on the folded text in ASCII
//! mode, 7 times slower than running each of its 431 patterns on its own, on 100 generated units).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::literals::{is_word_byte, Clause};
use super::sentence_bound::SENTENCE_ENDS;

/// At most this many required sets per clause are checked (one bit each).
const MAX_SETS: usize = 64;

/// The automaton over all rules' literals.
pub struct Prefilter {
    automaton: AhoCorasick,
    /// For each literal text (pattern id of the automaton): the clauses it stands for, each
    /// with the bits of the clause's sets it belongs to, in [`GROUPS`] groups by the word
    /// boundaries the literal needs there and whether the clause is sentence-bound.
    groups_of_literal: Vec<[Vec<Entry>; GROUPS]>,
    /// For each literal text, a bit for each of its groups that has entries.
    nonempty: Vec<u8>,
    /// How many clauses all rules have.
    clauses: usize,
    /// Rules without literals: candidates in every unit.
    always: Vec<usize>,
}

/// Groups of a literal's entries: a bit for a whole-word start, one for a whole-word end, one
/// for a sentence-bound clause. Common words ("zorg", "niet") stand in hundreds of clauses and
/// occur many times in a unit; a second occurrence with the same boundaries adds no bit to any
/// clause in the same stretch (sentence-bound) or the same unit (the others), so its group is
/// skipped whole instead of entry by entry ([`Scratch::applied`]).
const GROUPS: usize = 8;

/// The group bit of the clauses whose matches never cross a sentence end (all sets of such a
/// clause must be seen in one stretch between two of `.`, `?`, `!`).
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

/// One clause's use of one literal text, with what [`Prefilter::apply`] needs of the clause
/// (its full set of bits, its rule) at hand: the entries of a common word are read in the
/// thousands per unit, and reading the clause's data from two more arrays cost a cache miss
/// each (issue 15).
struct Entry {
    clause: u32,
    rule: u32,
    bits: u64,
    full: u64,
}

/// Working memory of [`Prefilter::candidates_into`], kept between units so that a unit costs
/// no allocation.
#[derive(Default)]
pub struct Scratch {
    /// For each clause, the bits of its sets seen, and the stretch (count of sentence ends
    /// before it) they were seen in: side by side, since they are read together.
    seen: Vec<(u64, u32)>,
    touched: Vec<u32>,
    /// For each literal text and group, when the group was last applied: the stretch plus one
    /// for a sentence-bound group, 1 for the others; 0 when not yet in this unit.
    applied: Vec<[u32; GROUPS]>,
    /// The literal texts with an `applied` mark, to clear at the end of the unit.
    touched_literals: Vec<usize>,
    /// The candidates of the last unit, in rule order.
    pub candidates: Vec<usize>,
    /// For each sentence-bound candidate of the last unit, the stretches one of its clauses
    /// was complete in, as `(rule, start, end)` byte ranges of the text (a stretch ends before
    /// its sentence end), sorted: every match of such a rule lies in one of them, so the
    /// matcher searches only there ([`Scratch::spans_of`]).
    pub spans: Vec<(usize, usize, usize)>,
    /// `(rule, stretch)` of each completion, before they become byte ranges.
    completed: Vec<(usize, u32)>,
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

impl Prefilter {
    /// `rules[r]`: the clauses of rule `r` (see [`regex_clauses`]); none (or an empty one) for
    /// a rule that is always verified.
    pub fn new(rules: &[Vec<Clause>]) -> Self {
        Self::with_sentence_bounds(rules, &vec![false; rules.len()])
    }

    /// [`Prefilter::new`], where `sentence_bound[r]` says that no match of rule `r` crosses a
    /// sentence end, so that all sets of one of its clauses must occur in one stretch.
    pub fn with_sentence_bounds(rules: &[Vec<Clause>], sentence_bound: &[bool]) -> Self {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut all: Vec<&str> = Vec::new();
        let mut groups_of_literal: Vec<[Vec<Entry>; GROUPS]> = Vec::new();
        let (mut always, mut full) = (Vec::new(), Vec::new());
        for (rule, clauses) in rules.iter().enumerate() {
            if clauses.is_empty() || clauses.iter().any(Vec::is_empty) {
                always.push(rule);
                continue;
            }
            for sets in clauses {
                let clause = full.len();
                let sets = &sets[..sets.len().min(MAX_SETS)];
                full.push(if sets.len() == MAX_SETS { u64::MAX } else { (1u64 << sets.len()) - 1 });
                for (bit, set) in sets.iter().enumerate() {
                    for lit in set {
                        let id = *index.entry(lit.text.as_str()).or_insert_with(|| {
                            all.push(lit.text.as_str());
                            groups_of_literal.push(Default::default());
                            all.len() - 1
                        });
                        let group = group_of(lit.word_start, lit.word_end, sentence_bound[rule]);
                        let entries = &mut groups_of_literal[id][group];
                        let (clause, rule) = (clause as u32, rule as u32);
                        match entries.iter_mut().find(|e| e.clause == clause) {
                            Some(entry) => entry.bits |= 1 << bit,
                            None => entries.push(Entry { clause, rule, bits: 1 << bit, full: 0 }),
                        }
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
        for entry in groups_of_literal.iter_mut().flatten().flatten() {
            entry.full = full[entry.clause as usize];
        }
        let nonempty = groups_of_literal
            .iter()
            .map(|groups| (0..GROUPS).filter(|&g| !groups[g].is_empty()).fold(0u8, |mask, g| mask | 1 << g))
            .collect();
        Self { automaton, groups_of_literal, nonempty, clauses: full.len(), always }
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
        scratch.seen.resize(self.clauses, (0, 0));
        scratch.applied.resize(self.nonempty.len(), [0; GROUPS]);
        scratch.candidates.clear();
        scratch.completed.clear();
        scratch.candidates.extend_from_slice(&self.always);
        // Matches come in order of their ends. `stretch` counts the sentence ends before
        // `cursor`, the start of the latest match; a match that starts before it (a longer
        // literal) and has a sentence end in between contains that end, so it is no literal of
        // a sentence-bound rule, for which alone the stretch is used.
        let (mut cursor, mut stretch) = (0, 0u32);
        for m in self.automaton.find_overlapping_iter(folded) {
            if m.start() > cursor {
                stretch += bytes[cursor..m.start()].iter().filter(|b| SENTENCE_ENDS.contains(b)).count() as u32;
                cursor = m.start();
            }
            // A whole word here: no word character right before or right after.
            let starts_word = m.start() == 0 || !is_word_byte(bytes[m.start() - 1]);
            let ends_word = m.end() == bytes.len() || !is_word_byte(bytes[m.end()]);
            let id = m.pattern().as_usize();
            let mut groups = self.nonempty[id] & APPLICABLE[usize::from(starts_word)][usize::from(ends_word)];
            while groups != 0 {
                let group = groups.trailing_zeros() as usize;
                groups &= groups - 1;
                let bound = group & SENTENCE_BOUND != 0;
                let mark = if bound { stretch + 1 } else { 1 };
                if scratch.applied[id][group] == mark {
                    continue;
                }
                if scratch.applied[id] == [0; GROUPS] {
                    scratch.touched_literals.push(id);
                }
                scratch.applied[id][group] = mark;
                self.apply(&self.groups_of_literal[id][group], bound, stretch, scratch);
            }
        }
        for &clause in &scratch.touched {
            scratch.seen[clause as usize] = (0, 0);
        }
        scratch.touched.clear();
        for &id in &scratch.touched_literals {
            scratch.applied[id] = [0; GROUPS];
        }
        scratch.touched_literals.clear();
        scratch.candidates.sort_unstable();
        scratch.candidates.dedup();
        stretch_spans(bytes, scratch);
    }

    /// One occurrence of a literal, counted for the clauses of one of its groups, in
    /// `stretch`; `bound`: the group's clauses are sentence-bound.
    fn apply(&self, entries: &[Entry], bound: bool, stretch: u32, scratch: &mut Scratch) {
        for entry in entries {
            let state = &mut scratch.seen[entry.clause as usize];
            if state.0 == 0 {
                scratch.touched.push(entry.clause);
            } else if bound && state.1 != stretch {
                // Sets seen in an earlier stretch do not count for this one.
                state.0 = 0;
            }
            let before = state.0;
            *state = (before | entry.bits, stretch);
            // Once per completion (per stretch, for a sentence-bound clause): a common word
            // seen again in a complete clause adds nothing.
            if before != entry.full && state.0 == entry.full {
                scratch.candidates.push(entry.rule as usize);
                if bound {
                    scratch.completed.push((entry.rule as usize, stretch));
                }
            }
        }
    }
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
    let mut ends = bytes.iter().enumerate().filter(|(_, b)| SENTENCE_ENDS.contains(b)).map(|(i, _)| i);
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
