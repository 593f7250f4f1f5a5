//! Tables as LaTeX (booktabs) with `\caption` and `\label`, ready for `\input` in a thesis,
//! and the escaping every LaTeX output needs.
//!
//! A short table is a `table` float with a `tabular`; a table of more than [`LONG_LINES`]
//! printed lines is a `longtable`, which breaks over pages and repeats its header.
//! Columns holding long texts (quotes, evidence) wrap in ragged-right paragraph columns, long
//! headers break over lines, and a table wider than the page is split by columns into parts
//! ([`layout`]), so every table fits the text width of the standard classes. The preamble
//! needs `\usepackage{booktabs,array,longtable}`; `tests/latex.rs` builds a chapter of every
//! table and the quote book with pdflatex.

mod escape;
mod layout;
mod widths;

pub use escape::escape;
pub use layout::PAGE_EM;

use crate::table::Table;
use layout::{Align, Column};

/// Printed lines (caption, header, rules and rows) above which a table becomes a `longtable`:
/// a little less than a page of the standard classes holds (at 10 pt, 43 lines of text).
pub const LONG_LINES: usize = 40;

/// A `table` environment with a booktabs `tabular` (or a `longtable` for long tables) per part
/// of the table. The first part's label is `tab:<name>` so a thesis can
/// `\ref{tab:code_frequencies}`; further parts are `tab:<name>-2` … and say "(2/3)".
pub fn to_latex(table: &Table) -> String {
    let parts = layout::parts(table);
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let (caption, label) = if parts.len() == 1 {
            (escape(&table.caption), format!("tab:{}", table.name))
        } else if i == 0 {
            (format!("{} (1/{})", escape(&table.caption), parts.len()), format!("tab:{}", table.name))
        } else {
            (format!("{} ({}/{})", escape(&table.caption), i + 1, parts.len()), format!("tab:{}-{}", table.name, i + 1))
        };
        let long = layout::lines_of(table, part) > LONG_LINES;
        let text = Part { table, columns: part, caption, label };
        out.push_str(&if long { text.longtable() } else { text.float() });
    }
    out
}

/// A cell's LaTeX; in a wrapped column a line may also break after "/" and "_", so that a long
/// path fits the column ([`layout::pieces`]).
fn cell(text: &str, align: &Align) -> String {
    if !matches!(align, Align::Wrap(_)) {
        return escape(text);
    }
    let words: Vec<String> = text
        .split(' ')
        .map(|word| layout::pieces(word).iter().map(|p| escape(p)).collect::<Vec<_>>().join("\\allowbreak{}"))
        .collect();
    words.join(" ")
}

/// One part of a table, ready to be written.
struct Part<'a> {
    table: &'a Table,
    columns: &'a [Column],
    caption: String,
    label: String,
}

impl Part<'_> {
    fn spec(&self) -> String {
        self.columns
            .iter()
            .map(|c| match c.align {
                Align::Right => "r".to_string(),
                Align::Left => "l".to_string(),
                Align::Wrap(em) => format!(">{{\\raggedright\\arraybackslash}}p{{{em:.1}em}}"),
            })
            .collect()
    }

    /// The header row; a header of several lines is a one-column `tabular` aligned at its foot.
    fn header(&self) -> String {
        let cells: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                let lines: Vec<String> = c.header.iter().map(|l| escape(l)).collect();
                if lines.len() == 1 {
                    return lines[0].clone();
                }
                let align = if c.align == Align::Right { "r" } else { "l" };
                format!("\\begin{{tabular}}[b]{{@{{}}{align}@{{}}}}{}\\end{{tabular}}", lines.join(r"\\"))
            })
            .collect();
        cells.join(" & ")
    }

    fn rows(&self, indent: &str) -> String {
        let mut out = String::new();
        for row in &self.table.rows {
            let cells: Vec<String> = self.columns.iter().map(|c| cell(&row[c.index].render(), &c.align)).collect();
            out.push_str(&format!("{indent}{} \\\\\n", cells.join(" & ")));
        }
        out
    }

    fn longtable(&self) -> String {
        let (spec, header) = (self.spec(), self.header());
        let mut out = format!(
            "\\begin{{longtable}}{{{spec}}}\n  \\caption{{{}}}\\label{{{}}} \\\\\n  \\toprule\n",
            self.caption, self.label
        );
        out.push_str(&format!("  {header} \\\\\n  \\midrule\n  \\endfirsthead\n"));
        out.push_str(&format!("  \\toprule\n  {header} \\\\\n  \\midrule\n  \\endhead\n"));
        out.push_str("  \\bottomrule\n  \\endlastfoot\n");
        out.push_str(&self.rows("  "));
        out.push_str("\\end{longtable}\n");
        out
    }

    fn float(&self) -> String {
        let mut out = String::from("\\begin{table}[htbp]\n  \\centering\n");
        out.push_str(&format!("  \\caption{{{}}}\n  \\label{{{}}}\n", self.caption, self.label));
        out.push_str(&format!("  \\begin{{tabular}}{{{}}}\n    \\toprule\n", self.spec()));
        out.push_str(&format!("    {} \\\\\n    \\midrule\n", self.header()));
        out.push_str(&self.rows("    "));
        out.push_str("    \\bottomrule\n  \\end{tabular}\n\\end{table}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    #[test]
    fn long_tables_break_over_pages_and_long_texts_wrap() {
        let mut t = Table::new("coded_segments", "Segmenten", &["code", "n", "text"]);
        for i in 0..41 {
            t.push(vec![
                "regie".into(),
                Cell::Int(i),
                "een heel lang fragment dat niet op één regel past in een scriptie".into(),
            ]);
        }
        let tex = to_latex(&t);
        // By hand from cmr10's widths: "regie" 2.13 em and "40" 1.12 em, each plus 1.2 em of
        // padding, and the text column's own 1.2 em leave 32 − 3.33 − 2.32 − 1.2 = 25.15 em for
        // the text (its 64 characters are ~30 em), cut to the half em below: 25.0 em.
        assert!(tex.starts_with("\\begin{longtable}{lr>{\\raggedright\\arraybackslash}p{25.0em}}\n  \\caption{Segmenten}\\label{tab:coded_segments} \\\\\n"), "{tex}");
        // The header is repeated on every page: once before \endfirsthead, once before \endhead.
        assert_eq!(tex.matches("code & n & text \\\\").count(), 2);
        assert_eq!(tex.matches("\\\\\n").count(), 1 + 2 + 41);
        assert!(tex.ends_with("\\end{longtable}\n"));
        // 36 rows of 64 characters wrap to two lines each in 25 em (64 characters of cmr10
        // are about 290 pt, a line 250 pt): 72 lines, more than a page, so still a longtable;
        // 36 rows of one line, with caption, header and two rules, are 40 lines: a float.
        t.rows.truncate(36);
        assert!(to_latex(&t).starts_with("\\begin{longtable}"));
        for row in &mut t.rows {
            row[2] = "kort fragment".into();
        }
        assert!(to_latex(&t).starts_with("\\begin{table}[htbp]"));
        t.push(vec!["regie".into(), Cell::Int(37), "kort fragment".into()]);
        assert!(to_latex(&t).starts_with("\\begin{longtable}"));
        for row in &mut t.rows {
            row[2] = "een heel lang fragment ".repeat(17).into();
        }
        assert!(to_latex(&t).starts_with("\\begin{longtable}"));
    }

    #[test]
    fn a_table_wider_than_the_page_comes_in_parts_with_their_own_labels() {
        let names: Vec<String> = (1..=30).map(|i| format!("D{i}")).collect();
        let mut columns = vec!["code"];
        columns.extend(names.iter().map(String::as_str));
        let mut t = Table::new("code_by_document", "Code × document", &columns);
        let mut row: Vec<Cell> = vec!["regie".into()];
        row.extend((0..30).map(|_| Cell::Int(12)));
        t.push(row);
        let tex = to_latex(&t);
        let parts = tex.matches("\\begin{table}").count();
        assert!(parts >= 3, "{tex}");
        assert!(tex.contains(&format!(
            "\\caption{{Code \\ensuremath{{\\times}} document (1/{parts})}}\n  \\label{{tab:code_by_document}}"
        )));
        assert!(tex.contains(&format!("(2/{parts})}}\n  \\label{{tab:code_by_document-2}}")));
        assert_eq!(tex.matches("regie &").count(), parts, "the first column repeats in every part");
        assert_eq!(tex.matches(" & 12").count(), 30, "every count once");
    }

    #[test]
    fn wrapped_cells_break_after_slashes() {
        assert_eq!(
            cell("regel at codebooks/a_b.yaml", &Align::Wrap(10.0)),
            "regel at codebooks/\\allowbreak{}a\\_\\allowbreak{}b.yaml"
        );
        assert_eq!(cell("codebooks/a_b.yaml", &Align::Left), "codebooks/a\\_b.yaml");
    }

    #[test]
    fn booktabs_table() {
        let mut t = Table::new("code_frequencies", "Codes & frequenties", &["code", "n"]);
        t.push(vec!["eigen_regie".into(), Cell::Int(3)]);
        assert_eq!(
            to_latex(&t),
            "\\begin{table}[htbp]\n  \\centering\n  \\caption{Codes \\& frequenties}\n  \\label{tab:code_frequencies}\n  \\begin{tabular}{lr}\n    \\toprule\n    code & n \\\\\n    \\midrule\n    eigen\\_regie & 3 \\\\\n    \\bottomrule\n  \\end{tabular}\n\\end{table}\n"
        );
    }
}
