//! khlang's Thai search on an OpenSearch cluster, for the levels above the agencies: a
//! province's or the country's archives in one index, answering exactly as each agency's own
//! archive does.
//!
//! OpenSearch never cuts Thai text itself here. Every text goes in as the token streams
//! [`crate::analysis::Analyzer`] makes for the index in the browser (words, unit grams, unit
//! prefixes), joined by spaces into fields whose analyzer splits on whitespace only; and every
//! query is the same [`crate::query::plan`] the browser runs, rendered as query DSL. So the
//! documents a query finds, and every facet count, are the same in both (the tests compare
//! them on a real cluster). Only ranking may differ: the cluster scores with its own
//! statistics, per shard.
//!
//! This module builds and reads JSON only; `khlang publish` and `khlang serve --opensearch`
//! do the talking over HTTP.

mod document;
mod mapping;
mod request;
mod response;

#[cfg(test)]
mod tests;

pub use document::{content_hash, doc_id, source, Origin};
pub use mapping::{index_body, FORMAT};
pub use request::{search_body, search_body_read};
pub use response::{read_response, read_response_read, ResponseError};

use crate::facets::FacetKind;

/// The analyzer of every token field: whitespace only, and nothing normalized.
pub const TOKENS_ANALYZER: &str = "khlang_tokens";

/// Joins the two units of a gram in a token. A gram is `a + " " + b` in the index in the
/// browser (crate::analysis::gram_term), but a space would split it here; units never hold a
/// control character (the analysis drops them), so U+0001 can never occur inside one.
const GRAM_JOINER: char = '\u{1}';

/// The longest token sent, in bytes: Lucene refuses a term over 32,766 bytes, and the
/// whitespace tokenizer splits one longer than its `max_token_length` (set above this in
/// characters, see mapping), which would shift every position after it. Only a run of Latin
/// letters with no space in it (an encoded blob pasted into a document) comes near; a token
/// is cut the same way in documents and in queries.
const MAX_TOKEN_BYTES: usize = 4096;

/// A token as OpenSearch gets it: the gram's space as [`GRAM_JOINER`], cut to
/// [`MAX_TOKEN_BYTES`].
fn token(text: &str) -> String {
    let mut end = text.len().min(MAX_TOKEN_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].replace(' ', &GRAM_JOINER.to_string())
}

/// Tokens as one field value: the analyzer splits it back into the same tokens, at positions
/// 0, 1, 2, …
fn stream<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for t in tokens {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&token(t));
    }
    out
}

/// The field of a facet (a keyword field named as the facet).
fn facet_field(kind: FacetKind) -> &'static str {
    kind.field_name()
}

/// Field names of the token streams, by text and stream.
mod fields {
    pub const TITLE_WORDS: &str = "title_words";
    pub const TITLE_GRAMS: &str = "title_grams";
    pub const TITLE_UNITS: &str = "title_units";
    pub const BODY_WORDS: &str = "body_words";
    pub const BODY_GRAMS: &str = "body_grams";
    pub const BODY_UNITS: &str = "body_units";
    /// Where the document's facts and text are kept for the answer (not indexed).
    pub const SHOWN: &str = "shown";
    pub const PATH: &str = "path";
    pub const DATE: &str = "date";
    pub const ARCHIVE: &str = "archive";
    pub const SIGNER: &str = "signer";
    pub const CONTENT_HASH: &str = "content_hash";
    pub const DOC_NUMBER: &str = "doc_number";
    pub const FILE_TYPE: &str = "file_type";
    pub const ARCHIVE_DIGEST: &str = "archive_digest";
    pub const PUBLISH_UNTIL: &str = "publish_until";
}
