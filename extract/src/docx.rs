//! DOCX: `zip` + `quick-xml`. Paragraphs (w:p) → lines, w:t text, w:tab → '\t', w:br/w:cr →
//! '\n', table rows → one line with cells separated by '\t'; footnotes and endnotes appended;
//! title from the core properties (docProps/core.xml dc:title). Every byte unpacked counts
//! against `Options::max_docx_uncompressed_bytes` (zip-bomb guard).

use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::sniff::{self, Sniffed};
use crate::{clean_title, ExtractError, Extracted, FileKind, Note, Options};

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

pub(crate) fn extract(bytes: &[u8], opts: &Options) -> Result<Extracted, ExtractError> {
    match sniff::sniff(bytes) {
        Some(Sniffed::Zip) => {}
        Some(Sniffed::Ole) if sniff::ole_is_encrypted_package(bytes) => {
            return Err(ExtractError::Encrypted {
                kind: FileKind::Docx,
            })
        }
        Some(s) => {
            let (actual, advice) = sniff::describe(s);
            return Err(ExtractError::WrongType {
                ext: "docx",
                actual,
                advice,
            });
        }
        None => {
            return Err(ExtractError::DamagedDocx(
                "it is not a ZIP package (every DOCX is one); the file is damaged or not a DOCX"
                    .into(),
            ))
        }
    }
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error("the ZIP directory", e))?;
    let limit = opts.max_docx_uncompressed_bytes;

    // Declared sizes first: refuse an obvious bomb before unpacking anything.
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| zip_error("the ZIP directory", e))?;
        declared = declared.saturating_add(f.size());
    }
    if declared > limit {
        return Err(ExtractError::ZipBomb { limit });
    }
    let mut budget = Budget { left: limit, limit };

    let rels = read_part(&mut zip, "_rels/.rels", &mut budget)?;
    let main = rels
        .as_deref()
        .and_then(|r| relationship_target(r, "/officeDocument"))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let core_name = rels
        .as_deref()
        .and_then(|r| relationship_target(r, "/core-properties"))
        .unwrap_or_else(|| "docProps/core.xml".to_string());

    // The main part is parsed as it is unpacked, never held whole: a bomb that lies about its
    // size is stopped by the budget after at most `limit` bytes of XML, with no buffer for them.
    let streamed = match zip.by_name(main.trim_start_matches('/')) {
        Ok(file) => Some(stream_body(file, &mut budget, &main)),
        Err(ZipError::FileNotFound) => None,
        Err(e) => return Err(zip_error(&main, e)),
    };
    let mut text = match streamed {
        Some(text) => text?,
        None => return Err(not_a_word_document(&zip, &main)),
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    for part in ["footnotes.xml", "endnotes.xml"] {
        let name = if dir.is_empty() {
            part.to_string()
        } else {
            format!("{dir}/{part}")
        };
        if let Some(xml) = read_part(&mut zip, &name, &mut budget)? {
            // Notes are secondary: a damaged notes part does not fail the document.
            if let Ok(t) = body_text(xml.as_slice()) {
                if !t.is_empty() {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&t);
                }
            }
        }
    }
    let title = match read_part(&mut zip, &core_name, &mut budget)? {
        Some(core) => core_title(&core).as_deref().and_then(clean_title),
        None => None,
    };
    let mut notes = Vec::new();
    if text.is_empty() {
        notes.push(Note::NoText);
    }
    Ok(Extracted {
        kind: FileKind::Docx,
        text,
        title,
        encoding: None,
        notes,
        ocr: None,
    })
}

struct Budget {
    left: u64,
    limit: u64,
}

fn zip_error(what: &str, e: ZipError) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
            ExtractError::Encrypted {
                kind: FileKind::Docx,
            }
        }
        ZipError::InvalidPassword => ExtractError::Encrypted {
            kind: FileKind::Docx,
        },
        e => ExtractError::DamagedDocx(format!("{what}: {e}")),
    }
}

/// Unpacks one part, counting its bytes against the budget. `None` if there is no such part.
fn read_part(
    zip: &mut Archive<'_>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let name = name.trim_start_matches('/');
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(name, e)),
    };
    let mut out = Vec::with_capacity(file.size().min(budget.left).min(64 << 20) as usize);
    file.take(budget.left.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::DamagedDocx(format!("{name}: {e}")))?;
    if out.len() as u64 > budget.left {
        return Err(ExtractError::ZipBomb {
            limit: budget.limit,
        });
    }
    budget.left -= out.len() as u64;
    Ok(Some(out))
}

/// Text of the part `file`, parsed while it is unpacked; its bytes count against the budget.
fn stream_body(file: impl Read, budget: &mut Budget, name: &str) -> Result<String, ExtractError> {
    let mut counted = Counted {
        inner: file,
        left: budget.left,
        over: false,
    };
    let text = body_text(BufReader::new(&mut counted));
    if counted.over {
        return Err(ExtractError::ZipBomb {
            limit: budget.limit,
        });
    }
    budget.left = counted.left;
    text.map_err(|e| ExtractError::DamagedDocx(format!("{name}: {e}")))
}

/// A reader that fails once more than `left` bytes have come through it.
struct Counted<R> {
    inner: R,
    left: u64,
    over: bool,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match self.left.checked_sub(n as u64) {
            Some(left) => {
                self.left = left;
                Ok(n)
            }
            None => {
                self.over = true;
                Err(std::io::Error::other("unpacked size over the limit"))
            }
        }
    }
}

fn not_a_word_document(zip: &Archive<'_>, main: &str) -> ExtractError {
    let has = |n: &str| zip.file_names().any(|f| f == n);
    let (actual, advice) = if has("xl/workbook.xml") {
        (
            "an Excel workbook (XLSX)",
            "rename it to .xlsx and export it to PDF",
        )
    } else if has("ppt/presentation.xml") {
        (
            "a PowerPoint presentation (PPTX)",
            "rename it to .pptx and export it to PDF",
        )
    } else if has("content.xml") && has("mimetype") {
        (
            "an OpenDocument file (ODT/ODS)",
            "open it in LibreOffice and save it as .docx or PDF",
        )
    } else {
        return ExtractError::DamagedDocx(format!("it has no main document part ({main})"));
    };
    ExtractError::WrongType {
        ext: "docx",
        actual,
        advice,
    }
}

/// The Target of the first relationship whose Type ends with `type_suffix`.
fn relationship_target(rels: &[u8], type_suffix: &str) -> Option<String> {
    let mut reader = Reader::from_reader(rels);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == b"Relationship" =>
            {
                let ty = attr(&e, b"Type")?;
                if ty.ends_with(type_suffix) {
                    let target = attr(&e, b"Target")?;
                    return Some(target.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// dc:title from docProps/core.xml.
fn core_title(core: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(core);
    let mut buf = Vec::new();
    let mut in_title = false;
    let mut title = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"title" => in_title = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"title" => return Some(title),
            Ok(Event::Text(t)) if in_title => title.push_str(&text_of(&t)),
            Ok(Event::CData(t)) if in_title => title.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn text_of(t: &quick_xml::events::BytesText<'_>) -> String {
    match t.unescape() {
        Ok(s) => s.into_owned(),
        // An unknown entity: keep the raw text rather than lose the run.
        Err(_) => String::from_utf8_lossy(t.as_ref()).into_owned(),
    }
}

/// The innermost open table cell's buffer, or the document's.
fn top<'a>(root: &'a mut String, cells: &'a mut [String]) -> &'a mut String {
    match cells.last_mut() {
        Some(c) => c,
        None => root,
    }
}

/// Text of a WordprocessingML part (document, footnotes, endnotes).
fn body_text(xml: impl BufRead) -> Result<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut root = String::new();
    // One buffer per open table cell (tables nest).
    let mut cells: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut run_depth = 0usize;
    let mut in_t = false;
    // > 0 inside mc:Fallback (a duplicate of mc:Choice content, e.g. VML text boxes) and
    // w:moveFrom (tracked move: the text also appears at its w:moveTo).
    let mut skip_depth = 0usize;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("bad XML near byte {}: {e}", reader.error_position()))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip_depth > 0 || name == b"Fallback" || name == b"moveFrom" {
                    skip_depth += 1;
                } else {
                    match name {
                        b"r" => run_depth += 1,
                        b"t" => in_t = true,
                        b"tr" => rows.push(Vec::new()),
                        b"tc" => cells.push(String::new()),
                        _ => {}
                    }
                }
            }
            Event::Empty(e) if skip_depth == 0 => {
                let out = top(&mut root, &mut cells);
                match e.local_name().as_ref() {
                    b"tab" if run_depth > 0 => out.push('\t'),
                    b"br" | b"cr" if run_depth > 0 => out.push('\n'),
                    b"noBreakHyphen" if run_depth > 0 => out.push('-'),
                    b"p" => out.push('\n'),
                    _ => {}
                }
            }
            Event::Text(t) if in_t && skip_depth == 0 => {
                top(&mut root, &mut cells).push_str(&text_of(&t))
            }
            Event::CData(t) if in_t && skip_depth == 0 => {
                top(&mut root, &mut cells).push_str(&String::from_utf8_lossy(&t))
            }
            Event::End(_) if skip_depth > 0 => skip_depth -= 1,
            Event::End(e) => match e.local_name().as_ref() {
                b"r" => run_depth = run_depth.saturating_sub(1),
                b"t" => in_t = false,
                b"p" => top(&mut root, &mut cells).push('\n'),
                b"tc" => {
                    let cell = cells.pop().unwrap_or_default();
                    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                    match rows.last_mut() {
                        Some(row) => row.push(cell),
                        None => push_line(top(&mut root, &mut cells), &cell),
                    }
                }
                b"tr" => {
                    if let Some(row) = rows.pop() {
                        let line = row.join("\t");
                        push_line(top(&mut root, &mut cells), line.trim_end_matches('\t'));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    // Lines without trailing blanks; empty lines dropped.
    let lines: Vec<&str> = root
        .lines()
        .map(|l| l.trim_end_matches([' ', '\u{3000}']))
        .filter(|l| !l.trim().is_empty())
        .collect();
    Ok(lines.join("\n"))
}

fn push_line(buf: &mut String, line: &str) {
    buf.push_str(line);
    buf.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tabs_breaks_tables_fallback() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
              <w:r><w:t>ก</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">ข </w:t></w:r><w:r><w:br/><w:t>ค&amp;</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:r><w:delText>ลบ</w:delText><w:instrText>PAGE</w:instrText><w:t>ง</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>
                         <w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:t>จ</w:t></mc:Choice><mc:Fallback><w:t>จ</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
            </w:body></w:document>"#;
        assert_eq!(body_text(xml.as_bytes()).unwrap(), "ก\tข\nค&\nง\na b\tc\nจ");
    }

    #[test]
    fn bad_xml() {
        assert!(body_text(&b"<w:p><w:t>x</w:p>"[..]).is_err());
    }
}
