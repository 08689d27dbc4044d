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
    if !text.chars().any(needs_look) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().map(|c| pua_to_thai(c).unwrap_or(c)).collect();
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_run = is_mark(c) || c == SARA_AM;
        if !starts_run {
            out.push(c);
            i += 1;
            continue;
        }
        // A run: marks, ํ or ำ, and a following า that completes ำ; ends at anything else.
        run.clear();
        let mut am = false;
        let mut j = i;
        while j < chars.len() {
            let d = chars[j];
            if d == SARA_AM || (d == NIKHAHIT && completes_am(&chars[j + 1..])) {
                am = true;
            } else if d == SARA_AA && am {
                // The า of a split ำ (ํ…า or ำ…า): swallowed by the ำ already recorded.
                j += 1;
                break;
            } else if is_mark(d) {
                run.push(d);
            } else {
                break;
            }
            j += 1;
        }
        run.sort_by_key(|&m| mark_rank(m)); // stable: equal ranks keep their order
        run.dedup();
        out.extend(run.iter());
        if am {
            out.push(SARA_AM);
        }
        i = j;
    }
    out
}

/// Characters that can need repair: PUA glyphs, marks, ำ.
fn needs_look(c: char) -> bool {
    is_mark(c) || c == SARA_AM || pua_to_thai(c).is_some()
}

/// After a NIKHAHIT: only marks (and at most three) up to an า — the split form of ำ.
fn completes_am(rest: &[char]) -> bool {
    rest.iter()
        .take(4)
        .find(|&&c| !(is_mark(c) && c != NIKHAHIT))
        .is_some_and(|&c| c == SARA_AA)
}

#[cfg(test)]
mod tests {
    use super::repair;

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
}
