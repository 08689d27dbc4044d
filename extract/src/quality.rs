//! Does the text look mis-extracted? A check on what every reader gives back, after
//! [`thai::repair`], for the damage no repair can undo.
//!
//! A PDF whose fonts map glyphs to the wrong characters, an old Thai font without a Unicode
//! map, a file saved in one encoding and read in another: each yields text that reads wrong
//! on the card and is not found by the words a citizen types, while the build succeeds. Such
//! text has traces that typed Thai never has — a vowel or tone mark on no letter, two
//! different tone marks on one letter, replacement characters, Private-Use glyphs, Thai bytes
//! shown as Latin-1 letters ("»ÃСÒÈ" for ประกาศ) — and a few of them in a document are
//! enough to say so (see [`assess`]).

use std::sync::OnceLock;

use crate::Note;

/// Share of Thai letters (per mille) above which stray marks mean broken text: typed Thai has
/// none after repair; OCR and careless typing leave a few.
const MAX_STRAY_PER_MILLE: u32 = 5;
/// At least this many traces before anything is said (one slip is not a broken file).
const MIN_TRACES: usize = 3;

/// What kind of damage, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Damage {
    /// Sequences Thai spelling cannot have: a mark on no letter, two vowel marks or two tone
    /// marks on one (ดังนูี), a vowel above or below followed by า ะ ำ (จูาง).
    Impossible,
    /// U+FFFD where characters could not be decoded.
    ReplacementCharacters,
    /// Private-Use-Area codepoints: glyphs with no Unicode meaning.
    PrivateUse,
    /// Thai bytes read as Windows-1252/Latin-1 letters.
    ThaiAsLatin,
}

impl Damage {
    pub(crate) fn english(&self) -> &'static str {
        match self {
            Damage::Impossible => {
                "Thai vowels or tone marks stand where Thai spelling cannot have them"
            }
            Damage::ReplacementCharacters => "characters could not be decoded (\u{FFFD})",
            Damage::PrivateUse => "glyphs without Unicode meaning (Private Use Area)",
            Damage::ThaiAsLatin => {
                "Thai came out as Latin letters (a font or file without a Thai encoding)"
            }
        }
    }
}

/// A [`Note::TextLooksBroken`] when `text` shows enough traces of mis-extraction, else `None`.
pub(crate) fn assess(text: &str) -> Option<Note> {
    let chars: Vec<char> = text.chars().collect();
    let mut thai_letters = 0usize;
    let mut letters = 0usize;
    let mut stray: Vec<usize> = Vec::new();
    let mut replacement: Vec<usize> = Vec::new();
    let mut private: Vec<usize> = Vec::new();
    let mut latin1: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if is_alphabetic(c) {
            letters += 1;
        }
        if ('\u{0E01}'..='\u{0E5B}').contains(&c) {
            thai_letters += 1;
        }
        if thai::is_mark(c) || c == '\u{0E33}' {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let on_letter = prev.is_some_and(|p| is_consonant(p) || thai::is_mark(p));
            if !on_letter
                || second_of_its_kind(&chars, i)
                || (c == '\u{0E33}' && after_vowel_mark(&chars, i))
            {
                stray.push(i);
            }
        } else if matches!(c, '\u{0E30}' | '\u{0E32}' | '\u{0E45}') && after_vowel_mark(&chars, i) {
            stray.push(i);
        } else if c == '\u{FFFD}' {
            replacement.push(i);
        } else if ('\u{E000}'..='\u{F8FF}').contains(&c) {
            private.push(i);
        } else if ('\u{00C0}'..='\u{00FF}').contains(&c) || ('\u{00A1}'..='\u{00BF}').contains(&c) {
            latin1.push(i);
        }
    }
    let per_mille = |n: usize, of: usize| (n * 1000 / of.max(1)) as u32;
    let mut found: Vec<(Damage, &[usize], u32)> = Vec::new();
    if stray.len() >= MIN_TRACES && per_mille(stray.len(), thai_letters) > MAX_STRAY_PER_MILLE {
        found.push((
            Damage::Impossible,
            &stray,
            per_mille(stray.len(), thai_letters),
        ));
    }
    let all = chars.len();
    if replacement.len() >= MIN_TRACES && per_mille(replacement.len(), all) > 2 {
        found.push((
            Damage::ReplacementCharacters,
            &replacement,
            per_mille(replacement.len(), all),
        ));
    }
    if private.len() >= MIN_TRACES && per_mille(private.len(), all) > 2 {
        found.push((Damage::PrivateUse, &private, per_mille(private.len(), all)));
    }
    // French or German has a few accented letters per word; TIS-620 shown as Latin-1 is made of
    // them (every Thai character is one).
    if latin1.len() >= 20 && per_mille(latin1.len(), letters) > 300 && thai_letters * 10 < letters {
        found.push((
            Damage::ThaiAsLatin,
            &latin1,
            per_mille(latin1.len(), letters),
        ));
    }
    let (damage, at, per_mille) = found.into_iter().max_by_key(|(_, at, _)| at.len())?;
    Some(Note::TextLooksBroken {
        damage,
        per_mille,
        example: excerpt(&chars, at[0]),
    })
}

/// Is the character before `at` (tone marks skipped) a vowel written above or below (ั ิ ี ึ
/// ื ุ ู ็)? No Thai syllable follows one of those with า ะ ๅ ำ.
fn after_vowel_mark(chars: &[char], at: usize) -> bool {
    chars[..at]
        .iter()
        .rev()
        .find(|&&p| !('\u{0E48}'..='\u{0E4C}').contains(&p))
        .is_some_and(|&p| matches!(p, '\u{0E31}' | '\u{0E34}'..='\u{0E39}' | '\u{0E47}'))
}

/// Vowels written above or below a letter: ั ิ ี ึ ื ุ ู ็. A letter carries one at most.
fn is_vowel_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E39}' | '\u{0E47}')
}

/// Is the mark at `at` the second vowel mark, or the second tone mark, on its letter (ดังนูี:
/// ู and ี on one น; หม่้)? Thai writes one of each at most.
fn second_of_its_kind(chars: &[char], at: usize) -> bool {
    let c = chars[at];
    let same_kind = |p: char| {
        (is_vowel_mark(c) && is_vowel_mark(p)) || (thai::is_tone_mark(c) && thai::is_tone_mark(p))
    };
    chars[..at]
        .iter()
        .rev()
        .take_while(|&&p| thai::is_mark(p))
        .any(|&p| same_kind(p))
}

/// `char::is_alphabetic`, with the Thai block — most of every text here — answered from a
/// table that function made once: its search of the Unicode tables for each non-ASCII
/// character was a fifth of a build's CPU time (docs/benchmarks-log.md, issue 30).
fn is_alphabetic(c: char) -> bool {
    static THAI: OnceLock<u128> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match (c as u32).checked_sub(0x0E00) {
        Some(offset) if offset < 128 => {
            let table = THAI.get_or_init(|| {
                (0..128u32)
                    .filter(|&o| char::from_u32(0x0E00 + o).is_some_and(char::is_alphabetic))
                    .fold(0, |table, o| table | (1 << o))
            });
            (table >> offset) & 1 == 1
        }
        _ => c.is_alphabetic(),
    }
}

/// Thai consonants ก–ฮ, and ฤ ฦ (which take marks like consonants).
fn is_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// The words around position `at`, for staff to find the place in the file.
fn excerpt(chars: &[char], at: usize) -> String {
    let from = at.saturating_sub(8);
    let to = (at + 8).min(chars.len());
    chars[from..to]
        .iter()
        .map(|&c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_counted_as_the_standard_library_counts_them() {
        let chars = (0..0x3000u32)
            .chain(0xE000..0xE100)
            .chain([0xFFFD, 0x1F600])
            .filter_map(char::from_u32);
        for c in chars {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    fn damage(text: &str) -> Option<Damage> {
        match assess(text) {
            Some(Note::TextLooksBroken { damage, .. }) => Some(damage),
            _ => None,
        }
    }

    #[test]
    fn broken_text_is_told_from_typed_text() {
        let typed = "ประกาศองค์การบริหารส่วนตำบลโคกทราย เรื่อง การเปิดเผยข้อมูลข่าวสาร น้ำ ผู้ใหญ่ ที่ ๒๕๖๓ ";
        let cases: &[(&str, String, Option<Damage>)] = &[
            ("typed Thai", typed.repeat(20), None),
            (
                "English",
                "Integrity and Transparency Assessment ".repeat(30),
                None,
            ),
            (
                "French, with accents",
                "Le marché de la ville a été fermé à cause de l'été ".repeat(20),
                None,
            ),
            // The LibreOffice export: marks moved off their letters (ให้ → ใหู is a
            // wrong letter, not detectable; ขูอม้ล and หม่้ are).
            (
                "impossible sequences",
                format!("{}ขูอม้ล ใหู จูาง หม่้ วังนำเขียว เ่ก า้ ", typed.repeat(3)),
                Some(Damage::Impossible),
            ),
            (
                "replacement characters",
                format!("{}\u{FFFD}\u{FFFD}\u{FFFD}", typed),
                Some(Damage::ReplacementCharacters),
            ),
            (
                "private-use glyphs",
                format!("{}\u{E012}\u{E013}\u{E014}", typed),
                Some(Damage::PrivateUse),
            ),
            // "ประกาศองค์การบริหารส่วนตำบล" in TIS-620, read as Windows-1252.
            (
                "Thai as Latin-1",
                "»ÃСÒÈͧ¤ì¡ÒúÃÔËÒÃÊèǹµÓºÅ ".repeat(3),
                Some(Damage::ThaiAsLatin),
            ),
            (
                "one slip is not a broken file",
                format!("{}า้", typed.repeat(5)),
                None,
            ),
        ];
        for (what, text, want) in cases {
            assert_eq!(damage(text), *want, "{what}");
        }
    }

    #[test]
    fn the_note_shows_where() {
        let text = format!("{}ขูอม้ล ใหู จูาง หม่้ เ่ก", "ประกาศ ".repeat(5));
        match assess(&text) {
            Some(Note::TextLooksBroken { example, .. }) => {
                assert!(example.contains("จูาง"), "{example}")
            }
            other => panic!("{other:?}"),
        }
    }
}
