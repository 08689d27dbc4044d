//! Spreadsheets (XLSX, ODS) as text: each sheet's block opens with a "แผ่นงาน: <name>" line
//! (แผ่นงาน, worksheet: the word Thai Excel and LibreOffice use), then one line per row with
//! its cells separated by '\t'. A row is never split over lines, so a search hit and its
//! snippet keep a row's cells together; rows and columns with nothing in them are left out.

use std::collections::{BTreeMap, BTreeSet};

use crate::package::Budget;
use crate::ExtractError;

/// Opens each sheet's block of text, before the sheet's name.
pub const SHEET_LABEL: &str = "แผ่นงาน: ";

/// Excel's maximum: 1,048,576 rows × 16,384 columns. Cells beyond it (a damaged or hostile
/// file) are not kept.
pub(crate) const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;

/// What a kept cell costs the budget besides its text: about the memory it takes in the grid,
/// so that millions of one-letter cells are refused like the megabytes they occupy.
const CELL_COST: usize = 32;

/// The non-empty cells of one sheet, by (row, column).
pub(crate) struct Grid {
    name: String,
    cells: BTreeMap<(u32, u32), String>,
}

impl Grid {
    pub(crate) fn new(name: &str) -> Grid {
        Grid {
            name: one_line(name),
            cells: BTreeMap::new(),
        }
    }

    /// Keeps the cell's text on one line (a row is one line), counting it against the budget:
    /// a shared string repeated in a million cells is text the file never held unpacked.
    pub(crate) fn put(
        &mut self,
        row: u32,
        column: u32,
        text: &str,
        budget: &mut Budget,
    ) -> Result<(), ExtractError> {
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Ok(());
        }
        let text = one_line(text);
        if text.is_empty() {
            return Ok(());
        }
        budget.spend(text.len() + CELL_COST)?;
        self.cells.insert((row, column), text);
        Ok(())
    }

    /// The sheet's block of text (with its name line), or nothing for an empty sheet.
    pub(crate) fn write(&self, out: &mut String) {
        if self.cells.is_empty() {
            return;
        }
        // Columns with a cell in them, in order: an empty column leaves no empty field.
        let used: BTreeSet<u32> = self.cells.keys().map(|&(_, c)| c).collect();
        let position: BTreeMap<u32, usize> =
            used.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(SHEET_LABEL);
        out.push_str(&self.name);
        let mut row = None;
        // The column position of the row's last cell written, none at the row's start.
        let mut last: Option<usize> = None;
        for (&(r, c), text) in &self.cells {
            if row != Some(r) {
                out.push('\n');
                row = Some(r);
                last = None;
            }
            let to = position.get(&c).copied().unwrap_or_default();
            let tabs = last.map_or(to, |l| to.saturating_sub(l));
            out.extend(std::iter::repeat_n('\t', tabs));
            out.push_str(text);
            last = Some(to);
        }
    }
}

/// Whitespace (line breaks inside a cell included) collapsed to single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number the way a sheet shows it in a General cell: no exponent, no ".0", at most 15
/// significant digits (Excel keeps no more, so 0.1 + 0.2 shows as 0.3).
pub(crate) fn number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let magnitude = if f == 0.0 {
        0
    } else {
        f.abs().log10().floor() as i32 + 1
    };
    let decimals = (15 - magnitude).clamp(0, 20) as usize;
    let s = format!("{f:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A number shown through the cell's number format `code` ("#,##0.00", "0%", `#,##0" บาท"`),
/// or `None` for a format this does not know (dates, fractions, exponents, text): the caller
/// then shows it as [`number`] does. Only the first section (positive numbers) is used; a
/// negative number gets a '-' in front.
pub(crate) fn formatted(f: f64, code: &str) -> Option<String> {
    if !f.is_finite() || code.is_empty() || code.eq_ignore_ascii_case("general") {
        return None;
    }
    let (mut before, mut after) = (String::new(), String::new());
    let (mut zeros, mut hashes, mut grouping, mut percent) = (0usize, 0usize, false, false);
    let (mut in_number, mut in_decimals, mut done) = (false, false, false);
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        let literal = match c {
            ';' => break,
            '"' => Some(chars.by_ref().take_while(|&q| q != '"').collect::<String>()),
            '\\' => chars.next().map(String::from),
            // Padding and fill take the next character; [Red], [$-41E] and the like are
            // colours and locales.
            '_' | '*' => {
                chars.next();
                None
            }
            '[' => {
                chars.by_ref().take_while(|&q| q != ']').for_each(drop);
                None
            }
            '#' | '0' | '?' if !done => {
                in_number = true;
                match (in_decimals, c) {
                    (true, '0') => zeros += 1,
                    (true, _) => hashes += 1,
                    _ => {}
                }
                None
            }
            ',' if in_number && !in_decimals && !done => {
                grouping = true;
                None
            }
            '.' if in_number && !in_decimals && !done => {
                in_decimals = true;
                None
            }
            '%' => {
                percent = true;
                Some("%".to_string())
            }
            ' ' | '-' | '(' | ')' | '+' | ':' | '/' | '฿' | '$' => Some(c.to_string()),
            // Letters are dates, times, exponents or text (@): not a plain number.
            _ => return None,
        };
        if let Some(l) = literal {
            if in_number {
                done = true;
            }
            if done {
                after.push_str(&l);
            } else {
                before.push_str(&l);
            }
        }
    }
    if !in_number {
        return None;
    }
    let value = if percent { f * 100.0 } else { f };
    let places = zeros + hashes;
    // Excel rounds halves away from zero (2.125 → 2.13); `format!` rounds them to even.
    let scale = 10f64.powi(places.min(20) as i32);
    let fixed = format!("{:.places$}", (value.abs() * scale).round() / scale);
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut frac = frac.to_string();
    while frac.len() > zeros && frac.ends_with('0') {
        frac.pop();
    }
    let mut out = String::new();
    if value < 0.0 && fixed.chars().any(|c| ('1'..='9').contains(&c)) {
        out.push('-');
    }
    out.push_str(&before);
    for (i, d) in int.chars().enumerate() {
        if grouping && i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    out.push_str(&after);
    Some(out)
}

/// A date the way Thai Excel shows it by default: d/m/yyyy with the Buddhist Era year
/// (พ.ศ. = ค.ศ. + 543), and hh:mm when it has a time of day; a time alone as hh:mm.
pub(crate) fn date(year: u16, month: u8, day: u8, hour: u8, minute: u8, has_date: bool) -> String {
    let time = (hour, minute) != (0, 0);
    // A year already past 2400 was typed as B.E. into a date cell.
    let year = if year > 2400 {
        year
    } else {
        year + thai::BE_OFFSET as u16
    };
    match (has_date, time) {
        (true, true) => format!("{day}/{month}/{year} {hour:02}:{minute:02}"),
        (true, false) => format!("{day}/{month}/{year}"),
        (false, _) => format!("{hour:02}:{minute:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::Budget;
    use crate::FileKind;

    #[test]
    fn numbers() {
        let cases: &[(f64, &str)] = &[
            (1_500_000.0, "1500000"),
            (1e6, "1000000"),
            (0.1 + 0.2, "0.3"),
            (-2.5, "-2.5"),
            (1234.5678, "1234.5678"),
            (0.0, "0"),
            (0.07, "0.07"),
        ];
        for &(f, want) in cases {
            assert_eq!(number(f), want, "{f}");
        }
    }

    #[test]
    fn number_formats() {
        let cases: &[(f64, &str, Option<&str>)] = &[
            (1_500_000.0, "#,##0.00", Some("1,500,000.00")),
            (52_500.5, "#,##0.00", Some("52,500.50")),
            (1_234_567.0, "#,##0", Some("1,234,567")),
            (0.9167, "0.00%", Some("91.67%")),
            (1.0, "0%", Some("100%")),
            (480_000.0, "#,##0\" บาท\"", Some("480,000 บาท")),
            (-2500.0, "#,##0.00_);[Red](#,##0.00)", Some("-2,500.00")),
            (2.5, "0.0#", Some("2.5")),
            (2.125, "0.0#", Some("2.13")),
            (999.0, "[$฿-41E]#,##0", Some("999")),
            (45000.0, "d/m/yyyy", None),
            (12.0, "General", None),
            (0.5, "# ?/?", None),
            (1e6, "0.00E+00", None),
            (7.0, "@", None),
        ];
        for &(f, code, want) in cases {
            assert_eq!(formatted(f, code).as_deref(), want, "{f} as {code}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date(2024, 10, 1, 0, 0, true), "1/10/2567");
        assert_eq!(date(2567, 3, 31, 9, 5, true), "31/3/2567 09:05");
        assert_eq!(date(1899, 12, 30, 13, 30, false), "13:30");
    }

    #[test]
    fn rows_and_empty_columns() {
        let mut budget = Budget::new(FileKind::Xlsx, 1 << 20);
        let mut g = Grid::new("แผน\n2568");
        for (r, c, t) in [
            (0, 0, "รายการ"),
            (0, 3, "วงเงิน"),
            (2, 3, "5 000"),
            (2, 0, "ครุภัณฑ์\nสำนักงาน"),
            (4, 5, "หมายเหตุ"),
            (5, 0, "  "),
        ] {
            g.put(r, c, t, &mut budget).unwrap();
        }
        let mut out = String::new();
        g.write(&mut out);
        Grid::new("ว่าง").write(&mut out);
        assert_eq!(
            out,
            "แผ่นงาน: แผน 2568\nรายการ\tวงเงิน\nครุภัณฑ์ สำนักงาน\t5 000\n\t\tหมายเหตุ"
        );
        let mut small = Budget::new(FileKind::Ods, 100);
        for c in 0..2 {
            g.put(0, c, "ก", &mut small).unwrap();
        }
        assert!(matches!(
            g.put(0, 2, "ก", &mut small),
            Err(ExtractError::ZipBomb {
                kind: FileKind::Ods,
                limit: 100
            })
        ));
    }
}
