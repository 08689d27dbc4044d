//! Writing a site's seal (data/signature.js) after its manifest, and reading it back.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use catalog::archive::{parse_toc_script, sha256_hex, TOC_FILE};
use catalog::signature::{toc_digest, Seal, Statement, SIGNATURE_FILE, STATEMENT_FORMAT};

use super::manifest::MANIFEST_FILE;
use crate::keys::SecretKey;

/// Writes the seal of the finished site at `root`: signed with `key`, or unsigned without one.
/// manifest.json and data/archive.js must be written already.
pub fn write(root: &Path, title: &str, generator: &str, key: Option<&SecretKey>) -> Result<()> {
    let manifest = read(root, MANIFEST_FILE)?;
    let toc_text = String::from_utf8(read(root, TOC_FILE)?)
        .with_context(|| format!("{TOC_FILE} just written is not UTF-8"))?;
    let toc = parse_toc_script(&toc_text)?;
    let statement = Statement {
        format: STATEMENT_FORMAT,
        signer: key.map(|k| k.signer.clone()).unwrap_or_default(),
        title: title.to_string(),
        generator: generator.to_string(),
        manifest_sha256: sha256_hex(&manifest),
        archive_toc_sha256: toc_digest(&toc),
    };
    let seal = match key {
        Some(key) => Seal::signed(&statement, &key.secret),
        None => Seal::unsigned(&statement),
    };
    let path = root.join(SIGNATURE_FILE);
    fs::write(&path, seal.to_script()).with_context(|| format!("cannot write {}", path.display()))
}

fn read(root: &Path, rel: &str) -> Result<Vec<u8>> {
    let path = root.join(rel);
    fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
}
