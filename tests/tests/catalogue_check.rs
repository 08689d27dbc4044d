//! `khlang catalogue`, `khlang check` and the publication window, through the real binary.

use std::fs;
use std::path::Path;

use e2e::{build_site, hit_paths, khlang, search_json, write_docs};
use serde_json::Value;

/// An announcement as local governments write them; `topic` makes its title and body unique.
fn announcement(topic: &str, day: &str) -> String {
    format!(
        "ประกาศเทศบาลตำบลนาแซง\nเรื่อง {topic}\n\nเพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อย \
         จึงประกาศให้ทราบโดยทั่วกัน\n\nประกาศ ณ วันที่ {day}\n\nนายสมชาย ใจดี\nนายกเทศมนตรีตำบลนาแซง\n"
    )
}

fn run_catalogue(docs: &Path) -> String {
    let out = khlang(&["catalogue", &docs.to_string_lossy()]);
    assert!(
        out.status.success(),
        "khlang catalogue failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `khlang check DOCS --json`: exit status and parsed output.
fn check_json(docs: &Path) -> (Option<i32>, Value) {
    let out = khlang(&["check", &docs.to_string_lossy(), "--json"]);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --json prints JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

/// The findings of one file in a `check --json` result.
fn findings_of<'a>(report: &'a Value, path: &str) -> &'a Vec<Value> {
    report["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["path"] == path))
        .and_then(|f| f["findings"].as_array())
        .unwrap_or_else(|| panic!("{path} in {report}"))
}

#[test]
fn catalogue_is_excel_thai_and_a_rerun_adds_new_files_and_keeps_staff_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write_docs(
        &docs,
        &[
            (
                "กองคลัง/ประกาศราคากลาง.txt",
                announcement("ราคากลางโครงการก่อสร้างถนนคอนกรีต", "๒๗ มีนาคม พ.ศ. ๒๕๖๓"),
            ),
            (
                "news.txt",
                announcement("ประชาสัมพันธ์การรับชำระภาษีป้าย", "3 ตุลาคม 2565"),
            ),
        ],
    );
    let summary = run_catalogue(&docs);
    assert!(summary.contains("2 row(s) added, 0 kept"), "{summary}");
    let bytes = fs::read(docs.join("catalogue.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM");
    let text = String::from_utf8(bytes).unwrap();
    let body = text.trim_start_matches('\u{feff}');
    assert!(body.ends_with("\r\n"));
    assert_eq!(
        body.matches('\n').count(),
        body.matches("\r\n").count(),
        "every line ends with CRLF"
    );
    let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "file,title,agency,province,department,category,fiscal_year,date,doc_number,publish_from,publish_until,reviewed"
    );
    let cases = [
        (
            "กองคลัง/ประกาศราคากลาง.txt,ราคากลางโครงการก่อสร้างถนนคอนกรีต,เทศบาลตำบลนาแซง,,กองคลัง,",
            ",2563,2020-03-27,",
        ),
        (
            "news.txt,ประชาสัมพันธ์การรับชำระภาษีป้าย,เทศบาลตำบลนาแซง,",
            ",2566,2022-10-03,",
        ),
    ];
    assert_eq!(lines.len(), 3, "{body}");
    for (start, dates) in cases {
        let file = start.split(',').next().unwrap_or_default();
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{file},")))
            .unwrap_or_else(|| panic!("{file} in {body}"));
        assert!(line.starts_with(start), "{line}");
        assert!(line.contains(dates), "{line}");
    }

    // Staff correct a title and write a note in a column of their own; a file arrives.
    let edited = text
        .replacen(
            "ราคากลางโครงการก่อสร้างถนนคอนกรีต,",
            "ราคากลางถนนคอนกรีตสายบ้านนาแซง (แก้ไข),",
            1,
        )
        .replacen("reviewed\r\n", "reviewed,หมายเหตุ\r\n", 1);
    fs::write(docs.join("catalogue.csv"), edited).unwrap();
    write_docs(
        &docs,
        &[(
            "ใหม่.txt",
            announcement("การรับสมัครพนักงานจ้าง", "1 พฤศจิกายน 2566"),
        )],
    );
    let summary = run_catalogue(&docs);
    assert!(summary.contains("1 row(s) added, 2 kept"), "{summary}");
    let text = fs::read_to_string(docs.join("catalogue.csv")).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 4, "header and three rows: {text}");
    assert!(lines[0].ends_with("reviewed,หมายเหตุ"), "staff column kept");
    assert!(text.contains("กองคลัง/ประกาศราคากลาง.txt,ราคากลางถนนคอนกรีตสายบ้านนาแซง (แก้ไข),"));
    assert!(lines[3].starts_with("ใหม่.txt,การรับสมัครพนักงานจ้าง,"));

    // build publishes the staff's title, not the one read from the text.
    let site = tmp.path().join("site");
    build_site(&docs, &site, &[]);
    let result = search_json(&site, "ถนนคอนกรีต", &[]);
    let hit = result["hits"]
        .as_array()
        .and_then(|h| h.iter().find(|h| h["path"] == "กองคลัง/ประกาศราคากลาง.txt"))
        .unwrap_or_else(|| panic!("hit in {result}"));
    assert_eq!(hit["title"], "ราคากลางถนนคอนกรีตสายบ้านนาแซง (แก้ไข)");
}

#[test]
fn catalogue_refuses_to_rewrite_a_file_it_cannot_read() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write_docs(&docs, &[("a.txt", announcement("ก", "1 มกราคม 2566"))]);
    let latin1 = b"file,title\na.txt,caf\xe9\n".to_vec();
    fs::write(docs.join("catalogue.csv"), &latin1).unwrap();
    let out = khlang(&["catalogue", &docs.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
    assert_eq!(fs::read(docs.join("catalogue.csv")).unwrap(), latin1);
}

#[test]
fn check_finds_national_ids_in_every_form_and_never_a_wrong_checksum() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    // 1-1014-00012-34-9 has a valid check digit; ...-34-0 and ...-34-8 do not.
    let cases: [(&str, &str, bool); 7] = [
        ("plain.txt", "1101400012349", true),
        ("dashed.txt", "1-1014-00012-34-9", true),
        ("spaced.txt", "1 1014 00012 34 9", true),
        ("thai.txt", "๑๑๐๑๔๐๐๐๑๒๓๔๙", true),
        ("thai-dashed.txt", "๑-๑๐๑๔-๐๐๐๑๒-๓๔-๙", true),
        ("wrong-plain.txt", "1101400012340", false),
        ("wrong-dashed.txt", "1-1014-00012-34-8", false),
    ];
    for (name, id, _) in cases {
        write_docs(
            &docs,
            &[(
                name,
                format!("รายชื่อผู้มีสิทธิรับเบี้ยยังชีพ\nนางสมศรี ใจดี เลขประจำตัว {id} หมู่ 3\n"),
            )],
        );
    }
    let (code, report) = check_json(&docs);
    assert_eq!(code, Some(1), "findings give exit status 1");
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["coverage", "files"]);
    for (name, id, valid) in cases {
        let ids: Vec<&Value> = findings_of(&report, name)
            .iter()
            .filter(|f| f["kind"] == "national_id")
            .collect();
        if !valid {
            assert!(ids.is_empty(), "{name}: wrong checksum flagged: {ids:?}");
            continue;
        }
        assert_eq!(ids.len(), 1, "{name}: {report}");
        let f = ids[0].as_object().unwrap();
        assert_eq!(
            f.keys().collect::<Vec<_>>(),
            ["kind", "line", "masked", "severity"]
        );
        assert_eq!(f["severity"], "error", "{name}");
        assert_eq!(f["line"], 2, "{name}");
        let masked = f["masked"].as_str().unwrap();
        assert!(
            masked.ends_with('9') && masked.contains('x'),
            "{name}: {masked}"
        );
        assert!(!masked.contains(id), "{name}: the number is masked");
    }
    for f in findings_of(&report, "plain.txt") {
        if f["kind"].as_str().unwrap().starts_with("missing_") {
            assert_eq!((&f["line"], &f["masked"]), (&Value::Null, &Value::Null));
        }
    }
}

#[test]
fn check_reports_coverage_with_empty_categories_and_passes_clean_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write_docs(
        &docs,
        &[
            (
                "a.txt",
                announcement("ราคากลางโครงการก่อสร้างถนน", "5 มกราคม 2566"),
            ),
            (
                "b.txt",
                announcement("รายงานผลการดำเนินงาน", "10 มีนาคม 2566"),
            ),
        ],
    );
    fs::write(
        docs.join("catalogue.csv"),
        "file,category,fiscal_year\r\na.txt,budget,2566\r\nb.txt,งบประมาณและรายงานผล,2566\r\n",
    )
    .unwrap();
    let (_, report) = check_json(&docs);
    let year = &report["coverage"]["2566"];
    assert_eq!(
        year["present"],
        serde_json::json!({"budget": 2}),
        "{report}"
    );
    let empty: Vec<&str> = year["empty"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for id in ["structure", "procurement-plan", "procurement-results", "hr"] {
        assert!(empty.contains(&id), "{id} is empty in 2566: {empty:?}");
    }
    assert!(!empty.contains(&"budget") && !empty.contains(&"other"));

    // The samples are complete announcements without personal data: nothing to report.
    let samples = e2e::announcements();
    let out = khlang(&["check", &samples.to_string_lossy()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn publication_window_hides_future_and_withdrawn_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write_docs(
        &docs,
        &[
            (
                "now.txt",
                announcement("ประกาศรับสมัครงานกุมภาพันธ์", "1 มีนาคม 2569"),
            ),
            (
                "future.txt",
                announcement("ประกาศผลสอบคัดเลือกอนาคต", "1 มีนาคม 2569"),
            ),
            (
                "old.txt",
                announcement("ประกาศประกวดราคาเก่าแล้ว", "1 มีนาคม 2563"),
            ),
        ],
    );
    fs::write(
        docs.join("catalogue.csv"),
        "\u{feff}file,publish_from,publish_until\r\nfuture.txt,1/1/2573,\r\n\
         old.txt,,2020-12-31\r\nnow.txt,2026-01-01,2026-12-31\r\n",
    )
    .unwrap();
    let site = tmp.path().join("site");
    // Leaving them out is intended: even --strict succeeds.
    let out = build_site(&docs, &site, &["--as-of", "2026-11-23", "--strict"]);
    let report = String::from_utf8_lossy(&out.stderr);
    let line_of = |name: &str| {
        report
            .lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("{name} in the report: {report}"))
            .to_string()
    };
    assert!(line_of("future.txt").contains("not yet published until 2030-01-01"));
    assert!(line_of("old.txt").contains("withdrawn since 2021-01-01"));
    assert_eq!(hit_paths(&search_json(&site, "", &[])), ["now.txt"]);
    for query in ["ผลสอบคัดเลือกอนาคต", "ประกวดราคาเก่าแล้ว"]
    {
        assert_eq!(search_json(&site, query, &[])["total"], 0, "{query}");
    }

    let cases = [
        ("2030-01-01", vec!["future.txt"]),
        ("2020-12-31", vec!["old.txt"]),
        ("31/12/2569", vec!["now.txt"]),
    ];
    for (as_of, want) in cases {
        build_site(&docs, &site, &["--as-of", as_of]);
        assert_eq!(hit_paths(&search_json(&site, "", &[])), want, "{as_of}");
    }
    let bad = khlang(&[
        "build",
        &docs.to_string_lossy(),
        "--out",
        &site.to_string_lossy(),
        "--as-of",
        "tomorrow",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--as-of"));
}

/// A PDF whose text comes out wrong (a wrong ToUnicode map: ให้ → ใหู) beside the same
/// announcement exported correctly: `check` names the broken one, with what to do, and exits 1;
/// the build publishes both and lists the broken one in its report.
#[test]
fn check_and_build_name_text_that_looks_mis_extracted() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    let fixtures = e2e::repo_root().join("extract/tests/fixtures");
    fs::copy(
        fixtures.join("broken-tounicode.pdf"),
        docs.join("ประกาศ-ฟอนต์เสีย.pdf"),
    )
    .unwrap();
    fs::copy(
        fixtures.join("producers/libreoffice-from-docx-tlwgtypo.pdf"),
        docs.join("ประกาศ-ส่งออกถูกต้อง.pdf"),
    )
    .unwrap();

    let out = khlang(&["check", &docs.to_string_lossy(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("check --json prints JSON");
    let kinds = |name: &str| -> Vec<String> {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == name)
            .unwrap_or_else(|| panic!("{name} in {report}"))["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(kinds("ประกาศ-ฟอนต์เสีย.pdf").contains(&"broken_text".to_string()));
    assert!(!kinds("ประกาศ-ส่งออกถูกต้อง.pdf").contains(&"broken_text".to_string()));

    let readable = khlang(&["check", &docs.to_string_lossy()]);
    let text = String::from_utf8_lossy(&readable.stdout);
    assert!(
        text.contains("ประกาศ-ฟอนต์เสีย.pdf")
            && text.contains("(broken_text)")
            && text.contains("export the PDF again"),
        "{text}"
    );

    let site = tmp.path().join("site");
    let built = e2e::build_site_with_errors(&docs, &site, &[]);
    let report = String::from_utf8_lossy(&built.stderr);
    assert!(
        report.lines().any(|l| l.contains("ประกาศ-ฟอนต์เสีย.pdf: ")
            && l.contains("(broken_text): the text looks mis-extracted")),
        "{report}"
    );
}
