//! [`ExtractError`]: why a file yielded nothing, each message saying what is wrong and what
//! to do about it.

use std::time::Duration;

use crate::{image, FileKind, LegacyOffice, MB};

/// Why a file yielded nothing. Each message says what is wrong and what to do.
#[derive(thiserror::Error, Debug)]
pub enum ExtractError {
    #[error("the file is empty (0 bytes): remove it or replace it with the real document")]
    Empty,
    #[error("the file contains only blank space: remove it or replace it with the real document")]
    Blank,
    #[error(
        "not a text file: it looks binary ({reason}) though named .{ext}: check that it is \
         the right file, or give it its real extension"
    )]
    Binary {
        ext: &'static str,
        reason: &'static str,
    },
    #[error("not a real .{ext} file: it is {actual}: {advice}")]
    WrongType {
        ext: &'static str,
        actual: &'static str,
        advice: &'static str,
    },
    #[error("unsupported file type {ext}: convert it to PDF (or DOCX, XLSX, ODT, ODS, HTML, TXT)")]
    Unsupported { ext: String },
    #[error("{0}")]
    LegacyOffice(LegacyOffice),
    #[error("too large: {} exceeds the {} limit (--max-file-size)", fmt_size_over(*size, *limit), fmt_mb(*limit))]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "{kind} expands to more than {} when unpacked (zip bomb?): open it in {} and save \
         it again, or export it to PDF",
        fmt_mb(*limit),
        kind.editors()
    )]
    ZipBomb { kind: FileKind, limit: u64 },
    #[error("password-protected {kind}: remove the password (save an unprotected copy) and publish that")]
    Encrypted { kind: FileKind },
    #[error("damaged PDF: {0}: re-export it from the original program (or print it to PDF again)")]
    DamagedPdf(String),
    /// A damaged office file (DOCX, XLSX, ODT, ODS).
    #[error("damaged {kind}: {detail}: open it in {} and save it again", kind.editors())]
    Damaged { kind: FileKind, detail: String },
    #[error("damaged image: {0}: scan or save it again, or scan it to PDF")]
    DamagedImage(String),
    #[error(
        "image too large to OCR: {width} × {height} pixels is more than {} megapixels: \
         scan it at 300 dpi, or split it into pages",
        image::MAX_PIXELS / 1_000_000
    )]
    ImageTooLarge { width: u32, height: u32 },
    #[error(
        "PDF extraction took longer than {} s: the file may be damaged or extremely complex; \
         re-export it from the original program, or raise the PDF time limit (--pdf-timeout)",
        .0.as_secs_f64()
    )]
    PdfTimeout(Duration),
    #[error(
        "reading this {kind} took longer than {} s: the file may be damaged or extremely large; \
         open it in {} and save it again (or export it to PDF), or raise the time limit \
         (--pdf-timeout)",
        .limit.as_secs_f64(),
        kind.editors()
    )]
    Timeout { kind: FileKind, limit: Duration },
    #[error("cannot read: {}: {}", io_what(.0), io_todo(.0))]
    Io(#[from] std::io::Error),
}

impl ExtractError {
    /// Whether the same bytes would fail the same way again with the same [`Options`]: true for
    /// damaged, empty or mistyped content; false for reading errors, time limits and size
    /// limits, which depend on the moment, the machine or the file's path.
    pub fn is_lasting(&self) -> bool {
        match self {
            ExtractError::Empty
            | ExtractError::Blank
            | ExtractError::Binary { .. }
            | ExtractError::WrongType { .. }
            | ExtractError::ZipBomb { .. }
            | ExtractError::Encrypted { .. }
            | ExtractError::DamagedPdf(_)
            | ExtractError::Damaged { .. }
            | ExtractError::LegacyOffice(_)
            | ExtractError::DamagedImage(_)
            | ExtractError::ImageTooLarge { .. } => true,
            ExtractError::Unsupported { .. }
            | ExtractError::TooLarge { .. }
            | ExtractError::PdfTimeout(_)
            | ExtractError::Timeout { .. }
            | ExtractError::Io(_) => false,
        }
    }

    /// The file of `kind` is damaged: `detail` says how.
    pub(crate) fn damaged(kind: FileKind, detail: String) -> ExtractError {
        match kind {
            FileKind::Pdf => ExtractError::DamagedPdf(detail),
            kind => ExtractError::Damaged { kind, detail },
        }
    }

    /// Reading the file of `kind` took longer than `limit`.
    pub(crate) fn timeout(kind: FileKind, limit: Duration) -> ExtractError {
        match kind {
            FileKind::Pdf => ExtractError::PdfTimeout(limit),
            kind => ExtractError::Timeout { kind, limit },
        }
    }
}

pub(crate) fn fmt_mb(bytes: u64) -> String {
    if bytes >= MB {
        let mb = bytes as f64 / MB as f64;
        if mb >= 10.0 || (mb.fract() * 10.0).round() == 0.0 {
            format!("{} MB", mb.round() as u64)
        } else {
            format!("{mb:.1} MB")
        }
    } else {
        format!("{bytes} bytes")
    }
}

/// `size` in MB, or in bytes when it rounds to the limit itself ("200 MB exceeds 200 MB").
pub(crate) fn fmt_size_over(size: u64, limit: u64) -> String {
    let s = fmt_mb(size);
    if s == fmt_mb(limit) {
        format!("{size} bytes")
    } else {
        s
    }
}

fn io_what(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => "permission denied".into(),
        K::NotFound => "file not found".into(),
        K::IsADirectory => "it is a folder, not a file".into(),
        _ => e.to_string(),
    }
}

fn io_todo(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => "give the build read access to it (file permissions / owner)",
        K::NotFound => "it was moved or deleted while building; run the build again",
        K::IsADirectory => "remove the document extension from the folder name",
        _ => "check the disk and the file, then run the build again",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(fmt_mb(250 * MB), "250 MB");
        assert_eq!(fmt_mb(1_572_864), "1.5 MB");
        assert_eq!(fmt_mb(999), "999 bytes");
        assert_eq!(fmt_size_over((200 << 20) + 1, 200 << 20), "209715201 bytes");
        assert_eq!(
            ExtractError::TooLarge {
                size: 250 * MB,
                limit: 200 * MB
            }
            .to_string(),
            "too large: 250 MB exceeds the 200 MB limit (--max-file-size)"
        );
    }
}
