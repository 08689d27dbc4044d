//! WCAG 2.1 AA, checked by axe-core (the engine behind Lighthouse's accessibility audit) in real
//! headless Chromium, in every state a visitor meets: browsing, a query with hits, a facet
//! chosen, no hits, English, a phone, the keyboard alone, and at a kiosk its document reader,
//! the countdown before an idle reset and the staff screen without a PIN.
//!
//! axe-core comes from the npm registry into target/tools (scripts/tools.sh), and is injected
//! through WebDriver, so the site itself carries no test code.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use e2e::kiosk::{click, kiosk_site, wait_eq, wait_long};
use e2e::{build_site, file_url, hit_paths, repo_root, search_json, Browser};
use serde_json::{json, Value};

fn demo_site(tmp: &Path) -> PathBuf {
    let docs = tmp.join("docs");
    e2e::copy_announcements(&docs);
    let site = tmp.join("site");
    build_site(&docs, &site, &["--title", "คลังทดสอบ"]);
    site
}

fn axe_source() -> String {
    let path = repo_root().join("target/tools/node_modules/axe-core/axe.min.js");
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}); scripts/tools.sh installs axe-core from the npm registry",
            path.display()
        )
    })
}

/// Runs axe with the WCAG 2.0/2.1 A and AA rules; returns "rule: target — summary" per node.
fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    let script = format!(
        "{axe}\n;var done = arguments[arguments.length - 1];\
         axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }} }})\
           .then(function (r) {{ done(r.violations.map(function (v) {{\
             return v.nodes.map(function (n) {{ return v.id + ': ' + n.target.join(' ') + ' — ' + (n.failureSummary || v.help); }});\
           }}).reduce(function (a, b) {{ return a.concat(b); }}, [])); }},\
           function (e) {{ done(['axe failed: ' + e]); }});"
    );
    let found = browser.eval_async(&script, json!([])).unwrap();
    serde_json::from_value(found).unwrap()
}

fn wait_shows(browser: &Browser, site: &Path, query: &str, extra: &[&str]) {
    let want = hit_paths(&search_json(site, query, extra));
    assert_eq!(browser.wait_paths(&want).unwrap(), want, "{query:?}");
}

/// A state the audit visits: its name, the window, the URL's query and fragment, and the query
/// and filters the page must show before the audit.
type State = (
    &'static str,
    (u32, u32),
    &'static str,
    &'static str,
    &'static [&'static str],
);

#[test]
fn every_state_passes_wcag_2_1_aa() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let axe = axe_source();
    let url = file_url(&site);
    let year_hash = "#q=%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5&fiscal_year=2563";
    let states: [State; 6] = [
        ("browse", (1280, 900), "", "", &[]),
        (
            "query with a year chosen",
            (1280, 900),
            year_hash,
            "ข้อมูล",
            &["--year", "2563"],
        ),
        ("no hits", (1280, 900), "#q=zzzzqqq", "zzzzqqq", &[]),
        ("English", (1280, 900), "#q=&lang=en", "", &[]),
        ("phone", (390, 844), year_hash, "ข้อมูล", &["--year", "2563"]),
        // The restored search panics once (app/src/recovery.rs): the page reloads with a notice.
        (
            "after an internal error",
            (1280, 900),
            "?test-panic#q=%E0%B8%82%E0%B9%89%E0%B8%AD%E0%B8%A1%E0%B8%B9%E0%B8%A5",
            "ข้อมูล",
            &[],
        ),
    ];
    let mut failures = Vec::new();
    for (label, (w, h), fragment, query, extra) in states {
        let browser = Browser::start(w, h).unwrap();
        browser.goto(&format!("{url}{fragment}")).unwrap();
        browser.wait_ready().unwrap();
        wait_shows(&browser, &site, query, extra);
        if fragment.starts_with("?test-panic") {
            let shown = browser
                .wait_for(
                    "return document.getElementById('recovered') !== null;",
                    &json!(true),
                )
                .unwrap();
            assert_eq!(shown, json!(true), "{label}: the notice is shown");
        }
        for v in violations(&browser, &axe) {
            failures.push(format!("{label}: {v}"));
        }
        // The audit must be able to fail: take the search box's label away and axe must see it.
        if label == "browse" {
            browser
                .eval(
                    "document.querySelector('label[for=q]').remove(); document.getElementById('q').removeAttribute('placeholder');",
                    json!([]),
                )
                .unwrap();
            let broken = violations(&browser, &axe);
            assert!(
                broken.iter().any(|v| v.starts_with("label: #q")),
                "axe reports the unlabelled search box: {broken:?}"
            );
        }
    }
    assert!(
        failures.is_empty(),
        "WCAG 2.1 AA violations:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_keyboard_alone_reaches_search_filters_and_results_with_visible_focus() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let browser = Browser::start(1280, 900).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    wait_shows(&browser, &site, "", &[]);

    // Tab through the page from the top, as a keyboard user does, recording what gets focus and
    // whether the focus is drawn (an outline or a box-shadow that differs from the unfocused look).
    let script = r#"
        var seen = [];
        document.activeElement && document.activeElement.blur();
        var order = Array.from(document.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), select, [tabindex]:not([tabindex="-1"]), summary'))
            .filter(function (e) { return e.offsetParent !== null; });
        order.forEach(function (e) {
            e.focus({ focusVisible: true });
            var s = getComputedStyle(e);
            var drawn = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
            seen.push({ id: e.id || e.tagName.toLowerCase() + (e.closest('[data-facet]') ? '[' + e.closest('[data-facet]').getAttribute('data-facet') + ']' : ''),
                        focused: document.activeElement === e, drawn: drawn });
        });
        return seen;
    "#;
    let seen = browser.eval(script, json!([])).unwrap();
    let seen: Vec<Value> = serde_json::from_value(seen).unwrap();
    let ids: Vec<&str> = seen.iter().filter_map(|e| e["id"].as_str()).collect();
    for want in ["q", "sort", "input[fiscal_year]", "input[category]", "a"] {
        assert!(
            ids.contains(&want),
            "{want} is reachable by keyboard: {ids:?}"
        );
    }
    for e in &seen {
        assert_eq!(e["focused"], json!(true), "takes focus: {e}");
        assert_eq!(e["drawn"], json!(true), "focus is visible: {e}");
    }

    // Typing and Enter in the search box, with no mouse, searches.
    let input = browser.find("#q").unwrap();
    browser.type_into(&input, "เผยแพร่\u{E007}").unwrap();
    wait_shows(&browser, &site, "เผยแพร่", &[]);
    // The number of hits is announced to screen readers.
    let live = browser
        .eval(
            "var c = document.getElementById('count'); return [c.getAttribute('aria-live') || (c.closest('[aria-live]') && c.closest('[aria-live]').getAttribute('aria-live')), c.textContent];",
            json!([]),
        )
        .unwrap();
    assert_eq!(
        live[0],
        json!("polite"),
        "hit count is a live region: {live}"
    );
    assert!(
        live[1].as_str().is_some_and(|t| !t.is_empty()),
        "hit count says something: {live}"
    );
}

#[test]
fn the_kiosks_reader_countdown_and_staff_screen_without_a_pin_pass_wcag_2_1_aa() {
    let tmp = tempfile::tempdir().unwrap();
    // An idle time long enough to audit a screen before the countdown comes over it.
    let site = kiosk_site(tmp.path(), &["--kiosk", "--kiosk-idle", "8"]);
    let axe = axe_source();
    let browser = Browser::start(1920, 1080).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    wait_shows(&browser, &site, "", &[]);
    let mut failures = Vec::new();
    let mut audit = |label: &str| {
        for v in violations(&browser, &axe) {
            failures.push(format!("{label}: {v}"));
        }
    };

    click(&browser, "#staff-open");
    wait_eq(
        &browser,
        "return !!document.getElementById('stats');",
        json!(true),
        "staff screen",
    );
    audit("staff screen without a PIN");
    click(&browser, "#staff-close");
    click(&browser, "#results li.hit a");
    wait_eq(
        &browser,
        "var r = document.getElementById('reader'); return !!r && r.getAttribute('data-heard') !== 'loading';",
        json!(true),
        "reader",
    );
    audit("document reader");
    wait_long(
        &browser,
        "return !!document.getElementById('idle-countdown');",
        json!(true),
        Duration::from_secs(60),
        "countdown",
    );
    audit("countdown over the reader");
    assert!(
        failures.is_empty(),
        "WCAG 2.1 AA violations:\n{}",
        failures.join("\n")
    );
}
