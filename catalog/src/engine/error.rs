//! Why an archive could not be opened or searched, and the one remedy a caller can apply
//! itself: loading the parts a search found missing.

use crate::archive::{ArchiveError, Sparse};

/// Why an archive could not be opened or searched.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("the index is damaged or from another version: {0}; rebuild the site")]
    Index(#[from] tantivy::TantivyError),
    #[error("the index file {0} cannot be loaded: {1}")]
    File(String, String),
    /// The search needs parts of the archive that have not been loaded yet: load them (their
    /// positions in the table of contents) and search again.
    #[error("{} more part(s) of the archive are needed", .0.len())]
    Missing(Vec<usize>),
}

/// An error as the caller should see it: whatever tantivy made of it, reads that found bytes
/// not loaded yet explain it, and loading those parts is the remedy.
pub(super) fn explain(data: &Sparse, e: EngineError) -> EngineError {
    match data.take_wanted() {
        wanted if !wanted.is_empty() => EngineError::Missing(wanted),
        _ => e,
    }
}
