//! Information-centre kiosk mode (issue #8) in real headless Chromium, from file://: the
//! on-screen keyboard, the usage statistics with their CSV export and the survey (with a PIN
//! and without), and that nothing leaves the site. The idle reset and the document reader:
//! tests/tests/kiosk_idle.rs.

use std::fs;

use e2e::kiosk::{
    browser_day, click, eval, exported_csv, keep_blobs, kiosk_site, type_on_screen, wait_eq, PANEL,
    QUERY_VALUE, RESETS,
};
use e2e::{file_url, hit_paths, repo_root, search_json, Browser};
use serde_json::json;

/// The characters of each keyboard row, as shown.
fn rows(browser: &Browser) -> Vec<String> {
    let v = eval(
        browser,
        "return Array.from(document.querySelectorAll('#osk .osk-row')).map(r => Array.from(r.querySelectorAll('.osk-key[data-char]')).map(b => b.getAttribute('data-char')).join('')).filter(r => r.length > 0);",
    );
    serde_json::from_value(v).unwrap()
}

#[test]
fn the_on_screen_keyboard_types_thai_with_a_tone_mark_and_shift() {
    let tmp = tempfile::tempdir().unwrap();
    let site = kiosk_site(tmp.path(), &["--kiosk", "--kiosk-idle", "600"]);
    let browser = Browser::start(1920, 1080).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    wait_eq(
        &browser,
        "return document.getElementById('kiosk').getAttribute('data-active');",
        json!("true"),
        "a --kiosk build starts in kiosk mode",
    );

    // Kedmanee (TIS 820-2538), both layers, row by row.
    let unshifted = ["ๅ/-ภถุึคตจขช", "ๆไำพะัีรนยบลฃ", "ฟหกดเ้่าสวง", "ผปแอิืทมใฝ"];
    let shifted = ["+๑๒๓๔ู฿๕๖๗๘๙", "๐\"ฎฑธํ๊ณฯญฐ,ฅ", "ฤฆฏโฌ็๋ษศซ.", "()ฉฮฺ์?ฒฬฦ"];
    assert_eq!(rows(&browser), unshifted);
    // Tone marks and vowel marks are named for screen readers.
    for (mark, name) in [("\u{0E48}", "ไม้เอก"), ("\u{0E31}", "ไม้หันอากาศ"), ("ก", "ก")]
    {
        let label = browser
            .eval(
                "return document.querySelector('#osk .osk-key[data-char=\"' + arguments[0] + '\"]').getAttribute('aria-label');",
                json!([mark]),
            )
            .unwrap();
        assert_eq!(label, json!(name), "{mark}");
    }
    click(&browser, "#osk-shift");
    assert_eq!(rows(&browser), shifted);
    click(&browser, "#osk-shift");
    assert_eq!(rows(&browser), unshifted);

    // หาดใหญ่: ญ needs shift, ่ (ไม้เอก, a tone mark) is unshifted.
    let word = "หาดใหญ่";
    let want = hit_paths(&search_json(&site, word, &[]));
    assert_eq!(want.len(), 1, "{word} is in one sample: {want:?}");
    assert!(want[0].starts_with("000_"), "{want:?}");
    type_on_screen(&browser, word, "ญ");
    wait_eq(&browser, QUERY_VALUE, json!(word), "typed into #q");
    assert_eq!(browser.wait_paths(&want).unwrap(), want);
    let shot = repo_root().join("target/screenshots/kiosk-1920x1080.png");
    browser.screenshot(&shot).unwrap();

    // Backspace takes the tone mark back; typing it again finds the document again.
    click(&browser, "#osk-backspace");
    wait_eq(&browser, QUERY_VALUE, json!("หาดใหญ"), "backspace");
    type_on_screen(&browser, "่", "");
    assert_eq!(browser.wait_paths(&want).unwrap(), want);

    // English: shift gives capitals; clear empties the box and lists everything again.
    click(&browser, "#osk-clear");
    wait_eq(&browser, QUERY_VALUE, json!(""), "clear");
    click(&browser, "#osk-layout");
    assert_eq!(rows(&browser)[1], "qwertyuiop");
    type_on_screen(&browser, "Ab", "A");
    wait_eq(&browser, QUERY_VALUE, json!("Ab"), "English with shift");
    let all = hit_paths(&search_json(&site, "", &[]));
    click(&browser, "#osk-clear");
    assert_eq!(browser.wait_paths(&all).unwrap(), all);

    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// Whether `digits` appear in `page` other than inside a long hexadecimal run. The salted PIN
/// hash and its salt are random hex, and four given digits turn up inside them in about one
/// build of a few hundred: that is not the PIN stored in clear.
fn shows_digits_outside_hex(page: &str, digits: &str) -> bool {
    let bytes = page.as_bytes();
    page.match_indices(digits).any(|(at, _)| {
        let start = bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_hexdigit())
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii_hexdigit())
            .map_or(bytes.len(), |i| at + i);
        end - start < 16
    })
}

#[test]
fn staff_export_the_sessions_statistics_and_survey_as_csv_and_nothing_leaves_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let site = kiosk_site(
        tmp.path(),
        &["--kiosk", "--kiosk-idle", "600", "--kiosk-pin", "2563"],
    );
    let page = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        page.contains("khlang-settings") && !shows_digits_outside_hex(&page, "2563"),
        "the PIN is stored hashed only"
    );
    let browser = Browser::start(1920, 1080).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    keep_blobs(&browser);
    let day = browser_day(&browser);

    // A search that finds one document, which the citizen opens.
    let word = "หาดใหญ่";
    type_on_screen(&browser, word, "ญ");
    let found = hit_paths(&search_json(&site, word, &[]));
    assert_eq!(browser.wait_paths(&found).unwrap(), found);
    click(&browser, "#results li.hit a");
    wait_eq(
        &browser,
        "return !!document.getElementById('reader');",
        json!(true),
        "the document opens in the kiosk's reader",
    );
    click(&browser, "#reader-close");
    // A search that finds nothing.
    click(&browser, "#osk-clear");
    click(&browser, "#osk-layout");
    let nothing = "zqxj";
    assert_eq!(search_json(&site, nothing, &[])["total"], json!(0));
    type_on_screen(&browser, nothing, "");
    wait_eq(
        &browser,
        "return document.getElementById('count').getAttribute('data-total');",
        json!("0"),
        "nothing found",
    );
    // Finished: the survey, rated 4 with a comment typed on the on-screen keyboard.
    click(&browser, "#finish");
    wait_eq(&browser, PANEL, json!("survey"), "the survey is offered");
    click(&browser, "#survey input[value='4']");
    click(&browser, "#osk-layout");
    let comment = "ดีมาก";
    type_on_screen(&browser, comment, "");
    wait_eq(
        &browser,
        "return document.getElementById('survey-comment').value;",
        json!(comment),
        "the keyboard types the comment while the survey is open",
    );
    browser
        .screenshot(&repo_root().join("target/screenshots/kiosk-survey.png"))
        .unwrap();
    click(&browser, "#survey-submit");
    wait_eq(
        &browser,
        RESETS,
        json!("1"),
        "sending the survey resets the kiosk",
    );
    wait_eq(&browser, QUERY_VALUE, json!(""), "query cleared");

    // Staff: a wrong PIN shows nothing, the right one the statistics.
    click(&browser, "#staff-open");
    for digit in "1111".chars() {
        click(&browser, &format!("#staff .pin-key[data-digit='{digit}']"));
    }
    click(&browser, "#staff-enter");
    wait_eq(
        &browser,
        "return !!document.getElementById('staff-error') && !document.getElementById('stats');",
        json!(true),
        "wrong PIN refused",
    );
    for digit in "2563".chars() {
        click(&browser, &format!("#staff .pin-key[data-digit='{digit}']"));
    }
    click(&browser, "#staff-enter");
    wait_eq(
        &browser,
        "return document.getElementById('staff').getAttribute('data-unlocked');",
        json!("true"),
        "right PIN accepted",
    );
    browser
        .screenshot(&repo_root().join("target/screenshots/kiosk-staff.png"))
        .unwrap();
    let download = eval(
        &browser,
        "var a = document.getElementById('export-csv'); return [a.href.slice(0, 5), a.getAttribute('download')];",
    );
    assert_eq!(download[0], json!("blob:"));
    assert!(download[1].as_str().unwrap().ends_with(".csv"));

    let bytes = exported_csv(&browser);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("วันที่ date,"), "{csv}");
    let document = &found[0];
    for want in [
        format!("{day},documents_opened,,1,,"),
        format!("{day},query,{word},1,,"),
        format!("{day},query,{nothing},1,,"),
        format!("{day},zero_result_query,{nothing},1,,"),
        format!("{day},document,{document},1,,"),
        format!("{day},survey,,,4,{comment}"),
    ] {
        assert!(lines.contains(&want.as_str()), "{want:?} in\n{csv}");
    }
    // A pause while typing may count a part of a word as a search of its own; the totals must
    // still agree with the queries listed and with the staff screen.
    let count = |record: &str| -> u64 {
        lines
            .iter()
            .filter_map(|l| l.strip_prefix(&format!("{day},{record},")))
            .filter_map(|rest| rest.split(',').nth(1)?.parse::<u64>().ok())
            .sum()
    };
    let searches = lines
        .iter()
        .find_map(|l| l.strip_prefix(&format!("{day},searches,,")))
        .and_then(|rest| rest.trim_end_matches(",,").parse::<u64>().ok())
        .unwrap();
    assert_eq!(searches, count("query"), "{csv}");
    assert!(searches >= 2);
    let shown = eval(
        &browser,
        "return document.querySelector('#stats [data-total=searches]').textContent;",
    );
    assert_eq!(shown, json!(searches.to_string()));

    // After the yearly export staff clear the counts: two presses, then only the header is left.
    click(&browser, "#stats-clear");
    assert_eq!(
        eval(
            &browser,
            "return document.querySelector('#stats [data-total=searches]').textContent;"
        ),
        json!(searches.to_string()),
        "one press clears nothing"
    );
    click(&browser, "#stats-clear");
    wait_eq(
        &browser,
        "return document.querySelector('#stats [data-total=searches]').textContent;",
        json!("0"),
        "cleared",
    );
    let cleared = String::from_utf8(exported_csv(&browser)).unwrap();
    assert_eq!(cleared.lines().count(), 1, "{cleared}");

    // Nothing was requested from outside the site, and nothing went wrong in the console.
    let resources = eval(
        &browser,
        "return performance.getEntriesByType('resource').map(e => e.name);",
    );
    let base = file_url(&site).trim_end_matches("index.html").to_string();
    for r in resources.as_array().unwrap() {
        let r = r.as_str().unwrap();
        assert!(r.starts_with(&base), "request {r} stays inside {base}");
    }
    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn a_survey_on_a_kiosk_without_a_pin_outlives_a_restart_and_staff_export_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = kiosk_site(tmp.path(), &["--kiosk", "--kiosk-idle", "600"]);
    let browser = Browser::start(1920, 1080).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    let day = browser_day(&browser);

    // A citizen finishes and rates the service 5, with a comment typed on the keyboard.
    click(&browser, "#finish");
    wait_eq(&browser, PANEL, json!("survey"), "the survey is offered");
    click(&browser, "#survey input[value='5']");
    let comment = "ขอบคุณ";
    type_on_screen(&browser, comment, "ณ");
    click(&browser, "#survey-submit");
    wait_eq(
        &browser,
        RESETS,
        json!("1"),
        "sending the survey resets the kiosk",
    );

    // The kiosk PC is switched off and on (the browser quits and starts on its profile).
    let browser = browser.restart().unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    keep_blobs(&browser);

    // Staff: no PIN to ask for; the statistics and their export, but no way to clear them.
    click(&browser, "#staff-open");
    wait_eq(
        &browser,
        "var s = document.getElementById('staff'); return [s.getAttribute('data-read-only'), !!document.getElementById('staff-pin'), !!document.getElementById('stats'), !!document.getElementById('stats-clear')];",
        json!(["true", false, true, false]),
        "a read-only staff screen",
    );
    let note = eval(
        &browser,
        "return document.getElementById('staff-read-only').textContent;",
    );
    assert!(
        note.as_str().unwrap().contains("--kiosk-pin"),
        "says how to set a PIN: {note}"
    );
    let answers = eval(
        &browser,
        "return document.querySelector('#staff .stats-survey').textContent;",
    );
    assert!(answers.as_str().unwrap().contains(": 1"), "{answers}");
    let bytes = exported_csv(&browser);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let want = format!("{day},survey,,,5,{comment}");
    assert!(csv.split("\r\n").any(|l| l == want), "{want:?} in\n{csv}");
    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn kiosk_mode_by_url_and_survey_outside_kiosk_mode() {
    let tmp = tempfile::tempdir().unwrap();
    let site = kiosk_site(tmp.path(), &["--survey"]);
    let browser = Browser::start(1280, 900).unwrap();
    // A normal build: no kiosk, but the survey the build asked for.
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    let state = "var k = document.getElementById('kiosk'); return [k.getAttribute('data-active'), !!document.getElementById('osk'), !!document.getElementById('rate'), !!document.getElementById('staff-open')];";
    wait_eq(
        &browser,
        state,
        json!(["false", false, true, false]),
        "normal mode with --survey",
    );
    // ?kiosk turns kiosk mode on for this visit.
    browser.goto(&format!("{}?kiosk", file_url(&site))).unwrap();
    browser.wait_ready().unwrap();
    wait_eq(
        &browser,
        state,
        json!(["true", true, false, true]),
        "index.html?kiosk",
    );

    // A link leaving the site (say, inside a document's metadata) does nothing on a kiosk.
    let before = eval(&browser, "return location.href;");
    eval(
        &browser,
        "var a = document.createElement('a'); a.id = 'outside'; a.href = 'https://example.org/'; a.textContent = 'outside'; document.querySelector('.top').appendChild(a); return true;",
    );
    click(&browser, "#outside");
    wait_eq(
        &browser,
        "return document.getElementById('kiosk-notice').textContent.length > 0;",
        json!(true),
        "the kiosk says why",
    );
    assert_eq!(eval(&browser, "return location.href;"), before);
    assert_eq!(browser.window_handles().unwrap().len(), 1);
}

#[test]
fn a_bad_staff_pin_stops_the_build_with_a_message() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = e2e::announcements();
    for pin in ["123", "12ab", "1234567890123"] {
        let out = tmp.path().join("site");
        let output = e2e::khlang(&[
            "build",
            &docs.to_string_lossy(),
            "--out",
            &out.to_string_lossy(),
            "--kiosk-pin",
            pin,
        ]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{pin}");
        assert!(
            stderr.contains("--kiosk-pin must be 4 to 12 digits"),
            "{pin}: {stderr}"
        );
        assert!(!out.exists(), "{pin}: nothing written");
    }
}
