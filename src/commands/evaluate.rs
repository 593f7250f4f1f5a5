//! `analyse evaluate`: how well the rule coding agrees with a manual coding.
//!
//! The unit of comparison is the project's coding unit (by default a respondent's speaker
//! turn) in the documents the manual coding covers: a manual fragment marks every unit it
//! overlaps by at least one character. Per code — a code counting the units of itself and its
//! sub-codes, as in the frequency table — the units both, one or neither coded give precision,
//! recall, F1 and Cohen's kappa ([`crate::analysis::agreement`]); the macro average is the mean
//! over codes where a measure is defined. Every missed and every spurious unit is listed with
//! its text, so a researcher sees which rule to change.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::analysis::agreement::{macro_average, Confusion};
use crate::analysis::intercoder::{intercoder_tables, project_coders, IntercoderTables};
use crate::coding::manual::{read_manual_codings, ManualCoding};
use crate::corpus::Speaker;
use crate::error::{Error, Result};
use crate::run::output::OutputFile;
use crate::coding::Speakers;
use crate::project::Plan;
use crate::render::Language;
use crate::render::table_files;
use crate::run::{code_project, CodedProject};
use crate::table::{Cell, Table};

/// The evaluation tables, and the files they make.
pub struct Evaluation {
    pub agreement: Table,
    pub disagreements: Table,
    /// Every pair of coders (rule coding included): percent agreement and kappa per code.
    pub coder_pairs: Table,
    /// All coders together: Krippendorff's alpha per code.
    pub alpha: Table,
    /// Units compared (the N of every 2 × 2 table).
    pub units: usize,
    pub documents: usize,
    /// Language of the Markdown and LaTeX column headers.
    pub language: Language,
}

impl Evaluation {
    pub fn files(&self) -> Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        for table in [&self.agreement, &self.disagreements, &self.coder_pairs, &self.alpha] {
            for mut f in table_files(table, self.language)? {
                f.path = f.path.replacen("tables/", "evaluation/", 1);
                files.push(f);
            }
        }
        Ok(files)
    }
}

/// The gold files: each path as given, or every `.csv` in a folder, sorted.
pub fn gold_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| Error::Internal(format!("{}: {e}", path.display())))?;
            let mut csvs: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "csv"))
                .collect();
            csvs.sort();
            files.extend(csvs);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Codes the project and compares it with the manual codings in `gold`.
pub fn evaluate(plan: &Plan, gold: &[PathBuf]) -> Result<Evaluation> {
    let project = code_project(plan)?;
    let manual = read_gold(plan, &project, gold)?;
    Ok(compare(&project, &manual, plan.settings.coding.speakers, plan.settings.rendering.language))
}

/// Reads every manual coding file named by `gold` (files or folders).
pub fn read_gold(plan: &Plan, project: &CodedProject, gold: &[PathBuf]) -> Result<Vec<ManualCoding>> {
    let mut manual = Vec::new();
    for path in gold_files(gold)? {
        let shown = plan_relative(plan, &path);
        let mut codings = read_manual_codings(&path, &project.corpus, &project.codebook).map_err(|mut e| {
            e.path = PathBuf::from(&shown);
            Error::Gold(e)
        })?;
        manual.append(&mut codings);
    }
    Ok(manual)
}

fn plan_relative(plan: &Plan, path: &Path) -> String {
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let root = std::fs::canonicalize(&plan.root).unwrap_or(plan.root.clone());
    let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
    absolute.strip_prefix(&root).map(|p| p.display().to_string()).unwrap_or_else(|_| path.display().to_string())
}

/// A unit: (document index, segment index).
type Unit = (usize, usize);

/// Compares rule codings with manual codings, unit by unit.
pub fn compare(project: &CodedProject, manual: &[ManualCoding], speakers: Speakers, language: Language) -> Evaluation {
    let CodedProject { corpus, codebook, codings } = project;
    let documents: BTreeSet<usize> = manual.iter().map(|m| m.document).collect();
    let eligible = |d: usize, s: usize| {
        speakers == Speakers::All || corpus.documents[d].segments[s].speaker != Speaker::Interviewer
    };
    let universe: Vec<Unit> = documents
        .iter()
        .flat_map(|&d| (0..corpus.documents[d].segments.len()).map(move |s| (d, s)))
        .filter(|&(d, s)| eligible(d, s))
        .collect();
    let n_codes = codebook.codes.len();
    // Units per code as coded: gold (with the fragment's origin) and rule.
    let mut gold: Vec<BTreeSet<Unit>> = vec![BTreeSet::new(); n_codes];
    let mut gold_origin: Vec<Vec<(Unit, String)>> = vec![Vec::new(); n_codes];
    for m in manual {
        for (s, segment) in corpus.documents[m.document].segments.iter().enumerate() {
            if segment.start < m.end && m.start < segment.end && eligible(m.document, s) {
                gold[m.code].insert((m.document, s));
                gold_origin[m.code].push(((m.document, s), m.origin.clone()));
            }
        }
    }
    let mut rule: Vec<BTreeSet<Unit>> = vec![BTreeSet::new(); n_codes];
    // Only rule codings are judged; manual codings merged from `[sources] coded` are not.
    for c in codings
        .iter()
        .filter(|c| documents.contains(&c.document) && matches!(c.source, crate::coding::Source::Rule { .. }))
    {
        rule[c.code].insert((c.document, c.segment));
    }
    let with_descendants = |sets: &[BTreeSet<Unit>], code: usize| -> BTreeSet<Unit> {
        codebook.self_and_descendants(code).into_iter().flat_map(|c| sets[c].iter().copied()).collect()
    };

    let (agreement_caption, disagreement_caption, macro_label) = match language {
        Language::Nl => (
            format!(
                "Overeenstemming tussen regelcodering en handmatige codering per code, per codeereenheid ({} eenheden in {} documenten); een code telt de eenheden van zichzelf en haar subcodes; kappa is Cohens kappa",
                universe.len(),
                documents.len()
            ),
            "Verschillen tussen regelcodering en handmatige codering: gemist (alleen handmatig gecodeerd) en onterecht (alleen door een regel gecodeerd)",
            "Gemiddelde over codes",
        ),
        Language::En => (
            format!(
                "Agreement between rule coding and manual coding per code, per coding unit ({} units in {} documents); a code counts the units of itself and its sub-codes; kappa is Cohen's kappa",
                universe.len(),
                documents.len()
            ),
            "Differences between rule coding and manual coding: missed (coded by hand only) and spurious (coded by a rule only)",
            "Macro average over codes",
        ),
    };
    let mut agreement = Table::new(
        "agreement",
        agreement_caption,
        &[
            "code",
            "label",
            "manual_units",
            "rule_units",
            "both",
            "missed",
            "spurious",
            "precision",
            "recall",
            "f1",
            "kappa",
        ],
    );
    let mut disagreements = Table::new(
        "disagreements",
        disagreement_caption,
        &["code", "kind", "document", "segment", "start", "end", "evidence", "text"],
    );
    let mut per_code = Vec::new();
    for code in codebook.tree_order() {
        let g = with_descendants(&gold, code);
        let r = with_descendants(&rule, code);
        let tp = g.intersection(&r).count();
        let confusion = Confusion { tp, fp: r.len() - tp, fn_: g.len() - tp, tn: universe.len() - g.union(&r).count() };
        let opt = |x: Option<f64>| x.map(Cell::Float).unwrap_or(Cell::Empty);
        let info = &codebook.codes[code];
        agreement.push(vec![
            info.id.as_str().into(),
            info.label.as_str().into(),
            g.len().into(),
            r.len().into(),
            tp.into(),
            confusion.fn_.into(),
            confusion.fp.into(),
            opt(confusion.precision()),
            opt(confusion.recall()),
            opt(confusion.f1()),
            opt(confusion.kappa()),
        ]);
        per_code.push(confusion);
        // Disagreements are listed for the code as coded (not for parents), once per unit.
        let (own_gold, own_rule) = (&gold[code], &rule[code]);
        for &(d, s) in own_gold.difference(own_rule) {
            let origin: Vec<&str> =
                gold_origin[code].iter().filter(|(u, _)| *u == (d, s)).map(|(_, o)| o.as_str()).collect();
            disagreements.push(disagreement_row(
                project,
                code,
                "missed",
                (d, s),
                format!("manual: {}", origin.join(", ")),
            ));
        }
        for &(d, s) in own_rule.difference(own_gold) {
            let evidence = codings
                .iter()
                .find(|c| c.document == d && c.segment == s && c.code == code && c.source.kind() == "rule")
                .map(|c| c.evidence(codebook))
                .unwrap_or_default();
            disagreements.push(disagreement_row(project, code, "spurious", (d, s), evidence));
        }
    }
    let macro_row = |f: fn(&Confusion) -> Option<f64>| {
        macro_average(per_code.iter().map(f)).map(Cell::Float).unwrap_or(Cell::Empty)
    };
    agreement.push(vec![
        "(macro)".into(),
        macro_label.into(),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        macro_row(Confusion::precision),
        macro_row(Confusion::recall),
        macro_row(Confusion::f1),
        macro_row(Confusion::kappa),
    ]);
    let coders = project_coders(corpus, codebook, codings, manual, speakers);
    let IntercoderTables { pairs: coder_pairs, alpha } =
        intercoder_tables(corpus, codebook, &coders, speakers, language);
    Evaluation {
        agreement,
        disagreements,
        coder_pairs,
        alpha,
        units: universe.len(),
        documents: documents.len(),
        language,
    }
}

fn disagreement_row(project: &CodedProject, code: usize, kind: &str, (d, s): Unit, evidence: String) -> Vec<Cell> {
    let doc = &project.corpus.documents[d];
    let segment = &doc.segments[s];
    vec![
        project.codebook.codes[code].id.as_str().into(),
        kind.into(),
        doc.id.as_str().into(),
        segment.ordinal.into(),
        segment.start.into(),
        segment.end.into(),
        evidence.into(),
        doc.segment_text(segment).into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::{parse_codebook, Codebook, CompiledCodebook};
    use crate::coding::code_corpus;
    use crate::corpus::{parse_document, Corpus, CorpusOptions};

    #[test]
    fn units_counted_by_hand() {
        // Respondent turns (units): t1 "regie en plan", t2 "geen van beide", t3 "alleen regie".
        // Rules: regie → t1, t3; plan → t1.
        // Manual: regie on t1 only; plan on t1 and t2 (one fragment spanning both turns).
        // regie: both 1 (t1), spurious 1 (t3), missed 0, neither 1 (t2) of 3 units.
        //   precision 1/2, recall 1/1, kappa: po = 2/3, pe = (2·1 + 1·2)/9 = 4/9 → (2/3 − 4/9)/(5/9) = 0.4
        // plan: both 1 (t1), missed 1 (t2), spurious 0, neither 1 (t3): precision 1, recall 1/2.
        let options = CorpusOptions::default();
        let text = "I: Vraag\nR: regie en plan\nI: En?\nR: geen van beide\nI: Nog?\nR: alleen regie\n";
        let doc = parse_document("D1".into(), "D1.txt", text.into(), None, &options).unwrap();
        let yaml = "codebook:\n  id: c\ncodes:\n  - id: regie\n    rules:\n      - terms: [regie]\n  - id: plan\n    rules:\n      - terms: [plan]\n";
        let (info, codes) = parse_codebook(Path::new("c.yaml"), "c.yaml", yaml).unwrap();
        let codebook = Codebook::new(vec![info], codes);
        let corpus = Corpus { documents: vec![doc], respondents: Default::default() };
        let matcher = CompiledCodebook::compile(&codebook, crate::codebook::Diacritics::Ignore).unwrap();
        let codings = code_corpus(&corpus, &matcher, &crate::coding::CodingOptions::new(Speakers::Respondent));
        let project = CodedProject { corpus, codebook, codings };
        let char_of = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let manual = vec![
            ManualCoding {
                document: 0,
                start: char_of("regie en"),
                end: char_of("regie en") + 5,
                code: 0,
                coder: "s".into(),
                origin: "g:2".into(),
            },
            ManualCoding {
                document: 0,
                start: char_of("plan"),
                end: char_of("geen") + 4,
                code: 1,
                coder: "s".into(),
                origin: "g:3".into(),
            },
        ];
        let eval = compare(&project, &manual, Speakers::Respondent, Language::En);
        assert_eq!(eval.units, 3);
        let row = |code: &str| {
            let r = eval.agreement.find_row("code", code).unwrap();
            ["manual_units", "rule_units", "both", "missed", "spurious", "precision", "recall", "kappa"]
                .map(|c| eval.agreement.get(r, c).unwrap().render())
        };
        assert_eq!(row("regie"), ["1", "2", "1", "0", "1", "0.5000", "1.0000", "0.4000"]);
        assert_eq!(row("plan")[..7], ["2", "1", "1", "1", "0", "1.0000", "0.5000"]);
        // One spurious regie (t3) and one missed plan (t2) are listed with their text.
        let kinds: Vec<(String, String, String)> =
            eval.disagreements.rows.iter().map(|r| (r[0].render(), r[1].render(), r[7].render())).collect();
        assert_eq!(
            kinds,
            vec![
                ("regie".into(), "spurious".into(), "alleen regie".into()),
                ("plan".into(), "missed".into(), "geen van beide".into()),
            ]
        );
        // Macro precision: (0.5 + 1) / 2 = 0.75
        let macro_row = eval.agreement.find_row("code", "(macro)").unwrap();
        assert_eq!(eval.agreement.get(macro_row, "precision").unwrap().render(), "0.7500");
    }
}
