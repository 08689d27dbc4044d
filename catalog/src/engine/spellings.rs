//! Other spellings: what the archive's documents write in place of the query's words, offered
//! beside the results and included only when the reader chooses.
//!
//! A reader who types ศีรษะ finds the documents that spell it so; 29 more in the 17k corpus
//! write ศรีษะ. The answer says so (crate::search::OtherSpelling, with the documents it adds),
//! the results stay those of what was typed, and a request with `other_spellings` searches both
//! and marks each hit found only through the other spelling. The table comes from the archive
//! (crate::archive::SPELLINGS_FILE), so the browser, `khlang search` and the OpenSearch path
//! offer and include the same.

use tantivy::collector::Count;
use tantivy::query::EnableScoring;
use tantivy::{DocSet, TERMINATED};

use super::error::EngineError;
use super::open::Engine;
use crate::analysis::Analyzer;
use crate::archive::SPELLINGS_FILE;
use crate::collect::{Candidate, SearchCollector};
use crate::query::{including, ParsedQuery};
use crate::search::{OtherSpelling, SearchRequest};
use crate::spelling::{Respelling, Spellings};

impl Engine {
    /// The archive's table of other spellings; empty for an archive built without one.
    pub fn spellings(&self) -> Result<&Spellings, EngineError> {
        if let Some(table) = self.spellings.get() {
            return Ok(table);
        }
        let table = match self.data.read_all(SPELLINGS_FILE) {
            Some(Ok(bytes)) => Spellings::parse(&String::from_utf8_lossy(bytes.as_slice())),
            Some(Err(e)) => return Err(EngineError::File(SPELLINGS_FILE.into(), e.to_string())),
            None => Spellings::default(),
        };
        Ok(self.spellings.get_or_init(|| table))
    }

    /// What each of `respellings` adds to `parsed` as typed under `request`'s filters;
    /// `typed` is what `parsed` found, when known (the answer as typed), counted otherwise.
    pub(super) fn spelling_offers(
        &self,
        request: &SearchRequest,
        parsed: &ParsedQuery,
        respellings: &[Respelling],
        typed: Option<u64>,
        analyzer: &Analyzer,
    ) -> Result<Vec<OtherSpelling>, EngineError> {
        let typed = match typed {
            Some(n) => n,
            None => self.count(request, parsed, analyzer)?,
        };
        let mut offers = Vec::new();
        for r in respellings {
            let with = self.count(
                request,
                &including(parsed, std::slice::from_ref(r)),
                analyzer,
            )?;
            offers.push(OtherSpelling {
                typed: r.typed.clone(),
                other: r.other.clone(),
                adds: with.saturating_sub(typed),
            });
        }
        Ok(offers)
    }

    /// For a pair of the archive, over all its documents: how many hold the slip's letters, and
    /// how many of those do not hold the word's (as queries for them find them) — what the pair
    /// can ever add. A build keeps a pair only when its slip's letters are not mostly other
    /// words' and it adds something (indexer/src/documents/slips.rs).
    pub fn pair_counts(&self, word: &str, slip: &str) -> Result<(u64, u64), EngineError> {
        let request = SearchRequest::new(word);
        let analyzer = self.analyzer()?;
        let parsed = crate::query::parse(word);
        let respelling = Respelling {
            typed: analyzer.normalize(word),
            other: analyzer.normalize(slip),
        };
        let holding = self.count(&request, &crate::query::parse(slip), analyzer)?;
        let typed = self.count(&request, &parsed, analyzer)?;
        let both = self.count(&request, &including(&parsed, &[respelling]), analyzer)?;
        Ok((holding, both.saturating_sub(typed)))
    }

    /// Whether each of `candidates` matches `typed` (the query without the other spellings):
    /// those that do not were found only through one.
    pub(super) fn typed_matches<'a>(
        &self,
        typed: &ParsedQuery,
        analyzer: &Analyzer,
        candidates: impl Iterator<Item = &'a Candidate>,
    ) -> Result<Vec<bool>, EngineError> {
        let query = self.query(typed, Some(analyzer));
        let weight = query.weight(EnableScoring::disabled_from_searcher(&self.searcher))?;
        let mut matches = Vec::new();
        for candidate in candidates {
            let address = candidate.address;
            let reader = self.searcher.segment_reader(address.segment_ord);
            let mut scorer = weight.scorer(reader, 1.0)?;
            let doc = if scorer.doc() == TERMINATED || scorer.doc() > address.doc_id {
                scorer.doc()
            } else {
                scorer.seek(address.doc_id)
            };
            matches.push(doc == address.doc_id);
        }
        Ok(matches)
    }

    /// How many documents `parsed` finds under `request`'s filters.
    pub(super) fn count(
        &self,
        request: &SearchRequest,
        parsed: &ParsedQuery,
        analyzer: &Analyzer,
    ) -> Result<u64, EngineError> {
        let query = self.query(parsed, Some(analyzer));
        if request.filters.0.values().all(|v| v.is_empty()) {
            // No selection to apply: counting alone, without the facets a search counts.
            return Ok(self.searcher.search(query.as_ref(), &Count)? as u64);
        }
        let collector = SearchCollector {
            filters: request.filters.clone(),
            sort: request.sort,
            keep: 0,
            scoring: false,
        };
        Ok(self.searcher.search(query.as_ref(), &collector)?.total)
    }
}
