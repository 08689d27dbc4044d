//! The repair of Thai text as extractors get it back, into the characters its author typed.
//!
//! PDF producers write the glyphs they drew, and readers map glyphs back to characters one by
//! one. For Thai that loses three things, all invisible on screen and all fatal to an exact
//! search, a card title or an agency facet:
//! - shifted glyphs of marks (a tone mark moved down or left past a tall consonant) come back
//!   as Private-Use-Area codepoints ([`crate::pua`]);
//! - ำ SARA AM is drawn as ํ NIKHAHIT + า SARA AA, and LibreOffice's ToUnicode maps the
//!   first glyph to ำ itself, so both "นํ้า" and "นำ้า" come back for น้ำ;
//! - marks come back in drawing order (รู้ as ร + ้ + ู), not in the order Thai is typed.
//!
//! [`repair`] undoes exactly these and nothing else: what is shown is what was shown before,
//! and text already in canonical form comes back unchanged (so it is idempotent).

use crate::marks::{is_mark, mark_rank};
use crate::pua::pua_to_thai;

const NIKHAHIT: char = '\u{0E4D}';
const SARA_AA: char = '\u{0E32}';
const SARA_AM: char = '\u{0E33}';

/// `text` with PUA glyphs mapped to Thai, ํ/ำ + า composed to ำ, and each cluster's marks in
/// canonical order (tone marks before ำ). See the module doc.
pub fn repair(text: &str) -> String {
    repair_tracked(text).0
}

/// [`repair`], with the byte offsets in `text` of the characters it dropped (the า of a split
/// ำ, a mark drawn twice), ascending: the only changes of length, since every other change
/// swaps one Thai character (3 bytes in UTF-8) for another. With [`shift_offset`], spans found
/// in `text` can be carried over to the repaired text.
pub fn repair_tracked(text: &str) -> (String, Vec<usize>) {
    if !text.chars().any(needs_look) {
        return (text.to_string(), Vec::new());
    }
    let chars: Vec<(usize, char)> = text
        .char_indices()
        .map(|(at, c)| (at, pua_to_thai(c).unwrap_or(c)))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut dropped = Vec::new();
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !(is_mark(c) || c == SARA_AM) {
            out.push(c);
            i += 1;
            continue;
        }
        // A run: marks, ํ or ำ, and a following า that completes ำ; ends at anything else.
        // ำ (or the ํ that becomes it) is written last; its position is the first one's.
        run.clear();
        let mut am: Option<usize> = None;
        let mut j = i;
        while j < chars.len() {
            let (at, d) = chars[j];
            let rest = &chars[j + 1..];
            if d == SARA_AM || (d == NIKHAHIT && completes_am(rest)) {
                if am.is_some() {
                    dropped.push(at);
                }
                am.get_or_insert(at);
            } else if d == SARA_AA && am.is_some() {
                // The า of a split ำ (ํ…า or ำ…า): swallowed by the ำ already recorded.
                dropped.push(at);
                j += 1;
                break;
            } else if is_mark(d) {
                run.push((at, d));
            } else {
                break;
            }
            j += 1;
        }
        run.sort_by_key(|&(_, m)| mark_rank(m)); // stable: equal ranks keep their order
        let mut last: Option<char> = None;
        for &(at, m) in &run {
            if last == Some(m) {
                dropped.push(at);
            } else {
                out.push(m);
            }
            last = Some(m);
        }
        if am.is_some() {
            out.push(SARA_AM);
        }
        i = j;
    }
    dropped.sort_unstable();
    (out, dropped)
}

/// Where byte offset `at` of a text lies in what [`repair_tracked`] made of it, given the
/// offsets it `dropped`. Offsets inside a reordered cluster move to somewhere in the same
/// cluster.
pub fn shift_offset(at: usize, dropped: &[usize]) -> usize {
    let before = dropped.partition_point(|&d| d < at);
    // Every dropped character is Thai: 3 bytes.
    at.saturating_sub(before * 3)
}

/// Characters that can need repair: PUA glyphs, marks, ำ.
fn needs_look(c: char) -> bool {
    is_mark(c) || c == SARA_AM || pua_to_thai(c).is_some()
}

/// After a NIKHAHIT: only marks (and at most three) up to an า — the split form of ำ.
fn completes_am(rest: &[(usize, char)]) -> bool {
    rest.iter()
        .take(4)
        .find(|&&(_, c)| !(is_mark(c) && c != NIKHAHIT))
        .is_some_and(|&(_, c)| c == SARA_AA)
}

#[cfg(test)]
mod tests {
    use super::{repair, repair_tracked, shift_offset};

    #[test]
    fn repairs() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "already canonical",
                "เป็นไปได้ รู้ น้ำ ที่ ผู้ใหญ่",
                "เป็นไปได้ รู้ น้ำ ที่ ผู้ใหญ่",
            ),
            (
                "tone drawn before the lower vowel",
                "ร\u{0E49}\u{0E39}",
                "รู้",
            ),
            ("tone before the upper vowel", "ท\u{0E48}\u{0E35}", "ที่"),
            ("PUA mai tho, Windows", "ข\u{F70B}อ", "ข้อ"),
            ("PUA mai ek shifted left, Mac", "ป\u{F88A}า", "ป่า"),
            ("PUA tho than without descender", "\u{F700}าน", "ฐาน"),
            ("nikhahit + aa", "ตํา", "ตำ"),
            ("nikhahit + tone + aa", "น\u{0E4D}\u{0E49}า", "น้ำ"),
            (
                "LibreOffice: sara am + tone + aa",
                "น\u{0E33}\u{0E49}\u{0E32}",
                "น้ำ",
            ),
            ("LibreOffice: sara am + aa", "ทำา", "ทำ"),
            ("tone typed after sara am", "น\u{0E33}\u{0E49}", "น้ำ"),
            ("a mark drawn twice", "ก\u{0E48}\u{0E48}", "ก่"),
            (
                "sara am then a real aa of the next syllable stays",
                "ทำ า",
                "ทำ า",
            ),
            (
                "latin and digits untouched",
                "ITA 2568 ๒๕๖๘",
                "ITA 2568 ๒๕๖๘",
            ),
        ];
        for (what, input, want) in cases {
            assert_eq!(repair(input), *want, "{what}");
            assert_eq!(repair(want), *want, "{what}: idempotent");
        }
    }

    #[test]
    fn offsets_carry_over() {
        // "น้ำ" as น ำ ้ า then "ปี ๒๕๖๓": the year's offset moves back by the dropped า.
        let text = "น\u{0E33}\u{0E49}\u{0E32} ปี ๒๕๖๓ ก\u{0E48}\u{0E48} ๒๕๖๔";
        let (fixed, dropped) = repair_tracked(text);
        assert_eq!(fixed, "น้ำ ปี ๒๕๖๓ ก่ ๒๕๖๔");
        for year in ["๒๕๖๓", "๒๕๖๔"] {
            let at = text.find(year).unwrap();
            let moved = shift_offset(at, &dropped);
            assert_eq!(&fixed[moved..moved + year.len()], year);
        }
    }
}
