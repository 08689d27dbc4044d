//! Thai consonants and the letters that spell one sound.
//!
//! Thai writes several sounds with more than one letter (ศ ษ ส all say /s/ at a syllable's
//! start; ณ น /n/), and writers confuse them: these are the slips a reader forgives first.

/// The 44 consonants, ก to ฮ.
pub fn is_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// Groups of consonants that spell the same sound and are written for one another by mistake:
/// ศ ษ ส, ณ น, ฎ ฏ, ค ฅ, ข ฃ. (ฅ and ฃ are obsolete: a keyboard's neighbours of ค and ข.)
pub const SAME_SOUND: [&[char]; 5] = [
    &['ศ', 'ษ', 'ส'],
    &['ณ', 'น'],
    &['ฎ', 'ฏ'],
    &['ค', 'ฅ'],
    &['ข', 'ฃ'],
];

/// The letter that stands for `c`'s group in [`SAME_SOUND`] (its first), or `c` itself.
pub fn sound_of(c: char) -> char {
    SAME_SOUND
        .iter()
        .find(|group| group.contains(&c))
        .map_or(c, |group| group[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_one_sound_share_their_group_letter() {
        for (a, b, same) in [
            ('ษ', 'ส', true),
            ('ศ', 'ษ', true),
            ('น', 'ณ', true),
            ('ฏ', 'ฎ', true),
            ('ฅ', 'ค', true),
            ('ก', 'ข', false),
            ('ด', 'ต', false),
        ] {
            assert_eq!(sound_of(a) == sound_of(b), same, "{a} {b}");
        }
        assert!(is_consonant('ก') && is_consonant('ฮ') && !is_consonant('ะ'));
    }
}
