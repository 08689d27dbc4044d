//! Small text helpers shared by the extractors: digit folding, whitespace, Thai letter classes,
//! and repair of the Private-Use-Area glyphs that PDF text layers produce.

/// The value of an Arabic (0–9) or Thai (๐–๙, U+0E50–U+0E59) digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0E50}'..='\u{0E59}' => Some(c as u32 - 0x0E50),
        _ => None,
    }
}

/// True for Arabic and Thai digits.
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Thai digits become Arabic; everything else is kept. Catalogue values use Arabic digits so
/// that "๒๕๖๓" and "2563" sort, facet and compare as one.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0E50}'..='\u{0E59}' => char::from(b'0' + (c as u32 - 0x0E50) as u8),
            _ => c,
        })
        .collect()
}

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
    fn digits_fold_to_arabic() {
        assert_eq!(to_arabic_digits("ที่ ๑๒/๒๕๖๓ and 7"), "ที่ 12/2563 and 7");
        assert_eq!(digit_value('๙'), Some(9));
        assert_eq!(digit_value('a'), None);
    }

    #[test]
    fn clean_value_normalises_spacing() {
        assert_eq!(
            clean_value("  แผน  ประจำปี\tพ.ศ.๒๕๖๓ "),
            "แผน ประจำปี พ.ศ. 2563"
        );
        assert_eq!(clean_value("พ.ศ. 2563"), "พ.ศ. 2563");
    }
}
