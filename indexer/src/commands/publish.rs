//! `khlang publish SITE... --opensearch URL`: agencies' archives into one OpenSearch index, for
//! a province's or the country's search.
//!
//! Each archive is read as it was published (verified like `khlang verify`, signed by a known
//! key when asked), and each of its documents goes in with catalog's own token streams
//! (catalog::opensearch). Publishing is a comparison: a document whose content hash the index
//! already holds is not sent again, a changed one replaces its old copy, and one gone from the
//! archive is deleted (from that archive only). So publishing again changes nothing, and a
//! publish that was killed resumes where it stopped when run again.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use catalog::analysis::Analyzer;
use catalog::opensearch::{content_hash, doc_id, source, Origin};
use catalog::DocRecord;
use rayon::prelude::*;
use reqwest::Method;
use serde_json::{json, Value};

use crate::cli::PublishArgs;
use crate::cluster::{
    ensure_index, held, last_complete, published, record_complete, Body, Cluster, ClusterError,
    Settings,
};
use crate::documents::progress::Progress;
use crate::site::published::{self as archive, Trust};

/// Deletions sent in one bulk request.
const BATCH_DELETES: usize = 500;

/// Runs `khlang publish`.
pub fn run(args: &PublishArgs) -> Result<ExitCode> {
    let trust = Trust {
        require_signature: args.require_signature || !args.key.is_empty(),
        keys: args.key.clone(),
    };
    // Every archive is checked before anything is sent: one refused archive stops the whole
    // publish, rather than leaving the index with some of a batch.
    let mut archives = Vec::new();
    for site in &args.sites {
        let published = archive::open(site, &trust)?;
        // An unsigned archive is known by its title alone (site::published): under the
        // default title, every agency that left it would replace the others' documents.
        let title = published.title();
        if published.signer().is_none()
            && (title == crate::site::DEFAULT_TITLE || title == crate::site::DEFAULT_MERGED_TITLE)
        {
            anyhow::bail!(
                "{} is unsigned and has the default title \"{title}\", so the index could not \
                 tell it from another agency's: build it again with --title naming the agency \
                 (or, better, signed with --sign)",
                site.display()
            );
        }
        if archives
            .iter()
            .any(|a: &archive::Published| a.archive() == published.archive())
        {
            anyhow::bail!(
                "{} is the same archive ({}) as another site given: publish each agency's \
                 archive once",
                site.display(),
                published.archive()
            );
        }
        archives.push(published);
    }
    let cluster = Cluster::new(Settings::from_env(&args.opensearch)?)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the network runtime")?;
    runtime.block_on(async {
        let created = ensure_index(&cluster, &args.index, args.shards, args.replicas).await?;
        if created {
            eprintln!(
                "Made the index {} at {} ({} shards, {} replicas).",
                args.index,
                cluster.url(),
                args.shards,
                args.replicas
            );
        }
        let started = Instant::now();
        let mut total = Counts::default();
        let taken = archives.len();
        // By value: each archive's index is read for its turn and let go after it.
        for published in archives {
            let counts = publish_one(&cluster, args, &published).await?;
            eprintln!(
                "{}: {} documents — {} sent, {} unchanged, {} deleted.",
                published.title(),
                counts.documents,
                counts.sent,
                counts.unchanged,
                counts.deleted
            );
            total.add(&counts);
        }
        cluster
            .ok(
                Method::POST,
                &format!("/{}/_refresh", args.index),
                None,
                "make the new documents searchable",
            )
            .await?;
        let secs = started.elapsed().as_secs_f64().max(0.001);
        eprintln!(
            "Published {} archive(s) into {} at {}: {} sent, {} unchanged, {} deleted in {:.1} s ({:.0} documents/s, {:.1} MB/s of text sent).",
            taken,
            args.index,
            cluster.url(),
            total.sent,
            total.unchanged,
            total.deleted,
            secs,
            total.sent as f64 / secs,
            total.text_bytes as f64 / secs / 1e6,
        );
        Ok::<(), anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Default)]
struct Counts {
    documents: usize,
    sent: usize,
    unchanged: usize,
    deleted: usize,
    text_bytes: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.documents += other.documents;
        self.sent += other.sent;
        self.unchanged += other.unchanged;
        self.deleted += other.deleted;
        self.text_bytes += other.text_bytes;
    }
}

/// Publishes one archive: what changed is sent, what is gone is deleted.
async fn publish_one(
    cluster: &Cluster,
    args: &PublishArgs,
    published_archive: &archive::Published,
) -> Result<Counts> {
    let name = published_archive.title().to_string();
    // An archive whose every file is as it was when all of it was last published has nothing
    // to send: its manifest's digest says so without reading a document.
    let archive_id = published_archive.archive();
    let digest = published_archive.manifest_digest();
    let count = published_archive.document_count()?;
    let last = last_complete(cluster, &args.index, archive_id).await?;
    if last
        .as_ref()
        .is_some_and(|(d, n)| d == digest && *n == count)
        && held(cluster, &args.index, archive_id).await? == count
    {
        let n = usize::try_from(count).unwrap_or(usize::MAX);
        return Ok(Counts {
            documents: n,
            unchanged: n,
            ..Counts::default()
        });
    }
    let mut before = published(cluster, &args.index, published_archive.archive()).await?;
    let analyzer = Analyzer::new(published_archive.user_words()?.lines().map(str::trim));
    let origin = Origin {
        archive: published_archive.archive(),
        signer: published_archive.signer(),
        digest: published_archive.manifest_digest(),
    };
    let mut counts = Counts::default();
    let mut pending: Vec<(String, DocRecord)> = Vec::new();
    let progress = Progress::counting(count, "documents");
    progress.starting(&name);
    let batch_bytes = args.batch_mb.max(1) * 1_000_000;
    let mut pending_bytes = 0;
    for record in published_archive.documents()? {
        let record = record?;
        counts.documents += 1;
        progress.finished(record.body.len() as u64);
        let id = doc_id(origin.archive, &record.facts.path);
        let hash = content_hash(&record);
        if before.remove(&id).is_some_and(|old| old == hash) {
            counts.unchanged += 1;
            continue;
        }
        pending_bytes += record.body.len();
        pending.push((id, record));
        if pending.len() as u64 >= args.batch_docs || pending_bytes >= batch_bytes {
            counts.text_bytes += pending_bytes;
            counts.sent +=
                send_documents(cluster, &args.index, &analyzer, &origin, &mut pending).await?;
            pending_bytes = 0;
        }
    }
    counts.text_bytes += pending_bytes;
    counts.sent += send_documents(cluster, &args.index, &analyzer, &origin, &mut pending).await?;
    // Whatever the index still holds of this archive is gone from it.
    let gone: Vec<String> = before.into_keys().collect();
    for ids in gone.chunks(BATCH_DELETES) {
        let mut body = String::new();
        for id in ids {
            body.push_str(&json!({"delete": {"_index": args.index, "_id": id}}).to_string());
            body.push('\n');
        }
        bulk(
            cluster,
            &args.index,
            body,
            &format!("delete documents gone from {name}"),
        )
        .await?;
        counts.deleted += ids.len();
    }
    progress.done();
    record_complete(cluster, &args.index, archive_id, digest, count).await?;
    Ok(counts)
}

/// Analyzes and sends `pending` (emptied) in one bulk request; how many were sent.
async fn send_documents(
    cluster: &Cluster,
    index: &str,
    analyzer: &Analyzer,
    origin: &Origin<'_>,
    pending: &mut Vec<(String, DocRecord)>,
) -> Result<usize> {
    if pending.is_empty() {
        return Ok(0);
    }
    // Analysis is the costly part: on every core, in document order.
    let lines: Vec<String> = pending
        .par_iter()
        .map(|(id, record)| {
            let action = json!({"index": {"_index": index, "_id": id}});
            format!("{action}\n{}\n", source(record, analyzer, origin))
        })
        .collect();
    let sent = pending.len();
    let what = format!("add documents of {}", origin.archive);
    bulk(cluster, index, lines.concat(), &what).await?;
    pending.clear();
    Ok(sent)
}

/// Sends one `_bulk` body; items the cluster was too busy for are sent again.
async fn bulk(cluster: &Cluster, index: &str, body: String, what: &str) -> Result<()> {
    let mut body = body;
    let mut wait = Duration::from_millis(500);
    for _ in 0..6 {
        let answer = cluster
            .ok(
                Method::POST,
                &format!("/{index}/_bulk"),
                Some(Body::Ndjson(body.clone())),
                what,
            )
            .await?;
        if answer["errors"].as_bool() != Some(true) {
            return Ok(());
        }
        let retry = failed_items(&body, &answer)?;
        if retry.is_empty() {
            return Ok(());
        }
        body = retry;
        tokio::time::sleep(wait).await;
        wait *= 2;
    }
    Err(ClusterError::Busy {
        what: what.to_string(),
        status: 429,
        tries: 6,
    }
    .into())
}

/// The lines of `body` whose items the cluster refused as busy (429), to send again; an error
/// for any other refusal (a document the mapping does not take).
fn failed_items(body: &str, answer: &Value) -> Result<String> {
    let items = answer["items"].as_array().cloned().unwrap_or_default();
    let mut lines = body.lines();
    let mut retry = String::new();
    for item in &items {
        let Some(action) = lines.next() else { break };
        let (kind, result) = match item.as_object().and_then(|o| o.iter().next()) {
            Some((k, v)) => (k.clone(), v.clone()),
            None => continue,
        };
        let source = if kind == "delete" { None } else { lines.next() };
        let status = result["status"].as_u64().unwrap_or(0);
        if status < 300 || (kind == "delete" && status == 404) {
            continue;
        }
        if status == 429 {
            retry.push_str(action);
            retry.push('\n');
            if let Some(s) = source {
                retry.push_str(s);
                retry.push('\n');
            }
            continue;
        }
        let reason = result["error"]["reason"]
            .as_str()
            .unwrap_or("no reason given");
        anyhow::bail!(
            "the search cluster refused a document ({status}): {reason}. If the index was made by \
             another version of khlang, publish into a new index (--index NAME)"
        );
    }
    Ok(retry)
}
