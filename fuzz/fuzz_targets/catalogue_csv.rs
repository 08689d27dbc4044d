//! Any bytes as DOCS/catalogue.csv: parsed into rows and row problems, or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

use metadata::catalogue;

fuzz_target!(|data: &[u8]| {
    if let Ok(cat) = catalogue::parse(data) {
        for (file, row) in &cat.rows {
            // Keys are normalized paths: never with a backslash or a leading slash.
            assert!(!file.contains('\\') && !file.starts_with('/'), "{file:?}");
            assert!(row.fiscal_year.is_none_or(|y| (2400..=2700).contains(&y)));
        }
    }
});
