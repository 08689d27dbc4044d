//! Helpers for khlang's end-to-end tests: the real `khlang` binary, a real site, real
//! headless Chromium (or Firefox) driven through the W3C WebDriver protocol (chromedriver,
//! geckodriver), and a real two-node OpenSearch cluster ([`opensearch`]).
//!
//! The WebDriver client is deliberately small (plain HTTP + JSON): the tests need navigation,
//! typing, clicking, script evaluation, screenshots and the console log, nothing more.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use base64::decode_base64;
use capabilities::{chromium_capabilities, firefox_capabilities};
use serde_json::{json, Value};

pub mod app_check;
mod base64;
mod capabilities;
pub mod devtools;
pub mod kiosk;
pub mod opensearch;
pub mod print;
pub mod wheel;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The `khlang` binary under test: $KHLANG_BIN, else target/release/khlang (scripts/build.sh).
pub fn khlang_bin() -> PathBuf {
    std::env::var_os("KHLANG_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/release/khlang"))
}

/// Decodes %XX escapes of a URL or href (invalid escapes stay as they are).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The five announcements published by Thai local governments, as plain UTF-8 text: the tests'
/// own documents (samples/, the demo folder, is made from them).
pub fn announcements() -> PathBuf {
    repo_root().join("tests/fixtures/announcements")
}

/// Copies the five announcements ([`announcements`]) into `to`, creating it.
pub fn copy_announcements(to: &Path) {
    std::fs::create_dir_all(to).expect("a folder for the announcements");
    let entries = std::fs::read_dir(announcements()).expect("the announcements are readable");
    for entry in entries.flatten() {
        let path = entry.path();
        if let (Some(name), true) = (
            path.file_name(),
            path.extension().is_some_and(|e| e == "txt"),
        ) {
            std::fs::copy(&path, to.join(name)).expect("an announcement copies");
        }
    }
}

/// Copies the folder `from` to `to`, with everything in it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder to copy into");
    for entry in std::fs::read_dir(from).expect("a folder to copy").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("a file copies");
        }
    }
}

/// Runs `khlang` with `args` and returns its output.
pub fn khlang(args: &[&str]) -> Output {
    let bin = khlang_bin();
    Command::new(&bin).args(args).output().unwrap_or_else(|e| {
        panic!(
            "cannot run {} (build it with scripts/build.sh): {e}",
            bin.display()
        )
    })
}

/// Runs `khlang search SITE QUERY --json EXTRA…` and returns the parsed JSON.
pub fn search_json(site: &Path, query: &str, extra: &[&str]) -> Value {
    let site = site.to_string_lossy();
    let mut args = vec!["search", site.as_ref(), "--json"];
    args.extend_from_slice(extra);
    // After "--" a query is a query even when it starts with "-" (a word excluded).
    args.extend(["--", query]);
    let out = khlang(&args);
    assert!(
        out.status.success(),
        "khlang search failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("khlang search --json prints JSON")
}

/// The hit paths of a `search_json` result, in order.
pub fn hit_paths(result: &Value) -> Vec<String> {
    result["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Builds `docs` into `out` with the real binary; panics with its output if it fails.
pub fn build_site(docs: &Path, out: &Path, extra: &[&str]) -> Output {
    let output = run_build(docs, out, extra);
    assert!(
        output.status.success(),
        "khlang build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `khlang build DOCS --out OUT EXTRA…` for a folder with documents that have errors (a
/// national ID, a file that cannot be read): the build exits 1, and the site is still built
/// without them.
pub fn build_site_with_errors(docs: &Path, out: &Path, extra: &[&str]) -> Output {
    let output = run_build(docs, out, extra);
    let report = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "errors give status 1:\n{report}"
    );
    assert!(
        report.contains("ต้องแก้ก่อนเผยแพร่ / errors") && out.join("index.html").is_file(),
        "the errors are reported and the site is built:\n{report}"
    );
    output
}

/// `khlang build DOCS --out OUT EXTRA…`, whatever its exit status.
fn run_build(docs: &Path, out: &Path, extra: &[&str]) -> Output {
    let docs = docs.to_string_lossy();
    let out_s = out.to_string_lossy();
    let mut args = vec!["build", docs.as_ref(), "--out", out_s.as_ref()];
    args.extend_from_slice(extra);
    khlang(&args)
}

/// Writes each (relative path, text) under `docs`, making folders as needed.
pub fn write_docs(docs: &Path, files: &[(&str, String)]) {
    for (name, text) in files {
        let path = docs.join(name);
        fs::create_dir_all(path.parent().expect("a file has a folder")).expect("folder made");
        fs::write(path, text).expect("document written");
    }
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A child process killed when dropped.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `url` answers over http.
pub fn wait_http(url: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if minreq::get(url).with_timeout(2).send().is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("{url} did not answer within 20 s")
}

/// Starts `khlang serve SITE` on a free port; returns the guard and the base URL.
pub fn serve(site: &Path) -> (Guard, String) {
    let port = free_port();
    let child = Command::new(khlang_bin())
        .args([
            "serve",
            &site.to_string_lossy(),
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("khlang serve starts");
    let guard = Guard(child);
    let url = format!("http://127.0.0.1:{port}/");
    wait_http(&url).expect("khlang serve answers");
    (guard, url)
}

/// The file:// URL of a site's index.html.
pub fn file_url(site: &Path) -> String {
    let path = site.canonicalize().expect("site exists").join("index.html");
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Which real browser a [`Browser`] drives (not to be confused with `catalog::Engine`, the
/// search engine the app runs inside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserKind {
    /// Debian's chromium through chromedriver.
    Chromium,
    /// Debian's firefox-esr through geckodriver.
    Firefox,
}

/// A headless browser session.
pub struct Browser {
    kind: BrowserKind,
    size: (u32, u32),
    base: String,
    session: String,
    _driver: Guard,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium (window `width`×`height`).
    pub fn start(width: u32, height: u32) -> Result<Browser> {
        Browser::launch(BrowserKind::Chromium, width, height)
    }

    /// Starts geckodriver and a fresh headless Firefox (window `width`×`height`).
    pub fn firefox(width: u32, height: u32) -> Result<Browser> {
        Browser::launch(BrowserKind::Firefox, width, height)
    }

    /// Starts the WebDriver server of `kind` and a fresh headless browser session.
    pub fn launch(kind: BrowserKind, width: u32, height: u32) -> Result<Browser> {
        Browser::launch_in(kind, width, height, tempfile::tempdir()?)
    }

    /// Quits the browser and starts it again on the same profile, as a kiosk PC is switched
    /// off and on: what the browser keeps (localStorage) must still be there. Chromium only
    /// (geckodriver gives every session a copy of its profile).
    pub fn restart(mut self) -> Result<Browser> {
        if self.kind != BrowserKind::Chromium {
            bail!("{:?} keeps no profile across sessions here", self.kind);
        }
        let (kind, (width, height)) = (self.kind, self.size);
        let profile = std::mem::replace(&mut self._profile, tempfile::tempdir()?);
        // Ending the session quits the browser, which writes its profile out.
        drop(self);
        Browser::launch_in(kind, width, height, profile)
    }

    fn launch_in(
        kind: BrowserKind,
        width: u32,
        height: u32,
        profile: tempfile::TempDir,
    ) -> Result<Browser> {
        let port = free_port();
        let (program, hint) = match kind {
            BrowserKind::Chromium => ("chromedriver", "chromium-driver"),
            BrowserKind::Firefox => ("geckodriver", "geckodriver"),
        };
        let driver = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!("cannot start {program} (scripts/tools.sh installs {hint})")
            })?;
        let driver = Guard(driver);
        let base = format!("http://127.0.0.1:{port}");
        wait_http(&format!("{base}/status"))?;
        let caps = match kind {
            BrowserKind::Chromium => chromium_capabilities(width, height, profile.path()),
            BrowserKind::Firefox => firefox_capabilities(),
        };
        let resp = call(
            minreq::post(format!("{base}/session")).with_body(caps.to_string()),
            90,
        )
        .map_err(|e| anyhow!("cannot start {kind:?}: {e}"))?;
        let session = resp["value"]["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("no session id in {resp}"))?
            .to_string();
        let browser = Browser {
            kind,
            size: (width, height),
            base,
            session,
            _driver: driver,
            _profile: profile,
        };
        browser.set_window(width, height)?;
        Ok(browser)
    }

    /// The browser this session drives.
    pub fn kind(&self) -> BrowserKind {
        self.kind
    }

    fn url(&self, path: &str) -> String {
        format!("{}/session/{}{}", self.base, self.session, path)
    }

    fn post(&self, path: &str, body: Value) -> Result<Value> {
        let mut resp = call(minreq::post(self.url(path)).with_body(body.to_string()), 60)
            .map_err(|e| anyhow!("POST {path}: {e}"))?;
        Ok(resp["value"].take())
    }

    fn get(&self, path: &str) -> Result<Value> {
        let mut resp =
            call(minreq::get(self.url(path)), 60).map_err(|e| anyhow!("GET {path}: {e}"))?;
        Ok(resp["value"].take())
    }

    /// Resizes the window.
    pub fn set_window(&self, width: u32, height: u32) -> Result<()> {
        self.post("/window/rect", json!({"width": width, "height": height}))?;
        Ok(())
    }

    /// Navigates to `url`.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.post("/url", json!({ "url": url }))?;
        Ok(())
    }

    /// Goes back in history.
    pub fn back(&self) -> Result<()> {
        self.post("/back", json!({}))?;
        Ok(())
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result.
    pub fn eval(&self, script: &str, args: Value) -> Result<Value> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Runs `script` asynchronously: it must call `arguments[arguments.length - 1](result)`.
    pub fn eval_async(&self, script: &str, args: Value) -> Result<Value> {
        self.post("/execute/async", json!({ "script": script, "args": args }))
    }

    /// Finds the first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<String> {
        let v = self.post("/element", json!({"using": "css selector", "value": css}))?;
        v[ELEMENT_KEY]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| anyhow!("no element {css}: {v}"))
    }

    /// Types `text` into an element, as keystrokes.
    pub fn type_into(&self, element: &str, text: &str) -> Result<()> {
        self.post(
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        )?;
        Ok(())
    }

    /// Clicks an element.
    pub fn click(&self, element: &str) -> Result<()> {
        self.post(&format!("/element/{element}/click"), json!({}))?;
        Ok(())
    }

    /// Clears an input.
    pub fn clear(&self, element: &str) -> Result<()> {
        self.post(&format!("/element/{element}/clear"), json!({}))?;
        Ok(())
    }

    /// Polls `script` until it returns `want`; returns the last value on timeout.
    pub fn wait_for(&self, script: &str, want: &Value) -> Result<Value> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let got = self.eval(script, json!([]))?;
            if &got == want || Instant::now() > deadline {
                return Ok(got);
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until the whole search index (and the dictionary, which comes with it) has
    /// loaded, so typed queries run without waiting for parts.
    pub fn wait_index(&self) -> Result<()> {
        let script = "return document.getElementById('app').getAttribute('data-index');";
        let state = self.wait_for(script, &json!("ready"))?;
        if state != json!("ready") {
            bail!("the search index did not finish loading (data-index {state})");
        }
        Ok(())
    }

    /// Waits until the search on screen is complete: its hits shown and every snippet in (hits
    /// show from their cards first; a snippet may wait for its page of stored text).
    pub fn wait_search_done(&self) -> Result<()> {
        let script = "return document.getElementById('app').getAttribute('data-search');";
        let state = self.wait_for(script, &json!("done"))?;
        if state != json!("done") {
            bail!("the search did not finish (data-search {state})");
        }
        Ok(())
    }

    /// Waits until the app has loaded its archive; fails with the page's message if it could not.
    pub fn wait_ready(&self) -> Result<()> {
        let script = "var a = document.getElementById('app'); return a ? a.getAttribute('data-state') : null;";
        let state = self.wait_for(script, &json!("ready"))?;
        if state != json!("ready") {
            let text = self.eval(
                "return document.body ? document.body.innerText : '';",
                json!([]),
            )?;
            bail!("app not ready (state {state}); page says: {text}");
        }
        Ok(())
    }

    /// The data-path of every result shown, in order.
    pub fn shown_paths(&self) -> Result<Vec<String>> {
        let v = self.eval(
            "return Array.from(document.querySelectorAll('#results li.hit')).map(e => e.getAttribute('data-path'));",
            json!([]),
        )?;
        Ok(serde_json::from_value(v)?)
    }

    /// Waits until the shown paths equal `want`; returns what is shown.
    pub fn wait_paths(&self, want: &[String]) -> Result<Vec<String>> {
        let script = "return Array.from(document.querySelectorAll('#results li.hit')).map(e => e.getAttribute('data-path'));";
        let got = self.wait_for(script, &json!(want))?;
        Ok(serde_json::from_value(got)?)
    }

    /// The handles of the browser's open windows and tabs.
    pub fn window_handles(&self) -> Result<Vec<String>> {
        Ok(serde_json::from_value(self.get("/window/handles")?)?)
    }

    /// Saves a PNG screenshot.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let b64 = self.get("/screenshot")?;
        let b64 = b64.as_str().ok_or_else(|| anyhow!("no screenshot data"))?;
        let bytes = decode_base64(b64)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        Ok(())
    }

    /// Browser console entries at SEVERE level since the last call (Chromium only: geckodriver
    /// has no log endpoint, so for Firefox this is an error).
    pub fn console_errors(&self) -> Result<Vec<String>> {
        if self.kind != BrowserKind::Chromium {
            bail!("{:?} offers no console log over WebDriver", self.kind);
        }
        let v = self.post("/se/log", json!({"type": "browser"}))?;
        Ok(v.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    .filter_map(|e| e["message"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = minreq::delete(format!("{}/session/{}", self.base, self.session))
            .with_timeout(10)
            .send();
    }
}

/// One WebDriver call: its JSON answer, or the status and body of a refusal.
fn call(request: minreq::Request, timeout_s: u64) -> Result<Value> {
    let resp = request
        .with_header("Content-Type", "application/json; charset=utf-8")
        .with_timeout(timeout_s)
        .send()?;
    let body = resp.as_str().unwrap_or_default();
    if !(200..300).contains(&resp.status_code) {
        bail!("{} {body}", resp.status_code);
    }
    Ok(serde_json::from_str(body)?)
}
