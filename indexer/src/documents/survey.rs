//! Reading every document in DOCS the way `build` does (same discovery, same extraction, same
//! metadata), for the commands that report on documents rather than publish them.

use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;

use super::cache::{Cache, Location, Text};
use super::catalogue::{self, Catalogue, CatalogueRow, CATALOGUE_FILE};
use super::progress::Progress;
use super::report::Problem;
use super::walk::{self, Candidate};

/// What a survey found.
pub struct Survey<T> {
    /// catalogue.csv as `build` reads it (empty when there is none).
    pub catalogue: Catalogue,
    /// Every document, in path order, with what `inspect` made of it or why it cannot be read.
    pub documents: Vec<(Candidate, Result<T, String>)>,
    /// Files that are not documents khlang can read (unsupported type, symbolic link…).
    pub skipped: Vec<Problem>,
}

/// Discovers and extracts every document in `docs` on all cores and hands each, with its
/// catalogue row (empty when it has none), to `inspect`.
///
/// An unreadable catalogue.csv is an error: reporting or rewriting without it would mislead.
pub fn survey<T, F>(
    docs: &Path,
    options: &extract::Options,
    cache: &Location,
    inspect: F,
) -> Result<Survey<T>>
where
    T: Send,
    F: Fn(&Candidate, &Text, &CatalogueRow) -> T + Sync,
{
    let docs = super::folder::docs_folder(docs)?;
    let catalogue = catalogue::read(&docs)
        .map_err(|reason| anyhow::anyhow!("{}: {reason}", docs.join(CATALOGUE_FILE).display()))?
        .unwrap_or_default();
    let (candidates, skipped) = walk::discover(&docs, &[]);
    // Shared with `build`: a check before a build warms the build, and the other way round.
    let cache = Cache::open(cache, options);
    let progress = Progress::new(&candidates);
    let documents = candidates
        .into_par_iter()
        .map(|c| {
            progress.start(&c);
            let row = catalogue.rows.get(&c.rel).unwrap_or(&CatalogueRow::EMPTY);
            let result = cache
                .extract(&c.path, options)
                .map(|(_, text)| inspect(&c, &text, row));
            progress.finish(&c);
            (c, result)
        })
        .collect();
    progress.done();
    Ok(Survey {
        catalogue,
        documents,
        skipped,
    })
}
