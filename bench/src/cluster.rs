//! `cluster`: khlang's national search measured on a real two-node OpenSearch cluster (the
//! e2e harness, tests/src/opensearch.rs): how fast `khlang publish` sends built archives, what
//! a re-publish that changes nothing costs, how big the index is against the static archive,
//! what its pair-gram and unit-prefix fields cost, and how `khlang serve --opensearch` answers under concurrent
//! load — with the same queries on the merged archive searched in-process by catalog::Engine
//! beside it. It ends with a markdown table for docs/benchmarks-log.md.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use catalog::{FacetCounts, SearchRequest};
use e2e::opensearch::Cluster;
use serde_json::Value;

use crate::load::{self, Kind, Load};
use crate::stats::{dir_bytes, percentile};

/// The index the benchmark publishes into.
const INDEX: &str = "khlang-bench";

#[derive(clap::Args)]
pub struct ClusterArgs {
    /// Built sites to publish (each one agency's archive).
    #[arg(long, num_args = 1.., required = true)]
    sites: Vec<PathBuf>,
    /// The same archives joined by `khlang merge` (or the one site itself): searched in-process
    /// beside the API.
    #[arg(long)]
    merged: PathBuf,
    /// The corpus the queries are cut from (.tar.xz or folder).
    #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
    corpus: PathBuf,
    /// The khlang binary (default: $KHLANG_BIN, else target/release/khlang).
    #[arg(long)]
    khlang: Option<PathBuf>,
    /// Heap of each OpenSearch node (-Xms and -Xmx), e.g. 2g; the harness's default otherwise.
    #[arg(long)]
    heap: Option<String>,
    #[arg(long, default_value_t = 2)]
    shards: u32,
    #[arg(long, default_value_t = 1)]
    replicas: u32,
    /// Concurrent clients of each load phase, e.g. 1,8,32.
    #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
    clients: Vec<usize>,
    /// Seconds of each load phase.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Distinct queries made from the corpus.
    #[arg(long, default_value_t = 1000)]
    queries: usize,
    #[arg(long, default_value_t = 20261206)]
    seed: u64,
    /// Also force-merge the index to one segment per shard at the end and measure it again.
    #[arg(long)]
    forcemerge: bool,
    /// Also publish into indexes that leave the pair grams, then the unit prefixes, unindexed
    /// (force-merged, compared with the whole index force-merged; implies --forcemerge).
    #[arg(long)]
    field_costs: bool,
}

/// The table's rows, in order: (figure, value).
type Rows = Vec<(String, String)>;

pub fn run(args: &ClusterArgs) -> Result<()> {
    crate::print_machine();
    crate::print_load("at the start");
    let khlang = args.khlang.clone().unwrap_or_else(e2e::khlang_bin);
    if let Some(heap) = &args.heap {
        std::env::set_var(e2e::opensearch::HEAP_VARIABLE, heap);
    }
    let mut rows: Rows = Vec::new();
    let data: u64 = args.sites.iter().map(|s| dir_bytes(&s.join("data"))).sum();
    let text: u64 = args.sites.iter().map(|s| dir_bytes(&s.join("docs"))).sum();

    let started = Instant::now();
    let cluster = Cluster::start()?;
    let os = cluster.url().to_string();
    println!(
        "cluster: 2 nodes green in {:.1} s at {os} (heap {})",
        started.elapsed().as_secs_f64(),
        args.heap.as_deref().unwrap_or("harness default, 512m")
    );

    let mut publish: Vec<String> = args.sites.iter().map(|s| s.display().to_string()).collect();
    publish.splice(0..0, ["publish".to_string()]);
    publish.extend(
        [
            "--opensearch",
            &os,
            "--index",
            INDEX,
            "--shards",
            &args.shards.to_string(),
            "--replicas",
            &args.replicas.to_string(),
        ]
        .map(String::from),
    );
    let (secs, line) = timed(&khlang, &publish)?;
    println!("publish: {secs:.1} s wall; khlang: {line}");
    rows.push((
        "publish (wall, whole command)".into(),
        format!("{secs:.1} s"),
    ));
    rows.push(("publish (khlang's own figures)".into(), rate_of(&line)));
    crate::print_load("after publishing");
    let (secs, line) = timed(&khlang, &publish)?;
    println!("re-publish: {secs:.1} s wall; khlang: {line}");
    rows.push((
        "re-publish, nothing changed (wall)".into(),
        format!("{secs:.1} s ({})", sent_of(&line)),
    ));

    let index = index_sizes(&os, INDEX)?;
    rows.push((
        "documents in the index".into(),
        format!("{} ({} archives)", index.docs, args.sites.len()),
    ));
    rows.push(("text (the sites' docs/ files)".into(), mb(text)));
    rows.push((
        "index in OpenSearch: primaries / with replicas".into(),
        format!(
            "{} / {} ({:.1} kB per document, {:.2}× the text)",
            mb(index.primaries),
            mb(index.total),
            index.primaries as f64 / index.docs.max(1) as f64 / 1e3,
            index.primaries as f64 / text.max(1) as f64
        ),
    ));
    rows.push((
        "static archives' data/ (sum of the sites) / merged data/".into(),
        format!(
            "{} / {}",
            mb(data),
            mb(dir_bytes(&args.merged.join("data")))
        ),
    ));
    rows.extend(nodes(&os, &cluster, "after publishing")?);

    // The queries, and the same facet values the archive holds.
    let engine = open_timed(&args.merged)?;
    let facets: FacetCounts = engine.search(&SearchRequest::new(""))?.facets;
    let docs = crate::corpus::load(&args.corpus)?;
    let queries = load::queries(&docs, args.queries, args.seed, &facets);
    drop(docs);
    let count = |k: Kind| queries.iter().filter(|(q, _)| *q == k).count();
    let filtered = queries
        .iter()
        .filter(|(_, r)| !r.filters.0.is_empty())
        .count();
    println!(
        "queries: {} ({} spans of 2–9 characters, {} words, {} quoted phrases; {filtered} with a facet filter; seed {})",
        queries.len(),
        count(Kind::Span),
        count(Kind::Word),
        count(Kind::Phrase),
        args.seed
    );
    let bodies: Vec<String> = queries
        .iter()
        .map(|(_, r)| serde_json::to_string(r))
        .collect::<Result<_, _>>()?;

    let (server, api) = load::serve(&khlang, &os, INDEX)?;
    let agree = load::same_totals(&api, &engine, &queries)?;
    rows.push((
        "queries whose total the API and the merged archive agree on".into(),
        agree,
    ));
    // Warm-up: the JIT, the caches, the connections; not counted.
    let warm = load::run(&api, &bodies, 8, Duration::from_secs(10))?;
    println!("warm-up: {} searches in 10 s", warm.latencies.len());
    for &clients in &args.clients {
        let phase = load::run(&api, &bodies, clients, Duration::from_secs(args.seconds))?;
        crate::print_load(&format!("after {clients} clients"));
        rows.push(api_row(&phase));
    }
    rows.push(("khlang serve RSS after the load".into(), rss(server.0.id())));
    drop(server);
    rows.extend(nodes(&os, &cluster, "after the load")?);

    let mut times = Vec::new();
    for (_, request) in &queries {
        let asked = Instant::now();
        engine.search(request)?;
        times.push(asked.elapsed().as_secs_f64() * 1e3);
    }
    rows.push((
        "the same queries in-process (catalog::Engine, merged archive, one thread)".into(),
        format!(
            "p50 {:.1} / p95 {:.1} / p99 {:.1} ms ({:.0} searches/s)",
            percentile(&times, 50.0),
            percentile(&times, 95.0),
            percentile(&times, 99.0),
            times.len() as f64 * 1e3 / times.iter().sum::<f64>().max(f64::MIN_POSITIVE)
        ),
    ));

    if args.forcemerge || args.field_costs {
        let started = Instant::now();
        let merged = merged_size(&os, INDEX)?;
        rows.push((
            "index after force-merge to 1 segment: primaries / with replicas".into(),
            format!(
                "{} / {} ({:.0} s to merge)",
                mb(merged.primaries),
                mb(merged.total),
                started.elapsed().as_secs_f64()
            ),
        ));
        if args.field_costs {
            let whole = merged.primaries as f64;
            for (what, fields) in [
                (
                    "pair grams (title_grams, body_grams)",
                    ["title_grams", "body_grams"],
                ),
                (
                    "unit prefixes (title_units, body_units)",
                    ["title_units", "body_units"],
                ),
            ] {
                let rest = without(&os, &khlang, &publish, args, &fields)? as f64;
                rows.push((
                    format!("share of the primaries (force-merged) for the {what}"),
                    format!(
                        "{} ({:.0} %): {} without them",
                        mb((whole - rest).max(0.0) as u64),
                        100.0 * (whole - rest) / whole.max(1.0),
                        mb(rest as u64)
                    ),
                ));
            }
        }
    }
    crate::print_load("at the end");
    println!("\n| figure | value |\n|---|---|");
    for (figure, value) in rows {
        println!("| {figure} | {value} |");
    }
    Ok(())
}

/// Runs khlang with `args`: wall seconds and the last line it wrote to stderr.
fn timed(khlang: &Path, args: &[String]) -> Result<(f64, String)> {
    let started = Instant::now();
    let out = Command::new(khlang)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {}", khlang.display()))?;
    let secs = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("khlang {} failed: {stderr}", args.join(" "));
    }
    let last = stderr.lines().last().unwrap_or_default().to_string();
    Ok((secs, last))
}

/// "(N documents/s, X MB/s of text sent)" and the time from publish's last line.
fn rate_of(line: &str) -> String {
    let inside = |open: &str| {
        line.rfind(open)
            .map(|at| line[at..].trim_end_matches('.').to_string())
    };
    let time = line
        .find(" in ")
        .map(|at| line[at + 4..].split(" (").next().unwrap_or_default())
        .unwrap_or_default();
    format!("{time} {}", inside(" (").unwrap_or_default().trim())
}

/// "N sent, M unchanged, K deleted" from publish's last line.
fn sent_of(line: &str) -> String {
    line.split(": ")
        .nth(1)
        .map(|rest| rest.split(" in ").next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

struct IndexSizes {
    docs: u64,
    primaries: u64,
    total: u64,
}

/// The index's documents and the bytes of its live segments, primaries and all copies.
/// (`_stats` store sizes are cached for 10 s and count files a merge has not yet let go of;
/// they disagreed with each other from run to run. The segments are what searches read.)
fn index_sizes(os: &str, index: &str) -> Result<IndexSizes> {
    cluster_call(&format!("{os}/{index}/_refresh"), "POST", 600)?;
    cluster_call(&format!("{os}/{index}/_flush"), "POST", 600)?;
    let count = cluster_call(&format!("{os}/{index}/_count"), "GET", 60)?;
    let segments = cluster_call(
        &format!("{os}/_cat/segments/{index}?bytes=b&format=json&h=prirep,size"),
        "GET",
        60,
    )?;
    let (mut primaries, mut total) = (0, 0);
    for segment in segments.as_array().into_iter().flatten() {
        let size: u64 = segment["size"]
            .as_str()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        total += size;
        if segment["prirep"] == "p" {
            primaries += size;
        }
    }
    Ok(IndexSizes {
        docs: count["count"].as_u64().unwrap_or(0),
        primaries,
        total,
    })
}

/// The index's primaries, force-merged, as published again into an index that indexes all
/// but `left_out` (their tokens still sent, not indexed): what those fields cost. OpenSearch
/// 2.19 has no per-field disk usage (`_disk_usage` is Elasticsearch's), so it is measured so.
fn without(
    os: &str,
    khlang: &Path,
    publish: &[String],
    args: &ClusterArgs,
    left_out: &[&str],
) -> Result<u64> {
    let name = format!("{INDEX}-without");
    let mut body = catalog::opensearch::index_body(args.shards, args.replicas);
    for field in left_out {
        let mapping = &mut body["mappings"]["properties"][*field];
        if let Some(m) = mapping.as_object_mut() {
            m.remove("index_options");
            m.remove("norms");
        }
        mapping["index"] = Value::Bool(false);
    }
    let created = minreq::put(format!("{os}/{name}"))
        .with_header("Content-Type", "application/json")
        .with_body(body.to_string())
        .with_timeout(60)
        .send()?;
    if created.status_code != 200 {
        bail!(
            "cannot make {name}: {}",
            created.as_str().unwrap_or_default()
        );
    }
    let mut publish = publish.to_vec();
    if let Some(at) = publish.iter().position(|a| a == INDEX) {
        publish[at] = name.clone();
    }
    let (secs, _) = timed(khlang, &publish)?;
    let size = merged_size(os, &name)?;
    println!(
        "without {left_out:?}: published in {secs:.0} s; primaries force-merged {}",
        mb(size.primaries)
    );
    let deleted = minreq::delete(format!("{os}/{name}"))
        .with_timeout(60)
        .send()?;
    if deleted.status_code != 200 {
        bail!(
            "cannot delete {name}: {}",
            deleted.as_str().unwrap_or_default()
        );
    }
    Ok(size.primaries)
}

/// `index` force-merged to one segment per shard, then measured.
fn merged_size(os: &str, index: &str) -> Result<IndexSizes> {
    cluster_call(
        &format!("{os}/{index}/_forcemerge?max_num_segments=1"),
        "POST",
        3600,
    )?;
    index_sizes(os, index)
}

/// Each node's heap in use, and its JVM's resident memory, `when`.
fn nodes(os: &str, cluster: &Cluster, when: &str) -> Result<Rows> {
    let stats = cluster_call(&format!("{os}/_nodes/stats/jvm"), "GET", 60)?;
    let mut heaps: Vec<String> = stats["nodes"]
        .as_object()
        .map(|nodes| {
            nodes
                .values()
                .map(|n| {
                    format!(
                        "{} {} of {}",
                        n["name"].as_str().unwrap_or("?"),
                        mb(n["jvm"]["mem"]["heap_used_in_bytes"].as_u64().unwrap_or(0)),
                        mb(n["jvm"]["mem"]["heap_max_in_bytes"].as_u64().unwrap_or(0))
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    heaps.sort();
    let rss: Vec<String> = cluster.node_pids().into_iter().map(rss).collect();
    Ok(vec![
        (format!("OpenSearch heap in use, {when}"), heaps.join("; ")),
        (
            format!("OpenSearch JVMs' RSS (node1, node2), {when}"),
            rss.join(", "),
        ),
    ])
}

fn rss(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or("?".into(), |kb| mb(kb * 1000))
}

/// The merged archive opened whole, and how long that took.
fn open_timed(site: &Path) -> Result<catalog::Engine> {
    let started = Instant::now();
    let engine = crate::search_memory::open(site)?;
    println!(
        "merged archive opened in-process in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(engine)
}

fn api_row(phase: &Load) -> (String, String) {
    let refused: Vec<String> = phase
        .refused
        .iter()
        .map(|(status, n)| format!("{n} × {status}"))
        .collect();
    let mut value = format!(
        "p50 {:.1} / p95 {:.1} / p99 {:.1} ms, {:.1} searches/s ({} in {:.0} s",
        percentile(&phase.latencies, 50.0),
        percentile(&phase.latencies, 95.0),
        percentile(&phase.latencies, 99.0),
        phase.per_second(),
        phase.latencies.len(),
        phase.seconds
    );
    if !refused.is_empty() || phase.failed > 0 {
        value.push_str(&format!(
            "; refused {}; no answer {}",
            refused.join(", "),
            phase.failed
        ));
    }
    value.push(')');
    println!("API, {} clients: {value}", phase.clients);
    (
        format!("API under load, {} concurrent clients", phase.clients),
        value,
    )
}

/// A request to the cluster; its JSON answer, or an error with the body.
fn cluster_call(url: &str, method: &str, timeout_s: u64) -> Result<Value> {
    let request = match method {
        "POST" => minreq::post(url),
        _ => minreq::get(url),
    };
    let answer = request.with_timeout(timeout_s).send()?;
    let text = answer.as_str().unwrap_or_default();
    if answer.status_code != 200 {
        bail!("{method} {url} answered {}: {text}", answer.status_code);
    }
    Ok(serde_json::from_str(text)?)
}

fn mb(bytes: u64) -> String {
    crate::stats::mb(bytes as f64)
}
