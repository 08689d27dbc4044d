//! How far apart two spellings of a Thai word are, as a reader judges it.
//!
//! An edit distance that counts whole words' edits the same everywhere (as fuzzy search in
//! Lucene, Meilisearch or Algolia does) makes a tone mark cost as much as a consonant: ศนย is
//! then as far from ศูนย์ as from any three-letter word. Readers forgive a forgotten or extra
//! vowel or tone mark, marks in the wrong order, and letters of one sound (ศ ษ ส) much more than a
//! wrong consonant, and this distance says so: a restricted Damerau–Levenshtein distance with
//! those edits cheap. [`skeleton`] is its coarse key: spellings a cheap edit apart share it (or
//! differ by one consonant), so candidates are found by key before any distance is computed.

use thai::{is_consonant, sound_of};

/// A vowel or tone mark added, dropped or written for another; two letters swapped where one
/// is a mark or vowel (ศรีษะ for ศีรษะ).
const MARK: f32 = 0.3;
/// A letter written for another of the same sound (ศ ษ ส, ณ น, ฎ ฏ, ค ฅ, ข ฃ).
const SAME_SOUND: f32 = 0.4;
/// A ร or ห dropped or added (a silent or cluster letter: จริง/จิง, หมาย/มาย).
const QUIET_CONSONANT: f32 = 0.5;
/// Any other consonant added, dropped or changed.
const CONSONANT: f32 = 1.0;

/// Vowels and marks: the characters around a consonant that readers restore without thinking.
fn is_vowel_or_mark(c: char) -> bool {
    thai::is_mark(c) || matches!(c, 'ะ' | 'า' | 'ำ' | 'เ' | 'แ' | 'โ' | 'ใ' | 'ไ' | 'ๅ')
}

fn insert_or_delete(c: char) -> f32 {
    if is_vowel_or_mark(c) {
        MARK
    } else if matches!(c, 'ร' | 'ห') {
        QUIET_CONSONANT
    } else {
        CONSONANT
    }
}

fn substitute(a: char, b: char) -> f32 {
    if a == b {
        0.0
    } else if is_vowel_or_mark(a) && is_vowel_or_mark(b) {
        MARK
    } else if sound_of(a) == sound_of(b) {
        SAME_SOUND
    } else {
        // Neither cheap: as dear as dropping one and adding the other would be, at most.
        (insert_or_delete(a) + insert_or_delete(b)).min(CONSONANT)
    }
}

/// The Thai-aware distance between `a` and `b` (normalized text): 0 for the same spelling,
/// 0.3 for one mark, 1 for one consonant.
pub fn distance(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    // d[i][j]: distance between a[..i] and b[..j], in one flat row-major table.
    let width = m + 1;
    let mut d = vec![0.0f32; (n + 1) * width];
    for i in 1..=n {
        d[i * width] = d[(i - 1) * width] + insert_or_delete(a[i - 1]);
    }
    for j in 1..=m {
        d[j] = d[j - 1] + insert_or_delete(b[j - 1]);
    }
    for i in 1..=n {
        for j in 1..=m {
            let mut best = (d[(i - 1) * width + j] + insert_or_delete(a[i - 1]))
                .min(d[i * width + j - 1] + insert_or_delete(b[j - 1]))
                .min(d[(i - 1) * width + j - 1] + substitute(a[i - 1], b[j - 1]));
            let swapped = i > 1
                && j > 1
                && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1]
                && (is_vowel_or_mark(a[i - 1]) || is_vowel_or_mark(a[i - 2]));
            if swapped {
                best = best.min(d[(i - 2) * width + j - 2] + MARK);
            }
            d[i * width + j] = best;
        }
    }
    d[n * width + m]
}

/// The consonants of `word`, each as the first letter of its sound group: what stays when the
/// cheap edits are undone. Two spellings a cheap edit apart have equal skeletons, or skeletons
/// one ร or ห apart; a dear edit changes one consonant of it.
pub fn skeleton(word: &str) -> String {
    word.chars()
        .filter(|&c| is_consonant(c))
        .map(sound_of)
        .collect()
}

/// `skeleton` with one consonant left out, for each consonant: two skeletons one consonant
/// apart (added, dropped or changed) share one of these.
pub fn skeleton_deletions(skeleton: &str) -> Vec<String> {
    let chars: Vec<char> = skeleton.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, &c)| c)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_sounds_cost_less_than_consonants() {
        for (a, b, want) in [
            ("ศูนย์", "ศูนย์", 0.0),
            ("ศนย", "ศูนย์", 2.0 * MARK),
            ("ศรีษะ", "ศีรษะ", MARK),
            ("ไก่", "ไก้", MARK),
            ("อนุญาติ", "อนุญาต", MARK),
            ("ประสบการณ", "ประสบการณ์", MARK),
            ("กฏหมาย", "กฎหมาย", SAME_SOUND),
            ("สังเกตุ", "สังเกต", MARK),
            ("กรม", "กรรม", QUIET_CONSONANT),
            ("ไก่", "ไข่", CONSONANT),
            ("ผิว", "ผิด", CONSONANT),
        ] {
            let d = distance(a, b);
            assert!((d - want).abs() < 1e-6, "{a} → {b}: {d}, want {want}");
            assert!((distance(b, a) - d).abs() < 1e-6, "symmetric: {a} {b}");
        }
    }

    #[test]
    fn cheap_edits_keep_the_skeleton() {
        for (a, b) in [
            ("ศนย", "ศูนย์"),
            ("ศรีษะ", "ศีรษะ"),
            ("กฏหมาย", "กฎหมาย"),
            ("ประสบการณ", "ประสบการณ์"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} {b}");
        }
        assert_eq!(skeleton("ศูนย์"), skeleton("สนย"));
        let deletions = skeleton_deletions("กรม");
        assert!(deletions.contains(&skeleton("กม")));
    }
}
