//! The index in segments: documents are grouped into runs by their paths, each run is indexed
//! into its own segment (runs go to different cores), and a run whose inputs have not changed
//! since an earlier build is taken whole from the cache. Adding one document to a
//! 17,000-document archive then re-indexes one run, not the archive.
//!
//! A run ends after a document whose path hashes to a value with enough low zero bits, so where
//! runs end depends on each document's own path and not on its position in the list: a new
//! document changes its own run only. Few, large runs keep the browser fast: every keystroke
//! looks up its terms and opens their postings in each segment, so at 100,000 documents 69
//! segments of ≤ 4,096 documents searched 1.8× slower (natively, p50 18.8 ms) than the 21 they
//! make now (10.5 ms). The run length therefore grows with the archive, in powers of two (see
//! [`RunLength`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::documents::cache::Hash;
use crate::documents::catalogue::CatalogueRow;
use crate::documents::findings::{FileFindings, Finding};
use crate::documents::walk::Candidate;

/// A run ends after about one document in this many at least (a power of two).
const RUN_ODDS: u32 = 2048;
/// Runs are made about n / this long for an archive of n documents (17,407 documents make 16
/// segments, 100,000 make 21).
const SEGMENTS_AIMED_AT: usize = 16;
/// Past half of the longest run, a run ends after about one document in this many.
const LONG_RUN_ODDS: u32 = 64;

/// How long the runs of an archive are.
///
/// The odds are a power of two that changes only when the archive doubles in size, so adding a
/// document still changes its own run only; the one build that crosses such a size (about
/// 32,768 documents, 65,536, …) rebuilds every run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RunLength {
    /// A run ends after about one document in this many.
    odds: u32,
    /// No run is longer than this, so no core is left with most of the archive.
    max: usize,
}

impl RunLength {
    fn for_archive(documents: usize) -> RunLength {
        let aimed = (documents / SEGMENTS_AIMED_AT).max(1).next_power_of_two();
        let odds = u32::try_from(aimed)
            .unwrap_or(1 << 30)
            .clamp(RUN_ODDS, 1 << 30);
        RunLength {
            odds,
            max: 2 * odds as usize,
        }
    }
}
/// About how many documents go into one segment of an archive of `documents` (the run length
/// `build` aims at), for `khlang merge`, which cuts its segments by count.
pub fn segment_size(documents: usize) -> usize {
    RunLength::for_archive(documents).odds as usize
}

/// Bumped when what goes into a segment changes in a way the binary's hash does not show
/// (v2: outcomes carry candidate slips).
const KEY_FORMAT: &str = "segment v2";
/// The bundle file that holds a run's outcomes beside its segment files.
pub const OUTCOMES_FILE: &str = "outcomes.json";

/// One document as a run sees it.
pub struct Doc<'a> {
    pub candidate: &'a Candidate,
    /// Content hash; `None` when the file could not be read to hash it (it will fail again
    /// when extracted, with the reason).
    pub hash: Option<Hash>,
    /// Where its entry links: its own copy, or the first document with the same content.
    pub url: String,
    pub row: &'a CatalogueRow,
}

/// What became of one document of a run, in the build report's terms. Kept with the run's
/// segment, so a run from the cache reports exactly what it reported when it was built.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum Outcome {
    /// Published, with its findings and where the coverage matrix files it (fiscal year,
    /// category), if it has a fiscal year.
    Published {
        rel: String,
        findings: Vec<Finding>,
        filed: Option<(u32, String)>,
        /// Its candidate slips, each with whether it stood after a title
        /// (catalog::AnalyzedDoc::slip_candidates): judged once every run is in
        /// (crate::documents::slips).
        candidates: Vec<(String, bool)>,
    },
    /// Not published, and why (an error).
    Skipped { rel: String, finding: Finding },
}

impl Outcome {
    /// The document's findings for the report.
    pub fn report(&self) -> FileFindings {
        match self {
            Outcome::Published { rel, findings, .. } => FileFindings {
                path: rel.clone(),
                findings: findings.clone(),
            },
            Outcome::Skipped { rel, finding } => FileFindings {
                path: rel.clone(),
                findings: vec![finding.clone()],
            },
        }
    }
}

/// Splits `docs` (in path order) into runs.
pub fn runs<'a>(docs: Vec<Doc<'a>>) -> Vec<Vec<Doc<'a>>> {
    let length = RunLength::for_archive(docs.len());
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for doc in docs {
        let h = path_hash(&doc.candidate.rel);
        run.push(doc);
        // A long run ends at a commoner mark, still chosen by path, so that the longest run
        // (which does depend on position) is almost never what ends a run.
        let ends = h.is_multiple_of(length.odds)
            || (run.len() >= length.max / 2 && h.is_multiple_of(LONG_RUN_ODDS));
        if ends || run.len() >= length.max {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() || runs.is_empty() {
        runs.push(run);
    }
    runs
}

fn path_hash(rel: &str) -> u32 {
    let h = Sha256::digest(rel.as_bytes());
    u32::from_le_bytes([h[0], h[1], h[2], h[3]])
}

/// The cache key of a run: everything that decides its segment and outcomes. `salt` stands for
/// the program, the extraction options and the build options that apply to every document.
pub fn key(salt: &[u8], run: &[Doc<'_>]) -> String {
    let mut h = Sha256::new();
    h.update(KEY_FORMAT.as_bytes());
    h.update(salt);
    for doc in run {
        let c = doc.candidate;
        // Debug of the row is stable for one binary, and the binary is part of the salt.
        let fields = format!(
            "{:?}\u{0}{:?}\u{0}{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{1}",
            c.rel, c.site, c.size, doc.url, doc.hash, doc.row
        );
        h.update(fields.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The segment id of a run: from its key, so the files are named after what is in them.
pub fn segment_id(key: &str) -> String {
    key.chars().take(32).collect()
}

/// Files by name.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Stores a run's segment files and outcomes in the cache as one bundle; a cache that cannot
/// take it is noted by the cache itself.
pub fn put_bundle(
    cache: &crate::documents::cache::Cache,
    key: &str,
    files: &Files,
    outcomes: &[Outcome],
) -> serde_json::Result<()> {
    let outcomes = serde_json::to_vec(outcomes)?;
    let mut entries: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    entries.push((OUTCOMES_FILE, &outcomes));
    cache.put_bundle(key, &entries);
    Ok(())
}

/// A bundle from the cache taken apart again; `None` if it is not one.
pub fn unbundle(mut files: Files) -> Option<(Files, Vec<Outcome>)> {
    let outcomes = serde_json::from_slice(&files.remove(OUTCOMES_FILE)?).ok()?;
    Some((files, outcomes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(rel: String) -> Candidate {
        Candidate {
            path: rel.clone().into(),
            site: format!("docs/{rel}"),
            rel,
            size: 1,
        }
    }

    fn run_lengths(candidates: &[Candidate], row: &CatalogueRow) -> Vec<Vec<String>> {
        let docs = candidates
            .iter()
            .map(|c| Doc {
                candidate: c,
                hash: None,
                url: c.site.clone(),
                row,
            })
            .collect();
        runs(docs)
            .into_iter()
            .map(|r| r.iter().map(|d| d.candidate.rel.clone()).collect())
            .collect()
    }

    #[test]
    fn a_new_document_changes_its_own_run_only() {
        let row = CatalogueRow::default();
        let mut names: Vec<String> = (0..20_000).map(|i| format!("{i:05}.txt")).collect();
        names.sort();
        let before: Vec<Candidate> = names.iter().cloned().map(candidate).collect();
        let old = run_lengths(&before, &row);
        assert!(old.len() > 4, "20,000 documents make several runs");
        assert!(old
            .iter()
            .all(|r| r.len() <= RunLength::for_archive(20_000).max));
        names.push("10000-new.txt".into());
        names.sort();
        let after: Vec<Candidate> = names.iter().cloned().map(candidate).collect();
        let new = run_lengths(&after, &row);
        let changed = new.iter().filter(|r| !old.contains(r)).count();
        assert!(changed <= 2, "{changed} runs changed");
        assert_eq!(run_lengths(&[], &row), vec![Vec::<String>::new()]);
    }

    #[test]
    fn runs_grow_with_the_archive_in_powers_of_two() {
        let cases = [
            (0, 2048),
            (17_407, 2048),
            (32_783, 2048),
            (32_784, 4096),
            (100_000, 8192),
            (131_087, 8192),
            (131_088, 16_384),
        ];
        for (documents, odds) in cases {
            let length = RunLength::for_archive(documents);
            assert_eq!(
                length,
                RunLength {
                    odds,
                    max: 2 * odds as usize
                },
                "{documents}"
            );
        }
    }
}
