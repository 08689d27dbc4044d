//! DOCX: `zip` + `quick-xml`. Paragraphs (w:p) → lines, w:t text, w:tab → '\t', w:br/w:cr →
//! '\n', table rows → one line with cells separated by '\t'; footnotes and endnotes appended;
//! title from the core properties (docProps/core.xml dc:title). The package is opened, and
//! every byte unpacked counted (zip-bomb guard), by `package`.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::package::{self, read_part, relationship_target, stream_part, text_of, title_element};
use crate::{clean_title, ExtractError, Extracted, FileKind, Note, Options};

pub(crate) fn extract(bytes: &[u8], opts: &Options) -> Result<Extracted, ExtractError> {
    let kind = FileKind::Docx;
    let (mut zip, mut budget) = package::open(kind, bytes, opts)?;

    let rels = read_part(&mut zip, "_rels/.rels", &mut budget)?;
    let main = rels
        .as_deref()
        .and_then(|r| relationship_target(r, "/officeDocument"))
        .unwrap_or_else(|| "word/document.xml".to_string());
    let core_name = rels
        .as_deref()
        .and_then(|r| relationship_target(r, "/core-properties"))
        .unwrap_or_else(|| "docProps/core.xml".to_string());

    if package::foreign_main(&main, "word/") {
        return Err(package::not_a(&zip, kind, &main));
    }
    // The main part is parsed as it is unpacked, never held whole.
    let mut text = match stream_part(&mut zip, &main, &mut budget, |xml| body_text(xml))? {
        Some(text) => text,
        None => return Err(package::not_a(&zip, kind, &main)),
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
        Some(core) => title_element(&core).as_deref().and_then(clean_title),
        None => None,
    };
    let mut notes = Vec::new();
    if text.is_empty() {
        notes.push(Note::NoText);
    }
    Ok(Extracted {
        kind,
        text,
        title,
        encoding: None,
        notes,
        ocr: None,
    })
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
