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

/// Titles before a person's name (นายสมชาย รังษี): a spelling read within a few words after one
/// is most likely a name, spelled as its bearer spells it (รังษี, เพ็ชร), not a slip.
const TITLES: &[&str] = &[
    "นาย",
    "นาง",
    "นางสาว",
    "น.ส.",
    "ด.ช.",
    "ด.ญ.",
    "ดร.",
    "คุณ",
    "ผศ.",
    "รศ.",
    "ศ.",
    "พระ",
    "พระครู",
    "หม่อม",
    "ม.ร.ว.",
    "ม.ล.",
    "พล.อ.",
    "พล.ท.",
    "พล.ต.",
    "พล.ต.อ.",
    "พล.ต.ท.",
    "พล.ต.ต.",
    "พ.อ.",
    "พ.ท.",
    "พ.ต.",
    "พ.ต.อ.",
    "พ.ต.ท.",
    "พ.ต.ต.",
    "ร.อ.",
    "ร.ท.",
    "ร.ต.",
    "ร.ต.อ.",
    "ร.ต.ท.",
    "ร.ต.ต.",
    "จ.ส.อ.",
    "ด.ต.",
    "ส.ต.อ.",
    "ว่าที่ร้อยตรี",
    "นพ.",
    "พญ.",
    "พลเอก",
    "พลโท",
    "พลตรี",
    "พันเอก",
    "พันโท",
    "พันตรี",
    "ร้อยเอก",
    "ร้อยโท",
    "ร้อยตรี",
    "จ่าเอก",
    "นายแพทย์",
    "แพทย์หญิง",
    "ศาสตราจารย์",
    "คุณหญิง",
    "ท่านผู้หญิง",
];

/// How far after a title, in characters, a name may end: a first name and a surname.
const NAME_REACH: usize = 30;

/// A spelling taken for a name when at least this share of the documents holding it hold it
/// after a title ([`TITLES`]). Measured on the 17k corpus (docs/benchmarks-log.md): a true
/// slip stands after a title in under a tenth of its documents, a surname in most.
const NAMED_SHARE: f32 = 0.2;

/// One document's spellings, as the miner counts them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Forms {
    /// Its dictionary words.
    pub words: HashSet<String>,
    /// Its candidate slips, each with whether it stood after a title (a name) here.
    pub candidates: HashMap<String, bool>,
}

/// Reads documents one by one and then names the archive's slips.
#[derive(Default)]
pub struct Miner {
    /// Documents per dictionary word.
    words: HashMap<String, u32>,
    /// Documents per candidate slip, and those of them holding it after a title.
    candidates: HashMap<String, (u32, u32)>,
}

impl Miner {
    /// Counts the words and candidate slips of one document's text.
    pub fn read(&mut self, text: &str, analyzer: &Analyzer) {
        self.add(forms(text, analyzer));
    }

    /// Counts one document's [`Forms`], found elsewhere.
    pub fn add(&mut self, forms: Forms) {
        for w in forms.words {
            *self.words.entry(w).or_default() += 1;
        }
        self.add_candidates(forms.candidates);
    }

    /// Counts one document's candidate slips alone: its words are counted by
    /// [`Miner::with_words`] (a build counts them from its index).
    pub fn add_candidates(&mut self, candidates: impl IntoIterator<Item = (String, bool)>) {
        for (c, named) in candidates {
            let n = self.candidates.entry(c).or_default();
            n.0 += 1;
            n.1 += u32::from(named);
        }
    }

    /// Sets the documents holding each dictionary word, as counted elsewhere (the archive's
    /// lexicon, crate::archive::LEXICON_FILE).
    pub fn with_words(mut self, words: impl IntoIterator<Item = (String, u32)>) -> Miner {
        self.words = words.into_iter().collect();
        self
    }

    /// Adds what another miner read (documents read on another thread).
    pub fn join(&mut self, other: Miner) {
        for (w, n) in other.words {
            *self.words.entry(w).or_default() += n;
        }
        for (c, (n, named)) in other.candidates {
            let have = self.candidates.entry(c).or_default();
            have.0 += n;
            have.1 += named;
        }
    }

    /// The slips of everything read, each with its word, the most documents first.
    pub fn variants(&self) -> Vec<Variant> {
        let lexicon = Lexicon::new(self.words.iter().map(|(w, n)| (w.clone(), *n)));
        let found: Vec<Variant> = self
            .candidates
            .iter()
            .filter(|(_, &(docs, named))| (named as f32) < NAMED_SHARE * docs as f32)
            .filter_map(|(slip, &(slip_docs, _))| {
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
        let inside = self.inside_words(found.iter().map(|v| v.slip.as_str()));
        let mut found: Vec<Variant> = found
            .into_iter()
            .zip(inside)
            .filter_map(|(v, inside)| (!inside).then_some(v))
            .collect();
        found.sort_by(|a, b| {
            b.slip_docs
                .cmp(&a.slip_docs)
                .then_with(|| a.slip.cmp(&b.slip))
        });
        found
    }

    /// Whether each of `slips` stands inside a longer dictionary word of the archive: บูรณา in
    /// บูรณาการ, หวัน in ไต้หวัน. Such a spelling is that word's own text wherever the word is
    /// written, so it is no slip — and a query including it would find every document holding
    /// the word (the 17k corpus: บูรณา would have added 3,018 documents to บูรณะ).
    fn inside_words<'a>(&self, slips: impl Iterator<Item = &'a str>) -> Vec<bool> {
        let slips: Vec<&str> = slips.collect();
        let mut inside = vec![false; slips.len()];
        let Ok(automaton) = aho_corasick::AhoCorasick::new(&slips) else {
            return inside;
        };
        for word in self.words.keys() {
            for m in automaton.find_overlapping_iter(word.as_str()) {
                if m.len() < word.len() {
                    inside[m.pattern().as_usize()] = true;
                }
            }
        }
        inside
    }
}

/// The dictionary words of `text` and its candidate slips, each once.
pub fn forms(text: &str, analyzer: &Analyzer) -> Forms {
    forms_of(&analyzer.words(text), analyzer)
}

/// [`forms`] of a text's word tokens, as crate::analysis::Analyzer::words gives them.
pub fn forms_of(tokens: &[Token], analyzer: &Analyzer) -> Forms {
    let mut forms = Forms::default();
    forms.candidates = scan(tokens, analyzer, Some(&mut forms.words));
    forms
}

/// The candidate slips of a text's word tokens alone, each with whether it stood after a title:
/// what a build keeps of each document (it has the tokens already, from indexing, and counts
/// the words from its index).
pub fn candidates_of(tokens: &[Token], analyzer: &Analyzer) -> HashMap<String, bool> {
    scan(tokens, analyzer, None)
}

/// The candidate slips of `tokens`; their dictionary words into `words`, when given.
fn scan(
    tokens: &[Token],
    analyzer: &Analyzer,
    words: Option<&mut HashSet<String>>,
) -> HashMap<String, bool> {
    let thai = |t: &Token| t.text.chars().any(thai::is_consonant);
    let known: Vec<bool> = tokens.iter().map(|t| is_word(analyzer, &t.text)).collect();
    let unknown = |i: usize| !known[i] && thai(&tokens[i]);
    let touches = |a: usize, b: usize| tokens[a].offset_to == tokens[b].offset_from;
    // The unknown stretches: consecutive unknown Thai tokens, touching (ปฎิ + บัติ is one).
    // And how many each run of letters (touching tokens, no space between) holds.
    let mut stretches: Vec<(usize, usize, usize)> = Vec::new();
    let mut stretches_in_run: Vec<u32> = Vec::new();
    for i in 0..tokens.len() {
        if i == 0 || !touches(i - 1, i) {
            stretches_in_run.push(0);
        }
        let run = stretches_in_run.len() - 1;
        if !unknown(i) {
            continue;
        }
        match stretches.last_mut() {
            Some((_, end, r)) if *end + 1 == i && *r == run => *end = i,
            _ => {
                stretches.push((i, i, run));
                stretches_in_run[run] += 1;
            }
        }
    }
    let mut candidates: HashMap<String, bool> = HashMap::new();
    if let Some(words) = words {
        for (i, token) in tokens.iter().enumerate() {
            if known[i] && thai(token) {
                words.insert(token.text.clone());
            }
        }
    }
    // Where each title ends, in bytes: a name follows it.
    let title_ends: Vec<usize> = tokens
        .iter()
        .filter(|t| TITLES.contains(&t.text.as_str()))
        .map(|t| t.offset_to)
        .collect();
    for (first, last, run) in stretches {
        // A stretch that is not the only unknown one of its run of letters is a piece of a
        // longer unknown spelling — a loanword or a name (ชั่น of คอร์ปอเรชั่น, where เร between
        // is a word), not a slip of ชั้น. A slip stands among words.
        if stretches_in_run[run] > 1 {
            continue;
        }
        // The stretch with its neighbours while they touch it: the segmenter may have cut the
        // slip into what it knows and the rest (ศรีษะ is ศรี and ษะ).
        let from = if first > 0 && touches(first - 1, first) && thai(&tokens[first - 1]) {
            first - 1
        } else {
            first
        };
        let to = if last + 1 < tokens.len() && touches(last, last + 1) && thai(&tokens[last + 1]) {
            last + 1
        } else {
            last
        };
        // After a title, within a first name and a surname (offsets are bytes; Thai letters are
        // three of them).
        let named = title_ends.iter().any(|&end| {
            tokens[from].offset_from >= end && tokens[to].offset_to - end <= NAME_REACH * 3
        });
        for (a, b) in [(first, last), (from, last), (first, to), (from, to)] {
            let joined: String = tokens[a..=b].iter().map(|t| t.text.as_str()).collect();
            if joined.chars().count() >= 3 && !is_word(analyzer, &joined) {
                *candidates.entry(joined).or_default() |= named;
            }
        }
    }
    candidates
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

    /// Thai minimal pairs: each word of a pair in many documents, the other in few, as a slip
    /// would stand beside its word. Both are words, so the miner never pairs them.
    #[test]
    fn minimal_pairs_are_never_slips_of_each_other() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let pairs = [
            ("ไข่", "ไก่"),
            ("ป่า", "ป้า"),
            ("ป่า", "ปา"),
            ("ผิด", "ผิว"),
            ("กรม", "กรรม"),
            ("ไม่", "ไม้"),
            ("เสือ", "เสื่อ"),
            ("ขาว", "ข่าว"),
            ("ใกล้", "ไกล"),
        ];
        for (common, rare) in pairs {
            let mut miner = Miner::default();
            for i in 0..5 {
                miner.read(&format!("เอกสารที่ {i} กล่าวถึง{common}ในหมู่บ้าน"), &analyzer);
            }
            miner.read(&format!("เอกสารอีกฉบับกล่าวถึง{rare}ในหมู่บ้าน"), &analyzer);
            let variants = miner.variants();
            assert!(
                variants.iter().all(|v| v.slip != rare && v.slip != common),
                "{common}/{rare}: {variants:?}"
            );
        }
        // The test can fail: a slip in the same place is paired.
        let mut miner = Miner::default();
        for i in 0..5 {
            miner.read(&format!("เอกสารที่ {i} กล่าวถึงศีรษะในหมู่บ้าน"), &analyzer);
        }
        miner.read("เอกสารอีกฉบับกล่าวถึงศรีษะในหมู่บ้าน", &analyzer);
        let slips: Vec<String> = miner.variants().into_iter().map(|v| v.slip).collect();
        assert!(slips.contains(&"ศรีษะ".to_string()), "{slips:?}");
    }

    #[test]
    fn names_and_pieces_of_longer_spellings_are_no_slips() {
        let analyzer = Analyzer::new(Vec::<String>::new());
        let cases = [
            // After a title: a surname, as its bearer spells it.
            ("นายสมชาย เพ็ชรดี กล่าว", "เพ็ชร", false),
            ("ได้รับเพชรเม็ดงาม", "เพ็ชร", false),
            // Beside another unknown stretch: a piece of a loanword.
            ("บริษัท คอร์ปอเรชั่น จำกัด", "ชั่น", false),
            // Among words: a slip.
            ("ปวดศรีษะมาก", "ศรีษะ", true),
        ];
        for (text, candidate, found) in cases {
            let forms = forms(text, &analyzer);
            let unnamed = forms.candidates.get(candidate) == Some(&false);
            assert_eq!(unnamed, found, "{text}: {forms:?}");
        }
    }
}
