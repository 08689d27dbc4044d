//! Stage 4, index: the documents in runs (crate::stages::segments), each run extracted,
//! described and indexed into a tantivy segment of its own on a core of its own — or taken
//! whole from the cache when its inputs have not changed — then the segments composed into one
//! index.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use catalog::analysis::Analyzer;
use catalog::{AnalyzedDoc, IndexBuilder};
use rayon::prelude::*;

use super::describe::describe;
use super::extract::{extract, Against};
use super::segments::{self, Doc, Outcome};
use crate::documents::cache::Cache;
use crate::documents::findings::FileFindings;
use crate::documents::progress::Progress;
use crate::documents::walk::Candidate;

/// Documents handled per parallel batch: enough to keep both cores busy, few enough that the
/// tokens of one batch stay small in memory.
const CHUNK: usize = 64;

/// What the index stage needs besides the documents.
pub struct Inputs<'a> {
    /// What decides every run's segment besides its documents, for the cache's key
    /// ([`salt`]), and the same without the program's own bytes, for the segment's name.
    pub salt: Vec<u8>,
    pub id_salt: Vec<u8>,
    pub analyzer: &'a Analyzer,
    pub options: &'a extract::Options,
    pub against: Against<'a>,
    pub cache: &'a Cache,
    pub progress: &'a Progress,
}

/// The index, and what became of every document.
pub struct Indexed<'a> {
    /// The index files, segments composed.
    pub files: BTreeMap<String, Vec<u8>>,
    pub published: usize,
    /// Documents not published.
    pub skipped: usize,
    /// Every document's findings, published or not.
    pub findings: Vec<FileFindings>,
    /// Where the coverage matrix files each published document: (fiscal year, category).
    pub filed: Vec<(u32, String)>,
    /// Each published document's candidate slips, by path (crate::documents::slips).
    pub candidates: Vec<(String, Vec<(String, bool)>)>,
    /// The documents whose bytes go into the site, by site path, each with its content hash.
    /// A BTreeMap, so that when a copy's first document was skipped (say, a timeout) a
    /// published duplicate still fills its place.
    pub copies: BTreeMap<String, (&'a Candidate, crate::documents::cache::Hash)>,
    /// (runs, documents) taken whole from the cache, and the number of runs.
    pub reused: (usize, usize),
    pub runs: usize,
}

/// Indexes `docs` (in path order); `targets` says where each published document's bytes go.
pub fn index<'a>(
    docs: Vec<Doc<'a>>,
    targets: &std::collections::HashMap<
        &'a str,
        (String, &'a Candidate, crate::documents::cache::Hash),
    >,
    inputs: &Inputs<'_>,
) -> Result<Indexed<'a>> {
    let runs = segments::runs(docs);
    let run_count = runs.len();
    let built: Vec<Result<RunResult>> = runs
        .into_par_iter()
        .with_max_len(1)
        .map(|run| index_run(&run, inputs))
        .collect();
    inputs.progress.done();
    let mut indexed = Indexed {
        files: BTreeMap::new(),
        published: 0,
        skipped: 0,
        findings: Vec::new(),
        filed: Vec::new(),
        candidates: Vec::new(),
        copies: BTreeMap::new(),
        reused: (0, 0),
        runs: run_count,
    };
    let mut segment_files = Vec::new();
    for run in built {
        let run = run?;
        for outcome in &run.outcomes {
            match outcome {
                Outcome::Published {
                    rel,
                    filed,
                    candidates,
                    ..
                } => {
                    indexed.published += 1;
                    indexed.filed.extend(filed.clone());
                    if !candidates.is_empty() {
                        indexed.candidates.push((rel.clone(), candidates.clone()));
                    }
                    if let Some((target, c, hash)) = targets.get(rel.as_str()) {
                        indexed.copies.entry(target.clone()).or_insert((*c, *hash));
                    }
                }
                Outcome::Skipped { .. } => indexed.skipped += 1,
            }
            indexed.findings.push(outcome.report());
        }
        if run.from_cache {
            indexed.reused.0 += 1;
            indexed.reused.1 += run.outcomes.len();
        }
        segment_files.push(run.files);
    }
    indexed.files = catalog::compose(segment_files).context("cannot put the index together")?;
    Ok(indexed)
}

/// What decides every run's segment besides its documents: `program` (the cache's salt, or for
/// the segment's name its settings alone: crate::documents::cache::Cache::settings), the size
/// limit, the as-of year (which years are possible) and the user dictionary.
pub fn salt(
    program: &[u8],
    options: &extract::Options,
    user_words: &[String],
    as_of_year: i32,
) -> Vec<u8> {
    let mut salt = program.to_vec();
    salt.extend(format!("max_file_bytes={}\u{0}", options.max_file_bytes).bytes());
    salt.extend(format!("as_of_year={as_of_year}\u{0}").bytes());
    for word in user_words {
        salt.extend(word.bytes());
        salt.push(0);
    }
    salt
}

/// One run's segment files and what became of its documents.
struct RunResult {
    files: BTreeMap<String, Vec<u8>>,
    outcomes: Vec<Outcome>,
    from_cache: bool,
}

/// Indexes one run of documents into its own segment, or takes it from the cache when the
/// same inputs were indexed before.
fn index_run(run: &[Doc<'_>], inputs: &Inputs<'_>) -> Result<RunResult> {
    let key = segments::key(&inputs.salt, run);
    if let Some((files, outcomes)) = inputs.cache.get_bundle(&key).and_then(segments::unbundle) {
        for doc in run {
            inputs.progress.finish(doc.candidate);
        }
        return Ok(RunResult {
            files,
            outcomes,
            from_cache: true,
        });
    }
    let mut index = IndexBuilder::new().context("cannot start the index")?;
    let mut outcomes = Vec::with_capacity(run.len());
    for chunk in run.chunks(CHUNK) {
        let analyzed: Vec<_> = chunk
            .par_iter()
            .map(|doc| {
                let c = doc.candidate;
                inputs.progress.start(c);
                let result =
                    extract(c, inputs.options, &inputs.against, inputs.cache).map(|(text, _)| {
                        let d = describe(c, text, doc.url.clone(), &inputs.against);
                        let analyzed = AnalyzedDoc::new(d.record, inputs.analyzer);
                        let candidates = analyzed.slip_candidates(inputs.analyzer);
                        (analyzed, d.findings, d.filed, candidates)
                    });
                inputs.progress.finish(c);
                (c, result)
            })
            .collect();
        for (c, result) in analyzed {
            match result {
                Ok((doc, findings, filed, candidates)) => {
                    index
                        .add(doc)
                        .context("cannot add a document to the index")?;
                    outcomes.push(Outcome::Published {
                        rel: c.rel.clone(),
                        findings,
                        filed,
                        candidates,
                    });
                }
                Err(finding) => outcomes.push(Outcome::Skipped {
                    rel: c.rel.clone(),
                    finding,
                }),
            }
        }
    }
    let id = segments::segment_id(&segments::key(&inputs.id_salt, run));
    let files = index
        .finish_segment(&id)
        .context("cannot finish the index")?;
    segments::put_bundle(inputs.cache, &key, &files, &outcomes)
        .context("cannot store the index segment in the cache")?;
    Ok(RunResult {
        files,
        outcomes,
        from_cache: false,
    })
}
