//! `khlang build` and `khlang search` on real documents, through the real binary.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use e2e::{build_site, copy_announcements, hit_paths, khlang, khlang_bin, search_json};
use serde_json::Value;

fn samples() -> std::path::PathBuf {
    e2e::announcements()
}

/// The sample documents: (file name, text).
fn sample_texts() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(samples())
        .expect("samples/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .map(|n| {
            let text = fs::read_to_string(samples().join(&n)).expect("sample is UTF-8");
            (n, text)
        })
        .collect();
    out.sort();
    out
}

/// A phrase from the middle of `text`: the longest line there, cut to about 30 characters.
fn phrase_from(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 40)
        .collect();
    let line = lines[lines.len() / 2];
    line.chars()
        .skip(10)
        .take(30)
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn search_finds_every_sample_by_a_phrase_from_its_body() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&samples(), &site, &[]);
    for (name, text) in sample_texts() {
        let phrase = phrase_from(&text);
        let result = search_json(&site, &phrase, &[]);
        let paths = hit_paths(&result);
        assert!(
            paths.contains(&name),
            "{phrase:?} should find {name}, got {paths:?}"
        );
        assert_eq!(paths.first(), Some(&name), "{phrase:?}: its source first");
        // Quoted and cut at each of its last code points (a cluster left unfinished, as a
        // paste or a person typing leaves it): still found.
        let chars: Vec<char> = phrase.chars().collect();
        for end in chars.len().saturating_sub(6)..chars.len() {
            let cut: String = chars[..end].iter().collect();
            let quoted = format!("\"{}\"", cut.trim_end());
            let paths = hit_paths(&search_json(&site, &quoted, &[]));
            assert!(
                paths.contains(&name),
                "{quoted} should find {name}, got {paths:?}"
            );
        }
    }
}

#[test]
fn facet_counts_sum_to_the_total_and_json_has_the_documented_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&samples(), &site, &[]);
    for query in ["", "เผยแพร่ข้อมูล", "เทศบาล", "ไม่มีคำนี้ในเอกสารใดเลยxyz"]
    {
        let r = search_json(&site, query, &["--limit", "100"]);
        let total = r["total"].as_u64().unwrap();
        for facet in ["category", "fiscal_year", "department"] {
            let sum: u64 = r["facets"][facet]
                .as_object()
                .unwrap_or_else(|| panic!("facets.{facet} in {r}"))
                .values()
                .map(|v| v.as_u64().unwrap())
                .sum();
            assert_eq!(sum, total, "{query:?}: facet {facet} sums to total");
        }
        for hit in r["hits"].as_array().unwrap() {
            for key in [
                "path",
                "title",
                "agency",
                "department",
                "category",
                "fiscal_year",
                "date",
                "score",
                "snippet",
            ] {
                assert!(hit.get(key).is_some(), "hit has {key}: {hit}");
            }
        }
    }
    let all = search_json(&site, "", &["--limit", "100"]);
    assert_eq!(all["total"], 5);
    assert_eq!(hit_paths(&all).len(), 5);
}

#[test]
fn year_filter_matches_the_facet_count() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&samples(), &site, &[]);
    let all = search_json(&site, "", &[]);
    let years = all["facets"]["fiscal_year"].as_object().unwrap().clone();
    assert!(!years.is_empty());
    for (year, count) in years {
        let r = search_json(&site, "", &["--year", &year, "--limit", "100"]);
        assert_eq!(&r["total"], &count, "year {year}");
        assert_eq!(
            r["facets"]["fiscal_year"], all["facets"]["fiscal_year"],
            "own facet unaffected"
        );
    }
}

/// A DOCX whose word/document.xml expands to `mb` MB (about 1000:1 compressed).
fn zip_bomb_docx(mb: usize) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file("word/document.xml", o).unwrap();
    zip.write_all(b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>")
        .unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..mb {
        zip.write_all(&block).unwrap();
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

/// Good documents of the hostile folder: (relative path, text). Two hold the same bytes; two
/// names differ only in letter case; one name has a colon, one is Thai written in NFD order.
fn hostile_good_docs() -> Vec<(String, String)> {
    let samples = sample_texts();
    let texts: Vec<String> = samples.iter().map(|(_, t)| t.clone()).collect();
    let first = &samples[0].0;
    vec![
        (format!("กองคลัง/{first}"), texts[0].clone()),
        (format!("กองคลัง/{}", samples[1].0), texts[1].clone()),
        // The same bytes as the first, filed again in another folder.
        (format!("สำเนา/{first}"), texts[0].clone()),
        ("รายงาน: ไตรมาส 1?.txt".into(), texts[2].clone()),
        // กุ้ง with the tone mark typed before the vowel (not canonical order).
        ("ก\u{0E49}\u{0E38}ง.txt".into(), texts[3].clone()),
        ("Report.txt".into(), texts[4].clone()),
        ("report.txt".into(), format!("{}\nภาคผนวก", texts[4])),
    ]
}

/// Writes a folder of documents with every kind of bad input next to good ones.
fn hostile_docs(dir: &Path) {
    for (rel, text) in hostile_good_docs() {
        let path = dir.join(&rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::write(
        dir.join("corrupt.pdf"),
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage",
    )
    .unwrap();
    fs::write(dir.join("empty.txt"), b"").unwrap();
    fs::write(
        dir.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 0, 7, 1, 2, 3, 0, 255].repeat(50),
    )
    .unwrap();
    fs::write(dir.join("sheet.xlsx"), b"PK\x03\x04").unwrap();
    // Expands to 600 MB, over the 500 MB limit of a ZIP-based file.
    fs::write(dir.join("bomb.docx"), zip_bomb_docx(600)).unwrap();
    // Sparse: 250 MB and 4 GB on disk take no space.
    let big = fs::File::create(dir.join("big.pdf")).unwrap();
    big.set_len(250 << 20).unwrap();
    let huge = fs::File::create(dir.join("huge.pdf")).unwrap();
    huge.set_len(5 << 30).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(".", dir.join("loop")).unwrap();
    fs::write(
        dir.join("catalogue.csv"),
        "\u{feff}file,title,fiscal_year\r\nmissing.pdf,ไม่มีไฟล์,2563\r\nกองคลัง\\000_dfee500fb0e96cd9.txt,แผนพัฒนา,25X3\r\n",
    )
    .unwrap();
}

/// `%XX` escapes decoded (the URLs khlang writes are UTF-8, percent-encoded per segment).
fn percent_decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = url.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Why `name` is not a valid FAT32/exFAT file name, if it is not.
fn fat_problem(name: &str) -> Option<&'static str> {
    use unicode_normalization::UnicodeNormalization;
    if name
        .chars()
        .any(|c| c.is_control() || ":*?\"<>|\\".contains(c))
    {
        Some("forbidden character")
    } else if name.ends_with(['.', ' ']) {
        Some("trailing dot or space")
    } else if name.encode_utf16().count() > 255 {
        Some("longer than 255 UTF-16 units")
    } else if name.nfc().collect::<String>() != name {
        Some("not NFC")
    } else {
        None
    }
}

#[test]
fn bad_input_is_reported_and_skipped_and_strict_fails_without_touching_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    hostile_docs(&docs);
    let site = tmp.path().join("site");
    let out = e2e::build_site_with_errors(&docs, &site, &[]);
    let report = String::from_utf8_lossy(&out.stderr);
    // One line per problem, naming the file and saying what is wrong.
    let mut cases = vec![
        ("corrupt.pdf", "damaged PDF"),
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("sheet.xlsx", "damaged XLSX"),
        ("bomb.docx", "zip bomb"),
        ("big.pdf", "250 MB exceeds the 200 MB limit"),
        ("huge.pdf", "larger than 4 GB"),
        ("missing.pdf", "not in the documents folder"),
        ("catalogue.csv line 3", "fiscal_year"),
        ("สำเนา/000_dfee500fb0e96cd9.txt", "same content as กองคลัง/"),
    ];
    if cfg!(unix) {
        cases.push(("loop:", "symbolic link"));
    }
    for (file, reason) in cases {
        let lines: Vec<&str> = report.lines().filter(|l| l.contains(file)).collect();
        assert_eq!(lines.len(), 1, "one line for {file}:\n{report}");
        assert!(
            lines[0].to_lowercase().contains(&reason.to_lowercase()),
            "{file}: {}",
            lines[0]
        );
    }

    let good = hostile_good_docs();
    let r = search_json(&site, "", &["--limit", "100"]);
    assert_eq!(
        r["total"],
        good.len(),
        "the good documents are built:\n{report}"
    );
    // Each good document is found by a phrase of its own, and its link opens a file with a
    // FAT-safe name.
    let mut copies = std::collections::BTreeSet::new();
    for (rel, text) in &good {
        let rel: String = unicode_normalization::UnicodeNormalization::nfc(rel.as_str()).collect();
        let hits = search_json(&site, &phrase_from(text), &["--limit", "100"]);
        let hit = hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["path"] == rel.as_str())
            .unwrap_or_else(|| panic!("{rel} is found by its text: {hits}"));
        let url = percent_decode(hit["url"].as_str().unwrap());
        let file = site.join(&url);
        assert_eq!(
            fs::read_to_string(&file).ok().as_ref(),
            Some(text),
            "{rel} → {url}"
        );
        for name in url.split('/') {
            assert_eq!(fat_problem(name), None, "{url}");
        }
        copies.insert(url);
    }
    assert_eq!(
        copies.len(),
        good.len() - 1,
        "the duplicate shares one copy"
    );
    // Stored once, and no two names in a folder differ only in letter case.
    let stored: Vec<String> = site_files(&site.join("docs"))
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(stored.len(), good.len() - 1, "{stored:?}");
    let mut folded: Vec<String> = stored.iter().map(|s| s.to_lowercase()).collect();
    folded.sort();
    folded.dedup();
    assert_eq!(folded.len(), stored.len(), "{stored:?}");

    let manifest_before = fs::read(site.join("manifest.json")).unwrap();
    let strict = khlang(&[
        "build",
        &docs.to_string_lossy(),
        "--out",
        &site.to_string_lossy(),
        "--strict",
    ]);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on problems");
    assert_eq!(
        fs::read(site.join("manifest.json")).unwrap(),
        manifest_before,
        "site untouched"
    );
    let siblings: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        siblings.len(),
        2,
        "no staging folder left behind: {siblings:?}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    fs::write(
        docs.join("ok.txt"),
        "ประกาศเทศบาลตำบลทดสอบ เรื่อง การเผยแพร่ข้อมูล",
    )
    .unwrap();
    let locked = docs.join("locked.txt");
    fs::write(&locked, "ข้อความลับ").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_ok() {
        // Running as root: permissions cannot make a file unreadable; the walk-error path is
        // covered by the symbolic-link case below instead.
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
        std::os::unix::fs::symlink("/nonexistent/target", docs.join("dangling.txt")).unwrap();
    }
    let out = build_site(&docs, &tmp.path().join("site"), &[]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("locked.txt") || report.contains("dangling.txt"),
        "unreadable input reported:\n{report}"
    );
}

/// Every file of a site: relative path → bytes.
fn site_files(site: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(site)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Asserts that two sites hold the same files, byte for byte.
fn assert_same_site(a: &Path, b: &Path, why: &str) {
    let (fa, fb) = (site_files(a), site_files(b));
    assert_eq!(
        fa.iter().map(|f| &f.0).collect::<Vec<_>>(),
        fb.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "{why}: file lists differ"
    );
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{why}: {name} differs");
    }
}

/// The extraction-cache entry of the document whose text is `text`: the file (outside the
/// cached segments) holding its first run of 12 or more Thai letters that `unlike` lacks (JSON
/// leaves Thai as is). Entry names are hashes that change with every build of khlang, so no
/// other choice is stable.
fn cache_entry_of(dir: &Path, text: &str, unlike: &str) -> Option<std::path::PathBuf> {
    let thai = |c: char| ('\u{0E01}'..='\u{0E4E}').contains(&c);
    let run = text
        .split(|c: char| !thai(c))
        .find(|run| run.chars().count() >= 12 && !unlike.contains(run))?;
    entry_holding(dir, run)
}

/// The first file under `dir` (by name, depth first, not in segments/) that holds `run`.
fn entry_holding(dir: &Path, run: &str) -> Option<std::path::PathBuf> {
    let mut entries: Vec<_> = fs::read_dir(dir).ok()?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    entries.into_iter().find_map(|e| {
        let path = e.path();
        if path.is_dir() {
            (e.file_name() != "segments")
                .then(|| entry_holding(&path, run))
                .flatten()
        } else {
            let bytes = fs::read(&path).ok()?;
            String::from_utf8_lossy(&bytes)
                .contains(run)
                .then_some(path)
        }
    })
}

/// The build report's extraction-cache line: (extracted, from the cache).
fn cache_counts(output: &std::process::Output) -> Option<(usize, usize)> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr.lines().find(|l| l.starts_with("Extracted "))?;
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    Some((numbers[0], numbers[1]))
}

#[test]
fn the_same_input_gives_a_byte_identical_site_with_or_without_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let cache_arg = cache.to_string_lossy().into_owned();
    let reference = tmp.path().join("no-cache");
    let out = build_site(&samples(), &reference, &["--title", "ทดสอบ", "--no-cache"]);
    assert_eq!(cache_counts(&out), None, "--no-cache reports no cache");
    let n = sample_texts().len();
    // (label, expected (extracted, from cache))
    let cases = [("cold cache", (n, 0)), ("warm cache", (0, n))];
    for (label, want) in cases {
        let site = tmp.path().join(label);
        let out = build_site(
            &samples(),
            &site,
            &["--title", "ทดสอบ", "--cache", &cache_arg],
        );
        assert_eq!(cache_counts(&out), Some(want), "{label}");
        assert_same_site(&reference, &site, label);
    }
    let manifest: Value =
        serde_json::from_slice(&fs::read(reference.join("manifest.json")).unwrap()).unwrap();
    let listed = manifest["files"].as_array().unwrap().len();
    assert_eq!(
        listed + 2,
        site_files(&reference).len(),
        "manifest lists every file but itself and the seal (data/signature.js)"
    );
}

#[test]
fn a_rebuild_extracts_only_new_and_changed_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    copy_announcements(&docs);
    let cache = tmp.path().join("cache").to_string_lossy().into_owned();
    let site = tmp.path().join("site");
    build_site(&docs, &site, &["--cache", &cache]);
    let n = sample_texts().len();

    // One new document, one changed, one damaged cache entry (of another): three extractions.
    fs::write(docs.join("ใหม่.txt"), "ประกาศรับสมัครอาสาสมัครป้องกันภัยฝ่ายพลเรือน").unwrap();
    let changed = sample_texts()[0].0.clone();
    let before = fs::read_to_string(docs.join(&changed)).unwrap();
    let mut text = before.clone();
    text.push_str("\nแก้ไขเพิ่มเติมครั้งที่ ๒ เรื่องกำหนดการสำรวจระวางแนวเขต\n");
    fs::write(docs.join(&changed), text).unwrap();
    let other = &sample_texts()[1].1;
    let entry =
        cache_entry_of(Path::new(&cache), other, &before).expect("the other document's entry");
    fs::write(entry, "{damaged").unwrap();

    let out = build_site(&docs, &site, &["--cache", &cache]);
    let (extracted, cached) = cache_counts(&out).unwrap();
    assert_eq!((extracted + cached, cached), (n + 1, n - 3 + 1));
    for (query, want) in [
        ("อาสาสมัครป้องกันภัย", "ใหม่.txt"),
        ("สำรวจระวางแนวเขต", changed.as_str()),
    ] {
        let hits = hit_paths(&search_json(&site, query, &[]));
        assert_eq!(hits, vec![want.to_string()], "{query}");
    }
    // What the cache gave is what a build without it gives.
    let fresh = tmp.path().join("fresh");
    build_site(&docs, &fresh, &["--no-cache"]);
    assert_same_site(&fresh, &site, "cached rebuild vs build without cache");
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&samples(), &site, &[]);
    let before = site_files(&site);
    // Enough documents that the build is still running when it is killed.
    let docs = tmp.path().join("many");
    fs::create_dir_all(&docs).unwrap();
    for (i, (_, text)) in sample_texts().iter().cycle().take(400).enumerate() {
        fs::write(docs.join(format!("doc-{i:04}.txt")), text).unwrap();
    }
    let mut child = Command::new(khlang_bin())
        .args([
            "build",
            &docs.to_string_lossy(),
            "--out",
            &site.to_string_lossy(),
            // Cached extractions and segments would let the build finish before it is killed.
            "--no-cache",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = tmp.path().join(".site.khlang-new");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !staging.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(
        staging.exists(),
        "the build stages its output next to the site"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(site_files(&site), before, "previous site untouched");
    // The next build cleans up after the killed one.
    build_site(&samples(), &site, &[]);
    assert!(!staging.exists());
}

#[test]
fn documents_with_a_national_id_are_held_back_unless_reviewed() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    fs::create_dir_all(&docs).unwrap();
    // 1-1014-00012-34-9 has a valid checksum; written in Thai digits, dashed.
    fs::write(
        docs.join("welfare.txt"),
        "ประกาศรายชื่อผู้มีสิทธิรับเบี้ยยังชีพ\nนางสมศรี ใจดี เลขประจำตัวประชาชน ๑-๑๐๑๔-๐๐๐๑๒-๓๔-๙\n",
    )
    .unwrap();
    // The same digits with a wrong check digit are not an ID number.
    fs::write(
        docs.join("order.txt"),
        "ประกาศผลการจัดซื้อ เลขที่โครงการ 1101400012340 วงเงินงบประมาณ\n",
    )
    .unwrap();
    let site = tmp.path().join("site");
    let out = e2e::build_site_with_errors(&docs, &site, &[]);
    let report = String::from_utf8_lossy(&out.stderr);
    let line = report
        .lines()
        .find(|l| l.contains("welfare.txt"))
        .unwrap_or_default();
    assert!(
        line.contains("held back") && line.contains("x-xxxx-xxxxx-34-9"),
        "{report}"
    );
    assert!(
        !line.contains("1101400012349") && !line.contains("๑-๑๐๑๔"),
        "never print the number"
    );
    assert_eq!(hit_paths(&search_json(&site, "", &[])), vec!["order.txt"]);

    let before = fs::read(site.join("manifest.json")).unwrap();
    let strict = khlang(&[
        "build",
        &docs.to_string_lossy(),
        "--out",
        &site.to_string_lossy(),
        "--strict",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(fs::read(site.join("manifest.json")).unwrap(), before);

    fs::write(
        docs.join("catalogue.csv"),
        "file,reviewed\nwelfare.txt,yes\n",
    )
    .unwrap();
    build_site(&docs, &site, &[]);
    let mut paths = hit_paths(&search_json(&site, "", &[]));
    paths.sort();
    assert_eq!(
        paths,
        vec!["order.txt", "welfare.txt"],
        "reviewed documents are published"
    );
}

/// `khlang … | head`: the reader goes away, and every command that prints ends quietly, as a
/// program killed by SIGPIPE ends (status 141 in a shell), never with "internal error". The
/// pipe's reading end is closed before khlang starts, so each case meets a closed pipe for
/// certain, whatever the size of its output.
#[cfg(unix)]
#[test]
fn a_closed_output_pipe_ends_every_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    const SIGPIPE: i32 = 13;

    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&samples(), &site, &[]);
    let site = site.to_string_lossy().into_owned();
    let docs = samples().to_string_lossy().into_owned();
    let rebuilt = tmp.path().join("rebuilt").to_string_lossy().into_owned();
    // (what is run, its arguments, whether its stderr rather than its stdout is the pipe)
    let cases: &[(&str, Vec<&str>, bool)] = &[
        (
            "search --json",
            vec!["search", &site, "เทศบาล", "--json"],
            false,
        ),
        ("search, readable", vec!["search", &site, ""], false),
        ("check", vec!["check", &docs], false),
        ("check --json", vec!["check", &docs, "--json"], false),
        ("verify", vec!["verify", &site], false),
        ("analyze", vec!["analyze", "ประกาศเทศบาลตำบล"], false),
        ("no arguments (the guide)", vec![], false),
        (
            "build, stderr to the pipe",
            vec!["build", &docs, "--out", &rebuilt],
            true,
        ),
    ];
    for (what, args, stderr_piped) in cases {
        // A pipe whose reading end is gone before khlang starts: its first write meets it
        // closed whatever the timing (closing it after spawn raced with a fast command).
        let (reader, closed) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut command = Command::new(khlang_bin());
        command.args(args).stdin(Stdio::null());
        // The other stream stays with the child, read to its end by wait_with_output.
        if *stderr_piped {
            command.stdout(Stdio::piped()).stderr(closed);
        } else {
            command.stdout(closed).stderr(Stdio::piped());
        }
        let out = command
            .spawn()
            .expect("khlang starts")
            .wait_with_output()
            .expect("khlang ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.signal(),
            Some(SIGPIPE),
            "{what}: khlang should end as if by SIGPIPE; status {:?}, stderr: {stderr}",
            out.status
        );
        assert!(
            !stderr.contains("internal error") && (*stderr_piped || stderr.is_empty()),
            "{what}: nothing on stderr, got: {stderr}"
        );
    }
}

/// Output that cannot be written for another reason (a full disk under `> file`) is an error
/// that says so, with status 2, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn output_to_a_full_disk_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&samples(), &site, &[]);
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(khlang_bin())
        .args(["search", &site.to_string_lossy(), "เทศบาล", "--json"])
        .stdout(full)
        .output()
        .expect("khlang runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.contains("cannot write the output") && !stderr.contains("internal error"),
        "stderr: {stderr}"
    );
}
