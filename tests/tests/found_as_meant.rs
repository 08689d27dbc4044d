//! Found as meant, in the real app and the real binary: a phrase cut short at any code point —
//! quoted or not — finds its source, and a slip that finds nothing offers the word it meant,
//! one tap away, the same in the browser and `khlang search`.

use e2e::app_check::demo_site;
use e2e::{file_url, hit_paths, khlang, percent_decode, search_json, Browser};
use serde_json::json;

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
