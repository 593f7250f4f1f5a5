//! The code map and the document portraits: the figures that place codes — against each
//! other by co-occurrence, or along a transcript — with their texts in the project language.

use super::figures::{self, portrait};
use super::labels::Label;
use super::outputs::RenderInput;
use super::{Language, RenderError};

/// `figures/code_map`: the codes in use placed by co-occurrence (classical MDS on 1 − c).
pub fn code_map_figure(input: &RenderInput) -> Result<figures::Figure, RenderError> {
    use figures::code_map::{code_map, code_map_svg, shown_codes, MAX_CODES};
    let (co, language, threshold) =
        (&input.rest.analyses.cooccurrence, input.rest.options.language, input.rest.options.code_map_threshold);
    let shown = shown_codes(co);
    let mut map = code_map(co, &shown, threshold);
    map.labels =
        shown.iter().map(|&i| input.rest.pseudonyms.apply(&input.rest.codebook.codes[co.codes[i]].label)).collect();
    map.emphasis = shown.iter().map(|&i| input.rest.codebook.parent_of(co.codes[i]).is_none()).collect();
    let mut note = Label::CodeMapNote
        .text(language)
        .replace("{explained}", &format!("{:.0}", 100.0 * map.explained))
        .replace("{threshold}", &decimal(threshold, language));
    if shown.len() < co.codes.len() {
        let left_out = Label::CodeMapLeftOut.text(language);
        note.push(' ');
        note.push_str(&left_out.replace("{max}", &MAX_CODES.to_string()).replace("{n}", &co.codes.len().to_string()));
    }
    let svg = code_map_svg(&map, Label::CodeMapTitle.text(language), &note)
        .map_err(|m| RenderError::new("the code map", m))?;
    Ok(figures::Figure::new("code_map", svg))
}

/// `figures/documents/<id>`: a portrait of each of the first `[output] portraits` documents
/// in corpus order.
pub fn portrait_figures(input: &RenderInput) -> Result<Vec<figures::Figure>, RenderError> {
    let (language, documents) = (input.rest.options.language, &input.corpus.documents);
    let shown = input.rest.options.portraits.min(documents.len());
    let mut stems = std::collections::BTreeSet::new();
    let mut figures = Vec::new();
    for (index, document) in documents.iter().enumerate().take(shown) {
        let mut p = portrait::portrait(document, index, input.codings, input.rest.codebook);
        let id = input.rest.pseudonyms.apply(&document.id);
        p.codes.iter_mut().for_each(|(_, label)| *label = input.rest.pseudonyms.apply(label));
        p.title = Label::PortraitTitle.text(language).replace("{document}", &id);
        p.x_desc = Label::PortraitAxis.text(language).into();
        let segments: usize = p.marks.iter().map(Vec::len).sum();
        p.note = Label::PortraitNote
            .text(language)
            .replace("{segments}", &segments.to_string())
            .replace("{characters}", &p.length.to_string());
        if shown < documents.len() {
            p.note.push(' ');
            p.note.push_str(
                &Label::PortraitFirst
                    .text(language)
                    .replace("{n}", &shown.to_string())
                    .replace("{total}", &documents.len().to_string()),
            );
        }
        let svg = portrait::portrait_svg(&p).map_err(|m| RenderError::new(format!("the portrait of {id}"), m))?;
        let stem = unique_stem(&id, &mut stems);
        figures.push(figures::Figure::new(format!("documents/{stem}"), svg));
    }
    Ok(figures)
}

/// A file name for a document id: letters, digits, `-` and `_` kept, anything else `_`; a
/// name taken already gets `-2`, `-3`, … so no portrait overwrites another.
fn unique_stem(id: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let base: String = id.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    let mut stem = base.clone();
    let mut k = 1;
    while !taken.insert(stem.clone()) {
        k += 1;
        stem = format!("{base}-{k}");
    }
    stem
}

/// A threshold as the language writes decimals (0,1 in Dutch), in its shortest form.
fn decimal(value: f64, language: Language) -> String {
    super::tables::saturation_criteria::decimal_mark(format!("{value}"), language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_distinct() {
        let mut taken = Default::default();
        assert_eq!(unique_stem("D01", &mut taken), "D01");
        assert_eq!(unique_stem("D 01", &mut taken), "D_01");
        assert_eq!(unique_stem("D/01", &mut taken), "D_01-2");
        assert_eq!(decimal(0.15, Language::Nl), "0,15");
    }
}
