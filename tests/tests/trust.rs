//! The app's trust line in real headless Chromium from file://: a signed site names its signer
//! and key fingerprint; an unsigned one says so; one byte changed in the index data raises the
//! Thai warning.

use std::fs;
use std::path::{Path, PathBuf};

use e2e::{build_site, file_url, khlang, Browser};
use serde_json::{json, Value};

const AGENCY: &str = "เทศบาลตำบลนาแซง";
const TITLE: &str = "คลังทดสอบ";

/// Builds the sample documents into `dir/site`, signed with `key` when given.
fn site(dir: &Path, key: Option<&Path>) -> PathBuf {
    let site = dir.join("site");
    let key = key.map(|k| k.to_string_lossy().into_owned());
    let mut extra = vec!["--title", TITLE];
    if let Some(key) = &key {
        extra.extend(["--sign", key.as_str()]);
    }
    build_site(&e2e::announcements(), &site, &extra);
    site
}

/// Changes one byte in the middle of a part script (to one that keeps it UTF-16 text).
fn alter_part(site: &Path) {
    let path = site.join("data/part-000.js");
    let mut bytes = fs::read(&path).unwrap();
    let i = bytes.len() / 2;
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    fs::write(&path, bytes).unwrap();
}

/// Changes the title inside the table of contents: valid JSON, but not what was signed.
fn alter_toc(site: &Path) {
    let path = site.join("data/archive.js");
    let text = fs::read_to_string(&path).unwrap();
    let altered = text.replace(TITLE, "คลังปลอม");
    assert_ne!(altered, text, "the title is in the table of contents");
    fs::write(&path, altered).unwrap();
}

/// One site the browser opens, and what its trust line must say.
struct Case {
    label: &'static str,
    signed: bool,
    change: fn(&Path),
    want: &'static str,
    texts: Vec<String>,
    /// Whether searching must still work.
    searchable: bool,
}

const TRUST: &str =
    "var t = document.getElementById('trust'); return t && t.getAttribute('data-trust');";

#[test]
fn the_app_shows_who_signed_and_warns_when_the_index_was_altered() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = tmp.path().join("keys");
    let made = khlang(&["keygen", "--out", &keys.to_string_lossy(), "--name", AGENCY]);
    assert!(made.status.success());
    let secret = keys.join("khlang-secret-key.json");
    let public: Value =
        serde_json::from_slice(&fs::read(keys.join("khlang-public-key.json")).unwrap()).unwrap();
    let fingerprint = public["fingerprint"].as_str().unwrap().to_string();

    let altered = |file: &str| vec!["ข้อมูลดัชนีถูกแก้ไข".to_string(), file.to_string()];
    let cases = vec![
        Case {
            label: "signed",
            signed: true,
            change: |_| {},
            want: "signed",
            texts: vec![format!("ลงนามโดย {AGENCY} · ลายนิ้วมือกุญแจ {fingerprint}")],
            searchable: true,
        },
        Case {
            label: "unsigned",
            signed: false,
            change: |_| {},
            want: "unsigned",
            texts: vec!["ไม่ได้ลงนาม".into()],
            searchable: true,
        },
        Case {
            label: "signed, one byte of a part changed",
            signed: true,
            change: alter_part,
            want: "altered",
            texts: altered("data/part-000.js"),
            searchable: false,
        },
        Case {
            label: "unsigned, one byte of a part changed",
            signed: false,
            change: alter_part,
            want: "altered",
            texts: altered("data/part-000.js"),
            searchable: false,
        },
        Case {
            label: "signed, a part deleted",
            signed: true,
            change: |site| fs::remove_file(site.join("data/part-000.js")).unwrap(),
            want: "altered",
            texts: altered("data/part-000.js"),
            searchable: false,
        },
        Case {
            label: "signed, table of contents changed",
            signed: true,
            change: alter_toc,
            want: "altered",
            texts: altered("data/archive.js"),
            searchable: true,
        },
    ];
    let browser = Browser::start(1024, 768).unwrap();
    for (i, case) in cases.into_iter().enumerate() {
        let Case {
            label,
            signed,
            change,
            want,
            texts,
            searchable,
        } = case;
        let dir = tmp.path().join(format!("case-{i}"));
        let site = site(&dir, signed.then_some(secret.as_path()));
        change(&site);
        browser.goto(&file_url(&site)).unwrap();
        let shown = browser.wait_for(TRUST, &json!(want)).unwrap();
        assert_eq!(shown, json!(want), "{label}");
        let text = browser
            .eval(
                "return document.getElementById('trust').textContent;",
                json!([]),
            )
            .unwrap();
        let text = text.as_str().unwrap_or_default();
        for piece in &texts {
            assert!(
                text.contains(piece.as_str()),
                "{label}: {piece:?} in {text:?}"
            );
        }
        if searchable {
            // The warning does not stop the search: every sample is listed.
            browser.wait_ready().unwrap();
            let total = browser
                .wait_for(
                    "return document.getElementById('count').getAttribute('data-total');",
                    &json!("5"),
                )
                .unwrap();
            assert_eq!(total, json!("5"), "{label}: documents listed");
        }
    }
}
