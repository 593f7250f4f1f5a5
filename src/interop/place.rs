//! Placing imported segments in the text of their project document: at their own offsets
//! when those count the same text and the coded text (if the format repeats it) is what
//! stands there; else by finding their text ([`crate::corpus::locate`]). Formats without usable
//! offsets (MAXQDA, ATLAS.ti, Taguette) are always located by text.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::model::ImportedProject;
use crate::corpus::locate::{Located, Locator};
use crate::corpus::text::CharIndex;

/// The project document an imported source stands for.
pub(super) struct DocumentMatch<'a> {
    pub(super) id: String,
    pub(super) text: &'a str,
    /// The source's offsets count this text: it is the project's text, or the format has no
    /// text of its own (the generic CSV).
    pub(super) offsets_usable: bool,
}

/// Where every segment goes, in the order of `imported.segments`. Placing is independent per
/// source: sources in parallel, each with its own character index and locator (built once,
/// dropped after); the results are taken back in file order.
pub(super) fn place_segments(imported: &ImportedProject, documents: &[Option<DocumentMatch>]) -> Vec<Placement> {
    let mut by_source: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, segment) in imported.segments.iter().enumerate() {
        by_source.entry(segment.source).or_default().push(i);
    }
    let groups: Vec<(usize, Vec<usize>)> = by_source.into_iter().collect();
    let mut placements: Vec<Option<Placement>> = vec![None; imported.segments.len()];
    let placed: Vec<(usize, Placement)> = groups
        .par_iter()
        .flat_map_iter(|(source, members)| place_source(imported, *source, documents[*source].as_ref(), members))
        .collect();
    for (i, placement) in placed {
        placements[i] = Some(placement);
    }
    placements.into_iter().map(|p| p.expect("every segment is placed")).collect()
}

/// Where one segment ended up.
#[derive(Debug, Clone)]
pub(super) enum Placement {
    /// Its source is not a document of the project (and has no text to add).
    Missing,
    /// At its own offsets, with the text there.
    Offsets(usize, usize, String),
    /// Found by its text, once.
    Located(usize, usize, String),
    /// Its text occurs this many times.
    Ambiguous(usize, String),
    NotFound(String),
}

/// Places the segments `members` of one source in its document: by their offsets when the
/// source is the project's text (or the format has no text of its own, as the generic CSV)
/// and the fragment, if given, is what stands there; else by locating their text.
fn place_source(
    imported: &ImportedProject,
    source: usize,
    document: Option<&DocumentMatch>,
    members: &[usize],
) -> Vec<(usize, Placement)> {
    let Some(&DocumentMatch { text: doc_text, offsets_usable, .. }) = document else {
        return members.iter().map(|&i| (i, Placement::Missing)).collect();
    };
    let index = CharIndex::new(doc_text);
    let text_at = |s: usize, e: usize| doc_text[index.byte_of_char(s)..index.byte_of_char(e)].to_string();
    let source_text = imported.sources[source].text.as_deref();
    let source_index = source_text.map(CharIndex::new);
    let mut locator: Option<Locator> = None;
    let mut out = Vec::with_capacity(members.len());
    for &i in members {
        let segment = &imported.segments[i];
        let fits = |s: usize, e: usize| {
            s < e
                && e <= index.len_chars()
                && segment.text.as_ref().is_none_or(|t| t.split_whitespace().eq(text_at(s, e).split_whitespace()))
        };
        if let (Some((s, e)), true) = (segment.span, offsets_usable) {
            if fits(s, e) {
                out.push((i, Placement::Offsets(s, e, text_at(s, e))));
                continue;
            }
        }
        let fragment = segment
            .text
            .clone()
            .or_else(|| {
                let (s, e) = segment.span.filter(|(s, e)| s < e)?;
                let (t, ti) = (source_text?, source_index.as_ref()?);
                Some(t[ti.byte_of_char(s)..ti.byte_of_char(e.min(ti.len_chars()))].to_string())
            })
            .unwrap_or_default();
        let placement = match locator.get_or_insert_with(|| Locator::new(doc_text)).find(&fragment) {
            Located::Found(s, e) => Placement::Located(s, e, text_at(s, e)),
            Located::Ambiguous(n) => Placement::Ambiguous(n, fragment),
            Located::NotFound => Placement::NotFound(fragment),
        };
        out.push((i, placement));
    }
    out
}
