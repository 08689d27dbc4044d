//! `khlang merge`, through the real binary: two agencies' archives — the demo folder (samples/),
//! signed, and the five announcements, unsigned — built, then joined into one archive, which
//! `khlang search --json` and `khlang verify` read back as any other site.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use e2e::{build_site, copy_announcements, khlang, percent_decode, repo_root, search_json};
use serde_json::{json, Value};

/// The signed agency (samples/) and its province, set in its catalogue.csv.
const SIGNER: &str = "เทศบาลตำบลนาแซง";
const PROVINCE_A: &str = "นครพนม";
/// The unsigned agency's title (announcements) and its province.
const TITLE_B: &str = "เทศบาลนครหาดใหญ่";
const PROVINCE_B: &str = "สงขลา";
/// The facet value of a document without one.
const UNSPECIFIED: &str = "ไม่ระบุ";

/// The two inputs and their merge, made once for every test of this file.
struct Fixture {
    root: PathBuf,
    a: PathBuf,
    b: PathBuf,
    merged: PathBuf,
    public_key: PathBuf,
    /// `ed25519:` and the key's fingerprint in lower-case hex.
    archive_a: String,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let root = repo_root().join("target/tmp/e2e-merge");
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("a folder for the merge tests");

        let docs_a = root.join("docs-a");
        e2e::copy_dir(&repo_root().join("samples"), &docs_a);
        add_province(&docs_a, PROVINCE_A);
        let docs_b = root.join("docs-b");
        copy_announcements(&docs_b);
        add_province(&docs_b, PROVINCE_B);

        let keys = root.join("keys");
        let out = khlang(&["keygen", "--out", &keys.to_string_lossy(), "--name", SIGNER]);
        assert!(out.status.success(), "keygen: {}", stderr(&out));
        let public_key = keys.join("khlang-public-key.json");
        let key: Value = serde_json::from_slice(&fs::read(&public_key).expect("the public key"))
            .expect("the public key is JSON");
        let fingerprint = key["fingerprint"].as_str().expect("a fingerprint");
        let archive_a = format!("ed25519:{}", fingerprint.replace(' ', "").to_lowercase());

        let a = root.join("site-a");
        let secret = keys.join("khlang-secret-key.json");
        let secret = secret.to_string_lossy();
        let common = ["--no-cache", "--no-ocr"];
        build_site(
            &docs_a,
            &a,
            &[&common[..], &["--title", SIGNER, "--sign", &secret]].concat(),
        );
        let b = root.join("site-b");
        build_site(&docs_b, &b, &[&common[..], &["--title", TITLE_B]].concat());
        let merged = root.join("merged");
        merge(&[&a, &b], &merged, &[]);
        Fixture {
            root,
            a,
            b,
            merged,
            public_key,
            archive_a,
        }
    })
}

/// Runs `khlang merge SITES… --out OUT EXTRA…`; panics with its output when it fails.
fn merge(sites: &[&Path], out: &Path, extra: &[&str]) -> String {
    let output = try_merge(sites, out, extra);
    assert!(
        output.status.success(),
        "merge failed:\n{}",
        stderr(&output)
    );
    stderr(&output)
}

fn try_merge(sites: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(sites.iter().map(|s| s.to_string_lossy().into_owned()));
    args.extend(["--out".into(), out.to_string_lossy().into_owned()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    khlang(&args)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every document of `site`.
fn all(site: &Path, extra: &[&str]) -> Value {
    search_json(site, "", &[&["--limit", "1000"], extra].concat())
}

fn hits(result: &Value) -> Vec<Value> {
    result["hits"].as_array().cloned().unwrap_or_default()
}

/// The folder of an archive in the merge: the first part of its documents' paths.
fn folder(path: &str) -> &str {
    path.split('/').next().unwrap_or_default()
}

/// What a document of the signed and of the unsigned archive carries as its source.
fn source_a(f: &Fixture) -> Value {
    json!({"archive": f.archive_a, "signer": SIGNER})
}

fn source_b() -> Value {
    json!({"archive": format!("title:{TITLE_B}")})
}

#[test]
fn every_document_of_both_archives_is_in_the_merge_with_its_source() {
    let f = fixture();
    let (a, b, merged) = (all(&f.a, &[]), all(&f.b, &[]), all(&f.merged, &[]));
    let total = |r: &Value| r["total"].as_u64().unwrap_or_default();
    assert!(total(&a) > 0 && total(&b) > 0);
    assert_eq!(total(&merged), total(&a) + total(&b));
    // Each input's paths come back under its own folder, with its own source.
    for (input, source, folder_name) in [(&a, source_a(f), SIGNER), (&b, source_b(), TITLE_B)] {
        let want: BTreeSet<String> = hits(input)
            .iter()
            .map(|h| format!("{folder_name}/{}", h["path"].as_str().unwrap_or_default()))
            .collect();
        let got: BTreeSet<String> = hits(&merged)
            .iter()
            .filter(|h| h["source"] == source)
            .map(|h| h["path"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(got, want, "{folder_name}");
    }
    // The inputs' own archives carry no source: their seal speaks for them.
    assert!(hits(&a).iter().all(|h| h.get("source").is_none()));
}

#[test]
fn a_word_only_one_archive_has_is_found_in_that_archive_only() {
    let f = fixture();
    // (word, the archive that has it, its folder, its source)
    let cases = [
        ("แผ่นงาน", &f.a, &f.b, SIGNER, source_a(f)),
        ("2567", &f.a, &f.b, SIGNER, source_a(f)),
        ("ข่าวสารสำคัญ", &f.b, &f.a, TITLE_B, source_b()),
        ("ข้อมูลแผนงาน", &f.b, &f.a, TITLE_B, source_b()),
    ];
    for (word, has, lacks, folder_name, source) in cases {
        let own = search_json(has, word, &[]);
        assert!(own["total"].as_u64() > Some(0), "{word} is in its archive");
        assert_eq!(
            search_json(lacks, word, &[])["total"],
            0,
            "{word} only there"
        );
        let merged = search_json(&f.merged, word, &["--limit", "100"]);
        assert_eq!(merged["total"], own["total"], "{word}");
        for hit in hits(&merged) {
            let path = hit["path"].as_str().unwrap_or_default();
            assert_eq!(folder(path), folder_name, "{word}: {path}");
            assert_eq!(hit["source"], source, "{word}: {path}");
        }
    }
}

#[test]
fn agency_and_province_facets_count_and_filter_across_archives() {
    let f = fixture();
    let (a, b, merged) = (all(&f.a, &[]), all(&f.b, &[]), all(&f.merged, &[]));
    let count = |r: &Value| r["total"].as_u64().unwrap_or_default();
    assert_eq!(
        merged["facets"]["province"],
        json!({PROVINCE_A: count(&a), PROVINCE_B: count(&b)})
    );
    // The agency facet is the two archives' added up.
    let mut agencies: BTreeMap<String, u64> = BTreeMap::new();
    for input in [&a, &b] {
        for (agency, n) in input["facets"]["agency"].as_object().into_iter().flatten() {
            *agencies.entry(agency.clone()).or_default() += n.as_u64().unwrap_or_default();
        }
    }
    assert_eq!(merged["facets"]["agency"], json!(agencies));
    assert!(agencies.len() > 1, "several agencies: {agencies:?}");

    for (province, want, source) in [(PROVINCE_A, &a, source_a(f)), (PROVINCE_B, &b, source_b())] {
        let only = all(&f.merged, &["--province", province]);
        assert_eq!(only["total"], want["total"], "{province}");
        assert!(
            hits(&only).iter().all(|h| h["source"] == source),
            "{province}"
        );
    }
    for (agency, n) in &agencies {
        let only = all(&f.merged, &["--agency", agency]);
        assert_eq!(only["total"].as_u64(), Some(*n), "{agency}");
        // A document without one is counted, and found, under ไม่ระบุ (unspecified).
        let shown = |h: &Value| h["agency"].as_str().unwrap_or(UNSPECIFIED).to_string();
        assert!(hits(&only).iter().all(|h| shown(h) == *agency), "{agency}");
    }
}

#[test]
fn every_copy_is_at_its_url_and_is_its_agency_s_file() {
    let f = fixture();
    // The inputs' copies by the path the merge gives their documents.
    let mut originals: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (site, folder_name) in [(&f.a, SIGNER), (&f.b, TITLE_B)] {
        for hit in hits(&all(site, &[])) {
            let path = format!("{folder_name}/{}", hit["path"].as_str().unwrap_or_default());
            let url = percent_decode(hit["url"].as_str().unwrap_or_default());
            originals.insert(path, site.join(url));
        }
    }
    let merged = hits(&all(&f.merged, &[]));
    assert_eq!(merged.len(), originals.len());
    let mut urls = BTreeSet::new();
    for hit in merged {
        let path = hit["path"].as_str().unwrap_or_default();
        let url = percent_decode(hit["url"].as_str().unwrap_or_default());
        assert!(
            url.starts_with(&format!("docs/{}/", folder(path))),
            "{path}: {url}"
        );
        let copy = fs::read(f.merged.join(&url)).unwrap_or_else(|e| panic!("{url}: {e}"));
        let original = fs::read(&originals[path]).expect("the input's copy");
        assert!(
            copy == original,
            "{path}: the copy differs from its agency's"
        );
        urls.insert(url);
    }
    assert_eq!(
        urls.len(),
        originals.len(),
        "no two documents share a copy here"
    );
}

#[test]
fn the_merged_site_verifies() {
    let f = fixture();
    let out = khlang(&["verify", &f.merged.to_string_lossy()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("OK:"), "{text}");
}

#[test]
fn merging_the_same_archives_again_gives_the_same_bytes() {
    let f = fixture();
    // In the other order, and again over the first merge (which links unchanged copies).
    let reversed = f.root.join("reversed");
    merge(&[&f.b, &f.a], &reversed, &[]);
    assert_eq!(files(&reversed), files(&f.merged));
    let again = f.root.join("again");
    merge(&[&f.a, &f.b], &again, &[]);
    let before = files(&again);
    merge(&[&f.a, &f.b], &again, &[]);
    assert_eq!(files(&again), before);
    assert_eq!(before, files(&f.merged));
}

#[test]
fn archives_that_cannot_be_trusted_are_refused_by_name() {
    let f = fixture();
    let tampered = f.root.join("tampered");
    e2e::copy_dir(&f.b, &tampered);
    let doc = first_file(&tampered.join("docs"));
    fs::write(&doc, "แก้ไขแล้ว").expect("a document to alter");
    let key = f.public_key.to_string_lossy().into_owned();
    let cases = [
        Refusal {
            label: "unsigned under --require-signature",
            sites: vec![&f.a, &f.b],
            extra: vec!["--require-signature"],
            named: &f.b,
            reason: "not signed",
        },
        Refusal {
            label: "unsigned under --key",
            sites: vec![&f.a, &f.b],
            extra: vec!["--key", &key],
            named: &f.b,
            reason: "not signed",
        },
        Refusal {
            label: "tampered",
            sites: vec![&f.a, &tampered],
            extra: vec![],
            named: &tampered,
            reason: "altered",
        },
        Refusal {
            label: "the same archive twice",
            sites: vec![&f.a, &f.a],
            extra: vec![],
            named: &f.a,
            reason: "same archive",
        },
    ];
    for Refusal {
        label,
        sites,
        extra,
        named,
        reason,
    } in cases
    {
        let out = f.root.join(format!("refused-{}", label.replace(' ', "-")));
        let result = try_merge(&sites, &out, &extra);
        let message = stderr(&result);
        assert_eq!(result.status.code(), Some(2), "{label}: {message}");
        assert!(
            message.contains(&named.display().to_string()) && message.contains(reason),
            "{label}: {message}"
        );
        assert!(!out.exists(), "{label}: nothing written");
    }
    // The signed archive alone passes both demands.
    let signed = f.root.join("signed-only");
    merge(&[&f.a], &signed, &["--require-signature", "--key", &key]);
    assert_eq!(all(&signed, &[])["total"], all(&f.a, &[])["total"]);
}

/// A merge that must fail, naming the input it refuses and why.
struct Refusal<'a> {
    label: &'a str,
    sites: Vec<&'a Path>,
    extra: Vec<&'a str>,
    named: &'a Path,
    reason: &'a str,
}

/// Every file under `root` with its bytes, by relative path.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("a folder of the site").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("inside").to_string_lossy();
                out.insert(
                    rel.into_owned(),
                    fs::read(&path).expect("a file of the site"),
                );
            }
        }
    }
    out
}

fn first_file(dir: &Path) -> PathBuf {
    files(dir)
        .keys()
        .next()
        .map(|rel| dir.join(rel))
        .expect("a document in the site")
}

/// Sets `province` for every document of `docs` in its catalogue.csv (keeping what the file
/// already says of each).
fn add_province(docs: &Path, province: &str) {
    let csv = docs.join("catalogue.csv");
    let old = fs::read_to_string(&csv).unwrap_or_else(|_| "file\n".into());
    let mut lines = old.lines();
    let header = lines.next().unwrap_or("file");
    let columns = header.split(',').count();
    let mut text = format!("{header},province\n");
    let mut listed = BTreeSet::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        listed.insert(line.split(',').next().unwrap_or_default().to_string());
        text.push_str(&format!("{line},{province}\n"));
    }
    for rel in files(docs).keys() {
        let rel = rel.replace('\\', "/");
        if rel != "catalogue.csv" && !listed.contains(&rel) {
            let empty = ",".repeat(columns - 1);
            text.push_str(&format!("\"{rel}\"{empty},{province}\n"));
        }
    }
    fs::write(&csv, text).expect("catalogue.csv is written");
}
