//! The thaigov corpus: extracted once into target/bench/ and read as (name, text) pairs.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Loads every .txt under `corpus` (a folder, or a .tar.xz extracted on first use), sorted by path.
pub fn load(corpus: &Path) -> Result<Vec<(String, String)>> {
    let dir = folder(corpus)?;
    let mut files = Vec::new();
    collect(&dir, &dir, &mut files)?;
    files.sort();
    let mut docs = Vec::with_capacity(files.len());
    for (rel, path) in files {
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        docs.push((rel, text.trim_start_matches('\u{feff}').to_string()));
    }
    Ok(docs)
}

/// The corpus as a folder of .txt files: `corpus` itself, or the .tar.xz extracted on first use.
pub fn folder(corpus: &Path) -> Result<PathBuf> {
    if corpus.is_dir() {
        Ok(corpus.to_path_buf())
    } else {
        extract(corpus)
    }
}

/// target/bench, where extracted and generated corpora, sites and tools live.
pub fn work_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench")
}

fn extract(archive: &Path) -> Result<PathBuf> {
    let target = work_dir().join("corpus");
    let done = target.join(".extracted");
    if !done.exists() {
        std::fs::create_dir_all(&target)?;
        eprintln!("extracting {} (about a minute, once)…", archive.display());
        let status = Command::new("tar")
            .arg("-xJf")
            .arg(archive)
            .arg("-C")
            .arg(&target)
            .status()
            .context("cannot run tar")?;
        if !status.success() {
            bail!("tar failed on {}", archive.display());
        }
        std::fs::write(&done, "")?;
    }
    Ok(target)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
    Ok(())
}
