//! Verbatim-recall evaluation: spans drawn from documents the way a person might type them,
//! searched, and checked to find their source. Used by the test on a committed corpus slice and
//! by `khlang-bench recall` on the full corpus.

use crate::analysis::Analyzer;
use crate::engine::{Engine, EngineError};
use crate::search::SearchRequest;

/// A span to search for and the document it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// Index of the source document in the list given to [`draw_spans`].
    pub doc: usize,
    pub text: String,
    /// Whole words (1–6 dictionary words), as opposed to a span that starts or ends inside one.
    pub whole_words: bool,
    /// How many dictionary words the span covers (for whole-word spans).
    pub words: usize,
}

/// A small deterministic PRNG (SplitMix64), so every run draws the same spans.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Draws `count` spans from `docs`: half whole-word spans of 1–6 words, half spans of 2–12 Thai
/// character clusters that start or end inside words. Spans are cut at TCC boundaries; spans a
/// person could not type as a plain query (quotes, a leading '-') are skipped.
pub fn draw_spans(docs: &[&str], count: usize, seed: u64, analyzer: &Analyzer) -> Vec<Span> {
    let mut rng = Rng::new(seed);
    let mut spans = Vec::with_capacity(count);
    let mut attempts = 0;
    while spans.len() < count && attempts < count * 50 && !docs.is_empty() {
        attempts += 1;
        let doc = rng.below(docs.len());
        let text = docs[doc];
        let whole_words = spans.len() % 2 == 0;
        let (from, to, words) = if whole_words {
            let words = analyzer.words(text);
            if words.is_empty() {
                continue;
            }
            let k = 1 + rng.below(6);
            let i = rng.below(words.len());
            let j = (i + k - 1).min(words.len() - 1);
            (words[i].offset_from, words[j].offset_to, j - i + 1)
        } else {
            let units = analyzer.units(text);
            if units.len() < 2 {
                continue;
            }
            let m = 2 + rng.below(11);
            let i = rng.below(units.len());
            let j = (i + m - 1).min(units.len() - 1);
            if j == i {
                continue;
            }
            (units[i].offset_from, units[j].offset_to, 0)
        };
        let Some(span) = text.get(from..to) else {
            continue;
        };
        let span = span.trim();
        let typeable = !span.is_empty()
            && !span
                .chars()
                .any(|c| matches!(c, '"' | '“' | '”' | '«' | '»'))
            && !span.split_whitespace().any(|w| w.starts_with('-'))
            && span.chars().any(char::is_alphanumeric);
        if typeable {
            spans.push(Span {
                doc,
                text: span.to_string(),
                whole_words,
                words,
            });
        }
    }
    spans
}

/// What an evaluation measured.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub spans: usize,
    /// Spans whose search returned their source document.
    pub found: usize,
    /// Spans that missed it.
    pub misses: Vec<String>,
    /// Whole-word spans of ≥ 3 words: how many, and how many ranked their source first.
    pub long: usize,
    pub long_first: usize,
    /// Of those, the ones that occur verbatim in their source document only (elsewhere no
    /// ranking can tell which copy is "the" source), and how many ranked it first.
    pub long_unique: usize,
    pub long_unique_first: usize,
}

/// Searches every span and checks where its source document ranks. `paths[i]` is the indexed
/// path of document `i`.
pub fn evaluate(engine: &Engine, paths: &[String], spans: &[Span]) -> Result<Report, EngineError> {
    let mut report = Report {
        spans: spans.len(),
        ..Report::default()
    };
    for span in spans {
        let request = SearchRequest::new(span.text.clone());
        let rank = engine.rank_of(&request, &paths[span.doc])?;
        let Some(rank) = rank else {
            report.misses.push(span.text.clone());
            continue;
        };
        report.found += 1;
        if span.whole_words && span.words >= 3 {
            report.long += 1;
            report.long_first += usize::from(rank == 0);
            let exact = SearchRequest::new(format!("\"{}\"", span.text));
            if engine.search(&exact)?.total == 1 {
                report.long_unique += 1;
                report.long_unique_first += usize::from(rank == 0);
            }
        }
    }
    Ok(report)
}
