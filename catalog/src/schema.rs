//! The tantivy schema of a khlang archive, and the typed handles to its fields.
//!
//! Every searchable text is indexed twice: as dictionary **words** (for ranking whole-word and
//! phrase matches) and as unit **grams** (for recall: any typed span that occurs in the text
//! matches, whatever a segmenter makes of it). Both streams are produced by
//! [`crate::analysis::Analyzer`] and handed to tantivy pre-tokenized, so indexing and querying
//! can never disagree about how text was cut. A third stream, the **unit prefixes**, answers
//! one-unit queries with one term ([`crate::analysis::unit_prefixes`]). The display text is
//! stored separately, unindexed.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};

use crate::analysis::{GRAMS_TOKENIZER, UNITS_TOKENIZER, WORDS_TOKENIZER};
use crate::facets::FacetKind;

/// Field names, shared by the writer, the reader and the tests.
pub mod names {
    /// Title as shown (stored only).
    pub const TITLE: &str = "title";
    /// Title word tokens.
    pub const TITLE_WORDS: &str = "title_words";
    /// Title unit grams.
    pub const TITLE_GRAMS: &str = "title_grams";
    /// Title unit prefixes.
    pub const TITLE_UNITS: &str = "title_units";
    /// Full text as shown in snippets (stored only).
    pub const BODY: &str = "body";
    /// Body word tokens.
    pub const BODY_WORDS: &str = "body_words";
    /// Body unit grams.
    pub const BODY_GRAMS: &str = "body_grams";
    /// Body unit prefixes.
    pub const BODY_UNITS: &str = "body_units";
    /// Source path relative to the documents folder, '/'-separated.
    pub const PATH: &str = "path";
    /// Site-relative URL of the published copy of the document.
    pub const URL: &str = "url";
    /// File type label: PDF, DOCX, XLSX, ODT, ODS, HTML, TXT.
    pub const FILE_TYPE: &str = "file_type";
    /// Size of the original file in bytes.
    pub const SIZE: &str = "size";
    /// Document date, ISO 8601 (C.E.), stored for display.
    pub const DATE: &str = "date";
    /// Document date as days since 1970-01-01, a fast field for sorting.
    pub const DATE_DAYS: &str = "date_days";
    /// Notes for the reader, e.g. "scanned, not searchable".
    pub const NOTES: &str = "notes";
    /// Document number such as "12/2563".
    pub const DOC_NUMBER: &str = "doc_number";
    /// What a result row shows, as one column value (see crate::card).
    pub const CARD: &str = "card";
    /// Mean word confidence (0–100) of text read by OCR; absent for text that was written.
    pub const OCR_CONFIDENCE: &str = "ocr_confidence";
    /// The agency's archive a document came from, as JSON (crate::facts::Source); only in
    /// archives that join several.
    pub const SOURCE: &str = "source";
    /// The last day of the document's publication window, ISO 8601.
    pub const PUBLISH_UNTIL: &str = "publish_until";
}

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    pub title: Field,
    pub title_words: Field,
    pub title_grams: Field,
    /// `None` in archives built before the unit prefixes (one-unit queries read the grams).
    pub title_units: Option<Field>,
    pub body: Field,
    pub body_words: Field,
    pub body_grams: Field,
    /// `None` like [`Fields::title_units`].
    pub body_units: Option<Field>,
    pub path: Field,
    pub url: Field,
    pub file_type: Field,
    pub size: Field,
    pub date: Field,
    pub date_days: Field,
    pub notes: Field,
    pub doc_number: Field,
    /// `None` in archives built before result cards (they show hits from stored text only).
    pub card: Option<Field>,
    /// `None` in archives written before OCR confidence was kept.
    pub ocr_confidence: Option<Field>,
    /// `None` in archives written before archives could be joined.
    pub source: Option<Field>,
    /// `None` in archives written before the window was kept.
    pub publish_until: Option<Field>,
    /// One field per facet, in [`FacetKind::ALL`] order.
    pub facets: Vec<(FacetKind, Field)>,
}

impl Fields {
    /// The field that holds a facet's value.
    pub fn facet(&self, kind: FacetKind) -> Field {
        self.facets
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, f)| *f)
            .unwrap_or(self.path) // unreachable: every kind is in the schema
    }

    /// Looks the fields up in an existing schema (an archive built by this version).
    pub fn from_schema(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
        let get = |name: &str| schema.get_field(name);
        let mut facets = Vec::new();
        for kind in FacetKind::ALL {
            facets.push((kind, get(kind.field_name())?));
        }
        Ok(Fields {
            title: get(names::TITLE)?,
            title_words: get(names::TITLE_WORDS)?,
            title_grams: get(names::TITLE_GRAMS)?,
            title_units: get(names::TITLE_UNITS).ok(),
            body: get(names::BODY)?,
            body_words: get(names::BODY_WORDS)?,
            body_grams: get(names::BODY_GRAMS)?,
            body_units: get(names::BODY_UNITS).ok(),
            path: get(names::PATH)?,
            url: get(names::URL)?,
            file_type: get(names::FILE_TYPE)?,
            size: get(names::SIZE)?,
            date: get(names::DATE)?,
            date_days: get(names::DATE_DAYS)?,
            notes: get(names::NOTES)?,
            doc_number: get(names::DOC_NUMBER)?,
            card: get(names::CARD).ok(),
            ocr_confidence: get(names::OCR_CONFIDENCE).ok(),
            source: get(names::SOURCE).ok(),
            publish_until: get(names::PUBLISH_UNTIL).ok(),
            facets,
        })
    }
}

/// Builds the schema of a khlang archive.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    // Only whether a document holds a unit prefix matters: the query scores it as a constant,
    // as it did the range of grams it replaces.
    let unit_prefixes = || {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(UNITS_TOKENIZER)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
    };
    let title = b.add_text_field(names::TITLE, STORED);
    let title_words = b.add_text_field(names::TITLE_WORDS, analyzed(WORDS_TOKENIZER));
    let title_grams = b.add_text_field(names::TITLE_GRAMS, analyzed(GRAMS_TOKENIZER));
    let title_units = b.add_text_field(names::TITLE_UNITS, unit_prefixes());
    let body = b.add_text_field(names::BODY, STORED);
    let body_words = b.add_text_field(names::BODY_WORDS, analyzed(WORDS_TOKENIZER));
    let body_grams = b.add_text_field(names::BODY_GRAMS, analyzed(GRAMS_TOKENIZER));
    let body_units = b.add_text_field(names::BODY_UNITS, unit_prefixes());
    let path = b.add_text_field(names::PATH, STRING | STORED);
    let url = b.add_text_field(names::URL, STORED);
    let file_type = b.add_text_field(names::FILE_TYPE, STRING | STORED);
    let size = b.add_u64_field(names::SIZE, STORED);
    let date = b.add_text_field(names::DATE, STORED);
    let date_days = b.add_i64_field(names::DATE_DAYS, NumericOptions::default() | FAST);
    let notes = b.add_text_field(names::NOTES, STORED);
    let doc_number = b.add_text_field(names::DOC_NUMBER, STORED);
    let card = b.add_bytes_field(names::CARD, FAST);
    let ocr_confidence = b.add_u64_field(names::OCR_CONFIDENCE, STORED);
    let source = b.add_text_field(names::SOURCE, STORED);
    let publish_until = b.add_text_field(names::PUBLISH_UNTIL, STORED);
    let facets = FacetKind::ALL
        .iter()
        .map(|kind| {
            (
                *kind,
                b.add_text_field(kind.field_name(), STRING | STORED | FAST),
            )
        })
        .collect();
    let fields = Fields {
        title,
        title_words,
        title_grams,
        title_units: Some(title_units),
        body,
        body_words,
        body_grams,
        body_units: Some(body_units),
        path,
        url,
        file_type,
        size,
        date,
        date_days,
        notes,
        doc_number,
        card: Some(card),
        ocr_confidence: Some(ocr_confidence),
        source: Some(source),
        publish_until: Some(publish_until),
        facets,
    };
    (b.build(), fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_through_schema() {
        let (schema, fields) = build_schema();
        let again = Fields::from_schema(&schema).expect("own schema has every field");
        assert_eq!(again.body_grams, fields.body_grams);
        assert_eq!(again.card, fields.card);
        assert_eq!(again.body_units, fields.body_units);
        assert!(again.title_units.is_some());
        for kind in FacetKind::ALL {
            assert_eq!(again.facet(kind), fields.facet(kind));
        }
    }
}
