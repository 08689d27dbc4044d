//! The search engine over one archive: open the packed index, answer [`SearchRequest`]s.
//!
//! This is the only search code; the browser app and `khlang search` both call it with the same
//! archive bytes, so they return the same hits in the same order.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use tantivy::collector::TopDocs;
use tantivy::columnar::BytesColumn;
use tantivy::directory::OwnedBytes;
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::termdict::TermDictionary;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use crate::analysis::{builtin_ready, install_builtin, register_tokenizers, Analyzer};
use crate::archive::{ArchiveError, Sparse, Toc, DICTIONARY_FILE, WORDS_FILE};
use crate::card::{self, text};
use crate::collect::{Collected, SearchCollector, Sort};
use crate::facets::FacetKind;
use crate::query::{build_query, parse};
use crate::recent::RecentAnswers;
use crate::schema::Fields;
use crate::search::{Hit, SearchRequest, SearchResponse};
use crate::snippet::{needles, opening, snippet_with, RecentTexts};

/// Why an archive could not be opened or searched.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("the index is damaged or from another version: {0}; rebuild the site")]
    Index(#[from] tantivy::TantivyError),
    #[error("the index file {0} cannot be loaded: {1}")]
    File(String, String),
    /// The search needs parts of the archive that have not been loaded yet: load them (their
    /// positions in the table of contents) and search again.
    #[error("{} more part(s) of the archive are needed", .0.len())]
    Missing(Vec<usize>),
}

/// An opened archive, ready to search.
pub struct Engine {
    toc: Toc,
    data: Sparse,
    fields: Fields,
    index: Index,
    /// The site's own words (DOCS/dictionary.txt), one a line.
    user_words: String,
    /// Made when first needed: in the web app the built-in dictionary it needs comes with the
    /// rest of the index, after the first results (see crate::analysis::install_builtin).
    analyzer: OnceLock<Analyzer>,
    // Kept so the searcher's segments stay open.
    _reader: IndexReader,
    searcher: Searcher,
    recent: Mutex<RecentAnswers>,
    /// A search that found its hits but waits for their stored text: asked again once the
    /// pages have arrived, it only reads the documents instead of searching again.
    waiting: Mutex<Option<(SearchRequest, Collected)>>,
    /// Each segment's card column once opened (see [`Engine::card_column`]).
    card_columns: Mutex<Vec<Option<BytesColumn>>>,
    /// The recent hits' texts as far as their snippets analyzed them.
    texts: Mutex<RecentTexts<DocAddress>>,
}

impl Engine {
    /// Opens index files present whole (`khlang search`, tests).
    pub fn open(toc: Toc, files: BTreeMap<String, Vec<u8>>) -> Result<Engine, EngineError> {
        let files = files
            .into_iter()
            .map(|(name, bytes)| (name, OwnedBytes::new(bytes)))
            .collect();
        Engine::open_sparse(toc, Sparse::whole(files))
    }

    /// Opens an archive as far as it has arrived: at least its start parts. Reads of anything
    /// else fail with [`EngineError::Missing`] until those parts are added to `data`.
    pub fn open_sparse(toc: Toc, data: Sparse) -> Result<Engine, EngineError> {
        let missing = |e: EngineError| explain(&data, e);
        let user_words = match data.read_all(DICTIONARY_FILE) {
            None => String::new(),
            Some(Ok(bytes)) => String::from_utf8_lossy(bytes.as_slice()).into_owned(),
            Some(Err(e)) => {
                return Err(missing(EngineError::File(
                    DICTIONARY_FILE.into(),
                    e.to_string(),
                )))
            }
        };
        let index = Index::open(data.clone()).map_err(|e| missing(e.into()))?;
        let fields = Fields::from_schema(&index.schema())?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| missing(e.into()))?;
        let searcher = reader.searcher();
        Ok(Engine {
            toc,
            data,
            fields,
            index,
            user_words,
            analyzer: OnceLock::new(),
            _reader: reader,
            searcher,
            recent: Mutex::default(),
            waiting: Mutex::default(),
            card_columns: Mutex::default(),
            texts: Mutex::default(),
        })
    }

    /// The parts not loaded yet that any typed query needs (empty once it can run).
    pub fn missing_for_queries(&self) -> Vec<usize> {
        self.data.missing(self.toc.index_parts())
    }

    /// The archive's table of contents (title, document count, …).
    pub fn toc(&self) -> &Toc {
        &self.toc
    }

    /// The analyzer this archive was built with (built-in plus the site's dictionary).
    /// [`EngineError::Missing`] while the archive's copy of the built-in dictionary, which a
    /// build without it (the web app) needs, has not been loaded.
    pub fn analyzer(&self) -> Result<&Analyzer, EngineError> {
        if let Some(analyzer) = self.analyzer.get() {
            return Ok(analyzer);
        }
        if !builtin_ready() {
            let bytes = match self.data.read_all(WORDS_FILE) {
                Some(Ok(bytes)) => bytes,
                Some(Err(e)) => {
                    return Err(explain(
                        &self.data,
                        EngineError::File(WORDS_FILE.into(), e.to_string()),
                    ))
                }
                None => {
                    return Err(EngineError::File(
                        WORDS_FILE.into(),
                        "not in the archive, which an older khlang built".into(),
                    ))
                }
            };
            install_builtin(bytes.as_slice().to_vec())
                .map_err(|e| EngineError::File(WORDS_FILE.into(), e.to_string()))?;
        }
        let words = self.user_words.lines().map(str::trim);
        let analyzer = Analyzer::new(words.filter(|l| !l.is_empty()));
        register_tokenizers(self.index.tokenizers(), &analyzer);
        Ok(self.analyzer.get_or_init(|| analyzer))
    }

    /// Number of documents in the archive.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Runs a search; [`EngineError::Missing`] when it needs parts not loaded yet.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, EngineError> {
        // A poisoned lock only means a panic elsewhere; the answers in it are whole, but
        // searching afresh is never wrong, so it is simply not used.
        if let Some(answer) = self.recent.lock().ok().and_then(|mut r| r.get(request)) {
            return Ok(answer);
        }
        let answer = self.search_uncached(request)?;
        if answer.pending.is_empty() {
            if let Ok(mut recent) = self.recent.lock() {
                recent.put(request.clone(), answer.clone());
            }
        }
        Ok(answer)
    }

    /// How many searches were answered from the recent answers, and how many were not.
    pub fn recent_counts(&self) -> (u64, u64) {
        self.recent.lock().map_or((0, 0), |r| r.counts())
    }

    fn search_uncached(&self, request: &SearchRequest) -> Result<SearchResponse, EngineError> {
        let parsed = parse(&request.query);
        // A typed query walks term dictionaries and postings: it waits for all of them rather
        // than discovering them one read at a time.
        if !parsed.is_empty() {
            let missing = self.missing_for_queries();
            if !missing.is_empty() {
                return Err(EngineError::Missing(missing));
            }
        }
        // Reads a past search left unexplained (none should) must not be blamed on this one.
        self.data.take_wanted();
        self.search_parsed(request, &parsed)
            .map_err(|e| explain(&self.data, e))
    }

    fn search_parsed(
        &self,
        request: &SearchRequest,
        parsed: &crate::query::ParsedQuery,
    ) -> Result<SearchResponse, EngineError> {
        let scoring = !parsed.is_empty() && request.sort == Sort::Relevance;
        let analyzer = self.analyzer_for(parsed)?;
        let earlier = self
            .waiting
            .lock()
            .ok()
            .and_then(|mut w| w.take())
            .filter(|(r, _)| r == request);
        let collected = match earlier {
            Some((_, collected)) => collected,
            None => {
                let query = self.query(parsed, analyzer);
                let collector = SearchCollector {
                    filters: request.filters.clone(),
                    sort: request.sort,
                    keep: request.offset.saturating_add(request.limit),
                    scoring,
                };
                self.searcher.search(query.as_ref(), &collector)?
            }
        };
        // Every hit's document is read before any snippet is made, so one round of loading
        // brings all the pages this page of results needs, and a search that must wait for
        // some has analyzed nothing in vain. A hit whose page has not loaded shows its card
        // meanwhile. Cards are read only then: a card column is read whole when first used,
        // and the first results (whose pages are in the start parts) must not pull it in.
        let mut hits = Vec::new();
        let mut bodies = Vec::new();
        let mut pending = Vec::new();
        let mut without_card = false;
        for candidate in collected.top.iter().skip(request.offset) {
            match self.searcher.doc::<TantivyDocument>(candidate.address) {
                Ok(doc) => {
                    hits.push(card::from_doc(&doc, &self.fields));
                    bodies.push(Some(text(&doc, self.fields.body)));
                }
                Err(_) if self.data.is_waiting() => {
                    pending.extend(self.data.take_wanted());
                    let card = self.card(candidate.address)?;
                    without_card |= card.is_none();
                    hits.push(card.unwrap_or_default());
                    bodies.push(None);
                }
                Err(e) => return Err(e.into()),
            }
        }
        pending.sort_unstable();
        pending.dedup();
        if !pending.is_empty() {
            if let Ok(mut waiting) = self.waiting.lock() {
                *waiting = Some((request.clone(), collected.clone()));
            }
            if without_card {
                // An archive built before cards, or an index not loaded yet: nothing to show
                // until the pages are in.
                return Err(EngineError::Missing(pending));
            }
        }
        let needles = analyzer.map(|a| (needles(parsed, a), a));
        for ((hit, body), candidate) in hits
            .iter_mut()
            .zip(bodies)
            .zip(collected.top.iter().skip(request.offset))
        {
            hit.score = if scoring { candidate.score } else { 0.0 };
            let Some(body) = body else { continue };
            let snip = match &needles {
                Some((needles, analyzer)) => {
                    // A poisoned lock only loses what was kept: the text is analyzed afresh.
                    let mut texts = self.texts.lock().ok();
                    let mut analyzed = texts
                        .as_mut()
                        .map(|t| t.take(&candidate.address))
                        .unwrap_or_default();
                    let snip = snippet_with(&body, needles, analyzer, &mut analyzed);
                    if let Some(texts) = texts.as_mut() {
                        texts.put(candidate.address, analyzed);
                    }
                    snip
                }
                None => opening(&body),
            };
            hit.snippet = snip.text;
            hit.highlights = snip.highlights;
        }
        let mut facets = collected.facets;
        for kind in FacetKind::ALL {
            facets.entry(kind.field_name().to_string()).or_default();
        }
        Ok(SearchResponse {
            total: collected.total,
            hits,
            facets,
            pending,
        })
    }

    /// The card of the document at `address` (crate::card), from its column; `None` when the
    /// archive has no cards, or when the part of the index that holds this one has not loaded
    /// yet (before the index is in, a click on a facet waits for the hits' stored text).
    fn card(&self, address: DocAddress) -> Result<Option<Hit>, EngineError> {
        let Some(field) = self.fields.card else {
            return Ok(None);
        };
        let read = || -> tantivy::Result<Option<Hit>> {
            let Some(column) = self.card_column(field, address.segment_ord)? else {
                return Ok(None);
            };
            let mut bytes = Vec::new();
            for ord in column.term_ords(address.doc_id) {
                if column.ord_to_bytes(ord, &mut bytes)? {
                    return Ok(card::decode(&bytes));
                }
            }
            Ok(None)
        };
        match read() {
            Ok(card) => Ok(card),
            Err(_) if self.data.is_waiting() => {
                // Not a part this search must wait for: the stored text will do.
                self.data.take_wanted();
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The card column of segment `segment`, opened once: opening reads (and, across parts of
    /// the archive, copies) the whole column, megabytes in a large archive.
    fn card_column(
        &self,
        field: tantivy::schema::Field,
        segment: u32,
    ) -> tantivy::Result<Option<BytesColumn>> {
        let mut columns = self.card_columns.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(Some(column)) = columns.get(segment as usize) {
            return Ok(Some(column.clone()));
        }
        let name = self.index.schema().get_field_name(field).to_string();
        let reader = self.searcher.segment_reader(segment);
        let column = reader.fast_fields().bytes(&name)?;
        if columns.len() <= segment as usize {
            columns.resize(segment as usize + 1, None);
        }
        columns[segment as usize] = column.clone();
        Ok(column)
    }

    /// Where the document at `path` ranks for `request` (0 = first), or `None` if it does not
    /// match. Used to measure recall and ranking without loading every hit.
    pub fn rank_of(
        &self,
        request: &SearchRequest,
        path: &str,
    ) -> Result<Option<usize>, EngineError> {
        let target = TermQuery::new(
            Term::from_field_text(self.fields.path, path),
            IndexRecordOption::Basic,
        );
        let Some((_, address)) = self
            .searcher
            .search(&target, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let parsed = parse(&request.query);
        let query = self.query(&parsed, self.analyzer_for(&parsed)?);
        let collector = SearchCollector {
            filters: request.filters.clone(),
            sort: request.sort,
            keep: usize::MAX,
            scoring: !parsed.is_empty() && request.sort == Sort::Relevance,
        };
        let collected = self.searcher.search(query.as_ref(), &collector)?;
        Ok(collected.top.iter().position(|c| c.address == address))
    }

    /// The analyzer `parsed` needs: none for browsing (no clause at all), so the first results
    /// never wait for the dictionary.
    fn analyzer_for(
        &self,
        parsed: &crate::query::ParsedQuery,
    ) -> Result<Option<&Analyzer>, EngineError> {
        if parsed.clauses.is_empty() {
            Ok(None)
        } else {
            self.analyzer().map(Some)
        }
    }

    /// The tantivy query for `parsed`; `analyzer` is `None` only when it has no clauses.
    fn query(
        &self,
        parsed: &crate::query::ParsedQuery,
        analyzer: Option<&Analyzer>,
    ) -> Box<dyn Query> {
        match analyzer {
            Some(analyzer) => build_query(parsed, analyzer, &self.fields, &|t| self.expansions(t)),
            None => Box::new(AllQuery),
        }
    }

    /// How many terms start with `prefix` in the segment that has the most: a prefix query's
    /// exact expansion bound (see [`crate::query::Expansions`]). Term ordinals are dense and
    /// sorted, so the count is the distance between the first ordinal at or after the prefix and
    /// the first after every term it starts: two seeks per segment, not a walk over (and a
    /// decoding of) every such term, thousands for a short prefix.
    fn expansions(&self, prefix: &Term) -> u32 {
        let bytes = prefix.serialized_value_bytes();
        let end = prefix_end(bytes);
        let mut most = 0u64;
        for segment in self.searcher.segment_readers() {
            // A field that cannot be read fails the search itself right after; 0 here only
            // means this bound adds no error of its own.
            let Ok(index) = segment.inverted_index(prefix.field()) else {
                continue;
            };
            let terms = index.terms();
            let Some(first) = first_ord_from(terms, bytes) else {
                continue;
            };
            let all = terms.num_terms() as u64;
            let stop = end
                .as_deref()
                .map_or(Some(all), |end| first_ord_from(terms, end))
                .unwrap_or(all);
            most = most.max(stop.saturating_sub(first));
        }
        u32::try_from(most).unwrap_or(u32::MAX)
    }
}

/// An error as the caller should see it: whatever tantivy made of it, reads that found bytes
/// not loaded yet explain it, and loading those parts is the remedy.
fn explain(data: &Sparse, e: EngineError) -> EngineError {
    match data.take_wanted() {
        wanted if !wanted.is_empty() => EngineError::Missing(wanted),
        _ => e,
    }
}

/// The ordinal of the first term at or after `key`, if there is one.
fn first_ord_from(terms: &TermDictionary, key: &[u8]) -> Option<u64> {
    let mut stream = terms.range().ge(key).into_stream().ok()?;
    stream.advance().then(|| stream.term_ord())
}

/// The smallest key after every key that starts with `prefix`; `None` when there is none
/// (the prefix is empty or all 0xFF bytes).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn prefix_end_is_the_first_key_past_the_prefix() {
        let cases: [(&[u8], Option<&[u8]>); 5] = [
            (b"", None),
            (b"a", Some(b"b")),
            (b"a\xff", Some(b"b")),
            (b"\xff\xff", None),
            ("ก".as_bytes(), Some(b"\xe0\xb8\x82")),
        ];
        for (prefix, want) in cases {
            assert_eq!(prefix_end(prefix).as_deref(), want, "{prefix:?}");
        }
    }
}
