//! Result cards: what a result row shows of a document (title, path, facts), kept as one value
//! of a column in the index.
//!
//! A hit read from stored text must wait for the page of stored text that holds it, and in an
//! archive loaded in parts many keystrokes' hits are on pages not loaded yet (half of them at
//! 100,000 documents, as `khlang-bench browser` counts them). The column comes with the rest of the index, so a
//! page of results shows at once and only its snippets wait. A card is made from the stored
//! document by [`from_doc`] when the index is written, so a hit from its card equals the hit
//! from its stored text.

use serde::{Deserialize, Serialize};
use tantivy::schema::{Field, Value};
use tantivy::TantivyDocument;

use crate::facets::{FacetKind, UNSPECIFIED};
use crate::facts::{self, Facts, Source};
use crate::schema::Fields;

/// The facts a hit on `doc` shows.
pub fn from_doc(doc: &TantivyDocument, fields: &Fields) -> Facts {
    let f = fields;
    let facet = |kind: FacetKind| {
        Some(text(doc, f.facet(kind))).filter(|v| !v.is_empty() && v != UNSPECIFIED)
    };
    Facts {
        path: text(doc, f.path),
        title: text(doc, f.title),
        agency: facet(FacetKind::Agency),
        department: facet(FacetKind::Department),
        province: facet(FacetKind::Province),
        category: facet(FacetKind::Category),
        fiscal_year: facet(FacetKind::FiscalYear).and_then(|y| y.parse().ok()),
        date: facts::parse_date(&text(doc, f.date)),
        url: text(doc, f.url),
        file_type: text(doc, f.file_type),
        size: doc
            .get_first(f.size)
            .and_then(|v| v.as_u64())
            .unwrap_or_default(),
        doc_number: Some(text(doc, f.doc_number)).filter(|d| !d.is_empty()),
        notes: doc
            .get_all(f.notes)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        ocr_confidence: f
            .ocr_confidence
            .and_then(|field| doc.get_first(field))
            .and_then(|v| v.as_u64())
            .map(|c| c.min(100) as u8),
        publish_until: f
            .publish_until
            .and_then(|field| doc.get_first(field))
            .and_then(|v| v.as_str())
            .and_then(facts::parse_date),
        source: f
            .source
            .and_then(|field| doc.get_first(field))
            .and_then(|v| v.as_str())
            .and_then(|json| serde_json::from_str(json).ok()),
    }
}

/// A card as a column value: a JSON array, without the field names a JSON object would repeat
/// in every document. The title comes first: a column's values are stored sorted, each with
/// only what it does not share with the one before, and titles share long beginnings
/// ("ประกาศเทศบาลตำบล… เรื่อง").
#[derive(Serialize, Deserialize)]
struct Card(
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<u32>,
    Option<String>,
    String,
    String,
    u64,
    Option<String>,
    Vec<String>,
    #[serde(default)] Option<u8>,
    #[serde(default)] Option<String>,
    #[serde(default)] Option<Source>,
    #[serde(default)] Option<String>,
);

/// The column value of the card that shows `facts`.
pub fn encode(facts: &Facts) -> Vec<u8> {
    let h = facts.clone();
    let card = Card(
        h.title,
        h.path,
        h.agency,
        h.department,
        h.category,
        h.fiscal_year,
        h.date.map(facts::date_text),
        h.url,
        h.file_type,
        h.size,
        h.doc_number,
        h.notes,
        h.ocr_confidence,
        h.province,
        h.source,
        h.publish_until.map(facts::date_text),
    );
    // Serializing owned strings and numbers into memory cannot fail.
    serde_json::to_vec(&card).unwrap_or_default()
}

/// The facts a column value shows; `None` when the value is no card (a damaged index).
pub fn decode(bytes: &[u8]) -> Option<Facts> {
    let Card(
        title,
        path,
        agency,
        department,
        category,
        fiscal_year,
        date,
        url,
        file_type,
        size,
        doc_number,
        notes,
        ocr_confidence,
        province,
        source,
        publish_until,
    ) = serde_json::from_slice(bytes).ok()?;
    Some(Facts {
        path,
        title,
        agency,
        department,
        category,
        fiscal_year,
        date: date.as_deref().and_then(facts::parse_date),
        url,
        file_type,
        size,
        doc_number,
        notes,
        ocr_confidence,
        province,
        source,
        publish_until: publish_until.as_deref().and_then(facts::parse_date),
    })
}

/// The first value of `field` in `doc` as text ("" when it has none).
pub fn text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_gives_back_the_facts() {
        let all = [
            Facts::default(),
            Facts {
                path: "แผน/2568.pdf".into(),
                title: "แผนพัฒนาท้องถิ่น \"ฉบับ\" ๒๕๖๘".into(),
                agency: Some("เทศบาลตำบล".into()),
                department: Some("กองคลัง".into()),
                category: Some("plan".into()),
                fiscal_year: Some(2568),
                date: facts::parse_date("2024-10-01"),
                url: "docs/x.pdf".into(),
                file_type: "PDF".into(),
                size: 12_345,
                doc_number: Some("12/2568".into()),
                notes: vec!["สแกน".into(), "two".into()],
                ocr_confidence: Some(87),
                province: Some("นครนายก".into()),
                publish_until: facts::parse_date("2026-09-30"),
                source: Some(Source {
                    archive: "ed25519:ab12".into(),
                    signer: Some("เทศบาลตำบล".into()),
                }),
            },
        ];
        for facts in all {
            assert_eq!(decode(&encode(&facts)), Some(facts));
        }
        assert_eq!(decode(b"not a card"), None);
    }
}
