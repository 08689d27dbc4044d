//! One document's facts, declared once: what khlang publishes about a document besides its
//! text — where it is, what it is called, who issued it, which ITA category and ปีงบประมาณ
//! (fiscal year) it belongs to, its date and number, and what the reader should know of it.
//!
//! The build settles them (indexer: staff's catalogue.csv over what the text says) and writes
//! them into the index with the text ([`crate::DocRecord`]); the index keeps them as stored
//! fields and as a compact card ([`crate::card`]); a search returns them in every
//! [`crate::Hit`], which `khlang search --json` prints and the app shows. One struct, so a fact
//! added here reaches the index, the card, the CLI and the app, or fails to compile.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::facets::{FacetKind, UNSPECIFIED};

/// The facts of one published document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Source path relative to the documents folder, '/'-separated.
    pub path: String,
    pub title: String,
    /// Full name of the issuing agency (หน่วยงาน), e.g. "องค์การบริหารส่วนตำบลโคกทราย".
    pub agency: Option<String>,
    /// Its department (สำนัก/กอง), e.g. "กองคลัง".
    pub department: Option<String>,
    /// จังหวัด (province) of the agency, e.g. "นครนายก", without the word จังหวัด.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Taxonomy id of the disclosure category (catalog/data/taxonomy.toml).
    pub category: Option<String>,
    /// ปีงบประมาณ (fiscal year), B.E.
    pub fiscal_year: Option<u32>,
    /// The document's own date (C.E.); ISO 8601 in JSON.
    pub date: Option<NaiveDate>,
    /// Site-relative URL of the published copy.
    pub url: String,
    /// PDF, DOCX, XLSX, ODT, ODS, HTML, TXT or an image type.
    pub file_type: String,
    /// Size of the document in bytes.
    pub size: u64,
    /// Document number (เลขที่หนังสือ) such as "12/2563".
    pub doc_number: Option<String>,
    /// Notes for the reader, e.g. that a scan is not searchable.
    pub notes: Vec<String>,
    /// Mean word confidence (0–100) when the text was read by OCR from a scan or image: the
    /// card says the text comes from a scan and may contain errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<u8>,
    /// The last day staff publish the document (catalogue.csv's `publish_until`): a built
    /// archive leaves out what has closed by its build day; a national index, which outlives
    /// that day, stops answering with it after this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_until: Option<NaiveDate>,
    /// The agency's archive this document came from, where several are searched together (an
    /// archive made by `khlang merge`, or a national index fed by `khlang publish`); `None` in
    /// an agency's own archive, whose seal speaks for every document in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Which agency's archive a document came from, and whether that archive was signed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Source {
    /// The archive's id: its signing key's id when signed, else one chosen by whoever joined
    /// the archives (see `khlang merge --help`).
    pub archive: String,
    /// The name of the agency whose key signed the archive, checked when it was joined;
    /// `None` when the archive was not signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
}

impl Facts {
    /// The facet value of `kind`, or [`UNSPECIFIED`].
    pub fn facet_value(&self, kind: FacetKind) -> String {
        let value = match kind {
            FacetKind::Category => self.category.clone(),
            FacetKind::FiscalYear => self.fiscal_year.map(|y| y.to_string()),
            FacetKind::Department => self.department.clone(),
            FacetKind::Agency => self.agency.clone(),
            FacetKind::Province => self.province.clone(),
        };
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| UNSPECIFIED.to_string())
    }

    /// The date as the index stores it ([`date_text`]), "" when there is none.
    pub fn date_text(&self) -> String {
        self.date.map(date_text).unwrap_or_default()
    }
}

/// A date as the index, the card and JSON write it: ISO 8601.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A date as the index stores it ([`Facts::date_text`]) read back; `None` for "" or anything
/// that is not one. Read by hand rather than by chrono's format parser, which would add its
/// whole format machinery to the app for this one shape.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.splitn(3, '-');
    let mut number = || -> Option<u32> {
        let digits = parts.next()?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let (year, month, day) = (number()?, number()?, number()?);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}
