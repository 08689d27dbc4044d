//! What the integration tests share: the committed thaigov slice as documents.

use catalog::DocRecord;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/thaigov");

/// The committed thaigov slice (60 documents) in path order, titled by their first line.
pub fn thaigov_records() -> Vec<DocRecord> {
    let mut paths: Vec<_> = std::fs::read_dir(FIXTURES)
        .expect("fixture folder")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("UTF-8 fixture");
            let text = text.trim_start_matches('\u{feff}').to_string();
            DocRecord {
                facts: catalog::Facts {
                    path: p.file_name().unwrap().to_string_lossy().into_owned(),
                    title: text.lines().next().unwrap_or_default().to_string(),
                    date: chrono::NaiveDate::from_ymd_opt(2020, 1, (text.len() % 28) as u32 + 1),
                    ..catalog::Facts::default()
                },
                body: text,
            }
        })
        .collect()
}
