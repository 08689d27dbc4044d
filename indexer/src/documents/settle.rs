//! Settling a document's metadata: staff values in catalogue.csv win over what is read from
//! the text, which wins over guesses from the file name.
//!
//! `build`, `check` and `catalogue` all settle metadata here, so they never disagree.

use catalog::Facts;
use extract::FileKind;

use super::cache::Text;
use super::catalogue::CatalogueRow;

/// A document's facts as `build` publishes them: staff values from catalogue.csv over what
/// [`metadata::extract`] reads from the text, in the one record of a document's facts
/// ([`catalog::Facts`]). `build`, `check` and `catalogue` all settle metadata here, so they
/// never disagree.
#[derive(Clone, Debug)]
pub struct Settled {
    /// What the text alone says, with its `uncertain` fields.
    pub extracted: metadata::DocMeta,
    /// The settled facts: path, title ("" when neither staff nor text give one; the build then
    /// names the document after its file), agency, department, category (a taxonomy id,
    /// `other` when nothing matched), ปีงบประมาณ, date, number, file type, the notes of its
    /// extraction and its OCR confidence. Where the document lies in the site (url, size) is
    /// the build's to add.
    pub facts: Facts,
    /// Dates and fiscal years read from the text but not published, which catalogue.csv has
    /// not settled either: for `check` and the build report.
    pub withheld: Vec<metadata::Withheld>,
    /// catalogue.csv values no disclosure can carry, not published (the text's value, if any,
    /// stands in their place).
    pub refused: Vec<Refused>,
}

/// A date or fiscal year written in catalogue.csv whose year no disclosure can carry (see
/// [`metadata::is_possible_year`]): most often a typo (2595 for 2565). Publishing it would file
/// the document under a year nobody searches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// "date" or "fiscal_year", the column.
    pub column: &'static str,
    /// As written, read: an ISO date or a B.E. year.
    pub value: String,
    /// The B.E. year the build publishes as of.
    pub as_of_year: i32,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "catalogue.csv gives {} {}, a year no disclosure published in B.E. {} can carry \
             (B.E. {}–{}); it is not published: correct the {} cell",
            self.column,
            self.value,
            self.as_of_year,
            metadata::EARLIEST_YEAR,
            self.as_of_year + 1,
            self.column
        )
    }
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
    let mut refused = Vec::new();
    let possible = |year: i32| metadata::is_possible_year(year, as_of_year);
    let row_date = row.date.filter(|d| {
        let ok = possible(metadata::thai_date::be_year(*d));
        if !ok {
            refused.push(Refused {
                column: "date",
                value: d.to_string(),
                as_of_year,
            });
        }
        ok
    });
    let row_fiscal_year = row.fiscal_year.filter(|y| {
        let ok = possible(*y as i32);
        if !ok {
            refused.push(Refused {
                column: "fiscal_year",
                value: y.to_string(),
                as_of_year,
            });
        }
        ok
    });
    let date = row_date.or(meta.date);
    let fiscal_year = row_fiscal_year
        .or(meta.fiscal_year)
        .or_else(|| date.map(metadata::fiscal_year_of));
    // A value staff set by hand settles what was held back.
    let withheld = meta
        .withheld
        .iter()
        .filter(|w| match w.field {
            "date" => row_date.is_none(),
            _ => row_fiscal_year.is_none() && row_date.is_none(),
        })
        .cloned()
        .collect();
    let facts = Facts {
        path: rel.to_string(),
        title: row
            .title
            .clone()
            .or_else(|| meta.title.clone())
            .unwrap_or_default(),
        agency: row.agency.clone().or_else(|| meta.agency.clone()),
        // A province staff wrote wins; so does one their agency's name gives.
        province: row
            .province
            .clone()
            .or_else(|| {
                let agency = row.agency.as_deref()?;
                metadata::province::find(Some(agency), &[]).map(str::to_string)
            })
            .or_else(|| meta.province.clone()),
        department: row.department.clone().or_else(|| meta.department.clone()),
        category: Some(category),
        fiscal_year,
        date,
        file_type: doc.kind.label().to_string(),
        doc_number: row.doc_number.clone().or_else(|| meta.doc_number.clone()),
        // The card says "read by OCR" once, with the confidence (ocr_confidence), not again
        // as a note.
        notes: doc
            .notes
            .iter()
            .map(|n| n.thai.clone())
            .filter(|n| doc.ocr.is_none() || n != extract::Note::OcrUsed.thai())
            .collect(),
        ocr_confidence: doc.ocr.as_ref().map(|q| q.confidence),
        publish_until: row.publish_until,
        ..Facts::default()
    };
    Settled {
        withheld,
        refused,
        facts,
        extracted: meta,
    }
}

impl Settled {
    /// The settled category: a taxonomy id.
    pub fn category(&self) -> &str {
        self.facts
            .category
            .as_deref()
            .unwrap_or(catalog::taxonomy::OTHER)
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
            settled.facts.title,
            "แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2568"
        );
        assert_eq!(settled.facts.fiscal_year, Some(2568));
    }
}
