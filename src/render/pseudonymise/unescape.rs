//! Each output format as a reader sees it: the final check searches for real names in the text
//! a format shows, not only in the bytes it stores (an entity, a backslash or a JSON escape
//! would otherwise hide a name).

use std::borrow::Cow;
use std::io::Read;

/// The text entries of a zip archive (an `.xlsx`), by name; unreadable entries are skipped.
pub(super) fn zip_texts(bytes: &[u8]) -> Vec<(String, String)> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else { continue };
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            out.push((entry.name().map(|n| n.to_string()).unwrap_or_default(), text));
        }
    }
    out
}

/// LaTeX and Markdown text with the backslash of every escaped special character dropped
/// (`Zorg \& Co`, `Jansen\_2`), and LaTeX's `{}` after a command removed.
pub(super) fn unescape_backslashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out.replace("{}", "")
}

/// Every string of a JSON file (keys and values), one a line, as the reader of the parsed file
/// sees them; the raw text when it is not JSON.
pub(super) fn json_strings(bytes: &[u8]) -> String {
    fn collect(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| {
                out.push_str(k);
                out.push('\n');
                collect(v, out);
            }),
            _ => {}
        }
    }
    let mut out = String::new();
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(value) => collect(&value, &mut out),
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
    out
}

/// The predefined XML entities and the numeric ones HTML templates write for quotes and
/// slashes, so that "Zorg &amp; Co" is searched as "Zorg & Co".
///
/// One pass, each entity read once ("&amp;lt;" is "&lt;", as a browser shows it), and the text
/// itself when it has no "&": the check reads every HTML and SVG output, megabytes in a large
/// study, and eight chained `replace`s made eight copies of each (issue 15).
pub(super) fn unescape_xml(text: &str) -> Cow<'_, str> {
    const ENTITIES: [(&str, &str); 8] = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&#x2f;", "/"),
        ("&amp;", "&"),
    ];
    let Some(first) = text.find('&') else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, plain)) => {
                out.push_str(plain);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
