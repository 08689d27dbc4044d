//! Which dates and years (วันที่, ปีงบประมาณ) may be published. A wrong date is worse than none:
//! it files a document under the wrong fiscal year, where nobody looks for it. So:
//!
//! * a year no disclosure can have (after the build's as-of year + 1, or before B.E. 2475, the
//!   first year of the constitutional government whose records are disclosed) is never published,
//!   whatever the text;
//! * a date or fiscal year read by OCR (on a scanned page, not on a PDF's text page) is
//!   published only when its digits were read with high
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
    /// The byte ranges of the text that were read by OCR (empty when none was).
    pub ocr_read: &'a [Range<usize>],
    /// The byte ranges of the OCR'd text that hold digits read with low confidence.
    pub ocr_doubtful: &'a [Range<usize>],
}

impl Reading<'_> {
    /// Text that was written, not recognised (a text PDF, DOCX, HTML, TXT).
    pub fn text(as_of_year: i32) -> Reading<'static> {
        Reading {
            as_of_year,
            ocr_read: &[],
            ocr_doubtful: &[],
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

/// Whether a disclosure published in the B.E. year `as_of_year` can carry the B.E. year `year`:
/// from [`EARLIEST_YEAR`] to next year (next year's plan or budget).
pub fn is_possible_year(year: i32, as_of_year: i32) -> bool {
    (EARLIEST_YEAR..=as_of_year + 1).contains(&year)
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
    let possible = |year: i32| is_possible_year(year, reading.as_of_year);
    let by_ocr = |at: &Range<usize>| reading.ocr_read.iter().any(|r| overlaps(r, at));
    let doubtful = reading.ocr_doubtful;
    let years = (!reading.ocr_read.is_empty()).then(|| years_in(text, doubtful));

    // The named fiscal year first: a date is checked against it.
    let named = named.and_then(|(year, at)| {
        let why = if !possible(year as i32) {
            Some(Why::Impossible)
        } else {
            match (&years, at) {
                (Some(years), Some(at)) if by_ocr(&at) => {
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
            match &years {
                Some(years) if by_ocr(&at) => {
                    ocr_doubt(years, doubtful, &at, be_year(d)).or_else(|| {
                        // The fiscal year the document names must be the date's, give or take
                        // one (plans come before their year, reports after it).
                        named
                            .filter(|&f| (fiscal_year_of(d) as i32 - f as i32).abs() > 1)
                            .map(|_| Why::Disagrees)
                    })
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{extract, DocMeta};

    /// Texts and doubtful spans exactly as `extract` returned them for the committed scans
    /// (extract/tests/fixtures/scan-*, tesseract 5.3.0 with tha+eng): the misreadings are real.
    const ANNOUNCEMENT_JPG: &str = "ประกาศองค์การบริหารส่วนตําบลโคกทราย\n9๑7\n๑ ซู ๑ ?>\nเรือง แผนการจัดซื้อจัดจ้าง ประจําปีงบประมาณ พ.ศ. 2567\n9๑7\nเพื่อให้การจัดซื้อจัดจ้างเป็นไปด้วยความโปร่งใส\nประกาศ ณ วันที่ 15 มกราคม พ.ศ. 2567";
    const ANNOUNCEMENT_DOUBTFUL: &[Range<usize>] = &[110..111, 123..126, 271..274, 274..275];
    /// Typed "ประจำปีงบประมาณ พ.ศ. 2566 … ประกาศ ณ วันที่ 20 ตุลาคม พ.ศ. 2505", read right.
    const DISAGREES_PNG: &str = "ประกาศองค์การบริหารส่วนตําบลโคกทราย\nเรือง รายงานการเงิน ประจําปีงบประมาณ พ.ศ. 2566\nประกาศ ณ วันที่ 20 ตุลาคม พ.ศ. 2505";
    /// Typed "… พ.ศ. ๒๕๖๕ … ๒๘ กันยายน พ.ศ. ๒๕๖๕" (150 dpi): the ๐ of the date at 349 is doubtful.
    const NOISY_PDF: &str = "ประกาศองค์การบริหารส่วนตําบลโคกทราย\nเรือง ประกาศผู้ชนะการเสนอราคา ประจําปีงบประมาณ พ.ศ.\n๒๕๒๐๕\nประกาศ ณ วันที ๒๕ กันยายน พ.ศ. ๒๕๐๕";
    const NOISY_DOUBTFUL: &[Range<usize>] = &[259..262, 349..352];
    /// Typed "๒ กุมภาพันธ์ พ.ศ. ๒๕๖๖", read ๒๕๒๒ with confidence: nothing else to compare with.
    const TWO_PAGES_TIF: &str = "ประกาศองค์การบริหารส่วนตําบลโคกทราย\n๑7\nเรือง ผลการพิจารณาจัดซื้อครภัณฑ์สํานักงาน\nจ\nผู้ชนะการเสนอราคา ห้างหุ้นส่วนจํากัดนาแซงพาณิชย์\nประกาศ ณ วันที ๒ กุมภาพันธ์ พ.ศ. ๒๕๒๒";
    const TWO_PAGES_DOUBTFUL: &[Range<usize>] = &[Range {
        start: 109,
        end: 110,
    }];
    /// Read clearly; the year is after the as-of year 2569 + 1.
    const YEAR_2599_PNG: &str = "ประกาศองค์การบริหารส่วนตําบลโคกทราย\nเรือง รายงานผลการดำเนินงาน ประจําปีงบประมาณ พ.ศ. 2599\nประกาศ ณ วันที 3 มีนาคม พ.ศ. 2599";

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn w(field: &'static str, value: &str, why: Why) -> Withheld {
        Withheld {
            field,
            value: value.into(),
            why,
        }
    }

    #[test]
    fn dates_and_years_are_published_only_when_trusted() {
        const AS_OF: i32 = 2569;
        // All of the text read by OCR.
        let ocr = |d: &'static [Range<usize>]| Reading {
            as_of_year: AS_OF,
            ocr_read: &[Range {
                start: 0,
                end: usize::MAX,
            }],
            ocr_doubtful: d,
        };
        let text = Reading::text(AS_OF);
        // (text, reading, date, fiscal year, withheld)
        type Case<'a> = (
            &'a str,
            Reading<'a>,
            Option<NaiveDate>,
            Option<u32>,
            Vec<Withheld>,
        );
        let cases: &[Case] = &[
            // OCR'd, digits read well, the date agrees with the fiscal year named: published.
            (
                ANNOUNCEMENT_JPG,
                ocr(ANNOUNCEMENT_DOUBTFUL),
                ymd(2024, 1, 15),
                Some(2567),
                vec![],
            ),
            // The same text with the day (15) marked doubtful by hand: withheld, the fiscal year
            // stays.
            (
                ANNOUNCEMENT_JPG,
                ocr(&[Range {
                    start: 457,
                    end: 459,
                }]),
                None,
                Some(2567),
                vec![w("date", "2024-01-15", Why::Doubtful)],
            ),
            // The date's year and the fiscal year named are 61 years apart: neither is published.
            (
                DISAGREES_PNG,
                ocr(&[]),
                None,
                None,
                vec![
                    w("fiscal_year", "2566", Why::Disagrees),
                    w("date", "1962-10-20", Why::Disagrees),
                ],
            ),
            // The date is confirmed by another 2563, but falls in fiscal year 2564, two years
            // from the 2566 the report names (itself confirmed): the date is withheld.
            (
                "รายงาน ประจำปีงบประมาณ พ.ศ. 2566 ตามแผนปี 2566\nอ้างถึงหนังสือปี 2563\nประกาศ ณ วันที่ 20 ตุลาคม พ.ศ. 2563",
                ocr(&[]),
                None,
                Some(2566),
                vec![w("date", "2020-10-20", Why::Disagrees)],
            ),
            // The same words typed (a text PDF): nothing is OCR, the date is published.
            (DISAGREES_PNG, text, ymd(1962, 10, 20), Some(2566), vec![]),
            (
                NOISY_PDF,
                ocr(NOISY_DOUBTFUL),
                None,
                None,
                vec![w("date", "1962-09-25", Why::Doubtful)],
            ),
            (
                TWO_PAGES_TIF,
                ocr(TWO_PAGES_DOUBTFUL),
                None,
                None,
                vec![w("date", "1979-02-02", Why::Unconfirmed)],
            ),
            // An impossible year is never published, OCR or not.
            (
                YEAR_2599_PNG,
                ocr(&[]),
                None,
                None,
                vec![
                    w("fiscal_year", "2599", Why::Impossible),
                    w("date", "2056-03-03", Why::Impossible),
                ],
            ),
            (
                YEAR_2599_PNG,
                text,
                None,
                None,
                vec![
                    w("fiscal_year", "2599", Why::Impossible),
                    w("date", "2056-03-03", Why::Impossible),
                ],
            ),
            // The as-of year + 1 is possible (next year's plan), + 2 is not.
            (
                "แผน ประจำปีงบประมาณ พ.ศ. 2570",
                text,
                None,
                Some(2570),
                vec![],
            ),
            (
                "แผน ประจำปีงบประมาณ พ.ศ. 2571",
                text,
                None,
                None,
                vec![w("fiscal_year", "2571", Why::Impossible)],
            ),
            // Before B.E. 2475: impossible too (a date reads only B.E. 2500–2600, a year more).
            (
                "ประกาศ ณ วันที่ 1 มกราคม ค.ศ. 1930",
                text,
                None,
                None,
                vec![w("date", "1930-01-01", Why::Impossible)],
            ),
        ];
        for (text, reading, date, fy, withheld) in cases {
            let m: DocMeta = extract(text, "x.png", None, reading);
            assert_eq!(
                (m.date, m.fiscal_year, &m.withheld),
                (*date, *fy, withheld),
                "{text}"
            );
        }
    }

    #[test]
    fn doubtful_spans_follow_the_repaired_text() {
        // "ทำ" as NIKHAHIT + SARA AA before the date moves the date three bytes back.
        let text =
            "รายงานประจ\u{0E4D}\u{0E32}ปีงบประมาณ พ.ศ. 2567\nประกาศ ณ วันที่ 15 มกราคม พ.ศ. 2567";
        let day = text.find("15").unwrap_or(0);
        let doubtful = [Range {
            start: day,
            end: day + 2,
        }];
        let m = extract(
            text,
            "x.png",
            None,
            &Reading {
                as_of_year: 2569,
                ocr_read: &[Range {
                    start: 0,
                    end: text.len(),
                }],
                ocr_doubtful: &doubtful,
            },
        );
        assert_eq!(m.withheld, vec![w("date", "2024-01-15", Why::Doubtful)]);
        assert_eq!(
            m.withheld[0].to_string(),
            "date 15 ม.ค. 2567 (2024-01-15) not published: OCR read its digits with low \
             confidence; set the right date in catalogue.csv, or publish the original text PDF \
             instead of the scan"
        );
    }

    #[test]
    fn only_what_ocr_read_is_held_to_ocr() {
        // A typed page (a PDF's text layer) then a scanned page: the typed signing date is
        // published although nothing confirms it; the same date on the scanned page is not.
        let typed = "ประกาศ ณ วันที่ 20 ตุลาคม พ.ศ. 2505\n";
        let text = format!("{typed}{TWO_PAGES_TIF}");
        let scanned = [Range {
            start: typed.len(),
            end: text.len(),
        }];
        let reading = Reading {
            as_of_year: 2569,
            ocr_read: &scanned,
            ocr_doubtful: &[],
        };
        let m = extract(&text, "x.pdf", None, &reading);
        assert_eq!((m.date, &m.withheld[..]), (ymd(1962, 10, 20), &[][..]));
        let all = [Range {
            start: 0,
            end: text.len(),
        }];
        let m = extract(
            &text,
            "x.pdf",
            None,
            &Reading {
                ocr_read: &all,
                ..reading
            },
        );
        assert_eq!(m.date, None);
        assert_eq!(m.withheld[0].why, Why::Disagrees);
    }
}
