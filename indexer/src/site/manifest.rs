//! manifest.json: what a site holds, so a copy can be checked file by file — and the mark by
//! which a folder is known to be a khlang site (a build must not index an old site as documents).

use std::path::Path;

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

/// Whether `dir` holds a site written by khlang: a manifest.json that is a khlang manifest (its
/// generator names khlang), not merely any file of that name.
pub fn is_khlang_site(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(MANIFEST_FILE)) else {
        return false;
    };
    serde_json::from_slice::<Manifest>(&bytes)
        .is_ok_and(|m| m.generator.split_whitespace().next() == Some("khlang"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_known_by_a_khlang_manifest_only() {
        let cases: [(&str, Option<&str>, bool); 5] = [
            (
                "a khlang site",
                Some(r#"{"generator":"khlang 0.1.0","files":[]}"#),
                true,
            ),
            (
                "a merged or older site",
                Some(r#"{"generator":"khlang","files":[]}"#),
                true,
            ),
            (
                "a web app's manifest",
                Some(r#"{"name":"app","start_url":"/"}"#),
                false,
            ),
            (
                "another tool's manifest",
                Some(r#"{"generator":"hugo","files":[]}"#),
                false,
            ),
            ("no manifest", None, false),
        ];
        for (label, manifest, expected) in cases {
            let dir = tempfile::tempdir().unwrap();
            if let Some(text) = manifest {
                std::fs::write(dir.path().join(MANIFEST_FILE), text).unwrap();
            }
            assert_eq!(is_khlang_site(dir.path()), expected, "{label}");
        }
    }
}
