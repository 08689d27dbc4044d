//! Thai combining marks and their canonical order within one cluster.
//!
//! A cluster's marks can be stored in several orders that look the same on screen (ก + ู + ่
//! and ก + ่ + ู draw one glyph stack), and PDF producers emit them in drawing order. Search,
//! snippets and metadata need one order: this one.

/// Thai combining marks (general category Mn): ั, ิ ี ึ ื ุ ู ฺ, ็ ่ ้ ๊ ๋ ์ ํ ๎.
pub fn is_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// ่ ้ ๊ ๋
pub fn is_tone_mark(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// Canonical order of Thai marks within a run (smaller first): PHINTHU < lower vowel (ุ ู) <
/// upper vowel (ั ิ ี ึ ื ็) < tone mark (่ ้ ๊ ๋) < ์ ํ ๎. It agrees with Unicode's combining
/// classes where those are non-zero (ฺ 9 < ุ ู 103 < tone marks 107), so text in this order is
/// also in NFC.
pub fn mark_rank(c: char) -> u8 {
    match c {
        '\u{0E3A}' => 0,
        '\u{0E38}' | '\u{0E39}' => 1,
        '\u{0E31}' | '\u{0E34}'..='\u{0E37}' | '\u{0E47}' => 2,
        '\u{0E48}'..='\u{0E4B}' => 3,
        _ => 4,
    }
}
