//! PDF: the text layer via `pdf-extract` (with lopdf's simpler extractor as a per-page
//! fallback), read on a separate thread under `catch_unwind` and a timeout; pages without a
//! text layer are OCR'd when possible.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use pdf_extract::{
    Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, Transform,
};

use crate::sniff::{self, Sniffed};
use crate::{
    clean_title, guard, ocr, ExtractError, Extracted, FileKind, Note, Options, OCR_BUDGET_FACTOR,
};

/// A page with fewer letters/digits than this has "no text layer".
const MIN_PAGE_CHARS: usize = 20;

pub(crate) fn extract(bytes: Vec<u8>, opts: &Options) -> Result<Extracted, ExtractError> {
    match sniff::sniff(&bytes) {
        Some(Sniffed::Pdf) => {}
        Some(s) => {
            let (actual, advice) = sniff::describe(s);
            return Err(ExtractError::WrongType {
                ext: "pdf",
                actual,
                advice,
            });
        }
        None => {
            return Err(ExtractError::DamagedPdf(
                "it does not start with %PDF-, so it is not a PDF (or it is badly damaged)".into(),
            ))
        }
    }
    let bytes = Arc::new(bytes);
    let read = {
        let bytes = Arc::clone(&bytes);
        guard::read_guarded(FileKind::Pdf, opts.pdf_timeout, move || read_pdf(&bytes))?
    };
    let n_pages = read.pages.len() as u32;
    let failed = read.pages.iter().filter(|p| p.is_none()).count() as u32;
    let mut notes = Vec::new();
    if failed > 0 {
        notes.push(Note::DamagedPages {
            failed,
            pages: n_pages,
        });
    }
    let damaged: Vec<bool> = read.pages.iter().map(Option::is_none).collect();
    let mut pages: Vec<String> = read
        .pages
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    let empty = |pages: &[String]| -> Vec<u32> {
        (1..)
            .zip(pages)
            .filter(|(_, t)| letters(t) < MIN_PAGE_CHARS)
            .map(|(n, _)| n)
            .collect()
    };
    let readable = n_pages - failed;
    let mut empty_pages = empty(&pages);
    // Damaged pages count as "empty" above; only readable empty pages are scan candidates.
    let is_scan = (empty_pages.len() as u32) >= n_pages && readable > 0;
    let mostly_empty = empty_pages.len() as u32 * 4 >= n_pages;

    // What OCR read, by page index: its word confidences go with the text.
    let mut readings: Vec<Option<ocr::PageReading>> = vec![None; pages.len()];
    if (is_scan || mostly_empty) && !empty_pages.is_empty() && opts.ocr {
        match ocr::tools() {
            Ok(tools) if !tools.reads_pdf() => {}
            Ok(tools) => {
                let budget = opts.pdf_timeout.saturating_mul(OCR_BUDGET_FACTOR);
                let out = ocr::ocr_pages(tools, &bytes, &empty_pages, opts.pdf_timeout, budget);
                let mut got_text = false;
                for (n, reading) in out.pages {
                    let i = n as usize - 1;
                    if let (Some(p), Some(r)) = (pages.get_mut(i), readings.get_mut(i)) {
                        if letters(&reading.text) > 0 {
                            got_text = true;
                            p.clone_from(&reading.text);
                            *r = Some(reading);
                        }
                    }
                }
                if got_text {
                    notes.push(Note::OcrUsed);
                }
                if out.skipped > 0 {
                    notes.push(Note::Truncated {
                        pages_done: empty_pages.len() as u32 - out.skipped,
                        pages_total: empty_pages.len() as u32,
                    });
                }
                if let Some(reason) = out.error.filter(|_| !got_text) {
                    notes.push(Note::OcrFailed { reason });
                }
                empty_pages = empty(&pages);
            }
            Err(ocr::Unavailable::NotInstalled) => {}
            Err(ocr::Unavailable::Broken(reason)) => notes.push(Note::OcrFailed {
                reason: reason.clone(),
            }),
        }
    }

    let (mut ocr_read, mut doubtful) = (Vec::new(), Vec::new());
    let text = if empty_pages.len() as u32 >= n_pages {
        notes.push(Note::ScannedNotSearchable);
        String::new()
    } else {
        // Damaged pages were reported as such already.
        let still_empty = empty_pages
            .iter()
            .filter(|&&n| !damaged[n as usize - 1])
            .count() as u32;
        if still_empty > 0 && still_empty * 4 >= n_pages {
            notes.push(Note::LowText {
                empty_pages: still_empty,
                pages: n_pages,
            });
        }
        // Pages joined by '\n'; the doubtful spans of OCR'd pages move with their page.
        let mut text = String::new();
        for (page, reading) in pages.iter().zip(&readings) {
            let trimmed = page.trim();
            if trimmed.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
            }
            if let Some(r) = reading {
                let shift = text.len() + (page.len() - page.trim_start().len());
                doubtful.extend(r.doubtful.iter().map(|d| d.start + shift..d.end + shift));
                ocr_read.push(text.len()..text.len() + trimmed.len());
            }
            text.push_str(trimmed);
        }
        text
    };
    let ocr = ocr::quality(readings.iter().flatten(), ocr_read, doubtful);
    Ok(Extracted {
        kind: FileKind::Pdf,
        text,
        title: read.title,
        encoding: None,
        notes,
        ocr,
    })
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

struct PdfRead {
    title: Option<String>,
    /// Text per page; `None` for a page that could not be read at all.
    pages: Vec<Option<String>>,
}

fn read_pdf(bytes: &[u8]) -> Result<PdfRead, ExtractError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
            ExtractError::Encrypted {
                kind: FileKind::Pdf,
            }
        }
        e => ExtractError::DamagedPdf(e.to_string()),
    })?;
    // lopdf decrypts with the empty user password while loading (documents that only restrict
    // printing/copying); still encrypted here means a password is needed to open it.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ExtractError::Encrypted {
            kind: FileKind::Pdf,
        });
    }
    let title = info_title(&doc).as_deref().and_then(clean_title);
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(ExtractError::DamagedPdf(
            "it has no pages (page tree missing or broken)".into(),
        ));
    }
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut first_error: Option<String> = None;
    for (&num, &id) in &page_ids {
        // pdf-extract follows Form XObjects recursively without a cycle check: a cyclic form
        // would overflow the stack (an abort, not a panic), so such pages use lopdf's extractor.
        let primary = if form_cycle(&doc, id) {
            Err("cyclic form objects".to_string())
        } else {
            match panic::catch_unwind(AssertUnwindSafe(|| {
                let mut dev = PageDev::default();
                pdf_extract::output_doc_page(&doc, &mut dev, num).map(|()| dev.text)
            })) {
                Ok(Ok(t)) => Ok(t),
                Ok(Err(e)) => Err(output_error(&e)),
                Err(p) => Err(guard::panic_message(&p)),
            }
        };
        let text = match primary {
            Ok(t) => Some(t),
            Err(e) => {
                first_error.get_or_insert(e);
                match panic::catch_unwind(AssertUnwindSafe(|| doc.extract_text(&[num]))) {
                    Ok(Ok(t)) => Some(t),
                    _ => None,
                }
            }
        };
        pages.push(text.map(|t| tidy(&t)));
    }
    if pages.iter().all(Option::is_none) {
        return Err(ExtractError::DamagedPdf(format!(
            "no page could be read ({})",
            first_error.unwrap_or_else(|| "unknown error".into())
        )));
    }
    Ok(PdfRead { title, pages })
}

fn output_error(e: &OutputError) -> String {
    match e {
        OutputError::PdfError(e) => e.to_string(),
        OutputError::FormatError(e) => e.to_string(),
        OutputError::IoError(e) => e.to_string(),
    }
}

/// Control characters dropped; trailing blanks removed; empty lines dropped. Thai glyph order,
/// PUA glyphs and the split ำ are repaired for every reader in [`crate::extract_owned`].
fn tidy(t: &str) -> String {
    let t: String = t
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect();
    t.lines()
        .map(|l| l.trim_end_matches([' ', '\t']).trim_start_matches(' '))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Collects one page's characters into lines. Unlike pdf-extract's PlainTextOutput, a gap is
/// measured from the rightmost point reached on the line, not from the previous glyph: Thai
/// marks (ิ ี ็ ่ ้ …) are drawn shifted back over their base letter with zero advance, and
/// measuring from them put spaces inside words ("เป็ น", "ปี งบประมาณ").
#[derive(Default)]
struct PageDev {
    text: String,
    started: bool,
    last_y: f64,
    max_end: f64,
    /// Glyphs already on this line (text, x, y): a glyph drawn again at the same place
    /// ("fake bold", shadows) is skipped.
    line: Vec<(String, f64, f64)>,
}

impl OutputDev for PageDev {
    fn begin_page(
        &mut self,
        _: u32,
        _: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let ch: String = ch.chars().filter(|c| !c.is_control()).collect();
        if ch.is_empty() {
            return Ok(());
        }
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let mut fs = (font_size * scale).abs();
        if !fs.is_finite() || fs < 1e-6 {
            fs = 1.0;
        }
        let (x, y) = (finite(trm.m31), finite(trm.m32));
        let mut advance = finite(width * fs).max(0.0);
        // A letter or digit with no width: the reader lost the font's widths (pdf-extract does
        // not read a CID font's `c_first c_last w` ranges, which Chromium writes for digits), so
        // every following glyph looked like the start of a new word ("2 5 6 3", "๒ ๕ ๖ ๓").
        // Assume the glyph as wide as the widest Thai letters (0.9 em): a lost word space costs
        // less than a space inside a word. Thai marks are the glyphs that really advance by
        // nothing.
        if advance == 0.0 && !ch.chars().all(is_combining) {
            advance = 0.9 * fs;
        }
        if ch.chars().all(char::is_whitespace) {
            if self.started && !self.text.ends_with([' ', '\n']) {
                self.text.push(' ');
            }
            self.max_end = self.max_end.max(x + advance);
            return Ok(());
        }
        if self.started {
            if (y - self.last_y).abs() > 0.5 * fs {
                let n = self.text.trim_end_matches(' ').len();
                self.text.truncate(n);
                self.text.push('\n');
                self.line.clear();
                self.max_end = x;
            } else {
                let tol = 0.2 * fs;
                let start = self.line.len().saturating_sub(512);
                if self.line[start..]
                    .iter()
                    .any(|(c, lx, ly)| *c == ch && (lx - x).abs() < tol && (ly - y).abs() < tol)
                {
                    return Ok(());
                }
                // A mark never starts a word, however far its glyph was shifted.
                let combining = ch.chars().all(is_combining);
                if x > self.max_end + 0.1 * fs && !combining && !self.text.ends_with([' ', '\n']) {
                    self.text.push(' ');
                }
            }
        } else {
            self.max_end = x;
        }
        self.text.push_str(&ch);
        self.line.push((ch, x, y));
        self.started = true;
        self.last_y = y;
        self.max_end = self.max_end.max(x + advance);
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Thai marks and the general combining diacritics: drawn over the previous glyph.
fn is_combining(c: char) -> bool {
    thai::is_mark(c) || thai::pua_to_thai(c).is_some() || ('\u{0300}'..='\u{036F}').contains(&c)
}

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// Info /Title, decoded: UTF-16 (BOM), UTF-8 (BOM or valid non-ASCII), TIS-620 bytes written
/// by Thai software as if they were PDFDocEncoding, else PDFDocEncoding (≈ Latin-1).
fn info_title(doc: &Document) -> Option<String> {
    let info = deref(doc, doc.trailer.get(b"Info").ok()?)?.as_dict().ok()?;
    match deref(doc, info.get(b"Title").ok()?)? {
        Object::String(b, _) => Some(decode_pdf_string(b)),
        _ => None,
    }
}

pub(crate) fn decode_pdf_string(b: &[u8]) -> String {
    use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, WINDOWS_874};
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        return UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = b.strip_prefix(&[0xFF, 0xFE]) {
        return UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return UTF_8.decode_without_bom_handling(rest).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(b) {
        return s.to_string();
    }
    let high = b.iter().filter(|&&c| c >= 0x80).count();
    let visible = b.iter().filter(|c| !c.is_ascii_whitespace()).count();
    if crate::text::looks_tis620(b) && high * 3 >= visible {
        return WINDOWS_874.decode_without_bom_handling(b).0.into_owned();
    }
    WINDOWS_1252.decode_without_bom_handling(b).0.into_owned()
}

/// Does the page reach a Form XObject that (directly or indirectly) invokes itself, or nest
/// forms absurdly deep? Forms without /Resources inherit the caller's, as pdf-extract does.
fn form_cycle(doc: &Document, page: ObjectId) -> bool {
    let resources = match page_resources(doc, page) {
        Some(r) => r,
        None => return false,
    };
    let mut state: HashMap<(ObjectId, usize), bool> = HashMap::new(); // true = in progress
    let mut budget = 10_000usize;
    visit_forms(doc, resources, 0, &mut state, &mut budget)
}

fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut dict = doc.get_object(page).ok()?.as_dict().ok()?;
    for _ in 0..64 {
        if let Ok(r) = dict.get(b"Resources") {
            return deref(doc, r)?.as_dict().ok();
        }
        dict = deref(doc, dict.get(b"Parent").ok()?)?.as_dict().ok()?;
    }
    None
}

fn visit_forms(
    doc: &Document,
    resources: &Dictionary,
    depth: usize,
    state: &mut HashMap<(ObjectId, usize), bool>,
    budget: &mut usize,
) -> bool {
    if depth > 48 || *budget == 0 {
        return true;
    }
    *budget -= 1;
    let xobjects = match resources
        .get(b"XObject")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    {
        Some(x) => x,
        None => return false,
    };
    for (_, obj) in xobjects.iter() {
        let id = match obj {
            Object::Reference(id) => *id,
            _ => continue,
        };
        let stream = match doc.get_object(id).ok().and_then(|o| o.as_stream().ok()) {
            Some(s) => s,
            None => continue,
        };
        let is_form = matches!(
            stream
                .dict
                .get(b"Subtype")
                .ok()
                .and_then(|s| s.as_name().ok()),
            Some(b"Form")
        );
        if !is_form {
            continue;
        }
        let inner = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .unwrap_or(resources);
        let key = (id, inner as *const Dictionary as usize);
        match state.get(&key) {
            Some(true) => return true,
            Some(false) => continue,
            None => {}
        }
        state.insert(key, true);
        if visit_forms(doc, inner, depth + 1, state, budget) {
            return true;
        }
        state.insert(key, false);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_strings() {
        assert_eq!(decode_pdf_string(b"\xfe\xff\x0e\x1b\x0e\x23"), "ปร");
        assert_eq!(decode_pdf_string("ประกาศ".as_bytes()), "ประกาศ");
        assert_eq!(decode_pdf_string(b"\xbb\xc3\xd0\xa1\xd2\xc8"), "ประกาศ");
        assert_eq!(decode_pdf_string(b"Caf\xe9"), "Café");
    }

    #[test]
    fn tidy_text() {
        assert_eq!(tidy("ตำบล  \n\n ก\u{0}ข\n"), "ตำบล\nกข");
    }
}
