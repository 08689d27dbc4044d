//! `khlang-bench variants`: the slips mined from a corpus (catalog::spelling::Miner), with what
//! they would gain: documents that hold the slip and not the word, found only through it.
//! Prints the pairs as TSV (the most documents first) for judging by hand, and a summary.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use catalog::analysis::Analyzer;
use catalog::spelling::{forms, Forms, Miner};
use rayon::prelude::*;

use crate::corpus;

pub fn run(corpus: &Path, top: usize) -> Result<()> {
    let docs = corpus::load(corpus)?;
    let analyzer = Analyzer::new(Vec::<String>::new());
    let started = Instant::now();
    let per_doc: Vec<Forms> = docs
        .par_iter()
        .map(|(_, text)| forms(text, &analyzer))
        .collect();
    let read = started.elapsed();
    let mut miner = Miner::default();
    for forms in &per_doc {
        miner.add(forms.clone());
    }
    let variants = miner.variants();
    let mined = started.elapsed();
    println!("word\tslip\tword_docs\tslip_docs\tgained\tdistance");
    let mut gained_total = HashSet::new();
    let mut rows = 0;
    for v in &variants {
        let gained: Vec<usize> = per_doc
            .iter()
            .enumerate()
            .filter(|(_, f)| f.candidates.contains_key(&v.slip) && !f.words.contains(&v.word))
            .map(|(i, _)| i)
            .collect();
        gained_total.extend(gained.iter().copied());
        if rows < top {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{:.1}",
                v.word,
                v.slip,
                v.word_docs,
                v.slip_docs,
                gained.len(),
                v.distance
            );
            rows += 1;
        }
    }
    let stored: usize = variants
        .iter()
        .map(|v| v.word.len() + v.slip.len() + 8)
        .sum();
    eprintln!(
        "{} documents: {} pairs mined ({} with a slip in 2+ documents), {} documents hold a slip and not its word; about {} bytes to store them; read {:.1} s, mined {:.1} s",
        docs.len(),
        variants.len(),
        variants.iter().filter(|v| v.slip_docs >= 2).count(),
        gained_total.len(),
        stored,
        read.as_secs_f64(),
        (mined - read).as_secs_f64()
    );
    Ok(())
}
