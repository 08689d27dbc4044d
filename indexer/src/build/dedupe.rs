//! Documents with the same content (SHA-256) are stored once in the site: every catalogue
//! entry stays searchable, and all of them link to the one copy. Agencies often file the same
//! PDF under several folders; a USB stick should not carry it twice.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

/// SHA-256 of a file's contents.
pub type Hash = [u8; 32];

/// Hashes the file at `path`, streaming.
pub fn hash_file(path: &Path) -> std::io::Result<Hash> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// Where a document's bytes are in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Placement {
    /// First of its content: copy it to its own site path.
    New,
    /// Same content as a document already stored at this site path (and DOCS path).
    Same { site: String, rel: String },
}

/// The site path of the first document seen with each content.
#[derive(Debug, Default)]
pub struct Stored {
    by_hash: HashMap<Hash, (String, String)>,
}

impl Stored {
    /// Records the document `rel` with content `hash`, to be stored at `site` if it is new.
    pub fn place(&mut self, hash: Hash, site: &str, rel: &str) -> Placement {
        match self.by_hash.get(&hash) {
            Some((site, rel)) => Placement::Same {
                site: site.clone(),
                rel: rel.clone(),
            },
            None => {
                self.by_hash
                    .insert(hash, (site.to_string(), rel.to_string()));
                Placement::New
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_equal_contents_is_stored_and_the_rest_point_to_it() {
        let mut stored = Stored::default();
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert_eq!(stored.place(a, "docs/x.pdf", "x.pdf"), Placement::New);
        assert_eq!(stored.place(b, "docs/y.pdf", "y.pdf"), Placement::New);
        assert_eq!(
            stored.place(a, "docs/copy/x.pdf", "copy/x.pdf"),
            Placement::Same {
                site: "docs/x.pdf".into(),
                rel: "x.pdf".into()
            }
        );
    }

    #[test]
    fn files_hash_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let (p, q) = (dir.path().join("p"), dir.path().join("q"));
        std::fs::write(&p, "ประกาศ").unwrap();
        std::fs::write(&q, "ประกาศ").unwrap();
        assert_eq!(hash_file(&p).unwrap(), hash_file(&q).unwrap());
        std::fs::write(&q, "ประกาศ.").unwrap();
        assert_ne!(hash_file(&p).unwrap(), hash_file(&q).unwrap());
    }
}
