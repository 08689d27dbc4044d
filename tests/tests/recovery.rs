//! A real Rust panic in the app (provoked by the documented `?test-panic` switch, inside the real
//! search) in real headless Chromium from file://: the page reloads into the same search and says
//! so, in Thai or English, and keeps working; when the error comes straight back the archive
//! opens in its plain state, and the third time it stops reloading and asks for the staff.

use std::path::{Path, PathBuf};
use std::time::Duration;

use e2e::{build_site, file_url, hit_paths, repo_root, search_json, Browser};
use serde_json::{json, Value};

/// A query that finds documents in the samples.
const QUERY: &str = "เผยแพร่";
/// Another, typed after the recovery.
const NEXT: &str = "ศูนย์ข้อมูลข่าวสาร";

fn samples_site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    build_site(&e2e::announcements(), &site, &["--title", "คลังทดสอบ"]);
    site
}

fn screenshot_dir() -> PathBuf {
    repo_root().join("target/screenshots")
}

fn eval(browser: &Browser, script: &str) -> Value {
    browser.eval(script, json!([])).unwrap()
}

/// Puts `text` into the search box as one input event, as a paste does: the whole query reaches
/// the search at once, so the panic happens for exactly this query.
fn paste(browser: &Browser, text: &str) {
    browser
        .eval(
            "var q = document.getElementById('q'); q.value = arguments[0]; q.dispatchEvent(new Event('input', { bubbles: true }));",
            json!([text]),
        )
        .unwrap();
}

/// Marks the current page; the mark is gone once the page has been reloaded.
fn mark(browser: &Browser) {
    eval(browser, "window.khlang_test_mark = true;");
}

fn marked(browser: &Browser) -> bool {
    eval(browser, "return window.khlang_test_mark === true;") == json!(true)
}

/// Waits until the page was reloaded (the mark gone) and the app has loaded again.
fn wait_reloaded(browser: &Browser, what: &str) {
    let gone = browser
        .wait_for("return window.khlang_test_mark === true;", &json!(false))
        .unwrap();
    assert_eq!(gone, json!(false), "{what}: the page reloads");
    browser.wait_ready().unwrap();
}

/// The recovery record the panic hook keeps in sessionStorage.
fn record(browser: &Browser) -> Value {
    let text = eval(browser, "return sessionStorage.getItem('khlang-recovery');");
    serde_json::from_str(text.as_str().unwrap_or("null")).unwrap()
}

/// `#recovered`'s data-recovery and text, once it is shown.
fn notice(browser: &Browser, want: &str) -> (Value, String) {
    let kind = browser
        .wait_for(
            "var n = document.getElementById('recovered'); return n && n.getAttribute('data-recovery');",
            &json!(want),
        )
        .unwrap();
    let text = eval(
        browser,
        "var n = document.getElementById('recovered'); return n ? n.textContent : '';",
    );
    (kind, text.as_str().unwrap_or_default().to_string())
}

fn query_in_box(browser: &Browser) -> Value {
    eval(browser, "return document.getElementById('q').value;")
}

#[test]
fn a_panic_reloads_into_the_same_search_which_keeps_working() {
    let tmp = tempfile::tempdir().unwrap();
    let site = samples_site(tmp.path());
    let found = search_json(&site, QUERY, &[]);
    let want = hit_paths(&found);
    let want_total = json!(found["total"].to_string());
    assert!(!want.is_empty(), "{QUERY:?} finds documents");
    // (label, query string and fragment the visit starts with, words the notice must say)
    let cases: [(&str, &str, &[&str]); 3] = [
        ("Thai", "?test-panic", &["เกิดข้อผิดพลาดภายใน", "เริ่มใหม่", "ปิด"]),
        (
            "English",
            "?test-panic#lang=en",
            &["internal error", "restarted", "Dismiss"],
        ),
        ("kiosk", "?kiosk&test-panic", &["เกิดข้อผิดพลาดภายใน"]),
    ];
    for (label, suffix, words) in cases {
        // A fresh browser: "once" is once per browser session.
        let browser = Browser::start(1280, 900).unwrap();
        browser
            .goto(&format!("{}{suffix}", file_url(&site)))
            .unwrap();
        browser.wait_ready().unwrap();
        assert_eq!(record(&browser), Value::Null, "{label}: no recovery yet");
        mark(&browser);
        paste(&browser, QUERY);
        wait_reloaded(&browser, label);

        // The notice, the query in the box, and the same hits as `khlang search`.
        let (kind, text) = notice(&browser, "restored");
        assert_eq!(kind, json!("restored"), "{label}: notice shown");
        browser
            .screenshot(&screenshot_dir().join(format!("recovered-{label}.png")))
            .unwrap();
        for word in words {
            assert!(text.contains(word), "{label}: {word:?} in {text:?}");
        }
        assert_eq!(query_in_box(&browser), json!(QUERY), "{label}: query kept");
        let kiosk = eval(
            &browser,
            "return document.body.classList.contains('kiosk');",
        );
        assert_eq!(kiosk, json!(label == "kiosk"), "{label}: kiosk mode kept");
        assert_eq!(browser.wait_paths(&want).unwrap(), want, "{label}: hits");
        let total = browser
            .wait_for(
                "return document.getElementById('count').getAttribute('data-total');",
                &want_total,
            )
            .unwrap();
        assert_eq!(total, want_total, "{label}: total");

        // What the hook recorded, and that it logged the panic to the console.
        let rec = record(&browser);
        assert_eq!(rec["step"], json!(1), "{label}: {rec}");
        assert_eq!(
            rec["restarting"],
            json!(false),
            "{label}: ready again: {rec}"
        );
        assert!(
            rec["at"].as_f64().is_some_and(|t| t > 0.0),
            "{label}: {rec}"
        );
        let hash = eval(&browser, "return location.hash.slice(1);");
        assert_eq!(rec["fragment"], hash, "{label}: the state recorded");
        let errors = browser.console_errors().unwrap();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("panicked at") && e.contains("test-panic")),
            "{label}: the panic is in the console: {errors:?}"
        );

        // It keeps working: another query, typed key by key, follows `khlang search`.
        let input = browser.find("#q").unwrap();
        browser.clear(&input).unwrap();
        browser.type_into(&input, NEXT).unwrap();
        let next = hit_paths(&search_json(&site, NEXT, &[]));
        assert_eq!(browser.wait_paths(&next).unwrap(), next, "{label}: {NEXT}");
        mark(&browser);
        paste(&browser, QUERY);
        assert_eq!(
            browser.wait_paths(&want).unwrap(),
            want,
            "{label}: no second panic"
        );
        assert!(marked(&browser), "{label}: once means once: no reload");

        // The notice is dismissed, and the focus goes back to the search box.
        browser
            .click(&browser.find("#recovered button").unwrap())
            .unwrap();
        let gone = browser
            .wait_for(
                "return document.getElementById('recovered') === null && document.activeElement.id;",
                &json!("q"),
            )
            .unwrap();
        assert_eq!(gone, json!("q"), "{label}: dismissed");
    }
}

#[test]
fn a_panic_that_comes_back_resets_the_search_then_stops_reloading() {
    let tmp = tempfile::tempdir().unwrap();
    let site = samples_site(tmp.path());
    let all = hit_paths(&search_json(&site, "", &[]));
    let browser = Browser::start(1280, 900).unwrap();
    browser
        .goto(&format!(
            "{}?test-panic=always#sort=newest",
            file_url(&site)
        ))
        .unwrap();
    browser.wait_ready().unwrap();
    mark(&browser);
    paste(&browser, QUERY);

    // Panic → reload into the same search → the same panic → reload in the plain state.
    let (kind, text) = notice(&browser, "reset");
    assert_eq!(kind, json!("reset"), "the notice says the search was reset");
    assert!(text.contains("ล้างคำค้น"), "{text:?}");
    assert!(!marked(&browser), "the page was reloaded");
    browser.wait_ready().unwrap();
    assert_eq!(query_in_box(&browser), json!(""), "plain state: no query");
    assert_eq!(
        browser.wait_paths(&all).unwrap(),
        all,
        "plain state: all documents"
    );
    let url = eval(&browser, "return [location.hash, location.search];");
    assert_eq!(url, json!(["", "?test-panic=always"]), "fragment cleared");
    let rec = record(&browser);
    assert_eq!(rec["step"], json!(2), "{rec}");
    assert!(
        rec["fragment"].as_str().is_some_and(|f| f.contains("q=")),
        "the state that failed twice is recorded: {rec}"
    );

    // No endless reloading: the plain page stays as it is.
    mark(&browser);
    std::thread::sleep(Duration::from_secs(2));
    assert!(marked(&browser), "the plain page is not reloaded");
    assert_eq!(browser.shown_paths().unwrap(), all, "still all documents");

    // The third time in a row (within the loop window of the restart) it stops reloading and
    // asks the person to reopen the page or tell the staff.
    let since_ready = eval(
        &browser,
        "return Date.now() - JSON.parse(sessionStorage.getItem('khlang-recovery')).ready_at;",
    );
    assert!(
        since_ready.as_f64().is_some_and(|ms| ms < 9000.0),
        "the test must search again within the loop window: {since_ready}"
    );
    let input = browser.find("#q").unwrap();
    browser.type_into(&input, "ข").unwrap();
    let stopped = browser
        .wait_for(
            "var c = document.getElementById('crash'); return c && c.getAttribute('data-recovery');",
            &json!("stopped"),
        )
        .unwrap();
    assert_eq!(stopped, json!("stopped"));
    let crash = eval(
        &browser,
        "var c = document.getElementById('crash'); return [c.getAttribute('role'), c.textContent, document.getElementById('app').hasAttribute('inert')];",
    );
    assert_eq!(crash[0], json!("alert"), "{crash}");
    let message = crash[1].as_str().unwrap_or_default();
    assert!(
        message.contains("โปรดปิดหน้านี้แล้วเปิดใหม่") && message.contains("แจ้งเจ้าหน้าที่"),
        "{message}"
    );
    assert_eq!(crash[2], json!(true), "the dead app is inert: {crash}");
    browser
        .screenshot(&screenshot_dir().join("recovery-stopped.png"))
        .unwrap();
    std::thread::sleep(Duration::from_secs(2));
    assert!(marked(&browser), "stopped: no reload");
    assert_eq!(record(&browser)["step"], json!(3));
}
