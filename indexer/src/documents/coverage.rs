//! The ITA coverage matrix: disclosure categories (หมวด, ITA) × fiscal years (ปีงบประมาณ), a
//! count in each cell.
//!
//! The assessors ask, per fiscal year, whether each category has documents. Staff need to see
//! at a glance which category of which year is empty — not the nineteen empty categories
//! repeated under each year. `check` prints the matrix; `build` writes it into the site's staff
//! area as coverage.csv (for Excel) and coverage.html. Documents whose publication window has
//! not opened yet are counted apart, so a cell filled only by them is not mistaken for done.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::report::columns;

/// One cell: documents published, and documents waiting for their publication window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub published: usize,
    pub waiting: usize,
}

/// Counts by fiscal year (B.E.) and category id.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    years: BTreeMap<u32, BTreeMap<String, Cell>>,
}

/// One fiscal year as `check --json` gives it: counts of the categories with documents, and
/// every category of the taxonomy (but `other`) that has none.
#[derive(Debug, Default, Serialize)]
pub struct YearCoverage {
    pub present: BTreeMap<String, usize>,
    pub empty: Vec<String>,
    /// Documents whose publication window opens later, by category.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub waiting: BTreeMap<String, usize>,
}

/// `s` cut to `max` columns (an ellipsis marking the cut) and padded to exactly `max`.
fn fit(s: &str, max: usize) -> String {
    let mut out = String::new();
    if columns(s) > max {
        let mut w = 0;
        for c in s.chars() {
            let cw = usize::from(!thai::is_mark(c));
            if w + cw > max - 1 {
                break;
            }
            w += cw;
            out.push(c);
        }
        out.push('…');
    } else {
        out.push_str(s);
    }
    let pad = max.saturating_sub(columns(&out));
    out.push_str(&" ".repeat(pad));
    out
}

/// Columns of the category names in the terminal table, and of each year.
const LABEL: usize = 28;
const YEAR: usize = 7;

impl Coverage {
    /// Counts one document of `category` in fiscal year `year`.
    pub fn add(&mut self, year: u32, category: &str, waiting: bool) {
        let cell = self
            .years
            .entry(year)
            .or_default()
            .entry(category.to_string())
            .or_default();
        if waiting {
            cell.waiting += 1;
        } else {
            cell.published += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// The fiscal years with documents, oldest first.
    pub fn years(&self) -> Vec<u32> {
        self.years.keys().copied().collect()
    }

    pub fn cell(&self, year: u32, category: &str) -> Cell {
        self.years
            .get(&year)
            .and_then(|y| y.get(category))
            .copied()
            .unwrap_or_default()
    }

    /// The rows: every category of the taxonomy, `other` only when it has documents.
    pub fn categories(&self) -> Vec<&'static catalog::taxonomy::Category> {
        catalog::taxonomy::builtin()
            .categories
            .iter()
            .filter(|c| {
                c.id != catalog::taxonomy::OTHER
                    || self.years.values().any(|y| y.contains_key(&c.id))
            })
            .collect()
    }

    /// The shape `check --json` has always given.
    pub fn by_year(&self) -> BTreeMap<String, YearCoverage> {
        let taxonomy = catalog::taxonomy::builtin();
        self.years
            .iter()
            .map(|(year, cells)| {
                let present = cells
                    .iter()
                    .filter(|(_, c)| c.published > 0)
                    .map(|(id, c)| (id.clone(), c.published))
                    .collect::<BTreeMap<_, _>>();
                let waiting = cells
                    .iter()
                    .filter(|(_, c)| c.waiting > 0)
                    .map(|(id, c)| (id.clone(), c.waiting))
                    .collect();
                let empty = taxonomy
                    .categories
                    .iter()
                    .filter(|c| c.id != catalog::taxonomy::OTHER && !present.contains_key(&c.id))
                    .map(|c| c.id.clone())
                    .collect();
                (
                    year.to_string(),
                    YearCoverage {
                        present,
                        empty,
                        waiting,
                    },
                )
            })
            .collect()
    }

    /// The matrix for a terminal `columns` wide: the latest years that fit, "·" in an empty
    /// cell, "+n" for documents waiting for their window.
    pub fn table(&self, columns: usize) -> String {
        let mut out = String::new();
        let years = self.years();
        if years.is_empty() {
            let _ = writeln!(
                out,
                "  (no document has a fiscal year / ไม่มีเอกสารที่ระบุปีงบประมาณ)"
            );
            return out;
        }
        let fit_years = (columns.saturating_sub(LABEL + 2) / YEAR).max(1);
        let shown = &years[years.len().saturating_sub(fit_years)..];
        let _ = write!(out, "  {}", fit("หมวด ITA / category", LABEL));
        for y in shown {
            let _ = write!(out, "{y:>YEAR$}");
        }
        out.push('\n');
        for c in self.categories() {
            let _ = write!(out, "  {}", fit(&c.th, LABEL));
            for &y in shown {
                let cell = self.cell(y, &c.id);
                let text = match (cell.published, cell.waiting) {
                    (0, 0) => "·".to_string(),
                    (p, 0) => p.to_string(),
                    (0, w) => format!("+{w}"),
                    (p, w) => format!("{p}+{w}"),
                };
                let _ = write!(out, "{text:>YEAR$}");
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "  ปีงบประมาณ / fiscal years; · ไม่มีเอกสาร / none; +n ยังไม่ถึงวันเผยแพร่ / not yet published"
        );
        if shown.len() < years.len() {
            let older = years.len() - shown.len();
            let _ = writeln!(
                out,
                "  {older} older fiscal year(s) ({}–{}) are in coverage.csv / ปีก่อนหน้าอยู่ใน coverage.csv",
                years[0],
                years[older - 1]
            );
        }
        out
    }

    /// coverage.csv: UTF-8 with a byte-order mark and CRLF (so Excel reads the Thai, as it
    /// reads catalogue.csv), a row per category, a column per fiscal year with the documents
    /// published, then one per year with those waiting for their window (only when there are
    /// any).
    pub fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        let years = self.years();
        let any_waiting = self
            .years
            .values()
            .flat_map(|y| y.values())
            .any(|c| c.waiting > 0);
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(b"\xEF\xBB\xBF".to_vec());
        let mut header = vec!["category".to_string(), "หมวด".into(), "category_en".into()];
        header.extend(years.iter().map(|y| y.to_string()));
        if any_waiting {
            header.extend(years.iter().map(|y| format!("{y} ยังไม่เผยแพร่ (waiting)")));
        }
        writer.write_record(&header)?;
        for c in self.categories() {
            let mut row = vec![c.id.clone(), c.th.clone(), c.en.clone()];
            row.extend(
                years
                    .iter()
                    .map(|&y| self.cell(y, &c.id).published.to_string()),
            );
            if any_waiting {
                row.extend(
                    years
                        .iter()
                        .map(|&y| self.cell(y, &c.id).waiting.to_string()),
                );
            }
            writer.write_record(&row)?;
        }
        writer.into_inner().map_err(|e| e.into_error().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Coverage {
        let mut c = Coverage::default();
        for year in 2557..=2570 {
            c.add(year, "budget", false);
        }
        c.add(2566, "budget", false);
        c.add(2566, "plans", true);
        c.add(2567, "hr", false);
        c
    }

    #[test]
    fn the_table_fits_100_columns_and_marks_empty_and_waiting_cells() {
        let table = sample().table(100);
        for line in table.lines() {
            assert!(columns(line) <= 100, "{} columns: {line}", columns(line));
        }
        let row = |th: &str| {
            table
                .lines()
                .find(|l| l.trim_start().starts_with(th))
                .unwrap_or_else(|| panic!("{th} in\n{table}"))
                .split_whitespace()
                .skip(1)
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let header = row("หมวด");
        assert_eq!(header.first().map(String::as_str), Some("ITA"));
        assert!(header.contains(&"2570".to_string()) && !header.contains(&"2557".to_string()));
        let budget = row("งบประมาณและรายงานผล");
        assert!(budget.iter().all(|c| c == "1" || c == "2"), "{budget:?}");
        assert!(row("แผนพัฒนาและแผนดำเนินงาน").contains(&"+1".to_string()));
        assert!(row("โครงสร้างองค์กร").iter().all(|c| c == "·"));
        assert!(table.contains("older fiscal year(s) (2557–"), "{table}");
        assert!(!table.contains("อื่น ๆ"), "other only when it has documents");
    }

    #[test]
    fn csv_opens_in_excel_with_thai_intact() {
        let csv = String::from_utf8(sample().csv().unwrap_or_default()).unwrap_or_default();
        assert!(csv.starts_with("\u{feff}category,หมวด,category_en,2557,"));
        let budget = csv
            .lines()
            .find(|l| l.starts_with("budget,"))
            .unwrap_or_default();
        assert!(
            budget.starts_with("budget,งบประมาณและรายงานผล,\"Budget, spending"),
            "{budget}"
        );
        assert!(csv.contains("2566 ยังไม่เผยแพร่ (waiting)"));
        assert!(csv.ends_with("\r\n"));
    }
}
