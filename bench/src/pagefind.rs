//! The same corpus through Pagefind (npm package `pagefind`), driven through its JS API in
//! headless Chromium over http (Pagefind fetches its index, so it cannot work from file://):
//! index size, bytes for the first query, query latency, and verbatim-recall spans found.
//! Pagefind 1.x searches in a Web Worker, whose fetches the page cannot see: bytes are counted
//! by the serving side (crate::counting_server), uncompressed for pagefind.js and its wasm.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use catalog::recall::Span;
use e2e::Browser;
use serde_json::{json, Value};

use crate::site::timed;
use crate::stats::{dir_bytes, mb, ms_summary};

/// Writes one HTML page per document (`<html lang="th">`, title = first line, body = the text
/// in paragraphs) under `site/docs/NNNNNN.html`, plus an empty index.html to open.
pub fn write_pages(docs: &[(String, String)], site: &Path) -> Result<()> {
    let marker = site.join(format!(".pages-{}", docs.len()));
    if marker.exists() {
        return Ok(());
    }
    let dir = site.join("docs");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (i, (_, text)) in docs.iter().enumerate() {
        let title = escape(text.lines().next().unwrap_or_default());
        let mut body = String::with_capacity(text.len() + 1024);
        for para in text.lines().filter(|l| !l.trim().is_empty()) {
            body.push_str("<p>");
            body.push_str(&escape(para));
            body.push_str("</p>\n");
        }
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
             <body><main><h1>{title}</h1>\n{body}</main></body></html>\n"
        );
        std::fs::write(dir.join(format!("{i:06}.html")), page)?;
    }
    std::fs::write(
        site.join("index.html"),
        "<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"><title>pagefind bench</title></head><body></body></html>\n",
    )?;
    std::fs::write(&marker, "")?;
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The pagefind binary: installed with npm into `dir` on first use.
pub fn binary(dir: &Path) -> Result<PathBuf> {
    let bin = dir.join("node_modules/.bin/pagefind");
    if !bin.exists() {
        std::fs::create_dir_all(dir)?;
        eprintln!("installing pagefind with npm into {} …", dir.display());
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(dir)
            .arg("pagefind")
            .status()
            .context("cannot run npm (install Node.js)")?;
        if !status.success() || !bin.exists() {
            bail!("npm could not install pagefind into {}", dir.display());
        }
    }
    Ok(bin)
}

/// Indexes `site` with pagefind; prints its build time, peak RSS and index size.
pub fn index(bin: &Path, site: &Path) -> Result<()> {
    let index = site.join("pagefind");
    if index.join("pagefind-entry.json").exists() {
        println!(
            "pagefind index: {} (already built; delete {} to time the build again)",
            mb(dir_bytes(&index) as f64),
            index.display()
        );
        return Ok(());
    }
    let mut cmd = Command::new(bin);
    cmd.arg("--site").arg(site);
    let (wall_s, rss_kb) = timed(cmd).context("pagefind failed")?;
    let index = site.join("pagefind");
    let fragments = dir_bytes(&index.join("fragment"));
    println!(
        "pagefind build: {wall_s:.1} s wall, peak RSS {}; index {} (of which fragments/excerpts {})",
        rss_kb.map_or("unknown".into(), |kb| mb(kb as f64 * 1024.0)),
        mb(dir_bytes(&index) as f64),
        mb(fragments as f64),
    );
    Ok(())
}

/// Loads pagefind, runs `first` and loads the data of its first 10 results (what a result page
/// shows); returns timings and the bytes transferred until then.
const FIRST: &str = r#"
var q = arguments[0];
return (async function () {
  performance.setResourceTimingBufferSize(100000);
  var t0 = performance.now();
  var pf = await import(location.origin + '/pagefind/pagefind.js');
  await pf.init();
  window.__pf = pf;
  var tInit = performance.now();
  var r = await pf.search(q);
  var tSearch = performance.now();
  await Promise.all(r.results.slice(0, 10).map(function (x) { return x.data(); }));
  var tData = performance.now();
  var res = performance.getEntriesByType('resource');
  var bytes = 0, idx = 0;
  res.forEach(function (e) { bytes += e.transferSize; if (e.name.indexOf('/pagefind/') >= 0) idx += e.transferSize; });
  return { init: tInit - t0, search: tSearch - tInit, data: tData - tSearch, bytes: bytes, pagefind_bytes: idx, results: r.results.length, requests: res.length };
})();
"#;

/// For each query typed one character at a time: pagefind.search(prefix) then data() of the
/// top 10; returns [search ms, search + data ms] per keystroke.
const TYPE: &str = r#"
var queries = arguments[0];
return (async function () {
  var pf = window.__pf, out = [];
  for (var q = 0; q < queries.length; q++) {
    var chars = Array.from(queries[q]), typed = '';
    for (var i = 0; i < chars.length; i++) {
      typed += chars[i];
      var t0 = performance.now();
      var r = await pf.search(typed);
      var t1 = performance.now();
      await Promise.all(r.results.slice(0, 10).map(function (x) { return x.data(); }));
      out.push([t1 - t0, performance.now() - t0]);
    }
  }
  return out;
})();
"#;

/// For each [span, source url]: where the source appears. The top 10 are always checked; all
/// results when there are at most 200.
const RECALL: &str = r#"
var spans = arguments[0];
return (async function () {
  var pf = window.__pf, out = [];
  for (var s = 0; s < spans.length; s++) {
    var r = await pf.search(spans[s][0]);
    var n = r.results.length;
    var check = n <= 200 ? n : 10;
    var urls = await Promise.all(r.results.slice(0, check).map(function (x) { return x.data().then(function (d) { return d.url; }); }));
    var at = -1;
    for (var i = 0; i < urls.length; i++) {
      if (urls[i].indexOf(spans[s][1]) >= 0) { at = i; break; }
    }
    out.push([n, check, at]);
  }
  return out;
})();
"#;

/// Drives pagefind over http: first-query bytes and latency, keystroke latency, recall.
pub fn browse(site: &Path, queries: &[String], spans: &[Span]) -> Result<()> {
    let (url, counter) = crate::counting_server::start(site)?;
    let browser = Browser::start(1280, 900)?;
    browser.set_script_timeout(Duration::from_secs(900))?;
    browser.goto(&format!("{url}index.html"))?;
    let first = queries.first().map_or("", String::as_str);
    let got = browser.eval(FIRST, json!([first]))?;
    let f = |k: &str| got[k].as_f64().unwrap_or(f64::NAN);
    let sent = counter.bytes.load(std::sync::atomic::Ordering::SeqCst);
    let requests = counter.requests.load(std::sync::atomic::Ordering::SeqCst);
    println!(
        "pagefind first query (http, fresh profile): {} sent by the server for the page, pagefind.js, \
         its wasm and index, {requests} requests; init {:.0} ms + search {:.0} ms + data of top 10 {:.0} ms; {} results",
        mb(sent as f64),
        f("init"),
        f("search"),
        f("data"),
        f("results")
    );

    let mut search = Vec::new();
    let mut with_data = Vec::new();
    // One query per call: short prefixes match most of the corpus and take long.
    for batch in queries.chunks(1) {
        let rows = browser.eval(TYPE, json!([batch]))?;
        for row in rows
            .as_array()
            .context("pagefind typing returned no list")?
        {
            search.push(row[0].as_f64().unwrap_or(f64::NAN));
            with_data.push(row[1].as_f64().unwrap_or(f64::NAN));
        }
    }
    println!(
        "pagefind per keystroke (search only, no DOM): {}",
        ms_summary(&search)
    );
    println!(
        "pagefind per keystroke (search + data of top 10): {}",
        ms_summary(&with_data)
    );

    let mut rows: Vec<Value> = Vec::new();
    for batch in spans.chunks(5) {
        let args: Vec<Value> = batch
            .iter()
            .map(|s| json!([s.text, format!("/docs/{:06}.html", s.doc)]))
            .collect();
        let got = browser.eval(RECALL, json!([args]))?;
        rows.extend(got.as_array().cloned().unwrap_or_default());
    }
    let at = |r: &Value| r[2].as_i64().unwrap_or(-1);
    let n = |r: &Value| r[0].as_u64().unwrap_or(0);
    let first_hits = rows.iter().filter(|r| at(r) == 0).count();
    let top10 = rows.iter().filter(|r| (0..10).contains(&at(r))).count();
    let found = rows.iter().filter(|r| at(r) >= 0).count();
    let none = rows.iter().filter(|r| n(r) == 0).count();
    let undecided = rows.iter().filter(|r| at(r) < 0 && n(r) > 200).count();
    println!(
        "pagefind verbatim recall: source found for {found}/{} spans (first {first_hits}, top 10 {top10}); \
         {none} spans had no result at all; {undecided} had > 200 results without the source in the top 10 (not checked further)",
        rows.len()
    );
    Ok(())
}
