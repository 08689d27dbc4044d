//! Answering a [`SearchRequest`], step by step: collect the hits, read this page of them, then
//! score them and make their snippets.
//!
//! An archive may still be arriving: a step that reads bytes not loaded yet ends the search
//! with [`EngineError::Missing`], naming the parts to load before asking again. Hits whose
//! page of stored text is missing show their card meanwhile, and the search that found them
//! waits (see super::cache) so that asking again only reads their documents.

use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{DocAddress, TantivyDocument};

use super::error::{explain, EngineError};
use super::expansions::expansions;
use super::open::Engine;
use crate::analysis::Analyzer;
use crate::card::{self, text};
use crate::collect::{Candidate, Collected, SearchCollector, Sort};
use crate::facets::{FacetCounts, FacetKind};
use crate::facts::Facts;
use crate::query::{
    build_query, heads_cut, including, parse, respellings, worth_showing, ParsedQuery,
};
use crate::search::{Hit, SearchRequest, SearchResponse};
use crate::snippet::{needles, opening, snippet_with, Needle};

/// A page of hits as read from the index, before scores and snippets.
struct Page {
    hits: Vec<Hit>,
    /// Each hit's body text; `None` while its page of stored text has not loaded.
    bodies: Vec<Option<String>>,
    /// The parts holding the pages not loaded yet, in order, each once.
    pending: Vec<usize>,
    /// Whether a hit whose page has not loaded has no card to show either.
    without_card: bool,
}

impl Engine {
    /// Runs a search; [`EngineError::Missing`] when it needs parts not loaded yet.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, EngineError> {
        if let Some(answer) = self.cache.answer(request) {
            return Ok(answer);
        }
        let answer = self.search_uncached(request)?;
        self.cache.keep_answer(request, &answer);
        Ok(answer)
    }

    /// Answers `request` now and keeps its answer for as long as the engine lives, beside the
    /// recent ones (which typing soon pushes out): for the one-character queries every typed
    /// query starts with, the costliest to answer (a one-character prefix unites thousands of
    /// terms), searched ahead in the app's idle time. Keeps only a complete answer: `false`
    /// when its hits' pages of stored text have not loaded (over http they load only when
    /// shown), as one still waiting for them would be out of date once they arrive.
    pub fn answer_ahead(&self, request: &SearchRequest) -> Result<bool, EngineError> {
        if self.cache.is_kept(request) {
            return Ok(true);
        }
        let answer = self.search_uncached(request)?;
        Ok(self.cache.keep_for_good(request, answer))
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
        self.search_read(request, &parsed)
            .map_err(|e| explain(&self.data, e))
    }

    /// `parsed` as typed, with the archive's other spellings of its words offered (and, when
    /// `request` includes them, searched); when that finds nothing, as pasted from the middle
    /// of the text (crate::query::heads_cut); when that finds nothing either, with the near
    /// words offered.
    fn search_read(
        &self,
        request: &SearchRequest,
        parsed: &ParsedQuery,
    ) -> Result<SearchResponse, EngineError> {
        let Some(analyzer) = self.analyzer_for(parsed)? else {
            return self.search_parsed(request, parsed, None);
        };
        let offered = respellings(self.spellings()?, parsed, analyzer);
        if !offered.is_empty() {
            let answer = if request.other_spellings {
                let both = including(parsed, &offered);
                self.search_parsed(request, &both, Some(parsed))?
            } else {
                self.search_parsed(request, parsed, None)?
            };
            let typed = (!request.other_spellings).then_some(answer.total);
            let offers = self.spelling_offers(request, parsed, &offered, typed, analyzer)?;
            return Ok(SearchResponse {
                spellings: worth_showing(offers, request.other_spellings),
                ..answer
            });
        }
        let answer = self.search_parsed(request, parsed, None)?;
        if answer.total > 0 {
            return Ok(answer);
        }
        if let Some(cut) = heads_cut(parsed, analyzer) {
            let answer = self.search_parsed(request, &cut, None)?;
            if answer.total > 0 {
                return Ok(answer);
            }
        }
        Ok(SearchResponse {
            suggestions: self.near_misses(request, parsed, analyzer)?,
            ..answer
        })
    }

    /// One search of `parsed`; with `typed` (the query without the other spellings it
    /// includes), each hit that `typed` does not match is marked as found only through them.
    fn search_parsed(
        &self,
        request: &SearchRequest,
        parsed: &ParsedQuery,
        typed: Option<&ParsedQuery>,
    ) -> Result<SearchResponse, EngineError> {
        let scoring = !parsed.is_empty() && request.sort == Sort::Relevance;
        let analyzer = self.analyzer_for(parsed)?;
        let collected = self.collect(request, parsed, analyzer, scoring)?;
        let candidates = || collected.top.iter().skip(request.offset);
        let Page {
            mut hits,
            bodies,
            pending,
            without_card,
        } = self.read_page(candidates())?;
        if !pending.is_empty() {
            self.cache.wait(request, &collected);
            if without_card {
                // An archive built before cards, or an index not loaded yet: nothing to show
                // until the pages are in.
                return Err(EngineError::Missing(pending));
            }
        }
        if let (Some(typed), Some(analyzer)) = (typed, analyzer) {
            let matches = self.typed_matches(typed, analyzer, candidates())?;
            for (hit, typed) in hits.iter_mut().zip(matches) {
                hit.other_spelling = !typed;
            }
        }
        let needles = analyzer.map(|a| (needles(parsed, a), a));
        let needles = needles.as_ref().map(|(n, a)| (n.as_slice(), *a));
        self.score_and_snippet(&mut hits, bodies, candidates(), needles, scoring);
        Ok(SearchResponse {
            total: collected.total,
            hits,
            facets: every_facet(collected.facets),
            pending,
            suggestions: Vec::new(),
            spellings: Vec::new(),
        })
    }

    /// The hits of `request`: those a search that waited for their pages found, or found now.
    fn collect(
        &self,
        request: &SearchRequest,
        parsed: &ParsedQuery,
        analyzer: Option<&Analyzer>,
        scoring: bool,
    ) -> Result<Collected, EngineError> {
        if let Some(collected) = self.cache.take_waiting(request) {
            return Ok(collected);
        }
        let query = self.query(parsed, analyzer);
        let collector = SearchCollector {
            filters: request.filters.clone(),
            sort: request.sort,
            keep: request.offset.saturating_add(request.limit),
            scoring,
        };
        Ok(self.searcher.search(query.as_ref(), &collector)?)
    }

    /// Reads the document of each of `candidates`, or its card where its page of stored text
    /// has not loaded.
    ///
    /// Every hit's document is read before any snippet is made, so one round of loading brings
    /// all the pages this page of results needs, and a search that must wait for some has
    /// analyzed nothing in vain. Cards are read only then: a card column is read whole when
    /// first used, and the first results (whose pages are in the start parts) must not pull it
    /// in.
    fn read_page<'a>(
        &self,
        candidates: impl Iterator<Item = &'a Candidate>,
    ) -> Result<Page, EngineError> {
        let mut page = Page {
            hits: Vec::new(),
            bodies: Vec::new(),
            pending: Vec::new(),
            without_card: false,
        };
        for candidate in candidates {
            match self.searcher.doc::<TantivyDocument>(candidate.address) {
                Ok(doc) => {
                    page.hits.push(Hit {
                        facts: card::from_doc(&doc, &self.fields),
                        ..Hit::default()
                    });
                    page.bodies.push(Some(text(&doc, self.fields.body)));
                }
                Err(_) if self.data.is_waiting() => {
                    page.pending.extend(self.data.take_wanted());
                    let card = self.card(candidate.address)?;
                    page.without_card |= card.is_none();
                    page.hits.push(Hit {
                        facts: card.unwrap_or_default(),
                        ..Hit::default()
                    });
                    page.bodies.push(None);
                }
                Err(e) => return Err(e.into()),
            }
        }
        page.pending.sort_unstable();
        page.pending.dedup();
        Ok(page)
    }

    /// Gives each hit its score and, where its text is in, its snippet: around the `needles`
    /// of a query, or the text's opening when browsing.
    fn score_and_snippet<'a>(
        &self,
        hits: &mut [Hit],
        bodies: Vec<Option<String>>,
        candidates: impl Iterator<Item = &'a Candidate>,
        needles: Option<(&[Needle], &Analyzer)>,
        scoring: bool,
    ) {
        for ((hit, body), candidate) in hits.iter_mut().zip(bodies).zip(candidates) {
            hit.score = if scoring { candidate.score } else { 0.0 };
            let Some(body) = body else { continue };
            let snip = match needles {
                Some((needles, analyzer)) => self.cache.with_text(candidate.address, |analyzed| {
                    snippet_with(&body, needles, analyzer, analyzed)
                }),
                None => opening(&body),
            };
            hit.snippet = snip.text;
            hit.highlights = snip.highlights;
        }
    }

    /// The card of the document at `address` (crate::card), from its column; `None` when the
    /// archive has no cards, or when the part of the index that holds this one has not loaded
    /// yet (before the index is in, a click on a facet waits for the hits' stored text).
    fn card(&self, address: DocAddress) -> Result<Option<Facts>, EngineError> {
        let Some(field) = self.fields.card else {
            return Ok(None);
        };
        let read = || -> tantivy::Result<Option<Facts>> {
            let column = self.cache.card_column(address.segment_ord, || {
                let name = self.index.schema().get_field_name(field).to_string();
                let reader = self.searcher.segment_reader(address.segment_ord);
                reader.fast_fields().bytes(&name)
            })?;
            let Some(column) = column else {
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
        let analyzer = self.analyzer_for(&parsed)?;
        let collector = SearchCollector {
            filters: request.filters.clone(),
            sort: request.sort,
            keep: usize::MAX,
            scoring: !parsed.is_empty() && request.sort == Sort::Relevance,
        };
        let mut collected = self
            .searcher
            .search(self.query(&parsed, analyzer).as_ref(), &collector)?;
        // Read as `search` reads it: cut at the start when nothing is found as typed.
        let cut = analyzer.and_then(|a| heads_cut(&parsed, a));
        if let (0, Some(cut)) = (collected.total, cut) {
            collected = self
                .searcher
                .search(self.query(&cut, analyzer).as_ref(), &collector)?;
        }
        Ok(collected.top.iter().position(|c| c.address == address))
    }

    /// The analyzer `parsed` needs: none for browsing (no clause at all), so the first results
    /// never wait for the dictionary.
    fn analyzer_for(&self, parsed: &ParsedQuery) -> Result<Option<&Analyzer>, EngineError> {
        if parsed.clauses.is_empty() {
            Ok(None)
        } else {
            self.analyzer().map(Some)
        }
    }

    /// The tantivy query for `parsed`; `analyzer` is `None` only when it has no clauses.
    pub(super) fn query(
        &self,
        parsed: &ParsedQuery,
        analyzer: Option<&Analyzer>,
    ) -> Box<dyn Query> {
        match analyzer {
            Some(analyzer) => build_query(parsed, analyzer, &self.fields, &|t| {
                expansions(&self.searcher, t)
            }),
            None => Box::new(AllQuery),
        }
    }
}

/// The facet counts with every facet present, even one nothing was counted in.
fn every_facet(mut facets: FacetCounts) -> FacetCounts {
    for kind in FacetKind::ALL {
        facets.entry(kind.field_name().to_string()).or_default();
    }
    facets
}
