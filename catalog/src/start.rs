//! The start plan: which bytes of an index go into an archive's start parts.
//!
//! They are found by doing what the app does before anyone types: open the index and run
//! [`first_searches`], recording every byte read. That takes the search engine, so the plan
//! lives here, above both the engine and the archive format, and the format (crate::archive)
//! only packs the ranges it is given.

use std::collections::BTreeMap;

pub use tantivy::directory::OwnedBytes;

use crate::analysis::builtin_ready;
use crate::archive::{
    Packing, SiteFile, Sparse, StartRanges, Toc, LEXICON_FILE, SPELLINGS_FILE, STORE_PAGE_BYTES,
    WORDS_FILE,
};
use crate::engine::{Engine, EngineError};
use crate::search::SearchRequest;

/// The searches the app runs before anyone types: their bytes go into the start parts.
pub fn first_searches() -> Vec<SearchRequest> {
    vec![SearchRequest::new("")]
}

/// Finds the bytes of `files` (an index, and the dictionaries) that opening them and running
/// [`first_searches`] read: what the start parts must hold. Small files go in whole; of the
/// columns, the first searches read every facet and date column whole (counting and ordering
/// read every document's value), so that any facet click or order without a query needs no
/// index part.
pub fn plan_start(files: &BTreeMap<String, OwnedBytes>) -> Result<StartRanges, EngineError> {
    let sparse = Sparse::whole(files.clone());
    sparse.record_reads();
    let engine = Engine::open_sparse(Toc::whole(files), sparse.clone())?;
    for request in first_searches() {
        engine.search(&request)?;
    }
    let mut start = sparse.recorded_reads();
    for (name, bytes) in files {
        if bytes.len() <= STORE_PAGE_BYTES || !is_lazy(name) {
            // One range: the whole file (the value is a list of byte ranges).
            start.insert(
                name.clone(),
                std::iter::once(0..bytes.len() as u64).collect(),
            );
        }
    }
    Ok(start)
}

/// Files worth loading in pieces: the big ones typed queries and result pages read, and the
/// dictionary, the lexicon and the other spellings, which only typed queries need. The columns (`.fast`) hold the result cards
/// (crate::card) beside the facet and date columns: what the first searches read of them goes
/// first (every facet and date column, as counting reads them whole), the cards with the index.
fn is_lazy(name: &str) -> bool {
    name == WORDS_FILE
        || name == LEXICON_FILE
        || name == SPELLINGS_FILE
        || [".idx", ".pos", ".term", ".store", ".fieldnorm", ".fast"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// An index's files as the archive packs them: shared bytes, so that reading them with an
/// engine ([`index_words`]) before packing copies nothing.
pub type IndexFiles = BTreeMap<String, OwnedBytes>;

/// `files` as [`IndexFiles`].
pub fn index_files(files: BTreeMap<String, Vec<u8>>) -> IndexFiles {
    owned(files)
}

/// The dictionary words of the index in `files`, each with the documents holding it: the
/// archive's lexicon (crate::archive::LEXICON_FILE), and what a build tells its slips from
/// (crate::spelling::Miner::with_words). Needs the built-in dictionary compiled in.
pub fn index_words(files: &IndexFiles) -> Result<Vec<(String, u32)>, EngineError> {
    engine(files)?.index_words()
}

/// An engine over `files`, before they are packed (shared bytes: nothing is copied).
pub fn engine(files: &IndexFiles) -> Result<Engine, EngineError> {
    Engine::open_sparse(Toc::whole(files), Sparse::whole(files.clone()))
}

/// Packs `files` (the index files and the dictionaries) into archive scripts, planning the start
/// parts with [`plan_start`]: the table of contents first, then the parts (tests, small sites;
/// `khlang build` encodes a [`Packing`]'s parts on all cores and writes each as it is made).
pub fn pack(
    title: &str,
    documents: u64,
    generator: &str,
    files: BTreeMap<String, Vec<u8>>,
) -> Result<Vec<SiteFile>, EngineError> {
    let packing = Packing::plan(owned(files))?;
    Ok(packing.collect(title, documents, generator))
}

// Written here rather than beside the rest of `Packing` (crate::archive) because planning
// searches: the archive format stays below the engine.
impl Packing {
    /// Plans the archive of `files`, the start parts found with [`plan_start`].
    pub fn plan(mut files: IndexFiles) -> Result<Packing, EngineError> {
        // The lexicon needs the dictionary. A build without one compiled in (the web app's)
        // packs only in tests, and installing the archive's copy there would change what the
        // rest of its process sees: such an archive goes without, and its engine reads the
        // words from the index instead (crate::engine, near misses).
        if !files.contains_key(LEXICON_FILE) && builtin_ready() {
            let engine = Engine::open_sparse(Toc::whole(&files), Sparse::whole(files.clone()))?;
            let lexicon = engine.lexicon_text()?;
            files.insert(
                LEXICON_FILE.to_string(),
                OwnedBytes::new(lexicon.into_bytes()),
            );
        }
        let start = plan_start(&files)?;
        Ok(Packing::with_start(files, &start))
    }
}

fn owned(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, OwnedBytes> {
    files
        .into_iter()
        .map(|(name, bytes)| (name, OwnedBytes::new(bytes)))
        .collect()
}
