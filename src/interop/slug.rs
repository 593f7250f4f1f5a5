//! Code ids from other tools' code names: `THEME - Affordances` → `theme-affordances`.

use unicode_normalization::UnicodeNormalization;

/// Lower-case ASCII letters and digits joined by single hyphens; diacritics dropped
/// (`Cliëntregie` → `clientregie`). Empty for a name without letters or digits.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_hyphen = false;
    for c in name.nfd() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else {
            pending_hyphen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("THEME - Affordances"), "theme-affordances");
        assert_eq!(slug("Cliëntregie & één plan"), "clientregie-een-plan");
        assert_eq!(slug("  --  "), "");
        assert_eq!(slug("Parent\\Child"), "parent-child");
    }
}
