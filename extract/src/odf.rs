//! OpenDocument files from LibreOffice: ODT (Writer) and ODS (Calc), both a ZIP package whose
//! content.xml holds the text. ODT like DOCX: paragraphs and headings as lines, text:tab as
//! '\t', text:line-break as '\n', a table row as one line with cells by '\t', footnotes and
//! endnotes after the body (the page header and footer, in styles.xml, repeat on every page
//! and are left out, as DOCX's are). ODS like XLSX (`sheet`): each sheet's block with its name,
//! a row per line; a cell's text is its text:p, what Calc shows (the number formatted, the date
//! as the sheet shows it). Title from meta.xml dc:title.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::package::{self, attr, read_part, stream_part, text_of, title_element, Budget};
use crate::sheet::{self, Grid};
use crate::{clean_title, ExtractError, Extracted, FileKind, Note, Options};

/// A repeated cell or row with text in it is written at most this many times: a sheet's
/// real repeats are a few; a hostile file's are a million.
const MAX_REPEAT: u32 = 1024;

pub(crate) fn extract(
    kind: FileKind,
    bytes: &[u8],
    opts: &Options,
) -> Result<Extracted, ExtractError> {
    let (mut zip, mut budget) = package::open(kind, bytes, opts)?;
    if let Some(mimetype) = read_part(&mut zip, "mimetype", &mut budget)? {
        let mimetype = String::from_utf8_lossy(&mimetype);
        let actual = match mimetype.trim() {
            m if m == kind.mime_type() => None,
            "application/vnd.oasis.opendocument.text" => {
                Some(("a Writer document (ODT)", "rename it to .odt"))
            }
            "application/vnd.oasis.opendocument.spreadsheet" => {
                Some(("a Calc spreadsheet (ODS)", "rename it to .ods"))
            }
            _ => Some((
                "another OpenDocument file (a presentation or drawing?)",
                "export it to PDF and publish that",
            )),
        };
        if let Some((actual, advice)) = actual {
            return Err(ExtractError::WrongType {
                ext: kind.extension(),
                actual,
                advice,
            });
        }
    }
    let mut text_budget = Budget::new(kind, opts.max_unpacked_bytes);
    let parsed = stream_part(&mut zip, "content.xml", &mut budget, |xml| {
        content_text(kind, xml, &mut text_budget)
    })?;
    let text = match parsed {
        Some(Ok(text)) => text,
        Some(Err(e)) => return Err(e),
        None => return Err(package::not_a(&zip, kind, "content.xml")),
    };
    let title = read_part(&mut zip, "meta.xml", &mut budget)?
        .and_then(|xml| title_element(&xml))
        .as_deref()
        .and_then(clean_title);
    let mut notes = Vec::new();
    if text.is_empty() {
        notes.push(Note::NoText);
    }
    Ok(Extracted {
        kind,
        text,
        title,
        encoding: None,
        ocr: None,
        notes,
    })
}

/// The text of content.xml. The outer error is bad XML; the inner one the text budget.
fn content_text(
    kind: FileKind,
    xml: &mut dyn BufRead,
    budget: &mut Budget,
) -> Result<Result<String, ExtractError>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut w = Walk::new(kind == FileKind::Ods);
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("bad XML near byte {}: {e}", reader.error_position()))?;
        let done = match ev {
            Event::Eof => break,
            Event::Start(e) => w.start(&e, false, budget),
            Event::Empty(e) => w.start(&e, true, budget),
            Event::End(e) => w.end(e.local_name().as_ref(), budget),
            Event::Text(t) if w.in_text() => {
                // Line ends in the XML are layout; ODF writes real breaks as elements.
                w.push(&text_of(&t).replace(['\n', '\r'], " "));
                Ok(())
            }
            Event::CData(t) if w.in_text() => {
                w.push(&String::from_utf8_lossy(&t));
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = done {
            return Ok(Err(e));
        }
        buf.clear();
    }
    Ok(Ok(w.finish()))
}

/// Where the walk through content.xml is.
struct Walk {
    sheets: bool,
    /// The body's text, and the footnotes' (ODT).
    root: String,
    notes: String,
    /// Open buffers: table cells and note bodies, innermost last.
    open: Vec<String>,
    /// Rows of the open (ODT) tables, cells so far.
    rows: Vec<Vec<String>>,
    /// Depth of paragraphs/headings: text counts only inside one.
    para: usize,
    /// Above 0 inside what is not the document's text: comments, tracked deletions,
    /// footnote citation marks, image titles.
    skip: usize,
    /// ODS: the open sheet, the row it is at, that row's repeat and its cells so far
    /// (column, text, repeat), the column the next cell is at and the open cell's repeat and
    /// value (what to show when it has no text:p).
    grid: Option<Grid>,
    row: u32,
    row_repeat: u32,
    row_cells: Vec<(u32, String, u32)>,
    column: u32,
    cell_repeat: u32,
    cell_value: Option<String>,
    out: String,
}

impl Walk {
    fn new(sheets: bool) -> Walk {
        Walk {
            sheets,
            root: String::new(),
            notes: String::new(),
            open: Vec::new(),
            rows: Vec::new(),
            para: 0,
            skip: 0,
            grid: None,
            row: 0,
            row_repeat: 1,
            row_cells: Vec::new(),
            column: 0,
            cell_repeat: 1,
            cell_value: None,
            out: String::new(),
        }
    }

    fn in_text(&self) -> bool {
        self.para > 0 && self.skip == 0
    }

    fn top(&mut self) -> &mut String {
        match self.open.last_mut() {
            Some(b) => b,
            None => &mut self.root,
        }
    }

    fn push(&mut self, s: &str) {
        self.top().push_str(s);
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        budget: &mut Budget,
    ) -> Result<(), ExtractError> {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0
            || matches!(
                name,
                b"annotation" | b"tracked-changes" | b"note-citation" | b"title" | b"desc"
            )
        {
            if !empty {
                self.skip += 1;
            }
            return Ok(());
        }
        let repeat = |attribute: &[u8]| {
            attr(e, attribute)
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match name {
            b"p" | b"h" if empty => self.push("\n"),
            b"p" | b"h" => self.para += 1,
            b"tab" if self.in_text() => self.push("\t"),
            b"line-break" if self.in_text() => self.push("\n"),
            b"s" if self.in_text() => {
                let n = repeat(b"c").min(16) as usize;
                self.push(&" ".repeat(n));
            }
            b"note-body" if !empty => self.open.push(String::new()),
            b"table" if self.sheets && !empty => {
                self.grid = Some(Grid::new(&attr(e, b"name").unwrap_or_default()));
                self.row = 0;
            }
            b"table-row" if self.sheets => {
                self.row_repeat = repeat(b"number-rows-repeated");
                self.row_cells.clear();
                self.column = 0;
                if empty {
                    self.end(b"table-row", budget)?;
                }
            }
            b"table-row" if !empty => self.rows.push(Vec::new()),
            b"table-cell" | b"covered-table-cell" if self.sheets => {
                self.cell_repeat = repeat(b"number-columns-repeated");
                self.cell_value = [
                    &b"value"[..],
                    b"date-value",
                    b"time-value",
                    b"boolean-value",
                    b"string-value",
                ]
                .iter()
                .find_map(|a| attr(e, a));
                if empty {
                    self.open.push(String::new());
                    self.end(b"table-cell", budget)?;
                } else {
                    self.open.push(String::new());
                }
            }
            b"table-cell" | b"covered-table-cell" => match (empty, self.rows.last_mut()) {
                (true, Some(row)) => row.push(String::new()),
                (true, None) => {}
                (false, _) => self.open.push(String::new()),
            },
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &[u8], budget: &mut Budget) -> Result<(), ExtractError> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        match name {
            b"p" | b"h" => {
                self.para = self.para.saturating_sub(1);
                self.push("\n");
            }
            b"note-body" => {
                let note = self.open.pop().unwrap_or_default();
                self.notes.push_str(&note);
            }
            b"table-cell" | b"covered-table-cell" if self.sheets => {
                let cell = self.open.pop().unwrap_or_default();
                let mut cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                if cell.is_empty() {
                    cell = self
                        .cell_value
                        .take()
                        .map(|v| shown_value(&v))
                        .unwrap_or_default();
                }
                if !cell.is_empty() {
                    self.row_cells
                        .push((self.column, cell, self.cell_repeat.min(MAX_REPEAT)));
                }
                self.column = self.column.saturating_add(self.cell_repeat);
                self.cell_value = None;
            }
            b"table-row" if self.sheets => {
                if let Some(grid) = self.grid.as_mut().filter(|_| self.row < sheet::MAX_ROWS) {
                    for r in 0..self.row_repeat.min(MAX_REPEAT) {
                        if self.row_cells.is_empty() {
                            break;
                        }
                        for (column, text, repeat) in &self.row_cells {
                            for c in 0..*repeat {
                                grid.put(
                                    self.row.saturating_add(r),
                                    column.saturating_add(c),
                                    text,
                                    budget,
                                )?;
                            }
                        }
                    }
                }
                self.row = self.row.saturating_add(self.row_repeat);
                self.row_cells.clear();
            }
            b"table" if self.sheets => {
                if let Some(grid) = self.grid.take() {
                    grid.write(&mut self.out);
                }
            }
            b"table-cell" | b"covered-table-cell" => {
                let cell = self.open.pop().unwrap_or_default();
                let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                match self.rows.last_mut() {
                    Some(row) => row.push(cell),
                    None => self.push(&format!("{cell}\n")),
                }
            }
            b"table-row" => {
                if let Some(row) = self.rows.pop() {
                    let line = row.join("\t");
                    let line = format!("{}\n", line.trim_end_matches('\t'));
                    self.push(&line);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self) -> String {
        if self.sheets {
            return self.out;
        }
        let all = format!("{}\n{}", self.root, self.notes);
        let lines: Vec<&str> = all
            .lines()
            .map(|l| l.trim_end_matches([' ', '\u{3000}']))
            .filter(|l| !l.trim().is_empty())
            .collect();
        lines.join("\n")
    }
}

/// An ODS cell's office:value (or date, time, boolean value) shown the way Calc shows such a
/// value in a cell without a format, for the rare cell written without its text.
fn shown_value(v: &str) -> String {
    if let Ok(f) = v.parse::<f64>() {
        return sheet::number(f);
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(kind: FileKind, xml: &str) -> String {
        let mut budget = Budget::new(kind, 1 << 20);
        content_text(kind, &mut xml.as_bytes(), &mut budget)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn writer_paragraphs_tables_notes() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b"><office:body><office:text>
            <text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>
            <text:h>ประกาศ</text:h>
            <text:p>ก<text:tab/>ข<text:s text:c="2"/>ค<text:line-break/>ง<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>เชิงอรรถ</text:p></text:note-body></text:note></text:p>
            <text:p/>
            <text:p>จ<office:annotation><text:p>ความเห็น</text:p></office:annotation></text:p>
            <table:table><table:table-row><table:table-cell><text:p>a</text:p><text:p>b</text:p></table:table-cell><table:table-cell/><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row></table:table>
            </office:text></office:body></office:document-content>"#;
        assert_eq!(
            text(FileKind::Odt, xml),
            "ประกาศ\nก\tข  ค\nง\nจ\na b\t\tc\nเชิงอรรถ"
        );
    }

    #[test]
    fn calc_sheets_repeats_values() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b"><office:body><office:spreadsheet>
            <table:table table:name="งบ 2568"><table:table-column table:number-columns-repeated="3"/>
              <table:table-row><table:table-cell office:value-type="string"><text:p>รายการ</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>วงเงิน</text:p></table:table-cell></table:table-row>
              <table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
              <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="float" office:value="1500000.5"/></table:table-row>
            </table:table>
            <table:table table:name="ว่าง"><table:table-row><table:table-cell/></table:table-row></table:table>
            </office:spreadsheet></office:body></office:document-content>"#;
        assert_eq!(
            text(FileKind::Ods, xml),
            "แผ่นงาน: งบ 2568\nรายการ\t\tวงเงิน\nx\tx\t1500000.5\nx\tx\t1500000.5"
        );
    }

    #[test]
    fn bad_xml() {
        let mut budget = Budget::new(FileKind::Odt, 1 << 20);
        assert!(content_text(FileKind::Odt, &mut &b"<text:p>x</text:h>"[..], &mut budget).is_err());
    }
}
