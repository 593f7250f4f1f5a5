//! A codebook as a thesis appendix (Markdown or LaTeX) and as a flat CSV: per code its label,
//! definition, inclusion and exclusion criteria and example, numbered in tree order
//! (1, 1.1, 1.2, 2 …). Headings follow the codebook's language (nl or en).

use super::latex::escape;
use crate::codebook::Codebook;
use crate::render::RenderError;
use crate::table::Table;

struct Words {
    codebook: &'static str,
    definition: &'static str,
    include: &'static str,
    exclude: &'static str,
    example: &'static str,
}

fn words(codebook: &Codebook) -> Words {
    let english = codebook.books.first().is_some_and(|b| b.language.eq_ignore_ascii_case("en"));
    if english {
        Words {
            codebook: "Codebook",
            definition: "Definition",
            include: "Include",
            exclude: "Exclude",
            example: "Example",
        }
    } else {
        Words {
            codebook: "Codeboek",
            definition: "Definitie",
            include: "Inclusie",
            exclude: "Exclusie",
            example: "Voorbeeld",
        }
    }
}

/// Codes in tree order with their number ("2.3") and depth.
fn numbered(codebook: &Codebook) -> Vec<(usize, String, usize)> {
    let mut counters: Vec<usize> = Vec::new();
    codebook
        .tree_order()
        .into_iter()
        .map(|c| {
            let depth = codebook.depth(c);
            counters.truncate(depth + 1);
            while counters.len() < depth + 1 {
                counters.push(0);
            }
            counters[depth] += 1;
            let number = counters.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(".");
            (c, number, depth)
        })
        .collect()
}

/// The codebook as Markdown: a heading per code, its fields as bold-labelled paragraphs.
pub fn to_markdown(codebook: &Codebook) -> String {
    let w = words(codebook);
    let mut out = String::new();
    for book in &codebook.books {
        out.push_str(&format!("# {}: {}\n\n", w.codebook, book.label));
        if !book.description.trim().is_empty() {
            out.push_str(&format!("{}\n\n", book.description.trim()));
        }
        for (c, number, depth) in
            numbered(codebook).into_iter().filter(|(c, _, _)| codebook.codes[*c].codebook == book.id)
        {
            let code = &codebook.codes[c];
            out.push_str(&format!("{} {number} {} (`{}`)\n\n", "#".repeat((depth + 2).min(6)), code.label, code.id));
            for (label, text) in
                [(w.definition, &code.definition), (w.include, &code.include), (w.exclude, &code.exclude)]
            {
                if !text.trim().is_empty() {
                    out.push_str(&format!("**{label}.** {}\n\n", text.trim()));
                }
            }
            if !code.example.trim().is_empty() {
                out.push_str(&format!("**{}.** *“{}”*\n\n", w.example, code.example.trim()));
            }
        }
    }
    out
}

/// The codebook as LaTeX: a `\subsection*` per top-level code, `\subsubsection*` below, fields
/// in a `description` list; each code has a `\label{code:<id>}`.
pub fn to_latex(codebook: &Codebook) -> String {
    let w = words(codebook);
    let mut out = String::new();
    for book in &codebook.books {
        out.push_str(&format!("\\section*{{{}: {}}}\n\n", w.codebook, escape(&book.label)));
        if !book.description.trim().is_empty() {
            out.push_str(&format!("{}\n\n", escape(book.description.trim())));
        }
        for (c, number, depth) in
            numbered(codebook).into_iter().filter(|(c, _, _)| codebook.codes[*c].codebook == book.id)
        {
            let code = &codebook.codes[c];
            let command = if depth == 0 { "subsection*" } else { "subsubsection*" };
            out.push_str(&format!("\\{command}{{{number} {}}}\\label{{code:{}}}\n", escape(&code.label), code.id));
            out.push_str("\\begin{description}\n");
            for (label, text) in
                [(w.definition, &code.definition), (w.include, &code.include), (w.exclude, &code.exclude)]
            {
                if !text.trim().is_empty() {
                    out.push_str(&format!("  \\item[{label}] {}\n", escape(text.trim())));
                }
            }
            if !code.example.trim().is_empty() {
                out.push_str(&format!("  \\item[{}] \\emph{{``{}''}}\n", w.example, escape(code.example.trim())));
            }
            out.push_str("\\end{description}\n\n");
        }
    }
    out
}

/// The codebook as one row per code (tree order), for spreadsheets.
pub fn to_table(codebook: &Codebook) -> Table {
    let mut table = Table::new(
        "codebook",
        "Codebook",
        &[
            "number",
            "code",
            "label",
            "parent",
            "codebook",
            "colour",
            "definition",
            "include",
            "exclude",
            "example",
            "rules",
        ],
    );
    for (c, number, _) in numbered(codebook) {
        let code = &codebook.codes[c];
        table.push(vec![
            number.into(),
            code.id.as_str().into(),
            code.label.as_str().into(),
            code.parent.clone().unwrap_or_default().into(),
            code.codebook.as_str().into(),
            code.colour.clone().unwrap_or_default().into(),
            code.definition.trim().into(),
            code.include.trim().into(),
            code.exclude.trim().into(),
            code.example.trim().into(),
            code.rules.len().into(),
        ]);
    }
    table
}

/// The codebook as CSV bytes.
pub fn to_csv(codebook: &Codebook) -> Result<Vec<u8>, RenderError> {
    super::to_csv(&to_table(codebook))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::parse_codebook;

    fn book() -> Codebook {
        let yaml = "codebook:\n  id: t\n  label: Test\ncodes:\n  - id: a\n    label: A & co\n    definition: Def a.\n    example: Zo gaat dat.\n  - id: a1\n    parent: a\n    label: A1\n    include: Als x.\n  - id: b\n    label: B\n";
        let (info, codes) = parse_codebook(std::path::Path::new("t.yaml"), "t.yaml", yaml).unwrap();
        Codebook::new(vec![info], codes)
    }

    #[test]
    fn numbering_and_markdown() {
        assert_eq!(
            to_markdown(&book()),
            "# Codeboek: Test\n\n## 1 A & co (`a`)\n\n**Definitie.** Def a.\n\n**Voorbeeld.** *“Zo gaat dat.”*\n\n### 1.1 A1 (`a1`)\n\n**Inclusie.** Als x.\n\n## 2 B (`b`)\n\n"
        );
    }

    #[test]
    fn latex_escapes_and_labels() {
        let tex = to_latex(&book());
        assert!(tex.contains("\\subsection*{1 A \\& co}\\label{code:a}"), "{tex}");
        assert!(tex.contains("\\subsubsection*{1.1 A1}\\label{code:a1}"), "{tex}");
        assert!(tex.contains("\\item[Voorbeeld] \\emph{``Zo gaat dat.''}"), "{tex}");
    }

    #[test]
    fn csv_rows_in_tree_order() {
        let csv = String::from_utf8(to_csv(&book()).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "number,code,label,parent,codebook,colour,definition,include,exclude,example,rules");
        assert_eq!(lines[1], "1,a,A & co,,t,,Def a.,,,Zo gaat dat.,0");
        assert_eq!(lines[2], "1.1,a1,A1,a,t,,,Als x.,,,0");
        assert_eq!(lines[3], "2,b,B,,t,,,,,,0");
    }
}
