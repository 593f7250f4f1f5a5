//! Tables as Markdown (GitHub pipe tables) with the caption above, for README files, Quarto
//! and pandoc. Numbers are right-aligned; `|` and line breaks inside cells are escaped.

use crate::table::Table;

pub fn to_markdown(table: &Table) -> String {
    let escape = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = format!("**{}**\n\n", escape(&table.caption));
    out.push_str(&format!("| {} |\n", table.columns.iter().map(|c| escape(c)).collect::<Vec<_>>().join(" | ")));
    let numeric: Vec<bool> = (0..table.columns.len())
        .map(|c| !table.rows.is_empty() && table.rows.iter().all(|r| r[c].is_numeric() || r[c].render().is_empty()))
        .collect();
    let rule: Vec<&str> = numeric.iter().map(|&n| if n { "---:" } else { "---" }).collect();
    out.push_str(&format!("| {} |\n", rule.join(" | ")));
    for row in &table.rows {
        out.push_str(&format!("| {} |\n", row.iter().map(|c| escape(&c.render())).collect::<Vec<_>>().join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    #[test]
    fn caption_alignment_and_escaping() {
        let mut t = Table::new("t", "Codes", &["code", "n"]);
        t.push(vec!["a|b".into(), Cell::Int(2)]);
        t.push(vec!["regel\nnieuw".into(), Cell::Int(10)]);
        assert_eq!(to_markdown(&t), "**Codes**\n\n| code | n |\n| --- | ---: |\n| a\\|b | 2 |\n| regel nieuw | 10 |\n");
    }
}
