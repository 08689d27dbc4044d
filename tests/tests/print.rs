//! Printing a result list (issue 29): the page printed to PDF in headless Chromium, with the
//! print stylesheet of app/style.css, and the PDF's text read back with pdftotext. Each
//! document's title, agency, facts (fiscal year, date) and address must be on paper, in Thai as
//! typed, and none of the controls.

use e2e::kiosk::kiosk_site;
use e2e::print::pdf_text;
use e2e::{file_url, search_json, Browser};
use serde_json::{json, Value};

/// Words of the controls: the search box, sorting, filters, the language switch, the kiosk's
/// bar and its on-screen keyboard. (Not the staff button's เจ้าหน้าที่: the announcements use
/// the word.)
const CONTROLS: [&str; 8] = [
    "ค้นหาเอกสาร",
    "เรียงตาม",
    "ตัวกรอง",
    "English",
    "พิมพ์รายการ",
    "เสร็จสิ้น",
    "เว้นวรรค",
    "ยกแคร่",
];

/// `text` without whitespace: a PDF breaks lines where its page ends.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn hit_field(hit: &Value, field: &str) -> String {
    hit[field].as_str().unwrap_or_default().to_string()
}

#[test]
fn a_printed_result_list_carries_each_documents_facts_and_address_but_no_controls() {
    let tmp = tempfile::tempdir().unwrap();
    // (build options, window): a kiosk's พิมพ์รายการ and a citizen printing the search page.
    let cases: [(&[&str], (u32, u32)); 2] = [
        (&["--kiosk", "--kiosk-idle", "600"], (1920, 1080)),
        (&[], (1280, 900)),
    ];
    for (i, (options, (width, height))) in cases.into_iter().enumerate() {
        let site = kiosk_site(&tmp.path().join(i.to_string()), options);
        let hits = search_json(&site, "", &[])["hits"]
            .as_array()
            .cloned()
            .unwrap();
        assert_eq!(hits.len(), 5, "the five announcements");
        let browser = Browser::start(width, height).unwrap();
        browser.goto(&file_url(&site)).unwrap();
        browser.wait_ready().unwrap();
        browser.wait_search_done().unwrap();
        let paths: Vec<String> = hits.iter().map(|h| hit_field(h, "path")).collect();
        assert_eq!(browser.wait_paths(&paths).unwrap(), paths);
        // The facts line as the page shows it (agency · category · fiscal year · date · type).
        let facts = browser
            .eval(
                "return Array.from(document.querySelectorAll('#results .hit-facts')).map(p => p.textContent);",
                json!([]),
            )
            .unwrap();
        let facts: Vec<String> = serde_json::from_value(facts).unwrap();

        let pdf = browser.print_pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"), "a PDF");
        let text = pdf_text(&pdf).unwrap();
        let paper = squeeze(&text);
        for (hit, facts) in hits.iter().zip(&facts) {
            let title = hit_field(hit, "title");
            let agency = hit_field(hit, "agency");
            let url = hit_field(hit, "url");
            let year = hit["fiscal_year"].as_u64().unwrap();
            assert!(!title.is_empty() && !agency.is_empty(), "{hit}");
            for want in [
                title.clone(),
                agency,
                format!("ปีงบประมาณ {year}"),
                facts.clone(),
                url,
            ] {
                assert!(
                    paper.contains(&squeeze(&want)),
                    "{options:?}: {want:?} on paper:\n{text}"
                );
            }
        }
        for control in CONTROLS {
            assert!(
                !paper.contains(&squeeze(control)),
                "{options:?}: the control {control:?} printed:\n{text}"
            );
        }
    }
}
