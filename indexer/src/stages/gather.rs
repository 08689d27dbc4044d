//! Stage 1, gather: the documents folder read whole before any document is opened — its files,
//! catalogue.csv, dictionary.txt, which documents are outside their publication window, and
//! each document's content hash, which decides the copies stored once.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use super::dedupe;
use super::segments;
use crate::documents::cache::Hash;
use crate::documents::catalogue::{self, Catalogue, CatalogueRow, CATALOGUE_FILE};
use crate::documents::report::Problem;
use crate::documents::walk::{self, Candidate};
use crate::documents::{dictionary, window};
use crate::site::{self, url_of};

/// The documents folder as the build will publish it.
pub struct Gathered {
    pub catalogue: Catalogue,
    /// The agency's own words (dictionary.txt), sorted.
    pub user_words: Vec<String>,
    /// The documents to publish, in path order.
    pub candidates: Vec<Candidate>,
    /// Documents outside their publication window, with the reason, for the report.
    pub withheld: Vec<Problem>,
    /// The documents among those whose window opens later: the coverage matrix counts them.
    pub waiting: Vec<Candidate>,
    /// Files skipped and catalogue rows ignored.
    pub problems: Vec<Problem>,
}

/// Reads the folder `docs`, skipping the folders in `skip` (the site and its staging folder,
/// when they lie inside it), as on the day `as_of`.
pub fn gather(docs: &Path, skip: &[PathBuf], as_of: NaiveDate) -> Gathered {
    let mut problems: Vec<Problem> = Vec::new();
    let catalogue = match catalogue::read(docs) {
        Ok(c) => c.unwrap_or_default(),
        Err(reason) => {
            problems.push(Problem::new(
                CATALOGUE_FILE.into(),
                format!("{reason}; building without it"),
            ));
            Default::default()
        }
    };
    for p in &catalogue.problems {
        problems.push(Problem::new(
            format!("{CATALOGUE_FILE} line {}", p.line),
            format!("{}: {} (row ignored)", p.file, p.reason),
        ));
    }
    let user_words = dictionary::read(docs, &mut problems);
    let (mut candidates, walk_problems) = walk::discover(docs, skip);
    problems.extend(walk_problems);
    let known: BTreeSet<&str> = candidates.iter().map(|c| c.rel.as_str()).collect();
    for file in catalogue.rows.keys() {
        if !known.contains(file.as_str()) {
            problems.push(Problem::new(
                CATALOGUE_FILE.into(),
                format!("names {file}, which is not in the documents folder (row ignored)"),
            ));
        }
    }
    let (withheld, waiting) = withhold_outside_window(&mut candidates, &catalogue.rows, as_of);
    Gathered {
        catalogue,
        user_words,
        candidates,
        withheld,
        waiting,
        problems,
    }
}

/// Where each document's entry links and where its bytes go in the site.
pub struct Placed<'a> {
    /// Every document, in path order, as the index stage takes it.
    pub docs: Vec<segments::Doc<'a>>,
    /// For each document whose bytes are published: the site path its copy goes to, and its
    /// content hash.
    pub targets: HashMap<&'a str, (String, &'a Candidate, Hash)>,
    /// "same content as …" lines for the report.
    pub notes: Vec<Problem>,
}

/// Hashes every document on all cores and decides which copies are stored once: documents with
/// the same content link to the first one's copy.
pub fn place<'a>(gathered: &'a Gathered, options: &extract::Options) -> Placed<'a> {
    let hashes: Vec<Option<Hash>> = gathered
        .candidates
        .par_iter()
        .map(|c| hash_candidate(c, options))
        .collect();
    let mut stored = dedupe::Stored::default();
    let mut placed = Placed {
        docs: Vec::new(),
        targets: HashMap::new(),
        notes: Vec::new(),
    };
    for (c, hash) in gathered.candidates.iter().zip(hashes) {
        let mut url = url_of(&c.site);
        if let Some(hash) = hash {
            let mut target = c.site.clone();
            if let dedupe::Placement::Same { site, rel } = stored.place(hash, &c.site, &c.rel) {
                url = url_of(&site);
                target = site;
                placed.notes.push(Problem::new(
                    c.rel.clone(),
                    format!("same content as {rel}: stored once, both entries link to it"),
                ));
            }
            placed.targets.insert(c.rel.as_str(), (target, c, hash));
        }
        let row = gathered
            .catalogue
            .rows
            .get(&c.rel)
            .unwrap_or(&CatalogueRow::EMPTY);
        placed.docs.push(segments::Doc {
            candidate: c,
            hash,
            url,
            row,
        });
    }
    placed
}

/// Hashes a document's content; `None` when it cannot (or need not) be read: too large, gone,
/// unreadable. Extraction then reports why.
fn hash_candidate(c: &Candidate, options: &extract::Options) -> Option<Hash> {
    if c.size > options.max_file_bytes || c.size > site::fat_name::MAX_FILE_BYTES {
        return None;
    }
    site::hash_file(&c.path).ok().map(|(_, hash)| hash)
}

/// Takes the documents outside their publication window out of `candidates` and returns them
/// with the reason, for the report, and those whose window opens later.
fn withhold_outside_window(
    candidates: &mut Vec<Candidate>,
    rows: &BTreeMap<String, CatalogueRow>,
    as_of: NaiveDate,
) -> (Vec<Problem>, Vec<Candidate>) {
    let mut withheld = Vec::new();
    let mut waiting = Vec::new();
    candidates.retain(|c| {
        let Some(window) = rows.get(&c.rel).map(|row| window::Window::of(row, as_of)) else {
            return true;
        };
        match window.describe() {
            Some(reason) => {
                withheld.push(Problem::new(c.rel.clone(), reason));
                if matches!(window, window::Window::NotYet(_)) {
                    waiting.push(c.clone());
                }
                false
            }
            None => true,
        }
    });
    (withheld, waiting)
}
