//! `khlang verify SITE`: is this copy of a site exactly what was built, and who signed it?
//!
//! Every file is hashed and compared with manifest.json; files the manifest does not list are
//! extra. The seal (data/signature.js) must name the manifest's hash and the archive's table of
//! contents, and its signature, if any, must hold. Exit status: 0 intact, 1 not intact, 2 when
//! SITE cannot be checked at all.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use catalog::archive::{parse_toc_script, sha256_hex, TOC_FILE};
use catalog::signature::{parse_seal_script, toc_digest, SignedBy, SIGNATURE_FILE};
use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::cli::VerifyArgs;
use crate::keys::{display_signer, PublicKey};
use crate::site::{Manifest, ManifestEntry, MANIFEST_FILE};

/// What the seal says.
enum SealState {
    Signed(SignedBy),
    Unsigned,
    /// The seal is missing, damaged, or does not match the site; the reason, for a person.
    Broken(String),
}

/// The outcome of checking a site.
struct Report {
    files: usize,
    missing: Vec<String>,
    altered: Vec<String>,
    extra: Vec<String>,
    seal: SealState,
    /// Set when a signature was demanded (--require-signature, --key) and is not there or not the one.
    signature_problem: Option<String>,
}

impl Report {
    fn intact(&self) -> bool {
        self.missing.is_empty()
            && self.altered.is_empty()
            && self.extra.is_empty()
            && !matches!(self.seal, SealState::Broken(_))
            && self.signature_problem.is_none()
    }
}

/// Runs `khlang verify`.
pub fn run(args: &VerifyArgs) -> Result<ExitCode> {
    let site = &args.site;
    let manifest_path = site.join(MANIFEST_FILE);
    if !site.is_dir() || !manifest_path.is_file() {
        bail!(
            "{} is not a khlang site: {} is missing. Give the folder that holds index.html and manifest.json",
            site.display(),
            MANIFEST_FILE
        );
    }
    let expected_key = args.key.as_deref().map(PublicKey::read).transpose()?;
    let manifest_bytes = fs::read(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).with_context(|| {
        format!(
            "{} is damaged (not a khlang manifest); copy the site again from the original",
            manifest_path.display()
        )
    })?;

    let mut report = check_files(site, &manifest)?;
    report.seal = check_seal(site, &manifest_bytes);
    report.signature_problem = match (&report.seal, &expected_key) {
        (SealState::Signed(by), Some(key)) if by.public_key != key.public_key => Some(format!(
            "signed with key {} ({}), not with the expected key {} ({})",
            by.fingerprint,
            display_signer(&by.signer),
            key.fingerprint,
            display_signer(&key.signer)
        )),
        (SealState::Unsigned, Some(_)) => {
            Some("the site is not signed, but --key expects a signature".into())
        }
        (SealState::Unsigned, None) if args.require_signature => {
            Some("the site is not signed (--require-signature)".into())
        }
        _ => None,
    };

    if args.json {
        outln!("{}", report_json(&report))?;
    } else {
        print_report(site, &report)?;
    }
    Ok(if report.intact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Hashes every listed file and looks for files the manifest does not list.
fn check_files(site: &Path, manifest: &Manifest) -> Result<Report> {
    let outcomes: Vec<(&ManifestEntry, FileState)> = manifest
        .files
        .par_iter()
        .map(|entry| (entry, file_state(&site.join(&entry.path), entry)))
        .collect();
    let mut report = Report {
        files: manifest.files.len(),
        missing: Vec::new(),
        altered: Vec::new(),
        extra: Vec::new(),
        seal: SealState::Unsigned,
        signature_problem: None,
    };
    for (entry, state) in outcomes {
        match state {
            FileState::Intact => {}
            FileState::Missing => report.missing.push(entry.path.clone()),
            FileState::Altered => report.altered.push(entry.path.clone()),
        }
    }
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for item in walkdir::WalkDir::new(site).sort_by_file_name() {
        let item = item.with_context(|| format!("cannot list the files of {}", site.display()))?;
        if item.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = item.path().strip_prefix(site) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel != MANIFEST_FILE && rel != SIGNATURE_FILE && !listed.contains(rel.as_str()) {
            report.extra.push(rel);
        }
    }
    Ok(report)
}

enum FileState {
    Intact,
    Missing,
    Altered,
}

fn file_state(path: &Path, entry: &ManifestEntry) -> FileState {
    let Ok(mut file) = fs::File::open(path) else {
        return FileState::Missing;
    };
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                size += n as u64;
            }
            // A file that cannot be read to its end is not the file that was built.
            Err(_) => return FileState::Altered,
        }
    }
    let sha: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if size == entry.size && sha == entry.sha256 {
        FileState::Intact
    } else {
        FileState::Altered
    }
}

/// Checks the seal against the manifest's bytes and the archive's table of contents.
fn check_seal(site: &Path, manifest_bytes: &[u8]) -> SealState {
    let path = site.join(SIGNATURE_FILE);
    if !path.exists() {
        return SealState::Broken(format!(
            "{SIGNATURE_FILE} is missing: the site cannot be checked against what was built or signed"
        ));
    }
    let checked = fs::read(&path)
        .map_err(|e| format!("cannot read {SIGNATURE_FILE}: {e}"))
        .and_then(|b| {
            String::from_utf8(b).map_err(|_| format!("{SIGNATURE_FILE} is damaged (not UTF-8)"))
        })
        .and_then(|text| parse_seal_script(&text).map_err(|e| e.to_string()))
        .and_then(|seal| seal.check().map_err(|e| e.to_string()));
    let checked = match checked {
        Ok(c) => c,
        Err(reason) => return SealState::Broken(reason),
    };
    if checked.statement.manifest_sha256 != sha256_hex(manifest_bytes) {
        return SealState::Broken(format!(
            "{MANIFEST_FILE} was changed after the site was built{}",
            if checked.signed_by.is_some() {
                " and signed"
            } else {
                ""
            }
        ));
    }
    let toc = fs::read(site.join(TOC_FILE))
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|text| parse_toc_script(&text).ok());
    match toc {
        Some(toc) if toc_digest(&toc) == checked.statement.archive_toc_sha256 => {}
        // The manifest check names data/archive.js too; this keeps verify's verdict and the
        // app's identical.
        _ => {
            return SealState::Broken(format!(
                "{TOC_FILE} does not match the statement in {SIGNATURE_FILE}"
            ))
        }
    }
    match checked.signed_by {
        Some(by) => SealState::Signed(by),
        None => SealState::Unsigned,
    }
}

const ADVICE: &str = "copy the whole site again from the original, or rebuild it";

fn print_report(site: &Path, report: &Report) -> Result<(), crate::output::WriteError> {
    for path in &report.altered {
        outln!("altered  {path} — its contents differ from the site as built; {ADVICE}")?;
    }
    for path in &report.missing {
        outln!("missing  {path} — {ADVICE}")?;
    }
    for path in &report.extra {
        outln!("extra    {path} — not part of the site as built; delete it, or {ADVICE}")?;
    }
    match &report.seal {
        SealState::Signed(by) => outln!(
            "signed   by {} · key fingerprint {} — {}",
            display_signer(&by.signer),
            by.fingerprint,
            if report.intact() {
                "compare the fingerprint with the one the agency publishes"
            } else {
                "the signature holds, but the files above are not what was signed"
            }
        )?,
        SealState::Unsigned => outln!(
            "unsigned the site carries no signature: its files match its manifest, but nothing says who built it"
        )?,
        SealState::Broken(reason) => outln!("seal     {reason}; {ADVICE}")?,
    }
    if let Some(problem) = &report.signature_problem {
        outln!("signature {problem}")?;
    }
    let problems = report.altered.len() + report.missing.len() + report.extra.len();
    if report.intact() {
        outln!(
            "OK: {} intact, all {} files as built",
            site.display(),
            report.files
        )?;
    } else {
        outln!(
            "NOT INTACT: {}: {} altered, {} missing, {} extra{}",
            site.display(),
            report.altered.len(),
            report.missing.len(),
            report.extra.len(),
            if problems == 0 {
                "; see the signature line above"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

fn report_json(report: &Report) -> serde_json::Value {
    let signature = match &report.seal {
        SealState::Signed(by) => json!({
            "status": "signed",
            "signer": by.signer,
            "fingerprint": by.fingerprint,
            "public_key": by.public_key,
        }),
        SealState::Unsigned => json!({ "status": "unsigned" }),
        SealState::Broken(reason) => json!({ "status": "invalid", "problem": reason }),
    };
    json!({
        "intact": report.intact(),
        "files": report.files,
        "altered": report.altered,
        "missing": report.missing,
        "extra": report.extra,
        "signature": signature,
        "signature_problem": report.signature_problem,
    })
}
