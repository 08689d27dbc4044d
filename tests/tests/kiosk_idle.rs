//! The kiosk keeps its reader (issue 29): documents open in the kiosk's own reader, reading them
//! (the wheel over the document) counts as use, a countdown with "ยังใช้งานอยู่" comes before
//! every idle reset, and the reset after it forgets everything about the last citizen. Real
//! headless Chromium (and Firefox for what it lets the page hear), a kiosk idle time of 4 s.

use std::path::Path;
use std::time::{Duration, Instant};

use e2e::kiosk::{
    click, eval, kiosk_site, type_on_screen, wait_eq, wait_long, PANEL, QUERY_VALUE, RESETS,
    SHIFT_STATE,
};
use e2e::{file_url, hit_paths, repo_root, search_json, serve, Browser, BrowserKind};
use serde_json::{json, Value};

/// The idle time the sites of these tests are built with: long enough for the scripted steps
/// between two inputs, short enough to wait for.
const IDLE: Duration = Duration::from_secs(4);
/// Ample for any state that comes after idle times (the longest: three idle times and the
/// countdown while an unheard document is open).
const AFTER_IDLE: Duration = Duration::from_secs(60);

const COUNTDOWN_SHOWN: &str = "return !!document.getElementById('idle-countdown');";
const READER_OPEN: &str = "return !!document.getElementById('reader');";
const HEARD: &str =
    "var r = document.getElementById('reader'); return r ? r.getAttribute('data-heard') : null;";

fn idle_site(tmp: &Path) -> std::path::PathBuf {
    let idle = IDLE.as_secs().to_string();
    kiosk_site(tmp, &["--kiosk", "--kiosk-idle", &idle])
}

/// Opens the result `css` in the kiosk's reader, waits until its frame has loaded and returns
/// whether the kiosk hears the document ("true" or "false").
fn open_in_reader(browser: &Browser, css: &str) -> Value {
    click(browser, css);
    wait_eq(browser, READER_OPEN, json!(true), "the reader opens");
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut heard = eval(browser, HEARD);
    while heard == json!("loading") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        heard = eval(browser, HEARD);
    }
    heard
}

const FIRST_RESULT: &str = "#results li.hit a";

/// The centre of the element `css` in the viewport.
fn centre(browser: &Browser, css: &str) -> (i64, i64) {
    let v = browser
        .eval(
            "var r = document.querySelector(arguments[0]).getBoundingClientRect(); return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];",
            json!([css]),
        )
        .unwrap();
    (v[0].as_i64().unwrap(), v[1].as_i64().unwrap())
}

#[test]
fn a_document_kept_open_and_scrolled_outlasts_the_idle_time_then_the_kiosk_resets() {
    let tmp = tempfile::tempdir().unwrap();
    let site = idle_site(tmp.path());
    // Served, so the document is of the page's origin and the kiosk can hear it being read.
    let (_server, url) = serve(&site);
    let browser = Browser::start(1920, 1080).unwrap();
    browser.goto(&url).unwrap();
    browser.wait_ready().unwrap();
    let all = hit_paths(&search_json(&site, "", &[]));
    assert_eq!(browser.wait_paths(&all).unwrap(), all);
    let heard = open_in_reader(&browser, FIRST_RESULT);
    assert_eq!(heard, json!("true"), "a served text is heard");
    assert_eq!(
        browser.window_handles().unwrap().len(),
        1,
        "no window of its own"
    );

    // The citizen reads: the wheel over the document, a little at a time, for three times
    // what an idle kiosk would wait before resetting (the idle time and the countdown).
    let (x, y) = centre(&browser, "#reader-frame");
    let reading = (IDLE + IDLE) * 3;
    let start = Instant::now();
    let mut turns = 0;
    while start.elapsed() < reading {
        let delta = if turns % 8 < 4 { 60 } else { -60 };
        browser.wheel(x, y, delta).unwrap();
        turns += 1;
        assert_eq!(
            eval(&browser, COUNTDOWN_SHOWN),
            json!(false),
            "no countdown while read"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    wait_eq(
        &browser,
        "return document.getElementById('reader-frame').contentWindow.scrollY > 0;",
        json!(true),
        "the wheel scrolled the document itself",
    );
    assert_eq!(eval(&browser, RESETS), json!("0"), "no reset while read");
    assert_eq!(
        eval(&browser, READER_OPEN),
        json!(true),
        "the document stays open"
    );

    // The citizen leaves: the countdown, then the reset, which closes the document.
    wait_long(
        &browser,
        COUNTDOWN_SHOWN,
        json!(true),
        AFTER_IDLE,
        "countdown",
    );
    wait_long(&browser, RESETS, json!("1"), AFTER_IDLE, "reset");
    wait_eq(
        &browser,
        READER_OPEN,
        json!(false),
        "the document was closed",
    );
    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// The countdown's words and seconds, and whether it is what a finger at the middle of its
/// button would touch (nothing, the document included, lies over it).
fn countdown_state(browser: &Browser) -> Value {
    eval(
        browser,
        "var b = document.getElementById('still-here'); var r = b.getBoundingClientRect(); var top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return [document.getElementById('idle-warning').textContent, b.textContent, top === b || b.contains(top)];",
    )
}

#[test]
fn an_idle_kiosk_counts_down_then_forgets_everything_about_the_last_citizen() {
    let tmp = tempfile::tempdir().unwrap();
    let site = idle_site(tmp.path());
    let browser = Browser::start(1920, 1080).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    let history_before = eval(&browser, "return history.length;");
    let all = hit_paths(&search_json(&site, "", &[]));
    assert_eq!(browser.wait_paths(&all).unwrap(), all);

    // A citizen searches, filters and opens a document.
    let word = "หาดใหญ่";
    type_on_screen(&browser, word, "ญ");
    let want = hit_paths(&search_json(&site, word, &["--year", "2563"]));
    click(
        &browser,
        "fieldset[data-facet=fiscal_year] input[value='2563']",
    );
    assert_eq!(browser.wait_paths(&want).unwrap(), want);
    let heard = open_in_reader(&browser, FIRST_RESULT);
    wait_eq(
        &browser,
        "return location.hash.includes('q=') && location.hash.includes('fiscal_year=2563');",
        json!(true),
        "the search is in the URL while in use",
    );
    // From file:// Chromium keeps the page out of the document's frame (see reader.rs).
    assert_eq!(heard, json!("false"), "Chromium, file://");
    assert_eq!(
        browser.window_handles().unwrap().len(),
        1,
        "no window of its own"
    );

    // Reading it sends the kiosk nothing: after the idle times, the countdown, over the
    // document, in Thai; "ยังใช้งานอยู่" cancels it.
    wait_long(
        &browser,
        COUNTDOWN_SHOWN,
        json!(true),
        AFTER_IDLE,
        "countdown",
    );
    let state = countdown_state(&browser);
    let warning = state[0].as_str().unwrap();
    assert!(
        warning.starts_with("ไม่มีการใช้งาน") && warning.ends_with("วินาที"),
        "{warning}"
    );
    let seconds: u64 = warning
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("seconds in {warning:?}"));
    assert!((1..=IDLE.as_secs()).contains(&seconds), "{warning}");
    assert_eq!(state[1], json!("ยังใช้งานอยู่"));
    assert_eq!(state[2], json!(true), "the button lies over everything");
    browser
        .screenshot(&repo_root().join("target/screenshots/kiosk-countdown.png"))
        .unwrap();
    click(&browser, "#still-here");
    wait_eq(&browser, COUNTDOWN_SHOWN, json!(false), "cancelled");
    assert_eq!(eval(&browser, RESETS), json!("0"));
    assert_eq!(
        eval(&browser, READER_OPEN),
        json!(true),
        "the document stays open"
    );
    assert_eq!(eval(&browser, QUERY_VALUE), json!(word), "the search stays");

    // Back to the list, into English; then the citizen leaves.
    click(&browser, "#reader-close");
    wait_eq(&browser, READER_OPEN, json!(false), "the reader closes");
    click(&browser, "#lang");
    wait_long(
        &browser,
        COUNTDOWN_SHOWN,
        json!(true),
        AFTER_IDLE,
        "countdown",
    );
    assert_eq!(countdown_state(&browser)[1], json!("I'm still here"));
    wait_long(
        &browser,
        RESETS,
        json!("1"),
        AFTER_IDLE,
        "a reset after the countdown",
    );
    wait_eq(
        &browser,
        COUNTDOWN_SHOWN,
        json!(false),
        "the countdown goes with it",
    );
    wait_eq(&browser, QUERY_VALUE, json!(""), "query cleared");
    assert_eq!(browser.wait_paths(&all).unwrap(), all, "home screen");
    let checks = [
        ("return location.hash;", json!("")),
        ("return location.href.includes('#');", json!(false)),
        ("return history.length;", history_before),
        (
            "return document.querySelectorAll('.facets input:checked').length;",
            json!(0),
        ),
        (
            "return document.documentElement.getAttribute('lang');",
            json!("th"),
        ),
        (
            "return document.getElementById('sort').value;",
            json!("relevance"),
        ),
        (PANEL, json!("search")),
        (
            "return document.getElementById('osk').getAttribute('data-layout');",
            json!("thai"),
        ),
        (SHIFT_STATE, json!("false")),
        (READER_OPEN, json!(false)),
    ];
    for (script, want) in checks {
        wait_eq(&browser, script, want, script);
    }
    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// One announcement and one PDF of the demo folder (samples/), and an HTML page whose script
/// reaches for the kiosk page, as a kiosk site.
fn text_and_pdf_site(tmp: &Path) -> std::path::PathBuf {
    let docs = tmp.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let announcement = e2e::announcements().join("000_dfee500fb0e96cd9.txt");
    let pdf = repo_root().join("samples/กองวิชาการและแผนงาน/แผนพัฒนาศูนย์ข้อมูลข่าวสาร 2563.pdf");
    std::fs::copy(&announcement, docs.join("announcement.txt")).unwrap();
    std::fs::copy(&pdf, docs.join("plan.pdf")).unwrap();
    std::fs::write(
        docs.join("page.html"),
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>ประกาศหน้าเว็บ</title></head>\
         <body><p>ประกาศเทศบาลตำบลนาแซง เรื่อง การรับฟังความคิดเห็นของประชาชน</p>\
         <script>window.parent.document.body.setAttribute('data-reached', 'yes');</script>\
         </body></html>",
    )
    .unwrap();
    let site = tmp.join("site");
    let idle = IDLE.as_secs().to_string();
    e2e::build_site(&docs, &site, &["--kiosk", "--kiosk-idle", &idle]);
    site
}

#[test]
fn what_the_kiosk_can_hear_of_a_document_per_browser_and_type() {
    let tmp = tempfile::tempdir().unwrap();
    let site = text_and_pdf_site(tmp.path());
    let (_server, served) = serve(&site);
    let local = file_url(&site);
    // (browser, address, document, heard): a PDF never, in either browser; a text always but
    // from file:// in Chromium.
    let table = [
        (BrowserKind::Chromium, &served, "announcement.txt", "true"),
        (BrowserKind::Chromium, &served, "plan.pdf", "false"),
        (BrowserKind::Chromium, &served, "page.html", "true"),
        (BrowserKind::Chromium, &local, "announcement.txt", "false"),
        (BrowserKind::Firefox, &local, "announcement.txt", "true"),
        (BrowserKind::Firefox, &local, "plan.pdf", "false"),
    ];
    for (kind, url, name, want) in table {
        let browser = Browser::launch(kind, 1920, 1080).unwrap();
        browser.goto(url).unwrap();
        browser.wait_ready().unwrap();
        let css = format!("#results li.hit[data-path='{name}'] a");
        let shown = format!("return !!document.querySelector(\"{css}\");");
        wait_eq(&browser, &shown, json!(true), &css);
        let heard = open_in_reader(&browser, &css);
        assert_eq!(heard, json!(want), "{kind:?} {url} {name}");
        // An agency's page reads in the kiosk, but its scripts never run there.
        let reached = eval(
            &browser,
            "return document.body.getAttribute('data-reached');",
        );
        assert_eq!(reached, json!(null), "{kind:?} {url} {name}: a script ran");
    }
}
