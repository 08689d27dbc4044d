//! Small text helpers shared by the extractors: digit folding (from the thai crate), whitespace, Thai letter classes,
//! and repair of the Private-Use-Area glyphs that PDF text layers produce.

pub use thai::{digit_value, is_digit, to_arabic_digits};

/// Runs of whitespace (including NBSP and tabs) become one space; ends are trimmed.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All whitespace removed, for matching names that PDF extraction split ("กองวิชาการ และแผนงาน").
pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Thai consonants, vowels, tone marks and signs (not Thai digits or ฯ-type punctuation that
/// ends a name).
pub fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E2E}' | '\u{0E30}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E4E}')
}

/// Normalises a title or name for output: Arabic digits, one space between words, and
/// "พ.ศ.2563" written "พ.ศ. 2563" (both spellings occur; one form keeps titles comparable).
pub fn clean_value(s: &str) -> String {
    let s = collapse_ws(&to_arabic_digits(s));
    let mut out = String::with_capacity(s.len() + 4);
    let mut rest = s.as_str();
    while let Some(i) = rest.find("พ.ศ.") {
        let after = &rest[i + "พ.ศ.".len()..];
        out.push_str(&rest[..i + "พ.ศ.".len()]);
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_value_normalises_spacing() {
        assert_eq!(
            clean_value("  แผน  ประจำปี\tพ.ศ.๒๕๖๓ "),
            "แผน ประจำปี พ.ศ. 2563"
        );
        assert_eq!(clean_value("พ.ศ. 2563"), "พ.ศ. 2563");
    }
}
