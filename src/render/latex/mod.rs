//! Tables as LaTeX (booktabs) with `\caption` and `\label`, ready for `\input` in a thesis,
//! and the escaping every LaTeX output needs.
//!
//! A short table is a `table` float with a `tabular`; a table of more than [`LONG_ROWS`] rows
//! is a `longtable`, which breaks over pages and repeats its header. Columns holding long
//! texts (quotes, evidence) wrap in ragged-right paragraph columns instead of running off the
//! page. The preamble needs `\usepackage{booktabs,array,longtable}`.

mod escape;

pub use escape::escape;

use crate::table::Table;

/// Rows above which a table becomes a `longtable`.
pub const LONG_ROWS: usize = 40;
/// A text column whose longest cell has more characters than this wraps.
const WRAP_CHARS: usize = 40;

/// A `table` environment with a booktabs `tabular` (or a `longtable` for long tables); numeric
/// columns right-aligned, long text columns wrapped. The label is `tab:<name>` so a thesis can
/// `\ref{tab:code_frequencies}`.
pub fn to_latex(table: &Table) -> String {
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|c| !table.rows.is_empty() && table.rows.iter().all(|r| r[c].is_numeric() || r[c].render().is_empty()))
        .collect();
    let wide: Vec<bool> = (0..table.columns.len())
        .map(|c| !numeric[c] && table.rows.iter().any(|r| r[c].render().chars().count() > WRAP_CHARS))
        .collect();
    let n_wide = wide.iter().filter(|&&w| w).count();
    let spec: String = (0..table.columns.len())
        .map(|c| {
            if numeric[c] {
                "r".to_string()
            } else if wide[c] {
                // The wrapped columns share half the line width.
                format!(">{{\\raggedright\\arraybackslash}}p{{{:.2}\\linewidth}}", 0.5 / n_wide as f64)
            } else {
                "l".to_string()
            }
        })
        .collect();
    let header: Vec<String> = table.columns.iter().map(|c| escape(c)).collect();
    let header = header.join(" & ");
    let caption = format!("\\caption{{{}}}\\label{{tab:{}}}", escape(&table.caption), table.name);
    let mut out = String::new();
    if table.rows.len() > LONG_ROWS {
        out.push_str(&format!("\\begin{{longtable}}{{{spec}}}\n  {caption} \\\\\n  \\toprule\n"));
        out.push_str(&format!("  {header} \\\\\n  \\midrule\n  \\endfirsthead\n"));
        out.push_str(&format!("  \\toprule\n  {header} \\\\\n  \\midrule\n  \\endhead\n"));
        out.push_str("  \\bottomrule\n  \\endlastfoot\n");
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(&c.render())).collect();
            out.push_str(&format!("  {} \\\\\n", cells.join(" & ")));
        }
        out.push_str("\\end{longtable}\n");
        return out;
    }
    out.push_str("\\begin{table}[htbp]\n  \\centering\n");
    out.push_str(&format!("  \\caption{{{}}}\n  \\label{{tab:{}}}\n", escape(&table.caption), table.name));
    out.push_str(&format!("  \\begin{{tabular}}{{{spec}}}\n    \\toprule\n"));
    out.push_str(&format!("    {header} \\\\\n    \\midrule\n"));
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
        assert!(tex.starts_with("\\begin{longtable}{lr>{\\raggedright\\arraybackslash}p{0.50\\linewidth}}\n  \\caption{Segmenten}\\label{tab:coded_segments} \\\\\n"), "{tex}");
        // The header is repeated on every page: once before \endfirsthead, once before \endhead.
        assert_eq!(tex.matches("code & n & text \\\\").count(), 2);
        assert_eq!(tex.matches("\\\\\n").count(), 1 + 2 + 41);
        assert!(tex.ends_with("\\end{longtable}\n"));
        t.rows.truncate(40);
        assert!(to_latex(&t).starts_with("\\begin{table}[htbp]"));
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
