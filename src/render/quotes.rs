//! The quote book: per code the k most telling fragments, spread over respondents, attributed
//! with the `[output] quote_attribution` template of `analyse.toml`, as Markdown and LaTeX.
//!
//! "Most telling" is a fixed ranking, so the same study always gives the same quotes:
//! 1. fragments of 15 to 80 words first (long enough to say something, short enough to print);
//!    outside that window, the closer to it the better;
//! 2. then fragments carrying as few other codes as possible (a fragment about one thing shows
//!    that thing best);
//! 3. then document order (natural: D2 before D10) and segment order.
//!
//! Respondents are spread: among the fragments inside the window, the best fragment of each
//! respondent not yet quoted for the code comes first, in ranking order; then further
//! fragments inside the window; only then fragments outside it, again new respondents first. Only respondents' segments are quoted, never the interviewer's; a passage of a document without
//! speakers is quoted as its document's, attributed `(<document id>)`.
//! Fragments longer than 80 words are cut there with "[…]". Texts pass through the pseudonym
//! mapping before they are written.

use std::collections::BTreeSet;

use super::labels::Label;
use super::latex::escape;
use crate::analysis::Study;
use crate::corpus::Respondents;
use crate::render::pseudonymise::Pseudonyms;
use crate::render::Language;

/// Length window of a quotable fragment, in words.
pub const WORDS: (usize, usize) = (15, 80);

/// One chosen fragment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Quote {
    pub document: String,
    /// Segment ordinal in its document (from 1).
    pub segment: usize,
    pub respondent: String,
    pub text: String,
    pub attribution: String,
}

/// The quotes of one code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CodeQuotes {
    pub code: String,
    pub label: String,
    pub quotes: Vec<Quote>,
}

/// The quote attribution template, checked against the respondent attributes.
///
/// Two forms. The plain form, `({id}- {role} {level} niveau, {domain})`, fills in `{id}` and
/// respondent columns; an attribute that is empty or "not applicable" (`n.v.t.`, `nvt`, `n/a`,
/// `-`; see [`not_applicable`]) drops out *with the words after it* up to the next comma,
/// semicolon, bracket or placeholder, so an expert with level and domain `n.v.t.` is
/// attributed `(D5- expert)` and a professional `(D7- professional operationeel niveau,
/// zorgdomein)`. A template with `{% … %}` is a minijinja template, for conditions or one
/// wording per group: `{% if role == "expert" %}({{ id }}, expert){% else %}({{ id }}- {{ role
/// }}){% endif %}`; its variables are `id` and the respondent columns, a not-applicable value
/// is the empty string (false in an `if`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    parts: Vec<Part>,
    /// The source of a minijinja template (the `{% %}` form), checked at parse time.
    jinja: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Placeholder(String),
}

/// Whether an attribute value means "no value" in an attribution: empty, or a Dutch or
/// English "not applicable" (`n.v.t.`, `nvt`, `n/a`, `na`, `-`, `–`), in any case.
pub fn not_applicable(value: &str) -> bool {
    let folded: String = value.trim().to_lowercase().chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    matches!(folded.as_str(), "" | "nvt" | "n/a" | "na" | "-" | "–")
}

impl Attribution {
    /// Parses `template`; `{id}` and any column of the respondents file may be used, `{{` and
    /// `}}` stand for braces. A mistake is a message for the user, which the caller places
    /// (it knows the project file).
    pub fn parse(template: &str, respondents: &Respondents) -> Result<Self, String> {
        if template.contains("{%") {
            return Self::parse_jinja(template, respondents);
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let name = placeholder_name(&mut chars)?;
                    check_known(&name, respondents, "the placeholder {", "}")?;
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Placeholder(name));
                }
                '}' => return Err("a '}' without '{'; write }} for a literal brace".into()),
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Self { parts, jinja: None })
    }

    fn parse_jinja(template: &str, respondents: &Respondents) -> Result<Self, String> {
        let mut env = minijinja::Environment::new();
        env.add_template("attribution", template).map_err(|e| format!("is not a valid template: {e}"))?;
        let compiled = env.get_template("attribution").map_err(|e| e.to_string())?;
        let mut names: Vec<String> = compiled.undeclared_variables(false).into_iter().collect();
        names.sort();
        for name in &names {
            check_known(name, respondents, "the variable ", "")?;
        }
        Ok(Self { parts: Vec::new(), jinja: Some(template.to_string()) })
    }

    /// The attribution of a respondent. Attributes the respondent lacks or that are not
    /// applicable are left out with their words, and the spaces and commas around them
    /// tidied, so "(C1- , )" does not appear.
    pub fn render(&self, respondent: &str, respondents: &Respondents) -> String {
        let row = respondents.by_id.get(respondent);
        let value = |name: &str| -> &str {
            let v = if name == "id" { respondent } else { row.and_then(|r| r.attribute(name)).unwrap_or("") };
            if not_applicable(v) {
                ""
            } else {
                v
            }
        };
        if let Some(source) = &self.jinja {
            let mut context = std::collections::BTreeMap::new();
            context.insert("id".to_string(), value("id").to_string());
            for column in &respondents.columns {
                context.insert(column.clone(), value(column).to_string());
            }
            let env = minijinja::Environment::new();
            // Checked in `parse`; a failure here is a bug, shown as the bare id rather than lost.
            return env.render_str(source, context).map(|s| tidy(&s)).unwrap_or_else(|_| format!("({respondent})"));
        }
        let mut out = String::new();
        let mut dropping = false;
        for part in &self.parts {
            match part {
                Part::Text(t) if dropping => {
                    let cut = t.find([',', ';', '(', ')', '[', ']']).unwrap_or(t.len());
                    out.push_str(&t[cut..]);
                    dropping = false;
                }
                Part::Text(t) => out.push_str(t),
                Part::Placeholder(name) => match value(name) {
                    "" => dropping = true,
                    v => out.push_str(v),
                },
            }
        }
        tidy(&out)
    }
}

/// The name inside `{…}`, read up to the closing brace, trimmed.
fn placeholder_name(chars: &mut impl Iterator<Item = char>) -> Result<String, String> {
    let mut name = String::new();
    for c in chars.by_ref() {
        if c == '}' {
            return Ok(name.trim().to_string());
        }
        name.push(c);
    }
    Err("a '{' is not closed; write {{ for a literal brace".into())
}

/// A placeholder or variable must be `id` or a respondent column.
fn check_known(name: &str, respondents: &Respondents, before: &str, after: &str) -> Result<(), String> {
    if name == "id" || respondents.columns.iter().any(|c| c == name) {
        return Ok(());
    }
    let mut known = vec!["id".to_string()];
    known.extend(respondents.columns.iter().cloned());
    Err(format!(
        "{before}{name}{after} is not a respondent attribute (known: {}); use one of those or add the column to the respondents file",
        known.join(", ")
    ))
}

/// Collapses whitespace and removes the separators that missing values leave behind.
fn tidy(text: &str) -> String {
    let mut s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = s.clone();
        for (from, to) in [(" ,", ","), (",,", ","), ("( ", "("), (" )", ")"), (",)", ")"), ("(,", "(")] {
            s = s.replace(from, to);
        }
        if s == before {
            return s;
        }
    }
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The words of segment `s` of document `d`.
fn segment_words(study: &Study, d: usize, s: usize) -> usize {
    let doc = &study.corpus.documents[d];
    words(doc.segment_text(&doc.segments[s]))
}

/// Distance of a word count from the quotable window (0 inside it).
fn window_distance(n: usize) -> usize {
    if n < WORDS.0 {
        WORDS.0 - n
    } else {
        n.saturating_sub(WORDS.1)
    }
}

/// Per coded segment, sorted by (document, segment): how many other codes it carries and how
/// many words it has.
type SegmentFacts = Vec<((usize, usize), (usize, usize))>;

/// The [`SegmentFacts`] of every coded segment.
///
/// The words are counted once per segment, on all cores: counted per code instead, a segment
/// with several codes was counted once for each (2 s of CPU at 100 MB with both shipped
/// codebooks, issue 15), and one after the other it was a serial 8 % of that run. The codes on
/// a segment are counted in one sorted list of the segments of every code, not in a set per
/// segment: those sets took 40 MB for the half million codings of a 100 MB study, the render
/// stage's peak (issue 15).
fn segment_facts(study: &Study) -> SegmentFacts {
    use rayon::prelude::*;
    // Each code lists a segment once, so a segment occurs once per code it carries.
    let mut coded: Vec<(usize, usize)> = study.segments_of_code.iter().flatten().copied().collect();
    coded.sort_unstable();
    let mut codes_on: Vec<((usize, usize), usize)> = Vec::new();
    for key in coded {
        match codes_on.last_mut() {
            Some((last, codes)) if *last == key => *codes += 1,
            _ => codes_on.push((key, 1)),
        }
    }
    codes_on.par_iter().map(|&((d, s), codes)| ((d, s), (codes - 1, segment_words(study, d, s)))).collect()
}

/// A fragment that may be quoted for a code, with what ranks it.
struct Candidate<'a> {
    /// Words outside the quotable window (0 inside it).
    distance: usize,
    /// Other codes on the same segment: fragments that carry few are clearer examples.
    other_codes: usize,
    document: usize,
    segment: usize,
    words: usize,
    respondent: &'a str,
}

/// The fragments coded `code` that can be attributed, best first.
fn ranked_candidates<'a>(study: &'a Study, code: usize, facts: &SegmentFacts) -> Vec<Candidate<'a>> {
    let mut candidates: Vec<Candidate> = study.segments_of_code[code]
        .iter()
        .filter_map(|&(d, s)| {
            let doc = &study.corpus.documents[d];
            // A document's passages are quoted too, attributed to the document itself.
            let respondent = match doc.segments[s].speaker {
                crate::corpus::Speaker::Document => doc.id.as_str(),
                _ => study.respondent_of(d, s)?,
            };
            let (other_codes, words) = match facts.binary_search_by_key(&(d, s), |&(key, _)| key) {
                Ok(i) => facts[i].1,
                Err(_) => (0, segment_words(study, d, s)),
            };
            Some(Candidate {
                distance: window_distance(words),
                other_codes,
                document: d,
                segment: s,
                words,
                respondent,
            })
        })
        .collect();
    // Documents are in natural order in the corpus, so (d, s) is document then segment order.
    candidates.sort_by_key(|c| (c.distance, c.other_codes, c.document, c.segment));
    candidates
}

/// Up to `k` of the ranked candidates: fragments inside the length window first, then the
/// others; within each, one per respondent first, then the rest in ranking order.
fn choose(candidates: &[Candidate], k: usize) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut quoted: BTreeSet<&str> = BTreeSet::new();
    for inside in [true, false] {
        let tier: Vec<usize> = (0..candidates.len()).filter(|&i| (candidates[i].distance == 0) == inside).collect();
        for &i in &tier {
            if chosen.len() < k && !quoted.contains(candidates[i].respondent) {
                quoted.insert(candidates[i].respondent);
                chosen.push(i);
            }
        }
        for &i in &tier {
            if chosen.len() < k && !chosen.contains(&i) {
                chosen.push(i);
            }
        }
    }
    chosen
}

/// The quote of a candidate: its first words, attributed and pseudonymised.
fn to_quote(study: &Study, candidate: &Candidate, attribution: &Attribution, pseudonyms: &Pseudonyms) -> Quote {
    let doc = &study.corpus.documents[candidate.document];
    let segment = &doc.segments[candidate.segment];
    let attributed = match segment.speaker {
        crate::corpus::Speaker::Document => format!("({})", candidate.respondent),
        _ => attribution.render(candidate.respondent, &study.corpus.respondents),
    };
    let mut text: String = doc.segment_text(segment).split_whitespace().take(WORDS.1).collect::<Vec<_>>().join(" ");
    if candidate.words > WORDS.1 {
        text.push_str(" […]");
    }
    Quote {
        document: doc.id.clone(),
        segment: segment.ordinal,
        respondent: candidate.respondent.to_string(),
        text: pseudonyms.apply(&text),
        attribution: pseudonyms.apply(&attributed),
    }
}

/// Chooses up to `k` quotes per code (codes with direct codings, in tree order).
pub fn select_quotes(study: &Study, k: usize, attribution: &Attribution, pseudonyms: &Pseudonyms) -> Vec<CodeQuotes> {
    let facts = segment_facts(study);
    let mut out = Vec::new();
    for code in study.codebook.tree_order() {
        let candidates = ranked_candidates(study, code, &facts);
        if candidates.is_empty() {
            continue;
        }
        // Printed in ranking order, as chosen.
        let quotes = choose(&candidates, k)
            .into_iter()
            .map(|i| to_quote(study, &candidates[i], attribution, pseudonyms))
            .collect();
        let c = &study.codebook.codes[code];
        out.push(CodeQuotes { code: c.id.clone(), label: pseudonyms.apply(&c.label), quotes });
    }
    out
}

/// `quotes/quotes.md`: a section per code, each quote as a block quote with its attribution;
/// an HTML comment gives document and segment so a reader of the source can find it back.
pub fn to_markdown(book: &[CodeQuotes], language: Language) -> String {
    let mut out = format!("# {}\n\n{}\n", Label::QuotesTitle.text(language), Label::QuotesIntro.text(language));
    for section in book {
        out.push_str(&format!("\n## {} (`{}`)\n\n", section.label, section.code));
        if section.quotes.is_empty() {
            out.push_str(&format!("{}\n", Label::QuotesNone.text(language)));
        }
        for q in &section.quotes {
            out.push_str(&format!(
                "> “{}” {}\n<!-- {}, segment {} -->\n\n",
                q.text.replace('\n', " "),
                q.attribution,
                comment_safe(&q.document).replace("--", "- -"),
                q.segment
            ));
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// A document id as it may stand in a comment: a line break (or any control character) would
/// end the comment and let the rest run as LaTeX or HTML, so each becomes a space. (Ingest
/// refuses such file names; this keeps the renderer safe on its own.)
fn comment_safe(id: &str) -> String {
    id.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `quotes/quotes.tex`: a `\section*` with a `quote` environment per fragment, for `\input`.
pub fn to_latex(book: &[CodeQuotes], language: Language) -> String {
    let mut out = format!(
        "\\section*{{{}}}\n{}\n",
        escape(Label::QuotesTitle.text(language)),
        escape(Label::QuotesIntro.text(language))
    );
    for section in book {
        out.push_str(&format!("\n\\subsection*{{{}}}\n", escape(&section.label)));
        for q in &section.quotes {
            out.push_str(&format!(
                "\\begin{{quote}}\n``{}'' {}\n\\end{{quote}}\n% {}, segment {}\n",
                escape(&q.text),
                escape(&q.attribution),
                comment_safe(&q.document),
                q.segment
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;
    use crate::corpus::{Corpus, Respondent};

    fn respondents(rows: &[(&str, &[(&str, &str)])]) -> Respondents {
        let mut r = Respondents { columns: vec!["role".into(), "domain".into()], ..Default::default() };
        for (id, attrs) in rows {
            r.by_id.insert(
                id.to_string(),
                Respondent {
                    id: id.to_string(),
                    attributes: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                },
            );
        }
        r
    }

    #[test]
    fn attribution_template() {
        let r = respondents(&[("D7", &[("role", "professional"), ("domain", "zorgdomein")]), ("C1", &[])]);
        let a = Attribution::parse("({id}- {role}, {domain})", &r).unwrap();
        assert_eq!(a.render("D7", &r), "(D7- professional, zorgdomein)");
        // C1 has no role or domain: no stray commas.
        assert_eq!(a.render("C1", &r), "(C1-)");
        let braces = Attribution::parse("{{{id}}}", &r).unwrap();
        assert_eq!(braces.render("D7", &r), "{D7}");
    }

    #[test]
    fn not_applicable_attributes_drop_out_with_their_words() {
        let mut r = respondents(&[
            ("D5", &[("role", "expert"), ("level", "n.v.t."), ("domain", "N.v.t.")]),
            ("D7", &[("role", "professional"), ("level", "operationeel"), ("domain", "zorgdomein")]),
            ("D8", &[("role", "professional"), ("level", ""), ("domain", "buiten zorgdomein")]),
        ]);
        r.columns.push("level".into());
        let a = Attribution::parse("({id}- {role} {level} niveau, {domain})", &r).unwrap();
        assert_eq!(a.render("D5", &r), "(D5- expert)");
        assert_eq!(a.render("D7", &r), "(D7- professional operationeel niveau, zorgdomein)");
        assert_eq!(a.render("D8", &r), "(D8- professional, buiten zorgdomein)");
        assert!(not_applicable(" nvt ") && not_applicable("n/a") && !not_applicable("nvtx"));
    }

    #[test]
    fn a_template_with_conditions() {
        let r =
            respondents(&[("D5", &[("role", "expert")]), ("D7", &[("role", "professional"), ("domain", "n.v.t.")])]);
        let a = Attribution::parse(
            r#"{% if role == "expert" %}(Expert){% else %}({{ id }}- {{ role }}, {{ domain }}){% endif %}"#,
            &r,
        )
        .unwrap();
        assert_eq!(a.render("D5", &r), "(Expert)");
        assert_eq!(a.render("D7", &r), "(D7- professional)");
        let err = Attribution::parse("{% if rol %}x{% endif %}", &r).unwrap_err();
        assert!(err.contains("the variable rol is not a respondent attribute"), "{err}");
        let err = Attribution::parse("{% if role %}x", &r).unwrap_err();
        assert!(err.contains("is not a valid template"), "{err}");
    }

    #[test]
    fn unknown_placeholder_names_the_key() {
        let r = respondents(&[]);
        let err = Attribution::parse("({id}, {rol})", &r).unwrap_err().to_string();
        assert!(err.contains("{rol}") && err.contains("not a respondent attribute"), "{err}");
        assert!(err.contains("known: id, role, domain"), "{err}");
        assert!(Attribution::parse("({id", &r).is_err());
        assert!(Attribution::parse("id}", &r).is_err());
    }

    /// A corpus whose segments have the given texts, one respondent per segment.
    fn corpus_with_texts(corpus: &mut Corpus, texts: &[&[&str]]) {
        for (doc, segs) in corpus.documents.iter_mut().zip(texts) {
            let mut text = String::new();
            for (seg, t) in doc.segments.iter_mut().zip(segs.iter()) {
                seg.byte_start = text.len();
                text.push_str(t);
                seg.byte_end = text.len();
                text.push('\n');
            }
            doc.text = text;
        }
    }

    #[test]
    fn telling_fragments_spread_over_respondents() {
        let long = "woord ".repeat(20);
        let longer = "lang ".repeat(30);
        let short = "te kort";
        // Code a on: D1 s0 (R1, 20 words, alone), D1 s1 (R1, 30 words, alone), D2 s0 (R2, 2 words),
        // D2 s1 (R3, 20 words, with code b too).
        let (mut corpus, book, codings) = study_parts(
            &[("D1", &["R1", "R1"]), ("D2", &["R2", "R3"])],
            &[("a", None), ("b", None)],
            &[(0, 0, 0), (0, 1, 0), (1, 0, 0), (1, 1, 0), (1, 1, 1)],
            &[],
        );
        corpus_with_texts(&mut corpus, &[&[&long, &longer], &[short, &long]]);
        let study = Study::new(&corpus, &book, &codings, "interview_date");
        let attribution = Attribution::parse("({id})", &corpus.respondents).unwrap();
        let picked = |k: usize| -> Vec<(String, usize)> {
            select_quotes(&study, k, &attribution, &Pseudonyms::none())[0]
                .quotes
                .iter()
                .map(|q| (q.document.clone(), q.segment))
                .collect()
        };
        // Ranking: D1s1 (in window, 0 others), D1s2 (in window, 0 others), D2s2 (in window,
        // 1 other), D2s1 (13 words short). Inside the window, new respondents first: R1's D1s1,
        // R3's D2s2; then the rest inside: D1s2; only then outside: D2s1 (R2).
        assert_eq!(picked(1), vec![("D1".to_string(), 1)]);
        assert_eq!(picked(2), vec![("D1".to_string(), 1), ("D2".to_string(), 2)]);
        assert_eq!(picked(3), vec![("D1".to_string(), 1), ("D2".to_string(), 2), ("D1".to_string(), 2)]);
        assert_eq!(picked(4).last().unwrap(), &("D2".to_string(), 1));
        assert_eq!(picked(10).len(), 4);
    }

    #[test]
    fn markdown_and_latex() {
        let book = vec![CodeQuotes {
            code: "regie".into(),
            label: "Regie & sturing".into(),
            quotes: vec![Quote {
                document: "D7".into(),
                segment: 3,
                respondent: "D7".into(),
                text: "Wie heeft 100% de regie?".into(),
                attribution: "(D7- professional)".into(),
            }],
        }];
        let md = to_markdown(&book, Language::Nl);
        assert!(md.starts_with("# Citaten per code\n"));
        assert!(md.contains(
            "## Regie & sturing (`regie`)\n\n> “Wie heeft 100% de regie?” (D7- professional)\n<!-- D7, segment 3 -->"
        ));
        let tex = to_latex(&book, Language::En);
        assert!(tex.starts_with("\\section*{Quotes by code}"));
        assert!(tex.contains("\\subsection*{Regie \\& sturing}\n\\begin{quote}\n``Wie heeft 100\\% de regie?'' (D7- professional)\n\\end{quote}\n% D7, segment 3\n"));
    }

    /// Regression (issue 14): an id with a line break or `-->` cannot end the comment.
    #[test]
    fn document_ids_cannot_break_out_of_comments() {
        assert_eq!(comment_safe("D1\n\\input{/etc/passwd}"), "D1 \\input{/etc/passwd}");
        assert_eq!(comment_safe("D1\r-->"), "D1 -->");
    }
}
