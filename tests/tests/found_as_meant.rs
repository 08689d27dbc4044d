//! Found as meant, in the real app and the real binary: a phrase cut short at any code point —
//! quoted or not — finds its source, a slip that finds nothing offers the word it meant, one tap
//! away, and documents that write a word of the query another way (ศรีษะ for ศีรษะ) are offered,
//! included with one tap and marked, the same in the browser and `khlang search`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use e2e::app_check::demo_site;
use e2e::{
    build_site, copy_dir, file_url, hit_paths, khlang, percent_decode, repo_root, search_json,
    Browser,
};
use serde_json::{json, Value};

/// The phrase a sample document opens with, and that document.
const PHRASE: &str = "ศูนย์ข้อมูลข่าวสาร";
const SOURCE: &str = "000_dfee500fb0e96cd9.txt";

#[test]
fn a_quoted_phrase_cut_short_finds_its_source_in_the_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());
    let browser = Browser::start(1280, 900).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    browser.wait_index().unwrap();
    let input = browser.find("#q").unwrap();
    let chars: Vec<char> = PHRASE.chars().collect();
    // Cut at each of the last six code points: ข่าวส, ข่าว, ข่า (its tone mark before the
    // vowel), ข่, ข … each an unfinished last cluster somewhere.
    for end in chars.len() - 6..chars.len() {
        let cut: String = chars[..end].iter().collect();
        for query in [cut.clone(), format!("\"{cut}\"")] {
            let want = hit_paths(&search_json(&site, &query, &[]));
            assert!(
                want.iter().any(|p| p.ends_with(SOURCE)),
                "{query}: khlang search finds the source"
            );
            browser.clear(&input).unwrap();
            browser.type_into(&input, &query).unwrap();
            assert_eq!(
                browser.wait_paths(&want).unwrap(),
                want,
                "{query} in the browser"
            );
        }
    }
}

#[test]
fn a_slip_offers_the_word_it_meant_in_the_browser_and_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let site = demo_site(tmp.path());

    // khlang search: nothing found, the word offered with what it finds.
    let slip = search_json(&site, "ศนย", &[]);
    assert_eq!(slip["total"], json!(0), "{slip}");
    let meant = search_json(&site, "ศูนย์", &[]);
    assert_eq!(
        slip["suggestions"][0],
        json!({"query": "ศูนย์", "word": "ศูนย์", "total": meant["total"]}),
        "{slip}"
    );
    let listing = khlang(&["search", site.to_str().unwrap(), "--", "ศนย"]);
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    assert!(listing.contains("หมายถึง / did you mean: ศูนย์"), "{listing}");
    // A word found as typed is never second-guessed.
    assert!(search_json(&site, "ศูนย์", &[]).get("suggestions").is_none());

    // The browser: "0 documents", the offer under it, and one tap searches the word.
    let browser = Browser::start(1280, 900).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    browser.wait_index().unwrap();
    let input = browser.find("#q").unwrap();
    browser.type_into(&input, "ศนย").unwrap();
    let offered = browser
        .wait_for(
            "return Array.from(document.querySelectorAll('#offer button')).map(b => [b.getAttribute('data-query'), b.innerText]);",
            &json!([["ศูนย์", format!("ศูนย์ (พบ {} เอกสาร)", meant["total"])]]),
        )
        .unwrap();
    assert_eq!(
        offered,
        json!([["ศูนย์", format!("ศูนย์ (พบ {} เอกสาร)", meant["total"])]])
    );
    assert!(
        browser.shown_paths().unwrap().is_empty(),
        "the results stay the slip's"
    );
    let button = browser.find("#offer button").unwrap();
    browser.click(&button).unwrap();
    let want = hit_paths(&meant);
    assert_eq!(browser.wait_paths(&want).unwrap(), want);
    let value = browser
        .eval("return document.getElementById('q').value;", json!([]))
        .unwrap();
    assert_eq!(value, json!("ศูนย์"), "the box holds the word taken");
    let hash = browser.eval("return location.hash;", json!([])).unwrap();
    assert!(
        percent_decode(hash.as_str().unwrap_or_default()).contains("ศูนย์"),
        "the address keeps it: {hash}"
    );
    assert!(
        browser
            .eval(
                "return document.getElementById('offer') === null;",
                json!([])
            )
            .unwrap()
            == json!(true),
        "no offer once something is found"
    );
}

/// Builds tests/fixtures/spellings with the real `khlang build`: five documents write ศีรษะ (the
/// head), two the common slip ศรีษะ, in ordinary sentences, and the build mines the pair from
/// them; two more write ปฎิบัติ beside ปฏิบัติ, which no query about the head may offer.
fn spellings_site(tmp: &Path) -> PathBuf {
    let docs = tmp.join("docs");
    copy_dir(&repo_root().join("tests/fixtures/spellings"), &docs);
    let site = tmp.join("site");
    build_site(&docs, &site, &["--title", "คลังทดสอบ"]);
    site
}

/// One query of the fixture whose word the archive also writes another way.
struct Row {
    query: &'static str,
    /// The query's word, and the archive's other spelling of it.
    typed: &'static str,
    other: &'static str,
    /// The documents found only through the other spelling.
    gained: &'static [&'static str],
}

const ROWS: &[Row] = &[
    Row {
        query: "ศีรษะ",
        typed: "ศีรษะ",
        other: "ศรีษะ",
        gained: &["06_ประชาสัมพันธ์.txt", "07_ปวดหัว.txt"],
    },
    // The slip typed: the word is offered the other way round.
    Row {
        query: "ศรีษะ",
        typed: "ศรีษะ",
        other: "ศีรษะ",
        gained: &[
            "01_หมวกนิรภัย.txt",
            "02_ผู้สูงอายุ.txt",
            "03_ตัดผม.txt",
            "04_อาสาสมัคร.txt",
            "05_อุบัติเหตุ.txt",
        ],
    },
    // With another word, the other spelling adds only the documents that hold both.
    Row {
        query: "ศีรษะ หมวกนิรภัย",
        typed: "ศีรษะ",
        other: "ศรีษะ",
        gained: &["06_ประชาสัมพันธ์.txt"],
    },
    // ฏ written ฎ: a letter of the same sound.
    Row {
        query: "ปฏิบัติ",
        typed: "ปฏิบัติ",
        other: "ปฎิบัติ",
        gained: &["08_คู่มือ.txt", "09_ระเบียบ.txt"],
    },
    // In a quoted phrase, the other spelling in its place.
    Row {
        query: "\"ป้องกันศีรษะ\"",
        typed: "ศีรษะ",
        other: "ศรีษะ",
        gained: &["06_ประชาสัมพันธ์.txt"],
    },
];

/// The paths of a `khlang search --json` answer's hits marked as found through another spelling.
fn marked_paths(result: &Value) -> Vec<String> {
    result["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter(|h| h["other_spelling"] == json!(true))
                .filter_map(|h| h["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The offer line on screen: [lead, the toggle's words, aria-pressed, the "only as typed"
/// button's words or null], or null when there is none.
const OFFER_LINE: &str = "var p = document.getElementById('spellings'); if (!p) return null; var t = document.getElementById('spellings-toggle'); var o = document.getElementById('spellings-typed'); return [document.getElementById('spellings-lead').innerText, t.innerText, t.getAttribute('aria-pressed'), o ? o.innerText : null];";

/// The hits on screen marked as found through another spelling: [path, the mark's words].
const MARKED: &str = "return Array.from(document.querySelectorAll('#results li.hit[data-other-spelling=true]')).map(e => { var m = e.querySelector('.hit-spelling'); return [e.getAttribute('data-path'), m ? m.innerText : null]; });";

/// Every facet row on screen, as `khlang search --json` gives facets: {facet: {value: count}}.
const FACETS: &str = "var f = {}; document.querySelectorAll('fieldset[data-facet]').forEach(s => { var k = s.getAttribute('data-facet'); f[k] = {}; s.querySelectorAll('input').forEach(i => { f[k][i.value] = Number(i.getAttribute('data-count')); }); }); return f;";

/// `result`'s facet counts for the facets the page shows (`shown`'s keys).
fn facets_shown(result: &Value, shown: &Value) -> Value {
    let facets: BTreeMap<String, Value> = shown
        .as_object()
        .map(|o| {
            o.keys()
                .map(|k| (k.clone(), result["facets"][k].clone()))
                .collect()
        })
        .unwrap_or_default();
    json!(facets)
}

/// The address's fragment, decoded.
fn hash(browser: &Browser) -> String {
    let hash = browser.eval("return location.hash;", json!([])).unwrap();
    percent_decode(hash.as_str().unwrap_or_default())
}

/// Waits until the page's facet rows are `result`'s (those of the facets it shows), asserts
/// they are, and returns them.
fn assert_facets(browser: &Browser, result: &Value, label: &str) -> Value {
    let shown = browser.eval(FACETS, json!([])).unwrap();
    let want = facets_shown(result, &shown);
    assert!(
        want.as_object().is_some_and(|o| !o.is_empty()),
        "{label}: the page shows facets"
    );
    let got = browser.wait_for(FACETS, &want).unwrap();
    assert_eq!(got, want, "{label}: facet counts");
    got
}

#[test]
fn other_spellings_are_offered_and_one_tap_includes_them_in_the_browser_and_the_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let site = spellings_site(tmp.path());
    let browser = Browser::start(1280, 900).unwrap();
    browser.goto(&file_url(&site)).unwrap();
    browser.wait_ready().unwrap();
    browser.wait_index().unwrap();
    let input = browser.find("#q").unwrap();
    for row in ROWS {
        let q = row.query;
        // khlang search: offered with what it adds, included on request, the gain marked.
        let typed = search_json(&site, q, &[]);
        let all = search_json(&site, q, &["--other-spellings"]);
        let adds = row.gained.len() as u64;
        let offer = json!([{"typed": row.typed, "other": row.other, "adds": adds}]);
        assert_eq!(typed["spellings"], offer, "{q}: {typed}");
        assert_eq!(all["spellings"], offer, "{q}: {all}");
        assert!(marked_paths(&typed).is_empty(), "{q}: {typed}");
        // Marked in the order found; the table lists them sorted.
        let gained = marked_paths(&all);
        let mut sorted = gained.clone();
        sorted.sort();
        assert_eq!(sorted, row.gained, "{q}: {all}");
        let typed_total = typed["total"].as_u64().unwrap();
        assert_eq!(all["total"], json!(typed_total + adds), "{q}: {all}");

        // The browser: the results as typed, and the offer line under them.
        browser.clear(&input).unwrap();
        browser.type_into(&input, q).unwrap();
        let typed_paths = hit_paths(&typed);
        assert_eq!(
            browser.wait_paths(&typed_paths).unwrap(),
            typed_paths,
            "{q}"
        );
        let entry = format!("{} (+{adds})", row.other);
        let offered = json!(["รวมคำที่สะกดต่าง:", entry, "false", null]);
        assert_eq!(
            browser.wait_for(OFFER_LINE, &offered).unwrap(),
            offered,
            "{q}"
        );
        assert_eq!(browser.eval(MARKED, json!([])).unwrap(), json!([]), "{q}");
        assert_facets(&browser, &typed, q);
        assert!(
            !hash(&browser).contains("spellings="),
            "{q}: {}",
            hash(&browser)
        );

        // One tap: the documents gained join the list, marked; the count and facets follow.
        browser
            .click(&browser.find("#spellings-toggle").unwrap())
            .unwrap();
        let all_paths = hit_paths(&all);
        assert_eq!(browser.wait_paths(&all_paths).unwrap(), all_paths, "{q}");
        let count = "return document.getElementById('count').getAttribute('data-total');";
        let total = json!(all["total"].to_string());
        assert_eq!(browser.wait_for(count, &total).unwrap(), total, "{q}");
        let marked: Vec<Value> = gained
            .iter()
            .map(|p| json!([p, "พบจากคำที่สะกดต่าง"]))
            .collect();
        assert_eq!(
            browser.eval(MARKED, json!([])).unwrap(),
            json!(marked),
            "{q}"
        );
        let included = json!(["รวมคำที่สะกดต่างแล้ว:", entry, "true", "ค้นเฉพาะตามที่พิมพ์"]);
        assert_eq!(
            browser.wait_for(OFFER_LINE, &included).unwrap(),
            included,
            "{q}"
        );
        let shown = assert_facets(&browser, &all, q);
        assert_ne!(
            facets_shown(&typed, &shown),
            shown,
            "{q}: the facets changed with the documents gained"
        );
        let flagged = browser
            .wait_for(
                "return decodeURIComponent(location.hash).includes('spellings=1');",
                &json!(true),
            )
            .unwrap();
        assert_eq!(
            flagged,
            json!(true),
            "{q}: the address keeps the choice: {}",
            hash(&browser)
        );

        // Back: the results as typed again, the offer not taken.
        browser.back().unwrap();
        assert_eq!(
            browser.wait_paths(&typed_paths).unwrap(),
            typed_paths,
            "{q}: Back"
        );
        assert_eq!(
            browser.wait_for(OFFER_LINE, &offered).unwrap(),
            offered,
            "{q}: Back"
        );
        assert!(
            !hash(&browser).contains("spellings="),
            "{q}: {}",
            hash(&browser)
        );
    }

    // A word the archive writes one way only: no line, in the CLI or the app.
    let q = "หมวกนิรภัย";
    let result = search_json(&site, q, &[]);
    assert!(result["total"].as_u64() > Some(0), "{q}: {result}");
    assert!(result.get("spellings").is_none(), "{q}: {result}");
    browser.clear(&input).unwrap();
    browser.type_into(&input, q).unwrap();
    let want = hit_paths(&result);
    assert_eq!(browser.wait_paths(&want).unwrap(), want, "{q}");
    browser.wait_search_done().unwrap();
    assert_eq!(browser.eval(OFFER_LINE, json!([])).unwrap(), Value::Null);
}

#[test]
fn a_link_keeps_the_choice_and_a_new_query_starts_without_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = spellings_site(tmp.path());
    let all = search_json(&site, "ศีรษะ", &["--other-spellings"]);
    let browser = Browser::start(1280, 900).unwrap();

    // A shared link with the choice, in English: included, and said so in English.
    browser
        .goto(&format!(
            "{}#q={}&spellings=1&lang=en",
            file_url(&site),
            "%E0%B8%A8%E0%B8%B5%E0%B8%A3%E0%B8%A9%E0%B8%B0"
        ))
        .unwrap();
    browser.wait_ready().unwrap();
    let all_paths = hit_paths(&all);
    assert_eq!(browser.wait_paths(&all_paths).unwrap(), all_paths);
    let included = json!([
        "Other spellings included:",
        "ศรีษะ (+2)",
        "true",
        "Search only as typed"
    ]);
    assert_eq!(browser.wait_for(OFFER_LINE, &included).unwrap(), included);
    let marked: Vec<Value> = marked_paths(&all)
        .iter()
        .map(|p| json!([p, "Found through another spelling"]))
        .collect();
    assert_eq!(marked.len(), 2, "{all}");
    assert_eq!(browser.eval(MARKED, json!([])).unwrap(), json!(marked));

    // "Search only as typed" takes them out, a step Back undoes.
    let typed = search_json(&site, "ศีรษะ", &[]);
    let typed_paths = hit_paths(&typed);
    browser
        .click(&browser.find("#spellings-typed").unwrap())
        .unwrap();
    assert_eq!(browser.wait_paths(&typed_paths).unwrap(), typed_paths);
    let offered = json!(["Include other spellings:", "ศรีษะ (+2)", "false", null]);
    assert_eq!(browser.wait_for(OFFER_LINE, &offered).unwrap(), offered);
    browser.back().unwrap();
    assert_eq!(browser.wait_paths(&all_paths).unwrap(), all_paths, "Back");

    // A new query is a new choice: typing more leaves the other spellings out again, and the
    // line offers what they would add to it.
    let input = browser.find("#q").unwrap();
    browser.type_into(&input, " หมวกนิรภัย").unwrap();
    let narrower = search_json(&site, "ศีรษะ หมวกนิรภัย", &[]);
    let narrower_paths = hit_paths(&narrower);
    assert_eq!(browser.wait_paths(&narrower_paths).unwrap(), narrower_paths);
    let offered = json!(["Include other spellings:", "ศรีษะ (+1)", "false", null]);
    assert_eq!(browser.wait_for(OFFER_LINE, &offered).unwrap(), offered);
    assert_eq!(browser.eval(MARKED, json!([])).unwrap(), json!([]));
    let flag = "return decodeURIComponent(location.hash).includes('spellings=1');";
    assert_eq!(browser.wait_for(flag, &json!(false)).unwrap(), json!(false));
}
