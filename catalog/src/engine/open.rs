//! The engine over one opened archive: its parts, and how an archive as far as it has arrived
//! becomes one. Searching it is in the sibling `search` module.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use tantivy::directory::OwnedBytes;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use super::cache::Cache;
use super::error::{explain, EngineError};
use crate::analysis::{builtin_ready, install_builtin, register_tokenizers, Analyzer};
use crate::archive::{Sparse, Toc, DICTIONARY_FILE, WORDS_FILE};
use crate::schema::Fields;
use crate::spelling::{Lexicon, Spellings};

/// An opened archive, ready to search.
pub struct Engine {
    pub(super) toc: Toc,
    pub(super) data: Sparse,
    pub(super) fields: Fields,
    pub(super) index: Index,
    /// The site's own words (DOCS/dictionary.txt), one a line.
    pub(super) user_words: String,
    /// Made when first needed: in the web app the built-in dictionary it needs comes with the
    /// rest of the index, after the first results (see crate::analysis::install_builtin).
    analyzer: OnceLock<Analyzer>,
    /// The archive's words, read from the index at the first query that finds nothing.
    pub(super) lexicon: OnceLock<Lexicon>,
    /// The archive's other spellings (crate::archive::SPELLINGS_FILE), read at the first query.
    pub(super) spellings: OnceLock<Spellings>,
    // Kept so the searcher's segments stay open.
    _reader: IndexReader,
    pub(super) searcher: Searcher,
    /// What is remembered between searches.
    pub(super) cache: Cache,
}

impl Engine {
    /// Opens index files present whole (`khlang search`, tests).
    pub fn open(toc: Toc, files: BTreeMap<String, Vec<u8>>) -> Result<Engine, EngineError> {
        let files = files
            .into_iter()
            .map(|(name, bytes)| (name, OwnedBytes::new(bytes)))
            .collect();
        Engine::open_sparse(toc, Sparse::whole(files))
    }

    /// Opens an archive as far as it has arrived: at least its start parts. Reads of anything
    /// else fail with [`EngineError::Missing`] until those parts are added to `data`.
    pub fn open_sparse(toc: Toc, data: Sparse) -> Result<Engine, EngineError> {
        let missing = |e: EngineError| explain(&data, e);
        let user_words = match data.read_all(DICTIONARY_FILE) {
            None => String::new(),
            Some(Ok(bytes)) => String::from_utf8_lossy(bytes.as_slice()).into_owned(),
            Some(Err(e)) => {
                return Err(missing(EngineError::File(
                    DICTIONARY_FILE.into(),
                    e.to_string(),
                )))
            }
        };
        let index = Index::open(data.clone()).map_err(|e| missing(e.into()))?;
        let fields = Fields::from_schema(&index.schema())?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e: tantivy::TantivyError| missing(e.into()))?;
        let searcher = reader.searcher();
        Ok(Engine {
            toc,
            data,
            fields,
            index,
            user_words,
            analyzer: OnceLock::new(),
            lexicon: OnceLock::new(),
            spellings: OnceLock::new(),
            _reader: reader,
            searcher,
            cache: Cache::default(),
        })
    }

    /// The parts not loaded yet that any typed query needs (empty once it can run).
    pub fn missing_for_queries(&self) -> Vec<usize> {
        self.data.missing(self.toc.index_parts())
    }

    /// The archive's table of contents (title, document count, …).
    pub fn toc(&self) -> &Toc {
        &self.toc
    }

    /// The analyzer this archive was built with (built-in plus the site's dictionary).
    /// [`EngineError::Missing`] while the archive's copy of the built-in dictionary, which a
    /// build without it (the web app) needs, has not been loaded.
    pub fn analyzer(&self) -> Result<&Analyzer, EngineError> {
        if let Some(analyzer) = self.analyzer.get() {
            return Ok(analyzer);
        }
        if !builtin_ready() {
            let bytes = match self.data.read_all(WORDS_FILE) {
                Some(Ok(bytes)) => bytes,
                Some(Err(e)) => {
                    return Err(explain(
                        &self.data,
                        EngineError::File(WORDS_FILE.into(), e.to_string()),
                    ))
                }
                None => {
                    return Err(EngineError::File(
                        WORDS_FILE.into(),
                        "not in the archive, which an older khlang built".into(),
                    ))
                }
            };
            install_builtin(bytes.as_slice().to_vec())
                .map_err(|e| EngineError::File(WORDS_FILE.into(), e.to_string()))?;
        }
        let words = self.user_words.lines().map(str::trim);
        let analyzer = Analyzer::new(words.filter(|l| !l.is_empty()));
        register_tokenizers(self.index.tokenizers(), &analyzer);
        Ok(self.analyzer.get_or_init(|| analyzer))
    }

    /// Number of documents in the archive.
    pub fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// How many searches were answered from the recent answers, and how many were not.
    pub fn recent_counts(&self) -> (u64, u64) {
        self.cache.answer_counts()
    }
}
