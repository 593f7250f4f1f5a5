//! WebVTT and SRT transcripts, as Teams, Zoom and transcription services export them.
//!
//! Each cue has a timing line (`00:03:12.480 --> 00:03:19.920`, SRT with a comma) and text; the
//! speaker comes from a voice tag (`<v Sanne Jansen>…</v>`, as Teams writes it) or a `Name:`
//! prefix (Zoom, SRT). Consecutive cues of one speaker are merged into one turn, which keeps the
//! start time of its first cue. A cue without a speaker continues the previous speaker's turn.
//!
//! The document text is rebuilt as a plain transcript, one turn per paragraph
//! (`[00:03:12] Sanne Jansen: …`), and every offset refers to that text.

use std::sync::OnceLock;

use regex::Regex;

use super::transcript::RawTurn;

/// A transcript rebuilt from subtitle cues: the text and its turns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    pub text: String,
    pub turns: Vec<RawTurn>,
}

/// A problem with a subtitle file, at a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtitleProblem {
    pub line: usize,
    pub message: String,
}

struct Cue {
    speaker: Option<String>,
    start: String,
    text: String,
}

fn timing() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})").unwrap()
    })
}

fn voice() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"<v(?:\.[\w.-]+)?\s+([^>]+)>").unwrap())
}

fn name_prefix() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^\s*([\p{Lu}][\p{L}\p{N}'’.\- ]{0,40}?)\s*:\s+").unwrap())
}

fn any_tag() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"</?[^>]*>").unwrap())
}

/// Parses a WebVTT (`webvtt = true`) or SRT file's text (already decoded and normalised).
pub fn parse_subtitles(text: &str, webvtt: bool) -> Result<Rebuilt, SubtitleProblem> {
    let mut lines = text.lines().enumerate().peekable();
    if webvtt {
        let first = lines.next().map(|(_, l)| l.trim_start_matches('\u{feff}')).unwrap_or("");
        if !first.starts_with("WEBVTT") {
            return Err(SubtitleProblem { line: 1, message: "a WebVTT file must start with the line `WEBVTT`".into() });
        }
    }
    let mut cues = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let flush = |block: &mut Vec<(usize, &str)>, cues: &mut Vec<Cue>| -> Result<(), SubtitleProblem> {
        let result = parse_block(block, webvtt).map(|cue| cues.extend(cue));
        block.clear();
        result
    };
    for (n, line) in lines {
        if line.trim().is_empty() {
            flush(&mut block, &mut cues)?;
        } else {
            block.push((n + 1, line));
        }
    }
    flush(&mut block, &mut cues)?;
    if cues.is_empty() {
        return Err(SubtitleProblem { line: 1, message: "the file has no cues with text".into() });
    }
    Ok(rebuild(cues))
}

/// One block of lines: a cue (optional identifier, timing, text), or a header, NOTE, STYLE or
/// REGION block, which are skipped.
fn parse_block(block: &[(usize, &str)], webvtt: bool) -> Result<Option<Cue>, SubtitleProblem> {
    let Some(&(first_line, first)) = block.first() else {
        return Ok(None);
    };
    if webvtt && ["NOTE", "STYLE", "REGION", "WEBVTT"].iter().any(|k| first.starts_with(k)) {
        return Ok(None);
    }
    let Some(t) = block.iter().position(|(_, l)| l.contains("-->")) else {
        return Err(SubtitleProblem {
            line: first_line,
            message: "a cue without a timing line (`00:00:01.000 --> 00:00:04.000`)".into(),
        });
    };
    let (timing_line, timing_text) = block[t];
    let caps = timing().captures(timing_text).ok_or_else(|| SubtitleProblem {
        line: timing_line,
        message: format!("cannot read the timing '{}'", timing_text.trim()),
    })?;
    let start = short_time(&caps[1]);
    check_cue_text(&block[t + 1..])?;
    let raw: Vec<&str> = block[t + 1..].iter().map(|(_, l)| l.trim()).collect();
    let raw = raw.join(" ");
    let mut speaker = voice().captures(&raw).map(|c| c[1].trim().to_string());
    let mut text = decode_entities(&any_tag().replace_all(&raw, ""));
    if speaker.is_none() {
        if let Some(c) = name_prefix().captures(&text) {
            speaker = Some(c[1].trim().to_string());
            text = text[c.get(0).unwrap().end()..].to_string();
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Ok(None);
    }
    Ok(Some(Cue { speaker, start, text }))
}

/// The text lines of one cue hold no second timing line (two cues not separated by a blank
/// line would merge the next speaker's words into this turn) and no tag left open (`<v Anja`
/// without `>`), which would swallow the words after it.
fn check_cue_text(lines: &[(usize, &str)]) -> Result<(), SubtitleProblem> {
    for &(line, text) in lines {
        if timing().is_match(text) {
            return Err(SubtitleProblem {
                line,
                message: "a second timing line inside a cue; separate cues with a blank line".into(),
            });
        }
        let (opened, closed) = (text.matches('<').count(), text.matches('>').count());
        if let Some(at) = text.rfind('<').filter(|&at| opened > closed && !text[at..].contains('>')) {
            return Err(SubtitleProblem {
                line,
                message: format!(
                    "the tag '{}' is not closed with '>'; close it (e.g. `<v Anja>`) or remove it",
                    text[at..].chars().take(30).collect::<String>()
                ),
            });
        }
    }
    Ok(())
}

/// `00:03:12.480` → `00:03:12`; `03:12.480` → `00:03:12`.
fn short_time(t: &str) -> String {
    let whole = t.split(['.', ',']).next().unwrap_or(t);
    if whole.matches(':').count() == 1 {
        format!("00:{whole}")
    } else {
        whole.to_string()
    }
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&amp;", "&")
}

/// Merges consecutive cues of one speaker and writes the plain transcript.
fn rebuild(cues: Vec<Cue>) -> Rebuilt {
    let mut merged: Vec<Cue> = Vec::new();
    for cue in cues {
        match merged.last_mut() {
            Some(last) if cue.speaker.is_none() || cue.speaker == last.speaker => {
                last.text.push(' ');
                last.text.push_str(&cue.text);
            }
            _ => merged.push(cue),
        }
    }
    let mut text = String::new();
    let mut turns = Vec::with_capacity(merged.len());
    for (i, cue) in merged.into_iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        let label = cue.speaker.unwrap_or_else(|| "Spreker".to_string());
        text.push_str(&format!("[{}] {}: ", cue.start, label));
        let start = text.len();
        text.push_str(&cue.text);
        turns.push(RawTurn { label, timestamp: Some(cue.start), start, end: text.len(), line: 2 * i + 1 });
    }
    text.push('\n');
    Rebuilt { text, turns }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAMS: &str = "WEBVTT\n\nabc/5-0\n00:00:04.120 --> 00:00:10.198\n<v Sanne Jansen>Zo, de opname loopt.</v>\n\nabc/6-0\n00:00:10.571 --> 00:00:13.445\n<v Sanne Jansen>Hoor je me?</v>\n\nabc/7-0\n00:01:14.322 --> 00:01:21.942\n<v Mark de Wit>Ja &amp; prima.</v>\n";

    #[test]
    fn teams_cues_merge_per_speaker() {
        let r = parse_subtitles(TEAMS, true).unwrap();
        assert_eq!(
            r.text,
            "[00:00:04] Sanne Jansen: Zo, de opname loopt. Hoor je me?\n\n[00:01:14] Mark de Wit: Ja & prima.\n"
        );
        assert_eq!(r.turns.len(), 2);
        assert_eq!(&r.text[r.turns[1].start..r.turns[1].end], "Ja & prima.");
        assert_eq!(r.turns[1].label, "Mark de Wit");
        assert_eq!(r.turns[0].timestamp.as_deref(), Some("00:00:04"));
    }

    #[test]
    fn srt_with_name_prefixes() {
        let srt = "1\n00:00:01,000 --> 00:00:04,000\nInterviewer: Wat doet u?\n\n2\n00:00:05,000 --> 00:00:09,000\nAnja: Ik werk bij de ggz.\n\n3\n00:00:09,500 --> 00:00:12,000\nen al lang.\n";
        let r = parse_subtitles(srt, false).unwrap();
        let labels: Vec<_> = r.turns.iter().map(|t| (t.label.as_str(), &r.text[t.start..t.end])).collect();
        assert_eq!(labels, vec![("Interviewer", "Wat doet u?"), ("Anja", "Ik werk bij de ggz. en al lang.")]);
    }

    #[test]
    fn broken_files_name_the_line() {
        assert_eq!(parse_subtitles("hallo\n", true).unwrap_err().line, 1);
        let err = parse_subtitles("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\ntekst\n", true).unwrap_err();
        assert_eq!(err.line, 3);
        let err = parse_subtitles("WEBVTT\n\n00:00:x --> 00:00:02.000\ntekst\n", true).unwrap_err();
        assert!(err.message.contains("timing"), "{}", err.message);
        assert!(parse_subtitles("WEBVTT\n\n", true).unwrap_err().message.contains("no cues"));
    }

    #[test]
    fn notes_and_styles_are_skipped() {
        let vtt = "WEBVTT - Teams\n\nNOTE dit is een notitie\n\nSTYLE\n::cue { color: red }\n\n00:01.000 --> 00:02.000\n<v.loud Jan>Ja.</v>\n";
        let r = parse_subtitles(vtt, true).unwrap();
        assert_eq!(r.text, "[00:00:01] Jan: Ja.\n");
    }

    /// Regression (issue 14): cues run together must not merge two speakers' words.
    #[test]
    fn srt_without_blank_lines_and_an_unclosed_vtt_tag_name_the_line() {
        let srt = "1\n00:00:01,000 --> 00:00:04,000\nI: Hoe ging dat?\n2\n00:00:05,000 --> 00:00:09,000\nR: Goed.\n";
        let problem = parse_subtitles(srt, false).unwrap_err();
        assert_eq!(problem.line, 5, "{problem:?}");
        assert!(problem.message.contains("blank line"), "{problem:?}");
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer Hoe ging dat?\n\n00:00:05.000 --> 00:00:09.000\n<v Anja>Goed.</v>\n";
        let problem = parse_subtitles(vtt, true).unwrap_err();
        assert_eq!(problem.line, 4, "{problem:?}");
        assert!(problem.message.contains("not closed"), "{problem:?}");
        // Text with a lone '<' that is no tag at all, and an arrow in words, stay allowed.
        let fine = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Anja>minder dan 5 <> meer --> ja</v>\n";
        assert!(parse_subtitles(fine, true).is_ok());
    }
}
