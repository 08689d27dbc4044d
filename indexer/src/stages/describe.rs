//! Stage 3, describe: a document's metadata settled (crate::documents::settle) and its index
//! record made — the title falling back to the file name, the notes the card and the report
//! show.

use catalog::{DocRecord, Facts};

use super::extract::Against;
use crate::documents::cache::Text;
use crate::documents::catalogue::CatalogueRow;
use crate::documents::findings::{self, Finding};
use crate::documents::settle::settle;
use crate::documents::walk::Candidate;

/// A document as the build describes it.
pub struct Described {
    pub record: DocRecord,
    /// What staff should look at (crate::documents::findings).
    pub findings: Vec<Finding>,
    /// Where the coverage matrix files it: (fiscal year, category), when it has a fiscal year.
    pub filed: Option<(u32, String)>,
}

/// The index record of `c`, whose text is `extracted` and whose entry links to `url`; also its
/// findings for the build report and where the coverage matrix files it.
pub fn describe(c: &Candidate, extracted: Text, url: String, against: &Against<'_>) -> Described {
    let row = against.rows.get(&c.rel).unwrap_or(&CatalogueRow::EMPTY);
    let settled = settle(&c.rel, &extracted, row, against.as_of_year);
    let findings = findings::of_document(&settled, row, &extracted);
    let filed = settled
        .facts
        .fiscal_year
        .map(|year| (year, settled.category().to_string()));
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
    Described {
        record,
        findings,
        filed,
    }
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
