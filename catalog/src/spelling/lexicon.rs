//! The words an archive holds, findable by spelling: what a near miss is offered from.
//!
//! Only dictionary words are in it: an offer must be a word, never another slip or a name cut
//! in two. Each word is filed under its [`skeleton`] and, for skeletons of three consonants or
//! more, under each skeleton with one consonant left out, so a typed spelling finds every word
//! a cheap edit away (same skeleton) or one consonant away (a shared deletion) by a few map
//! lookups, and the [`distance`] ranks only those.

use std::collections::HashMap;

use super::distance::{distance, skeleton, skeleton_deletions};

/// Skeletons shorter than this are not filed under their deletions: one consonant left of two
/// matches far too many words to mean anything.
const FEWEST_FOR_DELETIONS: usize = 3;

/// A word of the archive near a typed spelling.
#[derive(Clone, Debug, PartialEq)]
pub struct Near {
    pub word: String,
    /// [`distance`] from what was typed.
    pub distance: f32,
    /// Documents holding the word.
    pub docs: u32,
}

/// An archive's dictionary words with their document counts, filed by skeleton.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: Vec<(String, u32)>,
    by_key: HashMap<String, Vec<u32>>,
}

impl Lexicon {
    /// A lexicon of `words` (each once, with the documents holding it).
    pub fn new(words: impl IntoIterator<Item = (String, u32)>) -> Lexicon {
        let mut lexicon = Lexicon::default();
        for (word, docs) in words {
            let Ok(at) = u32::try_from(lexicon.words.len()) else {
                break;
            };
            for key in keys(&skeleton(&word)) {
                lexicon.by_key.entry(key).or_default().push(at);
            }
            lexicon.words.push((word, docs));
        }
        lexicon
    }

    /// The words of a lexicon's text (`word<TAB>documents` a line, crate::archive::LEXICON_FILE);
    /// a line that is not so is skipped.
    pub fn parse(text: &str) -> Vec<(String, u32)> {
        text.lines()
            .filter_map(|line| {
                let (word, docs) = line.split_once('\t')?;
                Some((word.to_string(), docs.parse().ok()?))
            })
            .collect()
    }

    /// The text of `words` that [`Lexicon::parse`] reads.
    pub fn text(words: &[(String, u32)]) -> String {
        let mut text = String::new();
        for (word, docs) in words {
            text.push_str(word);
            text.push('\t');
            text.push_str(&docs.to_string());
            text.push('\n');
        }
        text
    }

    /// How many words it holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words within reach of `typed`, nearest first (then the most documents): a spelling
    /// of three letters or fewer may differ by cheap edits only (two marks), a longer one by
    /// one consonant at most.
    pub fn nearest(&self, typed: &str, limit: usize) -> Vec<Near> {
        let reach = if typed.chars().count() <= 3 { 0.6 } else { 1.0 };
        let mut seen = std::collections::HashSet::new();
        let mut found: Vec<Near> = keys(&skeleton(typed))
            .iter()
            .filter_map(|key| self.by_key.get(key))
            .flatten()
            .filter(|&&at| seen.insert(at))
            .filter_map(|&at| self.words.get(at as usize))
            .filter(|(word, _)| word != typed)
            .map(|(word, docs)| Near {
                word: word.clone(),
                distance: distance(typed, word),
                docs: *docs,
            })
            .filter(|near| near.distance <= reach + f32::EPSILON)
            .collect();
        found.sort_by(|a, b| {
            a.distance
                .total_cmp(&b.distance)
                .then(b.docs.cmp(&a.docs))
                .then_with(|| a.word.cmp(&b.word))
        });
        found.truncate(limit);
        found
    }
}

/// The keys a skeleton is filed and looked up under.
fn keys(skeleton: &str) -> Vec<String> {
    let mut keys = vec![skeleton.to_string()];
    if skeleton.chars().count() >= FEWEST_FOR_DELETIONS {
        keys.extend(skeleton_deletions(skeleton));
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::new(
            [
                ("ศูนย์", 40),
                ("ศีรษะ", 68),
                ("กฎหมาย", 120),
                ("กรรมการ", 300),
                ("ประสบการณ์", 25),
                ("สูญ", 3),
            ]
            .map(|(w, n)| (w.to_string(), n)),
        )
    }

    #[test]
    fn a_slip_reaches_the_word_it_meant() {
        let lexicon = lexicon();
        for (typed, want) in [
            ("ศนย", Some("ศูนย์")),
            ("ศรีษะ", Some("ศีรษะ")),
            ("กฏหมาย", Some("กฎหมาย")),
            ("ประสบการณ", Some("ประสบการณ์")),
            ("กรมการ", Some("กรรมการ")),
            ("ฮิปโป", None),
        ] {
            let near = lexicon.nearest(typed, 3);
            assert_eq!(
                near.first().map(|n| n.word.as_str()),
                want,
                "{typed}: {near:?}"
            );
        }
    }
}
