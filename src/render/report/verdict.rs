//! The saturation verdict of the report: one sentence saying whether, and after which
//! interview, the chosen criterion finds saturation.

use crate::analysis::saturation::Saturation;
use crate::render::labels::Label;
use crate::render::Language;

/// The verdict for a saturation point `point` (1-based, as found by the Francis-style rule
/// with `initial` and `run`; `None`: not reached).
pub fn saturation_verdict(
    sat: &Saturation,
    point: Option<usize>,
    initial: usize,
    run: usize,
    language: Language,
) -> String {
    let n = sat.documents.len();
    let left_out = left_out_note(sat, language);
    if n == 0 {
        return format!("{}{left_out}", Label::VerdictEmpty.text(language));
    }
    let total = sat.cumulative.last().copied().unwrap_or(0);
    let criterion = Label::VerdictCriterion
        .text(language)
        .replace("{initial}", &initial.to_string())
        .replace("{run}", &run.to_string());
    let rest = match point {
        Some(p) => Label::VerdictReached
            .text(language)
            .replace("{point}", &p.to_string())
            .replace("{document}", &sat.documents[p - 1])
            .replace("{run}", &run.to_string()),
        None => {
            let last = sat.new_codes.iter().rposition(|&c| c > 0).map_or(0, |i| i + 1);
            Label::VerdictNotReached.text(language).replace("{last}", &last.to_string())
        }
    };
    let rest = rest.replace("{n}", &n.to_string()).replace("{total}", &total.to_string());
    format!("{criterion}: {rest}{left_out}")
}

/// " Interviews only; 2 document(s) without speakers (a, b) are not counted." or nothing.
pub fn left_out_note(sat: &Saturation, language: Language) -> String {
    if sat.left_out.is_empty() {
        return String::new();
    }
    let note = match language {
        Language::Nl => "Alleen interviews tellen mee; {n} document(en) zonder sprekers ({documents}) niet.",
        Language::En => "Interviews only; {n} document(s) without speakers ({documents}) are not counted.",
    };
    let note = note.replace("{n}", &sat.left_out.len().to_string()).replace("{documents}", &sat.left_out.join(", "));
    format!(" {note}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sat(new: &[usize]) -> Saturation {
        let cumulative = new
            .iter()
            .scan(0, |t, &c| {
                *t += c;
                Some(*t)
            })
            .collect();
        Saturation {
            documents: (1..=new.len()).map(|i| format!("D{i}")).collect(),
            new_codes: new.to_vec(),
            cumulative,
            perm_mean: vec![],
            perm_lo: vec![],
            perm_hi: vec![],
            permutations: 0,
            left_out: vec![],
        }
    }

    #[test]
    fn reached_and_not_reached() {
        let s = sat(&[4, 2, 0, 0, 0]);
        let nl = saturation_verdict(&s, Some(2), 1, 3, Language::Nl);
        assert!(nl.starts_with("Saturatie volgens het 1+3-criterium"), "{nl}");
        assert!(
            nl.contains("bereikt na interview 2 van 5 (D2)") && nl.contains("In totaal 6 verschillende codes"),
            "{nl}"
        );
        let en = saturation_verdict(&sat(&[4, 2, 0, 1]), None, 1, 3, Language::En);
        let mut with_documents = sat(&[4, 2, 0, 1]);
        with_documents.left_out = vec!["beleid".into(), "memo".into()];
        let said = saturation_verdict(&with_documents, None, 1, 3, Language::En);
        assert!(
            said.ends_with(" Interviews only; 2 document(s) without speakers (beleid, memo) are not counted."),
            "{said}"
        );
        assert!(en.contains("not reached within 4 interviews") && en.contains("was number 4"), "{en}");
        assert!(saturation_verdict(&sat(&[]), None, 10, 3, Language::En).starts_with("No interviews"));
    }
}
