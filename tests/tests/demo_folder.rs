//! The demo folder (samples/, made by scripts/make-samples.sh) as an agency has it: department
//! folders with LibreOffice PDFs and DOCX, a scanned announcement, an Excel procurement plan,
//! a TIS-620 text file and a catalogue.csv row. Built with the real binary, every file is
//! published and found by words only it has, with its department and fiscal year in the
//! facets; the scan's misread date is withheld and named, not published.

use e2e::{build_site, hit_paths, repo_root, search_json};

#[test]
fn every_file_of_the_demo_folder_is_published_and_found_with_its_facets() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    let out = build_site(&repo_root().join("samples"), &site, &["--no-cache"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("7 documents") && !stderr.contains("Skipped"),
        "every file of samples/ is a published document:\n{stderr}"
    );

    // (query, the one file it finds, its department, its fiscal year)
    let cases: &[(&str, &str, Option<&str>, Option<u64>)] = &[
        (
            "แผนพัฒนาศูนย์ข้อมูลข่าวสารของราชการ เทศบาลนครหาดใหญ่",
            "กองวิชาการและแผนงาน/แผนพัฒนาศูนย์ข้อมูลข่าวสาร 2563.pdf",
            Some("กองวิชาการและแผนงาน"),
            Some(2563),
        ),
        (
            "\"เว็บไซต์เทศบาลนครสวรรค์\"",
            "สำนักปลัด/มาตรการ กลไกการเผยแพร่ข้อมูลผ่านเว็บไซต์.pdf",
            Some("สำนักปลัด"),
            Some(2562),
        ),
        (
            "เทศบาลตำบลบึงสำโรง",
            "สำนักปลัด/แนวทางการเผยแพร่ข้อมูลต่อสาธารณะ.docx",
            Some("สำนักปลัด"),
            Some(2563),
        ),
        (
            "องค์การบริหารส่วนตำบลโคกทราย",
            "สำนักปลัด/มาตรการเผยแพร่ข้อมูลต่อสาธารณะ.docx",
            Some("สำนักปลัด"),
            Some(2564),
        ),
        // The scan, read by OCR: found by its words; its dates were misread (๖ as ๒), so no
        // fiscal year is published for it.
        (
            "เว็บไซต์ของเทศบาลตำบลนาแซง",
            "กองวิชาการและแผนงาน/มาตรการเผยแพร่ข้อมูลผ่านเว็บไซต์ (สแกน).pdf",
            Some("กองวิชาการและแผนงาน"),
            None,
        ),
        // The spreadsheet: a row of the plan; department and fiscal year from catalogue.csv.
        (
            "รางระบายน้ำ",
            "กองคลัง/แผนการจัดซื้อจัดจ้าง 2567.xlsx",
            Some("กองคลัง"),
            Some(2567),
        ),
        // The TIS-620 file, decoded.
        (
            "วันจันทร์ถึงวันศุกร์",
            "สำนักปลัด/ศูนย์ข้อมูลข่าวสาร/ประกาศวันเวลาทำการ.txt",
            Some("สำนักปลัด"),
            Some(2566),
        ),
    ];
    for (query, file, department, year) in cases {
        let result = search_json(&site, query, &[]);
        assert_eq!(hit_paths(&result), vec![file.to_string()], "{query}");
        let hit = &result["hits"][0];
        assert_eq!(
            hit["department"].as_str(),
            *department,
            "{file}: department"
        );
        assert_eq!(hit["fiscal_year"].as_u64(), *year, "{file}: fiscal year");
        let facets = &result["facets"];
        if let Some(d) = department {
            assert_eq!(facets["department"][d], 1, "{file}: department facet");
        }
        if let Some(y) = year {
            assert_eq!(
                facets["fiscal_year"][y.to_string()],
                1,
                "{file}: year facet"
            );
        }
    }
    let plan = search_json(&site, "รางระบายน้ำ", &[]);
    assert_eq!(
        plan["hits"][0]["category"], "procurement-plan",
        "catalogue.csv's category"
    );
    assert!(
        stderr.contains("(สแกน).pdf") && stderr.contains("not published: OCR read it"),
        "the scan's misread date is named in the build's report:\n{stderr}"
    );
}

/// An earlier site built into a subfolder of the documents folder (as staff do: the next build
/// goes elsewhere) is one skipped line, never documents: not its copies, pages or scripts.
#[test]
fn an_earlier_site_inside_the_folder_is_skipped_by_build_check_and_catalogue() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("เอกสาร");
    e2e::copy_dir(&repo_root().join("samples"), &docs);
    let fast = ["--no-cache", "--no-ocr"];
    build_site(&docs, &docs.join("old-site"), &fast);
    let site_line = "old-site/: a khlang site built earlier";

    let out = build_site(&docs, &tmp.path().join("site"), &fast);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Built") && stderr.contains(": 7 documents"),
        "the seven documents of samples/, nothing of the old site:\n{stderr}"
    );
    assert_eq!(
        stderr.matches(site_line).count(),
        1,
        "one line names the old site:\n{stderr}"
    );
    assert!(
        !stderr.contains("unsupported") && !stderr.contains("old-site/docs"),
        "none of the old site's files is reported one by one:\n{stderr}"
    );

    // check and catalogue walk the folder the same way.
    let docs_arg = docs.to_string_lossy();
    let check = e2e::khlang(&["check", &docs_arg, "--json", "--no-cache", "--no-ocr"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check --json");
    let files = report["files"].as_array().expect("files");
    // The seven documents, and the old site once, as a file left out (a warning).
    let (old, documents): (Vec<&serde_json::Value>, Vec<&serde_json::Value>) = files
        .iter()
        .partition(|f| f["path"].as_str().unwrap_or("").starts_with("old-site"));
    assert_eq!(documents.len(), 7, "check reports the seven documents");
    assert_eq!(old.len(), 1, "{report}");
    let finding = &old[0]["findings"][0];
    assert_eq!(
        (&finding["kind"], &finding["severity"]),
        (&"skipped".into(), &"warning".into())
    );
    assert!(finding["detail"]
        .as_str()
        .unwrap_or("")
        .starts_with("a khlang site built earlier"));
    let readable = e2e::khlang(&["check", &docs_arg, "--no-cache", "--no-ocr"]);
    let check_out = String::from_utf8_lossy(&readable.stdout);
    assert_eq!(check_out.matches(site_line).count(), 1, "{check_out}");

    let catalogue = e2e::khlang(&["catalogue", &docs_arg, "--no-cache", "--no-ocr"]);
    assert!(catalogue.status.success(), "{catalogue:?}");
    let catalogue_err = String::from_utf8_lossy(&catalogue.stderr);
    assert_eq!(
        catalogue_err.matches(site_line).count(),
        1,
        "{catalogue_err}"
    );
    let csv = std::fs::read_to_string(docs.join("catalogue.csv")).expect("catalogue.csv");
    assert!(
        !csv.contains("old-site"),
        "no row for the old site's files:\n{csv}"
    );
}
