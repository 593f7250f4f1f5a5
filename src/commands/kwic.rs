//! `analyse kwic`: a term, or a code's rules, in context in the project's transcripts, with
//! the codes rules already gave each unit — for a researcher writing or checking rules. Prints
//! aligned lines and, with `--out FILE.csv`, writes them as a table (never over an existing
//! file, an input, or into the run's output folder).

use std::path::Path;

use crate::codebook::CompiledCodebook;
use crate::coding::kwic::{occurrences, Patterns};
use crate::error::{Error, Result};
use crate::project::Plan;
use crate::render::{kwic, OutputFile};
use crate::run::{code_project, CodedProject};

/// What `analyse kwic` searches and shows.
pub struct KwicRequest<'a> {
    pub term: Option<&'a str>,
    pub rule: Option<&'a str>,
    pub out: Option<&'a Path>,
    /// Characters of context on each side.
    pub width: usize,
}

pub fn run(project: &Path, request: &KwicRequest) -> Result<()> {
    if request.width == 0 {
        return Err(Error::Usage(
            "--width 0 shows no context; give the characters to show on each side, such as --width 40".into(),
        ));
    }
    let plan = Plan::load(project, None)?;
    if let Some(out) = request.out {
        check_out(&plan, out)?;
    }
    let CodedProject { corpus, codebook, codings } = code_project(&plan)?;
    let diacritics = plan.settings.coding.diacritics;
    let patterns = match (request.term, request.rule) {
        (Some(term), None) => Patterns::term(term, diacritics)
            .map_err(|problem| Error::Usage(format!("the term \"{term}\" cannot be searched: {problem}")))?,
        (None, Some(id)) => {
            let Some(code) = codebook.codes.iter().position(|c| c.id == id) else {
                let ids: Vec<&str> = codebook.codes.iter().map(|c| c.id.as_str()).collect();
                return Err(Error::Usage(format!(
                    "--rule {id}: no code has that id in the project's codebooks; the ids are: {}",
                    ids.join(", ")
                )));
            };
            let compiled = CompiledCodebook::compile(&codebook, diacritics)?;
            let patterns = Patterns::rules(&codebook, &compiled, code, diacritics);
            if patterns.is_empty() {
                return Err(Error::Usage(format!(
                    "--rule {id}: the code has no rule with words to search (a `similar` rule compares whole units); search a TERM instead"
                )));
            }
            patterns
        }
        (Some(_), Some(_)) => {
            return Err(Error::Usage("give a TERM or --rule CODE, not both (run kwic twice to see both)".into()))
        }
        (None, None) => {
            return Err(Error::Usage("give a TERM to search, such as analyse kwic 'regie*', or --rule CODE".into()))
        }
    };
    let found = occurrences(&corpus, &codings, &patterns);
    let mut table = kwic::table(&found, &corpus, &codebook);
    // The contexts quote the transcripts: pseudonymised like every output, checked after.
    let pseudonyms = crate::run::stages::pseudonyms_from_disk(&plan)?;
    pseudonyms.apply_table(&mut table);
    kwic::narrow(&mut table, request.width);
    let lines = kwic::to_terminal(&table, request.width);
    let csv = crate::render::to_csv(&table)?;
    pseudonyms.check(&[OutputFile::new("kwic.txt", lines.as_bytes()), OutputFile::new("kwic.csv", csv.clone())])?;
    if let Some(out) = request.out {
        crate::run::output::write_atomically(out, &csv)?;
    }
    super::print(lines)?;
    let what = request
        .term
        .map_or_else(|| format!("the rules of {}", request.rule.unwrap_or_default()), |t| format!("\"{t}\""));
    let coded = found.iter().filter(|o| !o.coded_by.is_empty()).count();
    eprintln!(
        "{} occurrence(s) of {what} in {} document(s); {coded} in units a rule already codes{}",
        found.len(),
        found.iter().map(|o| o.document).collect::<std::collections::BTreeSet<_>>().len(),
        request.out.map(|p| format!("; written to {}", p.display())).unwrap_or_default()
    );
    Ok(())
}

/// `--out` must be a new `.csv` file outside the run's output folder that is none of the
/// project's inputs.
fn check_out(plan: &Plan, out: &Path) -> Result<()> {
    if out.extension().and_then(|e| e.to_str()) != Some("csv") {
        return Err(Error::Usage(format!("--out {}: kwic writes CSV; name a file ending in .csv", out.display())));
    }
    let absolute = crate::run::guard::absolute(out);
    if absolute.starts_with(crate::run::guard::absolute(&plan.out_dir)) {
        return Err(Error::Usage(format!(
            "--out {}: that is inside the run's output folder {}, which only analyse run writes; name a file elsewhere",
            out.display(),
            plan.out_dir.display()
        )));
    }
    crate::run::guard::check_single_target(out, &crate::run::guard::project_inputs(plan), false)?;
    Ok(())
}
