//! `search-memory`: does the engine keep memory per search? Opens a built site the way the
//! browser does (archive.js + parts → `Engine::open`), types queries one character at a time
//! like the browser benchmark, and prints the live heap (counted by this binary's allocator)
//! and the process RSS every `every` searches, with the largest single allocation since the last
//! line (natively a huge reservation that is never touched does not show in RSS, but in wasm it
//! grows linear memory for good), and the native time per search. `KHLANG_BENCH_TRACE=1` prints a backtrace for every
//! allocation over 256 MB.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use catalog::archive::{parse_part_script, parse_toc_script, script_text, Unpacker, TOC_FILE};
use catalog::{Engine, SearchRequest};

/// The system allocator, counting live bytes and the largest single allocation.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static LARGEST: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        if layout.size() > (256 << 20) && std::env::var_os("KHLANG_BENCH_TRACE").is_some() {
            eprintln!(
                "alloc {} bytes:\n{}",
                layout.size(),
                std::backtrace::Backtrace::force_capture()
            );
        }
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

fn rss_kb() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

pub fn open(site: &Path) -> Result<Engine> {
    let read = |p: &Path| -> Result<String> {
        let bytes = fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
        Ok(script_text(&p.display().to_string(), &bytes)?)
    };
    let toc = parse_toc_script(&read(&site.join(TOC_FILE))?)?;
    let mut unpacker = Unpacker::new(toc.clone());
    for part in &toc.parts {
        let text = read(&site.join(&part.path))?;
        let (index, payload) = parse_part_script(&part.path, &text)?;
        unpacker.add_part(index, payload)?;
    }
    Ok(Engine::open(toc, unpacker.finish()?)?)
}

/// Runs every prefix of every query and prints memory every `every` searches.
pub fn run(site: &Path, queries: &[String], every: usize) -> Result<()> {
    let engine = open(site)?;
    LARGEST.store(0, Ordering::Relaxed);
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "opened: live heap {:.1} MB, RSS {:.1} MB",
        mb(LIVE.load(Ordering::Relaxed)),
        rss_kb() as f64 / 1e3
    );
    let mut searches = 0;
    let mut times = Vec::new();
    // Time by how many characters the query had: the first few look up the most terms.
    let mut by_length = [(0usize, 0f64); 7];
    for q in queries {
        let mut typed = String::new();
        for (i, c) in q.chars().enumerate() {
            typed.push(c);
            let started = std::time::Instant::now();
            let r = engine.search(&SearchRequest::new(typed.clone()))?;
            drop(r);
            let ms = started.elapsed().as_secs_f64() * 1e3;
            times.push(ms);
            let slot = &mut by_length[i.min(by_length.len() - 1)];
            slot.0 += 1;
            slot.1 += ms;
            searches += 1;
            if searches % every == 0 {
                println!(
                    "searches {searches:5}: live heap {:8.1} MB, RSS {:8.1} MB, largest single allocation since the last line {:.2} MB",
                    mb(LIVE.load(Ordering::Relaxed)),
                    rss_kb() as f64 / 1e3,
                    mb(LARGEST.swap(0, Ordering::Relaxed))
                );
            }
        }
    }
    let (remembered, searched) = engine.recent_counts();
    println!(
        "{searches} searches: {remembered} answered from the engine's recent answers (a prefix typed again), {searched} searched"
    );
    let all: f64 = by_length.iter().map(|s| s.1).sum();
    for (i, (n, ms)) in by_length.iter().enumerate() {
        let label = if i + 1 == by_length.len() {
            format!("{}+", i + 1)
        } else {
            format!("{}", i + 1)
        };
        println!(
            "  keystrokes with {label:>2} characters: {n:5}, mean {:.2} ms, {:.0} % of all search time",
            ms / (*n).max(1) as f64,
            100.0 * ms / all.max(f64::MIN_POSITIVE)
        );
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    if !times.is_empty() {
        println!(
            "native search per keystroke (the engine alone, no DOM): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            at(0.5),
            at(0.95),
            at(1.0)
        );
    }
    Ok(())
}
