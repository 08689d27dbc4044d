//! Spelling: what a reader means when the letters are not quite the archive's.
//!
//! Thai is typed by hand, on keyboards people do not know, and agencies' documents carry the
//! usual slips. khlang never changes a query behind the reader's back; it *offers*: when a query
//! finds nothing, the nearest words the archive does hold ([`Lexicon::nearest`]). Nearness is
//! Thai-aware ([`distance`]): a forgotten vowel or tone mark, marks in the wrong order or a letter
//! of the same sound cost far less than a wrong consonant. A typed dictionary word is never
//! offered another: ไก่ and ไข่, ป่า and ป้า, กรม and กรรม are different words, not slips.
//! The same nearness finds the slips in the archive's own documents ([`Miner`]): spellings
//! that are no word, a cheap edit from a word the archive holds more often.

mod distance;
mod lexicon;
mod table;
mod variants;

pub use distance::{distance, skeleton};

use crate::analysis::Analyzer;

/// Misspellings the word list holds as words (catalog/data/dictionary/known_slips.txt).
const KNOWN_SLIPS: &str = include_str!("../../data/dictionary/known_slips.txt");

/// Whether `word` is a word for spelling's purposes: in the dictionary, and not one of the
/// misspellings the word list holds (ศรีษะ, a slip of ศีรษะ).
pub fn is_word(analyzer: &Analyzer, word: &str) -> bool {
    analyzer.is_word(word) && !is_known_slip(word)
}

/// Read once: `is_word` is asked of every token the miner reads.
fn is_known_slip(word: &str) -> bool {
    static SLIPS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SLIPS
        .get_or_init(|| {
            KNOWN_SLIPS
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once('\t'))
                .map(|(slip, _)| slip)
                .collect()
        })
        .contains(word)
}
pub use lexicon::{Lexicon, Near};
pub use table::{Respelling, Spellings};
pub use variants::{candidates_of, forms, forms_of, Forms, Miner, Variant};
