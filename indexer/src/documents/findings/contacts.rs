//! An agency's contact lines, told apart across the folder.
//!
//! One text alone cannot always say whose a number is: a press officer's mobile printed under
//! every news release looks like any mobile. But a number or address printed in many of the
//! agency's own documents is one it publishes on purpose; a citizen's number is in one or two.
//! So a phone or e-mail finding whose value appears in [`PUBLISHED_IN`] documents or more is
//! dropped here, after every document has been read.

use std::collections::{HashMap, HashSet};

use super::{FileFindings, Kind};

/// In how many documents a phone or address must appear to count as a published contact line.
pub const PUBLISHED_IN: usize = 3;

/// Drops the phone and e-mail findings whose value appears in [`PUBLISHED_IN`] documents or
/// more, and clears every fingerprint (no report may carry one: a phone number's fingerprint
/// can be reversed by trying every number). Returns how many distinct values were taken as
/// published contact lines.
pub fn drop_published_lines(files: &mut [FileFindings]) -> usize {
    let mut documents: HashMap<u64, HashSet<usize>> = HashMap::new();
    for (i, file) in files.iter().enumerate() {
        for f in &file.findings {
            if let (Kind::Phone | Kind::Email, Some(print)) = (f.kind, f.fingerprint) {
                documents.entry(print).or_default().insert(i);
            }
        }
    }
    let published: HashSet<u64> = documents
        .into_iter()
        .filter(|(_, docs)| docs.len() >= PUBLISHED_IN)
        .map(|(print, _)| print)
        .collect();
    for file in files.iter_mut() {
        file.findings
            .retain(|f| !f.fingerprint.is_some_and(|p| published.contains(&p)));
        for f in &mut file.findings {
            f.fingerprint = None;
        }
    }
    published.len()
}

/// The report's line on the values [`drop_published_lines`] dropped, when it dropped any.
pub fn summary(dropped: usize) -> Option<String> {
    (dropped > 0).then(|| {
        format!(
            "{} phone number(s) or address(es) printed in {PUBLISHED_IN}+ documents taken as the \
             agency's published contact lines, not personal data",
            super::print::thousands(dropped)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::findings::personal_data;

    #[test]
    fn a_number_in_three_documents_is_a_published_line_and_in_two_is_not() {
        let press = "ผู้ประสานงาน ศรัญยู 091-771-2885";
        let private = "ผู้ร้อง นาย ข 081-234-5678";
        let mut files: Vec<FileFindings> = [press, press, "ข่าว 0917712885", private, private]
            .iter()
            .enumerate()
            .map(|(i, text)| FileFindings {
                path: format!("{i}.txt"),
                findings: personal_data(text),
            })
            .collect();
        assert_eq!(drop_published_lines(&mut files), 1);
        let left: Vec<usize> = files.iter().map(|f| f.findings.len()).collect();
        assert_eq!(
            left,
            [0, 0, 0, 1, 1],
            "the same number written two ways is one"
        );
        assert!(files
            .iter()
            .flat_map(|f| &f.findings)
            .all(|f| f.fingerprint.is_none()));
    }
}
