//! Findings with severities and the ITA coverage matrix, through the real binary: `check` exits
//! 1 only for errors (a national ID, an impossible year), lists them first and fits its
//! summary on a screen; the agency's own contact lines are not findings; `build` writes the
//! same findings and the matrix into the site's staff area.

use std::fs;
use std::path::Path;

use e2e::{build_site, khlang, write_docs};
use serde_json::Value;

/// An announcement as local governments write them, with their contact line under it.
fn announcement(topic: &str, day: &str) -> String {
    format!(
        "ประกาศเทศบาลตำบลนาแซง\nเรื่อง {topic}\n\nเพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อย \
         จึงประกาศให้ทราบโดยทั่วกัน\n\nประกาศ ณ วันที่ {day}\n\nนายสมชาย ใจดี\nนายกเทศมนตรีตำบลนาแซง\n\
         ติดต่อกองคลัง เทศบาลตำบลนาแซง โทร. 042-123-456 หรือ 089-765-4321\n"
    )
}

/// Columns a terminal gives a line: Thai combining marks take none.
fn columns(line: &str) -> usize {
    line.chars()
        .filter(|&c| !matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'))
        .count()
}

fn check(docs: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check", docs.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = khlang(&args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_fails_only_for_errors_and_lists_them_first() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write_docs(
        &docs,
        &[
            (
                "งบ/ประกาศงบประมาณ.txt",
                announcement("รายงานผลการใช้จ่ายงบประมาณ", "5 มกราคม 2566"),
            ),
            (
                "จัดซื้อ/ราคากลาง.txt",
                announcement("ราคากลางโครงการก่อสร้างถนน", "10 มีนาคม 2567"),
            ),
            (
                "คำร้อง.txt",
                "บันทึกคำร้อง\nผู้ยื่นคำร้อง นางสมศรี ใจดี 081-234-5678\n".to_string(),
            ),
        ],
    );
    // A clean folder with guesses and one private-looking phone: warnings, exit 0.
    let (code, text) = check(&docs, &[]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        !text.contains("042-123-456") && !text.contains("xxx-xxx-x456"),
        "{text}"
    );
    let phone = text
        .lines()
        .position(|l| l.contains("(phone)"))
        .unwrap_or_else(|| panic!("the private phone is a warning:\n{text}"));
    assert!(text
        .lines()
        .nth(phone + 1)
        .unwrap_or_default()
        .contains("คำร้อง.txt: line 2"));
    let (strict, _) = check(&docs, &["--strict"]);
    assert_eq!(strict, Some(1), "--strict fails on warnings");

    // The matrix: every line in 100 columns, a row per category, the years as columns.
    let matrix: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("ITA coverage by fiscal year"))
        .collect();
    assert!(matrix.len() > 20, "{text}");
    for line in &matrix {
        assert!(columns(line) <= 100, "{} columns: {line}", columns(line));
    }
    let header = matrix[1].split_whitespace().collect::<Vec<_>>();
    assert!(header.ends_with(&["2566", "2567"]), "{header:?}");

    // Plant a national ID and an impossible year: errors, listed before anything else.
    write_docs(
        &docs,
        &[(
            "เบี้ยยังชีพ.txt",
            "ประกาศรายชื่อผู้มีสิทธิ\nนางสมศรี ใจดี เลขประจำตัวประชาชน ๑-๑๐๑๔-๐๐๐๑๒-๓๔-๙\n".to_string(),
        )],
    );
    fs::write(
        docs.join("catalogue.csv"),
        "file,fiscal_year\r\nจัดซื้อ/ราคากลาง.txt,2595\r\n",
    )
    .unwrap();
    let (code, text) = check(&docs, &[]);
    assert_eq!(code, Some(1), "{text}");
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("ต้องแก้ก่อนเผยแพร่ / errors: 2"), "{text}");
    let errors: Vec<&str> = text.lines().skip(1).take(2).collect();
    assert!(
        errors
            .iter()
            .any(|l| l.contains("เบี้ยยังชีพ.txt") && l.contains("(national_id): line 2"))
            && errors.iter().any(|l| l.contains("ราคากลาง.txt")
                && l.contains("(impossible_year)")
                && l.contains("fiscal_year 2595")),
        "{text}"
    );
    assert!(!text.contains("1101400012349") && !text.contains("๑-๑๐๑๔"));

    let out = khlang(&["check", docs.to_str().unwrap(), "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let severities: Vec<(String, String)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .filter(|f| f["severity"] != "note")
        .map(|f| {
            (
                f["kind"].as_str().unwrap().into(),
                f["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (kind, severity) in [
        ("national_id", "error"),
        ("impossible_year", "error"),
        ("phone", "warning"),
    ] {
        assert!(
            severities.contains(&(kind.to_string(), severity.to_string())),
            "{kind} is an {severity}: {severities:?}"
        );
    }
    assert!(
        !report.to_string().contains("fingerprint"),
        "no report carries a phone's fingerprint"
    );
}

#[test]
fn the_build_writes_findings_and_the_coverage_matrix_into_the_staff_area() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write_docs(
        &docs,
        &[
            (
                "งบ.txt",
                announcement("รายงานผลการใช้จ่ายงบประมาณ", "5 มกราคม 2566"),
            ),
            (
                "แผน.txt",
                announcement("แผนการดำเนินงานประจำปี", "10 มีนาคม 2567"),
            ),
            (
                "แผนหน้า.txt",
                announcement("แผนการดำเนินงานปีหน้า", "10 มีนาคม 2567"),
            ),
            (
                "คำร้อง.txt",
                "บันทึกคำร้อง\nผู้ยื่นคำร้อง นางสมศรี ใจดี 081-234-5678\n".to_string(),
            ),
        ],
    );
    fs::write(
        docs.join("catalogue.csv"),
        "file,category,publish_from\r\nงบ.txt,budget,\r\nแผน.txt,plans,\r\n\
         แผนหน้า.txt,plans,2030-01-01\r\n",
    )
    .unwrap();
    let site = tmp.path().join("site");
    let out = build_site(&docs, &site, &["--as-of", "2026-11-23"]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(report.contains("staff/index.html"), "{report}");

    let csv = fs::read(site.join("staff/coverage.csv")).unwrap();
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "a BOM, so Excel reads UTF-8"
    );
    let csv = String::from_utf8(csv).expect("UTF-8");
    let row = |id: &str| {
        csv.lines()
            .find(|l| l.starts_with(&format!("{id},")))
            .unwrap_or_else(|| panic!("{id} in {csv}"))
            .to_string()
    };
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",2566,2567,"), "{header}");
    assert!(row("budget").starts_with("budget,งบประมาณและรายงานผล,"));
    // plans: one published in 2567, one waiting for its window.
    assert!(row("plans").starts_with("plans,แผนพัฒนาและแผนดำเนินงาน,"));
    assert!(row("plans").ends_with(",0,1,0,1"), "{}", row("plans"));
    assert!(row("structure").contains(",0,0"), "empty cells are 0");

    let html = fs::read_to_string(site.join("staff/coverage.html")).unwrap();
    assert!(html.contains("href=\"../index.html#category=budget&amp;fiscal_year=2566\""));
    assert!(html.contains("<td class=\"empty\">—</td>"));
    let findings = fs::read_to_string(site.join("staff/index.html")).unwrap();
    // The private-looking phone is a warning, named by kind and line, its number nowhere.
    let warnings = findings
        .split("<h2>ควรตรวจ / warnings</h2>")
        .nth(1)
        .unwrap_or_else(|| panic!("a warnings part: {findings}"));
    assert!(
        warnings.contains("คำร้อง.txt") && warnings.contains("<code>phone</code>, line 2"),
        "{warnings}"
    );
    for number in ["081-234", "x678", "089-765", "042-123"] {
        assert!(!findings.contains(number), "{number} in the staff page");
    }

    let verify = khlang(&["verify", site.to_str().unwrap()]);
    assert!(
        verify.status.success(),
        "the staff area is sealed with the site"
    );
}

/// The misspellings khlang finds in a folder, each with the word expected: the same in `check`
/// (its JSON), in the build's report and on the staff page, and only where a document holds one
/// (issue 32). The fixture writes ศรีษะ in two documents beside ศีรษะ in five, and ปฎิบัติ in two
/// beside ปฏิบัติ in three.
#[test]
fn check_and_build_name_each_document_s_slips_and_the_word_expected() {
    let docs = e2e::repo_root().join("tests/fixtures/spellings");
    let out = khlang(&["check", docs.to_str().unwrap(), "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut slips: Vec<(String, String)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap_or_default().to_string();
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["kind"] == "misspelling")
                .map(move |x| {
                    assert_eq!(x["severity"], "note", "{x}");
                    let detail = x["detail"].as_str().unwrap_or_default();
                    let pair = detail.split(':').next().unwrap_or_default().to_string();
                    (path.clone(), pair)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    slips.sort();
    let want = [
        ("06_ประชาสัมพันธ์.txt", "ศรีษะ → ศีรษะ"),
        ("07_ปวดหัว.txt", "ศรีษะ → ศีรษะ"),
        ("08_คู่มือ.txt", "ปฎิบัติ → ปฏิบัติ"),
        ("09_ระเบียบ.txt", "ปฎิบัติ → ปฏิบัติ"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect();
    assert_eq!(slips, want, "{report}");

    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let built = build_site(&docs, &site, &["--verbose"]);
    let printed = String::from_utf8_lossy(&built.stderr);
    let staff = fs::read_to_string(site.join("staff/index.html")).unwrap();
    for (path, pair) in &want {
        let named = printed
            .lines()
            .any(|l| l.trim_start().starts_with(&format!("{path}:")) && l.contains(pair.as_str()));
        assert!(
            named,
            "the build's report names {pair} in {path}:\n{printed}"
        );
        let items: Vec<&str> = staff.split("<li>").collect();
        let listed = items
            .windows(2)
            .any(|w| w[0].starts_with(path.as_str()) && w[1].starts_with(pair.as_str()));
        assert!(listed, "the staff page lists {pair} under {path}:\n{staff}");
    }
}
