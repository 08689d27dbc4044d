//! The publication window (ช่วงเวลาเผยแพร่): staff set `publish_from` / `publish_until` in
//! catalogue.csv, and a build leaves out documents outside it on the day it runs (or `--as-of`).
//! Leaving them out is intended, so it is listed in the report but never counts as a problem.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use metadata::thai_date::format_thai_short;

use super::catalogue::CatalogueRow;

/// The day a build publishes as of: `--as-of` when given, else today. Publication windows and
/// the latest year a document may carry (see [`metadata::Reading`]) are judged on this day.
pub fn as_of(given: Option<&str>) -> Result<NaiveDate> {
    match given {
        Some(text) => super::catalogue::parse_date(text).with_context(|| {
            format!("--as-of {text:?} is not a date: write it as 2026-11-23 or 23/11/2569")
        }),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// Where a document stands against its publication window on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// Published (no window, or inside it).
    Open,
    /// `publish_from` lies after the day: not published until that date.
    NotYet(NaiveDate),
    /// `publish_until` lies before the day: withdrawn; the date is the last day it was published.
    Withdrawn(NaiveDate),
}

impl Window {
    /// Both ends are inclusive: a document is published on its `publish_from` and on its
    /// `publish_until` day.
    pub fn of(row: &CatalogueRow, as_of: NaiveDate) -> Window {
        match (row.publish_from, row.publish_until) {
            (Some(from), _) if as_of < from => Window::NotYet(from),
            (_, Some(until)) if as_of > until => Window::Withdrawn(until),
            _ => Window::Open,
        }
    }

    /// A line for the build report, or `None` when the document is published.
    pub fn describe(self) -> Option<String> {
        match self {
            Window::Open => None,
            Window::NotYet(from) => Some(format!(
                "not yet published until {from} ({}; publish_from in catalogue.csv)",
                format_thai_short(from)
            )),
            Window::Withdrawn(until) => {
                let since = until.succ_opt().unwrap_or(until);
                Some(format!(
                    "withdrawn since {since} ({}; publish_until {until} in catalogue.csv)",
                    format_thai_short(since)
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn windows_are_inclusive_at_both_ends() {
        let row = |from: Option<&str>, until: Option<&str>| CatalogueRow {
            publish_from: from.map(d),
            publish_until: until.map(d),
            ..CatalogueRow::default()
        };
        let cases = [
            (row(None, None), "2026-01-01", Window::Open),
            (row(Some("2026-01-01"), None), "2026-01-01", Window::Open),
            (
                row(Some("2026-01-02"), None),
                "2026-01-01",
                Window::NotYet(d("2026-01-02")),
            ),
            (row(None, Some("2026-01-01")), "2026-01-01", Window::Open),
            (
                row(None, Some("2025-12-31")),
                "2026-01-01",
                Window::Withdrawn(d("2025-12-31")),
            ),
            (
                row(Some("2025-01-01"), Some("2025-12-31")),
                "2025-06-30",
                Window::Open,
            ),
        ];
        for (row, as_of, want) in cases {
            assert_eq!(Window::of(&row, d(as_of)), want, "{row:?} on {as_of}");
        }
    }
}
