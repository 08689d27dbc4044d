//! The fiscal year (ปีงบประมาณ): 1 October – 30 September, named by the B.E. year in which it
//! ends. A year the document names ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๓") wins over the one its date
//! falls in, because plans and budgets are published before their year starts and reports
//! after it ends.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::text::digit_value;
use crate::thai_date::BE_OFFSET;

/// The fiscal year (B.E.) a date falls in: October–December belong to the next B.E. year.
pub fn fiscal_year_of(date: NaiveDate) -> u32 {
    let be = date.year() + BE_OFFSET + i32::from(date.month() >= 10);
    u32::try_from(be).unwrap_or(0)
}

/// The first fiscal year `s` names ("ปีงบประมาณ พ.ศ. ๒๕๖๓", "ปีงบประมาณ 2564", "ปีงบฯ 64"),
/// skipping ranges ("ปีงบประมาณ พ.ศ. 2561 - 2565"), which name no single year.
pub fn explicit(s: &str) -> Option<u32> {
    explicit_at(s).map(|(year, _)| year)
}

/// [`explicit`] with the byte range of the year's digits in `s`.
pub fn explicit_at(s: &str) -> Option<(u32, Range<usize>)> {
    for phrase in ["ปีงบประมาณ", "ปีงบฯ"] {
        let mut from = 0;
        while let Some(i) = s[from..].find(phrase) {
            let after = from + i + phrase.len();
            from = after;
            if let Some((year, at)) = year_after(&s[after..]) {
                return Some((year, after + at.start..after + at.end));
            }
        }
    }
    None
}

/// "[พ.ศ.] 2563" at the start of `s` (after spaces), not followed by "- 2565" or "ถึง 2565";
/// with the byte range of the digits in `s`.
fn year_after(whole: &str) -> Option<(u32, Range<usize>)> {
    let s = whole.trim_start();
    let s = ["พ.ศ.", "พ. ศ.", "พ.ศ", "พศ."]
        .iter()
        .find_map(|e| s.strip_prefix(e))
        .unwrap_or(s)
        .trim_start();
    let digits: Vec<u32> = s.chars().map_while(digit_value).collect();
    let rest: &str = &s[s
        .char_indices()
        .nth(digits.len())
        .map_or(s.len(), |(i, _)| i)..];
    let value = digits
        .iter()
        .fold(0u32, |v, d| v.saturating_mul(10).saturating_add(*d));
    let be = match digits.len() {
        4 => value,
        2 => 2500 + value,
        _ => return None,
    };
    let start = whole.len() - s.len();
    let end = whole.len() - rest.len();
    let rest = rest.trim_start();
    let range = ["-", "–", "ถึง"].iter().any(|sep| {
        rest.strip_prefix(sep).is_some_and(|r| {
            r.trim_start()
                .starts_with(|c: char| digit_value(c).is_some())
        })
    });
    ((2500..=2600).contains(&be) && !range).then_some((be, start..end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn fiscal_year_edges() {
        let cases = [
            (ymd(2020, 9, 30), 2563),
            (ymd(2020, 10, 1), 2564),
            (ymd(2020, 10, 3), 2564),
            (ymd(2019, 12, 31), 2563),
            (ymd(2020, 1, 1), 2563),
            (ymd(2019, 6, 25), 2562),
        ];
        for (d, want) in cases {
            assert_eq!(fiscal_year_of(d), want, "{d}");
        }
    }

    #[test]
    fn explicit_years() {
        let cases: &[(&str, Option<u32>)] = &[
            ("แผน ประจำปีงบประมาณ พ.ศ. ๒๕๖๓", Some(2563)),
            ("ประจำปีงบประมาณ พ.ศ.2564 เป็นต้นไป", Some(2564)),
            ("ปีงบประมาณ ๒๕๖๔", Some(2564)),
            ("ปีงบฯ 64", Some(2564)),
            ("ปีงบประมาณ พ. ศ. 2566", Some(2566)),
            ("ปีงบประมาณ พ.ศ. 2561 - 2565 และ ปีงบประมาณ 2566", Some(2566)),
            ("ประจำปี 2559", None),
            ("ปีงบประมาณ 1999", None),
            ("ปีงบประมาณที่ผ่านมา", None),
        ];
        for (s, want) in cases {
            assert_eq!(explicit(s), *want, "{s}");
        }
    }
}
