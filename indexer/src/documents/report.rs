//! What a build tells the person who ran it: problems per file, and a summary.

use std::fmt;

/// A file that was skipped or a catalogue row that was rejected, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the documents folder (or `catalogue.csv line N`).
    pub file: String,
    pub reason: String,
}

impl Problem {
    pub fn new(file: String, reason: String) -> Problem {
        Problem { file, reason }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

/// The columns a terminal gives `s`: Thai combining marks (above and below the line) take none.
pub fn columns(s: &str) -> usize {
    s.chars().filter(|&c| !thai::is_mark(c)).count()
}

/// Human-readable byte count.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
