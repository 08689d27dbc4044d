//! Stage 2, extract: one document's text, read by crate::documents::cache (which extracts only
//! what it has not seen), and the gate that holds back a document showing national ID numbers.

use std::collections::BTreeMap;

use crate::documents::cache::{Cache, Hash, Text};
use crate::documents::catalogue::CatalogueRow;
use crate::documents::findings::{Finding, Kind};
use crate::documents::report::human_bytes;
use crate::documents::walk::Candidate;
use crate::site::fat_name;

/// What a build settles every document's metadata against: staff values in catalogue.csv, and
/// the B.E. year of the day it publishes as of (see crate::documents::window::as_of).
pub struct Against<'a> {
    pub rows: &'a BTreeMap<String, CatalogueRow>,
    pub as_of_year: i32,
}

/// The text of `c` and its content hash, or why it is not published (an error finding).
pub fn extract(
    c: &Candidate,
    options: &extract::Options,
    against: &Against<'_>,
    cache: &Cache,
) -> Result<(Text, Hash), Finding> {
    if c.size > fat_name::MAX_FILE_BYTES {
        return Err(Finding::with_detail(
            Kind::Unreadable,
            format!(
                "larger than 4 GB ({}): USB sticks formatted FAT32 cannot hold it; split it into \
                 parts or compress it",
                human_bytes(c.size)
            ),
        ));
    }
    let (hash, extracted) = cache
        .extract(&c.path, options)
        .map_err(|why| Finding::with_detail(Kind::Unreadable, why))?;
    let reviewed = against.rows.get(&c.rel).is_some_and(|row| row.reviewed);
    if !reviewed {
        personal_data_gate(&extracted.text)?;
    }
    Ok((extracted, hash))
}

/// Holds back a document that shows a Thai national ID number (PDPA B.E. 2562): publishing
/// lists of citizens' ID numbers is the commonest leak by local governments. Staff who have
/// checked the document can publish it by marking its catalogue.csv row `reviewed`.
fn personal_data_gate(text: &str) -> Result<(), Finding> {
    use metadata::pii;
    let ids: Vec<_> = pii::scan(text)
        .into_iter()
        .filter(|f| f.kind == pii::Kind::NationalId)
        .collect();
    let Some(first) = ids.first() else {
        return Ok(());
    };
    Err(Finding {
        line: Some(first.line),
        ..Finding::with_detail(
            Kind::NationalId,
            format!(
            "held back: contains {} national ID number(s), first on line {} ({}); remove them, \
             or if publishing is lawful write yes in the `reviewed` column of catalogue.csv",
            ids.len(),
            first.line,
            first.masked
        ),
        )
    })
}
