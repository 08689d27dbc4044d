//! Any bytes named .html: extraction returns text or an error, never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = extract::extract_bytes(extract::FileKind::Html, data, &khlang_fuzz_opts());
});

fn khlang_fuzz_opts() -> extract::Options {
    extract::Options {
        // Keep each input small and fast: OCR runs external programs, not our code.
        max_unpacked_bytes: 64 << 20,
        ocr: false,
        ..extract::Options::default()
    }
}
