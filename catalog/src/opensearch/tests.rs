//! The JSON khlang sends to and reads from OpenSearch, checked without a cluster (the e2e
//! tests check it with one: tests/tests/opensearch.rs).

use serde_json::{json, Value};

use super::*;
use crate::analysis::Analyzer;
use crate::facts::Facts;
use crate::search::SearchRequest;
use crate::writer::DocRecord;

fn analyzer() -> Analyzer {
    Analyzer::new(Vec::<String>::new())
}

#[test]
fn a_document_carries_the_analyzer_tokens_as_given() {
    let record = DocRecord {
        facts: Facts {
            path: "ประกาศ/1.txt".into(),
            title: "ประกาศเทศบาล".into(),
            fiscal_year: Some(2567),
            ..Facts::default()
        },
        body: "เทศบาลตำบล ข้อมูล ๒๕๖๗".into(),
    };
    let origin = Origin {
        archive: "title:ทดสอบ",
        signer: None,
        digest: "00",
    };
    let doc = source(&record, &analyzer(), &origin);
    for (field, text) in [
        ("body_grams", &record.body),
        ("title_grams", &record.facts.title),
    ] {
        let want: Vec<String> = analyzer()
            .grams(text)
            .iter()
            .map(|t| t.text.replace(' ', "\u{1}"))
            .collect();
        let got: Vec<&str> = doc[field].as_str().unwrap_or_default().split(' ').collect();
        assert_eq!(got, want, "{field}");
    }
    assert_eq!(doc["fiscal_year"], "2567");
    assert_eq!(doc["category"], crate::facets::UNSPECIFIED);
    assert_eq!(doc["archive"], "title:ทดสอบ");
    assert_eq!(doc["shown"]["facts"]["source"]["archive"], "title:ทดสอบ");
    assert_eq!(doc["shown"]["body"], record.body.as_str());
    // Thai digits are indexed as Arabic ones, as in the browser.
    assert!(doc["body_words"]
        .as_str()
        .unwrap_or_default()
        .contains("2567"));
}

#[test]
fn ids_and_hashes_are_stable_and_distinct() {
    assert_eq!(doc_id("a", "x.pdf"), doc_id("a", "x.pdf"));
    assert_ne!(doc_id("a", "x.pdf"), doc_id("b", "x.pdf"));
    assert_ne!(doc_id("ab", "c"), doc_id("a", "bc"));
    let mut record = DocRecord::default();
    let before = content_hash(&record);
    record.body.push('ก');
    assert_ne!(content_hash(&record), before);
}

/// The query clauses of a search body, as compact JSON text.
fn query_text(query: &str) -> String {
    search_body(&SearchRequest::new(query), &analyzer())["query"].to_string()
}

#[test]
fn each_kind_of_clause_becomes_its_query() {
    let cases: [(&str, &[&str], &[&str]); 6] = [
        // Typed: the last unit may be unfinished, so its gram is a prefix.
        (
            "เทศบาล",
            &["match_phrase_prefix", "body_grams", "title_grams"],
            &["match_all"],
        ),
        // Quoted: a pasted cut may end mid-word too, so the same prefix.
        (
            "\"เทศบาล\"",
            &["match_phrase_prefix", "body_grams"],
            &["match_all"],
        ),
        // One unit: one term over the unit prefixes, quoted or not.
        ("ก", &["\"term\":{\"body_units\":\"ก\"}"], &["grams"]),
        ("\"ก\"", &["\"term\":{\"body_units\":\"ก\"}"], &["grams"]),
        // Excluded words only: everything but them, each taken whole.
        ("-ข่าว", &["match_all", "must_not"], &["match_phrase_prefix"]),
        (
            "-ก",
            &["match_all", "\"term\":{\"body_units\":\"ก\\u0001\"}"],
            &["grams"],
        ),
    ];
    for (query, has, lacks) in cases {
        let text = query_text(query);
        for part in has {
            assert!(text.contains(part), "{query}: {part} in {text}");
        }
        for part in lacks {
            assert!(!text.contains(part), "{query}: no {part} in {text}");
        }
    }
    let browse = &search_body(&SearchRequest::new(""), &analyzer())["query"]["bool"];
    assert_eq!(
        browse["must"][0],
        json!({"bool": {"must": [{"match_all": {}}], "should": [], "must_not": []}})
    );
    // Whatever is asked, a document past its publication window is not answered with.
    assert!(browse["filter"].to_string().contains("publish_until"));
}

#[test]
fn each_facet_is_counted_with_the_other_selections_only() {
    let mut request = SearchRequest::new("ประกาศ");
    request.filters.select(FacetKind::FiscalYear, "2567");
    request.filters.select(FacetKind::Category, "plan");
    let body = search_body(&request, &analyzer());
    let post = body["post_filter"]["bool"]["filter"].to_string();
    assert!(post.contains("2567") && post.contains("plan"), "{post}");
    let year = body["aggs"]["fiscal_year"]["filter"].to_string();
    assert!(!year.contains("2567") && year.contains("plan"), "{year}");
    let category = body["aggs"]["category"]["filter"].to_string();
    assert!(
        category.contains("2567") && !category.contains("plan"),
        "{category}"
    );
    let agency = body["aggs"]["agency"]["filter"].to_string();
    assert!(
        agency.contains("2567") && agency.contains("plan"),
        "{agency}"
    );
    assert_eq!(body["track_total_hits"], true);
}

fn answer(hits: Value, relation: &str) -> Value {
    let mut aggregations = serde_json::Map::new();
    for kind in FacetKind::ALL {
        aggregations.insert(
            kind.field_name().into(),
            json!({"values": {"buckets": [{"key": "2567", "doc_count": 1}]}}),
        );
    }
    json!({"hits": {"total": {"value": 1, "relation": relation}, "hits": hits}, "aggregations": aggregations})
}

#[test]
fn an_answer_reads_back_with_catalog_snippets() {
    let facts = Facts {
        path: "a.txt".into(),
        title: "ประกาศ".into(),
        ..Facts::default()
    };
    let hits = json!([{"_score": 2.5, "_source": {"shown": {"facts": facts, "body": "ข้อความ ประกาศเทศบาล ท้าย"}}}]);
    let request = SearchRequest::new("เทศบาล");
    let response =
        read_response(&request, &answer(hits.clone(), "eq"), &analyzer()).expect("a whole answer");
    assert_eq!(response.total, 1);
    assert_eq!(response.hits[0].facts, facts);
    assert_eq!(response.hits[0].score, 2.5);
    let hit = &response.hits[0];
    let marked: Vec<&str> = hit
        .highlights
        .iter()
        .map(|&(a, b)| &hit.snippet[a..b])
        .collect();
    assert_eq!(marked, ["เทศบาล"]);
    assert_eq!(response.facets["fiscal_year"]["2567"], 1);
    assert_eq!(response.facets.len(), FacetKind::ALL.len());
    assert!(matches!(
        read_response(&request, &answer(hits, "gte"), &analyzer()),
        Err(ResponseError::Inexact(1))
    ));
}
