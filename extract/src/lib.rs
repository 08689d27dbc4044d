//! Plain text and basic properties (embedded title, text encoding) from one document file:
//! PDF, DOCX, XLSX, ODT, ODS, HTML/HTM or TXT, or a JPEG/PNG/TIFF image (by OCR), with Thai
//! government documents in mind.
//!
//! * Never panics on file data: every PDF and office file is read on a separate thread under
//!   [`std::panic::catch_unwind`] and [`Options::pdf_timeout`] (`guard`); damaged input
//!   becomes an [`ExtractError`] whose message says what is wrong and what to do about it.
//! * The text is *decoded*, not normalised: Thai Private-Use-Area glyphs (U+F700…), NBSP,
//!   Thai digits etc. are passed through for the analyzer to handle.
//! * Safe to call from many threads at once (the `khlang build` pipeline calls it from rayon
//!   workers).

use std::fmt;
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

mod docx;
mod error;
mod guard;
mod html;
mod image;
mod note;
mod ocr;
mod odf;
mod package;
mod pdf;
mod quality;
mod sheet;
mod sniff;
mod text;
mod title;

use title::clean_title;
mod xlsx;

pub use error::ExtractError;
pub use note::Note;
pub use sheet::SHEET_LABEL;

/// Limits and switches for one extraction.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files larger than this are refused with [`ExtractError::TooLarge`]. Default 200 MB.
    pub max_file_bytes: u64,
    /// Zip-bomb guard: a ZIP-based file (DOCX, XLSX, ODT, ODS) whose parts expand to more than
    /// this, or whose text would, is refused. Default 500 MB.
    pub max_unpacked_bytes: u64,
    /// Time allowed for reading a PDF's text layer, and for reading any office file. Default
    /// 60 s. OCR of scanned pages gets its own budget: `pdf_timeout` per page and
    /// [`OCR_BUDGET_FACTOR`] × `pdf_timeout` per file.
    pub pdf_timeout: Duration,
    /// OCR PDFs without a text layer (and images) when `tesseract` (with Thai data) and, for
    /// PDFs, `pdftoppm` are on PATH. Default true.
    pub ocr: bool,
}

/// OCR of one file stops (with [`Note::Truncated`]) after this many times
/// [`Options::pdf_timeout`] (10 minutes with the default 60 s).
pub const OCR_BUDGET_FACTOR: u32 = 10;

/// 1 MB as used in the defaults, in messages and by `khlang build --max-file-size` (2^20 bytes).
const MB: u64 = 1 << 20;

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_bytes: 200 * MB,
            max_unpacked_bytes: 500 * MB,
            pdf_timeout: Duration::from_secs(60),
            ocr: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Pdf,
    Docx,
    /// An Excel workbook (Office Open XML).
    Xlsx,
    /// A LibreOffice Writer document (OpenDocument Text).
    Odt,
    /// A LibreOffice Calc workbook (OpenDocument Spreadsheet).
    Ods,
    Html,
    Txt,
    /// A photo or scan: `.jpg`, `.jpeg`, `.png`, `.tif`, `.tiff`; its text comes from OCR.
    Image,
}

impl FileKind {
    /// Every kind, for callers that list what khlang reads.
    pub const ALL: [FileKind; 8] = [
        FileKind::Pdf,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Odt,
        FileKind::Ods,
        FileKind::Html,
        FileKind::Txt,
        FileKind::Image,
    ];

    /// By extension, case-insensitively: `.pdf`, `.docx`, `.xlsx`, `.odt`, `.ods`, `.html`,
    /// `.htm`, `.txt`, and the images of [`FileKind::Image`].
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(FileKind::Pdf),
            "docx" => Some(FileKind::Docx),
            "xlsx" => Some(FileKind::Xlsx),
            "odt" => Some(FileKind::Odt),
            "ods" => Some(FileKind::Ods),
            "html" | "htm" => Some(FileKind::Html),
            "txt" => Some(FileKind::Txt),
            "jpg" | "jpeg" | "png" | "tif" | "tiff" => Some(FileKind::Image),
            _ => None,
        }
    }

    /// "PDF", "DOCX", "XLSX", "ODT", "ODS", "HTML", "TXT", "IMAGE".
    pub fn label(&self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Docx => "DOCX",
            FileKind::Xlsx => "XLSX",
            FileKind::Odt => "ODT",
            FileKind::Ods => "ODS",
            FileKind::Html => "HTML",
            FileKind::Txt => "TXT",
            FileKind::Image => "IMAGE",
        }
    }

    /// The usual extension, lowercase, without the dot.
    pub fn extension(&self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Odt => "odt",
            FileKind::Ods => "ods",
            FileKind::Html => "html",
            FileKind::Txt => "txt",
            FileKind::Image => "jpg",
        }
    }

    /// The Content-Type a web server should send the original file with.
    pub fn mime_type(&self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Html => "text/html; charset=utf-8",
            FileKind::Txt => "text/plain; charset=utf-8",
            // JPEG, PNG or TIFF: a caller with the file name goes by its extension.
            FileKind::Image => "application/octet-stream",
        }
    }

    /// The programs that open and re-save this kind, for messages ("open it in … and save it
    /// again").
    fn editors(&self) -> &'static str {
        match self {
            FileKind::Docx => "Word or LibreOffice",
            FileKind::Xlsx => "Excel or LibreOffice Calc",
            FileKind::Odt => "LibreOffice Writer",
            FileKind::Ods => "LibreOffice Calc",
            FileKind::Pdf | FileKind::Html | FileKind::Txt | FileKind::Image => {
                "the program that made it"
            }
        }
    }
}

/// An old binary Office 97–2003 format (an OLE2 compound file), which khlang does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyOffice {
    /// `.doc`
    Word,
    /// `.xls`
    Excel,
    /// `.ppt`
    PowerPoint,
}

impl LegacyOffice {
    /// By extension, case-insensitively: `.doc`/`.dot`, `.xls`/`.xlt`, `.ppt`/`.pps`/`.pot`.
    pub fn from_path(path: &Path) -> Option<LegacyOffice> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "doc" | "dot" => Some(LegacyOffice::Word),
            "xls" | "xlt" => Some(LegacyOffice::Excel),
            "ppt" | "pps" | "pot" => Some(LegacyOffice::PowerPoint),
            _ => None,
        }
    }

    fn app(&self) -> &'static str {
        match self {
            LegacyOffice::Word => "Word",
            LegacyOffice::Excel => "Excel",
            LegacyOffice::PowerPoint => "PowerPoint",
        }
    }

    /// What to save it as, in English and in Thai.
    fn save_as(&self) -> (&'static str, &'static str) {
        match self {
            LegacyOffice::Word => (
                "save it as DOCX (or export it to PDF)",
                "บันทึกเป็น DOCX (หรือส่งออกเป็น PDF)",
            ),
            LegacyOffice::Excel => (
                "save it as XLSX (or export it to PDF)",
                "บันทึกเป็น XLSX (หรือส่งออกเป็น PDF)",
            ),
            LegacyOffice::PowerPoint => ("export it to PDF", "ส่งออกเป็น PDF"),
        }
    }
}

impl fmt::Display for LegacyOffice {
    /// One line in English, then the same in Thai: staff read either.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let app = self.app();
        let (en, th) = self.save_as();
        write!(
            f,
            "an old {app} 97–2003 file, which khlang cannot read: open it in {app} or LibreOffice, \
             {en} and publish that instead / ไฟล์ {app} รุ่นเก่า (97–2003) ที่ khlang อ่านไม่ได้: \
             เปิดด้วย {app} หรือ LibreOffice แล้ว{th} และเผยแพร่ไฟล์นั้นแทน"
        )
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What was extracted from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub kind: FileKind,
    /// UTF-8 plain text; paragraphs/lines separated by '\n' (never "\r\n"); table cells by
    /// '\t'. Not normalised beyond decoding.
    pub text: String,
    /// Embedded title (HTML `<title>`, DOCX `dc:title`, PDF Info `/Title`), whitespace
    /// collapsed; `None` when missing or meaningless ("Untitled", "Document1", a file name…).
    pub title: Option<String>,
    /// For TXT and HTML: the encoding the bytes were decoded from ("UTF-8", "UTF-16LE",
    /// "UTF-16BE", "windows-874", …). `None` for PDF and DOCX.
    pub encoding: Option<&'static str>,
    /// Non-fatal things to tell the user.
    pub notes: Vec<Note>,
    /// How far the text read by OCR can be trusted; `None` when no text came from OCR.
    pub ocr: Option<OcrQuality>,
}

/// The quality of the OCR'd part of a text, so that what is published from it (a date, a
/// fiscal year) can be held to what tesseract was sure of.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OcrQuality {
    /// Mean word confidence over the OCR'd text, 0–100 (tesseract's scale), rounded.
    pub confidence: u8,
    /// Pages (or images, or TIFF pages) whose text came from OCR.
    pub pages: u32,
    /// Byte ranges of [`Extracted::text`] that came from OCR, one per page, in order; the rest
    /// (a PDF's text pages) was written, not recognised.
    pub read: Vec<Range<usize>>,
    /// Byte ranges of [`Extracted::text`] holding words with a digit (๐–๙ or 0–9) that were
    /// read with low confidence (see [`OCR_LOW_CONFIDENCE`]), in order.
    pub doubtful: Vec<Range<usize>>,
}

/// OCR'd words with a digit below this confidence are [`OcrQuality::doubtful`].
pub const OCR_LOW_CONFIDENCE: f32 = ocr::LOW_CONFIDENCE;

/// Reads `path` (size checked first) and extracts it according to its extension
/// (case-insensitive, see [`FileKind::from_path`]).
pub fn extract_file(path: &Path, opts: &Options) -> Result<Extracted, ExtractError> {
    let (kind, bytes) = read_file(path, opts)?;
    extract_owned(kind, bytes, opts)
}

/// Reads `path` the way [`extract_file`] does (kind by extension, size limits) without
/// extracting it, for callers that look at the bytes first (hashing, caching) and then call
/// [`extract_owned`].
pub fn read_file(path: &Path, opts: &Options) -> Result<(FileKind, Vec<u8>), ExtractError> {
    let kind = kind_of(path)?;
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory").into());
    }
    check_size(meta.len(), opts)?;
    let file = std::fs::File::open(path)?;
    // The file may grow between metadata() and read(): never read past the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(opts.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    check_size(bytes.len() as u64, opts)?;
    Ok((kind, bytes))
}

/// The kind of document `path` names by its extension, or why khlang does not read it
/// ([`ExtractError::LegacyOffice`] for `.doc`/`.xls`/`.ppt`, else [`ExtractError::Unsupported`]).
/// What the build's walk and [`read_file`] both go by.
pub fn kind_of(path: &Path) -> Result<FileKind, ExtractError> {
    if let Some(kind) = FileKind::from_path(path) {
        return Ok(kind);
    }
    if let Some(legacy) = LegacyOffice::from_path(path) {
        return Err(ExtractError::LegacyOffice(legacy));
    }
    let ext = match path.extension() {
        Some(e) => format!(".{}", e.to_string_lossy().to_lowercase()),
        None => "(no extension)".to_string(),
    };
    Err(ExtractError::Unsupported { ext })
}

/// Extracts a document of the given kind from memory.
pub fn extract_bytes(
    kind: FileKind,
    bytes: &[u8],
    opts: &Options,
) -> Result<Extracted, ExtractError> {
    check_size(bytes.len() as u64, opts)?;
    match kind {
        // These readers run on a thread of their own and need owned bytes.
        FileKind::Pdf | FileKind::Docx | FileKind::Xlsx | FileKind::Odt | FileKind::Ods => {
            extract_owned(kind, bytes.to_vec(), opts)
        }
        FileKind::Html | FileKind::Txt | FileKind::Image => {
            extract_slice(kind, bytes, opts).map(finish)
        }
    }
}

fn check_size(size: u64, opts: &Options) -> Result<(), ExtractError> {
    if size > opts.max_file_bytes {
        return Err(ExtractError::TooLarge {
            size,
            limit: opts.max_file_bytes,
        });
    }
    if size == 0 {
        return Err(ExtractError::Empty);
    }
    Ok(())
}

/// Extracts a document of the given kind from bytes the caller no longer needs (no copy for
/// PDFs and office files, whose readers run on a thread of their own).
pub fn extract_owned(
    kind: FileKind,
    bytes: Vec<u8>,
    opts: &Options,
) -> Result<Extracted, ExtractError> {
    let read = match kind {
        FileKind::Pdf => pdf::extract(bytes, opts),
        FileKind::Docx | FileKind::Xlsx | FileKind::Odt | FileKind::Ods => {
            extract_office(kind, bytes, opts)
        }
        FileKind::Html | FileKind::Txt | FileKind::Image => extract_slice(kind, &bytes, opts),
    };
    read.map(finish)
}

/// Extracts a ZIP-based office file on a reader thread of its own (crate::guard), under
/// [`Options::pdf_timeout`].
fn extract_office(
    kind: FileKind,
    bytes: Vec<u8>,
    opts: &Options,
) -> Result<Extracted, ExtractError> {
    let opts = opts.clone();
    guard::read_guarded(kind, opts.pdf_timeout, move || match kind {
        FileKind::Docx => docx::extract(&bytes, &opts),
        FileKind::Xlsx => xlsx::extract(&bytes, &opts),
        FileKind::Odt | FileKind::Ods => odf::extract(kind, &bytes, &opts),
        FileKind::Pdf | FileKind::Html | FileKind::Txt | FileKind::Image => Err(
            ExtractError::damaged(kind, "not a ZIP-based office format".into()),
        ),
    })
}

/// The encoding a TXT or HTML file's bytes are read in, by its WHATWG name ("UTF-8",
/// "windows-874", "UTF-16LE", …) — the same decision the extractor makes, so a server can send
/// the charset the text was indexed from. `None` for the other kinds, which carry their own.
pub fn text_encoding(kind: FileKind, bytes: &[u8]) -> Option<&'static str> {
    match kind {
        FileKind::Txt => Some(text::encoding(bytes).0.name()),
        FileKind::Html => Some(html::encoding(bytes).name()),
        _ => None,
    }
}

/// Every reader's output, finished the same way: text and title as their author typed them
/// ([`thai::repair`]: PDF glyph order and PUA glyphs, split ำ; old Thai programs wrote some of
/// the same into DOCX and text files), then checked for damage no repair undoes
/// ([`quality::assess`]).
fn finish(mut x: Extracted) -> Extracted {
    let (text, dropped) = thai::repair_tracked(&x.text);
    x.text = text;
    if let Some(q) = x.ocr.as_mut() {
        // The OCR'd and doubtful spans, moved onto the repaired text.
        let shift = |r: &Range<usize>| {
            thai::shift_offset(r.start, &dropped)..thai::shift_offset(r.end, &dropped)
        };
        q.read = q.read.iter().map(shift).collect();
        q.doubtful = q.doubtful.iter().map(shift).collect();
    }
    x.title = x.title.map(|t| thai::repair(&t));
    if let Some(note) = quality::assess(&x.text) {
        x.notes.push(note);
    }
    x
}

fn extract_slice(kind: FileKind, bytes: &[u8], opts: &Options) -> Result<Extracted, ExtractError> {
    match kind {
        FileKind::Txt => text::extract_txt(bytes),
        FileKind::Html => html::extract(bytes),
        FileKind::Image => image::extract(bytes, opts),
        // Not reached from this crate's callers (they send these to `extract_owned`); unfinished
        // like the arms above.
        FileKind::Pdf => pdf::extract(bytes.to_vec(), opts),
        FileKind::Docx | FileKind::Xlsx | FileKind::Odt | FileKind::Ods => {
            extract_office(kind, bytes.to_vec(), opts)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(
            FileKind::from_path(Path::new("a/B.PDF")),
            Some(FileKind::Pdf)
        );
        assert_eq!(
            FileKind::from_path(Path::new("x.Htm")),
            Some(FileKind::Html)
        );
        assert_eq!(
            FileKind::from_path(Path::new("แผน.XLSX")),
            Some(FileKind::Xlsx)
        );
        assert_eq!(FileKind::from_path(Path::new("x.xls")), None);
        assert_eq!(
            FileKind::from_path(Path::new("scan.TIFF")),
            Some(FileKind::Image)
        );
        assert_eq!(FileKind::from_path(Path::new("README")), None);
        assert_eq!(FileKind::Docx.label(), "DOCX");
        assert_eq!(serde_json::to_string(&FileKind::Html).unwrap(), "\"html\"");
        assert_eq!(
            serde_json::to_string(&Note::LowText {
                empty_pages: 1,
                pages: 2
            })
            .unwrap(),
            r#"{"note":"low_text","empty_pages":1,"pages":2}"#
        );
    }

    #[test]
    fn note_kinds_are_their_json_names() {
        let notes = [
            Note::ScannedNotSearchable,
            Note::ImageNotSearchable,
            Note::OcrUsed,
            Note::OcrFailed { reason: "x".into() },
            Note::Truncated {
                pages_done: 1,
                pages_total: 2,
            },
            Note::LowText {
                empty_pages: 1,
                pages: 2,
            },
            Note::DamagedPages {
                failed: 1,
                pages: 2,
            },
            Note::NoText,
            Note::CharsetMismatch {
                declared: "a",
                used: "b",
            },
            Note::InvalidBytes { count: 1 },
            Note::TextLooksBroken {
                damage: quality::Damage::Impossible,
                per_mille: 1,
                example: "x".into(),
            },
        ];
        for n in notes {
            let json = serde_json::to_value(&n).unwrap();
            assert_eq!(json["note"], n.kind(), "{n:?}");
        }
    }
}
