//! Recognises what a file really is from its first bytes, so that a misnamed file gets a
//! precise message ("an HTML page named .pdf") instead of "damaged".

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Pdf,
    /// A ZIP container: DOCX, XLSX, PPTX, ODT, plain .zip.
    Zip,
    /// An OLE2 compound file: legacy .doc/.xls, or a password-protected DOCX.
    Ole,
    Html,
    Rtf,
    Png,
    Jpeg,
    Gif,
    Tiff,
}

pub(crate) fn sniff(b: &[u8]) -> Option<Sniffed> {
    let starts = |m: &[u8]| b.starts_with(m);
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return Some(Sniffed::Zip);
    }
    if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Sniffed::Ole);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Some(Sniffed::Png);
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Some(Sniffed::Jpeg);
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some(Sniffed::Gif);
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some(Sniffed::Tiff);
    }
    if starts(b"{\\rtf") {
        return Some(Sniffed::Rtf);
    }
    let head = &b[..b.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Some(Sniffed::Pdf);
    }
    if looks_like_html(head) {
        return Some(Sniffed::Html);
    }
    None
}

/// True when the (start of the) bytes look like HTML markup: `<!doctype html`, `<html`,
/// `<head`, `<body` or `<meta` near the beginning (after an optional BOM/whitespace).
pub(crate) fn looks_like_html(head: &[u8]) -> bool {
    let lower: Vec<u8> = head
        .iter()
        .take(1024)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<meta ",
    ]
    .iter()
    .any(|m| find(&lower, m).is_some())
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// For an OLE2 file: is it a password-protected OOXML document (it has an
/// "EncryptedPackage" stream, whose name is stored in UTF-16LE)?
pub(crate) fn ole_is_encrypted_package(b: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    find(b, &name).is_some()
}

/// For an OLE2 file: which Office 97–2003 program made it, by its main stream's name (stored
/// in UTF-16LE in the directory): "WordDocument", "Workbook" (or Excel 5's "Book"),
/// "PowerPoint Document".
pub(crate) fn ole_app(b: &[u8]) -> Option<crate::LegacyOffice> {
    use crate::LegacyOffice as L;
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        find(b, &utf16).is_some()
    };
    [
        ("WordDocument", L::Word),
        ("Workbook", L::Excel),
        ("PowerPoint Document", L::PowerPoint),
        ("Book", L::Excel),
    ]
    .into_iter()
    .find(|(name, _)| has(name))
    .map(|(_, app)| app)
}

/// A human description of a sniffed type, and what to do about it when it has the wrong
/// extension.
pub(crate) fn describe(s: Sniffed) -> (&'static str, &'static str) {
    match s {
        Sniffed::Pdf => ("a PDF", "rename it to .pdf"),
        Sniffed::Zip => (
            "a ZIP package (DOCX/XLSX/PPTX/ODT?)",
            "give it its real extension, or export it to PDF",
        ),
        Sniffed::Ole => (
            "an old Word/Excel 97-2003 file (.doc/.xls)",
            "open it and save it as .docx, or export it to PDF",
        ),
        Sniffed::Html => (
            "an HTML page (a download error page?)",
            "download the real document again, or rename it to .html if the page is the document",
        ),
        Sniffed::Rtf => (
            "an RTF document",
            "open it in Word or LibreOffice and save it as .docx or PDF",
        ),
        Sniffed::Png | Sniffed::Jpeg | Sniffed::Gif | Sniffed::Tiff => (
            "an image",
            "put the image into a PDF (scan to PDF) and publish that",
        ),
    }
}
