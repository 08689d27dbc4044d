//! Documents with the same content (SHA-256) are stored once in the site: every catalogue
//! entry stays searchable, and all of them link to the one copy. Agencies often file the same
//! PDF under several folders; a USB stick should not carry it twice.

use std::collections::HashMap;

pub use crate::documents::cache::Hash;

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
}
