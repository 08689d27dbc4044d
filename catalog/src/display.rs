//! How values are shown to people, shared by the app and `khlang search`: Thai dates in the
//! Buddhist era, file sizes, facet labels, the notice on text read by OCR.

use chrono::{Datelike, NaiveDate};

use crate::facets::{FacetKind, UNSPECIFIED};

/// Interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Thai,
    English,
}

/// Official Thai month abbreviations (index 0 = January), as on every Thai document.
pub const THAI_MONTHS: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];
const ENGLISH_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// What a document whose text was read by OCR says on its card, with tesseract's mean word
/// confidence (0–100): "ข้อความจากการสแกน อาจคลาดเคลื่อน (OCR 93%)".
pub fn ocr_notice(confidence: u8, lang: Lang) -> String {
    let words = match lang {
        Lang::Thai => "ข้อความจากการสแกน อาจคลาดเคลื่อน",
        Lang::English => "Text read from a scan, may contain errors",
    };
    format!("{words} (OCR {confidence}%)")
}

/// A date as people read it: "27 มี.ค. 2563" (B.E.) or "27 Mar 2020".
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    let (d, m) = (date.day(), date.month0() as usize);
    match lang {
        Lang::Thai => format!("{d} {} {}", THAI_MONTHS[m], date.year() + thai::BE_OFFSET),
        Lang::English => format!("{d} {} {}", ENGLISH_MONTHS[m], date.year()),
    }
}

/// A byte count as "12 KB", "3.4 MB".
pub fn format_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}

/// The heading of a facet.
pub fn facet_label(kind: FacetKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (FacetKind::Category, Lang::Thai) => "หมวดหมู่",
        (FacetKind::Category, Lang::English) => "Category",
        (FacetKind::FiscalYear, Lang::Thai) => "ปีงบประมาณ",
        (FacetKind::FiscalYear, Lang::English) => "Fiscal year",
        (FacetKind::Department, Lang::Thai) => "หน่วยงานภายใน",
        (FacetKind::Department, Lang::English) => "Department",
        (FacetKind::Agency, Lang::Thai) => "หน่วยงาน",
        (FacetKind::Agency, Lang::English) => "Agency",
        (FacetKind::Province, Lang::Thai) => "จังหวัด",
        (FacetKind::Province, Lang::English) => "Province",
    }
}

/// How a facet value is shown: category ids become labels, "unspecified" is translated.
pub fn facet_value_label(kind: FacetKind, value: &str, lang: Lang) -> String {
    if value == UNSPECIFIED {
        return match lang {
            Lang::Thai => UNSPECIFIED.to_string(),
            Lang::English => "Not specified".to_string(),
        };
    }
    if kind == FacetKind::Category {
        if let Some(cat) = crate::taxonomy::builtin().get(value) {
            return match lang {
                Lang::Thai => cat.th.clone(),
                Lang::English => cat.en.clone(),
            };
        }
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_notice_in_both_languages() {
        assert_eq!(
            ocr_notice(93, Lang::Thai),
            "ข้อความจากการสแกน อาจคลาดเคลื่อน (OCR 93%)"
        );
        assert_eq!(
            ocr_notice(71, Lang::English),
            "Text read from a scan, may contain errors (OCR 71%)"
        );
    }

    #[test]
    fn formats_dates_in_both_eras() {
        let cases = [
            ("2020-03-27", Lang::Thai, "27 มี.ค. 2563"),
            ("2019-12-01", Lang::Thai, "1 ธ.ค. 2562"),
            ("2020-03-27", Lang::English, "27 Mar 2020"),
            ("2024-02-29", Lang::Thai, "29 ก.พ. 2567"),
        ];
        for (iso, lang, want) in cases {
            let date = crate::facts::parse_date(iso).expect("a valid date in the table");
            assert_eq!(format_date(date, lang), want, "{iso}");
        }
        // What is not a date is not one in the index either: the card and the hit have none.
        assert_eq!(crate::facts::parse_date("2020-13-01"), None);
        assert_eq!(crate::facts::parse_date(""), None);
    }

    #[test]
    fn formats_sizes() {
        assert_eq!(format_size(512), "512 B");
        assert_eq!(format_size(14_070), "14 KB");
        assert_eq!(format_size(3 << 20), "3.0 MB");
    }
}
