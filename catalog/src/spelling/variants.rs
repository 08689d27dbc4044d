//! Slips in the archive's own text: spellings that are no dictionary word, a cheap Thai-aware
//! edit away from a dictionary word the archive holds more often (ศรีษะ beside ศีรษะ).
//!
//! The segmenter cuts a misspelled word into what it knows and an unknown stretch (ศรีษะ is ศรี
//! and ษะ), so a slip is looked for around each unknown stretch: the stretch alone, and joined
//! with the word before, after, or both, while no space separates them. Each such candidate
//! that is no dictionary word is counted once per document; once every document is read, a
//! candidate is a slip of the nearest dictionary word when one is a cheap edit away (a mark, a
//! letter of the same sound, a ร or ห) and the archive holds that word in more documents. Two
//! dictionary words are never paired: the candidate never is one.

use std::collections::{HashMap, HashSet};

use super::is_word;
use super::lexicon::Lexicon;
use crate::analysis::{Analyzer, Token};

/// The dearest edit a slip may be from its word: one cheap edit (crate::spelling::distance:
/// a mark 0.3, a letter of the same sound 0.4, a ร or ห 0.5), never a wrong consonant.
const SLIP: f32 = 0.5;

/// The fewest letters, marks included, a slip and its word have: shorter pairs are mostly
/// pieces of names the segmenter cut (กูร of a surname beside การ), measured on the 17k corpus.
const FEWEST_CHARS: usize = 4;

/// Whether `slip` may be a slip of `word` by its shape (each rule measured on the 17k corpus,
/// docs/benchmarks-log.md): both long enough; no abbreviation (สคร. beside สค.); neither the
/// other's beginning, since an edit at the very end is a compound or a name cut off (ศาสน of
/// ศาสนสถาน, นันทา beside นันท์); and no ์, ร or ห added — names carry silent letters the word
/// lacks (วัฒน์, สุวรรณ์) and a cut leaves a stray ร or ห (หกรรม of มหกรรม), while a slip drops
/// them (เกษตกร for เกษตรกร).
fn slip_shaped(slip: &str, word: &str) -> bool {
    let count = |s: &str, of: &[char]| s.chars().filter(|c| of.contains(c)).count();
    let added = |of: &[char]| count(slip, of) > count(word, of);
    slip.chars().count() >= FEWEST_CHARS
        && word.chars().count() >= FEWEST_CHARS
        && !slip.contains('.')
        && !word.contains('.')
        && !slip.starts_with(word)
        && !word.starts_with(slip)
        && !added(&['\u{0E4C}'])
        && !added(&['ร', 'ห'])
}

/// A spelling of the archive taken for a slip of a dictionary word.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The dictionary word (ศีรษะ).
    pub word: String,
    /// The slip (ศรีษะ).
    pub slip: String,
    /// Documents holding the word, and the slip.
    pub word_docs: u32,
    pub slip_docs: u32,
    pub distance: f32,
}

/// Reads documents one by one and then names the archive's slips.
#[derive(Default)]
pub struct Miner {
    /// Documents per dictionary word.
    words: HashMap<String, u32>,
    /// Documents per candidate slip.
    candidates: HashMap<String, u32>,
}

impl Miner {
    /// Counts the words and candidate slips of one document's text.
    pub fn read(&mut self, text: &str, analyzer: &Analyzer) {
        let (words, candidates) = forms(text, analyzer);
        self.add(words, candidates);
    }

    /// Counts one document's [`forms`], found elsewhere.
    pub fn add(&mut self, words: HashSet<String>, candidates: HashSet<String>) {
        for w in words {
            *self.words.entry(w).or_default() += 1;
        }
        for c in candidates {
            *self.candidates.entry(c).or_default() += 1;
        }
    }

    /// Adds what another miner read (documents read on another thread).
    pub fn join(&mut self, other: Miner) {
        for (w, n) in other.words {
            *self.words.entry(w).or_default() += n;
        }
        for (c, n) in other.candidates {
            *self.candidates.entry(c).or_default() += n;
        }
    }

    /// The slips of everything read, each with its word, the most documents first.
    pub fn variants(&self) -> Vec<Variant> {
        let lexicon = Lexicon::new(self.words.iter().map(|(w, n)| (w.clone(), *n)));
        let mut found: Vec<Variant> = self
            .candidates
            .iter()
            .filter_map(|(slip, &slip_docs)| {
                let near = lexicon.nearest(slip, 1).into_iter().next()?;
                let slip_like = near.distance <= SLIP + f32::EPSILON
                    && near.docs > slip_docs
                    && slip_shaped(slip, &near.word);
                slip_like.then(|| Variant {
                    word: near.word,
                    slip: slip.clone(),
                    word_docs: near.docs,
                    slip_docs,
                    distance: near.distance,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            b.slip_docs
                .cmp(&a.slip_docs)
                .then_with(|| a.slip.cmp(&b.slip))
        });
        found
    }
}

/// The dictionary words of `text` and its candidate slips, each once.
pub fn forms(text: &str, analyzer: &Analyzer) -> (HashSet<String>, HashSet<String>) {
    let tokens = analyzer.words(text);
    let thai = |t: &Token| t.text.chars().any(thai::is_consonant);
    let known: Vec<bool> = tokens.iter().map(|t| is_word(analyzer, &t.text)).collect();
    let mut words = HashSet::new();
    let mut candidates = HashSet::new();
    for (i, token) in tokens.iter().enumerate() {
        if known[i] {
            if thai(token) {
                words.insert(token.text.clone());
            }
            continue;
        }
        if !thai(token) {
            continue;
        }
        // The stretch with its neighbours while they touch it (no space between).
        let touches = |a: usize, b: usize| tokens[a].offset_to == tokens[b].offset_from;
        let from = if i > 0 && touches(i - 1, i) && thai(&tokens[i - 1]) {
            i - 1
        } else {
            i
        };
        let to = if i + 1 < tokens.len() && touches(i, i + 1) && thai(&tokens[i + 1]) {
            i + 1
        } else {
            i
        };
        for (a, b) in [(i, i), (from, i), (i, to), (from, to)] {
            let joined: String = tokens[a..=b].iter().map(|t| t.text.as_str()).collect();
            if joined.chars().count() >= 3 && !is_word(analyzer, &joined) {
                candidates.insert(joined);
            }
        }
    }
    (words, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_is_paired_with_the_commoner_word_never_a_word_with_a_word() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let mut miner = Miner::default();
        let texts = [
            "ปวดศีรษะมาก",
            "ศีรษะ และลำตัว",
            "ปวด ศีรษะ ทุกวัน",
            "ปวดศรีษะมาก",
            "ซื้อไข่ไก่",
            "ไข่ไก่ราคาถูก",
            "ป้าไปป่า",
        ];
        for text in texts {
            miner.read(text, &analyzer);
        }
        let variants = miner.variants();
        let pairs: Vec<(&str, &str)> = variants
            .iter()
            .map(|v| (v.word.as_str(), v.slip.as_str()))
            .collect();
        assert_eq!(pairs, [("ศีรษะ", "ศรีษะ")], "{variants:?}");
        // ปวดศีรษะ is a word of its own (a compound): two documents hold ศีรษะ as a word.
        assert_eq!((variants[0].word_docs, variants[0].slip_docs), (2, 1));
    }
}
