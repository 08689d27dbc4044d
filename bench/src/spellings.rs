//! `khlang-bench spellings`: the other spellings a built site offers (issue 32). For each pair
//! its build mined with the slip in at least `--min-docs` documents, the word is typed: is the
//! slip offered, what does including it add (documents reached only through the slip), and
//! what does each answer cost natively — as typed with the offer, and with the spellings
//! included — beside the same query with the archive's table left out (the engine before).
//! The slip typed is asked too: is the word offered back. Prints TSV rows, then a summary.

use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use catalog::SearchRequest;

use crate::search_memory;

pub fn run(site: &Path, min_docs: u32, before: Option<&Path>) -> Result<()> {
    let engine = search_memory::open(site)?;
    // The same words typed into a site built before the table: what an answer cost without it.
    let before = before.map(search_memory::open).transpose()?;
    let mut before_ms = Vec::new();
    let table = engine.spellings()?.clone();
    let text_bytes = table.text().len();
    let mut pairs: Vec<_> = table
        .pairs()
        .iter()
        .filter(|v| v.slip_docs >= min_docs)
        .cloned()
        .collect();
    pairs.sort_by(|a, b| b.slip_docs.cmp(&a.slip_docs).then(a.slip.cmp(&b.slip)));
    println!(
        "word\tslip\tword_docs\tslip_docs\toffered\tadds\tmarked_first_page\tslip_offers_word"
    );
    let (mut offered, mut back, mut gained, mut silent) = (0usize, 0usize, 0u64, 0usize);
    let (mut with_offer, mut included_ms) = (Vec::new(), Vec::new());
    for v in &pairs {
        if let Some(before) = &before {
            let started = Instant::now();
            before.search(&SearchRequest::new(v.word.as_str()))?;
            before_ms.push(started.elapsed().as_secs_f64() * 1e3);
        }
        let started = Instant::now();
        let typed = engine.search(&SearchRequest::new(v.word.as_str()))?;
        with_offer.push(started.elapsed().as_secs_f64() * 1e3);
        let offer = typed.spellings.iter().find(|s| s.other == v.slip);
        let started = Instant::now();
        let included = engine.search(&SearchRequest {
            other_spellings: true,
            ..SearchRequest::new(v.word.as_str())
        })?;
        included_ms.push(started.elapsed().as_secs_f64() * 1e3);
        let marked = included.hits.iter().filter(|h| h.other_spelling).count();
        let reverse = engine.search(&SearchRequest::new(v.slip.as_str()))?;
        let offers_word = reverse.spellings.iter().any(|s| s.other == v.word);
        // Nothing to add: every document holding the slip holds the word too (the line is
        // not shown then).
        let nothing_to_add = included.total == typed.total;
        offered += usize::from(offer.is_some());
        silent += usize::from(offer.is_none() && nothing_to_add);
        back += usize::from(offers_word);
        let adds = offer.map_or(0, |o| o.adds);
        gained += adds;
        println!(
            "{}\t{}\t{}\t{}\t{}\t{adds}\t{marked}\t{offers_word}",
            v.word,
            v.slip,
            v.word_docs,
            v.slip_docs,
            offer.is_some()
        );
    }
    let median = |mut t: Vec<f64>| {
        t.sort_by(f64::total_cmp);
        t.get(t.len() / 2).copied().unwrap_or(0.0)
    };
    eprintln!(
        "{} pairs in the table ({text_bytes} bytes as text); {} with the slip in {min_docs}+ documents: \
         the word offers the slip for {offered}, and {silent} more add nothing (not offered); the slip \
         offers the word for {back}; including them adds {gained} documents in all; median answer {:.1} ms with the offer, {:.1} ms included, {:.1} ms in the site before (0: not given)",
        table.len(),
        pairs.len(),
        median(with_offer),
        median(included_ms),
        median(before_ms)
    );
    Ok(())
}
