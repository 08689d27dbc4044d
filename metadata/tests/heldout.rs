//! Held-out fixtures (tests/fixtures/heldout): 25 short documents written independently of the
//! five samples (different agencies, kinds of document, digit and date styles, wrapped subject
//! lines, folders). Every field is compared, nulls included; the test reports accuracy per
//! field and fails below 95% overall.

mod common;

use std::collections::BTreeMap;

use common::{expectations, field, manifest_dir, read, show};

const FIELDS: [&str; 7] = [
    "agency",
    "title",
    "date",
    "fiscal_year",
    "department",
    "category",
    "doc_number",
];
const MIN_ACCURACY: f64 = 0.95;

#[test]
fn heldout_accuracy() {
    let dir = manifest_dir().join("tests/fixtures/heldout");
    let rows = expectations(&dir.join("expected.json"));
    assert!(rows.len() >= 20, "at least 20 held-out documents");
    let mut per_field: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for want in &rows {
        let file = want["file"].as_str().unwrap_or_default();
        let rel_path = want["rel_path"].as_str().unwrap_or(file);
        let meta = metadata::extract(
            &read(&dir.join(file)),
            rel_path,
            want["embedded_title"].as_str(),
            // A fixed as-of year (B.E.), so the result does not depend on the day the test runs.
            &metadata::Reading::text(2569),
        );
        for name in FIELDS {
            let (expected, actual) = field(&meta, want, name);
            let e = per_field.entry(name).or_default();
            e.0 += 1;
            if expected == actual {
                e.1 += 1;
            } else {
                misses.push(format!(
                    "{file} {name}: expected {}, got {}",
                    show(&expected),
                    show(&actual)
                ));
            }
        }
    }
    let (total, right) = per_field
        .values()
        .fold((0, 0), |(t, r), (a, b)| (t + a, r + b));
    for (name, (n, ok)) in &per_field {
        eprintln!("{name:>12}: {ok}/{n}");
    }
    for m in &misses {
        eprintln!("miss: {m}");
    }
    let accuracy = right as f64 / total as f64;
    eprintln!(
        "held-out accuracy: {right}/{total} = {:.1}%",
        accuracy * 100.0
    );
    assert!(
        accuracy >= MIN_ACCURACY,
        "held-out accuracy {:.1}% < {:.0}%",
        accuracy * 100.0,
        MIN_ACCURACY * 100.0
    );
}
