//! Where a table's columns go so that it fits the page: numbers right-aligned, long headers
//! broken over lines, long texts wrapped in paragraph columns, and a table still wider than
//! the page split by columns into parts that each repeat the first column.
//!
//! Issue 18: `code_by_document.tex` ran 600 pt off the page. Widths are estimated from the
//! font's metrics ([`super::widths`]) against [`PAGE_EM`], the narrowest text width of the
//! standard classes, so the parts fit any of them.

use super::widths::text_em;
use crate::table::Table;

/// The width a table may take: the text width of `article` at 12 pt (390 pt, 32.5 em), the
/// narrowest of the standard classes and sizes (10 pt: 345 pt = 34.5 em).
pub const PAGE_EM: f64 = 32.0;
/// Padding of one column: twice `\tabcolsep` (6 pt) at 10 pt.
const COLSEP_EM: f64 = 1.2;
/// A text column whose widest cell is wider than this wraps in a paragraph column.
const WRAP_EM: f64 = 16.0;
/// The narrowest a wrapped column gets.
const WRAP_MIN_EM: f64 = 9.0;
/// A header is broken over lines to be no wider than its column's data, or than this.
const HEADER_EM: f64 = 5.0;

/// How one column is set.
#[derive(Debug, Clone, PartialEq)]
pub enum Align {
    Right,
    Left,
    /// A ragged-right paragraph column of this width in em.
    Wrap(f64),
}

/// One column of a part: which column of the table, how it is set, and its header's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub index: usize,
    pub align: Align,
    pub header: Vec<String>,
}

/// Every column's natural layout, before the table is split into parts.
struct Natural {
    numeric: bool,
    /// Width in em without padding.
    width: f64,
    wraps: bool,
    data: f64,
    /// The narrowest the column may wrap to: its longest word (TeX does not hyphenate the
    /// first word of a paragraph, so a word wider than the column runs over it).
    floor: f64,
    header: Vec<String>,
}

/// The parts a table is printed in, each a list of columns; one part when it fits.
pub fn parts(table: &Table) -> Vec<Vec<Column>> {
    let natural: Vec<Natural> = (0..table.columns.len()).map(|c| natural(table, c)).collect();
    let packing = |c: usize| COLSEP_EM + if natural[c].wraps { natural[c].floor } else { natural[c].width };
    let mut groups: Vec<Vec<usize>> = vec![vec![0]];
    for c in 1..table.columns.len() {
        let current = groups.last_mut().expect("one group at least");
        let used: f64 = current.iter().map(|&i| packing(i)).sum();
        if used + packing(c) > PAGE_EM && current.len() > 1 {
            groups.push(vec![0, c]);
        } else {
            current.push(c);
        }
    }
    groups.into_iter().map(|group| columns(&natural, &group, &packing)).collect()
}

/// The columns of one part; wrapped columns share the width the others leave, each up to its
/// widest cell.
fn columns(natural: &[Natural], group: &[usize], packing: &dyn Fn(usize) -> f64) -> Vec<Column> {
    let used: f64 = group.iter().map(|&c| packing(c)).sum();
    let wrapped = group.iter().filter(|&&c| natural[c].wraps).count();
    let share = if wrapped == 0 { 0.0 } else { (PAGE_EM - used).max(0.0) / wrapped as f64 };
    group
        .iter()
        .map(|&c| {
            let n = &natural[c];
            let align = if n.numeric {
                Align::Right
            } else if n.wraps {
                let width = ((n.floor + share).min(n.data.max(n.floor)) * 2.0).floor() / 2.0;
                Align::Wrap(width.max((n.floor * 10.0).ceil() / 10.0))
            } else {
                Align::Left
            };
            Column { index: c, align, header: n.header.clone() }
        })
        .collect()
}

fn natural(table: &Table, c: usize) -> Natural {
    let numeric = !table.rows.is_empty() && table.rows.iter().all(|r| r[c].is_numeric() || r[c].render().is_empty());
    let data = table.rows.iter().map(|r| text_em(&r[c].render())).fold(0.0, f64::max);
    let wraps = !numeric && data > WRAP_EM;
    let header = if wraps { vec![table.columns[c].clone()] } else { lines(&table.columns[c], data.max(HEADER_EM)) };
    let header_width = header.iter().map(|l| text_em(l)).fold(0.0, f64::max);
    let word = table
        .rows
        .iter()
        .flat_map(|r| r[c].render().split_whitespace().flat_map(pieces).map(text_em).collect::<Vec<_>>())
        .chain(table.columns[c].split_whitespace().map(text_em))
        .fold(0.0, f64::max);
    let floor = WRAP_MIN_EM.max(word * 1.05);
    Natural { numeric, width: data.max(header_width), wraps, data, floor, header }
}

/// The parts of a word a line may break after: TeX breaks after a hyphen itself, and the
/// writer marks a break after "/" and "_" in wrapped cells (a path in a rule's evidence).
pub fn pieces(word: &str) -> Vec<&str> {
    word.split_inclusive(['/', '_', '-']).collect()
}

/// Words of `text` in lines no wider than `width` (a longer word stands on its own line).
fn lines(text: &str, width: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match out.last_mut() {
            Some(line) if text_em(line) + text_em(" ") + text_em(word) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// The printed lines a part takes — caption, header and rows, estimated from its wrapped
/// columns: a table taller than a page must be a `longtable`, whatever its number of rows.
pub fn lines_of(table: &Table, part: &[Column]) -> usize {
    let caption = (text_em(&table.caption) / PAGE_EM).ceil() as usize;
    let header = part.iter().map(|c| c.header.len()).max().unwrap_or(1);
    caption + header + 2 + body_lines(table, part)
}

fn body_lines(table: &Table, part: &[Column]) -> usize {
    table
        .rows
        .iter()
        .map(|row| {
            part.iter()
                .map(|col| match col.align {
                    Align::Wrap(width) => (text_em(&row[col.index].render()) * 1.15 / width).ceil() as usize,
                    _ => 1,
                })
                .max()
                .unwrap_or(1)
                .max(1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    fn width(part: &[Column], table: &Table) -> f64 {
        part.iter()
            .map(|c| {
                COLSEP_EM
                    + match c.align {
                        Align::Wrap(w) => w,
                        _ => table
                            .rows
                            .iter()
                            .map(|r| text_em(&r[c.index].render()))
                            .chain(c.header.iter().map(|h| text_em(h)))
                            .fold(0.0, f64::max),
                    }
            })
            .sum()
    }

    #[test]
    fn paths_break_after_slashes() {
        assert_eq!(
            pieces("codebooks/sensitizing-concepts.yaml:12"),
            vec!["codebooks/", "sensitizing-", "concepts.yaml:12"]
        );
    }

    #[test]
    fn a_narrow_table_is_one_part_with_numbers_right() {
        let mut t = Table::new("t", "T", &["code", "n"]);
        t.push(vec!["regie".into(), Cell::Int(3)]);
        let parts = parts(&t);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0][0].align, Align::Left);
        assert_eq!(parts[0][1].align, Align::Right);
    }

    #[test]
    fn a_matrix_of_many_documents_is_split_by_columns_repeating_the_first() {
        // 30 document columns of two-digit counts: 30 × (1.2 + 1.12 for "12", or "D10" in the
        // header, 1.68) ≈ 87 em, so three parts at least on a 32 em page.
        let names: Vec<String> = (1..=30).map(|i| format!("D{i}")).collect();
        let mut columns = vec!["code"];
        columns.extend(names.iter().map(String::as_str));
        let mut t = Table::new("m", "M", &columns);
        let mut row: Vec<Cell> = vec!["samenwerking".into()];
        row.extend((0..30).map(|_| Cell::Int(12)));
        t.push(row);
        let parts = parts(&t);
        assert!(parts.len() >= 3, "{}", parts.len());
        let mut seen = Vec::new();
        for part in &parts {
            assert_eq!(part[0].index, 0);
            assert!(width(part, &t) <= PAGE_EM, "{}", width(part, &t));
            seen.extend(part[1..].iter().map(|c| c.index));
        }
        assert_eq!(seen, (1..=30).collect::<Vec<_>>(), "every column once, in order");
    }

    #[test]
    fn long_headers_break_and_long_texts_wrap_within_the_page() {
        let mut t = Table::new("s", "S", &["code", "saturatie na interview", "formulering"]);
        t.push(vec!["regie".into(), Cell::Int(4), "woord ".repeat(40).into()]);
        let parts = parts(&t);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0][1].header, vec!["saturatie", "na", "interview"]);
        assert!(matches!(parts[0][2].align, Align::Wrap(w) if w >= WRAP_MIN_EM));
        assert!(width(&parts[0], &t) <= PAGE_EM);
        // 40 words of 2.55 em (with the space) ≈ 102 em of text over a column of ≥ 9 em.
        let lines = body_lines(&t, &parts[0]);
        assert!((4..=14).contains(&lines), "{lines}");
        // Caption (one line), a header of three lines and two rules come on top.
        assert_eq!(lines_of(&t, &parts[0]), 1 + 3 + 2 + lines);
    }
}
