//! Which dates and years (วันที่, ปีงบประมาณ) may be published. A wrong date is worse than none:
//! it files a document under the wrong fiscal year, where nobody looks for it. So:
//!
//! * a year no disclosure can have (after the build's as-of year + 1, or before B.E. 2475, the
//!   first year of the constitutional government whose records are disclosed) is never published,
//!   whatever the text;
//! * a date or fiscal year read by OCR is published only when its digits were read with high
//!   confidence and another year in the same text (another date, a พ.ศ. year, the fiscal year it
//!   names) agrees with it, within one year. Tesseract's Thai model reads ๖ ๗ ๙ as ๒ or ๕ with
//!   high confidence, so confidence alone is not enough.
//!
//! What is held back is named in [`crate::DocMeta::withheld`], for staff to set by hand.

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use crate::fiscal::fiscal_year_of;
use crate::text::digit_value;
use crate::thai_date::{be_year, format_thai_short};

/// The earliest B.E. year a disclosed document can carry (B.E. 2475 = 1932 C.E.).
pub const EARLIEST_YEAR: i32 = 2475;

/// What the build knows about the text that the text does not say.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    /// The B.E. year of the day the build publishes as of (today, or `--as-of`).
    pub as_of_year: i32,
    /// `Some` when (part of) the text was read by OCR: the byte ranges of the text that hold
    /// digits read with low confidence (none when all were read well).
    pub ocr_doubtful: Option<&'a [Range<usize>]>,
}

impl Reading<'_> {
    /// Text that was written, not recognised (a text PDF, DOCX, HTML, TXT).
    pub fn text(as_of_year: i32) -> Reading<'static> {
        Reading {
            as_of_year,
            ocr_doubtful: None,
        }
    }
}

/// A date or fiscal year found in the text but not published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withheld {
    /// "date" or "fiscal_year".
    pub field: &'static str,
    /// The value as read: a date as ISO 8601 (C.E., "1962-10-20"), a fiscal year as B.E. ("2599").
    pub value: String,
    pub why: Why,
}

/// Why a value was held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Its year is after the as-of year + 1 or before [`EARLIEST_YEAR`].
    Impossible,
    /// Read by OCR, and its digits with low confidence.
    Doubtful,
    /// Read by OCR, and the text's other years differ from it by more than one.
    Disagrees,
    /// Read by OCR, and no other year in the text confirms it.
    Unconfirmed,
}

impl Withheld {
    /// How the value is shown to staff: "20 ต.ค. 2505 (1962-10-20)" or "2599".
    fn shown(&self) -> String {
        match NaiveDate::parse_from_str(&self.value, "%Y-%m-%d") {
            Ok(d) => format!("{} ({})", format_thai_short(d), self.value),
            Err(_) => self.value.clone(),
        }
    }
}

impl fmt::Display for Withheld {
    /// "date 20 ต.ค. 2505 (1962-10-20) not published: …; set … in catalogue.csv, or …".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, column) = match self.field {
            "date" => ("date", "date"),
            _ => ("fiscal year", "fiscal_year"),
        };
        let why = match self.why {
            Why::Impossible => "no disclosure can carry that year yet (or any more)",
            Why::Doubtful => "OCR read its digits with low confidence",
            Why::Disagrees => "OCR read it, and it disagrees with the other years in the text",
            Why::Unconfirmed => "OCR read it, and no other year in the text confirms it",
        };
        let fix = match self.why {
            Why::Impossible => "or correct the document",
            _ => "or publish the original text PDF instead of the scan",
        };
        write!(
            f,
            "{what} {} not published: {why}; set the right {column} in catalogue.csv, {fix}",
            self.shown()
        )
    }
}

/// The date and fiscal year that may be published, and what is held back. `date` and `named`
/// carry the byte ranges in `text` where they are written; `named` is the fiscal year the text
/// names (the date's fiscal year is used when it names none).
pub(crate) fn settle(
    text: &str,
    date: Option<(NaiveDate, Range<usize>)>,
    named: Option<(u32, Option<Range<usize>>)>,
    reading: &Reading<'_>,
) -> (Option<NaiveDate>, Option<u32>, Vec<Withheld>) {
    let mut withheld = Vec::new();
    let possible = |year: i32| (EARLIEST_YEAR..=reading.as_of_year + 1).contains(&year);
    let years = reading
        .ocr_doubtful
        .map(|doubtful| years_in(text, doubtful));

    // The named fiscal year first: a date is checked against it.
    let named = named.and_then(|(year, at)| {
        let why = if !possible(year as i32) {
            Some(Why::Impossible)
        } else {
            match (&years, reading.ocr_doubtful, at) {
                (Some(years), Some(doubtful), Some(at)) => {
                    ocr_doubt(years, doubtful, &at, year as i32)
                }
                _ => None,
            }
        };
        match why {
            Some(why) => {
                withheld.push(Withheld {
                    field: "fiscal_year",
                    value: year.to_string(),
                    why,
                });
                None
            }
            None => Some(year),
        }
    });

    let date = date.and_then(|(d, at)| {
        let why = if !possible(be_year(d)) {
            Some(Why::Impossible)
        } else {
            match (&years, reading.ocr_doubtful) {
                (Some(years), Some(doubtful)) => ocr_doubt(years, doubtful, &at, be_year(d))
                    .or_else(|| {
                        // The fiscal year the document names must be the date's, give or take
                        // one (plans come before their year, reports after it).
                        named
                            .filter(|&f| (fiscal_year_of(d) as i32 - f as i32).abs() > 1)
                            .map(|_| Why::Disagrees)
                    }),
                _ => None,
            }
        };
        match why {
            Some(why) => {
                withheld.push(Withheld {
                    field: "date",
                    value: d.to_string(),
                    why,
                });
                None
            }
            None => Some(d),
        }
    });

    let derived = named.or_else(|| date.map(fiscal_year_of));
    let fiscal_year = derived.filter(|&f| {
        let ok = possible(f as i32);
        if !ok && named.is_none() {
            withheld.push(Withheld {
                field: "fiscal_year",
                value: f.to_string(),
                why: Why::Impossible,
            });
        }
        ok
    });
    (date, fiscal_year, withheld)
}

/// Why an OCR'd year written at `at` cannot be trusted, if it cannot.
fn ocr_doubt(
    years: &[(i32, Range<usize>)],
    doubtful: &[Range<usize>],
    at: &Range<usize>,
    year: i32,
) -> Option<Why> {
    if doubtful.iter().any(|d| overlaps(d, at)) {
        return Some(Why::Doubtful);
    }
    let others: Vec<i32> = years
        .iter()
        .filter(|(_, r)| !overlaps(r, at))
        .map(|&(y, _)| y)
        .collect();
    if others.iter().any(|&y| (y - year).abs() <= 1) {
        None
    } else if others.is_empty() {
        Some(Why::Unconfirmed)
    } else {
        Some(Why::Disagrees)
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Every standalone four-digit number (Thai or Arabic digits) that could be a B.E. year, with
/// its byte range, leaving out those read with low confidence.
fn years_in(text: &str, doubtful: &[Range<usize>]) -> Vec<(i32, Range<usize>)> {
    let mut years = Vec::new();
    let mut run: Option<(usize, i32, usize)> = None; // (start, value, digits)
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (digit_value(c), &mut run) {
            (Some(v), Some((_, value, n))) => {
                *value = value.saturating_mul(10).saturating_add(v as i32);
                *n += 1;
            }
            (Some(v), None) => run = Some((at, v as i32, 1)),
            (None, Some((start, value, 4))) => {
                let range = *start..at;
                if (2400..=2700).contains(value) && !doubtful.iter().any(|d| overlaps(d, &range)) {
                    years.push((*value, range));
                }
                run = None;
            }
            (None, _) => run = None,
        }
    }
    years
}
