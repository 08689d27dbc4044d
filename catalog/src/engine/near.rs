//! Near misses: when a query finds nothing, the nearest words the archive does hold, offered.
//!
//! A kiosk visitor who types ศนย (the ู forgotten on an unfamiliar keyboard) sees no documents;
//! the answer then carries, for each stretch of the query that is no dictionary word, the
//! archive's words a few Thai-aware edits away (crate::spelling), each as the whole query with
//! that stretch replaced and the documents that query would find. The results themselves stay
//! exactly what was typed: an offer is taken by a tap, never applied behind the reader's back.

use std::collections::HashMap;

use super::error::EngineError;
use super::open::Engine;
use crate::analysis::Analyzer;
use crate::archive::LEXICON_FILE;
use crate::query::{parse, ParsedQuery};
use crate::search::{SearchRequest, Suggestion};
use crate::spelling::{is_word, Lexicon};

/// How many offers an answer carries at most.
const OFFERS: usize = 3;
/// How many words of the archive are tried for each stretch of the query.
const CANDIDATES: usize = 5;

impl Engine {
    /// Offers for `request`, which found nothing: queries one near word away that find
    /// something, best first.
    pub(super) fn near_misses(
        &self,
        request: &SearchRequest,
        parsed: &ParsedQuery,
        analyzer: &Analyzer,
    ) -> Result<Vec<Suggestion>, EngineError> {
        let lexicon = self.lexicon(analyzer)?;
        let mut tried: Vec<(f32, u32, String, String)> = Vec::new();
        for clause in parsed.required() {
            for stretch in stretches(&clause.text, analyzer) {
                for near in lexicon.nearest(&stretch, CANDIDATES) {
                    let query = request.query.replacen(&stretch, &near.word, 1);
                    if query != request.query {
                        tried.push((near.distance, near.docs, near.word, query));
                    }
                }
            }
        }
        tried.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut offers: Vec<Suggestion> = Vec::new();
        for (_, _, word, query) in tried {
            if offers.len() == OFFERS {
                break;
            }
            if offers.iter().any(|o| o.query == query) {
                continue;
            }
            let total = self.count(request, &parse(&query), analyzer)?;
            if total > 0 {
                offers.push(Suggestion { query, word, total });
            }
        }
        Ok(offers)
    }

    /// The archive's lexicon: read from its [`LEXICON_FILE`], which `khlang build` writes, or,
    /// in an archive built before it, from the index's words (seconds at 17,000 documents).
    fn lexicon(&self, analyzer: &Analyzer) -> Result<&Lexicon, EngineError> {
        if let Some(lexicon) = self.lexicon.get() {
            return Ok(lexicon);
        }
        let words = match self.data.read_all(LEXICON_FILE) {
            Some(Ok(bytes)) => Lexicon::parse(&String::from_utf8_lossy(bytes.as_slice())),
            Some(Err(e)) => return Err(EngineError::File(LEXICON_FILE.into(), e.to_string())),
            None => self.words_in_index(analyzer)?,
        };
        Ok(self.lexicon.get_or_init(|| Lexicon::new(words)))
    }

    /// The lexicon's text (see [`LEXICON_FILE`]), from the index's words.
    pub fn lexicon_text(&self) -> Result<String, EngineError> {
        Ok(Lexicon::text(&self.index_words()?))
    }

    /// The index's dictionary words with the documents holding each (see `words_in_index`).
    pub fn index_words(&self) -> Result<Vec<(String, u32)>, EngineError> {
        self.words_in_index(self.analyzer()?)
    }

    /// The dictionary words of the index, each with the documents holding it, in word order.
    /// A title is most often the body's first line too, so a word's documents are those of the
    /// field that has more of them, not the two added up (which would count most twice).
    fn words_in_index(&self, analyzer: &Analyzer) -> Result<Vec<(String, u32)>, EngineError> {
        // Every term of every segment, merged first: a term is looked up in the dictionary once,
        // not once per segment and field.
        let mut docs: HashMap<Vec<u8>, u32> = HashMap::new();
        for field in [self.fields.body_words, self.fields.title_words] {
            let mut in_field: HashMap<Vec<u8>, u32> = HashMap::new();
            for segment in self.searcher.segment_readers() {
                let index = segment.inverted_index(field)?;
                let mut terms = index
                    .terms()
                    .stream()
                    .map_err(|e| EngineError::Index(e.into()))?;
                while terms.advance() {
                    // Thai letters are three bytes in UTF-8, starting 0xE0: a term with none is
                    // Latin or digits.
                    if terms.key().contains(&0xE0) {
                        *in_field.entry(terms.key().to_vec()).or_default() +=
                            terms.value().doc_freq;
                    }
                }
            }
            for (key, n) in in_field {
                let most = docs.entry(key).or_default();
                *most = (*most).max(n);
            }
        }
        let mut words: Vec<(String, u32)> = docs
            .into_iter()
            .filter_map(|(key, n)| Some((String::from_utf8(key).ok()?, n)))
            .filter(|(word, _)| word.chars().any(thai::is_consonant) && is_word(analyzer, word))
            .collect();
        words.sort();
        Ok(words)
    }
}

/// What of a clause may be a slip: the clause itself when it is one run of letters and no
/// dictionary word (เจ้าหนาที่ is เจ้า|หนา|ที่, all words, but meant one), then its stretches
/// that are no dictionary word.
fn stretches(text: &str, analyzer: &Analyzer) -> Vec<String> {
    let text = text.trim();
    let mut stretches = Vec::new();
    if !text.contains(char::is_whitespace) && !is_word(analyzer, text) {
        stretches.push(text.to_string());
    }
    for stretch in unknown_stretches(text, analyzer) {
        if !stretches.contains(&stretch) {
            stretches.push(stretch);
        }
    }
    stretches
}

/// The stretches of `text` that are no dictionary word: runs of consecutive unknown Thai word
/// tokens, as typed.
fn unknown_stretches(text: &str, analyzer: &Analyzer) -> Vec<String> {
    let mut stretches = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for token in analyzer.words(text) {
        let unknown = token.text.chars().any(thai::is_consonant) && !is_word(analyzer, &token.text);
        match (unknown, open) {
            (true, Some((from, to))) if text[to..token.offset_from].trim().is_empty() => {
                open = Some((from, token.offset_to));
            }
            (true, _) => {
                stretches.extend(
                    open.take()
                        .and_then(|(f, t)| text.get(f..t))
                        .map(str::to_string),
                );
                open = Some((token.offset_from, token.offset_to));
            }
            (false, _) => {
                stretches.extend(
                    open.take()
                        .and_then(|(f, t)| text.get(f..t))
                        .map(str::to_string),
                );
            }
        }
    }
    stretches.extend(open.and_then(|(f, t)| text.get(f..t)).map(str::to_string));
    stretches
}
