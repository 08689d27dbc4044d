//! khlang's shared core: everything that must behave identically in the indexer and in the
//! browser — the schema, Thai text analysis, query building, facet counting, snippets and the
//! archive format. It touches neither the file system nor the browser: callers hand it bytes.

pub mod analysis;
pub mod api;
pub mod archive;
pub mod card;
pub mod collect;
pub mod display;
pub mod engine;
pub mod facets;
pub mod facts;
pub mod kiosk;
pub mod opensearch;
pub mod query;
pub mod recall;
pub mod recent;
pub mod schema;
pub mod search;
pub mod signature;
pub mod snippet;
pub mod spelling;
pub mod start;
pub mod taxonomy;
pub mod usage;
pub mod writer;

pub use archive::{ArchiveError, Toc};
pub use collect::Sort;
pub use engine::{Engine, EngineError};
pub use facets::{FacetCounts, FacetKind, Filters, UNSPECIFIED};
pub use facts::{Facts, Source};
pub use search::{Hit, OtherSpelling, SearchRequest, SearchResponse, Suggestion};
pub use writer::{compose, write_index, AnalyzedDoc, DocRecord, IndexBuilder};
