//! The cluster benchmark's queries, the server it loads and its load generator.
//!
//! Queries are made from the corpus text the way people search a catalogue: spans of 2–9
//! characters cut inside words (typed and pasted fragments), whole words, quoted phrases of
//! three words, and every fifth one narrowed by a facet value the archive holds. The load is
//! `clients` threads each sending one search after another for a fixed time (a closed loop:
//! throughput is what the server keeps up with at that concurrency).
//!
//! `khlang serve` limits searches per client address (indexer/src/server/rate.rs), as it must
//! for the public. Many citizens come from many addresses, so the generator spreads its
//! requests over many loopback addresses (127.X.Y.Z all reach the server on Linux), each kept
//! far below the limit; a refusal is counted, never timed as an answer.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use catalog::analysis::Analyzer;
use catalog::facets::{FacetCounts, FacetKind};
use catalog::recall::Rng;
use catalog::SearchRequest;
use reqwest::blocking::Client;
use serde_json::Value;

/// Client addresses per thread: requests rotate over them, so each address stays far below the
/// server's per-address limit (10 searches/s) at any throughput this machine reaches.
const ADDRESSES_PER_CLIENT: usize = 32;

/// What a query was made as, for the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Span,
    Word,
    Phrase,
}

/// `count` distinct requests made from `docs`' text; every fifth narrowed by a value of
/// `facets` (the archive's own facet counts, so each filter can match).
pub fn queries(
    docs: &[(String, String)],
    count: usize,
    seed: u64,
    facets: &FacetCounts,
) -> Vec<(Kind, SearchRequest)> {
    let analyzer = Analyzer::new(Vec::<String>::new());
    let mut rng = Rng::new(seed);
    let mut out: Vec<(Kind, SearchRequest)> = Vec::new();
    let mut tries = 0;
    while out.len() < count && tries < count * 20 && !docs.is_empty() {
        tries += 1;
        let text = &docs[rng.below(docs.len())].1;
        let kind = [Kind::Span, Kind::Word, Kind::Phrase][out.len() % 3];
        let query = match kind {
            Kind::Span => span(text, 2 + rng.below(8), &mut rng),
            Kind::Word | Kind::Phrase => words(text, kind, &analyzer, &mut rng),
        };
        let Some(query) = query else { continue };
        let mut request = SearchRequest::new(query);
        if out.len() % 5 == 4 {
            let kind = FacetKind::ALL[(out.len() / 5) % FacetKind::ALL.len()];
            let values: Vec<&String> = facets
                .get(kind.field_name())
                .map(|counts| counts.keys().collect())
                .unwrap_or_default();
            if !values.is_empty() {
                request
                    .filters
                    .select(kind, values[rng.below(values.len())].clone());
            }
        }
        if !out.iter().any(|(_, q)| *q == request) {
            out.push((kind, request));
        }
    }
    out
}

/// `len` characters from inside a run of letters of `text` (no space, digit or punctuation).
fn span(text: &str, len: usize, rng: &mut Rng) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= len {
        return None;
    }
    let at = rng.below(chars.len() - len);
    let letter = |c: &char| !c.is_whitespace() && !c.is_ascii_punctuation() && !c.is_numeric();
    let slice = &chars[at..at + len];
    slice.iter().all(letter).then(|| slice.iter().collect())
}

/// A word of `text` (two characters or more), or three words in a row quoted.
fn words(text: &str, kind: Kind, analyzer: &Analyzer, rng: &mut Rng) -> Option<String> {
    // Analysis of a whole long document is the costly part: a window of it is enough.
    let start = floor_char(text, rng.below(text.len().max(1)));
    let window = &text[start..floor_char(text, (start + 2000).min(text.len()))];
    let words = analyzer.analyze(window).words;
    let take = if kind == Kind::Phrase { 3 } else { 1 };
    if words.len() < take + 2 {
        return None;
    }
    // Not the window's first word: it may be cut.
    let i = 1 + rng.below(words.len() - take - 1);
    let (from, to) = (words[i].offset_from, words[i + take - 1].offset_to);
    let found = window.get(from..to)?.trim();
    let ok = found.chars().count() >= 2
        && !found.contains(['"', '\n'])
        && !found.starts_with('-')
        && found.chars().any(char::is_alphabetic);
    match (ok, kind) {
        (false, _) => None,
        (true, Kind::Phrase) => Some(format!("\"{found}\"")),
        (true, _) => Some(found.to_string()),
    }
}

/// The largest char boundary of `text` at or below `at`.
fn floor_char(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// What one load phase measured.
pub struct Load {
    pub clients: usize,
    pub seconds: f64,
    /// Times of the answers with status 200, ms.
    pub latencies: Vec<f64>,
    /// Answers with another status, by status.
    pub refused: BTreeMap<u16, usize>,
    /// Requests that got no answer (connection or timeout).
    pub failed: usize,
}

impl Load {
    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.seconds.max(f64::MIN_POSITIVE)
    }
}

/// `clients` threads searching `api` (the server's base URL) with `bodies` in turn for `time`.
pub fn run(api: &str, bodies: &[String], clients: usize, time: Duration) -> Result<Load> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Load {
        clients,
        seconds: 0.0,
        latencies: Vec::new(),
        refused: BTreeMap::new(),
        failed: 0,
    });
    let started = Instant::now();
    let deadline = started + time;
    std::thread::scope(|scope| -> Result<()> {
        let mut threads = Vec::new();
        for thread in 0..clients {
            let agents = agents(thread)?;
            let (next, results) = (&next, &results);
            threads.push(scope.spawn(move || {
                let mut mine = Load {
                    clients,
                    seconds: 0.0,
                    latencies: Vec::new(),
                    refused: BTreeMap::new(),
                    failed: 0,
                };
                let mut sent = 0;
                while Instant::now() < deadline {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let body = &bodies[i % bodies.len()];
                    let agent = &agents[sent % agents.len()];
                    sent += 1;
                    let asked = Instant::now();
                    let answer = ask(agent, api, body.clone());
                    let ms = asked.elapsed().as_secs_f64() * 1e3;
                    match answer {
                        Ok((200, _)) => mine.latencies.push(ms),
                        Ok((status, _)) => *mine.refused.entry(status).or_default() += 1,
                        Err(_) => mine.failed += 1,
                    }
                }
                if let Ok(mut all) = results.lock() {
                    all.latencies.extend(mine.latencies);
                    for (status, n) in mine.refused {
                        *all.refused.entry(status).or_default() += n;
                    }
                    all.failed += mine.failed;
                }
            }));
        }
        for t in threads {
            t.join()
                .map_err(|_| anyhow::anyhow!("a load thread panicked"))?;
        }
        Ok(())
    })?;
    let mut load = results
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a load thread panicked"))?;
    load.seconds = started.elapsed().as_secs_f64();
    Ok(load)
}

/// One search: `body` to `api`'s search address; the status and the body of the answer.
pub fn ask(agent: &Client, api: &str, body: String) -> Result<(u16, Vec<u8>)> {
    let answer = agent
        .post(format!("{api}{}", catalog::api::SEARCH_PATH))
        .header("Content-Type", "application/json")
        .body(body)
        .send()?;
    Ok((answer.status().as_u16(), answer.bytes()?.to_vec()))
}

/// HTTP clients for load thread `thread`, each sending from its own loopback address
/// (127.(10+thread).0.N) and keeping its connection open, as a browser does.
pub fn agents(thread: usize) -> Result<Vec<Client>> {
    let octet = u8::try_from(10 + thread).context("at most 245 clients")?;
    (0..ADDRESSES_PER_CLIENT)
        .map(|n| {
            let address = Ipv4Addr::new(127, octet, 0, 1 + n as u8);
            Client::builder()
                .local_address(IpAddr::V4(address))
                .timeout(Duration::from_secs(30))
                .build()
                .context("cannot make an HTTP client")
        })
        .collect()
}

/// `khlang serve --opensearch` on a free port, once it answers; its base URL.
pub fn serve(khlang: &Path, os: &str, index: &str) -> Result<(e2e::Guard, String)> {
    let port = e2e::free_port();
    let child = Command::new(khlang)
        .args(["serve", "--opensearch", os, "--index", index, "--port"])
        .arg(port.to_string())
        .stdout(Stdio::null())
        .spawn()
        .context("cannot start khlang serve")?;
    let guard = e2e::Guard(child);
    let url = format!("http://127.0.0.1:{port}/");
    let deadline = Instant::now() + Duration::from_secs(60);
    while minreq::get(format!("{url}api/health"))
        .with_timeout(2)
        .send()
        .is_err()
    {
        if Instant::now() > deadline {
            bail!("khlang serve --opensearch did not answer within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((guard, url))
}

/// How many of `queries` have the same total through the API as in the merged archive (one
/// client, before the load: a check that the two searches are the same, not a timing).
pub fn same_totals(
    api: &str,
    engine: &catalog::Engine,
    queries: &[(Kind, SearchRequest)],
) -> Result<String> {
    let mut same = 0;
    let mut differ = Vec::new();
    let agents = agents(200)?;
    for (i, (_, request)) in queries.iter().enumerate() {
        let body = serde_json::to_string(request)?;
        let (status, answer) = ask(&agents[i % agents.len()], api, body)?;
        let remote: Value = serde_json::from_slice(&answer).unwrap_or_default();
        let local = engine.search(request)?.total;
        if remote["total"].as_u64() == Some(local) {
            same += 1;
        } else {
            differ.push(format!(
                "{:?} {:?}: API {status} {} vs {local}",
                request.query, request.filters.0, remote["total"]
            ));
        }
    }
    for d in differ.iter().take(10) {
        println!("  total differs: {d}");
    }
    Ok(format!("{same} of {}", queries.len()))
}
