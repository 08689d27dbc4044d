//! Stage 3, describe: a document's metadata settled (crate::documents::settle) and its index
//! record made — the title falling back to the file name, the notes the card and the report
//! show.

use catalog::{DocRecord, Facts};

use super::extract::Against;
use crate::documents::cache::Text;
use crate::documents::catalogue::CatalogueRow;
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
    let row = against.rows.get(&c.rel).unwrap_or(&CatalogueRow::EMPTY);
    let settled = settle(&c.rel, &extracted, row, against.as_of_year);
    let mut notes: Vec<String> = extracted.notes.iter().map(|n| n.english.clone()).collect();
    notes.extend(settled.withheld.iter().map(ToString::to_string));
    let mut facts = settled.facts;
    if facts.title.is_empty() {
        facts.title = file_stem(&c.rel);
    }
    let record = DocRecord {
        facts: Facts {
            url,
            size: c.size,
            ..facts
        },
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
