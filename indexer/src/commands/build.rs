//! `khlang build DOCS --out SITE`: documents in, a self-contained searchable site out.
//!
//! Files are discovered and sorted, then handled in chunks: extraction and analysis run on all
//! cores, the index is written in path order on one thread. That order, canonical segment names
//! and sorted manifests make the site a pure function of its input. Everything is written into a
//! staging folder that replaces SITE only at the very end.

pub(crate) mod catalogue;
mod dedupe;
mod kiosk;
pub(crate) mod progress;
pub(crate) mod record;
pub(crate) mod report;
mod segments;
mod swap;
pub(crate) mod walk;
pub(crate) mod window;

pub use record::url_of;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use catalog::analysis::Analyzer;
use catalog::archive::{self, DICTIONARY_FILE as ARCHIVE_DICTIONARY};
use catalog::{AnalyzedDoc, IndexBuilder};
use rayon::prelude::*;
use site::manifest::ManifestEntry;

use crate::cache::{self, Cache};
use crate::cli::BuildArgs;
use crate::site::SiteWriter;
use crate::{app_assets, site};
use catalogue::CATALOGUE_FILE;
use progress::Progress;
use report::{human_bytes, Problem};
use walk::DICTIONARY_FILE;

/// Documents handled per parallel batch: enough to keep both cores busy, few enough that the
/// tokens of one batch stay small in memory.
const CHUNK: usize = 64;

/// The generator string recorded in the archive and manifest.
pub fn generator() -> String {
    format!("khlang {}", env!("CARGO_PKG_VERSION"))
}

/// Runs `khlang build`.
pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let docs = docs_folder(&args.docs)?;
    kiosk::check(&args.kiosk)?;
    let out = absolute(&args.out)?;
    if docs.starts_with(&out) {
        bail!(
            "--out {} would replace the documents folder itself; choose a folder outside {}",
            out.display(),
            docs.display()
        );
    }

    // A bad key must fail before hours of extraction, not after.
    let signing_key = args
        .sign
        .as_deref()
        .map(|key| crate::keys::SecretKey::read(key, &[&docs, &out]))
        .transpose()?;

    let mut problems: Vec<Problem> = Vec::new();
    let catalogue = match catalogue::read(&docs) {
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
    let as_of = window::as_of(args.as_of.as_deref())?;
    let as_of_year = metadata::thai_date::be_year(as_of);
    let user_words = read_dictionary(&docs, &mut problems);
    let analyzer = Analyzer::new(&user_words);

    let staging = swap::Staging::begin(&out)?;
    let skip = [out.clone(), staging.path().to_path_buf()];
    let (mut candidates, walk_problems) = walk::discover(&docs, &skip);
    problems.extend(walk_problems);
    let known: std::collections::BTreeSet<&str> =
        candidates.iter().map(|c| c.rel.as_str()).collect();
    for file in catalogue.rows.keys() {
        if !known.contains(file.as_str()) {
            problems.push(Problem::new(
                CATALOGUE_FILE.into(),
                format!("names {file}, which is not in the documents folder (row ignored)"),
            ));
        }
    }
    let withheld = withhold_outside_window(&mut candidates, &catalogue.rows, as_of);

    let options = extract::Options {
        max_file_bytes: args.max_file_size.saturating_mul(1 << 20),
        pdf_timeout: std::time::Duration::from_secs(args.pdf_timeout),
        ocr: !args.no_ocr,
        ..extract::Options::default()
    };
    let cache = Cache::open(&args.cache.location(), &options);
    let progress = Progress::new(&candidates);
    let mut site = SiteWriter::new(staging.path(), &generator())?;

    // Content hashes first: they decide which documents are stored once, and they are part of
    // each run's cache key.
    let hashes: Vec<Option<cache::Hash>> = candidates
        .par_iter()
        .map(|c| hash_candidate(c, &options))
        .collect();
    let no_row = catalogue::CatalogueRow::default();
    let mut stored = dedupe::Stored::default();
    let mut notes = Vec::new();
    // For each document that gets published: the site path its entry links to, and its bytes.
    let mut targets = std::collections::HashMap::new();
    let mut docs = Vec::new();
    for (c, hash) in candidates.iter().zip(hashes) {
        let mut url = url_of(&c.site);
        if let Some(hash) = hash {
            let mut target = c.site.clone();
            if let dedupe::Placement::Same { site, rel } = stored.place(hash, &c.site, &c.rel) {
                url = url_of(&site);
                target = site;
                notes.push(Problem::new(
                    c.rel.clone(),
                    format!("same content as {rel}: stored once, both entries link to it"),
                ));
            }
            targets.insert(c.rel.as_str(), (target, c, hash));
        }
        let row = catalogue.rows.get(&c.rel).unwrap_or(&no_row);
        docs.push(segments::Doc {
            candidate: c,
            hash,
            url,
            row,
        });
    }

    let salt = build_salt(&cache, &options, &user_words, as_of_year);
    let against = record::Against {
        rows: &catalogue.rows,
        as_of_year,
    };
    let runs = segments::runs(docs);
    let run_count = runs.len();
    let built: Vec<Result<RunResult>> = runs
        .into_par_iter()
        .with_max_len(1)
        .map(|run| {
            index_run(
                &run, &salt, &analyzer, &options, &against, &cache, &progress,
            )
        })
        .collect();
    progress.done();
    let mut segment_files = Vec::new();
    let mut published = 0usize;
    let mut reused = (0usize, 0usize);
    // Site path → the document whose bytes go there. A BTreeMap, so that when a copy's first
    // document was skipped (say, a timeout) a published duplicate still fills its place.
    let mut copies = std::collections::BTreeMap::new();
    for run in built {
        let run = run?;
        for outcome in &run.outcomes {
            let (skipped, noted) = outcome.report();
            match skipped {
                Some(p) => problems.push(p),
                None => published += 1,
            }
            if let segments::Outcome::Published { rel, .. } = outcome {
                if let Some((target, c, hash)) = targets.get(rel.as_str()) {
                    copies.entry(target.clone()).or_insert((*c, *hash));
                }
            }
            notes.extend(noted);
        }
        if run.from_cache {
            reused.0 += 1;
            reused.1 += run.outcomes.len();
        }
        segment_files.push(run.files);
    }
    // The published copies: read from DOCS (or linked from the previous site) on all cores,
    // recorded in the manifest in path order.
    let copies: Vec<_> = copies.into_iter().collect();
    let copied: Vec<Result<ManifestEntry>> = copies
        .par_iter()
        .map(|(target, (c, hash))| site.copy(target, &c.path, hash, &out))
        .collect();
    for entry in copied {
        site.record(entry?);
    }

    let mut files = catalog::compose(segment_files).context("cannot put the index together")?;
    if !user_words.is_empty() {
        files.insert(
            ARCHIVE_DICTIONARY.to_string(),
            user_words.join("\n").into_bytes(),
        );
    }
    // The web app is built without the built-in dictionary and reads it from here.
    if let Some(words) = catalog::analysis::embedded_builtin() {
        files.insert(archive::WORDS_FILE.to_string(), words.to_vec());
    }
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| "คลังเอกสารเผยแพร่".to_string());
    // The parts are encoded and written on all cores, each as soon as it is made (see
    // archive::Packing); the table of contents, which names them all, last.
    let packing = archive::Packing::plan(files).context("cannot pack the index into the site")?;
    let parts: Vec<_> = packing.parts().collect();
    let written: Vec<Result<(archive::PartInfo, ManifestEntry)>> = parts
        .par_iter()
        .map(|part| {
            let (info, script) = part.encode();
            let entry = site.put(&info.path, &script)?;
            Ok((info, entry))
        })
        .collect();
    let mut infos = Vec::with_capacity(written.len());
    for part in written {
        let (info, entry) = part?;
        infos.push(info);
        site.record(entry);
    }
    let (toc_path, toc) = packing
        .toc(&title, published as u64, &generator(), infos)
        .context("cannot pack the index into the site")?;
    site.write(&toc_path, &toc)?;
    // The index files are most of the build's memory; the swap and cache pruning need none.
    drop(parts);
    drop(packing);
    let kiosk_settings = kiosk::settings(&args.kiosk, &toc)?;
    app_assets::write(&mut site, &title, &kiosk_settings)?;
    let manifest = site.finish()?;
    site::seal::write(staging.path(), &title, &generator(), signing_key.as_ref())?;
    if args.strict && !problems.is_empty() {
        // A strict build with problems has failed: the previous site stays as it was.
        print_problems(&problems, &notes);
        eprintln!(
            "\n--strict: {} problem(s); {} was left unchanged",
            problems.len(),
            out.display()
        );
        return Ok(ExitCode::from(1));
    }
    staging.commit()?;
    cache.prune();
    print_problems(&problems, &notes);
    print_cache(&cache, reused, run_count);
    print_withheld(&withheld, as_of);
    print_summary(
        &out,
        published,
        problems.len(),
        manifest.total_bytes(),
        started,
    );
    Ok(ExitCode::SUCCESS)
}

/// One run's segment files and what became of its documents.
struct RunResult {
    files: std::collections::BTreeMap<String, Vec<u8>>,
    outcomes: Vec<segments::Outcome>,
    from_cache: bool,
}

/// Indexes one run of documents into its own segment, or takes it from the cache when the
/// same inputs were indexed before.
fn index_run(
    run: &[segments::Doc<'_>],
    salt: &[u8],
    analyzer: &Analyzer,
    options: &extract::Options,
    against: &record::Against<'_>,
    cache: &Cache,
    progress: &Progress,
) -> Result<RunResult> {
    let key = segments::key(salt, run);
    if let Some((files, outcomes)) = cache.get_bundle(&key).and_then(segments::unbundle) {
        for doc in run {
            progress.finish(doc.candidate);
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
                progress.start(c);
                let result =
                    record::prepare(c, options, against, cache).map(|(mut rec, notes, _)| {
                        rec.url = doc.url.clone();
                        (AnalyzedDoc::new(rec, analyzer), notes)
                    });
                progress.finish(c);
                (c, result)
            })
            .collect();
        for (c, result) in analyzed {
            match result {
                Ok((doc, notes)) => {
                    index
                        .add(doc)
                        .context("cannot add a document to the index")?;
                    outcomes.push(segments::Outcome::Published {
                        rel: c.rel.clone(),
                        notes,
                    });
                }
                Err(problem) => outcomes.push(segments::Outcome::Skipped {
                    rel: problem.file,
                    reason: problem.reason,
                }),
            }
        }
    }
    let files = index
        .finish_segment(&segments::segment_id(&key))
        .context("cannot finish the index")?;
    segments::put_bundle(cache, &key, &files, &outcomes)
        .context("cannot store the index segment in the cache")?;
    Ok(RunResult {
        files,
        outcomes,
        from_cache: false,
    })
}

/// Hashes a document's content; `None` when it cannot (or need not) be read: too large, gone,
/// unreadable. Extraction then reports why.
fn hash_candidate(c: &walk::Candidate, options: &extract::Options) -> Option<cache::Hash> {
    if c.size > options.max_file_bytes || c.size > site::fat_name::MAX_FILE_BYTES {
        return None;
    }
    site::hash_file(&c.path).ok().map(|(_, hash)| hash)
}

/// What decides every run's segment besides its documents: the program and extraction options
/// (the cache's salt), the size limit, the as-of year (which years are possible) and the user
/// dictionary.
fn build_salt(
    cache: &Cache,
    options: &extract::Options,
    user_words: &[String],
    as_of_year: i32,
) -> Vec<u8> {
    let mut salt = cache.salt().to_vec();
    salt.extend(format!("max_file_bytes={}\u{0}", options.max_file_bytes).bytes());
    salt.extend(format!("as_of_year={as_of_year}\u{0}").bytes());
    for word in user_words {
        salt.extend(word.bytes());
        salt.push(0);
    }
    salt
}

/// Takes the documents outside their publication window out of `candidates` and returns them
/// with the reason, for the report.
fn withhold_outside_window(
    candidates: &mut Vec<walk::Candidate>,
    rows: &std::collections::BTreeMap<String, catalogue::CatalogueRow>,
    as_of: chrono::NaiveDate,
) -> Vec<Problem> {
    let mut withheld = Vec::new();
    candidates.retain(|c| {
        let reason = rows
            .get(&c.rel)
            .and_then(|row| window::Window::of(row, as_of).describe());
        match reason {
            Some(reason) => {
                withheld.push(Problem::new(c.rel.clone(), reason));
                false
            }
            None => true,
        }
    });
    withheld
}

fn print_withheld(withheld: &[Problem], as_of: chrono::NaiveDate) {
    if !withheld.is_empty() {
        eprintln!(
            "\nNot published on {as_of}, as catalogue.csv asks ({}):",
            withheld.len()
        );
        for w in withheld {
            eprintln!("  {w}");
        }
    }
}

/// The words of `DOCS/dictionary.txt`, one a line; `#` starts a comment.
fn read_dictionary(docs: &Path, problems: &mut Vec<Problem>) -> Vec<String> {
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

/// The documents folder given on the command line, resolved; an error a person can act on when
/// it is missing or is a file.
pub(crate) fn docs_folder(given: &Path) -> Result<PathBuf> {
    let docs = given
        .canonicalize()
        .with_context(|| format!("documents folder {} not found", given.display()))?;
    if !docs.is_dir() {
        bail!(
            "{} is not a folder: give the folder that holds the documents",
            docs.display()
        );
    }
    Ok(docs)
}

/// `path` made absolute against the current folder, without resolving links (unlike canonicalize).
pub fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()
        .context("cannot tell the current folder")?
        .join(path))
}

fn print_problems(problems: &[Problem], notes: &[Problem]) {
    if !problems.is_empty() {
        eprintln!("\nSkipped or ignored ({}):", problems.len());
        for p in problems {
            eprintln!("  {p}");
        }
    }
    if !notes.is_empty() {
        eprintln!("\nPublished with notes ({}):", notes.len());
        for n in notes {
            eprintln!("  {n}");
        }
    }
}

/// One line on what the cache saved, so staff can see why a rebuild was quick (or why it was
/// not). `reused` is (index segments, documents) taken whole from the cache.
fn print_cache(cache: &Cache, reused: (usize, usize), runs: usize) {
    let (hits, misses) = cache.counts();
    let hits = hits + reused.1;
    match (cache.dir(), cache.trouble()) {
        (_, Some(trouble)) => eprintln!(
            "\nExtraction cache not fully used ({trouble}): the site is complete, the next build \
             may be slower; choose another folder with --cache DIR"
        ),
        (Some(dir), None) => eprintln!(
            "\nExtracted {misses} document(s), {hits} unchanged from the cache ({}); \
             index segments rebuilt: {} of {runs}",
            dir.display(),
            runs - reused.0
        ),
        (None, None) => {}
    }
}

fn print_summary(out: &Path, documents: usize, skipped: usize, site_bytes: u64, started: Instant) {
    let index_html = out.join("index.html");
    eprintln!(
        "\nBuilt {}: {} documents, {} skipped, site {} in {:.1} s",
        out.display(),
        documents,
        skipped,
        human_bytes(site_bytes),
        started.elapsed().as_secs_f64()
    );
    eprintln!("  open:  file://{}", site::file_url_path(&index_html));
    eprintln!("  serve: khlang serve {}", out.display());
}
