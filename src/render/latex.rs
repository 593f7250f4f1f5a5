//! Tables as LaTeX (booktabs) with `\caption` and `\label`, ready for `\input` in a thesis,
//! and the escaping every LaTeX output needs.

use crate::table::Table;

/// Escapes the characters LaTeX treats specially, so that "50% & meer_dan {x}" prints as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str(r"\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str(r"\textasciitilde{}"),
            '^' => out.push_str(r"\textasciicircum{}"),
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// A `table` environment with a booktabs `tabular`; numeric columns right-aligned. The label is
/// `tab:<name>` so a thesis can `\ref{tab:code_frequencies}`.
pub fn to_latex(table: &Table) -> String {
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|c| !table.rows.is_empty() && table.rows.iter().all(|r| r[c].is_numeric() || r[c].render().is_empty()))
        .collect();
    let spec: String = numeric.iter().map(|&n| if n { 'r' } else { 'l' }).collect();
    let mut out = String::new();
    out.push_str("\\begin{table}[htbp]\n  \\centering\n");
    out.push_str(&format!("  \\caption{{{}}}\n  \\label{{tab:{}}}\n", escape(&table.caption), table.name));
    out.push_str(&format!("  \\begin{{tabular}}{{{spec}}}\n    \\toprule\n"));
    let header: Vec<String> = table.columns.iter().map(|c| escape(c)).collect();
    out.push_str(&format!("    {} \\\\\n    \\midrule\n", header.join(" & ")));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| escape(&c.render())).collect();
        out.push_str(&format!("    {} \\\\\n", cells.join(" & ")));
    }
    out.push_str("    \\bottomrule\n  \\end{tabular}\n\\end{table}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    #[test]
    fn escapes_specials() {
        assert_eq!(
            escape(r"50% & a_b {c} #1 $2 ~ ^ \x"),
            r"50\% \& a\_b \{c\} \#1 \$2 \textasciitilde{} \textasciicircum{} \textbackslash{}x"
        );
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
