//! The OpenSearch harness (tests/src/opensearch.rs) gives what the publish and serve tests stand
//! on: two nodes in one green cluster, an index of 2 shards and 1 replica spread over both, the
//! analysis-common module (a custom analyzer on the `whitespace` tokenizer), pre-split Thai
//! indexed through `_bulk` and found by phrase, terms aggregations — and the same answers once
//! node2 has stopped.

use anyhow::{bail, Result};
use e2e::opensearch::Cluster;
use serde_json::{json, Value};

/// (id, pre-split Thai text, agency).
const DOCUMENTS: [(&str, &str, &str); 5] = [
    (
        "1",
        "เทศบาล ตำบล บ้าน นา ประกาศ ราคา กลาง งาน ก่อสร้าง ถนน",
        "เทศบาลตำบลบ้านนา",
    ),
    // The phrase's words, in another order.
    ("2", "ตำบล บ้าน นา เทศบาล ประกาศ ผล ผู้ ชนะ", "เทศบาลตำบลบ้านนา"),
    (
        "3",
        "องค์การ บริหาร ส่วน ตำบล บ้าน นา ปีงบประมาณ ๒๕๖๘",
        "องค์การบริหารส่วนตำบลบ้านนา",
    ),
    (
        "4",
        "รายงาน ผล การ จัดซื้อ จัดจ้าง ของ เทศบาล ตำบล บ้าน นา",
        "เทศบาลตำบลบ้านนา",
    ),
    // นาง starts with นา: a phrase ending in นา must not find it.
    (
        "5",
        "เทศบาล ตำบล บ้าน นาง ประกาศ ราคา กลาง",
        "เทศบาลตำบลบ้านนาง",
    ),
];

/// What a search found: the sorted ids, and the agency counts (largest first, then by name).
#[derive(Debug, PartialEq)]
struct Answer {
    ids: Vec<String>,
    agencies: Vec<(String, u64)>,
}

impl Answer {
    fn of(ids: &[&str], agencies: &[(&str, u64)]) -> Answer {
        Answer {
            ids: ids.iter().map(|id| id.to_string()).collect(),
            agencies: agencies.iter().map(|(a, n)| (a.to_string(), *n)).collect(),
        }
    }
}

/// Each query, and what it must find.
fn searches() -> Vec<(Value, Answer)> {
    vec![
        (
            json!({ "match_phrase": { "text": "เทศบาล ตำบล บ้าน นา" } }),
            Answer::of(&["1", "4"], &[("เทศบาลตำบลบ้านนา", 2)]),
        ),
        (
            json!({ "match_phrase": { "text": "บ้าน นา" } }),
            Answer::of(
                &["1", "2", "3", "4"],
                &[("เทศบาลตำบลบ้านนา", 3), ("องค์การบริหารส่วนตำบลบ้านนา", 1)],
            ),
        ),
        (
            json!({ "match_all": {} }),
            Answer::of(
                &["1", "2", "3", "4", "5"],
                &[
                    ("เทศบาลตำบลบ้านนา", 3),
                    ("องค์การบริหารส่วนตำบลบ้านนา", 1),
                    ("เทศบาลตำบลบ้านนาง", 1),
                ],
            ),
        ),
    ]
}

#[test]
fn two_nodes_index_pre_split_thai_and_answer_the_same_after_one_stops() -> Result<()> {
    let mut cluster = Cluster::start()?;
    let health = cluster.health()?;
    assert_eq!(health["status"], "green", "{health}");
    assert_eq!(health["number_of_nodes"], 2, "{health}");
    assert_eq!(health["number_of_data_nodes"], 2, "{health}");

    let index = format!("{}/documents", cluster.url());
    let created = call(json_body(
        minreq::put(&index),
        &json!({
            "settings": {
                "number_of_shards": 2,
                "number_of_replicas": 1,
                "analysis": {
                    // The whitespace tokenizer comes from analysis-common; its default cuts
                    // tokens at 255 characters.
                    "tokenizer": {
                        "pre_split": { "type": "whitespace", "max_token_length": 65535 }
                    },
                    "analyzer": {
                        "pre_split": { "type": "custom", "tokenizer": "pre_split" }
                    }
                }
            },
            "mappings": {
                "properties": {
                    "text": { "type": "text", "analyzer": "pre_split" },
                    "agency": { "type": "keyword" }
                }
            }
        }),
    ))?;
    assert_eq!(created["acknowledged"], true, "{created}");

    let long_word = "ประกาศ".repeat(60);
    let analyzed = call(json_body(
        minreq::post(format!("{index}/_analyze")),
        &json!({ "analyzer": "pre_split", "text": format!("{long_word} นา") }),
    ))?;
    let tokens: Vec<&str> = analyzed["tokens"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|token| token["token"].as_str())
        .collect();
    assert_eq!(tokens, [long_word.as_str(), "นา"], "{analyzed}");

    let mut bulk = String::new();
    for (id, text, agency) in DOCUMENTS {
        bulk.push_str(&json!({ "index": { "_id": id } }).to_string());
        bulk.push('\n');
        bulk.push_str(&json!({ "text": text, "agency": agency }).to_string());
        bulk.push('\n');
    }
    let indexed = call(
        minreq::post(format!("{index}/_bulk?refresh=wait_for"))
            .with_header("Content-Type", "application/x-ndjson")
            .with_body(bulk),
    )?;
    assert_eq!(indexed["errors"], false, "{indexed}");

    let green = call(minreq::get(format!(
        "{}/_cluster/health/documents?wait_for_status=green&timeout=60s",
        cluster.url()
    )))?;
    assert_eq!(green["status"], "green", "{green}");
    let shards = call(minreq::get(format!(
        "{}/_cat/shards/documents?format=json",
        cluster.url()
    )))?;
    let mut placed: Vec<(String, String)> = shards
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| (s["node"].to_string(), s["state"].to_string()))
        .collect();
    placed.sort();
    let started = |node: &str| (format!("\"{node}\""), "\"STARTED\"".to_string());
    let both = [
        started("node1"),
        started("node1"),
        started("node2"),
        started("node2"),
    ];
    assert_eq!(
        placed, both,
        "each node holds one copy of each shard: {shards}"
    );

    let before = answers(&cluster)?;
    for ((query, want), got) in searches().iter().zip(&before) {
        assert_eq!(got, want, "{query}");
    }

    cluster.stop_node2()?;
    let health = cluster.health()?;
    assert_eq!(health["number_of_nodes"], 1, "{health}");
    assert_eq!(health["status"], "yellow", "{health}");
    assert_eq!(
        answers(&cluster)?,
        before,
        "node1 alone answers as both did"
    );
    Ok(())
}

/// What each of [`searches`] finds, from a search that every shard answered.
fn answers(cluster: &Cluster) -> Result<Vec<Answer>> {
    let mut out = Vec::new();
    for (query, _) in searches() {
        let found = call(json_body(
            minreq::post(format!("{}/documents/_search", cluster.url())),
            &json!({
                "query": query,
                "size": 100,
                "aggs": { "agencies": { "terms": { "field": "agency" } } }
            }),
        ))?;
        assert_eq!(found["_shards"]["failed"], 0, "{found}");
        assert_eq!(found["_shards"]["successful"], 2, "{found}");
        let mut ids: Vec<String> = found["hits"]["hits"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|hit| hit["_id"].as_str().map(str::to_string))
            .collect();
        ids.sort();
        let agencies = found["aggregations"]["agencies"]["buckets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?)))
            .collect();
        out.push(Answer { ids, agencies });
    }
    Ok(out)
}

fn json_body(request: minreq::Request, body: &Value) -> minreq::Request {
    request
        .with_header("Content-Type", "application/json")
        .with_body(body.to_string())
}

/// Sends `request`; its JSON answer, or an error with the status and body of a refusal.
fn call(request: minreq::Request) -> Result<Value> {
    let response = request.with_timeout(90).send()?;
    let text = response.as_str()?;
    if !(200..300).contains(&response.status_code) {
        bail!("{} {text}", response.status_code);
    }
    Ok(serde_json::from_str(text)?)
}
