//! The app in real headless Chromium (and Firefox from file://), from file:// and from
//! `khlang serve`, checked against `khlang search` on the same site.

use std::fs;
use std::path::{Path, PathBuf};

use e2e::app_check::{check_site, demo_site};
use e2e::{build_site, file_url, hit_paths, repo_root, search_json, serve, Browser};
use serde_json::{json, Value};

fn screenshot_dir() -> PathBuf {
    repo_root().join("target/screenshots")
}

#[test]
fn app_from_file_url_matches_khlang_search() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let browser = Browser::start(1280, 900).unwrap();
    check_site(&browser, &file_url(&site), &site, "file://");
}

#[test]
fn app_in_firefox_from_file_url_matches_khlang_search() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let browser = Browser::firefox(1280, 900).unwrap();
    check_site(&browser, &file_url(&site), &site, "firefox file://");
}

#[test]
fn app_over_http_matches_khlang_search() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let (_server, url) = serve(&site);
    let browser = Browser::start(1280, 900).unwrap();
    check_site(&browser, &url, &site, "http");
}

#[test]
fn screenshots_on_a_phone_and_a_kiosk() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    for (w, h) in [(390, 844), (1920, 1080)] {
        let browser = Browser::start(w, h).unwrap();
        browser
            .goto(&format!(
                "{}#q=%E0%B9%80%E0%B8%9C%E0%B8%A2%E0%B9%81%E0%B8%9E%E0%B8%A3%E0%B9%88",
                file_url(&site)
            ))
            .unwrap();
        browser.wait_ready().unwrap();
        let want = hit_paths(&search_json(&site, "เผยแพร่", &[]));
        browser.wait_paths(&want).unwrap();
        let path = screenshot_dir().join(format!("search-{w}x{h}.png"));
        browser.screenshot(&path).unwrap();
        let png = fs::read(&path).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // The page must fit the phone: nothing wider than the viewport.
        let overflow = browser
            .eval(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                json!([]),
            )
            .unwrap();
        assert_eq!(
            overflow,
            Value::Bool(false),
            "{w}x{h}: no horizontal scrolling"
        );
    }
}

#[test]
fn a_damaged_site_says_which_file_in_thai() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    fs::remove_file(site.join("data/part-000.js")).unwrap();
    let browser = Browser::start(1024, 768).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    let state = browser
        .wait_for(
            "var a = document.getElementById('app'); return a && a.getAttribute('data-state');",
            &json!("error"),
        )
        .unwrap();
    assert_eq!(state, json!("error"));
    let text = browser
        .eval(
            "return document.getElementById('count').textContent;",
            json!([]),
        )
        .unwrap();
    let text = text.as_str().unwrap_or_default();
    assert!(
        text.contains("data/part-000.js") && text.contains("ไม่พบไฟล์"),
        "message: {text}"
    );
}

#[test]
fn the_analyzer_cuts_text_identically_in_wasm_and_natively() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let browser = Browser::start(1024, 768).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    // The wasm analyzer's built-in dictionary comes with the index, not with the app.
    browser.wait_index().unwrap();
    let mut texts: Vec<String> = fs::read_dir(e2e::announcements())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    texts.extend(
        [
            "ประกาศ\u{200B}ผลการจัดซื\u{F70B}อ ประจำปี ๒๕๖๓ นํ\u{0E32}ส่ง เเละ ไม้ ไม่",
            "COVID-19 ｆｕｌｌ－ｗｉｄｔｈ Café พ.ศ. 2563 อบต.โคกทราย",
            "",
        ]
        .map(str::to_string),
    );
    for text in texts {
        let native = e2e::khlang(&["analyze", &text]);
        assert!(native.status.success());
        let native: Value = serde_json::from_slice(&native.stdout).unwrap();
        let wasm = browser
            .eval("return khlang_analyze(arguments[0]);", json!([text]))
            .unwrap();
        let wasm: Value = serde_json::from_str(wasm.as_str().expect("a JSON string")).unwrap();
        assert!(native["grams"].as_array().is_some_and(|g| !g.is_empty()) || text.is_empty());
        assert!(
            native == wasm,
            "tokens differ for text starting {:?}",
            text.chars().take(40).collect::<String>()
        );
    }
}

#[test]
fn works_under_a_sub_path_of_a_plain_static_server() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    // A web server that knows nothing about khlang, serving the site at /archive/.
    let root = tmp.path().join("www");
    fs::create_dir_all(&root).unwrap();
    std::os::unix::fs::symlink(&site, root.join("archive")).unwrap();
    let port = e2e::free_port();
    let server = std::process::Command::new("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(&root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 serves files");
    let _server = e2e::Guard(server);
    let url = format!("http://127.0.0.1:{port}/archive/");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::process::Command::new("python3")
        .args([
            "-c",
            &format!("import urllib.request; urllib.request.urlopen('{url}')"),
        ])
        .stderr(std::process::Stdio::null())
        .status()
        .map_or(true, |s| !s.success())
    {
        assert!(
            std::time::Instant::now() < deadline,
            "static server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let browser = Browser::start(1280, 900).unwrap();
    browser
        .goto(&format!(
            "{url}#q=%E0%B9%80%E0%B8%9C%E0%B8%A2%E0%B9%81%E0%B8%9E%E0%B8%A3%E0%B9%88"
        ))
        .unwrap();
    browser.wait_ready().unwrap();
    let want = hit_paths(&search_json(&site, "เผยแพร่", &[]));
    assert_eq!(browser.wait_paths(&want).unwrap(), want);
    let href = browser
        .eval(
            "return document.querySelector('#results a').href;",
            json!([]),
        )
        .unwrap();
    assert!(
        href.as_str().unwrap().starts_with(&format!("{url}docs/")),
        "{href}"
    );
}

/// A site whose agency facet has 14 values: two agencies publish two documents each, one of
/// them about a road (ถนน), and every odd-numbered agency has a road document.
fn many_agencies_site(tmp: &Path) -> PathBuf {
    let docs = tmp.join("docs");
    fs::create_dir_all(&docs).unwrap();
    let mut catalogue = String::from("file,title,agency\n");
    let mut add = |file: String, title: &str, body: &str, agency: &str| {
        fs::write(docs.join(&file), format!("{title}\n\n{body}\n")).unwrap();
        catalogue.push_str(&format!("{file},{title},{agency}\n"));
    };
    for i in 1..=14 {
        let agency = format!("อบต.ทดสอบ {i:02}");
        let (title, body) = if i % 2 == 1 {
            ("ประกาศจ้างซ่อมถนน", "ซ่อมแซมถนนลูกรังภายในหมู่บ้าน")
        } else {
            ("ประกาศจัดซื้อวัสดุ", "จัดซื้อวัสดุสำนักงานประจำปี")
        };
        add(format!("{i:02}.txt"), title, body, &agency);
        if i <= 2 {
            let extra = "รายงานผลการดำเนินงานประจำปี";
            add(
                format!("{i:02}-report.txt"),
                extra,
                "สรุปผลการดำเนินงาน",
                &agency,
            );
        }
    }
    fs::write(docs.join("catalogue.csv"), catalogue).unwrap();
    let site = tmp.join("site");
    build_site(&docs, &site, &["--no-cache"]);
    site
}

/// The agency values `khlang search` gives, in the app's order (most documents first, then by
/// name), with their counts.
fn agencies_in_order(result: &Value) -> Vec<(String, u64)> {
    let mut values: Vec<(String, u64)> = result["facets"]["agency"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(v, n)| (v.clone(), n.as_u64().unwrap()))
        .collect();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values
}

/// The agency rows on screen: (value, data-count, checked).
fn agency_rows(browser: &Browser) -> Vec<(String, u64, bool)> {
    let rows = browser
        .eval(
            "return Array.from(document.querySelectorAll('fieldset[data-facet=agency] input')).map(i => [i.value, Number(i.getAttribute('data-count')), i.checked]);",
            json!([]),
        )
        .unwrap();
    serde_json::from_value(rows).unwrap()
}

fn fold_button(browser: &Browser) -> Value {
    browser
        .eval(
            "var b = document.querySelector('fieldset[data-facet=agency] .facet-fold'); return b ? [b.textContent, b.getAttribute('aria-expanded')] : null;",
            json!([]),
        )
        .unwrap()
}

#[test]
fn a_long_facet_folds_and_its_rows_follow_typing_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let site = many_agencies_site(tmp.path());
    let browser = Browser::start(1280, 900).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    let all = search_json(&site, "", &[]);
    let order = agencies_in_order(&all);
    assert_eq!(order.len(), 14, "{all}");
    let rows = |values: &[(String, u64)]| -> Vec<(String, u64, bool)> {
        values.iter().map(|(v, n)| (v.clone(), *n, false)).collect()
    };

    // Folded: the first 8 values, and a button that says how many there are.
    assert_eq!(agency_rows(&browser), rows(&order[..8]));
    assert_eq!(
        fold_button(&browser),
        json!(["แสดงทั้งหมด 14 รายการ", "false"])
    );

    // Typing changes the counts: the rows that stay are the same elements, updated in place.
    let first = &order[0].0;
    browser
        .eval(
            "document.querySelector(\"fieldset[data-facet=agency] input[value='\" + arguments[0] + \"']\").khlangMark = 1;",
            json!([first]),
        )
        .unwrap();
    let input = browser.find("#q").unwrap();
    browser.type_into(&input, "ถนน").unwrap();
    let roads = search_json(&site, "ถนน", &[]);
    assert_eq!(
        browser.wait_paths(&hit_paths(&roads)).unwrap(),
        hit_paths(&roads)
    );
    let road_order = agencies_in_order(&roads);
    assert_eq!(road_order.len(), 7, "{roads}");
    assert_eq!(agency_rows(&browser), rows(&road_order));
    assert_eq!(fold_button(&browser), Value::Null, "7 values need no fold");
    let kept = browser
        .eval(
            "return document.querySelector(\"fieldset[data-facet=agency] input[value='\" + arguments[0] + \"']\").khlangMark === 1;",
            json!([first]),
        )
        .unwrap();
    assert_eq!(kept, json!(true), "{first}: its row was re-created");

    // Unfolded: every value with the counts `khlang search` gives.
    browser.clear(&input).unwrap();
    assert_eq!(
        browser.wait_paths(&hit_paths(&all)).unwrap(),
        hit_paths(&all)
    );
    let button = browser
        .find("fieldset[data-facet=agency] .facet-fold")
        .unwrap();
    browser.click(&button).unwrap();
    assert_eq!(agency_rows(&browser), rows(&order));
    assert_eq!(fold_button(&browser), json!(["แสดงน้อยลง", "true"]));

    // A value chosen far down stays on screen, ticked, when the facet folds again.
    let last = order[13].0.clone();
    let checkbox = browser
        .find(&format!(
            "fieldset[data-facet=agency] input[value='{last}']"
        ))
        .unwrap();
    browser.click(&checkbox).unwrap();
    let chosen = search_json(&site, "", &["--agency", &last]);
    assert_eq!(
        browser.wait_paths(&hit_paths(&chosen)).unwrap(),
        hit_paths(&chosen)
    );
    browser.click(&button).unwrap();
    let mut want = rows(&agencies_in_order(&chosen)[..8]);
    want.push((last.clone(), 1, true));
    assert_eq!(agency_rows(&browser), want);
}
