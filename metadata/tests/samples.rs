//! The five real announcements in tests/fixtures/announcements/ against the metadata a reader gets from them
//! (tests/fixtures/samples-expected.json, from the shared planning material).
//! These must all match: they are the reference the issue was written from.

mod common;

use common::{expectations, field, manifest_dir, read, show};

#[test]
fn real_samples_match_expected_metadata() {
    /// A fixed as-of year (B.E.), so the result does not depend on the day the test runs.
    const AS_OF_YEAR: i32 = 2569;
    let dir = manifest_dir().join("../tests/fixtures/announcements");
    let rows = expectations(&manifest_dir().join("tests/fixtures/samples-expected.json"));
    assert_eq!(rows.len(), 5);
    let mut failures = Vec::new();
    let (mut checked, mut right) = (0, 0);
    for want in &rows {
        let file = want["file"].as_str().unwrap_or_default();
        let meta = metadata::extract(
            &read(&dir.join(file)),
            file,
            None,
            &metadata::Reading::text(AS_OF_YEAR),
        );
        for name in ["agency", "title", "date", "fiscal_year", "department"] {
            let (expected, actual) = field(&meta, want, name);
            // Department: the expectation is only asserted where it names one.
            if name == "department" && expected.is_none() {
                if actual.is_some() {
                    eprintln!("note: {file} department: expected null, got {actual:?}");
                }
                continue;
            }
            checked += 1;
            if expected == actual {
                right += 1;
            } else {
                failures.push(format!(
                    "{file} {name}: expected {}, got {}",
                    show(&expected),
                    show(&actual)
                ));
            }
        }
        eprintln!(
            "{file}: {}",
            serde_json::to_string(&meta).unwrap_or_default()
        );
    }
    eprintln!("samples: {right}/{checked} fields right");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
