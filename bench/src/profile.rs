//! Where a keystroke's time goes in the browser: a CPU profile (DevTools `Profiler`) taken
//! while the benchmark's queries are typed into a built site, summed by function.
//!
//! The release app is built with wasm-opt, which drops function names: its frames show as
//! `wasm-function[N]`. For names, profile a copy of the site made by `bench/names.sh SITE COPY`,
//! whose app is the same code built with the names kept.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use e2e::Browser;
use serde_json::{json, Value};

/// Opens `site` from file://, waits for its whole index, types `queries` once to warm up (pages
/// of stored text, the JIT), then again under the profiler; prints the top `top` functions by
/// self time and by inclusive time, and with `callers` the call paths into the functions whose
/// name contains it.
pub fn run(site: &Path, queries: &[String], top: usize, callers: Option<&str>) -> Result<()> {
    let browser = Browser::start(1280, 900)?;
    browser.set_script_timeout(Duration::from_secs(900))?;
    browser.goto(&e2e::file_url(site))?;
    browser.wait_ready()?;
    browser.wait_for(
        "return document.getElementById('app').getAttribute('data-index');",
        &json!("ready"),
    )?;
    crate::browser::keystrokes(&browser, queries)?;
    // First without the sampler: the browser's own counters of style, layout and script time.
    browser.cdp("Performance.enable", json!({}))?;
    let before = metrics(&browser)?;
    let plain = crate::browser::keystrokes(&browser, queries)?;
    let after = metrics(&browser)?;
    let n = plain.dom_ms.len().max(1) as f64;
    println!(
        "{} keystrokes without the profiler: results in the DOM (first screenful) p50 {:.1} ms, every hit laid out p50 {:.1} ms;",
        plain.dom_ms.len(),
        crate::stats::percentile(&plain.dom_ms, 50.0),
        crate::stats::percentile(&plain.all_ms, 50.0)
    );
    by_length(queries, &plain.dom_ms);
    println!("    per keystroke:");
    for (metric, label) in [
        ("TaskDuration", "main-thread tasks"),
        ("ScriptDuration", "script (JS and wasm)"),
        ("RecalcStyleDuration", "style"),
        ("LayoutDuration", "layout"),
        ("RecalcStyleCount", "style recalculations (count)"),
        ("LayoutCount", "layouts (count)"),
    ] {
        let d = after.get(metric).unwrap_or(&0.0) - before.get(metric).unwrap_or(&0.0);
        let per = if metric.ends_with("Count") {
            d / n
        } else {
            d * 1000.0 / n
        };
        println!("{per:9.2}  {label}");
    }
    browser.cdp("Profiler.enable", json!({}))?;
    browser.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }))?;
    browser.cdp("Profiler.start", json!({}))?;
    let typed = crate::browser::keystrokes(&browser, queries)?;
    let profile = browser.cdp("Profiler.stop", json!({}))?;
    let n = typed.dom_ms.len().max(1) as f64;
    let (own, inclusive, paths, total) =
        sum(&profile["profile"], callers).context("empty profile")?;
    println!(
        "{} keystrokes, {:.0} ms sampled ({:.1} ms per keystroke, frames included)",
        typed.dom_ms.len(),
        total,
        total / n
    );
    let mut tables = vec![("self time", own), ("inclusive time", inclusive)];
    if callers.is_some() {
        tables.push(("call path, innermost first", paths));
    }
    for (title, table) in tables {
        println!("\nby {title} (ms in all, ms per keystroke):");
        let mut rows: Vec<_> = table.into_iter().collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (name, ms) in rows.into_iter().take(top) {
            println!("{ms:9.1} {:7.2}  {name}", ms / n);
        }
    }
    Ok(())
}

type Table = HashMap<String, f64>;

/// Prints the median latency of the keystrokes by how much of the query was typed: short
/// prefixes match most of the archive and change every hit, long ones few.
fn by_length(queries: &[String], dom_ms: &[f64]) {
    // The page types one code point at a time, query after query.
    let lengths = queries.iter().flat_map(|q| 1..=q.chars().count());
    let mut rows: Vec<(usize, usize, Vec<f64>)> =
        [(1, 1), (2, 2), (3, 3), (4, 6), (7, 10), (11, usize::MAX)]
            .into_iter()
            .map(|(from, to)| (from, to, Vec::new()))
            .collect();
    for (length, ms) in lengths.zip(dom_ms) {
        if let Some(row) = rows.iter_mut().find(|r| (r.0..=r.1).contains(&length)) {
            row.2.push(*ms);
        }
    }
    println!("    results in the DOM by characters typed:");
    for (from, to, ms) in rows.iter().filter(|r| !r.2.is_empty()) {
        let typed = match (*from, *to) {
            (f, t) if f == t => format!("{f}"),
            (f, usize::MAX) => format!("{f}+"),
            (f, t) => format!("{f}-{t}"),
        };
        println!(
            "      {typed:>5}: p50 {:5.1} ms over {} keystrokes",
            crate::stats::percentile(ms, 50.0),
            ms.len()
        );
    }
}

/// The browser's cumulative counters (`Performance.getMetrics`): durations in seconds.
fn metrics(browser: &Browser) -> Result<HashMap<String, f64>> {
    let m = browser.cdp("Performance.getMetrics", json!({}))?;
    Ok(m["metrics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| Some((e["name"].as_str()?.to_string(), e["value"].as_f64()?)))
        .collect())
}

/// How many callers a call path lists above the function asked for.
const PATH_DEPTH: usize = 6;

/// Self and inclusive milliseconds per function, milliseconds per call path into the functions
/// whose name contains `callers`, and the total sampled.
fn sum(profile: &Value, callers: Option<&str>) -> Option<(Table, Table, Table, f64)> {
    let nodes = profile["nodes"].as_array()?;
    let by_id: HashMap<u64, &Value> = nodes
        .iter()
        .filter_map(|n| Some((n["id"].as_u64()?, n)))
        .collect();
    let mut parent = HashMap::new();
    for n in nodes {
        for child in n["children"].as_array().into_iter().flatten() {
            if let (Some(c), Some(p)) = (child.as_u64(), n["id"].as_u64()) {
                parent.insert(c, p);
            }
        }
    }
    let name = |n: &Value| {
        let frame = &n["callFrame"];
        let f = frame["functionName"].as_str().unwrap_or_default();
        // Long Rust symbols: the path is enough; the hash and generic noise are not.
        let f = f.split("::h").next().unwrap_or(f);
        let f: String = f.chars().take(140).collect();
        if f.is_empty() {
            "(anonymous)".to_string()
        } else {
            f
        }
    };
    let (mut own, mut inclusive, mut paths, mut total) =
        (Table::new(), Table::new(), Table::new(), 0.0);
    let samples = profile["samples"].as_array()?;
    let deltas = profile["timeDeltas"].as_array()?;
    for (sample, delta) in samples.iter().zip(deltas) {
        let ms = delta.as_f64().unwrap_or(0.0) / 1000.0;
        total += ms;
        let Some(mut id) = sample.as_u64() else {
            continue;
        };
        *own.entry(name(by_id.get(&id)?)).or_default() += ms;
        let mut seen = HashSet::new();
        let mut path: Vec<String> = Vec::new();
        loop {
            let label = name(by_id.get(&id)?);
            let wanted = callers.is_some_and(|c| label.contains(c));
            if (wanted && path.is_empty()) || (!path.is_empty() && path.len() <= PATH_DEPTH) {
                path.push(label.clone());
            }
            if seen.insert(label.clone()) {
                *inclusive.entry(label).or_default() += ms;
            }
            match parent.get(&id) {
                Some(&p) => id = p,
                None => break,
            }
        }
        if !path.is_empty() {
            *paths.entry(path.join("  <  ")).or_default() += ms;
        }
    }
    Some((own, inclusive, paths, total))
}
