//! An OpenSearch search response read back into the [`SearchResponse`] the app and
//! `khlang search --json` know, with snippets marked by catalog's own code.

use serde_json::Value;

use super::facet_field;
use super::fields::SHOWN;
use super::request::{AS_TYPED, SPELLINGS_AGG};
use crate::analysis::Analyzer;
use crate::collect::Sort;
use crate::facets::{FacetCounts, FacetKind};
use crate::facts::Facts;
use crate::query::{including, parse, worth_showing, ParsedQuery};
use crate::search::{Hit, OtherSpelling, SearchRequest, SearchResponse};
use crate::snippet::{needles, snippet};
use crate::spelling::Respelling;

/// A response that is not what [`super::search_body`] asks for.
#[derive(Debug, thiserror::Error)]
pub enum ResponseError {
    #[error("the search cluster's answer has no {0}")]
    Missing(&'static str),
    #[error("the search cluster counted at least {0} hits instead of all of them")]
    Inexact(u64),
    #[error("a document in the search cluster cannot be read ({0}); publish its archive again")]
    Document(String),
}

/// The response to `request` from the cluster's answer `body`.
pub fn read_response(
    request: &SearchRequest,
    body: &Value,
    analyzer: &Analyzer,
) -> Result<SearchResponse, ResponseError> {
    read_response_read(request, &parse(&request.query), &[], body, analyzer)
}

/// [`read_response`] for the query read as `parsed`, with `offered` the other spellings the
/// body was made with (see super::search_body_read).
pub fn read_response_read(
    request: &SearchRequest,
    parsed: &ParsedQuery,
    offered: &[Respelling],
    body: &Value,
    analyzer: &Analyzer,
) -> Result<SearchResponse, ResponseError> {
    let total = &body["hits"]["total"];
    let count = total["value"]
        .as_u64()
        .ok_or(ResponseError::Missing("hit count"))?;
    if total["relation"].as_str() != Some("eq") {
        return Err(ResponseError::Inexact(count));
    }
    let scoring = !parsed.is_empty() && request.sort == Sort::Relevance;
    let included = request.other_spellings && !offered.is_empty();
    let searched = if included {
        including(parsed, offered)
    } else {
        parsed.clone()
    };
    let needles = needles(&searched, analyzer);
    let empty = Vec::new();
    let mut hits = Vec::new();
    for hit in body["hits"]["hits"].as_array().unwrap_or(&empty) {
        let shown = &hit["_source"][SHOWN];
        let facts: Facts = serde_json::from_value(shown["facts"].clone())
            .map_err(|e| ResponseError::Document(e.to_string()))?;
        let text = shown["body"].as_str().unwrap_or_default();
        let snip = snippet(text, &needles, analyzer);
        hits.push(Hit {
            facts,
            score: if scoring {
                hit["_score"].as_f64().unwrap_or_default() as f32
            } else {
                0.0
            },
            snippet: snip.text,
            highlights: snip.highlights,
            other_spelling: included && !matched(hit, AS_TYPED),
        });
    }
    let mut facets = FacetCounts::new();
    for kind in FacetKind::ALL {
        let buckets = body["aggregations"][facet_field(kind)]["values"]["buckets"]
            .as_array()
            .ok_or(ResponseError::Missing("facet counts"))?;
        let counts = facets.entry(kind.field_name().to_string()).or_default();
        for bucket in buckets {
            if let (Some(value), Some(n)) = (bucket["key"].as_str(), bucket["doc_count"].as_u64()) {
                counts.insert(value.to_string(), n);
            }
        }
    }
    Ok(SearchResponse {
        total: count,
        hits,
        facets,
        pending: Vec::new(),
        // Near misses need the archive's words, which the cluster does not list: the server
        // answers without offers (the browser's own archive and `khlang search` make them).
        suggestions: Vec::new(),
        spellings: worth_showing(spellings(offered, body)?, included),
    })
}

/// Whether `hit` matched the query named `name`.
fn matched(hit: &Value, name: &str) -> bool {
    hit["matched_queries"]
        .as_array()
        .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(name)))
}

/// What each of `offered` adds, from the body's counts.
fn spellings(offered: &[Respelling], body: &Value) -> Result<Vec<OtherSpelling>, ResponseError> {
    if offered.is_empty() {
        return Ok(Vec::new());
    }
    let buckets = &body["aggregations"][SPELLINGS_AGG]["counts"]["buckets"];
    let count = |name: &str| {
        buckets[name]["doc_count"]
            .as_u64()
            .ok_or(ResponseError::Missing("counts of other spellings"))
    };
    let typed = count(AS_TYPED)?;
    offered
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Ok(OtherSpelling {
                typed: r.typed.clone(),
                other: r.other.clone(),
                adds: count(&i.to_string())?.saturating_sub(typed),
            })
        })
        .collect()
}
