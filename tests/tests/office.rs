//! The office files agencies publish, through the real binary: a folder with an XLSX, an ODS,
//! an ODT (the fixtures LibreOffice made, extract/tests/fixtures/make-office.sh) and an old
//! .doc/.xls is built; each new format is found by a word only it holds and served with its
//! own content type, and the build and `khlang check` tell staff to save the old files anew.

use std::fs;

use e2e::{build_site, hit_paths, khlang, repo_root, search_json, serve};

const FIXTURES: &str = "extract/tests/fixtures";

/// File, a word only that file holds, the type label its card shows, its content type.
const FOUND: &[(&str, &str, &str, &str)] = &[
    (
        "plan.xlsx",
        "คอมพิวเตอร์",
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "stats.ods",
        "ร้อยละที่ตอบภายในกำหนด",
        "ODS",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        "notice.odt",
        "ประชาพิจารณ์",
        "ODT",
        "application/vnd.oasis.opendocument.text",
    ),
];

/// File, words its skip message must hold.
const REFUSED: &[(&str, &[&str])] = &[
    (
        "notice.doc",
        &[
            "an old Word 97–2003 file",
            "save it as DOCX (or export it to PDF)",
            "ไฟล์ Word รุ่นเก่า (97–2003)",
        ],
    ),
    (
        "plan.xls",
        &[
            "an old Excel 97–2003 file",
            "save it as XLSX (or export it to PDF)",
            "บันทึกเป็น XLSX",
        ],
    ),
];

/// Each refused file's line of `report`, which must hold its words and never "unsupported".
fn assert_refused(report: &str, what: &str) {
    for (file, words) in REFUSED {
        // "plan.xls:" and not "plan.xlsx", which the report may name for other reasons.
        let lines: Vec<&str> = report
            .lines()
            .filter(|l| l.contains(&format!("{file}:")) || l.ends_with(file))
            .collect();
        assert_eq!(lines.len(), 1, "{what}: one line for {file}:\n{report}");
        for w in *words {
            assert!(
                lines[0].contains(w),
                "{what}: {file}: {:?} lacks {w:?}",
                lines[0]
            );
        }
        assert!(!lines[0].contains("unsupported"), "{what}: {}", lines[0]);
    }
}

#[test]
fn xlsx_ods_and_odt_are_found_and_old_doc_and_xls_are_named_with_the_save_as_message() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    let names = FOUND.iter().map(|f| f.0).chain(REFUSED.iter().map(|r| r.0));
    for name in names {
        fs::copy(repo_root().join(FIXTURES).join(name), docs.join(name)).unwrap();
    }
    let site = tmp.path().join("site");
    let out = build_site(&docs, &site, &["--no-cache"]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert_refused(&report, "build");
    assert!(report.contains("3 documents, 2 skipped"), "{report}");

    let (_server, base) = serve(&site);
    for &(file, word, label, content_type) in FOUND {
        let result = search_json(&site, word, &[]);
        assert_eq!(hit_paths(&result), [file], "{word:?}");
        let hit = &result["hits"][0];
        assert_eq!(hit["file_type"], label, "{file}");
        let url = format!("{base}{}", hit["url"].as_str().unwrap());
        let response = minreq::get(&url).send().unwrap();
        assert_eq!(response.status_code, 200, "{url}");
        assert_eq!(
            response
                .headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                .map(|(_, value)| value.as_str()),
            Some(content_type),
            "{url}"
        );
        assert_eq!(
            response.as_bytes(),
            fs::read(docs.join(file)).unwrap(),
            "{url}: the original, unchanged"
        );
    }
    // The workbook's sheet is named in its text, and its card has its own title.
    let plan = search_json(&site, "คอมพิวเตอร์", &[]);
    assert_eq!(
        plan["hits"][0]["title"],
        "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568"
    );
    let sheet = search_json(&site, "\"แผ่นงาน: สรุป\"", &[]);
    assert_eq!(hit_paths(&sheet), ["plan.xlsx"]);

    // check lists them with its findings (warnings: not published).
    let check = khlang(&["check", &docs.to_string_lossy()]);
    assert_refused(&String::from_utf8_lossy(&check.stdout), "check");
}
