//! How often each rule fires, to find rules that match nothing and rules that are too broad.
//!
//! Unlike the coding itself (where a code is applied once per unit, with its first rule as
//! evidence), every rule is counted in every unit it fires in, so a rule hidden behind an
//! earlier rule of the same code still shows whether it does anything.

use rayon::prelude::*;

use super::CodingOptions;
use crate::codebook::{Codebook, CompiledCodebook};
use crate::coding::Speakers;
use crate::corpus::{Corpus, Speaker};
use crate::table::{Cell, Table};

/// Share of units above which a rule is reported as too broad.
pub const TOO_BROAD: f64 = 0.5;

/// Units each rule fires in, by (code, rule) in codebook order, and the number of units.
pub fn rule_counts(
    corpus: &Corpus,
    codebook: &Codebook,
    matcher: &CompiledCodebook,
    options: &CodingOptions,
) -> (Vec<Vec<usize>>, usize) {
    let empty = || codebook.codes.iter().map(|c| vec![0usize; c.rules.len()]).collect::<Vec<_>>();
    let units: Vec<&str> = corpus
        .documents
        .iter()
        .flat_map(|d| {
            d.segments
                .iter()
                .filter(|s| options.speakers == Speakers::All || s.speaker != Speaker::Interviewer)
                .map(move |s| d.segment_text(s))
        })
        .collect();
    let counts = units
        .par_iter()
        .fold(empty, |mut acc, text| {
            for hit in matcher.hits(text) {
                acc[hit.code][hit.rule] += 1;
            }
            acc
        })
        .reduce(empty, |mut a, b| {
            for (x, y) in a.iter_mut().zip(b) {
                for (p, q) in x.iter_mut().zip(y) {
                    *p += q;
                }
            }
            a
        });
    (counts, units.len())
}

/// A table of every rule with the units it fires in and a verdict: `matches nothing`,
/// `too broad` (fires in more than half of all units) or empty.
pub fn rule_report(codebook: &Codebook, counts: &[Vec<usize>], units: usize) -> Table {
    let mut table = Table::new(
        "rules",
        format!(
            "Rules and the units they fire in ({units} units); too broad = more than {:.0}% of units",
            TOO_BROAD * 100.0
        ),
        &["code", "rule", "kind", "units", "percent", "verdict"],
    );
    for (c, code) in codebook.codes.iter().enumerate() {
        let source = codebook.books.iter().find(|b| b.id == code.codebook).map(|b| b.source.as_str()).unwrap_or("");
        for (r, spec) in code.rules.iter().enumerate() {
            let n = counts[c][r];
            let share = if units == 0 { 0.0 } else { n as f64 / units as f64 };
            let verdict = if n == 0 {
                "matches nothing"
            } else if share > TOO_BROAD {
                "too broad"
            } else {
                ""
            };
            table.push(vec![
                code.id.as_str().into(),
                format!("{source}:{}", spec.line).into(),
                spec.kind_name().into(),
                n.into(),
                Cell::Percent(100.0 * share),
                verdict.into(),
            ]);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{parse_codebook, Diacritics};
    use crate::corpus::{parse_document, CorpusOptions};

    #[test]
    fn silent_and_broad_rules() {
        let yaml = "codebook:\n  id: c\ncodes:\n  - id: a\n    rules:\n      - terms: [de]\n      - terms: [regie]\n      - terms: [nooit]\n";
        let (info, codes) = parse_codebook(std::path::Path::new("c.yaml"), "c.yaml", yaml).unwrap();
        let book = Codebook::new(vec![info], codes);
        let matcher = CompiledCodebook::compile(&book, Diacritics::Ignore).unwrap();
        let options = CorpusOptions::default();
        let text = "I: de regie?\nR: de regie\nI: en?\nR: de cliënt\nI: ok\nR: ja\n";
        let doc = parse_document("D1".into(), "D1.txt", text.into(), None, &options).unwrap();
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        // Respondent units: "de regie", "de cliënt", "ja". "de" fires in 2 of 3 (too broad),
        // "regie" in 1 (counted although "de" already coded that unit), "nooit" in none.
        let (counts, units) = rule_counts(&corpus, &book, &matcher, &CodingOptions::new(Speakers::Respondent));
        assert_eq!((counts, units), (vec![vec![2, 1, 0]], 3));
        let table = rule_report(&book, &[vec![2, 1, 0]], 3);
        let verdicts: Vec<String> = table.rows.iter().map(|r| r[5].render()).collect();
        assert_eq!(verdicts, vec!["too broad", "", "matches nothing"]);
        assert_eq!(table.rows[0][1].render(), "c.yaml:6");
    }
}
