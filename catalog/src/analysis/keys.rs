//! Which characters make up Thai words, and the one-byte-per-character keys of the dictionary.
//!
//! Shared with `build.rs`, which compiles the dictionary with the same rules.
//!
//! Dictionary keys encode a Thai character (U+0E00–U+0E7F) as the single byte
//! `0x80 + (c - U+0E00)` and `.` as itself (abbreviations such as อบต. and พ.ศ.). In UTF-8 each
//! Thai character is 3 bytes; one byte per character makes the FST smaller and every dictionary
//! walk a third as long, and a walk step is exactly one character.

/// Characters that form Thai words: consonants, ฯ PAIYANNOI (part of abbreviations like
/// กรุงเทพฯ *Bangkok*), vowels and marks. Not ๆ MAI YAMOK (repetition sign), ฿ (baht sign), ๏ ๚ ๛
/// (ornamental punctuation) or digits (normalization turned Thai digits into ASCII anyway).
pub fn is_thai_word_char(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Characters a Thai word run may contain: Thai word characters, and `.` which only ever ends
/// up inside a word when a dictionary abbreviation covers it; elsewhere it separates.
pub fn is_word_run_char(c: char) -> bool {
    c == '.' || is_thai_word_char(c)
}

/// The key byte of a word-run character (`None` for anything else).
pub fn key_byte(c: char) -> Option<u8> {
    if c == '.' {
        Some(b'.')
    } else if is_thai_word_char(c) {
        Some(0x80 + (c as u32 - 0x0E00) as u8)
    } else {
        None
    }
}

/// Key of a normalized dictionary word; `None` if it has characters that never occur inside a
/// Thai word run (spaces, Latin, digits, ๆ …) or no Thai letter at all, as it could never match.
pub fn word_key(normalized_word: &str) -> Option<Vec<u8>> {
    let key: Vec<u8> = normalized_word
        .chars()
        .map(key_byte)
        .collect::<Option<_>>()?;
    key.iter().any(|&b| b != b'.').then_some(key)
}

/// Whether a key byte is a consonant ก–ฮ (U+0E01–U+0E2E).
pub fn is_consonant_key(b: u8) -> bool {
    (0x81..=0xAE).contains(&b)
}
