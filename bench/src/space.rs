//! Where a built site's index bytes go (issue 30): each index file, each field's term
//! dictionary, postings, positions, fast fields and norms, the stored documents, and the
//! carriage (the part scripts against the bytes they carry), by group of parts.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use catalog::archive::{parse_part_script, parse_toc_script, script_text, Toc, Unpacker, TOC_FILE};
use tantivy::directory::{Directory, RamDirectory};
use tantivy::space_usage::PerFieldSpaceUsage;
use tantivy::Index;

use crate::stats::mb;

/// Prints the breakdown of the site at `site`.
pub fn run(site: &Path) -> Result<()> {
    let toc_path = site.join(TOC_FILE);
    let toc_text = std::fs::read_to_string(&toc_path)
        .with_context(|| format!("cannot read {}", toc_path.display()))?;
    let toc = parse_toc_script(&toc_text)?;
    carriage(site, &toc)?;
    let files = unpack_site(site, &toc)?;
    println!("\nfiles (raw):");
    for (name, bytes) in &files {
        println!("  {:>12}  {name}", bytes.len());
    }
    let dir = RamDirectory::create();
    for (name, bytes) in &files {
        dir.atomic_write(Path::new(name), bytes)?;
    }
    let index = Index::open(dir)?;
    let searcher = index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let mut kinds: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    let mut store = 0u64;
    for segment in usage.segments() {
        for (kind, per_field) in [
            ("termdict", segment.termdict()),
            ("postings", segment.postings()),
            ("positions", segment.positions()),
            ("fast", segment.fast_fields()),
            ("fieldnorms", segment.fieldnorms()),
        ] {
            add(kinds.entry(kind).or_default(), per_field);
        }
        store += segment.store().total().get_bytes();
    }
    println!("\nby kind and field (raw bytes):");
    let total = usage.total().get_bytes();
    for (kind, fields) in &kinds {
        let sum: u64 = fields.values().sum();
        println!("  {kind:<10} {:>12}  {:5.1} %", sum, pct(sum, total));
        let mut fields: Vec<_> = fields.iter().collect();
        fields.sort_by_key(|(_, b)| std::cmp::Reverse(**b));
        for (field, bytes) in fields.into_iter().filter(|(_, b)| **b > 0) {
            println!(
                "      {field:<20} {bytes:>12}  {:5.1} %",
                pct(*bytes, total)
            );
        }
    }
    println!("  store      {:>12}  {:5.1} %", store, pct(store, total));
    println!("  total      {:>12}  ({})", total, mb(total as f64));
    Ok(())
}

fn add(into: &mut BTreeMap<String, u64>, usage: &PerFieldSpaceUsage) {
    for field in usage.fields() {
        *into.entry(field.field_name().to_string()).or_default() += field.total().get_bytes();
    }
}

/// Raw bytes and script bytes per group of parts.
fn carriage(site: &Path, toc: &Toc) -> Result<()> {
    println!("carriage (raw bytes → script bytes on disk):");
    let mut all = (0u64, 0u64);
    for (group, range) in [
        ("start", toc.start_parts()),
        ("index", toc.index_parts()),
        ("store", toc.store_parts()),
    ] {
        let (mut raw, mut script) = (0u64, 0u64);
        for part in &toc.parts[range.clone()] {
            raw += part.bytes;
            let path = site.join(&part.path);
            script += std::fs::metadata(&path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .len();
        }
        println!(
            "  {group:<6} {:>4} parts  {:>12} → {:>12}  ×{:.3}",
            range.len(),
            raw,
            script,
            script as f64 / raw.max(1) as f64
        );
        all = (all.0 + raw, all.1 + script);
    }
    let toc_bytes = std::fs::metadata(site.join(TOC_FILE))?.len();
    println!(
        "  all             {:>12} → {:>12}  ×{:.3} (+ table of contents {toc_bytes})",
        all.0,
        all.1,
        all.1 as f64 / all.0.max(1) as f64
    );
    Ok(())
}

/// The site's index files, decoded from its part scripts.
fn unpack_site(site: &Path, toc: &Toc) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut unpacker = Unpacker::new(toc.clone());
    for part in &toc.parts {
        let path = site.join(&part.path);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let text = script_text(&part.path, &bytes)?;
        let (index, payload) = parse_part_script(&part.path, &text)?;
        unpacker.add_part(index, payload)?;
    }
    Ok(unpacker.finish()?)
}

fn pct(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}
