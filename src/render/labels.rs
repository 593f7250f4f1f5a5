//! Every header, axis text and caption that the render stage adds, in Dutch and English.
//!
//! Kept in one place so that a translation is checked at a glance and no figure or report
//! section falls back to the other language. Table captions and column names are the
//! analyses' own; this module holds the words of figures, quote book and report.

use crate::render::Language;

/// One piece of text of the render stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    GroupBarsTitle,
    GroupBarsAxis,
    GroupBarsNote,
    MatrixTitle,
    MatrixNote,
    MatrixLegend,
    HeatmapOrderCodebook,
    CodeMapTitle,
    CodeMapNote,
    CodeMapLeftOut,
    PortraitTitle,
    PortraitAxis,
    PortraitNote,
    PortraitFirst,
    MatrixFirst,
    HeatmapOrderClustered,
    SaturationPoint,
    GroupSaturationTitle,
    GroupSaturationPanel,
    GroupSaturationNote,
    QuotesTitle,
    QuotesIntro,
    QuotesNone,
    ReportSample,
    ReportCodebook,
    ReportTables,
    ReportFigures,
    ReportQuotes,
    ReportSaturation,
    ReportSettings,
    ReportManifest,
    ReportContents,
    ReportGenerated,
    ReportSetting,
    ReportValue,
    ReportFile,
    ReportHash,
    ReportShowRows,
    ReportFirstRows,
    ReportFirstColumns,
    ReportAllIn,
    ReportFigureTooLarge,
    ReportCode,
    ReportLabel,
    ReportDefinition,
    ReportInclude,
    ReportExclude,
    ReportRules,
    ReportInputs,
    ReportOutputs,
    ReportVersion,
    ReportSummary,
    ReportManifestNote,
    VerdictCriterion,
    VerdictReached,
    VerdictNotReached,
    VerdictEmpty,
    Unknown,
}

impl Label {
    /// The text in `language`.
    pub fn text(self, language: Language) -> &'static str {
        let (nl, en) = self.figure_words().unwrap_or_else(|| self.report_words());
        match language {
            Language::Nl => nl,
            Language::En => en,
        }
    }

    /// The words of figures and the quote book (`None` for the report's).
    fn figure_words(self) -> Option<(&'static str, &'static str)> {
        use Label::*;
        Some(match self {
            GroupBarsTitle => ("Codes per groep: {attribute}", "Codes by group: {attribute}"),
            GroupBarsAxis => ("Respondenten van de groep die de code noemen (%)", "Respondents of the group who raised the code (%)"),
            GroupBarsNote => (
                "Balk: aandeel van de respondenten in de groep met ten minste één segment van de code (een hoofdcode telt ook haar subcodes); getal: respondenten met de code / respondenten in de groep.",
                "Bar: share of the group's respondents with at least one segment of the code (a parent code includes its sub-codes); number: respondents with the code / respondents in the group.",
            ),
            MatrixTitle => ("Codes per document", "Codes by document"),
            MatrixNote => (
                "Oppervlakte van een vierkant: aantal gecodeerde segmenten van de code (met subcodes) in het document; lege cel: geen.",
                "Area of a square: coded segments of the code (with its sub-codes) in the document; empty cell: none.",
            ),
            MatrixLegend => ("Segmenten:", "Segments:"),
            HeatmapOrderCodebook => ("Volgorde: codeboek.", "Order: codebook."),
            HeatmapOrderClustered => (
                "Volgorde: geclusterd (gemiddelde koppeling op 1 − c-coëfficiënt), zodat codes die vaak samen voorkomen naast elkaar staan.",
                "Order: clustered (average linkage on 1 − c-coefficient), so codes that often co-occur stand together.",
            ),
            CodeMapTitle => ("Codekaart: codes naar co-occurrence", "Code map: codes by co-occurrence"),
            CodeMapNote => (
                "Codes die vaak hetzelfde segment delen staan dicht bij elkaar: klassieke MDS (Torgerson) op de afstand 1 − c, met c de c-coëfficiënt over segmenten (tabel cooccurrence); de twee assen tonen {explained}% van de spreiding en hebben geen eenheid. Oppervlakte van een cirkel: segmenten met de code (zoals gecodeerd); lijn: c ≥ {threshold}, donkerder en dikker naarmate c groter is. Cirkels die elkaar zouden bedekken, zijn net ver genoeg uit elkaar geschoven.",
                "Codes that often share a segment stand close together: classical MDS (Torgerson) on the distance 1 − c, c the c-coefficient over segments (table cooccurrence); the two axes show {explained}% of the spread and have no unit. Area of a circle: segments with the code (as coded); line: c ≥ {threshold}, darker and thicker as c grows. Circles that would cover each other are pushed just far enough apart.",
            ),
            CodeMapLeftOut => (
                "Alleen de {max} codes met de meeste segmenten (van {n}).",
                "Only the {max} codes with the most segments (of {n}).",
            ),
            PortraitTitle => ("Codes in het transcript: {document}", "Codes along the transcript: {document}"),
            PortraitAxis => ("Positie in het transcript (% van de tekens)", "Position in the transcript (% of characters)"),
            PortraitNote => (
                "Streep: een gecodeerd segment op zijn plaats in het transcript, zo breed als het segment; rij: een code in dit document, zoals gecodeerd (een hoofdcode toont alleen haar eigen segmenten). {segments} coderingen; {characters} tekens.",
                "Mark: a coded segment at its place in the transcript, as wide as the segment; row: a code in this document, as coded (a parent code shows only its own segments). {segments} codings; {characters} characters.",
            ),
            PortraitFirst => (
                "Portretten zijn gemaakt van de eerste {n} van de {total} documenten ([output] portraits).",
                "Portraits are made of the first {n} of the {total} documents ([output] portraits).",
            ),
            MatrixFirst => (
                "Getoond: de eerste {n} van de {total} documenten; alle documenten in tables/code_by_document.csv.",
                "Shown: the first {n} of the {total} documents; all documents in tables/code_by_document.csv.",
            ),
            SaturationPoint => ("Saturatiepunt", "Saturation point"),
            GroupSaturationTitle => ("Saturatie per groep: {attribute}", "Saturation by group: {attribute}"),
            GroupSaturationPanel => ("{group} ({n} interviews)", "{group} ({n} interviews)"),
            GroupSaturationNote => (
                "Lijn: verschillende codes na elk interview van de groep; grijs: 95%-band van willekeurige volgordes; stippellijn: saturatie (Francis e.a.).",
                "Line: distinct codes after each interview of the group; grey: 95% band of random orders; dashed: saturation (Francis et al.).",
            ),
            QuotesTitle => ("Citaten per code", "Quotes by code"),
            QuotesIntro => (
                "Per code de meest kenmerkende fragmenten: eerst fragmenten van 15 tot 80 woorden, dan fragmenten met zo min mogelijk andere codes, verschillende respondenten eerst, bij gelijke stand in volgorde van document en segment.",
                "Per code the most telling fragments: fragments of 15 to 80 words first, then fragments with as few other codes as possible, different respondents first, ties in document and segment order.",
            ),
            QuotesNone => ("Geen gecodeerde fragmenten.", "No coded fragments."),
            _ => return None,
        })
    }

    /// The words of the report.
    fn report_words(self) -> (&'static str, &'static str) {
        use Label::*;
        match self {
            ReportSample => ("Beschrijving van de steekproef", "Sample description"),
            ReportCodebook => ("Codeboek", "Codebook"),
            ReportTables => ("Tabellen", "Tables"),
            ReportFigures => ("Figuren", "Figures"),
            ReportQuotes => ("Citaten", "Quotes"),
            ReportSaturation => ("Saturatie", "Saturation"),
            ReportSettings => ("Instellingen", "Settings"),
            ReportManifest => ("Verantwoording (manifest)", "Manifest"),
            ReportContents => ("Inhoud", "Contents"),
            ReportGenerated => ("Gemaakt met", "Made with"),
            ReportSetting => ("Instelling", "Setting"),
            ReportValue => ("Waarde", "Value"),
            ReportFile => ("Bestand", "File"),
            ReportHash => ("BLAKE3", "BLAKE3"),
            ReportShowRows => ("Toon alle {n} rijen", "Show all {n} rows"),
            ReportFirstRows => ("eerste {shown} van {n} rijen", "first {shown} of {n} rows"),
            ReportFirstColumns => ("eerste {shown} van {n} kolommen", "first {shown} of {n} columns"),
            ReportAllIn => ("alle in {file}", "all in {file}"),
            ReportFigureTooLarge => (
                "Deze figuur is te groot voor deze pagina ({mb} MB); zie {file}.svg en .png.",
                "This figure is too large for this page ({mb} MB); see {file}.svg and .png.",
            ),
            ReportCode => ("Code", "Code"),
            ReportLabel => ("Label", "Label"),
            ReportDefinition => ("Definitie", "Definition"),
            ReportInclude => ("Inclusie", "Include"),
            ReportExclude => ("Exclusie", "Exclude"),
            ReportRules => ("Regels", "Rules"),
            ReportInputs => ("Invoerbestanden", "Input files"),
            ReportOutputs => ("Uitvoerbestanden", "Output files"),
            ReportVersion => ("Versie", "Version"),
            ReportSummary => (
                "{documents} documenten, {respondents} respondenten, {segments} segmenten, {codings} coderingen met {codes} van de {all} codes",
                "{documents} documents, {respondents} respondents, {segments} segments, {codings} codings with {codes} of the {all} codes",
            ),
            ReportManifestNote => (
                "BLAKE3-hashes van de invoer en van de uitvoer die vóór dit rapport is gemaakt; manifest.json bevat ook de hash van dit rapport.",
                "BLAKE3 hashes of the inputs and of the outputs made before this report; manifest.json also holds the hash of this report.",
            ),
            VerdictCriterion => (
                "Saturatie volgens het {initial}+{run}-criterium (Francis e.a., 2010: na een eerste steekproef van {initial} interviews stoppen zodra {run} opeenvolgende interviews geen nieuwe code opleveren)",
                "Saturation by the {initial}+{run} criterion (Francis et al., 2010: after an initial sample of {initial} interviews, stop once {run} consecutive interviews add no new code)",
            ),
            VerdictReached => (
                "bereikt na interview {point} van {n} ({document}): de {run} interviews daarna leverden geen nieuwe code op. In totaal {total} verschillende codes.",
                "reached after interview {point} of {n} ({document}): the next {run} interviews added no new code. {total} distinct codes in all.",
            ),
            VerdictNotReached => (
                "niet bereikt binnen {n} interviews; het laatste interview met een nieuwe code was nummer {last}. In totaal {total} verschillende codes.",
                "not reached within {n} interviews; the last interview that added a new code was number {last}. {total} distinct codes in all.",
            ),
            VerdictEmpty => ("Geen interviews, dus geen saturatie te beoordelen.", "No interviews, so no saturation to judge."),
            _ => ("(onbekend)", "(unknown)"),
        }
    }
}

/// A table column as a reader sees it in the report: the column names of the CSV files are
/// part of the output contract and stay English; this is their wording in `language`.
/// Unknown columns (from newer analyses) are shown as they are.
pub fn column_label(column: &str, language: Language) -> String {
    match set_column(column, language) {
        Some(label) => label,
        None => plain_column_label(column, language),
    }
}

/// A development / test pair of the same measure (`evaluate --test`): `dev_precision` is
/// "ontwikkelset: precisie".
fn set_column(column: &str, language: Language) -> Option<String> {
    [("dev_", "ontwikkelset", "development set"), ("test_", "testset", "test set")].into_iter().find_map(
        |(prefix, nl, en)| {
            let measure = column.strip_prefix(prefix)?;
            let set = if language == Language::Nl { nl } else { en };
            Some(format!("{set}: {}", plain_column_label(measure, language)))
        },
    )
}

fn plain_column_label(column: &str, language: Language) -> String {
    let Some((nl, en)) = counting_column(column).or_else(|| statistics_column(column)) else {
        return column.to_string();
    };
    match language {
        Language::Nl => nl,
        Language::En => en,
    }
    .to_string()
}

/// The columns of counts, codings and groups.
fn counting_column(column: &str) -> Option<(&'static str, &'static str)> {
    Some(match column {
        "attribute" => ("kenmerk", "attribute"),
        "value" => ("waarde", "value"),
        "respondents" => ("respondenten", "respondents"),
        "respondent" => ("respondent", "respondent"),
        "percent" => ("%", "%"),
        "document" => ("document", "document"),
        "documents" => ("documenten", "documents"),
        "segment" => ("segment", "segment"),
        "segments" => ("segmenten", "segments"),
        "start" => ("begin", "start"),
        "end" => ("eind", "end"),
        "code" => ("code", "code"),
        "label" => ("label", "label"),
        "parent" => ("hoofdcode", "parent code"),
        "source" => ("bron", "source"),
        "evidence" => ("bewijs", "evidence"),
        "text" => ("tekst", "text"),
        "code_a" => ("code A", "code A"),
        "code_b" => ("code B", "code B"),
        "jaccard" => ("Jaccard", "Jaccard"),
        "c_coefficient" => ("c-coëfficiënt", "c-coefficient"),
        "position" => ("positie", "position"),
        "new_codes" => ("nieuwe codes", "new codes"),
        "cumulative_codes" => ("codes cumulatief", "cumulative codes"),
        "perm_mean" => ("gemiddelde (permutaties)", "mean (permutations)"),
        "perm_lo" => ("2,5e percentiel", "2.5th percentile"),
        "perm_hi" => ("97,5e percentiel", "97.5th percentile"),
        "manual_units" => ("eenheden handmatig", "manual units"),
        "rule_units" => ("eenheden regels", "rule units"),
        "both" => ("beide", "both"),
        "missed" => ("gemist", "missed"),
        "spurious" => ("onterecht", "spurious"),
        "precision" => ("precisie", "precision"),
        "recall" => ("recall", "recall"),
        "f1" => ("F1", "F1"),
        "kappa" => ("kappa", "kappa"),
        "kind" => ("soort", "kind"),
        "n" => ("n", "n"),
        "alpha" => ("alfa", "alpha"),
        _ => return None,
    })
}

/// The columns of saturation, co-occurrence and agreement.
fn statistics_column(column: &str) -> Option<(&'static str, &'static str)> {
    Some(match column {
        "at_or_below_threshold" => ("onder drempel", "at or below threshold"),
        "base" => ("basis", "base"),
        "base_codes" => ("codes in basis", "codes in base"),
        "ci_low" => ("BI onder", "CI low"),
        "ci_high" => ("BI boven", "CI high"),
        "coder_a" => ("codeur A", "coder A"),
        "coder_b" => ("codeur B", "coder B"),
        "coders" => ("codeurs", "coders"),
        "characters" => ("tekens", "characters"),
        "confirmed_by" => ("bevestigd door interview", "confirmed by interview"),
        "confirmed_by_document" => ("bevestigd door document", "confirmed by document"),
        "criterion" => ("criterium", "criterion"),
        "either" => ("een van beide", "either"),
        "estimated_codes" => ("geschat aantal codes", "estimated codes"),
        "expected_new_codes" => ("verwachte nieuwe codes", "expected new codes"),
        "group_respondents" => ("respondenten in groep", "respondents in group"),
        "jaccard_documents" => ("Jaccard (documenten)", "Jaccard (documents)"),
        "level" => ("niveau", "level"),
        "mentioned_by" => ("genoemd door", "mentioned by"),
        "neither" => ("geen van beide", "neither"),
        "new_in_run" => ("nieuw in run", "new in run"),
        "new_information" => ("nieuwe informatie", "new information"),
        "observed_codes" => ("gevonden codes", "observed codes"),
        "only_a" => ("alleen A", "only A"),
        "only_b" => ("alleen B", "only B"),
        "parameters" => ("parameters", "parameters"),
        "percent_agreement" => ("% overeenstemming", "% agreement"),
        "percent_overlap" => ("% overlap", "% overlap"),
        "run" => ("run", "run"),
        "saturation_after" => ("saturatie na interview", "saturation after interview"),
        "statement" => ("formulering", "statement"),
        "threshold" => ("drempel (%)", "threshold (%)"),
        "totaal" => ("totaal", "total"),
        "units" => ("eenheden", "units"),
        "units_a" => ("eenheden A", "units A"),
        "units_b" => ("eenheden B", "units B"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_both_languages_and_unknown_ones_as_they_are() {
        assert_eq!(column_label("cumulative_codes", Language::Nl), "codes cumulatief");
        assert_eq!(column_label("cumulative_codes", Language::En), "cumulative codes");
        assert_eq!(column_label("code_by_new_thing", Language::Nl), "code_by_new_thing");
        assert_eq!(column_label("test_precision", Language::Nl), "testset: precisie");
        assert_eq!(column_label("dev_rule_units", Language::En), "development set: rule units");
    }

    #[test]
    fn placeholders_match_between_languages() {
        // A translation that drops {attribute} or {n} would print the brace text verbatim.
        for label in [
            Label::GroupBarsTitle,
            Label::GroupSaturationPanel,
            Label::ReportShowRows,
            Label::ReportFirstRows,
            Label::ReportFirstColumns,
            Label::ReportAllIn,
            Label::ReportFigureTooLarge,
            Label::QuotesIntro,
            Label::MatrixNote,
        ] {
            let braces = |s: &str| s.matches('{').count();
            assert_eq!(braces(label.text(Language::Nl)), braces(label.text(Language::En)), "{label:?}");
        }
    }
}
