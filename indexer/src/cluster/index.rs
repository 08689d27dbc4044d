//! The index khlang publishes into: made with catalog's settings and mapping when it is not
//! there, checked when it is, and read for what an archive already has in it.

use std::collections::HashMap;

use catalog::opensearch::{doc_id, index_body, FORMAT};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::connection::{refused, Body, Cluster};
use super::error::ClusterError;

/// Makes sure `index` exists as this khlang makes it: creates it with `shards` and `replicas`
/// when missing; refuses one made otherwise. Returns whether it was created.
pub async fn ensure_index(
    cluster: &Cluster,
    index: &str,
    shards: u32,
    replicas: u32,
) -> Result<bool, ClusterError> {
    check_version(cluster).await?;
    let path = format!("/{index}");
    let (status, value) = cluster
        .send(Method::GET, &path, None, "look up the index")
        .await?;
    if status == StatusCode::NOT_FOUND {
        let what = format!("create the index {index}");
        let (status, value) = cluster
            .send(
                Method::PUT,
                &path,
                Some(Body::Json(index_body(shards, replicas))),
                &what,
            )
            .await?;
        // Two publishers at once: the other one made it first.
        let raced = value["error"]["type"].as_str() == Some("resource_already_exists_exception");
        if !status.is_success() && !raced {
            return Err(refused(&what, status, &value));
        }
        return Ok(!raced);
    }
    if !status.is_success() {
        return Err(refused("look up the index", status, &value));
    }
    let format = value[index]["mappings"]["_meta"]["khlang"]["format"].as_u64();
    match format {
        Some(f) if f == u64::from(FORMAT) => Ok(false),
        Some(f) => Err(ClusterError::Mapping {
            index: index.to_string(),
            reason: format!("its format is {f}, this khlang writes {FORMAT}"),
        }),
        None => Err(ClusterError::Mapping {
            index: index.to_string(),
            reason: "it has no khlang mapping".into(),
        }),
    }
}

async fn check_version(cluster: &Cluster) -> Result<(), ClusterError> {
    let info = cluster
        .ok(Method::GET, "/", None, "ask its version")
        .await?;
    let number = info["version"]["number"]
        .as_str()
        .unwrap_or("an unknown version");
    let distribution = info["version"]["distribution"]
        .as_str()
        .unwrap_or("elasticsearch");
    let major: u32 = number
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if distribution != "opensearch" || major < 2 {
        return Err(ClusterError::Version {
            url: cluster.url().to_string(),
            found: format!("{distribution} {number}"),
        });
    }
    Ok(())
}

/// What one archive has in the index: each document's id and content hash.
pub type Published = HashMap<String, String>;

/// Every document of `archive` in `index`, read in pages.
pub async fn published(
    cluster: &Cluster,
    index: &str,
    archive: &str,
) -> Result<Published, ClusterError> {
    const PAGE: usize = 5000;
    let what = format!("list what the index {index} holds of {archive}");
    let mut found = Published::new();
    let mut after: Option<Value> = None;
    loop {
        let mut body = json!({
            "size": PAGE,
            "query": {"term": {"archive": archive}},
            "_source": ["content_hash", "path"],
            "sort": [{"path": "asc"}],
            "track_total_hits": false,
        });
        if let Some(after) = &after {
            body["search_after"] = after.clone();
        }
        let value = cluster
            .ok(
                Method::POST,
                &format!("/{index}/_search"),
                Some(Body::Json(body)),
                &what,
            )
            .await?;
        let hits = value["hits"]["hits"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for hit in &hits {
            if let (Some(id), Some(hash)) =
                (hit["_id"].as_str(), hit["_source"]["content_hash"].as_str())
            {
                found.insert(id.to_string(), hash.to_string());
            }
        }
        if hits.len() < PAGE {
            return Ok(found);
        }
        after = hits.last().map(|h| h["sort"].clone());
    }
}

/// Where the index remembers each archive's last complete publish: `INDEX-archives`, one
/// record an archive (its manifest digest and document count), written only once all of it
/// is in. The documents cannot carry it: their token streams are not kept in `_source`, so an
/// update in place would lose them.
fn records(index: &str) -> String {
    format!("{index}-archives")
}

/// The manifest digest and document count of `archive`'s last complete publish, if any.
pub async fn last_complete(
    cluster: &Cluster,
    index: &str,
    archive: &str,
) -> Result<Option<(String, u64)>, ClusterError> {
    let path = format!("/{}/_doc/{}", records(index), doc_id(archive, ""));
    let what = format!("ask when {archive} was last published");
    let (status, value) = cluster.send(Method::GET, &path, None, &what).await?;
    if status == StatusCode::NOT_FOUND {
        return Ok(None);
    }
    if !status.is_success() {
        return Err(refused(&what, status, &value));
    }
    let source = &value["_source"];
    Ok(source["digest"]
        .as_str()
        .zip(source["documents"].as_u64())
        .map(|(d, n)| (d.to_string(), n)))
}

/// Records that all of `archive`, at manifest `digest`, is in the index.
pub async fn record_complete(
    cluster: &Cluster,
    index: &str,
    archive: &str,
    digest: &str,
    documents: u64,
) -> Result<(), ClusterError> {
    let path = format!(
        "/{}/_doc/{}?refresh=true",
        records(index),
        doc_id(archive, "")
    );
    let body = json!({"archive": archive, "digest": digest, "documents": documents});
    cluster
        .ok(
            Method::PUT,
            &path,
            Some(Body::Json(body)),
            &format!("record that {archive} is published"),
        )
        .await?;
    Ok(())
}

/// How many documents of `archive` the index holds.
pub async fn held(cluster: &Cluster, index: &str, archive: &str) -> Result<u64, ClusterError> {
    let body = json!({"query": {"term": {"archive": archive}}});
    let value = cluster
        .ok(
            Method::POST,
            &format!("/{index}/_count"),
            Some(Body::Json(body)),
            &format!("count what the index {index} holds of {archive}"),
        )
        .await?;
    Ok(value["count"].as_u64().unwrap_or(0))
}
