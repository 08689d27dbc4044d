//! Why an archive could not be read: one error for every way a site's scripts can be missing,
//! foreign, damaged or altered, each message saying what to do about it.

use super::format::FORMAT_VERSION;

/// Why an archive could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{file}: not a khlang archive script (expected a call to {expected})")]
    NotAScript {
        file: String,
        expected: &'static str,
    },
    #[error("{file}: damaged table of contents: {detail}")]
    BadToc { file: String, detail: String },
    #[error("archive format {found} is not supported by this version (format {FORMAT_VERSION}); rebuild the site with this khlang")]
    Version { found: u32 },
    #[error("{file}: damaged data: {detail}; rebuild the site or copy it again")]
    BadPart { file: String, detail: String },
    #[error("{file}: altered or damaged (checksum mismatch); rebuild the site or copy it again")]
    Checksum { file: String },
    #[error("{file}: missing from the site; copy the whole site folder again")]
    Missing { file: String },
}
