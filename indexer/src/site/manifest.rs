//! manifest.json: what a site holds, so a copy can be checked file by file.

use serde::{Deserialize, Serialize};

/// File name of the manifest at the site root.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Every file of a site except the manifest itself and the seal written after it
/// (catalog::signature::SIGNATURE_FILE), sorted by path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub files: Vec<ManifestEntry>,
}

/// One file of a site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Path relative to the site root, '/'-separated.
    pub path: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the contents.
    pub sha256: String,
}

impl Manifest {
    /// Total bytes of the files listed.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}
