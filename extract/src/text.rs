//! Byte → text decoding for TXT (and HTML without a usable charset): BOMs, UTF-8, BOM-less
//! UTF-16, Thai legacy TIS-620/windows-874, binary rejection.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_874};

use crate::sniff::{self, Sniffed};
use crate::{ExtractError, Extracted, FileKind, Note};

pub(crate) fn extract_txt(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let (enc, bom_len, guessed) = encoding(bytes);
    if guessed {
        // Neither a BOM nor UTF-16's NULs: bytes that are no text at all are refused here.
        reject_binary(bytes, "txt")?;
    }
    let body = &bytes[bom_len..];
    let (text, errors) = decode(enc, body);
    let text = unify_newlines(&text);
    if text.trim().is_empty() {
        return Err(ExtractError::Blank);
    }
    let mut notes = Vec::new();
    if errors > 0 {
        notes.push(Note::InvalidBytes { count: errors });
    }
    Ok(Extracted {
        kind: FileKind::Txt,
        text,
        title: None,
        encoding: Some(enc.name()),
        notes,
        ocr: None,
    })
}

/// The encoding a text file's bytes are read in: a BOM's, BOM-less UTF-16, else UTF-8 or
/// windows-874 (TIS-620 and its Windows superset) by the bytes themselves. Also the BOM's
/// length, and whether the encoding was guessed from 8-bit bytes.
pub(crate) fn encoding(bytes: &[u8]) -> (&'static Encoding, usize, bool) {
    match bom(bytes) {
        Some((enc, len)) => (enc, len, false),
        None => match bomless_utf16(bytes) {
            Some(enc) => (enc, 0, false),
            None => (guess_8bit(bytes), 0, true),
        },
    }
}

/// A byte-order mark and its length.
pub(crate) fn bom(b: &[u8]) -> Option<(&'static Encoding, usize)> {
    if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((UTF_8, 3))
    } else if b.starts_with(&[0xFF, 0xFE]) {
        Some((UTF_16LE, 2))
    } else if b.starts_with(&[0xFE, 0xFF]) {
        Some((UTF_16BE, 2))
    } else {
        None
    }
}

/// UTF-16 without a BOM: NUL bytes almost only at odd (LE) or even (BE) offsets and the high
/// bytes are those of ASCII/Latin-1 (0x00) or Thai (0x0E).
fn bomless_utf16(b: &[u8]) -> Option<&'static Encoding> {
    if b.len() < 4 || !b.len().is_multiple_of(2) {
        return None;
    }
    let (mut even_hi, mut odd_hi) = (0usize, 0usize);
    for pair in b.chunks_exact(2) {
        if matches!(pair[0], 0x00 | 0x0E) {
            even_hi += 1;
        }
        if matches!(pair[1], 0x00 | 0x0E) {
            odd_hi += 1;
        }
    }
    let units = b.len() / 2;
    let enc = if odd_hi * 10 >= units * 9 && even_hi * 10 < units * 3 {
        UTF_16LE
    } else if even_hi * 10 >= units * 9 && odd_hi * 10 < units * 3 {
        UTF_16BE
    } else {
        return None;
    };
    let (text, had_errors) = enc.decode_without_bom_handling(b);
    if had_errors || text.chars().any(|c| c == '\0') {
        return None;
    }
    Some(enc)
}

/// Refuses binary data: NUL bytes, or too many control characters, or a known binary format.
pub(crate) fn reject_binary(b: &[u8], ext: &'static str) -> Result<(), ExtractError> {
    if let Some(s) = sniff::sniff(b) {
        if !matches!(s, Sniffed::Html) {
            let (actual, advice) = sniff::describe(s);
            return Err(ExtractError::WrongType {
                ext,
                actual,
                advice,
            });
        }
    }
    let sample = &b[..b.len().min(64 * 1024)];
    if sample.contains(&0) {
        return Err(ExtractError::Binary {
            ext,
            reason: "NUL bytes",
        });
    }
    // Allowed: \t \n \r, form feed (pdftotext page breaks), ESC-free DOS EOF 0x1A.
    let controls = sample
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if controls * 100 > sample.len() {
        return Err(ExtractError::Binary {
            ext,
            reason: "many control characters",
        });
    }
    Ok(())
}

/// For bytes without a BOM: UTF-8 if valid; windows-874 if Thai-range bytes (0xA1–0xFB)
/// dominate; UTF-8 if it is mostly valid UTF-8 with a few damaged sequences; else windows-874
/// (the Thai legacy default, which decodes every byte).
pub(crate) fn guess_8bit(b: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(b).is_ok() {
        return UTF_8;
    }
    if looks_tis620(b) {
        return WINDOWS_874;
    }
    let (text, _) = UTF_8.decode_without_bom_handling(b);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    let multibyte = text
        .chars()
        .filter(|&c| c as u32 >= 0x80 && c != '\u{FFFD}')
        .count();
    if multibyte >= 10 * bad.max(1) {
        UTF_8
    } else {
        WINDOWS_874
    }
}

/// Bytes ≥ 0x80 are mostly in TIS-620's Thai range 0xA1–0xFB.
pub(crate) fn looks_tis620(b: &[u8]) -> bool {
    let (mut thai, mut other) = (0usize, 0usize);
    for &c in b {
        if (0xA1..=0xFB).contains(&c) {
            thai += 1;
        } else if c >= 0x80 {
            other += 1;
        }
    }
    thai > 0 && thai >= 9 * other
}

/// Decodes without BOM sniffing; returns the text and the number of replaced sequences
/// (approximately: U+FFFD characters in the output when decoding reported errors).
pub(crate) fn decode(enc: &'static Encoding, b: &[u8]) -> (String, u32) {
    let (text, had_errors) = enc.decode_without_bom_handling(b);
    let errors = if had_errors {
        text.chars().filter(|&c| c == '\u{FFFD}').count() as u32
    } else {
        0
    };
    (text.into_owned(), errors)
}

/// CRLF and lone CR → LF.
pub(crate) fn unify_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        let thai = "ประกาศเทศบาล ๒๕๖๓";
        let (tis, _, _) = WINDOWS_874.encode(thai);
        assert_eq!(guess_8bit(&tis), WINDOWS_874);
        assert_eq!(guess_8bit(thai.as_bytes()), UTF_8);
        let le: Vec<u8> = thai.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(bomless_utf16(&le), Some(UTF_16LE));
        let be: Vec<u8> = "plain ascii text"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(bomless_utf16(&be), Some(UTF_16BE));
        assert_eq!(bomless_utf16(b"abcd"), None);
        // Mostly UTF-8 with one broken byte stays UTF-8.
        let mut b = "ประกาศเทศบาลนครหาดใหญ่".as_bytes().to_vec();
        b.push(0xFF);
        assert_eq!(guess_8bit(&b), UTF_8);
        assert_eq!(decode(UTF_8, &b).1, 1);
    }

    #[test]
    fn txt_bomless_utf16_and_cr() {
        let le: Vec<u8> = "ประกาศ\r\nเรื่อง\rจบ"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let x = extract_txt(&le).unwrap();
        assert_eq!(x.text, "ประกาศ\nเรื่อง\nจบ");
        assert_eq!(x.encoding, Some("UTF-16LE"));
    }

    #[test]
    fn binary() {
        assert!(matches!(
            extract_txt(b"abc\0def"),
            Err(ExtractError::Binary { .. })
        ));
        assert!(matches!(
            extract_txt(b"%PDF-1.4\n..."),
            Err(ExtractError::WrongType { .. })
        ));
        assert!(matches!(extract_txt(b" \n\t "), Err(ExtractError::Blank)));
        let ctl: Vec<u8> = (0..200u8)
            .map(|i| if i % 10 == 0 { 1 } else { b'a' })
            .collect();
        assert!(matches!(
            extract_txt(&ctl),
            Err(ExtractError::Binary { .. })
        ));
    }
}
