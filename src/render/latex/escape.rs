//! Text as pdflatex reads it with any common preamble: every character the program writes
//! either passes through as a letter pdflatex's default `utf8` input encoding sets in both the
//! OT1 and the T1 font encoding, or becomes a LaTeX command that needs no extra package.
//!
//! Issue 18: U+2212 (minus) and U+2264 (≤) in the saturation tables stopped pdflatex with
//! "Unicode character not set up for use with LaTeX". Symbols from the TS1 (textcomp) encoding
//! are written in math mode instead, because with OT1 — pdflatex's default — they need
//! bitmap fonts generated on the fly, and some (× in text mode) print as a wrong glyph.

use unicode_normalization::UnicodeNormalization;

/// Escapes the characters LaTeX treats specially, so that "50% & meer_dan {x}" prints as
/// written, and writes every character outside ASCII in a form pdflatex accepts.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = '\0';
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str(r"\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str(r"\textasciitilde{}"),
            '<' => out.push_str(r"\textless{}"),
            '>' => out.push_str(r"\textgreater{}"),
            '|' => out.push_str(r"\textbar{}"),
            '^' => out.push_str(r"\textasciicircum{}"),
            // `\\`, `\toprule` and `\midrule` read a following "[" as an optional argument.
            '[' => out.push_str("{[}"),
            // "--" and "---" are ligatures (dashes) in LaTeX; a typed "--" stays two hyphens.
            '-' if previous == '-' => out.push_str("{}-"),
            '\n' | '\t' | '\r' => out.push(' '),
            c if c.is_ascii() => out.push(c),
            c if passes_through(c) => out.push(c),
            c => out.push_str(&command(c)),
        }
        previous = ch;
    }
    out
}

/// Latin letters that pdflatex sets from UTF-8 in both OT1 and T1 (checked with pdflatex on
/// every letter of Latin-1 and Latin Extended-A): an ASCII letter with combining accents
/// (é, ë, ç, ő, č …) and the letters both encodings hold themselves.
fn passes_through(c: char) -> bool {
    if "ßæÆøØœŒåÅłŁı".contains(c) {
        return true;
    }
    let mut parts = std::iter::once(c).nfd();
    let base_is_letter = parts.next().is_some_and(|b| b.is_ascii_alphabetic());
    let accents: Vec<char> = parts.collect();
    base_is_letter && !accents.is_empty() && accents.iter().all(|a| ACCENTS.contains(a))
}

/// The combining accents LaTeX has a text accent command for in OT1 and T1.
const ACCENTS: &[char] = &[
    '\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{304}', '\u{306}', '\u{307}', '\u{308}', '\u{30A}', '\u{30B}',
    '\u{30C}', '\u{327}', '\u{328}',
];

/// The LaTeX for a character that does not pass through: a command for the symbols the
/// program and transcripts use, the compatibility decomposition for ligatures and the like
/// (ﬁ → fi), and otherwise a visible `[U+1F600]`, so nothing is lost without a trace.
fn command(c: char) -> String {
    let known = match c {
        '\u{2212}' => r"\ensuremath{-}",
        '≤' => r"\ensuremath{\leq}",
        '≥' => r"\ensuremath{\geq}",
        '≠' => r"\ensuremath{\neq}",
        '≈' => r"\ensuremath{\approx}",
        '±' => r"\ensuremath{\pm}",
        '×' => r"\ensuremath{\times}",
        '÷' => r"\ensuremath{\div}",
        '·' | '⋅' => r"\ensuremath{\cdot}",
        '°' => r"\ensuremath{^\circ}",
        'µ' | 'μ' => r"\ensuremath{\mu}",
        '→' => r"\ensuremath{\rightarrow}",
        '←' => r"\ensuremath{\leftarrow}",
        '↔' => r"\ensuremath{\leftrightarrow}",
        '⇒' => r"\ensuremath{\Rightarrow}",
        '⇔' => r"\ensuremath{\Leftrightarrow}",
        '∞' => r"\ensuremath{\infty}",
        '²' => r"\textsuperscript{2}",
        '³' => r"\textsuperscript{3}",
        '¹' => r"\textsuperscript{1}",
        '–' => "--",
        '—' => "---",
        '…' => r"\ldots{}",
        '‘' | '‚' => "`",
        '’' | '′' => "'",
        '“' | '«' => "``",
        '”' | '»' | '″' => "''",
        '„' => ",,",
        '•' => r"\textbullet{}",
        '§' => r"\S{}",
        '¶' => r"\P{}",
        '©' => r"\copyright{}",
        '€' => "EUR",
        '\u{a0}' => "~",
        '\u{202f}' | '\u{2009}' => r"\,",
        '\u{ad}' => r"\-",
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => "",
        _ => return fallback(c),
    };
    known.to_string()
}

fn fallback(c: char) -> String {
    let decomposed: String = std::iter::once(c).nfkd().collect();
    if decomposed.chars().all(|d| d.is_ascii() || passes_through(d)) && !decomposed.contains(c) {
        return escape(&decomposed);
    }
    if c.is_whitespace() {
        return " ".to_string();
    }
    format!("[U+{:04X}]", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_specials() {
        assert_eq!(
            escape(r"50% & a_b {c} #1 $2 ~ ^ \x"),
            r"50\% \& a\_b \{c\} \#1 \$2 \textasciitilde{} \textasciicircum{} \textbackslash{}x"
        );
    }

    #[test]
    fn angle_brackets_bars_and_brackets() {
        assert_eq!(escape("a<b>c|d [lacht]"), r"a\textless{}b\textgreater{}c\textbar{}d {[}lacht]");
    }

    #[test]
    fn the_symbols_of_the_saturation_tables_become_commands() {
        // The two characters issue 18 found stopping pdflatex, and the arrow of the
        // co-occurrence tables.
        assert_eq!(escape("(m−1)/m"), r"(m\ensuremath{-}1)/m");
        assert_eq!(escape("≤ 5%"), r"\ensuremath{\leq} 5\%");
        assert_eq!(escape("a → b × 2"), r"a \ensuremath{\rightarrow} b \ensuremath{\times} 2");
        assert_eq!(escape("5–6 … “ja”"), r"5--6 \ldots{} ``ja''");
    }

    #[test]
    fn dutch_and_other_latin_letters_pass_through() {
        assert_eq!(escape("cliënt één café Ørsted Łódź Straße"), "cliënt één café Ørsted Łódź Straße");
    }

    #[test]
    fn double_hyphens_stay_hyphens() {
        assert_eq!(escape("a--b"), "a-{}-b");
        assert_eq!(escape("a---b"), "a-{}-{}-b");
    }

    #[test]
    fn anything_else_is_ascii_or_a_visible_code_point() {
        assert_eq!(escape("ﬁets"), "fiets");
        assert_eq!(escape("ok 😀"), "ok [U+1F600]");
        assert_eq!(escape("ħ"), "[U+0127]");
        for c in (0x80u32..0x3000).filter_map(char::from_u32) {
            let out = escape(&c.to_string());
            assert!(out.chars().all(|o| o.is_ascii() || passes_through(o)), "{c:?} gave {out:?}");
        }
    }
}
