//! Slips: the misspellings khlang finds in an agency's own documents, said to its staff.
//!
//! Once every document is read, a candidate spelling that is no dictionary word, a cheap
//! Thai-aware edit from a word more of the archive's documents use (catalog::spelling::Miner),
//! is a slip: ศรีษะ beside ศีรษะ. The archive carries the pairs so that readers are offered the
//! other spelling (catalog::archive::SPELLINGS_FILE); each document that holds a slip gets a
//! note naming it and the word expected, because the fix belongs in the agency's file. `build`
//! and `check` both call this, so they name the same slips.

use std::collections::HashMap;

use anyhow::Result;
use catalog::spelling::{Miner, Spellings};

use super::findings::{FileFindings, Finding, Kind};

/// The archive's slips, from the documents holding each dictionary word (`words`, the archive's
/// lexicon) and each document's candidate slips.
pub fn mine<'a>(
    words: impl IntoIterator<Item = (String, u32)>,
    documents: impl IntoIterator<Item = &'a [(String, bool)]>,
) -> Spellings {
    let mut miner = Miner::default().with_words(words);
    for candidates in documents {
        miner.add_candidates(candidates.iter().cloned());
    }
    Spellings::new(miner.variants())
}

/// The pairs whose slip the archive does not also hold as part of other text: a spelling whose
/// letters more than [`SPREAD`] times its own documents hold (and a few more) is the letters of
/// other words side by side — และบ of และบริการ, อย่างยั่ง of อย่างยั่งยืน — and including it would
/// flood a query with them. `holding` counts the documents holding a spelling's letters, as a
/// query for it finds them.
pub fn confirmed(
    spellings: Spellings,
    mut holding: impl FnMut(&str) -> Result<u64>,
) -> Result<Spellings> {
    let mut kept = Vec::new();
    for v in spellings.pairs() {
        if holding(&v.slip)? <= SPREAD * u64::from(v.slip_docs) + SPREAD {
            kept.push(v.clone());
        }
    }
    Ok(Spellings::new(kept))
}

/// How many times its own documents a slip's letters may stand in (see [`confirmed`]).
const SPREAD: u64 = 2;

/// The notes of one document's slips: each candidate the table holds, with the word expected.
/// A slip inside a longer one (ปฎิบัติ in การปฎิบัติ) is named once, the shorter: one fix.
pub fn notes(spellings: &Spellings, candidates: &[(String, bool)]) -> Vec<Finding> {
    let found: Vec<_> = candidates
        .iter()
        .filter_map(|(candidate, _)| spellings.word_of(candidate))
        .collect();
    found
        .iter()
        .filter(|v| {
            !found
                .iter()
                .any(|other| other.slip != v.slip && v.slip.contains(other.slip.as_str()))
        })
        .map(|v| {
            Finding::with_detail(
                Kind::Misspelling,
                format!(
                    "{slip} → {word}: คลังนี้สะกดว่า {word} {wd} เอกสาร, {slip} {sd} เอกสาร \
                     ควรแก้ในไฟล์ / {word} in {wd} documents, {slip} in {sd}: correct the file",
                    slip = v.slip,
                    word = v.word,
                    wd = v.word_docs,
                    sd = v.slip_docs,
                ),
            )
        })
        .collect()
}

/// Adds each document's slip notes to its findings in `files`.
pub fn add_notes(
    files: &mut [FileFindings],
    spellings: &Spellings,
    candidates: &[(String, Vec<(String, bool)>)],
) {
    if spellings.is_empty() {
        return;
    }
    let by_path: HashMap<&str, &[(String, bool)]> = candidates
        .iter()
        .map(|(path, c)| (path.as_str(), c.as_slice()))
        .collect();
    for file in files {
        if let Some(candidates) = by_path.get(file.path.as_str()) {
            file.findings.extend(notes(spellings, candidates));
        }
    }
}
