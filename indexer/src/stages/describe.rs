//! Stage 3, describe: a document's metadata settled (crate::documents::settle) and its index
//! record made — the title falling back to the file name, the notes the card and the report
//! show.

use catalog::{DocRecord, Facts};

use super::extract::Against;
use crate::documents::cache::Text;
use crate::documents::settle::settle;
use crate::documents::walk::Candidate;

/// The index record of `c`, whose text is `extracted` and whose entry links to `url`; also the
/// notes for the build report.
pub fn describe(
    c: &Candidate,
    extracted: Text,
    url: String,
    against: &Against<'_>,
) -> (DocRecord, Vec<String>) {
    let row = against.rows.get(&c.rel).cloned().unwrap_or_default();
    let meta = settle(&c.rel, &extracted, &row, against.as_of_year);
    let mut notes: Vec<String> = extracted.notes.iter().map(|n| n.english.clone()).collect();
    notes.extend(meta.withheld.iter().map(ToString::to_string));
    let facts = Facts {
        path: c.rel.clone(),
        url,
        title: meta.title.unwrap_or_else(|| file_stem(&c.rel)),
        file_type: extracted.kind.label().to_string(),
        size: c.size,
        date: meta.date,
        doc_number: meta.doc_number,
        // The card says "read by OCR" once, with the confidence (ocr_confidence), not again
        // as a note.
        notes: extracted
            .notes
            .into_iter()
            .map(|n| n.thai)
            .filter(|n| extracted.ocr.is_none() || n != extract::Note::OcrUsed.thai())
            .collect(),
        category: Some(meta.category),
        fiscal_year: meta.fiscal_year,
        department: meta.department,
        agency: meta.agency,
        ocr_confidence: extracted.ocr.as_ref().map(|q| q.confidence),
    };
    let record = DocRecord {
        facts,
        body: extracted.text,
    };
    (record, notes)
}

fn file_stem(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_fall_back_to_the_file_name() {
        assert_eq!(file_stem("plans/แผนพัฒนา 2563.pdf"), "แผนพัฒนา 2563");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }
}
