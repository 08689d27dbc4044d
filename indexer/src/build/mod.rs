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
mod swap;
pub(crate) mod walk;
mod window;

pub use record::url_of;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use catalog::analysis::Analyzer;
use catalog::archive::{self, DICTIONARY_FILE as ARCHIVE_DICTIONARY};
use catalog::{AnalyzedDoc, IndexBuilder};
use rayon::prelude::*;

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
    let as_of = match &args.as_of {
        Some(text) => catalogue::parse_date(text).with_context(|| {
            format!("--as-of {text:?} is not a date: write it as 2026-11-23 or 23/11/2569")
        })?,
        None => chrono::Local::now().date_naive(),
    };
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
    let progress = Progress::new(&candidates);
    let mut index = IndexBuilder::new(&analyzer).context("cannot start the index")?;
    let mut site = SiteWriter::new(staging.path(), &generator())?;
    let mut published = Vec::new();
    let mut notes = Vec::new();
    let mut stored = dedupe::Stored::default();
    for chunk in candidates.chunks(CHUNK) {
        let prepared: Vec<_> = chunk
            .par_iter()
            .map(|c| {
                progress.start(c);
                let result = record::prepare(c, &options, &catalogue.rows).and_then(|r| {
                    let hash = dedupe::hash_file(&c.path)
                        .map_err(|e| Problem::new(c.rel.clone(), format!("cannot read: {e}")))?;
                    Ok((r, hash))
                });
                progress.finish(c);
                (c, result)
            })
            .collect();
        // Which copy each document links to is settled in path order, so it is deterministic.
        let mut placed = Vec::new();
        for (candidate, result) in prepared {
            match result {
                Ok(((mut rec, mut doc_notes), hash)) => {
                    let placement = stored.place(hash, &candidate.site, &candidate.rel);
                    if let dedupe::Placement::Same { site, rel } = &placement {
                        rec.url = url_of(site);
                        doc_notes.push(format!(
                            "same content as {rel}: stored once, both entries link to it"
                        ));
                    }
                    placed.push((candidate, rec, doc_notes, placement));
                }
                Err(problem) => problems.push(problem),
            }
        }
        let analyzed: Vec<_> = placed
            .into_par_iter()
            .map(|(c, rec, doc_notes, placement)| {
                (c, AnalyzedDoc::new(rec, &analyzer), doc_notes, placement)
            })
            .collect();
        for (candidate, doc, doc_notes, placement) in analyzed {
            index
                .add(doc)
                .context("cannot add a document to the index")?;
            if placement == dedupe::Placement::New {
                site.copy(&candidate.site, &candidate.path)?;
            }
            notes.extend(
                doc_notes
                    .into_iter()
                    .map(|n| Problem::new(candidate.rel.clone(), n)),
            );
            published.push(candidate.rel.clone());
        }
    }
    progress.done();

    let mut files = index.finish().context("cannot finish the index")?;
    if !user_words.is_empty() {
        files.insert(
            ARCHIVE_DICTIONARY.to_string(),
            user_words.join("\n").into_bytes(),
        );
    }
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| "คลังเอกสารเผยแพร่".to_string());
    let archive_files = archive::pack(&title, published.len() as u64, &generator(), &files);
    let kiosk_settings = kiosk::settings(&args.kiosk, &archive_files)?;
    for (path, bytes) in archive_files {
        site.write(&path, &bytes)?;
    }
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
    print_problems(&problems, &notes);
    print_withheld(&withheld, as_of);
    print_summary(
        &out,
        published.len(),
        problems.len(),
        manifest.total_bytes(),
        started,
    );
    Ok(ExitCode::SUCCESS)
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
