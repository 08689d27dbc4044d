//! Thai-first text analysis: the one place where text becomes terms.
//!
//! Indexing (natively, in `khlang build`) and querying (natively in `khlang search` and in the
//! browser) both go through [`Analyzer`], so a query is always cut the same way as the documents.
//! Two token streams come out of one normalized text:
//! - **words**: dictionary segmentation of Thai (maximal matching on TCC boundaries) plus Latin
//!   words and numbers; used for ranking whole-word and phrase matches;
//! - **grams**: pairs of consecutive *units* (a Thai Character Cluster, or one non-Thai,
//!   non-space character), whitespace skipped; used for recall, so any typed span that occurs in a
//!   document matches it no matter how a segmenter would cut it.
//!
//! The pipeline, one module per step:
//! 1. [`normalize`]: one canonical spelling (NFC, Thai digits, PDF glyph codepoints, ํา → ำ, mark
//!    order, invisible characters, Latin case and diacritics), each character remembering the
//!    bytes of the original text it came from;
//! 2. [`tcc`]: Thai Character Clusters over the normalized text *with whitespace removed*, so
//!    "ข้อ มูล", "ข้อมูล" (*information*) and a word broken across two lines of a PDF give the same units;
//! 3. [`segment`]: words, from the [`dictionary`] (PyThaiNLP's word list + khlang's own + the
//!    site's user words), cutting only at cluster boundaries;
//! 4. [`tokenizer`]: the streams as tantivy tokenizers.
//!
//! A third stream, the **unit prefixes** ([`unit_prefixes`]), is derived from the grams: it
//! answers a query of one unit with one term instead of a range over every gram that begins
//! with it.
//!
//! Token text is normalized; token offsets are byte offsets into the *original* text, on char
//! boundaries, so a snippet can highlight what the document really says.
//!
//! Why grams find everything: clustering is a left-to-right scan whose clusters depend only on
//! the text from their start onwards (see [`tcc`] for the one exception), so a span a person
//! types, if it starts and ends on cluster boundaries of the document, is cut into the same
//! units as that span of the document; its grams are then a consecutive run of the document's
//! grams (the test `recall_property_on_samples` checks this on real documents).

mod dictionary;
mod keys;
mod normalize;
mod segment;
mod tcc;
mod tokenizer;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rustc_hash::FxHasher;

pub use tokenizer::{
    register_tokenizers, GramsTokenizer, UnitsTokenizer, VecTokenStream, WordsTokenizer,
    GRAMS_TOKENIZER, UNITS_TOKENIZER, WORDS_TOKENIZER,
};

use dictionary::Dictionary;
pub use dictionary::{builtin_ready, embedded_builtin, install_builtin};
use normalize::{normalize_into, normalize_str, NormChar};
use segment::Segmenter;
use tcc::Tcc;

/// The text analysis shared by indexing and querying. Cheap to clone (an `Arc` inside).
#[derive(Clone)]
pub struct Analyzer {
    inner: Arc<Inner>,
}

struct Inner {
    dictionary: Dictionary,
    tcc: Tcc,
}

/// A token: normalized `text`, the byte range of the original text it comes from, and its
/// position in its stream (0, 1, 2, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub offset_from: usize,
    pub offset_to: usize,
    pub position: usize,
}

/// Both token streams of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    pub words: Vec<Token>,
    pub grams: Vec<Token>,
}

/// The gram term for two units: `a + " " + b`. Units never contain whitespace, so the space is
/// a safe separator, and `"a "` (what [`Analyzer::grams`] emits for a text's last unit) is a
/// prefix of every gram starting with unit `a`.
pub fn gram_term(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + 1 + b.len());
    s.push_str(a);
    s.push(' ');
    s.push_str(b);
    s
}

/// The unit-prefix tokens of a text, from its grams ([`Analyzer::grams`]): every prefix of every
/// unit it holds, and every unit followed by the gram separator (`gram_term(u, "")`), each once,
/// in term order, positions 0, 1, 2, … and offsets of its first occurrence.
///
/// A one-unit query matches every gram that begins with the unit (with the separator when
/// quoted): a prefix range of the grams field that holds thousands of terms for a common
/// cluster such as ก, each with postings to read on every keystroke. A gram begins with `p`
/// exactly when its first unit does, so the one term `p` here finds the same documents.
pub fn unit_prefixes(grams: &[Token]) -> Vec<Token> {
    // A text has thousands of grams and a few hundred distinct units. The units are told apart
    // by FxHash, with no random seed: 0.42 s for 3,000 thaigov documents (2,000 grams each),
    // against about 0.6 s with SipHash and a tree of prefixes, and 2.1 s for their analysis.
    // The prefixes are then sorted, so the tokens are the same for the same text whatever the
    // hasher.
    let mut units: HashSet<&str, BuildHasherDefault<FxHasher>> = HashSet::default();
    let mut prefixes: Vec<(&str, &Token)> = Vec::new();
    for gram in grams {
        let Some(separator) = gram.text.find(' ') else {
            continue;
        };
        // The unit with its separator, as a prefix of the gram.
        let unit = &gram.text[..=separator];
        if !units.insert(unit) {
            continue;
        }
        prefixes.extend(
            unit.char_indices()
                .skip(1)
                .map(|(end, _)| (&unit[..end], gram)),
        );
        prefixes.push((unit, gram));
    }
    // Each prefix once, with the gram it first occurs in.
    prefixes.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.position.cmp(&b.1.position)));
    prefixes.dedup_by(|a, b| a.0 == b.0);
    prefixes
        .into_iter()
        .enumerate()
        .map(|(position, (text, first))| Token {
            text: text.to_string(),
            offset_from: first.offset_from,
            offset_to: first.offset_to,
            position,
        })
        .collect()
}

/// Whitespace and control characters: never part of a unit or word.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// The original byte range covered by some normalized characters (empty range for none).
fn span_of(chars: &[NormChar]) -> (usize, usize) {
    chars
        .iter()
        .fold(None, |acc: Option<(usize, usize)>, m| match acc {
            None => Some((m.from, m.to)),
            Some((f, t)) => Some((f.min(m.from), t.max(m.to))),
        })
        .unwrap_or((0, 0))
}

/// A text normalized and clustered: what every stream starts from.
struct Prepared {
    norm: Vec<NormChar>,
    /// Non-whitespace characters of `norm`, in order (the text units are made of).
    compact: Vec<NormChar>,
    /// Start index in `compact` of each cluster, then `compact.len()`.
    bounds: Vec<usize>,
    /// Per `norm` index: whether a cluster starts there.
    cluster_start: Vec<bool>,
}

impl Analyzer {
    /// Built-in dictionary plus extra words (the site's user dictionary, DOCS/dictionary.txt,
    /// one word a line; blank lines and lines starting with `#` are ignored).
    pub fn new<I, S>(extra_words: I) -> Analyzer
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Analyzer {
            inner: Arc::new(Inner {
                dictionary: Dictionary::new(extra_words),
                tcc: Tcc::new(),
            }),
        }
    }

    /// Normalized form of `text` (same at index and query time). Whitespace is kept.
    pub fn normalize(&self, text: &str) -> String {
        normalize_str(text)
    }

    /// Whether `word` is a word of the dictionary (built-in or the site's): a word is never
    /// offered as a slip for another (crate::spelling).
    pub fn is_word(&self, word: &str) -> bool {
        self.inner.dictionary.contains(&normalize_str(word))
    }

    /// Word tokens of `text`, in order, positions 0, 1, 2, …
    pub fn words(&self, text: &str) -> Vec<Token> {
        self.words_of(&self.prepare(text))
    }

    /// Units of `text`: one per Thai Character Cluster, one per other non-whitespace character;
    /// whitespace dropped. Positions 0, 1, 2, …
    pub fn units(&self, text: &str) -> Vec<Token> {
        units_of(&self.prepare(text))
    }

    /// Gram tokens: for each pair of consecutive units i, i+1 a token `gram_term(u_i, u_{i+1})`
    /// at position i, then `gram_term(u_last, "")` at position n-1, so a one-unit query can match
    /// the very last unit of a text. Offsets span both units of the original text.
    pub fn grams(&self, text: &str) -> Vec<Token> {
        grams_of(&self.prepare(text))
    }

    /// Both streams at once, normalizing and clustering only once (the indexing hot path).
    pub fn analyze(&self, text: &str) -> Analysis {
        let prepared = self.prepare(text);
        Analysis {
            words: self.words_of(&prepared),
            grams: grams_of(&prepared),
        }
    }

    /// Number of words in the built-in dictionary, and the size in bytes of its FST.
    pub fn builtin_dictionary_stats(&self) -> (usize, usize) {
        (
            self.inner.dictionary.builtin_len(),
            Dictionary::builtin_bytes(),
        )
    }

    fn prepare(&self, text: &str) -> Prepared {
        let mut norm = Vec::with_capacity(text.len() / 2);
        normalize_into(text, &mut norm);
        let mut compact = Vec::with_capacity(norm.len());
        let mut compact_index = Vec::with_capacity(norm.len());
        for (i, m) in norm.iter().enumerate() {
            if !is_space(m.c) {
                compact.push(*m);
                compact_index.push(i);
            }
        }
        let chars: Vec<char> = compact.iter().map(|m| m.c).collect();
        let mut bounds = Vec::with_capacity(chars.len() / 2 + 1);
        self.inner.tcc.cluster_starts(&chars, &mut bounds);
        let mut cluster_start = vec![false; norm.len()];
        for &b in &bounds {
            cluster_start[compact_index[b]] = true;
        }
        bounds.push(compact.len());
        Prepared {
            norm,
            compact,
            bounds,
            cluster_start,
        }
    }

    fn words_of(&self, p: &Prepared) -> Vec<Token> {
        let mut out = Vec::new();
        Segmenter::default().words(&self.inner.dictionary, &p.norm, &p.cluster_start, &mut out);
        out
    }
}

fn units_of(p: &Prepared) -> Vec<Token> {
    p.bounds
        .windows(2)
        .enumerate()
        .map(|(position, w)| {
            let chars = &p.compact[w[0]..w[1]];
            let (offset_from, offset_to) = span_of(chars);
            Token {
                text: chars.iter().map(|m| m.c).collect(),
                offset_from,
                offset_to,
                position,
            }
        })
        .collect()
}

/// Grams straight from the clusters (no intermediate unit strings: this is the hot path).
fn grams_of(p: &Prepared) -> Vec<Token> {
    let b = &p.bounds;
    let units = b.len().saturating_sub(1);
    let mut grams = Vec::with_capacity(units);
    for i in 0..units {
        // This unit and the next (the next is empty for the last unit).
        let (start, mid, end) = (b[i], b[i + 1], b.get(i + 2).copied().unwrap_or(b[i + 1]));
        let mut text = String::with_capacity((end - start) * 3 + 1);
        text.extend(p.compact[start..mid].iter().map(|m| m.c));
        text.push(' ');
        text.extend(p.compact[mid..end].iter().map(|m| m.c));
        let (offset_from, offset_to) = span_of(&p.compact[start..end]);
        grams.push(Token {
            text,
            offset_from,
            offset_to,
            position: i,
        });
    }
    grams
}

/// The analysis of `text` as JSON — `{"normalized", "words": [[text, from, to, position]…],
/// "grams": […]}` — the one format `khlang analyze` and the app's `khlang_analyze` print, so the
/// native and wasm analyzers can be compared token for token.
pub fn analysis_json(analyzer: &Analyzer, text: &str) -> String {
    let tokens = |tokens: &[Token]| -> Vec<(String, usize, usize, usize)> {
        tokens
            .iter()
            .map(|t| (t.text.clone(), t.offset_from, t.offset_to, t.position))
            .collect()
    };
    let analysis = analyzer.analyze(text);
    let value = serde_json::json!({
        "normalized": analyzer.normalize(text),
        "words": tokens(&analysis.words),
        "grams": tokens(&analysis.grams),
    });
    value.to_string()
}
