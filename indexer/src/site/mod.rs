//! The layout of a site written by `khlang build`:
//!
//! ```text
//! index.html        the app's page (title filled in)
//! app/              the app: wasm-bindgen glue, the wasm as a classic script, CSS, fonts
//! data/             the archive: archive.js (table of contents) and part-NNN.js
//! docs/             copies of the original documents, linked from the results
//! manifest.json     path, size and SHA-256 of every other file
//! data/signature.js the seal: hashes of manifest.json and the archive, maybe signed (not in the manifest)
//! ```
//!
//! This module knows that layout and nothing of documents or commands: the build's stages
//! (crate::stages) decide what goes in, `verify`, `search` and `serve` read it back, and
//! `merge` and `publish` take other agencies' sites in through [`published`], checked as
//! `verify` checks them ([`integrity`]).

pub mod app_assets;
pub mod fat_name;
pub mod integrity;
pub mod manifest;
pub mod published;
mod read;
pub mod seal;
pub mod serving;
pub mod staging;
mod write;

pub use manifest::{Manifest, ManifestEntry, MANIFEST_FILE};

/// The title of a site built without `--title`.
pub const DEFAULT_TITLE: &str = "คลังเอกสารเผยแพร่";
/// The title of a site merged without `--title`.
pub const DEFAULT_MERGED_TITLE: &str = "คลังเอกสารเผยแพร่รวมหลายหน่วยงาน";
pub use read::load_engine;
pub use write::{hash_file, SiteWriter};

/// The generator string recorded in the archive and manifest (and part of the cache's key).
pub fn generator() -> String {
    format!("khlang {}", env!("CARGO_PKG_VERSION"))
}

/// Folder of the published documents inside a site.
pub const DOCS_DIR: &str = "docs";

/// The path part of a file:// URL for `path` (percent-encoded, '/'-separated).
pub fn file_url_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded = url_of(&text);
    if encoded.starts_with('/') {
        encoded
    } else {
        format!("/{encoded}")
    }
}

/// A site-relative URL for a site path: each segment percent-encoded, so Thai names and spaces
/// work from file:// and over http alike.
pub fn url_of(site_path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'\\')
        .add(b'^')
        .add(b'|')
        .add(b'[')
        .add(b']');
    site_path
        .split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_each_segment() {
        assert_eq!(
            url_of("docs/a b/แผน#1.pdf"),
            "docs/a%20b/%E0%B9%81%E0%B8%9C%E0%B8%99%231.pdf"
        );
        assert_eq!(url_of("docs/x.txt"), "docs/x.txt");
    }
}
