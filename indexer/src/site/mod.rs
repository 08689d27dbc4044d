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

pub mod fat_name;
pub(crate) mod manifest;
mod read;
pub mod seal;
mod write;

pub use manifest::{Manifest, ManifestEntry, MANIFEST_FILE};
pub use read::load_engine;
pub use write::{hash_file, SiteWriter};

/// Folder of the published documents inside a site.
pub const DOCS_DIR: &str = "docs";

/// The path part of a file:// URL for `path` (percent-encoded, '/'-separated).
pub fn file_url_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded = crate::build::url_of(&text);
    if encoded.starts_with('/') {
        encoded
    } else {
        format!("/{encoded}")
    }
}
