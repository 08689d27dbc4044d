//! Settling a document's metadata: staff values in catalogue.csv win over what is read from
//! the text, which wins over guesses from the file name.
//!
//! `build`, `check` and `catalogue` all settle metadata here, so they never disagree.

use chrono::NaiveDate;
use extract::FileKind;

use super::cache::Text;
use super::catalogue::CatalogueRow;

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

#[cfg(test)]
mod tests {
    use super::*;

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
