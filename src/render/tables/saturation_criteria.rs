//! `tables/saturation_criteria` and `tables/saturation_gnc`: when, in interview order, new
//! interviews stopped bringing new codes, by each criterion, with a sentence for the methods
//! chapter (see [`crate::analysis::saturation_criteria`] for the definitions).

use crate::analysis::saturation_criteria::{SaturationCriteria, SaturationPoint};
use crate::analysis::CodeLevel;
use crate::render::Language;
use crate::table::{Cell, Table};

/// The name of a level of the code tree in the `level` column.
pub fn level_name(level: CodeLevel, language: Language) -> String {
    match (level, language) {
        (CodeLevel::AsCoded, _) => "codes".into(),
        (CodeLevel::Tree(0), Language::Nl) => "hoofdcodes (niveau 0)".into(),
        (CodeLevel::Tree(0), Language::En) => "main codes (level 0)".into(),
        (CodeLevel::Tree(d), Language::Nl) => format!("codes op niveau {d}"),
        (CodeLevel::Tree(d), Language::En) => format!("codes at level {d}"),
    }
}

/// Formats a number for a sentence in the project language (decimal comma in Dutch).
fn number(x: f64, decimals: usize, language: Language) -> String {
    decimal_mark(format!("{x:.decimals$}"), language)
}

/// A number written with `.` as the project language writes it: a decimal comma in Dutch.
pub fn decimal_mark(number: String, language: Language) -> String {
    match language {
        Language::Nl => number.replace('.', ","),
        Language::En => number,
    }
}

fn interviews(from: usize, to: usize, language: Language) -> String {
    match (from == to, language) {
        (true, Language::Nl) => format!("interview {from}"),
        (true, Language::En) => format!("interview {from}"),
        (false, Language::Nl) => format!("interviews {from}–{to}"),
        (false, Language::En) => format!("interviews {from}–{to}"),
    }
}

/// `tables/saturation_criteria`: per level and criterion, the saturation point or "not
/// reached", with the sentence a methods chapter can use.
pub fn criteria_table(levels: &[(String, &SaturationCriteria)], language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Saturatiecriteria per niveau van de codeboom, in volgorde van afname: Guest, Namey & Chen (2020: basis, run, drempel voor nieuwe informatie), Francis e.a. (2010: initiële steekproef + stopcriterium; saturatie na het ene interview, bevestigd door het andere) en Chao2 (incidentie: in hoeveel interviews een code voorkomt, met factor (m−1)/m) met 95%-betrouwbaarheidsinterval en het verwachte aantal nieuwe codes in het volgende interview (Q1/m)",
        Language::En => "Saturation criteria per level of the code tree, in interview order: Guest, Namey & Chen (2020: base, run, new-information threshold), Francis et al. (2010: initial sample + stopping criterion; saturation after one interview, confirmed by another) and Chao2 (incidence: in how many interviews a code occurs, with the factor (m−1)/m) with its 95% confidence interval and the expected number of new codes in the next interview (Q1/m)",
    };
    let mut table = Table::new(
        "saturation_criteria",
        caption,
        &[
            "level",
            "criterion",
            "parameters",
            "saturation_after",
            "document",
            "confirmed_by",
            "confirmed_by_document",
            "statement",
            "observed_codes",
            "estimated_codes",
            "ci_low",
            "ci_high",
            "expected_new_codes",
        ],
    );
    for (level, c) in levels {
        let (parameters, statement) = gnc_texts(c, language);
        table.push(point_row(level, c, "Guest, Namey & Chen (2020)", parameters, c.gnc, statement, language));
        let (parameters, statement) = francis_texts(c, language);
        table.push(point_row(level, c, "Francis et al. (2010)", parameters, c.francis, statement, language));
        table.push(chao2_row(level, c, language));
    }
    table
}

/// A criterion that finds a point: where, in which document, and the sentence saying so.
fn point_row(
    level: &str,
    c: &SaturationCriteria,
    criterion: &str,
    parameters: String,
    point: Option<SaturationPoint>,
    statement: String,
    language: Language,
) -> Vec<Cell> {
    let not_reached = match language {
        Language::Nl => "niet bereikt",
        Language::En => "not reached",
    };
    let (after, document, confirmed, confirmed_document): (Cell, Cell, Cell, Cell) = match point {
        Some(p) => (
            p.after.into(),
            c.documents[p.after - 1].as_str().into(),
            p.confirmed_by.into(),
            c.documents[p.confirmed_by - 1].as_str().into(),
        ),
        None => (not_reached.into(), Cell::Empty, Cell::Empty, Cell::Empty),
    };
    let observed = c.cumulative.last().copied().unwrap_or(0);
    vec![
        level.into(),
        criterion.into(),
        parameters.into(),
        after,
        document,
        confirmed,
        confirmed_document,
        statement.into(),
        observed.into(),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]
}

/// Guest, Namey & Chen: the parameters and the sentence.
fn gnc_texts(c: &SaturationCriteria, language: Language) -> (String, String) {
    let s = c.settings;
    let n = c.documents.len();
    let threshold = number(100.0 * s.gnc_threshold, 1, language);
    let parameters = match language {
        Language::Nl => format!("basis {}, run {}, drempel ≤ {threshold}%", s.gnc_base, s.gnc_run),
        Language::En => format!("base {}, run {}, threshold ≤ {threshold}%", s.gnc_base, s.gnc_run),
    };
    let statement = match (c.gnc, c.base_codes, language) {
        (Some(p), Some(b), _) => {
            let run = c.runs.iter().find(|r| r.position == p.confirmed_by);
            let (new_in_run, information) = run.map_or((0, 0.0), |r| (r.new_in_run, r.new_information.unwrap_or(0.0)));
            let pct = number(100.0 * information, 1, language);
            let range = interviews(p.after + 1, p.confirmed_by, language);
            match language {
                Language::Nl => format!(
                    "saturatie na interview {} ({}): {range} brachten {new_in_run} nieuwe code(s), {pct}% van de {b} codes in de basis van {} interviews",
                    p.after, c.documents[p.after - 1], s.gnc_base
                ),
                Language::En => format!(
                    "saturation after interview {} ({}): {range} added {new_in_run} new code(s), {pct}% of the {b} codes in the base of {} interviews",
                    p.after, c.documents[p.after - 1], s.gnc_base
                ),
            }
        }
        (_, None, Language::Nl) => format!("niet bereikt: {n} interviews, minder dan de basis van {}", s.gnc_base),
        (_, None, Language::En) => format!("not reached: {n} interviews, fewer than the base of {}", s.gnc_base),
        (None, Some(b), Language::Nl) => format!(
            "niet bereikt: geen run van {} interviews na de basis ({b} codes) met ≤ {threshold}% nieuwe codes",
            s.gnc_run
        ),
        (None, Some(b), Language::En) => format!(
            "not reached: no run of {} interviews after the base ({b} codes) with ≤ {threshold}% new codes",
            s.gnc_run
        ),
    };
    (parameters, statement)
}

/// Francis et al.: the parameters and the sentence.
fn francis_texts(c: &SaturationCriteria, language: Language) -> (String, String) {
    let s = c.settings;
    let n = c.documents.len();
    let parameters = match language {
        Language::Nl => format!("initiële steekproef {}, stopcriterium {}", s.francis_initial, s.francis_stop),
        Language::En => format!("initial sample {}, stopping criterion {}", s.francis_initial, s.francis_stop),
    };
    let statement = match (c.francis, language) {
        (Some(p), Language::Nl) => format!(
            "saturatie na interview {} ({}): {} brachten geen nieuwe codes",
            p.after,
            c.documents[p.after - 1],
            interviews(p.after + 1, p.confirmed_by, language)
        ),
        (Some(p), Language::En) => format!(
            "saturation after interview {} ({}): {} added no new codes",
            p.after,
            c.documents[p.after - 1],
            interviews(p.after + 1, p.confirmed_by, language)
        ),
        // A study smaller than the initial sample plus the stopping run cannot reach it: say
        // so, rather than speak of "the first 10 interviews" in a study of 4.
        (None, Language::Nl) if n < s.francis_initial + s.francis_stop => format!(
            "niet te beoordelen: het criterium vraagt minstens {} interviews ({} + {}), de studie heeft er {n}",
            s.francis_initial + s.francis_stop,
            s.francis_initial,
            s.francis_stop
        ),
        (None, Language::En) if n < s.francis_initial + s.francis_stop => format!(
            "cannot be judged: the criterion needs at least {} interviews ({} + {}), the study has {n}",
            s.francis_initial + s.francis_stop,
            s.francis_initial,
            s.francis_stop
        ),
        (None, Language::Nl) => format!(
            "niet bereikt: na de eerste {} interviews geen {} opeenvolgende interviews zonder nieuwe codes (van {n})",
            s.francis_initial, s.francis_stop
        ),
        (None, Language::En) => format!(
            "not reached: after the first {} interviews no {} consecutive interviews without new codes (of {n})",
            s.francis_initial, s.francis_stop
        ),
    };
    (parameters, statement)
}

/// Chao2: the estimate, its interval, the expected new codes and the sentence.
fn chao2_row(level: &str, c: &SaturationCriteria, language: Language) -> Vec<Cell> {
    let ch = c.chao2;
    let share = if ch.estimate > 0.0 { 100.0 * ch.observed as f64 / ch.estimate } else { 100.0 };
    let (estimate, low, high) =
        (number(ch.estimate, 1, language), number(ch.ci_low, 1, language), number(ch.ci_high, 1, language));
    let (share, next) = (number(share, 0, language), number(ch.expected_new, 2, language));
    let m = ch.interviews;
    let statement = match language {
        Language::Nl => format!(
            "{} codes gevonden in {m} interviews, geschat totaal {estimate} (95%-BI {low}–{high}): {share}% van de geschatte codes is gevonden ({} codes in één interview, {} in twee); verwacht aantal nieuwe codes in het volgende interview: {next}",
            ch.observed, ch.q1, ch.q2
        ),
        Language::En => format!(
            "{} codes found in {m} interviews, estimated total {estimate} (95% CI {low}–{high}): {share}% of the estimated codes were found ({} codes in one interview, {} in two); expected new codes in the next interview: {next}",
            ch.observed, ch.q1, ch.q2
        ),
    };
    vec![
        level.into(),
        "Chao2".into(),
        "S_obs + (m−1)/m · Q1(Q1−1)/(2(Q2+1))".into(),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        statement.into(),
        ch.observed.into(),
        ch.estimate.into(),
        ch.ci_low.into(),
        ch.ci_high.into(),
        ch.expected_new.into(),
    ]
}

/// `tables/saturation_gnc`: every Guest–Namey–Chen run, so that the point can be traced.
pub fn gnc_table(levels: &[(String, &SaturationCriteria)], language: Language) -> Table {
    let caption = match language {
        Language::Nl => "Runs volgens Guest, Namey & Chen (2020): per interview k de nieuwe codes in de laatste run van interviews, gedeeld door het aantal codes in de basis",
        Language::En => "Guest, Namey & Chen (2020) runs: for each interview k, the new codes in the run of interviews ending at k, divided by the number of codes in the base",
    };
    let mut table = Table::new(
        "saturation_gnc",
        caption,
        &[
            "level",
            "position",
            "document",
            "run",
            "new_in_run",
            "base_codes",
            "new_information",
            "at_or_below_threshold",
        ],
    );
    for (level, c) in levels {
        for r in &c.runs {
            let from = r.position + 1 - c.settings.gnc_run.max(1);
            table.push(vec![
                level.as_str().into(),
                r.position.into(),
                c.documents[r.position - 1].as_str().into(),
                interviews(from, r.position, language).into(),
                r.new_in_run.into(),
                c.base_codes.unwrap_or(0).into(),
                r.new_information.map(|x| Cell::Percent(100.0 * x)).unwrap_or(Cell::Empty),
                match r.new_information {
                    Some(x) if x <= c.settings.gnc_threshold + 1e-12 => "yes".into(),
                    Some(_) => "no".into(),
                    None => Cell::Empty,
                },
            ]);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bitset::BitSet;
    use crate::analysis::saturation_criteria::SaturationSettings;

    fn criteria(codes: &[&[usize]], settings: SaturationSettings) -> SaturationCriteria {
        let sets: Vec<BitSet> = codes
            .iter()
            .map(|cs| {
                let mut b = BitSet::new(40);
                cs.iter().for_each(|&c| b.insert(c));
                b
            })
            .collect();
        let names = (1..=codes.len()).map(|i| format!("D{i}")).collect();
        SaturationCriteria::compute(names, &sets, 40, settings)
    }

    #[test]
    fn statements_for_the_methods_chapter() {
        // Base of 4 interviews with 20 codes, then +2, +1, 0, +1, 0, 0 new codes: runs of 2
        // reach ≤ 5 % (1 of 20) at interview 7, so saturation after interview 5 (see the
        // analysis tests for the arithmetic).
        let base: Vec<usize> = (0..20).collect();
        let codes: [&[usize]; 10] =
            [&base[..5], &base[5..10], &base[10..15], &base[15..], &[20, 21], &[22, 1], &[2], &[23], &[], &[]];
        let settings = SaturationSettings { gnc_base: 4, gnc_run: 2, gnc_threshold: 0.05, ..Default::default() };
        let c = criteria(&codes, settings);
        let table = criteria_table(&[("codes".into(), &c)], Language::En);
        assert_eq!(table.get(0, "saturation_after").unwrap().render(), "5");
        assert_eq!(table.get(0, "document").unwrap().render(), "D5");
        assert_eq!(
            table.get(0, "statement").unwrap().render(),
            "saturation after interview 5 (D5): interviews 6–7 added 1 new code(s), 5.0% of the 20 codes in the base of 4 interviews"
        );
        // Francis 10 + 3 needs 13 interviews: not reached in 10, said in Dutch.
        let table = criteria_table(&[("codes".into(), &c)], Language::Nl);
        assert_eq!(table.get(1, "saturation_after").unwrap().render(), "niet bereikt");
        assert_eq!(table.get(0, "parameters").unwrap().render(), "basis 4, run 2, drempel ≤ 5,0%");
    }
}
