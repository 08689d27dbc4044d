//! [`Note`]: what a reader has to say about a file it did read — a scan without text, OCR
//! used or failed, damaged pages, text that looks mis-extracted — in English for the build
//! report and in Thai for the card.

use std::fmt;

use crate::quality;

/// A non-fatal remark about an extraction. `Display` is English; [`Note::thai`] is Thai.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "note")]
pub enum Note {
    /// A PDF without a text layer (a scan) that was not OCR'd: text is empty.
    ScannedNotSearchable,
    /// An image (JPEG, PNG, TIFF) that was not OCR'd: text is empty.
    ImageNotSearchable,
    /// (Part of) the text was recognised from page images by tesseract.
    OcrUsed,
    /// OCR was wanted but could not run or failed; the reason says what to install or check.
    OcrFailed { reason: String },
    /// OCR stopped at its time budget after `pages_done` of `pages_total` scanned pages.
    Truncated { pages_done: u32, pages_total: u32 },
    /// Some PDF pages have (almost) no text layer and were not OCR'd.
    LowText { empty_pages: u32, pages: u32 },
    /// Some PDF pages could not be read (damaged); the others were.
    DamagedPages { failed: u32, pages: u32 },
    /// No text at all in a DOCX or HTML file (images only?).
    NoText,
    /// The declared charset (HTML meta) contradicted the bytes; `used` was used instead.
    CharsetMismatch {
        declared: &'static str,
        used: &'static str,
    },
    /// Some bytes were invalid in the encoding and were replaced with U+FFFD.
    InvalidBytes { count: u32 },
    /// The text has traces of mis-extraction that repair cannot undo: it would be shown wrong
    /// and not found by the words people type. `per_mille` of the relevant characters are
    /// affected; `example` is the text around the first trace.
    TextLooksBroken {
        damage: quality::Damage,
        per_mille: u32,
        example: String,
    },
}

impl Note {
    /// The note's name as in JSON (`"text_looks_broken"`), for commands that pick notes out.
    pub fn kind(&self) -> &'static str {
        match self {
            Note::ScannedNotSearchable => "scanned_not_searchable",
            Note::ImageNotSearchable => "image_not_searchable",
            Note::OcrUsed => "ocr_used",
            Note::OcrFailed { .. } => "ocr_failed",
            Note::Truncated { .. } => "truncated",
            Note::LowText { .. } => "low_text",
            Note::DamagedPages { .. } => "damaged_pages",
            Note::NoText => "no_text",
            Note::CharsetMismatch { .. } => "charset_mismatch",
            Note::InvalidBytes { .. } => "invalid_bytes",
            Note::TextLooksBroken { .. } => "text_looks_broken",
        }
    }

    /// Whether the same bytes would give this note again: false for OCR that failed (tesseract
    /// may be installed by the next build) or ran out of time.
    pub fn is_lasting(&self) -> bool {
        // An image left unread is read as soon as tesseract is installed.
        !matches!(
            self,
            Note::OcrFailed { .. } | Note::Truncated { .. } | Note::ImageNotSearchable
        )
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::ScannedNotSearchable => f.write_str(
                "scanned PDF without a text layer: it is published with its metadata but its \
                 text is not searchable; install tesseract-ocr with Thai data \
                 (tesseract-ocr-tha) and poppler-utils to OCR it, or publish the original text PDF",
            ),
            Note::ImageNotSearchable => f.write_str(
                "image (photo or scan): it is published with its metadata but its text is not \
                 searchable; install tesseract-ocr with Thai data (tesseract-ocr-tha) to OCR it, \
                 or publish the original text PDF",
            ),
            Note::OcrUsed => {
                f.write_str("text recognised by OCR (tesseract): it may contain recognition errors")
            }
            Note::OcrFailed { reason } => write!(f, "OCR not done: {reason}"),
            Note::Truncated {
                pages_done,
                pages_total,
            } => write!(
                f,
                "OCR stopped at its time limit after {pages_done} of {pages_total} scanned pages: \
                 the rest is not searchable; raise the PDF time limit (--pdf-timeout) or publish a text PDF"
            ),
            Note::LowText { empty_pages, pages } => write!(
                f,
                "{empty_pages} of {pages} pages have no text layer (scanned images?): those pages \
                 are not searchable; OCR them (tesseract with Thai data) or publish a text PDF"
            ),
            Note::DamagedPages { failed, pages } => write!(
                f,
                "{failed} of {pages} pages could not be read (damaged PDF): re-export it from the \
                 original program"
            ),
            Note::NoText => f.write_str(
                "no text found (only images?): it is published with its metadata but nothing in it \
                 is searchable; publish a version with real text",
            ),
            Note::CharsetMismatch { declared, used } => write!(
                f,
                "the page declares charset {declared} but its bytes are {used}; read as {used} \
                 (fix the <meta charset> in the file)"
            ),
            Note::InvalidBytes { count } => write!(
                f,
                "{count} invalid byte sequence(s) replaced with \u{FFFD}: the file is partly \
                 damaged or mixes encodings; save it again as UTF-8"
            ),
            Note::TextLooksBroken {
                damage,
                per_mille,
                example,
            } => write!(
                f,
                "the text looks mis-extracted: {} ({}.{} % of its Thai characters, e.g. «{example}»): \
                 it would show wrong and not be found by its words; export the PDF again from \
                 the original program (fonts embedded), or publish the DOCX instead",
                damage.english(),
                per_mille / 10,
                per_mille % 10
            ),
        }
    }
}

impl Note {
    /// The same remark in Thai (without the numbers).
    pub fn thai(&self) -> &'static str {
        match self {
            Note::ScannedNotSearchable => {
                "PDF ที่สแกนเป็นภาพ ไม่มีชั้นข้อความ: เผยแพร่พร้อมข้อมูลประกอบได้ แต่ค้นหาเนื้อหาไม่ได้ \
                 ติดตั้ง tesseract-ocr พร้อมภาษาไทย (tesseract-ocr-tha) และ poppler-utils เพื่ออ่านด้วย OCR \
                 หรือเผยแพร่ไฟล์ PDF ต้นฉบับที่มีข้อความ"
            }
            Note::ImageNotSearchable => {
                "ไฟล์ภาพ (ภาพถ่ายหรือภาพสแกน): เผยแพร่พร้อมข้อมูลประกอบได้ แต่ค้นหาเนื้อหาไม่ได้ \
                 ติดตั้ง tesseract-ocr พร้อมภาษาไทย (tesseract-ocr-tha) เพื่ออ่านด้วย OCR \
                 หรือเผยแพร่ไฟล์ PDF ต้นฉบับที่มีข้อความ"
            }
            Note::OcrUsed => "ข้อความได้จากการอ่านภาพด้วย OCR (tesseract) อาจมีคำที่อ่านผิด",
            Note::OcrFailed { .. } => "ไม่ได้อ่านด้วย OCR: ตรวจสอบการติดตั้ง tesseract ภาษาไทย และ pdftoppm",
            Note::Truncated { .. } => {
                "OCR หยุดเมื่อครบเวลาที่กำหนด หน้าที่เหลือค้นหาไม่ได้: เพิ่มเวลาที่อนุญาต หรือเผยแพร่ PDF ที่มีข้อความ"
            }
            Note::LowText { .. } => {
                "บางหน้าไม่มีชั้นข้อความ (เป็นภาพสแกน) จึงค้นหาไม่ได้: เปิดใช้ OCR หรือเผยแพร่ PDF ที่มีข้อความ"
            }
            Note::DamagedPages { .. } => "บางหน้าอ่านไม่ได้ (ไฟล์ PDF เสียหาย): ส่งออกเป็น PDF ใหม่จากโปรแกรมต้นฉบับ",
            Note::NoText => "ไม่พบข้อความ (อาจมีแต่รูปภาพ): เผยแพร่พร้อมข้อมูลประกอบได้ แต่ค้นหาเนื้อหาไม่ได้",
            Note::CharsetMismatch { .. } => {
                "รหัสอักขระที่ประกาศในหน้าเว็บไม่ตรงกับเนื้อไฟล์ จึงอ่านตามเนื้อไฟล์: แก้ <meta charset> ในไฟล์"
            }
            Note::InvalidBytes { .. } => {
                "มีไบต์ที่ถอดรหัสไม่ได้ถูกแทนด้วย \u{FFFD}: ไฟล์เสียบางส่วนหรือปนหลายรหัสอักขระ บันทึกใหม่เป็น UTF-8"
            }
            Note::TextLooksBroken { .. } => {
                "ข้อความที่อ่านได้ผิดเพี้ยน (สระหรือวรรณยุกต์อยู่ผิดที่) จึงแสดงผิดและค้นด้วยคำไม่พบ: \
                 ส่งออก PDF ใหม่จากโปรแกรมต้นฉบับโดยฝังฟอนต์ หรือเผยแพร่ไฟล์ DOCX แทน"
            }
        }
    }
}
