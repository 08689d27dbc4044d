//! A [`SearchRequest`] as an OpenSearch search body: the query plan in query DSL, the facet
//! selections as a post filter, and each facet counted with the other facets' selections only
//! (the multi-select counts of crate::collect).

use serde_json::{json, Value};

use super::fields::*;
use super::{facet_field, stream, token};
use crate::analysis::{gram_term, Analyzer};
use crate::collect::Sort;
use crate::facets::{FacetKind, Filters};
use crate::query::plan::{plan, Matcher, Plan, Text};
use crate::query::{including, parse, ParsedQuery};
use crate::search::SearchRequest;
use crate::spelling::Respelling;

/// How many values of one facet are counted: more than any facet holds (8,317 agencies took
/// part in the ITA of 2568), so every count is exact.
pub(super) const FACET_VALUES: u32 = 20_000;

/// How many terms the last gram of a typed clause may expand to. A prefix gram fixes its first
/// unit and begins its second, so it expands to the clusters that begin the same way after
/// the same cluster: hundreds at most. OpenSearch drops terms beyond the bound silently, so it
/// is far above that.
const MAX_EXPANSIONS: u32 = 50_000;

/// The search body for `request`; `analyzer` cuts the query as the documents were cut.
pub fn search_body(request: &SearchRequest, analyzer: &Analyzer) -> Value {
    search_body_read(request, &parse(&request.query), &[], analyzer)
}

/// The name of the query as typed in a body that includes other spellings: a hit it does not
/// match was found only through them (OpenSearch lists the named queries each hit matches).
pub(super) const AS_TYPED: &str = "as_typed";
/// The aggregation counting what each offered spelling adds.
pub(super) const SPELLINGS_AGG: &str = "other_spellings";

/// [`search_body`] for the query read as `parsed` (as typed, or cut at the start when that
/// found nothing: crate::query::heads_cut), with the archive's other spellings of its words
/// `offered` (crate::engine::spellings::respellings): each counted, and searched too when
/// `request` includes them.
pub fn search_body_read(
    request: &SearchRequest,
    parsed: &ParsedQuery,
    offered: &[Respelling],
    analyzer: &Analyzer,
) -> Value {
    // A document whose publication window has closed since its archive was published is no
    // longer answered with, though the index keeps it until the agency publishes again.
    let open = json!({"bool": {"should": [
        {"bool": {"must_not": {"exists": {"field": PUBLISH_UNTIL}}}},
        // The day as Thai staff count it (UTC+7), as the build counts it.
        {"range": {PUBLISH_UNTIL: {"gte": "now/d", "time_zone": "+07:00"}}}
    ]}});
    let typed = render(&plan(parsed, analyzer));
    let mut filter = vec![open.clone()];
    let searched = if request.other_spellings && !offered.is_empty() {
        // Every hit passes; the named query only tells which match as typed.
        filter.push(json!({"bool": {"should": [
            {"bool": {"must": [typed.clone()], "_name": AS_TYPED}},
            {"match_all": {}}
        ]}}));
        render(&plan(&including(parsed, offered), analyzer))
    } else {
        typed.clone()
    };
    let query = json!({"bool": {"must": [searched], "filter": filter}});
    let sort = match (request.sort, parsed.is_empty()) {
        (Sort::Relevance, false) => json!(["_score", {PATH: "asc"}]),
        (Sort::Oldest, _) => json!([{DATE: {"order": "asc", "missing": "_last"}}, {PATH: "asc"}]),
        _ => json!([{DATE: {"order": "desc", "missing": "_last"}}, {PATH: "asc"}]),
    };
    let mut aggs = serde_json::Map::new();
    for kind in FacetKind::ALL {
        aggs.insert(
            facet_field(kind).to_string(),
            json!({
                "filter": selections(&request.filters, Some(kind)),
                "aggs": {"values": {"terms": {"field": facet_field(kind), "size": FACET_VALUES}}}
            }),
        );
    }
    if !offered.is_empty() {
        // Counted over every document, with every selection, as the typed query is.
        let within = |q: Value| json!({"bool": {"must": [q], "filter": [open.clone(), selections(&request.filters, None)]}});
        let mut counted = serde_json::Map::new();
        counted.insert(AS_TYPED.to_string(), within(typed));
        for (i, r) in offered.iter().enumerate() {
            let with = plan(&including(parsed, std::slice::from_ref(r)), analyzer);
            counted.insert(i.to_string(), within(render(&with)));
        }
        aggs.insert(
            SPELLINGS_AGG.to_string(),
            json!({"global": {}, "aggs": {"counts": {"filters": {"filters": counted}}}}),
        );
    }
    json!({
        "query": query,
        "post_filter": selections(&request.filters, None),
        "aggs": aggs,
        "sort": sort,
        "track_scores": request.sort == Sort::Relevance,
        "track_total_hits": true,
        "from": request.offset,
        "size": request.limit,
        "_source": [SHOWN],
    })
}

/// The facet selections as a filter, leaving out those of `except`.
fn selections(filters: &Filters, except: Option<FacetKind>) -> Value {
    let clauses: Vec<Value> = filters
        .0
        .iter()
        .filter(|(kind, values)| Some(**kind) != except && !values.is_empty())
        .map(|(kind, values)| json!({"terms": {facet_field(*kind): values}}))
        .collect();
    json!({"bool": {"filter": clauses}})
}

fn render(plan: &Plan) -> Value {
    match plan {
        Plan::All => json!({"match_all": {}}),
        Plan::Match(text, matcher) => matcher_query(*text, matcher),
        Plan::Bool {
            must,
            should,
            must_not,
        } => {
            let all = |plans: &[Plan]| plans.iter().map(render).collect::<Vec<_>>();
            json!({"bool": {"must": all(must), "should": all(should), "must_not": all(must_not)}})
        }
        Plan::Boost(plan, boost) => json!({"bool": {"must": [render(plan)], "boost": boost}}),
    }
}

fn matcher_query(text: Text, matcher: &Matcher) -> Value {
    let (words, grams, units) = match text {
        Text::Title => (TITLE_WORDS, TITLE_GRAMS, TITLE_UNITS),
        Text::Body => (BODY_WORDS, BODY_GRAMS, BODY_UNITS),
    };
    match matcher {
        Matcher::Unit { unit, exact } => {
            // Exactly the unit: the unit with the gram joiner, as a gram of it begins.
            let term = if *exact {
                token(&gram_term(unit, ""))
            } else {
                token(unit)
            };
            json!({"constant_score": {"filter": {"term": {units: term}}, "boost": 1.0}})
        }
        Matcher::Units { units, prefix } => {
            let grams_of: Vec<String> = units
                .windows(2)
                .map(|pair| gram_term(&pair[0], &pair[1]))
                .collect();
            let query = stream(grams_of.iter().map(String::as_str));
            if *prefix {
                json!({"match_phrase_prefix": {grams: {"query": query, "max_expansions": MAX_EXPANSIONS}}})
            } else if grams_of.len() == 1 {
                json!({"term": {grams: query}})
            } else {
                json!({"match_phrase": {grams: {"query": query}}})
            }
        }
        Matcher::Words(list) => {
            let query = stream(list.iter().map(String::as_str));
            if list.len() == 1 {
                json!({"term": {words: query}})
            } else {
                json!({"match_phrase": {words: {"query": query}}})
            }
        }
    }
}
