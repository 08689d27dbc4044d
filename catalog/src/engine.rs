//! The search engine over one archive: open the packed index, answer [`SearchRequest`]s.
//!
//! This is the only search code; the browser app and `khlang search` both call it with the same
//! archive bytes, so they return the same hits in the same order.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::directory::RamDirectory;
use tantivy::query::TermQuery;
use tantivy::schema::Value;
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{Directory, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use crate::analysis::{register_tokenizers, Analyzer};
use crate::archive::{ArchiveError, Toc, DICTIONARY_FILE};
use crate::collect::{SearchCollector, Sort};
use crate::facets::{FacetKind, UNSPECIFIED};
use crate::query::{build_query, parse};
use crate::schema::Fields;
use crate::search::{Hit, SearchRequest, SearchResponse};
use crate::snippet::{needles, snippet};

/// Why an archive could not be opened or searched.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("the index is damaged or from another version: {0}; rebuild the site")]
    Index(#[from] tantivy::TantivyError),
    #[error("the index file {0} cannot be loaded: {1}")]
    File(String, String),
}

/// An opened archive, ready to search.
pub struct Engine {
    toc: Toc,
    fields: Fields,
    analyzer: Analyzer,
    // Kept so the searcher's segments stay open.
    _reader: IndexReader,
    searcher: Searcher,
}

impl Engine {
    /// Opens the index files unpacked from an archive.
    pub fn open(toc: Toc, files: BTreeMap<String, Vec<u8>>) -> Result<Engine, EngineError> {
        let dictionary = files
            .get(DICTIONARY_FILE)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let analyzer = Analyzer::new(dictionary.lines().map(str::trim).filter(|l| !l.is_empty()));
        let dir = RamDirectory::create();
        for (name, bytes) in &files {
            if name == DICTIONARY_FILE {
                continue;
            }
            dir.atomic_write(std::path::Path::new(name), bytes)
                .map_err(|e| EngineError::File(name.clone(), e.to_string()))?;
        }
        let index = Index::open(dir)?;
        register_tokenizers(index.tokenizers(), &analyzer);
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        Ok(Engine {
            toc,
            fields,
            analyzer,
            _reader: reader,
            searcher,
        })
    }

    /// The archive's table of contents (title, document count, …).
    pub fn toc(&self) -> &Toc {
        &self.toc
    }

    /// The analyzer this archive was built with (built-in plus the site's dictionary).
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// Number of documents in the archive.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, EngineError> {
        let parsed = parse(&request.query);
        let query = build_query(&parsed, &self.analyzer, &self.fields, &|t| {
            self.expansions(t)
        });
        let sort = request.sort;
        let collector = SearchCollector {
            filters: request.filters.clone(),
            sort,
            keep: request.offset.saturating_add(request.limit),
            scoring: !parsed.is_empty() && sort == Sort::Relevance,
        };
        let collected = self.searcher.search(query.as_ref(), &collector)?;
        let needles = needles(&parsed, &self.analyzer);
        let mut hits = Vec::new();
        for candidate in collected.top.iter().skip(request.offset) {
            let doc: TantivyDocument = self.searcher.doc(candidate.address)?;
            let mut hit = self.hit(&doc);
            hit.score = if collector.scoring {
                candidate.score
            } else {
                0.0
            };
            let body = text(&doc, self.fields.body);
            let snip = snippet(&body, &needles, &self.analyzer);
            hit.snippet = snip.text;
            hit.highlights = snip.highlights;
            hits.push(hit);
        }
        let mut facets = collected.facets;
        for kind in FacetKind::ALL {
            facets.entry(kind.field_name().to_string()).or_default();
        }
        Ok(SearchResponse {
            total: collected.total,
            hits,
            facets,
        })
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
        let query = build_query(&parsed, &self.analyzer, &self.fields, &|t| {
            self.expansions(t)
        });
        let collector = SearchCollector {
            filters: request.filters.clone(),
            sort: request.sort,
            keep: usize::MAX,
            scoring: !parsed.is_empty() && request.sort == Sort::Relevance,
        };
        let collected = self.searcher.search(query.as_ref(), &collector)?;
        Ok(collected.top.iter().position(|c| c.address == address))
    }

    /// How many terms start with `prefix` in the segment that has the most: a prefix query's
    /// exact expansion bound (see [`crate::query::Expansions`]).
    fn expansions(&self, prefix: &Term) -> u32 {
        let bytes = prefix.serialized_value_bytes();
        let mut most = 0u32;
        for segment in self.searcher.segment_readers() {
            // A field that cannot be read fails the search itself right after; 0 here only
            // means this bound adds no error of its own.
            let Ok(index) = segment.inverted_index(prefix.field()) else {
                continue;
            };
            let Ok(mut stream) = index.terms().range().ge(bytes).into_stream() else {
                continue;
            };
            let mut n = 0u32;
            while stream.advance() && stream.key().starts_with(bytes) {
                n = n.saturating_add(1);
            }
            most = most.max(n);
        }
        most
    }

    fn hit(&self, doc: &TantivyDocument) -> Hit {
        let f = &self.fields;
        let facet = |kind: FacetKind| {
            Some(text(doc, f.facet(kind))).filter(|v| !v.is_empty() && v != UNSPECIFIED)
        };
        Hit {
            path: text(doc, f.path),
            title: text(doc, f.title),
            agency: facet(FacetKind::Agency),
            department: facet(FacetKind::Department),
            category: facet(FacetKind::Category),
            fiscal_year: facet(FacetKind::FiscalYear).and_then(|y| y.parse().ok()),
            date: Some(text(doc, f.date)).filter(|d| !d.is_empty()),
            url: text(doc, f.url),
            file_type: text(doc, f.file_type),
            size: doc
                .get_first(f.size)
                .and_then(|v| v.as_u64())
                .unwrap_or_default(),
            doc_number: Some(text(doc, f.doc_number)).filter(|d| !d.is_empty()),
            notes: doc
                .get_all(f.notes)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            ..Hit::default()
        }
    }
}

fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}
