//! One document as the cluster indexes it: its token streams, its facets and what an answer
//! shows of it.

use serde_json::{json, Value};

use super::fields::*;
use super::{facet_field, stream};
use crate::analysis::{unit_prefixes, Analyzer, Token};
use crate::archive::sha256_hex;
use crate::facets::FacetKind;
use crate::writer::DocRecord;

/// Where a published document comes from: the agency's archive, as `khlang publish` read it.
#[derive(Clone, Debug)]
pub struct Origin<'a> {
    /// The archive's id (see catalog::Source).
    pub archive: &'a str,
    /// The verified signer's name; `None` for an unsigned archive.
    pub signer: Option<&'a str>,
    /// The digest of the archive's manifest when it was published.
    pub digest: &'a str,
}

/// The document's id in the index: the same document of the same archive always gets the same
/// one (so publishing again replaces it), and two archives' documents never share one.
pub fn doc_id(archive: &str, path: &str) -> String {
    sha256_hex(&joined(&[archive.as_bytes(), path.as_bytes()]))
}

/// What decides whether a published document must be sent again: its facts, its text and
/// the version of the analysis that makes its tokens.
pub fn content_hash(record: &DocRecord) -> String {
    // Serializing owned strings and numbers into memory cannot fail.
    let facts = serde_json::to_vec(&record.facts).unwrap_or_default();
    sha256_hex(&joined(&[
        env!("CARGO_PKG_VERSION").as_bytes(),
        &facts,
        record.body.as_bytes(),
    ]))
}

/// `parts` with a 0 byte between them, so ("ab", "c") and ("a", "bc") differ.
fn joined(parts: &[&[u8]]) -> Vec<u8> {
    parts.join(&0u8)
}

/// The `_source` of `record` from `origin`, its text analyzed by `analyzer` (the archive's).
pub fn source(record: &DocRecord, analyzer: &Analyzer, origin: &Origin) -> Value {
    let facts = &record.facts;
    let title = analyzer.analyze(&facts.title);
    let body = analyzer.analyze(&record.body);
    let texts = |tokens: &[Token]| stream(tokens.iter().map(|t| t.text.as_str()));
    let mut doc = serde_json::Map::new();
    for (name, value) in [
        (TITLE_WORDS, texts(&title.words)),
        (TITLE_GRAMS, texts(&title.grams)),
        (TITLE_UNITS, texts(&unit_prefixes(&title.grams))),
        (BODY_WORDS, texts(&body.words)),
        (BODY_GRAMS, texts(&body.grams)),
        (BODY_UNITS, texts(&unit_prefixes(&body.grams))),
    ] {
        doc.insert(name.to_string(), Value::String(value));
    }
    for kind in FacetKind::ALL {
        doc.insert(
            facet_field(kind).to_string(),
            Value::String(facts.facet_value(kind)),
        );
    }
    // The document as its archive holds it: a national index shows where it came from.
    let mut shown = facts.clone();
    shown.source.get_or_insert_with(|| crate::facts::Source {
        archive: origin.archive.to_string(),
        signer: origin.signer.map(str::to_string),
    });
    let extra = json!({
        PATH: facts.path,
        DATE: facts.date.map(crate::facts::date_text),
        PUBLISH_UNTIL: facts.publish_until.map(crate::facts::date_text),
        ARCHIVE: origin.archive,
        SIGNER: origin.signer,
        ARCHIVE_DIGEST: origin.digest,
        CONTENT_HASH: content_hash(record),
        DOC_NUMBER: facts.doc_number,
        FILE_TYPE: facts.file_type,
        SHOWN: {"facts": shown, "body": record.body},
    });
    if let Value::Object(extra) = extra {
        doc.extend(extra);
    }
    Value::Object(doc)
}
