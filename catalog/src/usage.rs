//! Usage statistics of an information-centre kiosk (สถิติการใช้บริการ), kept on the kiosk itself:
//! searches, searches that found nothing, documents opened, per day, and the satisfaction survey
//! (แบบประเมินความพึงพอใจ). Staff export them as CSV for the yearly report.
//!
//! The app stores the log as JSON in the browser; this module only counts and formats, so the
//! same rules hold wherever the log is read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Distinct queries or documents listed per day; beyond this they are counted but not listed,
/// so a busy kiosk's storage stays small.
pub const MAX_LISTED_PER_DAY: usize = 500;
/// Longest survey comment kept, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// Everything counted, by day (`YYYY-MM-DD`, the kiosk's local date).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsageLog {
    pub days: BTreeMap<String, DayUsage>,
    pub surveys: Vec<SurveyAnswer>,
}

/// One day's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayUsage {
    pub searches: u32,
    pub zero_results: u32,
    pub opened: u32,
    /// Query → times searched.
    pub queries: BTreeMap<String, u32>,
    /// Query that found nothing → times searched.
    pub zero_queries: BTreeMap<String, u32>,
    /// Site path of a document → times opened.
    pub documents: BTreeMap<String, u32>,
}

/// One answer to the satisfaction survey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub day: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub rating: u8,
    pub comment: String,
}

/// Why a survey answer was not recorded.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    #[error("rating {0} is outside 1–5")]
    Rating(u8),
}

impl UsageLog {
    /// Reads a stored log; an unreadable one starts afresh rather than stopping the kiosk.
    pub fn from_json(json: &str) -> UsageLog {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The log as JSON, for storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Counts a finished search for `query` that found `total` documents. Blank queries
    /// (browsing) are not searches.
    pub fn record_search(&mut self, day: &str, query: &str, total: u64) {
        let query = query.trim();
        if query.is_empty() {
            return;
        }
        let d = self.days.entry(day.to_string()).or_default();
        d.searches += 1;
        bump(&mut d.queries, query);
        if total == 0 {
            d.zero_results += 1;
            bump(&mut d.zero_queries, query);
        }
    }

    /// Counts a document opened from the results.
    pub fn record_open(&mut self, day: &str, path: &str) {
        let d = self.days.entry(day.to_string()).or_default();
        d.opened += 1;
        bump(&mut d.documents, path);
    }

    /// Records a survey answer; the comment is trimmed and cut to [`MAX_COMMENT_CHARS`].
    pub fn record_survey(
        &mut self,
        day: &str,
        rating: u8,
        comment: &str,
    ) -> Result<(), UsageError> {
        if !(1..=5).contains(&rating) {
            return Err(UsageError::Rating(rating));
        }
        self.surveys.push(SurveyAnswer {
            day: day.to_string(),
            rating,
            comment: comment.trim().chars().take(MAX_COMMENT_CHARS).collect(),
        });
        Ok(())
    }

    /// The log as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads Thai),
    /// CRLF line ends, one row per count.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        row(
            &mut out,
            &[
                "วันที่ date",
                "รายการ record",
                "คำค้นหรือเอกสาร item",
                "จำนวน count",
                "คะแนน rating",
                "ความเห็น comment",
            ],
        );
        for (day, d) in &self.days {
            for (record, count) in [
                ("searches", d.searches),
                ("zero_result_searches", d.zero_results),
                ("documents_opened", d.opened),
            ] {
                row(&mut out, &[day, record, "", &count.to_string(), "", ""]);
            }
            for (record, items) in [
                ("query", &d.queries),
                ("zero_result_query", &d.zero_queries),
                ("document", &d.documents),
            ] {
                for (item, count) in items {
                    row(&mut out, &[day, record, item, &count.to_string(), "", ""]);
                }
            }
        }
        for s in &self.surveys {
            row(
                &mut out,
                &[&s.day, "survey", "", "", &s.rating.to_string(), &s.comment],
            );
        }
        out
    }

    /// Totals over all days: (searches, zero-result searches, documents opened).
    pub fn totals(&self) -> (u32, u32, u32) {
        self.days.values().fold((0, 0, 0), |(s, z, o), d| {
            (s + d.searches, z + d.zero_results, o + d.opened)
        })
    }
}

fn bump(map: &mut BTreeMap<String, u32>, key: &str) {
    if let Some(n) = map.get_mut(key) {
        *n += 1;
    } else if map.len() < MAX_LISTED_PER_DAY {
        map.insert(key.to_string(), 1);
    }
}

fn row(out: &mut String, cells: &[&str]) {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One CSV cell: quoted when needed; text a spreadsheet would run as a formula gets a leading
/// apostrophe, since queries and comments are typed by the public.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_are_counted_per_day_and_blank_ones_ignored() {
        let mut log = UsageLog::default();
        let events = [
            ("2026-11-22", "งบประมาณ", 3),
            ("2026-11-22", " งบประมาณ ", 3),
            ("2026-11-22", "ไม่มีเลย", 0),
            ("2026-11-22", "   ", 9),
            ("2026-11-23", "หาดใหญ่", 1),
        ];
        for (day, q, total) in events {
            log.record_search(day, q, total);
        }
        log.record_open("2026-11-23", "docs/a.txt");
        log.record_open("2026-11-23", "docs/a.txt");
        let d22 = &log.days["2026-11-22"];
        assert_eq!((d22.searches, d22.zero_results, d22.opened), (3, 1, 0));
        assert_eq!(d22.queries["งบประมาณ"], 2);
        assert_eq!(d22.zero_queries.keys().collect::<Vec<_>>(), ["ไม่มีเลย"]);
        assert_eq!(log.days["2026-11-23"].documents["docs/a.txt"], 2);
        assert_eq!(log.totals(), (4, 1, 2));
        assert_eq!(UsageLog::from_json(&log.to_json()), log);
        assert_eq!(UsageLog::from_json("{damaged"), UsageLog::default());
    }

    #[test]
    fn survey_ratings_outside_one_to_five_are_refused() {
        let mut log = UsageLog::default();
        for (rating, ok) in [(0, false), (1, true), (5, true), (6, false)] {
            assert_eq!(
                log.record_survey("2026-11-23", rating, " ดี ").is_ok(),
                ok,
                "{rating}"
            );
        }
        assert_eq!(log.surveys.len(), 2);
        assert_eq!(log.surveys[0].comment, "ดี");
        let long = "ก".repeat(MAX_COMMENT_CHARS + 10);
        log.record_survey("d", 3, &long).unwrap();
        assert_eq!(log.surveys[2].comment.chars().count(), MAX_COMMENT_CHARS);
    }

    #[test]
    fn csv_has_bom_header_rows_and_safe_cells() {
        let mut log = UsageLog::default();
        log.record_search("2026-11-23", "=HYPERLINK(\"x\")", 0);
        log.record_search("2026-11-23", "หาดใหญ่, สงขลา", 2);
        log.record_open("2026-11-23", "docs/a.txt");
        log.record_survey("2026-11-23", 4, "ดี\nมาก").unwrap();
        let csv = log.to_csv();
        let want = "\u{feff}วันที่ date,รายการ record,คำค้นหรือเอกสาร item,จำนวน count,คะแนน rating,ความเห็น comment\r\n\
            2026-11-23,searches,,2,,\r\n\
            2026-11-23,zero_result_searches,,1,,\r\n\
            2026-11-23,documents_opened,,1,,\r\n\
            2026-11-23,query,\"'=HYPERLINK(\"\"x\"\")\",1,,\r\n\
            2026-11-23,query,\"หาดใหญ่, สงขลา\",1,,\r\n\
            2026-11-23,zero_result_query,\"'=HYPERLINK(\"\"x\"\")\",1,,\r\n\
            2026-11-23,document,docs/a.txt,1,,\r\n\
            2026-11-23,survey,,,4,\"ดี\nมาก\"\r\n";
        assert_eq!(csv, want);
    }

    #[test]
    fn cells_table() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("ก-ข", "ก-ข"),
        ];
        for (input, want) in cases {
            assert_eq!(cell(input), want, "{input:?}");
        }
    }
}
