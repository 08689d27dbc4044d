//! `khlang-bench`: measurements, not tests. Figures go to docs/BENCHMARKS.md.
//!
//! - `recall`: verbatim recall and ranking over the thaigov corpus (the Thai-analysis issue);
//! - `analyze`: analysis throughput, MB/s of Thai text on one thread.

mod corpus;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use catalog::analysis::Analyzer;
use catalog::archive::{pack, unpack};
use catalog::recall::{draw_spans, evaluate};
use catalog::{AnalyzedDoc, DocRecord, Engine, IndexBuilder};
use clap::{Parser, Subcommand};
use rayon::prelude::*;

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
    }
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
    let mut builder = IndexBuilder::new(&analyzer)?;
    for chunk in docs.chunks(256) {
        let analyzed: Vec<AnalyzedDoc> = chunk
            .par_iter()
            .map(|(name, text)| {
                let record = DocRecord {
                    path: name.clone(),
                    title: text.lines().next().unwrap_or_default().to_string(),
                    body: text.clone(),
                    ..DocRecord::default()
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
    let (toc, files) = unpack(&pack("bench", docs.len() as u64, "bench", &files))?;
    let engine = Engine::open(toc, files)?;
    let texts: Vec<&str> = docs.iter().map(|d| d.1.as_str()).collect();
    let spans = draw_spans(&texts, count, seed, engine.analyzer());
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
