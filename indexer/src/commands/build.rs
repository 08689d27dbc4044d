//! `khlang build DOCS --out SITE`: documents in, a self-contained searchable site out.
//!
//! The build runs its stages (crate::stages: gather → extract → describe → index → write site
//! → seal) and tells the person what happened. Extraction and analysis run on all cores, the
//! index is written in path order; that order, segment names taken from the inputs and sorted
//! manifests make the site a pure function of its input. Everything is written into a staging
//! folder that replaces SITE only at the very end.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use catalog::analysis::Analyzer;
use catalog::archive;
use catalog::spelling::Lexicon;
use catalog::start::OwnedBytes;

use crate::cli::BuildArgs;
use crate::documents::cache::Cache;
use crate::documents::catalogue::CatalogueRow;
use crate::documents::coverage::Coverage;
use crate::documents::findings::{self, contacts, print::thousands, FileFindings, Finding, Kind};
use crate::documents::folder::{absolute, docs_folder};
use crate::documents::progress::Progress;
use crate::documents::report::{human_bytes, Problem};
use crate::documents::settle::settle;
use crate::documents::slips;
use crate::documents::window;
use crate::site::staging::Staging;
use crate::site::{self, generator, SiteWriter};
use crate::stages::extract::Against;
use crate::stages::{gather, index, kiosk, seal, staff, write_site};

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
    let as_of = window::as_of(args.as_of.as_deref())?;
    let as_of_year = metadata::thai_date::be_year(as_of);

    let staging = Staging::begin(&out)?;
    let gathered = gather::gather(&docs, &[out.clone(), staging.path().to_path_buf()], as_of);
    let analyzer = Analyzer::new(&gathered.user_words);
    let options = extract::Options {
        max_file_bytes: args.max_file_size.saturating_mul(1 << 20),
        pdf_timeout: std::time::Duration::from_secs(args.pdf_timeout),
        ocr: !args.no_ocr,
        ..extract::Options::default()
    };
    let cache = Cache::open(&args.cache.location(), &options);
    let progress = Progress::new(&gathered.candidates);
    let site = SiteWriter::new(staging.path(), &generator())?;

    // Content hashes first: they decide which documents are stored once, and they are part of
    // each run's cache key.
    let placed = gather::place(&gathered, &options);
    let user_words = &gathered.user_words;
    let inputs = index::Inputs {
        salt: index::salt(cache.salt(), &options, user_words, as_of_year),
        id_salt: index::salt(cache.settings(), &options, user_words, as_of_year),
        analyzer: &analyzer,
        options: &options,
        against: Against {
            rows: &gathered.catalogue.rows,
            as_of_year,
        },
        cache: &cache,
        progress: &progress,
    };
    let indexed = index::index(placed.docs, &placed.targets, &inputs)?;
    let mut coverage = Coverage::default();
    for (year, category) in &indexed.filed {
        coverage.add(*year, category, false);
    }
    count_waiting(&mut coverage, &gathered.waiting, &inputs);
    // The archive's words and slips, read from the index before it is packed.
    let mut index_files = catalog::start::index_files(indexed.files);
    let words =
        catalog::start::index_words(&index_files).context("cannot read the index's words")?;
    let spellings = slips::mine(
        words.iter().cloned(),
        indexed.candidates.iter().map(|(_, c)| c.as_slice()),
    );
    let spellings = {
        let engine = catalog::start::engine(&index_files).context("cannot read the index")?;
        slips::confirmed(spellings, |v| Ok(engine.pair_counts(&v.word, &v.slip)?))?
    };
    index_files.insert(
        archive::LEXICON_FILE.to_string(),
        OwnedBytes::new(Lexicon::text(&words).into_bytes()),
    );
    index_files.insert(
        archive::SPELLINGS_FILE.to_string(),
        OwnedBytes::new(spellings.offered.text().into_bytes()),
    );
    let mut files = folder_findings(&gathered.problems, &placed.notes);
    files.extend(indexed.findings);
    slips::add_notes(&mut files, &spellings.slips, &indexed.candidates);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let contact_lines = contacts::drop_published_lines(&mut files);
    let [errors, warnings, _] = findings::count(&files);

    let title = args
        .title
        .clone()
        .unwrap_or_else(|| crate::site::DEFAULT_TITLE.to_string());
    let contents = write_site::Contents {
        index: index_files,
        user_words,
        title: &title,
        documents: indexed.published,
        kiosk: &args.kiosk,
        staff: staff::files(&title, &files, &coverage)
            .context("cannot write the staff area's coverage.csv")?,
    };
    let manifest = write_site::write_site(site, &indexed.copies, contents, &out)?;
    seal::seal(&staging, &title, signing_key.as_ref())?;
    if args.strict && errors + warnings > 0 {
        // A strict build with findings has failed: the previous site stays as it was.
        eprint!("\n{}", findings::print::render(&files, args.verbose));
        eprintln!(
            "\n--strict: {} error(s), {} warning(s); {} was left unchanged",
            thousands(errors),
            thousands(warnings),
            out.display()
        );
        return Ok(ExitCode::from(1));
    }
    seal::commit(staging)?;
    cache.prune();
    eprint!("\n{}", findings::print::render(&files, args.verbose));
    if let Some(line) = contacts::summary(contact_lines) {
        eprintln!("{line}");
    }
    print_cache(&cache, indexed.reused, indexed.runs);
    print_withheld(&gathered.withheld, as_of);
    // Files the walk left out count as skipped; catalogue.csv rows are not files.
    let left_out = gathered
        .problems
        .iter()
        .filter(|p| {
            !p.file
                .starts_with(crate::documents::catalogue::CATALOGUE_FILE)
        })
        .count();
    print_summary(
        &out,
        indexed.published,
        indexed.skipped + left_out,
        manifest.total_bytes(),
        started,
    );
    eprintln!(
        "  staff: {} (findings), coverage.html and coverage.csv (ITA coverage)",
        out.join(staff::FOLDER).join("index.html").display()
    );
    if errors > 0 {
        eprintln!(
            "\n{} error(s) above: the documents that have them need staff before they reach \
             citizens (exit status 1)",
            thousands(errors)
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The findings that are not about one document's text: files left out by the walk and
/// catalogue rows ignored (warnings), and documents stored once (notes).
fn folder_findings(problems: &[Problem], same: &[Problem]) -> Vec<FileFindings> {
    let mut files: Vec<FileFindings> = problems.iter().map(findings::left_out).collect();
    files.extend(same.iter().map(|p| FileFindings {
        path: p.file.clone(),
        findings: vec![Finding::with_detail(Kind::SameContent, p.reason.clone())],
    }));
    files
}

/// Counts the documents whose publication window opens later in the coverage matrix, marked as
/// waiting: their text is read (through the cache) only to file them.
fn count_waiting(
    coverage: &mut Coverage,
    waiting: &[crate::documents::walk::Candidate],
    inputs: &index::Inputs<'_>,
) {
    for c in waiting {
        let Ok((_, text)) = inputs.cache.extract(&c.path, inputs.options) else {
            continue;
        };
        let row = inputs
            .against
            .rows
            .get(&c.rel)
            .unwrap_or(&CatalogueRow::EMPTY);
        let settled = settle(&c.rel, &text, row, inputs.against.as_of_year);
        if let Some(year) = settled.facts.fiscal_year {
            coverage.add(year, settled.category(), true);
        }
    }
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
