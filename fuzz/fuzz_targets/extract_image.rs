//! Any bytes named .jpg/.png/.tif: the in-process part of the image path (sniffing, the PNG,
//! JPEG and TIFF header and page-directory checks, the size limit) returns a result or an
//! error, never panics or hangs. OCR is off: tesseract is an external program.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = extract::extract_bytes(extract::FileKind::Image, data, &khlang_fuzz_opts());
});

fn khlang_fuzz_opts() -> extract::Options {
    extract::Options {
        // Keep each input small and fast: OCR runs external programs, not our code.
        max_unpacked_bytes: 64 << 20,
        ocr: false,
        ..extract::Options::default()
    }
}
