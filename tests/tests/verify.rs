//! `khlang keygen`, `build --sign` and `verify`, through the real binary: an intact signed site
//! verifies and names its signer; any change to any file is reported by path.

use std::fs;
use std::path::{Path, PathBuf};

use e2e::{build_site, khlang};
use serde_json::Value;

const AGENCY: &str = "เทศบาลตำบลนาแซง";

/// Runs `khlang verify SITE EXTRA…`: (exit code, stdout).
fn verify(site: &Path, extra: &[&str]) -> (i32, String) {
    let site = site.to_string_lossy();
    let mut args = vec!["verify", site.as_ref()];
    args.extend_from_slice(extra);
    let out = khlang(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Makes a key pair in `dir` and returns (secret key file, public key file, fingerprint).
fn keygen(dir: &Path, name: &str) -> (PathBuf, PathBuf, String) {
    let out = khlang(&["keygen", "--out", &dir.to_string_lossy(), "--name", name]);
    assert!(
        out.status.success(),
        "keygen: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = dir.join("khlang-public-key.json");
    let json: Value = serde_json::from_slice(&fs::read(&public).unwrap()).unwrap();
    let fingerprint = json["fingerprint"].as_str().unwrap().to_string();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&fingerprint),
        "keygen prints the fingerprint"
    );
    (dir.join("khlang-secret-key.json"), public, fingerprint)
}

fn signed_site(tmp: &Path, key: &Path) -> PathBuf {
    let site = tmp.join("site");
    build_site(
        &e2e::announcements(),
        &site,
        &["--sign", &key.to_string_lossy()],
    );
    site
}

/// The path of the first published document of a site, relative to the site.
fn first_document(site: &Path) -> String {
    let mut names: Vec<String> = fs::read_dir(site.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    format!("docs/{}", names[0])
}

/// Changes one byte in the middle of a site file (to a byte that keeps a part script UTF-16:
/// never a surrogate).
fn change_one_byte(site: &Path, rel: &str) {
    let path = site.join(rel);
    let mut bytes = fs::read(&path).unwrap();
    let i = bytes.len() / 2;
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    fs::write(&path, bytes).unwrap();
}

#[test]
fn secret_key_is_private_and_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let (secret, _, _) = keygen(tmp.path(), AGENCY);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "secret key file mode");
    }
    let before = fs::read(&secret).unwrap();
    let again = khlang(&["keygen", "--out", &tmp.path().to_string_lossy()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(fs::read(&secret).unwrap(), before, "the old key is kept");
}

#[test]
fn an_intact_signed_site_verifies_and_names_its_signer() {
    let tmp = tempfile::tempdir().unwrap();
    let (secret, public, fingerprint) = keygen(&tmp.path().join("keys"), AGENCY);
    let site = signed_site(tmp.path(), &secret);
    let (code, out) = verify(
        &site,
        &["--require-signature", "--key", &public.to_string_lossy()],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "signed   by {AGENCY} · key fingerprint {fingerprint}"
        )),
        "{out}"
    );
    assert!(out.contains("OK:"), "{out}");

    let (code, json) = verify(&site, &["--json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["intact"], Value::Bool(true));
    assert_eq!(json["signature"]["status"], "signed");
    assert_eq!(json["signature"]["signer"], AGENCY);
    assert_eq!(json["signature"]["fingerprint"], fingerprint.as_str());

    // Someone else's key, however it is named, is not the agency's.
    let (_, other_public, _) = keygen(&tmp.path().join("other"), AGENCY);
    let (code, out) = verify(&site, &["--key", &other_public.to_string_lossy()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not with the expected key"), "{out}");
}

#[test]
fn every_change_to_a_signed_site_is_reported_by_path() {
    type Change = fn(&Path) -> String;
    let cases: Vec<(&str, Change, &str)> = vec![
        (
            "one byte of a document",
            |site| {
                let doc = first_document(site);
                change_one_byte(site, &doc);
                doc
            },
            "altered  ",
        ),
        (
            "one byte of an index part",
            |site| {
                change_one_byte(site, "data/part-000.js");
                "data/part-000.js".into()
            },
            "altered  ",
        ),
        (
            "one byte of the table of contents",
            |site| {
                change_one_byte(site, "data/archive.js");
                "data/archive.js".into()
            },
            "altered  ",
        ),
        (
            "one byte of the app",
            |site| {
                change_one_byte(site, "index.html");
                "index.html".into()
            },
            "altered  ",
        ),
        (
            "a deleted document",
            |site| {
                let doc = first_document(site);
                fs::remove_file(site.join(&doc)).unwrap();
                doc
            },
            "missing  ",
        ),
        (
            "an added file",
            |site| {
                fs::write(site.join("docs/ประกาศปลอม.pdf"), b"%PDF-1.4").unwrap();
                "docs/ประกาศปลอม.pdf".into()
            },
            "extra    ",
        ),
        (
            "a document and its manifest entry changed together",
            |site| {
                let doc = first_document(site);
                change_one_byte(site, &doc);
                let manifest_path = site.join("manifest.json");
                let mut manifest: Value =
                    serde_json::from_slice(&fs::read(&manifest_path).unwrap()).unwrap();
                let bytes = fs::read(site.join(&doc)).unwrap();
                for f in manifest["files"].as_array_mut().unwrap() {
                    if f["path"] == doc.as_str() {
                        f["sha256"] = Value::String(sha256_hex(&bytes));
                    }
                }
                fs::write(
                    &manifest_path,
                    serde_json::to_vec_pretty(&manifest).unwrap(),
                )
                .unwrap();
                "manifest.json".into()
            },
            "seal     ",
        ),
        (
            "the signer's name changed",
            |site| {
                let path = site.join("data/signature.js");
                let text = fs::read_to_string(&path).unwrap();
                let forged = text.replace("นาแซง", "นาแซ่ง");
                assert_ne!(forged, text);
                fs::write(&path, forged).unwrap();
                "signature does not match".into()
            },
            "seal     ",
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let (secret, _, _) = keygen(&tmp.path().join("keys"), AGENCY);
    for (label, change, prefix) in cases {
        let dir = tempfile::tempdir().unwrap();
        let site = signed_site(dir.path(), &secret);
        let named = change(&site);
        let (code, out) = verify(&site, &[]);
        assert_eq!(code, 1, "{label}: exit status\n{out}");
        let line = out
            .lines()
            .find(|l| l.starts_with(prefix) && l.contains(&named))
            .unwrap_or_else(|| panic!("{label}: no line {prefix:?} naming {named:?} in\n{out}"));
        assert!(
            line.contains("copy the whole site again"),
            "{label}: the line says what to do: {line}"
        );
        assert!(out.contains("NOT INTACT"), "{label}: {out}");
    }
}

#[test]
fn an_unsigned_site_verifies_as_unsigned() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&e2e::announcements(), &site, &[]);
    let (code, out) = verify(&site, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().any(|l| l.starts_with("unsigned")), "{out}");
    let (code, out) = verify(&site, &["--require-signature"]);
    assert_eq!(code, 1, "{out}");
    change_one_byte(&site, "data/part-000.js");
    let (code, out) = verify(&site, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("altered  data/part-000.js"), "{out}");
}

/// A site built before khlang sealed sites has manifest.json and no data/signature.js (the seal
/// came with `khlang verify`; the manifest's format and the files it lists are unchanged since).
/// Removing the seal of a fresh site is therefore that site exactly as far as verify reads it.
/// Such a site is told to rebuild, with its own exit status, unless its files are tampered too.
#[test]
fn a_site_built_before_sealing_is_told_to_rebuild_not_called_tampered() {
    const OLDER: &str = "built by an older khlang; rebuild with this version to seal it";
    type Change = fn(&Path);
    // (label, what else differs from the site as built, exit status, last line begins)
    let cases: [(&str, Change, i32, &str); 3] = [
        ("no seal, files as built", |_| {}, 3, "NOT SEALED: "),
        (
            "no seal, a document altered",
            |site| change_one_byte(site, &first_document(site)),
            1,
            "NOT INTACT: ",
        ),
        (
            "no seal, a file added",
            |site| fs::write(site.join("docs/extra.txt"), "x").unwrap(),
            1,
            "NOT INTACT: ",
        ),
    ];
    for (label, change, status, verdict) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        build_site(&e2e::announcements(), &site, &[]);
        fs::remove_file(site.join("data/signature.js")).unwrap();
        change(&site);
        let (code, out) = verify(&site, &[]);
        assert_eq!(code, status, "{label}: exit status\n{out}");
        let seal_line = out
            .lines()
            .find(|l| l.starts_with("unsealed data/signature.js is missing"))
            .unwrap_or_else(|| panic!("{label}: no seal line in\n{out}"));
        assert!(seal_line.contains(OLDER), "{label}: {seal_line}");
        assert!(
            seal_line.contains("khlang รุ่นเก่า"),
            "{label}: Thai beside it: {seal_line}"
        );
        let last = out.lines().last().unwrap_or_default();
        assert!(last.starts_with(verdict), "{label}: {last}");

        let (code, json) = verify(&site, &["--json"]);
        assert_eq!(code, status, "{label}: --json exit status");
        let json: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["intact"], Value::Bool(false), "{label}");
        assert_eq!(json["unsealed"], Value::Bool(status == 3), "{label}");
        assert_eq!(json["signature"]["status"], "unsealed", "{label}");
    }

    // merge takes in only sealed archives, and says the same about this one.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    build_site(&e2e::announcements(), &site, &[]);
    fs::remove_file(site.join("data/signature.js")).unwrap();
    let out = khlang(&[
        "merge",
        &site.to_string_lossy(),
        "--out",
        &tmp.path().join("merged").to_string_lossy(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(OLDER), "{stderr}");
}

#[test]
fn verify_and_sign_refuse_what_they_cannot_use() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _) = verify(tmp.path(), &[]);
    assert_eq!(code, 2, "a folder that is not a site");
    // A secret key inside the documents folder would be published with them.
    let docs = tmp.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::copy(e2e::announcements().join(sample_name()), docs.join("a.txt")).unwrap();
    let (secret, _, _) = keygen(&docs, AGENCY);
    let out = khlang(&[
        "build",
        &docs.to_string_lossy(),
        "--out",
        &tmp.path().join("site").to_string_lossy(),
        "--sign",
        &secret.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("where it would be published"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!tmp.path().join("site").exists(), "nothing was built");
}

fn sample_name() -> String {
    let mut names: Vec<String> = fs::read_dir(e2e::announcements())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names.remove(0)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
