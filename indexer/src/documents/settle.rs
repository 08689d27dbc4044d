//! From one file to one index record: extract the text, then settle its metadata.
//!
//! Staff values in catalogue.csv win over what is read from the text, which wins over guesses
//! from the file name.

use std::collections::BTreeMap;

use catalog::DocRecord;
use chrono::NaiveDate;

use super::catalogue::CatalogueRow;
use super::report::Problem;
use super::walk::Candidate;
use crate::cache::{Cache, Hash, Text};
use crate::site::fat_name;
use extract::FileKind;

/// A document's metadata as `build` publishes it: staff values from catalogue.csv over what
/// [`metadata::extract`] reads from the text. `build`, `check` and `catalogue` all settle
/// metadata here, so they never disagree.
#[derive(Clone, Debug)]
pub struct Settled {
    /// What the text alone says, with its `uncertain` fields.
    pub extracted: metadata::DocMeta,
    pub title: Option<String>,
    pub agency: Option<String>,
    pub department: Option<String>,
    /// A taxonomy id; `other` when nothing matched.
    pub category: String,
    /// ปีงบประมาณ, B.E.
    pub fiscal_year: Option<u32>,
    pub date: Option<NaiveDate>,
    pub doc_number: Option<String>,
    /// Dates and fiscal years read from the text but not published, which catalogue.csv has
    /// not settled either: for `check` and the build report.
    pub withheld: Vec<metadata::Withheld>,
}

/// Settles the metadata of the document at `rel` (relative path) extracted as `doc`, as of the
/// B.E. year `as_of_year` (see [`super::window::as_of`]).
pub fn settle(rel: &str, doc: &Text, row: &CatalogueRow, as_of_year: i32) -> Settled {
    let reading = match &doc.ocr {
        Some(q) => metadata::Reading {
            as_of_year,
            ocr_read: &q.read,
            ocr_doubtful: &q.doubtful,
        },
        None => metadata::Reading::text(as_of_year),
    };
    // A spreadsheet's sheet-name lines name sheets, not the document (and a spreadsheet has no
    // OCR spans for the shorter text to move).
    let text = match doc.kind {
        FileKind::Xlsx | FileKind::Ods => without_sheet_names(&doc.text),
        _ => doc.text.as_str().into(),
    };
    let meta = metadata::extract(&text, rel, doc.title.as_deref(), &reading);
    let taxonomy = catalog::taxonomy::builtin();
    let category = row
        .category
        .clone()
        .map(|c| taxonomy.resolve(&c).map(|cat| cat.id.clone()).unwrap_or(c))
        .or_else(|| meta.category.clone())
        .unwrap_or_else(|| catalog::taxonomy::OTHER.to_string());
    let date = row.date.or(meta.date);
    let fiscal_year = row
        .fiscal_year
        .or(meta.fiscal_year)
        .or_else(|| date.map(metadata::fiscal_year_of));
    // A value staff set by hand settles what was held back.
    let withheld = meta
        .withheld
        .iter()
        .filter(|w| match w.field {
            "date" => row.date.is_none(),
            _ => row.fiscal_year.is_none() && row.date.is_none(),
        })
        .cloned()
        .collect();
    Settled {
        withheld,
        title: row.title.clone().or_else(|| meta.title.clone()),
        agency: row.agency.clone().or_else(|| meta.agency.clone()),
        department: row.department.clone().or_else(|| meta.department.clone()),
        doc_number: row.doc_number.clone().or_else(|| meta.doc_number.clone()),
        category,
        fiscal_year,
        date,
        extracted: meta,
    }
}

/// What a build settles every document's metadata against: staff values in catalogue.csv, and
/// the B.E. year of the day it publishes as of (see [`super::window::as_of`]).
pub struct Against<'a> {
    pub rows: &'a BTreeMap<String, CatalogueRow>,
    pub as_of_year: i32,
}

/// `text` with each spreadsheet's sheet-name line ("แผ่นงาน: Sheet1", see
/// [`extract::SHEET_LABEL`]) left blank: it names a sheet, not the document, so the title
/// comes from the sheet's own heading rows.
fn without_sheet_names(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(extract::SHEET_LABEL) {
        return text.into();
    }
    text.lines()
        .map(|l| {
            if l.starts_with(extract::SHEET_LABEL) {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .into()
}

/// Extracts `c` (or takes its text from `cache`) and builds its record; also returns notes for
/// the build report and the content hash.
pub fn prepare(
    c: &Candidate,
    options: &extract::Options,
    against: &Against<'_>,
    cache: &Cache,
) -> Result<(DocRecord, Vec<String>, Hash), Problem> {
    if c.size > fat_name::MAX_FILE_BYTES {
        return Err(Problem::new(
            c.rel.clone(),
            format!(
                "larger than 4 GB ({}): USB sticks formatted FAT32 cannot hold it; split it into \
                 parts or compress it",
                super::report::human_bytes(c.size)
            ),
        ));
    }
    let (hash, extracted) = cache
        .extract(&c.path, options)
        .map_err(|why| Problem::new(c.rel.clone(), why))?;
    let row = against.rows.get(&c.rel).cloned().unwrap_or_default();
    if !row.reviewed {
        personal_data_gate(&c.rel, &extracted.text)?;
    }
    let meta = settle(&c.rel, &extracted, &row, against.as_of_year);
    let mut notes: Vec<String> = extracted.notes.iter().map(|n| n.english.clone()).collect();
    notes.extend(meta.withheld.iter().map(ToString::to_string));
    let record = DocRecord {
        path: c.rel.clone(),
        url: url_of(&c.site),
        title: meta.title.unwrap_or_else(|| file_stem(&c.rel)),
        body: extracted.text,
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
    Ok((record, notes, hash))
}

/// Holds back a document that shows a Thai national ID number (PDPA B.E. 2562): publishing
/// lists of citizens' ID numbers is the commonest leak by local governments. Staff who have
/// checked the document can publish it by marking its catalogue.csv row `reviewed`.
fn personal_data_gate(rel: &str, text: &str) -> Result<(), Problem> {
    use metadata::pii::{scan, Kind};
    let ids: Vec<_> = scan(text)
        .into_iter()
        .filter(|f| f.kind == Kind::NationalId)
        .collect();
    let Some(first) = ids.first() else {
        return Ok(());
    };
    Err(Problem::new(
        rel.to_string(),
        format!(
            "held back: contains {} national ID number(s), first on line {} ({}); remove them, \
             or if publishing is lawful write yes in the `reviewed` column of catalogue.csv",
            ids.len(),
            first.line,
            first.masked
        ),
    ))
}

/// A site-relative URL for a site path: each segment percent-encoded, so Thai names and spaces
/// work from file:// and over http alike.
pub fn url_of(site_path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'\\')
        .add(b'^')
        .add(b'|')
        .add(b'[')
        .add(b']');
    site_path
        .split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
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
    fn urls_encode_each_segment() {
        assert_eq!(
            url_of("docs/a b/แผน#1.pdf"),
            "docs/a%20b/%E0%B9%81%E0%B8%9C%E0%B8%99%231.pdf"
        );
        assert_eq!(url_of("docs/x.txt"), "docs/x.txt");
    }

    #[test]
    fn titles_fall_back_to_the_file_name() {
        assert_eq!(file_stem("plans/แผนพัฒนา 2563.pdf"), "แผนพัฒนา 2563");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }

    #[test]
    fn a_sheet_name_is_not_a_workbook_title() {
        let text = "แผ่นงาน: Sheet1\nแผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568\n\
                    ลำดับ\tรายการ\tวงเงิน (บาท)\n1\tจัดซื้อครุภัณฑ์คอมพิวเตอร์\t1,500,000.00";
        let doc = Text {
            kind: FileKind::Xlsx,
            text: text.into(),
            title: None,
            notes: Vec::new(),
            ocr: None,
        };
        let settled = settle("แผน.xlsx", &doc, &CatalogueRow::default(), 2569);
        assert_eq!(
            settled.title.as_deref(),
            Some("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568")
        );
        assert_eq!(settled.fiscal_year, Some(2568));
    }
}
