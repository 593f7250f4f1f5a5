//! `tables/saturation` and `tables/saturation_level<d>`: the accumulation curve and the band
//! of random orders.

use crate::analysis::saturation::Saturation;
use crate::render::Language;
use crate::table::{Cell, Table};

/// The saturation table under `name`, with `what` (e.g. "main codes") added to the caption
/// when it is not empty.
pub fn saturation_table(saturation: &Saturation, name: &str, what: &str, language: Language) -> Table {
    let caption = match language {
        Language::Nl => format!(
            "Saturatie: nieuwe en cumulatieve codes per interview in volgorde van afname; perm_mean, perm_lo en perm_hi zijn het gemiddelde en het 2,5e en 97,5e percentiel over {} willekeurige volgordes",
            saturation.permutations
        ),
        Language::En => format!(
            "Saturation: new and cumulative codes per interview in interview order; perm_mean, perm_lo and perm_hi are the mean and the 2.5th and 97.5th percentiles over {} random orders",
            saturation.permutations
        ),
    };
    let caption = if what.is_empty() { caption } else { format!("{caption} ({what})") };
    let caption = format!("{caption}{}", crate::render::report::left_out_note(saturation, language));
    let mut table = Table::new(
        name,
        caption,
        &["position", "document", "new_codes", "cumulative_codes", "perm_mean", "perm_lo", "perm_hi"],
    );
    for i in 0..saturation.documents.len() {
        let perm = |v: &Vec<f64>| v.get(i).map(|&x| Cell::Float(x)).unwrap_or(Cell::Empty);
        table.push(vec![
            (i + 1).into(),
            saturation.documents[i].as_str().into(),
            saturation.new_codes[i].into(),
            saturation.cumulative[i].into(),
            perm(&saturation.perm_mean),
            perm(&saturation.perm_lo),
            perm(&saturation.perm_hi),
        ]);
    }
    table
}
