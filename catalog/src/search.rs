//! What a search asks for and what it returns — the contract between the engine, the app and
//! `khlang search --json`.

use serde::{Deserialize, Serialize};

use crate::collect::Sort;
use crate::facets::{FacetCounts, Filters};
use crate::facts::Facts;

/// Default page size.
pub const DEFAULT_LIMIT: usize = 10;

/// A search: query text, facet selections, order and page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    #[serde(default)]
    pub filters: Filters,
    #[serde(default)]
    pub sort: Sort,
    #[serde(default)]
    pub offset: usize,
    #[serde(default = "default_limit")]
    pub limit: usize,
    /// Whether the archive's other spellings of the query's words are included
    /// ([`SearchResponse::spellings`]): the reader's choice, never the engine's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub other_spellings: bool,
}

fn default_limit() -> usize {
    DEFAULT_LIMIT
}

impl SearchRequest {
    /// A first-page search for `query` with no filters.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            offset: 0,
            limit: DEFAULT_LIMIT,
            other_spellings: false,
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// Documents matching the query and every filter.
    pub total: u64,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Counts per facet value; each facet counted with the other facets' filters applied.
    pub facets: FacetCounts,
    /// Parts of the archive the hits' snippets need and that have not loaded yet: the hits are
    /// whole but for their snippets (empty), shown from their cards (crate::card). Load these
    /// parts and search again for the snippets. Always empty when the archive is loaded whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<usize>,
    /// When nothing was found: queries a near word away that find something (crate::spelling),
    /// offered, never searched in the query's place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// The archive's other spellings of words the query holds (ศรีษะ for ศีรษะ, and back), each
    /// with the documents it adds: offered, and included only when the request says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spellings: Vec<OtherSpelling>,
}

/// Another spelling of a word of the query that documents of the archive use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherSpelling {
    /// The form the query holds (ศีรษะ).
    pub typed: String,
    /// The archive's other spelling of it (ศรีษะ).
    pub other: String,
    /// Documents that hold the other spelling and not the query as typed, under the same
    /// filters: what including it adds.
    pub adds: u64,
}

/// A query one near word away from what was typed, offered when that found nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The whole query with the word in place of what was typed.
    pub query: String,
    /// The word offered (ศูนย์ for ศนย).
    pub word: String,
    /// Documents the query finds, under the same filters.
    pub total: u64,
}

/// One document in a result list: its facts, and how it matched.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// What the document is (path, title, agency, category, fiscal year, …); in JSON, its
    /// fields sit beside the ones below.
    #[serde(flatten)]
    pub facts: Facts,
    pub score: f32,
    /// The passage that matched, whitespace collapsed.
    pub snippet: String,
    /// Byte ranges of `snippet` to highlight.
    pub highlights: Vec<(usize, usize)>,
    /// Found only through another spelling the reader included, not by the query as typed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub other_spelling: bool,
}
