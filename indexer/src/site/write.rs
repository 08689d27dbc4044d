//! Writing site files while recording them in the manifest.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::manifest::{Manifest, ManifestEntry, MANIFEST_FILE};

/// Writes files under a site root and keeps the manifest of what was written.
pub struct SiteWriter {
    root: PathBuf,
    manifest: Manifest,
}

impl SiteWriter {
    /// Starts a site in `root`, which must be an empty or new folder.
    pub fn new(root: &Path, generator: &str) -> Result<SiteWriter> {
        fs::create_dir_all(root).with_context(|| format!("cannot create {}", root.display()))?;
        Ok(SiteWriter {
            root: root.to_path_buf(),
            manifest: Manifest {
                generator: generator.to_string(),
                files: Vec::new(),
            },
        })
    }

    /// Writes `bytes` to `rel` (a '/'-separated path under the root).
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        let entry = self.put(rel, bytes)?;
        self.record(entry);
        Ok(())
    }

    /// Writes `bytes` to `rel` and returns its manifest entry for [`SiteWriter::record`]; takes
    /// `&self`, so files can be written on all cores.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<ManifestEntry> {
        let path = self.prepare(rel)?;
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(entry(
            rel,
            bytes.len() as u64,
            &Sha256::digest(bytes).into(),
        ))
    }

    /// Puts the document `src`, whose content hash is `hash`, at `rel`, and returns its
    /// manifest entry for [`SiteWriter::record`]. Takes `&self` so documents can be copied on
    /// all cores.
    ///
    /// When `previous` (the site being replaced) holds a file at `rel` with the same content,
    /// it is hard-linked instead of copied: a rebuild then writes only new documents. The old
    /// copy is hashed first, so a copy altered on the stick is never carried over.
    pub fn copy(
        &self,
        rel: &str,
        src: &Path,
        hash: &[u8; 32],
        previous: &Path,
    ) -> Result<ManifestEntry> {
        let path = self.prepare(rel)?;
        let old = previous.join(rel);
        if let Ok((size, sum)) = hash_file(&old) {
            if sum == *hash && fs::hard_link(&old, &path).is_ok() {
                return Ok(entry(rel, size, &sum));
            }
        }
        let mut input =
            fs::File::open(src).with_context(|| format!("cannot read {}", src.display()))?;
        let mut output =
            fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut size = 0u64;
        loop {
            let n = input
                .read(&mut buf)
                .with_context(|| format!("cannot read {}", src.display()))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            output
                .write_all(&buf[..n])
                .with_context(|| format!("cannot write {}", path.display()))?;
            size += n as u64;
        }
        // Made durable with the rest of the site before it replaces the old one (swap::flush).
        Ok(entry(rel, size, &hasher.finalize().into()))
    }

    /// Records a file written by [`SiteWriter::copy`] or [`SiteWriter::put`] in the manifest.
    pub fn record(&mut self, entry: ManifestEntry) {
        self.manifest.files.push(entry);
    }

    /// Writes manifest.json and returns the manifest.
    pub fn finish(mut self) -> Result<Manifest> {
        self.manifest.files.sort_by(|a, b| a.path.cmp(&b.path));
        let json = serde_json::to_vec_pretty(&self.manifest)?;
        let path = self.root.join(MANIFEST_FILE);
        fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(self.manifest)
    }

    fn prepare(&self, rel: &str) -> Result<PathBuf> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        Ok(path)
    }
}

fn entry(rel: &str, size: u64, sha256: &[u8; 32]) -> ManifestEntry {
    ManifestEntry {
        path: rel.to_string(),
        size,
        sha256: hex(sha256),
    }
}

/// Size and SHA-256 of the file at `path`, streaming.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, [u8; 32])> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, hasher.finalize().into()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
