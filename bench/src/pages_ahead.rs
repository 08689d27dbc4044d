//! `pages-ahead`: how many keystrokes would wait for a page of stored text, as the app loads
//! them, for each look-ahead (see `Engine::set_look_ahead`). Opens a built site the way the app
//! does (the whole index, pages of stored text only when asked, at most the app's page budget
//! kept), types the browser benchmark's queries one character at a time, and assumes each
//! keystroke's look-ahead pages arrive before the next keystroke (a person types a character
//! every 150–300 ms; loading a page from disk takes a few). Natively, so it takes seconds where
//! the browser run takes a quarter of an hour, and counts only pages, no timings.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use catalog::archive::{parse_part_script, parse_toc_script, Toc, Unpacker, TOC_FILE};
use catalog::{Engine, EngineError, SearchRequest};

/// The app's budget of pages kept (app/src/loader.rs, `STORE_PAGES_KEPT`).
const PAGES_KEPT: u64 = 48 << 20;

/// Part scripts read once and kept, so every look-ahead replays from memory.
struct Parts<'a> {
    site: &'a Path,
    toc: &'a Toc,
    read: HashMap<usize, String>,
}

impl Parts<'_> {
    fn add(&mut self, unpacker: &mut Unpacker, index: usize) -> Result<u64> {
        let info = &self.toc.parts[index];
        if !self.read.contains_key(&index) {
            let path = self.site.join(&info.path);
            let text = fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            self.read.insert(index, text);
        }
        let (at, payload) = parse_part_script(&info.path, &self.read[&index])?;
        unpacker.add_part(at, payload)?;
        Ok(info.bytes)
    }
}

/// What one look-ahead cost and saved over the typed queries.
#[derive(Default)]
struct Tally {
    keystrokes: usize,
    waited: usize,
    pages_on_demand: usize,
    pages_ahead: usize,
    bytes_ahead: u64,
    /// Waits by the number of characters typed (1, 2, …, the last bucket holds the rest).
    by_position: [usize; 8],
}

/// Replays the typing once per look-ahead in `look_aheads` and prints a line for each.
pub fn run(site: &Path, queries: &[String], look_aheads: &[usize]) -> Result<()> {
    let toc_path = site.join(TOC_FILE);
    let toc = parse_toc_script(
        &fs::read_to_string(&toc_path)
            .with_context(|| format!("cannot read {}", toc_path.display()))?,
    )?;
    let mut parts = Parts {
        site,
        toc: &toc,
        read: HashMap::new(),
    };
    println!(
        "{} pages of stored text; {} keystrokes; budget {} MB of pages kept",
        toc.store_parts().len(),
        queries.iter().map(|q| q.chars().count()).sum::<usize>(),
        PAGES_KEPT >> 20
    );
    for &ahead in look_aheads {
        let mut unpacker = Unpacker::new(toc.clone());
        let sparse = unpacker.sparse();
        sparse.keep_at_most(toc.store_parts(), PAGES_KEPT);
        for p in toc.start_parts().chain(toc.index_parts()) {
            parts.add(&mut unpacker, p)?;
        }
        let engine = Engine::open_sparse(toc.clone(), sparse)?;
        engine.set_look_ahead(ahead);
        let mut tally = Tally::default();
        for q in queries {
            let mut typed = String::new();
            for c in q.chars() {
                typed.push(c);
                tally.keystrokes += 1;
                let request = SearchRequest::new(typed.clone());
                let mut waited = false;
                loop {
                    match engine.search(&request) {
                        Ok(_) => break,
                        Err(EngineError::Missing(wanted)) => {
                            waited = true;
                            for p in wanted {
                                parts.add(&mut unpacker, p)?;
                                tally.pages_on_demand += 1;
                            }
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                tally.waited += usize::from(waited);
                if waited {
                    tally.by_position[(typed.chars().count() - 1).min(7)] += 1;
                }
                for p in engine.pages_ahead(&request) {
                    tally.bytes_ahead += parts.add(&mut unpacker, p)?;
                    tally.pages_ahead += 1;
                }
            }
        }
        println!(
            "look-ahead {ahead:3} hits: {} of {} keystrokes waited ({:.1} %); pages loaded on demand {}, ahead {} ({:.1} MB, {:.1} kB a keystroke)",
            tally.waited,
            tally.keystrokes,
            100.0 * tally.waited as f64 / tally.keystrokes.max(1) as f64,
            tally.pages_on_demand,
            tally.pages_ahead,
            tally.bytes_ahead as f64 / 1e6,
            tally.bytes_ahead as f64 / 1e3 / tally.keystrokes.max(1) as f64,
        );
        println!(
            "    waits after 1, 2, … 7 and more characters typed: {:?}",
            tally.by_position
        );
    }
    Ok(())
}
