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
        let path = self.prepare(rel)?;
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        self.record(rel, bytes.len() as u64, hex(&Sha256::digest(bytes)));
        Ok(())
    }

    /// Copies the file `src` to `rel`, hashing it on the way.
    pub fn copy(&mut self, rel: &str, src: &Path) -> Result<()> {
        let path = self.prepare(rel)?;
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
        output
            .sync_all()
            .with_context(|| format!("cannot write {}", path.display()))?;
        self.record(rel, size, hex(&hasher.finalize()));
        Ok(())
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

    fn record(&mut self, rel: &str, size: u64, sha256: String) {
        self.manifest.files.push(ManifestEntry {
            path: rel.to_string(),
            size,
            sha256,
        });
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
