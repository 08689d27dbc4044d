//! catalogue.csv, the staff's own metadata, found in the documents folder. The format and its
//! parser are the metadata crate's (metadata::catalogue: pure, and fuzzed); reading the file
//! is here, beside the other files of the folder.

use std::path::Path;

pub use metadata::catalogue::*;

/// Reads `DOCS/catalogue.csv` if it exists.
pub fn read(docs: &Path) -> Result<Option<Catalogue>, String> {
    let path = docs.join(CATALOGUE_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        format!("cannot read it ({e}); if it is open in Excel, close it and run again")
    })?;
    parse(&bytes).map(Some)
}
