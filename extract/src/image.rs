//! Images (JPEG, PNG, TIFF): photos of signed announcements and scans saved as pictures. Their
//! text comes from OCR, as for scanned PDF pages. Before tesseract sees a file, its bytes are
//! checked here, in-process: that it is the image its name says (a PDF named .jpg gets the
//! usual "wrong type" message), that its header is whole, and that no page is so large that
//! decoding it would exhaust memory.

use std::ops::Range;

use crate::sniff::{self, Sniffed};
use crate::{ocr, ExtractError, Extracted, FileKind, Note, Options, OCR_BUDGET_FACTOR};

/// Pages larger than this are refused: 100 megapixels is A0 at 250 dpi, and a page decodes to
/// at least one byte per pixel in tesseract.
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// A multi-page TIFF with more pages than this is refused as damaged (a loop of IFDs, or not a
/// document).
const MAX_TIFF_PAGES: usize = 10_000;

/// What the header says: the format, for tesseract's temporary file name, and each page's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageInfo {
    pub ext: &'static str,
    /// (width, height) of each page, in pixels.
    pub pages: Vec<(u32, u32)>,
}

/// Checks the bytes of a file named as an image, without decoding its pixels.
pub(crate) fn inspect(b: &[u8]) -> Result<ImageInfo, ExtractError> {
    let info = match sniff::sniff(b) {
        Some(Sniffed::Png) => ImageInfo {
            ext: "png",
            pages: vec![png_size(b)?],
        },
        Some(Sniffed::Jpeg) => ImageInfo {
            ext: "jpg",
            pages: vec![jpeg_size(b)?],
        },
        Some(Sniffed::Tiff) => ImageInfo {
            ext: "tif",
            pages: tiff_pages(b)?,
        },
        Some(Sniffed::Gif) => {
            return Err(ExtractError::DamagedImage(
                "it is a GIF picture, which khlang does not OCR; save it as PNG".into(),
            ))
        }
        Some(s) => {
            let (actual, advice) = sniff::describe(s);
            return Err(ExtractError::WrongType {
                ext: "jpg/.png/.tif",
                actual,
                advice,
            });
        }
        None => {
            return Err(ExtractError::DamagedImage(
                "it is not a JPEG, PNG or TIFF image (or its start is damaged)".into(),
            ))
        }
    };
    for &(width, height) in &info.pages {
        if width == 0 || height == 0 {
            return Err(ExtractError::DamagedImage(
                "its header gives it no width or height".into(),
            ));
        }
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(ExtractError::ImageTooLarge { width, height });
        }
    }
    Ok(info)
}

pub(crate) fn extract(bytes: &[u8], opts: &Options) -> Result<Extracted, ExtractError> {
    let info = inspect(bytes)?;
    let mut notes = Vec::new();
    let mut text = String::new();
    let mut quality = None;
    let tools = if opts.ocr { Some(ocr::tools()) } else { None };
    match tools {
        None | Some(Err(ocr::Unavailable::NotInstalled)) => {}
        Some(Err(ocr::Unavailable::Broken(reason))) => notes.push(Note::OcrFailed {
            reason: reason.clone(),
        }),
        Some(Ok(tools)) => {
            // tesseract reads all pages of a TIFF in one run: the pages share one deadline,
            // at most the per-file OCR budget of a scanned PDF.
            let pages = u32::try_from(info.pages.len()).unwrap_or(u32::MAX);
            let limit = opts
                .pdf_timeout
                .saturating_mul(pages.min(OCR_BUDGET_FACTOR));
            match ocr::ocr_image(tools, bytes, info.ext, limit) {
                Ok(readings) => {
                    let (joined, read, doubtful) = join(&readings);
                    text = joined;
                    quality = ocr::quality(readings.iter(), read, doubtful);
                    notes.push(if text.chars().any(char::is_alphanumeric) {
                        Note::OcrUsed
                    } else {
                        Note::NoText
                    });
                }
                Err(reason) => notes.push(Note::OcrFailed { reason }),
            }
        }
    }
    if quality.is_none() && !notes.contains(&Note::NoText) {
        notes.push(Note::ImageNotSearchable);
        text.clear();
    }
    Ok(Extracted {
        kind: FileKind::Image,
        text,
        title: None,
        encoding: None,
        notes,
        ocr: quality,
    })
}

/// The pages' texts joined by '\n' (empty pages left out), where each page is, and the
/// doubtful spans moved along.
fn join(readings: &[ocr::PageReading]) -> (String, Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut text = String::new();
    let (mut read, mut doubtful) = (Vec::new(), Vec::new());
    for r in readings.iter().filter(|r| !r.text.is_empty()) {
        if !text.is_empty() {
            text.push('\n');
        }
        let shift = text.len();
        doubtful.extend(r.doubtful.iter().map(|d| d.start + shift..d.end + shift));
        text.push_str(&r.text);
        read.push(shift..text.len());
    }
    (text, read, doubtful)
}

fn truncated(what: &str) -> ExtractError {
    ExtractError::DamagedImage(format!("the file ends inside its {what} (cut off?)"))
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// PNG: the IHDR chunk comes first, width and height big-endian.
fn png_size(b: &[u8]) -> Result<(u32, u32), ExtractError> {
    if b.get(12..16) != Some(b"IHDR") {
        return Err(ExtractError::DamagedImage(
            "its first chunk is not IHDR".into(),
        ));
    }
    match (be32(b, 16), be32(b, 20)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err(truncated("header")),
    }
}

/// JPEG: the size is in the start-of-frame segment, found by walking the segments before it.
fn jpeg_size(b: &[u8]) -> Result<(u32, u32), ExtractError> {
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while b.get(at) == Some(&0xFF) && b.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (b.get(at), b.get(at + 1)) else {
            return Err(if at >= b.len() {
                truncated("header")
            } else {
                ExtractError::DamagedImage("a segment marker is missing".into())
            });
        };
        at += 2;
        match marker {
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => {
                return Err(ExtractError::DamagedImage(
                    "it has no frame header (image size) before its data".into(),
                ))
            }
            _ => {}
        }
        let len = usize::from(be16(b, at).ok_or_else(|| truncated("header"))?);
        if len < 2 {
            return Err(ExtractError::DamagedImage(
                "a segment length is wrong".into(),
            ));
        }
        let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let h = be16(b, at + 3).ok_or_else(|| truncated("frame header"))?;
            let w = be16(b, at + 5).ok_or_else(|| truncated("frame header"))?;
            return Ok((u32::from(w), u32::from(h)));
        }
        at += len;
    }
}

/// TIFF: each page is an image file directory (IFD) in a chain; width is tag 256, height 257.
fn tiff_pages(b: &[u8]) -> Result<Vec<(u32, u32)>, ExtractError> {
    let little = b.starts_with(b"II");
    let u16_at = |at: usize| -> Option<u16> {
        let x: [u8; 2] = b.get(at..at + 2)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(x)
        } else {
            u16::from_be_bytes(x)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let x: [u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(x)
        } else {
            u32::from_be_bytes(x)
        })
    };
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut ifd = u32_at(4).ok_or_else(|| truncated("header"))? as usize;
    while ifd != 0 {
        if !seen.insert(ifd) || pages.len() >= MAX_TIFF_PAGES {
            return Err(ExtractError::DamagedImage(
                "its page directories run in a loop".into(),
            ));
        }
        let count = usize::from(u16_at(ifd).ok_or_else(|| truncated("page directory"))?);
        let (mut width, mut height) = (None, None);
        for i in 0..count {
            let entry = ifd + 2 + 12 * i;
            let tag = u16_at(entry).ok_or_else(|| truncated("page directory"))?;
            let kind = u16_at(entry + 2).ok_or_else(|| truncated("page directory"))?;
            // SHORT (3) values sit in the first two bytes of the value field, LONG (4) fill it.
            let value = match kind {
                3 => u16_at(entry + 8).map(u32::from),
                4 => u32_at(entry + 8),
                _ => None,
            };
            match tag {
                256 => width = value,
                257 => height = value,
                _ => {}
            }
        }
        match (width, height) {
            (Some(w), Some(h)) => pages.push((w, h)),
            _ => {
                return Err(ExtractError::DamagedImage(format!(
                    "page {} has no width or height",
                    pages.len() + 1
                )))
            }
        }
        ifd = u32_at(ifd + 2 + 12 * count).ok_or_else(|| truncated("page directory"))? as usize;
    }
    if pages.is_empty() {
        return Err(ExtractError::DamagedImage("it has no pages".into()));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 0, 0, 0, 0]);
        b
    }

    /// A little-endian TIFF whose IFDs are given as (width, height) with SHORT values.
    fn tiff(pages: &[(u16, u16)]) -> Vec<u8> {
        let mut b = b"II*\0\x08\0\0\0".to_vec();
        for (i, &(w, h)) in pages.iter().enumerate() {
            b.extend(2u16.to_le_bytes());
            for (tag, v) in [(256u16, w), (257, h)] {
                b.extend(tag.to_le_bytes());
                b.extend(3u16.to_le_bytes());
                b.extend(1u32.to_le_bytes());
                b.extend(v.to_le_bytes());
                b.extend([0, 0]);
            }
            let next = if i + 1 < pages.len() { b.len() + 4 } else { 0 };
            b.extend((next as u32).to_le_bytes());
        }
        b
    }

    #[test]
    fn headers_are_read_and_checked() {
        let jpeg = [
            &[0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0][..],
            &[0xFF, 0xC0, 0, 11, 8, 0x01, 0x2C, 0x00, 0xC8, 1, 0][..],
        ]
        .concat();
        let ok: &[(Vec<u8>, ImageInfo)] = &[
            (
                png(2480, 3508),
                ImageInfo {
                    ext: "png",
                    pages: vec![(2480, 3508)],
                },
            ),
            (
                jpeg.clone(),
                ImageInfo {
                    ext: "jpg",
                    pages: vec![(200, 300)],
                },
            ),
            (
                tiff(&[(100, 200), (300, 400)]),
                ImageInfo {
                    ext: "tif",
                    pages: vec![(100, 200), (300, 400)],
                },
            ),
        ];
        for (bytes, want) in ok {
            assert_eq!(inspect(bytes).ok().as_ref(), Some(want));
        }
        let mut cyclic = tiff(&[(10, 10)]);
        let n = cyclic.len();
        cyclic[n - 4..].copy_from_slice(&8u32.to_le_bytes());
        let bad: &[(Vec<u8>, &str)] = &[
            (png(20_000, 20_000), "image too large to OCR: 20000 × 20000"),
            (png(0, 10), "no width or height"),
            (png(10, 10)[..18].to_vec(), "ends inside its header"),
            (jpeg[..12].to_vec(), "ends inside its frame header"),
            (cyclic, "run in a loop"),
            (b"GIF89a....".to_vec(), "GIF"),
            (
                b"%PDF-1.4 x".to_vec(),
                "not a real .jpg/.png/.tif file: it is a PDF",
            ),
            (b"hello".to_vec(), "not a JPEG, PNG or TIFF"),
        ];
        for (bytes, want) in bad {
            let got = inspect(bytes).map_err(|e| e.to_string());
            assert!(
                matches!(&got, Err(e) if e.contains(want)),
                "{want}: {got:?}"
            );
        }
    }
}
