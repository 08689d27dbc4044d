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
use catalog::spelling::{Miner, Spellings, Variant};
use rayon::prelude::*;

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

/// The slips confirmed, for staff's notes, and of them those worth offering to readers.
pub struct Confirmed {
    /// Slips whose letters are not mostly other words': each is noted where it stands.
    pub slips: Spellings,
    /// Of those, the ones that add documents to their word: the archive's table.
    pub offered: Spellings,
}

/// Confirms the mined pairs. Not a slip whose letters more than [`SPREAD`] times its own
/// documents hold (and a few more): those are the letters of other words side by side — และบ
/// of และบริการ, อย่างยั่ง of อย่างยั่งยืน — and including one would flood a query with them. Not
/// offered, though still noted, a slip that adds no document to its word: every document that
/// writes เป้น writes เป็น too, and asking about it on every keystroke of every query holding
/// เป็น costs time for nothing — while the slip itself is still the agency's to correct.
/// `count` gives, for a pair, the documents holding the slip's letters and those holding them
/// and not the word's, as a query finds them. The pairs are counted on all cores: a search or
/// two each, hundreds of pairs.
pub fn confirmed(
    spellings: Spellings,
    count: impl Fn(&Variant) -> Result<(u64, u64)> + Sync,
) -> Result<Confirmed> {
    let judged: Vec<Option<(Variant, bool)>> = spellings
        .pairs()
        .par_iter()
        .map(|v| {
            let (holding, gained) = count(v)?;
            let slip = holding <= SPREAD * u64::from(v.slip_docs) + SPREAD;
            Ok(slip.then(|| (v.clone(), gained > 0)))
        })
        .collect::<Result<_>>()?;
    let judged: Vec<(Variant, bool)> = judged.into_iter().flatten().collect();
    Ok(Confirmed {
        offered: Spellings::new(
            judged
                .iter()
                .filter(|(_, adds)| *adds)
                .map(|(v, _)| v.clone())
                .collect(),
        ),
        slips: Spellings::new(judged.into_iter().map(|(v, _)| v).collect()),
    })
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
