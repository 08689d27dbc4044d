//! The folders named on the command line, resolved once, with errors a person can act on.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// The documents folder given on the command line, resolved; an error a person can act on when
/// it is missing or is a file.
pub fn docs_folder(given: &Path) -> Result<PathBuf> {
    let docs = given
        .canonicalize()
        .with_context(|| format!("documents folder {} not found", given.display()))?;
    if !docs.is_dir() {
        bail!(
            "{} is not a folder: give the folder that holds the documents",
            docs.display()
        );
    }
    Ok(docs)
}

/// `path` made absolute against the current folder, without resolving links (unlike canonicalize).
pub fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()
        .context("cannot tell the current folder")?
        .join(path))
}
