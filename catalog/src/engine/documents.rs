//! Every document of an opened archive, read back as it went in: what joins archives
//! (`khlang merge`) and feeds a search cluster (`khlang publish`) starts from, so neither
//! needs the agency's documents folder, only the archive it published.

use tantivy::TantivyDocument;

use super::error::EngineError;
use super::open::Engine;
use crate::card::{self, text};
use crate::writer::DocRecord;

impl Engine {
    /// Every document, in index order, with the facts and text it was indexed with. Needs the
    /// archive whole ([`Engine::open`]).
    pub fn documents(&self) -> impl Iterator<Item = Result<DocRecord, EngineError>> + '_ {
        self.searcher
            .segment_readers()
            .iter()
            .enumerate()
            .flat_map(move |(ord, segment)| {
                segment
                    .doc_ids_alive()
                    .map(move |doc| tantivy::DocAddress::new(ord as u32, doc))
            })
            .map(move |address| {
                let doc: TantivyDocument = self.searcher.doc(address)?;
                Ok(DocRecord {
                    facts: card::from_doc(&doc, &self.fields),
                    body: text(&doc, self.fields.body),
                })
            })
    }

    /// The site's own dictionary words (DOCS/dictionary.txt when it was built), one a line.
    pub fn user_words(&self) -> &str {
        &self.user_words
    }
}
