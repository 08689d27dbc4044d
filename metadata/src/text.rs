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

/// Repairs text from PDFs set in TH Sarabun-style fonts: shifted tone marks and vowels come out
/// as Private-Use-Area codepoints (Windows U+F700–U+F71A, Mac U+F884–U+F89E), and SARA AM as
/// NIKHAHIT + SARA AA. Without this, "ประกาศ" or "เรื่อง" in such text would not match.
/// Mapping from HarfBuzz's Thai shaper (hb-ot-shaper-thai.cc, the PUA fallback tables).
pub fn repair_thai(s: &str) -> String {
    repair_thai_tracked(s).0
}

/// [`repair_thai`], with the byte offsets in `s` of the SARA AA characters it dropped: the only
/// change of length (PUA and Thai code points are both three bytes in UTF-8), so offsets into
/// `s` can be carried over to the repaired text (see [`shift_offset`]).
pub fn repair_thai_tracked(s: &str) -> (String, Vec<usize>) {
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    let mut dropped = Vec::new();
    for (at, c) in s.char_indices() {
        let c = unshift_pua(c);
        // NIKHAHIT (+ tone mark) + SARA AA → (tone mark +) SARA AM.
        if c == '\u{0E32}' {
            let n = out.len();
            if n >= 1 && out[n - 1] == '\u{0E4D}' {
                out[n - 1] = '\u{0E33}';
                dropped.push(at);
                continue;
            }
            if n >= 2 && out[n - 2] == '\u{0E4D}' && ('\u{0E48}'..='\u{0E4B}').contains(&out[n - 1])
            {
                out[n - 2] = out[n - 1];
                out[n - 1] = '\u{0E33}';
                dropped.push(at);
                continue;
            }
        }
        out.push(c);
    }
    (out.into_iter().collect(), dropped)
}

/// Where byte offset `at` of the original text lies in the text [`repair_thai_tracked`] made of
/// it, given the offsets it `dropped` (ascending).
pub fn shift_offset(at: usize, dropped: &[usize]) -> usize {
    let before = dropped.partition_point(|&d| d < at);
    at.saturating_sub(before * '\u{0E32}'.len_utf8())
}

fn unshift_pua(c: char) -> char {
    let u = match c as u32 {
        0xF700 | 0xF89E => 0x0E10,
        0xF70F | 0xF89A => 0x0E0D,
        0xF701 | 0xF885 => 0x0E34,
        0xF702 | 0xF886 => 0x0E35,
        0xF703 | 0xF887 => 0x0E36,
        0xF704 | 0xF888 => 0x0E37,
        0xF705 | 0xF70A | 0xF713 | 0xF88A | 0xF88B | 0xF88C => 0x0E48,
        0xF706 | 0xF70B | 0xF714 | 0xF88D | 0xF88E | 0xF88F => 0x0E49,
        0xF707 | 0xF70C | 0xF715 | 0xF890 | 0xF891 | 0xF892 => 0x0E4A,
        0xF708 | 0xF70D | 0xF716 | 0xF893 | 0xF894 | 0xF895 => 0x0E4B,
        0xF709 | 0xF70E | 0xF717 | 0xF896 | 0xF897 | 0xF898 => 0x0E4C,
        0xF710 | 0xF884 => 0x0E31,
        0xF711 | 0xF899 => 0x0E4D,
        0xF712 | 0xF889 => 0x0E47,
        0xF718 | 0xF89B => 0x0E38,
        0xF719 | 0xF89C => 0x0E39,
        0xF71A | 0xF89D => 0x0E3A,
        _ => return c,
    };
    char::from_u32(u).unwrap_or(c)
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

    #[test]
    fn pua_and_sara_am_are_repaired() {
        // "ให้" with the Windows low-left MAI THO, "ทำ" as NIKHAHIT + SARA AA,
        // "น้ำ" as NIKHAHIT + MAI THO + SARA AA.
        assert_eq!(repair_thai("ให\u{F70B}"), "ให้");
        assert_eq!(repair_thai("ท\u{0E4D}\u{0E32}"), "ทำ");
        assert_eq!(repair_thai("น\u{0E4D}\u{0E49}\u{0E32}"), "น้ำ");
        assert_eq!(repair_thai("ป\u{F89A}"), "ปญ");
        assert_eq!(repair_thai("plain"), "plain");
        // "ทำ ๒๕๖๓": the year's digits move back by the three bytes of the dropped SARA AA.
        let original = "ท\u{0E4D}\u{0E32} ๒๕๖๓";
        let (repaired, dropped) = repair_thai_tracked(original);
        let year = original.find('๒').unwrap_or(0);
        assert_eq!(&repaired[shift_offset(year, &dropped)..], "๒๕๖๓");
    }
}
