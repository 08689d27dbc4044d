//! The agency's own words: `DOCS/dictionary.txt`, one word a line, added to the built-in
//! dictionary so names of places and projects are segmented as words.

use std::path::Path;

use super::report::Problem;

/// The user dictionary inside the documents folder (one word a line).
pub const DICTIONARY_FILE: &str = "dictionary.txt";

/// The words of `DOCS/dictionary.txt`, sorted and without repeats; `#` starts a comment. A file
/// that cannot be read is a problem for the report, and the build goes on without it.
pub fn read(docs: &Path, problems: &mut Vec<Problem>) -> Vec<String> {
    let path = docs.join(DICTIONARY_FILE);
    if !path.is_file() {
        return Vec::new();
    }
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let mut words: Vec<String> = text
                .trim_start_matches('\u{feff}')
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            words.sort();
            words.dedup();
            words
        }
        Err(e) => {
            problems.push(Problem::new(
                DICTIONARY_FILE.into(),
                format!("cannot read it: {e}"),
            ));
            Vec::new()
        }
    }
}
