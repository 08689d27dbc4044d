//! XLSX (Excel workbooks): every worksheet as text through `sheet` (a "แผ่นงาน: <name>" line,
//! then one line per row, cells by '\t'), its cells streamed by calamine, which knows shared
//! strings, inline strings and which number formats are dates. Title from the core properties
//! (docProps/core.xml dc:title).
//!
//! calamine unpacks the parts it reads itself, so before it sees the package every part is
//! unpacked once and counted against the zip-bomb budget (`package::unpack_all`); the text it
//! yields has a budget of its own (`sheet::Grid::put`).

use std::io::Cursor;

use calamine::{DataRef, ExcelDateTime, Reader, Xlsx, XlsxError};

use crate::package::relationship_target;
use crate::package::{self, read_part, title_element, Budget};
use crate::sheet::{self, Grid};
use crate::{clean_title, ExtractError, Extracted, FileKind, Note, Options};

const KIND: FileKind = FileKind::Xlsx;

pub(crate) fn extract(bytes: &[u8], opts: &Options) -> Result<Extracted, ExtractError> {
    let (mut zip, mut budget) = package::open(KIND, bytes, opts)?;
    let rels = read_part(&mut zip, "_rels/.rels", &mut budget)?;
    let main = rels
        .as_deref()
        .and_then(|r| relationship_target(r, "/officeDocument"))
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    if package::foreign_main(&main, "xl/") || !zip.file_names().any(|n| n == main) {
        return Err(package::not_a(&zip, KIND, &main));
    }
    let core = rels
        .as_deref()
        .and_then(|r| relationship_target(r, "/core-properties"))
        .unwrap_or_else(|| "docProps/core.xml".to_string());
    let title = read_part(&mut zip, &core, &mut budget)?
        .and_then(|xml| title_element(&xml))
        .as_deref()
        .and_then(clean_title);
    package::unpack_all(&mut zip, &mut budget)?;

    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| damaged("the workbook", e))?;
    let mut text_budget = Budget::new(KIND, opts.max_unpacked_bytes);
    let mut text = String::new();
    for name in book.sheet_names() {
        let mut cells = match book.worksheet_cells_reader(&name) {
            Ok(r) => r,
            // A chart sheet has no cells.
            Err(XlsxError::NotAWorksheet(_) | XlsxError::WorksheetNotFound(_)) => continue,
            Err(e) => return Err(damaged(&format!("sheet {name}"), e)),
        };
        let mut grid = Grid::new(&name);
        while let Some((cell, style)) = cells
            .next_cell_with_style_id()
            .map_err(|e| damaged(&format!("sheet {name}"), e))?
        {
            let (row, column) = cell.get_position();
            let format = cells
                .styles()
                .get(style)
                .and_then(|s| s.number_format.as_ref())
                .map_or("", |f| f.format_code.as_str());
            grid.put(
                row,
                column,
                &shown(cell.get_value(), format),
                &mut text_budget,
            )?;
        }
        grid.write(&mut text);
    }
    let mut notes = Vec::new();
    if text.is_empty() {
        notes.push(Note::NoText);
    }
    Ok(Extracted {
        kind: KIND,
        text,
        title,
        encoding: None,
        ocr: None,
        notes,
    })
}

fn damaged(what: &str, e: XlsxError) -> ExtractError {
    ExtractError::damaged(KIND, format!("{what}: {e}"))
}

/// A cell's value the way the sheet shows it through its number `format` (see
/// `sheet::formatted`, `sheet::number`, `sheet::date`).
fn shown(value: &DataRef<'_>, format: &str) -> String {
    let number = |f: f64| sheet::formatted(f, format).unwrap_or_else(|| sheet::number(f));
    match value {
        DataRef::Int(i) => number(*i as f64),
        DataRef::Float(f) => number(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => date_time(d),
        DataRef::DateTimeIso(s) => iso_date(s).unwrap_or_else(|| s.clone()),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn date_time(d: &ExcelDateTime) -> String {
    let serial = d.as_f64();
    if d.is_duration() {
        // [h]:mm: hours past 24 are not folded into days.
        let minutes = (serial * 24.0 * 60.0).round() as i64;
        return format!("{}:{:02}", minutes / 60, (minutes % 60).abs());
    }
    let (year, month, day, hour, minute, _, _) = d.to_ymd_hms_milli();
    sheet::date(year, month, day, hour, minute, serial >= 1.0)
}

/// "2024-10-01" or "2024-10-01T09:30:00" (cells of type `d`) shown like a date cell.
fn iso_date(s: &str) -> Option<String> {
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute) = match s.get(10..11) {
        Some("T") => (num(11..13)?, num(14..16)?),
        _ => (0, 0),
    };
    Some(sheet::date(
        year,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date("2024-10-01").as_deref(), Some("1/10/2567"));
        assert_eq!(
            iso_date("2025-03-31T09:05:00").as_deref(),
            Some("31/3/2568 09:05")
        );
        assert_eq!(iso_date("ไม่ใช่วันที่"), None);
    }
}
