//! The site in real headless Chromium, from file:// and over http (`khlang serve`): cold start,
//! bytes loaded before the first results, keystroke-to-render latency, JS heap + wasm memory.
//!
//! Timings are taken inside the page (performance.now(), relative to navigation start), never
//! from WebDriver round trips: a script injected before any of the page's own scripts (DevTools
//! `Page.addScriptToEvaluateOnNewDocument`) watches the DOM and records when things happen.

use std::time::Duration;

use anyhow::{bail, Context, Result};
use e2e::Browser;
use serde_json::{json, Value};

use crate::stats::{mb, median, ms_summary};

/// Installed before the page's scripts. Records (ms since navigation start): wasm instantiation,
/// the moment `#app` says ready, the first `#results li.hit`, and the animation frame after it;
/// keeps the wasm memory object so its size can be read later.
const PROBE: &str = r#"
(function () {
  var B = window.__bench = { marks: {} };
  function mark(k) { if (!(k in B.marks)) B.marks[k] = performance.now(); }
  if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(100000);
  var instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function () {
    mark('wasm_instantiate_start');
    return instantiate.apply(this, arguments).then(function (r) {
      mark('wasm_instantiate_end');
      var inst = r && r.instance ? r.instance : r;
      if (inst && inst.exports && inst.exports.memory) B.memory = inst.exports.memory;
      return r;
    });
  };
  var toc = null;
  Object.defineProperty(window, 'khlang_archive', {
    configurable: true,
    get: function () { return toc; },
    set: function (f) {
      toc = function (x) { mark('toc_script_run'); return f(x); };
    }
  });
  var part = null, parts = 0;
  Object.defineProperty(window, 'khlang_part', {
    configurable: true,
    get: function () { return part; },
    set: function (f) {
      part = f && function (i, p) { parts++; mark('first_part_run'); B.marks.last_part_run = performance.now(); B.parts = parts; (B.part_runs = B.part_runs || {})[i] = performance.now(); return f(i, p); };
    }
  });
  function check() {
    var app = document.getElementById('app');
    if (app) mark('app_mounted');
    if (app && app.getAttribute('data-state') === 'ready') mark('ready');
    // The search index follows the first results in the background (see app/src/backend/loader.rs).
    if (app && app.getAttribute('data-index') === 'ready') mark('index_ready');
    if (!B.marks.first_hit && document.querySelector('#results li.hit')) {
      mark('first_hit');
      requestAnimationFrame(function () { mark('first_hit_frame'); });
    }
    if (B.marks.first_hit && B.marks.index_ready) observer.disconnect();
  }
  var observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-index'] });
})();
"#;

/// Once the first results are shown, returns the marks, the resources loaded and the memory;
/// before that, null (the caller polls: one long-running call would hit WebDriver timeouts).
const COLLECT: &str = r#"
return (function () {
  var B = window.__bench;
  if (!(B && B.marks.first_hit_frame)) {
    var app = document.getElementById('app');
    if (app && app.getAttribute('data-state') === 'error') return { error: document.body.innerText };
    return null;
  }
  var nav = performance.getEntriesByType('navigation')[0];
  var res = performance.getEntriesByType('resource').map(function (e) {
    return { name: e.name, end: e.responseEnd, transfer: e.transferSize, body: e.encodedBodySize };
  });
  res.unshift({ name: location.href, end: nav ? nav.responseEnd : 0, transfer: nav ? nav.transferSize : 0, body: nav ? nav.encodedBodySize : 0 });
  // file:// loads make no resource timing entries: list what the page references instead.
  var loaded = [location.href];
  document.querySelectorAll('script[src]').forEach(function (e) { loaded.push(e.src); });
  document.querySelectorAll('link[href]').forEach(function (e) { loaded.push(e.href); });
  return {
    marks: B.marks, parts: B.parts || 0, part_runs: B.part_runs || {}, resources: res, loaded: loaded,
    wasm_memory: B.memory ? B.memory.buffer.byteLength : null
  };
})();
"#;

/// Types each query character by character into `#q`; for every keystroke returns
/// [sync handler ms, DOM-updated ms, next-frame ms, last-mutation ms or -1].
const TYPE: &str = r#"
var queries = arguments[0];
return (async function () {
  var input = document.getElementById('q');
  var app = document.getElementById('app');
  // A task posted through a MessageChannel runs after every microtask queued by the input
  // handler, i.e. after Leptos has run its effects and patched the DOM.
  function task() { return new Promise(function (r) { var c = new MessageChannel(); c.port1.onmessage = function () { r(); }; c.port2.postMessage(0); }); }
  function frame() { return new Promise(function (r) { requestAnimationFrame(function () { r(performance.now()); }); }); }
  // Resolves once the search state (data-search) is none of `states`.
  function settled(states) {
    function done() { return states.indexOf(app.getAttribute('data-search')) < 0; }
    return new Promise(function (r) {
      var o = new MutationObserver(function () { if (done()) { o.disconnect(); r(); } });
      o.observe(app, { attributes: true, attributeFilter: ['data-search'] });
      if (done()) { o.disconnect(); r(); }
    });
  }
  var lastMutation = 0;
  var mo = new MutationObserver(function () { lastMutation = performance.now(); });
  mo.observe(app, { subtree: true, childList: true, characterData: true, attributes: true });
  var out = [];
  function set(text, data) {
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, data: data, inputType: data ? 'insertText' : 'deleteContentBackward' }));
  }
  for (var q = 0; q < queries.length; q++) {
    set('', null); await task(); await frame();
    var chars = Array.from(queries[q]), typed = '';
    for (var i = 0; i < chars.length; i++) {
      typed += chars[i];
      lastMutation = 0;
      var t0 = performance.now();
      set(typed, chars[i]);
      var tSync = performance.now();
      await task();
      // A search that needs parts of the archive before it can show anything says so
      // (data-search=waiting) and answers when they have arrived: the latency runs until then.
      var waited = app.getAttribute('data-search') === 'waiting';
      if (waited) await settled(['waiting']);
      // The first screenful of hits is in the DOM now; the hits below it follow in the idle
      // time after the frame (data-search=rest, app/src/app/screenful.rs).
      var tDom = performance.now();
      // Hits shown from their cards whose snippets wait for pages of stored text
      // (data-search=snippets): the time until every snippet is in is measured apart.
      var late = app.getAttribute('data-search') === 'snippets';
      var tFrame = await frame();
      var mutated = lastMutation;
      // Every hit and every snippet in the DOM, and laid out (a real page lays them out in
      // the idle time; here the next keystroke would replace them before any layout).
      await settled(['waiting', 'snippets', 'rest']);
      var last = document.querySelector('#results li.hit:last-child');
      if (last) last.getBoundingClientRect();
      var tAll = performance.now();
      await frame();
      out.push([tSync - t0, tDom - t0, tFrame - t0, mutated ? mutated - t0 : -1, waited ? 1 : 0, tAll - t0, late ? 1 : 0]);
    }
  }
  set('', null); await task();
  mo.disconnect();
  return out;
})();
"#;

/// How the site is opened.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    File,
    Http,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::File => "file://",
            Mode::Http => "http",
        }
    }
}

/// One cold start.
pub struct ColdStart {
    pub first_results_ms: f64,
    pub ready_ms: f64,
    /// When the whole search index had loaded, so typed queries need no more parts.
    pub index_ready_ms: f64,
    pub marks: Value,
    /// Bytes on the wire (http: transferSize) or read from disk (file://) before first results.
    pub bytes_before_results: u64,
    /// The same, without app/ and index.html (the issue's "beyond the app").
    pub data_bytes_before_results: u64,
    pub resources: usize,
    pub js_heap: u64,
    pub wasm_memory: u64,
    pub last_data_loaded_ms: f64,
}

/// Opens the site in a fresh browser profile (nothing cached) and measures the cold start.
pub fn cold_start(mode: Mode, url: &str) -> Result<(Browser, ColdStart)> {
    let browser = Browser::start(1280, 900)?;
    browser.set_script_timeout(Duration::from_secs(900))?;
    browser.cdp("Page.enable", json!({}))?;
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    )?;
    browser.goto(url)?;
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    let got = loop {
        let got = browser.eval(COLLECT, json!([]))?;
        if !got.is_null() {
            break got;
        }
        if std::time::Instant::now() > deadline {
            bail!("no results within 10 minutes ({})", mode.name());
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    if let Some(e) = got.get("error") {
        bail!(
            "the site did not show results in Chromium ({}): {e}",
            mode.name()
        );
    }
    let marks = got["marks"].clone();
    let mark = |k: &str| marks[k].as_f64().unwrap_or(f64::NAN);
    let first = mark("first_hit");
    let mut bytes = 0;
    let mut data_bytes = 0;
    let mut last_data: f64 = 0.0;
    let resources = got["resources"].as_array().cloned().unwrap_or_default();
    let mut count = |name: &str, size: u64| {
        bytes += size;
        if name.contains("/data/") {
            data_bytes += size;
        }
    };
    match mode {
        Mode::Http => {
            for r in &resources {
                let end = r["end"].as_f64().unwrap_or(0.0);
                if end > first {
                    continue;
                }
                let name = r["name"].as_str().unwrap_or_default();
                count(name, r["transfer"].as_u64().unwrap_or(0));
                if name.contains("/data/") {
                    last_data = last_data.max(end);
                }
            }
        }
        // No resource timing on file://: every file the page references counts, except part
        // scripts that ran after the first results (the index loading behind them).
        Mode::File => {
            for url in got["loaded"].as_array().cloned().unwrap_or_default() {
                let name = url.as_str().unwrap_or_default();
                if let Some(part) = part_number(name) {
                    let ran = got["part_runs"][part.to_string()].as_f64();
                    if ran.is_none_or(|t| t > first) {
                        continue;
                    }
                }
                count(name, file_size(name));
            }
        }
    }
    let resources = match mode {
        Mode::Http => resources.len(),
        Mode::File => got["loaded"].as_array().map_or(0, Vec::len),
    };
    // Typed queries can run once the index has loaded: memory is measured then, and typing
    // starts then.
    let index_ready = wait_mark(&browser, "index_ready", deadline)?;
    // Heap after a full collection: what the page keeps, not garbage awaiting collection.
    browser.cdp("HeapProfiler.enable", json!({}))?;
    browser.cdp("HeapProfiler.collectGarbage", json!({}))?;
    let heap = browser.cdp("Runtime.getHeapUsage", json!({}))?;
    let wasm_memory = browser
        .eval(
            "var B = window.__bench; return B && B.memory ? B.memory.buffer.byteLength : null;",
            json!([]),
        )?
        .as_u64()
        .unwrap_or(0);
    let figures = ColdStart {
        first_results_ms: first,
        ready_ms: mark("ready"),
        index_ready_ms: index_ready,
        marks,
        bytes_before_results: bytes,
        data_bytes_before_results: data_bytes,
        resources,
        js_heap: heap["usedSize"].as_u64().unwrap_or(0),
        wasm_memory,
        last_data_loaded_ms: last_data,
    };
    Ok((browser, figures))
}

/// The number of a part script (`…/data/part-012.js` → 12).
fn part_number(url: &str) -> Option<usize> {
    let name = url.rsplit('/').next()?;
    name.strip_prefix("part-")?
        .strip_suffix(".js")?
        .parse()
        .ok()
}

/// Polls until the probe has recorded mark `name`; returns its time.
fn wait_mark(browser: &Browser, name: &str, deadline: std::time::Instant) -> Result<f64> {
    loop {
        let got = browser.eval(
            "var B = window.__bench; return B && B.marks[arguments[0]] || null;",
            json!([name]),
        )?;
        if let Some(t) = got.as_f64() {
            return Ok(t);
        }
        if std::time::Instant::now() > deadline {
            bail!("the page never reached {name}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Size on disk of a file:// URL (0 for other URLs).
fn file_size(url: &str) -> u64 {
    let Some(path) = url.strip_prefix("file://") else {
        return 0;
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    std::fs::metadata(e2e::percent_decode(path)).map_or(0, |m| m.len())
}

/// Keystroke latencies over `queries`, typed one character at a time.
pub struct Keystrokes {
    pub sync_ms: Vec<f64>,
    /// Until the first screenful of hits is in the DOM (the app renders the hits below it in
    /// the idle time after the frame: app/src/app/screenful.rs).
    pub dom_ms: Vec<f64>,
    /// Until every hit and every snippet is in (see `late_snippets`), and laid out.
    pub all_ms: Vec<f64>,
    /// Until the animation frame after the first screenful.
    pub frame_ms: Vec<f64>,
    /// Keystrokes whose DOM changed after the first screenful was measured and before the
    /// frame after it.
    pub late_mutations: usize,
    /// Keystrokes whose results needed a page of stored text loaded first.
    pub waited: usize,
    /// Whether each keystroke (in `dom_ms`'s order) waited for a page.
    pub waited_each: Vec<bool>,
    /// Keystrokes whose hits showed at once from their cards while some snippets waited for
    /// a page of stored text.
    pub late_snippets: usize,
}

/// Types `queries` into the page `browser` has open (its archive loaded), in batches so that
/// no single WebDriver call runs for long.
pub fn keystrokes(browser: &Browser, queries: &[String]) -> Result<Keystrokes> {
    let mut k = Keystrokes {
        sync_ms: Vec::new(),
        dom_ms: Vec::new(),
        all_ms: Vec::new(),
        frame_ms: Vec::new(),
        late_mutations: 0,
        waited: 0,
        waited_each: Vec::new(),
        late_snippets: 0,
    };
    for batch in queries.chunks(10) {
        let got = browser.eval(TYPE, json!([batch]))?;
        let rows = got.as_array().context("typing script returned no list")?;
        for row in rows {
            let v = |i: usize| row[i].as_f64().unwrap_or(f64::NAN);
            k.sync_ms.push(v(0));
            k.dom_ms.push(v(1));
            k.all_ms.push(v(5));
            k.late_snippets += usize::from(v(6) > 0.0);
            k.frame_ms.push(v(2));
            if v(3) > v(1) {
                k.late_mutations += 1;
            }
            k.waited_each.push(v(4) > 0.0);
            if v(4) > 0.0 {
                k.waited += 1;
            }
        }
    }
    Ok(k)
}

impl Keystrokes {
    pub fn print(&self, mode: Mode) {
        println!(
            "keystroke → results in the DOM, first screenful ({}): {}",
            mode.name(),
            ms_summary(&self.dom_ms)
        );
        println!(
            "keystroke → every hit and snippet in the DOM, laid out ({}): {} ({} keystrokes showed their hits before some snippets' page of stored text)",
            mode.name(),
            ms_summary(&self.all_ms),
            self.late_snippets
        );
        println!(
            "keystroke → next animation frame ({}): {}",
            mode.name(),
            ms_summary(&self.frame_ms)
        );
        println!(
            "  (input handler alone: {}; {} keystrokes waited for a page of stored text; DOM mutations between the first screenful and its frame: {})",
            ms_summary(&self.sync_ms),
            self.waited,
            self.late_mutations
        );
        if self.waited > 0 {
            let split = |waited: bool| -> Vec<f64> {
                self.dom_ms
                    .iter()
                    .zip(&self.waited_each)
                    .filter(|(_, w)| **w == waited)
                    .map(|(ms, _)| *ms)
                    .collect()
            };
            println!(
                "  (keystrokes that waited for a page: {}; the others: {})",
                ms_summary(&split(true)),
                ms_summary(&split(false))
            );
        }
    }
}

/// Prints the median of several cold starts and the spread.
pub fn print_cold(mode: Mode, runs: &[ColdStart]) {
    let pick = |f: &dyn Fn(&ColdStart) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
    let firsts: Vec<String> = runs
        .iter()
        .map(|r| format!("{:.0}", r.first_results_ms))
        .collect();
    println!(
        "cold start ({}): first results after {:.0} ms (median of {} runs: {} ms); app ready at {:.0} ms; whole search index loaded at {:.0} ms",
        mode.name(),
        pick(&|r| r.first_results_ms),
        runs.len(),
        firsts.join(", "),
        pick(&|r| r.ready_ms),
        pick(&|r| r.index_ready_ms)
    );
    let what = match mode {
        Mode::Http => "on the wire (transferSize, gzip as served)",
        Mode::File => "read from disk",
    };
    println!(
        "bytes before first results ({}): {} {what}; {} of it index data (data/), {} beyond data/",
        mode.name(),
        mb(pick(&|r| r.bytes_before_results as f64)),
        mb(pick(&|r| r.data_bytes_before_results as f64)),
        mb(pick(
            &|r| (r.bytes_before_results - r.data_bytes_before_results) as f64
        )),
    );
    println!(
        "memory once the index has loaded ({}): JS heap {} + wasm memory {} = {}",
        mode.name(),
        mb(pick(&|r| r.js_heap as f64)),
        mb(pick(&|r| r.wasm_memory as f64)),
        mb(pick(&|r| (r.js_heap + r.wasm_memory) as f64)),
    );
    if let Some(r) = runs.first() {
        let m = |k: &str| r.marks[k].as_f64().unwrap_or(f64::NAN);
        println!(
            "  timeline of run 1 (ms since navigation start): wasm instantiate {:.0}–{:.0}, \
             archive.js ran {:.0}, parts ran {:.0}–{:.0} ({} resources; last data/ byte {:.0}), \
             app ready {:.0}, first hit in DOM {:.0}, next frame {:.0}",
            m("wasm_instantiate_start"),
            m("wasm_instantiate_end"),
            m("toc_script_run"),
            m("first_part_run"),
            m("last_part_run"),
            r.resources,
            r.last_data_loaded_ms,
            m("ready"),
            m("first_hit"),
            m("first_hit_frame"),
        );
    }
}

/// Memory after typing: heap after GC + wasm memory (the wasm memory only grows).
pub fn memory_now(browser: &Browser) -> Result<(u64, u64)> {
    browser.cdp("HeapProfiler.collectGarbage", json!({}))?;
    let heap = browser.cdp("Runtime.getHeapUsage", json!({}))?;
    let wasm = browser
        .eval(
            "var B = window.__bench; return B && B.memory ? B.memory.buffer.byteLength : null;",
            json!([]),
        )?
        .as_u64()
        .unwrap_or(0);
    Ok((heap["usedSize"].as_u64().unwrap_or(0), wasm))
}
