//! Private-Use-Area glyph codepoints that PDF text extraction yields for Thai marks.
//!
//! Fonts such as TH SarabunPSK carry extra glyphs for tone marks and vowels shifted left or down
//! (so they don't collide with tall consonants like ป, ฝ, ฟ or with a vowel above). Those glyphs
//! sit in the Private Use Area, and PDF extractors often emit the PUA codepoint instead of the
//! real character. The table below maps them back.
//!
//! Data reproduced from HarfBuzz, `src/hb-ot-shaper-thai.cc`, function `thai_pua_shape`
//! (tables `SD_mappings`, `SDL_mappings`, `SL_mappings`, `RD_mappings`; checked against the copy
//! in uharfbuzz 0.57.0). HarfBuzz is under the "Old MIT" licence, Copyright © 2010, 2012 Google,
//! Inc. Each row is `(Unicode character, Windows PUA, Mac PUA)`:
//! Windows fonts use U+F700–U+F71A, Mac fonts U+F884–U+F89E.

/// `(base, windows_pua, mac_pua)`, grouped as in HarfBuzz.
const PUA_MAPPINGS: [(char, char, char); 27] = [
    // SD: shifted down (below a tall consonant's descender).
    ('\u{0E48}', '\u{F70A}', '\u{F88B}'), // MAI EK
    ('\u{0E49}', '\u{F70B}', '\u{F88E}'), // MAI THO
    ('\u{0E4A}', '\u{F70C}', '\u{F891}'), // MAI TRI
    ('\u{0E4B}', '\u{F70D}', '\u{F894}'), // MAI CHATTAWA
    ('\u{0E4C}', '\u{F70E}', '\u{F897}'), // THANTHAKHAT
    ('\u{0E38}', '\u{F718}', '\u{F89B}'), // SARA U
    ('\u{0E39}', '\u{F719}', '\u{F89C}'), // SARA UU
    ('\u{0E3A}', '\u{F71A}', '\u{F89D}'), // PHINTHU
    // SDL: shifted down and left.
    ('\u{0E48}', '\u{F705}', '\u{F88C}'), // MAI EK
    ('\u{0E49}', '\u{F706}', '\u{F88F}'), // MAI THO
    ('\u{0E4A}', '\u{F707}', '\u{F892}'), // MAI TRI
    ('\u{0E4B}', '\u{F708}', '\u{F895}'), // MAI CHATTAWA
    ('\u{0E4C}', '\u{F709}', '\u{F898}'), // THANTHAKHAT
    // SL: shifted left (past a tall consonant's ascender).
    ('\u{0E48}', '\u{F713}', '\u{F88A}'), // MAI EK
    ('\u{0E49}', '\u{F714}', '\u{F88D}'), // MAI THO
    ('\u{0E4A}', '\u{F715}', '\u{F890}'), // MAI TRI
    ('\u{0E4B}', '\u{F716}', '\u{F893}'), // MAI CHATTAWA
    ('\u{0E4C}', '\u{F717}', '\u{F896}'), // THANTHAKHAT
    ('\u{0E31}', '\u{F710}', '\u{F884}'), // MAI HAN-AKAT
    ('\u{0E34}', '\u{F701}', '\u{F885}'), // SARA I
    ('\u{0E35}', '\u{F702}', '\u{F886}'), // SARA II
    ('\u{0E36}', '\u{F703}', '\u{F887}'), // SARA UE
    ('\u{0E37}', '\u{F704}', '\u{F888}'), // SARA UEE
    ('\u{0E47}', '\u{F712}', '\u{F889}'), // MAITAIKHU
    ('\u{0E4D}', '\u{F711}', '\u{F899}'), // NIKHAHIT
    // RD: consonants with the descender removed (so a vowel below fits).
    ('\u{0E0D}', '\u{F70F}', '\u{F89A}'), // YO YING
    ('\u{0E10}', '\u{F700}', '\u{F89E}'), // THO THAN
];

/// The Thai character a PUA glyph codepoint stands for, if `c` is one of them.
pub fn pua_to_thai(c: char) -> Option<char> {
    let in_range = ('\u{F700}'..='\u{F71A}').contains(&c) || ('\u{F884}'..='\u{F89E}').contains(&c);
    if !in_range {
        return None;
    }
    PUA_MAPPINGS
        .iter()
        .find(|&&(_, win, mac)| win == c || mac == c)
        .map(|&(base, _, _)| base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ranges_are_covered_exactly() {
        // Every codepoint of both ranges maps, and nothing outside them does.
        for cp in (0xF700..=0xF71A).chain(0xF884..=0xF89E) {
            let c = char::from_u32(cp).expect("PUA codepoint is a char");
            assert!(pua_to_thai(c).is_some(), "U+{cp:04X} unmapped");
        }
        for cp in [0xF6FF, 0xF71B, 0xF883, 0xF89F, 0x0E48] {
            let c = char::from_u32(cp).expect("codepoint is a char");
            assert_eq!(pua_to_thai(c), None, "U+{cp:04X}");
        }
    }

    #[test]
    fn windows_and_mac_glyphs_of_a_mark_agree() {
        let cases = [
            ('\u{F70A}', '\u{0E48}'),
            ('\u{F88B}', '\u{0E48}'),
            ('\u{F711}', '\u{0E4D}'),
            ('\u{F899}', '\u{0E4D}'),
            ('\u{F700}', '\u{0E10}'),
            ('\u{F89E}', '\u{0E10}'),
            ('\u{F718}', '\u{0E38}'),
        ];
        for (pua, base) in cases {
            assert_eq!(pua_to_thai(pua), Some(base), "U+{:04X}", pua as u32);
        }
    }
}
