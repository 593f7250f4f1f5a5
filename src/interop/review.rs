//! The review file of `analyse suggest` read back: only the rows a person accepted become
//! codings, with character offsets, under the coder the row names (`analyse-suggest` until the
//! reviewer writes their own name).
//!
//! `accept` takes yes/ja/y/j/x/1/true (accepted) or an empty cell and no/nee/n/0/false (not
//! accepted), in any case; anything else is an error naming the row, so that a typo never
//! decides about a coding. The `text` column is not used to place a row: the review file's text
//! may be pseudonymised, the offsets are not.

use std::path::Path;

use super::formats::{cell, offset, place};
use super::model::{ImportedProject, ImportedSegment, InteropError};
use crate::corpus::sheet::Sheet;

/// Whether a row's `accept` cell accepts it, or the value is not understood.
fn accepted(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "ja" | "y" | "j" | "x" | "1" | "true" | "waar" => Some(true),
        "" | "no" | "nee" | "n" | "0" | "false" | "onwaar" => Some(false),
        _ => None,
    }
}

/// The accepted rows of a review file as segments.
pub fn read_review(path: &Path, sheet: &Sheet, project: &mut ImportedProject) -> Result<(), InteropError> {
    let col = |names: &[&str]| sheet.column(names);
    let (a, d, s, e, c, coder) =
        (col(&["accept"]), col(&["document"]), col(&["start"]), col(&["end"]), col(&["code"]), col(&["coder"]));
    for (line, row) in &sheet.rows {
        let place = place(sheet, *line);
        let value = cell(row, a);
        match accepted(&value) {
            Some(true) => {}
            Some(false) => continue,
            None => {
                return Err(InteropError::new(
                    path,
                    &place,
                    format!("accept '{value}' is neither yes nor no; write yes (or ja, x) to accept the suggestion, or leave the cell empty"),
                ))
            }
        }
        let (start, end) = (offset(path, &place, row, s, "start")?, offset(path, &place, row, e, "end")?);
        if start >= end {
            return Err(InteropError::new(path, &place, format!("the span {start}..{end} is empty")));
        }
        let source = project.source_by_name(&cell(row, d));
        let code = project.code_by_path(&[cell(row, c).as_str()]);
        let coder = Some(cell(row, coder)).filter(|c| !c.is_empty()).unwrap_or_else(|| "analyse-suggest".into());
        project.segments.push(ImportedSegment { source, span: Some((start, end)), text: None, code, coder, place });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::formats::from_sheet;
    use super::*;

    fn import(csv: &str) -> Result<ImportedProject, String> {
        let path = Path::new("review.csv");
        let sheet = crate::corpus::sheet::read_sheet(path, csv.as_bytes()).map_err(|e| e.to_string())?;
        from_sheet(path, &sheet).map_err(|e| e.to_string())
    }

    const HEADER: &str = "accept,document,segment,start,end,code,label,score,evidence,coder,text\n";

    #[test]
    fn only_accepted_rows_come_back() {
        let csv = format!(
            "{HEADER},D1,2,10,20,regie,Regie,0.9,regie (+1.00),analyse-suggest,x\nJa,D1,4,30,40,plan,Plan,0.6,,sanne,y\nnee,D2,2,5,9,regie,Regie,0.7,,analyse-suggest,z\n X ,D2,6,50,70,regie,Regie,0.5,,,w\n"
        );
        let p = import(&csv).unwrap();
        type Row = (String, Option<(usize, usize)>, String, Option<String>);
        let got: Vec<Row> = p
            .segments
            .iter()
            .map(|s| (p.codes[s.code].name.clone(), s.span, s.coder.clone(), s.text.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("plan".into(), Some((30, 40)), "sanne".into(), None),
                ("regie".into(), Some((50, 70)), "analyse-suggest".into(), None),
            ]
        );
    }

    #[test]
    fn resaved_by_excel_and_large() {
        // Dutch Excel saves with semicolons, a BOM, and may write Windows-1252 (ë = 0xEB).
        let mut bytes =
            b"\xef\xbb\xbfaccept;document;segment;start;end;code;label;score;evidence;coder;text\r\n".to_vec();
        bytes.extend_from_slice(b"JA;D1;2;10;20;regie;Regie;0,9;;sanne;de cli\xc3\xabnt\r\n");
        let path = Path::new("review.csv");
        let sheet = crate::corpus::sheet::read_sheet(path, &bytes).unwrap();
        let p = from_sheet(path, &sheet).unwrap();
        assert_eq!((p.segments.len(), p.segments[0].span), (1, Some((10, 20))));
        let cp1252 = b"accept;document;start;end;code;coder;text\nx;D1;0;5;regie;an;cli\xebnt\n";
        let sheet = crate::corpus::sheet::read_sheet(path, cp1252).unwrap();
        assert_eq!(from_sheet(path, &sheet).unwrap().segments.len(), 1);
        // 20,000 rows, every other one accepted.
        let mut csv = String::from(HEADER);
        for i in 0..20_000 {
            let accept = if i % 2 == 0 { "ja" } else { "" };
            csv.push_str(&format!("{accept},D{i},2,{i},{},regie,Regie,0.9,,a,t\n", i + 1));
        }
        assert_eq!(import(&csv).unwrap().segments.len(), 10_000);
    }

    #[test]
    fn an_unclear_accept_names_the_row() {
        let err = import(&format!("{HEADER}misschien,D1,2,10,20,regie,Regie,0.9,,a,t\n")).unwrap_err();
        assert!(err.contains("review.csv") && err.contains("line 2") && err.contains("misschien"), "{err}");
        let err = import(&format!("{HEADER}ja,D1,2,20,10,regie,Regie,0.9,,a,t\n")).unwrap_err();
        assert!(err.contains("empty"), "{err}");
        // Nothing accepted: an empty import, not an error.
        assert!(import(&format!("{HEADER},D1,2,10,20,regie,Regie,0.9,,a,t\n")).unwrap().segments.is_empty());
        assert!(import(HEADER).unwrap().segments.is_empty());
    }
}
