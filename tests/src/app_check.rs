//! The app's core checks — typing, facets, the address, Back, links, hostile text, a scripted
//! session of twenty queries — against `khlang search` on the same site, for whichever way the
//! app is served: a built site (file:// or http, [`check_site`]) or a khlang server in server
//! mode ([`check_server`], issue 28: `khlang serve --opensearch` over a cluster that holds
//! [`demo_site`]'s documents).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::{build_site, hit_paths, percent_decode, search_json, Browser, BrowserKind};

/// Builds the demo documents plus one hostile document into a fresh site under `tmp`.
pub fn demo_site(tmp: &Path) -> PathBuf {
    let docs = tmp.join("docs");
    crate::copy_announcements(&docs);
    fs::write(
        docs.join("xss.txt"),
        "ประกาศทดสอบความปลอดภัย\n\nข้อความ <script>alert(1)</script> และ <img src=x onerror=alert(1)> ต้องแสดงเป็นตัวอักษร\n",
    )
    .expect("the hostile document is written");
    let site = tmp.join("site");
    build_site(&docs, &site, &["--title", "คลังทดสอบ"]);
    site
}

/// The app of a built site at `url` (its index.html, by file:// or http) answers as
/// `khlang search` on `site` does, from the archive in the browser: it loaded the archive's
/// parts and asked no server.
pub fn check_site(browser: &Browser, url: &str, site: &Path, label: &str) {
    let requested = check_app(browser, url, site, label, Order::Same);
    assert!(
        archive_parts_loaded(browser) > 0,
        "{label}: the archive's parts were loaded"
    );
    assert!(
        !requested.iter().any(|r| r.contains("/api/")),
        "{label}: no server was asked: {requested:?}"
    );
}

/// The app a khlang server sends at `url` (its `/`) answers as `khlang search` on `site` does,
/// through the server's `api/search`: it asked the server, loaded no archive part, and its trust
/// line says where the answers come from. The server must search `site`'s documents (the
/// archive published into its cluster) and serve every result's link.
pub fn check_server(browser: &Browser, url: &str, site: &Path, label: &str) {
    let requested = check_app(browser, url, site, label, Order::AnyOrder);
    assert!(
        requested.iter().any(|r| r.ends_with("/api/search")),
        "{label}: the server was asked: {requested:?}"
    );
    assert_eq!(
        archive_parts_loaded(browser),
        0,
        "{label}: no archive part was loaded"
    );
    let trust = browser
        .eval(
            "return document.getElementById('trust').getAttribute('data-trust');",
            json!([]),
        )
        .unwrap();
    assert_eq!(trust, json!("server"), "{label}: trust line");
}

/// How results are compared with `khlang search`: in the same order when the app searches the
/// archive itself (one engine, one ranking), as the same set when a cluster ranks them (the
/// same documents match, but OpenSearch scores with statistics of its own, per shard).
#[derive(Clone, Copy)]
enum Order {
    Same,
    AnyOrder,
}

impl Order {
    /// `paths` as this order compares them.
    fn of(self, mut paths: Vec<String>) -> Vec<String> {
        if let Order::AnyOrder = self {
            paths.sort();
        }
        paths
    }

    /// Waits until the page shows `want` (as [`Order::of`] gives it); what it shows.
    fn wait(self, browser: &Browser, want: &[String]) -> Vec<String> {
        match self {
            Order::Same => browser.wait_paths(want).unwrap(),
            Order::AnyOrder => {
                // JavaScript sorts by UTF-16 units, which for Thai and ASCII is Rust's order.
                let script = "return Array.from(document.querySelectorAll('#results li.hit')).map(e => e.getAttribute('data-path')).sort();";
                serde_json::from_value(browser.wait_for(script, &json!(want)).unwrap()).unwrap()
            }
        }
    }
}

/// How many archive parts the page has loaded (each a `<script data-khlang-part>`, see the
/// app's backend/loader.rs; from file:// the browser lists no resource timing for them).
fn archive_parts_loaded(browser: &Browser) -> u64 {
    browser
        .eval(
            "return document.querySelectorAll('script[data-khlang-part]').length;",
            json!([]),
        )
        .unwrap()
        .as_u64()
        .unwrap_or_default()
}

/// Whether `href` (absolute) opens a document: a file that exists, or a 200 over http.
fn opens(href: &str) -> bool {
    match href.strip_prefix("file://") {
        Some(path) => Path::new(&percent_decode(path)).is_file(),
        None => minreq::get(href)
            .with_timeout(10)
            .send()
            .is_ok_and(|r| r.status_code == 200 && !r.as_bytes().is_empty()),
    }
}

/// Types `query` one character at a time; after each, the browser must show what
/// `khlang search` returns for the text typed so far.
fn type_and_compare(browser: &Browser, site: &Path, query: &str, order: Order) {
    let input = browser.find("#q").unwrap();
    browser.clear(&input).unwrap();
    let mut typed = String::new();
    for c in query.chars() {
        typed.push(c);
        browser.type_into(&input, &c.to_string()).unwrap();
        let want = order.of(hit_paths(&search_json(site, &typed, &[])));
        let shown = order.wait(browser, &want);
        assert_eq!(shown, want, "after typing {typed:?}");
    }
}

/// The checks every mode shares; returns the addresses the page requested.
fn check_app(browser: &Browser, url: &str, site: &Path, label: &str, order: Order) -> Vec<String> {
    browser.goto(url).unwrap();
    browser.wait_ready().unwrap();

    // Browsing: the empty query lists everything, newest first.
    let all = search_json(site, "", &[]);
    assert_eq!(
        order.wait(browser, &order.of(hit_paths(&all))),
        order.of(hit_paths(&all)),
        "{label}: browse"
    );

    type_and_compare(browser, site, "เผยแพร่ข้อมูล", order);
    type_and_compare(browser, site, "ศูนย์ข้อมูลข่าวสาร 2563", order);

    // A facet click gives what `khlang search --year` gives, with the same counts.
    let year = "2563";
    let want = search_json(site, "ศูนย์ข้อมูลข่าวสาร 2563", &["--year", year]);
    let checkbox = browser
        .find(&format!(
            "fieldset[data-facet=fiscal_year] input[value='{year}']"
        ))
        .unwrap();
    browser.click(&checkbox).unwrap();
    assert_eq!(
        order.wait(browser, &order.of(hit_paths(&want))),
        order.of(hit_paths(&want)),
        "{label}: facet"
    );
    let total = browser
        .wait_for(
            "return document.getElementById('count').getAttribute('data-total');",
            &json!(want["total"].to_string()),
        )
        .unwrap();
    assert_eq!(
        total,
        json!(want["total"].to_string()),
        "{label}: total after facet"
    );
    let counts = browser
        .eval(
            "var o = {}; document.querySelectorAll('fieldset[data-facet=fiscal_year] input').forEach(function (i) { o[i.value] = Number(i.getAttribute('data-count')); }); return o;",
            json!([]),
        )
        .unwrap();
    assert_eq!(
        counts, want["facets"]["fiscal_year"],
        "{label}: year counts"
    );
    assert!(
        browser
            .eval("return location.hash;", json!([]))
            .unwrap()
            .as_str()
            .unwrap()
            .contains("fiscal_year=2563"),
        "{label}: state in the URL"
    );

    // Back restores the state before the click.
    browser.back().unwrap();
    let before = search_json(site, "ศูนย์ข้อมูลข่าวสาร 2563", &[]);
    assert_eq!(
        order.wait(browser, &order.of(hit_paths(&before))),
        order.of(hit_paths(&before)),
        "{label}: back"
    );
    let checked = browser
        .eval(&format!("return document.querySelector(\"fieldset[data-facet=fiscal_year] input[value='{year}']\").checked;"), json!([]))
        .unwrap();
    assert_eq!(checked, json!(false), "{label}: back unchecks the year");

    // Every result link opens its document: a file of the site from file://, an answer over http.
    let hrefs = browser
        .eval(
            "return Array.from(document.querySelectorAll('#results a')).map(a => a.href);",
            json!([]),
        )
        .unwrap();
    let hrefs: Vec<String> = serde_json::from_value(hrefs).unwrap();
    assert!(!hrefs.is_empty(), "{label}: links");
    for href in hrefs {
        assert!(opens(&href), "{label}: link {href} opens");
    }

    // Document text is shown as text, never as markup.
    let input = browser.find("#q").unwrap();
    browser.clear(&input).unwrap();
    browser.type_into(&input, "alert").unwrap();
    browser.wait_paths(&["xss.txt".to_string()]).unwrap();
    browser.wait_search_done().unwrap();
    let snippet = browser
        .eval(
            "return document.querySelector('#results li.hit .hit-snippet').textContent;",
            json!([]),
        )
        .unwrap();
    let snippet = snippet.as_str().unwrap_or_default().to_string();
    assert!(
        snippet.contains("<script>alert(1)</script>"),
        "{label}: script shown as text: {snippet}"
    );
    let injected = browser
        .eval(
            "return document.querySelectorAll('#results img, #results script').length;",
            json!([]),
        )
        .unwrap();
    assert_eq!(injected, json!(0), "{label}: no element injected");

    scripted_session(browser, site, label, order);

    // Nothing was requested from outside the site, and nothing went wrong in the console.
    let resources = browser
        .eval(
            "return performance.getEntriesByType('resource').map(e => e.name);",
            json!([]),
        )
        .unwrap();
    let page = browser
        .eval("return location.href.split('#')[0];", json!([]))
        .unwrap();
    let base = page
        .as_str()
        .unwrap()
        .trim_end_matches("index.html")
        .to_string();
    for r in resources.as_array().unwrap() {
        let r = r.as_str().unwrap();
        assert!(
            r.starts_with(&base),
            "{label}: request {r} stays inside {base}"
        );
    }
    // geckodriver has no console log; in Firefox an uncaught error would show as a failed
    // comparison above or as data-state=error, which wait_ready and wait_paths catch.
    if browser.kind() == BrowserKind::Chromium {
        let errors = browser.console_errors().unwrap();
        assert!(errors.is_empty(), "{label}: console errors: {errors:?}");
    }
    serde_json::from_value(resources).unwrap()
}

/// The facets on screen, each as {value: the count its row shows}; a row's `data-count` must
/// agree with the number a person reads, or it is reported as `null`.
const FACET_COUNTS_ON_SCREEN: &str = "var o = {}; document.querySelectorAll('fieldset[data-facet]').forEach(function (f) { var c = {}; f.querySelectorAll('li').forEach(function (li) { var i = li.querySelector('input'), n = li.querySelector('.facet-count').textContent; c[i.value] = i.getAttribute('data-count') === n ? Number(n) : null; }); o[f.getAttribute('data-facet')] = c; }); return o;";

/// What [`FACET_COUNTS_ON_SCREEN`] should give for `answer` (a `khlang search --json` result):
/// its counts for the facets the app shows (with nothing selected and no facet folded).
fn facets_on_screen_of(browser: &Browser, answer: &Value) -> Value {
    let shown = browser
        .eval(
            "return Array.from(document.querySelectorAll('fieldset[data-facet]')).map(f => f.getAttribute('data-facet'));",
            json!([]),
        )
        .unwrap();
    let mut want = serde_json::Map::new();
    for kind in shown.as_array().unwrap() {
        let kind = kind.as_str().unwrap();
        want.insert(kind.to_string(), answer["facets"][kind].clone());
    }
    Value::Object(want)
}

/// Twenty queries of the kinds people type — whole Thai words, fragments shorter than a word,
/// digits in both scripts, English, a phrase, an exclusion, nothing found — each compared with
/// `khlang search`, with facet values switched on and off between them.
fn scripted_session(browser: &Browser, site: &Path, label: &str, order: Order) {
    const QUERIES: [&str; 20] = [
        "ประกาศ",
        "เทศบาล",
        "ข้อมูล",
        "ข่าวสาร",
        "เผย",
        "ศูนย์",
        "หาดใหญ่",
        "นครสวรรค์",
        "โคกทราย",
        "ปีงบประมาณ",
        "2563",
        "๒๕๖๓",
        "มาตรา ๙",
        "\"เผยแพร่ข้อมูลต่อสาธารณะ\"",
        "เผยแพร่ -นครสวรรค์",
        "เว็บไซต์",
        "alert",
        "ทุจริต",
        "ไม่มีคำนี้ในคลังแน่นอน",
        "",
    ];
    let input = browser.find("#q").unwrap();
    for (i, query) in QUERIES.iter().enumerate() {
        browser.clear(&input).unwrap();
        if !query.is_empty() {
            browser.type_into(&input, query).unwrap();
        }
        let answer = search_json(site, query, &[]);
        let want = order.of(hit_paths(&answer));
        assert_eq!(
            order.wait(browser, &want),
            want,
            "{label}: scripted query {query:?}"
        );
        // Rows stay on screen from one query to the next with their counts updated in place:
        // every count shown is the one `khlang search` gives now.
        let want = facets_on_screen_of(browser, &answer);
        assert_eq!(
            browser.wait_for(FACET_COUNTS_ON_SCREEN, &want).unwrap(),
            want,
            "{label}: facet counts for {query:?}"
        );
        // Every fourth query, switch the first category value on, compare, and off again.
        if i % 4 == 3 {
            let value = browser
                .eval(
                    "var i = document.querySelector('fieldset[data-facet=category] input'); return i ? i.value : null;",
                    json!([]),
                )
                .unwrap();
            let Some(value) = value.as_str().map(str::to_string) else {
                continue;
            };
            let selector = format!("fieldset[data-facet=category] input[value='{value}']");
            browser.click(&browser.find(&selector).unwrap()).unwrap();
            let want = order.of(hit_paths(&search_json(
                site,
                query,
                &["--category", &value],
            )));
            assert_eq!(
                order.wait(browser, &want),
                want,
                "{label}: {query:?} in category {value}"
            );
            browser.click(&browser.find(&selector).unwrap()).unwrap();
        }
    }
}
