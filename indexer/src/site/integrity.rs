//! Is a site exactly what was built, and who sealed it? One check, so that what `khlang verify`
//! prints and what `khlang merge` and `khlang publish` demand of every archive they take in
//! (crate::site::published) never disagree.
//!
//! Every file is hashed and compared with manifest.json; files the manifest does not list are
//! extra. The seal (data/signature.js) must name the manifest's hash and the archive's table of
//! contents, and its signature, if any, must hold. A site with no seal at all is not called
//! tampered: sites built before khlang sealed them have none ([`SealState::Missing`]).

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use catalog::archive::{parse_toc_script, sha256_hex, TOC_FILE};
use catalog::signature::{parse_seal_script, toc_digest, SignedBy, Statement, SIGNATURE_FILE};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::manifest::{Manifest, ManifestEntry, MANIFEST_FILE};
use crate::keys::{display_signer, PublicKey};

/// What the seal says.
pub enum SealState {
    /// The statement, signed by the key in `SignedBy`.
    Signed(SignedBy, Statement),
    /// The statement, signed by no one.
    Unsigned(Statement),
    /// There is no seal: the site was built by a khlang older than sealing (manifest.json
    /// alone), or its seal was deleted — which cannot be told apart, so neither is claimed as
    /// fact; rebuilding seals it ([`UNSEALED`]).
    Missing,
    /// The seal is damaged or does not match the site; the reason, for a person.
    Broken(String),
}

/// What a site without a seal is, and what to do, in English and in Thai (staff read either).
pub const UNSEALED: &str = "built by an older khlang; rebuild with this version to seal it / \
                            สร้างด้วย khlang รุ่นเก่า: สร้างใหม่ด้วยรุ่นนี้เพื่อผนึกเว็บไซต์";

/// The outcome of checking a site.
pub struct Integrity {
    pub manifest: Manifest,
    /// Hex SHA-256 of manifest.json's bytes.
    pub manifest_sha256: String,
    pub missing: Vec<String>,
    pub altered: Vec<String>,
    pub extra: Vec<String>,
    pub seal: SealState,
}

impl Integrity {
    /// Every file as built, and a seal that matches them.
    pub fn intact(&self) -> bool {
        self.files_as_listed() && !matches!(self.seal, SealState::Broken(_) | SealState::Missing)
    }

    /// Every file as its manifest lists it, but no seal: a site built before sealing (see
    /// [`SealState::Missing`]), not a tampered one.
    pub fn unsealed(&self) -> bool {
        self.files_as_listed() && matches!(self.seal, SealState::Missing)
    }

    fn files_as_listed(&self) -> bool {
        self.missing.is_empty() && self.altered.is_empty() && self.extra.is_empty()
    }
}

/// Checks the site at `site`: every file against its manifest, and the seal. An error only when
/// `site` is not a site at all (no manifest, or a manifest that is not one).
pub fn check(site: &Path) -> Result<Integrity> {
    let manifest_path = site.join(MANIFEST_FILE);
    if !site.is_dir() || !manifest_path.is_file() {
        bail!(
            "{} is not a khlang site: {} is missing. Give the folder that holds index.html and manifest.json",
            site.display(),
            MANIFEST_FILE
        );
    }
    let manifest_bytes = fs::read(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).with_context(|| {
        format!(
            "{} is damaged (not a khlang manifest); copy the site again from the original",
            manifest_path.display()
        )
    })?;
    let (missing, altered) = check_files(site, &manifest);
    let extra = extra_files(site, &manifest)?;
    Ok(Integrity {
        seal: check_seal(site, &manifest_bytes),
        manifest_sha256: sha256_hex(&manifest_bytes),
        manifest,
        missing,
        altered,
        extra,
    })
}

/// What is wrong with the seal when a signature is demanded: any signature (`require`), or one
/// by a key in `keys` (when not empty). `None` when the demand is met.
pub fn signature_problem(seal: &SealState, keys: &[PublicKey], require: bool) -> Option<String> {
    match seal {
        SealState::Signed(by, _)
            if keys.is_empty() || keys.iter().any(|k| k.public_key == by.public_key) =>
        {
            None
        }
        SealState::Signed(by, _) => {
            let expected: Vec<String> = keys
                .iter()
                .map(|k| format!("{} ({})", k.fingerprint, display_signer(&k.signer)))
                .collect();
            Some(format!(
                "signed with key {} ({}), not with the expected key {}",
                by.fingerprint,
                display_signer(&by.signer),
                expected.join(" or ")
            ))
        }
        SealState::Unsigned(_) if !keys.is_empty() => {
            Some("the site is not signed, but --key expects a signature".into())
        }
        SealState::Unsigned(_) if require => {
            Some("the site is not signed (--require-signature)".into())
        }
        SealState::Unsigned(_) | SealState::Missing | SealState::Broken(_) => None,
    }
}

/// The listed files that are missing, and those whose contents differ, hashed on all cores.
fn check_files(site: &Path, manifest: &Manifest) -> (Vec<String>, Vec<String>) {
    let outcomes: Vec<(&ManifestEntry, FileState)> = manifest
        .files
        .par_iter()
        .map(|entry| (entry, file_state(&site.join(&entry.path), entry)))
        .collect();
    let (mut missing, mut altered) = (Vec::new(), Vec::new());
    for (entry, state) in outcomes {
        match state {
            FileState::Intact => {}
            FileState::Missing => missing.push(entry.path.clone()),
            FileState::Altered => altered.push(entry.path.clone()),
        }
    }
    (missing, altered)
}

/// Files the manifest does not list (besides itself and the seal written after it).
fn extra_files(site: &Path, manifest: &Manifest) -> Result<Vec<String>> {
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    let mut extra = Vec::new();
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
            extra.push(rel);
        }
    }
    Ok(extra)
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
        return SealState::Missing;
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
        Some(by) => SealState::Signed(by, checked.statement),
        None => SealState::Unsigned(checked.statement),
    }
}
