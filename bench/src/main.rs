//! `khlang-bench`: measurements, not tests. Each run goes to docs/benchmarks-log.md, and its
//! figures to the table of current figures in docs/BENCHMARKS.md.
//!
//! - `recall`: verbatim recall and ranking over the thaigov corpus (the Thai-analysis issue);
//! - `analyze`: analysis throughput, MB/s of Thai text on one thread;
//! - `browser`: build a site with the real `khlang`, open it in headless Chromium from file://
//!   and over http, and measure it at archive scale; Pagefind on the same corpus beside it;
//! - `search-memory`: the browser benchmark's typing, natively: time and memory per search;
//! - `profile-typing`: a CPU profile of that typing in Chromium, summed by function;
//! - `extract`: characters khlang gets wrong per kind of real file (bench/extract-matrix.sh);
//! - `cluster`: publish built sites into a real two-node OpenSearch cluster and measure publish,
//!   re-publish, the index's size and `khlang serve --opensearch` under concurrent load, with
//!   the merged archive searched in-process beside it;
//! - `derive`: write the larger corpus `browser --scale N` measures (six agencies' folders at
//!   100,000), to build sites from;
//! - `near-misses`: slips of common words searched in a built site: is the word meant offered;
//! - `variants`: the spelling slips mined from a corpus, with the documents only they reach;
//! - `spellings`: the other spellings a built site offers for its mined pairs, and their cost;
//! - `wasm-script`: the script that carries an app's wasm in a site (for bench/names.sh).

mod browser;
mod cluster;
mod corpus;
mod counting_server;
mod derive;
mod extract_matrix;
mod load;
mod near_misses;
mod pagefind;
mod profile;
mod search_memory;
mod site;
mod space;
mod spellings;
mod stats;
mod variants;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use catalog::analysis::Analyzer;
use catalog::archive::unpack;
use catalog::recall::{draw_spans, evaluate};
use catalog::start::pack;
use catalog::{AnalyzedDoc, DocRecord, Engine, IndexBuilder};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

#[global_allocator]
static ALLOC: search_memory::Counting = search_memory::Counting;

#[derive(Parser)]
#[command(name = "khlang-bench", about = "khlang's benchmarks and evaluations")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Draw spans from corpus documents, search them, report how often the source is found / first.
    Recall {
        /// The corpus archive (.tar.xz) or an extracted folder.
        #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
        corpus: PathBuf,
        #[arg(long, default_value_t = 1000)]
        spans: usize,
        #[arg(long, default_value_t = 20261122)]
        seed: u64,
    },
    /// Slips of common words searched in a built site: is the word meant offered.
    NearMisses {
        #[arg(long)]
        site: PathBuf,
    },
    /// The other spellings a built site offers for the pairs its build mined (issue 32).
    Spellings {
        #[arg(long)]
        site: PathBuf,
        /// Only pairs whose slip is in at least this many documents.
        #[arg(long, default_value_t = 2)]
        min_docs: u32,
        /// The same corpus built before other spellings: the same words typed there, timed.
        #[arg(long)]
        before: Option<PathBuf>,
    },
    /// The spelling slips a corpus holds (catalog::spelling::Miner), as TSV, most documents first.
    Variants {
        #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
        corpus: PathBuf,
        /// How many pairs to print.
        #[arg(long, default_value_t = 200)]
        top: usize,
    },
    /// Analysis throughput (words + grams), one thread.
    Analyze {
        #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
        corpus: PathBuf,
        /// How many MB of text to analyze.
        #[arg(long, default_value_t = 50)]
        mb: usize,
        /// Also time ICU4X's dictionary segmenter and nlpO3 (newmm) on the same text
        /// (build with `--features compare`).
        #[arg(long)]
        compare: bool,
    },
    /// Build a site from the corpus and measure it in headless Chromium (issue 6): build time and
    /// RSS, sizes, cold start, bytes before first results, keystroke latency, memory; Pagefind beside.
    Browser(BrowserArgs),
    /// Type the browser benchmark's queries natively against a built site and print the live
    /// heap and RSS as the searches go (does the engine keep memory per search?).
    SearchMemory {
        #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
        corpus: PathBuf,
        #[arg(long)]
        site: PathBuf,
        #[arg(long, default_value_t = 200)]
        queries: usize,
        #[arg(long, default_value_t = 20261122)]
        seed: u64,
        /// Print memory every N searches.
        #[arg(long, default_value_t = 200)]
        every: usize,
        /// Type only each query's first N characters (to profile the first keystrokes).
        #[arg(long)]
        chars: Option<usize>,
    },
    /// Type the browser benchmark's first queries into a built site in Chromium under the CPU
    /// profiler and print where the time goes, by function.
    ProfileTyping {
        #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
        corpus: PathBuf,
        #[arg(long)]
        site: PathBuf,
        #[arg(long, default_value_t = 40)]
        queries: usize,
        #[arg(long, default_value_t = 20261122)]
        seed: u64,
        /// Functions listed per table.
        #[arg(long, default_value_t = 40)]
        top: usize,
        /// Also list the call paths into functions whose name contains this (time per path).
        #[arg(long)]
        callers: Option<String>,
        /// Type only each query's first N characters (to profile the first keystrokes).
        #[arg(long)]
        chars: Option<usize>,
    },
    /// Read every file of an extraction matrix (made by bench/extract-matrix.sh) and print, per
    /// kind, the characters khlang gets wrong against the source, with pdftotext beside it.
    Extract {
        #[arg(default_value = "target/extract-matrix")]
        dir: PathBuf,
        /// Also list each file with errors and its worst line.
        #[arg(long)]
        verbose: bool,
        /// Only kinds whose name starts with this (e.g. `lo-pdf`, `scan`).
        #[arg(long)]
        only: Option<String>,
    },
    /// Publish built sites into a real two-node OpenSearch cluster; time publish and re-publish,
    /// measure the index, and load `khlang serve --opensearch` with concurrent clients (the
    /// merged archive searched in-process beside it).
    Cluster(cluster::ClusterArgs),
    /// Write a corpus of N documents derived from the thaigov one (folders copy00, copy01, …
    /// of 17,407 documents each) and print where.
    Derive {
        #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
        corpus: PathBuf,
        #[arg(long)]
        scale: usize,
    },
    /// Where a built site's index bytes go: per file, per field and kind, and the carriage.
    Space {
        /// The built site.
        site: PathBuf,
    },
    /// Write the classic script that carries an app's wasm module in a site, as khlang writes
    /// it (bench/names.sh gives a site copy an app built with its function names this way).
    WasmScript {
        /// The app's wasm module (after wasm-bindgen and wasm-opt).
        wasm: PathBuf,
        /// Where to write the script (a site's app/khlang_bg.wasm.js).
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct BrowserArgs {
    /// The corpus archive (.tar.xz) or an extracted folder.
    #[arg(long, default_value = "../shared/corpus/thaigov-dev.tar.xz")]
    corpus: PathBuf,
    /// Derive a corpus of this many documents from it (written under target/bench once).
    #[arg(long)]
    scale: Option<usize>,
    /// The khlang binary (default: $KHLANG_BIN, else target/release/khlang).
    #[arg(long)]
    khlang: Option<PathBuf>,
    /// Measure this already built site instead of building one (no build figures then).
    #[arg(long)]
    site: Option<PathBuf>,
    /// Queries typed character by character, drawn from the corpus like the recall spans.
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Verbatim spans given to Pagefind (the recall benchmark's draw: same count and seed).
    #[arg(long, default_value_t = 1000)]
    spans: usize,
    #[arg(long, default_value_t = 20261122)]
    seed: u64,
    /// Cold starts per mode (fresh browser profile each; the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Skip the Pagefind comparison.
    #[arg(long)]
    no_pagefind: bool,
    /// Skip typing (cold starts and memory only).
    #[arg(long)]
    no_typing: bool,
    /// Skip khlang's own build, site and browser figures (to rerun the Pagefind comparison).
    #[arg(long)]
    only_pagefind: bool,
    /// With --only-pagefind: use only the first N documents (a quick trial).
    #[arg(long, requires = "only_pagefind")]
    limit: Option<usize>,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::Recall {
            corpus,
            spans,
            seed,
        } => recall(&corpus, spans, seed),
        Cmd::Analyze {
            corpus,
            mb,
            compare,
        } => analyze(&corpus, mb, compare),
        Cmd::Variants { corpus, top } => variants::run(&corpus, top),
        Cmd::NearMisses { site } => near_misses::run(&site),
        Cmd::Spellings {
            site,
            min_docs,
            before,
        } => spellings::run(&site, min_docs, before.as_deref()),
        Cmd::Browser(args) => browser_bench(&args),
        Cmd::Extract { dir, verbose, only } => extract_matrix::run(&dir, verbose, only.as_deref()),
        Cmd::SearchMemory {
            corpus,
            site,
            queries,
            seed,
            every,
            chars,
        } => {
            let queries = first_chars(typing_queries(&corpus, queries, seed)?, chars);
            search_memory::run(&site, &queries, every.max(1))
        }
        Cmd::ProfileTyping {
            corpus,
            site,
            queries,
            seed,
            top,
            callers,
            chars,
        } => profile::run(
            &site,
            &first_chars(typing_queries(&corpus, queries, seed)?, chars),
            top,
            callers.as_deref(),
        ),
        Cmd::Cluster(args) => cluster::run(&args),
        Cmd::Derive { corpus, scale } => {
            let docs = corpus::load(&corpus)?;
            let out = derive::write(
                &docs,
                scale,
                &corpus::work_dir().join(format!("corpus-{scale}")),
            )?;
            println!("{}", out.display());
            Ok(())
        }
        Cmd::Space { site } => space::run(&site),
        Cmd::WasmScript { wasm, out } => {
            let bytes =
                std::fs::read(&wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
            std::fs::write(&out, catalog::archive::wasm_script(&bytes))
                .with_context(|| format!("cannot write {}", out.display()))
        }
    }
}

/// `queries` cut to their first `chars` characters, if given.
fn first_chars(mut queries: Vec<String>, chars: Option<usize>) -> Vec<String> {
    if let Some(n) = chars {
        for q in &mut queries {
            *q = q.chars().take(n).collect();
        }
    }
    queries
}

/// The browser benchmark's typing queries: verbatim spans drawn from the corpus.
fn typing_queries(corpus: &std::path::Path, count: usize, seed: u64) -> Result<Vec<String>> {
    let docs = corpus::load(corpus)?;
    let texts: Vec<&str> = docs.iter().map(|d| d.1.as_str()).collect();
    let analyzer = Analyzer::new(Vec::<String>::new());
    Ok(draw_spans(&texts, count, seed, &analyzer)
        .into_iter()
        .map(|s| s.text)
        .collect())
}

fn recall(corpus: &std::path::Path, count: usize, seed: u64) -> Result<()> {
    let docs = corpus::load(corpus)?;
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    eprintln!(
        "corpus: {} documents, {:.1} MB",
        docs.len(),
        bytes as f64 / 1e6
    );
    let analyzer = Analyzer::new(Vec::<String>::new());
    let started = Instant::now();
    let mut builder = IndexBuilder::new()?;
    for chunk in docs.chunks(256) {
        let analyzed: Vec<AnalyzedDoc> = chunk
            .par_iter()
            .map(|(name, text)| {
                let record = DocRecord {
                    facts: catalog::Facts {
                        path: name.clone(),
                        title: text.lines().next().unwrap_or_default().to_string(),
                        ..catalog::Facts::default()
                    },
                    body: text.clone(),
                };
                AnalyzedDoc::new(record, &analyzer)
            })
            .collect();
        for doc in analyzed {
            builder.add(doc)?;
        }
    }
    let files = builder.finish()?;
    let index_bytes: usize = files.values().map(Vec::len).sum();
    eprintln!(
        "indexed in {:.1} s; index {:.1} MB",
        started.elapsed().as_secs_f64(),
        index_bytes as f64 / 1e6
    );
    let (toc, files) = unpack(&pack("bench", docs.len() as u64, "bench", files)?)?;
    let engine = Engine::open(toc, files)?;
    let texts: Vec<&str> = docs.iter().map(|d| d.1.as_str()).collect();
    let spans = draw_spans(&texts, count, seed, engine.analyzer()?);
    let started = Instant::now();
    let paths: Vec<String> = docs.iter().map(|d| d.0.clone()).collect();
    let report = evaluate(&engine, &paths, &spans)?;
    let secs = started.elapsed().as_secs_f64();
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "verbatim recall: {}/{} spans found their document ({:.2}%)",
        report.found,
        report.spans,
        pct(report.found, report.spans)
    );
    println!(
        "ranking, spans of >= 3 words found only in their source: first for {}/{} ({:.1}%)",
        report.long_unique_first,
        report.long_unique,
        pct(report.long_unique_first, report.long_unique)
    );
    println!(
        "ranking, all spans of >= 3 words (incl. text shared by several documents): first for {}/{} ({:.1}%)",
        report.long_first,
        report.long,
        pct(report.long_first, report.long)
    );
    println!(
        "search: {:.2} ms per span (native, release)",
        1000.0 * secs / spans.len().max(1) as f64
    );
    for m in report.misses.iter().take(20) {
        println!("  missed: {m:?}");
    }
    Ok(())
}

fn browser_bench(args: &BrowserArgs) -> Result<()> {
    print_machine();
    print_load("at the start");
    let work = corpus::work_dir();
    let mut docs = corpus::load(&args.corpus)?;
    let mut folder = corpus::folder(&args.corpus)?;
    if let Some(n) = args.scale {
        folder = derive::write(&docs, n, &work.join(format!("corpus-{n}")))?;
        docs = corpus::load(&folder)?;
    }
    if let Some(n) = args.limit {
        docs.truncate(n);
    }
    let text_bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    println!(
        "corpus: {} documents, {:.1} MB of text ({})",
        docs.len(),
        text_bytes as f64 / 1e6,
        folder.display()
    );
    let khlang = args.khlang.clone().unwrap_or_else(e2e::khlang_bin);
    if std::env::var_os("KHLANG_BIN").is_none() {
        // `khlang serve` (e2e::serve) runs the same binary.
        std::env::set_var("KHLANG_BIN", &khlang);
    }
    let analyzer = Analyzer::new(Vec::<String>::new());
    let texts: Vec<&str> = docs.iter().map(|d| d.1.as_str()).collect();
    let queries: Vec<String> = draw_spans(&texts, args.queries, args.seed, &analyzer)
        .into_iter()
        .map(|s| s.text)
        .collect();
    let keystrokes: usize = queries.iter().map(|q| q.chars().count()).sum();
    println!(
        "typing: {} queries, {keystrokes} keystrokes (seed {})",
        queries.len(),
        args.seed
    );
    if !args.only_pagefind {
        khlang_in_browser(args, &khlang, &folder, docs.len(), &queries)?;
    }
    if !args.no_pagefind {
        let pf_site = work.join(format!("pagefind-{}", docs.len()));
        pagefind::write_pages(&docs, &pf_site)?;
        let bin = pagefind::binary(&work.join("pagefind-tool"))?;
        pagefind::index(&bin, &pf_site)?;
        let spans = draw_spans(&texts, args.spans, args.seed, &analyzer);
        pagefind::browse(&pf_site, &queries, &spans)?;
        print_load("after Pagefind");
    }
    Ok(())
}

/// khlang's own figures: build, site, then the site in Chromium from file:// and over http.
fn khlang_in_browser(
    args: &BrowserArgs,
    khlang: &std::path::Path,
    folder: &std::path::Path,
    documents: usize,
    queries: &[String],
) -> Result<()> {
    use browser::Mode;

    let site = match &args.site {
        Some(site) => site.clone(),
        None => {
            let site = corpus::work_dir().join(format!("site-{documents}"));
            let cache = corpus::work_dir().join(format!("cache-{documents}"));
            site::incremental(khlang, folder, &site, &cache)?;
            site
        }
    };
    print_load("after the build");
    site::measure(&site)?.print();
    // A site of an older archive format (a "before" site) has no native profile here.
    match site::start_profile(&site) {
        Ok(profile) => profile.print(),
        Err(e) => println!("start-up profile: not taken ({e})"),
    }

    for mode in [Mode::File, Mode::Http] {
        let served = match mode {
            Mode::Http => Some(e2e::serve(&site)),
            Mode::File => None,
        };
        let url = match &served {
            Some((_, base)) => format!("{base}index.html"),
            None => e2e::file_url(&site),
        };
        let mut runs = Vec::new();
        let mut last = None;
        for _ in 0..args.runs.max(1) {
            let (b, figures) = browser::cold_start(mode, &url)?;
            runs.push(figures);
            last = Some(b);
        }
        browser::print_cold(mode, &runs);
        print_load(&format!("after the {} cold starts", mode.name()));
        if let (Some(b), false) = (&last, args.no_typing) {
            browser::keystrokes(b, queries)?.print(mode);
            let (heap, wasm) = browser::memory_now(b)?;
            println!(
                "memory after typing ({}): JS heap {} + wasm memory {}",
                mode.name(),
                stats::mb(heap as f64),
                stats::mb(wasm as f64)
            );
        }
    }
    print_load("after typing");
    Ok(())
}

/// The machine is shared: the 1-minute load average says how much the figures are disturbed.
fn print_load(when: &str) {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let one = load.split_whitespace().next().unwrap_or("?");
    println!("load average (1 min) {when}: {one}");
}

/// Date, CPU and browser, for the record.
fn print_machine() {
    let run = |cmd: &str, args: &[&str]| {
        std::process::Command::new(cmd)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_default();
    println!(
        "run: {}; {} cores ({cpu}); {}",
        run("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        run("nproc", &[]),
        run("chromium", &["--version"])
    );
}

fn analyze(corpus: &std::path::Path, mb: usize, compare: bool) -> Result<()> {
    let docs = corpus::load(corpus)?;
    let analyzer = Analyzer::new(Vec::<String>::new());
    let mut budget = mb * 1_000_000;
    let texts: Vec<&str> = docs
        .iter()
        .map(|d| d.1.as_str())
        .take_while(|t| {
            let go = budget > 0;
            budget = budget.saturating_sub(t.len());
            go
        })
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let started = Instant::now();
    let mut tokens = 0;
    for t in &texts {
        let a = analyzer.analyze(t);
        tokens += a.words.len() + a.grams.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "analysis (words + grams, one thread): {:.1} MB in {:.2} s = {:.1} MB/s; {tokens} tokens",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );
    if compare {
        compare::run(&texts, bytes)?;
    }
    Ok(())
}

#[cfg(feature = "compare")]
mod compare {
    //! Other Thai segmenters on the same text, one thread, words only.

    use std::time::Instant;

    use nlpo3::tokenizer::newmm::NewmmTokenizer;
    use nlpo3::tokenizer::tokenizer_trait::Tokenizer;

    pub fn run(texts: &[&str], bytes: usize) -> anyhow::Result<()> {
        let report = |name: &str, secs: f64, tokens: usize| {
            println!(
                "{name}: {:.1} MB/s; {tokens} segments",
                bytes as f64 / 1e6 / secs
            )
        };
        let icu = icu_segmenter::WordSegmenter::new_dictionary(Default::default());
        let started = Instant::now();
        let mut n = 0;
        for t in texts {
            n += icu.segment_str(t).count();
        }
        report(
            "ICU4X dictionary segmenter (words)",
            started.elapsed().as_secs_f64(),
            n,
        );

        let words = include_str!("../../catalog/data/dictionary/words_th.txt");
        let newmm = NewmmTokenizer::from_word_list(words.lines().map(str::to_string).collect());
        let started = Instant::now();
        let mut n = 0;
        for t in texts {
            n += newmm.segment(t, false, false)?.len();
        }
        report("nlpO3 newmm (words)", started.elapsed().as_secs_f64(), n);
        Ok(())
    }
}

#[cfg(not(feature = "compare"))]
mod compare {
    pub fn run(_: &[&str], _: usize) -> anyhow::Result<()> {
        anyhow::bail!("build with `--features compare` to time ICU4X and nlpO3")
    }
}
