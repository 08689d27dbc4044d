//! Which of a document's dates is *its* date.
//!
//! Documents quote older dates (laws, cabinet resolutions, earlier announcements "ลงวันที่ …")
//! and future ones (deadlines), so the first or last date is often wrong. The signing line
//! ("ประกาศ ณ วันที่", "สั่ง ณ วันที่", "ให้ไว้ ณ วันที่") is what makes a document official and wins;
//! then a date line in the letterhead or memo header; then an "as of" date ("ข้อมูล ณ วันที่");
//! and only then the latest date in the text, which is a guess.

use chrono::NaiveDate;

use crate::agency::segments;
use crate::text::strip_ws;
use crate::thai_date::{date_at, find_dates, DateForm, FoundDate};

/// Where the date came from; `Latest` is a weak guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Signing,
    Header,
    AsOf,
    Latest,
}

/// Signing phrases, written without spaces (they are compared with spaces removed).
const SIGNING: &[&str] = &[
    "ประกาศณวันที่",
    "สั่งณวันที่",
    "ให้ไว้ณวันที่",
    "ประกาศณ",
    "สั่งณ",
    "ให้ไว้ณ",
];

/// The document's date (with where it is written: the byte range of its first occurrence) and
/// its source, plus the byte offset of the signing date (the end of the announcement proper;
/// text before it is "the top" for fiscal-year phrases).
pub fn find(text: &str, lines: &[&str]) -> Option<(FoundDate, Source, Option<usize>)> {
    let dates = find_dates(text);
    let marked = |phrases: &[&str]| {
        dates
            .iter()
            .find(|d| preceded_by(text, d, phrases))
            .copied()
    };
    if let Some(d) = marked(SIGNING) {
        return Some((d, Source::Signing, Some(d.start)));
    }
    let first = |date: NaiveDate| dates.iter().find(|d| d.date == date).copied();
    if let Some(d) = header_date(lines).and_then(first) {
        return Some((d, Source::Header, None));
    }
    if let Some(d) = marked(&["ณวันที่"]) {
        return Some((d, Source::AsOf, None));
    }
    let latest = |form| {
        dates
            .iter()
            .filter(|d| d.form == form)
            .map(|d| d.date)
            .max()
    };
    latest(DateForm::Named)
        .or_else(|| latest(DateForm::Numeric))
        .and_then(first)
        .map(|d| (d, Source::Latest, None))
}

/// True when the text just before `d` (ignoring whitespace) ends with one of `phrases`.
fn preceded_by(text: &str, d: &FoundDate, phrases: &[&str]) -> bool {
    let before = &text[..d.start];
    let from = before.char_indices().rev().nth(40).map_or(0, |(i, _)| i);
    let window = strip_ws(&before[from..]);
    phrases.iter().any(|p| window.ends_with(p))
}

/// A letterhead or memo date: a line segment near the top that is only a date, optionally after
/// "วันที่" ("วันที่ ๗ กรกฎาคม ๒๕๖๔", "                ๓๑ ม.ค. ๒๕๖๕").
fn header_date(lines: &[&str]) -> Option<NaiveDate> {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .flat_map(|l| segments(l))
        .find_map(|seg| {
            let rest = seg.strip_prefix("วันที่").unwrap_or(seg).trim();
            let d = date_at(rest)?;
            rest[d.end..].trim().is_empty().then_some(d.date)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<(NaiveDate, Source)> {
        let lines: Vec<&str> = text.lines().collect();
        find(text, &lines).map(|(d, s, _)| (d.date, s))
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn signing_date_wins() {
        let cases: &[(&str, Option<(NaiveDate, Source)>)] = &[
            (
                "ตามมติ เมื่อวันที่ ๑ สิงหาคม ๒๕๖๐\nภายในวันที่ ๓๐ ธันวาคม ๒๕๖๓\nประกาศ ณ วันที่ ๑๔ เดือน พฤศจิกายน พ.ศ.๒๕๖๒",
                Some((ymd(2019, 11, 14), Source::Signing)),
            ),
            ("สั่ง  ณ  วันที่\n๑ ตุลาคม ๒๕๖๑", Some((ymd(2018, 10, 1), Source::Signing))),
            ("ให้ไว้ ณ วันที่ 5 มกราคม พ.ศ. 2565", Some((ymd(2022, 1, 5), Source::Signing))),
            ("ตามประกาศ ลงวันที่ ๑๐ มกราคม ๒๕๖๗\nประกาศ ณ วันที่ ๒ กุมภาพันธ์ ๒๕๖๗", Some((ymd(2024, 2, 2), Source::Signing))),
            ("ที่ ชบ ๑/๘๘\t\tวันที่ ๗ กรกฎาคม ๒๕๖๔\nเรื่อง ก ภายใน ๓๑ ธันวาคม ๒๕๖๔", Some((ymd(2021, 7, 7), Source::Header))),
            ("ที่ ชม ๑/ว ๒\n            ๓๑ ม.ค. ๒๕๖๕\nเรื่อง ก", Some((ymd(2022, 1, 31), Source::Header))),
            (
                "รายงาน\nก\nค\nง\nจ\nฉ\nช\nซ\nฌ\nญ\nฎ\nฏ\nข้อมูล ณ วันที่ ๑๐ เมษายน ๒๕๖๖",
                Some((ymd(2023, 4, 10), Source::AsOf)),
            ),
            ("เมื่อ ๑ มีนาคม ๒๕๖๓ และ ๕ มิถุนายน ๒๕๖๓ แล้ว", Some((ymd(2020, 6, 5), Source::Latest))),
            ("ไม่มีวันที่", None),
        ];
        for (text, want) in cases {
            assert_eq!(date(text), *want, "{text}");
        }
    }
}
