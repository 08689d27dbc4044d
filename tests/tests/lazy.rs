//! Loading in parts, in real Chromium, from file:// and over http: the first results come from
//! the start parts alone, the search index follows in the background, a search opened straight
//! from a link waits for it, and over http a page of results loads only the store pages it
//! shows (from file:// they all follow the index: no bandwidth to save there) — and every answer
//! is what `khlang search` gives on the same site.

use std::fs;
use std::path::{Path, PathBuf};

use e2e::{build_site, file_url, hit_paths, repo_root, search_json, serve, Browser};
use serde_json::{json, Value};

/// The committed slice of 60 real government texts: big enough that its index has an index
/// part and several store pages beyond the start parts.
fn thaigov_site(tmp: &Path) -> PathBuf {
    let docs = tmp.join("docs");
    fs::create_dir_all(&docs).unwrap();
    let fixtures = repo_root().join("catalog/tests/fixtures/thaigov");
    for entry in fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, docs.join(path.file_name().unwrap())).unwrap();
    }
    let site = tmp.join("site");
    build_site(&docs, &site, &["--no-cache"]);
    site
}

/// The archive's groups: (start parts, index parts, all parts).
fn groups(site: &Path) -> (usize, usize, usize) {
    let text = fs::read_to_string(site.join("data/archive.js")).unwrap();
    let json = &text[text.find('(').unwrap() + 1..text.rfind(')').unwrap()];
    let toc: Value = serde_json::from_str(json).unwrap();
    let n = |v: &Value| v.as_u64().unwrap() as usize;
    (
        n(&toc["start"]),
        n(&toc["index"]),
        toc["parts"].as_array().unwrap().len(),
    )
}

/// The numbers of the part scripts the page has added so far.
fn parts_loaded(browser: &Browser) -> Vec<usize> {
    let srcs = browser
        .eval(
            "return Array.from(document.querySelectorAll('script[data-khlang-part]')).map(s => s.getAttribute('src'));",
            json!([]),
        )
        .unwrap();
    let mut parts: Vec<usize> = srcs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| {
            s.as_str()?
                .strip_prefix("data/part-")?
                .strip_suffix(".js")?
                .parse()
                .ok()
        })
        .collect();
    parts.sort_unstable();
    parts
}

/// Waits for `want` (from `khlang search`) and checks each result's title and snippet too: the
/// titles come from the index's cards at once, the snippets from store pages loaded on demand.
fn wait_results(browser: &Browser, want: &Value, label: &str) {
    let paths = hit_paths(want);
    assert_eq!(browser.wait_paths(&paths).unwrap(), paths, "{label}");
    browser.wait_search_done().unwrap();
    let shown = browser
        .eval(
            "return Array.from(document.querySelectorAll('#results li.hit')).map(e => [e.querySelector('.hit-title').innerText, e.querySelector('.hit-snippet').innerText]);",
            json!([]),
        )
        .unwrap();
    for (hit, shown) in want["hits"]
        .as_array()
        .unwrap()
        .iter()
        .zip(shown.as_array().unwrap())
    {
        let title = hit["title"].as_str().unwrap();
        assert!(
            shown[0].as_str().unwrap().contains(title.trim()),
            "{label}: title {shown}"
        );
        let snippet: String = hit["snippet"].as_str().unwrap().chars().take(20).collect();
        assert!(
            shown[1].as_str().unwrap().contains(snippet.trim()),
            "{label}: snippet {shown} vs {snippet}"
        );
    }
}

fn check(browser: &Browser, site: &Path, url: &str, label: &str) {
    let (start, index, all) = groups(site);
    assert!(
        index >= 1 && all - start - index >= 2,
        "{label}: the fixture must make index parts and store pages"
    );

    browser.goto(url).unwrap();
    browser.wait_ready().unwrap();
    wait_results(
        browser,
        &search_json(site, "", &[]),
        &format!("{label}: browse"),
    );
    browser
        .wait_for(
            "return document.getElementById('app').getAttribute('data-index');",
            &json!("ready"),
        )
        .unwrap();
    let local = url.starts_with("file:");
    let expected = if local { all } else { start + index };
    assert_eq!(
        parts_loaded(browser),
        (0..expected).collect::<Vec<_>>(),
        "{label}: start and index parts, and store pages only from file://, before anyone types"
    );

    // Typing: each prefix shows what `khlang search` shows, titles and snippets included.
    let input = browser.find("#q").unwrap();
    let mut typed = String::new();
    for c in "งบประมาณ".chars() {
        typed.push(c);
        browser.type_into(&input, &c.to_string()).unwrap();
        wait_results(
            browser,
            &search_json(site, &typed, &[]),
            &format!("{label}: {typed}"),
        );
    }
    let pages_after_typing = parts_loaded(browser)
        .into_iter()
        .filter(|&p| p >= start + index)
        .count();
    if !local {
        assert!(
            pages_after_typing > 0,
            "{label}: typing loaded pages on demand"
        );
    }
    // A link straight to a search: the query waits for the index, then answers.
    browser
        .goto(&format!(
            "{}?fresh#q=%E0%B8%8D%E0%B8%B5%E0%B9%88%E0%B8%9B%E0%B8%B8%E0%B9%88%E0%B8%99",
            url.trim_end_matches('/')
        ))
        .unwrap();
    browser.wait_ready().unwrap();
    wait_results(
        browser,
        &search_json(site, "ญี่ปุ่น", &[]),
        &format!("{label}: link"),
    );
    if !local {
        // A search with two results loaded the pages it shows, not all of them.
        let pages = parts_loaded(browser)
            .into_iter()
            .filter(|&p| p >= start + index)
            .count();
        assert!(
            pages < all - start - index,
            "{label}: {pages} of {} store pages loaded",
            all - start - index
        );
    }
}

#[test]
fn loads_in_parts_from_file_url_and_over_http() {
    let tmp = tempfile::tempdir().unwrap();
    let site = thaigov_site(tmp.path());
    let browser = Browser::start(1000, 800).unwrap();
    check(&browser, &site, &file_url(&site), "file://");
    let (_server, base) = serve(&site);
    check(&browser, &site, &format!("{base}index.html"), "http");
    assert_eq!(browser.console_errors().unwrap(), Vec::<String>::new());
}
